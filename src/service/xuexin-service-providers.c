/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "xuexin-service-accounts.h"
#include "xuexin-service-crypto.h"
#include "xuexin-service-http.h"
#include "xuexin-service-providers.h"
#include "xuexin-service-sessions.h"

/*
 * WeChat and Alipay (FAQ 7 and 9).
 *
 * A ticket is what a client polls: a bind ticket belongs to a signed-in
 * account, a sign-in ticket is anonymous. Its QR payload is a URL that
 * carries the ticket's OAuth "state", never the polled ticket itself, so
 * a photographed QR code does not give the session away.
 *
 *   pending → scanned → confirmed (→ used, for sign-in tickets once the
 *   session has been handed out) or failed (with a reason); pending and
 *   scanned tickets read as expired after provider_ticket_ttl.
 *
 * A provider is a small table of functions:
 *   - simulated: the QR URL is a confirmation page served by this service
 *     (GET marks the ticket scanned, the form POST confirms it with an
 *     identity typed by the tester);
 *   - open-platform (WeChat only): the QR URL is WeChat's website login
 *     (qrconnect with appid, redirect_uri, scope snsapi_login and state);
 *     WeChat redirects to /providers/wechat/callback with a code, which is
 *     exchanged at the token endpoint for openid/unionid. The exchange
 *     holds no worker and no database connection while WeChat answers:
 *     the callback checks the ticket, suspends the request, the HTTP
 *     client's thread makes the call, and the answer resumes the request
 *     on the database pool to store the outcome.
 * A real Alipay adapter is the next step (see docs/api.md).
 */

typedef struct _Provider Provider;

struct _Provider {
  const char  *id;
  const char  *name;
  char        *(*qr_url)          (XsRequest                 *req,
                                   const Provider            *provider,
                                   const char                *state);
  /* The token request that exchanges an authorization code; NULL for
   * providers confirmed on the simulated page. */
  SoupMessage *(*token_request)   (const XuexinServiceConfig *config,
                                   const char                *code,
                                   GError                   **error);
  /* The identity in the token endpoint's answer. */
  char        *(*token_subject)   (SoupMessage               *msg,
                                   GBytes                    *body,
                                   GError                   **error);
};

static char *
simulated_qr_url (XsRequest      *req,
                  const Provider *provider,
                  const char     *state)
{
  return g_strdup_printf ("%s/providers/%s/simulate?state=%s",
                          req->public_base_url, provider->id, state);
}

static char *
wechat_qr_url (XsRequest      *req,
               const Provider *provider,
               const char     *state)
{
  const XuexinServiceConfig *config = req->config;
  g_autofree char *redirect = g_strdup_printf ("%s/providers/wechat/callback",
                                               req->public_base_url);
  g_autofree char *redirect_escaped = g_uri_escape_string (redirect, NULL, FALSE);
  g_autofree char *app_id_escaped = g_uri_escape_string (config->wechat_app_id, NULL, FALSE);

  return g_strdup_printf ("%s?appid=%s&redirect_uri=%s&response_type=code"
                          "&scope=snsapi_login&state=%s#wechat_redirect",
                          config->wechat_authorize_url, app_id_escaped, redirect_escaped,
                          state);
}

/* code → access token + openid/unionid. */
static SoupMessage *
wechat_token_request (const XuexinServiceConfig  *config,
                      const char                 *code,
                      GError                    **error)
{
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *query = NULL;

  base = g_uri_parse (config->wechat_token_url, G_URI_FLAGS_ENCODED, error);
  if (base == NULL)
    return NULL;

  query = soup_form_encode ("appid", config->wechat_app_id,
                            "secret", config->wechat_app_secret,
                            "code", code,
                            "grant_type", "authorization_code",
                            NULL);
  uri = soup_uri_copy (base, SOUP_URI_QUERY, query, SOUP_URI_NONE);
  return soup_message_new_from_uri (SOUP_METHOD_GET, uri);
}

/* The subject is the unionid when WeChat gives one (stable across the
 * developer's apps), else the openid. */
