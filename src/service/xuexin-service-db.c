/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include "xuexin-common.h"
#include "xuexin-service-db.h"

/*
 * One SQLite connection. The service keeps one per worker thread in a
 * queue; a job takes one for its whole run, so a connection is never used
 * by two threads at once (SQLite's multi-thread mode).
 *
 * Durability: WAL with synchronous=FULL, so a committed transaction is on
 * disk before the HTTP reply that reports it.
 */
struct _XsDb {
  sqlite3    *handle;
  GHashTable *statements; /* const char *sql (registered literal) -> sqlite3_stmt * */
};

/* Each entry migrates from user_version == index to index + 1. Never edit
 * a shipped entry; append a new one. */
static const char * const migrations[] = {
  /* 0 -> 1: accounts, sessions, codes, throttling, audit log, registry. */
  "CREATE TABLE accounts ("
  "  id INTEGER PRIMARY KEY,"
  "  phone TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  id_type TEXT NOT NULL CHECK (id_type IN ('resident_id', 'other')),"
  "  id_number TEXT NOT NULL,"
  "  email TEXT,"
  "  password_hash TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('active', 'pending_identity', 'cancelled')),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  cancelled_at INTEGER,"
  "  provider_bind_blocked_until INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE UNIQUE INDEX accounts_live_phone ON accounts (phone) WHERE state != 'cancelled';"
  "CREATE UNIQUE INDEX accounts_email ON accounts (email) WHERE email IS NOT NULL;"
  "CREATE INDEX accounts_id_number ON accounts (id_number, id_type);"
  /* A security email serves one registration or binding ever. */
  "CREATE TABLE used_emails ("
  "  email TEXT PRIMARY KEY,"
  "  account_id INTEGER REFERENCES accounts (id),"
  "  used_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE sessions ("
  "  token_hash BLOB PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  last_seen_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  client_ip TEXT"
  ");"
  "CREATE INDEX sessions_account ON sessions (account_id);"
  /* SMS and email codes; only a keyed hash of the code is stored. */
  "CREATE TABLE verification_codes ("
  "  id INTEGER PRIMARY KEY,"
  "  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),"
  "  recipient TEXT NOT NULL,"
  "  purpose TEXT NOT NULL,"
  "  code_hash TEXT NOT NULL,"
  "  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,"
  "  client_ip TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  used INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX verification_codes_recipient ON verification_codes (recipient, created_at);"
  "CREATE INDEX verification_codes_ip ON verification_codes (client_ip, created_at);"
  /* Sign-in failures per account (or per unknown login name, hashed) and
   * per client IP. */
  "CREATE TABLE sign_in_throttle ("
  "  key TEXT PRIMARY KEY,"
  "  failures INTEGER NOT NULL,"
  "  last_failure_at INTEGER NOT NULL,"
  "  locked_until INTEGER NOT NULL"
  ");"
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,"
  "  event TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  client_ip TEXT,"
  "  detail TEXT"
  ");"
  "CREATE INDEX audit_log_account ON audit_log (account_id, at);"
  "CREATE INDEX audit_log_event_ip ON audit_log (event, client_ip, at);"
  /* Providers (WeChat, Alipay) bound to an account. */
  "CREATE TABLE linked_providers ("
  "  provider TEXT NOT NULL,"
  "  subject TEXT NOT NULL,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  linked_at INTEGER NOT NULL,"
  "  PRIMARY KEY (provider, subject)"
  ");"
  "CREATE UNIQUE INDEX linked_providers_account ON linked_providers (account_id, provider);"
  /* The registry (学籍/学历). Never touched by registration. */
  "CREATE TABLE enrollment_records ("
  "  id INTEGER PRIMARY KEY,"
  "  id_number TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  school TEXT NOT NULL,"
  "  student_number TEXT NOT NULL,"
  "  enrollment_year INTEGER NOT NULL,"
  "  level TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  UNIQUE (school, student_number)"
  ");"
  "CREATE INDEX enrollment_records_id_number ON enrollment_records (id_number);"
  "CREATE TABLE degree_records ("
  "  id INTEGER PRIMARY KEY,"
  "  id_number TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  school TEXT NOT NULL,"
  "  certificate_number TEXT NOT NULL UNIQUE,"
  "  graduation_year INTEGER NOT NULL,"
  "  level TEXT NOT NULL"
  ");"
  "CREATE INDEX degree_records_id_number ON degree_records (id_number);",

  /* 1 -> 2: WeChat/Alipay tickets (binding and QR sign-in). The ticket
   * the client polls with is stored hashed; the OAuth state travels in
   * the QR payload. */
  "CREATE TABLE provider_tickets ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_hash BLOB NOT NULL UNIQUE,"
  "  state_token TEXT NOT NULL UNIQUE,"
  "  provider TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('bind', 'sign_in')),"
  "  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,"
  "  status TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (status IN ('pending', 'scanned', 'confirmed', 'failed', 'used')),"
  "  reason TEXT,"
  "  subject TEXT,"
  "  client_ip TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX provider_tickets_ip ON provider_tickets (client_ip, created_at);",

  /* 2 -> 3: an index for every lookup (issue 9): the phone lookup that
   * also finds cancelled accounts had only the partial live-phone index
   * and read the whole table; the purge read whole tables holding the
   * write lock. Emails are compared with = in their one normal form
   * (xuexin_email_validate()); rows from before it are brought into it
   * (xs_email_normal_form() keeps what does not validate, and OR IGNORE
   * keeps a row whose normal form another account already has, so no
   * account loses its email silently: it is logged). */
  "CREATE INDEX accounts_phone ON accounts (phone, created_at);"
  "CREATE INDEX sessions_expires ON sessions (expires_at);"
  "CREATE INDEX sessions_last_seen ON sessions (last_seen_at);"
  "CREATE INDEX verification_codes_created ON verification_codes (created_at);"
  "CREATE INDEX provider_tickets_expires ON provider_tickets (expires_at);"
  "CREATE INDEX sign_in_throttle_last_failure ON sign_in_throttle (last_failure_at);"
  "UPDATE OR IGNORE accounts SET email = xs_email_normal_form (email) "
  "  WHERE email IS NOT NULL AND email != xs_email_normal_form (email);"
  "INSERT OR IGNORE INTO used_emails (email, account_id, used_at) "
  "  SELECT xs_email_normal_form (email), account_id, used_at FROM used_emails;"
  "DELETE FROM used_emails WHERE email != xs_email_normal_form (email);",

  /* 3 -> 4: identity verification (FAQ 5). How an account was verified,
   * staff roles, the classmate assistance requests of path 3, and the
   * school names of the registry (for completion; one row per school,
   * so a substring search reads schools, never records). */
  "ALTER TABLE accounts ADD COLUMN verified_at INTEGER;"
  "ALTER TABLE accounts ADD COLUMN verified_path TEXT;"
  "ALTER TABLE accounts ADD COLUMN role TEXT NOT NULL DEFAULT 'user'"
  "  CHECK (role IN ('user', 'reviewer', 'admin'));"
  "CREATE TABLE assistance_requests ("
  "  id INTEGER PRIMARY KEY,"
  "  requester_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  classmate_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  school TEXT NOT NULL,"
  "  enrollment_year INTEGER NOT NULL,"
  "  level TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (state IN ('pending', 'confirmed', 'declined', 'expired', 'closed')),"
  "  seen INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  decided_at INTEGER"
  ");"
  "CREATE INDEX assistance_requests_requester ON assistance_requests (requester_id, created_at);"
  "CREATE INDEX assistance_requests_classmate ON assistance_requests (classmate_id, created_at);"
  "CREATE INDEX assistance_requests_created ON assistance_requests (created_at);"
  "CREATE INDEX assistance_requests_open ON assistance_requests (expires_at) WHERE state = 'pending';"
  "CREATE TABLE schools (name TEXT PRIMARY KEY) WITHOUT ROWID;"
  "INSERT OR IGNORE INTO schools (name) SELECT school FROM enrollment_records;"
  "INSERT OR IGNORE INTO schools (name) SELECT school FROM degree_records;"
  "CREATE TRIGGER enrollment_records_school AFTER INSERT ON enrollment_records BEGIN"
  "  INSERT OR IGNORE INTO schools (name) VALUES (NEW.school); END;"
  "CREATE TRIGGER degree_records_school AFTER INSERT ON degree_records BEGIN"
  "  INSERT OR IGNORE INTO schools (name) VALUES (NEW.school); END;",

  /* 4 -> 5: review cases of path 2 (ID photos reviewed by the help
   * desk). One case per account; each submission of it is a row of
   * review_submissions with its decision; photos are files of the photo
   * store named by review_photos (submission NULL while in the draft).
   * decided_at on a photo starts its retention. A submitted case with a
   * live claim (claim_expires_at in the future) is "in_review". */
  "CREATE TABLE review_cases ("
  "  id INTEGER PRIMARY KEY,"
  "  account_id INTEGER NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,"
  "  state TEXT NOT NULL DEFAULT 'draft'"
  "    CHECK (state IN ('draft', 'submitted', 'approved', 'rejected', 'closed')),"
  "  submissions INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  submitted_at INTEGER,"
  "  claimed_by INTEGER REFERENCES accounts (id),"
  "  claim_expires_at INTEGER,"
  "  decided_at INTEGER,"
  "  decided_by INTEGER REFERENCES accounts (id),"
  "  reason TEXT,"
  "  note TEXT"
  ");"
  "CREATE INDEX review_cases_queue ON review_cases (state, submitted_at);"
  /* A submitted case with a live claim is in_review to the API. */
  "CREATE INDEX review_cases_claims ON review_cases (claim_expires_at)"
  "  WHERE claim_expires_at IS NOT NULL;"
  "CREATE TABLE review_submissions ("
  "  case_id INTEGER NOT NULL REFERENCES review_cases (id) ON DELETE CASCADE,"
  "  number INTEGER NOT NULL,"
  "  submitted_at INTEGER NOT NULL,"
  "  decided_at INTEGER,"
  "  decided_by INTEGER REFERENCES accounts (id),"
  "  decision TEXT CHECK (decision IN ('approved', 'rejected', 'closed')),"
  "  reason TEXT,"
  "  note TEXT,"
  "  PRIMARY KEY (case_id, number)"
  ");"
  "CREATE INDEX review_submissions_decided ON review_submissions (decided_at);"
  "CREATE TABLE review_photos ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES review_cases (id) ON DELETE CASCADE,"
  "  submission INTEGER,"
  "  side TEXT NOT NULL CHECK (side IN ('handheld', 'front', 'back')),"
  "  name TEXT NOT NULL UNIQUE,"
  "  upload_hash TEXT NOT NULL,"
  "  mime_type TEXT NOT NULL,"
  "  width INTEGER NOT NULL,"
  "  height INTEGER NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  uploaded_at INTEGER NOT NULL,"
  "  decided_at INTEGER"
  ");"
  "CREATE INDEX review_photos_case ON review_photos (case_id, submission, side);"
  "CREATE INDEX review_photos_retention ON review_photos (decided_at) WHERE decided_at IS NOT NULL;"
  /* The keyed hashes of rejected uploads (xs_photo_rejected_hash()). */
  "CREATE TABLE rejected_photos ("
  "  hash TEXT PRIMARY KEY,"
  "  rejected_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  /* An account that stops being pending (verified by any path, or
   * cancelled by another account's verification) closes its open case;
   * its photos' retention starts. */
  "CREATE TRIGGER accounts_close_review_case AFTER UPDATE OF state ON accounts"
  "  WHEN OLD.state = 'pending_identity' AND NEW.state != 'pending_identity' BEGIN"
  "  UPDATE review_photos SET decided_at = NEW.updated_at"
  "    WHERE case_id = (SELECT id FROM review_cases WHERE account_id = NEW.id)"
  "    AND decided_at IS NULL;"
  "  UPDATE review_submissions SET decision = 'closed', decided_at = NEW.updated_at"
  "    WHERE case_id = (SELECT id FROM review_cases WHERE account_id = NEW.id)"
  "    AND decided_at IS NULL;"
  "  UPDATE review_cases SET state = 'closed', decided_at = NEW.updated_at,"
  "    updated_at = NEW.updated_at, claimed_by = NULL, claim_expires_at = NULL"
  "    WHERE account_id = NEW.id AND state IN ('draft', 'submitted', 'rejected');"
  "  END;",

  /* 5 -> 6: identity path 1, self-verification in the mobile app. A
   * ticket is polled by its id (by its account only); its order id
   * travels in the QR payload and to the verification vendor. Every
   * validly signed vendor callback is remembered for a day so that a
   * replay (the same signature, or the same order and nonce) is refused. */
  "CREATE TABLE app_verifications ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket TEXT NOT NULL UNIQUE,"
  "  order_id TEXT NOT NULL UNIQUE,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  provider TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (status IN ('pending', 'scanned', 'passed', 'failed', 'expired')),"
  "  reason TEXT,"
  "  qr_url TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  decided_at INTEGER"
  ");"
  "CREATE INDEX app_verifications_account ON app_verifications (account_id, status, expires_at);"
  "CREATE INDEX app_verifications_expires ON app_verifications (expires_at);"
  "CREATE TABLE app_verification_callbacks ("
  "  signature BLOB PRIMARY KEY,"
  "  order_id TEXT NOT NULL,"
  "  nonce TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL,"
  "  UNIQUE (order_id, nonce)"
  ") WITHOUT ROWID;"
  "CREATE INDEX app_verification_callbacks_received ON app_verification_callbacks (received_at);",

  /* 6 -> 7: the number of open (submitted) review cases, kept by
   * triggers, for the reviewer's queue counts: COUNT(*) over the queue
   * index read 100 000 entries for 100 000 open cases, about 5 ms of
   * every GET /review/cases (tests/bench/identity-bench.py). Triggers
   * also fire for the rows that ON DELETE CASCADE removes. */
  "CREATE TABLE review_queue_count ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  open INTEGER NOT NULL"
  ");"
  "INSERT INTO review_queue_count (id, open)"
  "  SELECT 1, COUNT(*) FROM review_cases WHERE state = 'submitted';"
  "CREATE TRIGGER review_cases_count_insert AFTER INSERT ON review_cases"
  "  WHEN NEW.state = 'submitted' BEGIN"
  "  UPDATE review_queue_count SET open = open + 1 WHERE id = 1; END;"
  "CREATE TRIGGER review_cases_count_delete AFTER DELETE ON review_cases"
  "  WHEN OLD.state = 'submitted' BEGIN"
  "  UPDATE review_queue_count SET open = open - 1 WHERE id = 1; END;"
  "CREATE TRIGGER review_cases_count_update AFTER UPDATE OF state ON review_cases"
  "  WHEN (OLD.state = 'submitted') != (NEW.state = 'submitted') BEGIN"
  "  UPDATE review_queue_count"
  "    SET open = open + (NEW.state = 'submitted') - (OLD.state = 'submitted') WHERE id = 1;"
  "  END;",

  /* 7 -> 8: the review console (issue 12). The queue's "total" under
   * filters counts the index alone (state, submission date and number
   * are all in it); a reviewer's decisions of a day are found by
   * reviewer and time. */
  "CREATE INDEX review_cases_filters ON review_cases (state, submitted_at, submissions);"
  "CREATE INDEX review_submissions_reviewer ON review_submissions (decided_by, decided_at)"
  "  WHERE decided_by IS NOT NULL;",

  /* 8 -> 9: the phone hand-off of ID photos. Only the token's SHA-256 is
   * kept; a hand-off lives no longer than the session that made it (the
   * cascade: a sign-out or any other end of the session removes it). */
  "CREATE TABLE photo_handoffs ("
  "  id INTEGER PRIMARY KEY,"
  "  token_hash BLOB NOT NULL UNIQUE,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  session_hash BLOB NOT NULL REFERENCES sessions (token_hash) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX photo_handoffs_account ON photo_handoffs (account_id);"
  "CREATE INDEX photo_handoffs_session ON photo_handoffs (session_hash);"
  "CREATE INDEX photo_handoffs_expires ON photo_handoffs (expires_at);",
};

