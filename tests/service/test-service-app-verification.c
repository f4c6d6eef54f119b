/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "service-test.h"
#include "xuexin-service-app-verification.h"

/*
 * Identity path 1 (APP自助验证): the simulated app page (scan, pass, fail),
 * the daily attempt limit, expiry and the maintenance, authorization, and
 * the webhook vendor: the signed order it receives and the callback's
 * signature, clock window and replay checks.
 */

#define PHONE_OLD   "13812345678"
#define PHONE_NEW   "13912345678"
#define PHONE_OTHER "13712345678"
#define SECRET      "0123456789abcdef0123456789abcdef-test"

static gboolean
account_has_state (ServiceTest *t,
                   gint64       id,
                   const char  *state)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT COUNT(*) FROM accounts WHERE id = %" G_GINT64_FORMAT " AND state = '%s'", id, state);

  return service_test_query_int (t, sql) == 1;
}

static gint64
count_refusals (ServiceTest *t,
                const char  *why)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT COUNT(*) FROM audit_log WHERE event = 'identity_app_callback_refused' "
    "AND detail = '%s'", why);

  return service_test_query_int (t, sql);
}

/* A live account of an ID and a pending one re-registered with it. */
typedef struct {
  ServiceTest *t;
  char        *id_number;
  gint64       old_id;
  gint64       new_id;
  char        *new_token;
} Fixture;

static void
fixture_init (Fixture              *f,
              ServiceTestConfigure  configure)
{
  g_autoptr(JsonObject) old_account = NULL;
  g_autoptr(JsonObject) new_account = NULL;

  f->t = service_test_new (configure);
  f->id_number = service_test_make_id ("11010519900307123");
  old_account = service_test_register (f->t, PHONE_OLD, SERVICE_TEST_NAME, f->id_number,
                                       NULL, FALSE);
  f->old_id = json_object_get_int_member (old_account, "id");
  new_account = service_test_register (f->t, PHONE_NEW, SERVICE_TEST_NAME, f->id_number, NULL,
                                       TRUE);
  g_assert_cmpstr (json_object_get_string_member (new_account, "state"), ==,
                   "pending_identity");
  f->new_id = json_object_get_int_member (new_account, "id");
  f->new_token = service_test_sign_in (f->t, PHONE_NEW, SERVICE_TEST_PASSWORD);
}

static void
fixture_clear (Fixture *f)
{
  service_test_free (f->t);
  g_free (f->id_number);
  g_free (f->new_token);
}

static JsonNode *
start (Fixture *f,
       guint   *status)
{
  return service_test_request (f->t, "POST", "/me/identity/app-verification", f->new_token,
                               NULL, status);
}

static JsonNode *
poll (ServiceTest *t,
      const char  *token,
      const char  *ticket,
      guint       *status)
{
  g_autofree char *path = g_strconcat ("/me/identity/app-verification/", ticket, NULL);

  return service_test_request (t, "GET", path, token, NULL, status);
}

static const char *
poll_state (Fixture    *f,
            const char *ticket)
{
  static char state[32];
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = poll (f->t, f->new_token, ticket, &status);
  g_assert_cmpuint (status, ==, 200);
  g_strlcpy (state, service_test_get_string (reply, "state"), sizeof state);
  return state;
}

