/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "xuexin-service-private.h"

/*
 * Accounts: registration, sign-in, sessions, recovery and account
 * management. Every mutation is one BEGIN IMMEDIATE … COMMIT transaction
 * that is durable (synchronous=FULL) before the reply. Password hashing
 * happens outside transactions, on the hashing pool.
 *
 * Logs name accounts by id and phones masked; never passwords, codes,
 * tokens or full ID numbers.
 */

typedef struct {
  gint64  id;
  char   *phone;
  char   *name;
  char   *id_type;
  char   *id_number;
  char   *email;
  char   *password_hash;
  char   *state;
  gint64  created_at;
  gint64  provider_bind_blocked_until;
} Account;

static void
account_clear (Account *account)
{
  g_free (account->phone);
  g_free (account->name);
  g_free (account->id_type);
  g_free (account->id_number);
  g_free (account->email);
  if (account->password_hash != NULL)
    sodium_memzero (account->password_hash, strlen (account->password_hash));
  g_free (account->password_hash);
  g_free (account->state);
  memset (account, 0, sizeof *account);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Account, account_clear)

#define ACCOUNT_COLUMNS \
  "id, phone, name, id_type, id_number, email, password_hash, state, created_at, " \
  "provider_bind_blocked_until"

static void
account_from_row (Account      *account,
                  sqlite3_stmt *stmt)
{
  account_clear (account);
  account->id = sqlite3_column_int64 (stmt, 0);
  account->phone = g_strdup (xs_stmt_text (stmt, 1));
  account->name = g_strdup (xs_stmt_text (stmt, 2));
  account->id_type = g_strdup (xs_stmt_text (stmt, 3));
  account->id_number = g_strdup (xs_stmt_text (stmt, 4));
  account->email = g_strdup (xs_stmt_text (stmt, 5));
  account->password_hash = g_strdup (xs_stmt_text (stmt, 6));
  account->state = g_strdup (xs_stmt_text (stmt, 7));
  account->created_at = sqlite3_column_int64 (stmt, 8);
  account->provider_bind_blocked_until = sqlite3_column_int64 (stmt, 9);
}

/* Runs a SELECT of ACCOUNT_COLUMNS with its parameters bound; keeps the
 * first row. */
static gboolean
account_load (XsDb         *db,
              sqlite3_stmt *stmt,
              Account      *account)
{
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      account_from_row (account, stmt);
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}

static gboolean
account_load_by_id (XsDb    *db,
                    gint64   id,
                    Account *account)
{
  sqlite3_stmt *stmt = xs_db_prepare (db,
    "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?1");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return account_load (db, stmt, account);
}

/* The live account with this phone, else the newest cancelled one. */
static gboolean
account_load_by_phone (XsDb       *db,
                       const char *phone,
                       Account    *account)
{
  sqlite3_stmt *stmt = xs_db_prepare (db,
    "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE phone = ?1 "
    "ORDER BY state = 'cancelled', created_at DESC, id DESC LIMIT 1");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, phone);
  return account_load (db, stmt, account);
}

static gboolean
account_load_by_email (XsDb       *db,
                       const char *email,
                       Account    *account)
{
  sqlite3_stmt *stmt = xs_db_prepare (db,
    "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE email = ?1 COLLATE NOCASE LIMIT 1");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, email);
  return account_load (db, stmt, account);
}

/* Several accounts can share an ID number after re-registration; the ID
 * number as a login name means the newest live one. */
