/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include "service-test.h"

/*
 * The phone hand-off of identity path 2: a kiosk session creates a
 * capability URL, the phone's page and uploads use only its token. Who
 * it reaches (its own account's case, nothing else), how it ends (15
 * minutes, DELETE, a newer one, the kiosk's sign-out, a submitted case,
 * an account no longer pending), and what the page shows. Photos are
 * real JPEGs made with gdk-pixbuf (service_test_make_photo()).
 */

#define PHONE_OLD    "13812345678"
#define PHONE_NEW    "13912345678"
#define PHONE_B_OLD  "13712345678"
#define PHONE_B_NEW  "13612345678"

static const char * const sides[] = { "handheld", "front", "back" };

typedef struct {
  char   *id_number;
  char   *old_token;   /* active */
  char   *new_token;   /* pending */
  gint64  new_id;
} Fixture;

static void
fixture_clear (Fixture *f)
{
  g_free (f->id_number);
  g_free (f->old_token);
  g_free (f->new_token);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fixture, fixture_clear)

/* A pending account: its ID number already has an active account. */
static void
fixture_init (ServiceTest *t,
              Fixture     *f,
              const char  *first17,
              const char  *phone_old,
              const char  *phone_new)
{
  g_autoptr(JsonObject) old_account = NULL;
  g_autoptr(JsonObject) new_account = NULL;

  f->id_number = service_test_make_id (first17);
  old_account = service_test_register (t, phone_old, SERVICE_TEST_NAME, f->id_number, NULL,
                                       FALSE);
  f->old_token = service_test_sign_in (t, phone_old, SERVICE_TEST_PASSWORD);
  new_account = service_test_register (t, phone_new, SERVICE_TEST_NAME, f->id_number, NULL,
                                       TRUE);
  g_assert_cmpstr (json_object_get_string_member (new_account, "state"), ==,
                   "pending_identity");
  f->new_id = json_object_get_int_member (new_account, "id");
  f->new_token = service_test_sign_in (t, phone_new, SERVICE_TEST_PASSWORD);
}

/* POST /me/identity/case/handoff; returns the token of the URL. */
static char *
create_handoff (ServiceTest *t,
                const char  *bearer)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *prefix = g_strconcat (xuexin_service_get_base_url (t->service), "/handoff/",
                                         NULL);
  const char *url;
  guint status = 0;

  reply = service_test_request (t, "POST", "/me/identity/case/handoff", bearer, "{}", &status);
  g_assert_cmpuint (status, ==, 201);
  url = service_test_get_string (reply, "handoff.url");
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, prefix));
  g_assert_cmpint (service_test_get_int (reply, "handoff.expires_in"), ==, 900);
  g_assert_nonnull (service_test_get_string (reply, "handoff.expires_at"));
  g_assert_true (g_str_has_suffix (service_test_get_string (reply, "handoff.expires_at"), "Z"));
  /* 32 random bytes, base64url without padding. */
  g_assert_cmpuint (strlen (url + strlen (prefix)), ==, 43);
  g_assert_null (strpbrk (url + strlen (prefix), "+/="));

  return g_strdup (url + strlen (prefix));
}

static guint
handoff_put (ServiceTest *t,
             const char  *token,
             const char  *side,
             GBytes      *photo,
             JsonNode   **out_reply)
{
  g_autofree char *path = g_strdup_printf ("/handoff/%s/photos/%s", token, side);
  guint status = 0;
  JsonNode *reply = service_test_request_raw (t, "PUT", path, NULL, photo, &status, NULL);

  if (out_reply != NULL)
    *out_reply = reply;
  else if (reply != NULL)
    json_node_unref (reply);
  return status;
}

/* Asserts the 410 handoff_expired of an upload. */
static void
assert_put_expired (ServiceTest *t,
                    const char  *token)
{
  g_autoptr(GBytes) photo = service_test_make_photo (90, 0);
  g_autoptr(JsonNode) reply = NULL;
  guint status = handoff_put (t, token, "front", photo, &reply);

  service_test_assert_error (reply, status, 410, "handoff_expired", NULL);
}

