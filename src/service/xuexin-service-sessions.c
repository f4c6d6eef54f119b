/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "xuexin-service-crypto.h"
#include "xuexin-service-sessions.h"

/*
 * Sign-in, sessions and sign-in throttling: POST /sessions,
 * DELETE /sessions/current, GET /me.
 */

/* ----- sign-in throttling ----------------------------------------------- */

/*
 * Failures are counted per account (or per unknown login name, hashed, so
 * that known and unknown names behave the same) and per client IP. From
 * the free_failures-th failure on, each failure locks for
 * sign_in_wait_step × (failures − free_failures + 1), at most
 * sign_in_wait_max. Counters are forgotten a day after the last failure.
 */

static gint64
throttle_locked_until (XsRequest  *req,
                       const char *key)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT locked_until FROM sign_in_throttle WHERE key = ?1");
  gint64 until = 0;

  if (stmt != NULL)
    xs_stmt_bind_text (stmt, 1, key);
  xs_db_select_int64 (stmt, &until, NULL);

  return until > req->now ? until : 0;
}

/* Inside a transaction. Returns the new lock end, 0 if not locked, -1 on
 * error. */
static gint64
throttle_record_failure (XsRequest  *req,
                         const char *key,
                         guint       free_failures)
{
  const XuexinServiceConfig *config = req->config;
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT failures, last_failure_at FROM sign_in_throttle WHERE key = ?1");
  gint64 failures = 0;
  gint64 last_failure_at = 0;
  gint64 locked_until = 0;

  if (stmt == NULL)
    return -1;
  xs_stmt_bind_text (stmt, 1, key);
  xs_db_select_int64 (stmt, &failures, &last_failure_at, NULL);
  if (last_failure_at <= req->now - XS_DAY)
    failures = 0;

  failures++;
  if (free_failures > 0 && failures >= free_failures)
    {
      gint64 wait = (gint64) config->sign_in_wait_step * (failures - free_failures + 1);

      wait = MIN (wait, (gint64) config->sign_in_wait_max);
      locked_until = req->now + wait * XS_USEC_PER_SEC;
    }

  stmt = xs_db_prepare (req->db,
    "INSERT INTO sign_in_throttle (key, failures, last_failure_at, locked_until) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET "
    "failures = excluded.failures, last_failure_at = excluded.last_failure_at, "
    "locked_until = excluded.locked_until");
  if (stmt == NULL)
    return -1;
  xs_stmt_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, failures);
  sqlite3_bind_int64 (stmt, 3, req->now);
  sqlite3_bind_int64 (stmt, 4, locked_until);
  if (!xs_db_step_done (req->db, stmt))
    return -1;

  return locked_until;
}

gboolean
xs_throttle_clear (XsRequest  *req,
                   const char *key)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db, "DELETE FROM sign_in_throttle WHERE key = ?1");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, key);
  return xs_db_step_done (req->db, stmt);
}

char *
xs_throttle_account_key (gint64      account_id,
                         const char *login_name)
{
  g_autofree char *hash = NULL;

  if (account_id > 0)
    return g_strdup_printf ("account:%" G_GINT64_FORMAT, account_id);

  hash = xs_secret_hash_hex ("login", login_name);
  return g_strdup_printf ("login:%s", hash);
}

/* ----- sessions --------------------------------------------------------- */

/* Inside a transaction: stores a new session (and an audit entry) and
 * returns its token, or NULL. */
char *
xs_session_insert (XsRequest  *req,
                   gint64      account_id,
                   const char *event,
                   gint64     *out_expires_at)
{
  const XuexinServiceConfig *config = req->config;
  g_autofree char *token = NULL;
  guint8 token_hash[32];
  gint64 expires_at = req->now + (gint64) config->session_lifetime * XS_USEC_PER_SEC;
  sqlite3_stmt *stmt;

  stmt = xs_db_prepare (req->db,
    "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, "
    "client_ip) VALUES (?1, ?2, ?3, ?3, ?4, ?5)");
  if (stmt == NULL)
    return NULL;

  token = xs_token_new (token_hash);
  sqlite3_bind_blob (stmt, 1, token_hash, sizeof token_hash, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, account_id);
  sqlite3_bind_int64 (stmt, 3, req->now);
  sqlite3_bind_int64 (stmt, 4, expires_at);
  xs_stmt_bind_text (stmt, 5, req->client_ip);

  if (!xs_db_step_done (req->db, stmt)
      || xs_db_insert_audit (req->db, account_id, event, req->now, req->client_ip, NULL) < 0)
    return NULL;

  *out_expires_at = expires_at;
  return g_steal_pointer (&token);
}

static void
add_session_members (XsRequest     *req,
                     JsonBuilder   *builder,
                     const char    *token,
                     gint64         expires_at,
                     const Account *account)
{
  const XuexinServiceConfig *config = req->config;

  xs_builder_add_string (builder, "token", token);
  xs_builder_add_string (builder, "token_type", "Bearer");
  xs_builder_add_time (builder, "expires_at", expires_at);
  xs_builder_add_int (builder, "expires_in", config->session_lifetime);
  xs_builder_add_int (builder, "idle_timeout", config->session_idle_timeout);
  json_builder_set_member_name (builder, "account");
  xs_account_add_json (builder, account, req->now);
}

/* Adds the members of a sign-in answer to the open object of @builder. */
gboolean
xs_session_add_json (XsRequest   *req,
                     JsonBuilder *builder,
                     const char  *token,
                     gint64       expires_at,
                     gint64       account_id)
{
  g_auto(Account) account = { 0, };

  if (!xs_account_load_by_id (req->db, account_id, &account))
    return FALSE;

  add_session_members (req, builder, token, expires_at, &account);
  return TRUE;
}

