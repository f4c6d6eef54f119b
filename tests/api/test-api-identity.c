/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-api-test"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "api-test.h"
#include "service-test.h"

/*
 * The identity verification calls (FAQ 5) and the review case upload
 * against the real account service on loopback (api-test.h), and the
 * identity models fed hostile JSON. g_test_init() makes criticals fatal:
 * a parser that emitted one would abort the program.
 */

#define SCHOOL          "海川大学"
#define CLASSMATE_NAME  "李雨桐"
#define STUDENT_NUMBER  "H20080101"

/* The clock of the service is the real time here: a request's openness
 * (xuexin_assistance_request_is_open) is judged by the local clock. */
static void
identity_set_up (Fixture       *f,
                 gconstpointer  data)
{
  service_set_up (f, data);
  __atomic_store_n (&f->now, g_get_real_time (), __ATOMIC_SEQ_CST);
}

/* The registry: the requester (f->id, NAME) and the classmate (f->id_2)
 * at SCHOOL, 2008, benke, and a school whose name contains SCHOOL but
 * does not start with it. The import also fills the school list. */
static void
import_records (Fixture *f)
{
  g_autofree char *csv_path = g_build_filename (f->tmpdir, "records.csv", NULL);
  g_autofree char *csv = g_strdup_printf (
    "kind,id_number,name,school,level,year,number,status\n"
    "enrollment,%s,%s," SCHOOL ",benke,2008," STUDENT_NUMBER ",graduated\n"
    "enrollment,%s," CLASSMATE_NAME "," SCHOOL ",benke,2008,H20080102,graduated\n"
    "enrollment,%s," CLASSMATE_NAME ",东" SCHOOL ",benke,2012,E20120001,graduated\n"
    "enrollment,%s," CLASSMATE_NAME ",山城大学,master,2012,M20120001,enrolled\n",
    f->id, NAME, f->id_2, f->id_2, f->id_2);
  g_autoptr(GError) error = NULL;
  guint n_enrollments = 0;
  guint n_degrees = 0;

  g_file_set_contents (csv_path, csv, -1, &error);
  g_assert_no_error (error);
  xuexin_service_import_records (f->config, csv_path, &n_enrollments, &n_degrees, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_enrollments, ==, 4);
}

static XuexinIdentityState *
get_identity (Fixture      *f,
              XuexinClient *client)
{
  g_autoptr(GError) error = NULL;
  XuexinIdentityState *state;

  xuexin_client_get_identity_async (client, NULL, result_cb, f);
  state = xuexin_client_get_identity_finish (client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (XUEXIN_IS_IDENTITY_STATE (state));

  return state;
}

/* An old active account of f->id on f->client's sibling @old, and a
 * pending one re-registered with it on f->client. */
static void
make_two_accounts (Fixture      *f,
                   XuexinClient *old)
{
  g_autoptr(XuexinAccount) old_account = register_person (f, old, PHONE, NAME, f->id, FALSE);
  g_autoptr(XuexinAccount) new_account = register_person (f, f->client, PHONE_2, NAME, f->id,
                                                          TRUE);
}

/* ----- GET /me/identity --------------------------------------------------- */

static void
test_identity_pending (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(XuexinClient) old = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinIdentityState) state = NULL;
  g_autoptr(XuexinOtherAccount) other = NULL;
  static const char *const paths[] = {
    XUEXIN_IDENTITY_PATH_APP, XUEXIN_IDENTITY_PATH_HELP_DESK,
    XUEXIN_IDENTITY_PATH_CLASSMATE, XUEXIN_IDENTITY_PATH_RECORDS,
  };
  XuexinIdentityPath *path;
  GListModel *entries;
  gboolean has_zbb = FALSE;

  make_two_accounts (f, old);
  state = get_identity (f, f->client);

  g_assert_cmpstr (xuexin_identity_state_get_state (state), ==, "pending_identity");
  g_assert_true (xuexin_identity_state_is_pending (state));
  g_assert_null (xuexin_identity_state_get_verified_at (state));
  g_assert_null (xuexin_identity_state_get_verified_path (state));
  g_assert_null (xuexin_identity_state_get_review_case (state));
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_identity_state_get_assistance_requests (state)), ==, 0);
  g_assert_null (xuexin_identity_state_get_path_in_progress (state));

  /* The four paths in the FAQ's order. */
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_identity_state_get_paths (state)), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(XuexinIdentityPath) item = g_list_model_get_item (xuexin_identity_state_get_paths (state), i);

      g_assert_cmpstr (xuexin_identity_path_get_path (item), ==, paths[i]);
      g_assert_true (xuexin_identity_path_get_available (item));
      g_assert_true (xuexin_identity_state_get_path (state, paths[i]) == item);
    }
  g_assert_null (xuexin_identity_state_get_path (state, "telepathy"));

  path = xuexin_identity_state_get_path (state, XUEXIN_IDENTITY_PATH_RECORDS);
  g_assert_cmpuint (xuexin_identity_path_get_limit (path), ==, 5);
  g_assert_cmpuint (xuexin_identity_path_get_remaining (path), ==, 5);
  g_assert_cmpuint (xuexin_identity_path_get_retry_after (path), ==, 0);

  path = xuexin_identity_state_get_path (state, XUEXIN_IDENTITY_PATH_CLASSMATE);
  g_assert_cmpuint (xuexin_identity_path_get_open_limit (path), ==, 3);
  g_assert_cmpuint (xuexin_identity_path_get_open_requests (path), ==, 0);
  g_assert_cmpuint (xuexin_identity_path_get_limit (path), ==, 10);
  g_assert_cmpuint (xuexin_identity_path_get_remaining (path), ==, 10);
  g_assert_cmpuint (xuexin_identity_path_get_expires_in (path), ==, 7 * 24 * 3600);

  path = xuexin_identity_state_get_path (state, XUEXIN_IDENTITY_PATH_HELP_DESK);
  g_assert_cmpuint (xuexin_identity_path_get_limit (path), ==, 5);
  g_assert_cmpuint (xuexin_identity_path_get_remaining (path), ==, 5);

  path = xuexin_identity_state_get_path (state, XUEXIN_IDENTITY_PATH_APP);
  g_assert_cmpstr (xuexin_identity_path_get_provider (path), ==, "simulated");
  g_assert_null (xuexin_identity_path_get_open_ticket (path));

  /* The account that will be cancelled, masked as in find-username. */
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_identity_state_get_other_accounts (state)), ==, 1);
  other = g_list_model_get_item (xuexin_identity_state_get_other_accounts (state), 0);
  g_assert_cmpstr (xuexin_other_account_get_phone_masked (other), ==, "138****5678");
  g_assert_nonnull (xuexin_other_account_get_id_number_masked (other));
  g_assert_null (strstr (xuexin_other_account_get_id_number_masked (other), f->id));
  g_assert_true (g_str_has_prefix (xuexin_other_account_get_id_number_masked (other), "110"));
  g_assert_true (g_str_has_suffix (xuexin_other_account_get_id_number_masked (other), f->id + 14));
  g_assert_null (xuexin_other_account_get_email_masked (other));
  g_assert_cmpstr (xuexin_other_account_get_state (other), ==, "active");
  g_assert_nonnull (xuexin_other_account_get_created_at (other));

  entries = xuexin_identity_state_get_affected_entries (state);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 4);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(XuexinAffectedEntry) entry = g_list_model_get_item (entries, i);

      g_assert_cmpstr (xuexin_affected_entry_get_platform_name (entry), !=, "");
      if (g_strcmp0 (xuexin_affected_entry_get_platform (entry), "zbb") == 0)
        {
          g_assert_cmpstr (xuexin_affected_entry_get_entry (entry), ==, "兵役登记/应征报名");
          has_zbb = TRUE;
        }
    }
  g_assert_true (has_zbb);
}

