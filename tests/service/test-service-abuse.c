/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "service-test.h"
#include "xuexin-service-crypto.h"
#include "xuexin-service-db.h"

/*
 * What an attacker tries first (issue 9): racing the sign-in limit,
 * strings cut at an embedded NUL, recovery endpoints as an oracle for
 * "has this person an account", idle sessions, and what every answer
 * (also libsoup's own) says about the server.
 */

#define PHONE "13812345678"
#define WRONG_PASSWORD "Wrong#pass123"
#define N_BURST 12

/* Enough hashing threads that wrong sign-ins really run side by side. */
static void
use_parallel_hashing (XuexinServiceConfig *config)
{
  config->hash_threads = 4;
  config->db_threads = 4;
}

static gint64
count_audit (ServiceTest *t,
             gint64       account_id,
             const char  *event)
{
  g_autofree char *path = g_build_filename (t->tmpdir, "accounts.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  XsDb *db = xs_db_open (path, &error);
  sqlite3_stmt *stmt;
  gint64 count;

  g_assert_no_error (error);
  stmt = xs_db_prepare (db, "SELECT COUNT(*) FROM audit_log WHERE account_id = ?1 AND event = ?2");
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_text (stmt, 2, event, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  xs_db_close (db);

  return count;
}

/* Every password check counts, whatever became of it; and each of a
 * known account leaves one of the audit entries. */
static gint64
count_password_checks (void)
{
  return xs_password_get_n_verified ();
}

static gint64
count_checks_audited (ServiceTest *t,
                      gint64       account_id)
{
  return count_audit (t, account_id, "sign_in_failed")
         + count_audit (t, account_id, "sign_in_locked")
         + count_audit (t, account_id, "sign_in");
}

/* ----- concurrent sign-ins ----------------------------------------------- */

typedef struct {
  ServiceTest *t;
  const char  *password;
  gint        *waiting;   /* all start together */
  guint        status;    /* out */
} SignInAttempt;

static gpointer
sign_in_thread (gpointer data)
{
  SignInAttempt *attempt = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = g_strconcat (xuexin_service_get_base_url (attempt->t->service),
                                      "/sessions", NULL);
  g_autofree char *body = g_strdup_printf ("{\"login_name\": \"%s\", \"password\": \"%s\"}",
                                           PHONE, attempt->password);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);

  /* A start line rather than a sleep: every thread is ready, then all
   * send at once. */
  g_atomic_int_dec_and_test (attempt->waiting);
  while (g_atomic_int_get (attempt->waiting) > 0)
    g_thread_yield ();

  response = soup_session_send_and_read (session, msg, NULL, &error);
  if (response != NULL)
    service_test_record (msg, response);
  g_assert_no_error (error);
  attempt->status = soup_message_get_status (msg);

  return NULL;
}

/* Sends the sign-ins of @passwords at once; their statuses in @statuses. */
static void
sign_in_burst (ServiceTest        *t,
               const char * const *passwords,
               guint               n,
               guint              *statuses)
{
  g_autofree SignInAttempt *attempts = g_new0 (SignInAttempt, n);
  g_autofree GThread **threads = g_new0 (GThread *, n);
  gint waiting = (gint) n;
  guint i;

  for (i = 0; i < n; i++)
    {
      attempts[i] = (SignInAttempt) { t, passwords[i], &waiting, 0 };
      threads[i] = g_thread_new ("sign-in", sign_in_thread, &attempts[i]);
    }
  for (i = 0; i < n; i++)
    {
      g_thread_join (threads[i]);
      statuses[i] = attempts[i].status;
    }
}

/* Twelve wrong passwords at once: exactly five are checked (four
 * failures, then the lock), the others are refused unchecked. */
static void
test_concurrent_wrong_sign_ins (void)
{
  ServiceTest *t = service_test_new (use_parallel_hashing);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = service_test_register (t, PHONE, SERVICE_TEST_NAME, id, NULL,
                                                         FALSE);
  gint64 account_id = json_object_get_int_member (account, "id");
  const char *passwords[N_BURST];
  guint statuses[N_BURST];
  guint n_invalid = 0;
  guint n_limited = 0;
  guint round;
  guint i;

  for (i = 0; i < N_BURST; i++)
    passwords[i] = WRONG_PASSWORD;

  /* A few rounds: each starts with the counters forgotten. */
  for (round = 0; round < 3; round++)
    {
      gint64 checks_before = count_password_checks ();
      gint64 audited_before = count_checks_audited (t, account_id);
      gint64 locks_before = count_audit (t, account_id, "sign_in_locked");

      n_invalid = n_limited = 0;
      sign_in_burst (t, passwords, N_BURST, statuses);
      for (i = 0; i < N_BURST; i++)
        {
          if (statuses[i] == 401)
            n_invalid++;
          else if (statuses[i] == 429)
            n_limited++;
        }

      g_assert_cmpint (count_password_checks () - checks_before, ==,
                       t->config->sign_in_free_failures);
      g_assert_cmpint (count_checks_audited (t, account_id) - audited_before, ==,
                       t->config->sign_in_free_failures);
      g_assert_cmpint (count_audit (t, account_id, "sign_in_locked") - locks_before, ==, 1);
      g_assert_cmpuint (n_invalid, ==, t->config->sign_in_free_failures - 1);
      g_assert_cmpuint (n_limited, ==, N_BURST - n_invalid);

      service_test_advance (t, 2 * 24 * 3600);
    }

  service_test_free (t);
}

/* The right password among wrong ones once four failures are in: it is
 * accepted only if it took the last free attempt, and then no wrong one
 * was checked past the limit; otherwise it is refused unchecked. */
static void
test_right_password_in_burst (void)
{
  ServiceTest *t = service_test_new (use_parallel_hashing);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = service_test_register (t, PHONE, SERVICE_TEST_NAME, id, NULL,
                                                         FALSE);
  gint64 account_id = json_object_get_int_member (account, "id");
  const char *passwords[] = {
    WRONG_PASSWORD, WRONG_PASSWORD, SERVICE_TEST_PASSWORD, WRONG_PASSWORD, WRONG_PASSWORD,
  };
  guint statuses[G_N_ELEMENTS (passwords)];
  guint round;
  guint i;

  for (round = 0; round < 6; round++)
    {
      gint64 checks_before;
      gint64 locks_before;
      gint64 sign_ins_before;
      gint64 checks;
      gboolean locked;

      for (i = 0; i + 1 < t->config->sign_in_free_failures; i++)
        {
          g_autoptr(JsonNode) reply = NULL;
          g_autofree char *body = g_strdup_printf (
            "{\"login_name\": \"%s\", \"password\": \"%s\"}", PHONE, WRONG_PASSWORD);
          guint status = 0;

          reply = service_test_request (t, "POST", "/sessions", NULL, body, &status);
          service_test_assert_error (reply, status, 401, "invalid_credentials", NULL);
        }

      checks_before = count_password_checks ();
      locks_before = count_audit (t, account_id, "sign_in_locked");
      sign_ins_before = count_audit (t, account_id, "sign_in");
      sign_in_burst (t, passwords, G_N_ELEMENTS (passwords), statuses);
      checks = count_password_checks () - checks_before;
      locked = count_audit (t, account_id, "sign_in_locked") > locks_before;

      if (statuses[2] == 201)
        {
          /* It took the fifth attempt: nothing else was checked until it
           * had cleared the count, and the four others cannot lock. */
          g_assert_false (locked);
          g_assert_cmpint (count_audit (t, account_id, "sign_in") - sign_ins_before, ==, 1);
        }
      else
        {
          /* A wrong one took it and locked: only that one was checked. */
          g_assert_cmpuint (statuses[2], ==, 429);
          g_assert_true (locked);
          g_assert_cmpint (checks, ==, 1);
          g_assert_cmpint (count_audit (t, account_id, "sign_in"), ==, sign_ins_before);
        }

      service_test_advance (t, 2 * 24 * 3600);
    }

  service_test_free (t);
}

/* ----- trailing JSON values ---------------------------------------------- */

/* json-glib 1.6 loads "{…}{…}" without error, keeps the first object and
 * leaks the rest; the service refuses such a body as a whole (found by
 * tests/fuzz/fuzz-service-request as a leak). */
static void
test_trailing_values_refused (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = service_test_register (t, PHONE, SERVICE_TEST_NAME, id, NULL,
                                                         FALSE);
  g_autofree char *sign_in = g_strdup_printf ("{\"login_name\": \"%s\", \"password\": \"%s\"}",
                                              PHONE, SERVICE_TEST_PASSWORD);
  const char * const trailers[] = { "{}", " {\"x\": 1}", "[1]", " 7", "\"s\"", " null" };
  guint status = 0;

  for (guint i = 0; i < G_N_ELEMENTS (trailers); i++)
    {
      g_autofree char *body = g_strconcat (sign_in, trailers[i], NULL);
      g_autoptr(JsonNode) reply = service_test_request (t, "POST", "/sessions", NULL, body, &status);

      service_test_assert_error (reply, status, 400, "invalid_request", NULL);
    }

  /* Nor before the object. */
  {
    g_autofree char *body = g_strconcat ("7", sign_in, NULL);
    g_autoptr(JsonNode) reply = service_test_request (t, "POST", "/sessions", NULL, body, &status);

    service_test_assert_error (reply, status, 400, "invalid_request", NULL);
  }

  /* The body alone, and with white space after it, signs in. */
  {
    g_autofree char *body = g_strconcat (sign_in, " \r\n", NULL);
    g_autoptr(JsonNode) reply = service_test_request (t, "POST", "/sessions", NULL, body, &status);

    g_assert_cmpuint (status, ==, 201);
  }

  service_test_free (t);
}

/* ----- NUL and control characters ---------------------------------------- */

static void
assert_refused (ServiceTest *t,
                const char  *path,
                const char  *body,
                const char  *field)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = service_test_request (t, "POST", path, NULL, body, &status);
  service_test_assert_error (reply, status, 400, "invalid_field", field);
}