/* Path 1's entry of GET /me/identity. */
static JsonNode *
app_path (Fixture *f)
{
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *paths;
  guint status = 0;

  reply = service_test_request (f->t, "GET", "/me/identity", f->new_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  paths = json_object_get_array_member (json_node_get_object (reply), "paths");
  for (guint i = 0; i < json_array_get_length (paths); i++)
    {
      JsonNode *node = json_array_get_element (paths, i);

      if (g_strcmp0 (service_test_get_string (node, "path"), "app") == 0)
        return json_node_copy (node);
    }
  g_assert_not_reached ();
}

static char *
fetch_page (ServiceTest *t,
            const char  *method,
            const char  *url,
            const char  *form,
            guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  if (form != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    }
  response = soup_session_send_and_read (t->session, msg, NULL, &error);
  g_assert_no_error (error);
  service_test_record (msg, response);
  *status = soup_message_get_status (msg);

  return g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
}

/* Answers the simulated app page as the phone would. */
static char *
decide (ServiceTest *t,
        const char  *qr_url,
        const char  *result,
        guint       *status)
{
  g_autoptr(GUri) uri = g_uri_parse (qr_url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GHashTable) query = soup_form_decode (g_uri_get_query (uri));
  g_autofree char *form = soup_form_encode ("order", g_hash_table_lookup (query, "order"),
                                            "result", result, NULL);

  return fetch_page (t, "POST", qr_url, form, status);
}

/* ----- simulated ---------------------------------------------------------- */

static void
test_simulated_pass (void)
{
  Fixture f = { 0, };
  g_autoptr(JsonNode) ticket = NULL;
  g_autoptr(JsonNode) path = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *page = NULL;
  g_autofree char *masked_id = NULL;
  g_autofree char *id = NULL;
  g_autofree char *qr_url = NULL;
  guint status = 0;

  fixture_init (&f, NULL);

  path = app_path (&f);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (path), "available"));
  g_assert_cmpstr (service_test_get_string (path, "provider"), ==, "simulated");
  g_assert_cmpint (service_test_get_int (path, "daily_limit"), ==, 3);
  g_assert_cmpint (service_test_get_int (path, "remaining_attempts"), ==, 3);
  g_assert_true (json_object_get_null_member (json_node_get_object (path), "open_ticket"));
  g_clear_pointer (&path, json_node_unref);

  ticket = start (&f, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (service_test_get_string (ticket, "state"), ==, "pending");
  g_assert_nonnull (service_test_get_string (ticket, "expires_at"));
  id = g_strdup (service_test_get_string (ticket, "ticket"));
  qr_url = g_strdup (service_test_get_string (ticket, "qr_url"));
  g_assert_true (g_str_has_prefix (qr_url, xuexin_service_get_base_url (f.t->service)));
  /* The QR payload does not give the polled ticket away. */
  g_assert_null (strstr (qr_url, id));

  /* A second start answers the open ticket and costs nothing. */
  again = start (&f, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (again, "ticket"), ==, id);

  path = app_path (&f);
  g_assert_cmpint (service_test_get_int (path, "remaining_attempts"), ==, 2);
  g_assert_cmpstr (service_test_get_string (path, "open_ticket.ticket"), ==, id);
  g_assert_cmpstr (service_test_get_string (path, "open_ticket.state"), ==, "pending");

  /* The phone opens the page: scanned; it shows the masked identity. */
  page = fetch_page (f.t, "GET", qr_url, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  masked_id = xuexin_id_number_mask (f.id_number);
  g_assert_nonnull (strstr (page, "*晓明"));
  g_assert_nonnull (strstr (page, masked_id));
  g_assert_null (strstr (page, f.id_number));
  g_assert_null (strstr (page, SERVICE_TEST_NAME));
  g_assert_nonnull (strstr (page, "通过"));
  g_assert_cmpstr (poll_state (&f, id), ==, "scanned");
  g_assert_true (account_has_state (f.t, f.new_id, "pending_identity"));

  g_free (page);
  page = decide (f.t, qr_url, "passed", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (page, "验证通过"));
  g_assert_cmpstr (poll_state (&f, id), ==, "passed");

  /* The success transaction: one live account holds the ID. */
  g_assert_true (account_has_state (f.t, f.new_id, "active"));
  g_assert_true (account_has_state (f.t, f.old_id, "cancelled"));
  g_assert_cmpint (service_test_count_live (f.t, f.id_number), ==, 1);
  g_assert_cmpint (service_test_query_int (f.t, "SELECT COUNT(*) FROM accounts WHERE verified_path = 'app'"),
                   ==, 1);

  /* The page cannot be answered twice, and an active account has
   * nothing to start. */
  g_free (page);
  page = decide (f.t, qr_url, "failed", &status);
  g_assert_cmpuint (status, ==, 410);
  g_clear_pointer (&again, json_node_unref);
  again = start (&f, &status);
  service_test_assert_error (again, status, 409, "already_verified", NULL);

  fixture_clear (&f);
}

static void
test_simulated_fail_limit (void)
{
  Fixture f = { 0, };
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) path = NULL;
  guint status = 0;
  gint64 i;

  fixture_init (&f, service_test_use_long_sessions);

  for (i = 2; i >= 0; i--)
    {
      g_autoptr(JsonNode) ticket = start (&f, &status);
      g_autoptr(JsonNode) polled = NULL;
      g_autofree char *page = NULL;

      g_assert_cmpuint (status, ==, 201);
      page = decide (f.t, service_test_get_string (ticket, "qr_url"), "failed", &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_nonnull (strstr (page, "未通过"));

      polled = poll (f.t, f.new_token, service_test_get_string (ticket, "ticket"), &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (service_test_get_string (polled, "state"), ==, "failed");
      g_assert_cmpstr (service_test_get_string (polled, "reason"), ==, "verification_failed");
      g_assert_cmpint (service_test_get_int (polled, "remaining_attempts"), ==, i);
      if (i == 0)
        g_assert_cmpint (service_test_get_int (polled, "retry_after"), >, 0);
    }

  refused = start (&f, &status);
  service_test_assert_error (refused, status, 429, "rate_limited", NULL);
  g_assert_cmpint (service_test_get_int (refused, "error.retry_after"), >, 0);
  path = app_path (&f);
  g_assert_cmpint (service_test_get_int (path, "remaining_attempts"), ==, 0);
  g_assert_cmpint (service_test_get_int (path, "retry_after"), >, 0);
  g_assert_true (account_has_state (f.t, f.new_id, "pending_identity"));
  g_assert_cmpint (service_test_count_live (f.t, f.id_number), ==, 2);

  /* A day later the attempts are back. */
  service_test_advance (f.t, 24 * 3600 + 1);
  g_clear_pointer (&refused, json_node_unref);
  refused = start (&f, &status);
  g_assert_cmpuint (status, ==, 201);

  fixture_clear (&f);
}

static void
test_expiry (void)
{
  Fixture f = { 0, };
  g_autoptr(JsonNode) ticket = NULL;
  g_autoptr(JsonNode) path = NULL;
  g_autoptr(JsonNode) gone = NULL;
  g_autofree char *page = NULL;
  g_autofree char *id = NULL;
  guint status = 0;

  fixture_init (&f, NULL);
  ticket = start (&f, &status);
  g_assert_cmpuint (status, ==, 201);
  id = g_strdup (service_test_get_string (ticket, "ticket"));
  g_assert_cmpint (service_test_get_int (ticket, "expires_in"), ==, 300);

  service_test_advance (f.t, 299);
  g_assert_cmpstr (poll_state (&f, id), ==, "pending");
  service_test_advance (f.t, 1);

  /* Too late to answer (before anyone has polled), and no result: the
   * attempt is given back. */
  page = decide (f.t, service_test_get_string (ticket, "qr_url"), "passed", &status);
  g_assert_cmpuint (status, ==, 410);
  g_assert_true (account_has_state (f.t, f.new_id, "pending_identity"));
  g_assert_cmpstr (poll_state (&f, id), ==, "expired");
  path = app_path (&f);
  g_assert_cmpint (service_test_get_int (path, "remaining_attempts"), ==, 3);
  g_assert_true (json_object_get_null_member (json_node_get_object (path), "open_ticket"));

  /* The hourly maintenance deletes it. */
  g_assert_cmpint (service_test_query_int (f.t, "SELECT COUNT(*) FROM app_verifications"), ==, 1);
  xs_service_run_maintenance (f.t->service);
  g_assert_cmpint (service_test_query_int (f.t, "SELECT COUNT(*) FROM app_verifications"), ==, 0);
  gone = poll (f.t, f.new_token, id, &status);
  service_test_assert_error (gone, status, 404, "not_found", NULL);

  fixture_clear (&f);
}

static void
test_authorization (void)
{
  Fixture f = { 0, };
  g_autoptr(JsonNode) ticket = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(JsonNode) anonymous = NULL;
  g_autoptr(JsonNode) old = NULL;
  g_autofree char *other_id = service_test_make_id ("44030119950101456");
  g_autofree char *other_token = NULL;
  g_autofree char *old_token = NULL;
  guint status = 0;

  fixture_init (&f, NULL);
  ticket = start (&f, &status);
  g_assert_cmpuint (status, ==, 201);

  /* Another account's ticket is not there for it. */
  json_object_unref (service_test_register (f.t, PHONE_OTHER, "李雨桐", other_id, NULL, FALSE));
  other_token = service_test_sign_in (f.t, PHONE_OTHER, SERVICE_TEST_PASSWORD);
  other = poll (f.t, other_token, service_test_get_string (ticket, "ticket"), &status);
  service_test_assert_error (other, status, 404, "not_found", NULL);

  anonymous = poll (f.t, NULL, service_test_get_string (ticket, "ticket"), &status);
  service_test_assert_error (anonymous, status, 401, "unauthorized", NULL);

  /* An active account has nothing to verify. */
  old_token = service_test_sign_in (f.t, PHONE_OLD, SERVICE_TEST_PASSWORD);
  old = service_test_request (f.t, "POST", "/me/identity/app-verification", old_token, NULL,
                              &status);
  service_test_assert_error (old, status, 409, "already_verified", NULL);

  g_assert_cmpstr (poll_state (&f, service_test_get_string (ticket, "ticket")), ==, "pending");
  fixture_clear (&f);
}

/* ----- webhook ------------------------------------------------------------ */

static struct {
  GMutex     lock;
  char      *base;
  GPtrArray *orders;      /* the bodies received */
  GPtrArray *signatures;  /* their "timestamp signature" headers */
} vendor;

static void
vendor_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  const char *answer = "{\"verify_url\": \"https://vendor.example/face/abc\"}";

  g_mutex_lock (&vendor.lock);
  g_ptr_array_add (vendor.orders, g_strndup (g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes)));
  g_ptr_array_add (vendor.signatures, g_strdup_printf (
    "%s %s", soup_message_headers_get_one (headers, XS_APP_VERIFICATION_HEADER_TIMESTAMP),
    soup_message_headers_get_one (headers, XS_APP_VERIFICATION_HEADER_SIGNATURE)));
  g_mutex_unlock (&vendor.lock);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer,
                                    strlen (answer));
}

