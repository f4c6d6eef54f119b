/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "xuexin-api.h"
#include "xuexin-client-identity.h"
#include "xuexin-inbox-dialog.h"
#include "xuexin-test-flow.h"
#include "xuexin-test-notifications.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

/* The classmate's inbox (途径3, the helper's side) driven through the
 * real widgets against a real service on loopback: a person who
 * re-registered asks a classmate; the classmate signs in, sees the
 * badge, opens the inbox and confirms or declines. Accounts, records
 * and the request are set up with the client library. */

#define PASSWORD XUEXIN_TEST_PASSWORD
#define SCHOOL   "海川大学"

static XuexinTestService *service;

typedef struct
{
  char          *name;
  char          *first_phone;   /* requesters: the older, active account */
  char          *phone;
  char          *id_number;
  XuexinClient  *first_client;
  XuexinClient  *client;
} Person;

static void
person_free (Person *person)
{
  g_free (person->name);
  g_free (person->first_phone);
  g_free (person->phone);
  g_free (person->id_number);
  g_clear_object (&person->first_client);
  g_clear_object (&person->client);
  g_free (person);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Person, person_free)

static void
import_enrollment (Person *person)
{
  g_autofree char *csv = NULL;

  csv = g_strdup_printf ("kind,id_number,name,school,level,year,number,status\n"
                         "enrollment,%s,%s," SCHOOL ",benke,2016,H2016%05u,graduated\n",
                         person->id_number, person->name, xuexin_test_next_serial ());
  xuexin_test_service_import_records (service, csv, NULL, NULL);
}

/* B: an active account, enrolled at 海川大学 in 2016 (本科). */
static Person *
classmate_new (const char *name)
{
  Person *person = g_new0 (Person, 1);
  g_autoptr(XuexinAccount) account = NULL;

  person->name = g_strdup (name);
  person->phone = xuexin_test_next_phone ();
  person->id_number = xuexin_test_next_id_number ();
  account = xuexin_test_service_create_account (service, person->phone, name, person->id_number, NULL, FALSE);
  g_assert_false (xuexin_account_is_pending (account));
  import_enrollment (person);

  return person;
}

/* A: registered again (我要重新注册) on an ID number that has an
 * account, so the new one is pending; same school, year and level. */
static Person *
requester_new (const char *name)
{
  Person *person = g_new0 (Person, 1);
  g_autoptr(XuexinAccount) first = NULL;
  g_autoptr(XuexinAccount) pending = NULL;

  person->name = g_strdup (name);
  person->first_phone = xuexin_test_next_phone ();
  person->phone = xuexin_test_next_phone ();
  person->id_number = xuexin_test_next_id_number ();
  first = xuexin_test_service_create_account (service, person->first_phone, name, person->id_number, NULL, FALSE);
  pending = xuexin_test_service_create_account (service, person->phone, name, person->id_number, NULL, TRUE);
  g_assert_true (xuexin_account_is_pending (pending));
  import_enrollment (person);
  person->first_client = xuexin_test_service_sign_in (service, person->first_phone, PASSWORD, NULL);
  person->client = xuexin_test_service_sign_in (service, person->phone, PASSWORD, NULL);

  return person;
}

static void
ask (Person *requester,
     Person *classmate)
{
  XuexinAssistanceAsk ask = {
    .classmate_name = classmate->name,
    .classmate_login_name = classmate->phone,
    .school = SCHOOL,
    .enrollment_year = 2016,
    .level = "benke",
  };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(XuexinAssistanceRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  xuexin_client_request_assistance_async (requester->client, &ask, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "POST /me/identity/assistance-requests");
  request = xuexin_client_request_assistance_finish (requester->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_assistance_request_get_state (request), ==, XUEXIN_ASSISTANCE_STATE_PENDING);
}

static XuexinAccount *
get_me (XuexinClient  *client,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  xuexin_client_get_me_async (client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "GET /me");
  return xuexin_client_get_me_finish (client, result, error);
}

/* ----- finding things in the inbox -------------------------------------- */

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 && gtk_widget_get_visible (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
badge_shows (gpointer user_data)
{
  GtkWidget *badge = xuexin_test_require_child (user_data, "inbox_badge");

  return gtk_widget_get_visible (badge);
}

static gboolean
badge_hidden (gpointer user_data)
{
  return !badge_shows (user_data);
}

static gboolean
inbox_loaded (gpointer user_data)
{
  GtkWidget *spinner = xuexin_test_require_child (user_data, "inbox_spinner");
  const char *page = gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (user_data, "inbox_stack")));

  return !gtk_widget_get_visible (spinner) && g_strcmp0 (page, "loading") != 0;
}

