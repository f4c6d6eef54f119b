/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "service-faultvfs.h"
#include "service-test.h"

/*
 * Disk faults (issue 14): the service's database goes through a VFS
 * that fails every write, or every sync, from the Nth one on. For each
 * transaction that matters (registration, verification by records, a
 * photo upload, a review decision), a clean run counts its writes and
 * syncs; then for each N the request either completes in full or leaves
 * the database exactly as it was (every row of every table, and the
 * photo files), the client gets internal_error, the file passes
 * PRAGMA integrity_check, and once the disk is well again the same
 * request succeeds.
 *
 * The default run sweeps N over every write and sync of registration
 * and verification and a sample of the others' (first, middle, last;
 * under AddressSanitizer a sample of all four); XUEXIN_FAULT_SWEEP=all
 * sweeps every N of every transaction (tests/service/fault-long.sh).
 */

#define SCHOOL "海川大学"
#define STAFF_PHONE "13600000001"
#define STAFF_PASSWORD "Review#2024pass"

static const char * const sides[] = { "handheld", "front", "back" };

static void
configure (XuexinServiceConfig *config)
{
  service_test_use_long_sessions (config);
  xuexin_service_config_set_string (&config->database_vfs, SERVICE_FAULT_VFS);
  config->email_registrations_per_ip = 100000;
  config->code_daily_limit_per_ip = 100000;
  config->review_submissions_limit = 100000;
}

/* ----- the database as a whole -------------------------------------------- */

