/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-common.h"
#include "xuexin-form-checks.h"
#include "xuexin-register-password-page.h"

struct _XuexinRegisterPasswordPage
{
  XuexinPage               parent_instance;

  XuexinRegistrationDraft *draft;

  AdwEntryRow             *password_row;
  AdwEntryRow             *confirmation_row;
  GtkLevelBar             *strength_bar;
  GtkLabel                *strength_label;
  GtkLabel                *hint_label;
};

G_DEFINE_FINAL_TYPE (XuexinRegisterPasswordPage, xuexin_register_password_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_register_password_page_new (XuexinRegistrationDraft *draft)
{
  XuexinRegisterPasswordPage *self = g_object_new (XUEXIN_TYPE_REGISTER_PASSWORD_PAGE, NULL);

  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

static void
fields_changed_cb (XuexinRegisterPasswordPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *confirmation = gtk_editable_get_text (GTK_EDITABLE (self->confirmation_row));
  int strength = xuexin_password_strength (password);
  XuexinFormField wrong_field = XUEXIN_FORM_FIELD_NONE;
  const char *hint = NULL;
  gboolean complete;

  gtk_level_bar_set_value (self->strength_bar, strength);
  gtk_label_set_label (self->strength_label,
                       *password != '\0' ? xuexin_password_strength_to_label (strength) : "");

  complete = xuexin_check_new_password (password, confirmation, &hint, &wrong_field);

  xuexin_a11y_show_field_hint (self->hint_label, hint,
                               wrong_field == XUEXIN_FORM_FIELD_PASSWORD ? GTK_WIDGET (self->password_row) :
                               wrong_field == XUEXIN_FORM_FIELD_CONFIRMATION ? GTK_WIDGET (self->confirmation_row) : NULL,
                               GTK_WIDGET (self->password_row), GTK_WIDGET (self->confirmation_row), NULL);

  xuexin_page_set_complete (XUEXIN_PAGE (self), complete);
}

static void
confirmation_activated_cb (XuexinRegisterPasswordPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
xuexin_register_password_page_apply_async (XuexinPage          *page,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  XuexinRegisterPasswordPage *self = XUEXIN_REGISTER_PASSWORD_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, xuexin_register_password_page_apply_async);
  g_object_set (self->draft, "password", gtk_editable_get_text (GTK_EDITABLE (self->password_row)), NULL);
  g_task_return_boolean (task, TRUE);
}

static void
xuexin_register_password_page_dispose (GObject *object)
{
  XuexinRegisterPasswordPage *self = XUEXIN_REGISTER_PASSWORD_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_REGISTER_PASSWORD_PAGE);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_register_password_page_parent_class)->dispose (object);
}

static void
xuexin_register_password_page_class_init (XuexinRegisterPasswordPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_register_password_page_dispose;
  page_class->apply_async = xuexin_register_password_page_apply_async;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/register/xuexin-register-password-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterPasswordPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterPasswordPage, confirmation_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterPasswordPage, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterPasswordPage, strength_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterPasswordPage, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirmation_activated_cb);
}

static void
xuexin_register_password_page_init (XuexinRegisterPasswordPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  xuexin_page_add_field (XUEXIN_PAGE (self), "password", GTK_WIDGET (self->password_row));
  xuexin_page_add_field (XUEXIN_PAGE (self), "password_confirmation", GTK_WIDGET (self->confirmation_row));
  fields_changed_cb (self);
}
