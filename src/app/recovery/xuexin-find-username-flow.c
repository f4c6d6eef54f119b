/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-assistant.h"
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
  AdwBin               parent_instance;

  XuexinRecoveryDraft *draft;

  XuexinAssistant     *assistant;
};

G_DEFINE_FINAL_TYPE (XuexinFindUsernameFlow, xuexin_find_username_flow, ADW_TYPE_BIN)

enum {
  FINISHED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
assistant_finished_cb (XuexinFindUsernameFlow *self)
{
  g_auto(GStrv) login_names = NULL;

  g_object_get (self->draft, "login-names", &login_names, NULL);
  g_return_if_fail (login_names != NULL && login_names[0] != NULL);

  g_signal_emit (self, signals[FINISHED], 0, login_names[0]);
}

static void
assistant_cancelled_cb (XuexinFindUsernameFlow *self)
{
  g_signal_emit (self, signals[CANCELLED], 0);
}

XuexinFindUsernameFlow *
xuexin_find_username_flow_new (XuexinClient *client)
{
  XuexinFindUsernameFlow *self;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);

  self = g_object_new (XUEXIN_TYPE_FIND_USERNAME_FLOW, NULL);

  xuexin_assistant_add_page (self->assistant, xuexin_find_username_identity_page_new (client, self->draft));
  xuexin_assistant_add_page (self->assistant, xuexin_find_username_code_page_new (client, self->draft));
  xuexin_assistant_add_page (self->assistant, xuexin_find_username_result_page_new (self->draft));

  return self;
}

static void
xuexin_find_username_flow_dispose (GObject *object)
{
  XuexinFindUsernameFlow *self = XUEXIN_FIND_USERNAME_FLOW (object);

  /* The assistant is both AdwBin's child and a template child: let the
   * bin drop it once, before the template forgets it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_FIND_USERNAME_FLOW);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_find_username_flow_parent_class)->dispose (object);
}

static void
xuexin_find_username_flow_class_init (XuexinFindUsernameFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_find_username_flow_dispose;

  /**
   * XuexinFindUsernameFlow::finished:
   * @login_name: the first login name found (a phone number, in full)
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  signals[CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (XUEXIN_TYPE_ASSISTANT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/recovery/xuexin-find-username-flow.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinFindUsernameFlow, assistant);
  gtk_widget_class_bind_template_callback (widget_class, assistant_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, assistant_cancelled_cb);
}

static void
xuexin_find_username_flow_init (XuexinFindUsernameFlow *self)
{
  self->draft = xuexin_recovery_draft_new (XUEXIN_RECOVERY_FIND_USERNAME);

  gtk_widget_init_template (GTK_WIDGET (self));
}