static void
assert_integrity (ServiceTest *t)
{
  g_autofree char *path = g_build_filename (t->tmpdir, "accounts.sqlite3", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Every row of every table, and the names of the photo files: what "no
 * trace" compares. */
static char *
snapshot (ServiceTest *t,
          const char  *except)
{
  g_autofree char *path = g_build_filename (t->tmpdir, "accounts.sqlite3", NULL);
  g_autofree char *photos = g_build_filename (t->tmpdir, "photos", NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (photos, 0, NULL);
  const char *name;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  /* One read transaction: one snapshot of every table. */
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                       "ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1",
                                              (char *) tables->pdata[i]);

      g_string_append_printf (out, "[%s]\n", (char *) tables->pdata[i]);
      if (g_strcmp0 (tables->pdata[i], except) == 0)
        continue;
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              if (sqlite3_column_type (stmt, c) == SQLITE_BLOB)
                {
                  g_autofree char *hex = g_compute_checksum_for_data (
                    G_CHECKSUM_SHA256, sqlite3_column_blob (stmt, c),
                    (gsize) sqlite3_column_bytes (stmt, c));
                  g_string_append_printf (out, "%s|", hex);
                }
              else
                g_string_append_printf (out, "%s|",
                                        sqlite3_column_type (stmt, c) == SQLITE_NULL
                                        ? "NULL" : (const char *) sqlite3_column_text (stmt, c));
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (files, g_strdup (name));
  g_ptr_array_sort (files, compare_names);
  g_string_append (out, "[photo files]\n");
  for (guint i = 0; i < files->len; i++)
    g_string_append_printf (out, "%s\n", (char *) files->pdata[i]);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Names the first line that differs, not two whole databases. */
static void
assert_same (const char *before,
             const char *after)
{
  g_auto(GStrv) a = g_strsplit (before, "\n", -1);
  g_auto(GStrv) b = g_strsplit (after, "\n", -1);
  guint i;

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    g_assert_cmpstr (b[i], ==, a[i]);
  g_assert_cmpstr (b[i], ==, a[i]);
}

static gint64
query (ServiceTest *t,
       const char  *format,
       ...) G_GNUC_PRINTF (2, 3);

static gint64
query (ServiceTest *t,
       const char  *format,
       ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return service_test_query_int (t, sql);
}

/* ----- scenarios ------------------------------------------------------------ */

/* One request under test, prepared afresh for each N: prepare() does
 * everything before it with a healthy disk, send() makes it, and
 * complete() asserts that everything it promises is there. */
typedef struct _Scenario Scenario;
struct _Scenario {
  const char *name;
  gboolean    sample;          /* default run: a sample of N */
  /* A full disk cannot undo an earlier transaction of the request: the
   * table that may keep its trace (see records_send). */
  const char *persistent_trace;
  guint       expected_status;
  void      (*prepare)  (ServiceTest *t, Scenario *s, guint n);
  JsonNode *(*send)     (ServiceTest *t, Scenario *s, guint *status);
  void      (*complete) (ServiceTest *t, Scenario *s);
  void      (*clear)    (Scenario *s);

  /* the fixture of one N */
  guint   n;
  char   *phone;
  char   *email;
  char   *code;
  char   *id_number;
  gint64  old_id;
  gint64  new_id;
  char   *new_token;
  char   *number;
  gint64  case_id;
  char   *reviewer;
  GBytes *photo;
};

static void
scenario_clear (Scenario *s)
{
  g_clear_pointer (&s->phone, g_free);
  g_clear_pointer (&s->email, g_free);
  g_clear_pointer (&s->code, g_free);
  g_clear_pointer (&s->id_number, g_free);
  g_clear_pointer (&s->new_token, g_free);
  g_clear_pointer (&s->number, g_free);
  g_clear_pointer (&s->photo, g_bytes_unref);
}

/* Registration (with an email: the account, the used email, two audit
 * rows and the code used up, in one transaction). */
static void
register_prepare (ServiceTest *t,
                  Scenario    *s,
                  guint        n)
{
  g_autofree char *first17 = g_strdup_printf ("11010119900107%03u", n % 1000);

  s->phone = g_strdup_printf ("1371%07u", n);
  s->email = g_strdup_printf ("fault%u@example.com", n);
  s->id_number = service_test_make_id (first17);
  s->code = service_test_register_code (t, s->phone);
}

static JsonNode *
register_send (ServiceTest *t,
               Scenario    *s,
               guint       *status)
{
  g_autofree char *body = g_strdup_printf (
    "{\"phone\": \"%s\", \"sms_code\": \"%s\", \"password\": \"%s\", "
    "\"password_confirmation\": \"%s\", \"name\": \"%s\", \"id_type\": \"resident_id\", "
    "\"id_number\": \"%s\", \"email\": \"%s\", \"reregister\": false}",
    s->phone, s->code, SERVICE_TEST_PASSWORD, SERVICE_TEST_PASSWORD, SERVICE_TEST_NAME,
    s->id_number, s->email);

  return service_test_request (t, "POST", "/accounts", NULL, body, status);
}

static void
register_complete (ServiceTest *t,
                   Scenario    *s)
{
  gint64 id = query (t, "SELECT id FROM accounts WHERE phone = '%s'", s->phone);

  g_assert_cmpint (query (t, "SELECT COUNT(*) FROM used_emails WHERE email = '%s' "
                             "AND account_id = %" G_GINT64_FORMAT, s->email, id), ==, 1);
  g_assert_cmpint (query (t, "SELECT COUNT(*) FROM audit_log WHERE account_id = %" G_GINT64_FORMAT
                             " AND event IN ('register', 'register_with_email')", id), ==, 2);
  g_assert_cmpint (query (t, "SELECT used FROM verification_codes WHERE recipient = '%s'",
                          s->phone), ==, 1);
}

/* An active account of an ID number and a pending one re-registered
 * with it, signed in, and the registry's record of the person. */
static void
two_accounts (ServiceTest *t,
              Scenario    *s,
              guint        n,
              guint        month)
{
  g_autofree char *first17 = g_strdup_printf ("110101199%01u%02u07%03u", month / 12,
                                              month % 12 + 1, n % 1000);
  g_autofree char *old_phone = g_strdup_printf ("138%u%07u", month, n);
  g_autoptr(JsonObject) old_account = NULL;
  g_autoptr(JsonObject) new_account = NULL;
  g_autofree char *sql = NULL;

  s->phone = g_strdup_printf ("139%u%07u", month, n);
  s->id_number = service_test_make_id (first17);
  s->number = g_strdup_printf ("2008%u%04u", month, n);
  old_account = service_test_register (t, old_phone, SERVICE_TEST_NAME, s->id_number, NULL,
                                       FALSE);
  s->old_id = json_object_get_int_member (old_account, "id");
  new_account = service_test_register (t, s->phone, SERVICE_TEST_NAME, s->id_number, NULL,
                                       TRUE);
  s->new_id = json_object_get_int_member (new_account, "id");
  s->new_token = service_test_sign_in (t, s->phone, SERVICE_TEST_PASSWORD);
  sql = g_strdup_printf ("INSERT INTO enrollment_records (id_number, name, school, "
                         "student_number, enrollment_year, level, status) VALUES "
                         "('%s', '%s', '" SCHOOL "', '%s', 2008, 'benke', 'graduated')",
                         s->id_number, SERVICE_TEST_NAME, s->number);
  service_test_exec_sql (t, sql);
}

/* The invariant of every verification: the account verified, the others
 * of its ID number cancelled. */
static void
assert_verified (ServiceTest *t,
                 Scenario    *s,
                 const char  *path)
{
  g_assert_cmpint (query (t, "SELECT state = 'active' AND verified_path = '%s' "
                             "FROM accounts WHERE id = %" G_GINT64_FORMAT, path, s->new_id), ==, 1);
  g_assert_cmpint (query (t, "SELECT state = 'cancelled' FROM accounts WHERE id = %"
                             G_GINT64_FORMAT, s->old_id), ==, 1);
  g_assert_cmpint (service_test_count_live (t, s->id_number), ==, 1);
}

static void
records_prepare (ServiceTest *t,
                 Scenario    *s,
                 guint        n)
{
  two_accounts (t, s, n, 2);
}

/* The attempt is counted in a transaction of its own before the
 * registry is read; a failed verification gives it back in another,
 * which a full disk refuses: the attempt stays counted. */
static JsonNode *
records_send (ServiceTest *t,
              Scenario    *s,
              guint       *status)
{
  g_autofree char *body = g_strdup_printf (
    "{\"kind\": \"enrollment\", \"school\": \"" SCHOOL "\", \"student_number\": \"%s\", "
    "\"enrollment_year\": 2008, \"level\": \"benke\"}", s->number);

  return service_test_request (t, "POST", "/me/identity/records", s->new_token, body, status);
}

static void
records_complete (ServiceTest *t,
                  Scenario    *s)
{
  assert_verified (t, s, "records");
}

/* A photo into a new case's draft. */
static void
photo_prepare (ServiceTest *t,
               Scenario    *s,
               guint        n)
{
  two_accounts (t, s, n, 3);
  s->photo = service_test_make_photo (n, 0);
}

static JsonNode *
photo_send (ServiceTest *t,
            Scenario    *s,
            guint       *status)
{
  return service_test_request_raw (t, "PUT", "/me/identity/case/photos/front", s->new_token,
                                   s->photo, status, NULL);
}

static void
photo_complete (ServiceTest *t,
                Scenario    *s)
{
  g_autofree char *dir = g_build_filename (t->tmpdir, "photos", NULL);
  g_autofree char *name = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = g_build_filename (t->tmpdir, "accounts.sqlite3", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf (
    "SELECT p.name FROM review_photos p JOIN review_cases c ON c.id = p.case_id "
    "WHERE c.account_id = %" G_GINT64_FORMAT " AND c.state = 'draft' AND p.side = 'front'",
    s->new_id);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  file = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
}

/* The approval of a submitted, claimed case. */
static void
decision_prepare (ServiceTest *t,
                  Scenario    *s,
                  guint        n)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *claim = NULL;
  guint status = 0;

  two_accounts (t, s, n, 4);
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GBytes) photo = service_test_make_photo (n * 3 + i, 0);
      g_autofree char *path = g_strdup_printf ("/me/identity/case/photos/%s", sides[i]);
      g_autoptr(JsonNode) put = service_test_request_raw (t, "PUT", path, s->new_token, photo,
                                                          &status, NULL);

      g_assert_cmpuint (status, ==, 200);
    }
  reply = service_test_request (t, "POST", "/me/identity/case/submit", s->new_token, "{}",
                                &status);
  g_assert_cmpuint (status, ==, 200);
  s->case_id = query (t, "SELECT id FROM review_cases WHERE account_id = %" G_GINT64_FORMAT,
                      s->new_id);
  g_clear_pointer (&reply, json_node_unref);
  claim = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT "/claim", s->case_id);
  reply = service_test_request (t, "POST", claim, s->reviewer, "{}", &status);
  g_assert_cmpuint (status, ==, 200);
}

