/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-api.h"
#include "xuexin-assistant.h"
#include "xuexin-register-email-page.h"
#include "xuexin-register-flow.h"
#include "xuexin-register-identity-page.h"
#include "xuexin-register-password-page.h"
#include "xuexin-register-phone-page.h"
#include "xuexin-register-review-page.h"
#include "xuexin-registration-draft.h"

/* The registration assistant: phone + SMS code → password → name and ID
 * → optional email → review → 立即注册. The review page sends the request;
 * a refusal is shown on the page of the field it concerns, with the
 * remedy the FAQ gives. */
struct _XuexinRegisterFlow
{
  AdwBin                   parent_instance;

  XuexinClient            *client;
  XuexinRegistrationDraft *draft;
  XuexinAccount           *account;
  gboolean                 email_skipped;

  XuexinAssistant         *assistant;
  XuexinPage              *phone_page;
  XuexinPage              *password_page;
  XuexinPage              *identity_page;
  XuexinPage              *email_page;
  XuexinPage              *review_page;
};

G_DEFINE_FINAL_TYPE (XuexinRegisterFlow, xuexin_register_flow, ADW_TYPE_BIN)

enum {
  FINISHED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_on_page (XuexinRegisterFlow *self,
              XuexinPage         *page,
              const char         *message,
              const char         *button_label,
              const char         *action_name)
{
  xuexin_assistant_go_to_page (self->assistant, page);
  xuexin_page_set_error (page, message, button_label, action_name);
}

static void
review_refused_cb (XuexinRegisterFlow *self,
                   const GError       *error)
{
  const char *field = xuexin_client_error_get_field (error);

  if (error->domain != XUEXIN_API_ERROR)
    return; /* network and server failures stay on the review page, with Try Again */

  switch ((XuexinErrorCode) error->code)
    {
    case XUEXIN_ERROR_CODE_PHONE_TAKEN:
      show_on_page (self, self->phone_page, error->message, _("Find _Username"), "win.find-username");
      break;

    case XUEXIN_ERROR_CODE_INVALID_PHONE:
    case XUEXIN_ERROR_CODE_SMS_CODE_INVALID:
    case XUEXIN_ERROR_CODE_SMS_CODE_EXPIRED:
      show_on_page (self, self->phone_page, error->message, NULL, NULL);
      break;

    case XUEXIN_ERROR_CODE_WEAK_PASSWORD:
      show_on_page (self, self->password_page, error->message, NULL, NULL);
      break;

    case XUEXIN_ERROR_CODE_ID_NUMBER_TAKEN:
      xuexin_register_identity_page_offer_reregister (XUEXIN_REGISTER_IDENTITY_PAGE (self->identity_page));
      show_on_page (self, self->identity_page, error->message, _("Find _Username"), "win.find-username");
      break;

    case XUEXIN_ERROR_CODE_INVALID_NAME:
    case XUEXIN_ERROR_CODE_INVALID_ID_NUMBER:
      show_on_page (self, self->identity_page, error->message, NULL, NULL);
      break;

    case XUEXIN_ERROR_CODE_EMAIL_USED:
    case XUEXIN_ERROR_CODE_EMAIL_IP_RESTRICTED:
    case XUEXIN_ERROR_CODE_INVALID_EMAIL:
      self->email_skipped = error->code == XUEXIN_ERROR_CODE_EMAIL_IP_RESTRICTED;
      xuexin_register_email_page_mark_refused (XUEXIN_REGISTER_EMAIL_PAGE (self->email_page));
      show_on_page (self, self->email_page, error->message,
                    _("Continue _Without Email"), "register-email.skip");
      break;

    case XUEXIN_ERROR_CODE_INVALID_FIELD:
      if (g_strcmp0 (field, "phone") == 0 || g_strcmp0 (field, "sms_code") == 0)
        show_on_page (self, self->phone_page, error->message, NULL, NULL);
      else if (g_strcmp0 (field, "password") == 0 || g_strcmp0 (field, "password_confirmation") == 0)
        show_on_page (self, self->password_page, error->message, NULL, NULL);
      else if (g_strcmp0 (field, "name") == 0 || g_strcmp0 (field, "id_number") == 0 ||
               g_strcmp0 (field, "id_type") == 0)
        show_on_page (self, self->identity_page, error->message, NULL, NULL);
      else if (g_strcmp0 (field, "email") == 0)
        show_on_page (self, self->email_page, error->message, NULL, NULL);
      break;

    case XUEXIN_ERROR_CODE_UNKNOWN:
    case XUEXIN_ERROR_CODE_INVALID_REQUEST:
    case XUEXIN_ERROR_CODE_RATE_LIMITED:
    case XUEXIN_ERROR_CODE_INVALID_CREDENTIALS:
    case XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED:
    case XUEXIN_ERROR_CODE_IDENTITY_VERIFICATION_REQUIRED:
    case XUEXIN_ERROR_CODE_UNAUTHORIZED:
    case XUEXIN_ERROR_CODE_FORBIDDEN:
    case XUEXIN_ERROR_CODE_NOT_FOUND:
    case XUEXIN_ERROR_CODE_PAYLOAD_TOO_LARGE:
    case XUEXIN_ERROR_CODE_INTERNAL:
    default:
      break;
    }
}

static void
review_registered_cb (XuexinRegisterFlow *self,
                      XuexinAccount      *account)
{
  g_set_object (&self->account, account);
}

static void
assistant_finished_cb (XuexinRegisterFlow *self)
{
  g_signal_emit (self, signals[FINISHED], 0, self->account);
}

static void
assistant_cancelled_cb (XuexinRegisterFlow *self)
{
  g_signal_emit (self, signals[CANCELLED], 0);
}

XuexinRegisterFlow *
xuexin_register_flow_new (XuexinClient *client)
{
  XuexinRegisterFlow *self;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);