/* "a\u0000b" must not pass for "a": not as a password, a login name, a
 * recovery field or a code purpose; nor does any control character. */
static void
test_embedded_nul_refused (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = service_test_register (t, PHONE, SERVICE_TEST_NAME, id, NULL,
                                                         FALSE);
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  static const char * const controls[] = {
    "\\u0000", "\\u0001", "\\u001f", "\\u007f", "\\t", "\\n", "\x01", "\x1f",
  };
  guint status = 0;
  guint i;

  service_test_advance (t, 61);

  /* Registration: the password. */
  code = service_test_register_code (t, "13900001111");
  body = g_strdup_printf (
    "{\"phone\": \"13900001111\", \"sms_code\": \"%s\", \"password\": \"Abc123!x\\u0000junk\", "
    "\"password_confirmation\": \"Abc123!x\\u0000junk\", \"name\": \"%s\", "
    "\"id_type\": \"other\", \"id_number\": \"AB12345\"}", code, SERVICE_TEST_NAME);
  assert_refused (t, "/accounts", body, "password");
  g_clear_pointer (&body, g_free);

  /* Sign-in: the login name (the right password after the cut). */
  body = g_strdup_printf ("{\"login_name\": \"%s\\u0000x\", \"password\": \"%s\"}",
                          PHONE, SERVICE_TEST_PASSWORD);
  assert_refused (t, "/sessions", body, "login_name");
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"login_name\": \"%s\", \"password\": \"%s\\u0000x\"}",
                          PHONE, SERVICE_TEST_PASSWORD);
  assert_refused (t, "/sessions", body, "password");
  g_clear_pointer (&body, g_free);

  /* Recovery fields. */
  body = g_strdup_printf ("{\"purpose\": \"find_username\", \"name\": \"%s\\u0000\", "
                          "\"id_number\": \"%s\"}", SERVICE_TEST_NAME, id);
  assert_refused (t, "/sms-codes", body, "name");
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"name\": \"%s\", \"id_number\": \"%s\\u0000\", "
                          "\"sms_code\": \"123456\"}", SERVICE_TEST_NAME, id);
  assert_refused (t, "/account/find-username", body, "id_number");
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"login_name\": \"%s\", \"name\": \"%s\", \"id_number\": \"%s\", "
                          "\"sms_code\": \"123456\\u0000\", \"password\": \"New#password22\", "
                          "\"password_confirmation\": \"New#password22\"}",
                          PHONE, SERVICE_TEST_NAME, id);
  assert_refused (t, "/account/reset-password", body, "sms_code");
  g_clear_pointer (&body, g_free);

  /* The code purpose: nothing is sent. */
  assert_refused (t, "/sms-codes",
                  "{\"purpose\": \"register\\u0000x\", \"phone\": \"13900002222\"}", "purpose");
  g_assert_cmpuint (service_test_count_messages (t, "13900002222"), ==, 0);

  /* Every control character, escaped or raw. */
  for (i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      body = g_strdup_printf ("{\"login_name\": \"%s\", \"password\": \"%s%s\"}",
                              PHONE, SERVICE_TEST_PASSWORD, controls[i]);
      assert_refused (t, "/sessions", body, "password");
      g_clear_pointer (&body, g_free);
    }

  /* A lone surrogate escape gives no UTF-8 string. */
  assert_refused (t, "/sessions", "{\"login_name\": \"a\\ud800b\", \"password\": \"x\"}",
                  "login_name");

  /* An escaped backslash before "u0000" is text, not a NUL. */
  reply = service_test_request (t, "POST", "/sessions", NULL,
                                "{\"login_name\": \"a\\\\u0000\", \"password\": \"x\"}",
                                &status);
  service_test_assert_error (reply, status, 401, "invalid_credentials", NULL);

  /* No account came of any of it, and the real sign-in still works. */
  g_free (service_test_sign_in (t, PHONE, SERVICE_TEST_PASSWORD));
  g_clear_pointer (&reply, json_node_unref);
  reply = service_test_request (t, "POST", "/sessions", NULL,
                                "{\"login_name\": \"13900001111\", \"password\": \"Abc123!x\"}",
                                &status);
  service_test_assert_error (reply, status, 401, "invalid_credentials", NULL);

  service_test_free (t);
}