static char *
wechat_token_subject (SoupMessage  *msg,
                      GBytes       *body,
                      GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *id;

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The WeChat token endpoint answered HTTP %u", soup_message_get_status (msg));
      return NULL;
    }

  if (!xuexin_json_text_is_one_value (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body)))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The WeChat token endpoint answered more than one JSON value");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   (gssize) g_bytes_get_size (body), error))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The WeChat token endpoint did not answer a JSON object");
      return NULL;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (object, "errcode")
      && json_object_get_int_member_with_default (object, "errcode", 0) != 0)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "WeChat refused the code: %" G_GINT64_FORMAT " %s",
                   json_object_get_int_member_with_default (object, "errcode", 0),
                   json_object_get_string_member_with_default (object, "errmsg", ""));
      return NULL;
    }

  id = json_object_get_string_member_with_default (object, "unionid", NULL);
  if (id == NULL || *id == '\0')
    id = json_object_get_string_member_with_default (object, "openid", NULL);
  if (id == NULL || *id == '\0' || strlen (id) > 128)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The WeChat token answer has no openid");
      return NULL;
    }

  return g_strdup (id);
}

static const Provider simulated_wechat = { "wechat", "微信", simulated_qr_url, NULL, NULL };
static const Provider open_platform_wechat = {
  "wechat", "微信", wechat_qr_url, wechat_token_request, wechat_token_subject,
};
static const Provider simulated_alipay = { "alipay", "支付宝", simulated_qr_url, NULL, NULL };

static const Provider *
lookup_provider (XsRequest  *req,
                 const char *id)
{
  const XuexinServiceConfig *config = req->config;

  if (g_strcmp0 (id, "wechat") == 0)
    {
      if (g_strcmp0 (config->wechat_mode, "simulated") == 0)
        return &simulated_wechat;
      if (g_strcmp0 (config->wechat_mode, "open-platform") == 0)
        return &open_platform_wechat;
    }
  else if (g_strcmp0 (id, "alipay") == 0)
    {
      if (g_strcmp0 (config->alipay_mode, "simulated") == 0)
        return &simulated_alipay;
    }

  return NULL;
}

/* The provider named by path segment @index, or a not_found answer. */
static const Provider *
get_provider (XsRequest *req,
              guint      index)
{
  const Provider *provider = NULL;

  if (g_strv_length (req->segments) > index)
    provider = lookup_provider (req, req->segments[index]);
  if (provider == NULL)
    xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, "provider");

  return provider;
}

static const char *
reason_message (const char *reason)
{
  if (g_strcmp0 (reason, "not_bound") == 0)
    return "该账号尚未绑定学信网账号。请先使用用户名和密码登录，在账号管理中完成绑定后再扫码登录。";
  if (g_strcmp0 (reason, "already_bound") == 0)
    return "该账号已绑定其他学信网账号，请先在原账号中解除绑定。";
  if (g_strcmp0 (reason, "bind_blocked") == 0)
    return "操作过于频繁，操作被禁止。请2小时后再进行绑定操作。";
  if (g_strcmp0 (reason, "account_cancelled") == 0)
    return "该学信网账号已注销。";
  if (g_strcmp0 (reason, "cancelled") == 0)
    return "已取消。";
  return "第三方登录服务暂时不可用，请稍后重试或使用用户名和密码登录。";
}

/* ----- tickets ---------------------------------------------------------- */

typedef struct {
  gint64  id;
  char   *state_token;
  char   *provider;
  char   *kind;
  gint64  account_id;
  char   *status;
  char   *reason;
  char   *subject;
  gint64  expires_at;
} Ticket;

static void
ticket_clear (Ticket *ticket)
{
  g_free (ticket->state_token);
  g_free (ticket->provider);
  g_free (ticket->kind);
  g_free (ticket->status);
  g_free (ticket->reason);
  g_free (ticket->subject);
  memset (ticket, 0, sizeof *ticket);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ticket, ticket_clear)

#define TICKET_COLUMNS \
  "id, state_token, provider, kind, account_id, status, reason, subject, expires_at"

static gboolean
ticket_load (sqlite3_stmt *stmt,
             Ticket       *ticket)
{
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ticket->id = sqlite3_column_int64 (stmt, 0);
      ticket->state_token = g_strdup (xs_stmt_text (stmt, 1));
      ticket->provider = g_strdup (xs_stmt_text (stmt, 2));
      ticket->kind = g_strdup (xs_stmt_text (stmt, 3));
      ticket->account_id = sqlite3_column_int64 (stmt, 4);
      ticket->status = g_strdup (xs_stmt_text (stmt, 5));
      ticket->reason = g_strdup (xs_stmt_text (stmt, 6));
      ticket->subject = g_strdup (xs_stmt_text (stmt, 7));
      ticket->expires_at = sqlite3_column_int64 (stmt, 8);
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}

