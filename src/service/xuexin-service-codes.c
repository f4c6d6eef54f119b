/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "xuexin-service-private.h"

/*
 * SMS and email verification codes: 6 digits from randombytes_uniform(),
 * stored as a hash bound to channel, recipient and purpose. Limits (all
 * configurable): valid code_ttl (10 min); a new code for the same
 * recipient after code_resend_interval (60 s); at most
 * code_daily_limit_per_recipient (10) per recipient and
 * code_daily_limit_per_ip per client IP in any 24 hours; code_max_attempts
 * (5) wrong entries invalidate a code. Requesting a new code invalidates
 * the older ones of the same purpose.
 */

static const char *
channel_to_string (XsChannel channel)
{
  switch (channel)
    {
    case XS_CHANNEL_SMS:
      return "sms";
    case XS_CHANNEL_EMAIL:
      return "email";
    default:
      g_assert_not_reached ();
    }
}

static char *
code_scope (XsChannel   channel,
            const char *recipient,
            const char *purpose)
{
  return g_strdup_printf ("code:%s:%s:%s", channel_to_string (channel), recipient, purpose);
}

static char *
format_message (XsChannel   channel,
                const char *purpose,
                const char *code,
                guint       minutes)
{
  const char *action;

  if (g_strcmp0 (purpose, "register") == 0)
    action = "注册学信网账号";
  else if (g_strcmp0 (purpose, "find_username") == 0)
    action = "找回学信网账号用户名";
  else if (g_strcmp0 (purpose, "reset_password") == 0)
    action = "重置学信网账号密码";
  else if (g_strcmp0 (purpose, "change_phone") == 0)
    action = "更换学信网账号绑定的手机号码";
  else
    action = "绑定学信网账号安全邮箱";

  if (channel == XS_CHANNEL_EMAIL)
    return g_strdup_printf ("您好！您正在%s，邮箱验证码：%s，%u分钟内有效。"
                            "如非本人操作，请忽略本邮件。",
                            action, code, minutes);

  return g_strdup_printf ("【学信网】您正在%s，校验码：%s，%u分钟内有效。"
                          "请勿将校验码告诉他人。",
                          action, code, minutes);
}

/* Inside a transaction: sets a rate_limited error and returns FALSE when
 * @recipient may not get a code now. */
static gboolean
check_limits (XsRequest  *req,
              XsChannel   channel,
              const char *recipient)
{
  const XuexinServiceConfig *config = xs_service_get_config (req->service);
  gint64 resend = (gint64) config->code_resend_interval * XS_USEC_PER_SEC;
  gint64 since = req->now - XS_DAY;
  sqlite3_stmt *stmt;
  gint64 count;
  gint64 oldest;
  gint64 newest;

  stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*), MIN(created_at), MAX(created_at) FROM verification_codes "
    "WHERE recipient = ?1 AND channel = ?2 AND created_at > ?3");
  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, recipient);
  xs_stmt_bind_text (stmt, 2, channel_to_string (channel));
  sqlite3_bind_int64 (stmt, 3, since);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      xs_request_internal_error (req, "counting codes");
      return FALSE;
    }
  count = sqlite3_column_int64 (stmt, 0);
  oldest = sqlite3_column_int64 (stmt, 1);
  newest = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);

  if (count > 0 && req->now < newest + resend)
    {
      xs_request_error_retry (req, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL,
                              newest + resend - req->now);
      return FALSE;
    }

  if (count >= config->code_daily_limit_per_recipient)
    {
      xs_request_error_retry (req, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL,
                              oldest + XS_DAY - req->now);
      return FALSE;
    }

  stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*), MIN(created_at) FROM verification_codes "
    "WHERE client_ip = ?1 AND created_at > ?2");
  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, req->client_ip);
  sqlite3_bind_int64 (stmt, 2, since);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      xs_request_internal_error (req, "counting codes");
      return FALSE;
    }
  count = sqlite3_column_int64 (stmt, 0);
  oldest = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  if (count >= config->code_daily_limit_per_ip)
    {
      xs_request_error_retry (req, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL,
                              oldest + XS_DAY - req->now);
      return FALSE;
    }

  return TRUE;
}

