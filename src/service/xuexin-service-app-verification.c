/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "xuexin-service-accounts.h"
#include "xuexin-service-app-verification.h"
#include "xuexin-service-crypto.h"
#include "xuexin-service-http.h"
#include "xuexin-service-identity.h"
#include "xuexin-service-throttle.h"

/*
 * Identity path 1 (APP自助验证, FAQ 5). The desktop cannot check a face;
 * the 学信网 mobile app can. The flow is the QR sign-in's:
 *
 *   POST /me/identity/app-verification → a ticket (polled by its id, by
 *   its own account only) and a QR URL that carries the ticket's order
 *   id; the phone opens it;
 *   pending → scanned → passed | failed; pending and scanned tickets read
 *   expired after app_verification_ttl.
 *
 * A verification provider decides the ticket:
 *   - simulated (default): the QR URL is a page of this service that
 *     plays the app (the account's masked name and ID number, 通过 and
 *     不通过), answered with a form POST;
 *   - webhook: a face-verification vendor. Starting a ticket POSTs a
 *     signed order to app_verification_order_url, off the database pool
 *     (the request is suspended while the vendor answers, as in the
 *     WeChat code exchange); the vendor's answer gives the QR URL, and
 *     its result arrives at a callback signed with HMAC-SHA256 over the
 *     timestamp and the raw body. Unsigned, badly signed, stale and
 *     replayed callbacks are refused and audited.
 *
 * Attempts are counted first: starting a ticket reserves one of the
 * day's attempts; a pass clears them, a failure keeps its attempt, and a
 * ticket that ends without a result (expired, vendor unreachable) gives
 * its attempt back.
 */

#define POLL_INTERVAL 2

#define TICKET_COLUMNS \
  "id, ticket, order_id, account_id, provider, status, reason, qr_url, created_at, " \
  "expires_at, decided_at"

typedef struct {
  gint64  id;
  char   *ticket;
  char   *order_id;
  gint64  account_id;
  char   *provider;
  char   *status;
  char   *reason;
  char   *qr_url;
  gint64  created_at;
  gint64  expires_at;
  gint64  decided_at;
} AppTicket;

static void
app_ticket_clear (AppTicket *ticket)
{
  g_clear_pointer (&ticket->ticket, g_free);
  g_clear_pointer (&ticket->order_id, g_free);
  g_clear_pointer (&ticket->provider, g_free);
  g_clear_pointer (&ticket->status, g_free);
  g_clear_pointer (&ticket->reason, g_free);
  g_clear_pointer (&ticket->qr_url, g_free);
  memset (ticket, 0, sizeof *ticket);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AppTicket, app_ticket_clear)

/* ----- providers ---------------------------------------------------------- */

typedef struct _AppProvider AppProvider;

struct _AppProvider {
  const char  *id;
  /* The QR URL of a simulated provider; NULL for a vendor, whose order
   * answer gives it. */
  char        *(*qr_url)        (XsRequest         *req,
                                 const char        *order_id);
  /* The vendor's order request (signed). */
  SoupMessage *(*order_request) (XsRequest         *req,
                                 const AppTicket   *ticket,
                                 const Account     *account,
                                 GError           **error);
  /* The QR URL in the vendor's answer. */
  char        *(*order_answer)  (SoupMessage       *msg,
                                 GBytes            *body,
                                 GError           **error);
};

static char *
simulated_qr_url (XsRequest  *req,
                  const char *order_id)
{
  return g_strdup_printf ("%s/app-verification/simulate?order=%s", req->public_base_url,
                          order_id);
}

char *
xs_app_verification_sign (const char *secret,
                          const char *timestamp,
                          const void *body,
                          gsize       length)
{
  crypto_auth_hmacsha256_state state;
  guint8 mac[crypto_auth_hmacsha256_BYTES];
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];

  crypto_auth_hmacsha256_init (&state, (const guint8 *) secret, strlen (secret));
  crypto_auth_hmacsha256_update (&state, (const guint8 *) timestamp, strlen (timestamp));
  crypto_auth_hmacsha256_update (&state, (const guint8 *) ".", 1);
  crypto_auth_hmacsha256_update (&state, body, length);
  crypto_auth_hmacsha256_final (&state, mac);
  sodium_bin2hex (hex, sizeof hex, mac, sizeof mac);

  return g_strdup (hex);
}