static gboolean
ticket_load_by_secret (XsRequest  *req,
                       const char *secret,
                       const char *provider,
                       const char *kind,
                       Ticket     *ticket)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT " TICKET_COLUMNS " FROM provider_tickets "
    "WHERE ticket_hash = ?1 AND provider = ?2 AND kind = ?3");
  guint8 hash[32];

  if (stmt == NULL || secret == NULL)
    return FALSE;
  xs_token_hash (secret, hash);
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  xs_stmt_bind_text (stmt, 2, provider);
  xs_stmt_bind_text (stmt, 3, kind);
  return ticket_load (stmt, ticket);
}

static gboolean
ticket_load_by_state (XsRequest  *req,
                      const char *state,
                      const char *provider,
                      Ticket     *ticket)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT " TICKET_COLUMNS " FROM provider_tickets WHERE state_token = ?1 AND provider = ?2");

  if (stmt == NULL || state == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, state);
  xs_stmt_bind_text (stmt, 2, provider);
  return ticket_load (stmt, ticket);
}

static gboolean
ticket_is_waiting (const Ticket *ticket)
{
  return g_strcmp0 (ticket->status, "pending") == 0
         || g_strcmp0 (ticket->status, "scanned") == 0;
}

static gboolean
ticket_is_open (XsRequest    *req,
                const Ticket *ticket)
{
  return ticket_is_waiting (ticket) && req->now < ticket->expires_at;
}

/* The status a client sees: open tickets past their time read expired. */
static const char *
ticket_visible_status (XsRequest    *req,
                       const Ticket *ticket)
{
  if (ticket_is_waiting (ticket) && req->now >= ticket->expires_at)
    return "expired";

  return ticket->status;
}

static gboolean
ticket_set_status (XsRequest  *req,
                   gint64      id,
                   const char *status,
                   const char *reason,
                   const char *subject,
                   gint64      account_id)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "UPDATE provider_tickets SET status = ?2, reason = ?3, subject = COALESCE (?4, subject), "
    "account_id = CASE WHEN ?5 > 0 THEN ?5 ELSE account_id END WHERE id = ?1");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  xs_stmt_bind_text (stmt, 2, status);
  xs_stmt_bind_text (stmt, 3, reason);
  xs_stmt_bind_text (stmt, 4, subject);
  sqlite3_bind_int64 (stmt, 5, account_id);
  return xs_db_step_done (req->db, stmt);
}

typedef struct {
  const Provider *provider;
  const char     *kind;
  gint64          account_id;
  const char     *state;
  guint8          hash[32];
  gint64          expires_at;
} NewTicket;

#define TICKETS_PER_IP_AND_HOUR 60

static gboolean
store_ticket (XsRequest *req,
              gpointer   data)
{
  NewTicket *ticket = data;
  gint64 hour = 3600 * XS_USEC_PER_SEC;
  gint64 recent = 0;
  gint64 oldest = 0;
  sqlite3_stmt *stmt;

  /* Tickets are cheap to ask for; cap them per client IP and hour. */
  stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*), MIN(created_at) FROM provider_tickets "
    "WHERE client_ip = ?1 AND created_at > ?2");
  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, req->client_ip);
  sqlite3_bind_int64 (stmt, 2, req->now - hour);
  xs_db_select_int64 (stmt, &recent, &oldest, NULL);

  if (recent >= TICKETS_PER_IP_AND_HOUR)
    {
      xs_request_error_retry (req, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL,
                              oldest + hour - req->now);
      return FALSE;
    }

  stmt = xs_db_prepare (req->db,
    "INSERT INTO provider_tickets (ticket_hash, state_token, provider, kind, account_id, "
    "client_ip, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, ticket->hash, sizeof ticket->hash, SQLITE_TRANSIENT);
  xs_stmt_bind_text (stmt, 2, ticket->state);
  xs_stmt_bind_text (stmt, 3, ticket->provider->id);
  xs_stmt_bind_text (stmt, 4, ticket->kind);
  if (ticket->account_id > 0)
    sqlite3_bind_int64 (stmt, 5, ticket->account_id);
  else
    sqlite3_bind_null (stmt, 5);
  xs_stmt_bind_text (stmt, 6, req->client_ip);
  sqlite3_bind_int64 (stmt, 7, req->now);
  sqlite3_bind_int64 (stmt, 8, ticket->expires_at);

  return xs_db_step_done (req->db, stmt);
}

