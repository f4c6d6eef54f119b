/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-service-query-plans"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "service-test.h"
#include "xuexin-service-db.h"

/*
 * Every lookup uses an index (issue 9, item 7): a full scan is invisible
 * with the hundred rows of a test and costs tens of milliseconds per
 * request at a million accounts.
 *
 * Which statements: all that the service can prepare, taken from the
 * "xs_sql" linker section that every xs_db_prepare() / XS_SQL() call site
 * registers its literal in (see xuexin-service-db.h). That covers call
 * sites no test runs, and a statement added later is in the section
 * without anyone listing it. Two checks close the remaining gaps: the
 * number of call sites in src/service/ must equal the number of entries
 * (an object file not linked into this test would drop its statements),
 * and no file but the database module may call SQLite's prepare or exec
 * functions (the module itself runs only fixed PRAGMAs and migrations).
 *
 * Which tables: every table of the schema, read from sqlite_master, so
 * tables added by later migrations are checked too. All of them grow
 * with use (accounts, emails used, sessions, codes, throttling, audit
 * log, linked providers, registry records, tickets, review cases,
 * assistance requests), so only tables that do not are listed in
 * small_tables, each with its reason.
 *
 * No ANALYZE is run: the service never runs it, so the plans checked are
 * the plans it gets. This SQLite has no STAT4, so bound values cannot
 * change a plan; each statement is still planned with its parameters
 * bound both as text and as integers.
 */
static const char * const small_tables[] = {
  /* One row per school name of the registry (a few thousand for the
   * whole country), never per person; GET /schools?q= matches
   * substrings, which no index serves. */
  "schools",
  NULL,
};

/* Index searches that read a row per open item although they use an
 * index: one value of the first column stands for a whole queue (100 000
 * open review cases behind state = 'submitted'), so a search on it alone
 * that is not covering reads every row of the queue. The claimed cases
 * are counted and listed by review_cases_claims instead (25 ms per
 * GET /review/cases at 100 000 open cases before, tests/bench/
 * identity-bench.py). A covering search (COUNT(*) of the queue) reads the
 * index only and is allowed. */
static const char * const queue_searches[] = {
  "USING INDEX review_cases_queue (state=?)",
  NULL,
};

static char *
database_path (const char *dir)
{
  return g_build_filename (dir, "accounts.sqlite3", NULL);
}

static XsDb *
open_migrated (const char *dir,
               int         version)
{
  g_autofree char *path = database_path (dir);
  g_autoptr(GError) error = NULL;
  XsDb *db = xs_db_open (path, &error);

  g_assert_no_error (error);
  xs_db_migrate_to (db, version, &error);
  g_assert_no_error (error);

  return db;
}

static GHashTable *
checked_tables (sqlite3 *handle)
{
  GHashTable *tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle,
                                       "SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite_%'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; small_tables[i] != NULL; i++)
    g_hash_table_remove (tables, small_tables[i]);
  g_assert_cmpuint (g_hash_table_size (tables), >=, 10);

  return tables;
}

/* The plan of @sql with every parameter bound as text (@as_text) or as an
 * integer, one detail per line, with a "!" before each scan of a checked
 * table (or of an alias, which names one; subqueries and constant rows
 * are not tables). */