static GtkWidget *
open_inbox (GtkWidget *window)
{
  GtkWidget *dialog;

  xuexin_test_click (xuexin_test_require_child (window, "inbox_button"));
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_INBOX_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  xuexin_test_wait_for (inbox_loaded, dialog, "the inbox list");
  return dialog;
}

static const char *
first_state (GtkWidget *dialog)
{
  GtkWidget *label = find_named (xuexin_test_require_child (dialog, "inbox_list"), "inbox-request-state");

  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

typedef struct
{
  GtkWidget  *dialog;
  const char *state;
} StateWait;

static gboolean
state_is (gpointer user_data)
{
  StateWait *wait = user_data;

  return inbox_loaded (wait->dialog) && g_strcmp0 (first_state (wait->dialog), wait->state) == 0;
}

static void
wait_for_state (GtkWidget  *dialog,
                const char *state)
{
  StateWait wait = { dialog, state };

  xuexin_test_wait_for (state_is, &wait, state);
}

/* The label the app shows for @english (untranslated strings fall back). */
static const char *
tr (const char *english)
{
  return g_dgettext (GETTEXT_PACKAGE, english);
}

static void
close_inbox (GtkWidget *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  xuexin_test_wait_for_toplevel_gone (XUEXIN_TYPE_INBOX_DIALOG);
}

/* ----- tests ------------------------------------------------------------ */

/* Only a count that goes up is news, never the first after signing in. */
static void
test_inbox_should_notify (void)
{
  g_assert_false (xuexin_inbox_should_notify (FALSE, 0, 1));
  g_assert_false (xuexin_inbox_should_notify (FALSE, 0, 3));
  g_assert_true (xuexin_inbox_should_notify (TRUE, 0, 1));
  g_assert_true (xuexin_inbox_should_notify (TRUE, 1, 2));
  g_assert_false (xuexin_inbox_should_notify (TRUE, 1, 1));
  g_assert_false (xuexin_inbox_should_notify (TRUE, 2, 0));
}

/* Path 3 end to end: the badge, the list, Confirm…, the plain warning,
 * confirmed; the requester verified and the older account cancelled. */
static void
test_inbox_confirm (void)
{
  g_autoptr(Person) classmate = classmate_new ("林雨桐");
  g_autoptr(Person) requester = requester_new ("陈思远");
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_name = NULL;
  GtkWidget *window;
  GtkWidget *button;
  GtkWidget *dialog;
  GtkWidget *confirm;
  GtkWidget *message;
  const char *body;

  ask (requester, classmate);

  window = xuexin_test_open_window (900, 800);
  xuexin_test_sign_in_window (window, classmate->phone, PASSWORD);
  xuexin_test_wait_for (badge_shows, window, "the unread badge");
  button = xuexin_test_require_child (window, "inbox_button");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (window, "inbox_badge"))), ==, "1");
  expected_name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Inbox, %u unread request", "Inbox, %u unread requests", 1), 1);
  if (!xuexin_test_locale_is_chinese ())
    g_assert_cmpstr (expected_name, ==, "Inbox, 1 unread request");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, expected_name);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, expected_name);
  g_assert_true (gtk_widget_get_focusable (button) || gtk_widget_get_can_focus (button));
  xuexin_test_render_settled (window, "inbox-badge");

  dialog = open_inbox (window);
  g_assert_cmpstr (first_state (dialog), ==, tr ("Waiting for your answer"));
  g_assert_nonnull (xuexin_test_find_label (dialog, "陈思远"));
  confirm = find_named (dialog, "inbox-confirm-button");
  g_assert_nonnull (confirm);
  g_assert_nonnull (find_named (dialog, "inbox-decline-button"));
  {
    g_autofree char *confirm_name = NULL;
    g_autofree char *decline_name = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    /* The app's own translation of its format. */
    confirm_name = g_strdup_printf (tr ("Confirm %s’s request…"), "陈思远");
    decline_name = g_strdup_printf (tr ("Decline %s’s request"), "陈思远");
#pragma GCC diagnostic pop

    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (confirm), GTK_ACCESSIBLE_PROPERTY_LABEL, confirm_name);
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (find_named (dialog, "inbox-decline-button")),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, decline_name);
  }
  /* Keyboard users start on the question to answer. */
  xuexin_test_assert_focus_in (confirm);
  xuexin_test_expect_focus (confirm);
  xuexin_test_render_png (dialog, "inbox-list");
  /* Listing marked it read: the badge goes. */
  xuexin_test_wait_for (badge_hidden, window, "the badge to go");

  xuexin_test_click (confirm);
  message = xuexin_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message));
  g_assert_nonnull (strstr (body, "陈思远"));
  g_assert_nonnull (strstr (body, SCHOOL));
  g_assert_nonnull (strstr (body, "2016"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (message)), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (message)), ==, "cancel");
  xuexin_test_render_png (message, "inbox-confirm-dialog");

  /* Cancel (Escape) changes nothing. */
  gtk_window_close (GTK_WINDOW (message));
  xuexin_test_wait_for_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (first_state (dialog), ==, tr ("Waiting for your answer"));

  xuexin_test_click (find_named (dialog, "inbox-confirm-button"));
  message = xuexin_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (message), "confirm");
  gtk_window_destroy (GTK_WINDOW (message));
  xuexin_test_wait_for_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG);
  wait_for_state (dialog, tr ("Confirmed by you"));
  g_assert_null (find_named (dialog, "inbox-confirm-button"));
  g_assert_null (find_named (dialog, "inbox-decline-button"));
  xuexin_test_render_png (dialog, "inbox-confirmed");

  /* The requester's new account is verified, the older one cancelled. */
  account = get_me (requester->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_account_get_state (account), ==, XUEXIN_ACCOUNT_STATE_ACTIVE);
  g_clear_object (&account);
  account = get_me (requester->first_client, &error);
  g_assert_null (account);
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED));

  close_inbox (dialog);
  xuexin_test_sign_out_and_close (window);
}