static gboolean
account_load_by_id_number (XsDb       *db,
                           const char *id_number,
                           Account    *account)
{
  sqlite3_stmt *stmt = xs_db_prepare (db,
    "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id_number = ?1 "
    "ORDER BY state = 'cancelled', created_at DESC, id DESC LIMIT 1");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, id_number);
  return account_load (db, stmt, account);
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 gint64       usec)
{
  g_autofree char *text = usec > 0 ? xs_format_time (usec) : NULL;

  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
mask_email (const char *email)
{
  const char *at;

  if (email == NULL)
    return NULL;

  at = strchr (email, '@');
  if (at == NULL || at == email)
    return g_strdup ("***");

  return g_strdup_printf ("%c***%s", email[0], at);
}

static char *
mask_phone (const char *phone)
{
  return phone != NULL ? xuexin_phone_mask (phone) : NULL;
}

/* The account as its owner sees it. */
static void
write_account_object (XsJsonWriter  *writer,
                      const Account *account,
                      gint64         now)
{
  g_autofree char *id_masked = xuexin_id_number_mask (account->id_number);

  xs_json_begin_object (writer);
  xs_json_member (writer, "id");
  xs_json_int (writer, account->id);
  xs_json_member (writer, "phone");
  xs_json_string (writer, account->phone);
  xs_json_member (writer, "name");
  xs_json_string (writer, account->name);
  xs_json_member (writer, "id_type");
  xs_json_string (writer, account->id_type);
  xs_json_member (writer, "id_number_masked");
  xs_json_string (writer, id_masked);
  xs_json_member (writer, "email");
  xs_json_string (writer, account->email);
  xs_json_member (writer, "state");
  xs_json_string (writer, account->state);
  xs_json_member (writer, "identity_verification_required");
  xs_json_boolean (writer, g_strcmp0 (account->state, XS_STATE_PENDING_IDENTITY) == 0);
  xs_json_member (writer, "created_at");
  xs_json_time (writer, account->created_at);
  xs_json_member (writer, "provider_bind_blocked_until");
  xs_json_time (writer, account->provider_bind_blocked_until > now
                        ? account->provider_bind_blocked_until : 0);
  xs_json_end_object (writer);
}

/* The same object inside a reply built with JsonBuilder (sign-in and the
 * like): one definition of what an account looks like. */
static void
add_account_object (JsonBuilder   *builder,
                    const Account *account,
                    gint64         now)
{
  g_auto(XsJsonWriter) writer = { 0, };
  g_autofree char *text = NULL;

  xs_json_writer_init (&writer);
  write_account_object (&writer, account, now);
  text = xs_json_writer_finish (&writer);
  json_builder_add_value (builder, json_from_string (text, NULL));
}

static void
reply_account (XsRequest     *req,
               guint          status,
               const Account *account)
{
  g_auto(XsJsonWriter) writer = { 0, };

  xs_json_writer_init (&writer);
  xs_json_begin_object (&writer);
  xs_json_member (&writer, "account");
  write_account_object (&writer, account, req->now);
  xs_json_end_object (&writer);
  xs_request_reply_writer (req, status, &writer);
}

/* ----- field validation ------------------------------------------------- */

static gboolean
get_phone (XsRequest   *req,
           const char  *field,
           char       **out)
{
  const char *text;

  if (!xs_request_get_string (req, field, &text))
    return FALSE;

  if (xuexin_phone_validate (text, out) != XUEXIN_PHONE_OK)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_PHONE, field);
      return FALSE;
    }

  return TRUE;
}

static gboolean
get_name (XsRequest  *req,
          char      **out)
{
  const char *text;

  if (!xs_request_get_string (req, "name", &text))
    return FALSE;

  if (xuexin_name_validate (text, out) != XUEXIN_NAME_OK)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_NAME, "name");
      return FALSE;
    }

  return TRUE;
}

static gboolean
get_email (XsRequest  *req,
           gboolean    optional,
           char      **out)
{
  const char *text;

  *out = NULL;
  if (!xs_request_get_string (req, "email", &text))
    return FALSE;

  if (optional)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

      if (*stripped == '\0')
        return TRUE;
    }

  if (xuexin_email_validate (text, out) != XUEXIN_EMAIL_OK)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_EMAIL, "email");
      return FALSE;
    }

  return TRUE;
}

/* Numbers of documents other than the resident ID card (其他): 4 to 32
 * letters, digits, '-', '(' or ')', stored upper-case. */
static char *
normalize_other_id_number (const char *text)
{
  g_autofree char *stripped = NULL;
  gsize length;
  const char *p;

  if (text == NULL)
    return NULL;

  stripped = g_strstrip (g_strdup (text));
  length = strlen (stripped);
  if (length < 4 || length > 32)
    return NULL;

  for (p = stripped; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '(' && *p != ')')
        return NULL;
    }

  return g_ascii_strup (stripped, -1);
}

static gboolean
validate_id_number (XsRequest   *req,
                    const char  *id_type,
                    const char  *text,
                    char       **out)
{
  if (g_strcmp0 (id_type, XS_ID_TYPE_RESIDENT) == 0)
    {
      g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (req->now / XS_USEC_PER_SEC);

      if (xuexin_id_number_validate (text, today, out) == XUEXIN_ID_NUMBER_OK)
        return TRUE;
    }
  else
    {
      *out = normalize_other_id_number (text);
      if (*out != NULL)
        return TRUE;
    }

  xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_ID_NUMBER, "id_number");
  return FALSE;
}

