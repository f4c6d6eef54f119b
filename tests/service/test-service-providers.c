/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include "service-test.h"

#define PHONE "13812345678"
#define PHONE_2 "13987654321"

typedef struct {
  ServiceTest *t;
  char        *id;
  char        *token;
} Fixture;

static void
register_and_sign_in (Fixture *f)
{
  g_autoptr(JsonObject) account = NULL;

  f->id = service_test_make_id ("11010119900307123");
  account = service_test_register (f->t, PHONE, SERVICE_TEST_NAME, f->id, NULL, FALSE);
  f->token = service_test_sign_in (f->t, PHONE, SERVICE_TEST_PASSWORD);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->t = service_test_new (NULL);
  register_and_sign_in (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  service_test_free (f->t);
  g_free (f->id);
  g_free (f->token);
}

/* GET or POST (form) a page of the service, by full URL. */
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
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Forwarded-For",
                                "203.0.113.50");
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

/* Confirms on the simulated page as @subject. */
static void
simulate_confirm (ServiceTest *t,
                  const char  *qr_url,
                  const char  *subject,
                  const char  *expected_text)
{
  g_autoptr(GUri) uri = g_uri_parse (qr_url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GHashTable) query = soup_form_decode (g_uri_get_query (uri));
  g_autofree char *form = soup_form_encode ("state", g_hash_table_lookup (query, "state"),
                                            "subject", subject,
                                            "action", "confirm",
                                            NULL);
  g_autofree char *page = NULL;
  guint status = 0;

  page = fetch_page (t, "POST", qr_url, form, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (page, expected_text));
}

static JsonNode *
new_bind_ticket (Fixture    *f,
                 const char *provider,
                 guint      *status)
{
  g_autofree char *path = g_strdup_printf ("/me/providers/%s/bind-tickets", provider);

  return service_test_request (f->t, "POST", path, f->token, NULL, status);
}

static JsonNode *
poll_bind_ticket (Fixture    *f,
                  const char *provider,
                  const char *ticket,
                  guint      *status)
{
  g_autofree char *path = g_strdup_printf ("/me/providers/%s/bind-tickets/%s", provider, ticket);

  return service_test_request (f->t, "GET", path, f->token, NULL, status);
}

static JsonNode *
poll_sign_in_ticket (ServiceTest *t,
                     const char  *provider,
                     const char  *ticket,
                     guint       *status)
{
  g_autofree char *path = g_strdup_printf ("/providers/%s/sign-in-tickets/%s", provider, ticket);

  return service_test_request (t, "GET", path, NULL, NULL, status);
}

static void
bind (Fixture    *f,
      const char *provider,
      const char *subject)
{
  g_autoptr(JsonNode) ticket = NULL;
  g_autoptr(JsonNode) polled = NULL;
  guint status = 0;

  ticket = new_bind_ticket (f, provider, &status);
  g_assert_cmpuint (status, ==, 201);
  simulate_confirm (f->t, service_test_get_string (ticket, "qr_url"), subject, "绑定成功");
  polled = poll_bind_ticket (f, provider, service_test_get_string (ticket, "ticket"), &status);
  g_assert_cmpstr (service_test_get_string (polled, "status"), ==, "confirmed");
}