/* Decline: no second question, the requester stays pending. */
static void
test_inbox_decline (void)
{
  g_autoptr(Person) classmate = classmate_new ("王海燕");
  g_autoptr(Person) requester = requester_new ("刘子涵");
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *dialog;

  ask (requester, classmate);
  window = xuexin_test_open_window (900, 800);
  xuexin_test_sign_in_window (window, classmate->phone, PASSWORD);
  xuexin_test_wait_for (badge_shows, window, "the unread badge");
  /* Ctrl+I's action, as the keyboard user opens it. */
  gtk_widget_activate_action (window, "win.show-inbox", NULL);
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_INBOX_DIALOG);
  xuexin_test_wait_for (inbox_loaded, dialog, "the inbox list");

  xuexin_test_click (find_named (dialog, "inbox-decline-button"));
  wait_for_state (dialog, tr ("Declined by you"));
  g_assert_null (xuexin_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_null (find_named (dialog, "inbox-confirm-button"));

  account = get_me (requester->client, &error);
  g_assert_no_error (error);
  g_assert_true (xuexin_account_is_pending (account));

  close_inbox (dialog);
  xuexin_test_sign_out_and_close (window);
}

/* A request that expires while the inbox is open: Confirm is refused
 * (410) in words, announced, and the list then shows it expired with
 * no buttons. */
static void
test_inbox_expired (void)
{
  g_autoptr(Person) classmate = classmate_new ("赵文博");
  g_autoptr(Person) requester = requester_new ("孙嘉怡");
  GtkWidget *window;
  GtkWidget *dialog;
  GtkWidget *message;
  GtkWidget *error_label;

  ask (requester, classmate);
  /* B's session is an hour younger than the request, so it outlives
   * the request's 7 days by that hour. */
  xuexin_test_service_skip_seconds (service, 3600);
  window = xuexin_test_open_window (900, 800);
  xuexin_test_sign_in_window (window, classmate->phone, PASSWORD);
  dialog = open_inbox (window);
  g_assert_cmpstr (first_state (dialog), ==, tr ("Waiting for your answer"));

  /* Sessions also end after 2 h unused: the week passes an hour at a
   * time, with the window's session used in between. */
  for (guint hour = 0; hour < 7 * 24 - 1; hour++)
    {
      g_autoptr(XuexinAccount) me = NULL;

      xuexin_test_service_skip_seconds (service, 3600);
      me = get_me (xuexin_window_get_client (XUEXIN_WINDOW (window)), NULL);
      g_assert_nonnull (me);
    }
  xuexin_test_service_skip_seconds (service, 60);
  xuexin_test_click (find_named (dialog, "inbox-confirm-button"));
  message = xuexin_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (message), "confirm");
  gtk_window_destroy (GTK_WINDOW (message));
  xuexin_test_wait_for_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG);
  wait_for_state (dialog, tr ("Expired without an answer"));
  error_label = xuexin_test_require_child (dialog, "inbox_error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "7"));
  xuexin_test_assert_alert (error_label, gtk_label_get_label (GTK_LABEL (error_label)));
  g_assert_null (find_named (dialog, "inbox-confirm-button"));
  g_assert_null (find_named (dialog, "inbox-decline-button"));
  xuexin_test_expect_alert_of (dialog, "inbox_error_label");
  xuexin_test_render_png (dialog, "inbox-expired");

  close_inbox (dialog);
  xuexin_test_sign_out_and_close (window);
}