static gint64
insert_code (XsRequest  *req,
             XsChannel   channel,
             const char *purpose,
             const char *recipient,
             const char *code,
             gint64      account_id)
{
  const XuexinServiceConfig *config = xs_service_get_config (req->service);
  g_autofree char *scope = code_scope (channel, recipient, purpose);
  g_autofree char *hash = xs_secret_hash_hex (scope, code);
  sqlite3_stmt *stmt;

  stmt = xs_db_prepare (req->db,
    "UPDATE verification_codes SET used = 1 "
    "WHERE recipient = ?1 AND channel = ?2 AND purpose = ?3 AND used = 0");
  if (stmt == NULL)
    return -1;
  xs_stmt_bind_text (stmt, 1, recipient);
  xs_stmt_bind_text (stmt, 2, channel_to_string (channel));
  xs_stmt_bind_text (stmt, 3, purpose);
  if (!xs_db_step_done (req->db, stmt))
    return -1;

  stmt = xs_db_prepare (req->db,
    "INSERT INTO verification_codes (channel, recipient, purpose, code_hash, account_id, "
    "client_ip, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (stmt == NULL)
    return -1;
  xs_stmt_bind_text (stmt, 1, channel_to_string (channel));
  xs_stmt_bind_text (stmt, 2, recipient);
  xs_stmt_bind_text (stmt, 3, purpose);
  xs_stmt_bind_text (stmt, 4, hash);
  if (account_id > 0)
    sqlite3_bind_int64 (stmt, 5, account_id);
  else
    sqlite3_bind_null (stmt, 5);
  xs_stmt_bind_text (stmt, 6, req->client_ip);
  sqlite3_bind_int64 (stmt, 7, req->now);
  sqlite3_bind_int64 (stmt, 8, req->now + (gint64) config->code_ttl * XS_USEC_PER_SEC);
  if (!xs_db_step_done (req->db, stmt))
    return -1;

  return sqlite3_last_insert_rowid (xs_db_get_handle (req->db));
}

static void
delete_code (XsRequest *req,
             gint64     id)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db, "DELETE FROM verification_codes WHERE id = ?1");

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, id);
  xs_db_step_done (req->db, stmt);
}

gboolean
xs_codes_issue (XsRequest          *req,
                XsChannel           channel,
                const char         *purpose,
                const char * const *recipients,
                gint64              account_id)
{
  const XuexinServiceConfig *config = xs_service_get_config (req->service);
  guint n = g_strv_length ((char **) recipients);
  g_autofree gint64 *ids = g_new0 (gint64, MAX (n, 1));
  g_auto(GStrv) codes = g_new0 (char *, n + 1);
  guint i;

  if (!xs_db_begin (req->db))
    {
      xs_request_internal_error (req, "starting a transaction");
      return FALSE;
    }

  for (i = 0; i < n; i++)
    {
      if (!check_limits (req, channel, recipients[i]))
        {
          xs_db_rollback (req->db);
          if (!xs_request_has_reply (req))
            xs_request_internal_error (req, "checking code limits");
          return FALSE;
        }
    }

  for (i = 0; i < n; i++)
    {
      codes[i] = xs_code_new ();
      ids[i] = insert_code (req, channel, purpose, recipients[i], codes[i], account_id);
      if (ids[i] < 0)
        {
          xs_db_rollback (req->db);
          xs_request_internal_error (req, "storing a code");
          return FALSE;
        }
    }

  if (!xs_db_commit (req->db))
    {
      xs_db_rollback (req->db);
      xs_request_internal_error (req, "storing a code");
      return FALSE;
    }

  for (i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = format_message (channel, purpose, codes[i],
                                              MAX (config->code_ttl / 60, 1));

      if (!xs_delivery_send (config, channel_to_string (channel), recipients[i], purpose,
                             text, codes[i], req->now, &error))
        {
          guint j;

          g_warning ("Delivering a %s code failed: %s", channel_to_string (channel),
                     error->message);
          /* Nothing was sent: the failed codes must not count against the
           * limits. */
          if (xs_db_begin (req->db))
            {
              for (j = 0; j < n; j++)
                delete_code (req, ids[j]);
              if (!xs_db_commit (req->db))
                xs_db_rollback (req->db);
            }
          xs_request_internal_error (req, "delivering a code");
          return FALSE;
        }
      sodium_memzero (codes[i], strlen (codes[i]));
    }

  return TRUE;
}

typedef struct {
  gint64   id;
  char    *hash;
  gint64   expires_at;
  gint64   attempts;
  gboolean used;
} CodeRow;

