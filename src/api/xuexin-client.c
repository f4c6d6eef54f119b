/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "xuexin-client.h"
#include "xuexin-client-private.h"
#include "xuexin-degree-record.h"
#include "xuexin-enrollment-record.h"
#include "xuexin-json-private.h"
#include "xuexin-platform.h"
#include "xuexin-provider.h"

/* Answers are small JSON documents; anything bigger is not the API. */
#define MAX_RESPONSE_SIZE (1024 * 1024)

struct _XuexinClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *token;
};

G_DEFINE_FINAL_TYPE (XuexinClient, xuexin_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * xuexin_client_check_server_url:
 *
 * A configured server must use https, so that passwords and tokens never
 * cross a network in the clear; plain http is allowed on loopback only
 * (the embedded service, a local test server).
 */
gboolean
xuexin_client_check_server_url (const char  *url,
                                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  uri = g_uri_parse (url != NULL ? url : "", G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_ERROR_CODE_INVALID_FIELD,
                   _("“%s” is not a server address. Enter an address such as https://accounts.example.edu.cn/api/v1."),
                   url != NULL ? url : "");
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_ERROR_CODE_INVALID_FIELD,
               _("The server address must start with https:// so that your password is sent encrypted. "
                 "Ask your help desk for the correct address."));
  return FALSE;
}

XuexinClient *
xuexin_client_new (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (XUEXIN_TYPE_CLIENT, "base-url", base_url, NULL);
}

const char *
xuexin_client_get_base_url (XuexinClient *self)
{
  g_return_val_if_fail (XUEXIN_IS_CLIENT (self), NULL);

  return self->base_url;
}

const char *
xuexin_client_get_token (XuexinClient *self)
{
  g_return_val_if_fail (XUEXIN_IS_CLIENT (self), NULL);

  return self->token;
}

void
xuexin_client_set_token (XuexinClient *self,
                         const char   *token)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;

  /* Tokens are credentials: don't leave copies in freed memory. */
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

static GError *
error_from_transport (GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  g_debug ("Transport failure: %s", error->message);

  if (error->domain == G_TLS_ERROR)
    return g_error_new_literal (XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_TLS,
                                _("The account server’s identity could not be verified, so nothing was sent. "
                                  "Check the server address, or ask your help desk."));

  return g_error_new_literal (XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_NETWORK,
                              _("Could not reach the account server. Check your network connection and try again."));
}

static GError *
error_from_protocol (void)
{
  return g_error_new_literal (XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL,
                              _("The account server sent an answer this app does not understand. "
                                "Try again later; if it keeps happening, the app may need an update."));
}

void
xuexin_client_set_protocol_error (GError     **error,
                                  const char  *detail_format,
                                  ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, detail_format);
  detail = g_strdup_vprintf (detail_format, args);
  va_end (args);

  g_debug ("Unexpected answer: %s", detail);
  g_propagate_error (error, error_from_protocol ());
}

/* The member as a string, or NULL when it is missing or not a string:
 * an error answer is read with whatever it has, and never crashes. */
static const char *
error_member_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
error_member_int (JsonObject *object,
                  const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;

  return json_node_get_int (node);
}

static guint
retry_after_from_headers (SoupMessageHeaders *headers)
{
  const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");
  guint64 seconds = 0;

  /* Only the delay-seconds form; an HTTP date is not worth a parser. */
  if (retry_after != NULL)
    g_ascii_string_to_unsigned (retry_after, 10, 0, G_MAXINT, &seconds, NULL);

  return (guint) seconds;
}

/* Maps an API error answer (`{"error": {"code": …}}`) or, failing that,
 * the bare HTTP status to one GError of the client domain. */
static GError *
error_from_response (guint                status,
                     SoupMessageHeaders  *headers,
                     JsonNode            *root)
{
  JsonObject *error_object = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *node = json_object_get_member (object, "error");

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        error_object = json_node_get_object (node);
    }

  if (error_object != NULL)
    {
      const char *code_string = error_member_string (error_object, "code");
      const char *field = error_member_string (error_object, "field");
      const char *message = error_member_string (error_object, "message");
      gint64 retry_after = error_member_int (error_object, "retry_after");
      XuexinErrorCode code = xuexin_error_code_from_string (code_string);

      if (retry_after <= 0)
        retry_after = retry_after_from_headers (headers);

      if (code != XUEXIN_ERROR_CODE_UNKNOWN)
        return xuexin_client_error_new_api (code, field, (guint) CLAMP (retry_after, 0, G_MAXINT));

      /* A code newer than this app: the service's own sentence is the
       * best explanation there is. */
      g_debug ("Unknown API error code “%s”", code_string ? code_string : "(none)");
      if (message != NULL && *message != '\0')
        return g_error_new_literal (XUEXIN_CLIENT_ERROR, XUEXIN_ERROR_CODE_UNKNOWN, message);
    }

  if (status == 429 /* Too Many Requests */)
    return xuexin_client_error_new_api (XUEXIN_ERROR_CODE_RATE_LIMITED, NULL,
                                        retry_after_from_headers (headers));

  if (SOUP_STATUS_IS_SERVER_ERROR (status))
    return g_error_new_literal (XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_SERVER,
                                _("The account server had a problem and could not finish. Try again in a moment."));

  return error_from_protocol ();
}

