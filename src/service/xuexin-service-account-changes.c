/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "xuexin-service-account-changes.h"
#include "xuexin-service-accounts.h"
#include "xuexin-service-codes.h"

/* Account changes: the security email (POST /me/email-codes,
 * PUT /me/email) and the phone (PUT /me/phone). */

void
xs_handle_email_codes (XsRequest *req)
{
  g_autofree char *email = NULL;
  const char *recipients[2] = { NULL, NULL };
  gboolean used = FALSE;

  if (!xs_request_get_email (req, FALSE, &email))
    return;

  if (!xs_email_is_used (req, email, &used))
    {
      xs_request_internal_error (req, "looking up an email");
      return;
    }
  if (used)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_EMAIL_USED, "email");
      return;
    }

  recipients[0] = email;
  if (xs_codes_issue (req, XS_CHANNEL_EMAIL, "bind_email", recipients, req->account_id))
    xs_codes_reply_sent (req, "bind_email", recipients, TRUE);
}

typedef struct {
  const char *value;   /* the new email or phone */
  const char *code;
} ContactChange;

static gboolean
store_email (XsRequest *req,
             gpointer   data)
{
  ContactChange *change = data;
  gboolean used = FALSE;
  sqlite3_stmt *stmt;

  if (!xs_email_is_used (req, change->value, &used))
    return FALSE;
  if (used)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_EMAIL_USED, "email");
      return FALSE;
    }

  if (!xs_codes_check (req, XS_CHANNEL_EMAIL, "bind_email", change->value, change->code, "code",
                       TRUE))
    return FALSE;

  stmt = xs_db_prepare (req->db, "UPDATE accounts SET email = ?2, updated_at = ?3 WHERE id = ?1");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  xs_stmt_bind_text (stmt, 2, change->value);
  sqlite3_bind_int64 (stmt, 3, req->now);

  return xs_db_step_done (req->db, stmt)
         && xs_email_mark_used (req, change->value, req->account_id)
         && xs_db_insert_audit (req->db, req->account_id, "email_changed", req->now,
                                req->client_ip, NULL) >= 0;
}

static gboolean
store_phone (XsRequest *req,
             gpointer   data)
{
  ContactChange *change = data;
  gboolean taken = FALSE;
  sqlite3_stmt *stmt;

  if (!xs_phone_is_taken (req, change->value, &taken))
    return FALSE;
  if (taken)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_PHONE_TAKEN, "phone");
      return FALSE;
    }

  if (!xs_codes_check (req, XS_CHANNEL_SMS, "change_phone", change->value, change->code,
                       "sms_code", TRUE))
    return FALSE;

  stmt = xs_db_prepare (req->db, "UPDATE accounts SET phone = ?2, updated_at = ?3 WHERE id = ?1");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  xs_stmt_bind_text (stmt, 2, change->value);
  sqlite3_bind_int64 (stmt, 3, req->now);

  return xs_db_step_done (req->db, stmt)
         && xs_db_insert_audit (req->db, req->account_id, "phone_changed", req->now,
                                req->client_ip, NULL) >= 0;
}

static void
reply_own_account (XsRequest *req)
{
  g_auto(Account) account = { 0, };

  if (!xs_account_load_by_id (req->db, req->account_id, &account))
    {
      xs_request_internal_error (req, "loading an account");
      return;
    }

  xs_request_reply_account (req, SOUP_STATUS_OK, &account);
}

void
xs_handle_change_email (XsRequest *req)
{
  g_autofree char *email = NULL;
  ContactChange change = { 0, };

  if (!xs_request_get_email (req, FALSE, &email)
      || !xs_request_get_string (req, "code", &change.code))
    return;

  /* A wrong code counts even though the request fails. */
  if (!xs_codes_check (req, XS_CHANNEL_EMAIL, "bind_email", email, change.code, "code", FALSE))
    return;

  change.value = email;
  if (xs_request_run_transaction (req, store_email, &change, "changing an email"))
    reply_own_account (req);
}

void
xs_handle_change_phone (XsRequest *req)
{
  g_autofree char *phone = NULL;
  ContactChange change = { 0, };

  if (!xs_request_get_phone (req, "phone", &phone)
      || !xs_request_get_string (req, "sms_code", &change.code))
    return;

  if (!xs_codes_check (req, XS_CHANNEL_SMS, "change_phone", phone, change.code, "sms_code",
                       FALSE))
    return;

  change.value = phone;
  if (xs_request_run_transaction (req, store_phone, &change, "changing a phone"))
    reply_own_account (req);
}
