/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "service-test.h"
#include "xuexin-service-identity.h"

/*
 * Identity verification (FAQ 5): GET /me/identity, the success
 * transaction and what it does to every other account of the ID number,
 * path 4 (records), path 3 (a classmate confirms), the school list, and
 * two pending accounts of one ID verifying at the same moment.
 */

#define PHONE_OLD      "13812345678"  /* the account that was there first */
#define PHONE_NEW      "13912345678"  /* re-registered: pending */
#define PHONE_CLASSMATE "13712345678"
#define EMAIL_OLD      "zhang@example.com"
#define SCHOOL         "海川大学"
#define CLASSMATE_NAME "李雨桐"

static const char *
account_state (ServiceTest *t,
               gint64       id)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT CASE state WHEN 'active' THEN 1 WHEN 'pending_identity' THEN 2 ELSE 3 END "
    "FROM accounts WHERE id = %" G_GINT64_FORMAT, id);

  switch (service_test_query_int (t, sql))
    {
    case 1: return "active";
    case 2: return "pending_identity";
    default: return "cancelled";
    }
}

static gint64
count_audit (ServiceTest *t,
             gint64       id,
             const char  *event)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT COUNT(*) FROM audit_log WHERE account_id = %" G_GINT64_FORMAT " AND event = '%s'",
    id, event);

  return service_test_query_int (t, sql);
}

static void
add_enrollment (ServiceTest *t,
                const char  *id_number,
                const char  *name,
                const char  *school,
                int          year,
                const char  *number)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO enrollment_records (id_number, name, school, student_number, "
    "enrollment_year, level, status) VALUES ('%s', '%s', '%s', '%s', %d, 'benke', 'graduated')",
    id_number, name, school, number, year);

  service_test_exec_sql (t, sql);
}

static JsonNode *
request (ServiceTest *t,
         const char  *method,
         const char  *path,
         const char  *token,
         const char  *body,
         guint       *status)
{
  return service_test_request (t, method, path, token, body, status);
}

/* A live account of the ID (with a session, an email and WeChat bound)
 * and a pending one re-registered with it. */
typedef struct {
  char   *id_number;
  gint64  old_id;
  char   *old_token;
  gint64  new_id;
  char   *new_token;
} TwoAccounts;

static void
two_accounts_clear (TwoAccounts *two)
{
  g_free (two->id_number);
  g_free (two->old_token);
  g_free (two->new_token);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TwoAccounts, two_accounts_clear)

static void
make_two_accounts (ServiceTest *t,
                   TwoAccounts *two,
                   const char  *first17)
{
  g_autoptr(JsonObject) old_account = NULL;
  g_autoptr(JsonObject) new_account = NULL;
  g_autofree char *sql = NULL;

  two->id_number = service_test_make_id (first17);
  old_account = service_test_register (t, PHONE_OLD, SERVICE_TEST_NAME, two->id_number,
                                       EMAIL_OLD, FALSE);
  two->old_id = json_object_get_int_member (old_account, "id");
  two->old_token = service_test_sign_in (t, PHONE_OLD, SERVICE_TEST_PASSWORD);
  sql = g_strdup_printf ("INSERT INTO linked_providers (provider, subject, account_id, linked_at) "
                         "VALUES ('wechat', 'simulated:old', %" G_GINT64_FORMAT ", 1)",
                         two->old_id);
  service_test_exec_sql (t, sql);

  new_account = service_test_register (t, PHONE_NEW, SERVICE_TEST_NAME, two->id_number, NULL,
                                       TRUE);
  g_assert_cmpstr (json_object_get_string_member (new_account, "state"), ==,
                   "pending_identity");
  two->new_id = json_object_get_int_member (new_account, "id");
  two->new_token = service_test_sign_in (t, PHONE_NEW, SERVICE_TEST_PASSWORD);
}

#define RECORDS_BODY(number) \
  "{\"kind\": \"enrollment\", \"school\": \"" SCHOOL "\", \"student_number\": \"" number "\", " \
  "\"enrollment_year\": 2008, \"level\": \"benke\"}"

/* Confirms a simulated provider's QR page as some phone would; returns
 * the page's status. */
static guint
simulate_confirm (ServiceTest *t,
                  const char  *qr_url)
{
  g_autoptr(GUri) uri = g_uri_parse (qr_url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GHashTable) query = soup_form_decode (g_uri_get_query (uri));
  g_autofree char *form = soup_form_encode ("state", g_hash_table_lookup (query, "state"),
                                            "subject", "late-scan", "action", "confirm", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", qr_url);
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  page = soup_session_send_and_read (t->session, msg, NULL, &error);
  g_assert_no_error (error);
  service_test_record (msg, page);

  return soup_message_get_status (msg);
}

/* ----- GET /me/identity ---------------------------------------------------- */

static void
test_overview (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(TwoAccounts) two = { 0, };
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) refused = NULL;
  guint status = 0;

  make_two_accounts (t, &two, "11010119900307123");

  reply = request (t, "GET", "/me/identity", two.new_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "state"), ==, "pending_identity");
  g_assert_cmpstr (service_test_get_string (reply, "paths.2.path"), ==, "classmate");
  g_assert_cmpint (service_test_get_int (reply, "paths.2.open_limit"), ==, 3);
  g_assert_cmpint (service_test_get_int (reply, "paths.2.remaining_today"), ==, 10);
  g_assert_cmpstr (service_test_get_string (reply, "paths.3.path"), ==, "records");
  g_assert_cmpint (service_test_get_int (reply, "paths.3.remaining_attempts"), ==, 5);

  /* What success will do: the other account, masked, and the platforms. */
  g_assert_cmpstr (service_test_get_string (reply, "on_success.other_accounts.0.login_names.phone"),
                   ==, "138****5678");
  g_assert_cmpstr (service_test_get_string (reply, "on_success.other_accounts.0.login_names.email"),
                   ==, "z***@example.com");
  g_assert_cmpstr (service_test_get_string (reply, "on_success.other_accounts.0.state"), ==,
                   "active");
  g_assert_null (service_test_get_string (reply, "on_success.other_accounts.1.state"));
  {
    g_autofree char *text = json_to_string (reply, FALSE);

    g_assert_null (strstr (text, two.id_number));
  }
  g_assert_cmpstr (service_test_get_string (reply, "on_success.affected_platforms.0.entry"), ==,
                   "研招推免");
  g_assert_cmpstr (service_test_get_string (reply, "on_success.affected_platforms.3.platform"),
                   ==, "zbb");

  /* Still nothing else for a pending account. */
  refused = request (t, "GET", "/me/records", two.new_token, NULL, &status);
  service_test_assert_error (refused, status, 403, "identity_verification_required", NULL);

  service_test_free (t);
}

