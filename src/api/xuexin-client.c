/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "xuexin-client-private.h"
#include "xuexin-json-text.h"

/* Answers are small JSON documents; anything bigger is not the API. */
#define MAX_RESPONSE_SIZE (1024 * 1024)

struct _XuexinClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *token;
  /* An http(s) URL with a host; otherwise nothing is ever sent. */
  gboolean     base_url_valid;
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

static gboolean
uri_has_host (GUri *uri)
{
  return uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static gboolean
uri_is_http (GUri *uri)
{
  return uri_has_host (uri)
         && (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0
             || g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0);
}

/**
 * xuexin_client_check_server_url:
 *
 * A configured server must use https, so that passwords and tokens never
 * cross a network in the clear; plain http is allowed on loopback only
 * (the embedded service, a local test server).
 *
 * Returns: %TRUE when @url may be used, or %FALSE with
 *   %XUEXIN_CLIENT_ERROR_BAD_URL (and a sentence that says why)
 */
gboolean
xuexin_client_check_server_url (const char  *url,
                                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  uri = g_uri_parse (url != NULL ? url : "", G_URI_FLAGS_NONE, NULL);
  if (!uri_has_host (uri))
    {
      g_set_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_BAD_URL,
                   _("“%s” is not a server address. Enter an address such as https://accounts.example.edu.cn/api/v1."),
                   url != NULL ? url : "");
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_BAD_URL,
               _("The server address must start with https:// so that your password is sent encrypted. "
                 "Ask your help desk for the correct address."));
  return FALSE;
}

/**
 * xuexin_client_new:
 * @base_url: the API root, e.g. "https://accounts.example.edu.cn/api/v1"
 *
 * Makes a client; this never fails. Whether a configured address is
 * acceptable is xuexin_client_check_server_url()'s question. When
 * @base_url is not an http or https URL with a host, every request of the
 * client fails with %XUEXIN_CLIENT_ERROR_BAD_URL without being sent.
 */
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

/* The answer's body as JSON, or NULL when it is empty or not JSON. */
static JsonNode *
parse_body (JsonParser *parser,
            GBytes     *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  /* Trailing values would be ignored and leaked (xuexin-json-text.h). */
  if (size > 0 && xuexin_json_text_is_one_value (data, (gssize) size)
      && json_parser_load_from_data (parser, data, size, NULL))
    return json_parser_get_root (parser);

  return NULL;
}

/* Bytes, or NULL with the error of a failed send, an oversized answer or
 * a non-2xx status (then the API error its JSON body carries). */
static GBytes *
read_answer (SoupSession   *session,
             GAsyncResult  *result,
             SoupMessage  **out_message,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessage *message;
  guint status;

  bytes = soup_session_send_and_read_finish (session, result, &local_error);
  if (bytes == NULL)
    {
      g_propagate_error (error, xuexin_client_error_from_transport (local_error));
      return NULL;
    }

  message = soup_session_get_async_result_message (session, result);
  status = soup_message_get_status (message);
  *out_message = message;

  if (g_bytes_get_size (bytes) > MAX_RESPONSE_SIZE)
    {
      xuexin_client_set_protocol_error (error, "answer of %" G_GSIZE_FORMAT " bytes",
                                        g_bytes_get_size (bytes));
      return NULL;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_propagate_error (error, xuexin_client_error_from_response (status,
                                                                   soup_message_get_response_headers (message),
                                                                   parse_body (parser, bytes)));
      return NULL;
    }

  return g_steal_pointer (&bytes);
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
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessage *message = NULL;
  JsonNode *root;

  bytes = read_answer (session, result, &message, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      g_task_return_pointer (task, json_object_new (), (GDestroyNotify) json_object_unref);
      return;
    }

  root = parse_body (parser, bytes);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      xuexin_client_set_protocol_error (&error, "the answer is not a JSON object");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, json_object_ref (json_node_get_object (root)),
                         (GDestroyNotify) json_object_unref);
}

/* The answer of a raw request: its body as it came (an ID photo). Held
 * in memory only: the session has no cache. */
