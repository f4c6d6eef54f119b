/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <string.h>

#include "recovery/xuexin-recovery-flow.h"
#include "xuexin-api.h"
#include "xuexin-assistant.h"
#include "xuexin-common.h"
#include "xuexin-test-flow.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

/* Find Username (找回用户名) and Reset Password (找回密码), driven through
 * the real widgets against a real service on loopback. Accounts are set
 * up with the client library; SMS codes come from the service's memory
 * delivery backend. */

#define PASSWORD XUEXIN_TEST_PASSWORD
#define NEW_PASSWORD "Renewed!2026key"

static XuexinTestService *service;
static GHashTable *codes; /* recipient → last code, the service's */

/* Codes to one phone are at least a minute apart, whatever they are for:
 * after setting an account up, the test moves the service's clock on
 * rather than waiting. */
static void
skip_resend_interval (void)
{
  xuexin_test_service_skip_seconds (service, xuexin_test_service_get_config (service)->code_resend_interval + 1);
}

/* ----- setting accounts up with the client library ---------------------- */

static gboolean
code_arrived (gpointer user_data)
{
  return xuexin_test_service_has_code (service, user_data);
}

static void
create_account (const char *phone,
                const char *name,
                const char *id_number)
{
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, name, id_number, NULL, FALSE);

  skip_resend_interval ();
}

/* A session on "another device", to see the reset end it. */
static XuexinClient *
sign_in_elsewhere (const char *login_name,
                   const char *password)
{
  return xuexin_test_service_sign_in (service, login_name, password, NULL);
}

/* ----- driving the window ------------------------------------------------ */

static GtkWidget *
open_window (void)
{
  return xuexin_test_open_window (900, 760);
}

static const char *
text_of (GtkWidget  *root,
         const char *buildable_id)
{
  return gtk_editable_get_text (GTK_EDITABLE (xuexin_test_require_child (root, buildable_id)));
}

static gboolean
has_error_class (GtkWidget  *root,
                 const char *buildable_id)
{
  return gtk_widget_has_css_class (xuexin_test_require_child (root, buildable_id), "error");
}

/* The focus is in @buildable_id (an entry row focuses its inner text). */
static gboolean
focus_is_in (GtkWidget  *window,
             const char *buildable_id)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *row = xuexin_test_require_child (window, buildable_id);

  return focus != NULL && (focus == row || gtk_widget_is_ancestor (focus, row));
}

static GtkWidget *
start_find_username (GtkWidget  *window,
                     const char *name,
                     const char *id_number,
                     const char *screenshot)
{
  GtkWidget *page;

  xuexin_test_click (xuexin_test_require_child (window, "find_username_button"));
  page = xuexin_test_wait_for_page (window, "XuexinFindUsernameIdentityPage");
  xuexin_test_assert_focus_in (xuexin_test_require_child (page, "find_username_name_row"));
  xuexin_test_set_text (page, "find_username_name_row", name);
  xuexin_test_set_text (page, "find_username_id_number_row", id_number);
  if (screenshot != NULL)
    xuexin_test_render_settled (window, screenshot);
  xuexin_test_click_next (window);

  return page;
}

static GtkWidget *
start_reset_password (GtkWidget  *window,
                      const char *login_name,
                      const char *name,
                      const char *id_number,
                      const char *screenshot)
{
  GtkWidget *page;

  xuexin_test_click (xuexin_test_require_child (window, "reset_password_button"));
  page = xuexin_test_wait_for_page (window, "XuexinResetPasswordAccountPage");
  xuexin_test_assert_focus_in (xuexin_test_require_child (page, "reset_password_login_name_row"));
  xuexin_test_set_text (page, "reset_password_login_name_row", login_name);
  xuexin_test_set_text (page, "reset_password_name_row", name);
  xuexin_test_set_text (page, "reset_password_id_number_row", id_number);
  if (screenshot != NULL)
    xuexin_test_render_settled (window, screenshot);
  xuexin_test_click_next (window);

  return page;
}

/* A code of the right shape that is not the one sent. */
static char *
wrong_code_for (const char *phone)
{
  char *code = g_strdup (g_hash_table_lookup (codes, phone));

  code[5] = code[5] == '9' ? '0' : code[5] + 1;
  return code;
}

static gboolean
sign_in_error_shown (gpointer user_data)
{
  return gtk_widget_get_visible (xuexin_test_require_child (user_data, "sign_in_error_box"));
}

