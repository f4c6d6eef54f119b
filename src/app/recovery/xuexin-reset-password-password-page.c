/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "xuexin-a11y.h"
#include "xuexin-api.h"
#include "xuexin-code-button.h"
#include "xuexin-common.h"
#include "xuexin-form-checks.h"
#include "xuexin-reset-password-password-page.h"

/* 找回密码, second step: the SMS code and the new password. *Next* sets
 * it, which signs the account out everywhere and lifts a sign-in block
 * (FAQ 7). */
struct _XuexinResetPasswordPasswordPage
{
  XuexinPage           parent_instance;

  XuexinClient        *client;
  XuexinRecoveryDraft *draft;
  gboolean             reset_done;

  AdwEntryRow         *reset_password_code_row;
  XuexinCodeButton    *reset_password_send_code_button;
  AdwEntryRow         *reset_password_password_row;
  AdwEntryRow         *reset_password_confirmation_row;
  GtkLevelBar         *reset_password_strength_bar;
  GtkLabel            *reset_password_strength_label;
  GtkLabel            *reset_password_hint_label;
};

G_DEFINE_FINAL_TYPE (XuexinResetPasswordPasswordPage, xuexin_reset_password_password_page, XUEXIN_TYPE_PAGE)

static void
xuexin_reset_password_password_page_update (XuexinResetPasswordPasswordPage *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->reset_password_code_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->reset_password_password_row));
  const char *confirmation = gtk_editable_get_text (GTK_EDITABLE (self->reset_password_confirmation_row));
  XuexinSmsCodeResult code_result = xuexin_sms_code_validate (code);
  int strength = xuexin_password_strength (password);
  XuexinFormField wrong_field = XUEXIN_FORM_FIELD_NONE;
  const char *hint = NULL;
  GtkWidget *wrong_row = NULL;
  gboolean password_ok;

  gtk_level_bar_set_value (self->reset_password_strength_bar, strength);
  gtk_label_set_label (self->reset_password_strength_label,
                       *password != '\0' ? xuexin_password_strength_to_label (strength) : "");

  password_ok = xuexin_check_new_password (password, confirmation, &hint, &wrong_field);

  /* A code is named wrong only once six characters are there. */
  if (code_result != XUEXIN_SMS_CODE_OK && strlen (code) >= 6)
    {
      hint = xuexin_sms_code_result_to_message (code_result);
      wrong_row = GTK_WIDGET (self->reset_password_code_row);
    }
  else if (wrong_field == XUEXIN_FORM_FIELD_PASSWORD)
    wrong_row = GTK_WIDGET (self->reset_password_password_row);
  else if (wrong_field == XUEXIN_FORM_FIELD_CONFIRMATION)
    wrong_row = GTK_WIDGET (self->reset_password_confirmation_row);

  xuexin_a11y_show_field_hint (self->reset_password_hint_label, hint, wrong_row,
                               GTK_WIDGET (self->reset_password_code_row),
                               GTK_WIDGET (self->reset_password_password_row),
                               GTK_WIDGET (self->reset_password_confirmation_row), NULL);

  xuexin_page_set_complete (XUEXIN_PAGE (self), code_result == XUEXIN_SMS_CODE_OK && password_ok);
}

static void
fields_changed_cb (XuexinResetPasswordPasswordPage *self)
{
  /* A changed field is a new request, not the one already done. */
  self->reset_done = FALSE;
  xuexin_reset_password_password_page_update (self);
}

static void
code_activated_cb (XuexinResetPasswordPasswordPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->reset_password_password_row));
}

