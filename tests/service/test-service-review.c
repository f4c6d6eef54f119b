/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <sqlite3.h>

#include "service-test.h"
#include "xuexin-service-private.h"

/*
 * Path 2 of identity verification: review cases with ID photos, the
 * help desk's queue under /review/…, claims, decisions, resubmission
 * rules, who may reach what, and the retention of the photos. Photos are
 * real JPEGs made with gdk-pixbuf.
 */

#define PHONE_OLD      "13812345678"
#define PHONE_NEW      "13912345678"
#define PHONE_USER     "13712340000"
#define PHONE_REVIEWER "13600000001"
#define PHONE_REVIEWER2 "13600000002"
#define PHONE_ADMIN    "13600000003"
#define STAFF_PASSWORD "Review#2024pass"

static const char * const sides[] = { "handheld", "front", "back" };

static guint
count_photo_files (ServiceTest *t)
{
  g_autofree char *dir_path = g_build_filename (t->tmpdir, "photos", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static GBytes *
make_gif (void)
{
  /* The smallest GIF: magic, screen, no frames worth decoding. */
  static const guint8 gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
                              "!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01"
                              "\x00\x00\x02\x02D\x01\x00;";

  return g_bytes_new_static (gif, sizeof gif - 1);
}

static guint
put_photo (ServiceTest *t,
           const char  *token,
           const char  *side,
           GBytes      *photo,
           JsonNode   **out_reply)
{
  g_autofree char *path = g_strdup_printf ("/me/identity/case/photos/%s", side);
  guint status = 0;
  JsonNode *reply = service_test_request_raw (t, "PUT", path, token, photo, &status, NULL);

  if (out_reply != NULL)
    *out_reply = reply;
  else if (reply != NULL)
    json_node_unref (reply);
  return status;
}

/* The raw answer (photos are not JSON). */
static GBytes *
get_bytes (ServiceTest  *t,
           const char   *path,
           const char   *token,
           guint        *status,
           char        **content_type)
{
  g_autofree char *url = g_strconcat (xuexin_service_get_base_url (t->service), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  GBytes *body;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (t->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (content_type != NULL)
    *content_type = g_strdup (soup_message_headers_get_content_type (
                                soup_message_get_response_headers (msg), NULL));
  return body;
}

typedef struct {
  char   *id_number;
  gint64  old_id;
  gint64  new_id;
  char   *old_token;   /* active, not staff */
  char   *new_token;   /* pending */
  gint64  reviewer_id;
  char   *reviewer;
  char   *reviewer2;
  char   *admin;
} Fixture;

static void
fixture_clear (Fixture *f)
{
  g_free (f->id_number);
  g_free (f->old_token);
  g_free (f->new_token);
  g_free (f->reviewer);
  g_free (f->reviewer2);
  g_free (f->admin);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fixture, fixture_clear)

static void
fixture_init (ServiceTest *t,
              Fixture     *f)
{
  g_autoptr(JsonObject) old_account = NULL;
  g_autoptr(JsonObject) new_account = NULL;

  f->id_number = service_test_make_id ("11010119900307123");
  old_account = service_test_register (t, PHONE_OLD, SERVICE_TEST_NAME, f->id_number, NULL,
                                       FALSE);
  f->old_id = json_object_get_int_member (old_account, "id");
  f->old_token = service_test_sign_in (t, PHONE_OLD, SERVICE_TEST_PASSWORD);
  new_account = service_test_register (t, PHONE_NEW, SERVICE_TEST_NAME, f->id_number, NULL,
                                       TRUE);
  g_assert_cmpstr (json_object_get_string_member (new_account, "state"), ==,
                   "pending_identity");
  f->new_id = json_object_get_int_member (new_account, "id");
  f->new_token = service_test_sign_in (t, PHONE_NEW, SERVICE_TEST_PASSWORD);

  f->reviewer = service_test_add_staff (t, PHONE_REVIEWER, "reviewer", STAFF_PASSWORD);
  f->reviewer_id = service_test_query_int (t, "SELECT id FROM accounts WHERE phone = '" PHONE_REVIEWER "'");
  f->reviewer2 = service_test_add_staff (t, PHONE_REVIEWER2, "reviewer", STAFF_PASSWORD);
  f->admin = service_test_add_staff (t, PHONE_ADMIN, "admin", STAFF_PASSWORD);
}

/* Uploads three new photos (seeds @seed…@seed+2) and submits. */
static void
upload_and_submit (ServiceTest *t,
                   Fixture     *f,
                   guint        seed)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GBytes) photo = service_test_make_photo (seed + i, 0);

      g_assert_cmpuint (put_photo (t, f->new_token, sides[i], photo, NULL), ==, 200);
    }
  reply = service_test_request (t, "POST", "/me/identity/case/submit", f->new_token, "{}",
                                &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "submitted");
}

static gint64
case_id_of (ServiceTest *t,
            Fixture     *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM review_cases WHERE account_id = %"
                                          G_GINT64_FORMAT, f->new_id);
  return service_test_query_int (t, sql);
}

