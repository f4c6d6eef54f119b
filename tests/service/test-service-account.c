/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include "service-test.h"

#define PHONE "13812345678"
#define PHONE_NEW "13987654321"

typedef struct {
  ServiceTest *t;
  char        *id;
  char        *token;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) account = NULL;

  f->t = service_test_new (NULL);
  f->id = service_test_make_id ("11010119900307123");
  account = service_test_register (f->t, PHONE, SERVICE_TEST_NAME, f->id, NULL, FALSE);
  f->token = service_test_sign_in (f->t, PHONE, SERVICE_TEST_PASSWORD);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  service_test_free (f->t);
  g_free (f->id);
  g_free (f->token);
}

static JsonNode *
request_email_code (Fixture    *f,
                    const char *email,
                    guint      *status)
{
  g_autofree char *body = g_strdup_printf ("{\"email\": \"%s\"}", email);

  return service_test_request (f->t, "POST", "/me/email-codes", f->token, body, status);
}

static JsonNode *
set_email (Fixture    *f,
           const char *email,
           const char *code,
           guint      *status)
{
  g_autofree char *body = g_strdup_printf ("{\"email\": \"%s\", \"code\": \"%s\"}",
                                           email, code);

  return service_test_request (f->t, "PUT", "/me/email", f->token, body, status);
}

/* FAQ 8: bind a security email later, with a code through the email
 * backend. */
static void
test_bind_email (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) bound = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) by_email = NULL;
  ServiceTestMessage *message;
  guint status = 0;

  sent = request_email_code (f, "later@example.com", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (service_test_get_string (sent, "sent_to.0"), ==, "l***@example.com");
  message = g_ptr_array_index (f->t->messages, f->t->messages->len - 1);
  g_assert_cmpstr (message->channel, ==, "email");
  g_assert_cmpstr (message->purpose, ==, "bind_email");
  g_assert_cmpstr (message->recipient, ==, "later@example.com");

  bound = set_email (f, "later@example.com", message->code, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (bound, "account.email"), ==, "later@example.com");

  me = service_test_request (f->t, "GET", "/me", f->token, NULL, &status);
  g_assert_cmpstr (service_test_get_string (me, "account.email"), ==, "later@example.com");

  by_email = service_test_request (f->t, "POST", "/sessions", NULL,
                                   "{\"login_name\": \"later@example.com\", \"password\": \""
                                   SERVICE_TEST_PASSWORD "\"}", &status);
  g_assert_cmpuint (status, ==, 201);
}

static void
test_change_email_keeps_old_used (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) bound = NULL;
  g_autoptr(JsonNode) sent2 = NULL;
  g_autoptr(JsonNode) bound2 = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(JsonNode) wrong = NULL;
  guint status = 0;

  sent = request_email_code (f, "first@example.com", &status);
  bound = set_email (f, "first@example.com", service_test_last_code (f->t, "first@example.com"),
                     &status);
  g_assert_cmpuint (status, ==, 200);

  sent2 = request_email_code (f, "second@example.com", &status);
  g_assert_cmpuint (status, ==, 201);
  wrong = set_email (f, "second@example.com", "000000", &status);
  if (g_strcmp0 (service_test_last_code (f->t, "second@example.com"), "000000") != 0)
    service_test_assert_error (wrong, status, 400, "sms_code_invalid", "code");
  bound2 = set_email (f, "second@example.com",
                      service_test_last_code (f->t, "second@example.com"), &status);
  g_assert_cmpuint (status, ==, 200);

  /* The first address was used once and stays used. */
  back = request_email_code (f, "first@example.com", &status);
  service_test_assert_error (back, status, 409, "email_used", "email");
}

static void
test_email_used_elsewhere (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id2 = service_test_make_id ("31010419950101456");
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) invalid = NULL;
  guint status = 0;

  service_test_advance (f->t, 61);
  other = service_test_register (f->t, PHONE_NEW, "李四", id2, "taken@example.com", FALSE);

  refused = request_email_code (f, "taken@example.com", &status);
  service_test_assert_error (refused, status, 409, "email_used", "email");
  invalid = request_email_code (f, "no-at-sign", &status);
  service_test_assert_error (invalid, status, 400, "invalid_email", "email");
}

static JsonNode *
request_phone_code (Fixture    *f,
                    const char *phone,
                    guint      *status)
{
  g_autofree char *body = g_strdup_printf ("{\"purpose\": \"change_phone\", \"phone\": \"%s\"}",
                                           phone);

  return service_test_request (f->t, "POST", "/sms-codes", f->token, body, status);
}

static void
test_change_phone (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(JsonNode) old_login = NULL;
  g_autofree char *body = NULL;
  g_autofree char *new_token = NULL;
  guint status = 0;

  sent = request_phone_code (f, PHONE_NEW, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (service_test_get_string (sent, "sent_to.0"), ==, "139****4321");

  body = g_strdup_printf ("{\"phone\": \"%s\", \"sms_code\": \"%s\"}", PHONE_NEW,
                          service_test_last_code (f->t, PHONE_NEW));
  changed = service_test_request (f->t, "PUT", "/me/phone", f->token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (changed, "account.phone"), ==, PHONE_NEW);

  new_token = service_test_sign_in (f->t, PHONE_NEW, SERVICE_TEST_PASSWORD);
  g_assert_nonnull (new_token);
  old_login = service_test_request (f->t, "POST", "/sessions", NULL,
                                    "{\"login_name\": \"" PHONE "\", \"password\": \""
                                    SERVICE_TEST_PASSWORD "\"}", &status);
  service_test_assert_error (old_login, status, 401, "invalid_credentials", NULL);
}

static void
test_change_phone_taken (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id2 = service_test_make_id ("31010419950101456");
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) own = NULL;
  g_autoptr(JsonNode) wrong_code = NULL;
  guint status = 0;

  service_test_advance (f->t, 61);
  other = service_test_register (f->t, PHONE_NEW, "李四", id2, NULL, FALSE);

  refused = request_phone_code (f, PHONE_NEW, &status);
  service_test_assert_error (refused, status, 409, "phone_taken", "phone");
  own = request_phone_code (f, PHONE, &status);
  service_test_assert_error (own, status, 409, "phone_taken", "phone");

  wrong_code = service_test_request (f->t, "PUT", "/me/phone", f->token,
                                     "{\"phone\": \"15011112222\", \"sms_code\": \"123456\"}",
                                     &status);
  service_test_assert_error (wrong_code, status, 400, "sms_code_invalid", "sms_code");
}

static void
test_providers (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) providers = NULL;
  guint status = 0;

  providers = service_test_request (f->t, "GET", "/me/providers", f->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (providers, "providers.0.provider"), ==, "wechat");
  g_assert_cmpstr (service_test_get_string (providers, "providers.0.name"), ==, "微信");
  g_assert_cmpstr (service_test_get_string (providers, "providers.1.provider"), ==, "alipay");
  g_assert_null (service_test_get_string (providers, "providers.1.bound_at"));
  g_assert_null (service_test_get_string (providers, "bind_blocked_until"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Service/Account/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("bind-email", test_bind_email);
  ADD ("change-email-keeps-old-used", test_change_email_keeps_old_used);
  ADD ("email-used-elsewhere", test_email_used_elsewhere);
  ADD ("change-phone", test_change_phone);
  ADD ("change-phone-taken", test_change_phone_taken);
  ADD ("providers", test_providers);

#undef ADD

  return g_test_run ();
}
