/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "service-test.h"

/*
 * kill -9 of the real daemon (issue 14): xuexin-accountd runs a mixed
 * workload from three client threads (registrations, re-registrations,
 * verification by records, photo uploads, submissions, a reviewer's
 * claims and approvals) and is killed with SIGKILL at a random moment;
 * then restarted on the same data directory. Every write the clients
 * saw acknowledged (a 2xx answer) is found, and nothing is half-done:
 * no account verified while another of its ID number is live, no case
 * approved with its account still pending, the queue count right, every
 * photo named by the database on disk, PRAGMA integrity_check ok.
 *
 * 3 rounds by default; XUEXIN_CRASH_ROUNDS=20 for the long mode.
 */

#define WORKERS 3
#define REVIEWER_PHONE "13600000001"
#define REVIEWER_PASSWORD "Review#2024pass"
#define SCHOOL "海川大学"
/* Persons 0…999 would share the reviewer's birth year. */
#define FIRST_PERSON 1000

static const char * const sides[] = { "handheld", "front", "back" };

typedef enum {
  ACK_REGISTERED,
  ACK_VERIFIED,
  ACK_PHOTO,
  ACK_SUBMITTED,
  ACK_APPROVED,
  N_ACKS
} AckKind;

static const char * const ack_names[] = {
  "registrations", "verifications by records", "photo uploads", "submissions", "approvals",
};

typedef struct {
  AckKind kind;
  guint   person;
  char   *phone;   /* ACK_REGISTERED */
  int     side;    /* ACK_PHOTO */
} Ack;

typedef struct {
  char        *dir;
  char        *config_file;
  char        *db_path;
  char        *outbox;
  char        *binary;
  char        *base;
  GSubprocess *daemon;
  GMutex       lock;
  GPtrArray   *acks;
  guint        ack_counts[N_ACKS];
  guint        next_person;
  char        *reviewer;
  int          stopping;
} Crash;

static void
ack_free (gpointer data)
{
  Ack *ack = data;

  g_free (ack->phone);
  g_free (ack);
}

static void
acknowledge (Crash      *c,
             AckKind     kind,
             guint       person,
             const char *phone,
             int         side)
{
  Ack *ack = g_new0 (Ack, 1);

  ack->kind = kind;
  ack->person = person;
  ack->phone = g_strdup (phone);
  ack->side = side;
  g_mutex_lock (&c->lock);
  g_ptr_array_add (c->acks, ack);
  c->ack_counts[kind]++;
  g_mutex_unlock (&c->lock);
}

static char *
person_id (guint person)
{
  g_autofree char *first17 = g_strdup_printf ("110101%04u0101%03u", 1970 + (person / 1000) % 30,
                                              person % 1000);

  return service_test_make_id (first17);
}

static char *
person_phone (guint person,
              gboolean pending)
{
  return g_strdup_printf ("%s%08u", pending ? "139" : "138", person);
}

/* ----- HTTP, from any thread ------------------------------------------------- */

/* NULL and *status 0 when the daemon is gone. */
static JsonNode *
http (Crash       *c,
      SoupSession *session,
      const char  *method,
      const char  *path,
      const char  *token,
      GBytes      *body,
      const char  *content_type,
      guint       *status)
{
  g_autofree char *url = g_strconcat (c->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  *status = 0;
  response = soup_session_send_and_read (session, msg, NULL, NULL);
  if (response == NULL)
    return NULL;
  *status = soup_message_get_status (msg);
  if (g_bytes_get_size (response) == 0
      || !json_parser_load_from_data (parser, g_bytes_get_data (response, NULL),
                                      (gssize) g_bytes_get_size (response), NULL))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static JsonNode *
http_json (Crash       *c,
           SoupSession *session,
           const char  *method,
           const char  *path,
           const char  *token,
           const char  *json,
           guint       *status)
{
  g_autoptr(GBytes) body = json ? g_bytes_new (json, strlen (json)) : NULL;

  return http (c, session, method, path, token, body, "application/json", status);
}

/* A 2xx, or the daemon gone (FALSE); anything else fails the test. */
static gboolean
expect_ok (Crash      *c,
           guint       status,
           JsonNode   *reply,
           const char *what)
{
  if (status == 0)
    return FALSE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    g_error ("%s: HTTP %u %s", what, status,
             reply ? service_test_get_string (reply, "error.code") : "");
  return TRUE;
}

/* The newest code the outbox holds for @phone. */
static char *
outbox_code (Crash      *c,
             const char *phone)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *needle = g_strdup_printf ("\"recipient\":\"%s\"", phone);

  if (!g_file_get_contents (c->outbox, &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      g_autoptr(JsonParser) parser = NULL;

      if (strstr (lines[i - 1], phone) == NULL)
        continue;
      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, lines[i - 1], -1, NULL)
          && g_strcmp0 (service_test_get_string (json_parser_get_root (parser), "recipient"),
                        phone) == 0)
        return g_strdup (service_test_get_string (json_parser_get_root (parser), "code"));
    }
  return NULL;
}

