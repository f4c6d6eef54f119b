/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include "service-test.h"

#define PHONE "13812345678"
#define PHONE_NEW "13987654321"
#define EMAIL "zhang@example.com"
#define NEW_PASSWORD "New#password22"

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
  service_test_advance (f->t, 61);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  service_test_free (f->t);
  g_free (f->id);
}

static JsonNode *
request_find_code (Fixture    *f,
                   const char *name,
                   const char *id,
                   guint      *status)
{
  g_autofree char *body = g_strdup_printf (
    "{\"purpose\": \"find_username\", \"name\": \"%s\", \"id_type\": \"resident_id\", "
    "\"id_number\": \"%s\"}", name, id);

  return service_test_request (f->t, "POST", "/sms-codes", NULL, body, status);
}

static JsonNode *
find_username (Fixture    *f,
               const char *code,
               guint      *status)
{
  g_autofree char *body = g_strdup_printf (
    "{\"name\": \"%s\", \"id_type\": \"resident_id\", \"id_number\": \"%s\", "
    "\"sms_code\": \"%s\"}", SERVICE_TEST_NAME, f->id, code);

  return service_test_request (f->t, "POST", "/account/find-username", NULL, body, status);
}

/* FAQ 2, 5, 6: name + ID + a code to the account's phone give the login
 * names. */
static void
test_find_username (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) reused = NULL;
  g_autofree char *id_masked = xuexin_id_number_mask (f->id);
  g_autofree char *code = NULL;
  guint status = 0;

  sent = request_find_code (f, SERVICE_TEST_NAME, f->id, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (service_test_get_string (sent, "sent_to.0"), ==, "138****5678");
  code = g_strdup (service_test_last_code (f->t, PHONE));

  found = find_username (f, code, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (found, "accounts.0.login_names.phone"), ==, PHONE);
  g_assert_cmpstr (service_test_get_string (found, "accounts.0.login_names.id_number"), ==,
                   id_masked);
  g_assert_cmpstr (service_test_get_string (found, "accounts.0.login_names.email"), ==,
                   "z***@example.com");
  g_assert_cmpstr (service_test_get_string (found, "accounts.0.state"), ==, "active");

  /* A code works once. */
  reused = find_username (f, code, &status);
  service_test_assert_error (reused, status, 400, "sms_code_invalid", "sms_code");
}

static void
test_find_username_not_found (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *other_id = service_test_make_id ("31010419950101456");
  g_autoptr(JsonNode) wrong_name = NULL;
  g_autoptr(JsonNode) wrong_id = NULL;
  g_autoptr(JsonNode) wrong_code = NULL;
  guint status = 0;

  wrong_name = request_find_code (f, "李四", f->id, &status);
  service_test_assert_error (wrong_name, status, 404, "not_found", NULL);
  wrong_id = request_find_code (f, SERVICE_TEST_NAME, other_id, &status);
  service_test_assert_error (wrong_id, status, 404, "not_found", NULL);
  g_assert_cmpuint (service_test_count_messages (f->t, PHONE), ==, 1);

  wrong_code = find_username (f, "123456", &status);
  service_test_assert_error (wrong_code, status, 400, "sms_code_invalid", "sms_code");
}

/* After re-registration both accounts share the ID; each phone gets a code
 * and a code shows the accounts of its phone. */
static void
test_find_username_after_reregistration (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(JsonObject) second = service_test_register (f->t, PHONE_NEW, SERVICE_TEST_NAME,
                                                        f->id, NULL, TRUE);
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) found = NULL;
  guint status = 0;

  service_test_advance (f->t, 61);
  sent = request_find_code (f, SERVICE_TEST_NAME, f->id, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    json_node_get_object (sent), "sent_to")), ==, 2);

  found = find_username (f, service_test_last_code (f->t, PHONE), &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    json_node_get_object (found), "accounts")), ==, 1);
  g_assert_cmpstr (service_test_get_string (found, "accounts.0.login_names.phone"), ==, PHONE);
}

static JsonNode *
request_reset_code (Fixture    *f,
                    const char *login_name,
                    const char *name,
                    const char *id,
                    guint      *status)
{
  g_autofree char *body = g_strdup_printf (
    "{\"purpose\": \"reset_password\", \"login_name\": \"%s\", \"name\": \"%s\", "
    "\"id_number\": \"%s\"}", login_name, name, id);

  return service_test_request (f->t, "POST", "/sms-codes", NULL, body, status);
}