/* ----- the limits are configuration ([limits] in xuexin-service-config.c) ---- */

static void
use_small_limits (XuexinServiceConfig *config)
{
  service_test_use_long_sessions (config);
  config->records_daily_limit = 2;
  config->assistance_open_limit = 2;
  config->assistance_daily_limit = 4;
  config->assistance_request_ttl = 3600;
  config->review_submissions_limit = 3;
  config->review_submissions_window = 7200;
}

/* A changed limit is both announced and enforced. */
static void
test_configured_limits (void)
{
  ServiceTest *t = service_test_new (use_small_limits);
  g_auto(TwoAccounts) two = { 0, };
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  guint i;

  make_two_accounts (t, &two, "11010119900307123");
  add_enrollment (t, two.id_number, SERVICE_TEST_NAME, SCHOOL, 2008, "20080001");

  reply = request (t, "GET", "/me/identity", two.new_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (service_test_get_int (reply, "paths.1.submission_limit"), ==, 3);
  g_assert_cmpint (service_test_get_int (reply, "paths.1.window"), ==, 7200);
  g_assert_cmpint (service_test_get_int (reply, "paths.1.submissions_left"), ==, 3);
  g_assert_cmpint (service_test_get_int (reply, "paths.2.open_limit"), ==, 2);
  g_assert_cmpint (service_test_get_int (reply, "paths.2.daily_limit"), ==, 4);
  g_assert_cmpint (service_test_get_int (reply, "paths.2.remaining_today"), ==, 4);
  g_assert_cmpint (service_test_get_int (reply, "paths.2.expires_in"), ==, 3600);
  g_assert_cmpint (service_test_get_int (reply, "paths.3.daily_limit"), ==, 2);
  g_assert_cmpint (service_test_get_int (reply, "paths.3.remaining_attempts"), ==, 2);
  g_clear_pointer (&reply, json_node_unref);

  for (i = 0; i < 2; i++)
    {
      reply = request (t, "POST", "/me/identity/records", two.new_token,
                       RECORDS_BODY ("20080002"), &status);
      service_test_assert_error (reply, status, 400, "verification_failed", NULL);
      g_assert_cmpint (service_test_get_int (reply, "error.remaining_attempts"), ==, 1 - i);
      g_clear_pointer (&reply, json_node_unref);
    }
  /* The third attempt is over the configured 2, even with the right answer. */
  reply = request (t, "POST", "/me/identity/records", two.new_token, RECORDS_BODY ("20080001"),
                   &status);
  service_test_assert_error (reply, status, 429, "rate_limited", NULL);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpstr (account_state (t, two.new_id), ==, "pending_identity");

  service_test_advance (t, 24 * 3600);
  reply = request (t, "POST", "/me/identity/records", two.new_token, RECORDS_BODY ("20080001"),
                   &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (account_state (t, two.new_id), ==, "active");

  service_test_free (t);
}

/* ----- path 4 and the success transaction ------------------------------------ */

static void
test_records_path (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(TwoAccounts) two = { 0, };
  g_autofree char *sql = NULL;
  g_autofree char *qr_url = NULL;
  static const char * const wrong[] = {
    RECORDS_BODY ("20080002"),
    "{\"kind\": \"enrollment\", \"school\": \"青松师范大学\", \"student_number\": \"20080001\", "
    "\"enrollment_year\": 2008, \"level\": \"benke\"}",
    "{\"kind\": \"enrollment\", \"school\": \"" SCHOOL "\", \"student_number\": \"20080001\", "
    "\"enrollment_year\": \"2009\", \"level\": \"benke\"}",
    "{\"kind\": \"enrollment\", \"school\": \"" SCHOOL "\", \"student_number\": \"20080001\", "
    "\"enrollment_year\": 2008, \"level\": \"master\"}",
    "{\"kind\": \"degree\", \"school\": \"" SCHOOL "\", \"certificate_number\": \"20080001\", "
    "\"graduation_year\": 2012, \"level\": \"benke\"}",
  };
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  guint i;

  make_two_accounts (t, &two, "11010119900307123");
  add_enrollment (t, two.id_number, SERVICE_TEST_NAME, SCHOOL, 2008, "20080001");

  /* Bad input is refused before anything is counted. */
  reply = request (t, "POST", "/me/identity/records", two.new_token,
                   "{\"kind\": \"enrollment\", \"school\": \"" SCHOOL "\", "
                   "\"student_number\": \"1\", \"enrollment_year\": \"08\", \"level\": \"benke\"}",
                   &status);
  service_test_assert_error (reply, status, 400, "invalid_field", "enrollment_year");
  g_clear_pointer (&reply, json_node_unref);

  /* Five wrong answers, each a different field wrong, all answered alike. */
  for (i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      reply = request (t, "POST", "/me/identity/records", two.new_token, wrong[i], &status);
      service_test_assert_error (reply, status, 400, "verification_failed", NULL);
      g_assert_cmpint (service_test_get_int (reply, "error.remaining_attempts"), ==, 4 - i);
      g_clear_pointer (&reply, json_node_unref);
    }

  /* Then even the right answer waits a day. */
  reply = request (t, "POST", "/me/identity/records", two.new_token, RECORDS_BODY ("20080001"),
                   &status);
  service_test_assert_error (reply, status, 429, "rate_limited", NULL);
  g_assert_cmpint (service_test_get_int (reply, "error.retry_after"), ==, 24 * 3600);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpstr (account_state (t, two.new_id), ==, "pending_identity");

  reply = request (t, "GET", "/me/identity", two.new_token, NULL, &status);
  g_assert_cmpint (service_test_get_int (reply, "paths.3.remaining_attempts"), ==, 0);
  g_assert_cmpint (service_test_get_int (reply, "paths.3.retry_after"), ==, 24 * 3600);
  g_clear_pointer (&reply, json_node_unref);

  service_test_advance (t, 24 * 3600);

  /* The old account starts binding Alipay; the scan comes too late. */
  reply = request (t, "POST", "/me/providers/alipay/bind-tickets", two.old_token, "{}", &status);
  g_assert_cmpuint (status, ==, 201);
  qr_url = g_strdup (service_test_get_string (reply, "qr_url"));
  g_clear_pointer (&reply, json_node_unref);
  reply = request (t, "POST", "/me/identity/records", two.new_token, RECORDS_BODY ("20080001"),
                   &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "account.state"), ==, "active");
  g_assert_cmpint (service_test_get_int (reply, "cancelled_accounts"), ==, 1);
  g_clear_pointer (&reply, json_node_unref);

  /* The other account: cancelled, its session gone, phone free, email
   * still used, WeChat unbound, told by SMS; audited on both sides. */
  g_assert_cmpstr (account_state (t, two.old_id), ==, "cancelled");
  g_assert_cmpint (service_test_count_live (t, two.id_number), ==, 1);
  reply = request (t, "GET", "/me", two.old_token, NULL, &status);
  service_test_assert_error (reply, status, 401, "unauthorized", NULL);
  g_clear_pointer (&reply, json_node_unref);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM sessions WHERE account_id = %" G_GINT64_FORMAT,
                         two.old_id);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM linked_providers WHERE account_id = %"
                         G_GINT64_FORMAT, two.old_id);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 0);
  g_assert_cmpuint (simulate_confirm (t, qr_url), ==, 200);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 0);
  g_assert_cmpint (service_test_query_int (t, "SELECT COUNT(*) FROM provider_tickets WHERE kind = 'bind' "
                                 "AND status = 'failed' AND reason = 'account_cancelled'"), ==, 1);
  g_assert_cmpint (service_test_query_int (t, "SELECT COUNT(*) FROM used_emails WHERE email = '" EMAIL_OLD "'"),
                   ==, 1);
  g_assert_cmpuint (service_test_count_messages (t, PHONE_OLD), ==, 2);
  {
    ServiceTestMessage *sms = g_ptr_array_index (t->messages, t->messages->len - 1);

    g_assert_cmpstr (sms->recipient, ==, PHONE_OLD);
    g_assert_cmpstr (sms->purpose, ==, "account_cancelled");
    g_assert_nonnull (strstr (sms->text, "已因同一证件号码的身份核验而注销"));
    g_assert_nonnull (strstr (sms->text, "申诉"));
    g_assert_null (sms->code);
  }
  g_assert_cmpint (count_audit (t, two.old_id, "identity_cancelled"), ==, 1);
  g_assert_cmpint (count_audit (t, two.new_id, "identity_verified"), ==, 1);
  g_assert_cmpint (count_audit (t, two.new_id, "identity_records_failed"), ==, 5);
  /* The fifth used up the day: the help desk's history shows the lock. */
  g_assert_cmpint (count_audit (t, two.new_id, "identity_records_locked"), ==, 1);

  /* The old password now meets a cancelled account. */
  reply = request (t, "POST", "/sessions", NULL,
                   "{\"login_name\": \"" PHONE_OLD "\", \"password\": \"" SERVICE_TEST_PASSWORD "\"}",
                   &status);
  service_test_assert_error (reply, status, 403, "account_cancelled", NULL);
  g_clear_pointer (&reply, json_node_unref);

  /* The phone registers again (another person); the email does not. */
  {
    g_autofree char *other_id = service_test_make_id ("31010419950101234");
    g_autoptr(JsonObject) again = service_test_register (t, PHONE_OLD, "王子涵", other_id, NULL,
                                                         FALSE);
    g_autofree char *code = service_test_register_code (t, "13612345678");
    g_autofree char *body = g_strdup_printf (
      "{\"phone\": \"13612345678\", \"sms_code\": \"%s\", \"password\": \"%s\", "
      "\"password_confirmation\": \"%s\", \"name\": \"王子涵\", \"id_number\": \"%s\", "
      "\"email\": \"" EMAIL_OLD "\", \"reregister\": true}",
      code, SERVICE_TEST_PASSWORD, SERVICE_TEST_PASSWORD, other_id);

    g_assert_cmpstr (json_object_get_string_member (again, "state"), ==, "active");
    reply = request (t, "POST", "/accounts", NULL, body, &status);
    service_test_assert_error (reply, status, 409, "email_used", "email");
    g_clear_pointer (&reply, json_node_unref);
  }

  /* Verified: the records are the account's, and there is nothing left to prove. */
  reply = request (t, "GET", "/me/records", two.new_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "enrollments.0.student_number"), ==,
                   "20080001");
  g_clear_pointer (&reply, json_node_unref);
  reply = request (t, "GET", "/me/identity", two.new_token, NULL, &status);
  g_assert_cmpstr (service_test_get_string (reply, "state"), ==, "active");
  g_assert_cmpstr (service_test_get_string (reply, "verified_path"), ==, "records");
  g_assert_null (service_test_get_string (reply, "on_success.other_accounts.0.state"));
  g_clear_pointer (&reply, json_node_unref);
  reply = request (t, "POST", "/me/identity/records", two.new_token, RECORDS_BODY ("20080001"),
                   &status);
  service_test_assert_error (reply, status, 409, "already_verified", NULL);

  service_test_free (t);
}

