/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include "xuexin-service-accounts.h"
#include "xuexin-service-app-verification.h"
#include "xuexin-service-crypto.h"
#include "xuexin-service-delivery.h"
#include "xuexin-service-identity.h"
#include "xuexin-service-records.h"
#include "xuexin-service-review.h"
#include "xuexin-service-throttle.h"

/*
 * Identity verification (FAQ 5). An account re-registered with a taken ID
 * number is pending_identity until it proves who it is. Whatever the
 * path, success runs xs_identity_complete(): the account becomes active
 * and every other live account of the same ID is cancelled, so that one
 * person holds one live account.
 *
 * Paths built here: 3 (a classmate confirms) and 4 (student-status or
 * degree records). Path 1 (the mobile app, xuexin-service-app-verification.c)
 * and path 2 (ID photos reviewed by the help desk, xuexin-service-review.c)
 * run the same success transaction.
 */

/* A classmate's confirmations are counted per year. */
#define YEAR (365 * XS_DAY)
/* Path 3's request lifetime (µs); the limits are configuration ([limits]
 * assistance-*, records-daily-limit; see xuexin-service-config.c). */
#define ASSIST_TTL(req) ((gint64) (req)->config->assistance_request_ttl * XS_USEC_PER_SEC)
/* How far back the inbox and the requester's list look. */
#define LIST_WINDOW (30 * XS_DAY)
#define LIST_MAX 50
#define SCHOOLS_MAX 20

#define CANCELLED_SMS_TEXT \
  "【学信网】您的学信网账号已因同一证件号码的身份核验而注销，该证件号码的学籍学历信息不受影响。" \
  "如非本人操作，请在学信网“帮助中心→客服咨询”中选择“账号申诉”提出申诉。"

#define DEMO_PASSWORD "Demo#2024pass"

G_DEFINE_QUARK (xs-identity-error-quark, xs_identity_error)

/* The platforms whose entries belong to the account (the FAQ's list):
 * they follow the account that stays. */
static const struct {
  const char *platform;
  const char *entry;
} affected_entries[] = {
  { "yz", "研招推免" },
  { "yz", "统考" },
  { "gaokao-special", "自主招生" },
  { "zbb", "兵役登记/应征报名" },
};

static const char *
platform_name (const char *id)
{
  if (g_str_equal (id, "yz"))
    return "中国研究生招生信息网";
  if (g_str_equal (id, "gaokao-special"))
    return "高考特殊类型招生报名平台";
  return "全国征兵网";
}

static char *
records_key (gint64 account_id)
{
  return g_strdup_printf ("identity-records:%" G_GINT64_FORMAT, account_id);
}

static char *
assistance_key (gint64 account_id)
{
  return g_strdup_printf ("identity-assistance:%" G_GINT64_FORMAT, account_id);
}

/* ----- the success transaction ------------------------------------------ */

static gboolean
run_for_account (XsRequest  *req,
                 XsSqlEntry *sql,
                 gint64      account_id)
{
  sqlite3_stmt *stmt = xs_db_prepare_registered (req->db, sql);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, req->now);
  return xs_db_step_done (req->db, stmt);
}

/* Everything that made @id usable goes; its records stay with the ID
 * number, its email stays used. */
static gboolean
cancel_account (XsRequest *req,
                gint64     id,
                gint64     verified_id,
                const char *path)
{
  XsSqlEntry *statements[] = {
    XS_SQL ("UPDATE accounts SET state = 'cancelled', cancelled_at = ?2, updated_at = ?2 "
            "WHERE id = ?1"),
    XS_SQL ("DELETE FROM sessions WHERE account_id = ?1"),
    XS_SQL ("DELETE FROM linked_providers WHERE account_id = ?1"),
    XS_SQL ("INSERT OR IGNORE INTO used_emails (email, account_id, used_at) "
            "SELECT email, id, ?2 FROM accounts WHERE id = ?1 AND email IS NOT NULL"),
    XS_SQL ("UPDATE assistance_requests SET state = 'closed', decided_at = ?2 "
            "WHERE requester_id = ?1 AND state = 'pending'"),
    XS_SQL ("UPDATE assistance_requests SET state = 'closed', decided_at = ?2 "
            "WHERE classmate_id = ?1 AND state = 'pending'"),
  };
  g_autofree char *detail = g_strdup_printf ("verified account %" G_GINT64_FORMAT " (%s)",
                                             verified_id, path);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      if (!run_for_account (req, statements[i], id))
        return FALSE;
    }

  return xs_db_insert_audit (req->db, id, "identity_cancelled", req->now, req->client_ip,
                             detail) > 0;
}

static gboolean
database_error (GError **error)
{
  g_set_error_literal (error, XS_IDENTITY_ERROR, XUEXIN_ERROR_CODE_INTERNAL,
                       "Database error while completing a verification");
  return FALSE;
}