static gboolean
get_id (XsRequest   *req,
        const char **out_type,
        char       **out_number)
{
  const char *id_type;
  const char *text;

  if (!xs_request_get_string (req, "id_type", &id_type)
      || !xs_request_get_string (req, "id_number", &text))
    return FALSE;

  if (id_type == NULL || g_strcmp0 (id_type, XS_ID_TYPE_RESIDENT) == 0)
    *out_type = XS_ID_TYPE_RESIDENT;
  else if (g_strcmp0 (id_type, XS_ID_TYPE_OTHER) == 0)
    *out_type = XS_ID_TYPE_OTHER;
  else
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "id_type");
      return FALSE;
    }

  return validate_id_number (req, *out_type, text, out_number);
}

/* Both password and its confirmation, checked like the registration form. */
static gboolean
get_new_password (XsRequest   *req,
                  const char **out)
{
  const char *password;
  const char *confirmation;

  if (!xs_request_get_string (req, "password", &password)
      || !xs_request_get_string (req, "password_confirmation", &confirmation))
    return FALSE;

  if (xuexin_password_validate (password) != XUEXIN_PASSWORD_OK
      || xuexin_password_is_weak (password))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_WEAK_PASSWORD, "password");
      return FALSE;
    }

  if (g_strcmp0 (password, confirmation) != 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "password_confirmation");
      return FALSE;
    }

  *out = password;
  return TRUE;
}

static gboolean
get_required_string (XsRequest   *req,
                     const char  *field,
                     const char **out)
{
  if (!xs_request_get_string (req, field, out))
    return FALSE;

  if (*out == NULL || **out == '\0')
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, field);
      return FALSE;
    }

  return TRUE;
}

/* ----- lookups ---------------------------------------------------------- */

static gboolean
phone_is_taken (XsRequest  *req,
                const char *phone,
                gboolean   *taken)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT 1 FROM accounts WHERE phone = ?1 AND state != 'cancelled'");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, phone);
  *taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
email_is_used (XsRequest  *req,
               const char *email,
               gboolean   *used)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT 1 FROM used_emails WHERE email = ?1 "
    "UNION ALL SELECT 1 FROM accounts WHERE email = ?1 COLLATE NOCASE");
  g_autofree char *key = g_ascii_strdown (email, -1);

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, key);
  *used = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Live accounts with this ID; with @name only those whose name matches. */
static GArray *
find_live_accounts_by_id (XsRequest  *req,
                          const char *id_type,
                          const char *id_number,
                          const char *name)
{
  GArray *accounts = g_array_new (FALSE, TRUE, sizeof (Account));
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT " ACCOUNT_COLUMNS " FROM accounts "
    "WHERE id_number = ?1 AND id_type = ?2 AND state != 'cancelled' "
    "AND (?3 IS NULL OR name = ?3) ORDER BY created_at DESC, id DESC LIMIT 5");

  g_array_set_clear_func (accounts, (GDestroyNotify) account_clear);
  if (stmt == NULL)
    return accounts;

  xs_stmt_bind_text (stmt, 1, id_number);
  xs_stmt_bind_text (stmt, 2, id_type);
  xs_stmt_bind_text (stmt, 3, name);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Account account = { 0, };

      account_from_row (&account, stmt);
      g_array_append_val (accounts, account);
    }
  sqlite3_reset (stmt);

  return accounts;
}

/* Resolves a login name (phone, email or ID number) to an account. */
static gboolean
find_account_by_login (XsRequest  *req,
                       const char *login_name,
                       Account    *account)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (req->now / XS_USEC_PER_SEC);

  if (xuexin_phone_validate (login_name, &normalized) == XUEXIN_PHONE_OK)
    return account_load_by_phone (req->db, normalized, account);

  if (strchr (login_name, '@') != NULL)
    {
      if (xuexin_email_validate (login_name, &normalized) == XUEXIN_EMAIL_OK)
        return account_load_by_email (req->db, normalized, account);
      return FALSE;
    }

  if (xuexin_id_number_validate (login_name, today, &normalized) != XUEXIN_ID_NUMBER_OK)
    normalized = normalize_other_id_number (login_name);
  if (normalized == NULL)
    return FALSE;

  return account_load_by_id_number (req->db, normalized, account);
}

/* ----- SMS codes -------------------------------------------------------- */