/* Degree answers, and an account with several others of its ID. */
static void
test_records_degree_many (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_autofree char *id = service_test_make_id ("44030519921212345");
  g_autofree char *sql = NULL;
  g_autoptr(JsonObject) first = service_test_register (t, "13800000001", SERVICE_TEST_NAME, id,
                                                       NULL, FALSE);
  g_autoptr(JsonObject) second = service_test_register (t, "13800000002", SERVICE_TEST_NAME, id,
                                                        NULL, TRUE);
  g_autoptr(JsonObject) third = service_test_register (t, "13800000003", SERVICE_TEST_NAME, id,
                                                       NULL, TRUE);
  g_autofree char *token = service_test_sign_in (t, "13800000003", SERVICE_TEST_PASSWORD);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  sql = g_strdup_printf ("INSERT INTO degree_records (id_number, name, school, "
                         "certificate_number, graduation_year, level) VALUES "
                         "('%s', '%s', '" SCHOOL "', '104861201205000123', 2012, 'benke')",
                         id, SERVICE_TEST_NAME);
  service_test_exec_sql (t, sql);

  reply = request (t, "POST", "/me/identity/records", token,
                   "{\"kind\": \"degree\", \"school\": \"" SCHOOL "\", "
                   "\"certificate_number\": \"104861201205000123\", \"graduation_year\": 2012, "
                   "\"level\": \"benke\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (service_test_get_int (reply, "cancelled_accounts"), ==, 2);
  g_assert_cmpstr (account_state (t, json_object_get_int_member (first, "id")), ==, "cancelled");
  g_assert_cmpstr (account_state (t, json_object_get_int_member (second, "id")), ==,
                   "cancelled");
  g_assert_cmpint (service_test_count_live (t, id), ==, 1);
  g_assert_cmpuint (service_test_count_messages (t, "13800000001"), ==, 2);
  g_assert_cmpuint (service_test_count_messages (t, "13800000002"), ==, 2);
  g_assert_cmpuint (service_test_count_messages (t, "13800000003"), ==, 1);

  service_test_free (t);
}

/* ----- GET /schools --------------------------------------------------------- */

static void
test_schools (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  guint i;

  add_enrollment (t, id, SERVICE_TEST_NAME, "东海川大学", 2008, "1");
  add_enrollment (t, id, SERVICE_TEST_NAME, SCHOOL, 2008, "2");
  add_enrollment (t, id, SERVICE_TEST_NAME, SCHOOL, 2012, "3");
  for (i = 0; i < 25; i++)
    {
      g_autofree char *school = g_strdup_printf ("第%02u理工学院", i);
      g_autofree char *number = g_strdup_printf ("x%u", i);

      add_enrollment (t, id, SERVICE_TEST_NAME, school, 2008, number);
    }

  /* Prefix matches first, then substrings; each school once. */
  reply = request (t, "GET", "/schools?q=%E6%B5%B7%E5%B7%9D", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "schools.0"), ==, SCHOOL);
  g_assert_cmpstr (service_test_get_string (reply, "schools.1"), ==, "东海川大学");
  g_assert_null (service_test_get_string (reply, "schools.2"));
  g_clear_pointer (&reply, json_node_unref);

  reply = request (t, "GET", "/schools?q=%E7%90%86%E5%B7%A5", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (service_test_get_string (reply, "schools.19"));
  g_assert_null (service_test_get_string (reply, "schools.20"));
  g_clear_pointer (&reply, json_node_unref);

  reply = request (t, "GET", "/schools", NULL, NULL, &status);
  service_test_assert_error (reply, status, 400, "invalid_field", "q");
  g_clear_pointer (&reply, json_node_unref);
  reply = request (t, "GET", "/schools?q=%E6%B5%B7%01%E5%B7%9D", NULL, NULL, &status);
  service_test_assert_error (reply, status, 400, "invalid_field", "q");

  service_test_free (t);
}

/* ----- path 3 ----------------------------------------------------------------- */

#define ASSIST_BODY(name, login, year) \
  "{\"classmate_name\": \"" name "\", \"classmate_login_name\": \"" login "\", " \
  "\"school\": \"" SCHOOL "\", \"enrollment_year\": " year "}"

typedef struct {
  TwoAccounts two;
  char       *classmate_id_number;
  gint64      classmate_id;
  char       *classmate_token;
} Classmates;

static void
classmates_clear (Classmates *c)
{
  two_accounts_clear (&c->two);
  g_free (c->classmate_id_number);
  g_free (c->classmate_token);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Classmates, classmates_clear)

static void
make_classmates (ServiceTest *t,
                 Classmates  *c)
{
  g_autoptr(JsonObject) classmate = NULL;

  make_two_accounts (t, &c->two, "11010119900307123");
  c->classmate_id_number = service_test_make_id ("31010419900823042");
  classmate = service_test_register (t, PHONE_CLASSMATE, CLASSMATE_NAME, c->classmate_id_number,
                                     NULL, FALSE);
  c->classmate_id = json_object_get_int_member (classmate, "id");
  c->classmate_token = service_test_sign_in (t, PHONE_CLASSMATE, SERVICE_TEST_PASSWORD);
  add_enrollment (t, c->two.id_number, SERVICE_TEST_NAME, SCHOOL, 2008, "20080001");
  add_enrollment (t, c->classmate_id_number, CLASSMATE_NAME, SCHOOL, 2008, "20080002");
}

static void
test_classmate_path (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(Classmates) c = { 0, };
  g_autofree char *by_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *first_refusal = NULL;
  g_autoptr(JsonNode) reply = NULL;
  gint64 request_id;
  guint status = 0;
  guint i;

  make_classmates (t, &c);

  /* Wrong name, wrong year, a pending "classmate", the requester's own
   * other account: one answer, saying nothing of which part failed. */
  {
    g_autofree char *own = g_strdup_printf (
      "{\"classmate_name\": \"%s\", \"classmate_login_name\": \"%s\", \"school\": \"%s\", "
      "\"enrollment_year\": 2008}", SERVICE_TEST_NAME, PHONE_OLD, SCHOOL);
    const char *refused[] = {
      ASSIST_BODY ("王子涵", PHONE_CLASSMATE, "2008"),
      ASSIST_BODY (CLASSMATE_NAME, PHONE_CLASSMATE, "2009"),
      ASSIST_BODY (CLASSMATE_NAME, "13000000000", "2008"),
      own,
    };

    for (i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autofree char *text = NULL;

        reply = request (t, "POST", "/me/identity/assistance-requests", c.two.new_token,
                         refused[i], &status);
        service_test_assert_error (reply, status, 400, "not_classmate", NULL);
        text = json_to_string (reply, FALSE);
        if (first_refusal == NULL)
          first_refusal = g_strdup (text);
        g_assert_cmpstr (text, ==, first_refusal);
        g_clear_pointer (&reply, json_node_unref);
      }
  }

  /* By phone, and by ID number. */
  reply = request (t, "POST", "/me/identity/assistance-requests", c.two.new_token,
                   ASSIST_BODY (CLASSMATE_NAME, PHONE_CLASSMATE, "2008"), &status);
  g_assert_cmpuint (status, ==, 201);
  request_id = service_test_get_int (reply, "request.id");
  g_assert_cmpstr (service_test_get_string (reply, "request.state"), ==, "pending");
  g_assert_cmpstr (service_test_get_string (reply, "request.level"), ==, "benke");
  g_assert_cmpstr (service_test_get_string (reply, "request.expires_at"), ==,
                   "2025-03-08T08:00:00Z");
  g_clear_pointer (&reply, json_node_unref);

  by_id = g_strdup_printf ("{\"classmate_name\": \"%s\", \"classmate_login_name\": \"%s\", "
                           "\"school\": \"%s\", \"enrollment_year\": \"2008\", "
                           "\"level\": \"benke\"}",
                           CLASSMATE_NAME, c.classmate_id_number, SCHOOL);
  for (i = 0; i < 2; i++)
    {
      reply = request (t, "POST", "/me/identity/assistance-requests", c.two.new_token, by_id,
                       &status);
      g_assert_cmpuint (status, ==, 201);
      g_clear_pointer (&reply, json_node_unref);
    }

  /* Three open at most. */
  reply = request (t, "POST", "/me/identity/assistance-requests", c.two.new_token, by_id,
                   &status);
  service_test_assert_error (reply, status, 409, "too_many_open_requests", NULL);
  g_clear_pointer (&reply, json_node_unref);

  reply = request (t, "GET", "/me/identity", c.two.new_token, NULL, &status);
  g_assert_cmpint (service_test_get_int (reply, "paths.2.open_requests"), ==, 3);
  g_assert_cmpint (service_test_get_int (reply, "paths.2.remaining_today"), ==, 3);
  g_assert_cmpstr (service_test_get_string (reply, "assistance_requests.2.state"), ==, "pending");
  g_assert_cmpstr (service_test_get_string (reply, "assistance_requests.2.classmate_name"), ==,
                   CLASSMATE_NAME);
  g_clear_pointer (&reply, json_node_unref);

  /* The classmate's inbox: three unread, read once listed. */
  reply = request (t, "GET", "/me/inbox/count", c.classmate_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (service_test_get_int (reply, "unread"), ==, 3);
  g_clear_pointer (&reply, json_node_unref);
  reply = request (t, "GET", "/me/inbox", c.classmate_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (service_test_get_int (reply, "unread"), ==, 3);
  g_assert_cmpstr (service_test_get_string (reply, "requests.0.requester_name"), ==,
                   SERVICE_TEST_NAME);
  {
    g_autofree char *masked = xuexin_id_number_mask (c.two.id_number);
    g_autofree char *text = json_to_string (reply, FALSE);

    g_assert_cmpstr (service_test_get_string (reply, "requests.0.requester_id_number_masked"),
                     ==, masked);
    g_assert_null (strstr (text, c.two.id_number));
  }
  g_assert_cmpstr (service_test_get_string (reply, "requests.0.school"), ==, SCHOOL);
  g_assert_true (json_node_get_boolean (json_object_get_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (reply),
                                                                 "requests"), 0), "unread")));
  g_clear_pointer (&reply, json_node_unref);
  reply = request (t, "GET", "/me/inbox/count", c.classmate_token, NULL, &status);
  g_assert_cmpint (service_test_get_int (reply, "unread"), ==, 0);
  g_clear_pointer (&reply, json_node_unref);

  /* Someone else's request is none; the requester cannot confirm its own. */
  path = g_strdup_printf ("/me/inbox/%" G_GINT64_FORMAT "/confirm", request_id);
  reply = request (t, "POST", path, c.two.old_token, NULL, &status);
  service_test_assert_error (reply, status, 404, "not_found", NULL);
  g_clear_pointer (&reply, json_node_unref);
  reply = request (t, "POST", path, c.two.new_token, NULL, &status);
  service_test_assert_error (reply, status, 403, "identity_verification_required", NULL);
  g_clear_pointer (&reply, json_node_unref);

  /* Confirmed: the requester is verified, the old account cancelled. */
  reply = request (t, "POST", path, c.classmate_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "request.state"), ==, "confirmed");
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpstr (account_state (t, c.two.new_id), ==, "active");
  g_assert_cmpstr (account_state (t, c.two.old_id), ==, "cancelled");
  g_assert_cmpint (service_test_count_live (t, c.two.id_number), ==, 1);
  g_assert_cmpuint (service_test_count_messages (t, PHONE_OLD), ==, 2);
  g_assert_cmpint (count_audit (t, c.classmate_id, "assistance_confirmed"), ==, 1);

  /* The requester's other requests are closed now. */
  reply = request (t, "POST", path, c.classmate_token, NULL, &status);
  service_test_assert_error (reply, status, 409, "request_closed", NULL);
  g_clear_pointer (&reply, json_node_unref);
  g_free (path);
  path = g_strdup_printf ("/me/inbox/%" G_GINT64_FORMAT "/decline", request_id + 1);
  reply = request (t, "POST", path, c.classmate_token, NULL, &status);
  service_test_assert_error (reply, status, 409, "request_closed", NULL);
  g_clear_pointer (&reply, json_node_unref);

  reply = request (t, "GET", "/me/identity", c.two.new_token, NULL, &status);
  g_assert_cmpstr (service_test_get_string (reply, "verified_path"), ==, "classmate");
  g_assert_cmpstr (service_test_get_string (reply, "assistance_requests.0.state"), ==, "closed");
  g_assert_cmpstr (service_test_get_string (reply, "assistance_requests.2.state"), ==,
                   "confirmed");

  service_test_free (t);
}

