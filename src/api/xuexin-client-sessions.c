/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-private.h"

/* Sessions (docs/api.md: POST /sessions, DELETE /sessions/current,
 * GET /me). */

XuexinAccount *
xuexin_client_parse_session (XuexinClient  *self,
                             JsonObject    *session,
                             GError       **error)
{
  g_autoptr(XuexinAccount) account = NULL;
  JsonObject *account_object = NULL;
  const char *token = NULL;

  if (!xuexin_json_get_string (session, "token", &token, error))
    return NULL;

  if (*token == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty token");
      return NULL;
    }

  if (!xuexin_json_get_object (session, "account", &account_object, error))
    return NULL;

  account = xuexin_account_new_from_json (account_object, error);
  if (account == NULL)
    return NULL;

  xuexin_client_set_token (self, token);
  return g_steal_pointer (&account);
}

static gpointer
parse_sign_in (XuexinClient  *self,
               JsonObject    *reply,
               GError       **error)
{
  return xuexin_client_parse_session (self, reply, error);
}

static const XuexinReply sign_in_reply = {
  .parse = parse_sign_in,
  .free_result = g_object_unref,
};

/**
 * xuexin_client_sign_in_async:
 * @login_name: the phone, the email or the ID number
 * @password: the password
 *
 * Signs in; on success the client keeps the session token (see
 * xuexin_client_get_token()) and sends it with every later request.
 * Refusals: `invalid_field` (empty login name or password),
 * `invalid_credentials`, `rate_limited` with retry_after,
 * `account_cancelled`.
 */
void
xuexin_client_sign_in_async (XuexinClient        *self,
                             const char          *login_name,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (login_name != NULL);
  g_return_if_fail (password != NULL);

  body = xuexin_json_object_new_strings ("login_name", login_name,
                                         "password", password,
                                         NULL);
  xuexin_client_request_async (self, xuexin_client_sign_in_async, &sign_in_reply,
                               "POST", "/sessions", body, cancellable, callback, user_data);
}

/**
 * xuexin_client_sign_in_finish:
 *
 * Returns: (transfer full): the signed-in account (possibly pending
 *   identity verification)
 */
XuexinAccount *
xuexin_client_sign_in_finish (XuexinClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_sign_in_async, error);
}

static const XuexinReply sign_out_reply = { .unauthorized_is_success = TRUE };

/**
 * xuexin_client_sign_out_async:
 *
 * Ends the session on the server. The client forgets its token at once,
 * before the answer and whatever it is, so that the app can always leave
 * the signed-in state; an `unauthorized` answer (the session had already
 * ended) counts as success. Without a token there is nothing to do and
 * the call succeeds without a request.
 */
void
xuexin_client_sign_out_async (XuexinClient        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  if (xuexin_client_get_token (self) == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, xuexin_client_sign_out_async);
      g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
      return;
    }

  /* The request has taken its Authorization header by now. */
  xuexin_client_request_async (self, xuexin_client_sign_out_async, &sign_out_reply,
                               "DELETE", "/sessions/current", NULL, cancellable, callback, user_data);
  xuexin_client_set_token (self, NULL);
}

/**
 * xuexin_client_sign_out_finish:
 *
 * Returns: %TRUE when the server ended the session (or had already); the
 *   token is gone either way
 */
gboolean
xuexin_client_sign_out_finish (XuexinClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_sign_out_async, error) != NULL;
}

/**
 * xuexin_client_get_me_async:
 *
 * Reads the signed-in account (`GET /me`; pending accounts too).
 * Refusal: `unauthorized`.
 */
void
xuexin_client_get_me_async (XuexinClient        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_get_me_async, &xuexin_reply_account,
                               "GET", "/me", NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_get_me_finish:
 *
 * Returns: (transfer full): the signed-in account
 */
XuexinAccount *
xuexin_client_get_me_finish (XuexinClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_get_me_async, error);
}
