/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "xuexin-account-page.h"
#include "xuexin-api.h"
#include "xuexin-common.h"
#include "xuexin-email-dialog.h"
#include "xuexin-phone-dialog.h"
#include "xuexin-provider-bind-dialog.h"
#include "xuexin-qr-code.h"
#include "xuexin-qr-sign-in-dialog.h"
#include "xuexin-test-flow.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

/* Account management (账号管理), driven through the real widgets against a
 * real service on loopback: the security email, the phone number,
 * WeChat binding (the test plays the phone over HTTP against the
 * simulated provider), the FAQ 7 binding block, student records and a
 * pending account. Accounts are set up with the client library; codes
 * come from the service's memory delivery backend. */

#define PASSWORD XUEXIN_TEST_PASSWORD

static XuexinTestService *service;

/* ----- setting accounts up ---------------------------------------------- */

/* 学籍 and 学历 records for @id_number, as a registry import would add. */
static void
import_records (const char *id_number,
                const char *name)
{
  g_autofree char *csv = NULL;
  guint number = xuexin_test_next_serial ();
  guint enrollments = 0;
  guint degrees = 0;

  csv = g_strdup_printf ("kind,id_number,name,school,level,year,number,status\n"
                         "enrollment,%s,%s,海川大学,benke,2013,2013%05u,graduated\n"
                         "degree,%s,%s,海川大学,benke,2017,10486120170500%04u,\n"
                         "enrollment,%s,%s,江城理工大学,master,2017,M2017%04u,enrolled\n",
                         id_number, name, number, id_number, name, number, id_number, name, number);
  xuexin_test_service_import_records (service, csv, &enrollments, &degrees);
  g_assert_cmpuint (enrollments, ==, 2);
  g_assert_cmpuint (degrees, ==, 1);
}

/* ----- driving the window ------------------------------------------------ */

static gboolean
providers_loaded (gpointer user_data)
{
  GtkWidget *window = user_data;

  return gtk_widget_get_visible (xuexin_test_require_child (window, "account_wechat_bind_button")) ||
         gtk_widget_get_visible (xuexin_test_require_child (window, "account_wechat_unbind_button"));
}

static gboolean
records_loaded (gpointer user_data)
{
  GtkWidget *stack = xuexin_test_require_child (user_data, "account_records_stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "loading") != 0 &&
         !gtk_stack_get_transition_running (GTK_STACK (stack));
}

/* Signs in through the sign-in page, as a person would. */
static GtkWidget *
open_signed_in_sized (const char *login_name,
                      int         width,
                      int         height)
{
  GtkWidget *window = xuexin_test_open_window (width, height);

  xuexin_test_set_text (window, "login_name_row", login_name);
  xuexin_test_set_text (window, "password_row", PASSWORD);
  xuexin_test_click (xuexin_test_require_child (window, "sign_in_button"));
  xuexin_test_wait_for_stack (window, "account");
  xuexin_test_wait_for (records_loaded, window, "the records");

  return window;
}

static GtkWidget *
open_signed_in (const char *login_name)
{
  GtkWidget *window = open_signed_in_sized (login_name, 900, 1000);

  xuexin_test_wait_for (providers_loaded, window, "the WeChat and Alipay rows");
  return window;
}

static const char *
text_of (GtkWidget  *root,
         const char *buildable_id)
{
  return gtk_editable_get_text (GTK_EDITABLE (xuexin_test_require_child (root, buildable_id)));
}

static const char *
subtitle_of (GtkWidget  *root,
             const char *buildable_id)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (xuexin_test_require_child (root, buildable_id)));
}

static gboolean
has_error_class (GtkWidget  *root,
                 const char *buildable_id)
{
  return gtk_widget_has_css_class (xuexin_test_require_child (root, buildable_id), "error");
}

typedef struct
{
  GtkWidget  *root;
  const char *buildable_id;
} WidgetWait;