/* ----- path 4: records ---------------------------------------------------- */

static XuexinAccount *
verify_by_records (Fixture     *f,
                   const char  *number,
                   guint       *cancelled,
                   GError     **error)
{
  XuexinRecordsAnswer answer = {
    .kind = "enrollment",
    .school = SCHOOL,
    .number = number,
    .year = 2008,
    .level = "benke",
  };

  xuexin_client_verify_by_records_async (f->client, &answer, NULL, result_cb, f);
  return xuexin_client_verify_by_records_finish (f->client, await_result (f), cancelled, error);
}

static void
test_records (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(XuexinClient) old = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(XuexinAccount) refused = NULL;
  g_autoptr(XuexinIdentityState) state = NULL;
  g_autoptr(GError) error = NULL;
  guint cancelled = 99;

  import_records (f);
  make_two_accounts (f, old);

  /* A wrong student number: refused, and the attempts left are told. */
  account = verify_by_records (f, "H20089999", &cancelled, &error);
  g_assert_null (account);
  /* The message adds the attempts left, so assert_api_error() does not fit. */
  g_assert_error (error, XUEXIN_API_ERROR, XUEXIN_ERROR_CODE_VERIFICATION_FAILED);
  g_assert_null (xuexin_client_error_get_field (error));
  g_assert_cmpint (xuexin_client_error_get_remaining_attempts (error), ==, 4);
  g_assert_cmpuint (cancelled, ==, 0);
  g_clear_error (&error);

  state = get_identity (f, f->client);
  g_assert_cmpuint (xuexin_identity_path_get_remaining (
                      xuexin_identity_state_get_path (state, XUEXIN_IDENTITY_PATH_RECORDS)), ==, 4);
  g_clear_object (&state);

  account = verify_by_records (f, STUDENT_NUMBER, &cancelled, &error);
  g_assert_no_error (error);
  g_assert_true (xuexin_account_is_active (account));
  g_assert_cmpuint (cancelled, ==, 1);

  /* The old account is cancelled: its token answers unauthorized. */
  refused = get_me (f, old, &error);
  g_assert_null (refused);
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED));
  g_clear_error (&error);

  state = get_identity (f, f->client);
  g_assert_cmpstr (xuexin_identity_state_get_state (state), ==, "active");
  g_assert_false (xuexin_identity_state_is_pending (state));
  g_assert_cmpstr (xuexin_identity_state_get_verified_path (state), ==, XUEXIN_IDENTITY_PATH_RECORDS);
  g_assert_nonnull (xuexin_identity_state_get_verified_at (state));
  g_assert_null (xuexin_identity_state_get_path_in_progress (state));
}