static JsonNode *
decision_send (ServiceTest *t,
               Scenario    *s,
               guint       *status)
{
  g_autofree char *path = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT "/decision",
                                           s->case_id);

  return service_test_request (t, "POST", path, s->reviewer, "{\"decision\": \"approve\"}",
                               status);
}

static void
decision_complete (ServiceTest *t,
                   Scenario    *s)
{
  assert_verified (t, s, "help_desk");
  g_assert_cmpint (query (t, "SELECT state = 'approved' FROM review_cases WHERE id = %"
                             G_GINT64_FORMAT, s->case_id), ==, 1);
  g_assert_cmpint (query (t, "SELECT decision = 'approved' FROM review_submissions "
                             "WHERE case_id = %" G_GINT64_FORMAT, s->case_id), ==, 1);
}

/* ----- the sweep -------------------------------------------------------------- */

static gboolean
sweep_all (void)
{
  return g_strcmp0 (g_getenv ("XUEXIN_FAULT_SWEEP"), "all") == 0;
}

/* Runs @s once with @ops failing from @fail_at on (0: never). Returns
 * the operations counted. */
static guint
run_once (ServiceTest     *t,
          Scenario        *s,
          guint            n,
          ServiceFaultOps  ops,
          guint            fail_at,
          gboolean         persistent,
          guint           *out_hit,
          guint           *out_failed)
{
  const char *except = persistent ? s->persistent_trace : NULL;
  g_autofree char *before = NULL;
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  guint count;

  s->prepare (t, s, n);
  s->n = n;
  before = snapshot (t, except);

  service_test_expect_warnings (TRUE);
  service_fault_vfs_arm (ops, fail_at, persistent);
  reply = s->send (t, s, &status);
  count = service_fault_vfs_disarm ();
  service_test_expect_warnings (FALSE);
  if (service_fault_vfs_get_failures () > 0)
    (*out_hit)++;

  assert_integrity (t);
  if (status == s->expected_status)
    {
      /* Done in full (the fault, if any, came after the commit). */
      s->complete (t, s);
    }
  else
    {
      g_autofree char *after = snapshot (t, except);
      g_autoptr(JsonNode) again = NULL;

      g_assert_cmpuint (fail_at, >, 0);
      service_test_assert_error (reply, status, 500, "internal_error", NULL);
      assert_same (before, after);
      (*out_failed)++;

      /* The disk is well again: the same request succeeds. */
      again = s->send (t, s, &status);
      g_assert_cmpuint (status, ==, s->expected_status);
      s->complete (t, s);
    }

  scenario_clear (s);
  return count;
}

