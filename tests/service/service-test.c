/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "service-test.h"

/* 2025-03-01 08:00:00 UTC */
#define START_TIME (G_GINT64_CONSTANT (1740816000) * G_USEC_PER_SEC)

static gint64
fake_clock (gpointer data)
{
  ServiceTest *t = data;

  return __atomic_load_n (&t->now, __ATOMIC_SEQ_CST);
}

static void
message_free (gpointer data)
{
  ServiceTestMessage *message = data;

  g_free (message->channel);
  g_free (message->recipient);
  g_free (message->purpose);
  g_free (message->text);
  g_free (message->code);
  g_free (message);
}

static void
delivered_cb (const XuexinDeliveredMessage *delivered,
              gpointer                      data)
{
  ServiceTest *t = data;
  ServiceTestMessage *message = g_new0 (ServiceTestMessage, 1);

  /* The memory backend calls us in our own context. */
  g_assert_true (g_main_context_is_owner (t->context));

  message->channel = g_strdup (delivered->channel);
  message->recipient = g_strdup (delivered->recipient);
  message->purpose = g_strdup (delivered->purpose);
  message->text = g_strdup (delivered->text);
  message->code = g_strdup (delivered->code);
  g_ptr_array_add (t->messages, message);
}

static void
start_service (ServiceTest *t)
{
  g_autoptr(GError) error = NULL;

  t->service = xuexin_service_new (t->config);
  xuexin_service_start (t->service, &error);
  g_assert_no_error (error);
  g_assert_nonnull (xuexin_service_get_base_url (t->service));
}

ServiceTest *
service_test_new (ServiceTestConfigure configure)
{
  ServiceTest *t = g_new0 (ServiceTest, 1);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sodium_init (), >=, 0);

  t->tmpdir = g_dir_make_tmp ("xuexin-service-test-XXXXXX", &error);
  g_assert_no_error (error);

  t->now = START_TIME;
  t->messages = g_ptr_array_new_with_free_func (message_free);
  t->context = g_main_context_new ();
  g_main_context_push_thread_default (t->context);
  t->client_ip = g_strdup ("192.0.2.10");

  t->config = xuexin_service_config_new ();
  xuexin_service_config_set_string (&t->config->data_dir, t->tmpdir);
  t->config->port = 0;
  t->config->trust_forwarded_for = TRUE;
  t->config->delivery = XUEXIN_DELIVERY_MEMORY;
  t->config->delivery_func = delivered_cb;
  t->config->delivery_data = t;
  t->config->delivery_context = t->context;
  t->config->clock_func = fake_clock;
  t->config->clock_data = t;
  /* Cheap hashing: the default (interactive) takes 64 MiB per hash. */
  t->config->pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  t->config->pwhash_memlimit = 8 * 1024 * 1024;
  t->config->hash_threads = 2;
  t->config->db_threads = 2;

  if (configure != NULL)
    configure (t->config);

  start_service (t);

  t->session = soup_session_new_with_options ("timeout", 30, NULL);

  return t;
}

/* A test's temporary directory and everything in it. */
void
service_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        service_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
service_test_free (ServiceTest *t)
{
  xuexin_service_stop (t->service);
  g_assert_finalize_object (t->service);
  g_clear_object (&t->session);

  while (g_main_context_iteration (t->context, FALSE))
    ;
  g_main_context_pop_thread_default (t->context);
  g_main_context_unref (t->context);

  xuexin_service_config_free (t->config);
  g_ptr_array_unref (t->messages);
  service_test_remove_tree (t->tmpdir);
  g_free (t->tmpdir);
  g_free (t->client_ip);
  g_free (t);
}

void
service_test_restart (ServiceTest *t)
{
  xuexin_service_stop (t->service);
  g_assert_finalize_object (t->service);
  t->service = NULL;
  start_service (t);
}

void
service_test_advance (ServiceTest *t,
                      gint64       seconds)
{
  __atomic_add_fetch (&t->now, seconds * G_USEC_PER_SEC, __ATOMIC_SEQ_CST);
}

void
service_test_set_client_ip (ServiceTest *t,
                            const char  *ip)
{
  g_free (t->client_ip);
  t->client_ip = g_strdup (ip);
}

/* ----- contract log ------------------------------------------------------- */

/*
 * With XUEXIN_CONTRACT_LOG=DIR every exchange a test makes through these
 * helpers is appended, one JSON line each, to DIR/<program>.jsonl, for
 * tests/service/check-contract.py to hold against docs/openapi.yaml. The
 * file is emptied by the first exchange of a run (not in a subprocess of
 * g_test_trap_subprocess(), which adds to its parent's), and each line is
 * one write() on an O_APPEND file, so the threads' lines do not mix.
 */