static gboolean
widget_visible (gpointer user_data)
{
  WidgetWait *wait = user_data;

  return gtk_widget_get_visible (xuexin_test_require_child (wait->root, wait->buildable_id));
}

static void
wait_until_visible (GtkWidget  *root,
                    const char *buildable_id)
{
  WidgetWait wait = { root, buildable_id };

  xuexin_test_wait_for (widget_visible, &wait, buildable_id);
}

static gboolean
action_enabled (GtkWidget  *widget,
                const char *buildable_id)
{
  /* A button whose action is off is insensitive. */
  return gtk_widget_is_sensitive (xuexin_test_require_child (widget, buildable_id));
}

/* Shows the end of the account page, which is taller than the window. */
static void
scroll_to_end (GtkWidget *window)
{
  GtkWidget *page = xuexin_test_require_child (window, "account_page");
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_first_child (page));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  xuexin_test_iterate (100);
}

/* Sends a code from a dialog and fills it in once it arrives. */
static void
send_and_enter_code (GtkWidget  *dialog,
                     const char *button_id,
                     const char *code_row_id,
                     const char *recipient)
{
  xuexin_test_service_forget_code (service, recipient);
  xuexin_test_click (xuexin_test_require_child (dialog, button_id));
  xuexin_test_set_text (dialog, code_row_id, xuexin_test_service_wait_for_code (service, recipient));
}

/* ----- tests ------------------------------------------------------------- */

/* An active account whose ID number has records (FAQ 4), in light and
 * dark, wide and narrow. */
static void
test_account_active_records (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, "黄晓丽", id_number, NULL, FALSE);
  g_autofree char *masked = xuexin_phone_mask (phone);
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkWidget *window;
  GtkWidget *list;
  guint rows = 0;

  import_records (id_number, "黄晓丽");
  window = open_signed_in (phone);

  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (window, "greeting_label"))), "黄晓丽"));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "pending_box")));
  g_assert_true (gtk_widget_is_sensitive (xuexin_test_require_child (window, "account_phone_row")));
  g_assert_true (gtk_widget_is_sensitive (xuexin_test_require_child (window, "account_wechat_row")));
  g_assert_cmpstr (subtitle_of (window, "account_phone_row"), ==, masked);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "account_wechat_bind_button")));
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "account_alipay_bind_button")));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "account_bind_blocked_row")));

  /* Both enrollment records and the degree, with the level's label. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (window, "account_records_stack"))), ==, "list");
  list = xuexin_test_require_child (window, "account_records_list");
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (ADW_IS_ACTION_ROW (row))
        rows++;
    }
  g_assert_cmpuint (rows, ==, 3);
  {
    AdwActionRow *first = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
    AdwActionRow *degree = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 2));
    const char *label = xuexin_education_level_get_label (XUEXIN_EDUCATION_LEVEL_BENKE);

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "海川大学");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (first), label));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (first), "2013"));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (degree), "10486120170500"));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (degree), "2017"));
  }
  xuexin_test_render_png (window, "account-active");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  xuexin_test_iterate (300);
  xuexin_test_render_png (window, "account-active-dark");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
  xuexin_test_iterate (300);

  xuexin_test_sign_out_and_close (window);

  /* 360 px: everything still fits, nothing is cut off sideways. */
  window = open_signed_in_sized (phone, 360, 900);
  xuexin_test_wait_for (providers_loaded, window, "the WeChat and Alipay rows");
  g_assert_cmpint (gtk_widget_get_width (xuexin_test_require_child (window, "account_security_group")), <=, 360);
  xuexin_test_render_png (window, "account-narrow");
  scroll_to_end (window);
  xuexin_test_render_png (window, "account-narrow-end");
  xuexin_test_sign_out_and_close (window);
}