gboolean
xs_identity_complete_locked (XsRequest  *req,
                             gint64      account_id,
                             const char *path,
                             GPtrArray  *notify,
                             GError    **error)
{
  g_auto(Account) account = { 0, };
  g_autoptr(GArray) others = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gint64 live = -1;
  guint i;

  if (!xs_account_load_by_id (req->db, account_id, &account))
    return database_error (error);

  /* Read under the write lock: of two accounts of one ID verifying at
   * once, the second sees the first's commit here. */
  if (g_strcmp0 (account.state, XS_STATE_CANCELLED) == 0)
    {
      g_set_error_literal (error, XS_IDENTITY_ERROR, XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED,
                           "The account was cancelled");
      return FALSE;
    }
  if (g_strcmp0 (account.state, XS_STATE_PENDING_IDENTITY) != 0)
    {
      g_set_error_literal (error, XS_IDENTITY_ERROR, XUEXIN_ERROR_CODE_ALREADY_VERIFIED,
                           "The account is already verified");
      return FALSE;
    }

  stmt = xs_db_prepare (req->db,
    "SELECT id, phone FROM accounts "
    "WHERE id_number = ?1 AND id_type = ?2 AND state != 'cancelled' AND id != ?3");
  if (stmt == NULL)
    return database_error (error);
  xs_stmt_bind_text (stmt, 1, account.id_number);
  xs_stmt_bind_text (stmt, 2, account.id_type);
  sqlite3_bind_int64 (stmt, 3, account_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (others, id);
      g_ptr_array_add (phones, g_strdup (xs_stmt_text (stmt, 1)));
    }
  sqlite3_reset (stmt);

  for (i = 0; i < others->len; i++)
    {
      if (!cancel_account (req, g_array_index (others, gint64, i), account_id, path))
        return database_error (error);
    }

  stmt = xs_db_prepare (req->db,
    "UPDATE accounts SET state = 'active', verified_at = ?2, verified_path = ?3, "
    "updated_at = ?2 WHERE id = ?1 AND state = 'pending_identity'");
  if (stmt == NULL)
    return database_error (error);
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, req->now);
  xs_stmt_bind_text (stmt, 3, path);
  if (!xs_db_step_done (req->db, stmt)
      || sqlite3_changes (xs_db_get_handle (req->db)) != 1)
    return database_error (error);

  /* Its own requests for help are answered now. */
  if (!run_for_account (req,
                        XS_SQL ("UPDATE assistance_requests SET state = 'closed', decided_at = ?2 "
                        "WHERE requester_id = ?1 AND state = 'pending'"),
                        account_id)
      || xs_db_insert_audit (req->db, account_id, "identity_verified", req->now,
                             req->client_ip, path) < 0)
    return database_error (error);

  /* The invariant, checked where it is made: one live account per ID. */
  stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*) FROM accounts WHERE id_number = ?1 AND id_type = ?2 "
    "AND state != 'cancelled'");
  if (stmt == NULL)
    return database_error (error);
  xs_stmt_bind_text (stmt, 1, account.id_number);
  xs_stmt_bind_text (stmt, 2, account.id_type);
  if (!xs_db_select_int64 (stmt, &live, NULL) || live != 1)
    {
      g_warning ("Identity verification left %" G_GINT64_FORMAT " live accounts", live);
      return database_error (error);
    }

  g_info ("Account %" G_GINT64_FORMAT " verified its identity (%s); %u other accounts "
          "cancelled", account_id, path, others->len);

  for (i = 0; i < phones->len; i++)
    g_ptr_array_add (notify, g_strdup (g_ptr_array_index (phones, i)));

  return TRUE;
}

void
xs_identity_notify_cancelled (XsRequest *req,
                              GPtrArray *notify)
{
  guint i;

  /* After the commit: a failed delivery cannot undo a verification, so
   * it is logged (without the number). */
  for (i = 0; i < notify->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!xs_delivery_send (req->config, "sms", g_ptr_array_index (notify, i),
                             "account_cancelled", CANCELLED_SMS_TEXT, NULL, req->now, &error))
        g_warning ("Could not tell a cancelled account: %s", error->message);
    }
}

typedef struct {
  gint64      account_id;
  const char *path;
  GPtrArray  *notify;
  GError     *error;
} Completion;

static gboolean
complete_transaction (XsRequest *req,
                      gpointer   data)
{
  Completion *completion = data;

  return xs_identity_complete_locked (req, completion->account_id, completion->path,
                                      completion->notify, &completion->error);
}

gboolean
xs_identity_complete (XsRequest   *req,
                      gint64       account_id,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GPtrArray) notify = g_ptr_array_new_with_free_func (g_free);
  Completion completion = { account_id, path, notify, NULL };
  gboolean ok;

  if (!xs_db_begin (req->db))
    {
      g_set_error_literal (error, XS_IDENTITY_ERROR, XUEXIN_ERROR_CODE_INTERNAL,
                           "Cannot start a transaction");
      return FALSE;
    }

  ok = complete_transaction (req, &completion);
  if (ok && !xs_db_commit (req->db))
    {
      g_set_error_literal (&completion.error, XS_IDENTITY_ERROR, XUEXIN_ERROR_CODE_INTERNAL,
                           "Cannot commit a verification");
      ok = FALSE;
    }
  if (!ok)
    {
      xs_db_rollback (req->db);
      g_propagate_error (error, completion.error);
      return FALSE;
    }

  xs_identity_notify_cancelled (req, notify);
  return TRUE;
}

void
xs_identity_reply_error (XsRequest    *req,
                         const GError *error)
{
  if (error->domain != XS_IDENTITY_ERROR || error->code == XUEXIN_ERROR_CODE_INTERNAL)
    {
      xs_request_internal_error (req, "completing an identity verification");
      return;
    }

  xs_request_error (req, (XuexinErrorCode) error->code, NULL);
}

/* Success: the account as it is now, and how many accounts went. */
static void
reply_verified (XsRequest *req,
                guint      status,
                guint      n_cancelled)
{
  g_auto(Account) account = { 0, };
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!xs_account_load_by_id (req->db, req->account_id, &account))
    {
      xs_request_internal_error (req, "loading an account");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  xs_account_add_json (builder, &account, req->now);
  json_builder_set_member_name (builder, "cancelled_accounts");
  json_builder_add_int_value (builder, n_cancelled);
  json_builder_end_object (builder);
  xs_request_reply_json (req, status, builder);
}

