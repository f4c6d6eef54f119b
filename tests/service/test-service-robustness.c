/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "service-test.h"
#include "xuexin-service-db.h"

#define PHONE "13812345678"

static GMutex log_lock;
static GString *log_text;

/* Keeps every log message (all levels, all threads) for inspection. */
static GLogWriterOutput
capturing_writer (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  gsize i;

  g_mutex_lock (&log_lock);
  if (log_text != NULL)
    {
      for (i = 0; i < n_fields; i++)
        {
          if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
            {
              g_string_append_len (log_text, fields[i].value,
                                   fields[i].length < 0 ? (gssize) strlen (fields[i].value)
                                                        : fields[i].length);
              g_string_append_c (log_text, '\n');
            }
        }
    }
  g_mutex_unlock (&log_lock);

  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

/* Behaviour 10: logs never contain passwords, codes, tokens or full ID
 * numbers, even at debug level. */
static void
test_logs_hold_no_secrets (void)
{
  ServiceTest *t;
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(JsonNode) bad_sign_in = NULL;
  g_autoptr(JsonNode) reset_code = NULL;
  g_autoptr(JsonNode) reset = NULL;
  g_autoptr(JsonNode) malformed = NULL;
  g_autofree char *token = NULL;
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  guint status = 0;
  guint i;

  g_mutex_lock (&log_lock);
  log_text = g_string_new (NULL);
  g_mutex_unlock (&log_lock);

  t = service_test_new (NULL);
  account = service_test_register (t, PHONE, SERVICE_TEST_NAME, id, "zhang@example.com", FALSE);
  token = service_test_sign_in (t, id, SERVICE_TEST_PASSWORD);
  bad_sign_in = service_test_request (t, "POST", "/sessions", NULL,
                                      "{\"login_name\": \"" PHONE "\", "
                                      "\"password\": \"Wrong#secret77\"}", &status);
  malformed = service_test_request (t, "POST", "/sessions", NULL,
                                    "{\"login_name\": \"" PHONE "\", \"password\": \"Half",
                                    &status);

  service_test_advance (t, 61);
  body = g_strdup_printf ("{\"purpose\": \"reset_password\", \"login_name\": \"%s\", "
                          "\"name\": \"%s\", \"id_number\": \"%s\"}", PHONE, SERVICE_TEST_NAME,
                          id);
  reset_code = service_test_request (t, "POST", "/sms-codes", NULL, body, &status);
  g_free (body);
  body = g_strdup_printf ("{\"login_name\": \"%s\", \"name\": \"%s\", \"id_number\": \"%s\", "
                          "\"sms_code\": \"%s\", \"password\": \"New#password22\", "
                          "\"password_confirmation\": \"New#password22\"}",
                          PHONE, SERVICE_TEST_NAME, id, service_test_last_code (t, PHONE));
  reset = service_test_request (t, "POST", "/account/reset-password", NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);

  for (i = 0; i < t->messages->len; i++)
    g_ptr_array_add (codes, g_strdup (((ServiceTestMessage *)
                                       g_ptr_array_index (t->messages, i))->code));
  service_test_free (t);

  g_mutex_lock (&log_lock);
  text = g_string_free (g_steal_pointer (&log_text), FALSE);
  g_mutex_unlock (&log_lock);

  /* Something was logged, so the check means something. */
  g_assert_nonnull (strstr (text, "signed in"));

  g_assert_null (strstr (text, SERVICE_TEST_PASSWORD));
  g_assert_null (strstr (text, "Wrong#secret77"));
  g_assert_null (strstr (text, "New#password22"));
  g_assert_null (strstr (text, token));
  g_assert_null (strstr (text, id));
  g_assert_null (strstr (text, PHONE));
  for (i = 0; i < codes->len; i++)
    g_assert_null (strstr (text, g_ptr_array_index (codes, i)));
}

/* Stored secrets: password hashes are Argon2id, tokens and codes only as
 * hashes. */
static void
test_database_holds_no_secrets (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = service_test_register (t, PHONE, SERVICE_TEST_NAME, id, NULL,
                                                         FALSE);
  g_autofree char *token = service_test_sign_in (t, PHONE, SERVICE_TEST_PASSWORD);
  g_autofree char *path = g_build_filename (t->tmpdir, "accounts.sqlite3", NULL);
  g_autofree char *code = g_strdup (service_test_last_code (t, PHONE));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);

  sqlite3_prepare_v2 (db, "SELECT password_hash FROM accounts", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 0), "$argon2id$"));
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (db, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?1 OR "
                          "CAST(token_hash AS TEXT) = ?1", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, token, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (db, "SELECT COUNT(*) FROM verification_codes WHERE code_hash = ?1",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);

  /* The schema is versioned, WAL and foreign keys are on. */
  sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), >=, 2);
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);

  /* The audit log has the events. */
  sqlite3_prepare_v2 (db, "SELECT group_concat(event) FROM audit_log", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "register,sign_in");
  sqlite3_finalize (stmt);

  sqlite3_close (db);
  service_test_free (t);
}

