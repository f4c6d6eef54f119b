/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include "xuexin-service-crypto.h"
#include "xuexin-service-private.h"

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

void
xs_request_reply_json (XsRequest   *req,
                       guint        status,
                       JsonBuilder *builder)
{
  g_free (req->response_body);
  req->response_body = builder_to_string (builder);
  req->status = status;
}

void
xs_request_reply_writer (XsRequest    *req,
                         guint         status,
                         XsJsonWriter *writer)
{
  g_free (req->response_body);
  req->response_body = xs_json_writer_finish (writer);
  req->status = status;
}

/* A reply without a body; status 0 takes back any reply set so far. */
void
xs_request_reply_empty (XsRequest *req,
                        guint      status)
{
  g_clear_pointer (&req->response_body, g_free);
  req->status = status;
  req->retry_after = 0;
}

gboolean
xs_request_has_reply (XsRequest *req)
{
  return req->status != 0;
}

/* The optional members of an error object. */
typedef struct {
  const char *field;
  guint       retry_after;         /* 0: absent */
  gint64      remaining_attempts;  /* < 0: absent */
  gboolean    claim;               /* claimed_by_name, claim_expires_at */
  const char *claimed_by_name;
  gint64      claim_expires_at;
} ErrorMembers;

static void
set_error (XsRequest          *req,
           XuexinErrorCode     code,
           const ErrorMembers *members)
{
  g_auto(XsJsonWriter) writer = { 0, };

  xs_json_writer_init (&writer);
  xs_json_begin_object (&writer);
  xs_json_member (&writer, "error");
  xs_json_begin_object (&writer);
  xs_json_member (&writer, "code");
  xs_json_string (&writer, xuexin_error_code_to_string (code));
  xs_json_member (&writer, "message");
  xs_json_string (&writer, xuexin_error_code_get_service_message (code));
  if (members->field != NULL)
    {
      xs_json_member (&writer, "field");
      xs_json_string (&writer, members->field);
    }
  if (members->retry_after > 0)
    {
      xs_json_member (&writer, "retry_after");
      xs_json_int (&writer, members->retry_after);
    }
  if (members->remaining_attempts >= 0)
    {
      xs_json_member (&writer, "remaining_attempts");
      xs_json_int (&writer, members->remaining_attempts);
    }
  if (members->claim)
    {
      xs_json_member (&writer, "claimed_by_name");
      xs_json_string (&writer, members->claimed_by_name);
      xs_json_member (&writer, "claim_expires_at");
      xs_json_time (&writer, members->claim_expires_at);
    }
  xs_json_end_object (&writer);
  xs_json_end_object (&writer);

  req->retry_after = members->retry_after;
  xs_request_reply_writer (req, xuexin_error_code_get_http_status (code), &writer);
}

void
xs_request_error (XsRequest       *req,
                  XuexinErrorCode  code,
                  const char      *field)
{
  set_error (req, code, &(ErrorMembers) { .field = field, .remaining_attempts = -1 });
}

void
xs_request_error_remaining (XsRequest       *req,
                            XuexinErrorCode  code,
                            guint            remaining_attempts)
{
  set_error (req, code, &(ErrorMembers) { .remaining_attempts = remaining_attempts });
}

void
xs_request_error_retry (XsRequest       *req,
                        XuexinErrorCode  code,
                        const char      *field,
                        gint64           retry_after_usec)
{
  gint64 seconds = (retry_after_usec + XS_USEC_PER_SEC - 1) / XS_USEC_PER_SEC;

  set_error (req, code, &(ErrorMembers) {
    .field = field,
    .retry_after = (guint) CLAMP (seconds, 1, G_MAXINT32),
    .remaining_attempts = -1,
  });
}

void
xs_request_error_claimed (XsRequest  *req,
                          const char *claimed_by_name,
                          gint64      claim_expires_at)
{
  set_error (req, XUEXIN_ERROR_CODE_CASE_CLAIMED, &(ErrorMembers) {
    .remaining_attempts = -1,
    .claim = TRUE,
    .claimed_by_name = claimed_by_name,
    .claim_expires_at = claimed_by_name != NULL ? claim_expires_at : 0,
  });
}