/* A request arriving while B is signed in: the count goes up at the
 * next poll (hiding and showing the window pauses and resumes polling,
 * with a poll right away), a notification goes to the desktop, and its
 * default action opens the inbox and withdraws it. */
static void
test_inbox_notification (void)
{
  g_autoptr(Person) classmate = classmate_new ("何静怡");
  g_autoptr(Person) requester = requester_new ("马俊杰");
  GtkWidget *window;
  GtkWidget *dialog;
  guint notified = xuexin_test_notifications_sent ();
  guint closed;
  guint counts;
  gint64 shown_at;

  window = xuexin_test_open_window (900, 800);
  xuexin_test_sign_in_window (window, classmate->phone, PASSWORD);
  xuexin_test_service_sync (service, xuexin_window_get_client (XUEXIN_WINDOW (window)));
  xuexin_test_iterate (100);
  g_assert_false (badge_shows (window));

  ask (requester, classmate);
  /* Hidden: polling stops (nobody sees the badge). */
  gtk_widget_set_visible (window, FALSE);
  counts = xuexin_test_service_count_requests (service, "GET", "/me/inbox/count");
  xuexin_test_iterate (200);
  g_assert_cmpuint (xuexin_test_service_count_requests (service, "GET", "/me/inbox/count"), ==, counts);
  g_assert_cmpuint (xuexin_test_notifications_sent (), ==, notified);
  g_assert_false (badge_shows (window));

  /* Shown again: counted at once; it went up, so the desktop is told. */
  shown_at = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (window));
  xuexin_test_notifications_wait_sent (notified);
  /* Right away, not at the next 30 s tick. */
  g_assert_cmpint (g_get_monotonic_time () - shown_at, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpstr (xuexin_test_notifications_summary (), ==, tr ("A classmate asks for your help"));
  g_assert_nonnull (strstr (xuexin_test_notifications_body (), "1"));
  g_assert_true (g_strv_contains (xuexin_test_notifications_actions (), "default"));
  xuexin_test_wait_for (badge_shows, window, "the unread badge");

  /* Clicking it: the inbox opens and the notification goes. */
  closed = xuexin_test_notifications_closed ();
  xuexin_test_notifications_click ("default");
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_INBOX_DIALOG);
  xuexin_test_wait_for (inbox_loaded, dialog, "the inbox list");
  g_assert_nonnull (xuexin_test_find_label (dialog, "马俊杰"));
  xuexin_test_notifications_wait_closed (closed);

  close_inbox (dialog);
  xuexin_test_sign_out_and_close (window);
}

/* The classmate's own client answers the pending request of @requester. */
static void
confirm_by_library (XuexinClient *classmate_client,
                    const char   *requester_name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) requests = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = -1;

  xuexin_client_get_inbox_async (classmate_client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "GET /me/inbox");
  requests = xuexin_client_get_inbox_finish (classmate_client, result, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (requests); i++)
    {
      g_autoptr(XuexinAssistanceRequest) request = g_list_model_get_item (requests, i);

      if (g_strcmp0 (xuexin_assistance_request_get_requester_name (request), requester_name) == 0)
        id = xuexin_assistance_request_get_id (request);
    }
  g_assert_cmpint (id, >=, 0);

  g_clear_object (&result);
  xuexin_client_answer_assistance_async (classmate_client, id, TRUE, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "POST /me/inbox/{id}/confirm");
  g_clear_object (&requests);
  {
    g_autoptr(XuexinAssistanceRequest) answered = xuexin_client_answer_assistance_finish (classmate_client, result, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (xuexin_assistance_request_get_state (answered), ==, XUEXIN_ASSISTANCE_STATE_CONFIRMED);
  }
}

/* A fourth confirmation within a year is refused (429): the dialog
 * says when confirming is possible again, the request stays open. */