/* ----- JSON helpers ------------------------------------------------------ */

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       usec)
{
  json_builder_set_member_name (builder, member);
  if (usec > 0)
    {
      g_autofree char *text = xs_format_time (usec);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

/* A pending request past its expiry is expired, whether or not the
 * maintenance has marked it yet. */
static const char *
effective_state (const char *state,
                 gint64      expires_at,
                 gint64      now)
{
  if (g_strcmp0 (state, "pending") == 0 && expires_at <= now)
    return "expired";

  return state;
}

/* ----- GET /me/identity -------------------------------------------------- */

static gboolean
add_other_accounts (XsRequest   *req,
                    JsonBuilder *builder,
                    const Account *account)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT phone, id_number, email, state, created_at FROM accounts "
    "WHERE id_number = ?1 AND id_type = ?2 AND state != 'cancelled' AND id != ?3 "
    "ORDER BY created_at, id");

  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "other_accounts");
  json_builder_begin_array (builder);
  xs_stmt_bind_text (stmt, 1, account->id_number);
  xs_stmt_bind_text (stmt, 2, account->id_type);
  sqlite3_bind_int64 (stmt, 3, account->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *phone = xs_mask_phone (xs_stmt_text (stmt, 0));
      g_autofree char *id_number = xuexin_id_number_mask (xs_stmt_text (stmt, 1));
      g_autofree char *email = xs_mask_email (xs_stmt_text (stmt, 2));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "login_names");
      json_builder_begin_object (builder);
      add_string (builder, "phone", phone);
      add_string (builder, "id_number", id_number);
      add_string (builder, "email", email);
      json_builder_end_object (builder);
      add_string (builder, "state", xs_stmt_text (stmt, 3));
      add_time (builder, "created_at", sqlite3_column_int64 (stmt, 4));
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);

  return TRUE;
}

static void
add_affected_platforms (JsonBuilder *builder)
{
  guint i;

  json_builder_set_member_name (builder, "affected_platforms");
  json_builder_begin_array (builder);
  for (i = 0; i < G_N_ELEMENTS (affected_entries); i++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "platform", affected_entries[i].platform);
      add_string (builder, "platform_name", platform_name (affected_entries[i].platform));
      add_string (builder, "entry", affected_entries[i].entry);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static gboolean
count_open_requests (XsRequest *req,
                     gint64     account_id,
                     gint64    *count)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*) FROM assistance_requests WHERE requester_id = ?1 "
    "AND created_at > ?2 - ?3 AND state = 'pending' AND expires_at > ?2");

  *count = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, req->now);
  sqlite3_bind_int64 (stmt, 3, ASSIST_TTL (req));
  xs_db_select_int64 (stmt, count, NULL);

  return TRUE;
}

static void
add_retry_after (JsonBuilder *builder,
                 gint64       wait)
{
  json_builder_set_member_name (builder, "retry_after");
  if (wait > 0)
    json_builder_add_int_value (builder, (wait + XS_USEC_PER_SEC - 1) / XS_USEC_PER_SEC);
  else
    json_builder_add_null_value (builder);
}

static gboolean
add_paths (XsRequest   *req,
           JsonBuilder *builder,
           gboolean     pending)
{
  g_autofree char *records = records_key (req->account_id);
  g_autofree char *assistance = assistance_key (req->account_id);
  gint64 records_wait = 0;
  gint64 assistance_wait = 0;
  guint records_left = xs_throttle_window_remaining (req, records,
                                                     req->config->records_daily_limit, XS_DAY,
                                                     &records_wait);
  guint assistance_left = xs_throttle_window_remaining (req, assistance,
                                                        req->config->assistance_daily_limit,
                                                        XS_DAY, &assistance_wait);
  gint64 open = 0;

  if (!count_open_requests (req, req->account_id, &open))
    return FALSE;

  json_builder_set_member_name (builder, "paths");
  json_builder_begin_array (builder);

  /* Path 1: the mobile app (xuexin-service-app-verification.c). */
  if (!xs_app_verification_add_path (req, builder, pending))
    return FALSE;

  /* Path 2: the review case (xuexin-service-review.c). */
  {
    gint64 submit_wait = 0;
    guint submissions_left = xs_review_submissions_left (req, &submit_wait);

    json_builder_begin_object (builder);
    add_string (builder, "path", XS_IDENTITY_PATH_HELP_DESK);
    json_builder_set_member_name (builder, "available");
    json_builder_add_boolean_value (builder, pending);
    add_int (builder, "submission_limit", req->config->review_submissions_limit);
    add_int (builder, "window", req->config->review_submissions_window);
    add_int (builder, "submissions_left", submissions_left);
    add_retry_after (builder, submissions_left == 0 ? submit_wait : 0);
    json_builder_end_object (builder);
  }

  json_builder_begin_object (builder);
  add_string (builder, "path", XS_IDENTITY_PATH_CLASSMATE);
  json_builder_set_member_name (builder, "available");
  json_builder_add_boolean_value (builder, pending);
  add_int (builder, "open_limit", req->config->assistance_open_limit);
  add_int (builder, "open_requests", open);
  add_int (builder, "daily_limit", req->config->assistance_daily_limit);
  add_int (builder, "remaining_today", assistance_left);
  add_retry_after (builder, assistance_wait);
  add_int (builder, "expires_in", req->config->assistance_request_ttl);
  json_builder_end_object (builder);

  json_builder_begin_object (builder);
  add_string (builder, "path", XS_IDENTITY_PATH_RECORDS);
  json_builder_set_member_name (builder, "available");
  json_builder_add_boolean_value (builder, pending);
  add_int (builder, "daily_limit", req->config->records_daily_limit);
  add_int (builder, "remaining_attempts", records_left);
  add_retry_after (builder, records_wait);
  json_builder_end_object (builder);

  json_builder_end_array (builder);
  return TRUE;
}