static guint
review_post (ServiceTest *t,
             const char  *token,
             gint64       case_id,
             const char  *what,
             const char  *body,
             JsonNode   **out_reply)
{
  g_autofree char *path = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT "/%s", case_id, what);
  guint status = 0;
  JsonNode *reply = service_test_request (t, "POST", path, token, body ? body : "{}", &status);

  if (out_reply != NULL)
    *out_reply = reply;
  else if (reply != NULL)
    json_node_unref (reply);
  return status;
}

static void
reject (ServiceTest *t,
        Fixture     *f,
        gint64       case_id,
        const char  *reason)
{
  g_autofree char *body = g_strdup_printf ("{\"decision\": \"reject\", \"reason\": \"%s\", "
                                           "\"note\": \"请重新拍摄\"}", reason);

  g_assert_cmpuint (review_post (t, f->reviewer, case_id, "claim", NULL, NULL), ==, 200);
  g_assert_cmpuint (review_post (t, f->reviewer, case_id, "decision", body, NULL), ==, 200);
}

/* ----- end to end -------------------------------------------------------- */

static void
test_end_to_end (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(Fixture) f = { 0, };
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GBytes) own = NULL;
  g_autofree char *type = NULL;
  g_autofree char *photo_path = NULL;
  g_autofree char *sql = NULL;
  guint status = 0;
  gint64 case_id;

  fixture_init (t, &f);
  service_test_exec_sql (t, "INSERT INTO enrollment_records (id_number, name, school, "
                            "student_number, enrollment_year, level, status) VALUES ('"
                            "x', 'y', 'z', '1', 2008, 'benke', 'graduated')");
  sql = g_strdup_printf ("UPDATE enrollment_records SET id_number = '%s', name = '张晓明' "
                         "WHERE student_number = '1'", f.id_number);
  service_test_exec_sql (t, sql);

  /* No case yet. */
  reply = service_test_request (t, "GET", "/me/identity/case", f.new_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_node_get_object (reply),
                                                               "case")));
  g_clear_pointer (&reply, json_node_unref);

  /* Two photos are not enough. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GBytes) photo = service_test_make_photo (i, 0);

      g_assert_cmpuint (put_photo (t, f.new_token, sides[i], photo, NULL), ==, 200);
    }
  reply = service_test_request (t, "POST", "/me/identity/case/submit", f.new_token, "{}",
                                &status);
  service_test_assert_error (reply, status, 400, "case_incomplete", NULL);
  g_clear_pointer (&reply, json_node_unref);

  /* The owner reads back a draft photo: re-encoded JPEG. */
  own = get_bytes (t, "/me/identity/case/photos/front", f.new_token, &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "image/jpeg");
  g_assert_cmpmem (g_bytes_get_data (own, NULL), 2, "\xff\xd8", 2);
  g_clear_pointer (&type, g_free);

  {
    g_autoptr(GBytes) photo = service_test_make_photo (2, 0);

    g_assert_cmpuint (put_photo (t, f.new_token, "back", photo, &reply), ==, 200);
    g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "draft");
    g_assert_cmpint (service_test_get_int (reply, "case.photos.0.width"), ==, 800);
    g_clear_pointer (&reply, json_node_unref);
  }
  /* Stored encrypted under random names, none readable as JPEG. */
  g_assert_cmpuint (count_photo_files (t), ==, 3);

  reply = service_test_request (t, "POST", "/me/identity/case/submit", f.new_token, "{}",
                                &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "submitted");
  g_assert_cmpint (service_test_get_int (reply, "case.queue_position"), ==, 1);
  g_assert_cmpint (service_test_get_int (reply, "case.poll_interval"), ==, 15);
  g_assert_cmpint (service_test_get_int (reply, "case.submissions"), ==, 1);
  g_assert_cmpint (service_test_get_int (reply, "case.submissions_left"), ==, 4);
  g_clear_pointer (&reply, json_node_unref);

  /* Submitted: the owner can neither read nor change the photos. */
  g_clear_pointer (&own, g_bytes_unref);
  own = get_bytes (t, "/me/identity/case/photos/front", f.new_token, &status, NULL);
  g_assert_cmpuint (status, ==, 404);
  {
    g_autoptr(GBytes) photo = service_test_make_photo (9, 0);

    g_assert_cmpuint (put_photo (t, f.new_token, "front", photo, &reply), ==, 409);
    service_test_assert_error (reply, 409, 409, "case_open", NULL);
    g_clear_pointer (&reply, json_node_unref);
  }

  /* The reviewer's queue. */
  service_test_advance (t, 600);
  reply = service_test_request (t, "GET", "/review/cases", f.reviewer, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  case_id = service_test_get_int (reply, "cases.0.id");
  g_assert_cmpint (case_id, ==, case_id_of (t, &f));
  g_assert_cmpstr (service_test_get_string (reply, "cases.0.state"), ==, "submitted");
  g_assert_cmpint (service_test_get_int (reply, "counts.open"), ==, 1);
  g_assert_cmpint (service_test_get_int (reply, "counts.in_review"), ==, 0);
  g_clear_pointer (&reply, json_node_unref);

  /* Without the claim the detail is read-only; photos need the claim. */
  photo_path = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT, case_id);
  reply = service_test_request (t, "GET", photo_path, f.reviewer, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_get_null_member (
    json_object_get_object_member (json_node_get_object (reply), "case"), "claim"));
  g_clear_pointer (&reply, json_node_unref);
  {
    g_autofree char *path = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT "/photos/front",
                                             case_id);
    g_autoptr(GBytes) refused = get_bytes (t, path, f.reviewer, &status, NULL);

    g_assert_cmpuint (status, ==, 409);
  }

  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "claim", NULL, &reply), ==, 200);
  g_assert_cmpint (service_test_get_int (reply, "claim.expires_in"), ==, 900);
  g_clear_pointer (&reply, json_node_unref);

  reply = service_test_request (t, "GET", photo_path, f.reviewer, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "in_review");
  g_assert_cmpstr (service_test_get_string (reply, "case.account.name"), ==, SERVICE_TEST_NAME);
  g_assert_cmpstr (service_test_get_string (reply, "case.account.id_number_masked"), !=,
                   f.id_number);
  g_assert_nonnull (strstr (service_test_get_string (reply, "case.account.id_number_masked"),
                            "*"));
  g_assert_cmpstr (service_test_get_string (reply, "case.registry_names.0"), ==, "张晓明");
  g_assert_cmpint (service_test_get_int (reply, "case.submissions.0.number"), ==, 1);
  g_clear_pointer (&reply, json_node_unref);

  /* The owner now sees in_review. */
  reply = service_test_request (t, "GET", "/me/identity/case", f.new_token, NULL, &status);
  g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "in_review");
  g_assert_cmpint (service_test_get_int (reply, "case.poll_interval"), ==, 10);
  g_clear_pointer (&reply, json_node_unref);

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *path = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT "/photos/%s",
                                               case_id, sides[i]);
      g_autoptr(GBytes) photo = get_bytes (t, path, f.reviewer, &status, &type);

      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (type, ==, "image/jpeg");
      g_assert_cmpuint (g_bytes_get_size (photo), >, 1000);
      g_clear_pointer (&type, g_free);
    }
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE account_id = %" G_GINT64_FORMAT
                         " AND event = 'review_photo_viewed'", f.reviewer_id);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 3);

  /* Approval verifies the account and cancels the other one. */
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "decision",
                                 "{\"decision\": \"approve\"}", &reply), ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "approved");
  g_clear_pointer (&reply, json_node_unref);

  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM accounts WHERE id_number = '%s' "
                         "AND state != 'cancelled'", f.id_number);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT state = 'active' AND verified_path = 'help_desk' FROM accounts "
                         "WHERE id = %" G_GINT64_FORMAT, f.new_id);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT state = 'cancelled' FROM accounts WHERE id = %" G_GINT64_FORMAT,
                         f.old_id);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE account_id = %" G_GINT64_FORMAT
                         " AND event = 'review_decided'", f.reviewer_id);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 1);
  /* The cancelled account's phone is told. */
  g_assert_cmpuint (service_test_count_messages (t, PHONE_OLD), ==, 2);

  reply = service_test_request (t, "GET", "/me/identity", f.new_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "review_case.state"), ==, "approved");
  g_assert_cmpstr (service_test_get_string (reply, "paths.1.path"), ==, "help_desk");
  g_assert_cmpint (service_test_get_int (reply, "paths.1.submissions_left"), ==, 4);
  g_clear_pointer (&reply, json_node_unref);

  /* Decided: a second decision is refused. */
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "decision",
                                 "{\"decision\": \"approve\"}", &reply), ==, 409);
  service_test_assert_error (reply, 409, 409, "request_closed", NULL);
  g_clear_pointer (&reply, json_node_unref);

  service_test_free (t);
}

