/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "service-test.h"
#include "xuexin-service-json.h"

static void
test_health (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  g_assert_true (g_str_has_prefix (xuexin_service_get_base_url (t->service),
                                   "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (xuexin_service_get_base_url (t->service), "/api/v1"));
  g_assert_cmpuint (xuexin_service_get_port (t->service), >, 0);

  reply = service_test_request (t, "GET", "/health", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "status"), ==, "ok");

  service_test_free (t);
}

/* Counts by route, whatever the answer; tests of the app rely on it to
 * prove that a closed dialog sends nothing. */
static void
test_count_requests (void)
{
  ServiceTest *t = service_test_new (NULL);
  guint status = 0;

  g_assert_cmpuint (xuexin_service_count_requests (t->service, "GET", "/health"), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) reply = service_test_request (t, "GET", "/health", NULL, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
    }
  g_assert_cmpuint (xuexin_service_count_requests (t->service, "GET", "/health"), ==, 2);

  /* A refused poll counts against its route; unknown routes are 0. */
  {
    g_autoptr(JsonNode) reply = service_test_request (t, "GET", "/providers/wechat/sign-in-tickets/nope",
                                                      NULL, NULL, &status);
    g_assert_cmpuint (status, ==, 404);
  }
  g_assert_cmpuint (xuexin_service_count_requests (t->service, "GET", "/providers/*/sign-in-tickets/*"), ==, 1);
  g_assert_cmpuint (xuexin_service_count_requests (t->service, "POST", "/health"), ==, 0);
  g_assert_cmpuint (xuexin_service_count_requests (t->service, "GET", "/nowhere"), ==, 0);

  service_test_free (t);
}

static void
test_platforms (void)
{
  static const char * const names[] = {
    "学信档案", "中国研究生招生信息网", "高考特殊类型招生报名平台", "全国征兵网", "学信就业",
    "内地（祖国大陆）高校面向港澳台招生信息网", "学职平台", "新职业网", "全国大学生创业服务网",
  };
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *platforms;
  guint status = 0;
  guint i;

  reply = service_test_request (t, "GET", "/platforms", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  platforms = json_object_get_array_member (json_node_get_object (reply), "platforms");
  g_assert_cmpuint (json_array_get_length (platforms), ==, G_N_ELEMENTS (names));

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonObject *platform = json_array_get_object_element (platforms, i);

      g_assert_cmpstr (json_object_get_string_member (platform, "name"), ==, names[i]);
      g_assert_true (strlen (json_object_get_string_member (platform, "description")) > 0);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (platform, "url"),
                                       "https://"));
    }

  service_test_free (t);
}

static void
test_not_found (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) reply2 = NULL;
  guint status = 0;

  reply = service_test_request (t, "GET", "/no-such-thing", NULL, NULL, &status);
  service_test_assert_error (reply, status, 404, "not_found", NULL);

  /* A known path with the wrong method. */
  reply2 = service_test_request (t, "DELETE", "/platforms", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 405);
  g_assert_cmpstr (service_test_get_string (reply2, "error.code"), ==, "invalid_request");

  service_test_free (t);
}

static void
test_payload_too_large (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) reply2 = NULL;
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) limit = NULL;
  GString *text = g_string_new ("{\"purpose\": \"");
  guint status = 0;

  while (text->len < 64 * 1024)
    g_string_append_c (text, 'a');
  g_string_append (text, "\"}");
  big = g_string_free_to_bytes (text);

  reply = service_test_request_raw (t, "POST", "/sms-codes", NULL, big, &status, NULL);
  service_test_assert_error (reply, status, 413, "payload_too_large", NULL);

  /* Outside the API too, before the body is read. */
  {
    g_autoptr(JsonNode) elsewhere = NULL;

    elsewhere = service_test_request_raw (t, "POST", "/../../elsewhere", NULL, big, &status,
                                          NULL);
    service_test_assert_error (elsewhere, status, 413, "payload_too_large", NULL);
  }

  /* Exactly 64 KiB of JSON is still read and judged. */
  text = g_string_new ("{\"purpose\": \"");
  while (text->len < 64 * 1024 - 2)
    g_string_append_c (text, 'a');
  g_string_append (text, "\"}");
  g_assert_cmpuint (text->len, ==, 64 * 1024);
  limit = g_string_free_to_bytes (text);
  reply2 = service_test_request_raw (t, "POST", "/sms-codes", NULL, limit, &status, NULL);
  service_test_assert_error (reply2, status, 400, "invalid_field", "purpose");

  service_test_free (t);
}