static void
test_account_bind_email (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *other_phone = xuexin_test_next_phone ();
  g_autofree char *used_email = xuexin_test_next_email ();
  g_autofree char *fresh_email = xuexin_test_next_email ();
  g_autofree char *other_id = xuexin_test_next_id_number ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) other = xuexin_test_service_create_account (service, other_phone, "钱多多", other_id, used_email, FALSE);
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, "孙小美", id_number, NULL, FALSE);
  GtkWidget *window = open_signed_in (phone);
  GtkWidget *dialog;

  /* Registered without an email (FAQ 8): the row offers to bind one. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (window, "account_records_stack"))), ==, "empty");
  /* As a keyboard user opens it: the focus is on the button. */
  gtk_widget_grab_focus (xuexin_test_require_child (window, "account_email_button"));
  xuexin_test_click (xuexin_test_require_child (window, "account_email_button"));
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_EMAIL_DIALOG);
  g_assert_false (action_enabled (dialog, "email_dialog_apply_button"));
  g_assert_false (action_enabled (dialog, "email_dialog_send_code_button"));
  /* The user came to type an address, not to cancel. */
  xuexin_test_assert_focus_in (xuexin_test_require_child (dialog, "email_dialog_address_row"));
  xuexin_test_render_png (dialog, "account-email-dialog");

  /* "bad@" is not judged while typed; once the user moves on, Send Code
   * is not off without a word: a hint (no alert) tied to the field. */
  xuexin_test_set_text (dialog, "email_dialog_address_row", "bad@");
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (dialog, "email_dialog_hint_label")));
  gtk_widget_grab_focus (xuexin_test_require_child (dialog, "email_dialog_code_row"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (dialog, "email_dialog_hint_label"))), ==,
                   _("Enter a complete email address, such as name@example.com."));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (xuexin_test_require_child (dialog, "email_dialog_hint_label"))),
                   ==, GTK_ACCESSIBLE_ROLE_LABEL);
  xuexin_test_assert_field_error (xuexin_test_require_child (dialog, "email_dialog_address_row"),
                                  xuexin_test_require_child (dialog, "email_dialog_hint_label"));
  g_assert_false (action_enabled (dialog, "email_dialog_send_code_button"));
  xuexin_test_render_png (dialog, "account-email-incomplete");

  /* An address another account registered with: refused when the code
   * is asked for; the address stays to be corrected. */
  xuexin_test_set_text (dialog, "email_dialog_address_row", used_email);
  xuexin_test_click (xuexin_test_require_child (dialog, "email_dialog_send_code_button"));
  wait_until_visible (dialog, "email_dialog_error_box");
  g_assert_true (has_error_class (dialog, "email_dialog_address_row"));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (dialog, "email_dialog_hint_label")));
  /* An alert, tied to the address, which has the focus. */
  xuexin_test_assert_alert (xuexin_test_require_child (dialog, "email_dialog_error_label"),
                            _("This email address has been used on the site before, by a registration or a binding, so it cannot be bound again. Use an address that has never been used here."));
  xuexin_test_assert_field_error (xuexin_test_require_child (dialog, "email_dialog_address_row"),
                                  xuexin_test_require_child (dialog, "email_dialog_error_label"));
  xuexin_test_assert_focus_in (xuexin_test_require_child (dialog, "email_dialog_address_row"));
  g_assert_cmpstr (text_of (dialog, "email_dialog_address_row"), ==, used_email);
  g_assert_false (xuexin_test_service_has_code (service, used_email));
  xuexin_test_expect_alert_of (dialog, "email_dialog_error_label");
  xuexin_test_render_png (dialog, "account-email-used");

  /* A fresh address: a wrong code first, then the right one. */
  xuexin_test_set_text (dialog, "email_dialog_address_row", fresh_email);
  g_assert_false (has_error_class (dialog, "email_dialog_address_row"));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (dialog, "email_dialog_error_box")));
  send_and_enter_code (dialog, "email_dialog_send_code_button", "email_dialog_code_row", fresh_email);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (dialog, "email_dialog_sent_label")));
  {
    g_autofree char *right = g_strdup (text_of (dialog, "email_dialog_code_row"));
    g_autofree char *wrong = g_strdup_printf ("%06u", (guint) (g_ascii_strtoull (right, NULL, 10) + 1) % 1000000);

    xuexin_test_set_text (dialog, "email_dialog_code_row", wrong);
    xuexin_test_click (xuexin_test_require_child (dialog, "email_dialog_apply_button"));
    wait_until_visible (dialog, "email_dialog_error_box");
    g_assert_true (has_error_class (dialog, "email_dialog_code_row"));
    xuexin_test_assert_focus_in (xuexin_test_require_child (dialog, "email_dialog_code_row"));
    xuexin_test_assert_field_ok (xuexin_test_require_child (dialog, "email_dialog_address_row"));
    g_assert_cmpstr (text_of (dialog, "email_dialog_address_row"), ==, fresh_email);
    xuexin_test_expect_alert_of (dialog, "email_dialog_error_label");
    xuexin_test_render_png (dialog, "account-email-wrong-code");

    xuexin_test_set_text (dialog, "email_dialog_code_row", right);
  }
  xuexin_test_render_png (dialog, "account-email-filled");
  xuexin_test_click (xuexin_test_require_child (dialog, "email_dialog_apply_button"));
  xuexin_test_wait_for_toplevel_gone (XUEXIN_TYPE_EMAIL_DIALOG);
  /* Back where the user opened it. */
  xuexin_test_assert_focus_in (xuexin_test_require_child (window, "account_email_button"));

  /* The page shows the account the service answered with. */
  g_assert_cmpstr (subtitle_of (window, "account_email_row"), ==, fresh_email);
  g_assert_cmpstr (xuexin_account_get_email (xuexin_account_page_get_account (XUEXIN_ACCOUNT_PAGE (xuexin_test_require_child (window, "account_page")))),
                   ==, fresh_email);

  /* Changing it again offers Change and says what is bound now. */
  xuexin_test_click (xuexin_test_require_child (window, "account_email_button"));
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_EMAIL_DIALOG);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (dialog, "email_dialog_intro_label"))), fresh_email));
  xuexin_test_render_png (dialog, "account-email-change-dialog");
  gtk_window_close (GTK_WINDOW (dialog));
  xuexin_test_wait_for_toplevel_gone (XUEXIN_TYPE_EMAIL_DIALOG);

  xuexin_test_sign_out_and_close (window);
}

