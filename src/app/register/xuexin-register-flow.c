/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-api.h"
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
  XuexinFlow  parent_instance;

  gboolean    email_skipped;

  XuexinPage *phone_page;
  XuexinPage *password_page;
  XuexinPage *identity_page;
  XuexinPage *email_page;
};

G_DEFINE_FINAL_TYPE (XuexinRegisterFlow, xuexin_register_flow, XUEXIN_TYPE_FLOW)

static void
xuexin_register_flow_refused (XuexinFlow   *flow,
                              XuexinPage   *page,
                              const GError *error)
{
  XuexinRegisterFlow *self = XUEXIN_REGISTER_FLOW (flow);
  const char *field = xuexin_client_error_get_field (error);

  if (error->domain != XUEXIN_API_ERROR)
    return; /* network and server failures stay on the review page, with Try Again */

  switch ((XuexinErrorCode) error->code)
    {
    case XUEXIN_ERROR_CODE_PHONE_TAKEN:
      xuexin_flow_show_error_on_page (flow, self->phone_page, error, _("Find _Username"), "win.find-username");
      break;

    case XUEXIN_ERROR_CODE_INVALID_PHONE:
    case XUEXIN_ERROR_CODE_SMS_CODE_INVALID:
    case XUEXIN_ERROR_CODE_SMS_CODE_EXPIRED:
      xuexin_flow_show_error_on_page (flow, self->phone_page, error, NULL, NULL);
      break;

    case XUEXIN_ERROR_CODE_WEAK_PASSWORD:
      xuexin_flow_show_error_on_page (flow, self->password_page, error, NULL, NULL);
      break;

    case XUEXIN_ERROR_CODE_ID_NUMBER_TAKEN:
      xuexin_register_identity_page_offer_reregister (XUEXIN_REGISTER_IDENTITY_PAGE (self->identity_page));
      xuexin_flow_show_error_on_page (flow, self->identity_page, error, _("Find _Username"), "win.find-username");
      break;

    case XUEXIN_ERROR_CODE_INVALID_NAME:
    case XUEXIN_ERROR_CODE_INVALID_ID_NUMBER:
      xuexin_flow_show_error_on_page (flow, self->identity_page, error, NULL, NULL);
      break;

    case XUEXIN_ERROR_CODE_EMAIL_USED:
    case XUEXIN_ERROR_CODE_EMAIL_IP_RESTRICTED:
    case XUEXIN_ERROR_CODE_INVALID_EMAIL:
      self->email_skipped = error->code == XUEXIN_ERROR_CODE_EMAIL_IP_RESTRICTED;
      xuexin_register_email_page_mark_refused (XUEXIN_REGISTER_EMAIL_PAGE (self->email_page));
      xuexin_flow_show_error_on_page (flow, self->email_page, error,
                                      _("Continue _Without Email"), "register-email.skip");
      break;

    case XUEXIN_ERROR_CODE_INVALID_FIELD:
      if (g_strcmp0 (field, "phone") == 0 || g_strcmp0 (field, "sms_code") == 0)
        xuexin_flow_show_error_on_page (flow, self->phone_page, error, NULL, NULL);
      else if (g_strcmp0 (field, "password") == 0 || g_strcmp0 (field, "password_confirmation") == 0)
        xuexin_flow_show_error_on_page (flow, self->password_page, error, NULL, NULL);
      else if (g_strcmp0 (field, "name") == 0 || g_strcmp0 (field, "id_number") == 0 ||
               g_strcmp0 (field, "id_type") == 0)
        xuexin_flow_show_error_on_page (flow, self->identity_page, error, NULL, NULL);
      else if (g_strcmp0 (field, "email") == 0)
        xuexin_flow_show_error_on_page (flow, self->email_page, error, NULL, NULL);
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
    /* Identity verification's: never an answer to registration. */
    case XUEXIN_ERROR_CODE_VERIFICATION_FAILED:
    case XUEXIN_ERROR_CODE_CASE_OPEN:
    case XUEXIN_ERROR_CODE_PHOTO_INVALID:
    case XUEXIN_ERROR_CODE_PHOTO_TOO_LARGE:
    case XUEXIN_ERROR_CODE_REQUEST_EXPIRED:
    case XUEXIN_ERROR_CODE_NOT_CLASSMATE:
    case XUEXIN_ERROR_CODE_ALREADY_VERIFIED:
    case XUEXIN_ERROR_CODE_TOO_MANY_OPEN_REQUESTS:
    case XUEXIN_ERROR_CODE_REQUEST_CLOSED:
    case XUEXIN_ERROR_CODE_CASE_CLAIMED:
    case XUEXIN_ERROR_CODE_PHOTO_REJECTED:
    case XUEXIN_ERROR_CODE_CASE_INCOMPLETE:
    case XUEXIN_ERROR_CODE_HANDOFF_EXPIRED:
    default:
      break;
    }
}

XuexinFlow *
xuexin_register_flow_new (XuexinClient *client)
{
  g_autoptr(XuexinRegistrationDraft) draft = NULL;
  XuexinRegisterFlow *self;
  XuexinFlow *flow;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);

  draft = xuexin_registration_draft_new ();
  self = g_object_new (XUEXIN_TYPE_REGISTER_FLOW, "client", client, "draft", draft, NULL);
  flow = XUEXIN_FLOW (self);

  self->phone_page = xuexin_register_phone_page_new (client, draft);
  self->password_page = xuexin_register_password_page_new (draft);
  self->identity_page = xuexin_register_identity_page_new (draft);
  self->email_page = xuexin_register_email_page_new (draft);

  xuexin_flow_add_page (flow, self->phone_page);
  xuexin_flow_add_page (flow, self->password_page);
  xuexin_flow_add_page (flow, self->identity_page);
  xuexin_flow_add_page (flow, self->email_page);
  xuexin_flow_add_page (flow, xuexin_register_review_page_new (client, draft));

  return flow;
}

/* The new account's credentials, for signing in right after registering. */
char *
xuexin_register_flow_dup_phone (XuexinRegisterFlow *self)
{
  char *phone = NULL;

  g_return_val_if_fail (XUEXIN_IS_REGISTER_FLOW (self), NULL);

  g_object_get (xuexin_flow_get_draft (XUEXIN_FLOW (self)), "phone", &phone, NULL);
  return phone;
}

char *
xuexin_register_flow_dup_password (XuexinRegisterFlow *self)
{
  char *password = NULL;

  g_return_val_if_fail (XUEXIN_IS_REGISTER_FLOW (self), NULL);

  g_object_get (xuexin_flow_get_draft (XUEXIN_FLOW (self)), "password", &password, NULL);
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
xuexin_register_flow_class_init (XuexinRegisterFlowClass *klass)
{
  XuexinFlowClass *flow_class = XUEXIN_FLOW_CLASS (klass);

  flow_class->refused = xuexin_register_flow_refused;
}

static void
xuexin_register_flow_init (XuexinRegisterFlow *self)
{
}