static void
xuexin_client_call_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  SoupMessage *message;
  JsonNode *root = NULL;
  guint status;
  gsize size = 0;
  const char *data;

  bytes = soup_session_send_and_read_finish (session, result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error_from_transport (error));
      return;
    }

  message = soup_session_get_async_result_message (session, result);
  status = soup_message_get_status (message);
  data = g_bytes_get_data (bytes, &size);

  if (size > MAX_RESPONSE_SIZE)
    {
      g_task_return_error (task, error_from_protocol ());
      return;
    }

  if (size > 0)
    {
      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, data, size, NULL))
        root = json_parser_get_root (parser);
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, error_from_response (status,
                                                      soup_message_get_response_headers (message),
                                                      root));
      return;
    }

  if (size == 0)
    {
      g_task_return_pointer (task, json_object_new (), (GDestroyNotify) json_object_unref);
      return;
    }

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_error (task, error_from_protocol ());
      return;
    }

  g_task_return_pointer (task, json_object_ref (json_node_get_object (root)),
                         (GDestroyNotify) json_object_unref);
}

/**
 * xuexin_client_call_async:
 * @method: "GET", "POST", "PUT" or "DELETE"
 * @path: the endpoint below the base URL, e.g. "/sessions"
 * @body: (nullable): the JSON request body
 *
 * Sends one API request with the session token, if any. The endpoint
 * wrappers are built on this; it is public so that tests and new
 * endpoints can use it too.
 */
void
xuexin_client_call_async (XuexinClient        *self,
                          const char          *method,
                          const char          *path,
                          JsonObject          *body,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_call_async);

  url = g_strconcat (self->base_url, path, NULL);
  message = soup_message_new (method, url);
  if (message == NULL)
    {
      g_task_return_new_error (task, XUEXIN_CLIENT_ERROR, XUEXIN_ERROR_CODE_INVALID_FIELD,
                               _("The server address “%s” is not valid. Check the server address in the settings."),
                               self->base_url);
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", authorization);
    }

  if (body != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
      gsize length = 0;
      g_autofree char *json = json_to_string (node, FALSE);
      g_autoptr(GBytes) bytes = NULL;

      length = strlen (json);
      bytes = g_bytes_new_take (g_steal_pointer (&json), length);
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, cancellable,
                                    xuexin_client_call_cb, g_steal_pointer (&task));
}

/**
 * xuexin_client_call_finish:
 *
 * Returns: (transfer full): the answer's JSON object (empty for an empty
 *   answer), or %NULL with @error set
 */
