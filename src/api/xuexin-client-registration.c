/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-private.h"

/* Registration and verification codes (docs/api.md: POST /sms-codes for
 * every purpose, POST /me/email-codes, POST /accounts). */

typedef struct
{
  guint  resend_after;
  char  *sent_to;
} CodeSent;

static void
code_sent_free (gpointer data)
{
  CodeSent *sent = data;

  g_free (sent->sent_to);
  g_free (sent);
}

static gpointer
parse_code_sent (XuexinClient  *self,
                 JsonObject    *reply,
                 GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recipients = NULL;
  JsonArray *sent_to = NULL;
  CodeSent *sent;
  gint64 resend_after;
  guint length;
  guint i;

  if (!xuexin_json_get_array (reply, "sent_to", &sent_to, error)
      || !xuexin_json_get_int (reply, "resend_after", &resend_after, error))
    return NULL;

  length = json_array_get_length (sent_to);
  if (length == 0)
    {
      xuexin_client_set_protocol_error (error, "“sent_to” is empty");
      return NULL;
    }

  for (i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (sent_to, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          xuexin_client_set_protocol_error (error, "“sent_to” item %u is not a string", i);
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  recipients = g_strv_builder_end (builder);

  sent = g_new0 (CodeSent, 1);
  sent->resend_after = (guint) CLAMP (resend_after, 0, G_MAXINT);
  /* Several phones only for find-username after a re-registration. */
  sent->sent_to = g_strjoinv (", ", recipients);

  return sent;
}

static const XuexinReply code_sent_reply = {
  .parse = parse_code_sent,
  .free_result = code_sent_free,
};

static gboolean
send_code_finish (XuexinClient  *self,
                  GAsyncResult  *result,
                  gpointer       source_tag,
                  guint         *resend_after,
                  char         **sent_to,
                  GError       **error)
{
  CodeSent *sent = xuexin_client_request_finish (self, result, source_tag, error);

  if (resend_after != NULL)
    *resend_after = sent != NULL ? sent->resend_after : 0;
  if (sent_to != NULL)
    *sent_to = sent != NULL ? g_steal_pointer (&sent->sent_to) : NULL;

  if (sent == NULL)
    return FALSE;

  code_sent_free (sent);
  return TRUE;
}

/**
 * xuexin_client_send_register_code_async:
 * @phone: the mobile number to register
 *
 * Asks for an SMS code of purpose "register". Refusals:
 * `invalid_phone`, `phone_taken` (field "phone"), `rate_limited` with
 * retry_after.
 */
void
xuexin_client_send_register_code_async (XuexinClient        *self,
                                        const char          *phone,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (phone != NULL);

  body = xuexin_json_object_new_strings ("purpose", "register",
                                         "phone", phone,
                                         NULL);
  xuexin_client_request_async (self, xuexin_client_send_register_code_async, &code_sent_reply,
                               "POST", "/sms-codes", body, cancellable, callback, user_data);
}

/**
 * xuexin_client_send_register_code_finish:
 * @resend_after: (out) (optional): seconds until another code may be sent
 * @sent_to: (out) (optional) (transfer full): the masked destination
 *
 * Returns: %TRUE when the code was sent
 */
gboolean
xuexin_client_send_register_code_finish (XuexinClient  *self,
                                         GAsyncResult  *result,
                                         guint         *resend_after,
                                         char         **sent_to,
                                         GError       **error)
{
  return send_code_finish (self, result, xuexin_client_send_register_code_async,
                           resend_after, sent_to, error);
}

/**
 * xuexin_client_send_find_username_code_async:
 * @name: the name as on the ID
 * @id_type: (nullable): "resident_id" (default) or "other"
 * @id_number: the ID number
 *
 * Sends a code of purpose "find_username" to the phone of every live
 * account with this name and ID. Refusals: `invalid_name`,
 * `invalid_field` ("id_type"), `invalid_id_number`, `not_found`,
 * `rate_limited`.
 */
void
xuexin_client_send_find_username_code_async (XuexinClient        *self,
                                             const char          *name,
                                             const char          *id_type,
                                             const char          *id_number,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (id_number != NULL);

  body = xuexin_json_object_new_strings ("purpose", "find_username",
                                         "name", name,
                                         "id_type", id_type,
                                         "id_number", id_number,
                                         NULL);
  xuexin_client_request_async (self, xuexin_client_send_find_username_code_async, &code_sent_reply,
                               "POST", "/sms-codes", body, cancellable, callback, user_data);
}

/**
 * xuexin_client_send_find_username_code_finish:
 * @resend_after: (out) (optional): seconds until another code may be sent
 * @sent_to: (out) (optional) (transfer full): the masked phone(s),
 *   separated by ", "
 */
gboolean
xuexin_client_send_find_username_code_finish (XuexinClient  *self,
                                              GAsyncResult  *result,
                                              guint         *resend_after,
                                              char         **sent_to,
                                              GError       **error)
{
  return send_code_finish (self, result, xuexin_client_send_find_username_code_async,
                           resend_after, sent_to, error);
}

/**
 * xuexin_client_send_reset_password_code_async:
 * @login_name: the phone, email or ID number signed in with
 * @name: the name as on the ID
 * @id_number: the ID number
 *
 * Sends a code of purpose "reset_password" to the account's phone.
 * Refusals: `invalid_field` ("login_name"), `invalid_name`,
 * `invalid_id_number`, `not_found`, `rate_limited`.
 */
void
xuexin_client_send_reset_password_code_async (XuexinClient        *self,
                                              const char          *login_name,
                                              const char          *name,
                                              const char          *id_number,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (login_name != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (id_number != NULL);

  body = xuexin_json_object_new_strings ("purpose", "reset_password",
                                         "login_name", login_name,
                                         "name", name,
                                         "id_number", id_number,
                                         NULL);
  xuexin_client_request_async (self, xuexin_client_send_reset_password_code_async, &code_sent_reply,
                               "POST", "/sms-codes", body, cancellable, callback, user_data);
}

/**
 * xuexin_client_send_reset_password_code_finish:
 * @resend_after: (out) (optional): seconds until another code may be sent
 * @sent_to: (out) (optional) (transfer full): the masked phone
 */
gboolean
xuexin_client_send_reset_password_code_finish (XuexinClient  *self,
                                               GAsyncResult  *result,
                                               guint         *resend_after,
                                               char         **sent_to,
                                               GError       **error)
{
  return send_code_finish (self, result, xuexin_client_send_reset_password_code_async,
                           resend_after, sent_to, error);
}

/**
 * xuexin_client_send_change_phone_code_async:
 * @new_phone: the phone to change to
 *
 * Signed in (active accounts only): sends a code of purpose
 * "change_phone" to @new_phone. Refusals: `unauthorized`,
 * `identity_verification_required`, `invalid_phone`, `phone_taken`,
 * `rate_limited`.
 */
void
xuexin_client_send_change_phone_code_async (XuexinClient        *self,
                                            const char          *new_phone,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (new_phone != NULL);

  body = xuexin_json_object_new_strings ("purpose", "change_phone",
                                         "phone", new_phone,
                                         NULL);
  xuexin_client_request_async (self, xuexin_client_send_change_phone_code_async, &code_sent_reply,
                               "POST", "/sms-codes", body, cancellable, callback, user_data);
}

/**
 * xuexin_client_send_change_phone_code_finish:
 * @resend_after: (out) (optional): seconds until another code may be sent
 * @sent_to: (out) (optional) (transfer full): the masked new phone
 */
gboolean
xuexin_client_send_change_phone_code_finish (XuexinClient  *self,
                                             GAsyncResult  *result,
                                             guint         *resend_after,
                                             char         **sent_to,
                                             GError       **error)
{
  return send_code_finish (self, result, xuexin_client_send_change_phone_code_async,
                           resend_after, sent_to, error);
}

/**
 * xuexin_client_send_email_code_async:
 * @email: the security email to bind
 *
 * Signed in: sends a code of purpose "bind_email" by email. Refusals:
 * `invalid_email`, `email_used`, `rate_limited`.
 */
void
xuexin_client_send_email_code_async (XuexinClient        *self,
                                     const char          *email,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (email != NULL);

  body = xuexin_json_object_new_strings ("email", email,
                                         NULL);
  xuexin_client_request_async (self, xuexin_client_send_email_code_async, &code_sent_reply,
                               "POST", "/me/email-codes", body, cancellable, callback, user_data);
}

/**
 * xuexin_client_send_email_code_finish:
 * @resend_after: (out) (optional): seconds until another code may be sent
 * @sent_to: (out) (optional) (transfer full): the masked address
 */
gboolean
xuexin_client_send_email_code_finish (XuexinClient  *self,
                                      GAsyncResult  *result,
                                      guint         *resend_after,
                                      char         **sent_to,
                                      GError       **error)
{
  return send_code_finish (self, result, xuexin_client_send_email_code_async,
                           resend_after, sent_to, error);
}

/**
 * xuexin_client_register_async:
 * @request: the form; its strings are copied before this returns
 *
 * Registers an account. Refusals, in the order the service checks them:
 * field formats (`invalid_phone`, `invalid_name`, `invalid_field`
 * "id_type", `invalid_id_number`, `invalid_email`, `weak_password`,
 * `invalid_field` "password_confirmation"), the code (`sms_code_invalid`,
 * `sms_code_expired`), then `phone_taken`, `id_number_taken` (unless
 * @request->reregister), `email_used`, `email_ip_restricted`. A refused
 * request does not use the code up.
 */
void
xuexin_client_register_async (XuexinClient                    *self,
                              const XuexinRegistrationRequest *request,
                              GCancellable                    *cancellable,
                              GAsyncReadyCallback              callback,
                              gpointer                         user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->phone != NULL);
  g_return_if_fail (request->sms_code != NULL);
  g_return_if_fail (request->password != NULL);
  g_return_if_fail (request->name != NULL);
  g_return_if_fail (request->id_number != NULL);

  body = xuexin_json_object_new_strings ("phone", request->phone,
                                         "sms_code", request->sms_code,
                                         "password", request->password,
                                         "password_confirmation", request->password_confirmation,
                                         "name", request->name,
                                         "id_type", request->id_type,
                                         "id_number", request->id_number,
                                         NULL);
  if (request->email != NULL && *request->email != '\0')
    json_object_set_string_member (body, "email", request->email);
  json_object_set_boolean_member (body, "reregister", request->reregister);

  xuexin_client_request_async (self, xuexin_client_register_async, &xuexin_reply_account,
                               "POST", "/accounts", body, cancellable, callback, user_data);
}

/**
 * xuexin_client_register_finish:
 *
 * Returns: (transfer full): the new account: active, or pending identity
 *   verification after a re-registration. It is not signed in.
 */
XuexinAccount *
xuexin_client_register_finish (XuexinClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_register_async, error);
}

