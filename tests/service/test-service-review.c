/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <stdlib.h>
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
  service_test_record (msg, body);
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
  g_assert_cmpint (service_test_get_int (reply, "case.other_accounts"), ==, 1);
  g_assert_cmpint (service_test_get_int (reply, "case.submission_count"), ==, 1);
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
  if (reply != NULL)
    service_test_record (msg, reply);
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
    { "GET", "/review/decisions", NULL },
    { "GET", "/review/accounts?phone=" PHONE_OLD, NULL },
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

/* ----- the review console (issue 12) -------------------------------------------- */

#define REVIEWER_NAME  "李审核"
#define REVIEWER2_NAME "王审核"

/* The two reviewers get names of their own. */
static void
name_reviewers (ServiceTest *t)
{
  service_test_exec_sql (t, "UPDATE accounts SET name = '" REVIEWER_NAME "' "
                            "WHERE phone = '" PHONE_REVIEWER "'");
  service_test_exec_sql (t, "UPDATE accounts SET name = '" REVIEWER2_NAME "' "
                            "WHERE phone = '" PHONE_REVIEWER2 "'");
}

static JsonObject *
member_object (JsonNode   *reply,
               const char *first,
               const char *second)
{
  JsonObject *object = json_object_get_object_member (json_node_get_object (reply), first);

  return second != NULL ? json_object_get_object_member (object, second) : object;
}

static gboolean
is_null (JsonNode   *reply,
         const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = reply;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (JSON_NODE_HOLDS_ARRAY (node))
        node = json_array_get_element (json_node_get_array (node), atoi (parts[i]));
      else
        {
          g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
          node = json_object_get_member (json_node_get_object (node), parts[i]);
        }
      g_assert_nonnull (node);
    }
  return JSON_NODE_HOLDS_NULL (node);
}

