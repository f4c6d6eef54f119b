/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-api-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sodium.h>

#include "api-test.h"

/*
 * Every wrapper of XuexinClient against the real account service, started
 * in-process on an ephemeral loopback port (its own thread, SQLite in a
 * temporary directory, cheap password hashing, a fake clock, codes
 * captured by the memory delivery backend), plus a tiny SoupServer for the
 * answers the real service never gives (protocol and server failures).
 * The client and the delivery callback run in this thread's default
 * GMainContext.
 */

/* ----- server URL --------------------------------------------------------- */

static void
test_check_server_url (void)
{
  static const char * const accepted[] = {
    "https://accounts.example.edu.cn/api/v1",
    "HTTPS://accounts.example.edu.cn",
    "http://127.0.0.1:8470/api/v1",
    "http://localhost:8470/api/v1",
    "http://[::1]:8470/api/v1",
  };
  static const char * const refused[] = {
    "http://example.com/api/v1",
    "http://192.168.1.10:8470/api/v1",
    "ftp://127.0.0.1/",
    "accounts.example.edu.cn",
    "",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("accepted: %s", accepted[i]);
      g_assert_true (xuexin_client_check_server_url (accepted[i], &error));
      g_assert_no_error (error);
    }

  for (i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("refused: %s", refused[i]);
      g_assert_false (xuexin_client_check_server_url (refused[i], &error));
      g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_BAD_URL);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (xuexin_client_check_server_url (NULL, &error));
    g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_BAD_URL);
  }
}

/* ----- registration and sessions ---------------------------------------- */