static void
test_account_change_phone (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *taken_phone = xuexin_test_next_phone ();
  g_autofree char *new_phone = xuexin_test_next_phone ();
  g_autofree char *masked = xuexin_phone_mask (new_phone);
  g_autofree char *other_id = xuexin_test_next_id_number ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) other = xuexin_test_service_create_account (service, taken_phone, "周大福", other_id, NULL, FALSE);
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, "吴敏", id_number, NULL, FALSE);
  GtkWidget *window = open_signed_in (phone);
  GtkWidget *dialog;

  xuexin_test_click (xuexin_test_require_child (window, "account_phone_button"));
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_PHONE_DIALOG);
  xuexin_test_assert_focus_in (xuexin_test_require_child (dialog, "phone_dialog_phone_row"));
  xuexin_test_render_png (dialog, "account-phone-dialog");

  /* Another live account's number (FAQ 6): refused with guidance. */
  xuexin_test_set_text (dialog, "phone_dialog_phone_row", taken_phone);
  xuexin_test_click (xuexin_test_require_child (dialog, "phone_dialog_send_code_button"));
  wait_until_visible (dialog, "phone_dialog_error_box");
  g_assert_true (has_error_class (dialog, "phone_dialog_phone_row"));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (xuexin_test_require_child (dialog, "phone_dialog_error_label"))),
                   ==, GTK_ACCESSIBLE_ROLE_ALERT);
  xuexin_test_assert_field_error (xuexin_test_require_child (dialog, "phone_dialog_phone_row"),
                                  xuexin_test_require_child (dialog, "phone_dialog_error_label"));
  xuexin_test_assert_focus_in (xuexin_test_require_child (dialog, "phone_dialog_phone_row"));
  g_assert_cmpstr (text_of (dialog, "phone_dialog_phone_row"), ==, taken_phone);
  xuexin_test_expect_alert_of (dialog, "phone_dialog_error_label");
  xuexin_test_render_png (dialog, "account-phone-taken");

  xuexin_test_set_text (dialog, "phone_dialog_phone_row", new_phone);
  send_and_enter_code (dialog, "phone_dialog_send_code_button", "phone_dialog_code_row", new_phone);
  xuexin_test_render_png (dialog, "account-phone-filled");
  xuexin_test_click (xuexin_test_require_child (dialog, "phone_dialog_apply_button"));
  xuexin_test_wait_for_toplevel_gone (XUEXIN_TYPE_PHONE_DIALOG);
  g_assert_cmpstr (subtitle_of (window, "account_phone_row"), ==, masked);

  /* The new number is the login name now. */
  xuexin_test_sign_out_and_close (window);
  window = open_signed_in (new_phone);
  g_assert_cmpstr (subtitle_of (window, "account_phone_row"), ==, masked);
  xuexin_test_sign_out_and_close (window);
}

