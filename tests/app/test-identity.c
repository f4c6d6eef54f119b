/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <string.h>

#include "xuexin-api.h"
#include "xuexin-client-identity.h"
#include "identity/xuexin-identity-app-page.h"
#include "xuexin-qr-code.h"
#include "xuexin-test-flow.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

/* 解决办法 (FAQ 5) driven through the real widgets against a real
 * service on loopback: a person who re-registered with a taken ID
 * number chooses a path, reads the warning, and verifies. Accounts
 * and the records registry are set up with the client library and a
 * records import. */

#define PASSWORD XUEXIN_TEST_PASSWORD

static XuexinTestService *service;

typedef struct
{
  char          *first_phone;
  char          *phone;
  char          *id_number;
  char          *student_number;
  XuexinAccount *first;
  XuexinAccount *pending;
} Person;

static void
person_free (Person *person)
{
  g_free (person->first_phone);
  g_free (person->phone);
  g_free (person->id_number);
  g_free (person->student_number);
  g_clear_object (&person->first);
  g_clear_object (&person->pending);
  g_free (person);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Person, person_free)

/* Someone with an active account, who registered again (我要重新注册),
 * and whose enrollment at 海川大学 (2016, 本科) is in the registry. */
static Person *
person_new (const char *name)
{
  Person *person = g_new0 (Person, 1);
  g_autofree char *csv = NULL;

  person->first_phone = xuexin_test_next_phone ();
  person->phone = xuexin_test_next_phone ();
  person->id_number = xuexin_test_next_id_number ();
  person->student_number = g_strdup_printf ("H2016%05u", xuexin_test_next_serial ());
  person->first = xuexin_test_service_create_account (service, person->first_phone, name, person->id_number, NULL, FALSE);
  person->pending = xuexin_test_service_create_account (service, person->phone, name, person->id_number, NULL, TRUE);
  g_assert_true (xuexin_account_is_pending (person->pending));

  csv = g_strdup_printf ("kind,id_number,name,school,level,year,number,status\n"
                         "enrollment,%s,%s,海川大学,benke,2016,%s,graduated\n",
                         person->id_number, name, person->student_number);
  xuexin_test_service_import_records (service, csv, NULL, NULL);

  return person;
}

static gboolean
chooser_loaded (gpointer user_data)
{
  GtkWidget *stack = xuexin_test_require_child (user_data, "chooser_stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "paths") == 0;
}

/* Signs the pending account in and opens 解决办法 from the account page. */
static GtkWidget *
open_chooser (Person *person,
              int     width,
              int     height)
{
  GtkWidget *window = xuexin_test_open_window (width, height);

  xuexin_test_sign_in_window (window, person->phone, PASSWORD);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "pending_box")));
  xuexin_test_click (xuexin_test_require_child (window, "verify_identity_button"));
  xuexin_test_wait_for_page (window, "XuexinIdentityChooserPage");
  xuexin_test_wait_for (chooser_loaded, window, "the ways to verify");

  return window;
}

static gboolean
is_sensitive (GtkWidget  *window,
              const char *buildable_id)
{
  return gtk_widget_is_sensitive (xuexin_test_require_child (window, buildable_id));
}

static void
choose (GtkWidget  *window,
        const char *check_id)
{
  gtk_check_button_set_active (GTK_CHECK_BUTTON (xuexin_test_require_child (window, check_id)), TRUE);
  xuexin_test_iterate (10);
}

/* The requests page lists at least one request. */
static gboolean
shows_text_of_page (GtkWidget *page)
{
  return xuexin_test_shows_text (page, "海川大学");
}

static gboolean
shows_nine_left (GtkWidget *window)
{
  return strstr (gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (window, "requests_left_label"))), "9") != NULL;
}

static char *
masked_phone (const char *phone)
{
  return g_strdup_printf ("%.3s****%s", phone, phone + 7);
}

static void
fill_records (GtkWidget  *window,
              const char *number,
              const char *year)
{
  xuexin_test_set_text (window, "school_row", "海川大学");
  xuexin_test_set_text (window, "number_row", number);
  xuexin_test_set_text (window, "year_row", year);
}

