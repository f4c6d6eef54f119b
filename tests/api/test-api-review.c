/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-api-test"

#include "config.h"

#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "api-test.h"
#include "service-test.h"

/*
 * The help desk's calls (docs/api.md "Staff and /review/…") and the
 * paging review queue against the real account service on loopback
 * (api-test.h), the review models fed hostile JSON, and answers the
 * service never gives from the fake server. g_test_init() makes
 * criticals fatal: a parser that emitted one would abort the program.
 */

#define REVIEWER_PHONE     "13300000001"
#define REVIEWER_NAME      "王审核"
#define REVIEWER_2_PHONE   "13300000002"
#define REVIEWER_2_NAME    "李审核"
#define REVIEWER_PASSWORD  "Review#2024pass"

/* The seeded queue: SEEDED cases, one every SEED_SPACING seconds up to
 * START_TIME; every fifth (the 5th, 10th, …) was submitted twice. */
#define SEEDED        250
#define SEED_SPACING  (10 * 60)

static const char * const sides[] = {
  XUEXIN_CASE_SIDE_HANDHELD, XUEXIN_CASE_SIDE_FRONT, XUEXIN_CASE_SIDE_BACK,
};

/* ----- waiting ------------------------------------------------------------ */

typedef gboolean (*Condition) (gpointer data);

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @done says so, 30 s at most. */
static void
wait_until (Condition done,
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (30, timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
}

static gboolean
queue_is_idle (gpointer data)
{
  return !xuexin_review_queue_is_loading (data);
}

static gboolean
case_is_loaded (gpointer data)
{
  return xuexin_queue_case_is_loaded (data);
}

static gboolean
client_is_idle (gpointer data)
{
  /* Every task on the way holds the client. */
  return G_OBJECT (data)->ref_count == 1;
}

/* Until every request on the way has answered (the last result, held
 * for the test, holds the client too). */
static void
wait_client_idle (Fixture *f)
{
  g_clear_object (&f->last_result);
  wait_until (client_is_idle, f->client);
}

/* ----- staff and cases ---------------------------------------------------- */

static void
add_reviewer (Fixture    *f,
              const char *phone,
              const char *name,
              const char *id17)
{
  g_autofree char *id_number = make_id (id17);
  g_autoptr(GError) error = NULL;

  g_assert_true (xuexin_service_add_staff (f->config, XUEXIN_ROLE_REVIEWER, phone, name, id_number,
                                           REVIEWER_PASSWORD, NULL, &error));
  g_assert_no_error (error);
}

static XuexinClient *
staff_client (Fixture    *f,
              const char *phone)
{
  XuexinClient *client = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = try_sign_in (f, client, phone, REVIEWER_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (xuexin_account_is_staff (account));
  g_assert_cmpstr (xuexin_account_get_role (account), ==, XUEXIN_ROLE_REVIEWER);

  return client;
}

/* Uploads three photos (seeds @seed…) on @user and submits. */
static void
submit_case (Fixture      *f,
             XuexinClient *user,
             guint         seed)
{
  g_autoptr(XuexinReviewCase) review_case = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GBytes) photo = service_test_make_photo (seed + i, 0);
      g_autoptr(XuexinReviewCase) uploaded = NULL;

      xuexin_client_upload_case_photo_async (user, sides[i], photo, NULL, NULL, NULL,
                                             NULL, result_cb, f);
      uploaded = xuexin_client_upload_case_photo_finish (user, await_result (f), &error);
      g_assert_no_error (error);
    }

  xuexin_client_submit_review_case_async (user, NULL, result_cb, f);
  review_case = xuexin_client_submit_review_case_finish (user, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_review_case_get_state (review_case), ==, XUEXIN_REVIEW_CASE_STATE_SUBMITTED);
}

static GPtrArray *
list_cases (Fixture                 *f,
            XuexinClient            *client,
            const XuexinQueueFilter *filter,
            guint                   *total,
            XuexinQueueCounts       *counts,
            GError                 **error)
{
  xuexin_client_list_review_cases_async (client, filter, 0, 100, NULL, result_cb, f);
  return xuexin_client_list_review_cases_finish (client, await_result (f), total, counts, error);
}

static XuexinCaseClaim *
claim (Fixture       *f,
       XuexinClient  *client,
       gint64         case_id,
       GError       **error)
{
  xuexin_client_claim_review_case_async (client, case_id, NULL, result_cb, f);
  return xuexin_client_claim_review_case_finish (client, await_result (f), error);
}

static XuexinStaffCase *
get_case (Fixture       *f,
          XuexinClient  *client,
          gint64         case_id)
{
  g_autoptr(GError) error = NULL;
  XuexinStaffCase *staff_case;

  xuexin_client_get_staff_case_async (client, case_id, NULL, result_cb, f);
  staff_case = xuexin_client_get_staff_case_finish (client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (XUEXIN_IS_STAFF_CASE (staff_case));

  return staff_case;
}

static GBytes *
get_photo (Fixture       *f,
           XuexinClient  *client,
           gint64         case_id,
           const char    *side,
           GError       **error)
{
  xuexin_client_get_staff_case_photo_async (client, case_id, side, NULL, result_cb, f);
  return xuexin_client_get_staff_case_photo_finish (client, await_result (f), error);
}

static char *
decide (Fixture       *f,
        XuexinClient  *client,
        gint64         case_id,
        const char    *reason,
        const char    *note,
        GError       **error)
{
  xuexin_client_decide_review_case_async (client, case_id, reason, note, NULL, result_cb, f);
  return xuexin_client_decide_review_case_finish (client, await_result (f), error);
}

static GListModel *
lookup (Fixture    *f,
        XuexinClient *client,
        const char *phone,
        const char *id_number)
{
  g_autoptr(GError) error = NULL;
  GListModel *accounts;

  xuexin_client_lookup_accounts_async (client, phone, id_number, NULL, result_cb, f);
  accounts = xuexin_client_lookup_accounts_finish (client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_LIST_MODEL (accounts));

  return accounts;
}

/* The event ids of @account's history, joined with spaces. */
static char *
history_events (XuexinLookupAccount *account)
{
  GListModel *history = xuexin_lookup_account_get_history (account);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) events = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(XuexinVerificationEvent) event = g_list_model_get_item (history, i);

      g_assert_nonnull (xuexin_verification_event_get_at (event));
      g_strv_builder_add (builder, xuexin_verification_event_get_event (event));
    }
  events = g_strv_builder_end (builder);

  return g_strjoinv (" ", events);
}

/* A reviewer on f->client, and the old active account of f->id on @old
 * with a pending one re-registered with it on @user, whose case is
 * submitted. Returns the case's id. */
static gint64
set_up_case (Fixture      *f,
             XuexinClient *old,
             XuexinClient *user)
{
  g_autoptr(XuexinAccount) old_account = register_person (f, old, PHONE, NAME, f->id, FALSE);
  g_autoptr(XuexinAccount) new_account = register_person (f, user, PHONE_2, NAME, f->id, TRUE);
  g_autoptr(XuexinReviewCase) review_case = NULL;
  g_autoptr(XuexinAccount) reviewer = NULL;
  g_autoptr(GError) error = NULL;

  /* Users are users. */
  g_assert_cmpstr (xuexin_account_get_role (new_account), ==, XUEXIN_ROLE_USER);
  g_assert_false (xuexin_account_is_staff (new_account));

  submit_case (f, user, 1);
  xuexin_client_get_review_case_async (user, NULL, result_cb, f);
  review_case = xuexin_client_get_review_case_finish (user, await_result (f), &error);
  g_assert_no_error (error);

  add_reviewer (f, REVIEWER_PHONE, REVIEWER_NAME, "11010119800101123");
  reviewer = sign_in (f, REVIEWER_PHONE, REVIEWER_PASSWORD);
  g_assert_true (xuexin_account_is_staff (reviewer));

  return xuexin_review_case_get_id (review_case);
}

/* ----- the calls ---------------------------------------------------------- */

/* List, claim, read, photos, reject, resubmission, approve: the user's
 * account becomes active and the older one of the ID is cancelled. */
