/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "review/xuexin-account-lookup-view.h"
#include "review/xuexin-case-view.h"
#include "review/xuexin-reject-dialog.h"
#include "review/xuexin-review-console.h"
#include "review/xuexin-review-format.h"
#include "review/xuexin-review-today-view.h"
#include "xuexin-api.h"
#include "xuexin-client-review.h"
#include "xuexin-test-flow.h"
#include "xuexin-test-review.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

/* The review console in the main window against the embedded service:
 * a reviewer signing in on the normal sign-in page gets it (title and
 * header say so), a user never does; the queue oldest first with its
 * counts, the filters, two reviewers never on the same case, a decision
 * moving on to the next case and showing in Today, the account lookup,
 * and the one-letter keys (not while a text field has the focus).
 * Applicants submit through the client library. The queue is the
 * service's, shared by the tests of this program: each test checks its
 * own cases in it. */

static XuexinTestService *service;

/* ----- helpers ----------------------------------------------------------- */

static GtkWidget *
reviewer_window (const char *name,
                 int         width,
                 int         height)
{
  g_autofree char *phone = NULL;
  g_autoptr(XuexinClient) reviewer = xuexin_test_reviewer_new (service, name, &phone);
  GtkWidget *window = xuexin_test_open_window (width, height);

  xuexin_test_sign_in_window_to (window, phone, XUEXIN_TEST_REVIEWER_PASSWORD, "review");
  return window;
}

static XuexinReviewConsole *
console_of (GtkWidget *window)
{
  return XUEXIN_REVIEW_CONSOLE (xuexin_test_require_child (window, "review_console"));
}

static XuexinCaseView *
case_view_of (GtkWidget *window)
{
  return XUEXIN_CASE_VIEW (xuexin_test_require_child (window, "case_view"));
}

static XuexinReviewQueue *
queue_of (GtkWidget *window)
{
  return xuexin_review_console_get_queue (console_of (window));
}

static gboolean
queue_settled (gpointer window)
{
  XuexinReviewQueue *queue = queue_of (window);

  return queue != NULL && !xuexin_review_queue_is_loading (queue);
}

static void
wait_for_queue (GtkWidget *window)
{
  xuexin_test_iterate (10);
  xuexin_test_wait_for (queue_settled, window, "the queue");
}

static void
refresh (GtkWidget *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (console_of (window)), "console.refresh", NULL));
  wait_for_queue (window);
}

static gboolean
in_queue (GtkWidget *window,
          gint64     case_id)
{
  return xuexin_review_queue_find (queue_of (window), case_id) != G_MAXUINT;
}

static XuexinQueueCase *
queue_item (GtkWidget *window,
            guint      position)
{
  g_autoptr(XuexinQueueCase) item = g_list_model_get_item (G_LIST_MODEL (queue_of (window)), position);

  /* The queue holds it. */
  return item;
}

static const char *
content_shown (GtkWidget *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (window, "content_stack")));
}

static gboolean
claimed (gpointer window)
{
  return xuexin_case_view_is_claimed (case_view_of (window));
}

/* A key as it reaches the console: the shortcut its controller has for
 * @keyval (no modifier), activated the way GTK activates it on a key
 * press. FALSE when the console let the key through. */
static gboolean
press (GtkWidget *window,
       guint      keyval)
{
  GtkWidget *console = GTK_WIDGET (console_of (window));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (console);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            handled = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                    GTK_SHORTCUT_ACTION_EXCLUSIVE, console,
                                                    gtk_shortcut_get_arguments (shortcut));
        }
    }
  xuexin_test_iterate (10);
  return handled;
}

/* Opens the next case with `j` and waits for the claim: its id. */
static gint64
open_next (GtkWidget *window)
{
  g_assert_true (press (window, GDK_KEY_j));
  xuexin_test_wait_for (claimed, window, "the next case claimed");
  g_assert_cmpstr (content_shown (window), ==, "case");
  return xuexin_case_view_get_case_id (case_view_of (window));
}

static char *
case_title (gint64 case_id)
{
  return g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Case %lld"), (long long) case_id);
}

static void
sign_out (GtkWidget *window)
{
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  xuexin_test_wait_for_stack (window, "sign-in");
}