JsonObject *
xuexin_client_call_finish (XuexinClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (XUEXIN_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ----- endpoints ----------------------------------------------------------
 *
 * Every wrapper makes its own GTask (with its own source tag), sends one
 * request with xuexin_client_call_async() and turns the answer object into
 * typed values with one parse function. Parsers check every member they
 * use (see xuexin-json-private.h): a missing or wrong-typed member is
 * XUEXIN_CLIENT_ERROR_PROTOCOL, never a crash.
 */

typedef gpointer (*ReplyParseFunc) (XuexinClient  *self,
                                    JsonObject    *reply,
                                    GError       **error);

typedef struct
{
  ReplyParseFunc  parse;
  GDestroyNotify  free_result;
  /* Sign-out: a session the server no longer knows is as good as ended. */
  gboolean        unauthorized_is_success;
} ReplyKind;

/* The non-NULL result of calls whose answer carries nothing to return. */
static gpointer
parse_nothing (XuexinClient  *self,
               JsonObject    *reply,
               GError       **error)
{
  return GINT_TO_POINTER (TRUE);
}

static void
reply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  XuexinClient *self = XUEXIN_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  const ReplyKind *kind = g_task_get_task_data (task);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  gpointer value;

  reply = xuexin_client_call_finish (self, result, &error);
  if (reply == NULL)
    {
      if (kind->unauthorized_is_success
          && xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED))
        g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A caller that gave up must not find side effects (a stored token). */
  if (g_task_return_error_if_cancelled (task))
    return;

  value = kind->parse (self, reply, &error);
  if (value == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, value, kind->free_result);
}

/* Sends the request of @task (transfer full), to be answered by @kind. */
static void
call_endpoint (XuexinClient    *self,
               GTask           *task,
               const ReplyKind *kind,
               const char      *method,
               const char      *path,
               JsonObject      *body)
{
  g_task_set_task_data (task, (gpointer) kind, NULL);
  xuexin_client_call_async (self, method, path, body, g_task_get_cancellable (task),
                            reply_cb, task);
}

static gpointer
propagate_result (XuexinClient  *self,
                  GAsyncResult  *result,
                  gpointer       source_tag,
                  GError       **error)
{
  g_return_val_if_fail (XUEXIN_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Optional request members are left out: the API reads absent as null. */
static void
body_set_string (JsonObject *body,
                 const char *member,
                 const char *value)
{
  if (value != NULL)
    json_object_set_string_member (body, member, value);
}

/* ----- answers with an account ------------------------------------------ */

static gpointer
parse_account (XuexinClient  *self,
               JsonObject    *reply,
               GError       **error)
{
  JsonObject *account = NULL;

  if (!xuexin_json_get_object (reply, "account", &account, error))
    return NULL;

  return xuexin_account_new_from_json (account, error);
}

static const ReplyKind account_reply = { parse_account, g_object_unref, FALSE };

/* A session answer (sign-in, QR sign-in): stores the token, returns the
 * account. */
static XuexinAccount *
parse_session (XuexinClient  *self,
               JsonObject    *session,
               GError       **error)
{
  g_autoptr(XuexinAccount) account = NULL;
  const char *token = NULL;

  if (!xuexin_json_get_string (session, "token", &token, error))
    return NULL;

  if (*token == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty token");
      return NULL;
    }

  account = parse_account (self, session, error);
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
  return parse_session (self, reply, error);
}

static const ReplyKind sign_in_reply = { parse_sign_in, g_object_unref, FALSE };

/* ----- verification codes ----------------------------------------------- */

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

static const ReplyKind code_sent_reply = { parse_code_sent, code_sent_free, FALSE };

static gboolean
send_code_finish (XuexinClient  *self,
                  GAsyncResult  *result,
                  gpointer       source_tag,
                  guint         *resend_after,
                  char         **sent_to,
                  GError       **error)
{
  CodeSent *sent = propagate_result (self, result, source_tag, error);

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
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (phone != NULL);

  json_object_set_string_member (body, "purpose", "register");
  json_object_set_string_member (body, "phone", phone);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_send_register_code_async);
  call_endpoint (self, task, &code_sent_reply, "POST", "/sms-codes", body);
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
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (id_number != NULL);

  json_object_set_string_member (body, "purpose", "find_username");
  json_object_set_string_member (body, "name", name);
  body_set_string (body, "id_type", id_type);
  json_object_set_string_member (body, "id_number", id_number);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_send_find_username_code_async);
  call_endpoint (self, task, &code_sent_reply, "POST", "/sms-codes", body);
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
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (login_name != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (id_number != NULL);

  json_object_set_string_member (body, "purpose", "reset_password");
  json_object_set_string_member (body, "login_name", login_name);
  json_object_set_string_member (body, "name", name);
  json_object_set_string_member (body, "id_number", id_number);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_send_reset_password_code_async);
  call_endpoint (self, task, &code_sent_reply, "POST", "/sms-codes", body);
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
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (new_phone != NULL);

  json_object_set_string_member (body, "purpose", "change_phone");
  json_object_set_string_member (body, "phone", new_phone);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_send_change_phone_code_async);
  call_endpoint (self, task, &code_sent_reply, "POST", "/sms-codes", body);
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
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (email != NULL);

  json_object_set_string_member (body, "email", email);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_send_email_code_async);
  call_endpoint (self, task, &code_sent_reply, "POST", "/me/email-codes", body);
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

/* ----- registration and sessions ---------------------------------------- */

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
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->phone != NULL);
  g_return_if_fail (request->sms_code != NULL);
  g_return_if_fail (request->password != NULL);
  g_return_if_fail (request->name != NULL);
  g_return_if_fail (request->id_number != NULL);

  json_object_set_string_member (body, "phone", request->phone);
  json_object_set_string_member (body, "sms_code", request->sms_code);
  json_object_set_string_member (body, "password", request->password);
  body_set_string (body, "password_confirmation", request->password_confirmation);
  json_object_set_string_member (body, "name", request->name);
  body_set_string (body, "id_type", request->id_type);
  json_object_set_string_member (body, "id_number", request->id_number);
  if (request->email != NULL && *request->email != '\0')
    json_object_set_string_member (body, "email", request->email);
  json_object_set_boolean_member (body, "reregister", request->reregister);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_register_async);
  call_endpoint (self, task, &account_reply, "POST", "/accounts", body);
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
  return propagate_result (self, result, xuexin_client_register_async, error);
}

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
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (login_name != NULL);
  g_return_if_fail (password != NULL);

  json_object_set_string_member (body, "login_name", login_name);
  json_object_set_string_member (body, "password", password);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_sign_in_async);
  call_endpoint (self, task, &sign_in_reply, "POST", "/sessions", body);
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
  return propagate_result (self, result, xuexin_client_sign_in_async, error);
}