static void
reply_codes_sent (XsRequest          *req,
                  const char         *purpose,
                  const char * const *recipients,
                  gboolean            email)
{
  const XuexinServiceConfig *config = xs_service_get_config (req->service);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint i;

  json_builder_begin_object (builder);
  add_string_member (builder, "purpose", purpose);
  json_builder_set_member_name (builder, "sent_to");
  json_builder_begin_array (builder);
  for (i = 0; recipients[i] != NULL; i++)
    {
      g_autofree char *masked = email ? mask_email (recipients[i]) : mask_phone (recipients[i]);
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

  if (!get_phone (req, "phone", &phone))
    return;

  if (!phone_is_taken (req, phone, &taken))
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
    reply_codes_sent (req, purpose, recipients, FALSE);
}

/* The live accounts of a name and ID (find username) and their distinct
 * phones, NULL-terminated. Answers not_found and returns FALSE when there
 * are none. The phones point into the accounts. */
static gboolean
find_accounts_for_username (XsRequest  *req,
                            GArray    **out_accounts,
                            GPtrArray **out_phones)
{
  g_autofree char *name = NULL;
  g_autofree char *id_number = NULL;
  const char *id_type = NULL;
  g_autoptr(GArray) accounts = NULL;
  g_autoptr(GPtrArray) phones = g_ptr_array_new ();
  guint i;

  if (!get_name (req, &name) || !get_id (req, &id_type, &id_number))
    return FALSE;

  accounts = find_live_accounts_by_id (req, id_type, id_number, name);
  for (i = 0; i < accounts->len; i++)
    {
      const char *phone = g_array_index (accounts, Account, i).phone;

      if (!g_ptr_array_find_with_equal_func (phones, phone, g_str_equal, NULL))
        g_ptr_array_add (phones, (gpointer) phone);
    }

  if (phones->len == 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return FALSE;
    }
  g_ptr_array_add (phones, NULL);

  *out_accounts = g_steal_pointer (&accounts);
  *out_phones = g_steal_pointer (&phones);
  return TRUE;
}

static void
sms_code_for_find_username (XsRequest *req)
{
  g_autoptr(GArray) accounts = NULL;
  g_autoptr(GPtrArray) phones = NULL;

  if (!find_accounts_for_username (req, &accounts, &phones))
    return;

  if (xs_codes_issue (req, XS_CHANNEL_SMS, "find_username",
                      (const char * const *) phones->pdata, 0))
    reply_codes_sent (req, "find_username", (const char * const *) phones->pdata, FALSE);
}

/* The reset-password identity check: login name + name + ID number must
 * all belong to one live account. */
static gboolean
find_account_for_reset (XsRequest *req,
                        Account   *account)
{
  const char *login_name;
  const char *id_text;
  g_autofree char *name = NULL;
  g_autofree char *id_number = NULL;

  if (!get_required_string (req, "login_name", &login_name)
      || !get_name (req, &name)
      || !xs_request_get_string (req, "id_number", &id_text))
    return FALSE;

  if (!find_account_by_login (req, login_name, account)
      || g_strcmp0 (account->state, XS_STATE_CANCELLED) == 0
      || g_strcmp0 (account->name, name) != 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return FALSE;
    }

  if (!validate_id_number (req, account->id_type, id_text, &id_number))
    return FALSE;

  if (g_strcmp0 (account->id_number, id_number) != 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return FALSE;
    }

  return TRUE;
}

static void
sms_code_for_reset_password (XsRequest *req)
{
  g_auto(Account) account = { 0, };
  const char *recipients[2] = { NULL, NULL };

  if (!find_account_for_reset (req, &account))
    return;

  recipients[0] = account.phone;
  if (xs_codes_issue (req, XS_CHANNEL_SMS, "reset_password", recipients, account.id))
    reply_codes_sent (req, "reset_password", recipients, FALSE);
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

/* ----- registration ----------------------------------------------------- */

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
  gboolean ok = FALSE;

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, req->client_ip);
  sqlite3_bind_int64 (stmt, 2, req->now - XS_DAY);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *count = sqlite3_column_int64 (stmt, 0);
      *oldest = sqlite3_column_int64 (stmt, 1);
      ok = TRUE;
    }
  sqlite3_reset (stmt);

  return ok;
}

/* The refusals of registration, in the order the form shows them. Run
 * before hashing (to refuse cheaply) and again inside the transaction. */
