/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-api.h"
#include "xuexin-common.h"
#include "xuexin-form-checks.h"
#include "xuexin-reset-password-account-page.h"
#include "xuexin-sign-in-page.h"

/* 找回密码, first step: the login name with the name and ID number of
 * its owner. *Next* asks the service to send a code to the account's
 * phone (FAQ 2, 7). */
struct _XuexinResetPasswordAccountPage
{
  XuexinPage           parent_instance;

  XuexinClient        *client;
  XuexinRecoveryDraft *draft;

  AdwEntryRow         *reset_password_login_name_row;
  AdwEntryRow         *reset_password_name_row;
  AdwEntryRow         *reset_password_id_number_row;
  GtkLabel            *reset_password_account_hint_label;
};

G_DEFINE_FINAL_TYPE (XuexinResetPasswordAccountPage, xuexin_reset_password_account_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_reset_password_account_page_new (XuexinClient        *client,
                                        XuexinRecoveryDraft *draft)
{
  XuexinResetPasswordAccountPage *self = g_object_new (XUEXIN_TYPE_RESET_PASSWORD_ACCOUNT_PAGE, NULL);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

static void
fields_changed_cb (XuexinResetPasswordAccountPage *self)
{
  const char *login_name = gtk_editable_get_text (GTK_EDITABLE (self->reset_password_login_name_row));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->reset_password_name_row));
  const char *id_number = gtk_editable_get_text (GTK_EDITABLE (self->reset_password_id_number_row));
  const char *login_problem = NULL;
  XuexinFormField wrong_field = XUEXIN_FORM_FIELD_NONE;
  const char *hint = NULL;
  GtkWidget *wrong_row = NULL;
  gboolean login_ok;
  gboolean identity_ok;

  login_ok = xuexin_login_name_classify (login_name, NULL, &login_problem) != XUEXIN_LOGIN_NAME_INVALID;
  /* The ID number's kind is the account's: the service checks it. */
  identity_ok = xuexin_check_identity (name, XUEXIN_ID_KIND_EITHER, id_number, &hint, &wrong_field);

  /* Any login name could be the start of a longer one: name its problem
   * once the user has moved on to the next field. */
  if (!login_ok && *login_name != '\0' && (*name != '\0' || *id_number != '\0'))
    {
      hint = login_problem;
      wrong_row = GTK_WIDGET (self->reset_password_login_name_row);
    }
  else if (wrong_field == XUEXIN_FORM_FIELD_NAME)
    wrong_row = GTK_WIDGET (self->reset_password_name_row);
  else if (wrong_field == XUEXIN_FORM_FIELD_ID_NUMBER)
    wrong_row = GTK_WIDGET (self->reset_password_id_number_row);

  xuexin_a11y_show_field_hint (self->reset_password_account_hint_label, hint, wrong_row,
                               GTK_WIDGET (self->reset_password_login_name_row),
                               GTK_WIDGET (self->reset_password_name_row),
                               GTK_WIDGET (self->reset_password_id_number_row), NULL);

  xuexin_page_set_complete (XUEXIN_PAGE (self), login_ok && identity_ok);
}

static void
id_number_activated_cb (XuexinResetPasswordAccountPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
send_code_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  XuexinResetPasswordAccountPage *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (xuexin_recovery_draft_send_code_finish (XUEXIN_RECOVERY_DRAFT (object), result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
    {
      const char *message = _("The login name, name and ID number don’t belong to one account. Check "
                              "them, or find the login names of your name and ID number first.");

      /* The page shows a failed apply's error as the task returns; the
       * FAQ's remedy replaces the generic one right after. */
      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      xuexin_page_set_error (XUEXIN_PAGE (self), message, _("Find _Username"), "win.find-username");
      return;
    }

  /* The page marks the field the refusal names (see _init()). */
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
xuexin_reset_password_account_page_apply_async (XuexinPage          *page,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  XuexinResetPasswordAccountPage *self = XUEXIN_RESET_PASSWORD_ACCOUNT_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *login_name = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id_number = NULL;

  g_task_set_source_tag (task, xuexin_reset_password_account_page_apply_async);

  xuexin_login_name_classify (gtk_editable_get_text (GTK_EDITABLE (self->reset_password_login_name_row)),
                              &login_name, NULL);
  xuexin_name_validate (gtk_editable_get_text (GTK_EDITABLE (self->reset_password_name_row)), &name);
  id_number = xuexin_normalize_id_number (gtk_editable_get_text (GTK_EDITABLE (self->reset_password_id_number_row)),
                                          XUEXIN_ID_KIND_EITHER);
  g_object_set (self->draft,
                "login-name", login_name,
                "name", name,
                "id-number", id_number,
                NULL);

  /* Back here and on again without a change: the code already sent is
   * still good, and asking for another this soon would be refused. */
  if (xuexin_recovery_draft_get_sent_to (self->draft) != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  xuexin_recovery_draft_send_code_async (self->draft, self->client, cancellable,
                                         send_code_cb, g_steal_pointer (&task));
}

static void
xuexin_reset_password_account_page_dispose (GObject *object)
{
  XuexinResetPasswordAccountPage *self = XUEXIN_RESET_PASSWORD_ACCOUNT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_RESET_PASSWORD_ACCOUNT_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_reset_password_account_page_parent_class)->dispose (object);
}

static void
xuexin_reset_password_account_page_class_init (XuexinResetPasswordAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_reset_password_account_page_dispose;
  page_class->apply_async = xuexin_reset_password_account_page_apply_async;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/recovery/xuexin-reset-password-account-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinResetPasswordAccountPage, reset_password_login_name_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinResetPasswordAccountPage, reset_password_name_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinResetPasswordAccountPage, reset_password_id_number_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinResetPasswordAccountPage, reset_password_account_hint_label);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, id_number_activated_cb);
}

static void
xuexin_reset_password_account_page_init (XuexinResetPasswordAccountPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  xuexin_page_add_field (XUEXIN_PAGE (self), "login_name", GTK_WIDGET (self->reset_password_login_name_row));
  xuexin_page_add_field (XUEXIN_PAGE (self), "name", GTK_WIDGET (self->reset_password_name_row));
  xuexin_page_add_field (XUEXIN_PAGE (self), "id_number", GTK_WIDGET (self->reset_password_id_number_row));
  fields_changed_cb (self);
}