/* ----- tests ------------------------------------------------------------ */

static gboolean
is_folded (gpointer window)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (xuexin_test_require_child (window, "leaflet")));
}

static gboolean
is_unfolded (gpointer window)
{
  return !is_folded (window);
}

/* The reviewer signs in on the normal sign-in page and lands in the
 * console: title and header say so; the queue lists the cases oldest
 * first with the counts. Narrow, one pane at a time. Signing out leaves
 * the plain app again and releases the claim. */
static void
test_reviewer_gets_console (void)
{
  g_autoptr(XuexinTestApplicant) first = xuexin_test_applicant_new (service, "张一", 1);
  g_autoptr(XuexinTestApplicant) second = xuexin_test_applicant_new (service, "李二", 2);
  g_autoptr(XuexinTestApplicant) third = xuexin_test_applicant_new (service, "王三", 3);
  GtkWidget *window = reviewer_window ("赵审核", 1200, 800);
  GtkWidget *header_bar = xuexin_test_require_child (window, "header_bar");
  AdwWindowTitle *title = ADW_WINDOW_TITLE (xuexin_test_require_child (window, "window_title"));
  XuexinQueueCounts counts = { 0, };
  g_autofree char *counts_text = NULL;
  g_autofree char *first_title = case_title (first->case_id);
  g_autoptr(GDateTime) previous = NULL;
  guint n;

  g_assert_cmpstr (adw_window_title_get_title (title), ==, g_dgettext (GETTEXT_PACKAGE, "Review Console"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, g_dgettext (GETTEXT_PACKAGE, "Review Console"));
  g_assert_true (gtk_widget_has_css_class (header_bar, "review-console"));
  if (!xuexin_test_locale_is_chinese ())
    g_assert_cmpstr (adw_window_title_get_title (title), ==, "Review Console");

  wait_for_queue (window);
  n = g_list_model_get_n_items (G_LIST_MODEL (queue_of (window)));
  g_assert_cmpuint (n, >=, 3);
  /* Oldest first. */
  g_assert_cmpuint (xuexin_review_queue_find (queue_of (window), first->case_id), <,
                    xuexin_review_queue_find (queue_of (window), second->case_id));
  g_assert_cmpuint (xuexin_review_queue_find (queue_of (window), second->case_id), <,
                    xuexin_review_queue_find (queue_of (window), third->case_id));
  for (guint i = 0; i < MIN (n, XUEXIN_REVIEW_QUEUE_PAGE_SIZE); i++)
    {
      XuexinQueueCase *item = queue_item (window, i);
      GDateTime *at = xuexin_queue_case_get_submitted_at (item);

      g_assert_true (xuexin_queue_case_is_loaded (item));
      if (previous != NULL)
        g_assert_cmpint (g_date_time_compare (previous, at), <=, 0);
      g_clear_pointer (&previous, g_date_time_unref);
      previous = g_date_time_ref (at);
    }

  xuexin_review_queue_get_counts (queue_of (window), &counts);
  g_assert_cmpuint (counts.open, >=, 3);
  counts_text = xuexin_review_format_counts (&counts);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (window, "counts_label"))), ==,
                   counts_text);
  if (!xuexin_test_locale_is_chinese ())
    g_assert_nonnull (strstr (counts_text, " open · "));
  /* One row per visible case, the first of the test's among them. */
  g_assert_true (xuexin_test_shows_text (window, first_title));
  g_assert_true (xuexin_test_shows_text (window, g_dgettext (GETTEXT_PACKAGE, "No case is open")));
  g_assert_cmpstr (content_shown (window), ==, "empty");
  g_assert_true (is_unfolded (window));
  xuexin_test_render_settled (window, "review-console-queue-wide");

  /* 360 px: the queue alone, then the case alone with a way back. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  xuexin_test_wait_for (is_folded, window, "the folded console");
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (xuexin_test_require_child (window, "leaflet"))),
                   ==, "sidebar");
  xuexin_test_render_settled (window, "review-console-queue-narrow");

  open_next (window);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (xuexin_test_require_child (window, "leaflet"))),
                   ==, "content");
  g_assert_true (gtk_widget_get_mapped (xuexin_test_require_child (window, "console_back_button")));
  xuexin_test_iterate (300);
  xuexin_test_render_settled (window, "review-console-case-narrow");
  xuexin_test_click (xuexin_test_require_child (window, "console_back_button"));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (xuexin_test_require_child (window, "leaflet"))),
                   ==, "sidebar");

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  xuexin_test_wait_for (is_unfolded, window, "the unfolded console");
  xuexin_test_iterate (300);
  xuexin_test_render_settled (window, "review-console-case-wide");

  sign_out (window);
  g_assert_cmpint (xuexin_case_view_get_case_id (case_view_of (window)), ==, 0);
  g_assert_null (queue_of (window));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, g_dgettext (GETTEXT_PACKAGE, "Xuexin Assistant"));
  g_assert_false (gtk_widget_has_css_class (header_bar, "review-console"));
  xuexin_test_close_window (window);
}

/* A user account gets account management and nothing of the console. */
static void
test_user_gets_no_console (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, "陈用户", id_number, NULL, FALSE);
  GtkWidget *window = xuexin_test_open_window (1200, 800);
  AdwWindowTitle *title = ADW_WINDOW_TITLE (xuexin_test_require_child (window, "window_title"));

  g_assert_false (xuexin_account_is_staff (account));
  xuexin_test_sign_in_window (window, phone, XUEXIN_TEST_PASSWORD);
  g_assert_cmpstr (xuexin_test_visible_page_name (window), ==, "account");
  g_assert_null (queue_of (window));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, g_dgettext (GETTEXT_PACKAGE, "Xuexin Assistant"));
  g_assert_false (gtk_widget_has_css_class (xuexin_test_require_child (window, "header_bar"), "review-console"));
  /* No action of the window leads there. */
  g_assert_false (gtk_widget_activate_action (window, "console.next-case", NULL));
  g_assert_false (gtk_widget_activate_action (window, "console.refresh", NULL));
  xuexin_test_iterate (100);
  g_assert_cmpstr (xuexin_test_visible_page_name (window), ==, "account");
  xuexin_test_sign_out_and_close (window);
}

