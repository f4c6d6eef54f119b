/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-find-username-code-page.h"
#include "xuexin-find-username-identity-page.h"
#include "xuexin-find-username-result-page.h"
#include "xuexin-recovery-draft.h"
#include "xuexin-recovery-flow.h"
#include "xuexin-reset-password-account-page.h"
#include "xuexin-reset-password-done-page.h"
#include "xuexin-reset-password-password-page.h"

/* The two recovery assistants; they share the draft and differ in their
 * pages and in which login name they end with.
 *
 * 找回用户名 (FAQ 2, 5, 6): name and ID number → SMS code to the phone(s)
 * of the matching accounts → the login names found → sign in with one.
 *
 * 找回密码 (FAQ 2, 7): login name, name and ID number → SMS code to the
 * account's phone and a new password → done, sign in. */
struct _XuexinRecoveryFlow
{
  XuexinFlow            parent_instance;

  XuexinRecoveryPurpose purpose;
};

G_DEFINE_FINAL_TYPE (XuexinRecoveryFlow, xuexin_recovery_flow, XUEXIN_TYPE_FLOW)

static XuexinFlow *
xuexin_recovery_flow_new (XuexinClient          *client,
                          XuexinRecoveryPurpose  purpose)
{
  g_autoptr(XuexinRecoveryDraft) draft = NULL;
  XuexinRecoveryFlow *self;
  XuexinFlow *flow;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);

  draft = xuexin_recovery_draft_new (purpose);
  self = g_object_new (XUEXIN_TYPE_RECOVERY_FLOW, "client", client, "draft", draft, NULL);
  self->purpose = purpose;
  flow = XUEXIN_FLOW (self);

  switch (purpose)
    {
    case XUEXIN_RECOVERY_FIND_USERNAME:
      xuexin_flow_add_page (flow, xuexin_find_username_identity_page_new (client, draft));
      xuexin_flow_add_page (flow, xuexin_find_username_code_page_new (client, draft));
      xuexin_flow_add_page (flow, xuexin_find_username_result_page_new (draft));
      break;

    case XUEXIN_RECOVERY_RESET_PASSWORD:
      xuexin_flow_add_page (flow, xuexin_reset_password_account_page_new (client, draft));
      xuexin_flow_add_page (flow, xuexin_reset_password_password_page_new (client, draft));
      xuexin_flow_add_page (flow, xuexin_reset_password_done_page_new ());
      break;

    default:
      g_assert_not_reached ();
    }

  return flow;
}

XuexinFlow *
xuexin_recovery_flow_new_find_username (XuexinClient *client)
{
  return xuexin_recovery_flow_new (client, XUEXIN_RECOVERY_FIND_USERNAME);
}

XuexinFlow *
xuexin_recovery_flow_new_reset_password (XuexinClient *client)
{
  return xuexin_recovery_flow_new (client, XUEXIN_RECOVERY_RESET_PASSWORD);
}

/**
 * xuexin_recovery_flow_dup_login_name:
 *
 * Returns: (transfer full) (nullable): once finished, the login name to
 *   sign in with: the first one found (a phone number, in full), or the
 *   one whose password was reset, normalised
 */
char *
xuexin_recovery_flow_dup_login_name (XuexinRecoveryFlow *self)
{
  GObject *draft;
  g_auto(GStrv) login_names = NULL;
  char *login_name = NULL;

  g_return_val_if_fail (XUEXIN_IS_RECOVERY_FLOW (self), NULL);

  draft = xuexin_flow_get_draft (XUEXIN_FLOW (self));
  if (self->purpose == XUEXIN_RECOVERY_RESET_PASSWORD)
    {
      g_object_get (draft, "login-name", &login_name, NULL);
      return login_name;
    }

  g_object_get (draft, "login-names", &login_names, NULL);
  return login_names != NULL ? g_strdup (login_names[0]) : NULL;
}

static void
xuexin_recovery_flow_class_init (XuexinRecoveryFlowClass *klass)
{
}

static void
xuexin_recovery_flow_init (XuexinRecoveryFlow *self)
{
}