static SoupMessage *
webhook_order_request (XsRequest        *req,
                       const AppTicket  *ticket,
                       const Account    *account,
                       GError          **error)
{
  const XuexinServiceConfig *config = req->config;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *callback = g_strdup_printf ("%s/app-verification/callback",
                                               req->public_base_url);
  g_autofree char *timestamp = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                req->now / XS_USEC_PER_SEC);
  g_autofree char *signature = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessage *msg;
  gsize length = 0;

  msg = soup_message_new (SOUP_METHOD_POST, config->app_verification_order_url);
  if (msg == NULL)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The app verification order URL is not a valid URL");
      return NULL;
    }

  /* The vendor compares the face with the registered identity: it needs
   * the name and ID number in full. */
  json_builder_begin_object (builder);
  xs_builder_add_string (builder, "order_id", ticket->order_id);
  xs_builder_add_string (builder, "callback_url", callback);
  xs_builder_add_time (builder, "expires_at", ticket->expires_at);
  xs_builder_add_string (builder, "name", account->name);
  xs_builder_add_string (builder, "id_type", account->id_type);
  xs_builder_add_string (builder, "id_number", account->id_number);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  signature = xs_app_verification_sign (config->app_verification_secret, timestamp, text,
                                        length);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                XS_APP_VERIFICATION_HEADER_TIMESTAMP, timestamp);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                XS_APP_VERIFICATION_HEADER_SIGNATURE, signature);
  /* The message takes a reference of its own. */
  body = g_bytes_new_take (g_steal_pointer (&text), length);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return msg;
}

static char *
webhook_order_answer (SoupMessage  *msg,
                      GBytes       *body,
                      GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *url;

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The verification vendor answered HTTP %u", soup_message_get_status (msg));
      return NULL;
    }

  if (!xuexin_json_text_is_one_value (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body)))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The verification vendor answered more than one JSON value");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   (gssize) g_bytes_get_size (body), error))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The verification vendor did not answer a JSON object");
      return NULL;
    }

  url = json_object_get_string_member_with_default (
    json_node_get_object (json_parser_get_root (parser)), "verify_url", NULL);
  if (url == NULL || strlen (url) > 2048
      || (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://")))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The verification vendor's answer has no verify_url");
      return NULL;
    }

  return g_strdup (url);
}

static const AppProvider simulated_provider = { "simulated", simulated_qr_url, NULL, NULL };
static const AppProvider webhook_provider = {
  "webhook", NULL, webhook_order_request, webhook_order_answer,
};

/* The configured provider, or NULL when path 1 is off. */
static const AppProvider *
configured_provider (XsRequest *req)
{
  const char *id = req->config->app_verification_provider;

  if (g_strcmp0 (id, "simulated") == 0)
    return &simulated_provider;
  if (g_strcmp0 (id, "webhook") == 0)
    return &webhook_provider;

  return NULL;
}

/* ----- tickets ------------------------------------------------------------ */

static char *
attempts_key (gint64 account_id)
{
  return g_strdup_printf ("identity-app:%" G_GINT64_FORMAT, account_id);
}

static guint
daily_limit (XsRequest *req)
{
  return req->config->app_verification_daily_attempts;
}

static gboolean
ticket_load (sqlite3_stmt *stmt,
             AppTicket    *ticket)
{
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ticket->id = sqlite3_column_int64 (stmt, 0);
      ticket->ticket = g_strdup (xs_stmt_text (stmt, 1));
      ticket->order_id = g_strdup (xs_stmt_text (stmt, 2));
      ticket->account_id = sqlite3_column_int64 (stmt, 3);
      ticket->provider = g_strdup (xs_stmt_text (stmt, 4));
      ticket->status = g_strdup (xs_stmt_text (stmt, 5));
      ticket->reason = g_strdup (xs_stmt_text (stmt, 6));
      ticket->qr_url = g_strdup (xs_stmt_text (stmt, 7));
      ticket->created_at = sqlite3_column_int64 (stmt, 8);
      ticket->expires_at = sqlite3_column_int64 (stmt, 9);
      ticket->decided_at = sqlite3_column_int64 (stmt, 10);
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}

static gboolean
ticket_load_by_id (XsRequest  *req,
                   const char *id,
                   AppTicket  *ticket)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT " TICKET_COLUMNS " FROM app_verifications WHERE ticket = ?1");

  if (stmt == NULL || id == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, id);
  return ticket_load (stmt, ticket);
}

static gboolean
ticket_load_by_order (XsRequest  *req,
                      const char *order_id,
                      const char *provider,
                      AppTicket  *ticket)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT " TICKET_COLUMNS " FROM app_verifications WHERE order_id = ?1 AND provider = ?2");

  if (stmt == NULL || order_id == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, order_id);
  xs_stmt_bind_text (stmt, 2, provider);
  return ticket_load (stmt, ticket);
}

/* The account's open ticket (pending or scanned, not expired). */
static gboolean
ticket_load_open (XsRequest *req,
                  gint64     account_id,
                  AppTicket *ticket)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT " TICKET_COLUMNS " FROM app_verifications WHERE account_id = ?1 "
    "AND status IN ('pending', 'scanned') AND expires_at > ?2 ORDER BY expires_at DESC LIMIT 1");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, req->now);
  return ticket_load (stmt, ticket);
}