static char *
china_date (int days_from_today)
{
  g_autoptr(GTimeZone) china = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) now = g_date_time_new_now (china);
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days_from_today);

  return g_date_time_format (day, "%Y-%m-%d");
}

static void
claim_as (XuexinClient *reviewer,
          gint64        case_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(XuexinCaseClaim) claim = NULL;
  g_autoptr(GError) error = NULL;

  xuexin_client_claim_review_case_async (reviewer, case_id, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "a claim");
  claim = xuexin_client_claim_review_case_finish (reviewer, result, &error);
  g_assert_no_error (error);
}

static void
decide_as (XuexinClient *reviewer,
           gint64        case_id,
           const char   *reason)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;

  claim_as (reviewer, case_id);
  xuexin_client_decide_review_case_async (reviewer, case_id, reason, NULL, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "a decision");
  state = xuexin_client_decide_review_case_finish (reviewer, result, &error);
  g_assert_no_error (error);
}

static void
set_dropdown (GtkWidget  *window,
              const char *id,
              guint       position)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (xuexin_test_require_child (window, id)), position);
  wait_for_queue (window);
}

/* State, resubmissions and dates narrow the list; a wrong date is said
 * inline and changes nothing. */
static void
test_filters (void)
{
  g_autoptr(XuexinTestApplicant) held = xuexin_test_applicant_new (service, "钱四", 10);
  g_autoptr(XuexinTestApplicant) again = xuexin_test_applicant_new (service, "孙五", 20);
  g_autoptr(XuexinClient) other = xuexin_test_reviewer_new (service, "王审核", NULL);
  g_autofree char *holder_text = NULL;
  g_autofree char *tomorrow = china_date (1);
  GtkWidget *window;
  GtkWidget *from_entry;
  GtkWidget *date_error;
  guint n;

  /* Rejected once and sent again: a resubmission. */
  decide_as (other, again->case_id, XUEXIN_REJECT_REASON_BLURRY);
  xuexin_test_applicant_submit (again, 30);
  /* Held by another reviewer. */
  claim_as (other, held->case_id);

  window = reviewer_window ("孔审核", 1200, 900);
  gtk_expander_set_expanded (GTK_EXPANDER (xuexin_test_require_child (window, "filters_expander")), TRUE);
  wait_for_queue (window);
  g_assert_true (in_queue (window, held->case_id));
  g_assert_true (in_queue (window, again->case_id));
  holder_text = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "being reviewed by %s"), "王审核");
  g_assert_true (xuexin_test_shows_text (window, holder_text));
  g_assert_true (xuexin_test_shows_text (window, g_dgettext (GETTEXT_PACKAGE, "2nd submission")));
  xuexin_test_render_settled (window, "review-console-filters-wide");

  /* In review: only claimed cases. */
  set_dropdown (window, "state_dropdown", 2);
  g_assert_true (in_queue (window, held->case_id));
  g_assert_false (in_queue (window, again->case_id));
  n = g_list_model_get_n_items (G_LIST_MODEL (queue_of (window)));
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (xuexin_queue_case_get_state (queue_item (window, i)), ==, "in_review");
  /* Waiting: only unclaimed ones. */
  set_dropdown (window, "state_dropdown", 1);
  g_assert_false (in_queue (window, held->case_id));
  g_assert_true (in_queue (window, again->case_id));
  set_dropdown (window, "state_dropdown", 0);

  /* Only resubmissions. */
  set_dropdown (window, "resubmissions_dropdown", 1);
  g_assert_true (in_queue (window, again->case_id));
  g_assert_false (in_queue (window, held->case_id));
  n = g_list_model_get_n_items (G_LIST_MODEL (queue_of (window)));
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (xuexin_queue_case_get_submissions (queue_item (window, i)), >, 1);
  xuexin_test_render_settled (window, "review-console-filter-resubmissions");
  /* First submissions. */
  set_dropdown (window, "resubmissions_dropdown", 2);
  g_assert_false (in_queue (window, again->case_id));
  g_assert_true (in_queue (window, held->case_id));
  set_dropdown (window, "resubmissions_dropdown", 0);

  /* A date that is no date: said under the field, the list unchanged. */
  from_entry = xuexin_test_require_child (window, "from_entry");
  date_error = xuexin_test_require_child (window, "date_error_label");
  n = g_list_model_get_n_items (G_LIST_MODEL (queue_of (window)));
  xuexin_test_set_text (window, "from_entry", "2026-13-45");
  g_assert_true (gtk_widget_get_visible (date_error));
  g_assert_true (gtk_widget_has_css_class (from_entry, "error"));
  g_assert_false (xuexin_review_queue_is_loading (queue_of (window)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue_of (window))), ==, n);
  xuexin_test_render_settled (window, "review-console-date-error");
  /* Half typed is no error yet. */
  xuexin_test_set_text (window, "from_entry", "2026-1");
  g_assert_false (gtk_widget_get_visible (date_error));
  g_assert_false (gtk_widget_has_css_class (from_entry, "error"));

  /* Submitted from tomorrow: nothing, and the console says why. */
  xuexin_test_set_text (window, "from_entry", tomorrow);
  wait_for_queue (window);
  g_assert_false (gtk_widget_get_visible (date_error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue_of (window))), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (window, "queue_stack"))),
                   ==, "empty");
  g_assert_true (xuexin_test_shows_text (window, g_dgettext (GETTEXT_PACKAGE, "No cases match the filters")));
  xuexin_test_render_settled (window, "review-console-filter-empty");
  /* The last day before the first: refused. */
  xuexin_test_set_text (window, "to_entry", china_date (0));
  g_assert_true (gtk_widget_get_visible (date_error));
  g_assert_true (gtk_widget_has_css_class (xuexin_test_require_child (window, "to_entry"), "error"));

  xuexin_test_set_text (window, "to_entry", "");
  xuexin_test_set_text (window, "from_entry", "");
  wait_for_queue (window);
  g_assert_true (in_queue (window, again->case_id));
  xuexin_test_sign_out_and_close (window);
}

