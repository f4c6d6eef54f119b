/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "identity/xuexin-identity-progress-page.h"
#include "identity/xuexin-review-watcher.h"
#include "xuexin-api.h"
#include "xuexin-client-identity.h"
#include "xuexin-test-flow.h"
#include "xuexin-test-notifications.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

/* Path 2 (客服协助验证) after the photos are in: 证件重复-客服审核, the
 * progress page following the case by itself, and the window's
 * watcher noticing a decision while the person looks elsewhere. The
 * person uploads and submits through the client library; the test
 * plays the help-desk reviewer through the service's HTTP API, as the
 * review console does. Nothing is advanced by hand: the pages read the
 * case at the interval the service advises. */

#define PASSWORD XUEXIN_TEST_PASSWORD

static XuexinTestService *service;

typedef struct
{
  char          *phone;
  XuexinClient  *client;
  XuexinAccount *first;
  XuexinAccount *pending;
} Person;

static void
person_free (Person *person)
{
  g_free (person->phone);
  g_clear_object (&person->client);
  g_clear_object (&person->first);
  g_clear_object (&person->pending);
  g_free (person);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Person, person_free)

/* Someone with an active account who registered again (我要重新注册). */
static Person *
person_new (const char *name)
{
  Person *person = g_new0 (Person, 1);
  g_autofree char *first_phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();

  person->phone = xuexin_test_next_phone ();
  person->first = xuexin_test_service_create_account (service, first_phone, name, id_number, NULL, FALSE);
  person->pending = xuexin_test_service_create_account (service, person->phone, name, id_number, NULL, TRUE);
  g_assert_true (xuexin_account_is_pending (person->pending));
  person->client = xuexin_test_service_sign_in (service, person->phone, PASSWORD, NULL);

  return person;
}

/* ----- a notification server on the test bus --------------------------- */

/* A photo the service's check accepts (800×600, smooth), different for
 * each @seed: the bytes of a rejected photo are refused if sent again. */
static GBytes *
make_photo (guint seed)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 800, 600);
  g_autoptr(GError) error = NULL;
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  gchar *buffer = NULL;
  gsize size = 0;

  for (int y = 0; y < 600; y++)
    for (int x = 0; x < 800; x++)
      {
        guint8 *pixel = pixels + (gsize) y * stride + x * 3;

        pixel[0] = (guint8) (40 + (x * 160) / 800 + seed * 7);
        pixel[1] = (guint8) (60 + (y * 120) / 600 + seed * 13);
        pixel[2] = (guint8) (200 - seed * 3);
      }

  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, "quality", "85", NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

/* Uploads the three sides (photos @seed…@seed+2) and submits: the case id. */
static gint64
upload_and_submit (Person *person,
                   guint   seed)
{
  static const char * const sides[] = { "handheld", "front", "back" };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(XuexinReviewCase) submitted = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GBytes) photo = make_photo (seed + i);
      g_autoptr(XuexinReviewCase) draft = NULL;

      xuexin_client_upload_case_photo_async (person->client, sides[i], photo, NULL, NULL, NULL, NULL,
                                             xuexin_test_store_result_cb, &result);
      xuexin_test_wait_for_result (&result, "a photo upload");
      draft = xuexin_client_upload_case_photo_finish (person->client, result, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (xuexin_review_case_get_state (draft), ==, XUEXIN_REVIEW_CASE_STATE_DRAFT);
      g_clear_object (&result);
    }

  xuexin_client_submit_review_case_async (person->client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "the submission");
  submitted = xuexin_client_submit_review_case_finish (person->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_review_case_get_state (submitted), ==, XUEXIN_REVIEW_CASE_STATE_SUBMITTED);

  return xuexin_review_case_get_id (submitted);
}

static void
claim (const char *reviewer,
       gint64      case_id)
{
  g_assert_cmpuint (xuexin_test_service_review_post (service, reviewer, case_id, "claim", "{}"), ==, 200);
}

static void
reject_blurry (const char *reviewer,
               gint64      case_id)
{
  g_assert_cmpuint (xuexin_test_service_review_post (service, reviewer, case_id, "decision",
                                 "{\"decision\": \"reject\", \"reason\": \"blurry\", "
                                 "\"note\": \"请在光线充足处重新拍摄\"}"), ==, 200);
}

static void
approve (const char *reviewer,
         gint64      case_id)
{
  g_assert_cmpuint (xuexin_test_service_review_post (service, reviewer, case_id, "decision", "{\"decision\": \"approve\"}"), ==, 200);
}