static void
use_webhook (XuexinServiceConfig *config)
{
  g_autofree char *url = g_strconcat (vendor.base, "/orders", NULL);

  xuexin_service_config_set_string (&config->app_verification_provider, "webhook");
  xuexin_service_config_set_string (&config->app_verification_order_url, url);
  xuexin_service_config_set_string (&config->app_verification_secret, SECRET);
  /* Longer than the clock window, so that a callback can go stale
   * while its ticket is still open. */
  config->app_verification_ttl = 900;
}

/* POSTs a callback; @signature NULL: computed from @timestamp. */
static guint
callback (ServiceTest *t,
          const char  *body,
          const char  *timestamp,
          const char  *signature)
{
  g_autofree char *url = g_strconcat (xuexin_service_get_base_url (t->service),
                                      "/app-verification/callback", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *computed = NULL;

  if (timestamp != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  XS_APP_VERIFICATION_HEADER_TIMESTAMP, timestamp);
  if (signature == NULL && timestamp != NULL)
    signature = computed = xs_app_verification_sign (SECRET, timestamp, body, strlen (body));
  if (signature != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  XS_APP_VERIFICATION_HEADER_SIGNATURE, signature);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  response = soup_session_send_and_read (t->session, msg, NULL, &error);
  g_assert_no_error (error);
  service_test_record (msg, response);

  return soup_message_get_status (msg);
}

static char *
now_timestamp (ServiceTest *t)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, t->now / G_USEC_PER_SEC);
}