static gboolean
qr_code_shown (gpointer user_data)
{
  XuexinQrCode *code = XUEXIN_QR_CODE (xuexin_test_require_child (user_data, "ticket_code"));

  return xuexin_qr_code_get_text (code) != NULL;
}

static gboolean
qr_code_fresh (gpointer user_data)
{
  XuexinQrCode *code = XUEXIN_QR_CODE (xuexin_test_require_child (user_data, "ticket_code"));

  return xuexin_qr_code_get_text (code) != NULL && !xuexin_qr_code_get_expired (code);
}

static gboolean
wechat_bound (gpointer user_data)
{
  return gtk_widget_get_visible (xuexin_test_require_child (user_data, "account_wechat_unbind_button"));
}

static gboolean
wechat_unbound (gpointer user_data)
{
  return gtk_widget_get_visible (xuexin_test_require_child (user_data, "account_wechat_bind_button"));
}

static gboolean
status_is_success (gpointer user_data)
{
  return gtk_widget_has_css_class (xuexin_test_require_child (user_data, "ticket_status_label"), "success");
}

/* The poll routes, as in the service's routes table. */
#define BIND_POLL_ROUTE "/me/providers/*/bind-tickets/*"
#define SIGN_IN_POLL_ROUTE "/providers/*/sign-in-tickets/*"

typedef struct
{
  const char *route;
  guint       since;   /* the service's count when we started looking */
  guint       wanted;  /* how many more polls to wait for */
} PollWait;

static guint
count_polls (const char *route)
{
  return xuexin_test_service_count_requests (service, "GET", route);
}

static gboolean
polled (gpointer user_data)
{
  PollWait *wait = user_data;

  return count_polls (wait->route) >= wait->since + wait->wanted;
}

static gboolean
held_by_test_only (gpointer user_data)
{
  return G_OBJECT (user_data)->ref_count == 1;
}