/* ----- recovery as an oracle ---------------------------------------------- */

static void
use_small_recovery_limit (XuexinServiceConfig *config)
{
  config->recovery_failures_per_ip = 6;
}

/* The raw answer: status and body bytes. */
static char *
post_raw (ServiceTest *t,
          const char  *path,
          const char  *body,
          guint       *status,
          char       **retry_after)
{
  g_autofree char *url = g_strconcat (xuexin_service_get_base_url (t->service), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "X-Forwarded-For", t->client_ip);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  response = soup_session_send_and_read (t->session, msg, NULL, &error);
  if (response != NULL)
    service_test_record (msg, response);
  g_assert_no_error (error);

  /* Codes are delivered in our context. */
  while (g_main_context_iteration (t->context, FALSE))
    ;

  *status = soup_message_get_status (msg);
  if (retry_after != NULL)
    *retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                           "Retry-After"));
  return g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
}

static char *
find_username_body (const char *name,
                    const char *id)
{
  return g_strdup_printf ("{\"name\": \"%s\", \"id_type\": \"resident_id\", "
                          "\"id_number\": \"%s\", \"sms_code\": \"123456\"}", name, id);
}

static char *
reset_password_body (const char *login_name,
                     const char *name,
                     const char *id)
{
  return g_strdup_printf ("{\"login_name\": \"%s\", \"name\": \"%s\", \"id_number\": \"%s\", "
                          "\"sms_code\": \"123456\", \"password\": \"New#password22\", "
                          "\"password_confirmation\": \"New#password22\"}",
                          login_name, name, id);
}