static gboolean
ticket_is_waiting (const AppTicket *ticket)
{
  return g_strcmp0 (ticket->status, "pending") == 0
         || g_strcmp0 (ticket->status, "scanned") == 0;
}

static gboolean
ticket_is_open (XsRequest       *req,
                const AppTicket *ticket)
{
  return ticket_is_waiting (ticket) && req->now < ticket->expires_at;
}

static const char *
ticket_visible_status (XsRequest       *req,
                       const AppTicket *ticket)
{
  if (ticket_is_waiting (ticket) && req->now >= ticket->expires_at)
    return "expired";

  return ticket->status;
}

static gboolean
ticket_set_status (XsRequest  *req,
                   gint64      id,
                   const char *status,
                   const char *reason)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "UPDATE app_verifications SET status = ?2, reason = ?3, "
    "decided_at = CASE WHEN ?2 IN ('passed', 'failed', 'expired') THEN ?4 ELSE decided_at END "
    "WHERE id = ?1");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  xs_stmt_bind_text (stmt, 2, status);
  xs_stmt_bind_text (stmt, 3, reason);
  sqlite3_bind_int64 (stmt, 4, req->now);
  return xs_db_step_done (req->db, stmt);
}

/* A ticket that ended without a result gives its attempt back, once:
 * whoever marks it expired (or failed with provider_error) releases. */
static gboolean
close_without_result (XsRequest  *req,
                      gint64      id,
                      gint64      account_id,
                      const char *status,
                      const char *reason)
{
  g_autofree char *key = attempts_key (account_id);
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "UPDATE app_verifications SET status = ?2, reason = ?3, decided_at = ?4 "
    "WHERE id = ?1 AND status IN ('pending', 'scanned')");
  gboolean changed;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  xs_stmt_bind_text (stmt, 2, status);
  xs_stmt_bind_text (stmt, 3, reason);
  sqlite3_bind_int64 (stmt, 4, req->now);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;
  changed = sqlite3_changes (xs_db_get_handle (req->db)) > 0;

  return !changed || xs_throttle_release_window (req, key);
}

/* The ticket as the API shows it. */
static void
add_ticket (XsRequest       *req,
            JsonBuilder     *builder,
            const AppTicket *ticket)
{
  const char *status = ticket_visible_status (req, ticket);

  json_builder_begin_object (builder);
  xs_builder_add_string (builder, "ticket", ticket->ticket);
  xs_builder_add_string (builder, "provider", ticket->provider);
  xs_builder_add_string (builder, "state", status);
  xs_builder_add_string (builder, "qr_url", ticket_is_open (req, ticket) ? ticket->qr_url : NULL);
  xs_builder_add_time (builder, "created_at", ticket->created_at);
  xs_builder_add_time (builder, "expires_at", ticket->expires_at);
  xs_builder_add_int (builder, "expires_in",
                      MAX (ticket->expires_at - req->now, 0) / XS_USEC_PER_SEC);
  xs_builder_add_int (builder, "poll_interval", POLL_INTERVAL);
  xs_builder_add_time (builder, "decided_at", ticket->decided_at);

  if (g_strcmp0 (status, "failed") == 0)
    {
      g_autofree char *key = attempts_key (ticket->account_id);
      gint64 wait = 0;
      guint remaining = xs_throttle_window_remaining (req, key, daily_limit (req), XS_DAY,
                                                      &wait);

      xs_builder_add_string (builder, "reason", ticket->reason);
      xs_builder_add_int (builder, "remaining_attempts", remaining);
      json_builder_set_member_name (builder, "retry_after");
      if (remaining == 0 && wait > 0)
        json_builder_add_int_value (builder, (wait + XS_USEC_PER_SEC - 1) / XS_USEC_PER_SEC);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
}

static void
reply_ticket (XsRequest       *req,
              guint            status,
              const AppTicket *ticket)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_ticket (req, builder, ticket);
  xs_request_reply_json (req, status, builder);
}

gboolean
xs_app_verification_add_path (XsRequest   *req,
                              JsonBuilder *builder,
                              gboolean     pending)
{
  const AppProvider *provider = configured_provider (req);
  g_autofree char *key = attempts_key (req->account_id);
  g_auto(AppTicket) open = { 0, };
  gint64 wait = 0;
  guint remaining = xs_throttle_window_remaining (req, key, daily_limit (req), XS_DAY, &wait);
  gboolean has_open = ticket_load_open (req, req->account_id, &open);

  json_builder_begin_object (builder);
  xs_builder_add_string (builder, "path", XS_IDENTITY_PATH_APP);
  xs_builder_add_boolean (builder, "available", pending && provider != NULL);
  xs_builder_add_string (builder, "provider", provider != NULL ? provider->id : NULL);
  xs_builder_add_int (builder, "daily_limit", daily_limit (req));
  xs_builder_add_int (builder, "remaining_attempts", remaining);
  json_builder_set_member_name (builder, "retry_after");
  if (remaining == 0 && wait > 0)
    json_builder_add_int_value (builder, (wait + XS_USEC_PER_SEC - 1) / XS_USEC_PER_SEC);
  else
    json_builder_add_null_value (builder);
  xs_builder_add_int (builder, "ticket_ttl", req->config->app_verification_ttl);
  json_builder_set_member_name (builder, "open_ticket");
  if (has_open)
    add_ticket (req, builder, &open);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return TRUE;
}