static const ReplyKind sign_out_reply = { parse_nothing, NULL, TRUE };

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
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_sign_out_async);

  if (self->token == NULL)
    {
      g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
      g_object_unref (task);
      return;
    }

  /* The request has taken its Authorization header by now. */
  call_endpoint (self, task, &sign_out_reply, "DELETE", "/sessions/current", NULL);
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
  return propagate_result (self, result, xuexin_client_sign_out_async, error) != NULL;
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
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_get_me_async);
  call_endpoint (self, task, &account_reply, "GET", "/me", NULL);
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
  return propagate_result (self, result, xuexin_client_get_me_async, error);
}

/* ----- recovery --------------------------------------------------------- */

static void
add_login_name (GPtrArray  *names,
                const char *name)
{
  if (name == NULL || *name == '\0')
    return;

  if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
    g_ptr_array_add (names, g_strdup (name));
}

static gpointer
parse_login_names (XuexinClient  *self,
                   JsonObject    *reply,
                   GError       **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *accounts = NULL;
  guint length;
  guint i;

  if (!xuexin_json_get_array (reply, "accounts", &accounts, error))
    return NULL;

  length = json_array_get_length (accounts);
  for (i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (accounts, i);
      JsonObject *login_names = NULL;
      const char *phone;
      const char *id_number;
      const char *email;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          xuexin_client_set_protocol_error (error, "“accounts” item %u is not an object", i);
          return NULL;
        }

      if (!xuexin_json_get_object (json_node_get_object (node), "login_names", &login_names, error)
          || !xuexin_json_get_nullable_string (login_names, "phone", &phone, error)
          || !xuexin_json_get_nullable_string (login_names, "id_number", &id_number, error)
          || !xuexin_json_get_nullable_string (login_names, "email", &email, error))
        return NULL;

      add_login_name (names, phone);
      add_login_name (names, id_number);
      add_login_name (names, email);
    }

  g_ptr_array_add (names, NULL);
  return g_ptr_array_steal (names, NULL);
}

static const ReplyKind login_names_reply = { parse_login_names, (GDestroyNotify) g_strfreev, FALSE };

/**
 * xuexin_client_find_username_async:
 * @name: the name as on the ID
 * @id_type: (nullable): "resident_id" (default) or "other"
 * @id_number: the ID number
 * @sms_code: the code of purpose "find_username"
 *
 * Lists the login names of the accounts of the phone that received
 * @sms_code. The code is used up. Refusals: `invalid_*`, `not_found`,
 * `sms_code_invalid`, `sms_code_expired`.
 */
void
xuexin_client_find_username_async (XuexinClient        *self,
                                   const char          *name,
                                   const char          *id_type,
                                   const char          *id_number,
                                   const char          *sms_code,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (id_number != NULL);
  g_return_if_fail (sms_code != NULL);

  json_object_set_string_member (body, "name", name);
  body_set_string (body, "id_type", id_type);
  json_object_set_string_member (body, "id_number", id_number);
  json_object_set_string_member (body, "sms_code", sms_code);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_find_username_async);
  call_endpoint (self, task, &login_names_reply, "POST", "/account/find-username", body);
}

/**
 * xuexin_client_find_username_finish:
 *
 * Returns: (transfer full): the login names, without duplicates: for each
 *   account found, its phone (in full), its ID number and its email (both
 *   masked, the email only if one is bound)
 */
GStrv
xuexin_client_find_username_finish (XuexinClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return propagate_result (self, result, xuexin_client_find_username_async, error);
}

static const ReplyKind nothing_reply = { parse_nothing, NULL, FALSE };

/**
 * xuexin_client_reset_password_async:
 * @login_name: the phone, email or ID number
 * @name: the name as on the ID
 * @id_number: the ID number
 * @sms_code: the code of purpose "reset_password"
 * @password: the new password
 * @password_confirmation: the new password typed again
 *
 * Sets a new password; every session of the account ends. Refusals:
 * `not_found`, `invalid_*`, `weak_password`, `sms_code_invalid`,
 * `sms_code_expired`.
 */
void
xuexin_client_reset_password_async (XuexinClient        *self,
                                    const char          *login_name,
                                    const char          *name,
                                    const char          *id_number,
                                    const char          *sms_code,
                                    const char          *password,
                                    const char          *password_confirmation,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (login_name != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (id_number != NULL);
  g_return_if_fail (sms_code != NULL);
  g_return_if_fail (password != NULL);

  json_object_set_string_member (body, "login_name", login_name);
  json_object_set_string_member (body, "name", name);
  json_object_set_string_member (body, "id_number", id_number);
  json_object_set_string_member (body, "sms_code", sms_code);
  json_object_set_string_member (body, "password", password);
  body_set_string (body, "password_confirmation", password_confirmation);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_reset_password_async);
  call_endpoint (self, task, &nothing_reply, "POST", "/account/reset-password", body);
}

gboolean
xuexin_client_reset_password_finish (XuexinClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return propagate_result (self, result, xuexin_client_reset_password_async, error) != NULL;
}

/* ----- the signed-in account -------------------------------------------- */

static gpointer
platform_new (JsonObject  *object,
              GError     **error)
{
  return xuexin_platform_new_from_json (object, error);
}