static JsonNode *
get_ok (ServiceTest *t,
        const char  *path,
        const char  *token)
{
  guint status = 0;
  JsonNode *reply = service_test_request (t, "GET", path, token, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return reply;
}

/* role on the account object: registration, sign-in and /me. */
static void
test_console_role (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_autofree char *id_number = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = service_test_register (t, PHONE_OLD, SERVICE_TEST_NAME,
                                                         id_number, NULL, FALSE);
  g_autofree char *user = NULL;
  g_autofree char *reviewer = NULL;
  g_autofree char *admin = NULL;
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  g_assert_cmpstr (json_object_get_string_member (account, "role"), ==, "user");
  user = service_test_sign_in (t, PHONE_OLD, SERVICE_TEST_PASSWORD);
  reviewer = service_test_add_staff (t, PHONE_REVIEWER, "reviewer", STAFF_PASSWORD);
  admin = service_test_add_staff (t, PHONE_ADMIN, "admin", STAFF_PASSWORD);

  reply = service_test_request (t, "POST", "/sessions", NULL,
                                "{\"login_name\": \"" PHONE_REVIEWER "\", "
                                "\"password\": \"" STAFF_PASSWORD "\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (service_test_get_string (reply, "account.role"), ==, "reviewer");
  g_clear_pointer (&reply, json_node_unref);

  reply = get_ok (t, "/me", user);
  g_assert_cmpstr (service_test_get_string (reply, "account.role"), ==, "user");
  g_clear_pointer (&reply, json_node_unref);
  reply = get_ok (t, "/me", reviewer);
  g_assert_cmpstr (service_test_get_string (reply, "account.role"), ==, "reviewer");
  g_clear_pointer (&reply, json_node_unref);
  reply = get_ok (t, "/me", admin);
  g_assert_cmpstr (service_test_get_string (reply, "account.role"), ==, "admin");
  g_clear_pointer (&reply, json_node_unref);

  service_test_free (t);
}

/* GET /review/cases: total, claimed_by_name and today's counts across
 * two reviewers and across midnight China time; GET /review/decisions. */
static void
test_console_queue_and_decisions (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(Fixture) f = { 0, };
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  gint64 case_id;

  fixture_init (t, &f);
  name_reviewers (t);
  upload_and_submit (t, &f, 0);
  case_id = case_id_of (t, &f);

  reply = get_ok (t, "/review/cases", f.reviewer);
  g_assert_cmpint (service_test_get_int (reply, "total"), ==, 1);
  g_assert_true (is_null (reply, "cases.0.claimed_by_name"));
  g_assert_cmpint (service_test_get_int (reply, "counts.decided_today"), ==, 0);
  g_assert_cmpint (service_test_get_int (reply, "counts.decided_today_by_me"), ==, 0);
  g_clear_pointer (&reply, json_node_unref);

  /* Claimed: its holder is named to the others and to the holder. */
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "claim", NULL, NULL), ==, 200);
  reply = get_ok (t, "/review/cases", f.reviewer2);
  g_assert_cmpstr (service_test_get_string (reply, "cases.0.claimed_by_name"), ==, REVIEWER_NAME);
  g_clear_pointer (&reply, json_node_unref);
  reply = get_ok (t, "/review/cases?state=in_review", f.reviewer);
  g_assert_cmpstr (service_test_get_string (reply, "cases.0.claimed_by_name"), ==, REVIEWER_NAME);
  g_assert_cmpint (service_test_get_int (reply, "total"), ==, 1);
  g_clear_pointer (&reply, json_node_unref);
  reply = get_ok (t, "/review/cases?state=submitted", f.reviewer);
  g_assert_cmpint (service_test_get_int (reply, "total"), ==, 0);
  g_clear_pointer (&reply, json_node_unref);
  reply = get_ok (t, "/review/cases?resubmissions=only", f.reviewer);
  g_assert_cmpint (service_test_get_int (reply, "total"), ==, 0);
  g_clear_pointer (&reply, json_node_unref);
  reply = get_ok (t, "/review/cases?submitted_from=2025-03-01&submitted_to=2025-03-01",
                  f.reviewer);
  g_assert_cmpint (service_test_get_int (reply, "total"), ==, 1);
  g_clear_pointer (&reply, json_node_unref);
  /* total counts all matches, not the page. */
  reply = get_ok (t, "/review/cases?offset=1", f.reviewer);
  g_assert_null (service_test_get_string (reply, "cases.0.state"));
  g_assert_cmpint (service_test_get_int (reply, "total"), ==, 1);
  g_clear_pointer (&reply, json_node_unref);

  /* The first reviewer rejects, the second approves the resubmission. */
  service_test_advance (t, 60);
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "decision",
                                 "{\"decision\": \"reject\", \"reason\": \"blurry\"}", NULL),
                    ==, 200);
  service_test_advance (t, 60);
  upload_and_submit (t, &f, 10);
  service_test_advance (t, 60);
  g_assert_cmpuint (review_post (t, f.reviewer2, case_id, "claim", NULL, NULL), ==, 200);
  g_assert_cmpuint (review_post (t, f.reviewer2, case_id, "decision",
                                 "{\"decision\": \"approve\"}", NULL), ==, 200);

  reply = get_ok (t, "/review/cases?state=approved", f.reviewer);
  g_assert_cmpint (service_test_get_int (reply, "total"), ==, 1);
  g_assert_cmpint (service_test_get_int (reply, "counts.open"), ==, 0);
  g_assert_cmpint (service_test_get_int (reply, "counts.decided_today"), ==, 2);
  g_assert_cmpint (service_test_get_int (reply, "counts.decided_today_by_me"), ==, 1);
  g_clear_pointer (&reply, json_node_unref);

  /* Each reviewer's own decisions, newest first. */
  reply = get_ok (t, "/review/decisions", f.reviewer);
  g_assert_cmpint (service_test_get_int (reply, "total"), ==, 1);
  g_assert_cmpint (service_test_get_int (reply, "decisions.0.case_id"), ==, case_id);
  g_assert_cmpstr (service_test_get_string (reply, "decisions.0.decision"), ==, "rejected");
  g_assert_cmpstr (service_test_get_string (reply, "decisions.0.reason"), ==, "blurry");
  g_assert_cmpstr (service_test_get_string (reply, "decisions.0.reason_text"), ==, "模糊不清");
  g_assert_cmpint (service_test_get_int (reply, "decisions.0.submission"), ==, 1);
  g_assert_cmpstr (service_test_get_string (reply, "decisions.0.account_name"), ==,
                   SERVICE_TEST_NAME);
  g_assert_nonnull (service_test_get_string (reply, "decisions.0.decided_at"));
  {
    g_autofree char *masked = xuexin_id_number_mask (f.id_number);

    g_assert_cmpstr (service_test_get_string (reply, "decisions.0.id_number_masked"), ==,
                     masked);
  }
  g_clear_pointer (&reply, json_node_unref);
  reply = get_ok (t, "/review/decisions?date=2025-03-01&limit=1&offset=0", f.reviewer2);
  g_assert_cmpint (service_test_get_int (reply, "total"), ==, 1);
  g_assert_cmpstr (service_test_get_string (reply, "decisions.0.decision"), ==, "approved");
  g_assert_true (is_null (reply, "decisions.0.reason"));
  g_assert_cmpint (service_test_get_int (reply, "decisions.0.submission"), ==, 2);
  g_clear_pointer (&reply, json_node_unref);
  reply = get_ok (t, "/review/decisions", f.admin);
  g_assert_cmpint (service_test_get_int (reply, "total"), ==, 0);
  g_clear_pointer (&reply, json_node_unref);

  /* 16:03 China time now; a second before midnight the day still counts. */
  service_test_advance (t, 8 * 3600 - 3 * 60 - 1);
  reply = get_ok (t, "/review/cases", f.reviewer);
  g_assert_cmpint (service_test_get_int (reply, "counts.decided_today"), ==, 2);
  g_clear_pointer (&reply, json_node_unref);
  service_test_advance (t, 1);
  reply = get_ok (t, "/review/cases", f.reviewer);
  g_assert_cmpint (service_test_get_int (reply, "counts.decided_today"), ==, 0);
  g_assert_cmpint (service_test_get_int (reply, "counts.decided_today_by_me"), ==, 0);
  g_clear_pointer (&reply, json_node_unref);
  reply = get_ok (t, "/review/decisions", f.reviewer);
  g_assert_cmpint (service_test_get_int (reply, "total"), ==, 0);
  g_clear_pointer (&reply, json_node_unref);
  reply = get_ok (t, "/review/decisions?date=2025-03-01", f.reviewer);
  g_assert_cmpint (service_test_get_int (reply, "total"), ==, 1);
  g_clear_pointer (&reply, json_node_unref);

  /* Malformed parameters. */
  reply = service_test_request (t, "GET", "/review/decisions?date=2025-3-1", f.reviewer, NULL,
                                &status);
  service_test_assert_error (reply, status, 400, "invalid_field", "date");
  g_clear_pointer (&reply, json_node_unref);
  reply = service_test_request (t, "GET", "/review/decisions?limit=0", f.reviewer, NULL,
                                &status);
  service_test_assert_error (reply, status, 400, "invalid_field", "limit");
  g_clear_pointer (&reply, json_node_unref);

  service_test_free (t);
}

