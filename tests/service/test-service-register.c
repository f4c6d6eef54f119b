/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include "service-test.h"

#define PHONE_A "13812345678"
#define PHONE_B "13987654321"
#define PHONE_C "15011112222"

typedef struct {
  const char *phone;
  const char *sms_code;      /* NULL: request a fresh one */
  const char *password;
  const char *confirmation;
  const char *name;
  const char *id_type;
  const char *id_number;
  const char *email;
  gboolean    reregister;
} Form;

static JsonNode *
submit (ServiceTest *t,
        const Form  *form,
        guint       *status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *body = NULL;
  const char *code = form->sms_code;

  if (code == NULL)
    {
      fresh = service_test_register_code (t, form->phone);
      code = fresh;
      /* Each phone may get a code once a minute. */
      service_test_advance (t, 61);
    }

  json_builder_begin_object (builder);
#define MEMBER(name, value) \
  if ((value) != NULL) \
    { \
      json_builder_set_member_name (builder, name); \
      json_builder_add_string_value (builder, value); \
    }
  MEMBER ("phone", form->phone);
  MEMBER ("sms_code", code);
  MEMBER ("password", form->password ? form->password : SERVICE_TEST_PASSWORD);
  MEMBER ("password_confirmation",
          form->confirmation ? form->confirmation
                             : form->password ? form->password : SERVICE_TEST_PASSWORD);
  MEMBER ("name", form->name ? form->name : SERVICE_TEST_NAME);
  MEMBER ("id_type", form->id_type);
  MEMBER ("id_number", form->id_number);
  MEMBER ("email", form->email);
#undef MEMBER
  json_builder_set_member_name (builder, "reregister");
  json_builder_add_boolean_value (builder, form->reregister);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);

  return service_test_request (t, "POST", "/accounts", NULL, body, status);
}