static void
test_webhook_refusals (void)
{
  ServiceTestServer *server;
  Fixture f = { 0, };
  g_autoptr(JsonNode) ticket = NULL;
  g_autoptr(JsonNode) order = NULL;
  g_autofree char *id = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *scanned = NULL;
  g_autofree char *passed = NULL;
  g_autofree char *ts = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *replayed_signature = NULL;
  guint status = 0;

  g_mutex_init (&vendor.lock);
  vendor.orders = g_ptr_array_new_with_free_func (g_free);
  vendor.signatures = g_ptr_array_new_with_free_func (g_free);
  server = service_test_server_new ("/orders", vendor_cb, NULL);
  vendor.base = g_strdup (service_test_server_get_url (server));

  fixture_init (&f, use_webhook);
  ticket = start (&f, &status);
  g_assert_cmpuint (status, ==, 201);
  id = g_strdup (service_test_get_string (ticket, "ticket"));
  g_assert_cmpuint (vendor.orders->len, ==, 1);
  order = json_from_string (g_ptr_array_index (vendor.orders, 0), NULL);
  order_id = g_strdup (service_test_get_string (order, "order_id"));
  g_assert_cmpstr (service_test_get_string (ticket, "provider"), ==, "webhook");
  g_assert_cmpstr (service_test_get_string (ticket, "qr_url"), ==,
                   "https://vendor.example/face/abc");
  g_assert_cmpstr (service_test_get_string (order, "id_number"), ==, f.id_number);
  g_assert_cmpstr (service_test_get_string (order, "name"), ==, SERVICE_TEST_NAME);
  g_assert_true (g_str_has_suffix (service_test_get_string (order, "callback_url"),
                                   "/api/v1/app-verification/callback"));
  /* The order is signed like a callback. */
  {
    g_auto(GStrv) header = g_strsplit (g_ptr_array_index (vendor.signatures, 0), " ", 2);
    const char *text = g_ptr_array_index (vendor.orders, 0);
    g_autofree char *expected = xs_app_verification_sign (SECRET, header[0], text,
                                                          strlen (text));

    g_assert_cmpstr (header[1], ==, expected);
  }

  scanned = g_strdup_printf ("{\"order_id\": \"%s\", \"nonce\": \"n1\", \"result\": \"scanned\"}",
                             order_id);
  passed = g_strdup_printf ("{\"order_id\": \"%s\", \"nonce\": \"n2\", \"result\": \"passed\"}",
                            order_id);

  /* Unsigned. */
  g_assert_cmpuint (callback (f.t, passed, NULL, NULL), ==, 401);
  g_assert_cmpint (count_refusals (f.t, "unsigned"), ==, 1);

  /* Signed with another key, or the signature of another body. */
  ts = now_timestamp (f.t);
  wrong = xs_app_verification_sign ("another-secret-another-secret-0000", ts, passed,
                                    strlen (passed));
  g_assert_cmpuint (callback (f.t, passed, ts, wrong), ==, 401);
  g_free (wrong);
  wrong = xs_app_verification_sign (SECRET, ts, scanned, strlen (scanned));
  g_assert_cmpuint (callback (f.t, passed, ts, wrong), ==, 401);
  g_assert_cmpuint (callback (f.t, passed, ts, "zz"), ==, 401);
  g_assert_cmpint (count_refusals (f.t, "bad_signature"), ==, 3);
  g_assert_cmpstr (poll_state (&f, id), ==, "pending");

  /* Correctly signed, but the clock has moved on past the window. */
  stale = now_timestamp (f.t);
  service_test_advance (f.t, XS_APP_VERIFICATION_CLOCK_WINDOW + 1);
  g_assert_cmpuint (callback (f.t, passed, stale, NULL), ==, 401);
  g_assert_cmpint (count_refusals (f.t, "stale_timestamp"), ==, 1);
  g_assert_cmpstr (poll_state (&f, id), ==, "pending");
  g_assert_true (account_has_state (f.t, f.new_id, "pending_identity"));

  /* Scanned, then passed. */
  g_free (ts);
  ts = now_timestamp (f.t);
  g_assert_cmpuint (callback (f.t, scanned, ts, NULL), ==, 200);
  g_assert_cmpstr (poll_state (&f, id), ==, "scanned");
  /* The same callback again: the same signature. */
  g_assert_cmpuint (callback (f.t, scanned, ts, NULL), ==, 401);
  g_assert_cmpint (count_refusals (f.t, "replayed"), ==, 1);

  g_assert_cmpuint (callback (f.t, passed, ts, NULL), ==, 200);
  g_assert_cmpstr (poll_state (&f, id), ==, "passed");
  g_assert_true (account_has_state (f.t, f.new_id, "active"));
  g_assert_true (account_has_state (f.t, f.old_id, "cancelled"));
  g_assert_cmpint (service_test_count_live (f.t, f.id_number), ==, 1);

  /* The same order and nonce under a new timestamp (a new signature). */
  service_test_advance (f.t, 1);
  g_free (ts);
  ts = now_timestamp (f.t);
  replayed_signature = xs_app_verification_sign (SECRET, ts, passed, strlen (passed));
  g_assert_cmpuint (callback (f.t, passed, ts, replayed_signature), ==, 401);
  g_assert_cmpint (count_refusals (f.t, "replayed"), ==, 2);
  /* The refusals of the verified account's order name it. */
  {
    g_autofree char *sql = g_strdup_printf (
      "SELECT COUNT(*) FROM audit_log WHERE event = 'identity_app_callback_refused' "
      "AND detail = 'replayed' AND account_id = %" G_GINT64_FORMAT, f.new_id);

    g_assert_cmpint (service_test_query_int (f.t, sql), ==, 2);
  }

  fixture_clear (&f);
  service_test_server_free (server);
  g_clear_pointer (&vendor.orders, g_ptr_array_unref);
  g_clear_pointer (&vendor.signatures, g_ptr_array_unref);
  g_clear_pointer (&vendor.base, g_free);
  g_mutex_clear (&vendor.lock);
}

int
main (int    argc,
      char **argv)
{
  service_test_init (&argc, &argv);

  g_test_add_func ("/Service/AppVerification/simulated-pass", test_simulated_pass);
  g_test_add_func ("/Service/AppVerification/simulated-fail-limit", test_simulated_fail_limit);
  g_test_add_func ("/Service/AppVerification/expiry", test_expiry);
  g_test_add_func ("/Service/AppVerification/authorization", test_authorization);
  g_test_add_func ("/Service/AppVerification/webhook", test_webhook_refusals);

  return g_test_run ();
}