static void
raw_call_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SoupMessage *message = NULL;
  GBytes *bytes;

  bytes = read_answer (SOUP_SESSION (object), result, &message, &error);
  if (bytes == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/* The progress of an upload: SoupMessage::wrote-body-data counts the
 * bytes as they go out, on the thread of the session's main context. */
typedef struct
{
  XuexinUploadProgress progress;
  gpointer             data;
  GDestroyNotify       data_free;
  guint64              sent;
  guint64              total;
} UploadProgress;

static void
upload_progress_free (gpointer  user_data,
                      GClosure *closure)
{
  UploadProgress *upload = user_data;

  if (upload->data_free != NULL)
    upload->data_free (upload->data);
  g_free (upload);
}

static void
wrote_body_data_cb (SoupMessage *message,
                    guint        chunk_size,
                    gpointer     user_data)
{
  UploadProgress *upload = user_data;

  upload->sent = MIN (upload->sent + chunk_size, upload->total);
  upload->progress (upload->sent, upload->total, upload->data);
}

/* Sends one request with the session token, if any, and @body (nullable)
 * as its body of @content_type; @progress (nullable) hears of the body's
 * bytes as they are written. @answer_cb reads the answer into the task
 * (of @source_tag) that @callback gets. */
static void
call_bytes_async (XuexinClient         *self,
                  gpointer              source_tag,
                  GAsyncReadyCallback   answer_cb,
                  const char           *accept,
                  const char           *method,
                  const char           *path,
                  GBytes               *body,
                  const char           *content_type,
                  XuexinUploadProgress  progress,
                  gpointer              progress_data,
                  GDestroyNotify        progress_data_free,
                  GCancellable         *cancellable,
                  GAsyncReadyCallback   callback,
                  gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *url = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  url = g_strconcat (self->base_url, path, NULL);
  message = self->base_url_valid ? soup_message_new (method, url) : NULL;
  if (message == NULL)
    {
      if (progress_data_free != NULL)
        progress_data_free (progress_data);
      g_task_return_error (task, xuexin_client_error_new_bad_url (self->base_url));
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", accept);
  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", authorization);
    }

  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, content_type, body);

  if (progress != NULL)
    {
      UploadProgress *upload = g_new0 (UploadProgress, 1);

      upload->progress = progress;
      upload->data = progress_data;
      upload->data_free = progress_data_free;
      upload->total = body != NULL ? g_bytes_get_size (body) : 0;
      g_signal_connect_data (message, "wrote-body-data", G_CALLBACK (wrote_body_data_cb),
                             upload, upload_progress_free, 0);
    }
  else if (progress_data_free != NULL)
    progress_data_free (progress_data);

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, cancellable,
                                    answer_cb, g_steal_pointer (&task));
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
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');

  if (body != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
      char *json = json_to_string (node, FALSE);

      bytes = g_bytes_new_take (json, strlen (json));
    }

  call_bytes_async (self, xuexin_client_call_async, xuexin_client_call_cb, "application/json",
                    method, path, bytes, "application/json", NULL, NULL, NULL,
                    cancellable, callback, user_data);
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

/* ----- the request machinery of the endpoints ----------------------------
 *
 * Every endpoint (xuexin-client-<section>.c) makes its GTask here, with
 * its own source tag, sends one request with xuexin_client_call_async()
 * and turns the answer object into its result as its XuexinReply says.
 * Parsers check every member they use (see xuexin-json-private.h): a
 * missing or wrong-typed member is XUEXIN_CLIENT_ERROR_PROTOCOL, never a
 * crash.
 */

static gpointer
parse_model (const XuexinReply  *kind,
             JsonObject         *reply,
             GError            **error)
{
  JsonObject *object = reply;

  if (kind->get_item_type != NULL)
    return xuexin_json_get_list (reply, kind->member, kind->get_item_type (),
                                 kind->new_from_json, error);

  if (kind->member != NULL && !xuexin_json_get_object (reply, kind->member, &object, error))
    return NULL;

  return kind->new_from_json (object, error);
}

static void
reply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  XuexinClient *self = XUEXIN_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  const XuexinReply *kind = g_task_get_task_data (task);
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

  if (kind->parse != NULL)
    value = kind->parse (self, reply, &error);
  else if (kind->new_from_json != NULL)
    value = parse_model (kind, reply, &error);
  else
    value = GINT_TO_POINTER (TRUE);

  if (value == NULL)
    {
      /* A parse function may find nothing (a null member) without error:
       * finish then gives NULL without an error. */
      if (error == NULL)
        g_task_return_pointer (task, NULL, NULL);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (kind->parse != NULL)
    g_task_return_pointer (task, value, kind->free_result);
  else
    g_task_return_pointer (task, value, kind->new_from_json != NULL ? g_object_unref : NULL);
}

/* Sends one endpoint's request; the answer is made into the result of the
 * task (source tag @source_tag) as @reply says. */
void
xuexin_client_request_async (XuexinClient        *self,
                             gpointer             source_tag,
                             const XuexinReply   *reply,
                             const char          *method,
                             const char          *path,
                             JsonObject          *body,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) reply, NULL);
  xuexin_client_call_async (self, method, path, body, cancellable, reply_cb, task);
}

/* The same with a raw body (an ID photo) of @content_type, and the
 * progress of its upload (see call_bytes_async()). */
void
xuexin_client_request_bytes_async (XuexinClient         *self,
                                   gpointer              source_tag,
                                   const XuexinReply    *reply,
                                   const char           *method,
                                   const char           *path,
                                   GBytes               *body,
                                   const char           *content_type,
                                   XuexinUploadProgress  progress,
                                   gpointer              progress_data,
                                   GDestroyNotify        progress_data_free,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) reply, NULL);
  call_bytes_async (self, xuexin_client_call_async, xuexin_client_call_cb, "application/json",
                    method, path, body, content_type,
                    progress, progress_data, progress_data_free,
                    cancellable, reply_cb, task);
}

/* A GET whose answer is not JSON (an ID photo): finish gives its bytes
 * (free with g_bytes_unref()); an error answer is read as everywhere. */
void
xuexin_client_request_raw_async (XuexinClient        *self,
                                 gpointer             source_tag,
                                 const char          *path,
                                 const char          *accept,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  call_bytes_async (self, source_tag, raw_call_cb, accept, "GET", path, NULL, NULL,
                    NULL, NULL, NULL, cancellable, callback, user_data);
}

gpointer
xuexin_client_request_finish (XuexinClient  *self,
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

const XuexinReply xuexin_reply_account = {
  .member = "account",
  .new_from_json = (XuexinJsonObjectFunc) xuexin_account_new_from_json,
};

const XuexinReply xuexin_reply_nothing = { NULL };

char *
xuexin_client_build_path (const char *first,
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
      {
        g_autoptr(GUri) uri = g_uri_parse (self->base_url != NULL ? self->base_url : "",
                                           G_URI_FLAGS_NONE, NULL);

        self->base_url_valid = uri_is_http (uri);
      }
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