/* FAQ 9: bind WeChat, then sign in by scanning. */
static void
test_bind_then_qr_sign_in (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) ticket = NULL;
  g_autoptr(JsonNode) pending = NULL;
  g_autoptr(JsonNode) scanned = NULL;
  g_autoptr(JsonNode) confirmed = NULL;
  g_autoptr(JsonNode) providers = NULL;
  g_autoptr(JsonNode) sign_in = NULL;
  g_autoptr(JsonNode) sign_in_pending = NULL;
  g_autoptr(JsonNode) sign_in_done = NULL;
  g_autoptr(JsonNode) used = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autofree char *page = NULL;
  g_autofree char *expected_prefix = NULL;
  const char *qr_url;
  const char *secret;
  guint status = 0;

  ticket = new_bind_ticket (f, "wechat", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpint (service_test_get_int (ticket, "expires_in"), ==, 300);
  qr_url = service_test_get_string (ticket, "qr_url");
  secret = service_test_get_string (ticket, "ticket");
  expected_prefix = g_strconcat (xuexin_service_get_base_url (f->t->service),
                                 "/providers/wechat/simulate?state=", NULL);
  g_assert_true (g_str_has_prefix (qr_url, expected_prefix));
  /* The QR code never carries the polled ticket. */
  g_assert_null (strstr (qr_url, secret));

  pending = poll_bind_ticket (f, "wechat", secret, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (pending, "status"), ==, "pending");

  page = fetch_page (f->t, "GET", qr_url, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (page, "<form"));
  scanned = poll_bind_ticket (f, "wechat", secret, &status);
  g_assert_cmpstr (service_test_get_string (scanned, "status"), ==, "scanned");

  simulate_confirm (f->t, qr_url, "wx-user-1", "绑定成功");
  confirmed = poll_bind_ticket (f, "wechat", secret, &status);
  g_assert_cmpstr (service_test_get_string (confirmed, "status"), ==, "confirmed");

  providers = service_test_request (f->t, "GET", "/me/providers", f->token, NULL, &status);
  g_assert_true (json_node_get_boolean (json_object_get_member (
    json_array_get_object_element (json_object_get_array_member (
      json_node_get_object (providers), "providers"), 0), "bound")));
  g_assert_nonnull (service_test_get_string (providers, "providers.0.bound_at"));

  /* QR sign-in from another machine. */
  sign_in = service_test_request (f->t, "POST", "/providers/wechat/sign-in-tickets", NULL, NULL,
                                  &status);
  g_assert_cmpuint (status, ==, 201);
  sign_in_pending = poll_sign_in_ticket (f->t, "wechat",
                                         service_test_get_string (sign_in, "ticket"), &status);
  g_assert_cmpstr (service_test_get_string (sign_in_pending, "status"), ==, "pending");
  g_assert_null (service_test_get_string (sign_in_pending, "session.token"));

  simulate_confirm (f->t, service_test_get_string (sign_in, "qr_url"), "wx-user-1", "已确认登录");
  sign_in_done = poll_sign_in_ticket (f->t, "wechat", service_test_get_string (sign_in, "ticket"),
                                      &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (sign_in_done, "status"), ==, "confirmed");
  g_assert_cmpstr (service_test_get_string (sign_in_done, "session.token_type"), ==, "Bearer");
  g_assert_cmpstr (service_test_get_string (sign_in_done, "session.account.phone"), ==, PHONE);

  me = service_test_request (f->t, "GET", "/me",
                             service_test_get_string (sign_in_done, "session.token"), NULL,
                             &status);
  g_assert_cmpuint (status, ==, 200);

  /* The session is handed out once. */
  used = poll_sign_in_ticket (f->t, "wechat", service_test_get_string (sign_in, "ticket"), &status);
  g_assert_cmpstr (service_test_get_string (used, "status"), ==, "used");
  g_assert_null (service_test_get_string (used, "session.token"));
}

/* FAQ 7 and 9: scanning with an identity no account has bound gets a
 * clear error pointing to password sign-in and binding. */
static void
test_unbound_scan (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) sign_in = NULL;
  g_autoptr(JsonNode) failed = NULL;
  guint status = 0;

  sign_in = service_test_request (f->t, "POST", "/providers/alipay/sign-in-tickets", NULL, NULL,
                                  &status);
  g_assert_cmpuint (status, ==, 201);
  simulate_confirm (f->t, service_test_get_string (sign_in, "qr_url"), "nobody", "未完成");

  failed = poll_sign_in_ticket (f->t, "alipay", service_test_get_string (sign_in, "ticket"),
                                &status);
  g_assert_cmpstr (service_test_get_string (failed, "status"), ==, "failed");
  g_assert_cmpstr (service_test_get_string (failed, "reason"), ==, "not_bound");
  g_assert_nonnull (strstr (service_test_get_string (failed, "message"), "用户名和密码登录"));
  g_assert_nonnull (strstr (service_test_get_string (failed, "message"), "绑定"));
}

static void
test_ticket_expires (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) sign_in = NULL;
  g_autoptr(JsonNode) expired = NULL;
  g_autofree char *page = NULL;
  guint status = 0;

  sign_in = service_test_request (f->t, "POST", "/providers/wechat/sign-in-tickets", NULL, NULL,
                                  &status);
  service_test_advance (f->t, 300);

  expired = poll_sign_in_ticket (f->t, "wechat", service_test_get_string (sign_in, "ticket"),
                                 &status);
  g_assert_cmpstr (service_test_get_string (expired, "status"), ==, "expired");

  page = fetch_page (f->t, "GET", service_test_get_string (sign_in, "qr_url"), NULL, &status);
  g_assert_cmpuint (status, ==, 410);
}