/* A case claimed by someone else: read-only detail, the holder in the
 * 409 of a claim or a photo. */
static void
test_console_read_only_detail (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(Fixture) f = { 0, };
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sql = NULL;
  guint status = 0;
  gint64 case_id;

  fixture_init (t, &f);
  name_reviewers (t);
  upload_and_submit (t, &f, 0);
  case_id = case_id_of (t, &f);
  reject (t, &f, case_id, "obscured");
  upload_and_submit (t, &f, 10);
  path = g_strdup_printf ("/review/cases/%" G_GINT64_FORMAT, case_id);

  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "claim", NULL, NULL), ==, 200);
  service_test_advance (t, 60);

  /* The second reviewer's claim: 409 naming the holder. */
  g_assert_cmpuint (review_post (t, f.reviewer2, case_id, "claim", NULL, &reply), ==, 409);
  service_test_assert_error (reply, 409, 409, "case_claimed", NULL);
  g_assert_cmpstr (service_test_get_string (reply, "error.claimed_by_name"), ==, REVIEWER_NAME);
  g_assert_nonnull (service_test_get_string (reply, "error.claim_expires_at"));
  g_clear_pointer (&reply, json_node_unref);

  /* Read-only detail. */
  reply = get_ok (t, path, f.reviewer2);
  g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "in_review");
  g_assert_cmpint (service_test_get_int (reply, "case.claim.reviewer_id"), ==, f.reviewer_id);
  g_assert_cmpstr (service_test_get_string (reply, "case.claim.reviewer_name"), ==,
                   REVIEWER_NAME);
  g_assert_false (json_object_get_boolean_member (member_object (reply, "case", "claim"),
                                                  "mine"));
  g_assert_cmpint (service_test_get_int (reply, "case.claim.expires_in"), ==, 840);
  g_assert_cmpstr (service_test_get_string (reply, "case.claim.expires_at"), ==,
                   service_test_get_string (reply, "case.claim_expires_at"));
  g_assert_cmpint (service_test_get_int (reply, "case.other_accounts"), ==, 1);
  g_assert_cmpint (service_test_get_int (reply, "case.submissions.0.decided_by"), ==,
                   f.reviewer_id);
  g_assert_cmpstr (service_test_get_string (reply, "case.submissions.0.decided_by_name"), ==,
                   REVIEWER_NAME);
  g_assert_true (is_null (reply, "case.submissions.1.decided_by_name"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (
                     member_object (reply, "case", NULL), "photos")), ==, 3);
  g_clear_pointer (&reply, json_node_unref);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE event = 'review_case_viewed' "
                         "AND account_id = (SELECT id FROM accounts WHERE phone = '"
                         PHONE_REVIEWER2 "') AND detail LIKE '%% read-only'");
  g_assert_cmpint (service_test_query_int (t, sql), ==, 1);

  /* The holder's own view. */
  reply = get_ok (t, path, f.reviewer);
  g_assert_true (json_object_get_boolean_member (member_object (reply, "case", "claim"), "mine"));
  g_clear_pointer (&reply, json_node_unref);

  /* Photos, release and decision still need the claim. */
  {
    g_autofree char *photo = g_strdup_printf ("%s/photos/front", path);
    g_autofree char *claim = g_strdup_printf ("%s/claim", path);
    g_autoptr(GBytes) body = get_bytes (t, photo, f.reviewer2, &status, NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_cmpuint (status, ==, 409);
    g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                               g_bytes_get_size (body), NULL));
    g_assert_cmpstr (service_test_get_string (json_parser_get_root (parser),
                                              "error.claimed_by_name"), ==, REVIEWER_NAME);
    reply = service_test_request (t, "DELETE", claim, f.reviewer2, NULL, &status);
    service_test_assert_error (reply, status, 409, "case_claimed", NULL);
    g_clear_pointer (&reply, json_node_unref);
  }
  g_assert_cmpuint (review_post (t, f.reviewer2, case_id, "decision",
                                 "{\"decision\": \"approve\"}", &reply), ==, 409);
  g_assert_cmpstr (service_test_get_string (reply, "error.claimed_by_name"), ==, REVIEWER_NAME);
  g_clear_pointer (&reply, json_node_unref);

  /* Lapsed: no claim, and the error names no one. */
  service_test_advance (t, 900);
  reply = get_ok (t, path, f.reviewer2);
  g_assert_true (is_null (reply, "case.claim"));
  g_assert_true (is_null (reply, "case.claim_expires_at"));
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (review_post (t, f.reviewer2, case_id, "decision",
                                 "{\"decision\": \"approve\"}", &reply), ==, 409);
  g_assert_true (is_null (reply, "error.claimed_by_name"));
  g_assert_true (is_null (reply, "error.claim_expires_at"));
  g_clear_pointer (&reply, json_node_unref);

  /* Decided: still readable, with no claim; nothing else is allowed. */
  g_assert_cmpuint (review_post (t, f.reviewer2, case_id, "claim", NULL, NULL), ==, 200);
  g_assert_cmpuint (review_post (t, f.reviewer2, case_id, "decision",
                                 "{\"decision\": \"approve\"}", NULL), ==, 200);
  reply = get_ok (t, path, f.reviewer);
  g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "approved");
  g_assert_cmpint (service_test_get_int (reply, "case.submission_count"), ==, 2);
  g_assert_true (is_null (reply, "case.claim"));
  g_assert_cmpint (service_test_get_int (reply, "case.other_accounts"), ==, 0);
  g_assert_cmpstr (service_test_get_string (reply, "case.submissions.1.decided_by_name"), ==,
                   REVIEWER2_NAME);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "claim", NULL, &reply), ==, 409);
  service_test_assert_error (reply, 409, 409, "request_closed", NULL);
  g_clear_pointer (&reply, json_node_unref);

  service_test_free (t);
}