/* GET of the page: the body as text, the status, the headers. */
static char *
get_page (ServiceTest          *t,
          const char           *token,
          const char           *query,
          const char           *accept_language,
          guint                *status,
          SoupMessageHeaders  **out_headers)
{
  g_autofree char *url = g_strdup_printf ("%s/handoff/%s%s",
                                          xuexin_service_get_base_url (t->service), token,
                                          query != NULL ? query : "");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;

  if (accept_language != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language",
                                  accept_language);
  body = soup_session_send_and_read (t->session, msg, NULL, &error);
  g_assert_no_error (error);
  service_test_record (msg, body);
  *status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/html");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-store");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Referrer-Policy"), ==, "no-referrer");
  g_assert_nonnull (soup_message_headers_get_one (headers, "Content-Security-Policy"));
  if (out_headers != NULL)
    *out_headers = soup_message_headers_ref (headers);

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
assert_page_expired (ServiceTest *t,
                     const char  *token)
{
  g_autofree char *zh = NULL;
  g_autofree char *en = NULL;
  guint status = 0;

  zh = get_page (t, token, NULL, "zh-CN,zh;q=0.9", &status, NULL);
  g_assert_cmpuint (status, ==, 410);
  g_assert_nonnull (strstr (zh, "链接已失效"));
  g_assert_nonnull (strstr (zh, "请在服务台屏幕上重新扫码"));
  g_assert_null (strstr (zh, "<input"));
  en = get_page (t, token, "?lang=en", "zh-CN", &status, NULL);
  g_assert_cmpuint (status, ==, 410);
  g_assert_nonnull (strstr (en, "This link has expired"));
  g_assert_nonnull (strstr (en, "Scan the new code on the help-desk screen"));
}

static gint64
draft_photo_count (ServiceTest *t,
                   gint64       account_id)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT COUNT(*) FROM review_photos p JOIN review_cases c ON c.id = p.case_id "
    "WHERE c.account_id = %" G_GINT64_FORMAT " AND p.submission IS NULL", account_id);

  return service_test_query_int (t, sql);
}

static char *
read_file_or_empty (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("");
  /* Binary: NULs replaced so that strstr() sees everything. */
  for (gsize i = 0; i < length; i++)
    if (contents[i] == '\0')
      contents[i] = ' ';
  return contents;
}