static void
test_review_decide (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(XuexinClient) old = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinClient) user = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinCaseClaim) case_claim = NULL;
  g_autoptr(XuexinStaffCase) staff_case = NULL;
  g_autoptr(XuexinCaseSubmission) submission = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(XuexinAccount) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  XuexinQueueCounts counts = { 0, };
  XuexinQueueCase *listed;
  gint64 case_id;
  guint total = 0;

  case_id = set_up_case (f, old, user);

  cases = list_cases (f, f->client, NULL, &total, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpuint (total, ==, 1);
  g_assert_cmpuint (counts.open, ==, 1);
  g_assert_cmpuint (counts.submitted, ==, 1);
  g_assert_cmpuint (counts.in_review, ==, 0);
  listed = g_ptr_array_index (cases, 0);
  g_assert_true (xuexin_queue_case_is_loaded (listed));
  g_assert_cmpint (xuexin_queue_case_get_id (listed), ==, case_id);
  g_assert_cmpstr (xuexin_queue_case_get_state (listed), ==, "submitted");
  g_assert_cmpuint (xuexin_queue_case_get_submissions (listed), ==, 1);
  g_assert_nonnull (xuexin_queue_case_get_submitted_at (listed));
  g_assert_false (xuexin_queue_case_get_claimed_by_me (listed));
  g_assert_null (xuexin_queue_case_get_claimed_by_name (listed));
  g_clear_pointer (&cases, g_ptr_array_unref);

  /* The user is no reviewer. */
  cases = list_cases (f, user, NULL, NULL, NULL, &error);
  g_assert_null (cases);
  assert_api_error (error, XUEXIN_ERROR_CODE_FORBIDDEN, NULL);
  g_clear_error (&error);

  case_claim = claim (f, f->client, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (xuexin_case_claim_get_case_id (case_claim), ==, case_id);
  g_assert_true (xuexin_case_claim_is_mine (case_claim));
  g_assert_cmpuint (xuexin_case_claim_get_expires_in (case_claim), ==, 900);
  g_assert_nonnull (xuexin_case_claim_get_expires_at (case_claim));

  cases = list_cases (f, f->client, NULL, NULL, &counts, &error);
  g_assert_no_error (error);
  listed = g_ptr_array_index (cases, 0);
  g_assert_cmpstr (xuexin_queue_case_get_state (listed), ==, "in_review");
  g_assert_true (xuexin_queue_case_get_claimed_by_me (listed));
  g_assert_cmpstr (xuexin_queue_case_get_claimed_by_name (listed), ==, REVIEWER_NAME);
  g_assert_nonnull (xuexin_queue_case_get_claim_expires_at (listed));
  g_assert_cmpuint (counts.in_review, ==, 1);
  g_clear_pointer (&cases, g_ptr_array_unref);

  staff_case = get_case (f, f->client, case_id);
  g_assert_cmpint (xuexin_staff_case_get_id (staff_case), ==, case_id);
  g_assert_cmpstr (xuexin_staff_case_get_state (staff_case), ==, "in_review");
  g_assert_true (xuexin_staff_case_is_claimed_by_me (staff_case));
  g_assert_cmpstr (xuexin_case_claim_get_reviewer_name (xuexin_staff_case_get_claim (staff_case)), ==,
                   REVIEWER_NAME);
  g_assert_cmpstr (xuexin_staff_case_get_account_name (staff_case), ==, NAME);
  g_assert_cmpstr (xuexin_staff_case_get_account_state (staff_case), ==, XUEXIN_ACCOUNT_STATE_PENDING);
  g_assert_cmpstr (xuexin_staff_case_get_id_type (staff_case), ==, XUEXIN_ID_TYPE_RESIDENT_ID);
  g_assert_nonnull (strstr (xuexin_staff_case_get_id_number_masked (staff_case), "*"));
  g_assert_nonnull (xuexin_staff_case_get_registered_at (staff_case));
  /* The old account would be cancelled by an approval. */
  g_assert_cmpuint (xuexin_staff_case_get_other_accounts (staff_case), ==, 1);
  g_assert_nonnull (xuexin_staff_case_get_registry_names (staff_case));
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_staff_case_get_photos (staff_case)), ==, 3);
  g_assert_nonnull (xuexin_staff_case_get_photo (staff_case, XUEXIN_CASE_SIDE_FRONT));
  g_assert_cmpuint (xuexin_staff_case_get_submission_count (staff_case), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_staff_case_get_submissions (staff_case)), ==, 1);
  submission = g_list_model_get_item (xuexin_staff_case_get_submissions (staff_case), 0);
  g_assert_cmpuint (xuexin_case_submission_get_number (submission), ==, 1);
  g_assert_null (xuexin_case_submission_get_decision (submission));
  g_clear_object (&submission);
  g_clear_object (&staff_case);

  /* The photo's bytes as stored: a JPEG, read into memory. */
  photo = get_photo (f, f->client, case_id, XUEXIN_CASE_SIDE_HANDHELD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (photo), >, 1000);
  g_assert_cmpmem (g_bytes_get_data (photo, NULL), 2, "\xff\xd8", 2);
  g_clear_pointer (&photo, g_bytes_unref);
  photo = get_photo (f, f->client, case_id, "left", &error);
  g_assert_null (photo);
  assert_api_error (error, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
  g_clear_error (&error);

  state = decide (f, f->client, case_id, XUEXIN_REJECT_REASON_OTHER, NULL, &error);
  g_assert_null (state);
  assert_api_error (error, XUEXIN_ERROR_CODE_INVALID_FIELD, "note");
  g_clear_error (&error);
  state = decide (f, f->client, case_id, XUEXIN_REJECT_REASON_BLURRY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (state, ==, "rejected");
  g_clear_pointer (&state, g_free);

  /* Decided: no longer open, and the claim is gone with it. */
  cases = list_cases (f, f->client, NULL, &total, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 0);
  g_assert_cmpuint (total, ==, 0);
  g_assert_cmpuint (counts.open, ==, 0);
  g_assert_cmpuint (counts.decided_today, ==, 1);
  g_assert_cmpuint (counts.decided_today_by_me, ==, 1);
  g_clear_pointer (&cases, g_ptr_array_unref);

  /* The user takes new photos and submits again; this time approved. */
  submit_case (f, user, 10);
  g_clear_object (&case_claim);
  case_claim = claim (f, f->client, case_id, &error);
  g_assert_no_error (error);
  staff_case = get_case (f, f->client, case_id);
  g_assert_cmpuint (xuexin_staff_case_get_submission_count (staff_case), ==, 2);
  submission = g_list_model_get_item (xuexin_staff_case_get_submissions (staff_case), 0);
  g_assert_cmpstr (xuexin_case_submission_get_decision (submission), ==, "rejected");
  g_assert_cmpstr (xuexin_case_submission_get_reason (submission), ==, XUEXIN_REJECT_REASON_BLURRY);
  g_assert_cmpstr (xuexin_case_submission_get_reason_text (submission), ==, "模糊不清");
  g_assert_cmpstr (xuexin_case_submission_get_decided_by_name (submission), ==, REVIEWER_NAME);
  g_assert_nonnull (xuexin_case_submission_get_decided_at (submission));

  state = decide (f, f->client, case_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (state, ==, "approved");

  me = get_me (f, user, &error);
  g_assert_no_error (error);
  g_assert_true (xuexin_account_is_active (me));
  g_clear_object (&me);
  me = get_me (f, old, &error);
  g_assert_null (me);
  g_assert_nonnull (error);
}

/* Two reviewers on one case: the second is refused the claim, told by
 * whom, and may read the case without it; photos need the claim. A
 * released case is free again. */
static void
test_review_claims (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(XuexinClient) old = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinClient) user = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinClient) second = NULL;
  g_autoptr(XuexinCaseClaim) case_claim = NULL;
  g_autoptr(XuexinStaffCase) staff_case = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GError) error = NULL;
  XuexinCaseClaim *holder;
  gint64 case_id;
  gboolean released;

  case_id = set_up_case (f, old, user);
  add_reviewer (f, REVIEWER_2_PHONE, REVIEWER_2_NAME, "11010119800102123");
  second = staff_client (f, REVIEWER_2_PHONE);

  case_claim = claim (f, f->client, case_id, &error);
  g_assert_no_error (error);
  g_clear_object (&case_claim);

  case_claim = claim (f, second, case_id, &error);
  g_assert_null (case_claim);
  assert_api_error (error, XUEXIN_ERROR_CODE_CASE_CLAIMED, NULL);
  g_assert_cmpstr (xuexin_client_error_get_claimed_by_name (error), ==, REVIEWER_NAME);
  g_clear_error (&error);

  /* Read-only for the second: says who holds it. */
  staff_case = get_case (f, second, case_id);
  g_assert_false (xuexin_staff_case_is_claimed_by_me (staff_case));
  holder = xuexin_staff_case_get_claim (staff_case);
  g_assert_nonnull (holder);
  g_assert_false (xuexin_case_claim_is_mine (holder));
  g_assert_cmpstr (xuexin_case_claim_get_reviewer_name (holder), ==, REVIEWER_NAME);
  g_clear_object (&staff_case);

  photo = get_photo (f, second, case_id, XUEXIN_CASE_SIDE_FRONT, &error);
  g_assert_null (photo);
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_CLAIMED));
  g_clear_error (&error);

  /* Renewing one's own claim is a claim too. */
  case_claim = claim (f, f->client, case_id, &error);
  g_assert_no_error (error);
  g_clear_object (&case_claim);

  xuexin_client_release_review_case_async (f->client, case_id, NULL, result_cb, f);
  released = xuexin_client_release_review_case_finish (f->client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (released);

  /* Nothing left to release. */
  xuexin_client_release_review_case_async (f->client, case_id, NULL, result_cb, f);
  released = xuexin_client_release_review_case_finish (f->client, await_result (f), &error);
  g_assert_false (released);
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_CLAIMED));
  g_assert_null (xuexin_client_error_get_claimed_by_name (error));
  g_clear_error (&error);

  case_claim = claim (f, second, case_id, &error);
  g_assert_no_error (error);
  g_assert_true (xuexin_case_claim_is_mine (case_claim));
}