/* ----- POST /me/identity/app-verification --------------------------------- */

typedef struct {
  const AppProvider *provider;
  AppTicket          ticket;     /* in: the new one; out: the one answered */
  gboolean           existing;   /* out: an open ticket was there already */
} NewTicket;

static gboolean
store_ticket (XsRequest *req,
              gpointer   data)
{
  NewTicket *new = data;
  sqlite3_stmt *stmt;

  /* Under the write lock: of two concurrent starts, one ticket. */
  {
    g_auto(AppTicket) open = { 0, };

    if (ticket_load_open (req, req->account_id, &open))
      {
        app_ticket_clear (&new->ticket);
        new->ticket = open;
        memset (&open, 0, sizeof open);
        new->existing = TRUE;
        return TRUE;
      }
  }

  stmt = xs_db_prepare (req->db,
    "INSERT INTO app_verifications (ticket, order_id, account_id, provider, qr_url, "
    "created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, new->ticket.ticket);
  xs_stmt_bind_text (stmt, 2, new->ticket.order_id);
  sqlite3_bind_int64 (stmt, 3, req->account_id);
  xs_stmt_bind_text (stmt, 4, new->ticket.provider);
  xs_stmt_bind_text (stmt, 5, new->ticket.qr_url);
  sqlite3_bind_int64 (stmt, 6, new->ticket.created_at);
  sqlite3_bind_int64 (stmt, 7, new->ticket.expires_at);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;
  new->ticket.id = sqlite3_last_insert_rowid (xs_db_get_handle (req->db));

  return xs_db_insert_audit (req->db, req->account_id, "identity_app_started", req->now,
                             req->client_ip, new->provider->id) > 0;
}

/* While the vendor creates the order. */
typedef struct {
  const AppProvider *provider;
  AppTicket          ticket;
  SoupMessage       *order_request;
  char              *qr_url;   /* the answer */
  GError            *error;    /* or why there is none */
} Order;

static void
order_free (gpointer data)
{
  Order *order = data;

  app_ticket_clear (&order->ticket);
  g_clear_object (&order->order_request);
  g_free (order->qr_url);
  g_clear_error (&order->error);
  g_free (order);
}

/* Back on the database pool. */
static void
finish_order (XsRequest *req)
{
  Order *order = req->handler_data;
  sqlite3_stmt *stmt;

  if (order->error != NULL)
    {
      g_warning ("Creating an app verification order failed: %s", order->error->message);
      if (!close_without_result (req, order->ticket.id, order->ticket.account_id, "failed",
                                 "provider_error"))
        {
          xs_request_internal_error (req, "closing an app verification");
          return;
        }
      g_free (order->ticket.status);
      order->ticket.status = g_strdup ("failed");
      g_free (order->ticket.reason);
      order->ticket.reason = g_strdup ("provider_error");
      order->ticket.decided_at = req->now;
      reply_ticket (req, SOUP_STATUS_CREATED, &order->ticket);
      return;
    }

  stmt = xs_db_prepare (req->db, "UPDATE app_verifications SET qr_url = ?2 WHERE id = ?1");
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "storing an app verification order");
      return;
    }
  sqlite3_bind_int64 (stmt, 1, order->ticket.id);
  xs_stmt_bind_text (stmt, 2, order->qr_url);
  if (!xs_db_step_done (req->db, stmt))
    {
      xs_request_internal_error (req, "storing an app verification order");
      return;
    }

  order->ticket.qr_url = g_steal_pointer (&order->qr_url);
  reply_ticket (req, SOUP_STATUS_CREATED, &order->ticket);
}

/* On the HTTP client's thread. */
static void
order_answered_cb (SoupMessage  *msg,
                   GBytes       *body,
                   const GError *error,
                   gpointer      data)
{
  XsRequest *req = data;
  Order *order = req->handler_data;

  if (error != NULL)
    order->error = g_error_copy (error);
  else
    order->qr_url = order->provider->order_answer (msg, body, &order->error);

  xs_request_resume (req, finish_order);
}

/* On the worker, with the connection given back. */
static void
send_order (XsRequest *req)
{
  Order *order = req->handler_data;

  xs_http_client_send (req->http, g_steal_pointer (&order->order_request),
                       order_answered_cb, req);
}