static gboolean
is_visible (GtkWidget *widget)
{
  return gtk_widget_get_visible (widget);
}

static const char *
subtitle_of (GtkWidget  *root,
             const char *buildable_id)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (xuexin_test_require_child (root, buildable_id)));
}

static gboolean
case_is (XuexinIdentityProgressPage *page,
         const char                 *state)
{
  XuexinReviewCase *review_case = xuexin_identity_progress_page_get_case (page);

  return review_case != NULL && g_strcmp0 (xuexin_review_case_get_state (review_case), state) == 0;
}

static gboolean
shows_submitted (gpointer page)
{
  return case_is (page, XUEXIN_REVIEW_CASE_STATE_SUBMITTED);
}

static gboolean
shows_in_review (gpointer page)
{
  return case_is (page, XUEXIN_REVIEW_CASE_STATE_IN_REVIEW);
}

static gboolean
shows_rejected (gpointer page)
{
  return case_is (page, XUEXIN_REVIEW_CASE_STATE_REJECTED);
}

/* Signs the pending account in; the account page offers the progress
 * once it has read the case. */
static GtkWidget *
open_account_page (Person *person,
                   int     width,
                   int     height)
{
  GtkWidget *window = xuexin_test_open_window (width, height);

  xuexin_test_sign_in_window (window, person->phone, PASSWORD);
  xuexin_test_wait_for_stack (window, "account");
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "pending_box")));
  xuexin_test_wait_for ((XuexinTestCondition) is_visible,
                        xuexin_test_require_child (window, "review_progress_button"),
                        "the review progress entry");
  /* Enabled by the window's watcher, as the main menu's entry. */
  xuexin_test_wait_for ((XuexinTestCondition) gtk_widget_is_sensitive,
                        xuexin_test_require_child (window, "review_progress_button"),
                        "the review progress action");
  return window;
}

static void
assert_shown_state (GtkWidget  *page,
                    const char *english)
{
  /* The zh_CN catalogue may not have the new strings yet: English then. */
  const char *label = gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (page, "state_label")));

  if (!xuexin_test_locale_is_chinese ())
    g_assert_cmpstr (label, ==, english);
  else
    g_assert_cmpstr (label, !=, "");
}

/* A change of state is told to a screen reader: the window's announcer
 * (an alert, GTK 4.8) says the new heading. */
static void
assert_announced (GtkWidget *window,
                  GtkWidget *page)
{
  GtkWidget *announcer = xuexin_test_require_child (window, "announcer");
  const char *heading = gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (page, "state_label")));

  g_assert_true (gtk_widget_get_visible (announcer));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (announcer)), heading));
}

static void
assert_rejection_shown (GtkWidget *page)
{
  GtkWidget *button = xuexin_test_require_child (page, "new_photos_button");

  assert_shown_state (page, "Not Accepted");
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (page, "rejection_group")));
  /* The app's own words for the reason id, not the service's zh_CN text. */
  g_assert_cmpstr (subtitle_of (page, "reason_row"), ==, xuexin_identity_format_rejection_reason ("blurry"));
  if (!xuexin_test_locale_is_chinese ())
    g_assert_cmpstr (subtitle_of (page, "reason_row"), ==, "The photos are blurry");
  g_assert_cmpstr (subtitle_of (page, "note_row"), ==, "请在光线充足处重新拍摄");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "identity.new-photos");
  /* 4 submissions of 5 are left: no waiting time is shown. */
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (page, "next_submission_row")));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (page, "queue_row")));
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (page, "decided_row")));
}

/* The whole review as the person sees it: waiting first in the queue,
 * claimed, rejected with the reason, then a second submission approved
 * and the flow going on to the success page by itself. */