/* Ten attempts a day (refused ones too), expiry after 7 days, decline. */
static void
test_classmate_limits (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(Classmates) c = { 0, };
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  gint64 request_id;
  guint status = 0;
  guint i;

  make_classmates (t, &c);

  reply = request (t, "POST", "/me/identity/assistance-requests", c.two.new_token,
                   ASSIST_BODY (CLASSMATE_NAME, PHONE_CLASSMATE, "2008"), &status);
  g_assert_cmpuint (status, ==, 201);
  request_id = service_test_get_int (reply, "request.id");
  g_clear_pointer (&reply, json_node_unref);

  for (i = 1; i < 10; i++)
    {
      reply = request (t, "POST", "/me/identity/assistance-requests", c.two.new_token,
                       ASSIST_BODY (CLASSMATE_NAME, PHONE_CLASSMATE, "2010"), &status);
      service_test_assert_error (reply, status, 400, "not_classmate", NULL);
      g_clear_pointer (&reply, json_node_unref);
    }
  reply = request (t, "POST", "/me/identity/assistance-requests", c.two.new_token,
                   ASSIST_BODY (CLASSMATE_NAME, PHONE_CLASSMATE, "2008"), &status);
  service_test_assert_error (reply, status, 429, "rate_limited", NULL);
  g_assert_cmpint (service_test_get_int (reply, "error.retry_after"), ==, 24 * 3600);
  g_clear_pointer (&reply, json_node_unref);

  /* Seven days on, the request has expired. */
  service_test_advance (t, 7 * 24 * 3600);
  path = g_strdup_printf ("/me/inbox/%" G_GINT64_FORMAT "/confirm", request_id);
  reply = request (t, "POST", path, c.classmate_token, NULL, &status);
  service_test_assert_error (reply, status, 410, "request_expired", NULL);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpstr (account_state (t, c.two.new_id), ==, "pending_identity");
  reply = request (t, "GET", "/me/identity", c.two.new_token, NULL, &status);
  g_assert_cmpstr (service_test_get_string (reply, "assistance_requests.0.state"), ==, "expired");
  g_assert_cmpint (service_test_get_int (reply, "paths.2.open_requests"), ==, 0);
  g_clear_pointer (&reply, json_node_unref);

  /* A new one, declined: nothing changes but its state. */
  reply = request (t, "POST", "/me/identity/assistance-requests", c.two.new_token,
                   ASSIST_BODY (CLASSMATE_NAME, PHONE_CLASSMATE, "2008"), &status);
  g_assert_cmpuint (status, ==, 201);
  request_id = service_test_get_int (reply, "request.id");
  g_clear_pointer (&reply, json_node_unref);
  g_free (path);
  path = g_strdup_printf ("/me/inbox/%" G_GINT64_FORMAT "/decline", request_id);
  reply = request (t, "POST", path, c.classmate_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "request.state"), ==, "declined");
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpstr (account_state (t, c.two.new_id), ==, "pending_identity");
  g_assert_cmpstr (account_state (t, c.two.old_id), ==, "active");

  service_test_free (t);
}

