/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-fuzz"

/* The records CSV import (xuexin-accountd --import-records): any file
 * either imports in one transaction or fails with a message and leaves
 * the tables as they were. The file goes through the real entry point,
 * into a real migrated database that is emptied after each run. */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fuzz-common.h"
#include "xuexin-service-db.h"
#include "xuexin-service-records.h"

static XsDb *db;
static char *csv_path;

static gint64
count_rows (void)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (xs_db_get_handle (db),
                          "SELECT (SELECT count(*) FROM enrollment_records)"
                          " + (SELECT count(*) FROM degree_records)", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fuzz-records-XXXXXX", &error);
  g_autofree char *db_path = NULL;

  fuzz_init_logging ();
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "service.db", NULL);
  csv_path = g_build_filename (dir, "records.csv", NULL);
  db = xs_db_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (xs_db_migrate (db, &error));
  /* Not a durability test: each run's commit need not reach the disk. */
  g_assert_cmpint (sqlite3_exec (xs_db_get_handle (db), "PRAGMA synchronous = OFF",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  guint enrollments = 0;
  guint degrees = 0;
  gboolean ok;

  g_assert_true (g_file_set_contents (csv_path, (const char *) data, size, NULL));
  ok = xs_records_import_csv (db, csv_path, &enrollments, &degrees, &error);
  if (ok)
    {
      g_assert_no_error (error);
      g_assert_cmpint (count_rows (), ==, enrollments + degrees);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_nonnull (error->message);
      g_assert_cmpint (count_rows (), ==, 0);
    }

  g_assert_cmpint (sqlite3_exec (xs_db_get_handle (db),
                                 "DELETE FROM enrollment_records; DELETE FROM degree_records",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  return 0;
}