static void
test_account_bind_wechat (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *subject = g_strdup_printf ("wx-user-%u", xuexin_test_next_serial ());
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, "郑爽", id_number, NULL, FALSE);
  GtkWidget *window = open_signed_in (phone);
  GtkWidget *dialog;
  g_autofree char *qr_url = NULL;

  /* As from the keyboard: the button has the focus when it is pressed. */
  gtk_widget_grab_focus (xuexin_test_require_child (window, "account_wechat_bind_button"));
  xuexin_test_click (xuexin_test_require_child (window, "account_wechat_bind_button"));
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_PROVIDER_BIND_DIALOG);
  g_assert_cmpstr (xuexin_ticket_dialog_get_provider (XUEXIN_TICKET_DIALOG (dialog)), ==, "wechat");
  xuexin_test_wait_for (qr_code_shown, dialog, "the QR code");
  qr_url = g_strdup (xuexin_qr_code_get_text (XUEXIN_QR_CODE (xuexin_test_require_child (dialog, "ticket_code"))));
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (dialog, "ticket_countdown_label")));
  /* The named code is where the user starts, not a scroller. */
  xuexin_test_assert_focus_in (xuexin_test_require_child (dialog, "ticket_code"));
  /* What a phone's camera reads off the screen is the ticket's URL. */
  xuexin_test_assert_qr_decodes (xuexin_test_require_child (dialog, "ticket_code"), qr_url);

  /* The test's service is not the demo one; show the demo link as the
   * demo would, to see it. */
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (dialog, "ticket_demo_box")));
  xuexin_ticket_dialog_set_demo_mode (XUEXIN_TICKET_DIALOG (dialog), TRUE);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (dialog, "ticket_demo_box")));
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (xuexin_test_require_child (dialog, "ticket_demo_link"))), ==, qr_url);
  xuexin_test_render_png (dialog, "account-bind-wechat");

  /* The phone scans: the dialog says so at the next poll. */
  xuexin_test_service_phone_scan (service, qr_url);
  xuexin_test_wait_for (status_is_success, dialog, "the scanned status");
  xuexin_test_render_png (dialog, "account-bind-wechat-scanned");

  xuexin_test_service_phone_answer (service, qr_url, subject, "confirm");
  xuexin_test_wait_for_toplevel_gone (XUEXIN_TYPE_PROVIDER_BIND_DIALOG);
  xuexin_test_wait_for (wechat_bound, window, "WeChat bound");
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "account_wechat_bind_button")));
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "account_alipay_bind_button")));
  /* Bind went away with the binding: its Unbind takes the focus. */
  xuexin_test_assert_focus_in (xuexin_test_require_child (window, "account_wechat_unbind_button"));
  xuexin_test_render_png (window, "account-wechat-bound");

  /* Unbinding asks first; Cancel changes nothing. */
  xuexin_test_click (xuexin_test_require_child (window, "account_wechat_unbind_button"));
  dialog = xuexin_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  xuexin_test_render_png (dialog, "account-unbind-dialog");
  /* Escape: the close response. */
  {
    guint unbinds = xuexin_test_service_count_requests (service, "DELETE", "/me/providers/*");

    gtk_window_close (GTK_WINDOW (dialog));
    xuexin_test_wait_for_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG);
    xuexin_test_service_sync (service, xuexin_window_get_client (XUEXIN_WINDOW (window)));
    g_assert_cmpuint (xuexin_test_service_count_requests (service, "DELETE", "/me/providers/*"), ==, unbinds);
  }
  g_assert_true (wechat_bound (window));

  xuexin_test_click (xuexin_test_require_child (window, "account_wechat_unbind_button"));
  dialog = xuexin_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  /* What the response button does: respond, then go away. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "unbind");
  gtk_window_destroy (GTK_WINDOW (dialog));
  xuexin_test_wait_for_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG);
  xuexin_test_wait_for (wechat_unbound, window, "WeChat unbound");
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "account_wechat_unbind_button")));

  /* A code nobody confirms expires; Refresh asks for a new one. */
  xuexin_test_click (xuexin_test_require_child (window, "account_alipay_bind_button"));
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_PROVIDER_BIND_DIALOG);
  xuexin_test_wait_for (qr_code_shown, dialog, "the QR code");
  g_clear_pointer (&qr_url, g_free);
  qr_url = g_strdup (xuexin_qr_code_get_text (XUEXIN_QR_CODE (xuexin_test_require_child (dialog, "ticket_code"))));
  xuexin_test_service_skip_seconds (service, xuexin_test_service_get_config (service)->provider_ticket_ttl + 1);
  wait_until_visible (dialog, "ticket_refresh_button");
  g_assert_true (xuexin_qr_code_get_expired (XUEXIN_QR_CODE (xuexin_test_require_child (dialog, "ticket_code"))));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (dialog, "ticket_countdown_label")));
  xuexin_test_render_png (dialog, "account-bind-expired");
  xuexin_test_click (xuexin_test_require_child (dialog, "ticket_refresh_button"));
  xuexin_test_wait_for (qr_code_fresh, dialog, "a new QR code");
  g_assert_cmpstr (xuexin_qr_code_get_text (XUEXIN_QR_CODE (xuexin_test_require_child (dialog, "ticket_code"))), !=, qr_url);
  gtk_window_close (GTK_WINDOW (dialog));
  xuexin_test_wait_for_toplevel_gone (XUEXIN_TYPE_PROVIDER_BIND_DIALOG);

  /* Closing a bind dialog at once cancels its requests and timers, even
   * while something still holds it (here the test): no poll goes out
   * afterwards. A QR sign-in dialog left open is the clock: it polls the
   * other route at the same interval, so three of its polls after the
   * close span two intervals, in which the closed dialog would have
   * polled at least once. */
  {
    g_autoptr(XuexinClient) anonymous = xuexin_test_service_new_client (service);
    GtkWidget *clock = GTK_WIDGET (xuexin_qr_sign_in_dialog_new (NULL, anonymous, XUEXIN_PROVIDER_WECHAT, FALSE));
    PollWait bind_poll = { BIND_POLL_ROUTE, 0, 1 };
    PollWait clock_polls = { SIGN_IN_POLL_ROUTE, 0, 3 };
    guint polls_at_close;

    gtk_window_present (GTK_WINDOW (clock));
    xuexin_test_click (xuexin_test_require_child (window, "account_alipay_bind_button"));
    dialog = g_object_ref (xuexin_test_wait_for_toplevel (XUEXIN_TYPE_PROVIDER_BIND_DIALOG));
    xuexin_test_wait_for (qr_code_shown, dialog, "the QR code");

    /* Right after a poll went out, so the next one is due a whole
     * interval later. */
    bind_poll.since = count_polls (BIND_POLL_ROUTE);
    xuexin_test_wait_for (polled, &bind_poll, "the bind dialog to poll");
    gtk_window_close (GTK_WINDOW (dialog));
    xuexin_test_wait_for_toplevel_gone (XUEXIN_TYPE_PROVIDER_BIND_DIALOG);
    polls_at_close = count_polls (BIND_POLL_ROUTE);

    clock_polls.since = count_polls (SIGN_IN_POLL_ROUTE);
    xuexin_test_wait_for (polled, &clock_polls, "three polls of the dialog left open");
    g_assert_cmpuint (count_polls (BIND_POLL_ROUTE), ==, polls_at_close);
    g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "account_alipay_bind_button")));

    /* Nothing of it is left to run. */
    xuexin_test_wait_for (held_by_test_only, dialog, "the cancelled requests to let go of the dialog");
    g_assert_null (g_main_context_find_source_by_user_data (NULL, dialog));
    g_assert_finalize_object (dialog);
    xuexin_test_close_window (clock);
  }

  xuexin_test_sign_out_and_close (window);
}