/* ----- refusals and limits ------------------------------------------------ */

static void
test_refusals (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(Fixture) f = { 0, };
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GBytes) gif = make_gif ();
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) medium = NULL;
  guint8 *junk;
  guint status = 0;
  int rows;

  fixture_init (t, &f);

  /* By content: a GIF is refused whatever the name or type says. */
  g_assert_cmpuint (put_photo (t, f.new_token, "front", gif, &reply), ==, 400);
  service_test_assert_error (reply, 400, 400, "photo_invalid", NULL);
  g_clear_pointer (&reply, json_node_unref);

  /* Over 300 KB: refused from the Content-Length, before reading. */
  junk = g_malloc (301 * 1024);
  memset (junk, 0xab, 301 * 1024);
  big = g_bytes_new_take (junk, 301 * 1024);
  g_assert_cmpuint (put_photo (t, f.new_token, "front", big, &reply), ==, 413);
  service_test_assert_error (reply, 413, 413, "payload_too_large", NULL);
  g_clear_pointer (&reply, json_node_unref);

  /* Above the general 64 KB body limit but below the photo route's own. */
  for (rows = 40; ; rows += 20)
    {
      g_clear_pointer (&medium, g_bytes_unref);
      medium = service_test_make_photo (1, rows);
      if (g_bytes_get_size (medium) > 100 * 1024)
        break;
    }
  g_assert_cmpuint (g_bytes_get_size (medium), <, 300 * 1024);
  g_assert_cmpuint (put_photo (t, f.new_token, "front", medium, NULL), ==, 200);

  /* Unknown side; an active account has nothing to prove. */
  g_assert_cmpuint (put_photo (t, f.new_token, "selfie", medium, NULL), ==, 404);
  g_assert_cmpuint (put_photo (t, f.old_token, "front", medium, &reply), ==, 409);
  service_test_assert_error (reply, 409, 409, "already_verified", NULL);
  g_clear_pointer (&reply, json_node_unref);
  /* Anonymous. */
  g_assert_cmpuint (put_photo (t, NULL, "front", medium, NULL), ==, 401);

  /* Replacing a draft photo deletes the old file at once. */
  {
    g_autoptr(GBytes) photo = service_test_make_photo (5, 0);

    g_assert_cmpuint (count_photo_files (t), ==, 1);
    g_assert_cmpuint (put_photo (t, f.new_token, "front", photo, NULL), ==, 200);
    g_assert_cmpuint (count_photo_files (t), ==, 1);
  }

  /* Decisions: the reason must be one of the list; other needs a note. */
  upload_and_submit (t, &f, 20);
  {
    gint64 case_id = case_id_of (t, &f);

    g_assert_cmpuint (review_post (t, f.reviewer, case_id, "claim", NULL, NULL), ==, 200);
    g_assert_cmpuint (review_post (t, f.reviewer, case_id, "decision",
                                   "{\"decision\": \"reject\"}", &reply), ==, 400);
    service_test_assert_error (reply, 400, 400, "invalid_field", "reason");
    g_clear_pointer (&reply, json_node_unref);
    g_assert_cmpuint (review_post (t, f.reviewer, case_id, "decision",
                                   "{\"decision\": \"reject\", \"reason\": \"ugly\"}", &reply),
                      ==, 400);
    service_test_assert_error (reply, 400, 400, "invalid_field", "reason");
    g_clear_pointer (&reply, json_node_unref);
    g_assert_cmpuint (review_post (t, f.reviewer, case_id, "decision",
                                   "{\"decision\": \"reject\", \"reason\": \"other\"}", &reply),
                      ==, 400);
    service_test_assert_error (reply, 400, 400, "invalid_field", "note");
    g_clear_pointer (&reply, json_node_unref);
    g_assert_cmpuint (review_post (t, f.reviewer, case_id, "decision",
                                   "{\"decision\": \"maybe\"}", &reply), ==, 400);
    service_test_assert_error (reply, 400, 400, "invalid_field", "decision");
    g_clear_pointer (&reply, json_node_unref);
  }

  /* Submitting twice. */
  reply = service_test_request (t, "POST", "/me/identity/case/submit", f.new_token, "{}",
                                &status);
  service_test_assert_error (reply, status, 409, "case_open", NULL);
  g_clear_pointer (&reply, json_node_unref);

  service_test_free (t);
}

