/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include "service-test.h"

#define PHONE "13812345678"
#define EMAIL "zhang@example.com"

typedef struct {
  ServiceTest *t;
  char        *id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) account = NULL;

  f->t = service_test_new (NULL);
  f->id = service_test_make_id ("11010119900307123");
  account = service_test_register (f->t, PHONE, SERVICE_TEST_NAME, f->id, EMAIL, FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  service_test_free (f->t);
  g_free (f->id);
}

static JsonNode *
sign_in (ServiceTest *t,
         const char  *login_name,
         const char  *password,
         guint       *status)
{
  g_autofree char *body = g_strdup_printf ("{\"login_name\": \"%s\", \"password\": \"%s\"}",
                                           login_name, password);

  return service_test_request (t, "POST", "/sessions", NULL, body, status);
}

static void
test_login_names (Fixture       *f,
                  gconstpointer  data)
{
  const char *names[] = { PHONE, f->id, EMAIL, "ZHANG@EXAMPLE.COM", " 138 1234 5678 " };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      g_autoptr(JsonNode) me = NULL;
      guint status = 0;

      reply = sign_in (f->t, names[i], SERVICE_TEST_PASSWORD, &status);
      if (status != 201 && i == 4)
        continue; /* the phone validator may refuse inner spaces */
      g_assert_cmpuint (status, ==, 201);
      g_assert_cmpuint (strlen (service_test_get_string (reply, "token")), ==, 43);
      g_assert_cmpstr (service_test_get_string (reply, "token_type"), ==, "Bearer");
      g_assert_nonnull (service_test_get_string (reply, "expires_at"));
      g_assert_cmpint (service_test_get_int (reply, "idle_timeout"), ==, 7200);
      g_assert_cmpstr (service_test_get_string (reply, "account.phone"), ==, PHONE);

      me = service_test_request (f->t, "GET", "/me", service_test_get_string (reply, "token"),
                                 NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (service_test_get_string (me, "account.name"), ==, SERVICE_TEST_NAME);
      g_assert_cmpstr (service_test_get_string (me, "account.state"), ==, "active");
    }
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) wrong = NULL;
  g_autoptr(JsonNode) unknown = NULL;
  g_autoptr(JsonNode) empty = NULL;
  guint status = 0;

  wrong = sign_in (f->t, PHONE, "Wrong#password1", &status);
  service_test_assert_error (wrong, status, 401, "invalid_credentials", NULL);

  unknown = sign_in (f->t, "13900000000", SERVICE_TEST_PASSWORD, &status);
  service_test_assert_error (unknown, status, 401, "invalid_credentials", NULL);

  empty = service_test_request (f->t, "POST", "/sessions", NULL, "{\"login_name\": \"x\"}",
                                &status);
  service_test_assert_error (empty, status, 400, "invalid_field", "password");
}

