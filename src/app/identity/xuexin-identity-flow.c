/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-api.h"
#include "xuexin-identity-app-page.h"
#include "xuexin-identity-chooser-page.h"
#include "xuexin-identity-classmate-page.h"
#include "xuexin-identity-draft.h"
#include "xuexin-identity-flow.h"
#include "xuexin-identity-photo-page.h"
#include "xuexin-identity-progress-page.h"
#include "xuexin-identity-records-page.h"
#include "xuexin-identity-requests-page.h"
#include "xuexin-identity-submit-page.h"
#include "xuexin-identity-success-page.h"
#include "xuexin-identity-warning-page.h"

/* 解决办法 (FAQ 5): choose one of the four paths, accept the warning
 * that success cancels the other accounts of the ID number, follow the
 * path's own steps, and end on 身份核验已通过. The steps after the
 * warning depend on the path, so choosing one replaces them. */
struct _XuexinIdentityFlow
{
  XuexinFlow  parent_instance;

  gboolean    demo_mode;

  XuexinPage *chooser_page;
  XuexinPage *warning_page;
  XuexinPage *success_page;
};

G_DEFINE_FINAL_TYPE (XuexinIdentityFlow, xuexin_identity_flow, XUEXIN_TYPE_FLOW)

static XuexinIdentityDraft *
get_draft (XuexinIdentityFlow *self)
{
  return XUEXIN_IDENTITY_DRAFT (xuexin_flow_get_draft (XUEXIN_FLOW (self)));
}

/* Path 2: the photo steps and the submission, unless the case is
 * already with the help desk (or decided), when only its progress
 * matters; a rejected case's progress page leads to new photos. */
static void
add_help_desk_pages (XuexinIdentityFlow *self,
                     gboolean            fresh_photos)
{
  static const char *photo_sides[] = {
    XUEXIN_CASE_SIDE_HANDHELD, XUEXIN_CASE_SIDE_FRONT, XUEXIN_CASE_SIDE_BACK,
  };
  XuexinFlow *flow = XUEXIN_FLOW (self);
  XuexinClient *client = xuexin_flow_get_client (flow);
  XuexinIdentityDraft *draft = get_draft (self);
  XuexinIdentityState *state = xuexin_identity_draft_get_state (draft);
  XuexinReviewCase *review_case = state != NULL ? xuexin_identity_state_get_review_case (state) : NULL;
  const char *case_state = review_case != NULL ? xuexin_review_case_get_state (review_case) : NULL;

  if (fresh_photos || case_state == NULL || g_str_equal (case_state, "draft") || g_str_equal (case_state, "closed"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (photo_sides); i++)
        xuexin_flow_add_page (flow, xuexin_identity_photo_page_new (client, draft, photo_sides[i]));
      xuexin_flow_add_page (flow, xuexin_identity_submit_page_new (client, draft));
    }
  xuexin_flow_add_page (flow, xuexin_identity_progress_page_new (client, draft));
}

static void
add_path_pages (XuexinIdentityFlow *self,
                const char         *path)
{
  XuexinFlow *flow = XUEXIN_FLOW (self);
  XuexinClient *client = xuexin_flow_get_client (flow);
  XuexinIdentityDraft *draft = get_draft (self);

  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_APP) == 0)
    xuexin_flow_add_page (flow, xuexin_identity_app_page_new (client, draft, self->demo_mode));
  else if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_RECORDS) == 0)
    xuexin_flow_add_page (flow, xuexin_identity_records_page_new (client, draft));
  else if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_HELP_DESK) == 0)
    add_help_desk_pages (self, FALSE);
  else if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_CLASSMATE) == 0)
    {
      xuexin_flow_add_page (flow, xuexin_identity_classmate_page_new (client, draft));
      xuexin_flow_add_page (flow, xuexin_identity_requests_page_new (client, draft));
    }
}

static void
path_changed_cb (XuexinIdentityFlow *self)
{
  XuexinAssistant *assistant = xuexin_flow_get_assistant (XUEXIN_FLOW (self));
  XuexinIdentityDraft *draft = get_draft (self);

  xuexin_assistant_remove_pages_after (assistant, self->warning_page);
  add_path_pages (self, xuexin_identity_draft_get_path (draft));
  self->success_page = xuexin_identity_success_page_new (draft);
  xuexin_flow_add_page (XUEXIN_FLOW (self), self->success_page);
}

static void
xuexin_identity_flow_refused (XuexinFlow   *flow,
                              XuexinPage   *page,
                              const GError *error)
{
  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_ALREADY_VERIFIED))
    xuexin_page_set_error (page, _("This account has already been verified, by another way meanwhile. Nothing more is needed."),
                           _("_Go to My Account"), "identity.finish");
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED)
           || xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED))
    xuexin_page_set_error (page, _("Another account with this ID number was verified first, so this account has been cancelled. Sign in with the account that was verified."),
                           _("_Sign Out"), "win.sign-out");
}

/**
 * xuexin_identity_flow_new:
 * @path: (nullable): the path to preselect, as chosen on the account page
 */