/* ----- tests ------------------------------------------------------------- */

static void
test_find_username_success (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autofree char *masked_id = xuexin_id_number_mask (id_number);
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *list;
  GtkWidget *row;
  GtkWidget *sent_label;

  create_account (phone, "欧阳晓燕", id_number);
  window = open_window ();

  g_hash_table_remove (codes, phone);
  start_find_username (window, "欧阳晓燕", id_number, "find-username-1-identity");

  /* The code went to the account's phone; the page says where, masked. */
  page = xuexin_test_wait_for_page (window, "XuexinFindUsernameCodePage");
  xuexin_test_assert_focus_in (xuexin_test_require_child (page, "find_username_code_row"));
  xuexin_test_wait_for (code_arrived, phone, "the find-username code");
  sent_label = xuexin_test_require_child (page, "find_username_sent_label");
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (sent_label)), phone));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (sent_label)), "****"));
  g_assert_false (gtk_widget_get_sensitive (xuexin_test_require_child (page, "find_username_send_code_button")));
  xuexin_test_set_text (page, "find_username_code_row", g_hash_table_lookup (codes, phone));
  xuexin_test_render_settled (window, "find-username-2-code");
  xuexin_test_click_next (window);

  /* The phone in full, the ID number masked. */
  page = xuexin_test_wait_for_page (window, "XuexinFindUsernameResultPage");
  list = xuexin_test_require_child (page, "find_username_result_list");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, phone);
  /* Nothing to type: the user starts on the first login name found. */
  xuexin_test_assert_focus_in (row);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, masked_id);
  xuexin_test_render_settled (window, "find-username-3-result");

  /* Back and on again: the used code is not sent again, the result stays. */
  gtk_widget_activate_action (xuexin_test_current_page (window), "assistant.back", NULL);
  xuexin_test_wait_for_page (window, "XuexinFindUsernameCodePage");
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, "XuexinFindUsernameResultPage");
  g_assert_null (xuexin_test_page_error_text (window));

  /* Sign In: the sign-in page with the phone filled in, ready for the password. */
  xuexin_test_click_next (window);
  xuexin_test_wait_for_stack (window, "sign-in");
  g_assert_cmpstr (text_of (window, "login_name_row"), ==, phone);
  g_assert_true (focus_is_in (window, "password_row"));
  xuexin_test_render_settled (window, "find-username-4-sign-in");

  xuexin_test_set_text (window, "password_row", PASSWORD);
  xuexin_test_click (xuexin_test_require_child (window, "sign_in_button"));
  xuexin_test_wait_for_stack (window, "account");

  gtk_widget_activate_action (window, "win.sign-out", NULL);
  xuexin_test_wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

static void
test_find_username_not_found (void)
{
  GtkWidget *window = open_window ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autofree char *bad_id_number = g_strdup (id_number);
  GtkWidget *page;
  GtkWidget *error_button;

  /* The same inline checks as registration: a wrong check digit is named
   * once all 18 characters are there, and Next stays off. */
  xuexin_test_click (xuexin_test_require_child (window, "find_username_button"));
  page = xuexin_test_wait_for_page (window, "XuexinFindUsernameIdentityPage");
  bad_id_number[17] = bad_id_number[17] == '0' ? '1' : '0';
  xuexin_test_set_text (page, "find_username_name_row", "林志玲");
  xuexin_test_set_text (page, "find_username_id_number_row", bad_id_number);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (page, "find_username_hint_label")));
  g_assert_true (has_error_class (page, "find_username_id_number_row"));
  g_assert_false (gtk_widget_get_sensitive (xuexin_test_require_child (window, "next_button")));
  xuexin_test_render_settled (window, "find-username-invalid-id-number");

  /* Nobody registered with this name and ID number. */
  xuexin_test_set_text (page, "find_username_id_number_row", id_number);
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (page, "find_username_hint_label")));
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page_error (window);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (xuexin_test_current_page (window)), ==, "XuexinFindUsernameIdentityPage");
  g_assert_cmpstr (xuexin_test_page_error_text (window), !=, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_NOT_FOUND));
  error_button = xuexin_test_require_child (window, "error_button");
  g_assert_true (gtk_widget_get_visible (error_button));
  /* Nothing typed is lost. */
  g_assert_cmpstr (text_of (page, "find_username_name_row"), ==, "林志玲");
  g_assert_cmpstr (text_of (page, "find_username_id_number_row"), ==, id_number);
  xuexin_test_render_settled (window, "find-username-not-found");

  /* The remedy: register. */
  xuexin_test_click (error_button);
  xuexin_test_wait_for_page (window, "XuexinRegisterPhonePage");

  gtk_widget_activate_action (xuexin_test_current_page (window), "assistant.cancel", NULL);
  xuexin_test_wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