static void
create_ticket (XsRequest      *req,
               const Provider *provider,
               const char     *kind,
               gint64          account_id)
{
  const XuexinServiceConfig *config = req->config;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *state = xs_random_string (16);
  g_autofree char *secret = NULL;
  g_autofree char *qr_url = NULL;
  NewTicket ticket = {
    .provider = provider,
    .kind = kind,
    .account_id = account_id,
    .state = state,
    .expires_at = req->now + (gint64) config->provider_ticket_ttl * XS_USEC_PER_SEC,
  };

  secret = xs_token_new (ticket.hash);
  if (!xs_request_run_transaction (req, store_ticket, &ticket, "creating a ticket"))
    return;

  qr_url = provider->qr_url (req, provider, state);

  json_builder_begin_object (builder);
  xs_builder_add_string (builder, "ticket", secret);
  xs_builder_add_string (builder, "provider", provider->id);
  xs_builder_add_string (builder, "qr_url", qr_url);
  xs_builder_add_time (builder, "expires_at", ticket.expires_at);
  xs_builder_add_int (builder, "expires_in", config->provider_ticket_ttl);
  xs_builder_add_int (builder, "poll_interval", 2);
  json_builder_end_object (builder);
  xs_request_reply_json (req, SOUP_STATUS_CREATED, builder);
}

static void
begin_ticket_status (XsRequest    *req,
                     JsonBuilder  *builder,
                     const Ticket *ticket)
{
  const char *status = ticket_visible_status (req, ticket);

  json_builder_begin_object (builder);
  xs_builder_add_string (builder, "status", status);
  xs_builder_add_string (builder, "provider", ticket->provider);
  if (g_strcmp0 (status, "failed") == 0)
    {
      xs_builder_add_string (builder, "reason",
                             ticket->reason ? ticket->reason : "provider_error");
      xs_builder_add_string (builder, "message", reason_message (ticket->reason));
    }
}

/* ----- binding ---------------------------------------------------------- */

static gint64
account_bind_blocked_until (XsRequest *req,
                            gint64     account_id)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT provider_bind_blocked_until FROM accounts WHERE id = ?1");
  gint64 until = 0;

  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, account_id);
  xs_db_select_int64 (stmt, &until, NULL);

  return until > req->now ? until : 0;
}

/* A bind ticket may outlive its account: identity verification can
 * cancel the account while the ticket waits for a scan. */
static gboolean
account_is_cancelled (XsRequest *req,
                      gint64     account_id)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT state = 'cancelled' FROM accounts WHERE id = ?1");
  gint64 cancelled = 1;

  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, account_id);
  xs_db_select_int64 (stmt, &cancelled, NULL);

  return cancelled != 0;
}

/* The account @subject of @provider is bound to, or 0. */
static gint64
linked_account (XsRequest  *req,
                const char *provider,
                const char *subject)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT account_id FROM linked_providers WHERE provider = ?1 AND subject = ?2");
  gint64 id = 0;

  if (stmt != NULL)
    {
      xs_stmt_bind_text (stmt, 1, provider);
      xs_stmt_bind_text (stmt, 2, subject);
    }
  xs_db_select_int64 (stmt, &id, NULL);

  return id;
}

static gboolean
account_has_provider (XsRequest  *req,
                      gint64      account_id,
                      const char *provider)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT 1 FROM linked_providers WHERE account_id = ?1 AND provider = ?2");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  xs_stmt_bind_text (stmt, 2, provider);
  return xs_db_select_int64 (stmt, NULL);
}