static gboolean
do_register (Crash       *c,
             SoupSession *session,
             guint        person,
             gboolean     pending)
{
  g_autofree char *phone = person_phone (person, pending);
  g_autofree char *id_number = person_id (person);
  g_autofree char *request = g_strdup_printf ("{\"purpose\": \"register\", \"phone\": \"%s\"}",
                                              phone);
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  sent = http_json (c, session, "POST", "/sms-codes", NULL, request, &status);
  if (!expect_ok (c, status, sent, "code"))
    return FALSE;
  code = outbox_code (c, phone);
  g_assert_nonnull (code);
  body = g_strdup_printf (
    "{\"phone\": \"%s\", \"sms_code\": \"%s\", \"password\": \"%s\", "
    "\"password_confirmation\": \"%s\", \"name\": \"%s\", \"id_type\": \"resident_id\", "
    "\"id_number\": \"%s\", \"reregister\": %s}",
    phone, code, SERVICE_TEST_PASSWORD, SERVICE_TEST_PASSWORD, SERVICE_TEST_NAME, id_number,
    pending ? "true" : "false");
  reply = http_json (c, session, "POST", "/accounts", NULL, body, &status);
  if (!expect_ok (c, status, reply, "registration"))
    return FALSE;
  acknowledge (c, ACK_REGISTERED, person, phone, -1);
  return TRUE;
}

static char *
do_sign_in (Crash       *c,
            SoupSession *session,
            const char  *phone,
            const char  *password)
{
  g_autofree char *body = g_strdup_printf ("{\"login_name\": \"%s\", \"password\": \"%s\"}",
                                           phone, password);
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  reply = http_json (c, session, "POST", "/sessions", NULL, body, &status);
  if (!expect_ok (c, status, reply, "sign-in"))
    return NULL;
  return g_strdup (service_test_get_string (reply, "token"));
}

/* One person: an account, a re-registration, and its verification by
 * records (even) or by review (odd). FALSE once the daemon is gone. */
static gboolean
do_person (Crash       *c,
           SoupSession *session,
           guint        person)
{
  g_autofree char *phone = person_phone (person, TRUE);
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) reply = NULL;
  guint status;
  gint64 case_id;

  if (!do_register (c, session, person, FALSE) || !do_register (c, session, person, TRUE))
    return FALSE;
  token = do_sign_in (c, session, phone, SERVICE_TEST_PASSWORD);
  if (token == NULL)
    return FALSE;

  if (person % 2 == 0)
    {
      g_autofree char *body = g_strdup_printf (
        "{\"kind\": \"enrollment\", \"school\": \"" SCHOOL "\", \"student_number\": \"%u\", "
        "\"enrollment_year\": 2008, \"level\": \"benke\"}", person);

      reply = http_json (c, session, "POST", "/me/identity/records", token, body, &status);
      if (!expect_ok (c, status, reply, "records"))
        return FALSE;
      acknowledge (c, ACK_VERIFIED, person, NULL, -1);
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GBytes) photo = service_test_make_photo (person * 3 + i, 0);
      g_autofree char *path = g_strdup_printf ("/me/identity/case/photos/%s", sides[i]);
      g_autoptr(JsonNode) put = http (c, session, "PUT", path, token, photo, "image/jpeg",
                                      &status);

      if (!expect_ok (c, status, put, "photo"))
        return FALSE;
      acknowledge (c, ACK_PHOTO, person, NULL, (int) i);
    }
  reply = http_json (c, session, "POST", "/me/identity/case/submit", token, "{}", &status);
  if (!expect_ok (c, status, reply, "submission"))
    return FALSE;
  acknowledge (c, ACK_SUBMITTED, person, NULL, -1);
  case_id = service_test_get_int (reply, "case.id");
  g_assert_cmpint (case_id, >, 0);
  g_clear_pointer (&reply, json_node_unref);

  {
    g_autofree char *claim = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT "/claim", case_id);
    g_autofree char *decide = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT "/decision",
                                               case_id);

    reply = http_json (c, session, "POST", claim, c->reviewer, "{}", &status);
    if (!expect_ok (c, status, reply, "claim"))
      return FALSE;
    g_clear_pointer (&reply, json_node_unref);
    reply = http_json (c, session, "POST", decide, c->reviewer, "{\"decision\": \"approve\"}",
                       &status);
    if (!expect_ok (c, status, reply, "decision"))
      return FALSE;
    acknowledge (c, ACK_APPROVED, person, NULL, -1);
  }
  return TRUE;
}