/* Schema version 3 brought stored emails into their normal form. */
static void
email_normal_form_func (sqlite3_context  *context,
                        int               argc,
                        sqlite3_value   **argv)
{
  const char *email = (const char *) sqlite3_value_text (argv[0]);
  g_autofree char *normalized = NULL;

  if (email == NULL
      || xuexin_email_validate (email, &normalized) != XUEXIN_EMAIL_OK)
    {
      sqlite3_result_value (context, argv[0]);
      return;
    }

  sqlite3_result_text (context, normalized, -1, SQLITE_TRANSIENT);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

XsDb *
xs_db_open (const char  *path,
            GError     **error)
{
  return xs_db_open_vfs (path, NULL, error);
}

XsDb *
xs_db_open_vfs (const char  *path,
                const char  *vfs,
                GError     **error)
{
  XsDb *db;
  sqlite3 *handle = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        vfs);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DATABASE,
                   "Cannot open the database %s: %s", path,
                   handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
      sqlite3_close (handle);
      return NULL;
    }

  sqlite3_busy_timeout (handle, 10000);
  sqlite3_extended_result_codes (handle, 1);

  db = g_new0 (XsDb, 1);
  db->handle = handle;
  db->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                          finalize_statement);

  if (sqlite3_create_function (handle, "xs_email_normal_form", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                               NULL, email_normal_form_func, NULL, NULL) != SQLITE_OK
      || !xs_db_exec (db, "PRAGMA journal_mode = WAL")
      || !xs_db_exec (db, "PRAGMA synchronous = FULL")
      || !xs_db_exec (db, "PRAGMA foreign_keys = ON"))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DATABASE,
                   "Cannot configure the database %s: %s", path, sqlite3_errmsg (handle));
      xs_db_close (db);
      return NULL;
    }

  return db;
}