void
xs_handle_bind_ticket_new (XsRequest *req)
{
  const Provider *provider = get_provider (req, 2);
  gint64 blocked_until;

  if (provider == NULL)
    return;

  /* FAQ 7: binding stays blocked for two hours after a sign-in lock. */
  blocked_until = account_bind_blocked_until (req, req->account_id);
  if (blocked_until > 0)
    {
      xs_request_error_retry (req, XUEXIN_ERROR_CODE_RATE_LIMITED, "provider",
                              blocked_until - req->now);
      return;
    }

  if (account_has_provider (req, req->account_id, provider->id))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_FORBIDDEN, "provider");
      return;
    }

  create_ticket (req, provider, "bind", req->account_id);
}

void
xs_handle_bind_ticket_get (XsRequest *req)
{
  const Provider *provider = get_provider (req, 2);
  g_auto(Ticket) ticket = { 0, };
  g_autoptr(JsonBuilder) builder = NULL;

  if (provider == NULL)
    return;

  if (!ticket_load_by_secret (req, req->segments[4], provider->id, "bind", &ticket)
      || ticket.account_id != req->account_id)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  builder = json_builder_new ();
  begin_ticket_status (req, builder, &ticket);
  json_builder_end_object (builder);
  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

static gboolean
remove_binding (XsRequest *req,
                gpointer   data)
{
  const Provider *provider = data;
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "DELETE FROM linked_providers WHERE account_id = ?1 AND provider = ?2");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  xs_stmt_bind_text (stmt, 2, provider->id);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;

  if (sqlite3_changes (xs_db_get_handle (req->db)) == 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, "provider");
      return FALSE;
    }

  return xs_db_insert_audit (req->db, req->account_id, "provider_unbound", req->now,
                             req->client_ip, provider->id) >= 0;
}

void
xs_handle_unbind_provider (XsRequest *req)
{
  const Provider *provider = get_provider (req, 2);

  if (provider != NULL
      && xs_request_run_transaction (req, remove_binding, (gpointer) provider, "unbinding"))
    xs_request_reply_empty (req, SOUP_STATUS_NO_CONTENT);
}

/* The providers an account can bind, whether the mode is simulated or
 * not: only their ids and names. */
static const Provider * const bindable_providers[] = { &simulated_wechat, &simulated_alipay };

void
xs_handle_me_providers (XsRequest *req)
{
  g_auto(Account) account = { 0, };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt;
  guint i;

  if (!xs_account_load_by_id (req->db, req->account_id, &account))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_UNAUTHORIZED, NULL);
      return;
    }

  stmt = xs_db_prepare (req->db,
    "SELECT linked_at FROM linked_providers WHERE account_id = ?1 AND provider = ?2");
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "listing providers");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "providers");
  json_builder_begin_array (builder);
  for (i = 0; i < G_N_ELEMENTS (bindable_providers); i++)
    {
      const Provider *provider = bindable_providers[i];
      gint64 linked_at = 0;

      sqlite3_bind_int64 (stmt, 1, req->account_id);
      xs_stmt_bind_text (stmt, 2, provider->id);
      xs_db_select_int64 (stmt, &linked_at, NULL);

      json_builder_begin_object (builder);
      xs_builder_add_string (builder, "provider", provider->id);
      xs_builder_add_string (builder, "name", provider->name);
      xs_builder_add_boolean (builder, "bound", linked_at > 0);
      xs_builder_add_time (builder, "bound_at", linked_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  xs_builder_add_time (builder, "bind_blocked_until",
                       account.provider_bind_blocked_until > req->now
                       ? account.provider_bind_blocked_until : 0);
  json_builder_end_object (builder);

  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

/* ----- QR sign-in ------------------------------------------------------- */

void
xs_handle_sign_in_ticket_new (XsRequest *req)
{
  const Provider *provider = get_provider (req, 1);

  if (provider != NULL)
    create_ticket (req, provider, "sign_in", 0);
}

typedef struct {
  const Ticket *ticket;
  char         *token;       /* out */
  gint64        expires_at;  /* out */
  gboolean      raced;       /* out: another poll took the session */
} TicketSession;

static gboolean
issue_ticket_session (XsRequest *req,
                      gpointer   data)
{
  TicketSession *session = data;
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "UPDATE provider_tickets SET status = 'used' WHERE id = ?1 AND status = 'confirmed'");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session->ticket->id);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;

  if (sqlite3_changes (xs_db_get_handle (req->db)) == 0)
    {
      session->raced = TRUE;
      return TRUE;
    }

  session->token = xs_session_insert (req, session->ticket->account_id, "sign_in_provider",
                                      &session->expires_at);
  return session->token != NULL;
}