/* ----- GET /schools ------------------------------------------------------- */

static GStrv
search_schools (Fixture     *f,
                const char  *query,
                GError     **error)
{
  xuexin_client_search_schools_async (f->client, query, NULL, result_cb, f);
  return xuexin_client_search_schools_finish (f->client, await_result (f), error);
}

static void
test_schools (Fixture       *f,
              gconstpointer  data)
{
  g_auto(GStrv) schools = NULL;
  g_autoptr(GError) error = NULL;

  import_records (f);

  /* Anonymous; those that start with the query first. */
  schools = search_schools (f, "海川", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (schools), ==, 2);
  g_assert_cmpstr (schools[0], ==, SCHOOL);
  g_assert_cmpstr (schools[1], ==, "东" SCHOOL);
  g_clear_pointer (&schools, g_strfreev);

  schools = search_schools (f, "大学", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (schools), ==, 3);
  g_clear_pointer (&schools, g_strfreev);

  /* The query is escaped: "&x" stays part of q (unescaped, q would be
   * "大学" and match all three). */
  schools = search_schools (f, "大学&x=1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (schools), ==, 0);
  g_clear_pointer (&schools, g_strfreev);

  schools = search_schools (f, "", &error);
  g_assert_null (schools);
  assert_api_error (error, XUEXIN_ERROR_CODE_INVALID_FIELD, "q");
  g_clear_error (&error);

  schools = search_schools (f, "大学\x01", &error);
  g_assert_null (schools);
  assert_api_error (error, XUEXIN_ERROR_CODE_INVALID_FIELD, "q");
}

/* ----- path 3: a classmate confirms --------------------------------------- */

static XuexinAssistanceRequest *
request_assistance (Fixture     *f,
                    const char  *classmate_name,
                    GError     **error)
{
  XuexinAssistanceAsk ask = {
    .classmate_name = classmate_name,
    .classmate_login_name = PHONE_3,
    .school = SCHOOL,
    .enrollment_year = 2008,
    .level = NULL,
  };

  xuexin_client_request_assistance_async (f->client, &ask, NULL, result_cb, f);
  return xuexin_client_request_assistance_finish (f->client, await_result (f), error);
}

static guint
inbox_count (Fixture      *f,
             XuexinClient *client)
{
  g_autoptr(GError) error = NULL;
  guint unread = 99;
  gboolean ok;

  xuexin_client_get_inbox_count_async (client, NULL, result_cb, f);
  ok = xuexin_client_get_inbox_count_finish (client, await_result (f), &unread, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  return unread;
}

static GListModel *
get_inbox (Fixture      *f,
           XuexinClient *client,
           guint        *unread)
{
  g_autoptr(GError) error = NULL;
  GListModel *requests;

  xuexin_client_get_inbox_async (client, NULL, result_cb, f);
  requests = xuexin_client_get_inbox_finish (client, await_result (f), unread, &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_LIST_MODEL (requests));

  return requests;
}

static XuexinAssistanceRequest *
answer (Fixture      *f,
        XuexinClient *client,
        gint64        id,
        gboolean      confirm,
        GError      **error)
{
  xuexin_client_answer_assistance_async (client, id, confirm, NULL, result_cb, f);
  return xuexin_client_answer_assistance_finish (client, await_result (f), error);
}

/* Two accounts of f->id (f->client pending) and the classmate, active. */
static XuexinClient *
make_classmates (Fixture      *f,
                 XuexinClient *old)
{
  XuexinClient *classmate = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinAccount) account = NULL;

  import_records (f);
  make_two_accounts (f, old);
  account = register_person (f, classmate, PHONE_3, CLASSMATE_NAME, f->id_2, FALSE);

  return classmate;
}

static void
test_classmate_confirms (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(XuexinClient) old = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinClient) classmate = make_classmates (f, old);
  g_autoptr(XuexinAssistanceRequest) sent = NULL;
  g_autoptr(XuexinAssistanceRequest) received = NULL;
  g_autoptr(XuexinAssistanceRequest) confirmed = NULL;
  g_autoptr(XuexinAssistanceRequest) again = NULL;
  g_autoptr(XuexinIdentityState) state = NULL;
  g_autoptr(XuexinAccount) me = NULL;
  g_autoptr(GListModel) inbox = NULL;
  g_autoptr(GError) error = NULL;
  guint unread = 99;

  sent = request_assistance (f, CLASSMATE_NAME, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_assistance_request_get_state (sent), ==, XUEXIN_ASSISTANCE_STATE_PENDING);
  g_assert_cmpstr (xuexin_assistance_request_get_classmate_name (sent), ==, CLASSMATE_NAME);
  g_assert_null (xuexin_assistance_request_get_requester_name (sent));
  g_assert_cmpstr (xuexin_assistance_request_get_school (sent), ==, SCHOOL);
  g_assert_cmpuint (xuexin_assistance_request_get_enrollment_year (sent), ==, 2008);
  /* Asked for any level: the service stores the one both share. */
  g_assert_cmpstr (xuexin_assistance_request_get_level (sent), ==, "benke");
  g_assert_null (xuexin_assistance_request_get_decided_at (sent));
  g_assert_cmpint (g_date_time_difference (xuexin_assistance_request_get_expires_at (sent),
                                           xuexin_assistance_request_get_created_at (sent)),
                   ==, 7 * G_TIME_SPAN_DAY);
  g_assert_true (xuexin_assistance_request_is_open (sent));

  /* The requester can go back to the path it started. */
  state = get_identity (f, f->client);
  g_assert_cmpstr (xuexin_identity_state_get_path_in_progress (state), ==,
                   XUEXIN_IDENTITY_PATH_CLASSMATE);
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_identity_state_get_assistance_requests (state)), ==, 1);
  g_assert_cmpuint (xuexin_identity_path_get_open_requests (
                      xuexin_identity_state_get_path (state, XUEXIN_IDENTITY_PATH_CLASSMATE)), ==, 1);
  g_clear_object (&state);

  /* The classmate's side: counted, listed unread once, then read. */
  g_assert_cmpuint (inbox_count (f, classmate), ==, 1);
  inbox = get_inbox (f, classmate, &unread);
  g_assert_cmpuint (unread, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (inbox), ==, 1);
  received = g_list_model_get_item (inbox, 0);
  g_assert_cmpint (xuexin_assistance_request_get_id (received), ==,
                   xuexin_assistance_request_get_id (sent));
  g_assert_true (xuexin_assistance_request_get_unread (received));
  g_assert_cmpstr (xuexin_assistance_request_get_requester_name (received), ==, NAME);
  g_assert_null (xuexin_assistance_request_get_classmate_name (received));
  g_assert_nonnull (xuexin_assistance_request_get_requester_id_number_masked (received));
  g_assert_null (strstr (xuexin_assistance_request_get_requester_id_number_masked (received), f->id));
  g_clear_object (&received);
  g_clear_object (&inbox);

  inbox = get_inbox (f, classmate, &unread);
  g_assert_cmpuint (unread, ==, 0);
  received = g_list_model_get_item (inbox, 0);
  g_assert_false (xuexin_assistance_request_get_unread (received));
  g_assert_cmpuint (inbox_count (f, classmate), ==, 0);

  confirmed = answer (f, classmate, xuexin_assistance_request_get_id (received), TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_assistance_request_get_state (confirmed), ==, XUEXIN_ASSISTANCE_STATE_CONFIRMED);
  g_assert_nonnull (xuexin_assistance_request_get_decided_at (confirmed));
  g_assert_false (xuexin_assistance_request_is_open (confirmed));

  /* The requester is verified, its other account cancelled. */
  me = get_me (f, f->client, &error);
  g_assert_no_error (error);
  g_assert_true (xuexin_account_is_active (me));
  g_clear_object (&me);
  me = get_me (f, old, &error);
  g_assert_null (me);
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED));
  g_clear_error (&error);

  state = get_identity (f, f->client);
  g_assert_cmpstr (xuexin_identity_state_get_verified_path (state), ==, XUEXIN_IDENTITY_PATH_CLASSMATE);
  g_assert_null (xuexin_identity_state_get_path_in_progress (state));

  /* A second answer: already decided. */
  again = answer (f, classmate, xuexin_assistance_request_get_id (received), FALSE, &error);
  g_assert_null (again);
  assert_api_error (error, XUEXIN_ERROR_CODE_REQUEST_CLOSED, NULL);
}