/* FAQ 7: after a lock, binding stays blocked for two hours. */
static void
test_bind_blocked_after_lock (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(JsonNode) blocked = NULL;
  g_autoptr(JsonNode) later = NULL;
  guint status = 0;
  guint i;

  for (i = 0; i < 5; i++)
    json_node_unref (service_test_request (f->t, "POST", "/sessions", NULL,
                                           "{\"login_name\": \"" PHONE "\", "
                                           "\"password\": \"Wrong#password1\"}", &status));
  g_assert_cmpuint (status, ==, 429);
  service_test_advance (f->t, 60);

  blocked = new_bind_ticket (f, "wechat", &status);
  service_test_assert_error (blocked, status, 429, "rate_limited", "provider");
  g_assert_cmpint (service_test_get_int (blocked, "error.retry_after"), ==, 7200 - 60);

  service_test_advance (f->t, 7200 - 60);
  later = new_bind_ticket (f, "wechat", &status);
  g_assert_cmpuint (status, ==, 201);
}

static void
test_identity_bound_elsewhere (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *id2 = service_test_make_id ("31010419950101456");
  g_autoptr(JsonObject) other = NULL;
  g_autofree char *other_token = NULL;
  Fixture other_fixture = { 0, };
  g_autoptr(JsonNode) ticket = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(JsonNode) again = NULL;
  guint status = 0;

  bind (f, "wechat", "wx-shared");

  service_test_advance (f->t, 61);
  other = service_test_register (f->t, PHONE_2, "李四", id2, NULL, FALSE);
  other_token = service_test_sign_in (f->t, PHONE_2, SERVICE_TEST_PASSWORD);
  other_fixture.t = f->t;
  other_fixture.token = other_token;

  ticket = new_bind_ticket (&other_fixture, "wechat", &status);
  g_assert_cmpuint (status, ==, 201);
  simulate_confirm (f->t, service_test_get_string (ticket, "qr_url"), "wx-shared", "未完成");
  failed = poll_bind_ticket (&other_fixture, "wechat", service_test_get_string (ticket, "ticket"),
                             &status);
  g_assert_cmpstr (service_test_get_string (failed, "reason"), ==, "already_bound");

  /* One binding per provider and account. */
  again = new_bind_ticket (f, "wechat", &status);
  service_test_assert_error (again, status, 403, "forbidden", "provider");
}

static void
test_unbind (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) removed = NULL;
  g_autoptr(JsonNode) twice = NULL;
  g_autoptr(JsonNode) providers = NULL;
  guint status = 0;

  bind (f, "alipay", "ali-1");
  removed = service_test_request (f->t, "DELETE", "/me/providers/alipay", f->token, NULL,
                                  &status);
  g_assert_cmpuint (status, ==, 204);
  twice = service_test_request (f->t, "DELETE", "/me/providers/alipay", f->token, NULL, &status);
  service_test_assert_error (twice, status, 404, "not_found", "provider");

  providers = service_test_request (f->t, "GET", "/me/providers", f->token, NULL, &status);
  g_assert_false (json_node_get_boolean (json_object_get_member (
    json_array_get_object_element (json_object_get_array_member (
      json_node_get_object (providers), "providers"), 1), "bound")));
}

static void
test_unknown_provider (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = service_test_request (f->t, "POST", "/providers/qq/sign-in-tickets", NULL, NULL,
                                &status);
  service_test_assert_error (reply, status, 404, "not_found", "provider");
}

static void
test_cancel_on_page (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) ticket = NULL;
  g_autoptr(JsonNode) polled = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *form = NULL;
  g_autofree char *page = NULL;
  guint status = 0;

  ticket = new_bind_ticket (f, "wechat", &status);
  uri = g_uri_parse (service_test_get_string (ticket, "qr_url"), G_URI_FLAGS_ENCODED, NULL);
  query = soup_form_decode (g_uri_get_query (uri));
  form = soup_form_encode ("state", g_hash_table_lookup (query, "state"),
                           "action", "cancel", NULL);
  page = fetch_page (f->t, "POST", service_test_get_string (ticket, "qr_url"), form, &status);
  g_assert_cmpuint (status, ==, 200);

  polled = poll_bind_ticket (f, "wechat", service_test_get_string (ticket, "ticket"), &status);
  g_assert_cmpstr (service_test_get_string (polled, "status"), ==, "failed");
  g_assert_cmpstr (service_test_get_string (polled, "reason"), ==, "cancelled");
}