/* ----- resubmission --------------------------------------------------------- */

static void
test_resubmission (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(Fixture) f = { 0, };
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  gint64 case_id;
  guint round;

  fixture_init (t, &f);
  upload_and_submit (t, &f, 0);
  case_id = case_id_of (t, &f);
  /* Reviewed in 20 minutes: the estimate for the next one. */
  service_test_advance (t, 1200);
  reject (t, &f, case_id, "blurry");

  reply = service_test_request (t, "GET", "/me/identity/case", f.new_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "rejected");
  /* Decided: nothing more to wait for, the app stops polling. */
  {
    JsonObject *owner_case = json_object_get_object_member (json_node_get_object (reply),
                                                            "case");

    g_assert_true (json_object_has_member (owner_case, "poll_interval"));
    g_assert_true (json_object_get_null_member (owner_case, "poll_interval"));
  }
  g_assert_cmpstr (service_test_get_string (reply, "case.rejection.reason"), ==, "blurry");
  g_assert_cmpstr (service_test_get_string (reply, "case.rejection.reason_text"), ==, "模糊不清");
  g_assert_cmpstr (service_test_get_string (reply, "case.rejection.note"), ==, "请重新拍摄");
  g_clear_pointer (&reply, json_node_unref);

  /* The exact bytes of a rejected photo come back refused. */
  {
    g_autoptr(GBytes) same = service_test_make_photo (1, 0);

    g_assert_cmpuint (put_photo (t, f.new_token, "front", same, &reply), ==, 409);
    service_test_assert_error (reply, 409, 409, "photo_rejected", NULL);
    g_clear_pointer (&reply, json_node_unref);
  }
  /* Resubmitting without new photos: incomplete. */
  reply = service_test_request (t, "POST", "/me/identity/case/submit", f.new_token, "{}",
                                &status);
  service_test_assert_error (reply, status, 400, "case_incomplete", NULL);
  g_clear_pointer (&reply, json_node_unref);

  /* New photos: submission 2, a resubmission for the queue's filter. */
  upload_and_submit (t, &f, 10);
  service_test_advance (t, 200);
  reply = service_test_request (t, "GET", "/me/identity/case", f.new_token, NULL, &status);
  g_assert_cmpint (service_test_get_int (reply, "case.queue_position"), ==, 1);
  g_assert_cmpint (service_test_get_int (reply, "case.estimated_wait"), ==, 1000);
  g_clear_pointer (&reply, json_node_unref);
  reply = service_test_request (t, "GET", "/review/cases?resubmissions=only", f.reviewer, NULL,
                                &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (service_test_get_int (reply, "cases.0.submissions"), ==, 2);
  g_clear_pointer (&reply, json_node_unref);
  reply = service_test_request (t, "GET", "/review/cases?resubmissions=none", f.reviewer, NULL,
                                &status);
  g_assert_null (service_test_get_string (reply, "cases.0.state"));
  g_clear_pointer (&reply, json_node_unref);

  /* The detail lists the earlier submission with its decision. */
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "claim", NULL, NULL), ==, 200);
  {
    g_autofree char *path = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT, case_id);

    reply = service_test_request (t, "GET", path, f.reviewer, NULL, &status);
    g_assert_cmpstr (service_test_get_string (reply, "case.submissions.0.decision"), ==,
                     "rejected");
    g_assert_cmpstr (service_test_get_string (reply, "case.submissions.0.reason"), ==, "blurry");
    g_assert_null (service_test_get_string (reply, "case.submissions.1.decision"));
    g_clear_pointer (&reply, json_node_unref);
  }
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "decision",
                                 "{\"decision\": \"reject\", \"reason\": \"obscured\"}", NULL),
                    ==, 200);

  /* Three more: five submissions within six hours. */
  for (round = 3; round <= 5; round++)
    {
      upload_and_submit (t, &f, round * 10);
      reject (t, &f, case_id, "edited");
    }

  /* The sixth within the window is refused, and its photos stay a draft. */
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GBytes) photo = service_test_make_photo (60 + i, 0);

      g_assert_cmpuint (put_photo (t, f.new_token, sides[i], photo, NULL), ==, 200);
    }
  reply = service_test_request (t, "POST", "/me/identity/case/submit", f.new_token, "{}",
                                &status);
  service_test_assert_error (reply, status, 429, "rate_limited", NULL);
  g_clear_pointer (&reply, json_node_unref);
  reply = service_test_request (t, "GET", "/me/identity/case", f.new_token, NULL, &status);
  g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "draft");
  g_assert_cmpint (service_test_get_int (reply, "case.submissions_left"), ==, 0);
  g_assert_nonnull (service_test_get_string (reply, "case.next_submission_at"));
  g_clear_pointer (&reply, json_node_unref);

  /* Six hours after the first, the window is open again. */
  service_test_advance (t, 6 * 3600);
  reply = service_test_request (t, "POST", "/me/identity/case/submit", f.new_token, "{}",
                                &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (service_test_get_int (reply, "case.submissions"), ==, 6);
  g_clear_pointer (&reply, json_node_unref);

  service_test_free (t);
}