/* With a made-up code, an existing and a made-up identity get the same
 * answer, byte for byte; the attempts are counted per client IP. */
static void
test_recovery_answers_alike (void)
{
  ServiceTest *t = service_test_new (use_small_recovery_limit);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autofree char *other_id = service_test_make_id ("11010119850101456");
  g_autoptr(JsonObject) account = service_test_register (t, PHONE, SERVICE_TEST_NAME, id, NULL,
                                                         FALSE);
  struct {
    const char *path;
    char       *existing;
    char       *made_up;
  } cases[] = {
    { "/account/find-username", find_username_body (SERVICE_TEST_NAME, id),
      find_username_body (SERVICE_TEST_NAME, other_id) },
    { "/account/reset-password", reset_password_body (PHONE, SERVICE_TEST_NAME, id),
      reset_password_body ("13900009999", SERVICE_TEST_NAME, id) },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status_existing = 0;
      guint status_made_up = 0;
      g_autofree char *existing = post_raw (t, cases[i].path, cases[i].existing,
                                            &status_existing, NULL);
      g_autofree char *made_up = post_raw (t, cases[i].path, cases[i].made_up,
                                           &status_made_up, NULL);
      g_autoptr(JsonNode) reply = json_from_string (existing, NULL);

      g_assert_cmpuint (status_existing, ==, status_made_up);
      g_assert_cmpstr (existing, ==, made_up);
      service_test_assert_error (reply, status_existing, 400, "sms_code_invalid", "sms_code");
    }

  /* Four attempts so far; two more are allowed, then 429 with
   * Retry-After, for both endpoints and for code requests of the
   * recovery purposes; another IP is not affected. */
  for (i = 0; i < 2; i++)
    {
      guint status = 0;
      g_autofree char *answer = post_raw (t, cases[i % 2].path, cases[i % 2].made_up,
                                          &status, NULL);

      g_assert_cmpuint (status, ==, 400);
    }
  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status = 0;
      g_autofree char *retry_after = NULL;
      g_autofree char *answer = post_raw (t, cases[i].path, cases[i].existing, &status,
                                          &retry_after);
      g_autoptr(JsonNode) reply = json_from_string (answer, NULL);

      service_test_assert_error (reply, status, 429, "rate_limited", NULL);
      g_assert_nonnull (retry_after);
      g_assert_cmpint (g_ascii_strtoll (retry_after, NULL, 10), ==,
                       service_test_get_int (reply, "error.retry_after"));
      g_assert_cmpint (g_ascii_strtoll (retry_after, NULL, 10), >, 0);
    }
  {
    g_autofree char *body = g_strdup_printf ("{\"purpose\": \"find_username\", \"name\": \"%s\", "
                                             "\"id_number\": \"%s\"}", SERVICE_TEST_NAME,
                                             other_id);
    guint status = 0;
    g_autofree char *answer = post_raw (t, "/sms-codes", body, &status, NULL);

    g_assert_cmpuint (status, ==, 429);
  }

  service_test_set_client_ip (t, "198.51.100.7");
  {
    guint status = 0;
    g_autofree char *answer = post_raw (t, cases[0].path, cases[0].made_up, &status, NULL);

    g_assert_cmpuint (status, ==, 400);
  }

  /* The window ends a day after its first attempt. */
  service_test_set_client_ip (t, "192.0.2.10");
  service_test_advance (t, 24 * 3600);
  {
    guint status = 0;
    g_autofree char *answer = post_raw (t, cases[1].path, cases[1].made_up, &status, NULL);

    g_assert_cmpuint (status, ==, 400);
  }

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_free (cases[i].existing);
      g_free (cases[i].made_up);
    }
  service_test_free (t);
}

