/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-ticket-dialog.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_APP_VERIFICATION_DIALOG (xuexin_app_verification_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XuexinAppVerificationDialog, xuexin_app_verification_dialog, XUEXIN, APP_VERIFICATION_DIALOG, XuexinTicketDialog)

/*
 * Identity path 1 (APP自助验证): a modal dialog that shows the QR code
 * of an app verification ticket for the signed-in pending account, to be
 * scanned with the 学信网 mobile app, and follows it: pending, scanned,
 * passed, failed (with the attempts left today), expired (Refresh gets a
 * new code, which is a new attempt), and the refusals of starting (no
 * attempts left, already verified, path switched off).
 *
 * It asks for a code once shown. On a pass it emits
 * #XuexinAppVerificationDialog::verified and stays open on its success
 * screen until the user presses Done; the caller then shows what the
 * verification changed (GET /me/identity, the account now active).
 * Closing it at any time cancels its requests.
 *
 * @demo_mode: whether @client talks to the local demo service, whose
 * simulated provider's page the dialog then offers to open in the
 * browser, clearly labelled as a demo.
 */
XuexinAppVerificationDialog *xuexin_app_verification_dialog_new (GtkWindow    *parent,
                                                                 XuexinClient *client,
                                                                 gboolean      demo_mode);

G_END_DECLS