static void
test_classmate_refusals (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(XuexinClient) old = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinClient) classmate = make_classmates (f, old);
  g_autoptr(XuexinAssistanceRequest) request = NULL;
  g_autoptr(XuexinAssistanceRequest) declined = NULL;
  g_autoptr(GListModel) inbox = NULL;
  g_autoptr(XuexinIdentityState) state = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first_id = 0;
  guint unread;

  /* The classmate's name is not the one asked. */
  request = request_assistance (f, "王某某", &error);
  g_assert_null (request);
  assert_api_error (error, XUEXIN_ERROR_CODE_NOT_CLASSMATE, NULL);
  g_clear_error (&error);

  /* Three open requests at most. */
  for (guint i = 0; i < 3; i++)
    {
      request = request_assistance (f, CLASSMATE_NAME, &error);
      g_assert_no_error (error);
      if (i == 0)
        first_id = xuexin_assistance_request_get_id (request);
      g_clear_object (&request);
    }
  request = request_assistance (f, CLASSMATE_NAME, &error);
  g_assert_null (request);
  assert_api_error (error, XUEXIN_ERROR_CODE_TOO_MANY_OPEN_REQUESTS, NULL);
  g_clear_error (&error);

  /* The classmate declines one; answering it again is refused. */
  inbox = get_inbox (f, classmate, &unread);
  g_assert_cmpuint (unread, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (inbox), ==, 3);

  declined = answer (f, classmate, first_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_assistance_request_get_state (declined), ==, XUEXIN_ASSISTANCE_STATE_DECLINED);
  g_assert_cmpint (xuexin_assistance_request_get_id (declined), ==, first_id);
  g_clear_object (&declined);

  declined = answer (f, classmate, first_id, TRUE, &error);
  g_assert_null (declined);
  assert_api_error (error, XUEXIN_ERROR_CODE_REQUEST_CLOSED, NULL);
  g_clear_error (&error);

  /* Not a request to this account. */
  declined = answer (f, classmate, first_id + 1000, TRUE, &error);
  g_assert_null (declined);
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND));
  g_clear_error (&error);

  /* The requester sees the declined one and still has two open. */
  state = get_identity (f, f->client);
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_identity_state_get_assistance_requests (state)), ==, 3);
  g_assert_cmpstr (xuexin_identity_state_get_path_in_progress (state), ==,
                   XUEXIN_IDENTITY_PATH_CLASSMATE);
  g_clear_object (&state);

  /* The inbox is for active accounts. */
  xuexin_client_get_inbox_count_async (f->client, NULL, result_cb, f);
  g_assert_false (xuexin_client_get_inbox_count_finish (f->client, await_result (f), &unread, &error));
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_IDENTITY_VERIFICATION_REQUIRED));
}