static void
confirmation_activated_cb (XuexinResetPasswordPasswordPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
code_sent_cb (XuexinResetPasswordPasswordPage *self)
{
  /* A new code is for a new request (perhaps for another account). */
  self->reset_done = FALSE;
}

static void
reset_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  XuexinResetPasswordPasswordPage *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* The page marks the field the refusal names (see _init()). */
  if (!xuexin_client_reset_password_finish (XUEXIN_CLIENT (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->reset_done = TRUE;
  g_task_return_boolean (task, TRUE);
}

static void
xuexin_reset_password_password_page_apply_async (XuexinPage          *page,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  XuexinResetPasswordPasswordPage *self = XUEXIN_RESET_PASSWORD_PASSWORD_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reset_password_code_row))));
  g_autofree char *login_name = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id_number = NULL;

  g_task_set_source_tag (task, xuexin_reset_password_password_page_apply_async);

  /* Back here from the last page: the code is used up, and the
   * password it set is the one still typed. */
  if (self->reset_done)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_object_get (self->draft, "login-name", &login_name, "name", &name, "id-number", &id_number, NULL);
  xuexin_client_reset_password_async (self->client,
                                      login_name != NULL ? login_name : "",
                                      name != NULL ? name : "",
                                      id_number != NULL ? id_number : "",
                                      code,
                                      gtk_editable_get_text (GTK_EDITABLE (self->reset_password_password_row)),
                                      gtk_editable_get_text (GTK_EDITABLE (self->reset_password_confirmation_row)),
                                      cancellable, reset_password_cb, g_steal_pointer (&task));
}

XuexinPage *
xuexin_reset_password_password_page_new (XuexinClient        *client,
                                         XuexinRecoveryDraft *draft)
{
  XuexinResetPasswordPasswordPage *self = g_object_new (XUEXIN_TYPE_RESET_PASSWORD_PASSWORD_PAGE, NULL);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);
  xuexin_recovery_draft_attach_code_button (draft, client, self->reset_password_send_code_button);
  g_signal_connect_object (draft, "code-sent", G_CALLBACK (code_sent_cb), self, G_CONNECT_SWAPPED);

  return XUEXIN_PAGE (self);
}

static void
xuexin_reset_password_password_page_dispose (GObject *object)
{
  XuexinResetPasswordPasswordPage *self = XUEXIN_RESET_PASSWORD_PASSWORD_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_RESET_PASSWORD_PASSWORD_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_reset_password_password_page_parent_class)->dispose (object);
}

static void
xuexin_reset_password_password_page_class_init (XuexinResetPasswordPasswordPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_reset_password_password_page_dispose;
  page_class->apply_async = xuexin_reset_password_password_page_apply_async;

  g_type_ensure (XUEXIN_TYPE_CODE_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/recovery/xuexin-reset-password-password-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinResetPasswordPasswordPage, reset_password_code_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinResetPasswordPasswordPage, reset_password_send_code_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinResetPasswordPasswordPage, reset_password_password_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinResetPasswordPasswordPage, reset_password_confirmation_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinResetPasswordPasswordPage, reset_password_strength_bar);
  gtk_widget_class_bind_template_child (widget_class, XuexinResetPasswordPasswordPage, reset_password_strength_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinResetPasswordPasswordPage, reset_password_hint_label);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirmation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, xuexin_page_clear_error);
  gtk_widget_class_bind_template_callback (widget_class, xuexin_page_show_error);
}

static void
xuexin_reset_password_password_page_init (XuexinResetPasswordPasswordPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The code was just sent: it is what the user types first, though the
   * new password's rows come first in the form's order of reading. */
  xuexin_page_set_focus_widget (XUEXIN_PAGE (self), GTK_WIDGET (self->reset_password_code_row));
  xuexin_page_add_field (XUEXIN_PAGE (self), "sms_code", GTK_WIDGET (self->reset_password_code_row));
  xuexin_page_add_field (XUEXIN_PAGE (self), "password", GTK_WIDGET (self->reset_password_password_row));
  xuexin_page_add_field (XUEXIN_PAGE (self), "password_confirmation",
                         GTK_WIDGET (self->reset_password_confirmation_row));
  xuexin_reset_password_password_page_update (self);
}