static void
sweep (ServiceTest     *t,
       Scenario        *s,
       ServiceFaultOps  ops,
       gboolean         persistent,
       guint           *n)
{
  guint failed = 0;
  guint hit = 0;
  guint runs = 0;
  guint count = run_once (t, s, (*n)++, ops, 0, FALSE, &hit, &failed);
#ifdef __SANITIZE_ADDRESS__
  /* Ten times slower: the sanitizer pass takes the sample. */
  gboolean all = sweep_all ();
#else
  gboolean all = sweep_all () || !s->sample;
#endif

  g_assert_cmpuint (count, >, 0);
  for (guint at = 1; at <= count; at++)
    {
      if (!all && at != 1 && at != (count + 1) / 2 && at != count)
        continue;
      run_once (t, s, (*n)++, ops, at, persistent, &hit, &failed);
      runs++;
    }

  /* Each fault that came (a later run may write a page less) failed the
   * request: none was swallowed. */
  g_assert_cmpuint (hit, ==, failed);
  g_assert_cmpuint (hit, >=, runs - 1);
  g_test_message ("%s, %s: %u %s, N swept: %u, faults hit: %u, failed cleanly: %u", s->name,
                  persistent ? "full disk" : "one failed operation", count,
                  ops == SERVICE_FAULT_WRITE ? "writes" : "syncs", runs, hit, failed);
}