  self = g_object_new (XUEXIN_TYPE_REGISTER_FLOW, NULL);
  self->client = g_object_ref (client);

  self->phone_page = xuexin_register_phone_page_new (client, self->draft);
  self->password_page = xuexin_register_password_page_new (self->draft);
  self->identity_page = xuexin_register_identity_page_new (self->draft);
  self->email_page = xuexin_register_email_page_new (self->draft);
  self->review_page = xuexin_register_review_page_new (client, self->draft);

  xuexin_assistant_add_page (self->assistant, self->phone_page);
  xuexin_assistant_add_page (self->assistant, self->password_page);
  xuexin_assistant_add_page (self->assistant, self->identity_page);
  xuexin_assistant_add_page (self->assistant, self->email_page);
  xuexin_assistant_add_page (self->assistant, self->review_page);

  g_signal_connect_object (self->review_page, "refused", G_CALLBACK (review_refused_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review_page, "registered", G_CALLBACK (review_registered_cb), self, G_CONNECT_SWAPPED);

  return self;
}

/* The new account's credentials, for signing in right after registering. */
char *
xuexin_register_flow_dup_phone (XuexinRegisterFlow *self)
{
  char *phone = NULL;

  g_return_val_if_fail (XUEXIN_IS_REGISTER_FLOW (self), NULL);

  g_object_get (self->draft, "phone", &phone, NULL);
  return phone;
}

char *
xuexin_register_flow_dup_password (XuexinRegisterFlow *self)
{
  char *password = NULL;

  g_return_val_if_fail (XUEXIN_IS_REGISTER_FLOW (self), NULL);

  g_object_get (self->draft, "password", &password, NULL);
  return password;
}

/**
 * xuexin_register_flow_get_email_skipped:
 *
 * Returns: %TRUE when the email was dropped because of 邮箱IP受限, so the
 *   app reminds the user to bind one later
 */
gboolean
xuexin_register_flow_get_email_skipped (XuexinRegisterFlow *self)
{
  g_return_val_if_fail (XUEXIN_IS_REGISTER_FLOW (self), FALSE);

  return self->email_skipped;
}

static void
xuexin_register_flow_dispose (GObject *object)
{
  XuexinRegisterFlow *self = XUEXIN_REGISTER_FLOW (object);

  /* The assistant is both AdwBin's child and a template child: let the
   * bin drop it once, before the template forgets it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_REGISTER_FLOW);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (xuexin_register_flow_parent_class)->dispose (object);
}

static void
xuexin_register_flow_class_init (XuexinRegisterFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_register_flow_dispose;

  /**
   * XuexinRegisterFlow::finished:
   * @account: the new account
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, XUEXIN_TYPE_ACCOUNT);

  signals[CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (XUEXIN_TYPE_ASSISTANT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/register/xuexin-register-flow.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterFlow, assistant);
  gtk_widget_class_bind_template_callback (widget_class, assistant_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, assistant_cancelled_cb);
}

static void
xuexin_register_flow_init (XuexinRegisterFlow *self)
{
  self->draft = xuexin_registration_draft_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