static gboolean
check_registration (XsRequest    *req,
                    Registration *r)
{
  const XuexinServiceConfig *config = xs_service_get_config (req->service);
  g_autoptr(GArray) same_id = NULL;
  gboolean taken = FALSE;
  gint64 count = 0;
  gint64 oldest = 0;

  if (!phone_is_taken (req, r->phone, &taken))
    {
      xs_request_internal_error (req, "checking a registration");
      return FALSE;
    }
  if (taken)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_PHONE_TAKEN, "phone");
      return FALSE;
    }

  same_id = find_live_accounts_by_id (req, r->id_type, r->id_number, NULL);
  r->pending = same_id->len > 0;
  if (r->pending && !r->reregister)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_ID_NUMBER_TAKEN, "id_number");
      return FALSE;
    }

  if (r->email == NULL)
    return TRUE;

  if (!email_is_used (req, r->email, &taken)
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

static gboolean
insert_used_email (XsRequest  *req,
                   const char *email,
                   gint64      account_id)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "INSERT OR IGNORE INTO used_emails (email, account_id, used_at) VALUES (?1, ?2, ?3)");
  g_autofree char *key = g_ascii_strdown (email, -1);

  if (stmt == NULL)
    return FALSE;
  /* Mailboxes are case-insensitive in practice: "used once" must not be
   * dodged by changing case. */
  xs_stmt_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, account_id);
  sqlite3_bind_int64 (stmt, 3, req->now);
  return xs_db_step_done (req->db, stmt);
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
      && (!insert_used_email (req, r->email, id)
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

  if (!get_phone (req, "phone", &r.phone)
      || !xs_request_get_string (req, "sms_code", &r.sms_code)
      || !get_name (req, &r.name)
      || !get_id (req, &r.id_type, &r.id_number)
      || !get_email (req, TRUE, &r.email)
      || !get_new_password (req, &r.password)
      || !xs_request_get_boolean (req, "reregister", &r.reregister))
    return;

  if (!xs_codes_check (req, XS_CHANNEL_SMS, "register", r.phone, r.sms_code, "sms_code", FALSE)
      || !check_registration (req, &r))
    return;

  password_hash = xs_password_hash (xs_service_get_config (req->service), r.password);
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

  if (!account_load_by_id (req->db, id, &account))
    {
      xs_request_internal_error (req, "loading an account");
      return;
    }
  reply_account (req, SOUP_STATUS_CREATED, &account);
}

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

  if (stmt == NULL)
    return 0;
  xs_stmt_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    until = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return until > req->now ? until : 0;
}

/* Inside a transaction. Returns the new lock end, 0 if not locked, -1 on
 * error. */
static gint64
throttle_record_failure (XsRequest  *req,
                         const char *key,
                         guint       free_failures)
{
  const XuexinServiceConfig *config = xs_service_get_config (req->service);
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT failures, last_failure_at FROM sign_in_throttle WHERE key = ?1");
  gint64 failures = 0;
  gint64 locked_until = 0;

  if (stmt == NULL)
    return -1;
  xs_stmt_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 1) > req->now - XS_DAY)
    failures = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

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

static gboolean
throttle_clear (XsRequest  *req,
                const char *key)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db, "DELETE FROM sign_in_throttle WHERE key = ?1");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, key);
  return xs_db_step_done (req->db, stmt);
}

static char *
account_throttle_key (gint64      account_id,
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
  const XuexinServiceConfig *config = xs_service_get_config (req->service);
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
  const XuexinServiceConfig *config = xs_service_get_config (req->service);

  add_string_member (builder, "token", token);
  add_string_member (builder, "token_type", "Bearer");
  add_time_member (builder, "expires_at", expires_at);
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, config->session_lifetime);
  json_builder_set_member_name (builder, "idle_timeout");
  json_builder_add_int_value (builder, config->session_idle_timeout);
  json_builder_set_member_name (builder, "account");
  add_account_object (builder, account, req->now);
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

  if (!account_load_by_id (req->db, account_id, &account))
    return FALSE;

  add_session_members (req, builder, token, expires_at, &account);
  return TRUE;
}

/* Adds the account object of @account_id as member @name. */
gboolean
xs_account_add_json (XsRequest   *req,
                     JsonBuilder *builder,
                     const char  *name,
                     gint64       account_id)
{
  g_auto(Account) account = { 0, };

  if (!account_load_by_id (req->db, account_id, &account))
    return FALSE;

  json_builder_set_member_name (builder, name);
  add_account_object (builder, &account, req->now);
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
  const XuexinServiceConfig *config = xs_service_get_config (req->service);
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
  return session->token != NULL && throttle_clear (req, session->account_key);
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

  if (!get_required_string (req, "login_name", &login_name)
      || !get_required_string (req, "password", &password))
    return;

  ip_key = g_strdup_printf ("ip:%s", req->client_ip);
  found = find_account_by_login (req, login_name, &account);
  account_key = account_throttle_key (found ? account.id : 0, login_name);

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
                                 : xs_service_get_dummy_hash (req->service),
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

  if (!account_load_by_id (req->db, req->account_id, &account))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_UNAUTHORIZED, NULL);
      return;
    }

  reply_account (req, SOUP_STATUS_OK, &account);
}