/* FAQ 7: after a sign-in lock, binding WeChat or Alipay is blocked for
 * 2 hours; the page says until when, and so does the dialog. */
static void
test_account_bind_blocked (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, "冯程程", id_number, NULL, FALSE);
  g_autoptr(XuexinClient) client = xuexin_test_service_new_client (service);
  gboolean locked = FALSE;
  GtkWidget *window;
  GtkWidget *dialog;

  for (guint attempt = 0; attempt < 10 && !locked; attempt++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(XuexinAccount) signed_in = NULL;
      g_autoptr(GError) error = NULL;

      xuexin_client_sign_in_async (client, phone, "wrong-password-1", NULL, xuexin_test_store_result_cb, &result);
      xuexin_test_wait_for_result (&result, "a failed sign-in");
      signed_in = xuexin_client_sign_in_finish (client, result, &error);
      g_assert_null (signed_in);
      locked = xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED);
    }
  g_assert_true (locked);

  /* The lock (at most 15 min) passes; the binding block stays. */
  xuexin_test_service_skip_seconds (service, xuexin_test_service_get_config (service)->sign_in_wait_max + 1);
  window = open_signed_in (phone);

  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "account_bind_blocked_row")));
  g_assert_false (action_enabled (window, "account_wechat_bind_button"));
  g_assert_false (action_enabled (window, "account_alipay_bind_button"));
  /* Everything else stays available. */
  g_assert_true (action_enabled (window, "account_email_button"));
  g_assert_true (action_enabled (window, "account_phone_button"));
  xuexin_test_render_png (window, "account-bind-blocked");

  /* A dialog opened anyway (say, just before the block) explains it. */
  dialog = GTK_WIDGET (xuexin_provider_bind_dialog_new (GTK_WINDOW (window),
                                                        xuexin_window_get_client (XUEXIN_WINDOW (window)),
                                                        XUEXIN_PROVIDER_ALIPAY, FALSE));
  gtk_window_present (GTK_WINDOW (dialog));
  wait_until_visible (dialog, "ticket_error_box");
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (dialog, "provider_bind_help_button")));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (dialog, "ticket_refresh_button")));
  xuexin_test_render_png (dialog, "account-bind-dialog-blocked");
  gtk_window_close (GTK_WINDOW (dialog));
  xuexin_test_wait_for_toplevel_gone (XUEXIN_TYPE_PROVIDER_BIND_DIALOG);

  xuexin_test_sign_out_and_close (window);
}

