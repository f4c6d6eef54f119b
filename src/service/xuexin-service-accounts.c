/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "xuexin-service-accounts.h"

/*
 * The account model shared by the account handlers (sessions,
 * registration, recovery, account changes; see their files). Every
 * mutation is one BEGIN IMMEDIATE … COMMIT transaction that is durable
 * (synchronous=FULL) before the reply. Password hashing happens outside
 * transactions, on the hashing pool.
 *
 * Logs name accounts by id and phones masked; never passwords, codes,
 * tokens or full ID numbers.
 */
void
xs_account_clear (Account *account)
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
  g_free (account->role);
  memset (account, 0, sizeof *account);
}

#define ACCOUNT_COLUMNS \
  "id, phone, name, id_type, id_number, email, password_hash, state, created_at, " \
  "provider_bind_blocked_until, role"

static void
account_from_row (Account      *account,
                  sqlite3_stmt *stmt)
{
  xs_account_clear (account);
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
  account->role = g_strdup (xs_stmt_text (stmt, 10));
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

gboolean
xs_account_load_by_id (XsDb    *db,
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

/* Loads the first account of a SELECT of ACCOUNT_COLUMNS whose one
 * parameter is @text. */
static gboolean
account_load_by_text (XsDb         *db,
                      sqlite3_stmt *stmt,
                      const char   *text,
                      Account      *account)
{
  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, text);
  return account_load (db, stmt, account);
}

/* The live account with this phone, else the newest cancelled one. */
#define SELECT_ACCOUNT_BY_PHONE \
  "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE phone = ?1 " \
  "ORDER BY state = 'cancelled', created_at DESC, id DESC LIMIT 1"

/* The email in its normal form, as stored. */
#define SELECT_ACCOUNT_BY_EMAIL \
  "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE email = ?1 LIMIT 1"

/* Several accounts can share an ID number after re-registration; the ID
 * number as a login name means the newest live one. */
#define SELECT_ACCOUNT_BY_ID_NUMBER \
  "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id_number = ?1 " \
  "ORDER BY state = 'cancelled', created_at DESC, id DESC LIMIT 1"

char *
xs_mask_email (const char *email)
{
  const char *at;

  if (email == NULL)
    return NULL;

  at = strchr (email, '@');
  if (at == NULL || at == email)
    return g_strdup ("***");

  return g_strdup_printf ("%c***%s", email[0], at);
}

char *
xs_mask_phone (const char *phone)
{
  return phone != NULL ? xuexin_phone_mask (phone) : NULL;
}

/* The account as its owner sees it. */
void
xs_account_write_json (XsJsonWriter  *writer,
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
  /* The app opens the review console for staff. */
  xs_json_member (writer, "role");
  xs_json_string (writer, account->role);
  xs_json_end_object (writer);
}

/* The same object inside a reply built with JsonBuilder (sign-in and the
 * like): one definition of what an account looks like. */
void
xs_account_add_json (JsonBuilder   *builder,
                     const Account *account,
                     gint64         now)
{
  g_auto(XsJsonWriter) writer = { 0, };
  g_autofree char *text = NULL;

  xs_json_writer_init (&writer);
  xs_account_write_json (&writer, account, now);
  text = xs_json_writer_finish (&writer);
  json_builder_add_value (builder, json_from_string (text, NULL));
}

void
xs_request_reply_account (XsRequest     *req,
                          guint          status,
                          const Account *account)
{
  g_auto(XsJsonWriter) writer = { 0, };

  xs_json_writer_init (&writer);
  xs_json_begin_object (&writer);
  xs_json_member (&writer, "account");
  xs_account_write_json (&writer, account, req->now);
  xs_json_end_object (&writer);
  xs_request_reply_writer (req, status, &writer);
}

/* ----- field validation ------------------------------------------------- */

gboolean
xs_request_get_phone (XsRequest   *req,
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

gboolean
xs_request_get_name (XsRequest  *req,
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

gboolean
xs_request_get_email (XsRequest  *req,
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

gboolean
xs_account_validate_id_number (XsRequest   *req,
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

gboolean
xs_request_get_id (XsRequest   *req,
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

  return xs_account_validate_id_number (req, *out_type, text, out_number);
}

/* Both password and its confirmation, checked like the registration form. */
gboolean
xs_request_get_new_password (XsRequest   *req,
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

/* ----- lookups ---------------------------------------------------------- */

gboolean
xs_phone_is_taken (XsRequest  *req,
                   const char *phone,
                   gboolean   *taken)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT 1 FROM accounts WHERE phone = ?1 AND state != 'cancelled'");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, phone);
  *taken = xs_db_select_int64 (stmt, NULL);
  return TRUE;
}

/* Emails are stored and compared in their one normal form (lower case,
 * the domain in ASCII: xuexin_email_validate(), which every email from a
 * request goes through), so = finds them on the index. */
gboolean
xs_email_is_used (XsRequest  *req,
                  const char *email,
                  gboolean   *used)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT 1 FROM used_emails WHERE email = ?1 "
    "UNION ALL SELECT 1 FROM accounts WHERE email = ?1");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, email);
  *used = xs_db_select_int64 (stmt, NULL);
  return TRUE;
}

gboolean
xs_email_mark_used (XsRequest  *req,
                    const char *email,
                    gint64      account_id)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "INSERT OR IGNORE INTO used_emails (email, account_id, used_at) VALUES (?1, ?2, ?3)");

  if (stmt == NULL)
    return FALSE;
  /* In its normal form (lower case): "used once" must not be dodged by
   * changing case. */
  xs_stmt_bind_text (stmt, 1, email);
  sqlite3_bind_int64 (stmt, 2, account_id);
  sqlite3_bind_int64 (stmt, 3, req->now);
  return xs_db_step_done (req->db, stmt);
}