void
xs_handle_app_verification_new (XsRequest *req)
{
  const AppProvider *provider = configured_provider (req);
  g_autofree char *key = attempts_key (req->account_id);
  g_auto(Account) account = { 0, };
  g_autoptr(GError) error = NULL;
  NewTicket new = { 0, };
  Order *order;

  if (g_strcmp0 (req->account_state, XS_STATE_PENDING_IDENTITY) != 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_ALREADY_VERIFIED, NULL);
      return;
    }

  if (provider == NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, "provider");
      return;
    }

  /* A second start while a ticket is open answers that ticket: it costs
   * no attempt. */
  if (ticket_load_open (req, req->account_id, &new.ticket))
    {
      reply_ticket (req, SOUP_STATUS_OK, &new.ticket);
      app_ticket_clear (&new.ticket);
      return;
    }

  /* Count first: the attempt is paid for before the check can start. */
  if (!xs_throttle_reserve_window (req, key, daily_limit (req), XS_DAY))
    return;

  new.provider = provider;
  new.ticket.ticket = xs_random_string (16);
  new.ticket.order_id = xs_random_string (16);
  new.ticket.account_id = req->account_id;
  new.ticket.provider = g_strdup (provider->id);
  new.ticket.status = g_strdup ("pending");
  new.ticket.created_at = req->now;
  new.ticket.expires_at = req->now
                          + (gint64) req->config->app_verification_ttl * XS_USEC_PER_SEC;
  if (provider->qr_url != NULL)
    new.ticket.qr_url = provider->qr_url (req, new.ticket.order_id);

  if (!xs_request_run_transaction (req, store_ticket, &new, "starting an app verification"))
    {
      xs_throttle_release_window (req, key);
      app_ticket_clear (&new.ticket);
      return;
    }

  if (new.existing)
    {
      xs_throttle_release_window (req, key);
      reply_ticket (req, SOUP_STATUS_OK, &new.ticket);
      app_ticket_clear (&new.ticket);
      return;
    }

  if (provider->order_request == NULL)
    {
      reply_ticket (req, SOUP_STATUS_CREATED, &new.ticket);
      app_ticket_clear (&new.ticket);
      return;
    }

  order = g_new0 (Order, 1);
  order->provider = provider;
  order->ticket = new.ticket;
  xs_request_set_handler_data (req, order, order_free);

  if (!xs_account_load_by_id (req->db, req->account_id, &account))
    {
      xs_request_internal_error (req, "loading an account");
      return;
    }

  order->order_request = provider->order_request (req, &order->ticket, &account, &error);
  if (order->order_request == NULL)
    {
      order->error = g_steal_pointer (&error);
      finish_order (req);
      return;
    }

  xs_request_suspend (req, send_order);
}

/* ----- GET /me/identity/app-verification/{ticket} ------------------------- */

void
xs_handle_app_verification_get (XsRequest *req)
{
  g_auto(AppTicket) ticket = { 0, };

  /* Another account's ticket is no different from none. */
  if (!ticket_load_by_id (req, req->segments[3], &ticket)
      || ticket.account_id != req->account_id)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  if (ticket_is_waiting (&ticket) && req->now >= ticket.expires_at)
    {
      if (!close_without_result (req, ticket.id, ticket.account_id, "expired", NULL))
        {
          xs_request_internal_error (req, "expiring an app verification");
          return;
        }
      g_free (ticket.status);
      ticket.status = g_strdup ("expired");
    }

  reply_ticket (req, SOUP_STATUS_OK, &ticket);
}

/* ----- results (the simulated page and the vendor callback) --------------- */

typedef struct {
  const char *provider;
  const char *order_id;
  const char *result;       /* "scanned", "passed" or "failed" */
  GPtrArray  *notify;
  AppTicket   ticket;       /* out */
  const char *outcome;      /* out: the ticket's state afterwards, or NULL: not open */
  const char *reason;       /* out: why it failed */
  /* Callbacks only: remembered against replays. */
  const guint8 *signature;
  const char *nonce;
  gboolean    replayed;     /* out */
} Result;

static gboolean
remember_callback (XsRequest *req,
                   Result    *r)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT 1 FROM app_verification_callbacks WHERE signature = ?1 "
    "UNION ALL SELECT 1 FROM app_verification_callbacks WHERE order_id = ?2 AND nonce = ?3");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, r->signature, crypto_auth_hmacsha256_BYTES, SQLITE_TRANSIENT);
  xs_stmt_bind_text (stmt, 2, r->order_id);
  xs_stmt_bind_text (stmt, 3, r->nonce);
  if (xs_db_select_int64 (stmt, NULL))
    {
      r->replayed = TRUE;
      return TRUE;
    }

  stmt = xs_db_prepare (req->db,
    "INSERT INTO app_verification_callbacks (signature, order_id, nonce, received_at) "
    "VALUES (?1, ?2, ?3, ?4)");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, r->signature, crypto_auth_hmacsha256_BYTES, SQLITE_TRANSIENT);
  xs_stmt_bind_text (stmt, 2, r->order_id);
  xs_stmt_bind_text (stmt, 3, r->nonce);
  sqlite3_bind_int64 (stmt, 4, req->now);
  return xs_db_step_done (req->db, stmt);
}