static void
test_register_success (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  Form form = { .phone = PHONE_A, .id_number = id, .email = "zhang@example.com" };
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *masked = NULL;
  guint status = 0;

  reply = submit (t, &form, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (service_test_get_string (reply, "account.state"), ==, "active");
  g_assert_cmpstr (service_test_get_string (reply, "account.phone"), ==, PHONE_A);
  g_assert_cmpstr (service_test_get_string (reply, "account.name"), ==, SERVICE_TEST_NAME);
  g_assert_cmpstr (service_test_get_string (reply, "account.id_type"), ==, "resident_id");
  g_assert_cmpstr (service_test_get_string (reply, "account.email"), ==, "zhang@example.com");
  masked = xuexin_id_number_mask (id);
  g_assert_cmpstr (service_test_get_string (reply, "account.id_number_masked"), ==, masked);
  /* The full ID number is never echoed. */
  g_assert_null (service_test_get_string (reply, "account.id_number"));

  service_test_free (t);
}

static void
test_register_other_id_type (void)
{
  ServiceTest *t = service_test_new (NULL);
  Form form = { .phone = PHONE_A, .id_type = "other", .id_number = "h12345678" };
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) bad_type = NULL;
  Form form2 = { .phone = PHONE_B, .id_type = "passport-ish", .id_number = "H1234" };
  guint status = 0;

  reply = submit (t, &form, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (service_test_get_string (reply, "account.id_type"), ==, "other");

  bad_type = submit (t, &form2, &status);
  service_test_assert_error (bad_type, status, 400, "invalid_field", "id_type");

  service_test_free (t);
}

/* FAQ 3 and 6: one live account per phone. */
static void
test_phone_taken (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autofree char *id2 = service_test_make_id ("31010419950101456");
  g_autoptr(JsonObject) first = service_test_register (t, PHONE_A, SERVICE_TEST_NAME, id,
                                                       NULL, FALSE);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  guint status = 0;

  /* A code was sent before the phone was taken; registering still fails. */
  service_test_exec_sql (t, "UPDATE accounts SET phone = '13800000000'");
  service_test_advance (t, 61);
  code = service_test_register_code (t, PHONE_A);
  service_test_exec_sql (t, "UPDATE accounts SET phone = '" PHONE_A "'");

  body = g_strdup_printf ("{\"phone\": \"" PHONE_A "\", \"sms_code\": \"%s\", "
                          "\"password\": \"%s\", \"password_confirmation\": \"%s\", "
                          "\"name\": \"李四\", \"id_number\": \"%s\"}",
                          code, SERVICE_TEST_PASSWORD, SERVICE_TEST_PASSWORD, id2);
  reply = service_test_request (t, "POST", "/accounts", NULL, body, &status);
  service_test_assert_error (reply, status, 409, "phone_taken", "phone");

  service_test_free (t);
}

/* FAQ 3 and 5: a duplicate ID is refused unless "register again" is
 * ticked; then the new account must verify its identity. */
static void
test_id_number_taken_and_reregister (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) first = service_test_register (t, PHONE_A, SERVICE_TEST_NAME, id,
                                                       NULL, FALSE);
  Form form = { .phone = PHONE_B, .id_number = id };
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) old_me = NULL;
  g_autofree char *token = NULL;
  g_autofree char *old_token = NULL;
  guint status = 0;

  refused = submit (t, &form, &status);
  service_test_assert_error (refused, status, 409, "id_number_taken", "id_number");

  form.reregister = TRUE;
  again = submit (t, &form, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (service_test_get_string (again, "account.state"), ==, "pending_identity");
  g_assert_true (json_node_get_boolean (json_object_get_member (
    json_object_get_object_member (json_node_get_object (again), "account"),
    "identity_verification_required")));

  /* The new account can sign in and see itself. */
  token = service_test_sign_in (t, PHONE_B, SERVICE_TEST_PASSWORD);
  me = service_test_request (t, "GET", "/me", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (me, "account.state"), ==, "pending_identity");

  /* The old account is untouched. */
  old_token = service_test_sign_in (t, PHONE_A, SERVICE_TEST_PASSWORD);
  old_me = service_test_request (t, "GET", "/me", old_token, NULL, &status);
  g_assert_cmpstr (service_test_get_string (old_me, "account.state"), ==, "active");

  /* The ID number as a login name means the newest account. */
  {
    g_autofree char *by_id = service_test_sign_in (t, id, SERVICE_TEST_PASSWORD);
    g_autoptr(JsonNode) by_id_me = service_test_request (t, "GET", "/me", by_id, NULL, &status);
    g_assert_cmpstr (service_test_get_string (by_id_me, "account.phone"), ==, PHONE_B);
  }

  service_test_free (t);
}

/* Behaviour 8: a pending account answers identity_verification_required
 * everywhere except sign-out and /me. */
static void
test_pending_account_restrictions (void)
{
  static const struct {
    const char *method;
    const char *path;
    const char *body;
  } refused[] = {
    { "GET", "/me/records", NULL },
    { "GET", "/me/providers", NULL },
    { "POST", "/me/email-codes", "{\"email\": \"new@example.com\"}" },
    { "PUT", "/me/email", "{\"email\": \"new@example.com\", \"code\": \"123456\"}" },
    { "PUT", "/me/phone", "{\"phone\": \"15011112222\", \"sms_code\": \"123456\"}" },
    { "POST", "/sms-codes", "{\"purpose\": \"change_phone\", \"phone\": \"15011112222\"}" },
  };
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) first = service_test_register (t, PHONE_A, SERVICE_TEST_NAME, id,
                                                       NULL, FALSE);
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *token = NULL;
  guint status = 0;
  guint i;

  service_test_advance (t, 61);
  second = service_test_register (t, PHONE_B, SERVICE_TEST_NAME, id, NULL, TRUE);
  token = service_test_sign_in (t, PHONE_B, SERVICE_TEST_PASSWORD);

  for (i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) reply = service_test_request (t, refused[i].method, refused[i].path,
                                                        token, refused[i].body, &status);
      service_test_assert_error (reply, status, 403, "identity_verification_required", NULL);
    }
  g_assert_cmpuint (service_test_count_messages (t, PHONE_C), ==, 0);

  me = service_test_request (t, "GET", "/me", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  out = service_test_request (t, "DELETE", "/sessions/current", token, NULL, &status);
  g_assert_cmpuint (status, ==, 204);
  g_assert_null (out);

  after = service_test_request (t, "GET", "/me", token, NULL, &status);
  service_test_assert_error (after, status, 401, "unauthorized", NULL);

  service_test_free (t);
}

