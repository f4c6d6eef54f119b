/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-api.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_EMAIL_DIALOG (xuexin_email_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XuexinEmailDialog, xuexin_email_dialog, XUEXIN, EMAIL_DIALOG, AdwWindow)

XuexinEmailDialog *xuexin_email_dialog_new (GtkWindow     *parent,
                                            XuexinClient  *client,
                                            XuexinAccount *account);

G_END_DECLS