static gboolean
store_result (XsRequest *req,
              gpointer   data)
{
  Result *r = data;
  g_autoptr(GError) error = NULL;

  if (r->signature != NULL)
    {
      if (!remember_callback (req, r))
        return FALSE;
      if (r->replayed)
        return TRUE;
    }

  if (!ticket_load_by_order (req, r->order_id, r->provider, &r->ticket)
      || !ticket_is_open (req, &r->ticket))
    return TRUE;

  if (g_strcmp0 (r->result, "scanned") == 0)
    {
      r->outcome = "scanned";
      return g_strcmp0 (r->ticket.status, "scanned") == 0
             || ticket_set_status (req, r->ticket.id, "scanned", NULL);
    }

  if (g_strcmp0 (r->result, "failed") == 0)
    {
      /* The attempt reserved at the start stays counted. */
      r->outcome = "failed";
      r->reason = "verification_failed";
      return ticket_set_status (req, r->ticket.id, "failed", r->reason)
             && xs_db_insert_audit (req->db, r->ticket.account_id, "identity_app_failed",
                                    req->now, req->client_ip, r->ticket.provider) > 0;
    }

  /* Passed: the success transaction, in this one. */
  {
    g_autofree char *key = attempts_key (r->ticket.account_id);

    if (!xs_throttle_clear (req, key))
      return FALSE;
  }

  if (!xs_identity_complete_locked (req, r->ticket.account_id, XS_IDENTITY_PATH_APP,
                                    r->notify, &error))
    {
      if (error->code != XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED
          && error->code != XUEXIN_ERROR_CODE_ALREADY_VERIFIED)
        return FALSE;

      /* Another path or account came first. */
      r->outcome = "failed";
      r->reason = xuexin_error_code_to_string ((XuexinErrorCode) error->code);
      return ticket_set_status (req, r->ticket.id, "failed", r->reason);
    }

  r->outcome = "passed";
  return ticket_set_status (req, r->ticket.id, "passed", NULL);
}

/* ----- the simulated app page --------------------------------------------- */

static void
reply_page (XsRequest  *req,
            guint       status,
            const char *title,
            const char *body_html)
{
  g_free (req->response_body);
  req->response_body = g_strdup_printf (
    "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>%s</title></head><body><main><h1>%s</h1>%s</main></body></html>\n",
    title, title, body_html);
  req->content_type = "text/html; charset=utf-8";
  req->status = status;
}

static void
reply_page_message (XsRequest  *req,
                    guint       status,
                    const char *title,
                    const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  g_autofree char *body = g_strdup_printf ("<p>%s</p>", escaped);

  reply_page (req, status, title, body);
}

/* The name with all but its last characters hidden: 张晓明 → *晓明. */
char *
xs_app_verification_mask_name (const char *name)
{
  glong length = g_utf8_strlen (name, -1);
  GString *masked = g_string_new ("*");

  if (length > 1)
    g_string_append (masked, g_utf8_offset_to_pointer (name, 1));

  return g_string_free (masked, FALSE);
}