static void
run_scenario (gconstpointer data)
{
  const Scenario *template = data;
  ServiceTest *t = service_test_new (configure);
  Scenario s = *template;
  guint n = 1;

  s.reviewer = service_test_add_staff (t, STAFF_PHONE, "reviewer", STAFF_PASSWORD);
  sweep (t, &s, SERVICE_FAULT_WRITE, FALSE, &n);
  sweep (t, &s, SERVICE_FAULT_SYNC, FALSE, &n);
  sweep (t, &s, SERVICE_FAULT_WRITE, TRUE, &n);
  sweep (t, &s, SERVICE_FAULT_SYNC, TRUE, &n);

  /* Serving on, on the same connections. */
  {
    g_autoptr(JsonNode) reply = NULL;
    guint status = 0;

    reply = service_test_request (t, "GET", "/health", NULL, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
  }

  g_free (s.reviewer);
  service_test_free (t);
}

static const Scenario scenarios[] = {
  { "registration", FALSE, NULL, 201, register_prepare, register_send, register_complete },
  { "verification by records", FALSE, "sign_in_throttle", 200, records_prepare, records_send, records_complete },
  { "photo upload", TRUE, NULL, 200, photo_prepare, photo_send, photo_complete },
  { "review decision", TRUE, NULL, 200, decision_prepare, decision_send, decision_complete },
};


/* ----- delivery ---------------------------------------------------------------- */

/*
 * The SMS/email webhook failing: docs/api.md, "Delivery of codes": the
 * request fails with internal_error and the code is discarded, so it
 * counts against no limit (the resend interval and the daily limit of
 * the recipient). A webhook that hangs holds only its own request.
 */

typedef enum {
  HOOK_OK,
  HOOK_FAIL,   /* 503 */
  HOOK_HOLD,   /* no answer until released */
} HookMode;

static struct {
  GMutex   lock;
  GCond    cond;
  HookMode mode;
  guint    releases;   /* a held request waits for the next */
  guint    received;
  char    *last_code;
  char    *url;
} hook;

static void
hook_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  HookMode mode;
  guint releases;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             (gssize) g_bytes_get_size (bytes), NULL));

  g_mutex_lock (&hook.lock);
  hook.received++;
  g_free (hook.last_code);
  hook.last_code = g_strdup (service_test_get_string (json_parser_get_root (parser), "code"));
  g_cond_broadcast (&hook.cond);
  mode = hook.mode;
  releases = hook.releases;
  /* This thread serves the webhook alone: it may wait. */
  while (mode == HOOK_HOLD && hook.releases == releases)
    g_cond_wait (&hook.cond, &hook.lock);
  g_mutex_unlock (&hook.lock);

  soup_server_message_set_status (msg, mode == HOOK_FAIL ? 503 : 200, NULL);
}

static void
hook_set (HookMode mode)
{
  g_mutex_lock (&hook.lock);
  hook.mode = mode;
  g_mutex_unlock (&hook.lock);
}

static void
hook_release (void)
{
  g_mutex_lock (&hook.lock);
  hook.releases++;
  g_cond_broadcast (&hook.cond);
  g_mutex_unlock (&hook.lock);
}

/* Waits (with a deadline) for the webhook's @n-th request. */
static void
hook_wait_received (guint n)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_mutex_lock (&hook.lock);
  while (hook.received < n)
    g_assert_true (g_cond_wait_until (&hook.cond, &hook.lock, deadline));
  g_mutex_unlock (&hook.lock);
}

static void
use_webhook (XuexinServiceConfig *config)
{
  service_test_use_long_sessions (config);
  config->delivery = XUEXIN_DELIVERY_HTTP;
  xuexin_service_config_set_string (&config->webhook_url, hook.url);
  config->webhook_timeout = 1;
  config->code_daily_limit_per_recipient = 2;
}

static JsonNode *
request_code (ServiceTest *t,
              const char  *phone,
              guint       *status)
{
  g_autofree char *body = g_strdup_printf ("{\"purpose\": \"register\", \"phone\": \"%s\"}",
                                           phone);

  return service_test_request (t, "POST", "/sms-codes", NULL, body, status);
}

/* Failed deliveries, then the recipient still has its whole
 * allowance: a code at once (no resend interval), and the daily limit
 * of 2 reached only by the two that were sent. */
