/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-ticket-dialog.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_QR_SIGN_IN_DIALOG (xuexin_qr_sign_in_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XuexinQrSignInDialog, xuexin_qr_sign_in_dialog, XUEXIN, QR_SIGN_IN_DIALOG, XuexinTicketDialog)

XuexinQrSignInDialog *xuexin_qr_sign_in_dialog_new (GtkWindow    *parent,
                                                    XuexinClient *client,
                                                    const char   *provider,
                                                    gboolean      demo_mode);

G_END_DECLS