static void
test_inbox_rate_limited (void)
{
  g_autoptr(Person) classmate = classmate_new ("钱梦瑶");
  g_autoptr(XuexinClient) classmate_client = xuexin_test_service_sign_in (service, classmate->phone, PASSWORD, NULL);
  const char *names[] = { "秦一鸣", "尤嘉欣", "许晨阳" };
  g_autoptr(Person) fourth = requester_new ("何书瑶");
  GtkWidget *window;
  GtkWidget *dialog;
  GtkWidget *message;
  GtkWidget *error_label;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(Person) requester = requester_new (names[i]);

      ask (requester, classmate);
      confirm_by_library (classmate_client, names[i]);
    }
  ask (fourth, classmate);

  window = xuexin_test_open_window (900, 800);
  xuexin_test_sign_in_window (window, classmate->phone, PASSWORD);
  dialog = open_inbox (window);
  xuexin_test_click (find_named (dialog, "inbox-confirm-button"));
  message = xuexin_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (message), "confirm");
  gtk_window_destroy (GTK_WINDOW (message));
  xuexin_test_wait_for_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG);
  error_label = xuexin_test_require_child (dialog, "inbox_error_label");
  xuexin_test_wait_for ((XuexinTestCondition) gtk_widget_get_visible, error_label, "the refusal");
  xuexin_test_wait_for (inbox_loaded, dialog, "the list loaded again");
  /* The wait is about a year: said as the day it ends. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) early = g_date_time_add_days (now, 364);
    g_autoptr(GDateTime) late = g_date_time_add_days (now, 365);
    g_autofree char *early_date = g_date_time_format (early, "%Y-%m-%d");
    g_autofree char *late_date = g_date_time_format (late, "%Y-%m-%d");
    const char *text = gtk_label_get_label (GTK_LABEL (error_label));

    g_assert_true (strstr (text, early_date) != NULL || strstr (text, late_date) != NULL);
    g_assert_null (strstr (text, " h "));
  }
  xuexin_test_assert_alert (error_label, gtk_label_get_label (GTK_LABEL (error_label)));
  g_assert_cmpstr (first_state (dialog), ==, tr ("Waiting for your answer"));
  g_assert_nonnull (find_named (dialog, "inbox-confirm-button"));
  xuexin_test_expect_alert_of (dialog, "inbox_error_label");
  xuexin_test_render_png (dialog, "inbox-rate-limited");

  close_inbox (dialog);
  xuexin_test_sign_out_and_close (window);
}

/* Another classmate confirmed first while the inbox was open: Confirm
 * is refused (409) in words, and the list shows the request closed. */
static void
test_inbox_closed (void)
{
  g_autoptr(Person) classmate = classmate_new ("施雨萱");
  g_autoptr(Person) other = classmate_new ("蒋博文");
  g_autoptr(Person) requester = requester_new ("韩书涵");
  g_autoptr(XuexinClient) other_client = xuexin_test_service_sign_in (service, other->phone, PASSWORD, NULL);
  GtkWidget *window;
  GtkWidget *dialog;
  GtkWidget *message;
  GtkWidget *error_label;

  ask (requester, classmate);
  ask (requester, other);
  window = xuexin_test_open_window (900, 800);
  xuexin_test_sign_in_window (window, classmate->phone, PASSWORD);
  dialog = open_inbox (window);
  g_assert_cmpstr (first_state (dialog), ==, tr ("Waiting for your answer"));

  confirm_by_library (other_client, requester->name);
  xuexin_test_click (find_named (dialog, "inbox-confirm-button"));
  message = xuexin_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (message), "confirm");
  gtk_window_destroy (GTK_WINDOW (message));
  xuexin_test_wait_for_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG);
  wait_for_state (dialog, tr ("Closed: no answer is needed any more"));
  error_label = xuexin_test_require_child (dialog, "inbox_error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   tr ("This request was already answered or closed, so there is nothing left to do. The list now shows it as it is."));
  xuexin_test_assert_alert (error_label, gtk_label_get_label (GTK_LABEL (error_label)));
  g_assert_null (find_named (dialog, "inbox-confirm-button"));
  xuexin_test_expect_alert_of (dialog, "inbox_error_label");
  xuexin_test_render_png (dialog, "inbox-closed");

  close_inbox (dialog);
  xuexin_test_sign_out_and_close (window);
}