/* Only the simulated provider has a page. */
static gboolean
require_simulated (XsRequest *req)
{
  if (configured_provider (req) != &simulated_provider)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_open_page_ticket (XsRequest  *req,
                       const char *order_id,
                       AppTicket  *ticket)
{
  if (!ticket_load_by_order (req, order_id, simulated_provider.id, ticket))
    {
      reply_page_message (req, SOUP_STATUS_NOT_FOUND, "二维码无效",
                          "二维码无效，请在学信账号助手中重新获取二维码。");
      return FALSE;
    }

  if (!ticket_is_open (req, ticket))
    {
      reply_page_message (req, SOUP_STATUS_GONE, "二维码已失效",
                          "二维码已过期或已使用，请在学信账号助手中重新开始验证。");
      return FALSE;
    }

  return TRUE;
}

static gboolean
mark_scanned (XsRequest *req,
              gpointer   data)
{
  const AppTicket *ticket = data;

  return ticket_set_status (req, ticket->id, "scanned", NULL);
}

void
xs_handle_app_verification_page (XsRequest *req)
{
  const char *order_id = xs_request_get_query (req, "order");
  g_auto(AppTicket) ticket = { 0, };
  g_auto(Account) account = { 0, };
  g_autofree char *name = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *escaped_name = NULL;
  g_autofree char *escaped_id = NULL;
  g_autofree char *escaped_order = NULL;
  g_autofree char *body = NULL;

  if (!require_simulated (req) || !load_open_page_ticket (req, order_id, &ticket))
    return;

  if (g_strcmp0 (ticket.status, "pending") == 0
      && !xs_request_run_transaction (req, mark_scanned, &ticket, "scanning an app verification"))
    return;

  if (!xs_account_load_by_id (req->db, ticket.account_id, &account))
    {
      xs_request_internal_error (req, "loading an account");
      return;
    }

  name = xs_app_verification_mask_name (account.name);
  id_number = xuexin_id_number_mask (account.id_number);
  escaped_name = g_markup_escape_text (name, -1);
  escaped_id = g_markup_escape_text (id_number, -1);
  escaped_order = g_markup_escape_text (order_id, -1);
  body = g_strdup_printf (
    "<p>这是演示用的模拟学信网App页面：在真实环境中，用户用学信网App扫码后完成人脸识别。</p>"
    "<dl><dt>姓名</dt><dd>%s</dd><dt>证件号码</dt><dd>%s</dd></dl>"
    "<form method=\"post\">"
    "<input type=\"hidden\" name=\"order\" value=\"%s\">"
    "<p><button name=\"result\" value=\"passed\">通过</button> "
    "<button name=\"result\" value=\"failed\">不通过</button></p>"
    "</form>",
    escaped_name, escaped_id, escaped_order);
  reply_page (req, SOUP_STATUS_OK, "学信网App 身份验证", body);
}

static void
reply_result_page (XsRequest    *req,
                   const Result *r)
{
  if (r->outcome == NULL)
    reply_page_message (req, SOUP_STATUS_GONE, "二维码已失效",
                        "二维码已过期或已使用，请在学信账号助手中重新开始验证。");
  else if (g_strcmp0 (r->outcome, "passed") == 0)
    reply_page_message (req, SOUP_STATUS_OK, "验证通过",
                        "身份验证通过，请回到学信账号助手。");
  else if (g_strcmp0 (r->reason, "verification_failed") == 0)
    reply_page_message (req, SOUP_STATUS_OK, "验证未通过",
                        "身份验证未通过，请回到学信账号助手重新验证或选择其他验证方式。");
  else
    reply_page_message (req, SOUP_STATUS_OK, "未完成",
                        "该账号已无需验证或已注销，请回到学信账号助手。");
}

void
xs_handle_app_verification_decide (XsRequest *req)
{
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) notify = g_ptr_array_new_with_free_func (g_free);
  const char *order_id;
  const char *result;
  Result r = { 0, };

  if (!require_simulated (req))
    return;

  text = req->body ? g_strndup (g_bytes_get_data (req->body, NULL), g_bytes_get_size (req->body))
                   : g_strdup ("");
  form = soup_form_decode (text);
  order_id = g_hash_table_lookup (form, "order");
  result = g_hash_table_lookup (form, "result");
  if (g_strcmp0 (result, "passed") != 0 && g_strcmp0 (result, "failed") != 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "result");
      return;
    }
  if (order_id == NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "order");
      return;
    }

  r.provider = simulated_provider.id;
  r.order_id = order_id;
  r.result = result;
  r.notify = notify;
  if (xs_request_run_transaction (req, store_result, &r, "storing an app verification"))
    {
      xs_identity_notify_cancelled (req, notify);
      reply_result_page (req, &r);
    }
  app_ticket_clear (&r.ticket);
}

/* ----- the vendor callback ------------------------------------------------ */

static void
refuse_callback (XsRequest       *req,
                 gint64           account_id,
                 XuexinErrorCode  code,
                 const char      *why)
{
  g_info ("Refused an app verification callback: %s", why);
  /* In autocommit: a refusal is recorded whatever else failed. */
  xs_db_insert_audit (req->db, account_id, "identity_app_callback_refused", req->now,
                      req->client_ip, why);
  xs_request_reply_empty (req, 0);
  xs_request_error (req, code, NULL);
}

static const char *
signed_header (XsRequest  *req,
               const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (req->signed_headers == NULL)
    return NULL;

  return g_hash_table_lookup (req->signed_headers, lower);
}

static gboolean
parse_timestamp (const char *text,
                 gint64     *out)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32 * G_GINT64_CONSTANT (4),
                                                   &value, NULL))
    return FALSE;

  *out = (gint64) value;
  return TRUE;
}

static gboolean
valid_token (const char *text,
             gsize       max)
{
  gsize length;

  if (text == NULL)
    return FALSE;
  length = strlen (text);
  if (length == 0 || length > max)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isalnum (text[i]) && text[i] != '-' && text[i] != '_')
        return FALSE;
    }

  return TRUE;
}