/* ----- claims ----------------------------------------------------------------- */

typedef struct {
  ServiceTest *t;
  const char  *token;
  gint64       case_id;
  GMutex      *lock;
  GCond       *cond;
  gboolean    *go;
  guint        status;
} ClaimRace;

static gpointer
claim_thread (gpointer data)
{
  ClaimRace *race = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/review/cases/%" G_GINT64_FORMAT "/claim",
                                          xuexin_service_get_base_url (race->t->service),
                                          race->case_id);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", race->token);
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr(GBytes) reply = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);

  g_mutex_lock (race->lock);
  while (!*race->go)
    g_cond_wait (race->cond, race->lock);
  g_mutex_unlock (race->lock);

  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  race->status = soup_message_get_status (msg);
  return NULL;
}

static void
test_claims (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(Fixture) f = { 0, };
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *detail = NULL;
  guint status = 0;
  gint64 case_id;

  fixture_init (t, &f);
  upload_and_submit (t, &f, 0);
  case_id = case_id_of (t, &f);
  detail = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT, case_id);

  /* One holds it; the other is refused until the claim lapses. */
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "claim", NULL, NULL), ==, 200);
  g_assert_cmpuint (review_post (t, f.reviewer2, case_id, "claim", NULL, &reply), ==, 409);
  service_test_assert_error (reply, 409, 409, "case_claimed", NULL);
  g_clear_pointer (&reply, json_node_unref);
  reply = service_test_request (t, "GET", detail, f.reviewer2, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_false (json_node_get_boolean (json_object_get_member (
    json_object_get_object_member (json_object_get_object_member (json_node_get_object (reply),
                                                                  "case"), "claim"), "mine")));
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (review_post (t, f.reviewer2, case_id, "decision",
                                 "{\"decision\": \"approve\"}", NULL), ==, 409);

  reply = service_test_request (t, "GET", "/review/cases?state=in_review", f.reviewer2, NULL,
                                &status);
  g_assert_cmpint (service_test_get_int (reply, "cases.0.id"), ==, case_id);
  g_assert_false (json_node_get_boolean (json_object_get_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (reply),
                                                                 "cases"), 0),
    "claimed_by_me")));
  g_assert_cmpint (service_test_get_int (reply, "counts.in_review"), ==, 1);
  g_clear_pointer (&reply, json_node_unref);

  /* Renewing pushes the end; 15 minutes without renewal free it. */
  service_test_advance (t, 600);
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "claim", NULL, NULL), ==, 200);
  service_test_advance (t, 600);
  g_assert_cmpuint (review_post (t, f.reviewer2, case_id, "claim", NULL, NULL), ==, 409);
  service_test_advance (t, 301);
  g_assert_cmpuint (review_post (t, f.reviewer2, case_id, "claim", NULL, NULL), ==, 200);
  /* The first reviewer's lapsed claim no longer lets them decide. */
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "decision",
                                 "{\"decision\": \"approve\"}", &reply), ==, 409);
  service_test_assert_error (reply, 409, 409, "case_claimed", NULL);
  g_clear_pointer (&reply, json_node_unref);

  /* Release, then race: exactly one of two concurrent claims wins. */
  {
    g_autofree char *path = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT "/claim", case_id);

    reply = service_test_request (t, "DELETE", path, f.reviewer2, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
    g_clear_pointer (&reply, json_node_unref);
  }
  for (guint round = 0; round < 10; round++)
    {
      GMutex lock;
      GCond cond;
      gboolean go = FALSE;
      ClaimRace races[2] = {
        { t, f.reviewer, case_id, &lock, &cond, &go, 0 },
        { t, f.reviewer2, case_id, &lock, &cond, &go, 0 },
      };
      GThread *threads[2];
      guint won = 0;

      g_mutex_init (&lock);
      g_cond_init (&cond);
      for (guint i = 0; i < 2; i++)
        threads[i] = g_thread_new ("claim", claim_thread, &races[i]);
      g_mutex_lock (&lock);
      go = TRUE;
      g_cond_broadcast (&cond);
      g_mutex_unlock (&lock);
      for (guint i = 0; i < 2; i++)
        g_thread_join (threads[i]);
      g_mutex_clear (&lock);
      g_cond_clear (&cond);

      for (guint i = 0; i < 2; i++)
        {
          g_assert_true (races[i].status == 200 || races[i].status == 409);
          if (races[i].status == 200)
            won++;
        }
      g_assert_cmpuint (won, ==, 1);

      /* Free it for the next round (the winner releases). */
      {
        g_autofree char *path = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT "/claim",
                                                 case_id);

        reply = service_test_request (t, "DELETE", path,
                                      races[0].status == 200 ? f.reviewer : f.reviewer2,
                                      NULL, &status);
        g_assert_cmpuint (status, ==, 204);
        g_clear_pointer (&reply, json_node_unref);
      }
    }

  service_test_free (t);
}