void
xs_db_close (XsDb *db)
{
  if (db == NULL)
    return;

  g_hash_table_destroy (db->statements);
  sqlite3_close (db->handle);
  g_free (db);
}

sqlite3 *
xs_db_get_handle (XsDb *db)
{
  return db->handle;
}

void
xs_db_log_error (XsDb       *db,
                 const char *what)
{
  g_warning ("Database error while %s: %s", what, sqlite3_errmsg (db->handle));
}

gboolean
xs_db_exec (XsDb       *db,
            const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db->handle, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_warning ("Database statement failed: %s", message ? message : "unknown error");
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

int
xs_db_get_schema_version (XsDb *db)
{
  sqlite3_stmt *stmt = xs_db_prepare (db, "PRAGMA user_version");
  int version = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return version;
}

gboolean
xs_db_migrate (XsDb    *db,
               GError **error)
{
  return xs_db_migrate_to (db, -1, error);
}

gboolean
xs_db_migrate_to (XsDb    *db,
                  int      target,
                  GError **error)
{
  int version = xs_db_get_schema_version (db);
  int from = version;
  int newest = (int) G_N_ELEMENTS (migrations);
  gint64 unnormalized = 0;

  if (target < 0 || target > newest)
    target = newest;

  if (version < 0)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DATABASE,
                   "Cannot read the schema version: %s", sqlite3_errmsg (db->handle));
      return FALSE;
    }

  if (version > newest)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DATABASE,
                   "The database has schema version %d, newer than this service (%d)",
                   version, newest);
      return FALSE;
    }

  while (version < target)
    {
      /* PRAGMA user_version cannot take a bound parameter; the value is an
       * integer from this code, never from input. */
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!xs_db_begin (db)
          || !xs_db_exec (db, migrations[version])
          || !xs_db_exec (db, bump)
          || !xs_db_commit (db))
        {
          g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DATABASE,
                       "Migrating the database to schema version %d failed: %s",
                       version + 1, sqlite3_errmsg (db->handle));
          xs_db_rollback (db);
          return FALSE;
        }

      g_debug ("Database migrated to schema version %d", version + 1);
      version++;
    }

  /* Once, after the upgrade to 3: a whole-table read, so not at every
   * start (and not a registered statement: those must use an index). */
  if (from < 3 && version >= 3)
    {
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (db->handle,
                              "SELECT COUNT(*) FROM accounts "
                              "WHERE email IS NOT NULL AND email != xs_email_normal_form (email)",
                              -1, &stmt, NULL) == SQLITE_OK
          && sqlite3_step (stmt) == SQLITE_ROW)
        unnormalized = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      if (unnormalized > 0)
        g_warning ("%" G_GINT64_FORMAT " accounts keep an email not in its normal form (another "
                   "account has that, or it does not validate); they cannot sign in by email",
                   unnormalized);
    }

  return TRUE;
}