/* ----- recovery --------------------------------------------------------- */

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
      || !find_accounts_for_username (req, &accounts, &phones))
    return;

  /* Use the code up; a wrong entry still counts. */
  if (!xs_db_begin (req->db))
    {
      xs_request_internal_error (req, "starting a transaction");
      return;
    }
  matched = xs_codes_check_any (req, XS_CHANNEL_SMS, "find_username",
                                (const char * const *) phones->pdata, code, "sms_code", TRUE);
  if (!xs_db_commit (req->db))
    {
      xs_db_rollback (req->db);
      if (!xs_request_has_reply (req))
        xs_request_internal_error (req, "checking a code");
      return;
    }
  if (matched < 0)
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
      email_masked = mask_email (account->email);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "login_names");
      json_builder_begin_object (builder);
      add_string_member (builder, "phone", account->phone);
      add_string_member (builder, "id_number", id_masked);
      add_string_member (builder, "email", email_masked);
      json_builder_end_object (builder);
      add_string_member (builder, "state", account->state);
      add_time_member (builder, "created_at", account->created_at);
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
  g_autofree char *account_key = account_throttle_key (reset->account->id, NULL);
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
  return throttle_clear (req, account_key)
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

  if (!find_account_for_reset (req, &account)
      || !xs_request_get_string (req, "sms_code", &code)
      || !get_new_password (req, &password))
    return;

  if (!xs_codes_check (req, XS_CHANNEL_SMS, "reset_password", account.phone, code,
                       "sms_code", FALSE))
    return;

  password_hash = xs_password_hash (xs_service_get_config (req->service), password);
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

/* ----- account management ----------------------------------------------- */

void
xs_handle_email_codes (XsRequest *req)
{
  g_autofree char *email = NULL;
  const char *recipients[2] = { NULL, NULL };
  gboolean used = FALSE;

  if (!get_email (req, FALSE, &email))
    return;

  if (!email_is_used (req, email, &used))
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
    reply_codes_sent (req, "bind_email", recipients, TRUE);
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

  if (!email_is_used (req, change->value, &used))
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
         && insert_used_email (req, change->value, req->account_id)
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

  if (!phone_is_taken (req, change->value, &taken))
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

  if (!account_load_by_id (req->db, req->account_id, &account))
    {
      xs_request_internal_error (req, "loading an account");
      return;
    }

  reply_account (req, SOUP_STATUS_OK, &account);
}

void
xs_handle_change_email (XsRequest *req)
{
  g_autofree char *email = NULL;
  ContactChange change = { 0, };

  if (!get_email (req, FALSE, &email)
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

  if (!get_phone (req, "phone", &phone)
      || !xs_request_get_string (req, "sms_code", &change.code))
    return;

  if (!xs_codes_check (req, XS_CHANNEL_SMS, "change_phone", phone, change.code, "sms_code",
                       FALSE))
    return;

  change.value = phone;
  if (xs_request_run_transaction (req, store_phone, &change, "changing a phone"))
    reply_own_account (req);
}

void
xs_handle_me_providers (XsRequest *req)
{
  static const struct {
    const char *id;
    const char *name;
  } providers[] = {
    { "wechat", "微信" },
    { "alipay", "支付宝" },
  };
  g_auto(Account) account = { 0, };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt;
  guint i;

  if (!account_load_by_id (req->db, req->account_id, &account))
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
  for (i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      gint64 linked_at = 0;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, req->account_id);
      xs_stmt_bind_text (stmt, 2, providers[i].id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        linked_at = sqlite3_column_int64 (stmt, 0);

      json_builder_begin_object (builder);
      add_string_member (builder, "provider", providers[i].id);
      add_string_member (builder, "name", providers[i].name);
      json_builder_set_member_name (builder, "bound");
      json_builder_add_boolean_value (builder, linked_at > 0);
      add_time_member (builder, "bound_at", linked_at);
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  add_time_member (builder, "bind_blocked_until",
                   account.provider_bind_blocked_until > req->now
                   ? account.provider_bind_blocked_until : 0);
  json_builder_end_object (builder);

  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}