/* ----- who may reach /review/… ------------------------------------------------ */

static void
test_authorization (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(Fixture) f = { 0, };
  static const struct {
    const char *method;
    const char *path;
    const char *body;
  } endpoints[] = {
    { "GET", "/review/cases", NULL },
    { "GET", "/review/cases/%" G_GINT64_FORMAT, NULL },
    { "POST", "/review/cases/%" G_GINT64_FORMAT "/claim", "{}" },
    { "DELETE", "/review/cases/%" G_GINT64_FORMAT "/claim", NULL },
    { "GET", "/review/cases/%" G_GINT64_FORMAT "/photos/front", NULL },
    { "POST", "/review/cases/%" G_GINT64_FORMAT "/decision", "{\"decision\": \"approve\"}" },
  };
  const char *callers[5];
  static const char * const caller_names[] = { "anonymous", "user", "pending", "reviewer",
                                               "admin" };
  gint64 case_id;

  fixture_init (t, &f);
  upload_and_submit (t, &f, 0);
  case_id = case_id_of (t, &f);
  callers[0] = NULL;
  callers[1] = f.old_token;
  callers[2] = f.new_token;
  callers[3] = f.reviewer;
  callers[4] = f.admin;

  for (guint e = 0; e < G_N_ELEMENTS (endpoints); e++)
    for (guint c = 0; c < G_N_ELEMENTS (callers); c++)
      {
        g_autofree char *path = g_strdup_printf (endpoints[e].path, case_id);
        g_autoptr(JsonNode) reply = NULL;
        guint status = 0;

        reply = service_test_request (t, endpoints[e].method, path, callers[c],
                                      endpoints[e].body, &status);
        g_test_message ("%s %s as %s: %u", endpoints[e].method, path, caller_names[c], status);
        if (c == 0)
          service_test_assert_error (reply, status, 401, "unauthorized", NULL);
        else if (c <= 2)
          service_test_assert_error (reply, status, 403, "forbidden", NULL);
        else
          g_assert_true (status != 401 && status != 403 && status < 500);
      }

  /* Nothing non-staff did changed the case, and no photo view was
   * audited for them. */
  g_assert_cmpint (service_test_query_int (t, "SELECT COUNT(*) FROM audit_log WHERE event = "
                                 "'review_photo_viewed' AND account_id IN (SELECT id FROM "
                                 "accounts WHERE role = 'user')"), ==, 0);

  service_test_free (t);
}