static void
test_find_username_wrong_code (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autofree char *wrong_code = NULL;
  GtkWidget *window;
  GtkWidget *page;

  create_account (phone, "马丽", id_number);
  window = open_window ();

  g_hash_table_remove (codes, phone);
  start_find_username (window, "马丽", id_number, NULL);
  page = xuexin_test_wait_for_page (window, "XuexinFindUsernameCodePage");
  xuexin_test_wait_for (code_arrived, phone, "the find-username code");
  wrong_code = wrong_code_for (phone);
  xuexin_test_set_text (page, "find_username_code_row", wrong_code);
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page_error (window);

  g_assert_cmpstr (G_OBJECT_TYPE_NAME (xuexin_test_current_page (window)), ==, "XuexinFindUsernameCodePage");
  g_assert_cmpstr (xuexin_test_page_error_text (window), ==, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_SMS_CODE_INVALID));
  g_assert_cmpstr (text_of (page, "find_username_code_row"), ==, wrong_code);
  g_assert_true (has_error_class (page, "find_username_code_row"));

  /* The right code still works (a wrong entry only counts against it). */
  xuexin_test_set_text (page, "find_username_code_row", g_hash_table_lookup (codes, phone));
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, "XuexinFindUsernameResultPage");

  gtk_widget_activate_action (xuexin_test_current_page (window), "assistant.cancel", NULL);
  xuexin_test_wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

static void
test_reset_password_success (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinClient) elsewhere = NULL;
  g_autoptr(GAsyncResult) me_result = NULL;
  g_autoptr(XuexinAccount) me = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *label;

  create_account (phone, "诸葛明", id_number);
  elsewhere = sign_in_elsewhere (phone, PASSWORD);
  window = open_window ();

  g_hash_table_remove (codes, phone);
  start_reset_password (window, phone, "诸葛明", id_number, "reset-password-1-account");

  page = xuexin_test_wait_for_page (window, "XuexinResetPasswordPasswordPage");
  /* The code just sent is what the user types first. */
  xuexin_test_assert_focus_in (xuexin_test_require_child (page, "reset_password_code_row"));
  xuexin_test_wait_for (code_arrived, phone, "the reset-password code");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (page, "reset_password_sent_label"))),
                            "****"));
  xuexin_test_set_text (page, "reset_password_code_row", g_hash_table_lookup (codes, phone));
  xuexin_test_set_text (page, "reset_password_password_row", NEW_PASSWORD);
  xuexin_test_set_text (page, "reset_password_confirmation_row", NEW_PASSWORD);
  g_assert_cmpfloat (gtk_level_bar_get_value (GTK_LEVEL_BAR (xuexin_test_require_child (page, "reset_password_strength_bar"))), >, 0);
  xuexin_test_render_settled (window, "reset-password-2-password");
  xuexin_test_click_next (window);

  xuexin_test_wait_for_page (window, "XuexinResetPasswordDonePage");
  /* Its one action, Sign In; not the help row. */
  xuexin_test_assert_focus_in (xuexin_test_require_child (window, "next_button"));
  xuexin_test_render_settled (window, "reset-password-3-done");

  /* The other device was signed out. */
  xuexin_client_get_me_async (elsewhere, NULL, xuexin_test_store_result_cb, &me_result);
  xuexin_test_wait_for_result (&me_result, "the other device's account");
  me = xuexin_client_get_me_finish (elsewhere, me_result, &error);
  g_assert_null (me);
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED));

  xuexin_test_click_next (window);
  xuexin_test_wait_for_stack (window, "sign-in");
  g_assert_cmpstr (text_of (window, "login_name_row"), ==, phone);
  g_assert_cmpstr (text_of (window, "password_row"), ==, "");
  g_assert_true (focus_is_in (window, "password_row"));

  /* The old password no longer works… */
  label = xuexin_test_require_child (window, "sign_in_error_label");
  xuexin_test_set_text (window, "password_row", PASSWORD);
  xuexin_test_click (xuexin_test_require_child (window, "sign_in_button"));
  xuexin_test_wait_for (sign_in_error_shown, window, "the sign-in error");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==,
                   xuexin_error_code_get_message (XUEXIN_ERROR_CODE_INVALID_CREDENTIALS));
  xuexin_test_render_settled (window, "reset-password-4-old-password");

  /* …the new one does. */
  xuexin_test_set_text (window, "password_row", NEW_PASSWORD);
  xuexin_test_click (xuexin_test_require_child (window, "sign_in_button"));
  xuexin_test_wait_for_stack (window, "account");

  gtk_widget_activate_action (window, "win.sign-out", NULL);
  xuexin_test_wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