static gpointer
parse_platforms (XuexinClient  *self,
                 JsonObject    *reply,
                 GError       **error)
{
  return xuexin_json_get_list (reply, "platforms", XUEXIN_TYPE_PLATFORM, platform_new, error);
}

static const ReplyKind platforms_reply = { parse_platforms, g_object_unref, FALSE };

/**
 * xuexin_client_get_platforms_async:
 *
 * Lists the platforms that share the account (no sign-in needed).
 */
void
xuexin_client_get_platforms_async (XuexinClient        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_get_platforms_async);
  call_endpoint (self, task, &platforms_reply, "GET", "/platforms", NULL);
}

/**
 * xuexin_client_get_platforms_finish:
 *
 * Returns: (transfer full): a list of #XuexinPlatform
 */
GListModel *
xuexin_client_get_platforms_finish (XuexinClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return propagate_result (self, result, xuexin_client_get_platforms_async, error);
}

typedef struct
{
  GListModel *enrollments;
  GListModel *degrees;
} Records;

static void
records_free (gpointer data)
{
  Records *records = data;

  g_clear_object (&records->enrollments);
  g_clear_object (&records->degrees);
  g_free (records);
}

static gpointer
enrollment_record_new (JsonObject  *object,
                       GError     **error)
{
  return xuexin_enrollment_record_new_from_json (object, error);
}

static gpointer
degree_record_new (JsonObject  *object,
                   GError     **error)
{
  return xuexin_degree_record_new_from_json (object, error);
}

static gpointer
parse_records (XuexinClient  *self,
               JsonObject    *reply,
               GError       **error)
{
  g_autoptr(GListModel) enrollments = NULL;
  g_autoptr(GListModel) degrees = NULL;
  Records *records;

  enrollments = xuexin_json_get_list (reply, "enrollments", XUEXIN_TYPE_ENROLLMENT_RECORD,
                                      enrollment_record_new, error);
  if (enrollments == NULL)
    return NULL;

  degrees = xuexin_json_get_list (reply, "degrees", XUEXIN_TYPE_DEGREE_RECORD,
                                  degree_record_new, error);
  if (degrees == NULL)
    return NULL;

  records = g_new0 (Records, 1);
  records->enrollments = g_steal_pointer (&enrollments);
  records->degrees = g_steal_pointer (&degrees);

  return records;
}

static const ReplyKind records_reply = { parse_records, records_free, FALSE };

/**
 * xuexin_client_get_records_async:
 *
 * Reads the enrollment and degree records of the signed-in person.
 * Refusals: `unauthorized`, `identity_verification_required`.
 */
void
xuexin_client_get_records_async (XuexinClient        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_get_records_async);
  call_endpoint (self, task, &records_reply, "GET", "/me/records", NULL);
}

/**
 * xuexin_client_get_records_finish:
 * @enrollments: (out) (optional) (transfer full): a list of
 *   #XuexinEnrollmentRecord
 * @degrees: (out) (optional) (transfer full): a list of
 *   #XuexinDegreeRecord
 */
gboolean
xuexin_client_get_records_finish (XuexinClient  *self,
                                  GAsyncResult  *result,
                                  GListModel   **enrollments,
                                  GListModel   **degrees,
                                  GError       **error)
{
  Records *records = propagate_result (self, result, xuexin_client_get_records_async, error);

  if (enrollments != NULL)
    *enrollments = records != NULL ? g_steal_pointer (&records->enrollments) : NULL;
  if (degrees != NULL)
    *degrees = records != NULL ? g_steal_pointer (&records->degrees) : NULL;

  if (records == NULL)
    return FALSE;

  records_free (records);
  return TRUE;
}

/**
 * xuexin_client_change_email_async:
 * @email: the new security email
 * @code: the code of purpose "bind_email" sent to it
 *
 * Binds or changes the security email. Refusals: `invalid_email`,
 * `sms_code_invalid`/`sms_code_expired` (field "code"), `email_used`.
 */
void
xuexin_client_change_email_async (XuexinClient        *self,
                                  const char          *email,
                                  const char          *code,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (code != NULL);

  json_object_set_string_member (body, "email", email);
  json_object_set_string_member (body, "code", code);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_change_email_async);
  call_endpoint (self, task, &account_reply, "PUT", "/me/email", body);
}

/**
 * xuexin_client_change_email_finish:
 *
 * Returns: (transfer full): the account with its new email
 */
XuexinAccount *
xuexin_client_change_email_finish (XuexinClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return propagate_result (self, result, xuexin_client_change_email_async, error);
}

/**
 * xuexin_client_change_phone_async:
 * @phone: the new phone
 * @sms_code: the code of purpose "change_phone" sent to it
 *
 * Changes the phone. Refusals: `invalid_phone`, `sms_code_invalid`,
 * `sms_code_expired`, `phone_taken`.
 */