void
xs_request_internal_error (XsRequest  *req,
                           const char *what)
{
  /* The route's pattern, not the path: paths can hold ticket secrets. */
  g_warning ("Internal error while %s (%s %s)", what, req->method,
             req->route != NULL ? req->route->path : "/");
  set_error (req, XUEXIN_ERROR_CODE_INTERNAL, &(ErrorMembers) { .remaining_attempts = -1 });
}

/*
 * json-glib cuts a string at an escaped NUL ("a\u0000b" reads as "a"),
 * so a value could mean one thing to a check and another to the client.
 * Escaped NULs become escaped U+0001 (same length), which get_member()
 * refuses like every other control character. Returns a copy of @data
 * when it had any, else NULL. A backslash outside a string is a syntax
 * error anyway, so escapes need no tracking of string boundaries.
 */
static char *
replace_escaped_nuls (const char *data,
                      gsize       length)
{
  char *copy = NULL;
  gsize i;

  for (i = 0; i + 1 < length; i++)
    {
      if (data[i] != '\\')
        continue;

      if (data[i + 1] == 'u' && i + 5 < length && memcmp (data + i + 2, "0000", 4) == 0)
        {
          if (copy == NULL)
            copy = g_memdup2 (data, length);
          copy[i + 5] = '1';
        }
      i++;  /* the escaped character */
    }

  return copy;
}

/* Parses the body into a JSON object. An empty body counts as {}. */
gboolean
xs_request_parse_body (XsRequest *req)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *without_nuls = NULL;
  gsize length = 0;
  const char *data = req->body ? g_bytes_get_data (req->body, &length) : NULL;
  JsonNode *root;

  if (length == 0)
    {
      g_autoptr(JsonObject) empty = json_object_new ();

      /* json_node_init_object takes its own reference. */
      req->json = json_node_init_object (json_node_alloc (), empty);
      return TRUE;
    }

  if (!g_utf8_validate (data, (gssize) length, NULL))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_REQUEST, NULL);
      return FALSE;
    }

  without_nuls = replace_escaped_nuls (data, length);
  if (without_nuls != NULL)
    data = without_nuls;

  parser = json_parser_new_immutable ();
  if (!xuexin_json_text_is_one_value (data, (gssize) length))
    {
      g_debug ("More than one JSON value in %s %s", req->method, req->route->path);
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_REQUEST, NULL);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) length, &error))
    {
      g_debug ("Malformed JSON in %s %s: %s", req->method, req->route->path, error->message);
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_REQUEST, NULL);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_REQUEST, NULL);
      return FALSE;
    }

  req->json = json_node_ref (root);
  return TRUE;
}

/* No member of any request takes control characters, and an escape can
 * give a string that is not UTF-8 (a lone surrogate, "\ud800"). */
static gboolean
string_is_acceptable (const char *text)
{
  const char *p;

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        return FALSE;
    }

  return TRUE;
}

/* Looks up member @field of the body. A missing or null member gives
 * *out_node NULL; one that is not a value of @type answers
 * invalid_request and returns FALSE, and a string with a control
 * character (U+0000–U+001F, U+007F) or that is not UTF-8 answers
 * invalid_field. Every getter goes through here. */
static gboolean
get_member (XsRequest  *req,
            const char *field,
            GType       type,
            JsonNode  **out_node)
{
  JsonNode *node = NULL;

  *out_node = NULL;
  if (req->json != NULL)
    node = json_object_get_member (json_node_get_object (req->json), field);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_REQUEST, field);
      return FALSE;
    }

  if (type == G_TYPE_STRING && !string_is_acceptable (json_node_get_string (node)))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, field);
      return FALSE;
    }

  *out_node = node;
  return TRUE;
}

gboolean
xs_request_get_string (XsRequest   *req,
                       const char  *field,
                       const char **out)
{
  JsonNode *node;
  gboolean ok = get_member (req, field, G_TYPE_STRING, &node);

  *out = node != NULL ? json_node_get_string (node) : NULL;
  return ok;
}

gboolean
xs_request_get_boolean (XsRequest  *req,
                        const char *field,
                        gboolean   *out)
{
  JsonNode *node;
  gboolean ok = get_member (req, field, G_TYPE_BOOLEAN, &node);

  *out = node != NULL && json_node_get_boolean (node);
  return ok;
}

