/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "service-test.h"

static JsonNode *
request_register_code (ServiceTest *t,
                       const char  *phone,
                       guint       *status)
{
  g_autofree char *body = g_strdup_printf ("{\"purpose\": \"register\", \"phone\": \"%s\"}",
                                           phone);

  return service_test_request (t, "POST", "/sms-codes", NULL, body, status);
}

static void
test_code_format (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(JsonNode) reply = NULL;
  ServiceTestMessage *message;
  guint status = 0;
  guint i;

  reply = request_register_code (t, "13812345678", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (service_test_get_string (reply, "purpose"), ==, "register");
  g_assert_cmpstr (service_test_get_string (reply, "sent_to.0"), ==, "138****5678");
  g_assert_cmpint (service_test_get_int (reply, "expires_in"), ==, 600);
  g_assert_cmpint (service_test_get_int (reply, "resend_after"), ==, 60);

  g_assert_cmpuint (t->messages->len, ==, 1);
  message = g_ptr_array_index (t->messages, 0);
  g_assert_cmpstr (message->channel, ==, "sms");
  g_assert_cmpstr (message->recipient, ==, "13812345678");
  g_assert_cmpstr (message->purpose, ==, "register");
  g_assert_cmpuint (strlen (message->code), ==, 6);
  for (i = 0; i < 6; i++)
    g_assert_true (g_ascii_isdigit (message->code[i]));
  g_assert_nonnull (strstr (message->text, message->code));

  service_test_free (t);
}

static void
test_invalid_requests (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) reply2 = NULL;
  g_autoptr(JsonNode) reply3 = NULL;
  g_autoptr(JsonNode) reply4 = NULL;
  g_autoptr(JsonNode) reply5 = NULL;
  guint status = 0;

  reply = request_register_code (t, "1381234567", &status);
  service_test_assert_error (reply, status, 400, "invalid_phone", "phone");

  reply2 = service_test_request (t, "POST", "/sms-codes", NULL,
                                 "{\"purpose\": \"lottery\", \"phone\": \"13812345678\"}",
                                 &status);
  service_test_assert_error (reply2, status, 400, "invalid_field", "purpose");

  /* change_phone needs a session. */
  reply3 = service_test_request (t, "POST", "/sms-codes", NULL,
                                 "{\"purpose\": \"change_phone\", \"phone\": \"13812345678\"}",
                                 &status);
  service_test_assert_error (reply3, status, 401, "unauthorized", NULL);
  g_assert_cmpuint (t->messages->len, ==, 0);

  /* A stale token does not spoil an anonymous registration code. */
  reply4 = service_test_request (t, "POST", "/sms-codes", "stale-token",
                                 "{\"purpose\": \"register\", \"phone\": \"13812345678\"}",
                                 &status);
  g_assert_cmpuint (status, ==, 201);
  reply5 = service_test_request (t, "POST", "/sms-codes", "stale-token",
                                 "{\"purpose\": \"change_phone\", \"phone\": \"13812345679\"}",
                                 &status);
  service_test_assert_error (reply5, status, 401, "unauthorized", NULL);

  service_test_free (t);
}

static void
test_resend_interval (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;
  SoupMessageHeaders *headers = NULL;
  guint status = 0;

  first = request_register_code (t, "13812345678", &status);
  g_assert_cmpuint (status, ==, 201);

  service_test_advance (t, 20);
  {
    static const char text[] = "{\"purpose\": \"register\", \"phone\": \"13812345678\"}";
    g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
    second = service_test_request_raw (t, "POST", "/sms-codes", NULL, body, &status, &headers);
  }
  service_test_assert_error (second, status, 429, "rate_limited", NULL);
  g_assert_cmpint (service_test_get_int (second, "error.retry_after"), ==, 40);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Retry-After"), ==, "40");
  soup_message_headers_unref (headers);

  service_test_advance (t, 40);
  third = request_register_code (t, "13812345678", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpuint (service_test_count_messages (t, "13812345678"), ==, 2);

  service_test_free (t);
}

static void
test_daily_limit_per_phone (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) again = NULL;
  guint status = 0;
  guint i;

  for (i = 0; i < 10; i++)
    {
      g_autoptr(JsonNode) reply = request_register_code (t, "13812345678", &status);
      g_assert_cmpuint (status, ==, 201);
      service_test_advance (t, 61);
    }

  refused = request_register_code (t, "13812345678", &status);
  service_test_assert_error (refused, status, 429, "rate_limited", NULL);
  /* The oldest of the ten leaves the 24-hour window first. */
  g_assert_cmpint (service_test_get_int (refused, "error.retry_after"), ==,
                   24 * 3600 - 10 * 61);
  g_assert_cmpuint (service_test_count_messages (t, "13812345678"), ==, 10);

  service_test_advance (t, 24 * 3600 - 10 * 61);
  again = request_register_code (t, "13812345678", &status);
  g_assert_cmpuint (status, ==, 201);

  service_test_free (t);
}