/* ----- path 2: the review case upload ------------------------------------- */

typedef struct {
  guint         calls;
  guint64       first_sent;
  guint64       last_sent;
  guint64       last_total;
  gboolean      monotonic;
  GCancellable *cancel_on_first; /* nullable */
  gboolean      freed;
} Progress;

static void
progress_cb (guint64  bytes_sent,
             guint64  bytes_total,
             gpointer user_data)
{
  Progress *progress = user_data;

  if (bytes_sent < progress->last_sent || bytes_sent > bytes_total)
    progress->monotonic = FALSE;
  if (progress->calls == 0)
    progress->first_sent = bytes_sent;
  progress->calls++;
  progress->last_sent = bytes_sent;
  progress->last_total = bytes_total;

  if (progress->cancel_on_first != NULL)
    g_cancellable_cancel (progress->cancel_on_first);
}

static void
progress_free (gpointer user_data)
{
  Progress *progress = user_data;

  progress->freed = TRUE;
}

static XuexinReviewCase *
upload (Fixture       *f,
        const char    *side,
        GBytes        *photo,
        Progress      *progress,
        GCancellable  *cancellable,
        GError       **error)
{
  xuexin_client_upload_case_photo_async (f->client, side, photo,
                                         progress != NULL ? progress_cb : NULL, progress,
                                         progress != NULL ? progress_free : NULL,
                                         cancellable, result_cb, f);
  return xuexin_client_upload_case_photo_finish (f->client, await_result (f), error);
}

static void
test_review_case_upload (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(XuexinClient) old = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(GBytes) handheld = service_test_make_photo (1, 120);
  g_autoptr(GBytes) front = service_test_make_photo (2, 120);
  g_autoptr(GBytes) back = service_test_make_photo (3, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(XuexinReviewCase) review_case = NULL;
  g_autoptr(XuexinIdentityState) state = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { .monotonic = TRUE };
  Progress cancelled = { .monotonic = TRUE, .cancel_on_first = cancellable };

  make_two_accounts (f, old);

  xuexin_client_get_review_case_async (f->client, NULL, result_cb, f);
  review_case = xuexin_client_get_review_case_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_null (review_case);

  review_case = upload (f, XUEXIN_CASE_SIDE_HANDHELD, handheld, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (xuexin_review_case_get_photo (review_case, XUEXIN_CASE_SIDE_HANDHELD));
  g_test_message ("%u progress calls for %" G_GSIZE_FORMAT " bytes", progress.calls,
                  g_bytes_get_size (handheld));
  g_assert_cmpuint (progress.calls, >, 0);
  g_assert_true (progress.monotonic);
  g_assert_cmpuint (progress.last_total, ==, g_bytes_get_size (handheld));
  g_assert_cmpuint (progress.last_sent, ==, progress.last_total);
  g_assert_true (progress.freed);
  g_clear_object (&review_case);

  /* Cancelled as the body goes out: no photo of that side is stored. */
  review_case = upload (f, XUEXIN_CASE_SIDE_FRONT, front, &cancelled, cancellable, &error);
  g_assert_null (review_case);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (cancelled.calls, >, 0);
  g_test_message ("cancelled after %" G_GUINT64_FORMAT " of %" G_GSIZE_FORMAT " bytes",
                  cancelled.first_sent, g_bytes_get_size (front));
  /* Else the service would have had the whole photo, and storing it
   * would be right: the test would prove nothing. */
  g_assert_cmpuint (cancelled.first_sent, <, g_bytes_get_size (front));
  g_assert_true (cancelled.freed);
  g_clear_error (&error);

  xuexin_client_get_review_case_async (f->client, NULL, result_cb, f);
  review_case = xuexin_client_get_review_case_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (xuexin_review_case_get_photo (review_case, XUEXIN_CASE_SIDE_HANDHELD));
  g_assert_null (xuexin_review_case_get_photo (review_case, XUEXIN_CASE_SIDE_FRONT));
  g_clear_object (&review_case);

  /* A draft case is a path in progress. */
  state = get_identity (f, f->client);
  g_assert_nonnull (xuexin_identity_state_get_review_case (state));
  g_assert_cmpstr (xuexin_identity_state_get_path_in_progress (state), ==,
                   XUEXIN_IDENTITY_PATH_HELP_DESK);
  g_clear_object (&state);

  review_case = upload (f, XUEXIN_CASE_SIDE_FRONT, front, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&review_case);
  review_case = upload (f, XUEXIN_CASE_SIDE_BACK, back, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_review_case_get_photos (review_case)), ==, 3);
  g_clear_object (&review_case);

  xuexin_client_submit_review_case_async (f->client, NULL, result_cb, f);
  review_case = xuexin_client_submit_review_case_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_review_case_get_state (review_case), ==, XUEXIN_REVIEW_CASE_STATE_SUBMITTED);
  g_assert_true (xuexin_review_case_is_queued (review_case));
  g_assert_cmpuint (xuexin_review_case_get_submissions (review_case), ==, 1);
  /* The pace the service advises while in the queue (docs/api.md). */
  g_assert_cmpuint (xuexin_review_case_get_poll_interval (review_case), ==, 15);
}