static void
test_reset_password_not_found (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *error_button;

  create_account (phone, "司马光", id_number);
  window = open_window ();

  /* The right login name and ID number with another name. */
  page = start_reset_password (window, phone, "司马迁", id_number, NULL);
  xuexin_test_wait_for_page_error (window);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (xuexin_test_current_page (window)), ==, "XuexinResetPasswordAccountPage");
  g_assert_cmpstr (xuexin_test_page_error_text (window), !=, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_NOT_FOUND));
  error_button = xuexin_test_require_child (window, "error_button");
  g_assert_true (gtk_widget_get_visible (error_button));
  g_assert_cmpstr (text_of (page, "reset_password_login_name_row"), ==, phone);
  g_assert_cmpstr (text_of (page, "reset_password_name_row"), ==, "司马迁");
  g_assert_cmpstr (text_of (page, "reset_password_id_number_row"), ==, id_number);
  xuexin_test_render_settled (window, "reset-password-not-found");

  /* The remedy: find the login names of the name and ID number. */
  xuexin_test_click (error_button);
  xuexin_test_wait_for_page (window, "XuexinFindUsernameIdentityPage");

  gtk_widget_activate_action (xuexin_test_current_page (window), "assistant.cancel", NULL);
  xuexin_test_wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

static void
test_reset_password_wrong_code (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autofree char *wrong_code = NULL;
  GtkWidget *window;
  GtkWidget *page;
  guint code_requests;

  create_account (phone, "上官婉儿", id_number);
  window = open_window ();

  /* The ID number is a login name too. */
  g_hash_table_remove (codes, phone);
  start_reset_password (window, id_number, "上官婉儿", id_number, NULL);
  page = xuexin_test_wait_for_page (window, "XuexinResetPasswordPasswordPage");
  xuexin_test_wait_for (code_arrived, phone, "the reset-password code");
  wrong_code = wrong_code_for (phone);
  xuexin_test_set_text (page, "reset_password_code_row", wrong_code);
  xuexin_test_set_text (page, "reset_password_password_row", NEW_PASSWORD);
  xuexin_test_set_text (page, "reset_password_confirmation_row", NEW_PASSWORD);
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page_error (window);

  /* On the code's page, every field as typed. */
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (xuexin_test_current_page (window)), ==, "XuexinResetPasswordPasswordPage");
  g_assert_cmpstr (xuexin_test_page_error_text (window), ==, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_SMS_CODE_INVALID));
  g_assert_true (has_error_class (page, "reset_password_code_row"));
  /* An alert; the code row has the focus and is tied to it. */
  xuexin_test_assert_alert (xuexin_test_require_child (window, "error_label"),
                            xuexin_error_code_get_message (XUEXIN_ERROR_CODE_SMS_CODE_INVALID));
  xuexin_test_assert_field_error (xuexin_test_require_child (page, "reset_password_code_row"),
                                  xuexin_test_require_child (window, "error_label"));
  xuexin_test_assert_focus_in (xuexin_test_require_child (page, "reset_password_code_row"));
  g_assert_cmpstr (text_of (page, "reset_password_code_row"), ==, wrong_code);
  g_assert_cmpstr (text_of (page, "reset_password_password_row"), ==, NEW_PASSWORD);
  g_assert_cmpstr (text_of (page, "reset_password_confirmation_row"), ==, NEW_PASSWORD);
  xuexin_test_render_settled (window, "reset-password-wrong-code");

  /* Back to the first page: what was typed there is kept too, and going
   * on again does not ask for another code this soon. */
  g_hash_table_remove (codes, phone);
  gtk_widget_activate_action (xuexin_test_current_page (window), "assistant.back", NULL);
  page = xuexin_test_wait_for_page (window, "XuexinResetPasswordAccountPage");
  g_assert_cmpstr (text_of (page, "reset_password_login_name_row"), ==, id_number);
  g_assert_cmpstr (text_of (page, "reset_password_name_row"), ==, "上官婉儿");
  g_assert_cmpstr (text_of (page, "reset_password_id_number_row"), ==, id_number);
  code_requests = xuexin_test_service_count_requests (service, "POST", "/sms-codes");
  xuexin_test_click_next (window);
  page = xuexin_test_wait_for_page (window, "XuexinResetPasswordPasswordPage");
  xuexin_test_service_sync (service, xuexin_window_get_client (XUEXIN_WINDOW (window)));
  g_assert_cmpuint (xuexin_test_service_count_requests (service, "POST", "/sms-codes"), ==, code_requests);
  g_assert_false (g_hash_table_contains (codes, phone));
  g_assert_cmpstr (xuexin_test_page_error_text (window), ==, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_SMS_CODE_INVALID));
  g_assert_cmpstr (text_of (page, "reset_password_code_row"), ==, wrong_code);

  gtk_widget_activate_action (xuexin_test_current_page (window), "assistant.cancel", NULL);
  xuexin_test_wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