static void
low_ip_limit (XuexinServiceConfig *config)
{
  config->code_daily_limit_per_ip = 3;
}

static void
test_daily_limit_per_ip (void)
{
  ServiceTest *t = service_test_new (low_ip_limit);
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) other_ip = NULL;
  guint status = 0;
  guint i;

  for (i = 0; i < 3; i++)
    {
      g_autofree char *phone = g_strdup_printf ("1381234560%u", i);
      g_autoptr(JsonNode) reply = request_register_code (t, phone, &status);
      g_assert_cmpuint (status, ==, 201);
    }

  refused = request_register_code (t, "13812345699", &status);
  service_test_assert_error (refused, status, 429, "rate_limited", NULL);
  g_assert_cmpint (service_test_get_int (refused, "error.retry_after"), ==, 24 * 3600);

  service_test_set_client_ip (t, "198.51.100.7");
  other_ip = request_register_code (t, "13812345699", &status);
  g_assert_cmpuint (status, ==, 201);

  service_test_free (t);
}

static JsonNode *
try_register (ServiceTest *t,
              const char  *phone,
              const char  *code,
              guint       *status)
{
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autofree char *body = g_strdup_printf (
    "{\"phone\": \"%s\", \"sms_code\": \"%s\", \"password\": \"%s\", "
    "\"password_confirmation\": \"%s\", \"name\": \"%s\", \"id_number\": \"%s\"}",
    phone, code, SERVICE_TEST_PASSWORD, SERVICE_TEST_PASSWORD, SERVICE_TEST_NAME, id);

  return service_test_request (t, "POST", "/accounts", NULL, body, status);
}

static char *
wrong_code (const char *code)
{
  g_autofree char *wrong = g_strdup (code);

  wrong[5] = wrong[5] == '9' ? '0' : wrong[5] + 1;
  return g_steal_pointer (&wrong);
}

static void
test_wrong_entries_invalidate (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *code = service_test_register_code (t, "13812345678");
  g_autofree char *wrong = wrong_code (code);
  g_autoptr(JsonNode) final = NULL;
  guint status = 0;
  guint i;

  for (i = 0; i < 5; i++)
    {
      g_autoptr(JsonNode) reply = try_register (t, "13812345678", wrong, &status);
      service_test_assert_error (reply, status, 400, "sms_code_invalid", "sms_code");
    }

  /* The right code no longer works after five wrong ones. */
  final = try_register (t, "13812345678", code, &status);
  service_test_assert_error (final, status, 400, "sms_code_invalid", "sms_code");

  service_test_free (t);
}

static void
test_code_expires (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *code = service_test_register_code (t, "13812345678");
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) bad_format = NULL;
  guint status = 0;

  service_test_advance (t, 600);
  reply = try_register (t, "13812345678", code, &status);
  service_test_assert_error (reply, status, 400, "sms_code_expired", "sms_code");

  bad_format = try_register (t, "13812345678", "12ab", &status);
  service_test_assert_error (bad_format, status, 400, "sms_code_invalid", "sms_code");

  service_test_free (t);
}

static void
test_code_just_valid (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *code = service_test_register_code (t, "13812345678");
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  service_test_advance (t, 599);
  reply = try_register (t, "13812345678", code, &status);
  g_assert_cmpuint (status, ==, 201);

  service_test_free (t);
}

static void
test_newer_code_replaces_older (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *first = service_test_register_code (t, "13812345678");
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) reply2 = NULL;
  guint status = 0;

  service_test_advance (t, 60);
  second = service_test_register_code (t, "13812345678");

  if (g_strcmp0 (first, second) != 0)
    {
      reply = try_register (t, "13812345678", first, &status);
      service_test_assert_error (reply, status, 400, "sms_code_invalid", "sms_code");
    }
  reply2 = try_register (t, "13812345678", second, &status);
  g_assert_cmpuint (status, ==, 201);

  service_test_free (t);
}

static void
test_phone_taken_on_request (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = service_test_register (t, "13812345678", SERVICE_TEST_NAME,
                                                         id, NULL, FALSE);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  service_test_advance (t, 60);
  reply = request_register_code (t, "13812345678", &status);
  service_test_assert_error (reply, status, 409, "phone_taken", "phone");

  service_test_free (t);
}

/* ----- delivery backends ------------------------------------------------ */

static char *outbox_path;

static void
use_outbox (XuexinServiceConfig *config)
{
  config->delivery = XUEXIN_DELIVERY_OUTBOX;
  xuexin_service_config_set_string (&config->outbox_file, outbox_path);
}