/* ----- retention ---------------------------------------------------------------- */

static void
use_long_sessions_and_retention (XuexinServiceConfig *config)
{
  service_test_use_long_sessions (config);
  config->photo_retention_days = 30;
}

static void
test_retention (void)
{
  ServiceTest *t = service_test_new (use_long_sessions_and_retention);
  g_auto(Fixture) f = { 0, };
  g_autofree char *sql = NULL;
  gint64 case_id;

  fixture_init (t, &f);
  upload_and_submit (t, &f, 0);
  case_id = case_id_of (t, &f);
  reject (t, &f, case_id, "mismatch");
  g_assert_cmpuint (count_photo_files (t), ==, 3);

  /* A draft is kept: retention runs from a decision. */
  {
    g_autoptr(GBytes) photo = service_test_make_photo (40, 0);

    g_assert_cmpuint (put_photo (t, f.new_token, "front", photo, NULL), ==, 200);
  }
  g_assert_cmpuint (count_photo_files (t), ==, 4);

  service_test_advance (t, 29 * 24 * 3600);
  xs_service_run_maintenance (t->service);
  g_assert_cmpuint (count_photo_files (t), ==, 4);

  service_test_advance (t, 24 * 3600 + 1);
  xs_service_run_maintenance (t->service);
  g_assert_cmpuint (count_photo_files (t), ==, 1);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM review_photos WHERE case_id = %" G_GINT64_FORMAT,
                         case_id);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE account_id = %" G_GINT64_FORMAT
                         " AND event = 'review_photo_deleted'", f.new_id);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 3);

  /* The rejected hashes outlive the photos. */
  g_assert_cmpint (service_test_query_int (t, "SELECT COUNT(*) FROM rejected_photos"), ==, 3);

  /* A run with nothing due changes nothing. */
  xs_service_run_maintenance (t->service);
  g_assert_cmpuint (count_photo_files (t), ==, 1);

  service_test_free (t);
}

