/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "xuexin-service-accounts.h"
#include "xuexin-service-codes.h"
#include "xuexin-service-crypto.h"
#include "xuexin-service-delivery.h"
#include "xuexin-service-throttle.h"

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
  const XuexinServiceConfig *config = req->config;
  gint64 resend = (gint64) config->code_resend_interval * XS_USEC_PER_SEC;
  gint64 since = req->now - XS_DAY;
  sqlite3_stmt *stmt;
  gint64 count = 0;
  gint64 oldest = 0;
  gint64 newest = 0;

  stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*), MIN(created_at), MAX(created_at) FROM verification_codes "
    "WHERE recipient = ?1 AND channel = ?2 AND created_at > ?3");
  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, recipient);
  xs_stmt_bind_text (stmt, 2, channel_to_string (channel));
  sqlite3_bind_int64 (stmt, 3, since);
  if (!xs_db_select_int64 (stmt, &count, &oldest, &newest, NULL))
    {
      xs_request_internal_error (req, "counting codes");
      return FALSE;
    }

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
  if (!xs_db_select_int64 (stmt, &count, &oldest, NULL))
    {
      xs_request_internal_error (req, "counting codes");
      return FALSE;
    }

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
  const XuexinServiceConfig *config = req->config;
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

typedef struct {
  XsChannel           channel;
  const char         *purpose;
  const char * const *recipients;
  guint               n_recipients;
  gint64              account_id;
  gint64             *ids;     /* out, one per recipient */
  char              **codes;   /* out, one per recipient */
} NewCodes;

static gboolean
store_codes (XsRequest *req,
             gpointer   data)
{
  NewCodes *new_codes = data;
  guint i;

  for (i = 0; i < new_codes->n_recipients; i++)
    {
      if (!check_limits (req, new_codes->channel, new_codes->recipients[i]))
        return FALSE;
    }

  for (i = 0; i < new_codes->n_recipients; i++)
    {
      new_codes->codes[i] = xs_code_new ();
      new_codes->ids[i] = insert_code (req, new_codes->channel, new_codes->purpose,
                                       new_codes->recipients[i], new_codes->codes[i],
                                       new_codes->account_id);
      if (new_codes->ids[i] < 0)
        return FALSE;
    }

  return TRUE;
}

/* Nothing was sent: the failed codes must not count against the limits. */
static gboolean
delete_codes (XsRequest *req,
              gpointer   data)
{
  NewCodes *new_codes = data;
  guint i;

  for (i = 0; i < new_codes->n_recipients; i++)
    delete_code (req, new_codes->ids[i]);

  return TRUE;
}