/* The reviewer's history of the day, and the account lookup. */
static void
test_review_history_and_lookup (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(XuexinClient) old = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinClient) user = client_new (f, xuexin_service_get_base_url (f->service));
  g_autoptr(XuexinCaseClaim) case_claim = NULL;
  g_autoptr(XuexinReviewDecision) decision = NULL;
  g_autoptr(XuexinLookupAccount) account = NULL;
  g_autoptr(GListModel) decisions = NULL;
  g_autoptr(GListModel) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *events = NULL;
  gint64 case_id;
  guint total = 0;

  case_id = set_up_case (f, old, user);

  xuexin_client_list_my_decisions_async (f->client, NULL, 0, 50, NULL, result_cb, f);
  decisions = xuexin_client_list_my_decisions_finish (f->client, await_result (f), &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (decisions), ==, 0);
  g_assert_cmpuint (total, ==, 0);
  g_clear_object (&decisions);

  case_claim = claim (f, f->client, case_id, &error);
  g_assert_no_error (error);
  state = decide (f, f->client, case_id, XUEXIN_REJECT_REASON_OTHER, "光线太暗", &error);
  g_assert_no_error (error);

  xuexin_client_list_my_decisions_async (f->client, NULL, 0, 50, NULL, result_cb, f);
  decisions = xuexin_client_list_my_decisions_finish (f->client, await_result (f), &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (decisions), ==, 1);
  g_assert_cmpuint (total, ==, 1);
  decision = g_list_model_get_item (decisions, 0);
  g_assert_cmpint (xuexin_review_decision_get_case_id (decision), ==, case_id);
  g_assert_cmpstr (xuexin_review_decision_get_decision (decision), ==, "rejected");
  g_assert_cmpstr (xuexin_review_decision_get_reason (decision), ==, XUEXIN_REJECT_REASON_OTHER);
  g_assert_cmpstr (xuexin_review_decision_get_reason_text (decision), ==, "其他");
  g_assert_cmpstr (xuexin_review_decision_get_note (decision), ==, "光线太暗");
  g_assert_cmpuint (xuexin_review_decision_get_submission (decision), ==, 1);
  g_assert_cmpstr (xuexin_review_decision_get_account_name (decision), ==, NAME);
  g_assert_nonnull (xuexin_review_decision_get_id_number_masked (decision));
  g_assert_nonnull (xuexin_review_decision_get_decided_at (decision));
  g_clear_object (&decisions);

  /* Another day has none. */
  xuexin_client_list_my_decisions_async (f->client, "2024-01-01", 0, 50, NULL, result_cb, f);
  decisions = xuexin_client_list_my_decisions_finish (f->client, await_result (f), &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 0);
  g_clear_object (&decisions);

  accounts = lookup (f, f->client, PHONE_2, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 1);
  account = g_list_model_get_item (accounts, 0);
  g_assert_cmpstr (xuexin_lookup_account_get_name (account), ==, NAME);
  g_assert_cmpstr (xuexin_lookup_account_get_state (account), ==, XUEXIN_ACCOUNT_STATE_PENDING);
  g_assert_cmpstr (xuexin_lookup_account_get_role (account), ==, XUEXIN_ROLE_USER);
  g_assert_cmpstr (xuexin_lookup_account_get_phone_masked (account), !=, PHONE_2);
  g_assert_nonnull (strstr (xuexin_lookup_account_get_phone_masked (account), "*"));
  g_assert_cmpint (xuexin_lookup_account_get_review_case_id (account), ==, case_id);
  g_assert_cmpstr (xuexin_lookup_account_get_review_case_state (account), ==, "rejected");
  g_assert_null (xuexin_lookup_account_get_verified_at (account));
  events = history_events (account);
  g_test_message ("history: %s", events);
  g_assert_true (g_str_has_prefix (events, "reregistered") || g_str_has_prefix (events, "registered"));
  g_assert_nonnull (strstr (events, "review_submitted"));
  g_assert_nonnull (strstr (events, "review_rejected"));
  g_clear_object (&account);
  g_clear_object (&accounts);

  /* By ID number: both accounts, the newest first. */
  accounts = lookup (f, f->client, NULL, f->id);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 2);
  account = g_list_model_get_item (accounts, 0);
  g_assert_cmpstr (xuexin_lookup_account_get_state (account), ==, XUEXIN_ACCOUNT_STATE_PENDING);
  g_clear_object (&account);
  g_clear_object (&accounts);

  accounts = lookup (f, f->client, "13999999999", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 0);
  g_clear_object (&accounts);

  xuexin_client_lookup_accounts_async (f->client, "12", NULL, NULL, result_cb, f);
  accounts = xuexin_client_lookup_accounts_finish (f->client, await_result (f), &error);
  g_assert_null (accounts);
  assert_api_error (error, XUEXIN_ERROR_CODE_INVALID_FIELD, "phone");
  g_clear_error (&error);

  /* Staff only. */
  xuexin_client_lookup_accounts_async (user, PHONE, NULL, NULL, result_cb, f);
  accounts = xuexin_client_lookup_accounts_finish (user, await_result (f), &error);
  g_assert_null (accounts);
  assert_api_error (error, XUEXIN_ERROR_CODE_FORBIDDEN, NULL);
}

/* ----- the queue ---------------------------------------------------------- */

/* A valid resident ID number for seeded person @n (< 1000). */
static char *
seeded_id (guint n)
{
  g_autofree char *first17 = g_strdup_printf ("44030519950101%03u", n);

  return make_id (first17);
}