/* FAQ 3 and 8: a security email serves one registration ever, even after
 * its account is cancelled. */
static void
test_email_used_even_after_cancellation (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autofree char *id2 = service_test_make_id ("31010419950101456");
  g_autoptr(JsonObject) first = service_test_register (t, PHONE_A, SERVICE_TEST_NAME, id,
                                                       "Zhang@Example.com", FALSE);
  Form form = { .phone = PHONE_B, .id_number = id2, .name = "李四",
                .email = "zhang@example.com" };
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) refused_again = NULL;
  g_autoptr(JsonNode) without = NULL;
  guint status = 0;

  refused = submit (t, &form, &status);
  service_test_assert_error (refused, status, 409, "email_used", "email");

  /* Cancelling the first account (identity verification will do that)
   * frees its phone but never its email. */
  service_test_exec_sql (t, "UPDATE accounts SET state = 'cancelled', email = NULL");
  refused_again = submit (t, &form, &status);
  service_test_assert_error (refused_again, status, 409, "email_used", "email");

  form.email = NULL;
  form.phone = PHONE_A;
  without = submit (t, &form, &status);
  g_assert_cmpuint (status, ==, 201);

  service_test_free (t);
}

/* An internationalised domain is stored in one form (lower case, domain
 * as A-labels) and found again however the address is written. */
static void
test_email_idn_domain (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autofree char *id2 = service_test_make_id ("31010419950101456");
  g_autoptr(JsonObject) account = service_test_register (t, PHONE_A, SERVICE_TEST_NAME, id,
                                                         "User@例子.中国", FALSE);
  Form form = { .phone = PHONE_B, .id_number = id2, .name = "李四",
                .email = "user@xn--fsqu00a.xn--fiqs8s" };
  g_autoptr(JsonNode) refused = NULL;
  g_autofree char *by_a_label = NULL;
  g_autofree char *by_unicode = NULL;
  guint status = 0;

  g_assert_cmpstr (json_object_get_string_member (account, "email"), ==,
                   "user@xn--fsqu00a.xn--fiqs8s");
  by_a_label = service_test_sign_in (t, "USER@XN--FSQU00A.XN--FIQS8S", SERVICE_TEST_PASSWORD);
  by_unicode = service_test_sign_in (t, "uSeR@例子。中国", SERVICE_TEST_PASSWORD);
  g_assert_nonnull (by_a_label);
  g_assert_nonnull (by_unicode);

  refused = submit (t, &form, &status);
  service_test_assert_error (refused, status, 409, "email_used", "email");

  service_test_free (t);
}

/* FAQ 8: too many registrations with an email from one IP in a day; the
 * same request without the email goes through. */
static void
test_email_ip_restricted (void)
{
  static const char * const phones[] = {
    "13800000001", "13800000002", "13800000003", "13800000004",
  };
  static const char * const firsts[] = {
    "11010119900307121", "11010119900307132", "11010119900307143", "11010119900307154",
  };
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) without = NULL;
  g_autoptr(JsonNode) other_ip = NULL;
  g_autofree char *id = NULL;
  g_autofree char *code = NULL;
  Form form = { 0, };
  guint status = 0;
  guint i;

  for (i = 0; i < 3; i++)
    {
      g_autofree char *email = g_strdup_printf ("user%u@example.com", i);
      g_autofree char *id_i = service_test_make_id (firsts[i]);
      g_autoptr(JsonObject) account = service_test_register (t, phones[i], SERVICE_TEST_NAME,
                                                             id_i, email, FALSE);
    }

  id = service_test_make_id (firsts[3]);
  code = service_test_register_code (t, phones[3]);
  form.phone = phones[3];
  form.sms_code = code;
  form.id_number = id;
  form.email = "user3@example.com";
  refused = submit (t, &form, &status);
  service_test_assert_error (refused, status, 429, "email_ip_restricted", "email");
  g_assert_cmpint (service_test_get_int (refused, "error.retry_after"), >, 0);

  /* The same request without the email succeeds, with the same code. */
  form.email = NULL;
  without = submit (t, &form, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_null (service_test_get_string (without, "account.email"));

  /* Another network is not affected. */
  {
    g_autofree char *id5 = service_test_make_id ("11010119900307165");
    Form other = { .phone = "13800000005", .id_number = id5, .email = "user5@example.com" };

    service_test_set_client_ip (t, "203.0.113.9");
    other_ip = submit (t, &other, &status);
    g_assert_cmpuint (status, ==, 201);
  }

  service_test_free (t);
}