gboolean
xs_codes_issue (XsRequest          *req,
                XsChannel           channel,
                const char         *purpose,
                const char * const *recipients,
                gint64              account_id)
{
  const XuexinServiceConfig *config = req->config;
  guint n = g_strv_length ((char **) recipients);
  g_autofree gint64 *ids = g_new0 (gint64, MAX (n, 1));
  g_auto(GStrv) codes = g_new0 (char *, n + 1);
  NewCodes new_codes = {
    .channel = channel,
    .purpose = purpose,
    .recipients = recipients,
    .n_recipients = n,
    .account_id = account_id,
    .ids = ids,
    .codes = codes,
  };
  guint i;

  if (!xs_request_run_transaction (req, store_codes, &new_codes, "storing a code"))
    return FALSE;

  for (i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = format_message (channel, purpose, codes[i],
                                              MAX (config->code_ttl / 60, 1));

      if (!xs_delivery_send (config, channel_to_string (channel), recipients[i], purpose,
                             text, codes[i], req->now, &error))
        {
          g_warning ("Delivering a %s code failed: %s", channel_to_string (channel),
                     error->message);
          xs_request_run_transaction (req, delete_codes, &new_codes, "forgetting codes");
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

typedef struct {
  XsChannel           channel;
  const char         *purpose;
  const char * const *recipients;
  const char         *code;
  gboolean            consume;
  int                 matched;      /* out: the recipient whose code matched, or -1 */
  gboolean            any_live;     /* out */
  gboolean            any_expired;  /* out */
} CodeCheck;

/* Inside a transaction: compares the code with the newest code of each
 * recipient, counting a wrong attempt and (with consume) using up a
 * match. Returns FALSE only when the database fails, with the reply set. */
static gboolean
check_codes (XsRequest *req,
             gpointer   data)
{
  CodeCheck *check = data;
  guint i;

  check->matched = -1;

  for (i = 0; check->recipients[i] != NULL && check->matched < 0; i++)
    {
      g_autofree char *scope = NULL;
      g_autofree char *hash = NULL;
      CodeRow row = { 0, };
      sqlite3_stmt *stmt;
      gboolean ok = TRUE;

      if (!load_newest_code (req, check->channel, check->purpose, check->recipients[i], &row))
        continue;

      if (row.used || row.attempts >= req->config->code_max_attempts)
        {
          g_free (row.hash);
          continue;
        }

      if (req->now >= row.expires_at)
        {
          check->any_expired = TRUE;
          g_free (row.hash);
          continue;
        }

      check->any_live = TRUE;
      scope = code_scope (check->channel, check->recipients[i], check->purpose);
      hash = xs_secret_hash_hex (scope, check->code);

      if (strlen (hash) == strlen (row.hash)
          && sodium_memcmp (hash, row.hash, strlen (hash)) == 0)
        {
          check->matched = (int) i;
          if (check->consume)
            {
              stmt = xs_db_prepare (req->db,
                                    "UPDATE verification_codes SET used = 1 WHERE id = ?1");
              if (stmt != NULL)
                sqlite3_bind_int64 (stmt, 1, row.id);
              ok = xs_db_step_done (req->db, stmt);
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
              sqlite3_bind_int64 (stmt, 2, req->config->code_max_attempts);
              xs_db_step_done (req->db, stmt);
            }
        }

      g_free (row.hash);
      if (!ok)
        {
          xs_request_internal_error (req, "using a code");
          return FALSE;
        }
    }

  return TRUE;
}

/* A code that cannot be one is refused before the database is asked. */
static gboolean
code_is_well_formed (XsRequest  *req,
                     const char *code,
                     const char *field)
{
  if (xuexin_sms_code_validate (code) == XUEXIN_SMS_CODE_OK)
    return TRUE;

  xs_request_error (req, XUEXIN_ERROR_CODE_SMS_CODE_INVALID, field);
  return FALSE;
}

/* After check_codes(): the refusal when nothing matched. */
static gboolean
check_matched (XsRequest       *req,
               const CodeCheck *check,
               const char      *field)
{
  if (check->matched >= 0)
    return TRUE;

  if (!check->any_live && check->any_expired)
    xs_request_error (req, XUEXIN_ERROR_CODE_SMS_CODE_EXPIRED, field);
  else
    xs_request_error (req, XUEXIN_ERROR_CODE_SMS_CODE_INVALID, field);
  return FALSE;
}

int
xs_codes_check_any (XsRequest          *req,
                    XsChannel           channel,
                    const char         *purpose,
                    const char * const *recipients,
                    const char         *code,
                    const char         *field)
{
  CodeCheck check = {
    .channel = channel,
    .purpose = purpose,
    .recipients = recipients,
    .code = code,
    .consume = TRUE,
  };

  /* The transaction commits whether the code matched or not: a wrong
   * entry must count. */
  if (!code_is_well_formed (req, code, field)
      || !xs_request_run_transaction (req, check_codes, &check, "checking a code")
      || !check_matched (req, &check, field))
    return -1;

  return check.matched;
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
  CodeCheck check = {
    .channel = channel,
    .purpose = purpose,
    .recipients = recipients,
    .code = code,
    .consume = consume,
  };

  if (!code_is_well_formed (req, code, field))
    return FALSE;

  if (consume ? !check_codes (req, &check)
              : !xs_request_run_transaction (req, check_codes, &check,
                                             "counting a code attempt"))
    return FALSE;

  return check_matched (req, &check, field);
}

/* ----- POST /sms-codes --------------------------------------------------- */

/* ----- SMS codes -------------------------------------------------------- */

void
xs_codes_reply_sent (XsRequest          *req,
                     const char         *purpose,
                     const char * const *recipients,
                     gboolean            email)
{
  const XuexinServiceConfig *config = req->config;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint i;

  json_builder_begin_object (builder);
  xs_builder_add_string (builder, "purpose", purpose);
  json_builder_set_member_name (builder, "sent_to");
  json_builder_begin_array (builder);
  for (i = 0; recipients[i] != NULL; i++)
    {
      g_autofree char *masked = email ? xs_mask_email (recipients[i]) : xs_mask_phone (recipients[i]);
      json_builder_add_string_value (builder, masked);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, config->code_ttl);
  json_builder_set_member_name (builder, "resend_after");
  json_builder_add_int_value (builder, config->code_resend_interval);
  json_builder_end_object (builder);

  xs_request_reply_json (req, SOUP_STATUS_CREATED, builder);
}

static void
sms_code_for_new_phone (XsRequest  *req,
                        const char *purpose)
{
  g_autofree char *phone = NULL;
  gboolean taken = FALSE;
  const char *recipients[2] = { NULL, NULL };

  if (!xs_request_get_phone (req, "phone", &phone))
    return;

  if (!xs_phone_is_taken (req, phone, &taken))
    {
      xs_request_internal_error (req, "looking up a phone");
      return;
    }
  if (taken)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_PHONE_TAKEN, "phone");
      return;
    }

  recipients[0] = phone;
  if (xs_codes_issue (req, XS_CHANNEL_SMS, purpose, recipients,
                      req->account_id > 0 ? req->account_id : 0))
    xs_codes_reply_sent (req, purpose, recipients, FALSE);
}

/* The recovery purposes look an identity up: a lookup that finds
 * nothing counts against the client IP's recovery attempts (reserved
 * before the lookup, released once a code was sent). */
static void
sms_code_for_find_username (XsRequest *req)
{
  g_autoptr(GArray) accounts = NULL;
  g_autoptr(GPtrArray) phones = NULL;

  if (!xs_throttle_reserve_recovery (req)
      || !xs_account_find_for_username (req, &accounts, &phones))
    return;

  if (phones->pdata[0] == NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  if (xs_codes_issue (req, XS_CHANNEL_SMS, "find_username",
                      (const char * const *) phones->pdata, 0)
      && xs_throttle_release_recovery (req))
    xs_codes_reply_sent (req, "find_username", (const char * const *) phones->pdata, FALSE);
}

static void
sms_code_for_reset_password (XsRequest *req)
{
  g_auto(Account) account = { 0, };
  const char *recipients[2] = { NULL, NULL };
  gboolean found = FALSE;

  if (!xs_throttle_reserve_recovery (req)
      || !xs_account_find_for_reset (req, &account, &found))
    return;

  if (!found)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  recipients[0] = account.phone;
  if (xs_codes_issue (req, XS_CHANNEL_SMS, "reset_password", recipients, account.id)
      && xs_throttle_release_recovery (req))
    xs_codes_reply_sent (req, "reset_password", recipients, FALSE);
}

void
xs_handle_sms_codes (XsRequest *req)
{
  const char *purpose;

  if (!xs_request_get_string (req, "purpose", &purpose))
    return;

  if (g_strcmp0 (purpose, "register") == 0)
    sms_code_for_new_phone (req, purpose);
  else if (g_strcmp0 (purpose, "change_phone") == 0)
    {
      if (req->account_id <= 0)
        xs_request_error (req, XUEXIN_ERROR_CODE_UNAUTHORIZED, NULL);
      else if (g_strcmp0 (req->account_state, XS_STATE_PENDING_IDENTITY) == 0)
        xs_request_error (req, XUEXIN_ERROR_CODE_IDENTITY_VERIFICATION_REQUIRED, NULL);
      else
        sms_code_for_new_phone (req, purpose);
    }
  else if (g_strcmp0 (purpose, "find_username") == 0)
    sms_code_for_find_username (req);
  else if (g_strcmp0 (purpose, "reset_password") == 0)
    sms_code_for_reset_password (req);
  else
    xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "purpose");
}