static void
test_sign_out (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *token = service_test_sign_in (f->t, PHONE, SERVICE_TEST_PASSWORD);
  g_autofree char *other = service_test_sign_in (f->t, PHONE, SERVICE_TEST_PASSWORD);
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) other_me = NULL;
  g_autoptr(JsonNode) twice = NULL;
  guint status = 0;

  out = service_test_request (f->t, "DELETE", "/sessions/current", token, NULL, &status);
  g_assert_cmpuint (status, ==, 204);

  me = service_test_request (f->t, "GET", "/me", token, NULL, &status);
  service_test_assert_error (me, status, 401, "unauthorized", NULL);
  twice = service_test_request (f->t, "DELETE", "/sessions/current", token, NULL, &status);
  service_test_assert_error (twice, status, 401, "unauthorized", NULL);

  /* Other sessions stay. */
  other_me = service_test_request (f->t, "GET", "/me", other, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_session_idle_timeout (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *token = service_test_sign_in (f->t, PHONE, SERVICE_TEST_PASSWORD);
  guint status = 0;
  guint i;

  /* Used every hour, the session lives on past the idle timeout… */
  for (i = 0; i < 4; i++)
    {
      g_autoptr(JsonNode) me = NULL;

      service_test_advance (f->t, 3600);
      me = service_test_request (f->t, "GET", "/me", token, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
    }

  /* …but not after two idle hours. */
  service_test_advance (f->t, 7200);
  {
    g_autoptr(JsonNode) me = service_test_request (f->t, "GET", "/me", token, NULL, &status);
    service_test_assert_error (me, status, 401, "unauthorized", NULL);
  }
}

static void
test_session_expiry (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = service_test_sign_in (f->t, PHONE, SERVICE_TEST_PASSWORD);
  guint status = 0;
  guint i;

  /* Seven days of hourly use, then the absolute lifetime ends it. */
  for (i = 0; i < 7 * 24 - 1; i++)
    {
      g_autoptr(JsonNode) me = NULL;

      service_test_advance (f->t, 3600);
      me = service_test_request (f->t, "GET", "/me", token, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
    }

  service_test_advance (f->t, 3600);
  {
    g_autoptr(JsonNode) me = service_test_request (f->t, "GET", "/me", token, NULL, &status);
    service_test_assert_error (me, status, 401, "unauthorized", NULL);
  }
}

/* FAQ 7: five wrong passwords lock password sign-in with a growing wait,
 * the same way whether or not the account exists. */
static void
test_lockout (Fixture       *f,
              gconstpointer  data)
{
  const char *names[] = { PHONE, "13900000000" };
  guint n;

  for (n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autoptr(JsonNode) locked = NULL;
      g_autoptr(JsonNode) right_while_locked = NULL;
      g_autoptr(JsonNode) longer = NULL;
      guint status = 0;
      guint i;

      for (i = 0; i < 4; i++)
        {
          g_autoptr(JsonNode) reply = sign_in (f->t, names[n], "Wrong#password1", &status);
          service_test_assert_error (reply, status, 401, "invalid_credentials", NULL);
        }

      locked = sign_in (f->t, names[n], "Wrong#password1", &status);
      service_test_assert_error (locked, status, 429, "rate_limited", NULL);
      g_assert_cmpint (service_test_get_int (locked, "error.retry_after"), ==, 60);
      g_assert_cmpstr (service_test_get_string (locked, "error.message"), ==,
                       "操作过于频繁，操作被禁止。");

      /* Even the right password is refused while locked. */
      service_test_advance (f->t, 30);
      right_while_locked = sign_in (f->t, names[n], SERVICE_TEST_PASSWORD, &status);
      service_test_assert_error (right_while_locked, status, 429, "rate_limited", NULL);
      g_assert_cmpint (service_test_get_int (right_while_locked, "error.retry_after"), ==, 30);

      /* The next failure waits longer. */
      service_test_advance (f->t, 30);
      longer = sign_in (f->t, names[n], "Wrong#password1", &status);
      service_test_assert_error (longer, status, 429, "rate_limited", NULL);
      g_assert_cmpint (service_test_get_int (longer, "error.retry_after"), ==, 120);

      service_test_advance (f->t, 120);
    }

  /* After the wait the right password works. */
  {
    g_autofree char *token = service_test_sign_in (f->t, PHONE, SERVICE_TEST_PASSWORD);
    g_autoptr(JsonNode) providers = NULL;
    guint status = 0;

    g_assert_nonnull (token);
    /* The lock blocks binding WeChat/Alipay for two hours. */
    providers = service_test_request (f->t, "GET", "/me/providers", token, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_nonnull (service_test_get_string (providers, "bind_blocked_until"));
    g_assert_cmpstr (service_test_get_string (providers, "providers.0.provider"), ==, "wechat");
    g_assert_false (json_node_get_boolean (json_object_get_member (
      json_array_get_object_element (json_object_get_array_member (
        json_node_get_object (providers), "providers"), 0), "bound")));

    service_test_advance (f->t, 2 * 3600);
    json_node_unref (providers);
    providers = service_test_request (f->t, "GET", "/me/providers", token, NULL, &status);
    g_assert_null (service_test_get_string (providers, "bind_blocked_until"));
  }
}

static void
test_wait_is_capped (Fixture       *f,
                     gconstpointer  data)
{
  guint status = 0;
  guint i;

  for (i = 0; i < 30; i++)
    {
      g_autoptr(JsonNode) reply = sign_in (f->t, PHONE, "Wrong#password1", &status);
      gint64 wait = service_test_get_int (reply, "error.retry_after");

      if (i >= 4)
        {
          g_assert_cmpuint (status, ==, 429);
          g_assert_cmpint (wait, ==, MIN (60 * (i - 3), 900));
          service_test_advance (f->t, wait);
        }
    }
}

static void
low_ip_threshold (XuexinServiceConfig *config)
{
  config->sign_in_ip_free_failures = 8;
}

/* Spreading guesses over many accounts hits the per-IP limit. */
static void
test_ip_lockout (void)
{
  ServiceTest *t = service_test_new (low_ip_threshold);
  g_autoptr(JsonNode) locked = NULL;
  g_autoptr(JsonNode) other_ip = NULL;
  guint status = 0;
  guint i;

  for (i = 0; i < 7; i++)
    {
      g_autofree char *phone = g_strdup_printf ("1390000000%u", i);
      g_autoptr(JsonNode) reply = sign_in (t, phone, "Wrong#password1", &status);
      service_test_assert_error (reply, status, 401, "invalid_credentials", NULL);
    }

  locked = sign_in (t, "13900000009", "Wrong#password1", &status);
  service_test_assert_error (locked, status, 429, "rate_limited", NULL);

  service_test_set_client_ip (t, "198.51.100.20");
  other_ip = sign_in (t, "13900000009", "Wrong#password1", &status);
  service_test_assert_error (other_ip, status, 401, "invalid_credentials", NULL);

  service_test_free (t);
}

/* FAQ 7: resetting the password lifts the block at once. */
static void
test_reset_lifts_block (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) locked = NULL;
  g_autoptr(JsonNode) code_reply = NULL;
  g_autoptr(JsonNode) reset = NULL;
  g_autoptr(JsonNode) providers = NULL;
  g_autofree char *body = NULL;
  g_autofree char *token = NULL;
  guint status = 0;
  guint i;

  /* Past the resend interval of the registration code. */
  service_test_advance (f->t, 61);
  for (i = 0; i < 5; i++)
    json_node_unref (sign_in (f->t, PHONE, "Wrong#password1", &status));
  locked = sign_in (f->t, PHONE, SERVICE_TEST_PASSWORD, &status);
  service_test_assert_error (locked, status, 429, "rate_limited", NULL);

  body = g_strdup_printf ("{\"purpose\": \"reset_password\", \"login_name\": \"%s\", "
                          "\"name\": \"%s\", \"id_number\": \"%s\"}",
                          PHONE, SERVICE_TEST_NAME, f->id);
  code_reply = service_test_request (f->t, "POST", "/sms-codes", NULL, body, &status);
  g_assert_cmpuint (status, ==, 201);

  g_free (body);
  body = g_strdup_printf ("{\"login_name\": \"%s\", \"name\": \"%s\", \"id_number\": \"%s\", "
                          "\"sms_code\": \"%s\", \"password\": \"New#password22\", "
                          "\"password_confirmation\": \"New#password22\"}",
                          PHONE, SERVICE_TEST_NAME, f->id,
                          service_test_last_code (f->t, PHONE));
  reset = service_test_request (f->t, "POST", "/account/reset-password", NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);

  /* No waiting: the block is gone at once. */
  token = service_test_sign_in (f->t, PHONE, "New#password22");
  g_assert_nonnull (token);

  /* Binding a provider stays blocked for two hours. */
  providers = service_test_request (f->t, "GET", "/me/providers", token, NULL, &status);
  g_assert_nonnull (service_test_get_string (providers, "bind_blocked_until"));
}

static void
test_reset_lifts_long_block (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonNode) locked = NULL;
  g_autoptr(JsonNode) code_reply = NULL;
  g_autoptr(JsonNode) reset = NULL;
  g_autofree char *body = NULL;
  g_autofree char *token = NULL;
  guint status = 0;
  guint i;

  /* Lock for a long time: five failures, then more after each wait. */
  for (i = 0; i < 5; i++)
    json_node_unref (sign_in (f->t, PHONE, "Wrong#password1", &status));
  for (i = 0; i < 5; i++)
    {
      g_autoptr(JsonNode) reply = NULL;

      service_test_advance (f->t, 60 * (i + 1));
      reply = sign_in (f->t, PHONE, "Wrong#password1", &status);
      g_assert_cmpuint (status, ==, 429);
    }
  locked = sign_in (f->t, PHONE, SERVICE_TEST_PASSWORD, &status);
  service_test_assert_error (locked, status, 429, "rate_limited", NULL);
  g_assert_cmpint (service_test_get_int (locked, "error.retry_after"), ==, 360);

  body = g_strdup_printf ("{\"purpose\": \"reset_password\", \"login_name\": \"%s\", "
                          "\"name\": \"%s\", \"id_number\": \"%s\"}",
                          EMAIL, SERVICE_TEST_NAME, f->id);
  code_reply = service_test_request (f->t, "POST", "/sms-codes", NULL, body, &status);
  g_assert_cmpuint (status, ==, 201);

  g_free (body);
  body = g_strdup_printf ("{\"login_name\": \"%s\", \"name\": \"%s\", \"id_number\": \"%s\", "
                          "\"sms_code\": \"%s\", \"password\": \"New#password22\", "
                          "\"password_confirmation\": \"New#password22\"}",
                          EMAIL, SERVICE_TEST_NAME, f->id,
                          service_test_last_code (f->t, PHONE));
  reset = service_test_request (f->t, "POST", "/account/reset-password", NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);

  token = service_test_sign_in (f->t, PHONE, "New#password22");
  g_assert_nonnull (token);
}

/* Accounts and sessions survive a restart on the same database. */
static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = service_test_sign_in (f->t, PHONE, SERVICE_TEST_PASSWORD);
  g_autoptr(JsonNode) me = NULL;
  g_autofree char *again = NULL;
  guint status = 0;

  service_test_restart (f->t);

  me = service_test_request (f->t, "GET", "/me", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (me, "account.phone"), ==, PHONE);

  again = service_test_sign_in (f->t, EMAIL, SERVICE_TEST_PASSWORD);
  g_assert_nonnull (again);
}

/* Cheap GETs keep working while sign-ins are being hashed. */
typedef struct {
  ServiceTest *t;
  int          index;
} SignInJob;

static gpointer
sign_in_thread (gpointer data)
{
  SignInJob *job = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (xuexin_service_get_base_url (job->t->service),
                                      "/sessions", NULL);
  guint i;

  for (i = 0; i < 3; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autofree char *body = g_strdup_printf ("{\"login_name\": \"%s\", \"password\": \"%s\"}",
                                               PHONE, SERVICE_TEST_PASSWORD);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      g_autoptr(GBytes) response = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg),
                                    "X-Forwarded-For", "192.0.2.99");
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      response = soup_session_send_and_read (session, msg, NULL, NULL);
      if (response != NULL)
        service_test_record (msg, response);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
    }

  return NULL;
}