static const char *
text_of (GtkWidget  *root,
         const char *buildable_id)
{
  return gtk_editable_get_text (GTK_EDITABLE (xuexin_test_require_child (root, buildable_id)));
}

/* The first account's session was ended by the success transaction. */
static void
assert_cancelled (XuexinClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  xuexin_client_get_me_async (client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "GET /me of the cancelled account");
  account = xuexin_client_get_me_finish (client, result, &error);
  g_assert_null (account);
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED));
}

/* Path 4 end to end: the chooser, the warning naming the other account,
 * a wrong answer (nothing typed is lost, the attempts left are said),
 * the right one, success, and the account page unlocked. */
static void
test_identity_records (void)
{
  g_autoptr(Person) person = person_new ("周晓明");
  g_autoptr(XuexinClient) first_client = xuexin_test_service_sign_in (service, person->first_phone, PASSWORD, NULL);
  g_autofree char *masked = masked_phone (person->first_phone);
  GtkWidget *window = open_chooser (person, 900, 1000);
  GtkWidget *page;

  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (xuexin_test_require_child (window, "records_row"))),
                            xuexin_test_locale_is_chinese () ? "5" : "5 attempts left today"));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "in_progress_box")));
  /* Nothing chosen yet: nothing to go on with. */
  g_assert_false (is_sensitive (window, "next_button"));
  xuexin_test_render_settled (window, "identity-chooser");

  choose (window, "records_check");
  g_assert_true (is_sensitive (window, "next_button"));
  xuexin_test_click_next (window);

  /* The warning: the other account by its masked phone, the affected
   * entries, and no way on before the box is ticked. */
  page = xuexin_test_wait_for_page (window, "XuexinIdentityWarningPage");
  g_assert_true (xuexin_test_shows_text (page, masked));
  g_assert_true (xuexin_test_shows_text (page, "研招推免"));
  g_assert_true (xuexin_test_shows_text (page, "兵役登记/应征报名"));
  g_assert_false (is_sensitive (window, "next_button"));
  xuexin_test_expect_focus (xuexin_test_require_child (window, "confirm_check"));
  xuexin_test_render_settled (window, "identity-warning");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (xuexin_test_require_child (window, "confirm_check")), TRUE);
  g_assert_true (is_sensitive (window, "next_button"));
  xuexin_test_click_next (window);

  /* A wrong student number: the service does not say which part, the
   * page keeps every field and says how many attempts are left. */
  xuexin_test_wait_for_page (window, "XuexinIdentityRecordsPage");
  g_assert_false (is_sensitive (window, "next_button"));
  fill_records (window, "H00000000", "2016");
  g_assert_true (is_sensitive (window, "next_button"));
  xuexin_test_render_settled (window, "identity-records");
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page_error (window);
  g_assert_nonnull (strstr (xuexin_test_page_error_text (window), "4"));
  g_assert_cmpstr (text_of (window, "school_row"), ==, "海川大学");
  g_assert_cmpstr (text_of (window, "number_row"), ==, "H00000000");
  g_assert_cmpstr (text_of (window, "year_row"), ==, "2016");
  xuexin_test_expect_alert_of (window, "error_label");
  xuexin_test_render_settled (window, "identity-records-wrong");

  /* The right one. */
  xuexin_test_set_text (window, "number_row", person->student_number);
  xuexin_test_click_next (window);
  page = xuexin_test_wait_for_page (window, "XuexinIdentitySuccessPage");
  g_assert_true (xuexin_test_shows_text (page, xuexin_test_locale_is_chinese () ? "1" : "1 other account"));
  xuexin_test_render_settled (window, "identity-success");
  assert_cancelled (first_client);

  /* Done: the account page, active, everything unlocked. */
  xuexin_test_click_next (window);
  xuexin_test_wait_for_stack (window, "account");
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "pending_box")));
  g_assert_true (is_sensitive (window, "account_phone_button"));
  xuexin_test_sign_out_and_close (window);
}

/* A classmate of @person: an active account of their own, enrolled at
 * the same school in the same year at the same level. */
static char *
classmate_new (const char *name)
{
  char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, name, id_number, NULL, FALSE);
  g_autofree char *csv = NULL;

  csv = g_strdup_printf ("kind,id_number,name,school,level,year,number,status\n"
                         "enrollment,%s,%s,海川大学,benke,2016,H2016%05u,graduated\n",
                         id_number, name, xuexin_test_next_serial ());
  xuexin_test_service_import_records (service, csv, NULL, NULL);

  return phone;
}

