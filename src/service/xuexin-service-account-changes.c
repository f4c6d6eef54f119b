/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

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

/* A new email or phone, and what differs between the two. */
typedef struct {
  const char      *value;
  const char      *code;
  XsChannel        channel;
  const char      *purpose;      /* of the code */
  const char      *code_field;
  const char      *field;
  gboolean       (*is_taken)    (XsRequest  *req,
                                 const char *value,
                                 gboolean   *taken);
  XuexinErrorCode  taken_error;
  XsSqlEntry      *update_sql;   /* sets ?2 on account ?1, updated_at ?3 */
  const char      *event;
} ContactChange;

static gboolean
check_change_code (XsRequest           *req,
                   const ContactChange *change,
                   gboolean             consume)
{
  return xs_codes_check (req, change->channel, change->purpose, change->value, change->code,
                         change->code_field, consume);
}

static gboolean
store_contact (XsRequest *req,
               gpointer   data)
{
  ContactChange *change = data;
  gboolean taken = FALSE;
  sqlite3_stmt *stmt;

  if (!change->is_taken (req, change->value, &taken))
    return FALSE;
  if (taken)
    {
      xs_request_error (req, change->taken_error, change->field);
      return FALSE;
    }

  if (!check_change_code (req, change, TRUE))
    return FALSE;

  stmt = xs_db_prepare_registered (req->db, change->update_sql);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  xs_stmt_bind_text (stmt, 2, change->value);
  sqlite3_bind_int64 (stmt, 3, req->now);

  return xs_db_step_done (req->db, stmt)
         && (change->channel != XS_CHANNEL_EMAIL
             || xs_email_mark_used (req, change->value, req->account_id))
         && xs_db_insert_audit (req->db, req->account_id, change->event, req->now,
                                req->client_ip, NULL) >= 0;
}

/* A wrong code counts even though the request fails (the code is checked
 * before the transaction); the transaction checks everything again. */
static void
change_contact (XsRequest     *req,
                ContactChange *change,
                const char    *what)
{
  g_auto(Account) account = { 0, };

  if (!check_change_code (req, change, FALSE)
      || !xs_request_run_transaction (req, store_contact, change, what))
    return;

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
  ContactChange change = {
    .channel = XS_CHANNEL_EMAIL,
    .purpose = "bind_email",
    .code_field = "code",
    .field = "email",
    .is_taken = xs_email_is_used,
    .taken_error = XUEXIN_ERROR_CODE_EMAIL_USED,
    .update_sql = XS_SQL ("UPDATE accounts SET email = ?2, updated_at = ?3 WHERE id = ?1"),
    .event = "email_changed",
  };

  if (!xs_request_get_email (req, FALSE, &email)
      || !xs_request_get_string (req, "code", &change.code))
    return;

  change.value = email;
  change_contact (req, &change, "changing an email");
}

void
xs_handle_change_phone (XsRequest *req)
{
  g_autofree char *phone = NULL;
  ContactChange change = {
    .channel = XS_CHANNEL_SMS,
    .purpose = "change_phone",
    .code_field = "sms_code",
    .field = "phone",
    .is_taken = xs_phone_is_taken,
    .taken_error = XUEXIN_ERROR_CODE_PHONE_TAKEN,
    .update_sql = XS_SQL ("UPDATE accounts SET phone = ?2, updated_at = ?3 WHERE id = ?1"),
    .event = "phone_changed",
  };

  if (!xs_request_get_phone (req, "phone", &phone)
      || !xs_request_get_string (req, "sms_code", &change.code))
    return;

  change.value = phone;
  change_contact (req, &change, "changing a phone");
}