/* The bounds of the "xs_sql" section, from the linker. */
extern XsSqlEntry __start_xs_sql[];
extern XsSqlEntry __stop_xs_sql[];

XsSqlEntry *
xs_db_get_registered_sql (gsize *n_entries)
{
  *n_entries = (gsize) (__stop_xs_sql - __start_xs_sql);
  return __start_xs_sql;
}

sqlite3_stmt *
xs_db_prepare_registered (XsDb       *db,
                          XsSqlEntry *entry)
{
  const char *sql;
  sqlite3_stmt *stmt;

  /* SQL that is not registered would escape the query-plan test. */
  g_return_val_if_fail (entry >= __start_xs_sql && entry < __stop_xs_sql, NULL);

  sql = *entry;
  stmt = g_hash_table_lookup (db->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
      != SQLITE_OK)
    {
      g_critical ("Cannot prepare a statement: %s", sqlite3_errmsg (db->handle));
      return NULL;
    }

  g_hash_table_insert (db->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
xs_db_step_done (XsDb         *db,
                 sqlite3_stmt *stmt)
{
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      xs_db_log_error (db, "writing");
      return FALSE;
    }

  return TRUE;
}

gboolean
xs_db_select_int64 (sqlite3_stmt *stmt,
                    ...)
{
  gboolean found = FALSE;
  va_list args;

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 *value;
      int column = 0;

      va_start (args, stmt);
      while ((value = va_arg (args, gint64 *)) != NULL)
        *value = sqlite3_column_int64 (stmt, column++);
      va_end (args);
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}

gboolean
xs_db_begin (XsDb *db)
{
  /* IMMEDIATE takes the write lock at once, so two writers queue on the
   * busy timeout instead of failing on a lock upgrade. */
  return xs_db_step_done (db, xs_db_prepare (db, "BEGIN IMMEDIATE"));
}

gboolean
xs_db_commit (XsDb *db)
{
  return xs_db_step_done (db, xs_db_prepare (db, "COMMIT"));
}

void
xs_db_rollback (XsDb *db)
{
  if (!sqlite3_get_autocommit (db->handle))
    xs_db_step_done (db, xs_db_prepare (db, "ROLLBACK"));
}

/* A job may leave a SELECT unfinished; resetting every statement still
 * running before the connection goes back to the pool ends its read
 * snapshot. Only running ones: a connection caches dozens. */
void
xs_db_reset_all (XsDb *db)
{
  sqlite3_stmt *stmt = NULL;

  while ((stmt = sqlite3_next_stmt (db->handle, stmt)) != NULL)
    {
      if (sqlite3_stmt_busy (stmt))
        sqlite3_reset (stmt);
    }

  xs_db_rollback (db);
}

const char *
xs_stmt_text (sqlite3_stmt *stmt,
              int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

void
xs_stmt_bind_text (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

gint64
xs_db_insert_audit (XsDb       *db,
                    gint64      account_id,
                    const char *event,
                    gint64      now,
                    const char *client_ip,
                    const char *detail)
{
  sqlite3_stmt *stmt = xs_db_prepare (db,
    "INSERT INTO audit_log (account_id, event, at, client_ip, detail) "
    "VALUES (?1, ?2, ?3, ?4, ?5)");

  if (stmt == NULL)
    return -1;

  if (account_id > 0)
    sqlite3_bind_int64 (stmt, 1, account_id);
  else
    sqlite3_bind_null (stmt, 1);
  xs_stmt_bind_text (stmt, 2, event);
  sqlite3_bind_int64 (stmt, 3, now);
  xs_stmt_bind_text (stmt, 4, client_ip);
  xs_stmt_bind_text (stmt, 5, detail);

  if (!xs_db_step_done (db, stmt))
    return -1;

  return sqlite3_last_insert_rowid (db->handle);
}

/*
 * Deletes what can no longer matter: ended sessions, codes older than the
 * 24-hour limit windows (with a day to spare), old tickets and forgotten
 * sign-in failures. The audit log is kept. Returns the rows deleted, or
 * -1 on error.
 */
gint64
xs_db_purge (XsDb                      *db,
             const XuexinServiceConfig *config,
             gint64                     now)
{
  XsSqlEntry *statements[] = {
    XS_SQL ("DELETE FROM sessions WHERE expires_at <= ?1 OR (?2 > 0 AND last_seen_at <= ?1 - ?2)"),
    XS_SQL ("DELETE FROM verification_codes WHERE created_at <= ?1 - 2 * ?3"),
    XS_SQL ("DELETE FROM provider_tickets WHERE expires_at <= ?1 - ?3"),
    XS_SQL ("DELETE FROM sign_in_throttle WHERE last_failure_at <= ?1 - ?3 AND locked_until <= ?1"),
    /* Assistance requests: expired ones are marked, and every request is
     * kept for 400 days (a classmate confirms at most 3 a year). */
    XS_SQL ("UPDATE assistance_requests SET state = 'expired', decided_at = expires_at "
            "WHERE state = 'pending' AND expires_at <= ?1"),
    XS_SQL ("DELETE FROM assistance_requests WHERE created_at <= ?1 - 400 * ?3"),
    /* App verification tickets once expired, whatever their outcome (the
     * daily attempts are counted apart); callbacks once past replaying. */
    XS_SQL ("DELETE FROM app_verifications WHERE expires_at <= ?1"),
    XS_SQL ("DELETE FROM app_verification_callbacks WHERE received_at <= ?1 - ?3"),
    XS_SQL ("DELETE FROM photo_handoffs WHERE expires_at <= ?1"),
  };
  gint64 deleted = 0;
  guint i;

  if (!xs_db_begin (db))
    return -1;

  for (i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = xs_db_prepare_registered (db, statements[i]);

      if (stmt == NULL)
        {
          xs_db_rollback (db);
          return -1;
        }
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_int64 (stmt, 2, (gint64) config->session_idle_timeout * XS_USEC_PER_SEC);
      sqlite3_bind_int64 (stmt, 3, XS_DAY);
      if (!xs_db_step_done (db, stmt))
        {
          xs_db_rollback (db);
          return -1;
        }
      deleted += sqlite3_changes (db->handle);
    }

  if (!xs_db_commit (db))
    {
      xs_db_rollback (db);
      return -1;
    }

  return deleted;
}