/* ----- the WeChat Open Platform adapter against a fake WeChat ----------- */

typedef struct {
  GMutex     lock;
  GPtrArray *requests;   /* query strings seen by the token endpoint */
  char      *answer;     /* JSON to answer with */
  guint      delay_ms;   /* how long WeChat takes to answer */
  guint      answered;
} FakeWechat;

static FakeWechat fake;
static char *fake_base;

static void
fake_answer (SoupServerMessage *msg,
             const char        *answer)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    answer, strlen (answer));
  fake.answered++;
}

/* A slow answer must not hold up the fake server's loop: other requests
 * arrive meanwhile. */
static gboolean
fake_delayed_answer_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  g_mutex_lock (&fake.lock);
  fake_answer (msg, fake.answer);
  g_mutex_unlock (&fake.lock);
  soup_server_message_unpause (msg);

  return G_SOURCE_REMOVE;
}

static void
fake_token_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  g_mutex_lock (&fake.lock);
  g_ptr_array_add (fake.requests, g_strdup (g_uri_get_query (soup_server_message_get_uri (msg))));
  if (fake.delay_ms > 0)
    {
      g_autoptr(GSource) timer = g_timeout_source_new (fake.delay_ms);

      soup_server_message_pause (msg);
      g_source_set_callback (timer, fake_delayed_answer_cb, g_object_ref (msg), g_object_unref);
      g_source_attach (timer, g_main_context_get_thread_default ());
    }
  else
    fake_answer (msg, fake.answer);
  g_mutex_unlock (&fake.lock);
}

static guint
fake_get_requests (void)
{
  guint n;

  g_mutex_lock (&fake.lock);
  n = fake.requests->len;
  g_mutex_unlock (&fake.lock);

  return n;
}

static guint
fake_get_answered (void)
{
  guint n;

  g_mutex_lock (&fake.lock);
  n = fake.answered;
  g_mutex_unlock (&fake.lock);

  return n;
}

static ServiceTestServer *
fake_wechat_start (void)
{
  ServiceTestServer *server;

  g_mutex_init (&fake.lock);
  fake.requests = g_ptr_array_new_with_free_func (g_free);
  fake.answer = g_strdup ("{\"access_token\": \"AT\", \"expires_in\": 7200, "
                          "\"openid\": \"OPENID1\", \"unionid\": \"UNIONID1\"}");
  fake.delay_ms = 0;
  fake.answered = 0;

  server = service_test_server_new ("/sns/oauth2/access_token", fake_token_cb, NULL);
  fake_base = g_strdup (service_test_server_get_url (server));
  return server;
}

static void
fake_wechat_stop (ServiceTestServer *server)
{
  service_test_server_free (server);
  g_clear_pointer (&fake.requests, g_ptr_array_unref);
  g_clear_pointer (&fake.answer, g_free);
  g_clear_pointer (&fake_base, g_free);
  g_mutex_clear (&fake.lock);
}

static void
use_open_platform (XuexinServiceConfig *config)
{
  g_autofree char *authorize = g_strconcat (fake_base, "/connect/qrconnect", NULL);
  g_autofree char *token = g_strconcat (fake_base, "/sns/oauth2/access_token", NULL);

  xuexin_service_config_set_string (&config->wechat_mode, "open-platform");
  xuexin_service_config_set_string (&config->wechat_app_id, "wxTESTAPPID");
  xuexin_service_config_set_string (&config->wechat_app_secret, "test-secret");
  xuexin_service_config_set_string (&config->wechat_authorize_url, authorize);
  xuexin_service_config_set_string (&config->wechat_token_url, token);
}

static void
set_fake_answer (const char *json)
{
  g_mutex_lock (&fake.lock);
  g_free (fake.answer);
  fake.answer = g_strdup (json);
  g_mutex_unlock (&fake.lock);
}

/* Where WeChat sends the browser after the user confirms on the phone:
 * redirect_uri with code and state. */
