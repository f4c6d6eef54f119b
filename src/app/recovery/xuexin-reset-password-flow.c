/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-assistant.h"
#include "xuexin-recovery-draft.h"
#include "xuexin-reset-password-account-page.h"
#include "xuexin-reset-password-done-page.h"
#include "xuexin-reset-password-flow.h"
#include "xuexin-reset-password-password-page.h"

/* The 找回密码 assistant (FAQ 2, 7): login name, name and ID number → SMS
 * code to the account's phone and a new password → done, sign in. */
struct _XuexinResetPasswordFlow
{
  AdwBin               parent_instance;

  XuexinRecoveryDraft *draft;

  XuexinAssistant     *assistant;
};

G_DEFINE_FINAL_TYPE (XuexinResetPasswordFlow, xuexin_reset_password_flow, ADW_TYPE_BIN)

enum {
  FINISHED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
assistant_finished_cb (XuexinResetPasswordFlow *self)
{
  g_autofree char *login_name = NULL;

  g_object_get (self->draft, "login-name", &login_name, NULL);
  g_signal_emit (self, signals[FINISHED], 0, login_name);
}

static void
assistant_cancelled_cb (XuexinResetPasswordFlow *self)
{
  g_signal_emit (self, signals[CANCELLED], 0);
}

XuexinResetPasswordFlow *
xuexin_reset_password_flow_new (XuexinClient *client)
{
  XuexinResetPasswordFlow *self;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);

  self = g_object_new (XUEXIN_TYPE_RESET_PASSWORD_FLOW, NULL);

  xuexin_assistant_add_page (self->assistant, xuexin_reset_password_account_page_new (client, self->draft));
  xuexin_assistant_add_page (self->assistant, xuexin_reset_password_password_page_new (client, self->draft));
  xuexin_assistant_add_page (self->assistant, xuexin_reset_password_done_page_new ());

  return self;
}

static void
xuexin_reset_password_flow_dispose (GObject *object)
{
  XuexinResetPasswordFlow *self = XUEXIN_RESET_PASSWORD_FLOW (object);

  /* The assistant is both AdwBin's child and a template child: let the
   * bin drop it once, before the template forgets it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_RESET_PASSWORD_FLOW);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_reset_password_flow_parent_class)->dispose (object);
}

static void
xuexin_reset_password_flow_class_init (XuexinResetPasswordFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_reset_password_flow_dispose;

  /**
   * XuexinResetPasswordFlow::finished:
   * @login_name: the login name whose password was reset, normalised
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  signals[CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (XUEXIN_TYPE_ASSISTANT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/recovery/xuexin-reset-password-flow.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinResetPasswordFlow, assistant);
  gtk_widget_class_bind_template_callback (widget_class, assistant_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, assistant_cancelled_cb);
}

static void
xuexin_reset_password_flow_init (XuexinResetPasswordFlow *self)
{
  self->draft = xuexin_recovery_draft_new (XUEXIN_RECOVERY_RESET_PASSWORD);

  gtk_widget_init_template (GTK_WIDGET (self));
}