/* A database from a newer service is refused rather than damaged. */
static void
test_newer_schema_refused (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(XuexinService) again = NULL;
  g_autoptr(GError) error = NULL;

  service_test_exec_sql (t, "PRAGMA user_version = 999");
  again = xuexin_service_new (t->config);
  g_assert_false (xuexin_service_start (again, &error));
  g_assert_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DATABASE);
  service_test_exec_sql (t, "PRAGMA user_version = 2");

  service_test_free (t);
}

static void
test_port_in_use (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(XuexinServiceConfig) config = xuexin_service_config_copy (t->config);
  g_autoptr(XuexinService) second = NULL;
  g_autoptr(GError) error = NULL;

  config->port = xuexin_service_get_port (t->service);
  second = xuexin_service_new (config);
  g_assert_false (xuexin_service_start (second, &error));
  g_assert_nonnull (error);
  g_assert_false (xuexin_service_is_running (second));
  g_assert_null (xuexin_service_get_base_url (second));

  service_test_free (t);
}

/* Bodies without a length are refused: the limit must be known before
 * reading. */
static void
test_chunked_body_refused (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *url = g_strconcat (xuexin_service_get_base_url (t->service), "/sessions",
                                      NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("{}", 2, NULL);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  /* A stream of unknown length goes out chunked. */
  soup_message_set_request_body (msg, "application/json", stream, -1);
  response = soup_session_send_and_read (t->session, msg, NULL, &error);
  if (response != NULL)
    service_test_record (msg, response);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 411);
  g_assert_nonnull (strstr (g_bytes_get_data (response, NULL), "invalid_request"));

  service_test_free (t);
}

/* Stopping with requests in flight neither hangs nor crashes, and the
 * service can start again. */