/* Two windows, two reviewers, each opening the next case: never the
 * same one; each sees the other's claim in the queue. */
static void
test_two_reviewers (void)
{
  g_autoptr(XuexinTestApplicant) one = xuexin_test_applicant_new (service, "周一", 40);
  g_autoptr(XuexinTestApplicant) two = xuexin_test_applicant_new (service, "周二", 41);
  GtkWidget *first = reviewer_window ("周审核", 1200, 800);
  GtkWidget *second = reviewer_window ("吴审核", 1200, 800);
  gint64 first_case;
  gint64 second_case;
  XuexinQueueCase *item;

  first_case = open_next (first);
  /* `j` reads the queue afresh: the first case is taken now. */
  second_case = open_next (second);
  g_assert_cmpint (first_case, !=, second_case);

  item = queue_item (second, xuexin_review_queue_find (queue_of (second), first_case));
  g_assert_cmpstr (xuexin_queue_case_get_claimed_by_name (item), ==, "周审核");
  refresh (first);
  item = queue_item (first, xuexin_review_queue_find (queue_of (first), second_case));
  g_assert_cmpstr (xuexin_queue_case_get_claimed_by_name (item), ==, "吴审核");
  g_assert_true (xuexin_queue_case_get_claimed_by_me (queue_item (first, xuexin_review_queue_find (queue_of (first), first_case))));
  /* The window with the keyboard focus (the last presented). */
  refresh (second);
  xuexin_test_iterate (300);
  xuexin_test_render_settled (second, "review-console-two-reviewers");

  /* Both still hold their own. */
  g_assert_true (xuexin_case_view_is_claimed (case_view_of (first)));
  g_assert_true (xuexin_case_view_is_claimed (case_view_of (second)));
  xuexin_test_sign_out_and_close (second);
  xuexin_test_sign_out_and_close (first);
}