static void
test_malformed_json (void)
{
  static const struct {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"phone\": ", NULL },
    { "[1, 2, 3]", NULL },
    { "\"just a string\"", NULL },
    { "{\"purpose\": 12}", "purpose" },
    { "{\"purpose\": \"register\", \"phone\": 13812345678}", "phone" },
    { "{\"purpose\": \"register\", \"phone\": [\"13812345678\"]}", "phone" },
    { "{\"purpose\": \"register\", \"phone\": {}}", "phone" },
  };
  ServiceTest *t = service_test_new (NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      guint status = 0;

      reply = service_test_request (t, "POST", "/sms-codes", NULL, cases[i].body, &status);
      service_test_assert_error (reply, status, 400, "invalid_request", cases[i].field);
    }

  {
    g_autoptr(JsonNode) reply = NULL;
    guint status = 0;

    reply = service_test_request (t, "POST", "/accounts", NULL,
                                  "{\"phone\": \"13812345678\", \"reregister\": \"yes\"}",
                                  &status);
    g_assert_cmpuint (status, ==, 400);
  }

  service_test_free (t);
}

static void
test_unauthorized (void)
{
  ServiceTest *t = service_test_new (NULL);
  static const char * const paths[] = { "/me", "/me/records", "/me/providers" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      g_autoptr(JsonNode) reply2 = NULL;
      guint status = 0;

      reply = service_test_request (t, "GET", paths[i], NULL, NULL, &status);
      service_test_assert_error (reply, status, 401, "unauthorized", NULL);
      reply2 = service_test_request (t, "GET", paths[i], "not-a-token", NULL, &status);
      service_test_assert_error (reply2, status, 401, "unauthorized", NULL);
    }

  service_test_free (t);
}

