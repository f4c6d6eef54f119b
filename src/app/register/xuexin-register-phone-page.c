/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "xuexin-a11y.h"
#include "xuexin-api.h"
#include "xuexin-code-button.h"
#include "xuexin-common.h"
#include "xuexin-register-phone-page.h"

struct _XuexinRegisterPhonePage
{
  XuexinPage               parent_instance;

  XuexinClient            *client;
  XuexinRegistrationDraft *draft;

  AdwEntryRow             *phone_row;
  AdwEntryRow             *code_row;
  XuexinCodeButton        *send_code_button;
  GtkLabel                *hint_label;
};

G_DEFINE_FINAL_TYPE (XuexinRegisterPhonePage, xuexin_register_phone_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_register_phone_page_new (XuexinClient            *client,
                                XuexinRegistrationDraft *draft)
{
  XuexinRegisterPhonePage *self = g_object_new (XUEXIN_TYPE_REGISTER_PHONE_PAGE, NULL);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);
  xuexin_code_button_set_recipient_field (self->send_code_button, self->client,
                                          XUEXIN_CODE_PURPOSE_REGISTER, GTK_EDITABLE (self->phone_row));

  return XUEXIN_PAGE (self);
}

/* Problems are named only once the field looks finished, so typing
 * an 11-digit number does not flash an error at every digit. */
static void
xuexin_register_phone_page_update (XuexinRegisterPhonePage *self)
{
  const char *phone = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  XuexinPhoneResult phone_result = xuexin_phone_validate (phone, NULL);
  XuexinSmsCodeResult code_result = xuexin_sms_code_validate (code);
  const char *hint = NULL;
  GtkWidget *wrong_row = NULL;
  gsize phone_digits = 0;

  for (const char *p = phone; *p != '\0'; p++)
    phone_digits += g_ascii_isdigit (*p) ? 1 : 0;

  if (phone_result != XUEXIN_PHONE_OK && (phone_digits >= 11 || phone_result == XUEXIN_PHONE_BAD_CHARACTERS ||
                                          phone_result == XUEXIN_PHONE_BAD_PREFIX))
    {
      hint = xuexin_phone_result_to_message (phone_result);
      wrong_row = GTK_WIDGET (self->phone_row);
    }
  else if (code_result != XUEXIN_SMS_CODE_OK && strlen (code) >= 6)
    {
      hint = xuexin_sms_code_result_to_message (code_result);
      wrong_row = GTK_WIDGET (self->code_row);
    }

  xuexin_a11y_show_field_hint (self->hint_label, hint, wrong_row,
                               GTK_WIDGET (self->phone_row), GTK_WIDGET (self->code_row), NULL);

  xuexin_code_button_set_ready (self->send_code_button, phone_result == XUEXIN_PHONE_OK);
  xuexin_page_set_complete (XUEXIN_PAGE (self),
                            phone_result == XUEXIN_PHONE_OK && code_result == XUEXIN_SMS_CODE_OK);
}

static void
fields_changed_cb (XuexinRegisterPhonePage *self)
{
  xuexin_register_phone_page_update (self);
}

static void
code_activated_cb (XuexinRegisterPhonePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
code_failed_cb (XuexinRegisterPhonePage *self,
                const GError            *error)
{
  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_PHONE_TAKEN))
    {
      xuexin_page_set_error_for_field (XUEXIN_PAGE (self), "phone", error->message,
                                       _("Find _Username"), "win.find-username");
    }
  else
    xuexin_page_show_error (XUEXIN_PAGE (self), error);
}

static void
xuexin_register_phone_page_apply_async (XuexinPage          *page,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  XuexinRegisterPhonePage *self = XUEXIN_REGISTER_PHONE_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *phone = NULL;
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row))));

  g_task_set_source_tag (task, xuexin_register_phone_page_apply_async);

  /* The code is checked when the account is created, on the last page. */
  xuexin_phone_validate (gtk_editable_get_text (GTK_EDITABLE (self->phone_row)), &phone);
  g_object_set (self->draft, "phone", phone, "sms-code", code, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
xuexin_register_phone_page_dispose (GObject *object)
{
  XuexinRegisterPhonePage *self = XUEXIN_REGISTER_PHONE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_REGISTER_PHONE_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_register_phone_page_parent_class)->dispose (object);
}

static void
xuexin_register_phone_page_class_init (XuexinRegisterPhonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_register_phone_page_dispose;
  page_class->apply_async = xuexin_register_phone_page_apply_async;

  g_type_ensure (XUEXIN_TYPE_CODE_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/register/xuexin-register-phone-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterPhonePage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterPhonePage, code_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterPhonePage, send_code_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterPhonePage, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, xuexin_page_clear_error);
  gtk_widget_class_bind_template_callback (widget_class, code_failed_cb);
}

static void
xuexin_register_phone_page_init (XuexinRegisterPhonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* What the service names in its refusals of the registration. */
  xuexin_page_add_field (XUEXIN_PAGE (self), "phone", GTK_WIDGET (self->phone_row));
  xuexin_page_add_field (XUEXIN_PAGE (self), "sms_code", GTK_WIDGET (self->code_row));
  xuexin_register_phone_page_update (self);
}