static char *
query_plan (sqlite3    *handle,
            const char *sql,
            gboolean    as_text,
            GHashTable *tables,
            gboolean   *scans)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (handle, explain, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Cannot plan %s: %s", sql, sqlite3_errmsg (handle));

  for (int i = 1; i <= sqlite3_bind_parameter_count (stmt); i++)
    {
      if (as_text)
        sqlite3_bind_text (stmt, i, "13800138000", -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, i, 1700000000000000);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *detail = (const char *) sqlite3_column_text (stmt, 3);
      gboolean scan = FALSE;

      if (g_str_has_prefix (detail, "SCAN "))
        {
          g_autofree char *name = g_strdup (detail + strlen ("SCAN "));

          name[strcspn (name, " ")] = '\0';
          scan = g_hash_table_contains (tables, name)
                 || (strcmp (name, "CONSTANT") != 0 && name[0] != '('
                     && !g_str_has_prefix (detail, "SCAN CONSTANT ROW"));
          /* A scan of a table exempt as small is allowed. */
          for (guint i = 0; small_tables[i] != NULL; i++)
            if (strcmp (name, small_tables[i]) == 0)
              scan = FALSE;
        }
      for (guint i = 0; queue_searches[i] != NULL; i++)
        if (g_str_has_suffix (detail, queue_searches[i]))
          scan = TRUE;
      *scans = *scans || scan;
      g_string_append_printf (plan, "    %s%s\n", scan ? "! " : "", detail);
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  return g_string_free (plan, FALSE);
}

static void
check_all_statements (XsDb *db)
{
  sqlite3 *handle = xs_db_get_handle (db);
  g_autoptr(GHashTable) tables = checked_tables (handle);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) failures = g_string_new (NULL);
  gsize n_entries = 0;
  XsSqlEntry *entries = xs_db_get_registered_sql (&n_entries);
  guint checked = 0;

  for (gsize i = 0; i < n_entries; i++)
    {
      const char *sql = entries[i];
      gboolean scans = FALSE;
      g_autofree char *text_plan = NULL;
      g_autofree char *int_plan = NULL;

      if (!g_hash_table_add (seen, (gpointer) sql))
        continue;

      text_plan = query_plan (handle, sql, TRUE, tables, &scans);
      int_plan = query_plan (handle, sql, FALSE, tables, &scans);
      g_test_message ("%s\n%s", sql, text_plan);
      if (scans)
        g_string_append_printf (failures, "  %s\n%s%s", sql, text_plan,
                                strcmp (text_plan, int_plan) != 0 ? int_plan : "");
      checked++;
    }

  g_test_message ("%u statements checked", checked);
  /* The schema has ~55 statements; an empty section means the
   * registration broke, not that all is well. */
  g_assert_cmpuint (checked, >=, 40);
  if (failures->len > 0)
    g_error ("Statements that read a whole table or queue (\"!\"):\n%s", failures->str);
}

/* The plans of the newest schema. */
static void
test_every_statement_uses_an_index (void)
{
  g_autofree char *dir = g_dir_make_tmp ("xuexin-query-plans-XXXXXX", NULL);
  g_autofree char *path = database_path (dir);
  XsDb *db = open_migrated (dir, -1);

  check_all_statements (db);

  xs_db_close (db);
  g_unlink (path);
  g_rmdir (dir);
}