static gboolean
moved_on (gpointer user_data)
{
  GtkWidget *window = user_data;
  XuexinCaseView *view = case_view_of (window);
  gint64 decided = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (window), "decided"));

  return xuexin_case_view_get_case_id (view) != 0 && xuexin_case_view_get_case_id (view) != decided
         && xuexin_case_view_is_claimed (view);
}

static gboolean
today_lists (gpointer user_data)
{
  GtkWidget *window = user_data;
  GListModel *decisions = xuexin_review_today_view_get_decisions (
    XUEXIN_REVIEW_TODAY_VIEW (xuexin_test_require_child (window, "today_view")));
  gint64 decided = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (window), "decided"));

  for (guint i = 0; decisions != NULL && i < g_list_model_get_n_items (decisions); i++)
    {
      g_autoptr(XuexinReviewDecision) decision = g_list_model_get_item (decisions, i);

      if (xuexin_review_decision_get_case_id (decision) == decided)
        return TRUE;
    }
  return FALSE;
}

/* `a`, confirmed: the next case opens by itself, and the decision is in
 * the reviewer's Today. */
static void
test_decision_moves_on (void)
{
  g_autoptr(XuexinTestApplicant) one = xuexin_test_applicant_new (service, "郑一", 60);
  g_autoptr(XuexinTestApplicant) two = xuexin_test_applicant_new (service, "郑二", 61);
  GtkWidget *window = reviewer_window ("冯审核", 1200, 800);
  GtkWidget *dialog;
  gint64 decided;
  XuexinQueueCounts counts = { 0, };

  decided = open_next (window);
  g_object_set_data (G_OBJECT (window), "decided", GSIZE_TO_POINTER (decided));
  g_assert_true (press (window, GDK_KEY_a));
  dialog = xuexin_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "approve");
  xuexin_test_wait_for (moved_on, window, "the next case");
  g_assert_false (in_queue (window, decided));
  g_assert_cmpint (gtk_single_selection_get_selected (
                     GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (xuexin_test_require_child (window, "queue_view"))))),
                   ==, xuexin_review_queue_find (queue_of (window), xuexin_case_view_get_case_id (case_view_of (window))));
  xuexin_review_queue_get_counts (queue_of (window), &counts);
  g_assert_cmpuint (counts.decided_today_by_me, ==, 1);

  xuexin_test_click (xuexin_test_require_child (window, "show_today_button"));
  g_assert_cmpstr (content_shown (window), ==, "today");
  xuexin_test_wait_for (today_lists, window, "the decision in Today");
  /* Looking at Today keeps the claim of the case left open. */
  g_assert_true (xuexin_case_view_is_claimed (case_view_of (window)));
  xuexin_test_render_settled (window, "review-console-today-wide");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  xuexin_test_wait_for (is_folded, window, "the folded console");
  xuexin_test_render_settled (window, "review-console-today-narrow");
  xuexin_test_sign_out_and_close (window);
}