static void
assert_nothing_counted (ServiceTest *t,
                        const char  *phone,
                        guint        attempts)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT COUNT(*) FROM verification_codes WHERE recipient = '%s'", phone);
  guint status = 0;

  for (guint i = 0; i < attempts; i++)
    {
      g_autoptr(JsonNode) reply = NULL;

      service_test_expect_warnings (TRUE);
      reply = request_code (t, phone, &status);
      service_test_expect_warnings (FALSE);
      service_test_assert_error (reply, status, 500, "internal_error", NULL);
      g_assert_cmpint (service_test_query_int (t, sql), ==, 0);
    }
}

static void
assert_allowance_whole (ServiceTest *t,
                        const char  *phone)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT COUNT(*) FROM verification_codes WHERE recipient = '%s'", phone);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id_number = service_test_make_id ("11010119900307123");
  g_autoptr(JsonNode) registered = NULL;
  guint status = 0;

  hook_set (HOOK_OK);
  first = request_code (t, phone, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 1);
  service_test_advance (t, 61);
  second = request_code (t, phone, &status);
  g_assert_cmpuint (status, ==, 201);
  service_test_advance (t, 61);
  third = request_code (t, phone, &status);
  g_assert_cmpuint (status, ==, 429);
  g_assert_cmpstr (service_test_get_string (third, "error.code"), ==, "rate_limited");

  /* And the code the webhook was given works. */
  g_mutex_lock (&hook.lock);
  code = g_strdup (hook.last_code);
  g_mutex_unlock (&hook.lock);
  body = g_strdup_printf (
    "{\"phone\": \"%s\", \"sms_code\": \"%s\", \"password\": \"%s\", "
    "\"password_confirmation\": \"%s\", \"name\": \"%s\", \"id_type\": \"resident_id\", "
    "\"id_number\": \"%s\", \"reregister\": false}",
    phone, code, SERVICE_TEST_PASSWORD, SERVICE_TEST_PASSWORD, SERVICE_TEST_NAME, id_number);
  registered = service_test_request (t, "POST", "/accounts", NULL, body, &status);
  g_assert_cmpuint (status, ==, 201);
}

static ServiceTestServer *
hook_start (void)
{
  ServiceTestServer *server = service_test_server_new ("/hook", hook_cb, NULL);

  g_mutex_lock (&hook.lock);
  hook.received = 0;
  g_free (hook.url);
  hook.url = g_strconcat (service_test_server_get_url (server), "/hook", NULL);
  g_mutex_unlock (&hook.lock);
  hook_set (HOOK_OK);
  return server;
}

static void
hook_stop (ServiceTestServer *server)
{
  hook_release ();
  service_test_server_free (server);
  g_clear_pointer (&hook.url, g_free);
  g_clear_pointer (&hook.last_code, g_free);
}

static void
test_delivery_refused (void)
{
  ServiceTestServer *server = hook_start ();
  ServiceTest *t = service_test_new (use_webhook);

  hook_set (HOOK_FAIL);
  assert_nothing_counted (t, "13812340001", 3);
  assert_allowance_whole (t, "13812340001");

  service_test_free (t);
  hook_stop (server);
}

static void
test_delivery_timeout (void)
{
  ServiceTestServer *server = hook_start ();
  ServiceTest *t = service_test_new (use_webhook);

  /* webhook_timeout is 1 s: the request waits it out. Counted, it
   * would leave one code of the daily 2 and no code before 60 s. */
  hook_set (HOOK_HOLD);
  assert_nothing_counted (t, "13812340002", 1);
  hook_release ();
  assert_allowance_whole (t, "13812340002");

  service_test_free (t);
  hook_stop (server);
}

static void
test_delivery_connection_refused (void)
{
  ServiceTestServer *server = hook_start ();
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *closed_url = NULL;
  ServiceTest *t;

  /* A port that was just free: nothing listens there. */
  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  closed_url = g_strdup_printf ("http://127.0.0.1:%u/hook",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  t = service_test_new (use_webhook);
  xuexin_service_config_set_string (&t->config->webhook_url, closed_url);
  service_test_restart (t);
  assert_nothing_counted (t, "13812340003", 3);
  g_assert_cmpuint (hook.received, ==, 0);

  xuexin_service_config_set_string (&t->config->webhook_url, hook.url);
  service_test_restart (t);
  assert_allowance_whole (t, "13812340003");

  service_test_free (t);
  hook_stop (server);
}

typedef struct {
  const char *url;
  char       *body;
  guint       status;
  gint64      done_at;   /* monotonic */
} SlowRequest;

static gpointer
slow_request_thread (gpointer data)
{
  SlowRequest *r = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", r->url);
  g_autoptr(GBytes) body = g_bytes_new (r->body, strlen (r->body));
  g_autoptr(GBytes) reply = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Forwarded-For",
                                "192.0.2.77");
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  r->status = soup_message_get_status (msg);
  __atomic_store_n (&r->done_at, g_get_monotonic_time (), __ATOMIC_SEQ_CST);
  return NULL;
}

