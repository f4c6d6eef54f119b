/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include "xuexin-service-accounts.h"
#include "xuexin-service-codes.h"
#include "xuexin-service-crypto.h"
#include "xuexin-service-registration.h"

/* Registration: POST /accounts. */

typedef struct {
  char       *phone;
  char       *name;
  const char *id_type;
  char       *id_number;
  char       *email;
  const char *password;
  const char *sms_code;
  gboolean    reregister;
  const char *password_hash;
  /* Results */
  gboolean    pending;
  gint64      id;
} Registration;

static void
registration_clear (Registration *r)
{
  g_free (r->phone);
  g_free (r->name);
  g_free (r->id_number);
  g_free (r->email);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Registration, registration_clear)

/* Registrations with an email from the client's IP in the last 24 h. */
static gboolean
count_email_registrations (XsRequest *req,
                           gint64    *count,
                           gint64    *oldest)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*), MIN(at) FROM audit_log "
    "WHERE event = 'register_with_email' AND client_ip = ?1 AND at > ?2");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, req->client_ip);
  sqlite3_bind_int64 (stmt, 2, req->now - XS_DAY);
  return xs_db_select_int64 (stmt, count, oldest, NULL);
}

/* The refusals of registration, in the order the form shows them. Run
 * before hashing (to refuse cheaply) and again inside the transaction. */
static gboolean
check_registration (XsRequest    *req,
                    Registration *r)
{
  const XuexinServiceConfig *config = req->config;
  g_autoptr(GArray) same_id = NULL;
  gboolean taken = FALSE;
  gint64 count = 0;
  gint64 oldest = 0;

  if (!xs_phone_is_taken (req, r->phone, &taken))
    {
      xs_request_internal_error (req, "checking a registration");
      return FALSE;
    }
  if (taken)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_PHONE_TAKEN, "phone");
      return FALSE;
    }

  same_id = xs_account_find_live_by_id (req, r->id_type, r->id_number, NULL);
  r->pending = same_id->len > 0;
  if (r->pending && !r->reregister)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_ID_NUMBER_TAKEN, "id_number");
      return FALSE;
    }

  if (r->email == NULL)
    return TRUE;

  if (!xs_email_is_used (req, r->email, &taken)
      || !count_email_registrations (req, &count, &oldest))
    {
      xs_request_internal_error (req, "checking a registration");
      return FALSE;
    }

  if (taken)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_EMAIL_USED, "email");
      return FALSE;
    }

  if (count >= config->email_registrations_per_ip)
    {
      xs_request_error_retry (req, XUEXIN_ERROR_CODE_EMAIL_IP_RESTRICTED, "email",
                              oldest + XS_DAY - req->now);
      return FALSE;
    }

  return TRUE;
}

static gint64
insert_account (XsRequest          *req,
                const Registration *r,
                const char         *password_hash)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "INSERT INTO accounts (phone, name, id_type, id_number, email, password_hash, state, "
    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
  gint64 id;

  if (stmt == NULL)
    return -1;
  xs_stmt_bind_text (stmt, 1, r->phone);
  xs_stmt_bind_text (stmt, 2, r->name);
  xs_stmt_bind_text (stmt, 3, r->id_type);
  xs_stmt_bind_text (stmt, 4, r->id_number);
  xs_stmt_bind_text (stmt, 5, r->email);
  xs_stmt_bind_text (stmt, 6, password_hash);
  xs_stmt_bind_text (stmt, 7, r->pending ? XS_STATE_PENDING_IDENTITY : XS_STATE_ACTIVE);
  sqlite3_bind_int64 (stmt, 8, req->now);
  if (!xs_db_step_done (req->db, stmt))
    return -1;

  id = sqlite3_last_insert_rowid (xs_db_get_handle (req->db));

  if (r->email != NULL
      && (!xs_email_mark_used (req, r->email, id)
          || xs_db_insert_audit (req->db, id, "register_with_email", req->now,
                                 req->client_ip, NULL) < 0))
    return -1;

  if (xs_db_insert_audit (req->db, id, "register", req->now, req->client_ip,
                          r->pending ? "reregister" : NULL) < 0)
    return -1;

  return id;
}

/* Checks again under the write lock, uses the code up, stores. */
static gboolean
store_registration (XsRequest *req,
                    gpointer   data)
{
  Registration *r = data;

  if (!check_registration (req, r)
      || !xs_codes_check (req, XS_CHANNEL_SMS, "register", r->phone, r->sms_code, "sms_code",
                          TRUE))
    return FALSE;

  r->id = insert_account (req, r, r->password_hash);
  return r->id > 0;
}

void
xs_handle_register (XsRequest *req)
{
  g_auto(Registration) r = { 0, };
  g_autofree char *password_hash = NULL;
  g_auto(Account) account = { 0, };
  gint64 id;

  if (!xs_request_get_phone (req, "phone", &r.phone)
      || !xs_request_get_string (req, "sms_code", &r.sms_code)
      || !xs_request_get_name (req, &r.name)
      || !xs_request_get_id (req, &r.id_type, &r.id_number)
      || !xs_request_get_email (req, TRUE, &r.email)
      || !xs_request_get_new_password (req, &r.password)
      || !xs_request_get_boolean (req, "reregister", &r.reregister))
    return;

  if (!xs_codes_check (req, XS_CHANNEL_SMS, "register", r.phone, r.sms_code, "sms_code", FALSE)
      || !check_registration (req, &r))
    return;

  password_hash = xs_password_hash (req->config, r.password);
  if (password_hash == NULL)
    {
      xs_request_internal_error (req, "hashing a password");
      return;
    }

  r.password_hash = password_hash;
  if (!xs_request_run_transaction (req, store_registration, &r, "registering"))
    return;
  id = r.id;

  g_info ("Registered account %" G_GINT64_FORMAT "%s", id,
          r.pending ? " (re-registration, pending identity verification)" : "");

  if (!xs_account_load_by_id (req->db, id, &account))
    {
      xs_request_internal_error (req, "loading an account");
      return;
    }
  xs_request_reply_account (req, SOUP_STATUS_CREATED, &account);
}