/* The classmate confirms the newest request in their inbox, through the
 * client library, as the inbox dialog would. */
static void
confirm_from_inbox (const char *classmate_phone)
{
  g_autoptr(XuexinClient) client = xuexin_test_service_sign_in (service, classmate_phone, PASSWORD, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) answered = NULL;
  g_autoptr(GListModel) inbox = NULL;
  g_autoptr(XuexinAssistanceRequest) request = NULL;
  g_autoptr(XuexinAssistanceRequest) confirmed = NULL;
  g_autoptr(GError) error = NULL;
  guint unread = 0;

  xuexin_client_get_inbox_async (client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "the classmate's inbox");
  inbox = xuexin_client_get_inbox_finish (client, result, &unread, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (inbox), >=, 1);
  request = g_list_model_get_item (inbox, 0);

  xuexin_client_answer_assistance_async (client, xuexin_assistance_request_get_id (request), TRUE, NULL,
                                         xuexin_test_store_result_cb, &answered);
  xuexin_test_wait_for_result (&answered, "the confirmation");
  confirmed = xuexin_client_answer_assistance_finish (client, answered, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_assistance_request_get_state (confirmed), ==, XUEXIN_ASSISTANCE_STATE_CONFIRMED);
}

static void
go_to_path (GtkWidget  *window,
            const char *check_id,
            const char *page_type)
{
  choose (window, check_id);
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, "XuexinIdentityWarningPage");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (xuexin_test_require_child (window, "confirm_check")), TRUE);
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, page_type);
}

/* Path 3 end to end: a request the registry does not support is refused
 * without blaming one field and without losing any; the right one waits
 * on the requests page, which moves on by itself once the classmate
 * confirms from their inbox. */
static void
test_identity_classmate (void)
{
  g_autoptr(Person) person = person_new ("孙浩然");
  g_autofree char *classmate = classmate_new ("林雨桐");
  g_autoptr(XuexinClient) first_client = xuexin_test_service_sign_in (service, person->first_phone, PASSWORD, NULL);
  GtkWidget *window = open_chooser (person, 900, 1000);
  GtkWidget *page;

  go_to_path (window, "classmate_check", "XuexinIdentityClassmatePage");
  g_assert_false (is_sensitive (window, "next_button"));

  /* Not the name of the classmate's account: not_classmate. */
  xuexin_test_set_text (window, "classmate_name_row", "林雨");
  xuexin_test_set_text (window, "classmate_login_row", classmate);
  xuexin_test_set_text (window, "school_row", "海川大学");
  xuexin_test_set_text (window, "enrollment_year_row", "2016");
  g_assert_true (is_sensitive (window, "next_button"));
  xuexin_test_render_settled (window, "identity-classmate");
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page_error (window);
  g_assert_nonnull (strstr (xuexin_test_page_error_text (window),
                            xuexin_test_locale_is_chinese () ? "同学" : "classmate"));
  g_assert_cmpstr (text_of (window, "classmate_name_row"), ==, "林雨");
  g_assert_cmpstr (text_of (window, "classmate_login_row"), ==, classmate);
  g_assert_cmpstr (text_of (window, "enrollment_year_row"), ==, "2016");
  /* The attempt counted, and the page says so. */
  xuexin_test_wait_for ((XuexinTestCondition) shows_nine_left, window, "the requests left");
  xuexin_test_render_settled (window, "identity-classmate-refused");

  /* An email is not a login name the service takes: said at once. */
  xuexin_test_set_text (window, "classmate_login_row", "lin@example.com");
  g_assert_false (is_sensitive (window, "next_button"));
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "classmate_hint_label")));
  xuexin_test_set_text (window, "classmate_login_row", classmate);

  xuexin_test_set_text (window, "classmate_name_row", "林雨桐");
  xuexin_test_click_next (window);
  page = xuexin_test_wait_for_page (window, "XuexinIdentityRequestsPage");
  xuexin_test_wait_for ((XuexinTestCondition) shows_text_of_page, page, "the sent request");
  g_assert_false (is_sensitive (window, "next_button"));
  xuexin_test_render_settled (window, "identity-classmate-waiting");

  confirm_from_inbox (classmate);
  page = xuexin_test_wait_for_page (window, "XuexinIdentitySuccessPage");
  g_assert_true (xuexin_test_shows_text (page, xuexin_test_locale_is_chinese () ? "1" : "1 other account"));
  assert_cancelled (first_client);

  xuexin_test_click_next (window);
  xuexin_test_wait_for_stack (window, "account");
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "pending_box")));
  xuexin_test_sign_out_and_close (window);
}