void
xs_handle_app_verification_callback (XsRequest *req)
{
  const char *secret = req->config->app_verification_secret;
  const char *timestamp_text = signed_header (req, XS_APP_VERIFICATION_HEADER_TIMESTAMP);
  const char *signature_hex = signed_header (req, XS_APP_VERIFICATION_HEADER_SIGNATURE);
  g_autoptr(GPtrArray) notify = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *expected = NULL;
  guint8 signature[crypto_auth_hmacsha256_BYTES];
  gsize signature_length = 0;
  const void *body = req->body ? g_bytes_get_data (req->body, NULL) : "";
  gsize body_length = req->body ? g_bytes_get_size (req->body) : 0;
  JsonObject *object;
  gint64 timestamp = 0;
  gint64 skew;
  Result r = { 0, };

  if (configured_provider (req) != &webhook_provider)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  if (timestamp_text == NULL || signature_hex == NULL)
    {
      refuse_callback (req, 0, XUEXIN_ERROR_CODE_UNAUTHORIZED, "unsigned");
      return;
    }

  if (strlen (signature_hex) != 2 * sizeof signature
      || sodium_hex2bin (signature, sizeof signature, signature_hex, strlen (signature_hex),
                         NULL, &signature_length, NULL) != 0
      || signature_length != sizeof signature)
    {
      refuse_callback (req, 0, XUEXIN_ERROR_CODE_UNAUTHORIZED, "bad_signature");
      return;
    }

  /* Compared in constant time over exactly what the vendor signed. */
  {
    crypto_auth_hmacsha256_state state;
    guint8 mac[crypto_auth_hmacsha256_BYTES];

    crypto_auth_hmacsha256_init (&state, (const guint8 *) secret, strlen (secret));
    crypto_auth_hmacsha256_update (&state, (const guint8 *) timestamp_text,
                                   strlen (timestamp_text));
    crypto_auth_hmacsha256_update (&state, (const guint8 *) ".", 1);
    crypto_auth_hmacsha256_update (&state, body, body_length);
    crypto_auth_hmacsha256_final (&state, mac);
    if (sodium_memcmp (mac, signature, sizeof mac) != 0)
      {
        refuse_callback (req, 0, XUEXIN_ERROR_CODE_UNAUTHORIZED, "bad_signature");
        return;
      }
  }

  if (!parse_timestamp (timestamp_text, &timestamp))
    {
      refuse_callback (req, 0, XUEXIN_ERROR_CODE_INVALID_REQUEST, "bad_timestamp");
      return;
    }
  skew = timestamp - req->now / XS_USEC_PER_SEC;
  if (skew > XS_APP_VERIFICATION_CLOCK_WINDOW || skew < -XS_APP_VERIFICATION_CLOCK_WINDOW)
    {
      refuse_callback (req, 0, XUEXIN_ERROR_CODE_UNAUTHORIZED, "stale_timestamp");
      return;
    }

  if (!xuexin_json_text_is_one_value (body, (gssize) body_length)
      || !json_parser_load_from_data (parser, body, (gssize) body_length, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      refuse_callback (req, 0, XUEXIN_ERROR_CODE_INVALID_REQUEST, "bad_body");
      return;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  r.order_id = json_object_get_string_member_with_default (object, "order_id", NULL);
  r.nonce = json_object_get_string_member_with_default (object, "nonce", NULL);
  r.result = json_object_get_string_member_with_default (object, "result", NULL);
  if (!valid_token (r.order_id, 64) || !valid_token (r.nonce, 64)
      || (g_strcmp0 (r.result, "scanned") != 0 && g_strcmp0 (r.result, "passed") != 0
          && g_strcmp0 (r.result, "failed") != 0))
    {
      refuse_callback (req, 0, XUEXIN_ERROR_CODE_INVALID_REQUEST, "bad_body");
      return;
    }

  r.provider = webhook_provider.id;
  r.notify = notify;
  r.signature = signature;
  if (!xs_request_run_transaction (req, store_result, &r, "storing an app verification"))
    {
      app_ticket_clear (&r.ticket);
      return;
    }

  if (r.replayed)
    {
      g_auto(AppTicket) ticket = { 0, };

      ticket_load_by_order (req, r.order_id, webhook_provider.id, &ticket);
      refuse_callback (req, ticket.account_id, XUEXIN_ERROR_CODE_UNAUTHORIZED, "replayed");
      return;
    }

  xs_identity_notify_cancelled (req, notify);

  if (r.ticket.id == 0)
    xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
  else if (r.outcome == NULL)
    xs_request_error (req, XUEXIN_ERROR_CODE_REQUEST_CLOSED, NULL);
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      xs_builder_add_string (builder, "order_id", r.order_id);
      xs_builder_add_string (builder, "state", r.outcome);
      xs_builder_add_string (builder, "reason", r.reason);
      json_builder_end_object (builder);
      xs_request_reply_json (req, SOUP_STATUS_OK, builder);
    }
  app_ticket_clear (&r.ticket);
}