static gboolean
accounts_found (gpointer view)
{
  return xuexin_account_lookup_view_get_accounts (view) != NULL;
}

/* By ID number: both accounts of the person, with their history in
 * words; a number that is neither a phone nor an ID number is said so. */
static void
test_lookup (void)
{
  g_autoptr(XuexinTestApplicant) person = xuexin_test_applicant_new (service, "卫六", 70);
  GtkWidget *window = reviewer_window ("蒋审核", 1200, 900);
  GtkWidget *view = xuexin_test_require_child (window, "lookup_view");
  GtkWidget *results = xuexin_test_require_child (window, "lookup_results");
  GListModel *accounts;
  GtkWidget *row;

  xuexin_test_click (xuexin_test_require_child (window, "show_lookup_button"));
  g_assert_cmpstr (content_shown (window), ==, "lookup");
  xuexin_test_assert_focus_in (xuexin_test_require_child (window, "lookup_row"));

  xuexin_test_set_text (window, "lookup_row", "12345");
  xuexin_test_click (xuexin_test_require_child (view, "lookup_button"));
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "lookup_error_label")));
  g_assert_true (gtk_widget_has_css_class (xuexin_test_require_child (window, "lookup_row"), "error"));
  g_assert_null (xuexin_account_lookup_view_get_accounts (XUEXIN_ACCOUNT_LOOKUP_VIEW (view)));
  xuexin_test_render_settled (window, "review-console-lookup-error");

  xuexin_test_set_text (window, "lookup_row", person->id_number);
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "lookup_error_label")));
  xuexin_test_click (xuexin_test_require_child (view, "lookup_button"));
  xuexin_test_wait_for (accounts_found, view, "the accounts");
  accounts = xuexin_account_lookup_view_get_accounts (XUEXIN_ACCOUNT_LOOKUP_VIEW (view));
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(XuexinLookupAccount) account = g_list_model_get_item (accounts, i);
      g_autoptr(XuexinVerificationEvent) registered = NULL;
      GListModel *history = xuexin_lookup_account_get_history (account);

      g_assert_cmpstr (xuexin_lookup_account_get_name (account), ==, "卫六");
      g_assert_cmpuint (g_list_model_get_n_items (history), >=, 1);
      registered = g_list_model_get_item (history, 0);
      g_assert_true (g_str_equal (xuexin_verification_event_get_event (registered), "registered")
                     || g_str_equal (xuexin_verification_event_get_event (registered), "reregistered"));
    }
  g_assert_true (gtk_widget_get_visible (results));
  /* The newest, pending one first: its history, opened, in words. */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (results), 0));
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  xuexin_test_iterate (300);
  g_assert_true (xuexin_test_shows_text (results, g_dgettext (GETTEXT_PACKAGE, "Registered again with a taken ID number")));
  g_assert_true (xuexin_test_shows_text (results, g_dgettext (GETTEXT_PACKAGE, "Submitted ID photos for review")));
  xuexin_test_render_settled (window, "review-console-lookup-wide");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  xuexin_test_wait_for (is_folded, window, "the folded console");
  xuexin_test_render_settled (window, "review-console-lookup-narrow");

  /* By phone: the one account. */
  xuexin_test_set_text (window, "lookup_row", person->phone);
  xuexin_test_click (xuexin_test_require_child (view, "lookup_button"));
  xuexin_test_iterate (10);
  xuexin_test_wait_for (accounts_found, view, "the account");
  xuexin_test_sign_out_and_close (window);
}

static gboolean
released (gpointer window)
{
  return xuexin_case_view_get_case_id (case_view_of (window)) == 0;
}

static gboolean
shows_case (gpointer user_data)
{
  GtkWidget *window = user_data;
  gint64 expected = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (window), "expected"));
  XuexinStaffCase *staff_case = xuexin_case_view_get_case (case_view_of (window));

  return staff_case != NULL && xuexin_staff_case_get_id (staff_case) == expected;
}