static gpointer
worker (gpointer data)
{
  Crash *c = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);

  while (!g_atomic_int_get (&c->stopping))
    {
      guint person = g_atomic_int_add (&c->next_person, 1);

      if (!do_person (c, session, person))
        break;
    }
  return NULL;
}

/* ----- the daemon -------------------------------------------------------------- */

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A test that fails leaves no daemon behind. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
start_daemon (Crash *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 5, NULL);
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_free (c->base);
  c->base = g_strdup_printf ("http://127.0.0.1:%s/api/v1", port);
  c->daemon = g_subprocess_launcher_spawn (launcher, &error, c->binary, "--config",
                                           c->config_file, "--port", port, NULL);
  g_assert_no_error (error);

  for (;;)
    {
      g_autoptr(JsonNode) reply = NULL;
      guint status = 0;

      reply = http_json (c, session, "GET", "/health", NULL, NULL, &status);
      if (status == 200)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_nonnull (g_subprocess_get_identifier (c->daemon));  /* still running */
      g_usleep (20 * 1000);  /* polling for the daemon to listen */
    }
}

static void
kill_daemon (Crash *c)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (c->daemon, SIGKILL);
  g_subprocess_wait (c->daemon, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (c->daemon));
  g_assert_cmpint (g_subprocess_get_term_sig (c->daemon), ==, SIGKILL);
  g_clear_object (&c->daemon);
}

static void
stop_daemon (Crash *c)
{
  g_subprocess_send_signal (c->daemon, SIGTERM);
  g_subprocess_wait (c->daemon, NULL, NULL);
  g_clear_object (&c->daemon);
}