static void
test_review_progress (void)
{
  g_autoptr(Person) person = person_new ("周思远");
  g_autofree char *reviewer = xuexin_test_service_add_reviewer (service);
  gint64 case_id = upload_and_submit (person, 1);
  GtkWidget *window = open_account_page (person, 900, 1000);
  GtkWidget *page;
  g_autofree char *position = NULL;

  xuexin_test_render_settled (window, "identity-review-account-entry");

  xuexin_test_click (xuexin_test_require_child (window, "review_progress_button"));
  page = xuexin_test_wait_for_page (window, "XuexinIdentityProgressPage");
  xuexin_test_wait_for (shows_submitted, page, "the submitted case");
  g_assert_true (xuexin_identity_progress_page_is_polling (XUEXIN_IDENTITY_PROGRESS_PAGE (page)));
  assert_shown_state (page, "Waiting in the Queue");
  g_assert_cmpuint (xuexin_review_case_get_queue_position (xuexin_identity_progress_page_get_case (XUEXIN_IDENTITY_PROGRESS_PAGE (page))), ==, 1);
  /* Translators' wording of the page, so the check holds in zh_CN too. */
  position = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Position in the queue: %u"), 1);
  g_assert_cmpstr (subtitle_of (page, "queue_row"), ==, position);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (page, "submitted_row")));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (page, "decided_row")));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (page, "rejection_group")));
  /* Only an approval completes the page. */
  g_assert_false (gtk_widget_is_sensitive (xuexin_test_require_child (window, "next_button")));
  xuexin_test_render_settled (window, "identity-review-submitted");

  /* Paused while the window is hidden, back when it is shown. */
  gtk_widget_set_visible (window, FALSE);
  xuexin_test_iterate (50);
  g_assert_false (xuexin_identity_progress_page_is_polling (XUEXIN_IDENTITY_PROGRESS_PAGE (page)));
  gtk_window_present (GTK_WINDOW (window));
  xuexin_test_wait_until_mapped (page);
  g_assert_true (xuexin_identity_progress_page_is_polling (XUEXIN_IDENTITY_PROGRESS_PAGE (page)));

  /* The reviewer claims it: the page sees it on its own. */
  claim (reviewer, case_id);
  xuexin_test_wait_for (shows_in_review, page, "the case in review");
  assert_shown_state (page, "Being Reviewed");
  assert_announced (window, page);

  reject_blurry (reviewer, case_id);
  xuexin_test_wait_for (shows_rejected, page, "the rejected case");
  assert_rejection_shown (page);
  assert_announced (window, page);
  g_assert_false (gtk_widget_is_sensitive (xuexin_test_require_child (window, "next_button")));
  xuexin_test_render_settled (window, "identity-review-rejected");

  /* New photos (someone else's pages; here through the library), then
   * back to the progress from the account page. */
  case_id = upload_and_submit (person, 10);
  xuexin_test_click (xuexin_test_require_child (window, "cancel_button"));
  xuexin_test_wait_for_stack (window, "account");
  xuexin_test_wait_for ((XuexinTestCondition) gtk_widget_is_sensitive,
                        xuexin_test_require_child (window, "review_progress_button"),
                        "the review progress action");
  xuexin_test_click (xuexin_test_require_child (window, "review_progress_button"));
  page = xuexin_test_wait_for_page (window, "XuexinIdentityProgressPage");
  xuexin_test_wait_for (shows_submitted, page, "the second submission");

  claim (reviewer, case_id);
  approve (reviewer, case_id);
  page = xuexin_test_wait_for_page (window, "XuexinIdentitySuccessPage");
  /* The first account went; the page was opened without the chooser,
   * and still knows it from GET /me/identity. */
  g_assert_true (xuexin_test_shows_text (page, xuexin_test_locale_is_chinese () ? "1" : "1 other account"));

  xuexin_test_click_next (window);
  xuexin_test_wait_for_stack (window, "account");
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "pending_box")));
  /* Active now: nothing to follow any more. */
  g_assert_false (xuexin_review_watcher_is_running (xuexin_window_get_review_watcher (XUEXIN_WINDOW (window))));
  g_assert_false (gtk_widget_is_sensitive (xuexin_test_require_child (window, "review_progress_button")));
  xuexin_test_sign_out_and_close (window);
}

typedef struct
{
  guint  count;
  char  *state;
  char  *reason;
} Decided;

static void
decided_cb (XuexinReviewWatcher *watcher,
            XuexinReviewCase    *review_case,
            Decided             *decided)
{
  decided->count++;
  g_free (decided->state);
  decided->state = g_strdup (xuexin_review_case_get_state (review_case));
  g_free (decided->reason);
  decided->reason = g_strdup (xuexin_review_case_get_rejection_reason (review_case));
}

static gboolean
watcher_sees_case (gpointer watcher)
{
  return xuexin_review_watcher_has_case (watcher)
         && xuexin_review_watcher_get_next_interval (watcher) > 0;
}

static gboolean
was_decided (gpointer decided)
{
  return ((Decided *) decided)->count > 0;
}

static gboolean
window_is_hidden (gpointer window)
{
  return !gtk_widget_get_visible (window);
}

/* With the window on the account page, the watcher notices the
 * decision: "decided" fires once with the state, at the service's pace
 * while the window is shown, 5 minutes while hidden; the notification's
 * action opens the progress page. */
