/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-qr-code.h"

G_BEGIN_DECLS

/* Reading a QR ticket dialog (src/app/qr/xuexin-ticket-dialog.c) the way
 * a person looks at it, for the QR sign-in, binding and path 1 tests. */

XuexinQrCode *xuexin_test_ticket_code            (GtkWidget  *dialog);
/* A label's text, or NULL while it is hidden. */
const char   *xuexin_test_ticket_label           (GtkWidget  *dialog,
                                                  const char *id);
const char   *xuexin_test_ticket_status          (GtkWidget  *dialog);
const char   *xuexin_test_ticket_error           (GtkWidget  *dialog);
gboolean      xuexin_test_ticket_shows           (GtkWidget  *dialog,
                                                  const char *id);
/* Waits for a live code other than @previous whose text starts with
 * @url_prefix; returns that text (owned by the dialog). */
const char   *xuexin_test_ticket_wait_for_code   (GtkWidget  *dialog,
                                                  const char *previous,
                                                  const char *url_prefix);
void          xuexin_test_ticket_wait_for_status (GtkWidget  *dialog,
                                                  const char *text);
void          xuexin_test_ticket_wait_for_error  (GtkWidget  *dialog,
                                                  const char *text);

G_END_DECLS