void
xuexin_client_change_phone_async (XuexinClient        *self,
                                  const char          *phone,
                                  const char          *sms_code,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (phone != NULL);
  g_return_if_fail (sms_code != NULL);

  json_object_set_string_member (body, "phone", phone);
  json_object_set_string_member (body, "sms_code", sms_code);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_change_phone_async);
  call_endpoint (self, task, &account_reply, "PUT", "/me/phone", body);
}

/**
 * xuexin_client_change_phone_finish:
 *
 * Returns: (transfer full): the account with its new phone
 */
XuexinAccount *
xuexin_client_change_phone_finish (XuexinClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return propagate_result (self, result, xuexin_client_change_phone_async, error);
}

/* ----- WeChat and Alipay ------------------------------------------------ */

static gpointer
provider_new (JsonObject  *object,
              GError     **error)
{
  return xuexin_provider_new_from_json (object, error);
}

static gpointer
parse_providers (XuexinClient  *self,
                 JsonObject    *reply,
                 GError       **error)
{
  return xuexin_json_get_list (reply, "providers", XUEXIN_TYPE_PROVIDER, provider_new, error);
}

static const ReplyKind providers_reply = { parse_providers, g_object_unref, FALSE };

/**
 * xuexin_client_get_providers_async:
 *
 * Lists WeChat and Alipay with whether each is bound to the account.
 */
void
xuexin_client_get_providers_async (XuexinClient        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_get_providers_async);
  call_endpoint (self, task, &providers_reply, "GET", "/me/providers", NULL);
}

/**
 * xuexin_client_get_providers_finish:
 *
 * Returns: (transfer full): a list of #XuexinProvider
 */
GListModel *
xuexin_client_get_providers_finish (XuexinClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return propagate_result (self, result, xuexin_client_get_providers_async, error);
}

static char *build_path (const char *first,
                         ...) G_GNUC_NULL_TERMINATED;

/* A path with escaped segments, e.g. ("/me/providers", "wechat", NULL). */
static char *
build_path (const char *first,
            ...)
{
  GString *path = g_string_new (first);
  const char *segment;
  va_list args;

  va_start (args, first);
  while ((segment = va_arg (args, const char *)) != NULL)
    {
      g_string_append_c (path, '/');
      g_string_append_uri_escaped (path, segment, NULL, FALSE);
    }
  va_end (args);

  return g_string_free (path, FALSE);
}

static gpointer
parse_ticket (XuexinClient  *self,
              JsonObject    *reply,
              GError       **error)
{
  return xuexin_provider_ticket_new_from_json (reply, error);
}

static const ReplyKind ticket_reply = { parse_ticket, g_object_unref, FALSE };

typedef struct
{
  XuexinTicketStatus  status;
  char               *reason;
  char               *message;
  XuexinAccount      *account;
} TicketPoll;

static void
ticket_poll_free (gpointer data)
{
  TicketPoll *poll = data;

  g_free (poll->reason);
  g_free (poll->message);
  g_clear_object (&poll->account);
  g_free (poll);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TicketPoll, ticket_poll_free)

static const struct {
  const char         *name;
  XuexinTicketStatus  status;
} ticket_statuses[] = {
  { "pending",   XUEXIN_TICKET_STATUS_PENDING },
  { "scanned",   XUEXIN_TICKET_STATUS_SCANNED },
  { "confirmed", XUEXIN_TICKET_STATUS_CONFIRMED },
  { "used",      XUEXIN_TICKET_STATUS_USED },
  { "expired",   XUEXIN_TICKET_STATUS_EXPIRED },
  { "failed",    XUEXIN_TICKET_STATUS_FAILED },
};

static TicketPoll *
parse_ticket_status (JsonObject  *reply,
                     GError     **error)
{
  g_autoptr(TicketPoll) poll = g_new0 (TicketPoll, 1);
  const char *status;
  const char *reason = NULL;
  const char *message = NULL;
  guint i;

  if (!xuexin_json_get_string (reply, "status", &status, error))
    return NULL;

  for (i = 0; i < G_N_ELEMENTS (ticket_statuses); i++)
    {
      if (g_strcmp0 (status, ticket_statuses[i].name) == 0)
        poll->status = ticket_statuses[i].status;
    }
  if (poll->status == XUEXIN_TICKET_STATUS_UNKNOWN)
    {
      xuexin_client_set_protocol_error (error, "unknown ticket status “%s”", status);
      return NULL;
    }

  if (poll->status == XUEXIN_TICKET_STATUS_FAILED)
    {
      if (!xuexin_json_get_nullable_string (reply, "reason", &reason, error)
          || !xuexin_json_get_nullable_string (reply, "message", &message, error))
        return NULL;

      poll->reason = g_strdup (reason != NULL ? reason : "provider_error");
      poll->message = g_strdup (message);
    }

  return g_steal_pointer (&poll);
}

static gpointer
parse_bind_status (XuexinClient  *self,
                   JsonObject    *reply,
                   GError       **error)
{
  return parse_ticket_status (reply, error);
}

static const ReplyKind bind_status_reply = { parse_bind_status, ticket_poll_free, FALSE };