/* poll_interval: a number of seconds; null (nothing to wait for) and
 * absent (an older service) both read as 0, "do not poll". */
static void
test_review_case_poll_interval (void)
{
  static const struct {
    const char *json;
    guint       interval;
  } cases[] = {
    { "{\"id\": 1, \"state\": \"in_review\", \"poll_interval\": 10}", 10 },
    { "{\"id\": 1, \"state\": \"rejected\", \"poll_interval\": null}", 0 },
    { "{\"id\": 1, \"state\": \"submitted\"}", 0 },
    { "{\"id\": 1, \"state\": \"submitted\", \"poll_interval\": -5}", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autoptr(XuexinReviewCase) review_case = NULL;
      g_autoptr(GError) error = NULL;

      review_case = xuexin_review_case_new_from_json (json_node_get_object (node), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (xuexin_review_case_get_poll_interval (review_case), ==, cases[i].interval);
    }
}

/* ----- the parsers against hostile JSON ----------------------------------- */

#define TIME "\"2025-03-01T08:00:00Z\""
#define PATH_OK "{\"path\": \"records\", \"available\": true, \"daily_limit\": 5, " \
                "\"remaining_attempts\": 5, \"retry_after\": null}"
#define REQUEST_OK "{\"id\": 7, \"classmate_name\": \"林雨桐\", \"school\": \"海川大学\", " \
                   "\"enrollment_year\": 2016, \"level\": null, \"state\": \"pending\", " \
                   "\"created_at\": " TIME ", \"expires_at\": " TIME ", \"decided_at\": null}"
#define OTHER_OK "{\"login_names\": {\"phone\": \"199****0001\", \"id_number\": null, " \
                 "\"email\": null}, \"state\": \"active\", \"created_at\": " TIME "}"
#define PHOTO_OK "{\"side\": \"front\", \"mime_type\": \"image/jpeg\", \"width\": 800, " \
                 "\"height\": 600, \"size\": 1000, \"uploaded_at\": " TIME "}"
#define ENTRY_OK "{\"platform\": \"yz\", \"platform_name\": \"中国研究生招生信息网\", \"entry\": \"统考\"}"

static const ParserCase parser_cases[] = {
  { "identity-path", (NewFromJson) xuexin_identity_path_new_from_json,
    xuexin_identity_path_get_type,
    "{\"path\": \"app\", \"available\": true, \"provider\": \"simulated\", \"daily_limit\": 3, "
    "\"remaining_attempts\": 3, \"retry_after\": null, \"ticket_ttl\": 300, \"open_ticket\": "
    "{\"ticket\": \"Q0xk\", \"provider\": \"simulated\", \"state\": \"pending\", "
    "\"qr_url\": \"http://127.0.0.1:8470/api/v1/app-verification/simulate?order=9fJ\", "
    "\"created_at\": " TIME ", \"expires_at\": " TIME ", \"expires_in\": 300, "
    "\"poll_interval\": 2, \"decided_at\": null}}",
    { "{}",
      "{\"path\": null, \"available\": true}",
      "{\"path\": 4, \"available\": true}",
      "{\"path\": \"\", \"available\": true}",
      "{\"path\": \"app\"}",
      "{\"path\": \"app\", \"available\": \"yes\"}",
      "{\"path\": \"app\", \"available\": true, \"daily_limit\": \"3\"}",
      "{\"path\": \"app\", \"available\": true, \"remaining_attempts\": 1.5}",
      "{\"path\": \"app\", \"available\": true, \"retry_after\": []}",
      "{\"path\": \"app\", \"available\": true, \"provider\": 1}",
      "{\"path\": \"app\", \"available\": true, \"open_ticket\": 1}",
      "{\"path\": \"app\", \"available\": true, \"open_ticket\": {}}",
      "{\"path\": \"app\", \"available\": true, \"open_ticket\": [null]}",
      "{\"path\": \"classmate\", \"available\": true, \"open_limit\": {}}",
      "{\"path\": \"classmate\", \"available\": true, \"expires_in\": true}",
      NULL } },
  { "assistance-request", (NewFromJson) xuexin_assistance_request_new_from_json,
    xuexin_assistance_request_get_type,
    REQUEST_OK,
    { "{}",
      "{\"id\": \"7\", \"classmate_name\": \"a\", \"school\": \"s\", \"enrollment_year\": 2016, "
      "\"state\": \"pending\", \"created_at\": " TIME ", \"expires_at\": " TIME "}",
      "{\"id\": 7, \"school\": \"s\", \"enrollment_year\": 2016, "
      "\"state\": \"pending\", \"created_at\": " TIME ", \"expires_at\": " TIME "}",
      "{\"id\": 7, \"classmate_name\": 3, \"school\": \"s\", \"enrollment_year\": 2016, "
      "\"state\": \"pending\", \"created_at\": " TIME ", \"expires_at\": " TIME "}",
      "{\"id\": 7, \"classmate_name\": \"a\", \"school\": null, \"enrollment_year\": 2016, "
      "\"state\": \"pending\", \"created_at\": " TIME ", \"expires_at\": " TIME "}",
      "{\"id\": 7, \"classmate_name\": \"a\", \"school\": \"s\", \"enrollment_year\": \"2016\", "
      "\"state\": \"pending\", \"created_at\": " TIME ", \"expires_at\": " TIME "}",
      "{\"id\": 7, \"classmate_name\": \"a\", \"school\": \"s\", \"enrollment_year\": 2016, "
      "\"state\": \"\", \"created_at\": " TIME ", \"expires_at\": " TIME "}",
      "{\"id\": 7, \"classmate_name\": \"a\", \"school\": \"s\", \"enrollment_year\": 2016, "
      "\"state\": \"pending\", \"expires_at\": " TIME "}",
      "{\"id\": 7, \"classmate_name\": \"a\", \"school\": \"s\", \"enrollment_year\": 2016, "
      "\"state\": \"pending\", \"created_at\": " TIME ", \"expires_at\": \"tomorrow\"}",
      "{\"id\": 7, \"classmate_name\": \"a\", \"school\": \"s\", \"enrollment_year\": 2016, "
      "\"state\": \"pending\", \"created_at\": " TIME ", \"expires_at\": " TIME ", \"unread\": 1}",
      "{\"id\": 7, \"requester_name\": \"a\", \"requester_id_number_masked\": [], \"school\": \"s\", "
      "\"enrollment_year\": 2016, \"state\": \"pending\", \"created_at\": " TIME ", "
      "\"expires_at\": " TIME "}",
      NULL } },
  { "other-account", (NewFromJson) xuexin_other_account_new_from_json,
    xuexin_other_account_get_type,
    OTHER_OK,
    { "{}",
      "{\"login_names\": null, \"state\": \"active\", \"created_at\": " TIME "}",
      "{\"login_names\": [], \"state\": \"active\", \"created_at\": " TIME "}",
      "{\"login_names\": {}, \"state\": \"active\", \"created_at\": " TIME "}",
      "{\"login_names\": {\"phone\": 1}, \"state\": \"active\", \"created_at\": " TIME "}",
      "{\"login_names\": {\"phone\": \"1\"}, \"created_at\": " TIME "}",
      "{\"login_names\": {\"phone\": \"1\"}, \"state\": \"active\"}",
      "{\"login_names\": {\"phone\": \"1\"}, \"state\": \"active\", \"created_at\": 5}",
      NULL } },
  { "affected-entry", (NewFromJson) xuexin_affected_entry_new_from_json,
    xuexin_affected_entry_get_type,
    ENTRY_OK,
    { "{}",
      "{\"platform\": \"yz\", \"platform_name\": \"n\"}",
      "{\"platform\": null, \"platform_name\": \"n\", \"entry\": \"e\"}",
      "{\"platform\": \"yz\", \"platform_name\": {}, \"entry\": \"e\"}",
      "{\"platform\": \"yz\", \"platform_name\": \"n\", \"entry\": false}",
      NULL } },
  { "identity-state", (NewFromJson) xuexin_identity_state_new_from_json,
    xuexin_identity_state_get_type,
    "{\"state\": \"pending_identity\", \"verified_at\": null, \"verified_path\": null, "
    "\"paths\": [" PATH_OK "], \"review_case\": null, \"assistance_requests\": [" REQUEST_OK "], "
    "\"on_success\": {\"other_accounts\": [" OTHER_OK "], \"affected_platforms\": [" ENTRY_OK "]}}",
    { "{}",
      "{\"paths\": []}",
      "{\"state\": null, \"paths\": []}",
      "{\"state\": [], \"paths\": []}",
      "{\"state\": \"\", \"paths\": []}",
      "{\"state\": \"active\"}",
      "{\"state\": \"active\", \"paths\": null}",
      "{\"state\": \"active\", \"paths\": {}}",
      "{\"state\": \"active\", \"paths\": [1]}",
      "{\"state\": \"active\", \"paths\": [null]}",
      "{\"state\": \"active\", \"paths\": [{}]}",
      "{\"state\": \"active\", \"paths\": [], \"verified_at\": 12}",
      "{\"state\": \"active\", \"paths\": [], \"verified_path\": true}",
      "{\"state\": \"active\", \"paths\": [], \"review_case\": \"none\"}",
      "{\"state\": \"active\", \"paths\": [], \"review_case\": {}}",
      "{\"state\": \"active\", \"paths\": [], \"assistance_requests\": {}}",
      "{\"state\": \"active\", \"paths\": [], \"assistance_requests\": [{\"id\": 1}]}",
      "{\"state\": \"active\", \"paths\": [], \"on_success\": []}",
      "{\"state\": \"active\", \"paths\": [], \"on_success\": {\"other_accounts\": 1}}",
      "{\"state\": \"active\", \"paths\": [], \"on_success\": {\"other_accounts\": [[]]}}",
      "{\"state\": \"active\", \"paths\": [], \"on_success\": {\"affected_platforms\": [{}]}}",
      NULL } },
  { "review-case", (NewFromJson) xuexin_review_case_new_from_json,
    xuexin_review_case_get_type,
    "{\"id\": 1, \"state\": \"draft\", \"photos\": [" PHOTO_OK "]}",
    { "{}",
      "{\"id\": \"1\", \"state\": \"draft\"}",
      "{\"id\": 1, \"state\": \"\"}",
      "{\"id\": 1, \"state\": null}",
      "{\"id\": 1, \"state\": \"draft\", \"photos\": {}}",
      "{\"id\": 1, \"state\": \"draft\", \"photos\": [{}]}",
      "{\"id\": 1, \"state\": \"draft\", \"submissions\": \"2\"}",
      "{\"id\": 1, \"state\": \"draft\", \"created_at\": \"yesterday\"}",
      "{\"id\": 1, \"state\": \"rejected\", \"rejection\": \"blurry\"}",
      "{\"id\": 1, \"state\": \"rejected\", \"rejection\": {\"reason\": null}}",
      "{\"id\": 1, \"state\": \"submitted\", \"poll_interval\": \"15\"}",
      NULL } },
  { "case-photo", (NewFromJson) xuexin_case_photo_new_from_json,
    xuexin_case_photo_get_type,
    PHOTO_OK,
    { "{}",
      "{\"side\": 1, \"mime_type\": \"image/jpeg\", \"width\": 800, \"height\": 600, "
      "\"size\": 1000, \"uploaded_at\": " TIME "}",
      "{\"side\": \"front\", \"mime_type\": \"image/jpeg\", \"width\": \"800\", "
      "\"height\": 600, \"size\": 1000, \"uploaded_at\": " TIME "}",
      "{\"side\": \"front\", \"mime_type\": \"image/jpeg\", \"width\": 800, "
      "\"height\": 600, \"size\": null, \"uploaded_at\": " TIME "}",
      NULL } },
};

static void
test_parsers_hostile (void)
{
  assert_parsers_hostile (parser_cases, G_N_ELEMENTS (parser_cases));
}

/* The valid state with an app ticket open is "app" in progress first. */
static void
test_path_in_progress_order (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"state\": \"pending_identity\", \"paths\": [" PATH_OK ", "
    "{\"path\": \"app\", \"available\": true, \"open_ticket\": "
    "{\"ticket\": \"Q0xk\", \"provider\": \"simulated\", \"state\": \"pending\", "
    "\"qr_url\": \"http://127.0.0.1/x\", \"expires_at\": " TIME ", \"expires_in\": 300, "
    "\"poll_interval\": 2}}], "
    "\"review_case\": {\"id\": 1, \"state\": \"approved\"}}");
  g_autoptr(XuexinIdentityState) state = NULL;
  g_autoptr(GError) error = NULL;

  state = xuexin_identity_state_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_identity_state_get_path_in_progress (state), ==, XUEXIN_IDENTITY_PATH_APP);
  g_assert_nonnull (xuexin_identity_path_get_open_ticket (
                      xuexin_identity_state_get_path (state, XUEXIN_IDENTITY_PATH_APP)));
  /* Missing lists read as empty ones. */
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_identity_state_get_other_accounts (state)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_identity_state_get_affected_entries (state)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (sodium_init (), >=, 0);

#define IDENTITY_TEST(path, func) \
  g_test_add ("/api/identity/" path, Fixture, NULL, identity_set_up, func, fixture_tear_down)

  IDENTITY_TEST ("state/pending", test_identity_pending);
  IDENTITY_TEST ("records/wrong-then-right", test_records);
  IDENTITY_TEST ("schools/search", test_schools);
  IDENTITY_TEST ("classmate/confirms", test_classmate_confirms);
  IDENTITY_TEST ("classmate/refusals", test_classmate_refusals);
  IDENTITY_TEST ("review-case/upload", test_review_case_upload);
  g_test_add_func ("/api/identity/parsers/hostile", test_parsers_hostile);
  g_test_add_func ("/api/identity/parsers/path-in-progress", test_path_in_progress_order);
  g_test_add_func ("/api/identity/parsers/poll-interval", test_review_case_poll_interval);

  return g_test_run ();
}