static void
test_config_key_file (void)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(XuexinServiceConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  const char *text =
    "[service]\n"
    "listen=0.0.0.0\n"
    "port=9000\n"
    "demo=true\n"
    "server-threads=3\n"
    "[delivery]\n"
    "backend=outbox\n"
    "outbox-file=/tmp/outbox.jsonl\n"
    "[hashing]\n"
    "threads=3\n"
    "[limits]\n"
    "code-resend-interval=30\n"
    "sign-in-wait-max=600\n"
    "records-daily-limit=7\n"
    "assistance-open-limit=4\n"
    "assistance-daily-limit=11\n"
    "assistance-request-ttl=86400\n"
    "assistance-confirmations-per-year=6\n"
    "review-submissions-limit=8\n"
    "review-submissions-window=3600\n"
    "review-claim-ttl=600\n"
    "review-poll-interval=30\n";

  g_key_file_load_from_data (key_file, text, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  config = xuexin_service_config_new_from_key_file (key_file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->listen_address, ==, "0.0.0.0");
  g_assert_cmpuint (config->port, ==, 9000);
  g_assert_true (config->demo);
  g_assert_cmpint (config->delivery, ==, XUEXIN_DELIVERY_OUTBOX);
  g_assert_cmpstr (config->outbox_file, ==, "/tmp/outbox.jsonl");
  g_assert_cmpuint (config->hash_threads, ==, 3);
  g_assert_cmpuint (config->server_threads, ==, 3);
  g_assert_cmpuint (config->code_resend_interval, ==, 30);
  g_assert_cmpuint (config->sign_in_wait_max, ==, 600);
  g_assert_cmpuint (config->code_ttl, ==, 600);
  g_assert_cmpuint (config->max_body_size, ==, 65536);
  g_assert_cmpuint (config->records_daily_limit, ==, 7);
  g_assert_cmpuint (config->assistance_open_limit, ==, 4);
  g_assert_cmpuint (config->assistance_daily_limit, ==, 11);
  g_assert_cmpuint (config->assistance_request_ttl, ==, 86400);
  g_assert_cmpuint (config->assistance_confirmations_per_year, ==, 6);
  g_assert_cmpuint (config->review_submissions_limit, ==, 8);
  g_assert_cmpuint (config->review_submissions_window, ==, 3600);
  g_assert_cmpuint (config->review_claim_ttl, ==, 600);
  g_assert_cmpuint (config->review_poll_interval, ==, 30);

  /* The identity limits' defaults (FAQ 5, login.gov's 5 per 6 h). */
  {
    g_autoptr(XuexinServiceConfig) defaults = xuexin_service_config_new ();

    g_assert_cmpuint (defaults->records_daily_limit, ==, 5);
    g_assert_cmpuint (defaults->assistance_open_limit, ==, 3);
    g_assert_cmpuint (defaults->assistance_daily_limit, ==, 10);
    g_assert_cmpuint (defaults->assistance_request_ttl, ==, 7 * 24 * 3600);
    g_assert_cmpuint (defaults->assistance_confirmations_per_year, ==, 3);
    g_assert_cmpuint (defaults->review_submissions_limit, ==, 5);
    g_assert_cmpuint (defaults->review_submissions_window, ==, 6 * 3600);
    g_assert_cmpuint (defaults->review_claim_ttl, ==, 15 * 60);

    /* 0 would silently close a path: refused. */
    defaults->review_claim_ttl = 0;
    g_assert_false (xuexin_service_config_check (defaults, &error));
    g_assert_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG);
    g_assert_nonnull (strstr (error->message, "review-claim-ttl"));
    g_clear_error (&error);
  }

  /* Non-loopback without TLS needs --insecure. */
  g_assert_false (xuexin_service_config_check (config, &error));
  g_assert_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG);
  g_clear_error (&error);
  config->insecure = TRUE;
  g_assert_true (xuexin_service_config_check (config, &error));
  g_assert_no_error (error);

  config->delivery = XUEXIN_DELIVERY_HTTP;
  g_assert_false (xuexin_service_config_check (config, &error));
  g_clear_error (&error);
  xuexin_service_config_set_string (&config->webhook_url, "http://127.0.0.1:1/hook");
  g_assert_true (xuexin_service_config_check (config, NULL));

  xuexin_service_config_set_string (&config->tls_cert_file, "/nonexistent.pem");
  g_assert_false (xuexin_service_config_check (config, &error));
  g_clear_error (&error);

  g_key_file_set_string (key_file, "delivery", "backend", "pigeon");
  g_clear_pointer (&config, xuexin_service_config_free);
  config = xuexin_service_config_new_from_key_file (key_file, &error);
  g_assert_null (config);
  g_assert_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG);
}

static void
test_refuses_insecure_start (void)
{
  g_autoptr(XuexinServiceConfig) config = xuexin_service_config_new ();
  g_autoptr(XuexinService) service = NULL;
  g_autoptr(GError) error = NULL;

  xuexin_service_config_set_string (&config->listen_address, "0.0.0.0");
  config->port = 0;
  service = xuexin_service_new (config);
  g_assert_false (xuexin_service_start (service, &error));
  g_assert_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG);
  g_assert_false (xuexin_service_is_running (service));
}

static void
test_daemon_help (void)
{
  const char *daemon = g_getenv ("XUEXIN_ACCOUNTD");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { daemon, "--help", NULL };
  int wait_status = 0;
  static const char * const options[] = {
    "--listen", "--port", "--database", "--data-dir", "--delivery", "--outbox-file",
    "--webhook-url", "--demo", "--tls-cert", "--tls-key", "--insecure", "--config",
    "--server-threads",
    "import-records",
    /* [limits] keys of identity verification */
    "records-daily-limit", "assistance-open-limit", "assistance-daily-limit",
    "assistance-request-ttl", "assistance-confirmations-per-year",
    "review-submissions-limit", "review-submissions-window", "review-claim-ttl",
    "review-poll-interval",
  };
  guint i;

  if (daemon == NULL)
    {
      g_test_skip ("XUEXIN_ACCOUNTD is not set");
      return;
    }

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  for (i = 0; i < G_N_ELEMENTS (options); i++)
    g_assert_nonnull (strstr (out, options[i]));
}