/* A classmate confirms three requests a year at most. */
static void
test_classmate_confirms_per_year (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_autofree char *classmate_id = service_test_make_id ("31010419900823042");
  g_autoptr(JsonObject) classmate = service_test_register (t, PHONE_CLASSMATE, CLASSMATE_NAME,
                                                           classmate_id, NULL, FALSE);
  g_autofree char *classmate_token = service_test_sign_in (t, PHONE_CLASSMATE,
                                                           SERVICE_TEST_PASSWORD);
  guint i;

  add_enrollment (t, classmate_id, CLASSMATE_NAME, SCHOOL, 2008, "c");
  for (i = 0; i < 4; i++)
    {
      g_autofree char *first17 = g_strdup_printf ("440305199001%02u123", i + 10);
      g_autofree char *id = service_test_make_id (first17);
      g_autofree char *old_phone = g_strdup_printf ("1350000000%u", i);
      g_autofree char *new_phone = g_strdup_printf ("1360000000%u", i);
      g_autofree char *number = g_strdup_printf ("r%u", i);
      g_autoptr(JsonObject) old_account = service_test_register (t, old_phone, SERVICE_TEST_NAME,
                                                                 id, NULL, FALSE);
      g_autoptr(JsonObject) new_account = service_test_register (t, new_phone, SERVICE_TEST_NAME,
                                                                 id, NULL, TRUE);
      g_autofree char *token = service_test_sign_in (t, new_phone, SERVICE_TEST_PASSWORD);
      g_autofree char *path = NULL;
      g_autoptr(JsonNode) reply = NULL;
      guint status = 0;

      add_enrollment (t, id, SERVICE_TEST_NAME, SCHOOL, 2008, number);
      reply = request (t, "POST", "/me/identity/assistance-requests", token,
                       ASSIST_BODY (CLASSMATE_NAME, PHONE_CLASSMATE, "2008"), &status);
      g_assert_cmpuint (status, ==, 201);
      path = g_strdup_printf ("/me/inbox/%" G_GINT64_FORMAT "/confirm",
                              service_test_get_int (reply, "request.id"));
      g_clear_pointer (&reply, json_node_unref);

      service_test_advance (t, 24 * 3600);
      reply = request (t, "POST", path, classmate_token, NULL, &status);
      if (i < 3)
        {
          g_assert_cmpuint (status, ==, 200);
          g_assert_cmpstr (account_state (t, json_object_get_int_member (new_account, "id")),
                           ==, "active");
        }
      else
        {
          service_test_assert_error (reply, status, 429, "rate_limited", NULL);
          /* The first confirmation was three days ago. */
          g_assert_cmpint (service_test_get_int (reply, "error.retry_after"), ==,
                           (365 - 3) * 24 * 3600);
          g_assert_cmpstr (account_state (t, json_object_get_int_member (new_account, "id")),
                           ==, "pending_identity");
          g_assert_cmpstr (account_state (t, json_object_get_int_member (old_account, "id")),
                           ==, "active");
        }
    }

  g_assert_nonnull (classmate);
  service_test_free (t);
}