static gpointer
parse_sign_in_status (XuexinClient  *self,
                      JsonObject    *reply,
                      GError       **error)
{
  g_autoptr(TicketPoll) poll = parse_ticket_status (reply, error);
  JsonObject *session = NULL;

  if (poll == NULL)
    return NULL;

  /* The session comes once, with the confirmation. */
  if (poll->status == XUEXIN_TICKET_STATUS_CONFIRMED)
    {
      if (!xuexin_json_get_object (reply, "session", &session, error))
        return NULL;

      poll->account = parse_session (self, session, error);
      if (poll->account == NULL)
        return NULL;
    }

  return g_steal_pointer (&poll);
}

static const ReplyKind sign_in_status_reply = { parse_sign_in_status, ticket_poll_free, FALSE };

static XuexinTicketStatus
ticket_poll_finish (XuexinClient   *self,
                    GAsyncResult   *result,
                    gpointer        source_tag,
                    XuexinAccount **account,
                    char          **failure_reason,
                    char          **failure_message,
                    GError        **error)
{
  g_autoptr(TicketPoll) poll = propagate_result (self, result, source_tag, error);

  if (account != NULL)
    *account = poll != NULL ? g_steal_pointer (&poll->account) : NULL;
  if (failure_reason != NULL)
    *failure_reason = poll != NULL ? g_steal_pointer (&poll->reason) : NULL;
  if (failure_message != NULL)
    *failure_message = poll != NULL ? g_steal_pointer (&poll->message) : NULL;

  return poll != NULL ? poll->status : XUEXIN_TICKET_STATUS_UNKNOWN;
}

/**
 * xuexin_client_start_bind_async:
 * @provider: "wechat" or "alipay"
 *
 * Starts binding @provider to the signed-in (active) account: show the
 * ticket's QR URL, then poll with xuexin_client_poll_bind_async().
 * Refusals: `rate_limited` with retry_after and field "provider" while
 * binding is blocked after a sign-in lock (or too many tickets),
 * `forbidden` (field "provider") when already bound, `not_found` for a
 * provider that is switched off, `identity_verification_required`.
 */
void
xuexin_client_start_bind_async (XuexinClient        *self,
                                const char          *provider,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (provider != NULL);

  path = build_path ("/me/providers", provider, "bind-tickets", NULL);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_start_bind_async);
  call_endpoint (self, task, &ticket_reply, "POST", path, NULL);
}

/**
 * xuexin_client_start_bind_finish:
 *
 * Returns: (transfer full): the bind ticket
 */
XuexinProviderTicket *
xuexin_client_start_bind_finish (XuexinClient  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return propagate_result (self, result, xuexin_client_start_bind_async, error);
}

/**
 * xuexin_client_poll_bind_async:
 * @ticket: a ticket from xuexin_client_start_bind_finish()
 *
 * Asks where a binding stands. Refusal: `not_found` for unknown tickets.
 */
void
xuexin_client_poll_bind_async (XuexinClient         *self,
                               XuexinProviderTicket *ticket,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (XUEXIN_IS_PROVIDER_TICKET (ticket));

  path = build_path ("/me/providers", xuexin_provider_ticket_get_provider (ticket),
                     "bind-tickets", xuexin_provider_ticket_get_ticket (ticket), NULL);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_poll_bind_async);
  call_endpoint (self, task, &bind_status_reply, "GET", path, NULL);
}

/**
 * xuexin_client_poll_bind_finish:
 * @failure_reason: (out) (optional) (transfer full): with
 *   %XUEXIN_TICKET_STATUS_FAILED, the API's reason: "already_bound",
 *   "bind_blocked", "cancelled", "provider_error", …
 * @failure_message: (out) (optional) (transfer full) (nullable): with
 *   %XUEXIN_TICKET_STATUS_FAILED, the service's zh_CN sentence
 *
 * Returns: the status, or %XUEXIN_TICKET_STATUS_UNKNOWN with @error set
 */
XuexinTicketStatus
xuexin_client_poll_bind_finish (XuexinClient  *self,
                                GAsyncResult  *result,
                                char         **failure_reason,
                                char         **failure_message,
                                GError       **error)
{
  return ticket_poll_finish (self, result, xuexin_client_poll_bind_async,
                             NULL, failure_reason, failure_message, error);
}

/**
 * xuexin_client_unbind_provider_async:
 * @provider: "wechat" or "alipay"
 *
 * Unbinds @provider from the signed-in account. Refusal: `not_found`
 * (field "provider") when it is not bound.
 */
void
xuexin_client_unbind_provider_async (XuexinClient        *self,
                                     const char          *provider,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (provider != NULL);

  path = build_path ("/me/providers", provider, NULL);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_unbind_provider_async);
  call_endpoint (self, task, &nothing_reply, "DELETE", path, NULL);
}

gboolean
xuexin_client_unbind_provider_finish (XuexinClient  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return propagate_result (self, result, xuexin_client_unbind_provider_async, error) != NULL;
}

