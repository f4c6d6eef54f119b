/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Opens @url in the browser; on a kiosk (no browser, and not the
 * visitor's computer) shows it as a QR code to scan with the phone,
 * with the address in text. Returns the dialog shown on a kiosk, NULL
 * when the browser was asked. */
GtkWidget *xuexin_open_link (GtkWidget  *parent,
                             const char *url,
                             const char *title);

G_END_DECLS