static void
expect_case_at (GtkWidget *window,
                guint      position)
{
  gint64 id = xuexin_queue_case_get_id (queue_item (window, position));

  g_object_set_data (G_OBJECT (window), "expected", GSIZE_TO_POINTER (id));
  g_assert_cmpint (xuexin_case_view_get_case_id (case_view_of (window)), ==, id);
  xuexin_test_wait_for (shows_case, window, "the case");
}

/* j, j, k, r, Escape from the keyboard; none of them while a text field
 * has the focus. */
static void
test_keyboard (void)
{
  g_autoptr(XuexinTestApplicant) one = xuexin_test_applicant_new (service, "韩一", 80);
  g_autoptr(XuexinTestApplicant) two = xuexin_test_applicant_new (service, "韩二", 81);
  GtkWidget *window = reviewer_window ("杨审核", 1200, 900);
  GtkWidget *from_entry;
  GtkSingleSelection *selection;
  guint position;

  wait_for_queue (window);
  /* A collapsed expander holds its child out of the tree. */
  gtk_expander_set_expanded (GTK_EXPANDER (xuexin_test_require_child (window, "filters_expander")), TRUE);
  xuexin_test_iterate (50);
  from_entry = xuexin_test_require_child (window, "from_entry");
  gtk_widget_grab_focus (from_entry);
  xuexin_test_assert_focus_in (from_entry);
  g_assert_false (press (window, GDK_KEY_j));
  g_assert_false (press (window, GDK_KEY_a));
  g_assert_cmpint (xuexin_case_view_get_case_id (case_view_of (window)), ==, 0);
  g_assert_cmpstr (content_shown (window), ==, "empty");

  gtk_widget_grab_focus (xuexin_test_require_child (window, "queue_view"));
  open_next (window);
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (xuexin_test_require_child (window, "queue_view"))));
  position = gtk_single_selection_get_selected (selection);
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  expect_case_at (window, position);

  g_assert_true (press (window, GDK_KEY_j));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, position + 1);
  expect_case_at (window, position + 1);
  g_assert_true (press (window, GDK_KEY_k));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, position);
  expect_case_at (window, position);
  xuexin_test_wait_for (claimed, window, "the claim");

  g_assert_true (press (window, GDK_KEY_r));
  xuexin_test_wait_for_toplevel (XUEXIN_TYPE_REJECT_DIALOG);
  gtk_window_close (GTK_WINDOW (xuexin_test_find_toplevel (XUEXIN_TYPE_REJECT_DIALOG)));
  xuexin_test_wait_for_toplevel_gone (XUEXIN_TYPE_REJECT_DIALOG);
  g_assert_true (xuexin_case_view_is_claimed (case_view_of (window)));

  g_assert_true (press (window, GDK_KEY_Escape));
  xuexin_test_wait_for (released, window, "the release");
  g_assert_cmpstr (content_shown (window), ==, "empty");
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);
  /* Not lost with the case: back on the queue. */
  xuexin_test_assert_focus_in (xuexin_test_require_child (window, "queue_view"));
  xuexin_test_render_settled (window, "review-console-released");
  /* Nothing to approve now. */
  g_assert_false (press (window, GDK_KEY_a));
  xuexin_test_sign_out_and_close (window);
}

int
main (int   argc,
      char *argv[])
{
  service = xuexin_test_ui_init_with_service (&argc, &argv);
  /* No keyring runs here: its toast would cover the screenshots. */
  g_settings_set_boolean (xuexin_application_get_settings (xuexin_test_ui_get_application ()),
                          "remember-me", FALSE);

  g_test_add_func ("/app/review-console/reviewer", test_reviewer_gets_console);
  g_test_add_func ("/app/review-console/user", test_user_gets_no_console);
  g_test_add_func ("/app/review-console/filters", test_filters);
  g_test_add_func ("/app/review-console/two-reviewers", test_two_reviewers);
  g_test_add_func ("/app/review-console/decision", test_decision_moves_on);
  g_test_add_func ("/app/review-console/lookup", test_lookup);
  g_test_add_func ("/app/review-console/keyboard", test_keyboard);

  return xuexin_test_ui_run ();
}