/* The daemon runs with one command, serves, delivers codes through the
 * log backend on standard output and exits cleanly on SIGTERM. */
static void
test_daemon_runs (void)
{
  const char *daemon = g_getenv ("XUEXIN_ACCOUNTD");
  g_autofree char *dir = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) out = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *stdout_text = NULL;
  char *line;

  if (daemon == NULL)
    {
      g_test_skip ("XUEXIN_ACCOUNTD is not set");
      return;
    }

  dir = g_dir_make_tmp ("xuexin-accountd-XXXXXX", &error);
  g_assert_no_error (error);

  /* Set here too, not only inherited from meson's test environment: a
   * warning the daemon logs makes it abort, and the clean exit below fail. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "gc-friendly,fatal-warnings", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, daemon, "--port", "0",
                                         "--data-dir", dir, "--demo", "--hash-threads", "1",
                                         NULL);
  g_assert_no_error (error);

  errors = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  while (base_url == NULL
         && (line = g_data_input_stream_read_line (errors, NULL, NULL, &error)) != NULL)
    {
      const char *start = strstr (line, "Listening on ");

      if (start != NULL)
        {
          char *end;

          base_url = g_strdup (start + strlen ("Listening on "));
          end = strchr (base_url, ' ');
          if (end != NULL)
            *end = '\0';
        }
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_nonnull (base_url);
  g_assert_true (g_str_has_prefix (base_url, "http://127.0.0.1:"));

  {
    g_autofree char *url = g_strconcat (base_url, "/sms-codes", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr(GBytes) body = g_bytes_new_static ("{\"purpose\": \"register\", "
                                                 "\"phone\": \"13812345678\"}", 47);
    g_autoptr(GBytes) response = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    response = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  }

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  out = g_input_stream_read_bytes (g_subprocess_get_stdout_pipe (process), 4096, NULL, &error);
  g_assert_no_error (error);
  stdout_text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  g_assert_nonnull (strstr (stdout_text, "[delivery] sms to 13812345678 (register):"));

  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
}

/* Plain HTTP on a public address needs --insecure. */
static void
test_daemon_refuses_insecure (void)
{
  const char *daemon = g_getenv ("XUEXIN_ACCOUNTD");
  g_autofree char *dir = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (daemon == NULL)
    {
      g_test_skip ("XUEXIN_ACCOUNTD is not set");
      return;
    }

  dir = g_dir_make_tmp ("xuexin-accountd-XXXXXX", &error);
  g_assert_no_error (error);

  {
    const char *argv[] = { daemon, "--listen", "0.0.0.0", "--port", "0", "--data-dir", dir,
                           NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                  &err, &wait_status, &error);
    g_assert_no_error (error);
    g_assert_false (g_spawn_check_wait_status (wait_status, NULL));
    g_assert_nonnull (strstr (err, "--insecure"));
  }

  g_rmdir (dir);
}

/* The JSON writer of the hot replies: the same text as JsonGenerator for
 * ordinary values, valid JSON (every control character escaped) for the
 * rest, and the API's time format. */