/* Source text of @path without comments, string literals kept. */
static char *
strip_comments (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");

          p = end != NULL ? end + 2 : p + strlen (p);
          g_string_append_c (out, ' ');
        }
      else if (p[0] == '/' && p[1] == '/')
        p += strcspn (p, "\n");
      else if (p[0] == '"' || p[0] == '\'')
        {
          char quote = *p;

          g_string_append_c (out, *p++);
          while (*p != '\0' && *p != quote)
            {
              if (*p == '\\' && p[1] != '\0')
                g_string_append_c (out, *p++);
              g_string_append_c (out, *p++);
            }
          if (*p != '\0')
            g_string_append_c (out, *p++);
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

static guint
count_occurrences (const char *text,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

/* The section holds every call site of src/service/, and only the
 * database module talks to SQLite directly. */
static void
test_every_call_site_registered (void)
{
  g_autofree char *src = g_strdup (g_getenv ("XUEXIN_SERVICE_SRCDIR"));
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint call_sites = 0;
  gsize n_entries = 0;

  if (src == NULL)
    src = g_test_build_filename (G_TEST_DIST, "..", "src", "service", NULL);
  dir = g_dir_open (src, 0, NULL);
  g_assert_nonnull (dir);
  xs_db_get_registered_sql (&n_entries);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (src, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *code = NULL;

      if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h"))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      code = strip_comments (contents);

      if (strcmp (name, "xuexin-service-db.h") == 0)
        continue; /* the macros themselves */

      call_sites += count_occurrences (code, "xs_db_prepare (")
                    + count_occurrences (code, "XS_SQL (");
      if (strcmp (name, "xuexin-service-db.c") != 0)
        {
          if (strstr (code, "sqlite3_prepare") != NULL || strstr (code, "sqlite3_exec") != NULL
              || strstr (code, "xs_db_exec") != NULL)
            g_error ("%s runs SQL past xs_db_prepare(): the query-plan test cannot see it", name);
        }
    }

  g_test_message ("%u call sites, %" G_GSIZE_FORMAT " registered statements", call_sites,
                  n_entries);
  g_assert_cmpuint (call_sites, ==, n_entries);
}

/* A database of schema version 2, with emails stored as they were typed
 * before the normal form, upgrades: emails normalised, the new indexes
 * there, sign-in by email in any case works. */
static void
test_upgrade_from_version_2 (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autofree char *id2 = service_test_make_id ("11010119850101002");
  g_autoptr(JsonObject) first = service_test_register (t, "13800138000", SERVICE_TEST_NAME, id,
                                                       "old.user@example.com", FALSE);
  g_autoptr(JsonObject) second = service_test_register (t, "13900139000", SERVICE_TEST_NAME, id2,
                                                        "li@xn--fsqu00a.xn--fiqs8s", FALSE);
  g_autofree char *token = NULL;
  g_autofree char *token2 = NULL;
  XsDb *db;
  sqlite3_stmt *stmt = NULL;
  gboolean scans = FALSE;
  g_autofree char *plan = NULL;
  g_autoptr(GHashTable) tables = NULL;

  /* Back to what version 2 had: without the tables and columns of the
   * later migrations (identity verification, review cases, app
   * verification, phone hand-offs), with its
   * indexes, emails as typed. */
  xuexin_service_stop (t->service);
  service_test_exec_sql (t,
    "DROP TABLE photo_handoffs;"
    "DROP TABLE review_queue_count;"
    "DROP TABLE app_verification_callbacks; DROP TABLE app_verifications;"
    "DROP TRIGGER accounts_close_review_case; DROP TABLE rejected_photos;"
    "DROP TABLE review_photos; DROP TABLE review_submissions; DROP TABLE review_cases;"
    "DROP TRIGGER enrollment_records_school; DROP TRIGGER degree_records_school;"
    "DROP TABLE schools; DROP TABLE assistance_requests;"
    "ALTER TABLE accounts DROP COLUMN verified_at;"
    "ALTER TABLE accounts DROP COLUMN verified_path;"
    "ALTER TABLE accounts DROP COLUMN role;"
    "DROP INDEX accounts_phone; DROP INDEX sessions_expires; DROP INDEX sessions_last_seen;"
    "DROP INDEX verification_codes_created; DROP INDEX provider_tickets_expires;"
    "DROP INDEX sign_in_throttle_last_failure;"
    "UPDATE accounts SET email = 'Old.User@Example.COM' WHERE phone = '13800138000';"
    "UPDATE accounts SET email = 'Li@例子.中国' WHERE phone = '13900139000';"
    "UPDATE used_emails SET email = 'Li@例子.中国' WHERE email LIKE 'li@%';"
    "PRAGMA user_version = 2;");

  service_test_restart (t);

  token = service_test_sign_in (t, "OLD.user@example.com", SERVICE_TEST_PASSWORD);
  token2 = service_test_sign_in (t, "li@例子.中国", SERVICE_TEST_PASSWORD);
  g_assert_nonnull (token);
  g_assert_nonnull (token2);
  xuexin_service_stop (t->service);

  db = open_migrated (t->tmpdir, -1);
  g_assert_cmpint (xs_db_get_schema_version (db), ==, 9);
  g_assert_cmpint (sqlite3_prepare_v2 (xs_db_get_handle (db),
                                       "SELECT group_concat(email, ' ') FROM "
                                       "(SELECT email FROM accounts ORDER BY id)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==,
                   "old.user@example.com li@xn--fsqu00a.xn--fiqs8s");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (xs_db_get_handle (db),
                                       "SELECT group_concat(email, ' ') FROM "
                                       "(SELECT email FROM used_emails ORDER BY email)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==,
                   "li@xn--fsqu00a.xn--fiqs8s old.user@example.com");
  sqlite3_finalize (stmt);

  /* The upgraded schema is the new one: the phone lookup that also finds
   * cancelled accounts uses its index. */
  tables = checked_tables (xs_db_get_handle (db));
  plan = query_plan (xs_db_get_handle (db),
                     "SELECT id FROM accounts WHERE phone = ?1 "
                     "ORDER BY state = 'cancelled', created_at DESC, id DESC LIMIT 1",
                     TRUE, tables, &scans);
  g_assert_false (scans);
  xs_db_close (db);

  service_test_restart (t);
  service_test_free (t);
}

int
main (int   argc,
      char *argv[])
{
  service_test_init (&argc, &argv);

  g_test_add_func ("/Service/QueryPlans/every-statement-uses-an-index",
                   test_every_statement_uses_an_index);
  g_test_add_func ("/Service/QueryPlans/every-call-site-registered",
                   test_every_call_site_registered);
  g_test_add_func ("/Service/QueryPlans/upgrade-from-version-2", test_upgrade_from_version_2);

  return g_test_run ();
}