static void
test_stop_and_start_again (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(JsonNode) health = NULL;
  guint status = 0;

  xuexin_service_stop (t->service);
  g_assert_false (xuexin_service_is_running (t->service));
  xuexin_service_stop (t->service);
  g_assert_true (xuexin_service_start (t->service, NULL));
  health = service_test_request (t, "GET", "/health", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  service_test_free (t);
}

static gint64
count_rows (XsDb       *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  /* Not through xs_db_prepare(): the test's own counts are not service
   * statements (test-service-query-plans.c checks those). */
  g_assert_cmpint (sqlite3_prepare_v2 (xs_db_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return count;
}

/* Ended sessions, old codes and forgotten failures are purged; live data
 * and the audit log stay. */
static void
test_maintenance_purge (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = service_test_register (t, PHONE, SERVICE_TEST_NAME, id, NULL,
                                                         FALSE);
  g_autofree char *old_token = service_test_sign_in (t, PHONE, SERVICE_TEST_PASSWORD);
  g_autofree char *path = g_build_filename (t->tmpdir, "accounts.sqlite3", NULL);
  g_autofree char *new_token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) failure = NULL;
  g_autoptr(JsonNode) me = NULL;
  XsDb *db;
  guint status = 0;

  failure = service_test_request (t, "POST", "/sessions", NULL,
                                  "{\"login_name\": \"13900000000\", \"password\": \"x\"}",
                                  &status);
  service_test_advance (t, 3 * 24 * 3600);
  new_token = service_test_sign_in (t, PHONE, SERVICE_TEST_PASSWORD);

  db = xs_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "SELECT COUNT(*) FROM sessions"), ==, 2);
  g_assert_cmpint (count_rows (db, "SELECT COUNT(*) FROM verification_codes"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT COUNT(*) FROM sign_in_throttle"), >=, 1);

  g_assert_cmpint (xs_db_purge (db, t->config, __atomic_load_n (&t->now, __ATOMIC_SEQ_CST)),
                   >=, 3);
  g_assert_cmpint (count_rows (db, "SELECT COUNT(*) FROM sessions"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT COUNT(*) FROM verification_codes"), ==, 0);
  g_assert_cmpint (count_rows (db, "SELECT COUNT(*) FROM sign_in_throttle"), ==, 0);
  g_assert_cmpint (count_rows (db, "SELECT COUNT(*) FROM audit_log"), ==, 3);
  g_assert_cmpint (count_rows (db, "SELECT COUNT(*) FROM accounts"), ==, 1);
  xs_db_close (db);

  me = service_test_request (t, "GET", "/me", new_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  service_test_free (t);
}

static char *tls_dir;

static void
use_tls (XuexinServiceConfig *config)
{
  g_autofree char *cert = g_build_filename (tls_dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (tls_dir, "key.pem", NULL);

  xuexin_service_config_set_string (&config->tls_cert_file, cert);
  xuexin_service_config_set_string (&config->tls_key_file, key);
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              data)
{
  return TRUE;
}

/* --tls-cert/--tls-key: the service speaks HTTPS itself. */
static void
test_tls (void)
{
  g_autofree char *openssl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) response = NULL;
  ServiceTest *t;
  int wait_status = 0;

  if (service_test_tls_in_subprocess ())
    return;

  openssl = g_find_program_in_path ("openssl");

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  tls_dir = g_dir_make_tmp ("xuexin-tls-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *cert = g_build_filename (tls_dir, "cert.pem", NULL);
    g_autofree char *key = g_build_filename (tls_dir, "key.pem", NULL);
    const char *argv[] = {
      openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", NULL,
    };

    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                  NULL, NULL, &wait_status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  }

  t = service_test_new (use_tls);
  g_assert_true (g_str_has_prefix (xuexin_service_get_base_url (t->service), "https://"));

  url = g_strconcat (xuexin_service_get_base_url (t->service), "/health", NULL);
  msg = soup_message_new ("GET", url);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), NULL);
  response = soup_session_send_and_read (t->session, msg, NULL, &error);
  if (response != NULL)
    service_test_record (msg, response);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (soup_message_get_tls_peer_certificate (msg));

  service_test_free (t);

  {
    g_autofree char *cert = g_build_filename (tls_dir, "cert.pem", NULL);
    g_autofree char *key = g_build_filename (tls_dir, "key.pem", NULL);

    g_unlink (cert);
    g_unlink (key);
    g_rmdir (tls_dir);
    g_clear_pointer (&tls_dir, g_free);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capturing_writer, NULL, NULL);

  g_test_add_func ("/Service/Robustness/logs-hold-no-secrets", test_logs_hold_no_secrets);
  g_test_add_func ("/Service/Robustness/database-holds-no-secrets",
                   test_database_holds_no_secrets);
  g_test_add_func ("/Service/Robustness/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/Service/Robustness/port-in-use", test_port_in_use);
  g_test_add_func ("/Service/Robustness/chunked-body-refused", test_chunked_body_refused);
  g_test_add_func ("/Service/Robustness/stop-and-start-again", test_stop_and_start_again);
  g_test_add_func ("/Service/Robustness/maintenance-purge", test_maintenance_purge);
  g_test_add_func ("/Service/Robustness/tls", test_tls);

  return g_test_run ();
}