static int
contract_log_fd (void)
{
  static gsize once;
  static int fd = -1;

  if (g_once_init_enter (&once))
    {
      const char *dir = g_getenv ("XUEXIN_CONTRACT_LOG");

      if (dir != NULL && dir[0] != '\0')
        {
          g_autofree char *base = g_path_get_basename (g_get_prgname ());
          g_autofree char *name = g_strconcat (base, ".jsonl", NULL);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC;

          g_mkdir_with_parents (dir, 0755);
          if (!g_test_subprocess ())
            flags |= O_TRUNC;
          fd = g_open (path, flags, 0644);
          if (fd < 0)
            g_error ("XUEXIN_CONTRACT_LOG: cannot open %s: %s", path, g_strerror (errno));
        }
      g_once_init_leave (&once, 1);
    }

  return fd;
}

void
service_test_record (SoupMessage *msg,
                     GBytes      *response)
{
  int fd = contract_log_fd ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  const char *path;
  const char *content_type;
  gsize length = 0;
  const char *data;

  if (fd < 0)
    return;

  path = g_uri_get_path (soup_message_get_uri (msg));
  if (g_str_has_prefix (path, "/api/v1"))
    path += strlen ("/api/v1");
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                        NULL);
  data = response != NULL ? g_bytes_get_data (response, &length) : NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, soup_message_get_method (msg));
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, soup_message_get_status (msg));
  json_builder_set_member_name (builder, "content_type");
  if (content_type != NULL)
    json_builder_add_string_value (builder, content_type);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "length");
  json_builder_add_int_value (builder, (gint64) length);
  /* JSON bodies whole; HTML pages and images by their type and length. */
  json_builder_set_member_name (builder, "body");
  if (length > 0 && g_strcmp0 (content_type, "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, data, (gssize) length, NULL))
        json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
      else
        json_builder_add_string_value (builder, "<unparsable JSON>");
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  {
    g_autofree char *text = json_to_string (root, FALSE);
    line = g_strconcat (text, "\n", NULL);
  }
  if (write (fd, line, strlen (line)) != (gssize) strlen (line))
    g_error ("XUEXIN_CONTRACT_LOG: write failed: %s", g_strerror (errno));
}

JsonNode *
service_test_request_raw (ServiceTest         *t,
                          const char          *method,
                          const char          *path,
                          const char          *token,
                          GBytes              *body,
                          guint               *status,
                          SoupMessageHeaders **out_headers)
{
  g_autofree char *url = g_strconcat (xuexin_service_get_base_url (t->service), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers;
  gsize length = 0;
  const char *data;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (t->client_ip != NULL)
    soup_message_headers_replace (headers, "X-Forwarded-For", t->client_ip);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);

  response = soup_session_send_and_read (t->session, msg, NULL, &error);
  g_assert_no_error (error);
  service_test_record (msg, response);

  /* Deliveries of the memory backend were queued before the reply. */
  while (g_main_context_iteration (t->context, FALSE))
    ;

  *status = soup_message_get_status (msg);
  if (out_headers != NULL)
    *out_headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  data = g_bytes_get_data (response, &length);
  if (length == 0)
    return NULL;

  g_assert_cmpstr (soup_message_headers_get_content_type (
                     soup_message_get_response_headers (msg), NULL), ==, "application/json");
  json_parser_load_from_data (parser, data, (gssize) length, &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

JsonNode *
service_test_request (ServiceTest *t,
                      const char  *method,
                      const char  *path,
                      const char  *token,
                      const char  *body,
                      guint       *status)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;

  return service_test_request_raw (t, method, path, token, bytes, status, NULL);
}

const char *
service_test_last_code (ServiceTest *t,
                        const char  *recipient)
{
  guint i;

  for (i = t->messages->len; i > 0; i--)
    {
      ServiceTestMessage *message = g_ptr_array_index (t->messages, i - 1);

      if (g_strcmp0 (message->recipient, recipient) == 0)
        return message->code;
    }

  return NULL;
}

guint
service_test_count_messages (ServiceTest *t,
                             const char  *recipient)
{
  guint count = 0;
  guint i;

  for (i = 0; i < t->messages->len; i++)
    {
      ServiceTestMessage *message = g_ptr_array_index (t->messages, i);

      if (g_strcmp0 (message->recipient, recipient) == 0)
        count++;
    }

  return count;
}

static JsonNode *
lookup_path (JsonNode   *node,
             const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  guint i;

  for (i = 0; parts[i] != NULL && node != NULL; i++)
    {
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint index = (guint) g_ascii_strtoull (parts[i], NULL, 10);

          node = index < json_array_get_length (array)
                 ? json_array_get_element (array, index) : NULL;
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), parts[i]);
      else
        node = NULL;
    }

  return node;
}