/* ----- xs_identity_complete() as paths 1 and 2 will call it ------------------ */

/* Called directly, on a connection of its own, the way a path's handler
 * calls it: the second of two pending accounts finds itself cancelled,
 * deterministically; an active account has nothing to verify. */
static void
test_complete_directly (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(TwoAccounts) two = { 0, };
  g_autoptr(JsonObject) third = NULL;
  g_autofree char *path = g_build_filename (t->tmpdir, "accounts.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  XsRequest req = { 0, };
  gint64 third_id;

  make_two_accounts (t, &two, "11010119900307123");
  third = service_test_register (t, "13612345678", SERVICE_TEST_NAME, two.id_number, NULL, TRUE);
  third_id = json_object_get_int_member (third, "id");

  req.db = xs_db_open (path, &error);
  g_assert_no_error (error);
  req.config = t->config;
  req.now = t->now;
  req.client_ip = (char *) "192.0.2.1";

  g_assert_true (xs_identity_complete (&req, two.new_id, "help_desk", &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (t->context, FALSE))
    ;
  g_assert_cmpstr (account_state (t, two.new_id), ==, "active");
  g_assert_cmpstr (account_state (t, two.old_id), ==, "cancelled");
  g_assert_cmpstr (account_state (t, third_id), ==, "cancelled");
  g_assert_cmpint (service_test_count_live (t, two.id_number), ==, 1);
  g_assert_cmpuint (service_test_count_messages (t, PHONE_OLD), ==, 2);
  g_assert_cmpuint (service_test_count_messages (t, "13612345678"), ==, 2);
  g_assert_cmpuint (service_test_count_messages (t, PHONE_NEW), ==, 1);

  /* The one cancelled meanwhile; the one already active. Nothing changes. */
  g_assert_false (xs_identity_complete (&req, third_id, "help_desk", &error));
  g_assert_error (error, XS_IDENTITY_ERROR, XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED);
  g_clear_error (&error);
  g_assert_false (xs_identity_complete (&req, two.new_id, "help_desk", &error));
  g_assert_error (error, XS_IDENTITY_ERROR, XUEXIN_ERROR_CODE_ALREADY_VERIFIED);
  g_clear_error (&error);
  g_assert_cmpstr (account_state (t, two.new_id), ==, "active");
  g_assert_cmpint (service_test_count_live (t, two.id_number), ==, 1);
  g_assert_cmpint (count_audit (t, two.new_id, "identity_verified"), ==, 1);
  while (g_main_context_iteration (t->context, FALSE))
    ;
  g_assert_cmpuint (service_test_count_messages (t, PHONE_OLD), ==, 2);

  xs_db_close (req.db);
  service_test_free (t);
}

/* ----- the race ------------------------------------------------------------- */

typedef struct {
  ServiceTest *t;
  const char  *token;
  gint        *waiting;
  guint        status;
  char        *code;
} Attempt;

static gpointer
verify_thread (gpointer data)
{
  Attempt *attempt = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = g_strconcat (xuexin_service_get_base_url (attempt->t->service),
                                      "/me/identity/records", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", attempt->token, NULL);
  const char *body = RECORDS_BODY ("20080001");
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request_body = g_bytes_new_static (body, strlen (body));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", request_body);

  g_atomic_int_dec_and_test (attempt->waiting);
  while (g_atomic_int_get (attempt->waiting) > 0)
    g_thread_yield ();

  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  service_test_record (msg, response);
  attempt->status = soup_message_get_status (msg);
  if (json_parser_load_from_data (parser, g_bytes_get_data (response, NULL),
                                  (gssize) g_bytes_get_size (response), NULL))
    attempt->code = g_strdup (service_test_get_string (json_parser_get_root (parser),
                                                       "error.code"));

  return NULL;
}

static void
use_parallel_workers (XuexinServiceConfig *config)
{
  service_test_use_long_sessions (config);
  config->db_threads = 4;
  config->server_threads = 2;
}

/* Two pending accounts of one ID verify at the same moment: one wins,
 * the other is cancelled (and told account_cancelled, or unauthorized if
 * its session was already gone when it arrived); exactly one account of
 * the ID is live, and it is the winner. */
static void
test_race (void)
{
  ServiceTest *t = service_test_new (use_parallel_workers);
  guint round;
  guint n_cancelled_answers = 0;

  for (round = 0; round < 6; round++)
    {
      g_autofree char *first17 = g_strdup_printf ("510107199501%02u123", round + 10);
      g_autofree char *id = service_test_make_id (first17);
      /* Not g_autofree: on an array it frees the first element only. */
      char *phones[3] = { NULL, };
      gint64 ids[3];
      char *tokens[2];
      Attempt attempts[2];
      GThread *threads[2];
      gint waiting = 2;
      guint winners = 0;
      guint i;

      for (i = 0; i < 3; i++)
        {
          g_autoptr(JsonObject) account = NULL;

          phones[i] = g_strdup_printf ("137%u000000%u", round, i);
          account = service_test_register (t, phones[i], SERVICE_TEST_NAME, id, NULL, i > 0);
          ids[i] = json_object_get_int_member (account, "id");
        }
      /* Each round's person has the one student number. */
      service_test_exec_sql (t, "DELETE FROM enrollment_records");
      add_enrollment (t, id, SERVICE_TEST_NAME, SCHOOL, 2008, "20080001");
      for (i = 0; i < 2; i++)
        {
          tokens[i] = service_test_sign_in (t, phones[i + 1], SERVICE_TEST_PASSWORD);
          attempts[i] = (Attempt) { t, tokens[i], &waiting, 0, NULL };
        }
      for (i = 0; i < 2; i++)
        threads[i] = g_thread_new ("verify", verify_thread, &attempts[i]);
      for (i = 0; i < 2; i++)
        g_thread_join (threads[i]);

      g_assert_cmpint (service_test_count_live (t, id), ==, 1);
      g_assert_cmpstr (account_state (t, ids[0]), ==, "cancelled");
      for (i = 0; i < 2; i++)
        {
          if (attempts[i].status == 200)
            {
              winners++;
              g_assert_cmpstr (account_state (t, ids[i + 1]), ==, "active");
            }
          else
            {
              g_assert_cmpstr (account_state (t, ids[i + 1]), ==, "cancelled");
              if (attempts[i].status == 403)
                {
                  g_assert_cmpstr (attempts[i].code, ==, "account_cancelled");
                  n_cancelled_answers++;
                }
              else
                {
                  g_assert_cmpuint (attempts[i].status, ==, 401);
                  g_assert_cmpstr (attempts[i].code, ==, "unauthorized");
                }
            }
          g_free (attempts[i].code);
          g_free (tokens[i]);
        }
      g_assert_cmpuint (winners, ==, 1);
      for (i = 0; i < G_N_ELEMENTS (phones); i++)
        g_free (phones[i]);
    }

  g_test_message ("%u of 6 losers met their own cancellation inside the transaction",
                  n_cancelled_answers);
  service_test_free (t);
}

/* ----- demo --------------------------------------------------------------------- */

static void
use_demo (XuexinServiceConfig *config)
{
  service_test_use_long_sessions (config);
  config->demo = TRUE;
}

/* --demo seeds classmates with active accounts: path 3 plays end to end,
 * and a restart neither duplicates nor revives them. */
static void
test_demo_classmates (void)
{
  ServiceTest *t = service_test_new (use_demo);
  g_autofree char *classmate = service_test_sign_in (t, "19900000004", "Demo#2024pass");
  g_autoptr(JsonObject) pending = service_test_register (t, "13800000013", "赵明哲",
                                                         "440305199703010514", NULL, TRUE);
  g_autofree char *token = service_test_sign_in (t, "13800000013", SERVICE_TEST_PASSWORD);
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  g_assert_cmpstr (json_object_get_string_member (pending, "state"), ==, "pending_identity");
  g_assert_cmpint (service_test_query_int (t, "SELECT COUNT(*) FROM accounts WHERE phone LIKE '1990000000_' "
                                 "AND state = 'active'"), ==, 4);

  reply = request (t, "POST", "/me/identity/assistance-requests", token,
                   "{\"classmate_name\": \"孙若曦\", \"classmate_login_name\": \"19900000004\", "
                   "\"school\": \"明德理工大学\", \"enrollment_year\": 2019}", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (service_test_get_string (reply, "request.level"), ==, "master");
  path = g_strdup_printf ("/me/inbox/%" G_GINT64_FORMAT "/confirm",
                          service_test_get_int (reply, "request.id"));
  g_clear_pointer (&reply, json_node_unref);
  reply = request (t, "POST", path, classmate, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpint (service_test_count_live (t, "440305199703010514"), ==, 1);
  g_assert_cmpint (service_test_query_int (t, "SELECT COUNT(*) FROM accounts WHERE phone = '19900000003' "
                                 "AND state = 'cancelled'"), ==, 1);

  service_test_restart (t);
  g_assert_cmpint (service_test_query_int (t, "SELECT COUNT(*) FROM accounts WHERE phone LIKE '1990000000_'"),
                   ==, 4);
  g_assert_cmpint (service_test_count_live (t, "440305199703010514"), ==, 1);

  service_test_free (t);
}

/* ----- staff ------------------------------------------------------------------ */

static gboolean
run_add_staff (ServiceTest *t,
               const char  *role,
               const char  *phone,
               const char  *id_number,
               const char  *stdin_password,
               char       **out_stdout)
{
  const char *daemon = g_getenv ("XUEXIN_ACCOUNTD");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { daemon, "--data-dir", t->tmpdir, "add-staff", role, phone, "王审核",
                         id_number, stdin_password != NULL ? "-" : NULL, NULL };

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE
                                     | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                     | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_password, NULL, out_stdout, &err, &error);
  g_assert_no_error (error);
  g_test_message ("add-staff: %s%s", *out_stdout, err);

  return g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0;
}

/* Staff accounts come from the command line only, with a one-time
 * password printed or one read from standard input; they sign in like
 * anyone. */
static void
test_add_staff (void)
{
  ServiceTest *t;
  g_autofree char *out = NULL;
  g_autofree char *id = service_test_make_id ("11010119800101123");
  g_autofree char *other_id = service_test_make_id ("11010119800101456");
  g_autofree char *third_id = service_test_make_id ("11010119800101789");
  g_autofree char *token = NULL;
  const char *line;

  if (g_getenv ("XUEXIN_ACCOUNTD") == NULL)
    {
      g_test_skip ("XUEXIN_ACCOUNTD is not set");
      return;
    }

  t = service_test_new (service_test_use_long_sessions);

  g_assert_true (run_add_staff (t, "reviewer", "13300000001", id, NULL, &out));
  line = strstr (out, "One-time password (shown only now): ");
  g_assert_nonnull (line);
  {
    g_autofree char *password = g_strstrip (g_strdup (line + strlen ("One-time password (shown only now): ")));

    g_assert_cmpuint (strlen (password), ==, 24);
    token = service_test_sign_in (t, "13300000001", password);
  }
  g_assert_cmpint (service_test_query_int (t, "SELECT COUNT(*) FROM accounts WHERE phone = '13300000001' "
                                 "AND role = 'reviewer' AND state = 'active'"), ==, 1);
  g_clear_pointer (&out, g_free);

  g_assert_true (run_add_staff (t, "admin", "13300000002", other_id, "Review#2024pass\n", &out));
  g_assert_null (strstr (out, "One-time password"));
  g_free (token);
  token = service_test_sign_in (t, "13300000002", "Review#2024pass");
  g_clear_pointer (&out, g_free);

  /* Not a staff role; a phone or an ID number a live account has. */
  g_assert_false (run_add_staff (t, "user", "13300000003", third_id, NULL, &out));
  g_clear_pointer (&out, g_free);
  g_assert_false (run_add_staff (t, "reviewer", "13300000001", third_id, NULL, &out));
  g_clear_pointer (&out, g_free);
  g_assert_false (run_add_staff (t, "reviewer", "13300000003", id, NULL, &out));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (service_test_query_int (t, "SELECT COUNT(*) FROM accounts WHERE role != 'user'"), ==, 2);
  g_assert_cmpint (service_test_query_int (t, "SELECT COUNT(*) FROM accounts WHERE role = 'user'"), ==, 0);

  service_test_free (t);
}

int
main (int   argc,
      char *argv[])
{
  service_test_init (&argc, &argv);

  g_test_add_func ("/Service/Identity/overview", test_overview);
  g_test_add_func ("/Service/Identity/records-path", test_records_path);
  g_test_add_func ("/Service/Identity/configured-limits", test_configured_limits);
  g_test_add_func ("/Service/Identity/records-degree-many", test_records_degree_many);
  g_test_add_func ("/Service/Identity/schools", test_schools);
  g_test_add_func ("/Service/Identity/classmate-path", test_classmate_path);
  g_test_add_func ("/Service/Identity/classmate-limits", test_classmate_limits);
  g_test_add_func ("/Service/Identity/classmate-confirms-per-year",
                   test_classmate_confirms_per_year);
  g_test_add_func ("/Service/Identity/complete-directly", test_complete_directly);
  g_test_add_func ("/Service/Identity/race", test_race);
  g_test_add_func ("/Service/Identity/demo-classmates", test_demo_classmates);
  g_test_add_func ("/Service/Identity/add-staff", test_add_staff);

  return g_test_run ();
}