static void
test_register_sign_in_sign_out (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XuexinAccount) registered = NULL;
  g_autoptr(XuexinAccount) signed_in = NULL;
  g_autoptr(XuexinAccount) me = NULL;
  g_autoptr(XuexinAccount) after = NULL;
  g_autofree char *masked_id = xuexin_id_number_mask (f->id);
  g_autofree char *sent_to = NULL;
  g_autofree char *token = NULL;
  const char *code;
  guint resend_after = 0;
  gboolean ok;

  /* An SMS code, caught by the memory delivery backend. */
  xuexin_client_send_register_code_async (f->client, PHONE, NULL, result_cb, f);
  ok = xuexin_client_send_register_code_finish (f->client, await_result (f),
                                                &resend_after, &sent_to, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (resend_after, ==, 60);
  g_assert_cmpstr (sent_to, ==, "138****5678");
  g_assert_cmpuint (f->messages->len, ==, 1);
  code = last_code (f, PHONE, "register");
  g_assert_cmpuint (strlen (code), ==, 6);

  registered = try_register (f, PHONE, code, f->id, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (XUEXIN_IS_ACCOUNT (registered));
  g_assert_cmpint (xuexin_account_get_id (registered), >, 0);
  g_assert_cmpstr (xuexin_account_get_phone (registered), ==, PHONE);
  g_assert_cmpstr (xuexin_account_get_name (registered), ==, NAME);
  g_assert_cmpstr (xuexin_account_get_id_type (registered), ==, "resident_id");
  g_assert_cmpstr (xuexin_account_get_id_number_masked (registered), ==, masked_id);
  g_assert_cmpstr (xuexin_account_get_id_number_masked (registered), !=, f->id);
  g_assert_null (xuexin_account_get_email (registered));
  g_assert_cmpstr (xuexin_account_get_state (registered), ==, "active");
  g_assert_true (xuexin_account_is_active (registered));
  g_assert_false (xuexin_account_is_pending (registered));
  g_assert_false (xuexin_account_get_identity_verification_required (registered));
  g_assert_nonnull (xuexin_account_get_created_at (registered));
  g_assert_cmpint (g_date_time_to_unix (xuexin_account_get_created_at (registered)), ==,
                   START_TIME / G_USEC_PER_SEC);
  g_assert_null (xuexin_account_get_provider_bind_blocked_until (registered));
  /* Registering does not sign in. */
  g_assert_null (xuexin_client_get_token (f->client));

  /* The properties say what the getters say. */
  {
    g_autofree char *phone = NULL;
    g_autoptr(GDateTime) created_at = NULL;
    gint64 id = 0;
    gboolean pending = TRUE;

    g_object_get (registered, "phone", &phone, "id", &id, "created-at", &created_at,
                  "identity-verification-required", &pending, NULL);
    g_assert_cmpstr (phone, ==, PHONE);
    g_assert_cmpint (id, ==, xuexin_account_get_id (registered));
    g_assert_true (g_date_time_equal (created_at, xuexin_account_get_created_at (registered)));
    g_assert_false (pending);
  }

  /* Sign in: the token is kept and sent from now on. */
  signed_in = try_sign_in (f, f->client, PHONE, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (xuexin_account_get_id (signed_in), ==, xuexin_account_get_id (registered));
  g_assert_nonnull (xuexin_client_get_token (f->client));
  g_assert_cmpuint (strlen (xuexin_client_get_token (f->client)), >=, 32);
  g_assert_cmpuint (f->token_notifies, ==, 1);
  token = g_strdup (xuexin_client_get_token (f->client));

  me = get_me (f, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (xuexin_account_get_id (me), ==, xuexin_account_get_id (registered));
  g_assert_cmpstr (xuexin_account_get_phone (me), ==, PHONE);

  /* The ID number is a login name too. */
  {
    g_autoptr(XuexinClient) other = client_new (f, xuexin_service_get_base_url (f->service));
    g_autoptr(XuexinAccount) by_id = try_sign_in (f, other, f->id, PASSWORD, &error);

    g_assert_no_error (error);
    g_assert_cmpint (xuexin_account_get_id (by_id), ==, xuexin_account_get_id (registered));
    g_clear_object (&f->last_result);
    g_assert_finalize_object (g_steal_pointer (&other));
  }

  ok = sign_out (f, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_null (xuexin_client_get_token (f->client));
  g_assert_cmpuint (f->token_notifies, >=, 2);

  after = get_me (f, f->client, &error);
  g_assert_null (after);
  assert_api_error (error, XUEXIN_ERROR_CODE_UNAUTHORIZED, NULL);
  g_clear_error (&error);

  /* The server ended the session: the old token is worthless now. */
  xuexin_client_set_token (f->client, token);
  after = get_me (f, f->client, &error);
  g_assert_null (after);
  assert_api_error (error, XUEXIN_ERROR_CODE_UNAUTHORIZED, NULL);
  g_clear_error (&error);

  /* Signing out a session the server no longer knows still succeeds. */
  ok = sign_out (f, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_null (xuexin_client_get_token (f->client));

  /* And without a token there is nothing to do. */
  ok = sign_out (f, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
test_register_with_email (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(XuexinAccount) account = register_account (f, PHONE, f->id, EMAIL);
  g_autoptr(XuexinAccount) signed_in = NULL;

  g_assert_cmpstr (xuexin_account_get_email (account), ==, EMAIL);

  /* The email is a login name. */
  signed_in = sign_in (f, EMAIL, PASSWORD);
  g_assert_cmpint (xuexin_account_get_id (signed_in), ==, xuexin_account_get_id (account));
}

static void
test_phone_taken (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(XuexinAccount) account = register_account (f, PHONE, f->id, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_to = NULL;
  guint resend_after = 99;

  xuexin_client_send_register_code_async (f->client, PHONE, NULL, result_cb, f);
  g_assert_false (xuexin_client_send_register_code_finish (f->client, await_result (f),
                                                           &resend_after, &sent_to, &error));
  assert_api_error (error, XUEXIN_ERROR_CODE_PHONE_TAKEN, "phone");
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 0);
  g_assert_false (xuexin_client_error_is_retryable (error));
  /* Outs are cleared on failure. */
  g_assert_cmpuint (resend_after, ==, 0);
  g_assert_null (sent_to);
}

static void
test_id_number_taken_and_reregister (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(XuexinAccount) first = register_account (f, PHONE, f->id, NULL);
  g_autoptr(XuexinAccount) refused = NULL;
  g_autoptr(XuexinAccount) pending = NULL;
  g_autoptr(XuexinAccount) signed_in = NULL;
  g_autoptr(GListModel) enrollments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = send_register_code (f, PHONE_2);

  refused = try_register (f, PHONE_2, code, f->id, NULL, FALSE, &error);
  g_assert_null (refused);
  assert_api_error (error, XUEXIN_ERROR_CODE_ID_NUMBER_TAKEN, "id_number");
  g_clear_error (&error);

  /* “我要重新注册”: the same code goes through, pending verification. */
  pending = try_register (f, PHONE_2, code, f->id, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (xuexin_account_get_id (pending), !=, xuexin_account_get_id (first));
  g_assert_cmpstr (xuexin_account_get_state (pending), ==, "pending_identity");
  g_assert_true (xuexin_account_is_pending (pending));
  g_assert_false (xuexin_account_is_active (pending));
  g_assert_true (xuexin_account_get_identity_verification_required (pending));

  /* A pending account can sign in and read itself, nothing else. */
  signed_in = sign_in (f, PHONE_2, PASSWORD);
  g_assert_true (xuexin_account_is_pending (signed_in));

  xuexin_client_get_records_async (f->client, NULL, result_cb, f);
  g_assert_false (xuexin_client_get_records_finish (f->client, await_result (f),
                                                    &enrollments, NULL, &error));
  g_assert_null (enrollments);
  assert_api_error (error, XUEXIN_ERROR_CODE_IDENTITY_VERIFICATION_REQUIRED, NULL);
}

static void
test_email_used (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(XuexinAccount) first = register_account (f, PHONE, f->id, EMAIL);
  g_autoptr(XuexinAccount) refused = NULL;
  g_autoptr(XuexinAccount) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = send_register_code (f, PHONE_2);

  refused = try_register (f, PHONE_2, code, f->id_2, "Zhang@Example.com", FALSE, &error);
  g_assert_null (refused);
  assert_api_error (error, XUEXIN_ERROR_CODE_EMAIL_USED, "email");
  g_clear_error (&error);

  /* FAQ 8: without the email, the same code goes through; "" is none. */
  second = try_register (f, PHONE_2, code, f->id_2, "", FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (xuexin_account_get_email (second));
}

static void
test_sms_code_invalid (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(XuexinAccount) refused = NULL;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = send_register_code (f, PHONE);
  const char *wrong = g_str_equal (code, "000000") ? "111111" : "000000";

  refused = try_register (f, PHONE, wrong, f->id, NULL, FALSE, &error);
  g_assert_null (refused);
  assert_api_error (error, XUEXIN_ERROR_CODE_SMS_CODE_INVALID, "sms_code");
  g_clear_error (&error);

  /* The code expires after 10 minutes. */
  advance_clock (f, 601);
  refused = try_register (f, PHONE, code, f->id, NULL, FALSE, &error);
  g_assert_null (refused);
  assert_api_error (error, XUEXIN_ERROR_CODE_SMS_CODE_EXPIRED, "sms_code");
  g_clear_error (&error);

  /* A weak password names its field too. */
  {
    XuexinRegistrationRequest request = {
      .phone = PHONE, .sms_code = code, .password = "123456",
      .password_confirmation = "123456", .name = NAME, .id_number = f->id,
    };

    xuexin_client_register_async (f->client, &request, NULL, result_cb, f);
    account = xuexin_client_register_finish (f->client, await_result (f), &error);
    g_assert_null (account);
    assert_api_error (error, XUEXIN_ERROR_CODE_WEAK_PASSWORD, "password");
  }
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;
  g_autofree char *code = send_register_code (f, PHONE);
  guint resend_after = 0;

  /* A second code within 60 s is refused with the wait. */
  advance_clock (f, 20);
  xuexin_client_send_register_code_async (f->client, PHONE, NULL, result_cb, f);
  g_assert_false (xuexin_client_send_register_code_finish (f->client, await_result (f),
                                                           &resend_after, NULL, &error));
  assert_api_error (error, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL);
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), >, 0);
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 40);
  g_assert_false (xuexin_client_error_is_retryable (error));
  g_assert_cmpuint (f->messages->len, ==, 1);
  g_clear_error (&error);

  /* After the wait it is allowed again. */
  advance_clock (f, 41);
  xuexin_client_send_register_code_async (f->client, PHONE, NULL, result_cb, f);
  ok = xuexin_client_send_register_code_finish (f->client, await_result (f),
                                                &resend_after, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (resend_after, ==, 60);
  g_assert_cmpuint (f->messages->len, ==, 2);
}

static void
test_invalid_credentials (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(XuexinAccount) account = register_account (f, PHONE, f->id, NULL);
  g_autoptr(XuexinAccount) refused = NULL;
  g_autoptr(GError) error = NULL;

  refused = try_sign_in (f, f->client, PHONE, "Wrong#2024pass", &error);
  g_assert_null (refused);
  assert_api_error (error, XUEXIN_ERROR_CODE_INVALID_CREDENTIALS, NULL);
  g_assert_null (xuexin_client_get_token (f->client));
  g_assert_cmpuint (f->token_notifies, ==, 0);
  g_clear_error (&error);

  /* Unknown login names look the same. */
  refused = try_sign_in (f, f->client, PHONE_2, PASSWORD, &error);
  g_assert_null (refused);
  assert_api_error (error, XUEXIN_ERROR_CODE_INVALID_CREDENTIALS, NULL);
  g_clear_error (&error);

  refused = try_sign_in (f, f->client, "", PASSWORD, &error);
  g_assert_null (refused);
  assert_api_error (error, XUEXIN_ERROR_CODE_INVALID_FIELD, "login_name");
}

/* ----- recovery --------------------------------------------------------- */

static void
test_find_username (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(XuexinAccount) account = register_account (f, PHONE, f->id, EMAIL);
  g_autofree char *masked_id = xuexin_id_number_mask (f->id);
  g_autofree char *sent_to = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  const char *code;
  guint resend_after = 0;

  /* Nobody with that name and ID. */
  xuexin_client_send_find_username_code_async (f->client, NAME, NULL, f->id_2,
                                               NULL, result_cb, f);
  g_assert_false (xuexin_client_send_find_username_code_finish (f->client, await_result (f),
                                                                NULL, NULL, &error));
  assert_api_error (error, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
  g_clear_error (&error);

  xuexin_client_send_find_username_code_async (f->client, NAME, XUEXIN_ID_TYPE_RESIDENT_ID,
                                               f->id, NULL, result_cb, f);
  ok = xuexin_client_send_find_username_code_finish (f->client, await_result (f),
                                                     &resend_after, &sent_to,
                                                     &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (resend_after, ==, 60);
  g_assert_cmpstr (sent_to, ==, "138****5678");
  code = last_code (f, PHONE, "find_username");

  xuexin_client_find_username_async (f->client, NAME, NULL, f->id,
                                     g_str_equal (code, "000000") ? "111111" : "000000",
                                     NULL, result_cb, f);
  names = xuexin_client_find_username_finish (f->client, await_result (f), &error);
  g_assert_null (names);
  assert_api_error (error, XUEXIN_ERROR_CODE_SMS_CODE_INVALID, "sms_code");
  g_clear_error (&error);

  xuexin_client_find_username_async (f->client, NAME, XUEXIN_ID_TYPE_RESIDENT_ID, f->id, code,
                                     NULL, result_cb, f);
  names = xuexin_client_find_username_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (names);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (names[0], ==, PHONE);
  g_assert_cmpstr (names[1], ==, masked_id);
  g_assert_cmpstr (names[2], ==, "z***@example.com");
}

static void
test_reset_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(XuexinAccount) account = register_account (f, PHONE, f->id, NULL);
  g_autoptr(XuexinAccount) signed_in = sign_in (f, PHONE, PASSWORD);
  g_autoptr(XuexinAccount) me = NULL;
  g_autoptr(XuexinAccount) refused = NULL;
  g_autoptr(XuexinAccount) again = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  g_autofree char *sent_to = NULL;
  const char *code;

  xuexin_client_send_reset_password_code_async (f->client, PHONE, NAME, f->id_2,
                                                NULL, result_cb, f);
  g_assert_false (xuexin_client_send_reset_password_code_finish (f->client, await_result (f),
                                                                 NULL, NULL, &error));
  assert_api_error (error, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
  g_clear_error (&error);

  xuexin_client_send_reset_password_code_async (f->client, PHONE, NAME, f->id,
                                                NULL, result_cb, f);
  ok = xuexin_client_send_reset_password_code_finish (f->client, await_result (f),
                                                      NULL, &sent_to, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstr (sent_to, ==, "138****5678");
  code = last_code (f, PHONE, "reset_password");

  xuexin_client_reset_password_async (f->client, PHONE, NAME, f->id, code,
                                      NEW_PASSWORD, "Different#2025", NULL, result_cb, f);
  g_assert_false (xuexin_client_reset_password_finish (f->client, await_result (f), &error));
  assert_api_error (error, XUEXIN_ERROR_CODE_INVALID_FIELD, "password_confirmation");
  g_clear_error (&error);

  xuexin_client_reset_password_async (f->client, PHONE, NAME, f->id, code,
                                      NEW_PASSWORD, NEW_PASSWORD, NULL, result_cb, f);
  ok = xuexin_client_reset_password_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  /* Every session ended. */
  me = get_me (f, f->client, &error);
  g_assert_null (me);
  assert_api_error (error, XUEXIN_ERROR_CODE_UNAUTHORIZED, NULL);
  g_clear_error (&error);

  refused = try_sign_in (f, f->client, PHONE, PASSWORD, &error);
  g_assert_null (refused);
  assert_api_error (error, XUEXIN_ERROR_CODE_INVALID_CREDENTIALS, NULL);
  g_clear_error (&error);

  again = sign_in (f, PHONE, NEW_PASSWORD);
  g_assert_cmpint (xuexin_account_get_id (again), ==, xuexin_account_get_id (account));
}

/* ----- the signed-in account -------------------------------------------- */

static void
test_platforms (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GListModel) platforms = NULL;
  g_autoptr(XuexinPlatform) first = NULL;
  g_autoptr(GError) error = NULL;
  guint i;

  /* No sign-in needed. */
  xuexin_client_get_platforms_async (f->client, NULL, result_cb, f);
  platforms = xuexin_client_get_platforms_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_LIST_MODEL (platforms));
  g_assert_true (g_list_model_get_item_type (platforms) == XUEXIN_TYPE_PLATFORM);
  g_assert_cmpuint (g_list_model_get_n_items (platforms), ==, 9);

  first = g_list_model_get_item (platforms, 0);
  g_assert_cmpstr (xuexin_platform_get_id (first), ==, "archive");
  g_assert_cmpstr (xuexin_platform_get_name (first), ==, "学信档案");
  g_assert_nonnull (xuexin_platform_get_description (first));

  for (i = 0; i < g_list_model_get_n_items (platforms); i++)
    {
      g_autoptr(XuexinPlatform) platform = g_list_model_get_item (platforms, i);

      g_assert_true (g_str_has_prefix (xuexin_platform_get_url (platform), "https://"));
      g_assert_cmpuint (strlen (xuexin_platform_get_name (platform)), >, 0);
    }
}

static void
test_records (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *csv_path = g_build_filename (f->tmpdir, "records.csv", NULL);
  g_autofree char *csv = g_strdup_printf (
    "kind,id_number,name,school,level,year,number,status\n"
    "enrollment,%s,%s,海川大学,benke,2008,20080001,graduated\n"
    "degree,%s,%s,海川大学,benke,2012,104861201205000123,\n"
    "enrollment,%s,%s,山城大学,master,2012,M20120001,enrolled\n",
    f->id, NAME, f->id, NAME, f->id, NAME);
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(XuexinAccount) signed_in = NULL;
  g_autoptr(GListModel) enrollments = NULL;
  g_autoptr(GListModel) degrees = NULL;
  g_autoptr(XuexinEnrollmentRecord) enrollment = NULL;
  g_autoptr(XuexinEnrollmentRecord) master = NULL;
  g_autoptr(XuexinDegreeRecord) degree = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  guint n_enrollments = 0;
  guint n_degrees = 0;

  g_file_set_contents (csv_path, csv, -1, &error);
  g_assert_no_error (error);
  xuexin_service_import_records (f->config, csv_path, &n_enrollments, &n_degrees, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_enrollments, ==, 2);
  g_assert_cmpuint (n_degrees, ==, 1);

  account = register_account (f, PHONE, f->id, NULL);
  signed_in = sign_in (f, PHONE, PASSWORD);

  xuexin_client_get_records_async (f->client, NULL, result_cb, f);
  ok = xuexin_client_get_records_finish (f->client, await_result (f),
                                         &enrollments, &degrees, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (g_list_model_get_item_type (enrollments) == XUEXIN_TYPE_ENROLLMENT_RECORD);
  g_assert_true (g_list_model_get_item_type (degrees) == XUEXIN_TYPE_DEGREE_RECORD);
  g_assert_cmpuint (g_list_model_get_n_items (enrollments), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (degrees), ==, 1);

  enrollment = g_list_model_get_item (enrollments, 0);
  g_assert_cmpstr (xuexin_record_get_name (XUEXIN_RECORD (enrollment)), ==, NAME);
  g_assert_cmpstr (xuexin_record_get_school (XUEXIN_RECORD (enrollment)), ==, "海川大学");
  g_assert_cmpstr (xuexin_enrollment_record_get_student_number (enrollment), ==, "20080001");
  g_assert_cmpint (xuexin_enrollment_record_get_enrollment_year (enrollment), ==, 2008);
  g_assert_cmpstr (xuexin_record_get_level (XUEXIN_RECORD (enrollment)), ==, "benke");
  g_assert_cmpint (xuexin_record_get_education_level (XUEXIN_RECORD (enrollment)), ==,
                   XUEXIN_EDUCATION_LEVEL_BENKE);
  g_assert_cmpstr (xuexin_enrollment_record_get_status (enrollment), ==, "graduated");
  {
    g_autofree char *school = NULL;
    g_autofree char *student_number = NULL;
    int year = 0;

    /* The base's properties and the subclass's, side by side. */
    g_object_get (enrollment, "school", &school, "student-number", &student_number,
                  "enrollment-year", &year, NULL);
    g_assert_cmpstr (school, ==, "海川大学");
    g_assert_cmpstr (student_number, ==, "20080001");
    g_assert_cmpint (year, ==, 2008);
  }

  master = g_list_model_get_item (enrollments, 1);
  g_assert_cmpint (xuexin_record_get_education_level (XUEXIN_RECORD (master)), ==,
                   XUEXIN_EDUCATION_LEVEL_MASTER);
  g_assert_cmpstr (xuexin_enrollment_record_get_status (master), ==, "enrolled");

  degree = g_list_model_get_item (degrees, 0);
  g_assert_cmpstr (xuexin_record_get_school (XUEXIN_RECORD (degree)), ==, "海川大学");
  g_assert_cmpstr (xuexin_degree_record_get_certificate_number (degree), ==,
                   "104861201205000123");
  g_assert_cmpint (xuexin_degree_record_get_graduation_year (degree), ==, 2012);
  g_assert_cmpstr (xuexin_record_get_level (XUEXIN_RECORD (degree)), ==, "benke");
  g_assert_cmpint (xuexin_record_get_education_level (XUEXIN_RECORD (degree)), ==,
                   XUEXIN_EDUCATION_LEVEL_BENKE);

  /* Someone without records gets empty lists, not NULL. */
  g_clear_object (&enrollments);
  g_clear_object (&degrees);
  g_clear_object (&account);
  g_clear_object (&signed_in);
  account = register_account (f, PHONE_2, f->id_2, NULL);
  signed_in = sign_in (f, PHONE_2, PASSWORD);
  xuexin_client_get_records_async (f->client, NULL, result_cb, f);
  ok = xuexin_client_get_records_finish (f->client, await_result (f),
                                         &enrollments, &degrees, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (g_list_model_get_n_items (enrollments), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (degrees), ==, 0);
}

static void
test_change_email (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(XuexinAccount) account = register_account (f, PHONE, f->id, NULL);
  g_autoptr(XuexinAccount) signed_in = NULL;
  g_autoptr(XuexinAccount) changed = NULL;
  g_autoptr(XuexinAccount) me = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  g_autofree char *sent_to = NULL;
  guint resend_after = 0;
  const char *code;

  /* Signed out, nothing happens. */
  xuexin_client_send_email_code_async (f->client, EMAIL, NULL, result_cb, f);
  g_assert_false (xuexin_client_send_email_code_finish (f->client, await_result (f),
                                                        NULL, NULL, &error));
  assert_api_error (error, XUEXIN_ERROR_CODE_UNAUTHORIZED, NULL);
  g_clear_error (&error);

  signed_in = sign_in (f, PHONE, PASSWORD);

  xuexin_client_send_email_code_async (f->client, "not an address", NULL, result_cb, f);
  g_assert_false (xuexin_client_send_email_code_finish (f->client, await_result (f),
                                                        NULL, NULL, &error));
  assert_api_error (error, XUEXIN_ERROR_CODE_INVALID_EMAIL, "email");
  g_clear_error (&error);

  xuexin_client_send_email_code_async (f->client, EMAIL, NULL, result_cb, f);
  ok = xuexin_client_send_email_code_finish (f->client, await_result (f),
                                             &resend_after, &sent_to, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (resend_after, ==, 60);
  g_assert_cmpstr (sent_to, ==, "z***@example.com");
  code = last_code (f, EMAIL, "bind_email");
  g_assert_cmpstr (((Delivered *) g_ptr_array_index (f->messages, f->messages->len - 1))->channel,
                   ==, "email");

  xuexin_client_change_email_async (f->client, EMAIL,
                                    g_str_equal (code, "000000") ? "111111" : "000000",
                                    NULL, result_cb, f);
  changed = xuexin_client_change_email_finish (f->client, await_result (f), &error);
  g_assert_null (changed);
  assert_api_error (error, XUEXIN_ERROR_CODE_SMS_CODE_INVALID, "code");
  g_clear_error (&error);

  xuexin_client_change_email_async (f->client, EMAIL, code, NULL, result_cb, f);
  changed = xuexin_client_change_email_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_account_get_email (changed), ==, EMAIL);
  g_assert_cmpint (xuexin_account_get_id (changed), ==, xuexin_account_get_id (account));

  me = get_me (f, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_account_get_email (me), ==, EMAIL);

  /* Used once, used forever: another account cannot have it. */
  g_clear_object (&account);
  g_clear_object (&signed_in);
  account = register_account (f, PHONE_2, f->id_2, NULL);
  signed_in = sign_in (f, PHONE_2, PASSWORD);
  xuexin_client_send_email_code_async (f->client, EMAIL, NULL, result_cb, f);
  g_assert_false (xuexin_client_send_email_code_finish (f->client, await_result (f),
                                                        NULL, NULL, &error));
  assert_api_error (error, XUEXIN_ERROR_CODE_EMAIL_USED, "email");
}

static void
test_change_phone (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(XuexinAccount) other = register_account (f, PHONE_2, f->id_2, NULL);
  g_autoptr(XuexinAccount) account = register_account (f, PHONE, f->id, NULL);
  g_autoptr(XuexinAccount) signed_in = NULL;
  g_autoptr(XuexinAccount) changed = NULL;
  g_autoptr(XuexinAccount) again = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  g_autofree char *sent_to = NULL;
  const char *code;

  /* Signed out: refused. */
  xuexin_client_send_change_phone_code_async (f->client, PHONE_3, NULL, result_cb, f);
  g_assert_false (xuexin_client_send_change_phone_code_finish (f->client, await_result (f),
                                                               NULL, NULL, &error));
  assert_api_error (error, XUEXIN_ERROR_CODE_UNAUTHORIZED, NULL);
  g_clear_error (&error);

  signed_in = sign_in (f, PHONE, PASSWORD);

  xuexin_client_send_change_phone_code_async (f->client, PHONE_2, NULL, result_cb, f);
  g_assert_false (xuexin_client_send_change_phone_code_finish (f->client, await_result (f),
                                                               NULL, NULL, &error));
  assert_api_error (error, XUEXIN_ERROR_CODE_PHONE_TAKEN, "phone");
  g_clear_error (&error);

  xuexin_client_send_change_phone_code_async (f->client, PHONE_3, NULL, result_cb, f);
  ok = xuexin_client_send_change_phone_code_finish (f->client, await_result (f),
                                                    NULL, &sent_to, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstr (sent_to, ==, "137****1111");
  code = last_code (f, PHONE_3, "change_phone");

  xuexin_client_change_phone_async (f->client, PHONE_3, code, NULL, result_cb, f);
  changed = xuexin_client_change_phone_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_account_get_phone (changed), ==, PHONE_3);
  g_assert_cmpint (xuexin_account_get_id (changed), ==, xuexin_account_get_id (account));

  /* The code is used up. */
  g_clear_object (&changed);
  xuexin_client_change_phone_async (f->client, PHONE_3, code, NULL, result_cb, f);
  changed = xuexin_client_change_phone_finish (f->client, await_result (f), &error);
  g_assert_null (changed);
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_SMS_CODE_INVALID) ||
                 xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_PHONE_TAKEN));
  g_clear_error (&error);

  again = sign_in (f, PHONE_3, PASSWORD);
  g_assert_cmpint (xuexin_account_get_id (again), ==, xuexin_account_get_id (account));
}

/* ----- WeChat and Alipay ------------------------------------------------ */

/* Opens (GET) or answers (POST) the simulated provider page of @qr_url,
 * as the phone would. */
static void
simulate_phone (const char *qr_url,
                const char *action,
                const char *subject)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  if (action == NULL)
    message = soup_message_new ("GET", qr_url);
  else
    {
      g_autoptr(GUri) uri = g_uri_parse (qr_url, G_URI_FLAGS_ENCODED, &error);
      g_autoptr(GHashTable) params = NULL;
      g_autofree char *form = NULL;
      g_autoptr(GBytes) body = NULL;

      g_assert_no_error (error);
      params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (g_hash_table_lookup (params, "state"));

      form = soup_form_encode ("state", g_hash_table_lookup (params, "state"),
                               "subject", subject != NULL ? subject : "",
                               "action", action,
                               NULL);
      body = g_bytes_new (form, strlen (form));
      message = soup_message_new ("POST", qr_url);
      soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                                body);
    }

  g_assert_nonnull (message);
  response = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}

static XuexinTicketStatus
poll_bind (Fixture               *f,
           XuexinProviderTicket  *ticket,
           char                 **reason)
{
  g_autoptr(GError) error = NULL;
  XuexinTicketStatus status;

  xuexin_client_poll_bind_async (f->client, ticket, NULL, result_cb, f);
  status = xuexin_client_poll_bind_finish (f->client, await_result (f), reason, NULL, &error);
  g_assert_no_error (error);

  return status;
}

static XuexinProviderTicket *
start_bind (Fixture    *f,
            const char *provider)
{
  g_autoptr(GError) error = NULL;
  XuexinProviderTicket *ticket;

  xuexin_client_start_bind_async (f->client, provider, NULL, result_cb, f);
  ticket = xuexin_client_start_bind_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (XUEXIN_IS_PROVIDER_TICKET (ticket));

  return ticket;
}

static GListModel *
get_providers (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GListModel *providers;

  xuexin_client_get_providers_async (f->client, NULL, result_cb, f);
  providers = xuexin_client_get_providers_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (providers) == XUEXIN_TYPE_PROVIDER);
  g_assert_cmpuint (g_list_model_get_n_items (providers), ==, 2);

  return providers;
}

static void
test_bind_and_unbind (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(XuexinAccount) account = register_account (f, PHONE, f->id, NULL);
  g_autoptr(XuexinAccount) signed_in = sign_in (f, PHONE, PASSWORD);
  g_autoptr(XuexinProviderTicket) ticket = NULL;
  g_autoptr(XuexinProviderTicket) refused = NULL;
  g_autoptr(XuexinProviderTicket) cancelled = NULL;
  g_autoptr(GListModel) providers = NULL;
  g_autoptr(XuexinProvider) wechat = NULL;
  g_autoptr(XuexinProvider) alipay = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;

  providers = get_providers (f);
  wechat = g_list_model_get_item (providers, 0);
  g_assert_cmpstr (xuexin_provider_get_provider (wechat), ==, XUEXIN_PROVIDER_WECHAT);
  g_assert_cmpstr (xuexin_provider_get_name (wechat), ==, "微信");
  g_assert_false (xuexin_provider_get_bound (wechat));
  g_assert_null (xuexin_provider_get_bound_at (wechat));

  ticket = start_bind (f, XUEXIN_PROVIDER_WECHAT);
  g_assert_cmpstr (xuexin_provider_ticket_get_provider (ticket), ==, "wechat");
  g_assert_cmpuint (strlen (xuexin_provider_ticket_get_ticket (ticket)), >=, 32);
  g_assert_true (g_str_has_prefix (xuexin_provider_ticket_get_qr_url (ticket),
                                   xuexin_service_get_base_url (f->service)));
  g_assert_nonnull (strstr (xuexin_provider_ticket_get_qr_url (ticket),
                            "/providers/wechat/simulate?state="));
  /* The polled secret is never in the QR code. */
  g_assert_null (strstr (xuexin_provider_ticket_get_qr_url (ticket),
                         xuexin_provider_ticket_get_ticket (ticket)));
  g_assert_cmpuint (xuexin_provider_ticket_get_expires_in (ticket), ==, 300);
  g_assert_cmpuint (xuexin_provider_ticket_get_poll_interval (ticket), ==, 2);
  g_assert_cmpint (g_date_time_to_unix (xuexin_provider_ticket_get_expires_at (ticket)), ==,
                   f->now / G_USEC_PER_SEC + 300);

  g_assert_cmpint (poll_bind (f, ticket, NULL), ==, XUEXIN_TICKET_STATUS_PENDING);
  simulate_phone (xuexin_provider_ticket_get_qr_url (ticket), NULL, NULL);
  g_assert_cmpint (poll_bind (f, ticket, NULL), ==, XUEXIN_TICKET_STATUS_SCANNED);
  simulate_phone (xuexin_provider_ticket_get_qr_url (ticket), "confirm", "demo-wechat-user");
  g_assert_cmpint (poll_bind (f, ticket, &reason), ==, XUEXIN_TICKET_STATUS_CONFIRMED);
  g_assert_null (reason);

  g_clear_object (&providers);
  g_clear_object (&wechat);
  providers = get_providers (f);
  wechat = g_list_model_get_item (providers, 0);
  alipay = g_list_model_get_item (providers, 1);
  g_assert_true (xuexin_provider_get_bound (wechat));
  g_assert_nonnull (xuexin_provider_get_bound_at (wechat));
  g_assert_cmpstr (xuexin_provider_get_provider (alipay), ==, XUEXIN_PROVIDER_ALIPAY);
  g_assert_false (xuexin_provider_get_bound (alipay));

  /* Bound already: refused. */
  xuexin_client_start_bind_async (f->client, XUEXIN_PROVIDER_WECHAT, NULL, result_cb, f);
  refused = xuexin_client_start_bind_finish (f->client, await_result (f), &error);
  g_assert_null (refused);
  assert_api_error (error, XUEXIN_ERROR_CODE_FORBIDDEN, "provider");
  g_clear_error (&error);

  /* Refused on the phone. */
  cancelled = start_bind (f, XUEXIN_PROVIDER_ALIPAY);
  simulate_phone (xuexin_provider_ticket_get_qr_url (cancelled), "cancel", NULL);
  xuexin_client_poll_bind_async (f->client, cancelled, NULL, result_cb, f);
  g_assert_cmpint (xuexin_client_poll_bind_finish (f->client, await_result (f),
                                                   &reason, &message, &error),
                   ==, XUEXIN_TICKET_STATUS_FAILED);
  g_assert_no_error (error);
  g_assert_cmpstr (reason, ==, "cancelled");
  g_assert_nonnull (message);

  /* Unknown providers are not found. */
  xuexin_client_start_bind_async (f->client, "weibo", NULL, result_cb, f);
  refused = xuexin_client_start_bind_finish (f->client, await_result (f), &error);
  g_assert_null (refused);
  assert_api_error (error, XUEXIN_ERROR_CODE_NOT_FOUND, "provider");
  g_clear_error (&error);

  xuexin_client_unbind_provider_async (f->client, XUEXIN_PROVIDER_WECHAT, NULL, result_cb, f);
  ok = xuexin_client_unbind_provider_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  xuexin_client_unbind_provider_async (f->client, XUEXIN_PROVIDER_WECHAT, NULL, result_cb, f);
  g_assert_false (xuexin_client_unbind_provider_finish (f->client, await_result (f), &error));
  assert_api_error (error, XUEXIN_ERROR_CODE_NOT_FOUND, "provider");
}

static void
test_qr_sign_in (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(XuexinAccount) account = register_account (f, PHONE, f->id, NULL);
  g_autoptr(XuexinAccount) signed_in = sign_in (f, PHONE, PASSWORD);
  g_autoptr(XuexinProviderTicket) bind_ticket = start_bind (f, XUEXIN_PROVIDER_WECHAT);
  g_autoptr(XuexinClient) anonymous = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinProviderTicket) ticket = NULL;
  g_autoptr(XuexinProviderTicket) stranger = NULL;
  g_autoptr(XuexinAccount) qr_account = NULL;
  g_autoptr(XuexinAccount) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;
  XuexinTicketStatus status;

  simulate_phone (xuexin_provider_ticket_get_qr_url (bind_ticket), "confirm", "demo-wechat-user");
  g_assert_cmpint (poll_bind (f, bind_ticket, NULL), ==, XUEXIN_TICKET_STATUS_CONFIRMED);

  /* A QR sign-in on a client without a session. */
  xuexin_client_start_qr_sign_in_async (anonymous, XUEXIN_PROVIDER_WECHAT, NULL, result_cb, f);
  ticket = xuexin_client_start_qr_sign_in_finish (anonymous, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (XUEXIN_IS_PROVIDER_TICKET (ticket));

  xuexin_client_poll_qr_sign_in_async (anonymous, ticket, NULL, result_cb, f);
  status = xuexin_client_poll_qr_sign_in_finish (anonymous, await_result (f),
                                                 &qr_account, &reason, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, XUEXIN_TICKET_STATUS_PENDING);
  g_assert_null (qr_account);
  g_assert_null (reason);
  g_assert_null (xuexin_client_get_token (anonymous));

  simulate_phone (xuexin_provider_ticket_get_qr_url (ticket), "confirm", "demo-wechat-user");
  xuexin_client_poll_qr_sign_in_async (anonymous, ticket, NULL, result_cb, f);
  status = xuexin_client_poll_qr_sign_in_finish (anonymous, await_result (f),
                                                 &qr_account, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, XUEXIN_TICKET_STATUS_CONFIRMED);
  g_assert_true (XUEXIN_IS_ACCOUNT (qr_account));
  g_assert_cmpint (xuexin_account_get_id (qr_account), ==, xuexin_account_get_id (account));
  g_assert_nonnull (xuexin_client_get_token (anonymous));
  g_assert_cmpstr (xuexin_client_get_token (anonymous), !=, xuexin_client_get_token (f->client));

  me = get_me (f, anonymous, &error);
  g_assert_no_error (error);
  g_assert_cmpint (xuexin_account_get_id (me), ==, xuexin_account_get_id (account));

  /* The session is handed out once. */
  g_clear_object (&qr_account);
  xuexin_client_poll_qr_sign_in_async (anonymous, ticket, NULL, result_cb, f);
  status = xuexin_client_poll_qr_sign_in_finish (anonymous, await_result (f),
                                                 &qr_account, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, XUEXIN_TICKET_STATUS_USED);
  g_assert_null (qr_account);

  /* An identity bound to no account. */
  xuexin_client_start_qr_sign_in_async (anonymous, XUEXIN_PROVIDER_WECHAT, NULL, result_cb, f);
  stranger = xuexin_client_start_qr_sign_in_finish (anonymous, await_result (f), &error);
  g_assert_no_error (error);
  simulate_phone (xuexin_provider_ticket_get_qr_url (stranger), "confirm", "somebody-else");
  xuexin_client_poll_qr_sign_in_async (anonymous, stranger, NULL, result_cb, f);
  status = xuexin_client_poll_qr_sign_in_finish (anonymous, await_result (f),
                                                 &qr_account, &reason, &message, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, XUEXIN_TICKET_STATUS_FAILED);
  g_assert_null (qr_account);
  g_assert_cmpstr (reason, ==, "not_bound");
  g_assert_nonnull (message);

  /* Tickets expire. */
  g_clear_object (&stranger);
  g_clear_pointer (&reason, g_free);
  xuexin_client_start_qr_sign_in_async (anonymous, XUEXIN_PROVIDER_ALIPAY, NULL, result_cb, f);
  stranger = xuexin_client_start_qr_sign_in_finish (anonymous, await_result (f), &error);
  g_assert_no_error (error);
  advance_clock (f, 301);
  xuexin_client_poll_qr_sign_in_async (anonymous, stranger, NULL, result_cb, f);
  status = xuexin_client_poll_qr_sign_in_finish (anonymous, await_result (f),
                                                 NULL, &reason, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, XUEXIN_TICKET_STATUS_EXPIRED);
  g_assert_null (reason);

  g_clear_object (&f->last_result);
  g_assert_finalize_object (g_steal_pointer (&anonymous));
}

static void
test_bind_blocked (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(XuexinAccount) account = register_account (f, PHONE, f->id, NULL);
  g_autoptr(XuexinAccount) signed_in = sign_in (f, PHONE, PASSWORD);
  g_autoptr(XuexinClient) attacker = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinProviderTicket) refused = NULL;
  g_autoptr(XuexinAccount) me = NULL;
  g_autoptr(GError) error = NULL;
  guint i;

  /* Four wrong passwords are free; the fifth locks the account. */
  for (i = 0; i < 5; i++)
    {
      g_autoptr(XuexinAccount) nothing = try_sign_in (f, attacker, PHONE, "Wrong#2024pass",
                                                      &error);

      g_assert_null (nothing);
      if (i < 4)
        assert_api_error (error, XUEXIN_ERROR_CODE_INVALID_CREDENTIALS, NULL);
      else
        {
          assert_api_error (error, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL);
          g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 60);
        }
      g_clear_error (&error);
    }

  /* FAQ 7: binding WeChat/Alipay stays blocked for two hours. */
  me = get_me (f, f->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (xuexin_account_get_provider_bind_blocked_until (me));
  g_assert_cmpint (g_date_time_to_unix (xuexin_account_get_provider_bind_blocked_until (me)), ==,
                   f->now / G_USEC_PER_SEC + 7200);

  xuexin_client_start_bind_async (f->client, XUEXIN_PROVIDER_WECHAT, NULL, result_cb, f);
  refused = xuexin_client_start_bind_finish (f->client, await_result (f), &error);
  g_assert_null (refused);
  assert_api_error (error, XUEXIN_ERROR_CODE_RATE_LIMITED, "provider");
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 7200);

  g_clear_object (&f->last_result);
  g_assert_finalize_object (g_steal_pointer (&attacker));
}

/* ----- transport failures and cancellation ------------------------------- */

/* A loopback port nobody listens on. */
static char *
closed_port_url (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return g_strdup_printf ("http://127.0.0.1:%u/api/v1", port);
}

static void
test_network_failure (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *url = closed_port_url ();
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GListModel) platforms = NULL;
  g_autoptr(GError) error = NULL;

  fixture_init (f);
  f->client = client_new (f, url);

  account = try_sign_in (f, f->client, PHONE, PASSWORD, &error);
  g_assert_null (account);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_NETWORK);
  g_assert_true (xuexin_client_error_is_retryable (error));
  g_assert_null (xuexin_client_error_get_field (error));
  g_assert_null (xuexin_client_get_token (f->client));
  g_clear_error (&error);

  xuexin_client_get_platforms_async (f->client, NULL, result_cb, f);
  platforms = xuexin_client_get_platforms_finish (f->client, await_result (f), &error);
  g_assert_null (platforms);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);

  /* Signing out forgets the session even when the server is unreachable. */
  xuexin_client_set_token (f->client, "a-token-the-server-never-sees");
  g_assert_false (sign_out (f, &error));
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_NETWORK);
  g_assert_null (xuexin_client_get_token (f->client));
}