static void
test_concurrent_sign_ins (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *token = service_test_sign_in (f->t, PHONE, SERVICE_TEST_PASSWORD);
  SignInJob jobs[4];
  GThread *threads[4];
  guint status = 0;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      jobs[i].t = f->t;
      jobs[i].index = (int) i;
      threads[i] = g_thread_new ("sign-in", sign_in_thread, &jobs[i]);
    }

  for (i = 0; i < 10; i++)
    {
      g_autoptr(JsonNode) me = service_test_request (f->t, "GET", "/me", token, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
    }

  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Service/SignIn/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("login-names", test_login_names);
  ADD ("wrong-password", test_wrong_password);
  ADD ("sign-out", test_sign_out);
  ADD ("session-idle-timeout", test_session_idle_timeout);
  ADD ("session-expiry", test_session_expiry);
  ADD ("lockout", test_lockout);
  ADD ("wait-is-capped", test_wait_is_capped);
  ADD ("reset-lifts-block", test_reset_lifts_block);
  ADD ("reset-lifts-long-block", test_reset_lifts_long_block);
  ADD ("restart", test_restart);
  ADD ("concurrent-sign-ins", test_concurrent_sign_ins);
  g_test_add_func ("/Service/SignIn/ip-lockout", test_ip_lockout);

#undef ADD

  return g_test_run ();
}