static gboolean
add_requester_requests (XsRequest   *req,
                        JsonBuilder *builder)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT r.id, c.name, r.school, r.enrollment_year, r.level, r.state, r.created_at, "
    "r.expires_at, r.decided_at FROM assistance_requests r "
    "JOIN accounts c ON c.id = r.classmate_id "
    "WHERE r.requester_id = ?1 AND r.created_at > ?2 ORDER BY r.created_at DESC, r.id DESC "
    "LIMIT ?3");

  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "assistance_requests");
  json_builder_begin_array (builder);
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  sqlite3_bind_int64 (stmt, 2, req->now - LIST_WINDOW);
  sqlite3_bind_int (stmt, 3, LIST_MAX);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 expires_at = sqlite3_column_int64 (stmt, 7);

      json_builder_begin_object (builder);
      add_int (builder, "id", sqlite3_column_int64 (stmt, 0));
      add_string (builder, "classmate_name", xs_stmt_text (stmt, 1));
      add_string (builder, "school", xs_stmt_text (stmt, 2));
      add_int (builder, "enrollment_year", sqlite3_column_int (stmt, 3));
      add_string (builder, "level", xs_stmt_text (stmt, 4));
      add_string (builder, "state", effective_state (xs_stmt_text (stmt, 5), expires_at,
                                                     req->now));
      add_time (builder, "created_at", sqlite3_column_int64 (stmt, 6));
      add_time (builder, "expires_at", expires_at);
      add_time (builder, "decided_at", sqlite3_column_int64 (stmt, 8));
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);

  return TRUE;
}

void
xs_handle_me_identity (XsRequest *req)
{
  g_auto(Account) account = { 0, };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 verified_at = 0;
  g_autofree char *verified_path = NULL;
  sqlite3_stmt *stmt;
  gboolean pending;

  if (!xs_account_load_by_id (req->db, req->account_id, &account))
    {
      xs_request_internal_error (req, "loading an account");
      return;
    }
  pending = g_strcmp0 (account.state, XS_STATE_PENDING_IDENTITY) == 0;

  stmt = xs_db_prepare (req->db, "SELECT verified_at, verified_path FROM accounts WHERE id = ?1");
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "loading a verification");
      return;
    }
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      verified_at = sqlite3_column_int64 (stmt, 0);
      verified_path = g_strdup (xs_stmt_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  json_builder_begin_object (builder);
  add_string (builder, "state", account.state);
  json_builder_set_member_name (builder, "identity_verification_required");
  json_builder_add_boolean_value (builder, pending);
  add_time (builder, "verified_at", verified_at);
  add_string (builder, "verified_path", verified_path);
  if (!add_paths (req, builder, pending))
    {
      xs_request_internal_error (req, "listing verification paths");
      return;
    }
  /* Path 2's case (GET /me/identity/case), or null. */
  json_builder_set_member_name (builder, "review_case");
  if (!xs_review_add_case_summary (req, builder))
    {
      xs_request_internal_error (req, "reading a review case");
      return;
    }
  if (!add_requester_requests (req, builder))
    {
      xs_request_internal_error (req, "listing assistance requests");
      return;
    }

  json_builder_set_member_name (builder, "on_success");
  json_builder_begin_object (builder);
  if (!add_other_accounts (req, builder, &account))
    {
      xs_request_internal_error (req, "listing accounts of an ID number");
      return;
    }
  add_affected_platforms (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

/* ----- shared input ------------------------------------------------------ */

/* Pending accounts only: an active one has nothing to prove. */
static gboolean
require_pending (XsRequest *req)
{
  if (g_strcmp0 (req->account_state, XS_STATE_PENDING_IDENTITY) != 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_ALREADY_VERIFIED, NULL);
      return FALSE;
    }

  return TRUE;
}

/* A 4-digit year, as a JSON string ("2016") or number (2016). */
static gboolean
get_year (XsRequest  *req,
          const char *field,
          int        *out)
{
  JsonNode *node = NULL;
  g_autofree char *text = NULL;

  if (req->json != NULL)
    node = json_object_get_member (json_node_get_object (req->json), field);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_INT64)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    {
      const char *string = NULL;

      if (!xs_request_get_string (req, field, &string))
        return FALSE;
      text = g_strdup (string);
    }

  if (text == NULL || xuexin_year_validate (text, 1949, 2100, out) != XUEXIN_YEAR_OK)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, field);
      return FALSE;
    }

  return TRUE;
}

/* A required string of 1–@max_chars characters. */
static gboolean
get_text (XsRequest   *req,
          const char  *field,
          glong        max_chars,
          const char **out)
{
  if (!xs_request_get_required_string (req, field, out))
    return FALSE;

  if (g_utf8_strlen (*out, -1) > max_chars)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, field);
      return FALSE;
    }

  return TRUE;
}

static gboolean
get_level (XsRequest   *req,
           gboolean     optional,
           const char **out)
{
  const char *text = NULL;
  XuexinEducationLevel level;

  *out = NULL;
  if (!xs_request_get_string (req, "level", &text))
    return FALSE;
  if (optional && (text == NULL || *text == '\0'))
    return TRUE;

  level = xuexin_education_level_from_string (text);
  if (level == XUEXIN_EDUCATION_LEVEL_UNKNOWN)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "level");
      return FALSE;
    }

  *out = xuexin_education_level_to_string (level);
  return TRUE;
}

/* ----- path 4: records --------------------------------------------------- */

typedef struct {
  gboolean    degree;
  const char *school;
  const char *number;
  int         year;
  const char *level;
} RecordsAnswer;

static gboolean
records_match (XsRequest           *req,
               const RecordsAnswer *answer,
               const Account       *account,
               gboolean            *matched)
{
  sqlite3_stmt *stmt;

  if (answer->degree)
    stmt = xs_db_prepare (req->db,
      "SELECT 1 FROM degree_records WHERE certificate_number = ?1 AND id_number = ?2 "
      "AND name = ?3 AND school = ?4 AND graduation_year = ?5 AND level = ?6");
  else
    stmt = xs_db_prepare (req->db,
      "SELECT 1 FROM enrollment_records WHERE school = ?4 AND student_number = ?1 "
      "AND id_number = ?2 AND name = ?3 AND enrollment_year = ?5 AND level = ?6");
  if (stmt == NULL)
    return FALSE;

  xs_stmt_bind_text (stmt, 1, answer->number);
  xs_stmt_bind_text (stmt, 2, account->id_number);
  xs_stmt_bind_text (stmt, 3, account->name);
  xs_stmt_bind_text (stmt, 4, answer->school);
  sqlite3_bind_int (stmt, 5, answer->year);
  xs_stmt_bind_text (stmt, 6, answer->level);
  *matched = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return TRUE;
}