static void
test_field_refusals (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autofree char *bad_id = g_strdup (id);
  struct {
    Form        form;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { { .phone = PHONE_A, .id_number = id, .password = "123456" },
      400, "weak_password", "password" },
    { { .phone = PHONE_A, .id_number = id, .password = "abc" },
      400, "weak_password", "password" },
    { { .phone = PHONE_A, .id_number = id, .confirmation = "Something#else1" },
      400, "invalid_field", "password_confirmation" },
    { { .phone = PHONE_A, .id_number = id, .name = "张" },
      400, "invalid_name", "name" },
    { { .phone = PHONE_A, .id_number = bad_id },
      400, "invalid_id_number", "id_number" },
    { { .phone = PHONE_A, .id_number = NULL },
      400, "invalid_id_number", "id_number" },
    { { .phone = PHONE_A, .id_number = id, .email = "not-an-email" },
      400, "invalid_email", "email" },
    { { .phone = "12345", .sms_code = "123456", .id_number = id },
      400, "invalid_phone", "phone" },
    { { .phone = PHONE_A, .sms_code = "000000", .id_number = id },
      400, "sms_code_invalid", "sms_code" },
  };
  guint i;

  bad_id[17] = bad_id[17] == '0' ? '1' : '0';

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      guint status = 0;

      reply = submit (t, &cases[i].form, &status);
      service_test_assert_error (reply, status, cases[i].status, cases[i].code, cases[i].field);
    }

  service_test_free (t);
}

static void
test_empty_email_is_none (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  Form form = { .phone = PHONE_A, .id_number = id, .email = "  " };
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = submit (t, &form, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_null (service_test_get_string (reply, "account.email"));

  service_test_free (t);
}

/* FAQ 4: re-registration never touches the records registry. */
static void
test_reregister_keeps_records (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO enrollment_records (id_number, name, school, student_number, "
    "enrollment_year, level, status) VALUES ('%s', '%s', '海川大学', '20080001', 2008, "
    "'benke', 'graduated')", id, SERVICE_TEST_NAME);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonNode) records = NULL;
  g_autofree char *token = NULL;
  guint status = 0;

  service_test_exec_sql (t, sql);
  first = service_test_register (t, PHONE_A, SERVICE_TEST_NAME, id, NULL, FALSE);
  service_test_advance (t, 61);
  second = service_test_register (t, PHONE_B, SERVICE_TEST_NAME, id, NULL, TRUE);

  token = service_test_sign_in (t, PHONE_A, SERVICE_TEST_PASSWORD);
  records = service_test_request (t, "GET", "/me/records", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (records, "enrollments.0.school"), ==, "海川大学");

  service_test_free (t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Service/Register/success", test_register_success);
  g_test_add_func ("/Service/Register/other-id-type", test_register_other_id_type);
  g_test_add_func ("/Service/Register/phone-taken", test_phone_taken);
  g_test_add_func ("/Service/Register/id-number-taken-and-reregister",
                   test_id_number_taken_and_reregister);
  g_test_add_func ("/Service/Register/pending-account-restrictions",
                   test_pending_account_restrictions);
  g_test_add_func ("/Service/Register/email-used-even-after-cancellation",
                   test_email_used_even_after_cancellation);
  g_test_add_func ("/Service/Register/email-idn-domain", test_email_idn_domain);
  g_test_add_func ("/Service/Register/email-ip-restricted", test_email_ip_restricted);
  g_test_add_func ("/Service/Register/field-refusals", test_field_refusals);
  g_test_add_func ("/Service/Register/empty-email-is-none", test_empty_email_is_none);
  g_test_add_func ("/Service/Register/reregister-keeps-records", test_reregister_keeps_records);

  return g_test_run ();
}