static void
test_end_to_end (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_auto(Fixture) f = { 0, };
  g_autofree char *token = NULL;
  g_autofree char *page = NULL;
  g_autofree char *db = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *wal_path = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  JsonArray *photos;
  const char *csp;
  guint status = 0;

  fixture_init (t, &f, "11010119900307123", PHONE_OLD, PHONE_NEW);
  token = create_handoff (t, f.new_token);

  /* The page in Chinese: the masked name only. */
  page = get_page (t, token, NULL, "zh-CN,zh;q=0.9,en;q=0.8", &status, &headers);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (page, "<html lang=\"zh-CN\">"));
  g_assert_nonnull (strstr (page, "用手机拍摄证件照片"));
  g_assert_nonnull (strstr (page, "*晓明"));
  g_assert_null (strstr (page, SERVICE_TEST_NAME));
  g_assert_null (strstr (page, f.id_number));
  g_assert_null (strstr (page, PHONE_NEW));
  g_assert_nonnull (strstr (page, "300KB"));
  g_assert_nonnull (strstr (page, "600×400"));
  g_assert_nonnull (strstr (page, "人像面"));
  g_assert_nonnull (strstr (page, "国徽面"));
  g_assert_nonnull (strstr (page, "已完成，请回到服务台屏幕上继续"));
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *input = g_strdup_printf (
        "<input id=\"file-%s\" type=\"file\" accept=\"image/jpeg,image/png\" "
        "capture=\"environment\"", sides[i]);
      g_autofree char *label = g_strdup_printf ("<label for=\"file-%s\">", sides[i]);
      g_autofree char *progress = g_strdup_printf ("<progress id=\"progress-%s\"", sides[i]);

      g_assert_nonnull (strstr (page, input));
      g_assert_nonnull (strstr (page, label));
      g_assert_nonnull (strstr (page, progress));
    }
  g_assert_nonnull (strstr (page, "role=\"status\""));
  g_assert_nonnull (strstr (page, "name=\"viewport\""));
  /* The inline script and style run by the response's nonce alone. */
  csp = soup_message_headers_get_one (headers, "Content-Security-Policy");
  g_assert_null (strstr (csp, "unsafe-inline"));
  g_assert_nonnull (strstr (csp, "default-src 'none'"));
  g_assert_nonnull (strstr (csp, "frame-ancestors 'none'"));
  {
    const char *start = strstr (csp, "'nonce-");
    g_autofree char *nonce = NULL;
    g_autofree char *attribute = NULL;

    g_assert_nonnull (start);
    nonce = g_strndup (start + 7, strcspn (start + 7, "'"));
    attribute = g_strdup_printf ("<script nonce=\"%s\">", nonce);
    g_assert_nonnull (strstr (page, attribute));
  }
  g_clear_pointer (&page, g_free);

  /* English by Accept-Language, and ?lang= over the header. */
  page = get_page (t, token, NULL, "en-GB,en;q=0.9", &status, NULL);
  g_assert_nonnull (strstr (page, "<html lang=\"en\">"));
  g_assert_nonnull (strstr (page, "Take ID Photos with Your Phone"));
  g_assert_nonnull (strstr (page, "Done — finish on the help-desk screen"));
  g_assert_null (strstr (page, "用手机拍摄证件照片"));
  g_clear_pointer (&page, g_free);
  page = get_page (t, token, "?lang=zh", "en", &status, NULL);
  g_assert_nonnull (strstr (page, "用手机拍摄证件照片"));
  g_clear_pointer (&page, g_free);
  page = get_page (t, token, NULL, NULL, &status, NULL);
  g_assert_nonnull (strstr (page, "Take ID Photos with Your Phone"));
  g_clear_pointer (&page, g_free);

  /* Nothing yet. */
  {
    g_autofree char *path = g_strdup_printf ("/handoff/%s/photos", token);

    reply = service_test_request (t, "GET", path, NULL, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_node_get_object (reply), "photos")), ==, 0);
    g_clear_pointer (&reply, json_node_unref);
  }

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GBytes) photo = service_test_make_photo (10 + i, 0);
      JsonObject *object;

      g_assert_cmpuint (handoff_put (t, token, sides[i], photo, &reply), ==, 200);
      g_assert_cmpstr (service_test_get_string (reply, "photo.side"), ==, sides[i]);
      g_assert_cmpstr (service_test_get_string (reply, "photo.mime_type"), ==, "image/jpeg");
      g_assert_cmpint (service_test_get_int (reply, "photo.width"), ==, 800);
      g_assert_cmpint (service_test_get_int (reply, "photo.height"), ==, 600);
      g_assert_cmpint (service_test_get_int (reply, "photo.size"), >, 0);
      g_assert_cmpint (service_test_get_int (reply, "photo.size"), <=, 307200);
      g_assert_nonnull (service_test_get_string (reply, "photo.uploaded_at"));
      /* No account data: the photo's members and nothing else. */
      object = json_node_get_object (reply);
      g_assert_cmpuint (json_object_get_size (object), ==, 1);
      g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "photo")),
                        ==, 6);
      g_clear_pointer (&reply, json_node_unref);
    }

  {
    g_autofree char *path = g_strdup_printf ("/handoff/%s/photos", token);

    reply = service_test_request (t, "GET", path, NULL, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_nonnull (service_test_get_string (reply, "expires_at"));
    photos = json_object_get_array_member (json_node_get_object (reply), "photos");
    g_assert_cmpuint (json_array_get_length (photos), ==, 3);
    g_assert_cmpuint (json_object_get_size (json_array_get_object_element (photos, 0)), ==, 2);
    g_clear_pointer (&reply, json_node_unref);
  }

  /* The owner sees them and submits. */
  reply = service_test_request (t, "GET", "/me/identity/case", f.new_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "draft");
  photos = json_object_get_array_member (
    json_object_get_object_member (json_node_get_object (reply), "case"), "photos");
  g_assert_cmpuint (json_array_get_length (photos), ==, 3);
  g_clear_pointer (&reply, json_node_unref);

  reply = service_test_request (t, "POST", "/me/identity/case/submit", f.new_token, "{}",
                                &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (service_test_get_string (reply, "case.state"), ==, "submitted");
  g_clear_pointer (&reply, json_node_unref);

  /* A submitted case takes no photos, and no new hand-off. */
  {
    g_autoptr(GBytes) photo = service_test_make_photo (20, 0);

    status = handoff_put (t, token, "front", photo, &reply);
    service_test_assert_error (reply, status, 409, "case_open", NULL);
    g_clear_pointer (&reply, json_node_unref);
  }
  reply = service_test_request (t, "POST", "/me/identity/case/handoff", f.new_token, NULL,
                                &status);
  service_test_assert_error (reply, status, 409, "case_open", NULL);
  g_clear_pointer (&reply, json_node_unref);

  /* Only the token's hash is stored: the token is nowhere in the files. */
  db_path = g_build_filename (t->tmpdir, "accounts.sqlite3", NULL);
  wal_path = g_strconcat (db_path, "-wal", NULL);
  db = read_file_or_empty (db_path);
  wal = read_file_or_empty (wal_path);
  g_assert_null (strstr (db, token));
  g_assert_null (strstr (wal, token));
  g_assert_cmpint (service_test_query_int (t, "SELECT COUNT(*) FROM photo_handoffs"), ==, 1);

  service_test_free (t);
}

static void
test_expired (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_auto(Fixture) f = { 0, };
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *unknown = g_strnfill (43, 'A');
  g_autoptr(GBytes) photo = service_test_make_photo (30, 0);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  fixture_init (t, &f, "11010119900307123", PHONE_OLD, PHONE_NEW);
  token = create_handoff (t, f.new_token);
  path = g_strdup_printf ("/handoff/%s/photos", token);

  /* Still usable a second before the 15 minutes are up. */
  service_test_advance (t, 15 * 60 - 1);
  g_assert_cmpuint (handoff_put (t, token, "front", photo, NULL), ==, 200);

  service_test_advance (t, 1);
  assert_put_expired (t, token);
  assert_page_expired (t, token);
  reply = service_test_request (t, "GET", path, NULL, NULL, &status);
  service_test_assert_error (reply, status, 410, "handoff_expired", NULL);
  g_clear_pointer (&reply, json_node_unref);

  /* An unknown token, or one of the wrong shape, gets the same answers. */
  assert_put_expired (t, unknown);
  assert_page_expired (t, unknown);
  assert_put_expired (t, "x");
  assert_page_expired (t, "x");

  /* The photo uploaded in time stays in the owner's draft. */
  g_assert_cmpint (draft_photo_count (t, f.new_id), ==, 1);

  service_test_free (t);
}

static void
test_revoked (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_auto(Fixture) f = { 0, };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *kiosk = NULL;
  g_autoptr(GBytes) photo = service_test_make_photo (40, 0);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  fixture_init (t, &f, "11010119900307123", PHONE_OLD, PHONE_NEW);

  /* A new hand-off revokes the earlier one. */
  first = create_handoff (t, f.new_token);
  second = create_handoff (t, f.new_token);
  assert_put_expired (t, first);
  assert_page_expired (t, first);
  g_assert_cmpuint (handoff_put (t, second, "front", photo, NULL), ==, 200);

  /* DELETE revokes. */
  reply = service_test_request (t, "DELETE", "/me/identity/case/handoff", f.new_token, NULL,
                                &status);
  g_assert_cmpuint (status, ==, 204);
  g_assert_null (reply);
  assert_put_expired (t, second);
  assert_page_expired (t, second);

  /* The kiosk's sign-out ends the hand-off of its session. */
  kiosk = service_test_sign_in (t, PHONE_NEW, SERVICE_TEST_PASSWORD);
  third = create_handoff (t, kiosk);
  g_assert_cmpuint (handoff_put (t, third, "back", photo, NULL), ==, 200);
  reply = service_test_request (t, "DELETE", "/sessions/current", kiosk, NULL, &status);
  g_assert_cmpuint (status, ==, 204);
  g_assert_null (reply);
  assert_put_expired (t, third);
  assert_page_expired (t, third);

  /* Without a bearer there is nothing to create or revoke. */
  reply = service_test_request (t, "POST", "/me/identity/case/handoff", NULL, "{}", &status);
  service_test_assert_error (reply, status, 401, "unauthorized", NULL);
  g_clear_pointer (&reply, json_node_unref);
  reply = service_test_request (t, "DELETE", "/me/identity/case/handoff", NULL, NULL, &status);
  service_test_assert_error (reply, status, 401, "unauthorized", NULL);
  g_clear_pointer (&reply, json_node_unref);

  service_test_free (t);
}

/* The draft of @account_id as text: side, size and time of each photo. */
static char *
draft_fingerprint (ServiceTest *t,
                   const char  *bearer)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = service_test_request (t, "GET", "/me/identity/case", bearer, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_to_string (reply, FALSE);
}

static void
test_cross_account (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_auto(Fixture) a = { 0, };
  g_auto(Fixture) b = { 0, };
  g_autofree char *token_a = NULL;
  g_autofree char *token_b = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GBytes) photo_b = service_test_make_photo (50, 0);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  fixture_init (t, &a, "11010119900307123", PHONE_OLD, PHONE_NEW);
  fixture_init (t, &b, "11010119850101456", PHONE_B_OLD, PHONE_B_NEW);

  /* B has a photo of its own and a live hand-off, made before A's. */
  reply = service_test_request_raw (t, "PUT", "/me/identity/case/photos/front", b.new_token,
                                    photo_b, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&reply, json_node_unref);
  token_b = create_handoff (t, b.new_token);
  token_a = create_handoff (t, a.new_token);
  before = draft_fingerprint (t, b.new_token);

  /* A's token writes A's case only. */
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GBytes) photo = service_test_make_photo (60 + i, 0);

      g_assert_cmpuint (handoff_put (t, token_a, sides[i], photo, NULL), ==, 200);
    }
  g_assert_cmpint (draft_photo_count (t, a.new_id), ==, 3);
  g_assert_cmpint (draft_photo_count (t, b.new_id), ==, 1);
  after = draft_fingerprint (t, b.new_token);
  g_assert_cmpstr (before, ==, after);

  /* B's DELETE does not touch A's hand-off; A's does not touch B's. */
  reply = service_test_request (t, "DELETE", "/me/identity/case/handoff", b.new_token, NULL,
                                &status);
  g_assert_cmpuint (status, ==, 204);
  {
    g_autofree char *path = g_strdup_printf ("/handoff/%s/photos", token_a);

    reply = service_test_request (t, "GET", path, NULL, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_node_get_object (reply), "photos")), ==, 3);
    g_clear_pointer (&reply, json_node_unref);
  }
  assert_put_expired (t, token_b);
  g_assert_cmpint (draft_photo_count (t, b.new_id), ==, 1);

  service_test_free (t);
}

