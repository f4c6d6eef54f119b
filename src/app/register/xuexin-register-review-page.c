/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-api.h"
#include "xuexin-register-review-page.h"

struct _XuexinRegisterReviewPage
{
  XuexinPage               parent_instance;

  XuexinClient            *client;
  XuexinRegistrationDraft *draft;

  AdwActionRow            *phone_row;
  AdwActionRow            *name_row;
  AdwActionRow            *id_row;
  AdwActionRow            *email_row;
  GtkLabel                *reregister_label;
};

G_DEFINE_FINAL_TYPE (XuexinRegisterReviewPage, xuexin_register_review_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_register_review_page_new (XuexinClient            *client,
                                 XuexinRegistrationDraft *draft)
{
  XuexinRegisterReviewPage *self = g_object_new (XUEXIN_TYPE_REGISTER_REVIEW_PAGE, NULL);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

static void
xuexin_register_review_page_shown (XuexinPage *page)
{
  XuexinRegisterReviewPage *self = XUEXIN_REGISTER_REVIEW_PAGE (page);
  g_autofree char *phone = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id_type = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *email = NULL;
  g_autofree char *id_text = NULL;
  gboolean reregister = FALSE;

  g_object_get (self->draft,
                "phone", &phone, "name", &name, "id-type", &id_type,
                "id-number", &id_number, "email", &email, "reregister", &reregister,
                NULL);

  /* Translators: "<document type>: <number>" on the review page. */
  id_text = g_strdup_printf (_("%s: %s"),
                             g_strcmp0 (id_type, "other") == 0 ? _("Other document") : _("Resident ID card"),
                             id_number != NULL ? id_number : "");

  adw_action_row_set_subtitle (self->phone_row, phone != NULL ? phone : "");
  adw_action_row_set_subtitle (self->name_row, name != NULL ? name : "");
  adw_action_row_set_subtitle (self->id_row, id_text);
  adw_action_row_set_subtitle (self->email_row,
                               email != NULL && *email != '\0' ? email
                                                               : _("None — you can bind one later in account management"));
  gtk_widget_set_visible (GTK_WIDGET (self->reregister_label), reregister);

  /* An error moved to another page was fixed there. */
  xuexin_page_clear_error (page);
}

static void
register_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* On a refusal the flow moves the error to the page of the field it
   * is about. */
  account = xuexin_client_register_finish (XUEXIN_CLIENT (object), result, &error);
  if (account == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
xuexin_register_review_page_apply_async (XuexinPage          *page,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  XuexinRegisterReviewPage *self = XUEXIN_REGISTER_REVIEW_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *phone = NULL;
  g_autofree char *sms_code = NULL;
  g_autofree char *password = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id_type = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *email = NULL;
  XuexinRegistrationRequest request = { 0, };

  g_task_set_source_tag (task, xuexin_register_review_page_apply_async);

  g_object_get (self->draft,
                "phone", &phone, "sms-code", &sms_code, "password", &password,
                "name", &name, "id-type", &id_type, "id-number", &id_number,
                "email", &email, "reregister", &request.reregister,
                NULL);
  request.phone = phone;
  request.sms_code = sms_code;
  request.password = password;
  request.password_confirmation = password;
  request.name = name;
  request.id_type = id_type;
  request.id_number = id_number;
  request.email = email;

  xuexin_client_register_async (self->client, &request, cancellable, register_cb, g_steal_pointer (&task));
}

static void
xuexin_register_review_page_dispose (GObject *object)
{
  XuexinRegisterReviewPage *self = XUEXIN_REGISTER_REVIEW_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_REGISTER_REVIEW_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_register_review_page_parent_class)->dispose (object);
}

static void
xuexin_register_review_page_class_init (XuexinRegisterReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_register_review_page_dispose;
  page_class->shown = xuexin_register_review_page_shown;
  page_class->apply_async = xuexin_register_review_page_apply_async;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/register/xuexin-register-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterReviewPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterReviewPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterReviewPage, id_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterReviewPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterReviewPage, reregister_label);
}

static void
xuexin_register_review_page_init (XuexinRegisterReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Nothing to type here: the user reads the review from its top. */
  xuexin_page_set_focus_widget (XUEXIN_PAGE (self), GTK_WIDGET (self->phone_row));
}
