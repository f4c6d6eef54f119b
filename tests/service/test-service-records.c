/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "service-test.h"
#include "xuexin-service-records.h"

static void
use_demo (XuexinServiceConfig *config)
{
  config->demo = TRUE;
}

/* The first person of the demo data, from the generator itself. */
static void
first_demo_person (char **id,
                   char **name)
{
  g_autofree char *csv = xs_records_demo_csv ();
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto(GStrv) fields = g_strsplit (lines[1], ",", -1);

  *id = g_strdup (fields[1]);
  *name = g_strdup (fields[2]);
}

static void
test_demo_data_is_valid (void)
{
  g_autofree char *csv = xs_records_demo_csv ();
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  guint enrollments = 0;
  guint degrees = 0;
  guint i;

  g_assert_cmpstr (lines[0], ==, "kind,id_number,name,school,level,year,number,status");
  for (i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 8);
      g_assert_cmpint (xuexin_id_number_validate (fields[1], NULL, NULL), ==,
                       XUEXIN_ID_NUMBER_OK);
      g_assert_cmpint (xuexin_name_validate (fields[2], NULL), ==, XUEXIN_NAME_OK);
      g_assert_cmpint (xuexin_education_level_from_string (fields[4]), !=,
                       XUEXIN_EDUCATION_LEVEL_UNKNOWN);
      if (g_str_equal (fields[0], "enrollment"))
        enrollments++;
      else
        degrees++;
    }

  g_assert_cmpuint (enrollments, >=, 20);
  g_assert_cmpuint (degrees, >=, 10);
}

static void
test_records_of_demo_person (void)
{
  ServiceTest *t = service_test_new (use_demo);
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(JsonNode) records = NULL;
  g_autofree char *token = NULL;
  guint status = 0;

  first_demo_person (&id, &name);
  account = service_test_register (t, "13812345678", name, id, NULL, FALSE);
  token = service_test_sign_in (t, "13812345678", SERVICE_TEST_PASSWORD);

  records = service_test_request (t, "GET", "/me/records", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (records, "enrollments.0.name"), ==, name);
  g_assert_nonnull (service_test_get_string (records, "enrollments.0.school"));
  g_assert_nonnull (service_test_get_string (records, "enrollments.0.student_number"));
  g_assert_cmpint (service_test_get_int (records, "enrollments.0.enrollment_year"), >, 2000);
  g_assert_cmpstr (service_test_get_string (records, "enrollments.0.level"), ==, "benke");
  g_assert_nonnull (service_test_get_string (records, "enrollments.0.status"));

  /* Seeding twice (a restart with --demo) adds nothing. */
  service_test_restart (t);
  {
    g_autoptr(JsonNode) again = service_test_request (t, "GET", "/me/records", token, NULL,
                                                      &status);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
      json_node_get_object (again), "enrollments")), ==,
      json_array_get_length (json_object_get_array_member (
      json_node_get_object (records), "enrollments")));
  }

  service_test_free (t);
}

static void
test_no_records (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = service_test_register (t, "13812345678", SERVICE_TEST_NAME,
                                                         id, NULL, FALSE);
  g_autofree char *token = service_test_sign_in (t, "13812345678", SERVICE_TEST_PASSWORD);
  g_autoptr(JsonNode) records = NULL;
  guint status = 0;

  records = service_test_request (t, "GET", "/me/records", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    json_node_get_object (records), "enrollments")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    json_node_get_object (records), "degrees")), ==, 0);

  service_test_free (t);
}

