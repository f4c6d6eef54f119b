/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "xuexin-a11y.h"
#include "xuexin-common.h"
#include "xuexin-register-email-page.h"

struct _XuexinRegisterEmailPage
{
  XuexinPage               parent_instance;

  XuexinRegistrationDraft *draft;

  AdwEntryRow             *email_row;
  GtkLabel                *hint_label;
};

G_DEFINE_FINAL_TYPE (XuexinRegisterEmailPage, xuexin_register_email_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_register_email_page_new (XuexinRegistrationDraft *draft)
{
  XuexinRegisterEmailPage *self = g_object_new (XUEXIN_TYPE_REGISTER_EMAIL_PAGE, NULL);

  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

/* The service refused the address (used before, or restricted for this
 * network): mark the field; the page error says what to do. */
void
xuexin_register_email_page_mark_refused (XuexinRegisterEmailPage *self)
{
  g_return_if_fail (XUEXIN_IS_REGISTER_EMAIL_PAGE (self));

  gtk_widget_add_css_class (GTK_WIDGET (self->email_row), "error");
}

static void
fields_changed_cb (XuexinRegisterEmailPage *self)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  XuexinEmailResult result = xuexin_email_validate (email, NULL);
  gboolean empty = result == XUEXIN_EMAIL_EMPTY;
  const char *hint = NULL;

  /* Only complain once the address has a domain part to judge. */
  if (!empty && result != XUEXIN_EMAIL_OK && strchr (email, '.') != NULL && strchr (email, '@') != NULL)
    hint = xuexin_email_result_to_message (result);

  xuexin_a11y_show_field_hint (self->hint_label, hint, GTK_WIDGET (self->email_row),
                               GTK_WIDGET (self->email_row), NULL);

  xuexin_page_clear_error (XUEXIN_PAGE (self));
  xuexin_page_set_complete (XUEXIN_PAGE (self), empty || result == XUEXIN_EMAIL_OK);
}

static void
email_activated_cb (XuexinRegisterEmailPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
xuexin_register_email_page_skip_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  XuexinRegisterEmailPage *self = XUEXIN_REGISTER_EMAIL_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->email_row), "");
  gtk_widget_activate_action (widget, "assistant.next", NULL);
}

static void
xuexin_register_email_page_apply_async (XuexinPage          *page,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  XuexinRegisterEmailPage *self = XUEXIN_REGISTER_EMAIL_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *email = NULL;

  g_task_set_source_tag (task, xuexin_register_email_page_apply_async);
  xuexin_email_validate (gtk_editable_get_text (GTK_EDITABLE (self->email_row)), &email);
  g_object_set (self->draft, "email", email, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
xuexin_register_email_page_dispose (GObject *object)
{
  XuexinRegisterEmailPage *self = XUEXIN_REGISTER_EMAIL_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_REGISTER_EMAIL_PAGE);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_register_email_page_parent_class)->dispose (object);
}

static void
xuexin_register_email_page_class_init (XuexinRegisterEmailPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_register_email_page_dispose;
  page_class->apply_async = xuexin_register_email_page_apply_async;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/register/xuexin-register-email-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterEmailPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterEmailPage, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, email_activated_cb);

  gtk_widget_class_install_action (widget_class, "register-email.skip", NULL,
                                   xuexin_register_email_page_skip_action);
}

static void
xuexin_register_email_page_init (XuexinRegisterEmailPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  xuexin_page_add_field (XUEXIN_PAGE (self), "email", GTK_WIDGET (self->email_row));
}
