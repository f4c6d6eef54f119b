/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-find-username-code-page.h"
#include "xuexin-find-username-flow.h"
#include "xuexin-find-username-identity-page.h"
#include "xuexin-find-username-result-page.h"
#include "xuexin-recovery-draft.h"

/* The 找回用户名 assistant (FAQ 2, 5, 6): name and ID number → SMS code
 * to the phone(s) of the matching accounts → the login names found →
 * sign in with one. */
struct _XuexinFindUsernameFlow
{
  XuexinFlow parent_instance;
};

G_DEFINE_FINAL_TYPE (XuexinFindUsernameFlow, xuexin_find_username_flow, XUEXIN_TYPE_FLOW)

XuexinFlow *
xuexin_find_username_flow_new (XuexinClient *client)
{
  g_autoptr(XuexinRecoveryDraft) draft = NULL;
  XuexinFlow *flow;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);

  draft = xuexin_recovery_draft_new (XUEXIN_RECOVERY_FIND_USERNAME);
  flow = g_object_new (XUEXIN_TYPE_FIND_USERNAME_FLOW, "client", client, "draft", draft, NULL);

  xuexin_flow_add_page (flow, xuexin_find_username_identity_page_new (client, draft));
  xuexin_flow_add_page (flow, xuexin_find_username_code_page_new (client, draft));
  xuexin_flow_add_page (flow, xuexin_find_username_result_page_new (draft));

  return flow;
}

/**
 * xuexin_find_username_flow_dup_login_name:
 *
 * Returns: (transfer full) (nullable): once finished, the first login
 *   name found (a phone number, in full)
 */
char *
xuexin_find_username_flow_dup_login_name (XuexinFindUsernameFlow *self)
{
  g_auto(GStrv) login_names = NULL;

  g_return_val_if_fail (XUEXIN_IS_FIND_USERNAME_FLOW (self), NULL);

  g_object_get (xuexin_flow_get_draft (XUEXIN_FLOW (self)), "login-names", &login_names, NULL);
  return login_names != NULL ? g_strdup (login_names[0]) : NULL;
}

static void
xuexin_find_username_flow_class_init (XuexinFindUsernameFlowClass *klass)
{
}

static void
xuexin_find_username_flow_init (XuexinFindUsernameFlow *self)
{
}