static gint64
seeded_submitted_at (guint n)
{
  return START_TIME - (gint64) (SEEDED - n) * SEED_SPACING * G_USEC_PER_SEC;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static sqlite3_stmt *
prepare_sql (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

static void
step_sql (sqlite3      *db,
          sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("insert: %s", sqlite3_errmsg (db));
  sqlite3_reset (stmt);
}

/* SEEDED pending accounts with a submitted case each, straight into the
 * service's schema (as tests/bench/review-queue-bench.c does): case n+1
 * is the nth oldest. */
static void
seed_cases (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "accounts.sqlite3", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *account;
  sqlite3_stmt *review_case;
  sqlite3_stmt *submission;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  exec_sql (db, "BEGIN");
  account = prepare_sql (db,
    "INSERT INTO accounts (phone, name, id_type, id_number, password_hash, state, created_at, updated_at) "
    "VALUES (?1, '测试用户', 'resident_id', ?2, 'not-a-hash', 'pending_identity', ?3, ?3)");
  review_case = prepare_sql (db,
    "INSERT INTO review_cases (account_id, state, submissions, created_at, updated_at, submitted_at) "
    "VALUES (last_insert_rowid (), 'submitted', ?2, ?1, ?1, ?1)");
  submission = prepare_sql (db,
    "INSERT INTO review_submissions (case_id, number, submitted_at) VALUES (last_insert_rowid (), ?2, ?1)");

  for (guint n = 0; n < SEEDED; n++)
    {
      g_autofree char *phone = g_strdup_printf ("131%08u", n);
      g_autofree char *id_number = seeded_id (n);
      gint64 submitted = seeded_submitted_at (n);
      guint submissions = n % 5 == 4 ? 2 : 1;

      sqlite3_bind_text (account, 1, phone, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (account, 2, id_number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (account, 3, submitted);
      step_sql (db, account);
      sqlite3_bind_int64 (review_case, 1, submitted);
      sqlite3_bind_int (review_case, 2, (int) submissions);
      step_sql (db, review_case);
      sqlite3_bind_int64 (submission, 1, submitted);
      sqlite3_bind_int (submission, 2, (int) submissions);
      step_sql (db, submission);
    }

  sqlite3_finalize (account);
  sqlite3_finalize (review_case);
  sqlite3_finalize (submission);
  exec_sql (db, "COMMIT");
  sqlite3_close (db);
}

/* The reviewer made as add-staff makes one (which creates the schema),
 * SEEDED cases, the service, and f->client signed in as the reviewer. */
static void
queue_set_up (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(XuexinAccount) reviewer = NULL;

  service_configure (f);
  add_reviewer (f, REVIEWER_PHONE, REVIEWER_NAME, "11010119800101123");
  seed_cases (f);
  service_start (f);
  reviewer = sign_in (f, REVIEWER_PHONE, REVIEWER_PASSWORD);
}

/* What a list view sees of the queue. */
typedef struct {
  guint changes;
  guint position;
  guint removed;
  guint added;
  guint loading_notifies;
  guint error_notifies;
  guint counts_notifies;
} Watch;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  watch->changes++;
  watch->position = position;
  watch->removed = removed;
  watch->added = added;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Watch      *watch)
{
  if (g_str_equal (pspec->name, "loading"))
    watch->loading_notifies++;
  else if (g_str_equal (pspec->name, "error"))
    watch->error_notifies++;
  else if (g_str_equal (pspec->name, "counts"))
    watch->counts_notifies++;
}

static XuexinReviewQueue *
watched_queue (Fixture *f,
               Watch   *watch)
{
  XuexinReviewQueue *queue = xuexin_review_queue_new (f->client);

  g_signal_connect (queue, "items-changed", G_CALLBACK (items_changed_cb), watch);
  g_signal_connect (queue, "notify", G_CALLBACK (notify_cb), watch);
  return queue;
}

static void
assert_change (Watch *watch,
               guint  changes,
               guint  position,
               guint  removed,
               guint  added)
{
  g_assert_cmpuint (watch->changes, ==, changes);
  g_assert_cmpuint (watch->position, ==, position);
  g_assert_cmpuint (watch->removed, ==, removed);
  g_assert_cmpuint (watch->added, ==, added);
}

static guint
list_requests (Fixture *f)
{
  return xuexin_service_count_requests (f->service, "GET", "/review/cases");
}

/* A request through the same client after the queue's: by the time it
 * has answered, any request the queue sent before it has been routed. */
static void
round_trip (Fixture *f)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;

  xuexin_client_list_review_cases_async (f->client, NULL, 0, 1, NULL, result_cb, f);
  cases = xuexin_client_list_review_cases_finish (f->client, await_result (f), NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The queue goes (nothing else holds it), and its requests with it. */
static void
drop_queue (Fixture            *f,
            XuexinReviewQueue **queue)
{
  g_assert_finalize_object (g_steal_pointer (queue));
  wait_client_idle (f);
}

static XuexinQueueCase *
item (XuexinReviewQueue *queue,
      guint              position)
{
  return g_list_model_get_item (G_LIST_MODEL (queue), position);
}

/* n_items is the total; the first page comes by itself; a row of another
 * page is a placeholder that fills in when its page arrives, with one
 * request per page, and only when one of its rows is asked for. */
static void
test_queue_pages (Fixture       *f,
                  gconstpointer  data)
{
  Watch watch = { 0, };
  g_autoptr(XuexinReviewQueue) queue = watched_queue (f, &watch);
  g_autoptr(XuexinQueueCase) first = NULL;
  g_autoptr(XuexinQueueCase) placeholder = NULL;
  g_autoptr(XuexinQueueCase) same_page = NULL;
  g_autoptr(XuexinQueueCase) again = NULL;
  g_autoptr(XuexinQueueCase) last = NULL;
  XuexinQueueCounts counts = { 0, };

  g_assert_true (xuexin_review_queue_is_loading (queue));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 0);
  g_assert_cmpint (g_list_model_get_item_type (G_LIST_MODEL (queue)), ==, XUEXIN_TYPE_QUEUE_CASE);

  wait_until (queue_is_idle, queue);
  assert_change (&watch, 1, 0, 0, SEEDED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, SEEDED);
  g_assert_null (xuexin_review_queue_get_error (queue));
  g_assert_cmpuint (list_requests (f), ==, 1);
  xuexin_review_queue_get_counts (queue, &counts);
  g_assert_cmpuint (counts.open, ==, SEEDED);
  g_assert_cmpuint (counts.submitted, ==, SEEDED);
  g_assert_cmpuint (watch.counts_notifies, ==, 1);

  /* Oldest first. */
  first = item (queue, 0);
  g_assert_true (xuexin_queue_case_is_loaded (first));
  g_assert_cmpint (xuexin_queue_case_get_id (first), ==, 1);
  g_assert_cmpstr (xuexin_queue_case_get_state (first), ==, "submitted");
  g_assert_cmpint (g_date_time_to_unix (xuexin_queue_case_get_submitted_at (first)), ==,
                   seeded_submitted_at (0) / G_USEC_PER_SEC);
  g_clear_object (&first);
  first = item (queue, 99);
  g_assert_true (xuexin_queue_case_is_loaded (first));
  g_assert_cmpint (xuexin_queue_case_get_id (first), ==, 100);
  round_trip (f);
  g_assert_cmpuint (list_requests (f), ==, 2);

  /* Row 150: page 2 is asked for once, however many of its rows are. */
  placeholder = item (queue, 150);
  g_assert_false (xuexin_queue_case_is_loaded (placeholder));
  g_assert_cmpint (xuexin_queue_case_get_id (placeholder), ==, 0);
  g_assert_null (xuexin_queue_case_get_state (placeholder));
  same_page = item (queue, 160);
  again = item (queue, 150);
  g_assert_true (again == placeholder);
  wait_until (case_is_loaded, placeholder);
  g_assert_cmpint (xuexin_queue_case_get_id (placeholder), ==, 151);
  g_assert_cmpint (xuexin_queue_case_get_id (same_page), ==, 161);
  g_assert_cmpuint (xuexin_queue_case_get_submissions (same_page), ==, 1);
  g_clear_object (&again);
  again = item (queue, 154);
  g_assert_cmpuint (xuexin_queue_case_get_submissions (again), ==, 2);
  round_trip (f);
  g_assert_cmpuint (list_requests (f), ==, 4);

  /* Filled in place: no items-changed for a page. */
  assert_change (&watch, 1, 0, 0, SEEDED);

  g_assert_null (item (queue, SEEDED));
  last = item (queue, SEEDED - 1);
  wait_until (case_is_loaded, last);
  g_assert_cmpint (xuexin_queue_case_get_id (last), ==, SEEDED);
  g_assert_cmpuint (xuexin_review_queue_find (queue, SEEDED), ==, SEEDED - 1);
  g_assert_cmpuint (xuexin_review_queue_find (queue, 151), ==, 150);
  g_assert_cmpuint (xuexin_review_queue_find (queue, 9999), ==, G_MAXUINT);

  g_clear_object (&placeholder);
  g_clear_object (&same_page);
  g_clear_object (&again);
  g_clear_object (&last);
  drop_queue (f, &queue);
}

/* A reload keeps the rows until its first page is in, then replaces all
 * of them with one items-changed; a page on the way is dropped. */
static void
test_queue_reload (Fixture       *f,
                   gconstpointer  data)
{
  Watch watch = { 0, };
  g_autoptr(XuexinReviewQueue) queue = watched_queue (f, &watch);
  g_autoptr(XuexinQueueCase) old_first = NULL;
  g_autoptr(XuexinQueueCase) stale = NULL;
  g_autoptr(XuexinQueueCase) row = NULL;
  guint loading_notifies;

  wait_until (queue_is_idle, queue);
  old_first = item (queue, 0);

  /* Page 2 on the way when the reload starts. */
  stale = item (queue, 120);
  g_assert_false (xuexin_queue_case_is_loaded (stale));
  loading_notifies = watch.loading_notifies;
  xuexin_review_queue_reload (queue);
  g_assert_true (xuexin_review_queue_is_loading (queue));
  g_assert_cmpuint (watch.loading_notifies, ==, loading_notifies + 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, SEEDED);
  row = item (queue, 0);
  g_assert_true (row == old_first);
  g_clear_object (&row);

  wait_until (queue_is_idle, queue);
  assert_change (&watch, 2, 0, SEEDED, SEEDED);
  g_assert_cmpuint (watch.loading_notifies, ==, loading_notifies + 2);
  /* The same counts: no notify. */
  g_assert_cmpuint (watch.counts_notifies, ==, 1);
  row = item (queue, 0);
  g_assert_true (row != old_first);
  g_assert_cmpint (xuexin_queue_case_get_id (row), ==, 1);
  g_clear_object (&row);

  /* The old placeholder is not filled by a page of the old queue; its
   * row is a new one, loaded by a page of the new. */
  row = item (queue, 120);
  g_assert_true (row != stale);
  wait_until (case_is_loaded, row);
  g_assert_cmpint (xuexin_queue_case_get_id (row), ==, 121);
  g_assert_false (xuexin_queue_case_is_loaded (stale));
  assert_change (&watch, 2, 0, SEEDED, SEEDED);
  g_clear_object (&row);

  drop_queue (f, &queue);
}

/* The cases submitted on or after @date (China time). */
static guint
seeded_since (const char *date)
{
  g_autofree char *text = g_strdup_printf ("%sT00:00:00+08:00", date);
  g_autoptr(GDateTime) since = g_date_time_new_from_iso8601 (text, NULL);
  guint n = 0;

  for (guint i = 0; i < SEEDED; i++)
    if (seeded_submitted_at (i) >= g_date_time_to_unix (since) * G_USEC_PER_SEC)
      n++;
  return n;
}

/* Filters reload; a refused one sets the error and keeps the rows; the
 * counts follow the queue whatever the filter. */
static void
test_queue_filters (Fixture       *f,
                    gconstpointer  data)
{
  Watch watch = { 0, };
  g_autoptr(XuexinReviewQueue) queue = watched_queue (f, &watch);
  g_autoptr(XuexinCaseClaim) case_claim = NULL;
  g_autoptr(XuexinQueueCase) row = NULL;
  g_autoptr(GError) error = NULL;
  XuexinQueueCounts counts = { 0, };
  XuexinQueueFilter filter = { .resubmissions = "only" };
  const GError *queue_error;
  guint since;

  wait_until (queue_is_idle, queue);

  xuexin_review_queue_set_filter (queue, &filter);
  /* Copied: the caller's strings may go. */
  filter.resubmissions = "bogus";
  wait_until (queue_is_idle, queue);
  assert_change (&watch, 2, 0, SEEDED, SEEDED / 5);
  row = item (queue, 0);
  g_assert_cmpint (xuexin_queue_case_get_id (row), ==, 5);
  g_assert_cmpuint (xuexin_queue_case_get_submissions (row), ==, 2);
  g_clear_object (&row);

  since = seeded_since ("2025-03-01");
  g_assert_cmpuint (since, >, 0);
  g_assert_cmpuint (since, <, SEEDED);
  xuexin_review_queue_set_filter (queue, &(XuexinQueueFilter) { .submitted_from = "2025-03-01" });
  wait_until (queue_is_idle, queue);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, since);
  row = item (queue, 0);
  g_assert_cmpint (xuexin_queue_case_get_id (row), ==, SEEDED - since + 1);
  g_clear_object (&row);
  xuexin_review_queue_set_filter (queue, &(XuexinQueueFilter) { .submitted_to = "2025-02-28" });
  wait_until (queue_is_idle, queue);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, SEEDED - since);

  /* Refused: the error says which filter; the rows stay. */
  g_assert_null (xuexin_review_queue_get_error (queue));
  xuexin_review_queue_set_filter (queue, &(XuexinQueueFilter) { .state = "bogus" });
  wait_until (queue_is_idle, queue);
  queue_error = xuexin_review_queue_get_error (queue);
  g_assert_nonnull (queue_error);
  assert_api_error (queue_error, XUEXIN_ERROR_CODE_INVALID_FIELD, "state");
  g_assert_cmpuint (watch.error_notifies, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, SEEDED - since);

  /* Claimed: in review, and the counts say so. */
  case_claim = claim (f, f->client, 7, &error);
  g_assert_no_error (error);
  xuexin_review_queue_set_filter (queue, &(XuexinQueueFilter) { .state = "in_review" });
  wait_until (queue_is_idle, queue);
  g_assert_null (xuexin_review_queue_get_error (queue));
  g_assert_cmpuint (watch.error_notifies, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 1);
  row = item (queue, 0);
  g_assert_cmpint (xuexin_queue_case_get_id (row), ==, 7);
  g_assert_true (xuexin_queue_case_get_claimed_by_me (row));
  g_assert_cmpstr (xuexin_queue_case_get_claimed_by_name (row), ==, REVIEWER_NAME);
  g_clear_object (&row);
  xuexin_review_queue_get_counts (queue, &counts);
  g_assert_cmpuint (counts.open, ==, SEEDED);
  g_assert_cmpuint (counts.in_review, ==, 1);
  g_assert_cmpuint (counts.submitted, ==, SEEDED - 1);
  g_assert_cmpuint (watch.counts_notifies, ==, 2);

  xuexin_review_queue_set_filter (queue, NULL);
  wait_until (queue_is_idle, queue);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, SEEDED);

  drop_queue (f, &queue);
}