/* A recovery that works does not count against the IP. */
static void
test_recovery_success_not_counted (void)
{
  ServiceTest *t = service_test_new (use_small_recovery_limit);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = service_test_register (t, PHONE, SERVICE_TEST_NAME, id, NULL,
                                                         FALSE);
  guint i;

  for (i = 0; i < t->config->recovery_failures_per_ip + 2; i++)
    {
      g_autofree char *code_body = g_strdup_printf (
        "{\"purpose\": \"find_username\", \"name\": \"%s\", \"id_number\": \"%s\"}",
        SERVICE_TEST_NAME, id);
      g_autofree char *body = NULL;
      g_autofree char *answer = NULL;
      guint status = 0;

      service_test_advance (t, 61);
      g_free (post_raw (t, "/sms-codes", code_body, &status, NULL));
      g_assert_cmpuint (status, ==, 201);
      body = g_strdup_printf ("{\"name\": \"%s\", \"id_number\": \"%s\", \"sms_code\": \"%s\"}",
                              SERVICE_TEST_NAME, id, service_test_last_code (t, PHONE));
      answer = post_raw (t, "/account/find-username", body, &status, NULL);
      g_assert_cmpuint (status, ==, 200);
    }

  service_test_free (t);
}

/* ----- idle timeout -------------------------------------------------------- */

static void
use_short_idle_timeout (XuexinServiceConfig *config)
{
  config->session_idle_timeout = 40;
}

/* A session used every 30 s never reaches a 40 s idle timeout; one left
 * alone for 40 s ends. */