static void
test_review_watcher (void)
{
  g_autoptr(Person) person = person_new ("吴嘉怡");
  g_autofree char *reviewer = xuexin_test_service_add_reviewer (service);
  gint64 case_id = upload_and_submit (person, 30);
  GtkWidget *window = open_account_page (person, 360, 800);
  XuexinReviewWatcher *watcher = xuexin_window_get_review_watcher (XUEXIN_WINDOW (window));
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  Decided decided = { 0, };
  guint notified_before;
  GtkWidget *page;

  g_assert_nonnull (watcher);
  xuexin_test_wait_for (watcher_sees_case, watcher, "the watcher's first read");
  /* The interval the service advises for a submitted case. */
  g_assert_cmpuint (xuexin_review_watcher_get_next_interval (watcher), ==,
                    xuexin_review_case_get_poll_interval (xuexin_review_watcher_get_case (watcher)));
  g_assert_cmpuint (xuexin_review_watcher_get_next_interval (watcher), ==,
                    xuexin_test_service_get_config (service)->review_poll_interval);

  /* Hidden: the slow pace; shown again: read at once, then the fast one. */
  gtk_widget_set_visible (window, FALSE);
  xuexin_test_wait_for (window_is_hidden, window, "the hidden window");
  g_assert_cmpuint (xuexin_review_watcher_get_next_interval (watcher), ==, 300);
  gtk_window_present (GTK_WINDOW (window));
  xuexin_test_wait_until_mapped (window);
  xuexin_test_wait_for (watcher_sees_case, watcher, "the read on showing again");
  g_assert_cmpuint (xuexin_review_watcher_get_next_interval (watcher), ==,
                    xuexin_test_service_get_config (service)->review_poll_interval);

  g_signal_connect (watcher, "decided", G_CALLBACK (decided_cb), &decided);
  notified_before = xuexin_test_notifications_sent ();
  claim (reviewer, case_id);
  reject_blurry (reviewer, case_id);
  xuexin_test_wait_for (was_decided, &decided, "the decision");
  g_assert_cmpuint (decided.count, ==, 1);
  g_assert_cmpstr (decided.state, ==, XUEXIN_REVIEW_CASE_STATE_REJECTED);
  g_assert_cmpstr (decided.reason, ==, "blurry");
  /* Decided: nothing more to read. */
  g_assert_cmpuint (xuexin_review_watcher_get_next_interval (watcher), ==, 0);
  g_assert_cmpstr (xuexin_test_visible_page_name (window), ==, "account");

  /* The notification, as the desktop gets it; clicking it brings the
   * progress page (app.show-review-progress, then the window's action). */
  xuexin_test_notifications_wait_sent (notified_before);
  g_assert_cmpstr (xuexin_test_notifications_summary (), ==,
                   g_dgettext (GETTEXT_PACKAGE, "Your ID photos were not accepted"));
  g_assert_nonnull (strstr (xuexin_test_notifications_body (), xuexin_identity_format_rejection_reason ("blurry")));
  g_assert_nonnull (strstr (xuexin_test_notifications_body (), "请在光线充足处重新拍摄"));
  g_assert_true (g_strv_contains (xuexin_test_notifications_actions (), "default"));
  xuexin_test_notifications_click ("default");
  page = xuexin_test_wait_for_page (window, "XuexinIdentityProgressPage");
  xuexin_test_wait_for (shows_rejected, page, "the rejected case");
  assert_rejection_shown (page);
  xuexin_test_render_settled (window, "identity-review-rejected-narrow");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  xuexin_test_iterate (300);
  xuexin_test_render_settled (window, "identity-review-rejected-dark");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
  xuexin_test_iterate (300);

  g_signal_handlers_disconnect_by_data (watcher, &decided);
  g_free (decided.state);
  g_free (decided.reason);
  xuexin_test_click (xuexin_test_require_child (window, "cancel_button"));
  xuexin_test_wait_for_stack (window, "account");
  xuexin_test_sign_out_and_close (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  service = xuexin_test_ui_init_with_service (&argc, &argv);
  /* No keyring runs here: its toast would cover the screenshots. */
  g_settings_set_boolean (xuexin_application_get_settings (xuexin_test_ui_get_application ()),
                          "remember-me", FALSE);
  xuexin_test_notifications_start ();

  g_test_add_func ("/app/identity-review/progress", test_review_progress);
  g_test_add_func ("/app/identity-review/watcher", test_review_watcher);

  status = xuexin_test_ui_run ();
  return status;
}