typedef struct {
  GPtrArray *notify;
  GError    *error;
} RecordsCompletion;

static gboolean
records_complete (XsRequest *req,
                  gpointer   data)
{
  RecordsCompletion *completion = data;
  g_autofree char *key = records_key (req->account_id);

  /* A right answer gives its reserved attempt back. */
  if (!xs_throttle_clear (req, key))
    return FALSE;

  if (!xs_identity_complete_locked (req, req->account_id, XS_IDENTITY_PATH_RECORDS,
                                    completion->notify, &completion->error))
    {
      xs_identity_reply_error (req, completion->error);
      return FALSE;
    }

  return TRUE;
}

void
xs_handle_identity_records (XsRequest *req)
{
  RecordsAnswer answer = { 0, };
  g_auto(Account) account = { 0, };
  g_autofree char *key = records_key (req->account_id);
  g_autoptr(GPtrArray) notify = g_ptr_array_new_with_free_func (g_free);
  RecordsCompletion completion = { notify, NULL };
  const char *kind = NULL;
  gboolean matched = FALSE;

  if (!xs_request_get_required_string (req, "kind", &kind))
    return;
  if (g_str_equal (kind, "degree"))
    answer.degree = TRUE;
  else if (!g_str_equal (kind, "enrollment"))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "kind");
      return;
    }

  if (!get_text (req, "school", 100, &answer.school)
      || !get_text (req, answer.degree ? "certificate_number" : "student_number", 64,
                    &answer.number)
      || !get_year (req, answer.degree ? "graduation_year" : "enrollment_year", &answer.year)
      || !get_level (req, FALSE, &answer.level)
      || !require_pending (req))
    return;

  /* Count first: the attempt is paid for before the registry is read. */
  if (!xs_throttle_reserve_window (req, key, req->config->records_daily_limit, XS_DAY))
    return;

  if (!xs_account_load_by_id (req->db, req->account_id, &account)
      || !records_match (req, &answer, &account, &matched))
    {
      xs_request_internal_error (req, "matching records");
      return;
    }

  if (!matched)
    {
      gint64 wait = 0;
      guint remaining = xs_throttle_window_remaining (req, key,
                                                      req->config->records_daily_limit, XS_DAY,
                                                      &wait);

      xs_db_insert_audit (req->db, req->account_id, "identity_records_failed", req->now,
                          req->client_ip, kind);
      /* The last attempt of the window: the help desk's history shows it. */
      if (remaining == 0)
        xs_db_insert_audit (req->db, req->account_id, "identity_records_locked", req->now,
                            req->client_ip, NULL);
      /* Never which field: the answer is the same for any mismatch. */
      xs_request_error_remaining (req, XUEXIN_ERROR_CODE_VERIFICATION_FAILED, remaining);
      return;
    }

  if (!xs_request_run_transaction (req, records_complete, &completion, "verifying records"))
    {
      /* The answer was right and the server failed (a disk error): the
       * attempt is given back, if the disk lets us. */
      if (completion.error == NULL
          || g_error_matches (completion.error, XS_IDENTITY_ERROR, XUEXIN_ERROR_CODE_INTERNAL))
        xs_throttle_release_window (req, key);
      g_clear_error (&completion.error);
      return;
    }

  xs_identity_notify_cancelled (req, notify);
  reply_verified (req, SOUP_STATUS_OK, notify->len);
}

/* ----- GET /schools ------------------------------------------------------ */

static gboolean
has_control (const char *text)
{
  for (; *text != '\0'; text++)
    {
      if ((guchar) *text < 0x20 || *text == 0x7f)
        return TRUE;
    }

  return FALSE;
}

void
xs_handle_schools (XsRequest *req)
{
  const char *q = xs_request_get_query (req, "q");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *query = NULL;
  sqlite3_stmt *stmt;

  if (q != NULL)
    query = g_strstrip (g_strdup (q));
  /* A query parameter does not pass the body parser: the same rule as
   * for every string member (UTF-8, no control characters). */
  if (query == NULL || *query == '\0' || !g_utf8_validate (query, -1, NULL)
      || g_utf8_strlen (query, -1) > 50 || has_control (query))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "q");
      return;
    }

  /* One row per school: the list is as long as the schools, not the
   * records. Names that start with the query come first. */
  stmt = xs_db_prepare (req->db,
    "SELECT name FROM schools WHERE instr(name, ?1) > 0 "
    "ORDER BY instr(name, ?1) != 1, name LIMIT ?2");
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "listing schools");
      return;
    }
  xs_stmt_bind_text (stmt, 1, query);
  sqlite3_bind_int (stmt, 2, SCHOOLS_MAX);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schools");
  json_builder_begin_array (builder);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_builder_add_string_value (builder, xs_stmt_text (stmt, 0));
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

/* ----- path 3: assistance requests --------------------------------------- */

typedef struct {
  char       *classmate_name;
  const char *login_name;
  const char *school;
  int         year;
  const char *level;      /* NULL: any level both share */
  gint64      classmate_id;
  char       *matched_level;
  gint64      id;
} Assistance;

static void
assistance_clear (Assistance *a)
{
  g_free (a->classmate_name);
  g_free (a->matched_level);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Assistance, assistance_clear)

/* The classmate check: an active account of that name, and enrollment
 * records of both people (by ID number and name) at the school, in the
 * year, at one level. Sets a->classmate_id when it holds. */