static void
test_reset_password_narrow (void)
{
  GtkWidget *window = xuexin_test_open_window (360, 700);
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  GtkWidget *page;

  create_account (phone, "欧阳娜娜", id_number);

  /* Nothing overflows a phone-sized window, errors and all. */
  page = start_reset_password (window, phone, "欧阳", id_number, NULL);
  xuexin_test_wait_for_page_error (window);
  g_assert_cmpint (gtk_widget_get_width (window), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (xuexin_test_require_child (page, "reset_password_login_name_row")), <,
                   gtk_widget_get_width (window));
  xuexin_test_render_settled (window, "reset-password-narrow-account");

  g_hash_table_remove (codes, phone);
  xuexin_test_set_text (page, "reset_password_name_row", "欧阳娜娜");
  xuexin_test_click_next (window);
  page = xuexin_test_wait_for_page (window, "XuexinResetPasswordPasswordPage");
  xuexin_test_wait_for (code_arrived, phone, "the reset-password code");
  xuexin_test_set_text (page, "reset_password_password_row", "short");
  xuexin_test_set_text (page, "reset_password_confirmation_row", "sh");
  g_assert_true (has_error_class (page, "reset_password_password_row"));
  g_assert_false (gtk_widget_get_sensitive (xuexin_test_require_child (window, "next_button")));
  xuexin_test_render_settled (window, "reset-password-narrow-password");
  g_assert_cmpint (gtk_widget_get_width (window), <=, 360);

  gtk_widget_activate_action (xuexin_test_current_page (window), "assistant.cancel", NULL);
  xuexin_test_wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

static void
test_recovery_flows_finalize (void)
{
  g_autoptr(XuexinClient) client = xuexin_test_service_new_client (service);
  GtkWidget *flow;

  flow = g_object_ref_sink (GTK_WIDGET (xuexin_recovery_flow_new_find_username (client)));
  g_assert_finalize_object (flow);

  flow = g_object_ref_sink (GTK_WIDGET (xuexin_recovery_flow_new_reset_password (client)));
  g_assert_finalize_object (flow);
}

int
main (int   argc,
      char *argv[])
{
  service = xuexin_test_ui_init_with_service (&argc, &argv);
  codes = xuexin_test_service_get_codes (service);

  g_test_add_func ("/app/recovery/finalize", test_recovery_flows_finalize);
  g_test_add_func ("/app/find-username/success", test_find_username_success);
  g_test_add_func ("/app/find-username/not-found", test_find_username_not_found);
  g_test_add_func ("/app/find-username/wrong-code", test_find_username_wrong_code);
  g_test_add_func ("/app/reset-password/success", test_reset_password_success);
  g_test_add_func ("/app/reset-password/not-found", test_reset_password_not_found);
  g_test_add_func ("/app/reset-password/wrong-code", test_reset_password_wrong_code);
  g_test_add_func ("/app/reset-password/narrow", test_reset_password_narrow);

  return xuexin_test_ui_run ();
}