/* A request sent earlier: the chooser names the path in progress, and
 * Continue leads back to it, the warning already accepted. */
static void
test_identity_classmate_resume (void)
{
  g_autoptr(Person) person = person_new ("钱思琪");
  g_autofree char *classmate = classmate_new ("马一鸣");
  g_autoptr(XuexinClient) client = xuexin_test_service_sign_in (service, person->phone, PASSWORD, NULL);
  XuexinAssistanceAsk ask = { "马一鸣", classmate, "海川大学", 2016, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(XuexinAssistanceRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *page;

  xuexin_client_request_assistance_async (client, &ask, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "the request");
  request = xuexin_client_request_assistance_finish (client, result, &error);
  g_assert_no_error (error);

  window = open_chooser (person, 900, 1000);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "in_progress_box")));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (xuexin_test_require_child (window, "classmate_check"))));
  xuexin_test_render_settled (window, "identity-chooser-in-progress");

  xuexin_test_click (xuexin_test_require_child (window, "in_progress_button"));
  xuexin_test_wait_for_page (window, "XuexinIdentityWarningPage");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (xuexin_test_require_child (window, "confirm_check"))));
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, "XuexinIdentityClassmatePage");
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "waiting_box")));
  xuexin_test_click (xuexin_test_require_child (window, "see_requests_button"));
  page = xuexin_test_wait_for_page (window, "XuexinIdentityRequestsPage");
  xuexin_test_wait_for ((XuexinTestCondition) shows_text_of_page, page, "the sent request");
  g_assert_true (xuexin_test_shows_text (page, "马一鸣"));

  xuexin_test_click (xuexin_test_require_child (window, "cancel_button"));
  xuexin_test_wait_for_stack (window, "account");
  xuexin_test_sign_out_and_close (window);
}

static gboolean
code_shown (gpointer user_data)
{
  XuexinQrCode *code = XUEXIN_QR_CODE (xuexin_test_require_child (user_data, "ticket_code"));

  return xuexin_qr_code_get_modules (code) > 0 && !xuexin_qr_code_get_expired (code);
}

static gboolean
page_complete (gpointer user_data)
{
  return xuexin_page_get_complete (XUEXIN_PAGE (user_data));
}

/* Path 1 from the assistant: the page opens the code dialog; the
 * simulated mobile app passes; Done on the dialog leads to success. */
static void
test_identity_app (void)
{
  g_autoptr(Person) person = person_new ("冯子墨");
  g_autoptr(XuexinClient) first_client = xuexin_test_service_sign_in (service, person->first_phone, PASSWORD, NULL);
  GtkWidget *window = open_chooser (person, 900, 1000);
  g_autofree char *qr_url = NULL;
  GtkWidget *page;
  GtkWindow *dialog;

  go_to_path (window, "app_check", "XuexinIdentityAppPage");
  page = xuexin_test_current_page (window);
  g_assert_false (is_sensitive (window, "next_button"));
  xuexin_test_expect_focus (xuexin_test_require_child (window, "show_code_button"));
  xuexin_test_render_settled (window, "identity-app");

  xuexin_test_click (xuexin_test_require_child (window, "show_code_button"));
  dialog = xuexin_identity_app_page_get_dialog (XUEXIN_IDENTITY_APP_PAGE (page));
  g_assert_nonnull (dialog);
  xuexin_test_wait_for (code_shown, dialog, "the code to scan");
  qr_url = g_strdup (xuexin_qr_code_get_text (XUEXIN_QR_CODE (xuexin_test_require_child (GTK_WIDGET (dialog), "ticket_code"))));
  xuexin_test_service_phone_scan (service, qr_url);
  xuexin_test_service_app_answer (service, qr_url, TRUE);
  xuexin_test_wait_for (page_complete, page, "the pass");

  gtk_window_close (dialog);
  page = xuexin_test_wait_for_page (window, "XuexinIdentitySuccessPage");
  g_assert_true (xuexin_test_shows_text (page, xuexin_test_locale_is_chinese () ? "1" : "1 other account"));
  assert_cancelled (first_client);
  xuexin_test_click_next (window);
  xuexin_test_wait_for_stack (window, "account");
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "pending_box")));
  xuexin_test_sign_out_and_close (window);
}