static void
send_all (GOutputStream *output,
          const char    *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (output, text, strlen (text), NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A head with a Content-Length over the route's limit and no body: the
 * answer must come without the body being sent. */
static void
assert_refused_from_length (ServiceTest *t,
                            const char  *token)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  char buffer[4096];
  gssize n;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                xuexin_service_get_port (t->service), NULL,
                                                &error);
  g_assert_no_error (error);
  head = g_strdup_printf ("PUT /api/v1/handoff/%s/photos/front HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                          "Content-Length: 307201\r\n\r\n", token);
  send_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), head);
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buffer,
                           sizeof buffer - 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  buffer[n] = '\0';
  g_assert_true (g_str_has_prefix (buffer, "HTTP/1.1 413"));
  g_assert_nonnull (strstr (buffer, "payload_too_large"));
}

static void
test_refusals (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_auto(Fixture) f = { 0, };
  g_autofree char *token = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GBytes) photo = service_test_make_photo (70, 0);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  fixture_init (t, &f, "11010119900307123", PHONE_OLD, PHONE_NEW);

  /* An active account has nothing to prove. */
  reply = service_test_request (t, "POST", "/me/identity/case/handoff", f.old_token, "{}",
                                &status);
  service_test_assert_error (reply, status, 409, "already_verified", NULL);
  g_clear_pointer (&reply, json_node_unref);

  token = create_handoff (t, f.new_token);

  /* Unknown side; an empty body; a body over the limit, from its length. */
  g_assert_cmpuint (handoff_put (t, token, "selfie", photo, &reply), ==, 404);
  service_test_assert_error (reply, 404, 404, "not_found", NULL);
  g_clear_pointer (&reply, json_node_unref);
  status = handoff_put (t, token, "front", empty, &reply);
  service_test_assert_error (reply, status, 400, "photo_invalid", NULL);
  g_clear_pointer (&reply, json_node_unref);
  assert_refused_from_length (t, token);
  g_assert_cmpint (draft_photo_count (t, f.new_id), ==, 0);

  /* Once the account is no longer pending, the link is dead. */
  g_assert_cmpuint (handoff_put (t, token, "front", photo, NULL), ==, 200);
  sql = g_strdup_printf ("UPDATE accounts SET state = 'active' WHERE id = %" G_GINT64_FORMAT,
                         f.new_id);
  service_test_exec_sql (t, sql);
  assert_put_expired (t, token);
  assert_page_expired (t, token);

  service_test_free (t);
}