static void
test_import_csv (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("44030519980512345");
  g_autofree char *csv_path = g_build_filename (t->tmpdir, "records.csv", NULL);
  g_autofree char *csv = g_strdup_printf (
    "kind,id_number,name,school,level,year,number,status\n"
    "enrollment,%s,%s,\"海川大学, 本部\",benke,2016,20160001,graduated\n"
    "degree,%s,%s,海川大学,benke,2020,104861202005000123,\n"
    "enrollment,%s,%s,明德理工大学,master,2020,M20200001,enrolled\n"
    "\n", id, SERVICE_TEST_NAME, id, SERVICE_TEST_NAME, id, SERVICE_TEST_NAME);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(JsonNode) records = NULL;
  g_autofree char *token = NULL;
  guint enrollments = 0;
  guint degrees = 0;
  guint status = 0;

  g_file_set_contents (csv_path, csv, -1, &error);
  g_assert_no_error (error);

  /* Imported while the service runs, on the same database. */
  xuexin_service_import_records (t->config, csv_path, &enrollments, &degrees, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (enrollments, ==, 2);
  g_assert_cmpuint (degrees, ==, 1);

  /* Importing again skips duplicates. */
  xuexin_service_import_records (t->config, csv_path, &enrollments, &degrees, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (enrollments + degrees, ==, 0);

  account = service_test_register (t, "13812345678", SERVICE_TEST_NAME, id, NULL, FALSE);
  token = service_test_sign_in (t, "13812345678", SERVICE_TEST_PASSWORD);
  records = service_test_request (t, "GET", "/me/records", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (records, "enrollments.0.school"), ==,
                   "海川大学, 本部");
  g_assert_cmpstr (service_test_get_string (records, "enrollments.1.level"), ==, "master");
  g_assert_cmpstr (service_test_get_string (records, "degrees.0.certificate_number"), ==,
                   "104861202005000123");
  g_assert_cmpint (service_test_get_int (records, "degrees.0.graduation_year"), ==, 2020);

  service_test_free (t);
}

static void
test_import_refuses_bad_rows (void)
{
  static const char * const bad_rows[] = {
    "graduation,ID,张三,海川大学,benke,2020,1,",
    "enrollment,110101199003071230,张三,海川大学,benke,2016,1,enrolled",
    "enrollment,ID,张三,海川大学,phd,2016,1,enrolled",
    "enrollment,ID,张三,海川大学,benke,16,1,enrolled",
    "enrollment,ID,张三,海川大学,benke,2016,1,expelled",
    "enrollment,ID,张三,海川大学,benke,2016",
  };
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("44030519980512345");
  g_autofree char *csv_path = g_build_filename (t->tmpdir, "bad.csv", NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) row = g_string_new (bad_rows[i]);
      g_autofree char *csv = NULL;
      guint enrollments = 99;

      g_string_replace (row, "ID", id, 0);
      csv = g_strdup_printf ("kind,id_number,name,school,level,year,number,status\n"
                             "enrollment,%s,张三,海川大学,benke,2016,20160001,graduated\n"
                             "%s\n", id, row->str);

      g_file_set_contents (csv_path, csv, -1, NULL);
      g_assert_false (xuexin_service_import_records (t->config, csv_path, &enrollments, NULL,
                                                     &error));
      g_assert_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT);
      g_assert_true (g_str_has_prefix (error->message, "line 3:"));
    }

  /* All or nothing: the good first row was not kept either. */
  {
    g_autoptr(GError) error = NULL;
    guint enrollments = 0;
    g_autofree char *csv = g_strdup_printf (
      "kind,id_number,name,school,level,year,number,status\n"
      "enrollment,%s,张三,海川大学,benke,2016,20160001,graduated\n", id);

    g_file_set_contents (csv_path, csv, -1, NULL);
    xuexin_service_import_records (t->config, csv_path, &enrollments, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (enrollments, ==, 1);
  }

  service_test_free (t);
}

/* Imports HEADER + @rows (ID replaced by a valid ID number) and returns
 * the error, asserting that nothing was kept. */
static GError *
import_expecting_error (ServiceTest *t,
                        const char  *rows)
{
  g_autofree char *id = service_test_make_id ("44030519980512345");
  g_autofree char *csv_path = g_build_filename (t->tmpdir, "quoted.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("kind,id_number,name,school,level,year,number,status\n");
  GError *error = NULL;
  guint enrollments = 99;

  g_string_append (csv, rows);
  g_string_replace (csv, "ID", id, 0);
  g_file_set_contents (csv_path, csv->str, -1, NULL);
  g_assert_false (xuexin_service_import_records (t->config, csv_path, &enrollments, NULL,
                                                 &error));
  g_assert_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT);
  g_assert_cmpuint (enrollments, ==, 99);

  return error;
}

/* RFC 4180: CRLF line ends, "" inside quotes, commas inside quotes, and
 * spaces around a quoted field (outside its quotes) are all fine. */
static void
test_import_csv_quoting (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("44030519980512345");
  g_autofree char *csv_path = g_build_filename (t->tmpdir, "records.csv", NULL);
  g_autofree char *csv = g_strdup_printf (
    "kind,id_number,name,school,level,year,number,status\r\n"
    "enrollment,%s,%s,\"海川大学 \"\"东校区\"\", 二部\" ,benke,2016,20160001,\"graduated\"\r\n"
    "\r\n"
    "degree,\"%s\",%s,海川大学,benke,2020,104861202005000123,\"\"\r\n",
    id, SERVICE_TEST_NAME, id, SERVICE_TEST_NAME);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(JsonNode) records = NULL;
  g_autofree char *token = NULL;
  guint enrollments = 0;
  guint degrees = 0;
  guint status = 0;

  g_file_set_contents (csv_path, csv, -1, &error);
  g_assert_no_error (error);
  xuexin_service_import_records (t->config, csv_path, &enrollments, &degrees, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (enrollments, ==, 1);
  g_assert_cmpuint (degrees, ==, 1);

  account = service_test_register (t, "13812345678", SERVICE_TEST_NAME, id, NULL, FALSE);
  token = service_test_sign_in (t, "13812345678", SERVICE_TEST_PASSWORD);
  records = service_test_request (t, "GET", "/me/records", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (records, "enrollments.0.school"), ==,
                   "海川大学 \"东校区\", 二部");
  g_assert_cmpstr (service_test_get_string (records, "enrollments.0.status"), ==, "graduated");
  g_assert_cmpstr (service_test_get_string (records, "degrees.0.school"), ==, "海川大学");

  service_test_free (t);
}

/* A quoted line break is read as part of its field (so the records after
 * it keep their line numbers), and refused: no column holds one. */
static void
test_import_refuses_quoted_newline (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(GError) error = NULL;

  error = import_expecting_error (t,
    "enrollment,ID,张三,海川大学,benke,2016,20160001,graduated\n"
    "enrollment,ID,张三,\"海川\n大学\",benke,2016,20160002,enrolled\n"
    "enrollment,ID,张三,海川大学,benke,2016,20160003,enrolled\n");
  g_assert_cmpstr (error->message, ==,
                   "line 3: school contains a line break or another control character");
  g_clear_error (&error);

  /* An unclosed quote is reported where it opens, not at the end. */
  error = import_expecting_error (t,
    "enrollment,ID,张三,海川大学,benke,2016,20160001,graduated\n"
    "enrollment,ID,张三,\"海川大学,benke,2016,20160002,enrolled\n"
    "enrollment,ID,张三,海川大学,benke,2016,20160003,enrolled\n");
  g_assert_cmpstr (error->message, ==, "line 3: a quoted field is not closed");

  service_test_free (t);
}

/* Spaces inside quotes are part of the value (RFC 4180); no column may
 * start or end with one, so the row is refused rather than trimmed. */
static void
test_import_refuses_quoted_whitespace (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(GError) error = NULL;

  error = import_expecting_error (t,
    "enrollment,ID,张三,海川大学,benke,2016,20160001,graduated\n"
    "enrollment,ID,张三,\" 海川大学 \",benke,2016,20160002,enrolled\n");
  g_assert_cmpstr (error->message, ==,
                   "line 3: school has spaces at its start or end inside its quotes");

  service_test_free (t);
}

/* A quote inside an unquoted field, or text after a closing quote. */
static void
test_import_refuses_stray_quote (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(GError) error = NULL;

  error = import_expecting_error (t,
    "enrollment,ID,张三,海川大学,benke,2016,20160001,graduated\n"
    "enrollment,ID,张三,海川\"大学,benke,2016,20160002,enrolled\n");
  g_assert_true (g_str_has_prefix (error->message, "line 3: a quote inside an unquoted field"));
  g_clear_error (&error);

  error = import_expecting_error (t,
    "enrollment,ID,张三,海川大学,benke,2016,20160001,graduated\r\n"
    "enrollment,ID,张三,\"海川\"大学,benke,2016,20160002,enrolled\r\n");
  g_assert_cmpstr (error->message, ==, "line 3: text after the closing quote of a field");

  service_test_free (t);
}

static void
test_import_command (void)
{
  const char *daemon = g_getenv ("XUEXIN_ACCOUNTD");
  g_autofree char *dir = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *id = service_test_make_id ("44030519980512345");
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (daemon == NULL)
    {
      g_test_skip ("XUEXIN_ACCOUNTD is not set");
      return;
    }

  dir = g_dir_make_tmp ("xuexin-import-XXXXXX", &error);
  g_assert_no_error (error);
  csv_path = g_build_filename (dir, "records.csv", NULL);
  csv = g_strdup_printf ("kind,id_number,name,school,level,year,number,status\n"
                         "degree,%s,张三,海川大学,benke,2020,104861202005000123,\n", id);
  g_file_set_contents (csv_path, csv, -1, NULL);

  {
    const char *argv[] = { daemon, "--data-dir", dir, "import-records", csv_path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                  &wait_status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
    g_assert_nonnull (strstr (out, "1 degree"));
  }

  {
    g_autofree char *db = g_build_filename (dir, "accounts.sqlite3", NULL);
    g_autofree char *wal = g_build_filename (dir, "accounts.sqlite3-wal", NULL);
    g_autofree char *shm = g_build_filename (dir, "accounts.sqlite3-shm", NULL);

    g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (csv_path);
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Service/Records/demo-data-is-valid", test_demo_data_is_valid);
  g_test_add_func ("/Service/Records/records-of-demo-person", test_records_of_demo_person);
  g_test_add_func ("/Service/Records/no-records", test_no_records);
  g_test_add_func ("/Service/Records/import-csv", test_import_csv);
  g_test_add_func ("/Service/Records/import-refuses-bad-rows", test_import_refuses_bad_rows);
  g_test_add_func ("/Service/Records/import-csv-quoting", test_import_csv_quoting);
  g_test_add_func ("/Service/Records/import-refuses-quoted-newline",
                   test_import_refuses_quoted_newline);
  g_test_add_func ("/Service/Records/import-refuses-quoted-whitespace",
                   test_import_refuses_quoted_whitespace);
  g_test_add_func ("/Service/Records/import-refuses-stray-quote",
                   test_import_refuses_stray_quote);
  g_test_add_func ("/Service/Records/import-command", test_import_command);

  return g_test_run ();
}