static void
test_cancellation (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GListModel) platforms = NULL;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  /* Cancelled before it starts. */
  g_cancellable_cancel (cancellable);
  xuexin_client_get_platforms_async (f->client, cancellable, result_cb, f);
  platforms = xuexin_client_get_platforms_finish (f->client, await_result (f), &error);
  g_assert_null (platforms);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled while the request is on its way: a sign-in that is cancelled
   * must not leave a token behind, even if the server signed in. */
  g_clear_object (&account);
  account = register_account (f, PHONE, f->id, NULL);
  g_clear_object (&account);
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  xuexin_client_sign_in_async (f->client, PHONE, PASSWORD, cancellable, result_cb, f);
  g_cancellable_cancel (cancellable);
  account = xuexin_client_sign_in_finish (f->client, await_result (f), &error);
  g_assert_null (account);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (xuexin_client_get_token (f->client));
  g_assert_cmpuint (f->token_notifies, ==, 0);
  g_clear_error (&error);

  /* A cancelled sign-out still forgets the session. */
  account = sign_in (f, PHONE, PASSWORD);
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  xuexin_client_sign_out_async (f->client, cancellable, result_cb, f);
  g_cancellable_cancel (cancellable);
  g_assert_false (xuexin_client_sign_out_finish (f->client, await_result (f), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (xuexin_client_get_token (f->client));
  g_clear_error (&error);

  /* The client still works after cancellations. */
  code = send_register_code (f, PHONE_2);
  g_assert_nonnull (code);
}

#define VALID_ACCOUNT \
  "{\"id\": 7, \"phone\": \"13812345678\", \"name\": \"张晓明\", \"id_type\": \"other\", " \
  "\"id_number_masked\": \"E1****67\", \"email\": null, \"state\": \"pending_identity\", " \
  "\"created_at\": \"2025-03-01T08:00:00Z\", \"provider_bind_blocked_until\": null}"

static void
expect_me (Fixture    *f,
           const char *body,
           gboolean    valid)
{
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_test_message ("GET /me → 200 %s", body);
  fake_answer (f, SOUP_STATUS_OK, body);
  account = get_me (f, f->client, &error);
  if (valid)
    {
      g_assert_no_error (error);
      g_assert_true (XUEXIN_IS_ACCOUNT (account));
    }
  else
    {
      g_assert_null (account);
      g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
      g_assert_false (xuexin_client_error_is_retryable (error));
    }
}

static void
test_protocol_failure (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const bad_accounts[] = {
    "[]",
    "[" VALID_ACCOUNT "]",
    "",
    "not json",
    "{}",
    "{\"account\": null}",
    "{\"account\": []}",
    "{\"account\": \"me\"}",
    /* a valid answer with more after it: json-glib 1.6 would keep the
     * first value and leak the rest (found by tests/fuzz/fuzz-api-json) */
    "{\"account\": " VALID_ACCOUNT "}{}",
    "{\"account\": " VALID_ACCOUNT "} {\"account\": " VALID_ACCOUNT "}",
    "{\"account\": " VALID_ACCOUNT "} 7",
    /* each required member missing or of the wrong type */
    "{\"account\": {\"phone\": \"13812345678\", \"name\": \"张晓明\", \"id_type\": \"other\", "
      "\"id_number_masked\": \"E1****67\", \"state\": \"active\"}}",
    "{\"account\": {\"id\": \"7\", \"phone\": \"13812345678\", \"name\": \"张晓明\", "
      "\"id_type\": \"other\", \"id_number_masked\": \"E1****67\", \"state\": \"active\"}}",
    "{\"account\": {\"id\": 7.5, \"phone\": \"13812345678\", \"name\": \"张晓明\", "
      "\"id_type\": \"other\", \"id_number_masked\": \"E1****67\", \"state\": \"active\"}}",
    "{\"account\": {\"id\": 7, \"name\": \"张晓明\", \"id_type\": \"other\", "
      "\"id_number_masked\": \"E1****67\", \"state\": \"active\"}}",
    "{\"account\": {\"id\": 7, \"phone\": null, \"name\": \"张晓明\", \"id_type\": \"other\", "
      "\"id_number_masked\": \"E1****67\", \"state\": \"active\"}}",
    "{\"account\": {\"id\": 7, \"phone\": 13812345678, \"name\": \"张晓明\", "
      "\"id_type\": \"other\", \"id_number_masked\": \"E1****67\", \"state\": \"active\"}}",
    "{\"account\": {\"id\": 7, \"phone\": \"13812345678\", \"name\": {}, "
      "\"id_type\": \"other\", \"id_number_masked\": \"E1****67\", \"state\": \"active\"}}",
    "{\"account\": {\"id\": 7, \"phone\": \"13812345678\", \"name\": \"张晓明\", "
      "\"id_number_masked\": \"E1****67\", \"state\": \"active\"}}",
    "{\"account\": {\"id\": 7, \"phone\": \"13812345678\", \"name\": \"张晓明\", "
      "\"id_type\": \"other\", \"state\": \"active\"}}",
    "{\"account\": {\"id\": 7, \"phone\": \"13812345678\", \"name\": \"张晓明\", "
      "\"id_type\": \"other\", \"id_number_masked\": \"E1****67\"}}",
    "{\"account\": {\"id\": 7, \"phone\": \"13812345678\", \"name\": \"张晓明\", "
      "\"id_type\": \"other\", \"id_number_masked\": \"E1****67\", \"state\": \"active\", "
      "\"email\": false}}",
    "{\"account\": {\"id\": 7, \"phone\": \"13812345678\", \"name\": \"张晓明\", "
      "\"id_type\": \"other\", \"id_number_masked\": \"E1****67\", \"state\": \"active\", "
      "\"created_at\": \"yesterday\"}}",
    "{\"account\": {\"id\": 7, \"phone\": \"13812345678\", \"name\": \"张晓明\", "
      "\"id_type\": \"other\", \"id_number_masked\": \"E1****67\", \"state\": \"active\", "
      "\"created_at\": \"2025-03-01T08:00:00\"}}",
    "{\"account\": {\"id\": 7, \"phone\": \"13812345678\", \"name\": \"张晓明\", "
      "\"id_type\": \"other\", \"id_number_masked\": \"E1****67\", \"state\": \"active\", "
      "\"identity_verification_required\": \"no\"}}",
  };
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  guint i;

  /* The harness itself works: a valid answer parses, with defaults. */
  fake_answer (f, SOUP_STATUS_OK, "{\"account\": " VALID_ACCOUNT "}");
  account = get_me (f, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (xuexin_account_get_id (account), ==, 7);
  g_assert_cmpstr (xuexin_account_get_id_type (account), ==, XUEXIN_ID_TYPE_OTHER);
  g_assert_null (xuexin_account_get_email (account));
  g_assert_true (xuexin_account_is_pending (account));
  /* identity_verification_required is optional and follows the state. */
  g_assert_true (xuexin_account_get_identity_verification_required (account));
  g_assert_cmpuint (f->fake_requests, ==, 1);

  for (i = 0; i < G_N_ELEMENTS (bad_accounts); i++)
    expect_me (f, bad_accounts[i], FALSE);
  g_assert_cmpuint (f->fake_requests, ==, 1 + G_N_ELEMENTS (bad_accounts));

  /* Unknown members are fine. */
  expect_me (f, "{\"account\": " VALID_ACCOUNT ", \"extra\": [1, 2]}", TRUE);
}

static void
test_protocol_failure_endpoints (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;
  g_autofree char *sent_to = NULL;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GListModel) platforms = NULL;
  g_autoptr(GListModel) enrollments = NULL;
  g_autoptr(GListModel) degrees = NULL;
  g_autoptr(XuexinProviderTicket) ticket = NULL;
  g_auto(GStrv) names = NULL;
  guint resend_after = 5;

  /* Codes: sent_to and resend_after are required. */
  fake_answer (f, 201, "{\"sent_to\": [\"138****5678\", \"139****4321\"], \"resend_after\": 45}");
  xuexin_client_send_find_username_code_async (f->client, NAME, NULL, f->id, NULL, result_cb, f);
  ok = xuexin_client_send_find_username_code_finish (f->client, await_result (f),
                                                     &resend_after, &sent_to,
                                                     &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (resend_after, ==, 45);
  g_assert_cmpstr (sent_to, ==, "138****5678, 139****4321");
  g_clear_pointer (&sent_to, g_free);

  fake_answer (f, 201, "{\"sent_to\": [\"138****5678\"]}");
  xuexin_client_send_register_code_async (f->client, PHONE, NULL, result_cb, f);
  g_assert_false (xuexin_client_send_register_code_finish (f->client, await_result (f),
                                                           &resend_after, &sent_to, &error));
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (resend_after, ==, 0);
  g_assert_null (sent_to);
  g_clear_error (&error);

  fake_answer (f, 201, "{\"sent_to\": [1], \"resend_after\": 60}");
  xuexin_client_send_register_code_async (f->client, PHONE, NULL, result_cb, f);
  g_assert_false (xuexin_client_send_register_code_finish (f->client, await_result (f),
                                                           NULL, NULL, &error));
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_answer (f, 201, "{\"sent_to\": \"138****5678\", \"resend_after\": 60}");
  xuexin_client_send_email_code_async (f->client, EMAIL, NULL, result_cb, f);
  g_assert_false (xuexin_client_send_email_code_finish (f->client, await_result (f),
                                                        NULL, NULL, &error));
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Sign-in: a broken session answer stores no token. */
  fake_answer (f, 201, "{\"token\": 5, \"account\": " VALID_ACCOUNT "}");
  account = try_sign_in (f, f->client, PHONE, PASSWORD, &error);
  g_assert_null (account);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_assert_null (xuexin_client_get_token (f->client));
  g_clear_error (&error);

  fake_answer (f, 201, "{\"token\": \"abc\", \"account\": {\"id\": 1}}");
  account = try_sign_in (f, f->client, PHONE, PASSWORD, &error);
  g_assert_null (account);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_assert_null (xuexin_client_get_token (f->client));
  g_assert_cmpuint (f->token_notifies, ==, 0);
  g_clear_error (&error);

  fake_answer (f, 201, "{\"token\": \"abc\", \"account\": " VALID_ACCOUNT "}");
  account = try_sign_in (f, f->client, PHONE, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_client_get_token (f->client), ==, "abc");
  g_clear_object (&account);

  /* Lists: every item is checked. */
  fake_answer (f, 200, "{\"platforms\": [{\"name\": \"a\", \"description\": \"b\", \"url\": \"https://c/\"}, 1]}");
  xuexin_client_get_platforms_async (f->client, NULL, result_cb, f);
  platforms = xuexin_client_get_platforms_finish (f->client, await_result (f), &error);
  g_assert_null (platforms);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_answer (f, 200, "{\"platforms\": {}}");
  xuexin_client_get_platforms_async (f->client, NULL, result_cb, f);
  platforms = xuexin_client_get_platforms_finish (f->client, await_result (f), &error);
  g_assert_null (platforms);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_answer (f, 200, "{\"providers\": [{\"provider\": \"wechat\", \"bound\": \"yes\"}]}");
  xuexin_client_get_providers_async (f->client, NULL, result_cb, f);
  platforms = xuexin_client_get_providers_finish (f->client, await_result (f), &error);
  g_assert_null (platforms);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_answer (f, 200, "{\"enrollments\": [], \"degrees\": [{\"school\": \"x\", "
                       "\"certificate_number\": \"1\", \"level\": \"benke\"}]}");
  xuexin_client_get_records_async (f->client, NULL, result_cb, f);
  g_assert_false (xuexin_client_get_records_finish (f->client, await_result (f),
                                                    &enrollments, &degrees, &error));
  g_assert_null (enrollments);
  g_assert_null (degrees);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_answer (f, 200, "{\"enrollments\": []}");
  xuexin_client_get_records_async (f->client, NULL, result_cb, f);
  g_assert_false (xuexin_client_get_records_finish (f->client, await_result (f),
                                                    &enrollments, &degrees, &error));
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_answer (f, 200, "{\"accounts\": [{\"login_names\": []}]}");
  xuexin_client_find_username_async (f->client, NAME, NULL, f->id, "123456", NULL, result_cb, f);
  names = xuexin_client_find_username_finish (f->client, await_result (f), &error);
  g_assert_null (names);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Tickets and their polls. */
  fake_answer (f, 201, "{\"ticket\": \"t\", \"provider\": \"wechat\"}");
  xuexin_client_start_qr_sign_in_async (f->client, "wechat", NULL, result_cb, f);
  ticket = xuexin_client_start_qr_sign_in_finish (f->client, await_result (f), &error);
  g_assert_null (ticket);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_answer (f, 201, "{\"ticket\": \"t\", \"provider\": \"wechat\", \"qr_url\": \"https://q/\", "
                       "\"expires_at\": \"2025-03-01T08:05:00Z\", \"expires_in\": 300, "
                       "\"poll_interval\": 0}");
  xuexin_client_start_qr_sign_in_async (f->client, "wechat", NULL, result_cb, f);
  ticket = xuexin_client_start_qr_sign_in_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  /* Never poll faster than once a second. */
  g_assert_cmpuint (xuexin_provider_ticket_get_poll_interval (ticket), ==, 1);

  {
    static const char * const bad_polls[] = {
      "{\"status\": \"confirmed\", \"provider\": \"wechat\"}",
      "{\"status\": \"confirmed\", \"session\": {\"token\": \"x\"}}",
      "{\"status\": \"brand-new\"}",
      "{\"status\": 1}",
      "{\"status\": \"failed\", \"reason\": 3}",
    };
    guint i;

    for (i = 0; i < G_N_ELEMENTS (bad_polls); i++)
      {
        g_autoptr(XuexinAccount) polled = NULL;
        g_autofree char *reason = NULL;

        g_test_message ("poll → %s", bad_polls[i]);
        fake_answer (f, 200, bad_polls[i]);
        xuexin_client_poll_qr_sign_in_async (f->client, ticket, NULL, result_cb, f);
        g_assert_cmpint (xuexin_client_poll_qr_sign_in_finish (f->client, await_result (f),
                                                               &polled, &reason, NULL, &error),
                         ==, XUEXIN_TICKET_STATUS_UNKNOWN);
        g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
        g_assert_null (polled);
        g_assert_null (reason);
        g_clear_error (&error);
      }
  }

  /* A failure without a reason reads as a provider error. */
  {
    g_autofree char *reason = NULL;

    fake_answer (f, 200, "{\"status\": \"failed\"}");
    xuexin_client_poll_bind_async (f->client, ticket, NULL, result_cb, f);
    g_assert_cmpint (xuexin_client_poll_bind_finish (f->client, await_result (f),
                                                     &reason, NULL, &error),
                     ==, XUEXIN_TICKET_STATUS_FAILED);
    g_assert_no_error (error);
    g_assert_cmpstr (reason, ==, "provider_error");
  }
}

static void
test_server_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  fake_answer (f, 500, "{}");
  account = get_me (f, f->client, &error);
  g_assert_null (account);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_SERVER);
  g_assert_true (xuexin_client_error_is_retryable (error));
  g_clear_error (&error);

  fake_answer (f, 503, "<html>Service Unavailable</html>");
  account = get_me (f, f->client, &error);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_SERVER);
  g_clear_error (&error);

  fake_answer (f, 500, "{\"error\": {\"code\": \"internal_error\", \"message\": \"…\"}}");
  account = get_me (f, f->client, &error);
  assert_api_error (error, XUEXIN_ERROR_CODE_INTERNAL, NULL);
  g_assert_true (xuexin_client_error_is_retryable (error));
  g_clear_error (&error);

  /* 429 without a body: the Retry-After header. */
  fake_answer (f, 429, NULL);
  f->fake_retry_after = g_strdup ("42");
  account = get_me (f, f->client, &error);
  assert_api_error (error, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL);
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 42);
  g_clear_error (&error);

  /* The body wins over the header; the header fills in a missing one. */
  fake_answer (f, 429, "{\"error\": {\"code\": \"rate_limited\", \"retry_after\": 7}}");
  account = get_me (f, f->client, &error);
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 7);
  g_clear_error (&error);

  /* verification_failed: the tries left travel with the error and end
   * its sentence; without a count the sentence is the code's own. */
  fake_answer (f, 400, "{\"error\": {\"code\": \"verification_failed\", \"remaining_attempts\": 3}}");
  account = get_me (f, f->client, &error);
  g_assert_error (error, XUEXIN_API_ERROR, XUEXIN_ERROR_CODE_VERIFICATION_FAILED);
  g_assert_null (xuexin_client_error_get_field (error));
  g_assert_cmpint (xuexin_client_error_get_remaining_attempts (error), ==, 3);
  g_assert_true (g_str_has_prefix (error->message, xuexin_error_code_get_message (
                                     XUEXIN_ERROR_CODE_VERIFICATION_FAILED)));
  g_assert_true (g_str_has_suffix (error->message, "You can try 3 more times today."));
  {
    g_autoptr(GError) copy = g_error_copy (error);

    g_assert_cmpint (xuexin_client_error_get_remaining_attempts (copy), ==, 3);
  }
  g_clear_error (&error);
  fake_answer (f, 400, "{\"error\": {\"code\": \"verification_failed\", \"remaining_attempts\": 0}}");
  account = get_me (f, f->client, &error);
  g_assert_cmpint (xuexin_client_error_get_remaining_attempts (error), ==, 0);
  g_assert_nonnull (strstr (error->message, "No tries are left today"));
  g_clear_error (&error);
  fake_answer (f, 400, "{\"error\": {\"code\": \"verification_failed\"}}");
  account = get_me (f, f->client, &error);
  g_assert_cmpint (xuexin_client_error_get_remaining_attempts (error), ==, -1);
  g_assert_cmpstr (error->message, ==,
                   xuexin_error_code_get_message (XUEXIN_ERROR_CODE_VERIFICATION_FAILED));
  g_clear_error (&error);

  fake_answer (f, 429, "{\"error\": {\"code\": \"email_ip_restricted\", \"field\": \"email\"}}");
  account = get_me (f, f->client, &error);
  assert_api_error (error, XUEXIN_ERROR_CODE_EMAIL_IP_RESTRICTED, "email");
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 42);
  g_clear_error (&error);
  g_clear_pointer (&f->fake_retry_after, g_free);

  /* The HTTP-date form counts from the answer's Date, whatever the
   * clock here says… */
  fake_answer (f, 429, NULL);
  f->fake_date = g_strdup ("Sat, 01 Mar 2025 08:00:00 GMT");
  f->fake_retry_after = g_strdup ("Sat, 01 Mar 2025 08:01:30 GMT");
  account = get_me (f, f->client, &error);
  assert_api_error (error, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL);
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 90);
  g_clear_error (&error);

  /* …also when the body names the error but not the wait. */
  fake_answer (f, 429, "{\"error\": {\"code\": \"rate_limited\"}}");
  account = get_me (f, f->client, &error);
  assert_api_error (error, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL);
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 90);
  g_clear_error (&error);

  /* A date already past asks for no wait. */
  fake_answer (f, 429, NULL);
  g_free (f->fake_retry_after);
  f->fake_retry_after = g_strdup ("Sat, 01 Mar 2025 07:59:00 GMT");
  account = get_me (f, f->client, &error);
  assert_api_error (error, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL);
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 0);
  g_clear_error (&error);

  /* Without a Date header, from this computer's clock. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 120);

    g_free (f->fake_date);
    f->fake_date = g_strdup ("");
    g_free (f->fake_retry_after);
    f->fake_retry_after = soup_date_time_to_string (later, SOUP_DATE_HTTP);
    account = get_me (f, f->client, &error);
    assert_api_error (error, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL);
    /* The date has whole seconds, and the request took a moment. */
    g_assert_cmpuint (xuexin_client_error_get_retry_after (error), >=, 118);
    g_assert_cmpuint (xuexin_client_error_get_retry_after (error), <=, 120);
    g_clear_error (&error);
  }

  /* Neither form: no wait is known. */
  g_free (f->fake_retry_after);
  f->fake_retry_after = g_strdup ("soon");
  account = get_me (f, f->client, &error);
  assert_api_error (error, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL);
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 0);
  g_clear_error (&error);
  g_clear_pointer (&f->fake_retry_after, g_free);
  g_clear_pointer (&f->fake_date, g_free);

  /* A code newer than this client: the service's sentence. */
  fake_answer (f, 400, "{\"error\": {\"code\": \"brand_new_code\", \"message\": \"新的错误。\"}}");
  account = get_me (f, f->client, &error);
  g_assert_error (error, XUEXIN_API_ERROR, XUEXIN_ERROR_CODE_UNKNOWN);
  g_assert_cmpstr (error->message, ==, "新的错误。");
  g_clear_error (&error);

  /* Error members of the wrong types are read as far as they go. */
  fake_answer (f, 409, "{\"error\": {\"code\": \"phone_taken\", \"field\": 7, \"retry_after\": \"x\"}}");
  account = get_me (f, f->client, &error);
  assert_api_error (error, XUEXIN_ERROR_CODE_PHONE_TAKEN, NULL);
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 0);
  g_clear_error (&error);

  fake_answer (f, 400, "{\"error\": {\"code\": {}, \"message\": [], \"retry_after\": {}}}");
  account = get_me (f, f->client, &error);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_answer (f, 400, "{\"error\": \"phone_taken\"}");
  account = get_me (f, f->client, &error);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_answer (f, 404, "[]");
  account = get_me (f, f->client, &error);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Sign-out: the server ended the session already (401) → success. */
  xuexin_client_set_token (f->client, "stale");
  fake_answer (f, 401, "{\"error\": {\"code\": \"unauthorized\"}}");
  g_assert_true (sign_out (f, &error));
  g_assert_no_error (error);
  g_assert_null (xuexin_client_get_token (f->client));

  /* Other failures are reported, the token is gone anyway. */
  xuexin_client_set_token (f->client, "fresh");
  fake_answer (f, 500, NULL);
  g_assert_false (sign_out (f, &error));
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_SERVER);
  g_assert_null (xuexin_client_get_token (f->client));
}