static gboolean
check_classmate (XsRequest     *req,
                 Assistance    *a,
                 const Account *requester)
{
  g_auto(Account) classmate = { 0, };
  sqlite3_stmt *stmt;

  a->classmate_id = 0;
  if (!xs_account_find_by_login (req, a->login_name, &classmate))
    return TRUE;

  if (g_strcmp0 (classmate.state, XS_STATE_ACTIVE) != 0
      || g_strcmp0 (classmate.name, a->classmate_name) != 0
      || g_strcmp0 (classmate.id_number, requester->id_number) == 0)
    return TRUE;

  stmt = xs_db_prepare (req->db,
    "SELECT a.level FROM enrollment_records a JOIN enrollment_records b "
    "ON b.id_number = ?2 AND b.school = a.school AND b.enrollment_year = a.enrollment_year "
    "AND b.level = a.level AND b.name = ?6 "
    "WHERE a.id_number = ?1 AND a.name = ?5 AND a.school = ?3 AND a.enrollment_year = ?4 "
    "AND (?7 IS NULL OR a.level = ?7) LIMIT 1");
  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, requester->id_number);
  xs_stmt_bind_text (stmt, 2, classmate.id_number);
  xs_stmt_bind_text (stmt, 3, a->school);
  sqlite3_bind_int (stmt, 4, a->year);
  xs_stmt_bind_text (stmt, 5, requester->name);
  xs_stmt_bind_text (stmt, 6, classmate.name);
  xs_stmt_bind_text (stmt, 7, a->level);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      a->matched_level = g_strdup (xs_stmt_text (stmt, 0));
      a->classmate_id = classmate.id;
    }
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
store_assistance (XsRequest *req,
                  gpointer   data)
{
  Assistance *a = data;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 open = 0;

  /* Again under the write lock: concurrent requests see each other. */
  if (!count_open_requests (req, req->account_id, &open))
    return FALSE;
  if (open >= req->config->assistance_open_limit)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_TOO_MANY_OPEN_REQUESTS, NULL);
      return FALSE;
    }

  stmt = xs_db_prepare (req->db,
    "INSERT INTO assistance_requests (requester_id, classmate_id, school, enrollment_year, "
    "level, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  sqlite3_bind_int64 (stmt, 2, a->classmate_id);
  xs_stmt_bind_text (stmt, 3, a->school);
  sqlite3_bind_int (stmt, 4, a->year);
  xs_stmt_bind_text (stmt, 5, a->matched_level);
  sqlite3_bind_int64 (stmt, 6, req->now);
  sqlite3_bind_int64 (stmt, 7, req->now + ASSIST_TTL (req));
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;
  a->id = sqlite3_last_insert_rowid (xs_db_get_handle (req->db));

  detail = g_strdup_printf ("request %" G_GINT64_FORMAT " to account %" G_GINT64_FORMAT,
                            a->id, a->classmate_id);
  return xs_db_insert_audit (req->db, req->account_id, "assistance_requested", req->now,
                             req->client_ip, detail) > 0;
}

static void
reply_request (XsRequest  *req,
               guint       status,
               gint64      id,
               gboolean    inbox);

void
xs_handle_assistance_new (XsRequest *req)
{
  g_auto(Assistance) a = { 0, };
  g_auto(Account) requester = { 0, };
  g_autofree char *key = assistance_key (req->account_id);
  const char *name = NULL;
  gint64 open = 0;

  if (!xs_request_get_string (req, "classmate_name", &name))
    return;
  if (name == NULL || xuexin_name_validate (name, &a.classmate_name) != XUEXIN_NAME_OK)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_NAME, "classmate_name");
      return;
    }
  if (!get_text (req, "classmate_login_name", 64, &a.login_name))
    return;
  /* A phone or an ID number: an email is no login name a classmate
   * would be asked for. */
  if (strchr (a.login_name, '@') != NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "classmate_login_name");
      return;
    }
  if (!get_text (req, "school", 100, &a.school)
      || !get_year (req, "enrollment_year", &a.year)
      || !get_level (req, TRUE, &a.level)
      || !require_pending (req))
    return;

  if (!count_open_requests (req, req->account_id, &open))
    {
      xs_request_internal_error (req, "counting assistance requests");
      return;
    }
  if (open >= req->config->assistance_open_limit)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_TOO_MANY_OPEN_REQUESTS, NULL);
      return;
    }

  /* Count first, and every attempt counts, refused or not: the check
   * reads other people's records. */
  if (!xs_throttle_reserve_window (req, key, req->config->assistance_daily_limit, XS_DAY))
    return;

  if (!xs_account_load_by_id (req->db, req->account_id, &requester)
      || !check_classmate (req, &a, &requester))
    {
      xs_request_internal_error (req, "checking a classmate");
      return;
    }

  if (a.classmate_id <= 0)
    {
      xs_db_insert_audit (req->db, req->account_id, "assistance_refused", req->now,
                          req->client_ip, NULL);
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_CLASSMATE, NULL);
      return;
    }

  if (!xs_request_run_transaction (req, store_assistance, &a, "storing an assistance request"))
    return;

  reply_request (req, SOUP_STATUS_CREATED, a.id, FALSE);
}

/* ----- the classmate's inbox --------------------------------------------- */

#define REQUEST_COLUMNS \
  "r.id, r.requester_id, q.name, q.id_number, c.name, r.school, r.enrollment_year, " \
  "r.level, r.state, r.seen, r.created_at, r.expires_at, r.decided_at, r.classmate_id"

static void
add_request (XsRequest    *req,
             JsonBuilder  *builder,
             sqlite3_stmt *stmt,
             gboolean      inbox)
{
  gint64 expires_at = sqlite3_column_int64 (stmt, 11);
  const char *state = effective_state (xs_stmt_text (stmt, 8), expires_at, req->now);

  json_builder_begin_object (builder);
  add_int (builder, "id", sqlite3_column_int64 (stmt, 0));
  if (inbox)
    {
      g_autofree char *masked = xuexin_id_number_mask (xs_stmt_text (stmt, 3));

      add_string (builder, "requester_name", xs_stmt_text (stmt, 2));
      add_string (builder, "requester_id_number_masked", masked);
    }
  else
    add_string (builder, "classmate_name", xs_stmt_text (stmt, 4));
  add_string (builder, "school", xs_stmt_text (stmt, 5));
  add_int (builder, "enrollment_year", sqlite3_column_int (stmt, 6));
  add_string (builder, "level", xs_stmt_text (stmt, 7));
  add_string (builder, "state", state);
  if (inbox)
    {
      json_builder_set_member_name (builder, "unread");
      json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 9) == 0
                                               && g_str_equal (state, "pending"));
    }
  add_time (builder, "created_at", sqlite3_column_int64 (stmt, 10));
  add_time (builder, "expires_at", expires_at);
  add_time (builder, "decided_at", sqlite3_column_int64 (stmt, 12));
  json_builder_end_object (builder);
}