static void
test_json_writer (void)
{
  static const char * const texts[] = {
    "plain", "", "张晓明 学信网", "quote \" backslash \\ slash /", "tab\tnew\nline\rcr\b\f",
    "\x01\x1f\x7f control", "<script>&amp;</script>", "\xe2\x80\xa8 separator",
  };
  g_auto(XsJsonWriter) writer = { 0, };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *generated = NULL;
  JsonObject *object;
  char time_text[XS_TIME_TEXT_SIZE];
  guint i;

  xs_json_writer_init (&writer);
  xs_json_begin_object (&writer);
  json_builder_begin_object (builder);
  for (i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *name = g_strdup_printf ("s%u", i);

      xs_json_member (&writer, name);
      xs_json_string (&writer, texts[i]);
    }
  xs_json_member (&writer, "null");
  xs_json_string (&writer, NULL);
  xs_json_member (&writer, "int");
  xs_json_int (&writer, -G_GINT64_CONSTANT (9007199254740993));
  xs_json_member (&writer, "true");
  xs_json_boolean (&writer, TRUE);
  xs_json_member (&writer, "nested");
  xs_json_begin_object (&writer);
  xs_json_member (&writer, "empty");
  xs_json_begin_object (&writer);
  xs_json_end_object (&writer);
  xs_json_member (&writer, "time");
  xs_json_time (&writer, G_GINT64_CONSTANT (1740816000) * G_USEC_PER_SEC + 999999);
  xs_json_member (&writer, "no-time");
  xs_json_time (&writer, 0);
  xs_json_end_object (&writer);
  xs_json_end_object (&writer);
  text = xs_json_writer_finish (&writer);

  /* Every value parses back unchanged. */
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  for (i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *name = g_strdup_printf ("s%u", i);

      g_assert_cmpstr (json_object_get_string_member (object, name), ==, texts[i]);
    }
  g_assert_true (json_object_get_null_member (object, "null"));
  g_assert_cmpint (json_object_get_int_member (object, "int"), ==,
                   -G_GINT64_CONSTANT (9007199254740993));
  g_assert_true (json_object_get_boolean_member (object, "true"));
  object = json_object_get_object_member (object, "nested");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "empty")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "time"), ==, "2025-03-01T08:00:00Z");
  g_assert_true (json_object_get_null_member (object, "no-time"));
  for (i = 0; text[i] != '\0'; i++)
    g_assert_cmpint ((guchar) text[i], >=, 0x20);

  /* Ordinary values: byte for byte what JsonGenerator writes. */
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, texts[2]);
  json_builder_set_member_name (builder, "quoted");
  json_builder_add_string_value (builder, texts[3]);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, 42);
  json_builder_set_member_name (builder, "email");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  expected = json_builder_get_root (builder);
  json_generator_set_root (generator, expected);
  generated = json_generator_to_data (generator, NULL);

  g_clear_pointer (&text, g_free);
  xs_json_writer_init (&writer);
  xs_json_begin_object (&writer);
  xs_json_member (&writer, "name");
  xs_json_string (&writer, texts[2]);
  xs_json_member (&writer, "quoted");
  xs_json_string (&writer, texts[3]);
  xs_json_member (&writer, "id");
  xs_json_int (&writer, 42);
  xs_json_member (&writer, "email");
  xs_json_null (&writer);
  xs_json_member (&writer, "ok");
  xs_json_boolean (&writer, FALSE);
  xs_json_end_object (&writer);
  text = xs_json_writer_finish (&writer);
  g_assert_cmpstr (text, ==, generated);

  /* The time format is the one GDateTime writes. */
  for (i = 0; i < 4; i++)
    {
      gint64 seconds = G_GINT64_CONSTANT (946684799) + (gint64) i * G_GINT64_CONSTANT (987654321);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);
      g_autofree char *formatted = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");

      g_assert_true (xs_format_time_to_buffer (seconds * G_USEC_PER_SEC, time_text));
      g_assert_cmpstr (time_text, ==, formatted);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Service/Basics/health", test_health);
  g_test_add_func ("/Service/Basics/count-requests", test_count_requests);
  g_test_add_func ("/Service/Basics/json-writer", test_json_writer);
  g_test_add_func ("/Service/Basics/platforms", test_platforms);
  g_test_add_func ("/Service/Basics/not-found", test_not_found);
  g_test_add_func ("/Service/Basics/payload-too-large", test_payload_too_large);
  g_test_add_func ("/Service/Basics/malformed-json", test_malformed_json);
  g_test_add_func ("/Service/Basics/unauthorized", test_unauthorized);
  g_test_add_func ("/Service/Basics/config-key-file", test_config_key_file);
  g_test_add_func ("/Service/Basics/refuses-insecure-start", test_refuses_insecure_start);
  g_test_add_func ("/Service/Basics/daemon-help", test_daemon_help);
  g_test_add_func ("/Service/Basics/daemon-runs", test_daemon_runs);
  g_test_add_func ("/Service/Basics/daemon-refuses-insecure", test_daemon_refuses_insecure);

  return g_test_run ();
}