static char *
wechat_callback_url (const char *qr_url,
                     const char *code)
{
  g_autoptr(GUri) uri = g_uri_parse (qr_url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GHashTable) query = soup_form_decode (g_uri_get_query (uri));

  g_assert_cmpstr (g_hash_table_lookup (query, "appid"), ==, "wxTESTAPPID");
  g_assert_cmpstr (g_hash_table_lookup (query, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (query, "scope"), ==, "snsapi_login");
  g_assert_cmpstr (g_uri_get_fragment (uri), ==, "wechat_redirect");

  return g_strdup_printf ("%s?code=%s&state=%s",
                          (const char *) g_hash_table_lookup (query, "redirect_uri"), code,
                          (const char *) g_hash_table_lookup (query, "state"));
}

static char *
wechat_redirect (ServiceTest *t,
                 const char  *qr_url,
                 const char  *code,
                 guint       *status)
{
  g_autofree char *callback = wechat_callback_url (qr_url, code);

  return fetch_page (t, "GET", callback, NULL, status);
}

static void
test_wechat_open_platform (void)
{
  ServiceTestServer *server = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  g_autoptr(JsonNode) bound = NULL;
  g_autoptr(JsonNode) sign_in = NULL;
  g_autoptr(JsonNode) signed_in = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(JsonNode) bad_poll = NULL;
  g_autofree char *page = NULL;
  g_autofree char *page2 = NULL;
  g_autofree char *page3 = NULL;
  Fixture f = { 0, };
  guint status = 0;

  server = fake_wechat_start ();
  f.t = service_test_new (use_open_platform);
  register_and_sign_in (&f);

  ticket = new_bind_ticket (&f, "wechat", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_true (g_str_has_prefix (service_test_get_string (ticket, "qr_url"), fake_base));
  page = wechat_redirect (f.t, service_test_get_string (ticket, "qr_url"), "CODE1", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (page, "绑定成功"));

  g_mutex_lock (&fake.lock);
  g_assert_cmpuint (fake.requests->len, ==, 1);
  {
    g_autoptr(GHashTable) query = soup_form_decode (g_ptr_array_index (fake.requests, 0));

    g_assert_cmpstr (g_hash_table_lookup (query, "appid"), ==, "wxTESTAPPID");
    g_assert_cmpstr (g_hash_table_lookup (query, "secret"), ==, "test-secret");
    g_assert_cmpstr (g_hash_table_lookup (query, "code"), ==, "CODE1");
    g_assert_cmpstr (g_hash_table_lookup (query, "grant_type"), ==, "authorization_code");
  }
  g_mutex_unlock (&fake.lock);

  bound = poll_bind_ticket (&f, "wechat", service_test_get_string (ticket, "ticket"), &status);
  g_assert_cmpstr (service_test_get_string (bound, "status"), ==, "confirmed");

  /* QR sign-in with the same WeChat identity (unionid). */
  sign_in = service_test_request (f.t, "POST", "/providers/wechat/sign-in-tickets", NULL, NULL,
                                  &status);
  page2 = wechat_redirect (f.t, service_test_get_string (sign_in, "qr_url"), "CODE2", &status);
  g_assert_nonnull (strstr (page2, "已确认登录"));
  signed_in = poll_sign_in_ticket (f.t, "wechat", service_test_get_string (sign_in, "ticket"),
                                   &status);
  g_assert_cmpstr (service_test_get_string (signed_in, "status"), ==, "confirmed");
  g_assert_cmpstr (service_test_get_string (signed_in, "session.account.phone"), ==, PHONE);

  /* WeChat refuses a code. */
  set_fake_answer ("{\"errcode\": 40029, \"errmsg\": \"invalid code\"}");
  bad = service_test_request (f.t, "POST", "/providers/wechat/sign-in-tickets", NULL, NULL,
                              &status);
  service_test_expect_warnings (TRUE);
  page3 = wechat_redirect (f.t, service_test_get_string (bad, "qr_url"), "BAD", &status);
  service_test_expect_warnings (FALSE);
  g_assert_cmpuint (service_test_get_swallowed_warnings (), ==, 1);
  g_assert_nonnull (strstr (page3, "未完成"));
  bad_poll = poll_sign_in_ticket (f.t, "wechat", service_test_get_string (bad, "ticket"), &status);
  g_assert_cmpstr (service_test_get_string (bad_poll, "status"), ==, "failed");
  g_assert_cmpstr (service_test_get_string (bad_poll, "reason"), ==, "provider_error");

  /* The simulated page does not exist in this mode. */
  {
    g_autoptr(JsonNode) none = service_test_request (f.t, "GET", "/providers/wechat/simulate",
                                                     NULL, NULL, &status);
    g_assert_cmpuint (status, ==, 404);
  }

  fixture_tear_down (&f, NULL);
  fake_wechat_stop (server);
}

/* ----- a slow WeChat does not hold up the service ----------------------- */

#define SLOW_ANSWER_MS 5000

typedef struct {
  guint      n_started;
  guint      n_done;
  GPtrArray *pages;     /* the callback pages, as they come */
} SlowCallbacks;

static void
slow_callback_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  SlowCallbacks *slow = data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_ptr_array_add (slow->pages, body != NULL ? g_strndup (g_bytes_get_data (body, NULL),
                                                          g_bytes_get_size (body))
                                             : g_strdup (""));
  slow->n_done++;
}

/* Like the browser: follows the redirect WeChat gives, without waiting. */
static void
start_slow_callback (SoupSession   *session,
                     const char    *qr_url,
                     const char    *code,
                     SlowCallbacks *slow)
{
  g_autofree char *url = wechat_callback_url (qr_url, code);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  slow->n_started++;
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    slow_callback_done_cb, slow);
}

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs @context until @done says so; the requests of interest are seen
 * by other threads, so a timer wakes the loop to look. */
