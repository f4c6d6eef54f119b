/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-recovery-draft.h"
#include "xuexin-reset-password-account-page.h"
#include "xuexin-reset-password-done-page.h"
#include "xuexin-reset-password-flow.h"
#include "xuexin-reset-password-password-page.h"

/* The 找回密码 assistant (FAQ 2, 7): login name, name and ID number → SMS
 * code to the account's phone and a new password → done, sign in. */
struct _XuexinResetPasswordFlow
{
  XuexinFlow parent_instance;
};

G_DEFINE_FINAL_TYPE (XuexinResetPasswordFlow, xuexin_reset_password_flow, XUEXIN_TYPE_FLOW)

XuexinFlow *
xuexin_reset_password_flow_new (XuexinClient *client)
{
  g_autoptr(XuexinRecoveryDraft) draft = NULL;
  XuexinFlow *flow;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);

  draft = xuexin_recovery_draft_new (XUEXIN_RECOVERY_RESET_PASSWORD);
  flow = g_object_new (XUEXIN_TYPE_RESET_PASSWORD_FLOW, "client", client, "draft", draft, NULL);

  xuexin_flow_add_page (flow, xuexin_reset_password_account_page_new (client, draft));
  xuexin_flow_add_page (flow, xuexin_reset_password_password_page_new (client, draft));
  xuexin_flow_add_page (flow, xuexin_reset_password_done_page_new ());

  return flow;
}

/**
 * xuexin_reset_password_flow_dup_login_name:
 *
 * Returns: (transfer full) (nullable): the login name whose password was
 *   reset, normalised
 */
char *
xuexin_reset_password_flow_dup_login_name (XuexinResetPasswordFlow *self)
{
  char *login_name = NULL;

  g_return_val_if_fail (XUEXIN_IS_RESET_PASSWORD_FLOW (self), NULL);

  g_object_get (xuexin_flow_get_draft (XUEXIN_FLOW (self)), "login-name", &login_name, NULL);
  return login_name;
}

static void
xuexin_reset_password_flow_class_init (XuexinResetPasswordFlowClass *klass)
{
}

static void
xuexin_reset_password_flow_init (XuexinResetPasswordFlow *self)
{
}