static gboolean
load_newest_code (XsRequest  *req,
                  XsChannel   channel,
                  const char *purpose,
                  const char *recipient,
                  CodeRow    *row)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT id, code_hash, expires_at, attempts, used FROM verification_codes "
    "WHERE recipient = ?1 AND channel = ?2 AND purpose = ?3 "
    "ORDER BY created_at DESC, id DESC LIMIT 1");
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, recipient);
  xs_stmt_bind_text (stmt, 2, channel_to_string (channel));
  xs_stmt_bind_text (stmt, 3, purpose);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      row->id = sqlite3_column_int64 (stmt, 0);
      row->hash = g_strdup (xs_stmt_text (stmt, 1));
      row->expires_at = sqlite3_column_int64 (stmt, 2);
      row->attempts = sqlite3_column_int64 (stmt, 3);
      row->used = sqlite3_column_int (stmt, 4) != 0;
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}

/*
 * Checks @code against the newest code of each recipient. Returns the
 * index of the recipient whose code matched, or -1 with the error set.
 * Without @consume it runs its own transaction so that a wrong entry is
 * counted even though the request fails; with @consume the caller's
 * transaction is used and a match marks the code used.
 */
int
xs_codes_check_any (XsRequest          *req,
                    XsChannel           channel,
                    const char         *purpose,
                    const char * const *recipients,
                    const char         *code,
                    const char         *field,
                    gboolean            consume)
{
  const XuexinServiceConfig *config = xs_service_get_config (req->service);
  guint n = g_strv_length ((char **) recipients);
  gboolean any_live = FALSE;
  gboolean any_expired = FALSE;
  int matched = -1;
  guint i;

  if (xuexin_sms_code_validate (code) != XUEXIN_SMS_CODE_OK)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_SMS_CODE_INVALID, field);
      return -1;
    }

  if (!consume && !xs_db_begin (req->db))
    {
      xs_request_internal_error (req, "starting a transaction");
      return -1;
    }

  for (i = 0; i < n && matched < 0; i++)
    {
      CodeRow row = { 0, };
      g_autofree char *scope = NULL;
      g_autofree char *hash = NULL;
      sqlite3_stmt *stmt;

      if (!load_newest_code (req, channel, purpose, recipients[i], &row))
        continue;

      if (row.used || row.attempts >= config->code_max_attempts)
        {
          g_free (row.hash);
          continue;
        }

      if (req->now >= row.expires_at)
        {
          any_expired = TRUE;
          g_free (row.hash);
          continue;
        }

      any_live = TRUE;
      scope = code_scope (channel, recipients[i], purpose);
      hash = xs_secret_hash_hex (scope, code);

      if (strlen (hash) == strlen (row.hash)
          && sodium_memcmp (hash, row.hash, strlen (hash)) == 0)
        {
          matched = (int) i;
          if (consume)
            {
              stmt = xs_db_prepare (req->db,
                                    "UPDATE verification_codes SET used = 1 WHERE id = ?1");
              if (stmt != NULL)
                {
                  sqlite3_bind_int64 (stmt, 1, row.id);
                  if (!xs_db_step_done (req->db, stmt))
                    matched = -2;
                }
              else
                matched = -2;
            }
        }
      else
        {
          stmt = xs_db_prepare (req->db,
            "UPDATE verification_codes SET attempts = attempts + 1, "
            "used = (attempts + 1 >= ?2) WHERE id = ?1");
          if (stmt != NULL)
            {
              sqlite3_bind_int64 (stmt, 1, row.id);
              sqlite3_bind_int64 (stmt, 2, config->code_max_attempts);
              xs_db_step_done (req->db, stmt);
            }
        }

      g_free (row.hash);
    }

  if (!consume)
    {
      if (!xs_db_commit (req->db))
        {
          xs_db_rollback (req->db);
          xs_request_internal_error (req, "counting a code attempt");
          return -1;
        }
    }

  if (matched == -2)
    {
      xs_request_internal_error (req, "using a code");
      return -1;
    }

  if (matched < 0)
    {
      if (!any_live && any_expired)
        xs_request_error (req, XUEXIN_ERROR_CODE_SMS_CODE_EXPIRED, field);
      else
        xs_request_error (req, XUEXIN_ERROR_CODE_SMS_CODE_INVALID, field);
    }

  return matched;
}

gboolean
xs_codes_check (XsRequest  *req,
                XsChannel   channel,
                const char *purpose,
                const char *recipient,
                const char *code,
                const char *field,
                gboolean    consume)
{
  const char *recipients[] = { recipient, NULL };

  return xs_codes_check_any (req, channel, purpose, recipients, code, field, consume) == 0;
}