static void
reply_request (XsRequest  *req,
               guint       status,
               gint64      id,
               gboolean    inbox)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT " REQUEST_COLUMNS " FROM assistance_requests r "
    "JOIN accounts q ON q.id = r.requester_id JOIN accounts c ON c.id = r.classmate_id "
    "WHERE r.id = ?1");

  if (stmt == NULL)
    {
      xs_request_internal_error (req, "loading an assistance request");
      return;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      xs_request_internal_error (req, "loading an assistance request");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "request");
  add_request (req, builder, stmt, inbox);
  json_builder_end_object (builder);
  sqlite3_reset (stmt);

  xs_request_reply_json (req, status, builder);
}

static gboolean
count_unread (XsRequest *req,
              gint64    *count)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*) FROM assistance_requests WHERE classmate_id = ?1 "
    "AND created_at > ?2 - ?3 AND state = 'pending' AND seen = 0 AND expires_at > ?2");

  *count = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  sqlite3_bind_int64 (stmt, 2, req->now);
  sqlite3_bind_int64 (stmt, 3, ASSIST_TTL (req));
  xs_db_select_int64 (stmt, count, NULL);

  return TRUE;
}

void
xs_handle_inbox_count (XsRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 unread = 0;

  if (!count_unread (req, &unread))
    {
      xs_request_internal_error (req, "counting the inbox");
      return;
    }

  json_builder_begin_object (builder);
  add_int (builder, "unread", unread);
  json_builder_end_object (builder);
  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

static gboolean
list_inbox (XsRequest *req,
            gpointer   data)
{
  JsonBuilder *builder = data;
  sqlite3_stmt *stmt;
  gint64 unread = 0;

  if (!count_unread (req, &unread))
    return FALSE;

  stmt = xs_db_prepare (req->db,
    "SELECT " REQUEST_COLUMNS " FROM assistance_requests r "
    "JOIN accounts q ON q.id = r.requester_id JOIN accounts c ON c.id = r.classmate_id "
    "WHERE r.classmate_id = ?1 AND r.created_at > ?2 "
    "ORDER BY r.created_at DESC, r.id DESC LIMIT ?3");
  if (stmt == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  add_int (builder, "unread", unread);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_array (builder);
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  sqlite3_bind_int64 (stmt, 2, req->now - LIST_WINDOW);
  sqlite3_bind_int (stmt, 3, LIST_MAX);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    add_request (req, builder, stmt, TRUE);
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  /* Listed is read. */
  stmt = xs_db_prepare (req->db,
    "UPDATE assistance_requests SET seen = 1 WHERE classmate_id = ?1 AND created_at > ?2 "
    "AND seen = 0");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  sqlite3_bind_int64 (stmt, 2, req->now - LIST_WINDOW);
  return xs_db_step_done (req->db, stmt);
}

void
xs_handle_inbox (XsRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!xs_request_run_transaction (req, list_inbox, builder, "listing the inbox"))
    return;

  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

typedef struct {
  gint64     id;
  gboolean   confirm;
  gint64     requester_id;
  GPtrArray *notify;
} Decision;

static gboolean
parse_request_id (XsRequest *req,
                  gint64    *out)
{
  guint64 id = 0;

  /* /me/inbox/{id}/confirm */
  if (g_strv_length (req->segments) < 3
      || !g_ascii_string_to_unsigned (req->segments[2], 10, 1, G_MAXINT64, &id, NULL))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return FALSE;
    }

  *out = (gint64) id;
  return TRUE;
}

static gboolean
decide (XsRequest *req,
        gpointer   data)
{
  Decision *decision = data;
  g_autofree char *state = NULL;
  g_autofree char *detail = NULL;
  gint64 expires_at = 0;
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT requester_id, state, expires_at FROM assistance_requests "
    "WHERE id = ?1 AND classmate_id = ?2");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, decision->id);
  sqlite3_bind_int64 (stmt, 2, req->account_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      decision->requester_id = sqlite3_column_int64 (stmt, 0);
      state = g_strdup (xs_stmt_text (stmt, 1));
      expires_at = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);

  /* Someone else's request looks like none. */
  if (state == NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return FALSE;
    }
  if (g_str_equal (effective_state (state, expires_at, req->now), "expired"))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_REQUEST_EXPIRED, NULL);
      return FALSE;
    }
  if (!g_str_equal (state, "pending"))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_REQUEST_CLOSED, NULL);
      return FALSE;
    }

  if (decision->confirm)
    {
      gint64 confirmed = 0;
      gint64 oldest = 0;

      /* Counted by the confirmed rows themselves, under the write lock. */
      stmt = xs_db_prepare (req->db,
        "SELECT COUNT(*), MIN(decided_at) FROM assistance_requests WHERE classmate_id = ?1 "
        "AND created_at > ?2 - ?3 - ?4 AND state = 'confirmed' AND decided_at > ?2 - ?3");
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, req->account_id);
      sqlite3_bind_int64 (stmt, 2, req->now);
      sqlite3_bind_int64 (stmt, 3, YEAR);
      sqlite3_bind_int64 (stmt, 4, ASSIST_TTL (req));
      if (!xs_db_select_int64 (stmt, &confirmed, &oldest, NULL))
        return FALSE;
      if (confirmed >= req->config->assistance_confirmations_per_year)
        {
          xs_request_error_retry (req, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL,
                                  oldest + YEAR - req->now);
          return FALSE;
        }
    }

  stmt = xs_db_prepare (req->db,
    "UPDATE assistance_requests SET state = ?2, decided_at = ?3, seen = 1 WHERE id = ?1");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, decision->id);
  xs_stmt_bind_text (stmt, 2, decision->confirm ? "confirmed" : "declined");
  sqlite3_bind_int64 (stmt, 3, req->now);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;

  detail = g_strdup_printf ("request %" G_GINT64_FORMAT " of account %" G_GINT64_FORMAT,
                            decision->id, decision->requester_id);
  if (xs_db_insert_audit (req->db, req->account_id,
                          decision->confirm ? "assistance_confirmed" : "assistance_declined",
                          req->now, req->client_ip, detail) < 0)
    return FALSE;

  if (decision->confirm)
    {
      g_autoptr(GError) error = NULL;

      if (!xs_identity_complete_locked (req, decision->requester_id,
                                        XS_IDENTITY_PATH_CLASSMATE, decision->notify, &error))
        {
          xs_identity_reply_error (req, error);
          return FALSE;
        }
    }

  return TRUE;
}