/* The queue shrinks while it is read (a case is claimed meanwhile): a
 * later page's total takes the rows at the end away. */
static void
test_queue_shrinks (Fixture       *f,
                    gconstpointer  data)
{
  Watch watch = { 0, };
  g_autoptr(XuexinReviewQueue) queue = watched_queue (f, &watch);
  g_autoptr(XuexinCaseClaim) case_claim = NULL;
  g_autoptr(XuexinQueueCase) row = NULL;
  g_autoptr(GError) error = NULL;

  xuexin_review_queue_set_filter (queue, &(XuexinQueueFilter) { .state = "submitted" });
  wait_until (queue_is_idle, queue);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, SEEDED);
  watch.changes = 0;

  case_claim = claim (f, f->client, 3, &error);
  g_assert_no_error (error);
  row = item (queue, 200);
  wait_until (case_is_loaded, row);
  /* Case 3 left the page before it: row 200 is case 202 now. */
  g_assert_cmpint (xuexin_queue_case_get_id (row), ==, 202);
  assert_change (&watch, 1, SEEDED - 1, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, SEEDED - 1);
  g_clear_object (&row);

  drop_queue (f, &queue);
}

/* Dropped while its first page is on the way: the request is cancelled
 * and its answer never touches the freed queue. */
static void
test_queue_dispose_loading (Fixture       *f,
                            gconstpointer  data)
{
  XuexinReviewQueue *queue = xuexin_review_queue_new (f->client);

  g_assert_true (xuexin_review_queue_is_loading (queue));
  g_assert_finalize_object (queue);
  wait_client_idle (f);
}

/* A user (not staff) gets the error, no rows. */
static void
test_queue_forbidden (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(XuexinAccount) account = register_account (f, PHONE, f->id, NULL);
  g_autoptr(XuexinAccount) signed_in = sign_in (f, PHONE, PASSWORD);
  g_autoptr(XuexinReviewQueue) queue = xuexin_review_queue_new (f->client);

  wait_until (queue_is_idle, queue);
  assert_api_error (xuexin_review_queue_get_error (queue), XUEXIN_ERROR_CODE_FORBIDDEN, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 0);

  drop_queue (f, &queue);
}

/* ----- answers the service never gives ------------------------------------ */

#define TIME "\"2025-03-01T08:00:00Z\""
#define QUEUE_CASE_OK "{\"id\": 12, \"state\": \"submitted\", \"submissions\": 1, " \
                      "\"submitted_at\": " TIME ", \"decided_at\": null, \"claimed_by_me\": false, " \
                      "\"claim_expires_at\": null, \"claimed_by_name\": null}"
#define COUNTS_OK "{\"open\": 7, \"submitted\": 5, \"in_review\": 2, \"decided_today\": 4, " \
                  "\"decided_today_by_me\": 1}"