gboolean
xs_request_get_required_string (XsRequest   *req,
                                const char  *field,
                                const char **out)
{
  if (!xs_request_get_string (req, field, out))
    return FALSE;

  if (*out == NULL || **out == '\0')
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, field);
      return FALSE;
    }

  return TRUE;
}

const char *
xs_request_get_query (XsRequest  *req,
                      const char *key)
{
  return req->query != NULL ? g_hash_table_lookup (req->query, key) : NULL;
}

void
xs_request_set_handler_data (XsRequest      *req,
                             gpointer        data,
                             GDestroyNotify  free_func)
{
  if (req->handler_data_free != NULL)
    req->handler_data_free (req->handler_data);
  req->handler_data = data;
  req->handler_data_free = free_func;
}

/*
 * Looks up the bearer session. Sessions end at expires_at, or when unused
 * for the idle timeout. last_seen_at is written at most once a minute so
 * that cheap GETs rarely write, and at least every quarter of the idle
 * timeout, so that a session in use never looks idle.
 */
gboolean
xs_request_authenticate (XsRequest *req)
{
  const XuexinServiceConfig *config = req->config;
  sqlite3_stmt *stmt;
  gint64 expires_at;
  gint64 last_seen_at;
  gint64 idle = (gint64) config->session_idle_timeout * XS_USEC_PER_SEC;

  if (req->bearer_token == NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_UNAUTHORIZED, NULL);
      return FALSE;
    }

  xs_token_hash (req->bearer_token, req->session_hash);

  stmt = xs_db_prepare (req->db,
    "SELECT s.account_id, s.expires_at, s.last_seen_at, a.state "
    "FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?1");
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "authenticating");
      return FALSE;
    }

  sqlite3_bind_blob (stmt, 1, req->session_hash, sizeof req->session_hash, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      xs_request_error (req, XUEXIN_ERROR_CODE_UNAUTHORIZED, NULL);
      return FALSE;
    }

  req->account_id = sqlite3_column_int64 (stmt, 0);
  expires_at = sqlite3_column_int64 (stmt, 1);
  last_seen_at = sqlite3_column_int64 (stmt, 2);
  g_free (req->account_state);
  req->account_state = g_strdup (xs_stmt_text (stmt, 3));
  sqlite3_reset (stmt);

  if (req->now >= expires_at
      || (idle > 0 && req->now >= last_seen_at + idle)
      || g_strcmp0 (req->account_state, XS_STATE_CANCELLED) == 0)
    {
      req->account_id = -1;
      xs_request_error (req, XUEXIN_ERROR_CODE_UNAUTHORIZED, NULL);
      return FALSE;
    }

  if (req->now - last_seen_at >= (idle > 0 ? MIN (60 * XS_USEC_PER_SEC, idle / 4)
                                            : 60 * XS_USEC_PER_SEC))
    {
      stmt = xs_db_prepare (req->db,
                            "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1");
      if (stmt != NULL)
        {
          sqlite3_bind_blob (stmt, 1, req->session_hash, sizeof req->session_hash,
                             SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, req->now);
          xs_db_step_done (req->db, stmt);
        }
    }

  return TRUE;
}

/*
 * Runs @func inside BEGIN IMMEDIATE … COMMIT. When @func returns FALSE
 * the transaction is rolled back; if @func did not answer the request
 * itself, the answer is internal_error. A failed commit is rolled back
 * and answered likewise.
 */
gboolean
xs_request_run_transaction (XsRequest         *req,
                            XsTransactionFunc  func,
                            gpointer           data,
                            const char        *what)
{
  if (!xs_db_begin (req->db))
    {
      xs_request_internal_error (req, "starting a transaction");
      return FALSE;
    }

  if (!func (req, data))
    {
      xs_db_rollback (req->db);
      if (!xs_request_has_reply (req))
        xs_request_internal_error (req, what);
      return FALSE;
    }

  if (!xs_db_commit (req->db))
    {
      xs_db_rollback (req->db);
      xs_request_internal_error (req, what);
      return FALSE;
    }

  return TRUE;
}