static void
test_rate_limit (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_auto(Fixture) f = { 0, };
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *token = NULL;
  guint status = 0;

  fixture_init (t, &f, "11010119900307123", PHONE_OLD, PHONE_NEW);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *each = create_handoff (t, f.new_token);
    }
  reply = service_test_request (t, "POST", "/me/identity/case/handoff", f.new_token, "{}",
                                &status);
  g_assert_cmpstr (service_test_get_string (reply, "error.code"), ==, "rate_limited");
  g_assert_cmpuint (status, ==, 429);
  g_assert_cmpint (service_test_get_int (reply, "error.retry_after"), >, 0);
  g_assert_cmpint (service_test_get_int (reply, "error.retry_after"), <=, 3600);
  g_clear_pointer (&reply, json_node_unref);

  service_test_advance (t, 3600);
  token = create_handoff (t, f.new_token);

  service_test_free (t);
}

int
main (int   argc,
      char *argv[])
{
  service_test_init (&argc, &argv);

  g_test_add_func ("/Service/Handoff/end-to-end", test_end_to_end);
  g_test_add_func ("/Service/Handoff/expired", test_expired);
  g_test_add_func ("/Service/Handoff/revoked", test_revoked);
  g_test_add_func ("/Service/Handoff/cross-account", test_cross_account);
  g_test_add_func ("/Service/Handoff/refusals", test_refusals);
  g_test_add_func ("/Service/Handoff/rate-limit", test_rate_limit);

  return g_test_run ();
}