static void
test_outbox_backend (void)
{
  g_autofree char *dir = g_dir_make_tmp ("xuexin-outbox-XXXXXX", NULL);
  ServiceTest *t;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  guint status = 0;

  outbox_path = g_build_filename (dir, "outbox.jsonl", NULL);
  t = service_test_new (use_outbox);

  reply = request_register_code (t, "13812345678", &status);
  g_assert_cmpuint (status, ==, 201);

  g_file_get_contents (outbox_path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  json_parser_load_from_data (parser, lines[0], -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (service_test_get_string (json_parser_get_root (parser), "channel"), ==, "sms");
  g_assert_cmpstr (service_test_get_string (json_parser_get_root (parser), "recipient"), ==,
                   "13812345678");
  g_assert_cmpuint (strlen (service_test_get_string (json_parser_get_root (parser), "code")),
                    ==, 6);
  g_assert_cmpint (g_stat (outbox_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  service_test_free (t);
  g_unlink (outbox_path);
  g_rmdir (dir);
  g_clear_pointer (&outbox_path, g_free);
}

typedef struct {
  GMutex     lock;
  GPtrArray *bodies;
  guint      answer;
} Webhook;

static Webhook webhook;
static char *webhook_url;

static void
webhook_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  g_mutex_lock (&webhook.lock);
  g_ptr_array_add (webhook.bodies, g_strndup (body->data, (gsize) body->length));
  soup_server_message_set_status (msg, webhook.answer, NULL);
  g_mutex_unlock (&webhook.lock);
}

static void
use_webhook (XuexinServiceConfig *config)
{
  config->delivery = XUEXIN_DELIVERY_HTTP;
  xuexin_service_config_set_string (&config->webhook_url, webhook_url);
}

static void
test_http_backend (void)
{
  ServiceTestServer *server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(JsonNode) retry = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  ServiceTest *t;
  guint status = 0;

  g_mutex_init (&webhook.lock);
  webhook.bodies = g_ptr_array_new_with_free_func (g_free);
  webhook.answer = 200;

  server = service_test_server_new ("/hook", webhook_cb, NULL);
  webhook_url = g_strconcat (service_test_server_get_url (server), "/hook", NULL);

  t = service_test_new (use_webhook);
  reply = request_register_code (t, "13812345678", &status);
  g_assert_cmpuint (status, ==, 201);

  g_mutex_lock (&webhook.lock);
  g_assert_cmpuint (webhook.bodies->len, ==, 1);
  json_parser_load_from_data (parser, g_ptr_array_index (webhook.bodies, 0), -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_cmpstr (service_test_get_string (root, "channel"), ==, "sms");
  g_assert_cmpstr (service_test_get_string (root, "recipient"), ==, "13812345678");
  g_assert_cmpstr (service_test_get_string (root, "purpose"), ==, "register");
  g_assert_cmpuint (strlen (service_test_get_string (root, "code")), ==, 6);
  /* When the webhook fails, the request fails and nothing counts. */
  webhook.answer = 500;
  g_mutex_unlock (&webhook.lock);

  service_test_expect_warnings (TRUE);
  failed = request_register_code (t, "13812345679", &status);
  service_test_expect_warnings (FALSE);
  g_assert_cmpuint (service_test_get_swallowed_warnings (), ==, 2);
  service_test_assert_error (failed, status, 500, "internal_error", NULL);

  g_mutex_lock (&webhook.lock);
  webhook.answer = 200;
  g_mutex_unlock (&webhook.lock);
  retry = request_register_code (t, "13812345679", &status);
  g_assert_cmpuint (status, ==, 201);

  service_test_free (t);
  service_test_server_free (server);
  g_clear_pointer (&webhook.bodies, g_ptr_array_unref);
  g_clear_pointer (&webhook_url, g_free);
}

int
main (int   argc,
      char *argv[])
{
  service_test_init (&argc, &argv);

  g_test_add_func ("/Service/Sms/code-format", test_code_format);
  g_test_add_func ("/Service/Sms/invalid-requests", test_invalid_requests);
  g_test_add_func ("/Service/Sms/resend-interval", test_resend_interval);
  g_test_add_func ("/Service/Sms/daily-limit-per-phone", test_daily_limit_per_phone);
  g_test_add_func ("/Service/Sms/daily-limit-per-ip", test_daily_limit_per_ip);
  g_test_add_func ("/Service/Sms/wrong-entries-invalidate", test_wrong_entries_invalidate);
  g_test_add_func ("/Service/Sms/code-expires", test_code_expires);
  g_test_add_func ("/Service/Sms/code-just-valid", test_code_just_valid);
  g_test_add_func ("/Service/Sms/newer-code-replaces-older", test_newer_code_replaces_older);
  g_test_add_func ("/Service/Sms/phone-taken-on-request", test_phone_taken_on_request);
  g_test_add_func ("/Service/Delivery/outbox", test_outbox_backend);
  g_test_add_func ("/Service/Delivery/http-webhook", test_http_backend);

  return g_test_run ();
}