/* ----- another path closes the case ------------------------------------------ */

/* Verified by path 4 while a case is open: the case is closed, the
 * reviewers lose it, and its photos fall under retention. */
static void
test_closed_by_other_path (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(Fixture) f = { 0, };
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *sql = NULL;
  guint status = 0;
  gint64 case_id;

  fixture_init (t, &f);
  upload_and_submit (t, &f, 0);
  case_id = case_id_of (t, &f);
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "claim", NULL, NULL), ==, 200);

  sql = g_strdup_printf ("INSERT INTO enrollment_records (id_number, name, school, student_number, "
                         "enrollment_year, level, status) VALUES ('%s', '%s', '海川大学', "
                         "'20080001', 2008, 'benke', 'graduated')",
                         f.id_number, SERVICE_TEST_NAME);
  service_test_exec_sql (t, sql);
  reply = service_test_request (t, "POST", "/me/identity/records", f.new_token,
                                "{\"kind\": \"enrollment\", \"school\": \"海川大学\", "
                                "\"student_number\": \"20080001\", \"enrollment_year\": 2008, "
                                "\"level\": \"benke\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&reply, json_node_unref);

  reply = service_test_request (t, "GET", "/me/identity/case", f.new_token, NULL, &status);
  g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "closed");
  g_clear_pointer (&reply, json_node_unref);
  reply = service_test_request (t, "GET", "/review/cases", f.reviewer, NULL, &status);
  g_assert_null (service_test_get_string (reply, "cases.0.state"));
  g_assert_cmpint (service_test_get_int (reply, "counts.open"), ==, 0);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "decision",
                                 "{\"decision\": \"approve\"}", &reply), ==, 409);
  service_test_assert_error (reply, 409, 409, "request_closed", NULL);
  g_clear_pointer (&reply, json_node_unref);

  service_test_advance (t, 31 * 24 * 3600);
  xs_service_run_maintenance (t->service);
  g_assert_cmpuint (count_photo_files (t), ==, 0);

  service_test_free (t);
}

/* counts.open comes from a counter kept by triggers (schema version 6):
 * it must follow every way a case enters or leaves the queue. */
static gint64
open_count (ServiceTest *t,
            Fixture     *f)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  gint64 open;

  reply = service_test_request (t, "GET", "/review/cases", f->reviewer, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  open = service_test_get_int (reply, "counts.open");
  g_assert_cmpint (open, ==,
                   service_test_query_int (t, "SELECT COUNT(*) FROM review_cases WHERE state = 'submitted'"));
  return open;
}

static void
test_queue_count (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(Fixture) f = { 0, };
  g_autofree char *sql = NULL;
  gint64 case_id;

  fixture_init (t, &f);
  g_assert_cmpint (open_count (t, &f), ==, 0);
  upload_and_submit (t, &f, 0);
  g_assert_cmpint (open_count (t, &f), ==, 1);
  case_id = case_id_of (t, &f);

  /* A claim keeps it open; a rejection takes it out; a resubmission back. */
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "claim", NULL, NULL), ==, 200);
  g_assert_cmpint (open_count (t, &f), ==, 1);
  reject (t, &f, case_id, "blurry");
  g_assert_cmpint (open_count (t, &f), ==, 0);
  upload_and_submit (t, &f, 10);
  g_assert_cmpint (open_count (t, &f), ==, 1);

  /* Removed with its account (ON DELETE CASCADE fires the triggers). */
  sql = g_strdup_printf ("PRAGMA foreign_keys = ON; DELETE FROM accounts WHERE id = %"
                         G_GINT64_FORMAT, f.new_id);
  service_test_exec_sql (t, sql);
  g_assert_cmpint (open_count (t, &f), ==, 0);

  service_test_free (t);
}

int
main (int   argc,
      char *argv[])
{
  service_test_init (&argc, &argv);

  g_test_add_func ("/Service/Review/end-to-end", test_end_to_end);
  g_test_add_func ("/Service/Review/refusals", test_refusals);
  g_test_add_func ("/Service/Review/resubmission", test_resubmission);
  g_test_add_func ("/Service/Review/claims", test_claims);
  g_test_add_func ("/Service/Review/authorization", test_authorization);
  g_test_add_func ("/Service/Review/retention", test_retention);
  g_test_add_func ("/Service/Review/closed-by-other-path", test_closed_by_other_path);
  g_test_add_func ("/Service/Review/queue-count", test_queue_count);

  return g_test_run ();
}