static void
assert_history (JsonNode           *reply,
                guint               index,
                const char * const *expected)
{
  JsonArray *accounts = json_object_get_array_member (json_node_get_object (reply), "accounts");
  JsonArray *history = json_object_get_array_member (json_array_get_object_element (accounts,
                                                                                    index),
                                                     "history");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *event = json_array_get_object_element (history, i);
      const char *path = json_object_get_null_member (event, "path")
                         ? "-" : json_object_get_string_member (event, "path");
      const char *detail = json_object_get_null_member (event, "detail")
                           ? "-" : json_object_get_string_member (event, "detail");
      g_autofree char *text = g_strdup_printf ("%s %s %s",
                                               json_object_get_string_member (event, "event"),
                                               path, detail);

      g_assert_nonnull (expected[i]);
      g_assert_cmpstr (text, ==, expected[i]);
      n++;
    }
  g_assert_null (expected[n]);
}

/* GET /review/accounts by phone and by ID number, with the history after
 * a rejection and an approval; its refusals and its audit. */
static void
test_console_lookup (void)
{
  ServiceTest *t = service_test_new (service_test_use_long_sessions);
  g_auto(Fixture) f = { 0, };
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *sql = NULL;
  static const char * const new_history[] = {
    "reregistered - -",
    "review_submitted help_desk -",
    "review_rejected help_desk blurry",
    "review_submitted help_desk -",
    "review_approved help_desk -",
    "verified help_desk -",
    NULL,
  };
  static const char * const old_history[] = {
    "registered - -",
    "cancelled help_desk -",
    NULL,
  };
  static const char * const refused[][2] = {
    { "/review/accounts", "phone" },
    { "/review/accounts?phone=" PHONE_OLD "&id_number=110101199003071234", "phone" },
    { "/review/accounts?phone=1381234", "phone" },
    { "/review/accounts?phone=", "phone" },
    { "/review/accounts?id_number=12", "id_number" },
    { "/review/accounts?id_number=110%40101", "id_number" },
  };
  guint status = 0;
  gint64 case_id;

  fixture_init (t, &f);
  service_test_advance (t, 60);
  upload_and_submit (t, &f, 0);
  case_id = case_id_of (t, &f);
  service_test_advance (t, 60);

  /* Pending, with an open case. */
  reply = get_ok (t, "/review/accounts?phone=" PHONE_NEW, f.reviewer);
  g_assert_cmpint (service_test_get_int (reply, "accounts.0.id"), ==, f.new_id);
  g_assert_cmpstr (service_test_get_string (reply, "accounts.0.state"), ==, "pending_identity");
  g_assert_cmpstr (service_test_get_string (reply, "accounts.0.review_case.state"), ==,
                   "submitted");
  g_assert_cmpint (service_test_get_int (reply, "accounts.0.review_case.id"), ==, case_id);
  g_assert_true (is_null (reply, "accounts.0.verified_path"));
  g_clear_pointer (&reply, json_node_unref);

  reject (t, &f, case_id, "blurry");
  service_test_advance (t, 60);
  upload_and_submit (t, &f, 10);
  service_test_advance (t, 60);
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "claim", NULL, NULL), ==, 200);
  g_assert_cmpuint (review_post (t, f.reviewer, case_id, "decision",
                                 "{\"decision\": \"approve\"}", NULL), ==, 200);

  /* By phone: the verified account. */
  reply = get_ok (t, "/review/accounts?phone=" PHONE_NEW, f.reviewer);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (reply), "accounts")), ==, 1);
  g_assert_cmpstr (service_test_get_string (reply, "accounts.0.name"), ==, SERVICE_TEST_NAME);
  g_assert_cmpstr (service_test_get_string (reply, "accounts.0.phone_masked"), ==,
                   "139****5678");
  g_assert_cmpstr (service_test_get_string (reply, "accounts.0.state"), ==, "active");
  g_assert_cmpstr (service_test_get_string (reply, "accounts.0.role"), ==, "user");
  g_assert_cmpstr (service_test_get_string (reply, "accounts.0.verified_path"), ==, "help_desk");
  g_assert_nonnull (service_test_get_string (reply, "accounts.0.verified_at"));
  g_assert_true (is_null (reply, "accounts.0.cancelled_at"));
  g_assert_cmpstr (service_test_get_string (reply, "accounts.0.review_case.state"), ==,
                   "approved");
  g_assert_cmpint (service_test_get_int (reply, "accounts.0.review_case.submissions"), ==, 2);
  assert_history (reply, 0, new_history);
  g_clear_pointer (&reply, json_node_unref);

  /* By ID number: both accounts, newest first; the old one cancelled. */
  path = g_strdup_printf ("/review/accounts?id_number=%s", f.id_number);
  reply = get_ok (t, path, f.admin);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (reply), "accounts")), ==, 2);
  g_assert_cmpint (service_test_get_int (reply, "accounts.0.id"), ==, f.new_id);
  g_assert_cmpint (service_test_get_int (reply, "accounts.1.id"), ==, f.old_id);
  g_assert_cmpstr (service_test_get_string (reply, "accounts.1.state"), ==, "cancelled");
  g_assert_nonnull (service_test_get_string (reply, "accounts.1.cancelled_at"));
  g_assert_true (is_null (reply, "accounts.1.review_case"));
  masked = xuexin_id_number_mask (f.id_number);
  g_assert_cmpstr (service_test_get_string (reply, "accounts.1.id_number_masked"), ==, masked);
  assert_history (reply, 0, new_history);
  assert_history (reply, 1, old_history);
  g_clear_pointer (&reply, json_node_unref);

  /* No match: an empty list. */
  reply = get_ok (t, "/review/accounts?phone=13000000000", f.reviewer);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (reply), "accounts")), ==, 0);
  g_clear_pointer (&reply, json_node_unref);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("%s", refused[i][0]);
      reply = service_test_request (t, "GET", refused[i][0], f.reviewer, NULL, &status);
      service_test_assert_error (reply, status, 400, "invalid_field", refused[i][1]);
      g_clear_pointer (&reply, json_node_unref);
    }

  /* Audited with the masked value only. */
  g_assert_cmpint (service_test_query_int (t, "SELECT COUNT(*) FROM audit_log "
                                              "WHERE event = 'review_account_lookup'"), ==, 4);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE event = 'review_account_lookup' "
                         "AND detail = 'id_number %s: 2 accounts'", masked);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%%%s%%' "
                         "OR detail LIKE '%%" PHONE_NEW "%%'", f.id_number);
  g_assert_cmpint (service_test_query_int (t, sql), ==, 0);

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
  g_test_add_func ("/Service/Review/console/role", test_console_role);
  g_test_add_func ("/Service/Review/console/queue-and-decisions",
                   test_console_queue_and_decisions);
  g_test_add_func ("/Service/Review/console/read-only-detail", test_console_read_only_detail);
  g_test_add_func ("/Service/Review/console/lookup", test_console_lookup);

  return g_test_run ();
}