/* Five wrong answers close path 4 for the day: the page says when it
 * opens again and offers another way; the chooser greys the path out. */
static void
test_identity_records_locked (void)
{
  g_autoptr(Person) person = person_new ("吴佳怡");
  GtkWidget *window = open_chooser (person, 900, 1000);

  choose (window, "records_check");
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, "XuexinIdentityWarningPage");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (xuexin_test_require_child (window, "confirm_check")), TRUE);
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, "XuexinIdentityRecordsPage");

  fill_records (window, "H00000000", "2016");
  for (guint i = 0; i < 5; i++)
    {
      xuexin_test_click_next (window);
      xuexin_test_wait_for_page_error (window);
    }
  g_assert_nonnull (strstr (xuexin_test_page_error_text (window), "0"));
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "error_button")));

  /* Even the right answer is refused now, with the wait. */
  xuexin_test_set_text (window, "number_row", person->student_number);
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page_error (window);
  g_assert_nonnull (strstr (xuexin_test_page_error_text (window),
                            xuexin_test_locale_is_chinese () ? "小时" : " h "));
  xuexin_test_render_settled (window, "identity-records-locked");

  /* Choose Another Way: back on the chooser, path 4 greyed out. */
  xuexin_test_click (xuexin_test_require_child (window, "error_button"));
  xuexin_test_wait_for_page (window, "XuexinIdentityChooserPage");
  xuexin_test_wait_for (chooser_loaded, window, "the ways to verify");
  g_assert_false (is_sensitive (window, "records_row"));
  g_assert_true (is_sensitive (window, "classmate_row"));
  xuexin_test_render_settled (window, "identity-chooser-locked");

  xuexin_test_click (xuexin_test_require_child (window, "cancel_button"));
  xuexin_test_wait_for_stack (window, "account");
  xuexin_test_sign_out_and_close (window);
}

/* At 360 px and in dark mode, the chooser and warning still fit. */
static void
test_identity_narrow (void)
{
  g_autoptr(Person) person = person_new ("郑雨");
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkWidget *window = open_chooser (person, 360, 900);

  xuexin_test_render_settled (window, "identity-chooser-narrow");
  g_assert_cmpint (gtk_widget_get_width (xuexin_test_require_child (window, "records_row")), <=, 360);
  choose (window, "records_check");
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, "XuexinIdentityWarningPage");
  xuexin_test_render_settled (window, "identity-warning-narrow");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  xuexin_test_iterate (300);
  xuexin_test_render_settled (window, "identity-warning-dark");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
  xuexin_test_iterate (300);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (xuexin_test_require_child (window, "confirm_check")), TRUE);
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, "XuexinIdentityRecordsPage");
  xuexin_test_set_text (window, "school_row", "海川");
  xuexin_test_wait_for ((XuexinTestCondition) gtk_revealer_get_reveal_child,
                        xuexin_test_require_child (window, "suggestions_revealer"), "the school suggestions");
  xuexin_test_render_settled (window, "identity-records-narrow");

  xuexin_test_click (xuexin_test_require_child (window, "cancel_button"));
  xuexin_test_wait_for_stack (window, "account");
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

  g_test_add_func ("/app/identity/records", test_identity_records);
  g_test_add_func ("/app/identity/records-locked", test_identity_records_locked);
  g_test_add_func ("/app/identity/app", test_identity_app);
  g_test_add_func ("/app/identity/classmate", test_identity_classmate);
  g_test_add_func ("/app/identity/classmate-resume", test_identity_classmate_resume);
  g_test_add_func ("/app/identity/narrow", test_identity_narrow);

  return xuexin_test_ui_run ();
}