static void
setup (Crash *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) add = NULL;
  g_autofree char *staff_id = service_test_make_id ("11010119700101001");
  g_autofree char *config = NULL;
  sqlite3 *db = NULL;

  c->binary = g_strdup (g_getenv ("XUEXIN_ACCOUNTD"));
  g_assert_nonnull (c->binary);
  c->dir = g_dir_make_tmp ("xuexin-crash-XXXXXX", &error);
  g_assert_no_error (error);
  c->config_file = g_build_filename (c->dir, "accountd.conf", NULL);
  c->db_path = g_build_filename (c->dir, "accounts.sqlite3", NULL);
  c->outbox = g_build_filename (c->dir, "outbox.jsonl", NULL);
  c->acks = g_ptr_array_new_with_free_func (ack_free);
  g_mutex_init (&c->lock);

  /* Cheap hashing, and limits no workload from one IP reaches. */
  config = g_strdup_printf ("[service]\ndata-dir=%s\ndb-threads=2\n"
                            "[delivery]\nbackend=outbox\n"
                            "[hashing]\nopslimit=1\nmemlimit=8388608\nthreads=2\n"
                            "[limits]\ncode-daily-limit-per-ip=1000000\n"
                            "review-submissions-limit=1000\n", c->dir);
  g_assert_true (g_file_set_contents (c->config_file, config, -1, &error));

  add = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                          &error, c->binary, "--config", c->config_file, "add-staff", "reviewer",
                          REVIEWER_PHONE, "审核员", staff_id, "-", NULL);
  g_assert_no_error (error);
  {
    g_autoptr(GBytes) password = g_bytes_new_static (REVIEWER_PASSWORD "\n",
                                                     strlen (REVIEWER_PASSWORD) + 1);

    g_assert_true (g_subprocess_communicate (add, password, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_successful (add));
  }

  /* The registry holds every person the workload may reach. */
  g_assert_cmpint (sqlite3_open (c->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint p = FIRST_PERSON; p < FIRST_PERSON + 20000; p += 2)
    {
      g_autofree char *id_number = person_id (p);
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO enrollment_records (id_number, name, school, student_number, "
        "enrollment_year, level, status) VALUES ('%s', '%s', '" SCHOOL "', '%u', 2008, "
        "'benke', 'graduated')", id_number, SERVICE_TEST_NAME, p);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* ----- what must hold after a crash --------------------------------------------- */

static gint64
query (sqlite3    *db,
       const char *format,
       ...) G_GNUC_PRINTF (2, 3);

static gint64
query (sqlite3    *db,
       const char *format,
       ...)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gint64
account_of (sqlite3 *db,
            guint    person,
            gboolean pending)
{
  g_autofree char *phone = person_phone (person, pending);

  return query (db, "SELECT COALESCE ((SELECT id FROM accounts WHERE phone = '%s'), 0)", phone);
}

static void
check (Crash *c)
{
  g_autofree char *photos = g_build_filename (c->dir, "photos", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (c->db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  /* Every acknowledged write. */
  for (guint i = 0; i < c->acks->len; i++)
    {
      Ack *ack = c->acks->pdata[i];
      gint64 pending = account_of (db, ack->person, TRUE);
      gint64 old = account_of (db, ack->person, FALSE);

      switch (ack->kind)
        {
        case ACK_REGISTERED:
          g_assert_cmpint (query (db, "SELECT COUNT(*) FROM accounts WHERE phone = '%s'",
                                  ack->phone), ==, 1);
          break;
        case ACK_VERIFIED:
          g_assert_cmpint (query (db, "SELECT state = 'active' AND verified_path = 'records' "
                                      "FROM accounts WHERE id = %" G_GINT64_FORMAT, pending),
                           ==, 1);
          g_assert_cmpint (query (db, "SELECT state = 'cancelled' FROM accounts WHERE id = %"
                                      G_GINT64_FORMAT, old), ==, 1);
          break;
        case ACK_PHOTO:
          g_assert_cmpint (query (db, "SELECT COUNT(*) FROM review_photos p JOIN review_cases c "
                                      "ON c.id = p.case_id WHERE c.account_id = %" G_GINT64_FORMAT
                                      " AND p.side = '%s'", pending, sides[ack->side]), >=, 1);
          break;
        case ACK_SUBMITTED:
          g_assert_cmpint (query (db, "SELECT state != 'draft' AND submissions >= 1 FROM "
                                      "review_cases WHERE account_id = %" G_GINT64_FORMAT,
                                      pending), ==, 1);
          break;
        case ACK_APPROVED:
          g_assert_cmpint (query (db, "SELECT state = 'approved' FROM review_cases "
                                      "WHERE account_id = %" G_GINT64_FORMAT, pending), ==, 1);
          g_assert_cmpint (query (db, "SELECT state = 'active' AND verified_path = 'help_desk' "
                                      "FROM accounts WHERE id = %" G_GINT64_FORMAT, pending), ==, 1);
          g_assert_cmpint (query (db, "SELECT state = 'cancelled' FROM accounts WHERE id = %"
                                      G_GINT64_FORMAT, old), ==, 1);
          break;
        case N_ACKS:
        default:
          g_assert_not_reached ();
        }
    }

  /* Nothing half-done, acknowledged or not. */
  g_assert_cmpint (query (db, "SELECT COUNT(*) FROM accounts a WHERE a.verified_at IS NOT NULL "
                              "AND a.state = 'active' AND EXISTS (SELECT 1 FROM accounts b "
                              "WHERE b.id_number = a.id_number AND b.id != a.id "
                              "AND b.state != 'cancelled')"), ==, 0);
  g_assert_cmpint (query (db, "SELECT COUNT(*) FROM accounts a WHERE a.state = 'cancelled' "
                              "AND NOT EXISTS (SELECT 1 FROM accounts b WHERE b.id_number = "
                              "a.id_number AND b.verified_at IS NOT NULL AND b.state = 'active')"),
                   ==, 0);
  g_assert_cmpint (query (db, "SELECT COUNT(*) FROM review_cases c JOIN accounts a ON "
                              "a.id = c.account_id WHERE c.state = 'approved' AND "
                              "(a.state != 'active' OR a.verified_path != 'help_desk')"), ==, 0);
  g_assert_cmpint (query (db, "SELECT COUNT(*) FROM review_submissions s JOIN review_cases c "
                              "ON c.id = s.case_id WHERE (s.decision = 'approved') != "
                              "(c.state = 'approved')"), ==, 0);
  g_assert_cmpint (query (db, "SELECT COUNT(*) FROM review_cases WHERE state = 'submitted' "
                              "AND submissions != (SELECT COUNT(*) FROM review_submissions s "
                              "WHERE s.case_id = review_cases.id)"), ==, 0);
  g_assert_cmpint (query (db, "SELECT open FROM review_queue_count"), ==,
                   query (db, "SELECT COUNT(*) FROM review_cases WHERE state = 'submitted'"));

  /* Every photo the database names is on disk. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM review_photos", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *file = g_build_filename (photos,
                                                (const char *) sqlite3_column_text (stmt, 0),
                                                NULL);

      g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static guint
count_orphan_photos (Crash *c)
{
  g_autofree char *photos = g_build_filename (c->dir, "photos", NULL);
  g_autoptr(GDir) dir = g_dir_open (photos, 0, NULL);
  guint files = 0;
  sqlite3 *db = NULL;
  gint64 rows;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    files++;
  g_assert_cmpint (sqlite3_open (c->db_path, &db), ==, SQLITE_OK);
  rows = query (db, "SELECT COUNT(*) FROM review_photos");
  sqlite3_close (db);
  return files > rows ? files - (guint) rows : 0;
}

static void
test_kill_rounds (void)
{
  Crash c = { 0, };
  const char *env = g_getenv ("XUEXIN_CRASH_ROUNDS");
  guint rounds = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 3;
  guint64 seed = g_test_rand_int ();
  GRand *rand = g_rand_new_with_seed ((guint32) seed);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);

  c.next_person = FIRST_PERSON;
  setup (&c);
  start_daemon (&c);
  c.reviewer = do_sign_in (&c, session, REVIEWER_PHONE, REVIEWER_PASSWORD);
  g_assert_nonnull (c.reviewer);

  for (guint round = 0; round < rounds; round++)
    {
      GThread *threads[WORKERS];
      guint before = c.acks->len;
      /* Anywhere from the first requests to a few people in. */
      gulong delay = (gulong) g_rand_int_range (rand, 50, 1500) * 1000;

      g_atomic_int_set (&c.stopping, 0);
      for (guint i = 0; i < WORKERS; i++)
        threads[i] = g_thread_new ("crash-worker", worker, &c);
      g_usleep (delay);  /* the random moment of the kill, not a wait for a result */
      g_atomic_int_set (&c.stopping, 1);
      kill_daemon (&c);
      for (guint i = 0; i < WORKERS; i++)
        g_thread_join (threads[i]);

      check (&c);
      start_daemon (&c);
      check (&c);
      g_test_message ("round %u: killed after %lu ms, %u writes acknowledged before it",
                      round + 1, delay / 1000, c.acks->len - before);
    }

  /* And it serves on: the reviewer's session survived every crash. */
  {
    g_autoptr(JsonNode) reply = NULL;
    guint status = 0;

    reply = http_json (&c, session, "GET", "/review/cases", c.reviewer, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
  }

  g_test_message ("%u rounds, %u acknowledged writes checked: %u %s, %u %s, %u %s, %u %s, "
                  "%u %s; %u photo files without a row (uploads cut short)", rounds,
                  c.acks->len, c.ack_counts[0], ack_names[0], c.ack_counts[1], ack_names[1],
                  c.ack_counts[2], ack_names[2], c.ack_counts[3], ack_names[3],
                  c.ack_counts[4], ack_names[4], count_orphan_photos (&c));

  stop_daemon (&c);
  g_rand_free (rand);
  g_ptr_array_unref (c.acks);
  service_test_remove_tree (c.dir);
  g_free (c.dir);
  g_free (c.config_file);
  g_free (c.db_path);
  g_free (c.outbox);
  g_free (c.binary);
  g_free (c.base);
  g_free (c.reviewer);
}

int
main (int   argc,
      char *argv[])
{
  service_test_init (&argc, &argv);

  g_test_add_func ("/Service/Crash/kill-rounds", test_kill_rounds);

  return g_test_run ();
}