/* 我要重新注册: the pending account sees the four paths, security is off
 * with the reason, and records wait for verification. */
static void
test_account_pending (void)
{
  static const char *security_rows[] = {
    "account_phone_row", "account_email_row", "account_wechat_row", "account_alipay_row",
  };
  g_autofree char *first_phone = xuexin_test_next_phone ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) first = xuexin_test_service_create_account (service, first_phone, "陈晨", id_number, NULL, FALSE);
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, "陈晨", id_number, NULL, TRUE);
  GtkWidget *window;

  g_assert_true (xuexin_account_is_pending (account));
  import_records (id_number, "陈晨");

  window = open_signed_in_sized (phone, 900, 1000);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "pending_box")));
  for (guint i = 0; i < G_N_ELEMENTS (security_rows); i++)
    g_assert_false (gtk_widget_is_sensitive (xuexin_test_require_child (window, security_rows[i])));
  g_assert_false (gtk_widget_is_sensitive (xuexin_test_require_child (window, "account_email_button")));
  g_assert_false (gtk_widget_is_sensitive (xuexin_test_require_child (window, "account_phone_button")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (window, "account_records_stack"))), ==, "pending");

  /* The actions refuse too, not only the buttons. */
  gtk_widget_activate_action (xuexin_test_require_child (window, "account_page"), "account.change-email", NULL);
  g_assert_null (xuexin_test_find_toplevel (XUEXIN_TYPE_EMAIL_DIALOG));

  xuexin_test_render_png (window, "account-pending");
  scroll_to_end (window);
  xuexin_test_render_png (window, "account-pending-end");
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

  g_test_add_func ("/app/account/active-records", test_account_active_records);
  g_test_add_func ("/app/account/bind-email", test_account_bind_email);
  g_test_add_func ("/app/account/change-phone", test_account_change_phone);
  g_test_add_func ("/app/account/pending", test_account_pending);
  /* Last: these move the service's clock on. */
  g_test_add_func ("/app/account/bind-wechat", test_account_bind_wechat);
  g_test_add_func ("/app/account/bind-blocked", test_account_bind_blocked);

  return xuexin_test_ui_run ();
}