static void
test_bad_url (Fixture       *f,
              gconstpointer  data)
{
  g_autoslist(GUri) uris = soup_server_get_uris (f->fake);
  g_autofree char *ftp_url = g_strdup_printf ("ftp://127.0.0.1:%d/api/v1",
                                              g_uri_get_port (uris->data));
  const char * const bad_urls[] = { ftp_url, "not a server", "http:///api/v1", "" };
  guint i;

  fake_answer (f, 201, "{\"token\": \"abc\", \"account\": " VALID_ACCOUNT "}");

  for (i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_autoptr(XuexinClient) client = client_new (f, bad_urls[i]);
      g_autoptr(XuexinAccount) account = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("base URL “%s”", bad_urls[i]);
      account = try_sign_in (f, client, PHONE, PASSWORD, &error);
      g_assert_null (account);
      g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_BAD_URL);
      g_assert_false (xuexin_client_error_is_retryable (error));
      g_assert_null (xuexin_client_get_token (client));
      g_clear_object (&f->last_result);
    }

  /* Refused before sending: the server (at the ftp URL's port) saw nothing. */
  g_assert_cmpuint (f->fake_requests, ==, 0);
}

static void
test_error_domains (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* A local failure never reads as the API code of the same number. */
  fake_answer (f, 502, NULL);
  account = get_me (f, f->client, &error);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_SERVER);
  g_assert_false (xuexin_client_error_is_api (error, (XuexinErrorCode) XUEXIN_CLIENT_ERROR_SERVER));
  g_assert_null (xuexin_client_error_get_field (error));
  g_assert_cmpuint (xuexin_client_error_get_retry_after (error), ==, 0);
  g_clear_error (&error);

  /* An API refusal is in its own domain, with its details… */
  fake_answer (f, 409, "{\"error\": {\"code\": \"phone_taken\", \"field\": \"phone\"}}");
  account = get_me (f, f->client, &error);
  g_assert_error (error, XUEXIN_API_ERROR, XUEXIN_ERROR_CODE_PHONE_TAKEN);
  g_assert_false (g_error_matches (error, XUEXIN_CLIENT_ERROR, error->code));

  /* …which survive a copy. */
  {
    g_autoptr(GError) copy = g_error_copy (error);

    g_assert_true (xuexin_client_error_is_api (copy, XUEXIN_ERROR_CODE_PHONE_TAKEN));
    g_assert_cmpstr (xuexin_client_error_get_field (copy), ==, "phone");
  }
}