XuexinFlow *
xuexin_identity_flow_new (XuexinClient *client,
                          const char   *path)
{
  g_autoptr(XuexinIdentityDraft) draft = NULL;
  XuexinIdentityFlow *self;
  XuexinFlow *flow;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);

  draft = xuexin_identity_draft_new ();
  self = g_object_new (XUEXIN_TYPE_IDENTITY_FLOW, "client", client, "draft", draft, NULL);
  flow = XUEXIN_FLOW (self);

  self->chooser_page = xuexin_identity_chooser_page_new (client, draft);
  self->warning_page = xuexin_identity_warning_page_new (draft);
  xuexin_flow_add_page (flow, self->chooser_page);
  xuexin_flow_add_page (flow, self->warning_page);
  if (path != NULL)
    xuexin_identity_chooser_page_select (XUEXIN_IDENTITY_CHOOSER_PAGE (self->chooser_page), path);

  g_signal_connect_object (draft, "notify::path", G_CALLBACK (path_changed_cb), self, G_CONNECT_SWAPPED);

  return flow;
}

/**
 * xuexin_identity_flow_new_at_review:
 *
 * The flow of path 2 opened at its progress page (证件重复-客服审核), as
 * the account page's entry and the review decision's notification do:
 * the chooser and the warning (accepted when the photos were submitted)
 * stay behind it, so *Back* still leads to the other paths.
 */
XuexinFlow *
xuexin_identity_flow_new_at_review (XuexinClient *client)
{
  g_autoptr(XuexinIdentityDraft) draft = NULL;
  XuexinIdentityFlow *self;
  XuexinFlow *flow;
  XuexinPage *progress_page;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);

  draft = xuexin_identity_draft_new ();
  /* Set before path_changed_cb is connected: these pages are not the
   * ones add_path_pages() gives a fresh start of path 2. */
  xuexin_identity_draft_set_path (draft, XUEXIN_IDENTITY_PATH_HELP_DESK);
  xuexin_identity_draft_set_confirmed (draft, TRUE);
  self = g_object_new (XUEXIN_TYPE_IDENTITY_FLOW, "client", client, "draft", draft, NULL);
  flow = XUEXIN_FLOW (self);

  self->chooser_page = xuexin_identity_chooser_page_new (client, draft);
  self->warning_page = xuexin_identity_warning_page_new (draft);
  progress_page = xuexin_identity_progress_page_new (client, draft);
  self->success_page = xuexin_identity_success_page_new (draft);
  xuexin_flow_add_page (flow, self->chooser_page);
  xuexin_flow_add_page (flow, self->warning_page);
  xuexin_flow_add_page (flow, progress_page);
  xuexin_flow_add_page (flow, self->success_page);
  xuexin_identity_chooser_page_select (XUEXIN_IDENTITY_CHOOSER_PAGE (self->chooser_page),
                                       XUEXIN_IDENTITY_PATH_HELP_DESK);
  xuexin_assistant_go_to_page (xuexin_flow_get_assistant (flow), progress_page);

  g_signal_connect_object (draft, "notify::path", G_CALLBACK (path_changed_cb), self, G_CONNECT_SWAPPED);

  return flow;
}

/**
 * xuexin_identity_flow_get_account:
 *
 * Returns: (transfer none) (nullable): the account as verified, or %NULL
 *   when the flow ended otherwise (already verified meanwhile)
 */
XuexinAccount *
xuexin_identity_flow_get_account (XuexinIdentityFlow *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_FLOW (self), NULL);

  return xuexin_identity_draft_get_account (get_draft (self));
}

gboolean
xuexin_identity_flow_get_demo_mode (XuexinIdentityFlow *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_FLOW (self), FALSE);

  return self->demo_mode;
}

/**
 * xuexin_identity_flow_set_demo_mode:
 *
 * With the demo service, path 1 offers a link to the simulated phone.
 */
void
xuexin_identity_flow_set_demo_mode (XuexinIdentityFlow *self,
                                    gboolean            demo_mode)
{
  g_return_if_fail (XUEXIN_IS_IDENTITY_FLOW (self));

  self->demo_mode = demo_mode;
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  XuexinIdentityFlow *self = XUEXIN_IDENTITY_FLOW (widget);

  xuexin_assistant_go_to_page (xuexin_flow_get_assistant (XUEXIN_FLOW (self)), self->chooser_page);
}

/* Upload new photos (a rejected case): the photo steps again, afresh. */
static void
new_photos_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  XuexinIdentityFlow *self = XUEXIN_IDENTITY_FLOW (widget);
  XuexinAssistant *assistant = xuexin_flow_get_assistant (XUEXIN_FLOW (self));

  xuexin_identity_draft_forget_photos (get_draft (self));
  xuexin_assistant_remove_pages_after (assistant, self->warning_page);
  add_help_desk_pages (self, TRUE);
  self->success_page = xuexin_identity_success_page_new (get_draft (self));
  xuexin_flow_add_page (XUEXIN_FLOW (self), self->success_page);

  /* The first page after the warning: the hand-held photo. */
  xuexin_assistant_go_to_page (assistant, self->warning_page);
  xuexin_assistant_next (assistant);
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit_by_name (widget, "finished");
}

static void
xuexin_identity_flow_class_init (XuexinIdentityFlowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinFlowClass *flow_class = XUEXIN_FLOW_CLASS (klass);

  flow_class->refused = xuexin_identity_flow_refused;

  gtk_widget_class_install_action (widget_class, "identity.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "identity.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "identity.new-photos", NULL, new_photos_action);
}

static void
xuexin_identity_flow_init (XuexinIdentityFlow *self)
{
}
