/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-kiosk.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_KIOSK_STAFF_DIALOG (xuexin_kiosk_staff_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XuexinKioskStaffDialog, xuexin_kiosk_staff_dialog, XUEXIN, KIOSK_STAFF_DIALOG, AdwWindow)

XuexinKioskStaffDialog *xuexin_kiosk_staff_dialog_new (GtkWindow   *parent,
                                                       XuexinKiosk *kiosk,
                                                       GSettings   *settings);

G_END_DECLS