static void
test_cancel_in_flight (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* The server has the request and sits on it; the user gives up. */
  f->fake_hang = TRUE;
  xuexin_client_sign_in_async (f->client, PHONE, PASSWORD, cancellable, result_cb, f);
  while (f->fake_paused == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (f->result);

  g_cancellable_cancel (cancellable);
  account = xuexin_client_sign_in_finish (f->client, await_result (f), &error);
  g_assert_null (account);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (xuexin_client_get_token (f->client));
  g_clear_error (&error);

  /* The late answer goes nowhere. */
  soup_server_message_set_status (f->fake_paused, 201, NULL);
  soup_server_message_set_response (f->fake_paused, "application/json", SOUP_MEMORY_STATIC,
                                    "{}", 2);
  soup_server_message_unpause (f->fake_paused);
  g_clear_object (&f->fake_paused);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The next call works. */
  f->fake_hang = FALSE;
  fake_answer (f, 201, "{\"token\": \"abc\", \"account\": " VALID_ACCOUNT "}");
  account = try_sign_in (f, f->client, PHONE, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_client_get_token (f->client), ==, "abc");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (sodium_init (), >=, 0);

#define SERVICE_TEST(path, func) \
  g_test_add ("/api/client/" path, Fixture, NULL, service_set_up, func, fixture_tear_down)
#define FAKE_TEST(path, func) \
  g_test_add ("/api/client/" path, Fixture, NULL, fake_set_up, func, fixture_tear_down)

  g_test_add_func ("/api/client/check-server-url", test_check_server_url);
  SERVICE_TEST ("register/sign-in-me-sign-out", test_register_sign_in_sign_out);
  SERVICE_TEST ("register/with-email", test_register_with_email);
  SERVICE_TEST ("register/phone-taken", test_phone_taken);
  SERVICE_TEST ("register/id-number-taken-reregister", test_id_number_taken_and_reregister);
  SERVICE_TEST ("register/email-used", test_email_used);
  SERVICE_TEST ("register/sms-code-invalid", test_sms_code_invalid);
  SERVICE_TEST ("codes/rate-limited", test_rate_limited);
  SERVICE_TEST ("sign-in/invalid-credentials", test_invalid_credentials);
  SERVICE_TEST ("recovery/find-username", test_find_username);
  SERVICE_TEST ("recovery/reset-password", test_reset_password);
  SERVICE_TEST ("account/platforms", test_platforms);
  SERVICE_TEST ("account/records", test_records);
  SERVICE_TEST ("account/change-email", test_change_email);
  SERVICE_TEST ("account/change-phone", test_change_phone);
  SERVICE_TEST ("providers/bind-unbind", test_bind_and_unbind);
  SERVICE_TEST ("providers/qr-sign-in", test_qr_sign_in);
  SERVICE_TEST ("providers/bind-blocked", test_bind_blocked);
  SERVICE_TEST ("cancel/real-service", test_cancellation);
  g_test_add ("/api/client/errors/network", Fixture, NULL, NULL, test_network_failure,
              fixture_tear_down);
  FAKE_TEST ("errors/protocol-account", test_protocol_failure);
  FAKE_TEST ("errors/bad-url", test_bad_url);
  FAKE_TEST ("errors/domains", test_error_domains);
  FAKE_TEST ("errors/protocol-endpoints", test_protocol_failure_endpoints);
  FAKE_TEST ("errors/server", test_server_errors);
  FAKE_TEST ("cancel/in-flight", test_cancel_in_flight);

  return g_test_run ();
}