/* A pending account has no inbox: no button, and Ctrl+I does nothing. */
static void
test_inbox_pending_account (void)
{
  g_autoptr(Person) requester = requester_new ("周子墨");
  GtkWidget *window = xuexin_test_open_window (900, 800);
  guint counts = xuexin_test_service_count_requests (service, "GET", "/me/inbox/count");

  xuexin_test_sign_in_window (window, requester->phone, PASSWORD);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "pending_box")));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "inbox_overlay")));
  gtk_widget_activate_action (window, "win.show-inbox", NULL);
  xuexin_test_iterate (200);
  g_assert_null (xuexin_test_find_toplevel (XUEXIN_TYPE_INBOX_DIALOG));
  /* Not even polled: the service would refuse it. */
  xuexin_test_service_sync (service, requester->client);
  g_assert_cmpuint (xuexin_test_service_count_requests (service, "GET", "/me/inbox/count"), ==, counts);
  xuexin_test_sign_out_and_close (window);
}

/* The notification's default action (app.show-inbox) opens the inbox;
 * an empty inbox says so. At 360 px and in dark mode too. */
static void
test_inbox_empty_narrow (void)
{
  g_autoptr(Person) classmate = classmate_new ("吴思琪");
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkWidget *window = xuexin_test_open_window (360, 700);
  GtkWidget *dialog;

  xuexin_test_sign_in_window (window, classmate->phone, PASSWORD);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "inbox_overlay")));
  g_assert_false (badge_shows (window));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (xuexin_test_require_child (window, "inbox_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, tr ("Inbox"));
  xuexin_test_render_settled (window, "inbox-button-narrow");

  g_action_group_activate_action (G_ACTION_GROUP (xuexin_test_ui_get_application ()), "show-inbox", NULL);
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_INBOX_DIALOG);
  xuexin_test_wait_for (inbox_loaded, dialog, "the inbox list");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (dialog, "inbox_stack"))),
                   ==, "empty");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 600);
  xuexin_test_iterate (100);
  xuexin_test_render_png (dialog, "inbox-empty-narrow");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  xuexin_test_iterate (300);
  xuexin_test_render_png (dialog, "inbox-empty-dark");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
  xuexin_test_iterate (300);

  close_inbox (dialog);
  xuexin_test_sign_out_and_close (window);
}

/* Two requests at 360 px and in dark mode: the rows wrap, nothing is cut. */
static void
test_inbox_list_narrow (void)
{
  g_autoptr(Person) classmate = classmate_new ("郑浩然");
  g_autoptr(Person) first = requester_new ("冯雅琪");
  g_autoptr(Person) second = requester_new ("欧阳思远");
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkWidget *window;
  GtkWidget *dialog;

  ask (first, classmate);
  ask (second, classmate);
  window = xuexin_test_open_window (360, 700);
  xuexin_test_sign_in_window (window, classmate->phone, PASSWORD);
  xuexin_test_wait_for (badge_shows, window, "the unread badge");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (window, "inbox_badge"))), ==, "2");
  xuexin_test_render_settled (window, "inbox-badge-narrow");

  dialog = open_inbox (window);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 640);
  xuexin_test_iterate (100);
  /* Newest first. */
  g_assert_nonnull (xuexin_test_find_label (gtk_widget_get_first_child (xuexin_test_require_child (dialog, "inbox_list")),
                                            "欧阳思远"));
  xuexin_test_render_png (dialog, "inbox-list-narrow");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  xuexin_test_iterate (300);
  xuexin_test_render_png (dialog, "inbox-list-dark");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
  xuexin_test_iterate (300);

  close_inbox (dialog);
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

  xuexin_test_notifications_start ();

  g_test_add_func ("/app/inbox/should-notify", test_inbox_should_notify);
  g_test_add_func ("/app/inbox/notification", test_inbox_notification);
  g_test_add_func ("/app/inbox/confirm", test_inbox_confirm);
  g_test_add_func ("/app/inbox/decline", test_inbox_decline);
  g_test_add_func ("/app/inbox/rate-limited", test_inbox_rate_limited);
  g_test_add_func ("/app/inbox/closed", test_inbox_closed);
  g_test_add_func ("/app/inbox/pending-account", test_inbox_pending_account);
  g_test_add_func ("/app/inbox/empty-narrow", test_inbox_empty_narrow);
  g_test_add_func ("/app/inbox/list-narrow", test_inbox_list_narrow);
  /* Last: it moves the service's clock on by a week. */
  g_test_add_func ("/app/inbox/expired", test_inbox_expired);

  return xuexin_test_ui_run ();
}
