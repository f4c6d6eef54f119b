/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include "xuexin-service-accounts.h"
#include "xuexin-service-codes.h"
#include "xuexin-service-crypto.h"
#include "xuexin-service-recovery.h"
#include "xuexin-service-sessions.h"
#include "xuexin-service-throttle.h"

/* Recovery: POST /account/find-username and /account/reset-password. */

void
xs_handle_find_username (XsRequest *req)
{
  g_autoptr(GArray) accounts = NULL;
  g_autoptr(GPtrArray) phones = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  const char *code;
  int matched;
  guint i;

  if (!xs_request_get_string (req, "sms_code", &code)
      || !xs_throttle_reserve_recovery (req)
      || !xs_account_find_for_username (req, &accounts, &phones))
    return;

  /* No account, or no valid code: one answer, so that the endpoint does
   * not tell whether the person has an account. */
  if (phones->pdata[0] == NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_SMS_CODE_INVALID, "sms_code");
      return;
    }

  /* Uses the code up; a wrong entry still counts. */
  matched = xs_codes_check_any (req, XS_CHANNEL_SMS, "find_username",
                                (const char * const *) phones->pdata, code, "sms_code");
  if (matched < 0 || !xs_throttle_release_recovery (req))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (i = 0; i < accounts->len; i++)
    {
      const Account *account = &g_array_index (accounts, Account, i);
      g_autofree char *id_masked = NULL;
      g_autofree char *email_masked = NULL;

      /* Only the accounts of the phone that proved itself. */
      if (g_strcmp0 (account->phone, g_ptr_array_index (phones, matched)) != 0)
        continue;

      id_masked = xuexin_id_number_mask (account->id_number);
      email_masked = xs_mask_email (account->email);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "login_names");
      json_builder_begin_object (builder);
      xs_builder_add_string (builder, "phone", account->phone);
      xs_builder_add_string (builder, "id_number", id_masked);
      xs_builder_add_string (builder, "email", email_masked);
      json_builder_end_object (builder);
      xs_builder_add_string (builder, "state", account->state);
      xs_builder_add_time (builder, "created_at", account->created_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

typedef struct {
  const Account *account;
  const char    *code;
  const char    *password_hash;
  int            revoked; /* out */
} PasswordReset;

static gboolean
apply_password_reset (XsRequest *req,
                      gpointer   data)
{
  PasswordReset *reset = data;
  g_autofree char *account_key = xs_throttle_account_key (reset->account->id, NULL);
  sqlite3_stmt *stmt;

  if (!xs_codes_check (req, XS_CHANNEL_SMS, "reset_password", reset->account->phone,
                       reset->code, "sms_code", TRUE))
    return FALSE;

  stmt = xs_db_prepare (req->db,
    "UPDATE accounts SET password_hash = ?2, updated_at = ?3 WHERE id = ?1");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, reset->account->id);
  xs_stmt_bind_text (stmt, 2, reset->password_hash);
  sqlite3_bind_int64 (stmt, 3, req->now);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;

  /* Every session of the account ends. */
  stmt = xs_db_prepare (req->db, "DELETE FROM sessions WHERE account_id = ?1");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, reset->account->id);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;
  reset->revoked = sqlite3_changes (xs_db_get_handle (req->db));

  /* FAQ 7: resetting the password lifts the password sign-in block at
   * once (the provider binding block stays). */
  return xs_throttle_clear (req, account_key)
         && xs_db_insert_audit (req->db, reset->account->id, "password_reset", req->now,
                                req->client_ip, NULL) >= 0;
}

void
xs_handle_reset_password (XsRequest *req)
{
  g_auto(Account) account = { 0, };
  g_autofree char *password_hash = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  PasswordReset reset = { 0, };
  const char *password;
  const char *code;
  gboolean found = FALSE;

  /* What does not depend on the account is judged first. */
  if (!xs_request_get_string (req, "sms_code", &code)
      || !xs_request_get_new_password (req, &password)
      || !xs_throttle_reserve_recovery (req)
      || !xs_account_find_for_reset (req, &account, &found))
    return;

  /* No account, or no valid code: one answer (see find-username). */
  if (!found)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_SMS_CODE_INVALID, "sms_code");
      return;
    }

  if (!xs_codes_check (req, XS_CHANNEL_SMS, "reset_password", account.phone, code,
                       "sms_code", FALSE)
      || !xs_throttle_release_recovery (req))
    return;

  password_hash = xs_password_hash (req->config, password);
  if (password_hash == NULL)
    {
      xs_request_internal_error (req, "hashing a password");
      return;
    }

  reset.account = &account;
  reset.code = code;
  reset.password_hash = password_hash;
  if (!xs_request_run_transaction (req, apply_password_reset, &reset, "resetting a password"))
    return;

  g_info ("Password of account %" G_GINT64_FORMAT " reset; %d sessions revoked",
          account.id, reset.revoked);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revoked_sessions");
  json_builder_add_int_value (builder, reset.revoked);
  json_builder_end_object (builder);
  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}