const char *
service_test_get_string (JsonNode   *node,
                         const char *path)
{
  JsonNode *member = lookup_path (node, path);

  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member)
      || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (member);
}

gint64
service_test_get_int (JsonNode   *node,
                      const char *path)
{
  JsonNode *member = lookup_path (node, path);

  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member))
    return -1;

  return json_node_get_int (member);
}

void
service_test_assert_error (JsonNode   *reply,
                           guint       status,
                           guint       expected_status,
                           const char *code,
                           const char *field)
{
  XuexinErrorCode error_code = xuexin_error_code_from_string (code);

  g_assert_nonnull (reply);
  g_assert_cmpstr (service_test_get_string (reply, "error.code"), ==, code);
  g_assert_cmpuint (status, ==, expected_status);
  g_assert_cmpstr (service_test_get_string (reply, "error.message"), ==,
                   xuexin_error_code_get_service_message (error_code));
  g_assert_cmpstr (service_test_get_string (reply, "error.field"), ==, field);
}

char *
service_test_register_code (ServiceTest *t,
                            const char  *phone)
{
  g_autofree char *body = g_strdup_printf ("{\"purpose\": \"register\", \"phone\": \"%s\"}",
                                           phone);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = service_test_request (t, "POST", "/sms-codes", NULL, body, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_nonnull (service_test_last_code (t, phone));

  return g_strdup (service_test_last_code (t, phone));
}

JsonObject *
service_test_register (ServiceTest *t,
                       const char  *phone,
                       const char  *name,
                       const char  *id_number,
                       const char  *email,
                       gboolean     reregister)
{
  g_autofree char *code = service_test_register_code (t, phone);
  g_autofree char *email_member = email ? g_strdup_printf ("\"email\": \"%s\", ", email)
                                        : g_strdup ("");
  g_autofree char *body = g_strdup_printf (
    "{\"phone\": \"%s\", \"sms_code\": \"%s\", \"password\": \"%s\", "
    "\"password_confirmation\": \"%s\", \"name\": \"%s\", \"id_type\": \"resident_id\", "
    "\"id_number\": \"%s\", %s\"reregister\": %s}",
    phone, code, SERVICE_TEST_PASSWORD, SERVICE_TEST_PASSWORD, name, id_number,
    email_member, reregister ? "true" : "false");
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = service_test_request (t, "POST", "/accounts", NULL, body, &status);
  if (status != 201)
    g_error ("Registration failed: HTTP %u %s", status,
             service_test_get_string (reply, "error.code"));

  return json_object_ref (json_object_get_object_member (json_node_get_object (reply),
                                                         "account"));
}

char *
service_test_sign_in (ServiceTest *t,
                      const char  *login_name,
                      const char  *password)
{
  g_autofree char *body = g_strdup_printf ("{\"login_name\": \"%s\", \"password\": \"%s\"}",
                                           login_name, password);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = service_test_request (t, "POST", "/sessions", NULL, body, &status);
  if (status != 201)
    g_error ("Sign-in failed: HTTP %u %s", status,
             service_test_get_string (reply, "error.code"));

  g_assert_cmpstr (service_test_get_string (reply, "token_type"), ==, "Bearer");
  return g_strdup (service_test_get_string (reply, "token"));
}

char *
service_test_make_id (const char *first17)
{
  g_assert_cmpuint (strlen (first17), ==, 17);

  return g_strdup_printf ("%s%c", first17, xuexin_id_number_compute_check_digit (first17));
}

void
service_test_exec_sql (ServiceTest *t,
                       const char  *sql)
{
  g_autofree char *path = g_build_filename (t->tmpdir, "accounts.sqlite3", NULL);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQL failed: %s", message);
  sqlite3_close (db);
}

/* The first column of the one row @sql returns, read from the service's
 * database file (WAL: the service's committed writes are seen). */
gint64
service_test_query_int (ServiceTest *t,
                        const char  *sql)
{
  g_autofree char *path = g_build_filename (t->tmpdir, "accounts.sqlite3", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* Identity verification's invariant: how many live accounts hold the ID
 * number (@id_number is a test's own, never user input). */
gint64
service_test_count_live (ServiceTest *t,
                         const char  *id_number)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT COUNT(*) FROM accounts WHERE id_number = '%s' AND state != 'cancelled'", id_number);

  return service_test_query_int (t, sql);
}

/* For tests in which days pass: sessions outlive them. */
void
service_test_use_long_sessions (XuexinServiceConfig *config)
{
  config->session_idle_timeout = 0;
  config->session_lifetime = 3 * 365 * 24 * 3600;
}

/* ----- test setup --------------------------------------------------------- */

static int expect_warnings;
static int swallowed_warnings;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  if (g_atomic_int_get (&expect_warnings) && (log_level & G_LOG_LEVEL_WARNING) != 0)
    {
      g_atomic_int_inc (&swallowed_warnings);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/*
 * GCC 12's LeakSanitizer crashes at exit ("Tracer caught signal 11",
 * "LeakSanitizer has encountered a fatal error") when a thread that ran
 * gnutls, which glib-networking loads as a module, is still alive: it
 * fails reading that thread's dynamic TLS. So under AddressSanitizer a
 * test that uses TLS runs in a subprocess with leak detection off, still
 * under AddressSanitizer's other checks (so the TLS paths are checked for
 * memory errors, not for leaks). Returns TRUE when the caller is the
 * parent and the test has already run.
 */
gboolean
service_test_tls_in_subprocess (void)
{
#ifdef __SANITIZE_ADDRESS__
  g_autofree char *saved = g_strdup (g_getenv ("ASAN_OPTIONS"));

  if (g_test_subprocess ())
    return FALSE;

  g_setenv ("ASAN_OPTIONS", "detect_leaks=0:fast_unwind_on_malloc=0", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (saved != NULL)
    g_setenv ("ASAN_OPTIONS", saved, TRUE);
  else
    g_unsetenv ("ASAN_OPTIONS");
  g_test_trap_assert_passed ();
  return TRUE;
#else
  return FALSE;
#endif
}

void
service_test_init (int    *argc,
                   char ***argv)
{
  g_test_init (argc, argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
}

void
service_test_expect_warnings (gboolean expect)
{
  if (expect)
    g_atomic_int_set (&swallowed_warnings, 0);
  g_atomic_int_set (&expect_warnings, expect);
}

guint
service_test_get_swallowed_warnings (void)
{
  return (guint) g_atomic_int_get (&swallowed_warnings);
}

/* ----- loopback servers --------------------------------------------------- */

struct _ServiceTestServer {
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  GThread      *thread;
  char         *url;
};

static gpointer
server_thread (gpointer data)
{
  ServiceTestServer *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

ServiceTestServer *
service_test_server_new (const char         *path,
                         SoupServerCallback  callback,
                         gpointer            user_data)
{
  ServiceTestServer *self = g_new0 (ServiceTestServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, path, callback, user_data, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  g_main_context_pop_thread_default (self->context);

  uris = soup_server_get_uris (self->server);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->thread = g_thread_new ("test-server", server_thread, self);
  return self;
}

const char *
service_test_server_get_url (ServiceTestServer *self)
{
  return self->url;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
service_test_server_free (ServiceTestServer *self)
{
  g_main_context_invoke (self->context, quit_loop_cb, self->loop);
  g_thread_join (self->thread);

  g_main_context_push_thread_default (self->context);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_main_context_pop_thread_default (self->context);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self->url);
  g_free (self);
}

/* A smooth JPEG of 800×600 whose colours depend on @seed, so that every
 * seed gives other bytes. With @noise_rows rows of noise it grows. */
GBytes *
service_test_make_photo (guint seed,
                         int   noise_rows)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 800, 600);
  g_autoptr(GError) error = NULL;
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  gchar *buffer = NULL;
  gsize size = 0;

  for (int y = 0; y < 600; y++)
    {
      guint8 *row = pixels + (gsize) y * stride;

      for (int x = 0; x < 800; x++)
        {
          if (y < noise_rows)
            {
              row[x * 3] = g_random_int_range (0, 256);
              row[x * 3 + 1] = g_random_int_range (0, 256);
              row[x * 3 + 2] = g_random_int_range (0, 256);
              continue;
            }
          row[x * 3] = (guint8) (40 + (x * 160) / 800 + seed * 7);
          row[x * 3 + 1] = (guint8) (60 + (y * 120) / 600 + seed * 13);
          row[x * 3 + 2] = (guint8) (200 - seed * 3);
        }
    }

  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, "quality", "85", NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

/* A staff member (@role "reviewer" or "admin") made as `add-staff` does,
 * signed in: returns the token. Each is a person of their own. */
char *
service_test_add_staff (ServiceTest *t,
                        const char  *phone,
                        const char  *role,
                        const char  *password)
{
  g_autoptr(GError) error = NULL;
  /* Each staff member is a person of their own: an ID from the phone. */
  g_autofree char *first17 = g_strdup_printf ("11010119700101%s", phone + 8);
  g_autofree char *id_number = service_test_make_id (first17);

  g_assert_true (xuexin_service_add_staff (t->config, role, phone, "审核员", id_number,
                                           password, NULL, &error));
  g_assert_no_error (error);
  return service_test_sign_in (t, phone, password);
}
