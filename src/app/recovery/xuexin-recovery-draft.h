/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "xuexin-client.h"
#include "xuexin-code-button.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_RECOVERY_DRAFT (xuexin_recovery_draft_get_type ())

G_DECLARE_FINAL_TYPE (XuexinRecoveryDraft, xuexin_recovery_draft, XUEXIN, RECOVERY_DRAFT, GObject)

/**
 * XuexinRecoveryPurpose:
 * @XUEXIN_RECOVERY_FIND_USERNAME: 找回用户名: name + ID number
 * @XUEXIN_RECOVERY_RESET_PASSWORD: 找回密码: login name + name + ID number
 *
 * Which SMS code the draft asks for.
 */
typedef enum {
  XUEXIN_RECOVERY_FIND_USERNAME,
  XUEXIN_RECOVERY_RESET_PASSWORD,
} XuexinRecoveryPurpose;

/* What the pages of a recovery flow collected, shared across them: the
 * details that identify the account ("login-name", "name", "id-type",
 * "id-number"), where the SMS code went ("sent-to", read-only) and, once
 * found, the "login-names". Changing a detail forgets the code sent for
 * the old ones. */
XuexinRecoveryDraft   *xuexin_recovery_draft_new              (XuexinRecoveryPurpose   purpose);
const char            *xuexin_recovery_draft_get_sent_to      (XuexinRecoveryDraft    *self);
void                   xuexin_recovery_draft_send_code_async  (XuexinRecoveryDraft    *self,
                                                               XuexinClient           *client,
                                                               GCancellable           *cancellable,
                                                               GAsyncReadyCallback     callback,
                                                               gpointer                user_data);
gboolean               xuexin_recovery_draft_send_code_finish (XuexinRecoveryDraft    *self,
                                                               GAsyncResult           *result,
                                                               GError                **error);
void                   xuexin_recovery_draft_attach_code_button (XuexinRecoveryDraft  *self,
                                                                 XuexinClient         *client,
                                                                 XuexinCodeButton     *button);

G_END_DECLS