static void
test_short_idle_timeout (void)
{
  ServiceTest *t = service_test_new (use_short_idle_timeout);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = service_test_register (t, PHONE, SERVICE_TEST_NAME, id, NULL,
                                                         FALSE);
  g_autofree char *token = service_test_sign_in (t, PHONE, SERVICE_TEST_PASSWORD);
  guint i;

  for (i = 0; i < 6; i++)
    {
      g_autoptr(JsonNode) me = NULL;
      guint status = 0;

      service_test_advance (t, 30);
      me = service_test_request (t, "GET", "/me", token, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
    }

  service_test_advance (t, 40);
  {
    g_autoptr(JsonNode) me = NULL;
    guint status = 0;

    me = service_test_request (t, "GET", "/me", token, NULL, &status);
    service_test_assert_error (me, status, 401, "unauthorized", NULL);
  }

  service_test_free (t);
}

/* ----- what every answer says ---------------------------------------------- */

typedef struct {
  guint       status;
  GHashTable *headers;  /* lower-case name → value */
} RawAnswer;

static void
raw_answer_clear (RawAnswer *answer)
{
  g_clear_pointer (&answer->headers, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RawAnswer, raw_answer_clear)

/* Writes @request on a fresh connection and reads the answer's head. */
static void
raw_request (ServiceTest *t,
             const char  *request,
             RawAnswer   *answer)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) data = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  char *end;
  guint i;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                (guint16) xuexin_service_get_port (t->service),
                                                NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  /* Up to the end of the head (the connection may stay open). */
  while ((end = strstr (data->str, "\r\n\r\n")) == NULL)
    {
      char buffer[4096];
      gssize n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                      buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (data, buffer, n);
    }
  *end = '\0';

  lines = g_strsplit (data->str, "\r\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "HTTP/1."));
  answer->status = (guint) g_ascii_strtoull (lines[0] + strlen ("HTTP/1.x "), NULL, 10);
  answer->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (i = 1; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');

      g_assert_nonnull (colon);
      g_hash_table_insert (answer->headers, g_ascii_strdown (lines[i], colon - lines[i]),
                           g_strstrip (g_strdup (colon + 1)));
    }
}

/* Cache-Control: no-store on every answer, the service's and libsoup's
 * own, and no version in the Server header. */
static void
test_every_answer_no_store (void)
{
  ServiceTest *t = service_test_new (NULL);
  static const struct {
    const char *request;
    guint       status;
  } requests[] = {
    { "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 200 },
    { "GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404 },
    { "POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", 400 },
    /* libsoup's own answers */
    { "POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Transfer-Encoding: gzip, chunked\r\n\r\n", 501 },
    { "GET /api/v1/health HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", 505 },
    { "GET /api/v1/health HTTP/1.1\r\n\r\n", 400 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_auto(RawAnswer) answer = { 0, };
      const char *server;

      raw_request (t, requests[i].request, &answer);
      g_test_message ("%s → %u", requests[i].request, answer.status);
      g_assert_cmpuint (answer.status, ==, requests[i].status);
      g_assert_cmpstr (g_hash_table_lookup (answer.headers, "cache-control"), ==, "no-store");

      server = g_hash_table_lookup (answer.headers, "server");
      if (server != NULL)
        {
          g_assert_null (strchr (server, '/'));
          g_assert_null (strstr (server, PACKAGE_VERSION));
          g_assert_null (strstr (server, "libsoup"));
        }
    }

  service_test_free (t);
}

int
main (int   argc,
      char *argv[])
{
  service_test_init (&argc, &argv);

  g_test_add_func ("/Service/Abuse/concurrent-wrong-sign-ins", test_concurrent_wrong_sign_ins);
  g_test_add_func ("/Service/Abuse/right-password-in-burst", test_right_password_in_burst);
  g_test_add_func ("/Service/Abuse/embedded-nul-refused", test_embedded_nul_refused);
  g_test_add_func ("/Service/Abuse/trailing-values-refused", test_trailing_values_refused);
  g_test_add_func ("/Service/Abuse/recovery-answers-alike", test_recovery_answers_alike);
  g_test_add_func ("/Service/Abuse/recovery-success-not-counted",
                   test_recovery_success_not_counted);
  g_test_add_func ("/Service/Abuse/short-idle-timeout", test_short_idle_timeout);
  g_test_add_func ("/Service/Abuse/every-answer-no-store", test_every_answer_no_store);

  return g_test_run ();
}