void
xs_handle_sign_in_ticket_get (XsRequest *req)
{
  const Provider *provider = get_provider (req, 1);
  g_auto(Ticket) ticket = { 0, };
  g_autoptr(JsonBuilder) builder = NULL;
  TicketSession session = { 0, };

  if (provider == NULL)
    return;

  if (!ticket_load_by_secret (req, req->segments[3], provider->id, "sign_in", &ticket))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  builder = json_builder_new ();

  /* Confirmed: hand out one session, once. */
  if (g_strcmp0 (ticket.status, "confirmed") == 0)
    {
      session.ticket = &ticket;
      if (!xs_request_run_transaction (req, issue_ticket_session, &session,
                                       "signing in with a provider"))
        {
          g_free (session.token);
          return;
        }

      if (session.raced)
        {
          g_free (ticket.status);
          ticket.status = g_strdup ("used");
        }
    }

  begin_ticket_status (req, builder, &ticket);
  if (session.token != NULL)
    {
      g_info ("Account %" G_GINT64_FORMAT " signed in with %s", ticket.account_id, provider->id);

      json_builder_set_member_name (builder, "session");
      json_builder_begin_object (builder);
      xs_session_add_json (req, builder, session.token, session.expires_at, ticket.account_id);
      json_builder_end_object (builder);
      sodium_memzero (session.token, strlen (session.token));
      g_free (session.token);
    }
  json_builder_end_object (builder);
  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

/* ----- confirmation (simulated page, provider callback) ----------------- */

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

/* Inside a transaction: binds or signs in according to the ticket kind.
 * Returns the failure reason, or NULL when confirmed. */
static const char *
confirm_ticket (XsRequest    *req,
                const Ticket *ticket,
                const char   *subject,
                gboolean     *ok)
{
  gint64 owner = linked_account (req, ticket->provider, subject);
  sqlite3_stmt *stmt;

  *ok = FALSE;

  if (g_strcmp0 (ticket->kind, "bind") == 0)
    {
      if (account_is_cancelled (req, ticket->account_id))
        return "account_cancelled";
      if (account_bind_blocked_until (req, ticket->account_id) > 0)
        return "bind_blocked";
      if (owner > 0 && owner != ticket->account_id)
        return "already_bound";
      if (owner == 0 && account_has_provider (req, ticket->account_id, ticket->provider))
        return "already_bound";

      if (owner == 0)
        {
          stmt = xs_db_prepare (req->db,
            "INSERT INTO linked_providers (provider, subject, account_id, linked_at) "
            "VALUES (?1, ?2, ?3, ?4)");
          if (stmt == NULL)
            return NULL;
          xs_stmt_bind_text (stmt, 1, ticket->provider);
          xs_stmt_bind_text (stmt, 2, subject);
          sqlite3_bind_int64 (stmt, 3, ticket->account_id);
          sqlite3_bind_int64 (stmt, 4, req->now);
          if (!xs_db_step_done (req->db, stmt)
              || xs_db_insert_audit (req->db, ticket->account_id, "provider_bound", req->now,
                                     req->client_ip, ticket->provider) < 0)
            return NULL;
        }

      *ok = ticket_set_status (req, ticket->id, "confirmed", NULL, subject, 0);
      return NULL;
    }

  /* A scan by an identity that no account has bound. */
  if (owner == 0)
    return "not_bound";

  stmt = xs_db_prepare (req->db, "SELECT state FROM accounts WHERE id = ?1");
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, owner);
  if (sqlite3_step (stmt) == SQLITE_ROW
      && g_strcmp0 (xs_stmt_text (stmt, 0), XS_STATE_CANCELLED) == 0)
    {
      sqlite3_reset (stmt);
      return "account_cancelled";
    }
  sqlite3_reset (stmt);

  *ok = ticket_set_status (req, ticket->id, "confirmed", NULL, subject, owner);
  return NULL;
}

/* Loads the open ticket a QR page refers to; otherwise answers with a
 * page saying why and returns FALSE. */