static void
use_slow_webhook (XuexinServiceConfig *config)
{
  use_webhook (config);
  config->webhook_timeout = 30;
}

/* The code's request waits for the webhook; a health check, a sign-in
 * and an authenticated read answer meanwhile, while the webhook still
 * holds (ordering, not timing: the code's request ends after them). */
static void
test_delivery_slow (void)
{
  ServiceTestServer *server = hook_start ();
  ServiceTest *t = service_test_new (use_slow_webhook);
  g_autofree char *id_number = service_test_make_id ("11010119900307123");
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) registered = NULL;
  g_autoptr(JsonNode) health = NULL;
  g_autoptr(JsonNode) me = NULL;
  SlowRequest slow = { 0, };
  GThread *thread;
  gint64 others_done;
  guint status = 0;

  /* An account to sign in with. */
  {
    g_autoptr(JsonNode) reply = request_code (t, "13812340004", &status);
    g_autofree char *code = NULL;

    g_assert_cmpuint (status, ==, 201);
    code = g_strdup (hook.last_code);
    body = g_strdup_printf (
      "{\"phone\": \"13812340004\", \"sms_code\": \"%s\", \"password\": \"%s\", "
      "\"password_confirmation\": \"%s\", \"name\": \"%s\", \"id_type\": \"resident_id\", "
      "\"id_number\": \"%s\", \"reregister\": false}",
      code, SERVICE_TEST_PASSWORD, SERVICE_TEST_PASSWORD, SERVICE_TEST_NAME, id_number);
    registered = service_test_request (t, "POST", "/accounts", NULL, body, &status);
    g_assert_cmpuint (status, ==, 201);
  }

  hook_set (HOOK_HOLD);
  url = g_strconcat (xuexin_service_get_base_url (t->service), "/sms-codes", NULL);
  slow.url = url;
  slow.body = g_strdup ("{\"purpose\": \"register\", \"phone\": \"13812340005\"}");
  thread = g_thread_new ("slow-code", slow_request_thread, &slow);
  hook_wait_received (2);

  health = service_test_request (t, "GET", "/health", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  token = service_test_sign_in (t, "13812340004", SERVICE_TEST_PASSWORD);
  me = service_test_request (t, "GET", "/me", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  others_done = g_get_monotonic_time ();
  /* Still held: the slow request has not been answered. */
  g_assert_cmpint (__atomic_load_n (&slow.done_at, __ATOMIC_SEQ_CST), ==, 0);

  hook_release ();
  g_thread_join (thread);
  g_assert_cmpuint (slow.status, ==, 201);
  g_assert_cmpint (slow.done_at, >, others_done);

  g_free (slow.body);
  service_test_free (t);
  hook_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  service_test_init (&argc, &argv);
  service_fault_vfs_register ();

  g_test_add_data_func ("/Service/Faults/disk/registration", &scenarios[0], run_scenario);
  g_test_add_data_func ("/Service/Faults/disk/verification", &scenarios[1], run_scenario);
  g_test_add_data_func ("/Service/Faults/disk/photo", &scenarios[2], run_scenario);
  g_test_add_data_func ("/Service/Faults/disk/decision", &scenarios[3], run_scenario);

  g_test_add_func ("/Service/Faults/delivery/refused", test_delivery_refused);
  g_test_add_func ("/Service/Faults/delivery/connection-refused", test_delivery_connection_refused);
  g_test_add_func ("/Service/Faults/delivery/timeout", test_delivery_timeout);
  g_test_add_func ("/Service/Faults/delivery/slow", test_delivery_slow);

  return g_test_run ();
}