/* Live accounts with this ID; with @name only those whose name matches. */
GArray *
xs_account_find_live_by_id (XsRequest  *req,
                            const char *id_type,
                            const char *id_number,
                            const char *name)
{
  GArray *accounts = g_array_new (FALSE, TRUE, sizeof (Account));
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT " ACCOUNT_COLUMNS " FROM accounts "
    "WHERE id_number = ?1 AND id_type = ?2 AND state != 'cancelled' "
    "AND (?3 IS NULL OR name = ?3) ORDER BY created_at DESC, id DESC LIMIT 5");

  g_array_set_clear_func (accounts, (GDestroyNotify) xs_account_clear);
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

/* A resident ID number (checked), else another document's number. */
char *
xs_id_number_normalize (const char *text,
                        gint64      now)
{
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (now / XS_USEC_PER_SEC);
  char *normalized = NULL;

  if (text != NULL && xuexin_id_number_validate (text, today, &normalized) == XUEXIN_ID_NUMBER_OK)
    return normalized;
  g_free (normalized);
  return normalize_other_id_number (text);
}

/* Resolves a login name (phone, email or ID number) to an account. */
gboolean
xs_account_find_by_login (XsRequest  *req,
                          const char *login_name,
                          Account    *account)
{
  g_autofree char *normalized = NULL;

  if (xuexin_phone_validate (login_name, &normalized) == XUEXIN_PHONE_OK)
    return account_load_by_text (req->db, xs_db_prepare (req->db, SELECT_ACCOUNT_BY_PHONE),
                                 normalized, account);

  if (strchr (login_name, '@') != NULL)
    {
      if (xuexin_email_validate (login_name, &normalized) == XUEXIN_EMAIL_OK)
        return account_load_by_text (req->db, xs_db_prepare (req->db, SELECT_ACCOUNT_BY_EMAIL),
                                 normalized, account);
      return FALSE;
    }

  normalized = xs_id_number_normalize (login_name, req->now);
  if (normalized == NULL)
    return FALSE;

  return account_load_by_text (req->db, xs_db_prepare (req->db, SELECT_ACCOUNT_BY_ID_NUMBER),
                                 normalized, account);
}

/* The live accounts of a name and ID (find username) and their distinct
 * phones, NULL-terminated. Answers not_found and returns FALSE when there
 * are none. The phones point into the accounts. */
gboolean
xs_account_find_for_username (XsRequest  *req,
                              GArray    **out_accounts,
                              GPtrArray **out_phones)
{
  g_autofree char *name = NULL;
  g_autofree char *id_number = NULL;
  const char *id_type = NULL;
  g_autoptr(GArray) accounts = NULL;
  g_autoptr(GPtrArray) phones = g_ptr_array_new ();
  guint i;

  if (!xs_request_get_name (req, &name) || !xs_request_get_id (req, &id_type, &id_number))
    return FALSE;

  accounts = xs_account_find_live_by_id (req, id_type, id_number, name);
  for (i = 0; i < accounts->len; i++)
    {
      const char *phone = g_array_index (accounts, Account, i).phone;

      if (!g_ptr_array_find_with_equal_func (phones, phone, g_str_equal, NULL))
        g_ptr_array_add (phones, (gpointer) phone);
    }

  g_ptr_array_add (phones, NULL);

  *out_accounts = g_steal_pointer (&accounts);
  *out_phones = g_steal_pointer (&phones);
  return TRUE;
}

/* The reset-password identity check: login name + name + ID number must
 * all belong to one live account. */
gboolean
xs_account_find_for_reset (XsRequest *req,
                           Account   *account,
                           gboolean  *out_found)
{
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (req->now / XS_USEC_PER_SEC);
  g_autofree char *as_resident = NULL;
  g_autofree char *as_other = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id_number = NULL;
  const char *login_name;
  const char *id_text;

  *out_found = FALSE;
  if (!xs_request_get_required_string (req, "login_name", &login_name)
      || !xs_request_get_name (req, &name)
      || !xs_request_get_string (req, "id_number", &id_text))
    return FALSE;

  /* The ID type is the account's, but the format is judged before the
   * lookup: an answer that depended on the account would tell whether it
   * exists. */
  if (xuexin_id_number_validate (id_text, today, &as_resident) != XUEXIN_ID_NUMBER_OK
      && (as_other = normalize_other_id_number (id_text)) == NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_ID_NUMBER, "id_number");
      return FALSE;
    }

  if (!xs_account_find_by_login (req, login_name, account)
      || g_strcmp0 (account->state, XS_STATE_CANCELLED) == 0
      || g_strcmp0 (account->name, name) != 0)
    return TRUE;

  if (g_strcmp0 (account->id_type, XS_ID_TYPE_RESIDENT) == 0)
    id_number = g_strdup (as_resident);
  else
    id_number = as_other != NULL ? g_strdup (as_other) : normalize_other_id_number (id_text);

  *out_found = id_number != NULL && g_strcmp0 (account->id_number, id_number) == 0;
  return TRUE;
}
