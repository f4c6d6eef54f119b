/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "xuexin-a11y.h"
#include "xuexin-api.h"
#include "xuexin-code-button.h"
#include "xuexin-common.h"
#include "xuexin-find-username-code-page.h"

/* 找回用户名, second step: the SMS code proves the phone, and *Next*
 * asks for the login names of that phone's accounts. */
struct _XuexinFindUsernameCodePage
{
  XuexinPage           parent_instance;

  XuexinClient        *client;
  XuexinRecoveryDraft *draft;
  char                *used_code;

  AdwEntryRow         *find_username_code_row;
  XuexinCodeButton    *find_username_send_code_button;
  GtkLabel            *find_username_code_hint_label;
};

G_DEFINE_FINAL_TYPE (XuexinFindUsernameCodePage, xuexin_find_username_code_page, XUEXIN_TYPE_PAGE)

static void
xuexin_find_username_code_page_update (XuexinFindUsernameCodePage *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->find_username_code_row));
  XuexinSmsCodeResult result = xuexin_sms_code_validate (code);
  const char *hint = NULL;

  /* Named only once six characters are there, not at every digit. */
  if (result != XUEXIN_SMS_CODE_OK && strlen (code) >= 6)
    hint = xuexin_sms_code_result_to_message (result);

  xuexin_a11y_show_field_hint (self->find_username_code_hint_label, hint,
                               GTK_WIDGET (self->find_username_code_row),
                               GTK_WIDGET (self->find_username_code_row), NULL);

  xuexin_page_set_complete (XUEXIN_PAGE (self), result == XUEXIN_SMS_CODE_OK);
}

static void
code_changed_cb (XuexinFindUsernameCodePage *self)
{
  xuexin_find_username_code_page_update (self);
}

static void
code_activated_cb (XuexinFindUsernameCodePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
find_username_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  XuexinFindUsernameCodePage *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) login_names = NULL;

  login_names = xuexin_client_find_username_finish (XUEXIN_CLIENT (object), result, &error);
  if (login_names == NULL)
    {
      /* The page marks the code row for "sms_code" (see _init()). */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_object_set (self->draft, "login-names", login_names, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
xuexin_find_username_code_page_apply_async (XuexinPage          *page,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  XuexinFindUsernameCodePage *self = XUEXIN_FIND_USERNAME_CODE_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->find_username_code_row))));
  g_autofree char *name = NULL;
  g_autofree char *id_type = NULL;
  g_autofree char *id_number = NULL;
  g_auto(GStrv) login_names = NULL;

  g_task_set_source_tag (task, xuexin_find_username_code_page_apply_async);

  g_object_get (self->draft,
                "name", &name, "id-type", &id_type, "id-number", &id_number,
                "login-names", &login_names,
                NULL);

  /* Back here from the result: the code is used up, but what it found
   * is still known. */
  if (login_names != NULL && g_strcmp0 (code, self->used_code) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_free (self->used_code);
  self->used_code = g_strdup (code);
  xuexin_client_find_username_async (self->client,
                                     name != NULL ? name : "", id_type,
                                     id_number != NULL ? id_number : "", code,
                                     cancellable, find_username_cb, g_steal_pointer (&task));
}

XuexinPage *
xuexin_find_username_code_page_new (XuexinClient        *client,
                                    XuexinRecoveryDraft *draft)
{
  XuexinFindUsernameCodePage *self = g_object_new (XUEXIN_TYPE_FIND_USERNAME_CODE_PAGE, NULL);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);
  xuexin_recovery_draft_attach_code_button (draft, client, self->find_username_send_code_button);

  return XUEXIN_PAGE (self);
}

static void
xuexin_find_username_code_page_dispose (GObject *object)
{
  XuexinFindUsernameCodePage *self = XUEXIN_FIND_USERNAME_CODE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_FIND_USERNAME_CODE_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_find_username_code_page_parent_class)->dispose (object);
}

static void
xuexin_find_username_code_page_finalize (GObject *object)
{
  XuexinFindUsernameCodePage *self = XUEXIN_FIND_USERNAME_CODE_PAGE (object);

  g_clear_pointer (&self->used_code, g_free);

  G_OBJECT_CLASS (xuexin_find_username_code_page_parent_class)->finalize (object);
}

static void
xuexin_find_username_code_page_class_init (XuexinFindUsernameCodePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_find_username_code_page_dispose;
  object_class->finalize = xuexin_find_username_code_page_finalize;
  page_class->apply_async = xuexin_find_username_code_page_apply_async;

  g_type_ensure (XUEXIN_TYPE_CODE_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/recovery/xuexin-find-username-code-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinFindUsernameCodePage, find_username_code_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinFindUsernameCodePage, find_username_send_code_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinFindUsernameCodePage, find_username_code_hint_label);
  gtk_widget_class_bind_template_callback (widget_class, code_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, xuexin_page_clear_error);
  gtk_widget_class_bind_template_callback (widget_class, xuexin_page_show_error);
}

static void
xuexin_find_username_code_page_init (XuexinFindUsernameCodePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  xuexin_page_add_field (XUEXIN_PAGE (self), "sms_code", GTK_WIDGET (self->find_username_code_row));
  xuexin_find_username_code_page_update (self);
}