static GPtrArray *
fake_list (Fixture            *f,
           const char         *body,
           guint              *total,
           XuexinQueueCounts  *counts,
           GError            **error)
{
  g_test_message ("GET /review/cases → %s", body);
  fake_answer (f, SOUP_STATUS_OK, body);
  xuexin_client_list_review_cases_async (f->client, NULL, 0, 100, NULL, result_cb, f);
  return xuexin_client_list_review_cases_finish (f->client, await_result (f), total, counts, error);
}

static void
test_fake_list (Fixture       *f,
                gconstpointer  data)
{
  static const char * const hostile[] = {
    "{}",
    "{\"cases\": [], \"counts\": " COUNTS_OK "}",
    "{\"cases\": [], \"total\": \"7\"}",
    "{\"cases\": [], \"total\": 7, \"counts\": []}",
    "{\"cases\": [], \"total\": 7, \"counts\": {\"open\": \"7\"}}",
    "{\"cases\": {}, \"total\": 7}",
    "{\"cases\": [1], \"total\": 7}",
    "{\"cases\": [{}], \"total\": 7}",
    "{\"cases\": [" QUEUE_CASE_OK ", null], \"total\": 7}",
    "[]",
    "not json",
  };
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  XuexinQueueCounts counts = { 0, };
  guint total = 0;

  cases = fake_list (f, "{\"cases\": [" QUEUE_CASE_OK "], \"total\": 7, \"counts\": " COUNTS_OK "}",
                     &total, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpuint (total, ==, 7);
  g_assert_cmpuint (counts.open, ==, 7);
  g_assert_cmpuint (counts.submitted, ==, 5);
  g_assert_cmpuint (counts.in_review, ==, 2);
  g_assert_cmpuint (counts.decided_today, ==, 4);
  g_assert_cmpuint (counts.decided_today_by_me, ==, 1);
  g_clear_pointer (&cases, g_ptr_array_unref);

  /* Counts are optional, and negative numbers are none. */
  cases = fake_list (f, "{\"cases\": [], \"total\": -3, \"counts\": {\"open\": -1}}", &total, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 0);
  g_assert_cmpuint (counts.open, ==, 0);
  g_assert_cmpuint (counts.submitted, ==, 0);
  g_clear_pointer (&cases, g_ptr_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      cases = fake_list (f, hostile[i], &total, &counts, &error);
      g_assert_null (cases);
      g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
      g_clear_error (&error);
    }
}

/* The queue against a hostile answer: the error, no rows; against a
 * total of 100 000: a row at the end costs its page only. */
static void
test_fake_queue (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(XuexinReviewQueue) queue = NULL;
  g_autoptr(XuexinQueueCase) row = NULL;
  g_autoptr(GString) body = g_string_new ("{\"total\": 100000, \"cases\": [");

  fake_answer (f, SOUP_STATUS_OK, "{\"cases\": [{\"id\": \"1\"}], \"total\": 1}");
  queue = xuexin_review_queue_new (f->client);
  wait_until (queue_is_idle, queue);
  g_assert_error (xuexin_review_queue_get_error (queue), XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 0);
  g_assert_null (item (queue, 0));

  for (guint i = 0; i < XUEXIN_REVIEW_QUEUE_PAGE_SIZE; i++)
    g_string_append_printf (body, "%s{\"id\": %u, \"state\": \"submitted\"}", i > 0 ? ", " : "", i + 1);
  g_string_append (body, "]}");
  fake_answer (f, SOUP_STATUS_OK, body->str);
  f->fake_requests = 0;
  xuexin_review_queue_reload (queue);
  wait_until (queue_is_idle, queue);
  g_assert_null (xuexin_review_queue_get_error (queue));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 100000);

  row = item (queue, 99999);
  g_assert_false (xuexin_queue_case_is_loaded (row));
  wait_until (case_is_loaded, row);
  /* The fake answers every page with the same cases. */
  g_assert_cmpint (xuexin_queue_case_get_id (row), ==, 100);
  g_assert_cmpuint (f->fake_requests, ==, 2);

  g_clear_object (&row);
  drop_queue (f, &queue);
}

/* A photo is the body as it came; an error answer is read as always;
 * case_claimed carries its holder when the service names one. */
static void
test_fake_photo_and_errors (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XuexinCaseClaim) case_claim = NULL;
  g_autofree char *state = NULL;

  fake_answer (f, SOUP_STATUS_OK, "\x89PNG not really");
  photo = get_photo (f, f->client, 12, XUEXIN_CASE_SIDE_BACK, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (photo, NULL), g_bytes_get_size (photo), "\x89PNG not really", 15);
  g_clear_pointer (&photo, g_bytes_unref);

  fake_answer (f, 404, "{\"error\": {\"code\": \"not_found\", \"message\": \"…\"}}");
  photo = get_photo (f, f->client, 12, XUEXIN_CASE_SIDE_BACK, &error);
  g_assert_null (photo);
  assert_api_error (error, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
  g_clear_error (&error);

  fake_answer (f, 409, "{\"error\": {\"code\": \"case_claimed\", \"message\": \"…\", "
                       "\"claimed_by_name\": \"王审核\", \"claim_expires_at\": " TIME "}}");
  case_claim = claim (f, f->client, 12, &error);
  g_assert_null (case_claim);
  assert_api_error (error, XUEXIN_ERROR_CODE_CASE_CLAIMED, NULL);
  g_assert_cmpstr (xuexin_client_error_get_claimed_by_name (error), ==, "王审核");
  {
    /* The name travels with copies of the error. */
    g_autoptr(GError) copy = g_error_copy (error);

    g_assert_cmpstr (xuexin_client_error_get_claimed_by_name (copy), ==, "王审核");
  }
  g_clear_error (&error);

  fake_answer (f, 409, "{\"error\": {\"code\": \"case_claimed\", \"message\": \"…\", \"claimed_by_name\": 5}}");
  case_claim = claim (f, f->client, 12, &error);
  assert_api_error (error, XUEXIN_ERROR_CODE_CASE_CLAIMED, NULL);
  g_assert_null (xuexin_client_error_get_claimed_by_name (error));
  g_clear_error (&error);

  /* Other errors have no holder. */
  fake_answer (f, 404, "{\"error\": {\"code\": \"not_found\", \"message\": \"…\", \"claimed_by_name\": \"x\"}}");
  case_claim = claim (f, f->client, 12, &error);
  g_assert_null (xuexin_client_error_get_claimed_by_name (error));
  g_clear_error (&error);

  fake_answer (f, SOUP_STATUS_OK, "{\"claim\": {\"case_id\": 12, \"reviewer_id\": 3, "
                                  "\"expires_at\": " TIME ", \"expires_in\": 900}}");
  case_claim = claim (f, f->client, 12, &error);
  g_assert_no_error (error);
  /* The claim answer is the caller's own. */
  g_assert_true (xuexin_case_claim_is_mine (case_claim));
  g_assert_null (xuexin_case_claim_get_reviewer_name (case_claim));

  fake_answer (f, SOUP_STATUS_OK, "{\"case\": {\"id\": 12, \"state\": 1}}");
  state = decide (f, f->client, 12, NULL, NULL, &error);
  g_assert_null (state);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);
  fake_answer (f, SOUP_STATUS_OK, "{\"case\": {\"id\": 12, \"state\": \"\"}}");
  state = decide (f, f->client, 12, NULL, NULL, &error);
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_answer (f, SOUP_STATUS_OK, "{\"decisions\": []}");
  xuexin_client_list_my_decisions_async (f->client, NULL, 0, 50, NULL, result_cb, f);
  g_assert_null (xuexin_client_list_my_decisions_finish (f->client, await_result (f), NULL, &error));
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_answer (f, SOUP_STATUS_OK, "{\"accounts\": [{}]}");
  xuexin_client_lookup_accounts_async (f->client, PHONE, NULL, NULL, result_cb, f);
  g_assert_null (xuexin_client_lookup_accounts_finish (f->client, await_result (f), &error));
  g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
}

/* ----- the models against hostile JSON ------------------------------------ */

#define CLAIM_OK "{\"reviewer_id\": 3, \"reviewer_name\": \"王审核\", \"mine\": true, " \
                 "\"expires_at\": " TIME ", \"expires_in\": 840}"
#define PHOTO_OK "{\"side\": \"front\", \"mime_type\": \"image/jpeg\", \"width\": 800, " \
                 "\"height\": 600, \"size\": 1000, \"uploaded_at\": " TIME "}"