static void
handle_decision (XsRequest *req,
                 gboolean   confirm)
{
  g_autoptr(GPtrArray) notify = g_ptr_array_new_with_free_func (g_free);
  Decision decision = { 0, confirm, 0, notify };

  if (!parse_request_id (req, &decision.id))
    return;

  if (!xs_request_run_transaction (req, decide, &decision, "deciding an assistance request"))
    return;

  xs_identity_notify_cancelled (req, notify);
  reply_request (req, SOUP_STATUS_OK, decision.id, TRUE);
}

void
xs_handle_inbox_confirm (XsRequest *req)
{
  handle_decision (req, TRUE);
}

void
xs_handle_inbox_decline (XsRequest *req)
{
  handle_decision (req, FALSE);
}

/* ----- demo accounts ----------------------------------------------------- */

static gboolean
seed_failed (XsDb    *db,
             GError **error)
{
  g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DATABASE,
               "Cannot seed the demo accounts: %s", sqlite3_errmsg (xs_db_get_handle (db)));
  xs_db_rollback (db);
  return FALSE;
}

gboolean
xs_identity_seed_demo (XsDb                      *db,
                       const XuexinServiceConfig *config,
                       gint64                     now,
                       GError                   **error)
{
  g_autofree char *password_hash = NULL;
  const XsDemoClassmate *classmates;
  guint n = 0;
  guint i;

  classmates = xs_records_demo_classmates (&n);
  if (!xs_db_begin (db))
    return seed_failed (db, error);

  for (i = 0; i < n; i++)
    {
      g_autofree char *id_number = xs_records_demo_id_number (&classmates[i]);
      sqlite3_stmt *stmt = xs_db_prepare (db,
        "SELECT COUNT(*) FROM accounts WHERE id_number = ?1 AND id_type = 'resident_id'");
      gint64 existing = 0;

      if (stmt == NULL)
        return seed_failed (db, error);
      xs_stmt_bind_text (stmt, 1, id_number);
      if (!xs_db_select_int64 (stmt, &existing, NULL))
        return seed_failed (db, error);
      /* Once made, the demo person's accounts are theirs to play with
       * (even cancelled by a verification); the phone must be free. */
      if (existing > 0)
        continue;

      stmt = xs_db_prepare (db,
        "SELECT COUNT(*) FROM accounts WHERE phone = ?1 AND state != 'cancelled'");
      if (stmt == NULL)
        return seed_failed (db, error);
      xs_stmt_bind_text (stmt, 1, classmates[i].phone);
      if (!xs_db_select_int64 (stmt, &existing, NULL))
        return seed_failed (db, error);
      if (existing > 0)
        continue;

      /* One hash serves every demo account: they share the password. */
      if (password_hash == NULL)
        password_hash = xs_password_hash (config, DEMO_PASSWORD);
      if (password_hash == NULL)
        return seed_failed (db, error);

      stmt = xs_db_prepare (db,
        "INSERT INTO accounts (phone, name, id_type, id_number, email, password_hash, state, "
        "created_at, updated_at) VALUES (?1, ?2, 'resident_id', ?3, NULL, ?4, 'active', ?5, ?5)");
      if (stmt == NULL)
        return seed_failed (db, error);
      xs_stmt_bind_text (stmt, 1, classmates[i].phone);
      xs_stmt_bind_text (stmt, 2, classmates[i].name);
      xs_stmt_bind_text (stmt, 3, id_number);
      xs_stmt_bind_text (stmt, 4, password_hash);
      sqlite3_bind_int64 (stmt, 5, now);
      if (!xs_db_step_done (db, stmt)
          || xs_db_insert_audit (db, sqlite3_last_insert_rowid (xs_db_get_handle (db)),
                                 "register", now, NULL, "demo") < 0)
        return seed_failed (db, error);
    }

  if (!xs_db_commit (db))
    return seed_failed (db, error);

  return TRUE;
}

char *
xs_identity_demo_accounts_text (void)
{
  GString *text = g_string_new (NULL);
  const XsDemoClassmate *classmates;
  guint n = 0;
  guint i;

  classmates = xs_records_demo_classmates (&n);
  g_string_append_printf (text, "Demo accounts (--demo), password %s; each pair are "
                          "classmates:\n", DEMO_PASSWORD);
  for (i = 0; i < n; i++)
    {
      g_autofree char *id_number = xs_records_demo_id_number (&classmates[i]);

      g_string_append_printf (text, "  %s  %s  %s  %s %d %s%s\n", classmates[i].phone,
                              classmates[i].name, id_number, classmates[i].school,
                              classmates[i].enrollment_year, classmates[i].level,
                              i % 2 == 1 ? "\n" : "");
    }

  return g_string_free (text, FALSE);
}