static gboolean
load_open_ticket (XsRequest      *req,
                  const Provider *provider,
                  const char     *state,
                  Ticket         *ticket)
{
  if (!ticket_load_by_state (req, state, provider->id, ticket))
    {
      reply_page_message (req, SOUP_STATUS_NOT_FOUND, "二维码无效",
                          "二维码无效，请在学信账号助手中重新获取二维码。");
      return FALSE;
    }

  if (!ticket_is_open (req, ticket))
    {
      reply_page_message (req, SOUP_STATUS_GONE, "二维码已失效",
                          "二维码已过期或已使用，请在学信账号助手中重新获取二维码。");
      return FALSE;
    }

  return TRUE;
}

typedef struct {
  const Provider *provider;
  const char     *state;
  const char     *subject;
  const char     *reason;    /* in: a failure already known; out: why it failed */
  Ticket          ticket;    /* out */
} Confirmation;

static gboolean
store_confirmation (XsRequest *req,
                    gpointer   data)
{
  Confirmation *c = data;
  gboolean ok = FALSE;

  if (!load_open_ticket (req, c->provider, c->state, &c->ticket))
    return FALSE;

  if (c->reason == NULL)
    c->reason = confirm_ticket (req, &c->ticket, c->subject, &ok);

  if (c->reason != NULL)
    ok = ticket_set_status (req, c->ticket.id, "failed", c->reason, c->subject, 0);

  return ok;
}

/* Confirms (or fails, with @failure) the ticket of @state and answers
 * with a page. */
static void
finish_confirmation (XsRequest      *req,
                     const Provider *provider,
                     const char     *state,
                     const char     *subject,
                     const char     *failure)
{
  Confirmation c = {
    .provider = provider,
    .state = state,
    .subject = subject,
    .reason = failure,
  };

  if (xs_request_run_transaction (req, store_confirmation, &c, "confirming a ticket"))
    {
      if (c.reason != NULL)
        reply_page_message (req, SOUP_STATUS_OK, "未完成", reason_message (c.reason));
      else if (g_strcmp0 (c.ticket.kind, "bind") == 0)
        reply_page_message (req, SOUP_STATUS_OK, "绑定成功",
                            "绑定成功。以后可以扫码登录学信网账号，请回到学信账号助手。");
      else
        reply_page_message (req, SOUP_STATUS_OK, "登录确认成功",
                            "已确认登录，请回到学信账号助手。");
    }

  ticket_clear (&c.ticket);
}

static gboolean
mark_scanned (XsRequest *req,
              gpointer   data)
{
  const Ticket *ticket = data;

  return ticket_set_status (req, ticket->id, "scanned", NULL, NULL, 0);
}

void
xs_handle_simulate_scan (XsRequest *req)
{
  const Provider *provider = get_provider (req, 1);
  const char *state = xs_request_get_query (req, "state");
  g_auto(Ticket) ticket = { 0, };
  g_autofree char *escaped_state = NULL;
  g_autofree char *body = NULL;

  if (provider == NULL)
    return;

  if (provider->token_request != NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  if (!load_open_ticket (req, provider, state, &ticket))
    return;

  if (g_strcmp0 (ticket.status, "pending") == 0
      && !xs_request_run_transaction (req, mark_scanned, &ticket, "scanning a ticket"))
    return;

  escaped_state = g_markup_escape_text (state, -1);
  body = g_strdup_printf (
    "<p>这是演示用的模拟%s页面：在真实环境中，用户用手机%s扫码后在手机上确认。</p>"
    "<p>%s</p>"
    "<form method=\"post\">"
    "<input type=\"hidden\" name=\"state\" value=\"%s\">"
    "<p><label>模拟的%s用户标识 <input name=\"subject\" value=\"demo-%s-user\" "
    "maxlength=\"64\" required></label></p>"
    "<p><button name=\"action\" value=\"confirm\">确认</button> "
    "<button name=\"action\" value=\"cancel\">取消</button></p>"
    "</form>",
    provider->name, provider->name,
    g_strcmp0 (ticket.kind, "bind") == 0 ? "确认将此账号绑定到学信网账号？"
                                         : "确认登录学信网账号？",
    escaped_state, provider->name, provider->id);
  reply_page (req, SOUP_STATUS_OK, g_strcmp0 (ticket.kind, "bind") == 0 ? "确认绑定" : "确认登录",
              body);
}

void
xs_handle_simulate_confirm (XsRequest *req)
{
  const Provider *provider = get_provider (req, 1);
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *text = NULL;
  const char *state;
  const char *subject;
  const char *action;

  if (provider == NULL)
    return;

  if (provider->token_request != NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  text = req->body ? g_strndup (g_bytes_get_data (req->body, NULL), g_bytes_get_size (req->body))
                   : g_strdup ("");
  form = soup_form_decode (text);
  state = g_hash_table_lookup (form, "state");
  subject = g_hash_table_lookup (form, "subject");
  action = g_hash_table_lookup (form, "action");

  if (g_strcmp0 (action, "cancel") == 0)
    {
      finish_confirmation (req, provider, state, NULL, "cancelled");
      return;
    }

  if (subject == NULL || *subject == '\0' || strlen (subject) > 64
      || !g_utf8_validate (subject, -1, NULL))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "subject");
      return;
    }

  /* Keep simulated identities apart from real ones. */
  {
    g_autofree char *scoped = g_strconcat ("simulated:", subject, NULL);
    finish_confirmation (req, provider, state, scoped, NULL);
  }
}

