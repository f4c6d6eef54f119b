/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-api.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_PHONE_DIALOG (xuexin_phone_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XuexinPhoneDialog, xuexin_phone_dialog, XUEXIN, PHONE_DIALOG, AdwWindow)

XuexinPhoneDialog *xuexin_phone_dialog_new (GtkWindow     *parent,
                                            XuexinClient  *client,
                                            XuexinAccount *account);

G_END_DECLS