#define SUBMISSION_OK "{\"number\": 1, \"submitted_at\": " TIME ", \"decided_at\": " TIME ", " \
                      "\"decided_by\": 3, \"decided_by_name\": \"王审核\", \"decision\": \"rejected\", " \
                      "\"reason\": \"blurry\", \"reason_text\": \"模糊不清\", \"note\": null}"
#define ACCOUNT_OK "\"account\": {\"id\": 41, \"name\": \"张晓明\", \"id_type\": \"resident_id\", " \
                   "\"id_number_masked\": \"440***********0514\", \"registered_at\": " TIME ", " \
                   "\"state\": \"pending_identity\"}"
#define STAFF_CASE(extra) "{\"id\": 12, \"state\": \"in_review\", \"submitted_at\": " TIME ", " \
                          ACCOUNT_OK extra "}"
#define EVENT_OK "{\"at\": " TIME ", \"event\": \"review_rejected\", \"path\": \"help_desk\", " \
                 "\"detail\": \"blurry\"}"
#define LOOKUP(extra) "{\"id\": 41, \"name\": \"张晓明\", \"phone_masked\": \"139****1234\", " \
                      "\"id_type\": \"resident_id\", \"id_number_masked\": \"440***********0514\", " \
                      "\"state\": \"pending_identity\", \"created_at\": " TIME extra "}"
#define DECISION(extra) "{\"case_id\": 12, \"decided_at\": " TIME ", \"account_name\": \"张晓明\", " \
                        "\"id_number_masked\": \"440***********0514\"" extra "}"

static const ParserCase parser_cases[] = {
  { "queue-case", (NewFromJson) xuexin_queue_case_new_from_json,
    xuexin_queue_case_get_type,
    QUEUE_CASE_OK,
    { "{}",
      "{\"id\": 0, \"state\": \"submitted\"}",
      "{\"id\": -4, \"state\": \"submitted\"}",
      "{\"id\": \"12\", \"state\": \"submitted\"}",
      "{\"id\": 12, \"state\": \"\"}",
      "{\"id\": 12, \"state\": null}",
      "{\"id\": 12, \"state\": \"submitted\", \"submissions\": \"1\"}",
      "{\"id\": 12, \"state\": \"submitted\", \"submitted_at\": \"yesterday\"}",
      "{\"id\": 12, \"state\": \"submitted\", \"decided_at\": 5}",
      "{\"id\": 12, \"state\": \"submitted\", \"claimed_by_me\": \"no\"}",
      "{\"id\": 12, \"state\": \"submitted\", \"claim_expires_at\": []}",
      "{\"id\": 12, \"state\": \"submitted\", \"claimed_by_name\": {}}",
      NULL } },
  { "case-claim", (NewFromJson) xuexin_case_claim_new_from_json,
    xuexin_case_claim_get_type,
    CLAIM_OK,
    { "{}",
      "{\"reviewer_id\": 3}",
      "{\"reviewer_id\": \"3\", \"expires_at\": " TIME "}",
      "{\"reviewer_id\": 3, \"expires_at\": null}",
      "{\"reviewer_id\": 3, \"expires_at\": \"soon\"}",
      "{\"reviewer_id\": 3, \"expires_at\": " TIME ", \"mine\": 1}",
      "{\"reviewer_id\": 3, \"expires_at\": " TIME ", \"expires_in\": 9.5}",
      "{\"reviewer_id\": 3, \"expires_at\": " TIME ", \"reviewer_name\": 3}",
      "{\"reviewer_id\": 3, \"expires_at\": " TIME ", \"case_id\": \"12\"}",
      NULL } },
  { "case-submission", (NewFromJson) xuexin_case_submission_new_from_json,
    xuexin_case_submission_get_type,
    SUBMISSION_OK,
    { "{}",
      "{\"number\": 1}",
      "{\"number\": \"1\", \"submitted_at\": " TIME "}",
      "{\"number\": 1, \"submitted_at\": null}",
      "{\"number\": 1, \"submitted_at\": " TIME ", \"decided_at\": \"then\"}",
      "{\"number\": 1, \"submitted_at\": " TIME ", \"decided_by\": \"3\"}",
      "{\"number\": 1, \"submitted_at\": " TIME ", \"decided_by_name\": []}",
      "{\"number\": 1, \"submitted_at\": " TIME ", \"decision\": true}",
      "{\"number\": 1, \"submitted_at\": " TIME ", \"reason\": 1}",
      "{\"number\": 1, \"submitted_at\": " TIME ", \"reason_text\": {}}",
      "{\"number\": 1, \"submitted_at\": " TIME ", \"note\": 0}",
      NULL } },
  { "staff-case", (NewFromJson) xuexin_staff_case_new_from_json,
    xuexin_staff_case_get_type,
    STAFF_CASE (", \"claim_expires_at\": " TIME ", \"claim\": " CLAIM_OK ", \"other_accounts\": 1, "
                "\"registry_names\": [\"张晓明\"], \"photos\": [" PHOTO_OK "], "
                "\"submissions\": [" SUBMISSION_OK "]"),
    { "{}",
      "{\"id\": 12, \"state\": \"in_review\"}",
      "{\"id\": 12, \"state\": \"in_review\", \"account\": null}",
      "{\"id\": 12, \"state\": \"in_review\", \"account\": []}",
      "{\"id\": 12, \"state\": \"in_review\", \"account\": {}}",
      "{\"id\": 12, \"state\": \"in_review\", \"account\": {\"id\": 1, \"name\": 2}}",
      STAFF_CASE (", \"id\": \"12\""),
      "{\"id\": 12, \"state\": \"\", " ACCOUNT_OK "}",
      STAFF_CASE (", \"submitted_at\": 1"),
      STAFF_CASE (", \"claim\": 1"),
      STAFF_CASE (", \"claim\": {}"),
      STAFF_CASE (", \"claim\": {\"reviewer_id\": 3, \"expires_at\": 1}"),
      STAFF_CASE (", \"other_accounts\": \"1\""),
      STAFF_CASE (", \"registry_names\": \"张晓明\""),
      STAFF_CASE (", \"registry_names\": [1]"),
      STAFF_CASE (", \"registry_names\": [null]"),
      STAFF_CASE (", \"photos\": {}"),
      STAFF_CASE (", \"photos\": [{}]"),
      STAFF_CASE (", \"submissions\": \"2\""),
      STAFF_CASE (", \"submissions\": {}"),
      STAFF_CASE (", \"submissions\": [{}]"),
      STAFF_CASE (", \"submissions\": [7]"),
      NULL } },
  { "review-decision", (NewFromJson) xuexin_review_decision_new_from_json,
    xuexin_review_decision_get_type,
    DECISION (", \"decision\": \"rejected\", \"reason\": \"blurry\", \"reason_text\": \"模糊不清\", "
              "\"note\": null, \"submission\": 2"),
    { "{}",
      DECISION (""),
      DECISION (", \"decision\": \"\""),
      DECISION (", \"decision\": 1"),
      DECISION (", \"decision\": \"approved\", \"case_id\": \"12\""),
      DECISION (", \"decision\": \"approved\", \"decided_at\": null"),
      DECISION (", \"decision\": \"approved\", \"reason\": 1"),
      DECISION (", \"decision\": \"approved\", \"note\": []"),
      DECISION (", \"decision\": \"approved\", \"submission\": \"2\""),
      DECISION (", \"decision\": \"approved\", \"account_name\": null"),
      DECISION (", \"decision\": \"approved\", \"id_number_masked\": 5"),
      NULL } },
  { "lookup-account", (NewFromJson) xuexin_lookup_account_new_from_json,
    xuexin_lookup_account_get_type,
    LOOKUP (", \"role\": \"user\", \"verified_path\": null, \"verified_at\": null, \"cancelled_at\": null, "
            "\"review_case\": {\"id\": 12, \"state\": \"submitted\", \"submissions\": 2}, "
            "\"history\": [" EVENT_OK "]"),
    { "{}",
      LOOKUP (", \"id\": \"41\""),
      LOOKUP (", \"name\": null"),
      LOOKUP (", \"phone_masked\": 1"),
      LOOKUP (", \"state\": \"\""),
      LOOKUP (", \"role\": 2"),
      LOOKUP (", \"created_at\": null"),
      LOOKUP (", \"verified_path\": true"),
      LOOKUP (", \"verified_at\": \"never\""),
      LOOKUP (", \"cancelled_at\": 0"),
      LOOKUP (", \"review_case\": 12"),
      LOOKUP (", \"review_case\": {}"),
      LOOKUP (", \"review_case\": {\"id\": 0, \"state\": \"submitted\"}"),
      LOOKUP (", \"review_case\": {\"id\": 12, \"state\": null}"),
      LOOKUP (", \"history\": {}"),
      LOOKUP (", \"history\": [1]"),
      LOOKUP (", \"history\": [{}]"),
      NULL } },
  { "verification-event", (NewFromJson) xuexin_verification_event_new_from_json,
    xuexin_verification_event_get_type,
    EVENT_OK,
    { "{}",
      "{\"event\": \"registered\"}",
      "{\"at\": \"then\", \"event\": \"registered\"}",
      "{\"at\": " TIME "}",
      "{\"at\": " TIME ", \"event\": \"\"}",
      "{\"at\": " TIME ", \"event\": 1}",
      "{\"at\": " TIME ", \"event\": \"verified\", \"path\": 4}",
      "{\"at\": " TIME ", \"event\": \"review_rejected\", \"detail\": []}",
      NULL } },
};