/* ----- the code exchange (provider callback) --------------------------- */

typedef struct {
  const Provider *provider;
  char           *state;
  SoupMessage    *token_request;
  char           *subject;   /* the answer: the identity */
  GError         *error;     /* or why there is none */
} CodeExchange;

static void
code_exchange_free (gpointer data)
{
  CodeExchange *exchange = data;

  g_free (exchange->state);
  g_clear_object (&exchange->token_request);
  g_free (exchange->subject);
  g_clear_error (&exchange->error);
  g_free (exchange);
}

/* Back on the database pool: stores what the provider said. */
static void
finish_code_exchange (XsRequest *req)
{
  CodeExchange *exchange = req->handler_data;

  if (exchange->error != NULL)
    {
      g_warning ("%s login failed: %s", exchange->provider->id, exchange->error->message);
      finish_confirmation (req, exchange->provider, exchange->state, NULL, "provider_error");
      return;
    }

  finish_confirmation (req, exchange->provider, exchange->state, exchange->subject, NULL);
}

/* On the HTTP client's thread. */
static void
token_answered_cb (SoupMessage  *msg,
                   GBytes       *body,
                   const GError *error,
                   gpointer      data)
{
  XsRequest *req = data;
  CodeExchange *exchange = req->handler_data;

  if (error != NULL)
    exchange->error = g_error_copy (error);
  else
    exchange->subject = exchange->provider->token_subject (msg, body, &exchange->error);

  xs_request_resume (req, finish_code_exchange);
}

/* On the worker, with the connection given back. */
static void
send_token_request (XsRequest *req)
{
  CodeExchange *exchange = req->handler_data;

  xs_http_client_send (req->http, g_steal_pointer (&exchange->token_request),
                       token_answered_cb, req);
}

void
xs_handle_provider_callback (XsRequest *req)
{
  const Provider *provider = get_provider (req, 1);
  const char *state = xs_request_get_query (req, "state");
  const char *code = xs_request_get_query (req, "code");
  g_autoptr(GError) error = NULL;
  g_auto(Ticket) ticket = { 0, };
  CodeExchange *exchange;

  if (provider == NULL)
    return;

  if (provider->token_request == NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  /* The user refused on the phone: WeChat comes back without a code. */
  if (code == NULL || *code == '\0')
    {
      finish_confirmation (req, provider, state, NULL, "cancelled");
      return;
    }

  /* Only a ticket that can still be confirmed is worth the call; it is
   * checked again when the answer is stored. */
  if (!load_open_ticket (req, provider, state, &ticket))
    return;

  exchange = g_new0 (CodeExchange, 1);
  exchange->provider = provider;
  exchange->state = g_strdup (state);
  xs_request_set_handler_data (req, exchange, code_exchange_free);

  exchange->token_request = provider->token_request (req->config, code, &error);
  if (exchange->token_request == NULL)
    {
      exchange->error = g_steal_pointer (&error);
      finish_code_exchange (req);
      return;
    }

  xs_request_suspend (req, send_token_request);
}