typedef struct {
  const Account *account;      /* NULL for unknown login names */
  const char    *account_key;
  const char    *ip_key;
  gint64         account_lock; /* out */
  gint64         ip_lock;      /* out */
} SignInFailure;

static gboolean
record_sign_in_failure (XsRequest *req,
                        gpointer   data)
{
  const XuexinServiceConfig *config = req->config;
  SignInFailure *failure = data;
  const Account *account = failure->account;
  sqlite3_stmt *stmt;

  failure->account_lock = throttle_record_failure (req, failure->account_key,
                                                   config->sign_in_free_failures);
  failure->ip_lock = throttle_record_failure (req, failure->ip_key,
                                              config->sign_in_ip_free_failures);
  if (failure->account_lock < 0 || failure->ip_lock < 0)
    return FALSE;

  if (account == NULL)
    return TRUE;

  if (failure->account_lock == 0)
    return xs_db_insert_audit (req->db, account->id, "sign_in_failed", req->now,
                               req->client_ip, NULL) >= 0;

  /* FAQ 7: after a lock, binding WeChat or Alipay stays blocked for two
   * hours, even if the password is reset. */
  stmt = xs_db_prepare (req->db,
                        "UPDATE accounts SET provider_bind_blocked_until = ?2 WHERE id = ?1");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account->id);
  sqlite3_bind_int64 (stmt, 2, req->now + (gint64) config->provider_bind_block * XS_USEC_PER_SEC);

  return xs_db_step_done (req->db, stmt)
         && xs_db_insert_audit (req->db, account->id, "sign_in_locked", req->now,
                                req->client_ip, NULL) >= 0;
}

static void
sign_in_failed (XsRequest     *req,
                const Account *account,
                const char    *account_key,
                const char    *ip_key)
{
  SignInFailure failure = {
    .account = account,
    .account_key = account_key,
    .ip_key = ip_key,
  };
  gint64 lock;

  if (!xs_request_run_transaction (req, record_sign_in_failure, &failure,
                                   "recording a sign-in failure"))
    return;

  lock = MAX (failure.account_lock, failure.ip_lock);
  if (lock > 0)
    xs_request_error_retry (req, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL, lock - req->now);
  else
    xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_CREDENTIALS, NULL);
}

typedef struct {
  gint64      account_id;
  const char *account_key;
  char       *token;       /* out */
  gint64      expires_at;  /* out */
} NewSession;

static gboolean
start_session (XsRequest *req,
               gpointer   data)
{
  NewSession *session = data;

  session->token = xs_session_insert (req, session->account_id, "sign_in",
                                      &session->expires_at);
  return session->token != NULL && xs_throttle_clear (req, session->account_key);
}

void
xs_handle_sign_in (XsRequest *req)
{
  NewSession session = { 0, };
  const char *login_name;
  const char *password;
  g_auto(Account) account = { 0, };
  g_autofree char *account_key = NULL;
  g_autofree char *ip_key = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  gboolean found;
  gint64 locked_until;
  gint64 expires_at = 0;

  if (!xs_request_get_required_string (req, "login_name", &login_name)
      || !xs_request_get_required_string (req, "password", &password))
    return;

  ip_key = g_strdup_printf ("ip:%s", req->client_ip);
  found = xs_account_find_by_login (req, login_name, &account);
  account_key = xs_throttle_account_key (found ? account.id : 0, login_name);

  /* A locked name or IP is refused before any hashing, whether the
   * password is right or not. */
  locked_until = MAX (throttle_locked_until (req, account_key),
                      throttle_locked_until (req, ip_key));
  if (locked_until > 0)
    {
      xs_request_error_retry (req, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL,
                              locked_until - req->now);
      return;
    }

  if (!xs_password_verify (found ? account.password_hash
                                 : xs_password_dummy_hash (req->config),
                           password)
      || !found)
    {
      sign_in_failed (req, found ? &account : NULL, account_key, ip_key);
      return;
    }

  if (g_strcmp0 (account.state, XS_STATE_CANCELLED) == 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED, NULL);
      return;
    }

  session.account_id = account.id;
  session.account_key = account_key;
  if (!xs_request_run_transaction (req, start_session, &session, "creating a session"))
    {
      g_free (session.token);
      return;
    }
  token = g_steal_pointer (&session.token);
  expires_at = session.expires_at;

  g_info ("Account %" G_GINT64_FORMAT " signed in", account.id);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_session_members (req, builder, token, expires_at, &account);
  json_builder_end_object (builder);
  xs_request_reply_json (req, SOUP_STATUS_CREATED, builder);

  sodium_memzero (token, strlen (token));
}

static gboolean
end_session (XsRequest *req,
             gpointer   data)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db, "DELETE FROM sessions WHERE token_hash = ?1");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, req->session_hash, sizeof req->session_hash, SQLITE_STATIC);

  return xs_db_step_done (req->db, stmt)
         && xs_db_insert_audit (req->db, req->account_id, "sign_out", req->now,
                                req->client_ip, NULL) >= 0;
}

void
xs_handle_sign_out (XsRequest *req)
{
  if (xs_request_run_transaction (req, end_session, NULL, "signing out"))
    xs_request_reply_empty (req, SOUP_STATUS_NO_CONTENT);
}

void
xs_handle_me (XsRequest *req)
{
  g_auto(Account) account = { 0, };

  if (!xs_account_load_by_id (req->db, req->account_id, &account))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_UNAUTHORIZED, NULL);
      return;
    }

  xs_request_reply_account (req, SOUP_STATUS_OK, &account);
}