static void
test_parsers_hostile (void)
{
  assert_parsers_hostile (parser_cases, G_N_ELEMENTS (parser_cases));
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* What the hostile table cannot say: defaults and what is kept. */
static void
test_parsers_defaults (void)
{
  g_autoptr(JsonObject) minimal_case = parse_object (STAFF_CASE (""));
  g_autoptr(JsonObject) counted_case = parse_object (STAFF_CASE (", \"submission_count\": 3"));
  g_autoptr(JsonObject) minimal_lookup = parse_object (LOOKUP (""));
  g_autoptr(JsonObject) detail_claim = parse_object (CLAIM_OK);
  g_autoptr(JsonObject) queue_case = parse_object (QUEUE_CASE_OK);
  g_autoptr(XuexinStaffCase) staff_case = NULL;
  g_autoptr(XuexinLookupAccount) account = NULL;
  g_autoptr(XuexinCaseClaim) case_claim = NULL;
  g_autoptr(XuexinQueueCase) loaded = NULL;
  g_autoptr(XuexinQueueCase) placeholder = xuexin_queue_case_new_placeholder ();
  g_autoptr(GError) error = NULL;
  guint notifies = 0;

  staff_case = xuexin_staff_case_new_from_json (minimal_case, &error);
  g_assert_no_error (error);
  g_assert_null (xuexin_staff_case_get_claim (staff_case));
  g_assert_false (xuexin_staff_case_is_claimed_by_me (staff_case));
  g_assert_nonnull (xuexin_staff_case_get_registry_names (staff_case));
  g_assert_null (xuexin_staff_case_get_registry_names (staff_case)[0]);
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_staff_case_get_photos (staff_case)), ==, 0);
  g_assert_null (xuexin_staff_case_get_photo (staff_case, XUEXIN_CASE_SIDE_FRONT));
  g_assert_cmpuint (xuexin_staff_case_get_submission_count (staff_case), ==, 0);
  g_clear_object (&staff_case);

  /* "submission_count" without the list (a hostile or older server). */
  staff_case = xuexin_staff_case_new_from_json (counted_case, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (xuexin_staff_case_get_submission_count (staff_case), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_staff_case_get_submissions (staff_case)), ==, 0);

  account = xuexin_lookup_account_new_from_json (minimal_lookup, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_lookup_account_get_role (account), ==, XUEXIN_ROLE_USER);
  g_assert_cmpint (xuexin_lookup_account_get_review_case_id (account), ==, 0);
  g_assert_null (xuexin_lookup_account_get_review_case_state (account));
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_lookup_account_get_history (account)), ==, 0);

  case_claim = xuexin_case_claim_new_from_json (detail_claim, &error);
  g_assert_no_error (error);
  g_assert_cmpint (xuexin_case_claim_get_case_id (case_claim), ==, 0);
  g_assert_cmpstr (xuexin_case_claim_get_reviewer_name (case_claim), ==, "王审核");
  g_assert_cmpuint (xuexin_case_claim_get_expires_in (case_claim), ==, 840);

  /* A placeholder filled in notifies each property once, loaded too. */
  loaded = xuexin_queue_case_new_from_json (queue_case, &error);
  g_assert_no_error (error);
  g_assert_false (xuexin_queue_case_is_loaded (placeholder));
  g_signal_connect_swapped (placeholder, "notify", G_CALLBACK (count_cb), &notifies);
  xuexin_queue_case_update (placeholder, loaded);
  g_assert_cmpuint (notifies, ==, 9);
  g_assert_true (xuexin_queue_case_is_loaded (placeholder));
  g_assert_cmpint (xuexin_queue_case_get_id (placeholder), ==, 12);
  g_assert_cmpstr (xuexin_queue_case_get_state (placeholder), ==, "submitted");
  g_assert_nonnull (xuexin_queue_case_get_submitted_at (placeholder));
}

/* The account's role: missing is a user; only the staff roles are staff. */
static void
test_account_role (void)
{
  static const struct {
    const char *role;
    const char *expected;
    gboolean    staff;
  } roles[] = {
    { NULL, XUEXIN_ROLE_USER, FALSE },
    { "\"user\"", XUEXIN_ROLE_USER, FALSE },
    { "\"reviewer\"", XUEXIN_ROLE_REVIEWER, TRUE },
    { "\"admin\"", XUEXIN_ROLE_ADMIN, TRUE },
    { "\"superuser\"", "superuser", FALSE },
    { "null", XUEXIN_ROLE_USER, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *text = g_strdup_printf (
        "{\"id\": 7, \"phone\": \"13812345678\", \"name\": \"张晓明\", \"id_type\": \"other\", "
        "\"id_number_masked\": \"E1****67\", \"state\": \"active\", \"created_at\": " TIME "%s%s}",
        roles[i].role != NULL ? ", \"role\": " : "", roles[i].role != NULL ? roles[i].role : "");
      g_autoptr(JsonObject) object = parse_object (text);
      g_autoptr(XuexinAccount) account = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *property = NULL;

      account = xuexin_account_new_from_json (object, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (xuexin_account_get_role (account), ==, roles[i].expected);
      g_assert_cmpint (xuexin_account_is_staff (account), ==, roles[i].staff);
      g_object_get (account, "role", &property, NULL);
      g_assert_cmpstr (property, ==, roles[i].expected);
    }

  {
    g_autoptr(JsonObject) object = parse_object (
      "{\"id\": 7, \"phone\": \"13812345678\", \"name\": \"张晓明\", \"id_type\": \"other\", "
      "\"id_number_masked\": \"E1****67\", \"state\": \"active\", \"created_at\": " TIME ", \"role\": 1}");
    g_autoptr(XuexinAccount) account = NULL;
    g_autoptr(GError) error = NULL;

    account = xuexin_account_new_from_json (object, &error);
    g_assert_null (account);
    g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (sodium_init (), >=, 0);

#define SERVICE_TEST(path, func) \
  g_test_add ("/api/review/" path, Fixture, NULL, service_set_up, func, fixture_tear_down)
#define QUEUE_TEST(path, func) \
  g_test_add ("/api/review/queue/" path, Fixture, NULL, queue_set_up, func, fixture_tear_down)
#define FAKE_TEST(path, func) \
  g_test_add ("/api/review/fake/" path, Fixture, NULL, fake_set_up, func, fixture_tear_down)

  SERVICE_TEST ("decide", test_review_decide);
  SERVICE_TEST ("claims", test_review_claims);
  SERVICE_TEST ("history-and-lookup", test_review_history_and_lookup);
  QUEUE_TEST ("pages", test_queue_pages);
  QUEUE_TEST ("reload", test_queue_reload);
  QUEUE_TEST ("filters", test_queue_filters);
  QUEUE_TEST ("shrinks", test_queue_shrinks);
  QUEUE_TEST ("dispose-loading", test_queue_dispose_loading);
  SERVICE_TEST ("queue/forbidden", test_queue_forbidden);
  FAKE_TEST ("list", test_fake_list);
  FAKE_TEST ("queue", test_fake_queue);
  FAKE_TEST ("photo-and-errors", test_fake_photo_and_errors);
  g_test_add_func ("/api/review/parsers/hostile", test_parsers_hostile);
  g_test_add_func ("/api/review/parsers/defaults", test_parsers_defaults);
  g_test_add_func ("/api/review/parsers/account-role", test_account_role);

  return g_test_run ();
}