static void
wait_until (GMainContext  *context,
            gboolean     (*done) (gpointer data),
            gpointer       data)
{
  g_autoptr(GSource) timer = g_timeout_source_new (10);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_source_set_callback (timer, wake_up_cb, NULL, NULL);
  g_source_attach (timer, context);
  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (context, TRUE);
    }
  g_source_destroy (timer);
}

static guint expected_requests;

static gboolean
fake_has_expected_requests (gpointer data)
{
  return fake_get_requests () >= expected_requests;
}

static gboolean
slow_callbacks_done (gpointer data)
{
  SlowCallbacks *slow = data;

  return slow->n_done == slow->n_started;
}

/* Seconds one GET /me takes. */
static double
time_get_me (Fixture *f)
{
  g_autoptr(JsonNode) me = NULL;
  gint64 start = g_get_monotonic_time ();
  guint status = 0;

  me = service_test_request (f->t, "GET", "/me", f->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* Signs in with the service's open-platform WeChat and binds UNIONID1. */
static void
set_up_open_platform (Fixture *f)
{
  g_autoptr(JsonNode) ticket = NULL;
  g_autofree char *page = NULL;
  guint status = 0;

  f->t = service_test_new (use_open_platform);
  register_and_sign_in (f);

  ticket = new_bind_ticket (f, "wechat", &status);
  g_assert_cmpuint (status, ==, 201);
  page = wechat_redirect (f->t, service_test_get_string (ticket, "qr_url"), "BIND", &status);
  g_assert_nonnull (strstr (page, "绑定成功"));
}

/*
 * The code exchange waits on WeChat without a database worker: with more
 * slow exchanges under way than there are workers, GET /me from another
 * client answers as fast as before.
 */
static void
test_wechat_slow_exchange (void)
{
  ServiceTestServer *server = fake_wechat_start ();
  g_autoptr(SoupSession) browser = soup_session_new_with_options ("timeout", 60, "max-conns-per-host", 16, NULL);
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  SlowCallbacks slow = { 0, };
  Fixture f = { 0, };
  guint n_exchanges;
  double baseline = 0;
  double during;
  guint status = 0;
  guint i;

  set_up_open_platform (&f);
  n_exchanges = f.t->config->db_threads + 2;

  for (i = 0; i < 3; i++)
    baseline = MAX (baseline, time_get_me (&f));

  for (i = 0; i < n_exchanges; i++)
    {
      JsonNode *ticket = service_test_request (f.t, "POST", "/providers/wechat/sign-in-tickets",
                                               NULL, NULL, &status);

      g_assert_cmpuint (status, ==, 201);
      g_ptr_array_add (tickets, ticket);
    }

  g_mutex_lock (&fake.lock);
  fake.delay_ms = SLOW_ANSWER_MS;
  g_mutex_unlock (&fake.lock);

  slow.pages = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; i < n_exchanges; i++)
    {
      g_autofree char *code = g_strdup_printf ("SLOW%u", i);

      start_slow_callback (browser, service_test_get_string (tickets->pdata[i], "qr_url"), code,
                           &slow);
    }

  /* Every exchange has reached WeChat and waits for its answer. */
  expected_requests = 1 + n_exchanges;
  wait_until (f.t->context, fake_has_expected_requests, NULL);

  during = time_get_me (&f);
  g_test_message ("GET /me: %.3f s alone, %.3f s with %u slow exchanges", baseline, during,
                  n_exchanges);
  g_assert_cmpfloat (during, <, 1.0);
  g_assert_cmpfloat (during, <, MAX (20 * baseline, 0.5));

  /* All were still waiting for WeChat when GET /me was answered: the
   * measure means something. */
  g_assert_cmpuint (fake_get_answered (), ==, 1);
  g_assert_cmpuint (slow.n_done, ==, 0);

  /* Then each exchange completes as usual. */
  wait_until (f.t->context, slow_callbacks_done, &slow);
  g_assert_cmpuint (fake_get_answered (), ==, 1 + n_exchanges);
  for (i = 0; i < n_exchanges; i++)
    {
      g_autoptr(JsonNode) polled = NULL;

      g_assert_nonnull (strstr (slow.pages->pdata[i], "已确认登录"));
      polled = poll_sign_in_ticket (f.t, "wechat",
                                    service_test_get_string (tickets->pdata[i], "ticket"),
                                    &status);
      g_assert_cmpstr (service_test_get_string (polled, "status"), ==, "confirmed");
    }

  g_ptr_array_unref (slow.pages);
  fixture_tear_down (&f, NULL);
  fake_wechat_stop (server);
}

/* Stopping the service does not wait for WeChat; the waiting request is
 * dropped (the service must still finalize: nothing holds it). */
static void
test_wechat_stop_during_exchange (void)
{
  ServiceTestServer *server = fake_wechat_start ();
  g_autoptr(SoupSession) browser = soup_session_new_with_options ("timeout", 60, "max-conns-per-host", 16, NULL);
  g_autoptr(JsonNode) ticket = NULL;
  SlowCallbacks slow = { 0, };
  Fixture f = { 0, };
  guint status = 0;
  gint64 start;

  set_up_open_platform (&f);
  ticket = service_test_request (f.t, "POST", "/providers/wechat/sign-in-tickets", NULL, NULL,
                                 &status);
  g_assert_cmpuint (status, ==, 201);

  g_mutex_lock (&fake.lock);
  fake.delay_ms = SLOW_ANSWER_MS;
  g_mutex_unlock (&fake.lock);

  slow.pages = g_ptr_array_new_with_free_func (g_free);
  start_slow_callback (browser, service_test_get_string (ticket, "qr_url"), "SLOW", &slow);
  expected_requests = 2;
  wait_until (f.t->context, fake_has_expected_requests, NULL);

  start = g_get_monotonic_time ();
  xuexin_service_stop (f.t->service);
  g_assert_cmpint (g_get_monotonic_time () - start, <, SLOW_ANSWER_MS * 1000 / 2);
  g_assert_cmpuint (fake_get_answered (), ==, 1);

  /* The browser gets no answer but a closed connection. */
  wait_until (f.t->context, slow_callbacks_done, &slow);
  g_assert_cmpstr (slow.pages->pdata[0], ==, "");

  g_ptr_array_unref (slow.pages);
  fixture_tear_down (&f, NULL);
  fake_wechat_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  service_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/Service/Providers/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("bind-then-qr-sign-in", test_bind_then_qr_sign_in);
  ADD ("unbound-scan", test_unbound_scan);
  ADD ("ticket-expires", test_ticket_expires);
  ADD ("bind-blocked-after-lock", test_bind_blocked_after_lock);
  ADD ("identity-bound-elsewhere", test_identity_bound_elsewhere);
  ADD ("unbind", test_unbind);
  ADD ("unknown-provider", test_unknown_provider);
  ADD ("cancel-on-page", test_cancel_on_page);
  g_test_add_func ("/Service/Providers/wechat-open-platform", test_wechat_open_platform);
  g_test_add_func ("/Service/Providers/wechat-slow-exchange", test_wechat_slow_exchange);
  g_test_add_func ("/Service/Providers/wechat-stop-during-exchange",
                   test_wechat_stop_during_exchange);

#undef ADD

  return g_test_run ();
}