static JsonNode *
reset_password (Fixture    *f,
                const char *login_name,
                const char *code,
                const char *password,
                guint      *status)
{
  g_autofree char *body = g_strdup_printf (
    "{\"login_name\": \"%s\", \"name\": \"%s\", \"id_number\": \"%s\", \"sms_code\": \"%s\", "
    "\"password\": \"%s\", \"password_confirmation\": \"%s\"}",
    login_name, SERVICE_TEST_NAME, f->id, code, password, password);

  return service_test_request (f->t, "POST", "/account/reset-password", NULL, body, status);
}

/* FAQ 2: login name + name + ID → code to the bound phone → new password;
 * every session ends. */
static void
test_reset_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token1 = service_test_sign_in (f->t, PHONE, SERVICE_TEST_PASSWORD);
  g_autofree char *token2 = service_test_sign_in (f->t, EMAIL, SERVICE_TEST_PASSWORD);
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) reset = NULL;
  g_autoptr(JsonNode) old = NULL;
  g_autoptr(JsonNode) me1 = NULL;
  g_autoptr(JsonNode) me2 = NULL;
  g_autoptr(JsonNode) old_password = NULL;
  g_autofree char *new_token = NULL;
  guint status = 0;

  sent = request_reset_code (f, f->id, SERVICE_TEST_NAME, f->id, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (service_test_get_string (sent, "sent_to.0"), ==, "138****5678");

  reset = reset_password (f, f->id, service_test_last_code (f->t, PHONE), NEW_PASSWORD,
                          &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (service_test_get_int (reset, "revoked_sessions"), ==, 2);

  me1 = service_test_request (f->t, "GET", "/me", token1, NULL, &status);
  service_test_assert_error (me1, status, 401, "unauthorized", NULL);
  me2 = service_test_request (f->t, "GET", "/me", token2, NULL, &status);
  service_test_assert_error (me2, status, 401, "unauthorized", NULL);

  old_password = service_test_request (f->t, "POST", "/sessions", NULL,
                                       "{\"login_name\": \"" PHONE "\", \"password\": \""
                                       SERVICE_TEST_PASSWORD "\"}", &status);
  service_test_assert_error (old_password, status, 401, "invalid_credentials", NULL);

  new_token = service_test_sign_in (f->t, PHONE, NEW_PASSWORD);
  g_assert_nonnull (new_token);
}

static void
test_reset_password_refusals (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *other_id = service_test_make_id ("31010419950101456");
  g_autoptr(JsonNode) wrong_name = NULL;
  g_autoptr(JsonNode) wrong_id = NULL;
  g_autoptr(JsonNode) unknown = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) weak = NULL;
  g_autoptr(JsonNode) wrong_code = NULL;
  guint status = 0;

  wrong_name = request_reset_code (f, PHONE, "李四", f->id, &status);
  service_test_assert_error (wrong_name, status, 404, "not_found", NULL);
  wrong_id = request_reset_code (f, PHONE, SERVICE_TEST_NAME, other_id, &status);
  service_test_assert_error (wrong_id, status, 404, "not_found", NULL);
  unknown = request_reset_code (f, "13900000000", SERVICE_TEST_NAME, f->id, &status);
  service_test_assert_error (unknown, status, 404, "not_found", NULL);

  sent = request_reset_code (f, EMAIL, SERVICE_TEST_NAME, f->id, &status);
  g_assert_cmpuint (status, ==, 201);

  weak = reset_password (f, EMAIL, service_test_last_code (f->t, PHONE), "123456", &status);
  service_test_assert_error (weak, status, 400, "weak_password", "password");
  wrong_code = reset_password (f, EMAIL, "000000", NEW_PASSWORD, &status);
  if (g_strcmp0 (service_test_last_code (f->t, PHONE), "000000") != 0)
    service_test_assert_error (wrong_code, status, 400, "sms_code_invalid", "sms_code");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Service/Recovery/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("find-username", test_find_username);
  ADD ("find-username-not-found", test_find_username_not_found);
  ADD ("find-username-after-reregistration", test_find_username_after_reregistration);
  ADD ("reset-password", test_reset_password);
  ADD ("reset-password-refusals", test_reset_password_refusals);

#undef ADD

  return g_test_run ();
}