/**
 * xuexin_client_start_qr_sign_in_async:
 * @provider: "wechat" or "alipay"
 *
 * Starts a QR sign-in (no session needed): show the ticket's QR URL, then
 * poll with xuexin_client_poll_qr_sign_in_async(). Refusals: `not_found`
 * (provider switched off), `rate_limited`.
 */
void
xuexin_client_start_qr_sign_in_async (XuexinClient        *self,
                                      const char          *provider,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (provider != NULL);

  path = build_path ("/providers", provider, "sign-in-tickets", NULL);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_start_qr_sign_in_async);
  call_endpoint (self, task, &ticket_reply, "POST", path, NULL);
}

/**
 * xuexin_client_start_qr_sign_in_finish:
 *
 * Returns: (transfer full): the sign-in ticket
 */
XuexinProviderTicket *
xuexin_client_start_qr_sign_in_finish (XuexinClient  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return propagate_result (self, result, xuexin_client_start_qr_sign_in_async, error);
}

/**
 * xuexin_client_poll_qr_sign_in_async:
 * @ticket: a ticket from xuexin_client_start_qr_sign_in_finish()
 *
 * Asks where a QR sign-in stands. When it is confirmed, the client keeps
 * the new session's token, as after xuexin_client_sign_in_async(); the
 * server hands the session out once, later polls say "used". Refusal:
 * `not_found` for unknown tickets.
 */
void
xuexin_client_poll_qr_sign_in_async (XuexinClient         *self,
                                     XuexinProviderTicket *ticket,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (XUEXIN_IS_PROVIDER_TICKET (ticket));

  path = build_path ("/providers", xuexin_provider_ticket_get_provider (ticket),
                     "sign-in-tickets", xuexin_provider_ticket_get_ticket (ticket), NULL);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_client_poll_qr_sign_in_async);
  call_endpoint (self, task, &sign_in_status_reply, "GET", path, NULL);
}

/**
 * xuexin_client_poll_qr_sign_in_finish:
 * @account: (out) (optional) (transfer full) (nullable): with
 *   %XUEXIN_TICKET_STATUS_CONFIRMED, the signed-in account
 * @failure_reason: (out) (optional) (transfer full) (nullable): with
 *   %XUEXIN_TICKET_STATUS_FAILED, the API's reason: "not_bound",
 *   "account_cancelled", "cancelled", "provider_error", …
 * @failure_message: (out) (optional) (transfer full) (nullable): with
 *   %XUEXIN_TICKET_STATUS_FAILED, the service's zh_CN sentence
 *
 * Returns: the status, or %XUEXIN_TICKET_STATUS_UNKNOWN with @error set
 */
XuexinTicketStatus
xuexin_client_poll_qr_sign_in_finish (XuexinClient   *self,
                                      GAsyncResult   *result,
                                      XuexinAccount **account,
                                      char          **failure_reason,
                                      char          **failure_message,
                                      GError        **error)
{
  return ticket_poll_finish (self, result, xuexin_client_poll_qr_sign_in_async,
                             account, failure_reason, failure_message, error);
}

static void
soup_logger_printer (SoupLogger         *logger,
                     SoupLoggerLogLevel  level,
                     char                direction,
                     const char         *data,
                     gpointer            user_data)
{
  g_debug ("%c %s", direction, data);
}

static void
xuexin_client_constructed (GObject *object)
{
  XuexinClient *self = XUEXIN_CLIENT (object);
  g_autoptr(SoupLogger) logger = NULL;

  G_OBJECT_CLASS (xuexin_client_parent_class)->constructed (object);

  self->session = soup_session_new_with_options ("user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                                 "timeout", 30,
                                                 "idle-timeout", 60,
                                                 NULL);

  /* Request lines and status only: headers and bodies carry tokens and
   * passwords, which never go into logs. */
  logger = soup_logger_new (SOUP_LOGGER_LOG_MINIMAL);
  soup_logger_set_printer (logger, soup_logger_printer, NULL, NULL);
  soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (logger));
}

static void
xuexin_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  XuexinClient *self = XUEXIN_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  XuexinClient *self = XUEXIN_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      /* No trailing slash, so that paths can always start with one. */
      self->base_url = g_strdup (g_value_get_string (value));
      while (self->base_url != NULL && g_str_has_suffix (self->base_url, "/"))
        self->base_url[strlen (self->base_url) - 1] = '\0';
      break;

    case PROP_TOKEN:
      xuexin_client_set_token (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_client_finalize (GObject *object)
{
  XuexinClient *self = XUEXIN_CLIENT (object);

  xuexin_client_set_token (self, NULL);
  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (xuexin_client_parent_class)->finalize (object);
}

static void
xuexin_client_class_init (XuexinClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = xuexin_client_constructed;
  object_class->finalize = xuexin_client_finalize;
  object_class->get_property = xuexin_client_get_property;
  object_class->set_property = xuexin_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_client_init (XuexinClient *self)
{
}
