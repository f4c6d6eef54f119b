/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "xuexin-service-crypto.h"
#include "xuexin-service-sessions.h"
#include "xuexin-service-throttle.h"

/*
 * Sign-in, sessions and sign-in throttling: POST /sessions,
 * DELETE /sessions/current, GET /me.
 */

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

/* The two keys of a sign-in attempt: the account (or unknown login
 * name) and the client IP. */
enum {
  SLOT_ACCOUNT,
  SLOT_IP,
  N_SLOTS,
};

typedef struct {
  const Account  *account;     /* NULL for unknown login names */
  XsThrottleSlot *slots;
} SignInFailure;

/* The failure itself was counted by the reservation; this records what
 * it led to. */
static gboolean
record_sign_in_failure (XsRequest *req,
                        gpointer   data)
{
  const XuexinServiceConfig *config = req->config;
  SignInFailure *failure = data;
  const Account *account = failure->account;
  sqlite3_stmt *stmt;

  if (account == NULL)
    return TRUE;

  if (failure->slots[SLOT_ACCOUNT].lock == 0)
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
sign_in_failed (XsRequest      *req,
                const Account  *account,
                XsThrottleSlot *slots)
{
  SignInFailure failure = {
    .account = account,
    .slots = slots,
  };
  gint64 lock;

  if (!xs_request_run_transaction (req, record_sign_in_failure, &failure,
                                   "recording a sign-in failure"))
    return;

  lock = MAX (slots[SLOT_ACCOUNT].lock, slots[SLOT_IP].lock);
  if (lock > 0)
    xs_request_error_retry (req, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL, lock - req->now);
  else
    xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_CREDENTIALS, NULL);
}

/* The right password of a cancelled account: not a failure. */
static gboolean
release_slots (XsRequest *req,
               gpointer   data)
{
  XsThrottleSlot *slots = data;

  return xs_throttle_release (req, &slots[SLOT_ACCOUNT])
         && xs_throttle_release (req, &slots[SLOT_IP]);
}

typedef struct {
  gint64          account_id;
  XsThrottleSlot *slots;
  char           *token;       /* out */
  gint64          expires_at;  /* out */
} NewSession;

static gboolean
start_session (XsRequest *req,
               gpointer   data)
{
  NewSession *session = data;

  /* A success forgets the account's failures and takes back the IP's
   * reserved one. */
  session->token = xs_session_insert (req, session->account_id, "sign_in",
                                      &session->expires_at);
  return session->token != NULL
         && xs_throttle_clear (req, session->slots[SLOT_ACCOUNT].key)
         && xs_throttle_release (req, &session->slots[SLOT_IP]);
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
  XsThrottleSlot slots[N_SLOTS] = { { 0, }, };
  gboolean found;
  gint64 expires_at = 0;

  if (!xs_request_get_required_string (req, "login_name", &login_name)
      || !xs_request_get_required_string (req, "password", &password))
    return;

  found = xs_account_find_by_login (req, login_name, &account);
  account_key = xs_throttle_account_key (found ? account.id : 0, login_name);
  ip_key = xs_throttle_ip_key (req->client_ip);
  slots[SLOT_ACCOUNT].key = account_key;
  slots[SLOT_ACCOUNT].free_failures = req->config->sign_in_free_failures;
  slots[SLOT_IP].key = ip_key;
  slots[SLOT_IP].free_failures = req->config->sign_in_ip_free_failures;

  /* The attempt is counted as a failure before the password is checked,
   * so that concurrent attempts never check more passwords than the
   * limit; a locked name or IP is refused here, right password or not. */
  if (!xs_throttle_reserve_failure (req, slots, N_SLOTS))
    return;

  if (!xs_password_verify (found ? account.password_hash
                                 : xs_password_dummy_hash (req->config),
                           password)
      || !found)
    {
      sign_in_failed (req, found ? &account : NULL, slots);
      return;
    }

  if (g_strcmp0 (account.state, XS_STATE_CANCELLED) == 0)
    {
      if (xs_request_run_transaction (req, release_slots, slots, "releasing a sign-in attempt"))
        xs_request_error (req, XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED, NULL);
      return;
    }

  session.account_id = account.id;
  session.slots = slots;
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
