/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <sodium.h>
#include <string.h>

#include "xuexin-account-page.h"
#include "xuexin-api.h"
#include "xuexin-application.h"
#include "xuexin-common.h"
#include "xuexin-email-dialog.h"
#include "xuexin-phone-dialog.h"
#include "xuexin-provider-bind-dialog.h"
#include "xuexin-qr-code.h"
#include "xuexin-qr-sign-in-dialog.h"
#include "xuexin-service.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

/* Account management (账号管理), driven through the real widgets against a
 * real service on loopback: the security email, the phone number,
 * WeChat binding (the test plays the phone over HTTP against the
 * simulated provider), the FAQ 7 binding block, student records and a
 * pending account. Accounts are set up with the client library; codes
 * come from the service's memory delivery backend. */

#define PASSWORD "Xuexin#2026pass"

static XuexinServiceConfig *service_config;
static XuexinService *service;
static XuexinApplication *application;
static SoupSession *phone_session;
static GHashTable *codes; /* recipient → last code */
static guint serial;
static gint clock_offset; /* seconds the service's clock runs ahead */

static void
delivered_cb (const XuexinDeliveredMessage *message,
              gpointer                      user_data)
{
  g_hash_table_replace (codes, g_strdup (message->recipient), g_strdup (message->code));
}

static gint64
service_clock (gpointer user_data)
{
  return g_get_real_time () + (gint64) g_atomic_int_get (&clock_offset) * G_USEC_PER_SEC;
}

static void
skip_seconds (guint seconds)
{
  g_atomic_int_add (&clock_offset, (gint) seconds);
}

static char *
next_phone (void)
{
  return g_strdup_printf ("1370000%04u", ++serial);
}

static char *
next_id_number (void)
{
  g_autofree char *first17 = g_strdup_printf ("44030419950606%03u", ++serial % 1000);

  return g_strdup_printf ("%s%c", first17, xuexin_id_number_compute_check_digit (first17));
}

static char *
next_email (void)
{
  return g_strdup_printf ("student%u@example.edu.cn", ++serial);
}

/* ----- setting accounts up with the client library ---------------------- */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_arrived (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

static gboolean
code_arrived (gpointer user_data)
{
  return g_hash_table_contains (codes, user_data);
}

static XuexinClient *
new_client (void)
{
  return xuexin_client_new (xuexin_service_get_base_url (service));
}

static XuexinAccount *
create_account (const char *phone,
                const char *name,
                const char *id_number,
                const char *email,
                gboolean    reregister)
{
  g_autoptr(XuexinClient) client = new_client ();
  g_autoptr(GAsyncResult) sent = NULL;
  g_autoptr(GAsyncResult) registered = NULL;
  g_autoptr(GError) error = NULL;
  XuexinRegistrationRequest request = { 0, };
  XuexinAccount *account;

  g_hash_table_remove (codes, phone);
  xuexin_client_send_register_code_async (client, phone, NULL, store_result_cb, &sent);
  xuexin_test_wait_for (result_arrived, &sent, "the registration code request");
  g_assert_true (xuexin_client_send_register_code_finish (client, sent, NULL, NULL, &error));
  g_assert_no_error (error);
  xuexin_test_wait_for (code_arrived, (gpointer) phone, "the registration code");

  request.phone = phone;
  request.sms_code = g_hash_table_lookup (codes, phone);
  request.password = PASSWORD;
  request.password_confirmation = PASSWORD;
  request.name = name;
  request.id_number = id_number;
  request.email = email;
  request.reregister = reregister;
  xuexin_client_register_async (client, &request, NULL, store_result_cb, &registered);
  xuexin_test_wait_for (result_arrived, &registered, "the registration");
  account = xuexin_client_register_finish (client, registered, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);

  return account;
}

/* 学籍 and 学历 records for @id_number, as a registry import would add. */
static void
import_records (const char *id_number,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("XDG_DATA_HOME"), "records.csv", NULL);
  g_autofree char *csv = NULL;
  guint enrollments = 0;
  guint degrees = 0;

  csv = g_strdup_printf ("kind,id_number,name,school,level,year,number,status\n"
                         "enrollment,%s,%s,海川大学,benke,2013,2013%05u,graduated\n"
                         "degree,%s,%s,海川大学,benke,2017,10486120170500%04u,\n"
                         "enrollment,%s,%s,江城理工大学,master,2017,M2017%04u,enrolled\n",
                         id_number, name, serial, id_number, name, serial, id_number, name, serial);
  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  g_assert_no_error (error);
  g_assert_true (xuexin_service_import_records (service_config, path, &enrollments, &degrees, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (enrollments, ==, 2);
  g_assert_cmpuint (degrees, ==, 1);
  g_unlink (path);
}

/* ----- the simulated phone ----------------------------------------------- */

static char *
qr_url_state (const char *qr_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (qr_url, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_autoptr(GHashTable) query = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (g_uri_get_query (uri));
  query = soup_form_decode (g_uri_get_query (uri));
  g_assert_true (g_hash_table_contains (query, "state"));

  return g_strdup (g_hash_table_lookup (query, "state"));
}

/* Opening the QR URL is what scanning does. */
static void
phone_scan (const char *qr_url)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", qr_url);
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GError) error = NULL;

  page = soup_session_send_and_read (phone_session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}

static void
phone_confirm (const char *qr_url,
               const char *subject)
{
  g_autofree char *state = qr_url_state (qr_url);
  g_autofree char *page_url = g_strndup (qr_url, strcspn (qr_url, "?"));
  char *form = soup_form_encode ("state", state, "subject", subject, "action", "confirm", NULL);
  g_autoptr(SoupMessage) message = soup_message_new_from_encoded_form ("POST", page_url, form);
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GError) error = NULL;

  page = soup_session_send_and_read (phone_session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}

/* ----- driving the window ------------------------------------------------ */

static gboolean
service_available (gpointer user_data)
{
  GtkWidget *page = xuexin_test_require_child (user_data, "sign_in_page");
  gboolean available = FALSE;

  g_object_get (page, "service-available", &available, NULL);
  return available;
}

static GtkWidget *
open_window_sized (int width,
                   int height)
{
  GtkWidget *window = GTK_WIDGET (xuexin_window_new (application));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  xuexin_test_wait_until_mapped (window);
  xuexin_test_wait_for (service_available, window, "the service connection");

  return window;
}

static const char *
visible_page_name (GtkWidget *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (window, "main_stack")));
}

typedef struct
{
  GtkWidget  *window;
  const char *name;
} StackWait;

static gboolean
stack_shows (gpointer user_data)
{
  StackWait *wait = user_data;

  return g_strcmp0 (visible_page_name (wait->window), wait->name) == 0 &&
         !gtk_stack_get_transition_running (GTK_STACK (xuexin_test_require_child (wait->window, "main_stack")));
}

static void
wait_for_stack (GtkWidget  *window,
                const char *name)
{
  StackWait wait = { window, name };

  xuexin_test_wait_for (stack_shows, &wait, name);
}

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
  GtkWidget *window = open_window_sized (width, height);

  xuexin_test_set_text (window, "login_name_row", login_name);
  xuexin_test_set_text (window, "password_row", PASSWORD);
  xuexin_test_click (xuexin_test_require_child (window, "sign_in_button"));
  wait_for_stack (window, "account");
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

static void
sign_out_and_close (GtkWidget *window)
{
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

static GtkWidget *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
        return l->data;
    }

  return NULL;
}

static gboolean
toplevel_shown (gpointer user_data)
{
  GtkWidget *window = find_toplevel ((GType) GPOINTER_TO_SIZE (user_data));

  return window != NULL && gtk_widget_get_mapped (window);
}

static gboolean
toplevel_gone (gpointer user_data)
{
  return find_toplevel ((GType) GPOINTER_TO_SIZE (user_data)) == NULL;
}

static GtkWidget *
wait_for_toplevel (GType type)
{
  xuexin_test_wait_for (toplevel_shown, GSIZE_TO_POINTER (type), g_type_name (type));
  return find_toplevel (type);
}

static void
wait_for_toplevel_gone (GType type)
{
  xuexin_test_wait_for (toplevel_gone, GSIZE_TO_POINTER (type), g_type_name (type));
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
  g_hash_table_remove (codes, recipient);
  xuexin_test_click (xuexin_test_require_child (dialog, button_id));
  xuexin_test_wait_for (code_arrived, (gpointer) recipient, "the code");
  xuexin_test_set_text (dialog, code_row_id, g_hash_table_lookup (codes, recipient));
}

/* ----- tests ------------------------------------------------------------- */

/* An active account whose ID number has records (FAQ 4), in light and
 * dark, wide and narrow. */
static void
test_account_active_records (void)
{
  g_autofree char *phone = next_phone ();
  g_autofree char *id_number = next_id_number ();
  g_autoptr(XuexinAccount) account = create_account (phone, "黄晓丽", id_number, NULL, FALSE);
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

  sign_out_and_close (window);

  /* 360 px: everything still fits, nothing is cut off sideways. */
  window = open_signed_in_sized (phone, 360, 900);
  xuexin_test_wait_for (providers_loaded, window, "the WeChat and Alipay rows");
  g_assert_cmpint (gtk_widget_get_width (xuexin_test_require_child (window, "account_security_group")), <=, 360);
  xuexin_test_render_png (window, "account-narrow");
  scroll_to_end (window);
  xuexin_test_render_png (window, "account-narrow-end");
  sign_out_and_close (window);
}

static void
test_account_bind_email (void)
{
  g_autofree char *phone = next_phone ();
  g_autofree char *other_phone = next_phone ();
  g_autofree char *used_email = next_email ();
  g_autofree char *fresh_email = next_email ();
  g_autofree char *other_id = next_id_number ();
  g_autofree char *id_number = next_id_number ();
  g_autoptr(XuexinAccount) other = create_account (other_phone, "钱多多", other_id, used_email, FALSE);
  g_autoptr(XuexinAccount) account = create_account (phone, "孙小美", id_number, NULL, FALSE);
  GtkWidget *window = open_signed_in (phone);
  GtkWidget *dialog;

  /* Registered without an email (FAQ 8): the row offers to bind one. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (window, "account_records_stack"))), ==, "empty");
  xuexin_test_click (xuexin_test_require_child (window, "account_email_button"));
  dialog = wait_for_toplevel (XUEXIN_TYPE_EMAIL_DIALOG);
  g_assert_false (action_enabled (dialog, "email_dialog_apply_button"));
  g_assert_false (action_enabled (dialog, "email_dialog_send_code_button"));
  xuexin_test_render_png (dialog, "account-email-dialog");

  /* An address another account registered with: refused when the code
   * is asked for; the address stays to be corrected. */
  xuexin_test_set_text (dialog, "email_dialog_address_row", used_email);
  xuexin_test_click (xuexin_test_require_child (dialog, "email_dialog_send_code_button"));
  wait_until_visible (dialog, "email_dialog_error_box");
  g_assert_true (has_error_class (dialog, "email_dialog_address_row"));
  g_assert_cmpstr (text_of (dialog, "email_dialog_address_row"), ==, used_email);
  g_assert_false (g_hash_table_contains (codes, used_email));
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
    g_assert_cmpstr (text_of (dialog, "email_dialog_address_row"), ==, fresh_email);
    xuexin_test_render_png (dialog, "account-email-wrong-code");

    xuexin_test_set_text (dialog, "email_dialog_code_row", right);
  }
  xuexin_test_render_png (dialog, "account-email-filled");
  xuexin_test_click (xuexin_test_require_child (dialog, "email_dialog_apply_button"));
  wait_for_toplevel_gone (XUEXIN_TYPE_EMAIL_DIALOG);

  /* The page shows the account the service answered with. */
  g_assert_cmpstr (subtitle_of (window, "account_email_row"), ==, fresh_email);
  g_assert_cmpstr (xuexin_account_get_email (xuexin_account_page_get_account (XUEXIN_ACCOUNT_PAGE (xuexin_test_require_child (window, "account_page")))),
                   ==, fresh_email);

  /* Changing it again offers Change and says what is bound now. */
  xuexin_test_click (xuexin_test_require_child (window, "account_email_button"));
  dialog = wait_for_toplevel (XUEXIN_TYPE_EMAIL_DIALOG);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (dialog, "email_dialog_intro_label"))), fresh_email));
  xuexin_test_render_png (dialog, "account-email-change-dialog");
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_toplevel_gone (XUEXIN_TYPE_EMAIL_DIALOG);

  sign_out_and_close (window);
}

static void
test_account_change_phone (void)
{
  g_autofree char *phone = next_phone ();
  g_autofree char *taken_phone = next_phone ();
  g_autofree char *new_phone = next_phone ();
  g_autofree char *masked = xuexin_phone_mask (new_phone);
  g_autofree char *other_id = next_id_number ();
  g_autofree char *id_number = next_id_number ();
  g_autoptr(XuexinAccount) other = create_account (taken_phone, "周大福", other_id, NULL, FALSE);
  g_autoptr(XuexinAccount) account = create_account (phone, "吴敏", id_number, NULL, FALSE);
  GtkWidget *window = open_signed_in (phone);
  GtkWidget *dialog;

  xuexin_test_click (xuexin_test_require_child (window, "account_phone_button"));
  dialog = wait_for_toplevel (XUEXIN_TYPE_PHONE_DIALOG);
  xuexin_test_render_png (dialog, "account-phone-dialog");

  /* Another live account's number (FAQ 6): refused with guidance. */
  xuexin_test_set_text (dialog, "phone_dialog_phone_row", taken_phone);
  xuexin_test_click (xuexin_test_require_child (dialog, "phone_dialog_send_code_button"));
  wait_until_visible (dialog, "phone_dialog_error_box");
  g_assert_true (has_error_class (dialog, "phone_dialog_phone_row"));
  g_assert_cmpstr (text_of (dialog, "phone_dialog_phone_row"), ==, taken_phone);
  xuexin_test_render_png (dialog, "account-phone-taken");

  xuexin_test_set_text (dialog, "phone_dialog_phone_row", new_phone);
  send_and_enter_code (dialog, "phone_dialog_send_code_button", "phone_dialog_code_row", new_phone);
  xuexin_test_render_png (dialog, "account-phone-filled");
  xuexin_test_click (xuexin_test_require_child (dialog, "phone_dialog_apply_button"));
  wait_for_toplevel_gone (XUEXIN_TYPE_PHONE_DIALOG);
  g_assert_cmpstr (subtitle_of (window, "account_phone_row"), ==, masked);

  /* The new number is the login name now. */
  sign_out_and_close (window);
  window = open_signed_in (new_phone);
  g_assert_cmpstr (subtitle_of (window, "account_phone_row"), ==, masked);
  sign_out_and_close (window);
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
  return xuexin_service_count_requests (service, "GET", route);
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
  g_autofree char *phone = next_phone ();
  g_autofree char *subject = g_strdup_printf ("wx-user-%u", ++serial);
  g_autofree char *id_number = next_id_number ();
  g_autoptr(XuexinAccount) account = create_account (phone, "郑爽", id_number, NULL, FALSE);
  GtkWidget *window = open_signed_in (phone);
  GtkWidget *dialog;
  g_autofree char *qr_url = NULL;

  xuexin_test_click (xuexin_test_require_child (window, "account_wechat_bind_button"));
  dialog = wait_for_toplevel (XUEXIN_TYPE_PROVIDER_BIND_DIALOG);
  g_assert_cmpstr (xuexin_ticket_dialog_get_provider (XUEXIN_TICKET_DIALOG (dialog)), ==, "wechat");
  xuexin_test_wait_for (qr_code_shown, dialog, "the QR code");
  qr_url = g_strdup (xuexin_qr_code_get_text (XUEXIN_QR_CODE (xuexin_test_require_child (dialog, "ticket_code"))));
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (dialog, "ticket_countdown_label")));

  /* The test's service is not the demo one; show the demo link as the
   * demo would, to see it. */
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (dialog, "ticket_demo_box")));
  xuexin_ticket_dialog_set_demo_mode (XUEXIN_TICKET_DIALOG (dialog), TRUE);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (dialog, "ticket_demo_box")));
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (xuexin_test_require_child (dialog, "ticket_demo_link"))), ==, qr_url);
  xuexin_test_render_png (dialog, "account-bind-wechat");

  /* The phone scans: the dialog says so at the next poll. */
  phone_scan (qr_url);
  xuexin_test_wait_for (status_is_success, dialog, "the scanned status");
  xuexin_test_render_png (dialog, "account-bind-wechat-scanned");

  phone_confirm (qr_url, subject);
  wait_for_toplevel_gone (XUEXIN_TYPE_PROVIDER_BIND_DIALOG);
  xuexin_test_wait_for (wechat_bound, window, "WeChat bound");
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "account_wechat_bind_button")));
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "account_alipay_bind_button")));
  xuexin_test_render_png (window, "account-wechat-bound");

  /* Unbinding asks first; Cancel changes nothing. */
  xuexin_test_click (xuexin_test_require_child (window, "account_wechat_unbind_button"));
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  xuexin_test_render_png (dialog, "account-unbind-dialog");
  /* Escape: the close response. */
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG);
  xuexin_test_iterate (300);
  g_assert_true (wechat_bound (window));

  xuexin_test_click (xuexin_test_require_child (window, "account_wechat_unbind_button"));
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  /* What the response button does: respond, then go away. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "unbind");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG);
  xuexin_test_wait_for (wechat_unbound, window, "WeChat unbound");
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "account_wechat_unbind_button")));

  /* A code nobody confirms expires; Refresh asks for a new one. */
  xuexin_test_click (xuexin_test_require_child (window, "account_alipay_bind_button"));
  dialog = wait_for_toplevel (XUEXIN_TYPE_PROVIDER_BIND_DIALOG);
  xuexin_test_wait_for (qr_code_shown, dialog, "the QR code");
  g_clear_pointer (&qr_url, g_free);
  qr_url = g_strdup (xuexin_qr_code_get_text (XUEXIN_QR_CODE (xuexin_test_require_child (dialog, "ticket_code"))));
  skip_seconds (service_config->provider_ticket_ttl + 1);
  wait_until_visible (dialog, "ticket_refresh_button");
  g_assert_true (xuexin_qr_code_get_expired (XUEXIN_QR_CODE (xuexin_test_require_child (dialog, "ticket_code"))));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (dialog, "ticket_countdown_label")));
  xuexin_test_render_png (dialog, "account-bind-expired");
  xuexin_test_click (xuexin_test_require_child (dialog, "ticket_refresh_button"));
  xuexin_test_wait_for (qr_code_fresh, dialog, "a new QR code");
  g_assert_cmpstr (xuexin_qr_code_get_text (XUEXIN_QR_CODE (xuexin_test_require_child (dialog, "ticket_code"))), !=, qr_url);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_toplevel_gone (XUEXIN_TYPE_PROVIDER_BIND_DIALOG);

  /* Closing a bind dialog at once cancels its requests and timers, even
   * while something still holds it (here the test): no poll goes out
   * afterwards. A QR sign-in dialog left open is the clock: it polls the
   * other route at the same interval, so three of its polls after the
   * close span two intervals, in which the closed dialog would have
   * polled at least once. */
  {
    g_autoptr(XuexinClient) anonymous = new_client ();
    GtkWidget *clock = GTK_WIDGET (xuexin_qr_sign_in_dialog_new (NULL, anonymous, XUEXIN_PROVIDER_WECHAT, FALSE));
    PollWait bind_poll = { BIND_POLL_ROUTE, 0, 1 };
    PollWait clock_polls = { SIGN_IN_POLL_ROUTE, 0, 3 };
    guint polls_at_close;

    gtk_window_present (GTK_WINDOW (clock));
    xuexin_test_click (xuexin_test_require_child (window, "account_alipay_bind_button"));
    dialog = g_object_ref (wait_for_toplevel (XUEXIN_TYPE_PROVIDER_BIND_DIALOG));
    xuexin_test_wait_for (qr_code_shown, dialog, "the QR code");

    /* Right after a poll went out, so the next one is due a whole
     * interval later. */
    bind_poll.since = count_polls (BIND_POLL_ROUTE);
    xuexin_test_wait_for (polled, &bind_poll, "the bind dialog to poll");
    gtk_window_close (GTK_WINDOW (dialog));
    wait_for_toplevel_gone (XUEXIN_TYPE_PROVIDER_BIND_DIALOG);
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

  sign_out_and_close (window);
}

/* FAQ 7: after a sign-in lock, binding WeChat or Alipay is blocked for
 * 2 hours; the page says until when, and so does the dialog. */
static void
test_account_bind_blocked (void)
{
  g_autofree char *phone = next_phone ();
  g_autofree char *id_number = next_id_number ();
  g_autoptr(XuexinAccount) account = create_account (phone, "冯程程", id_number, NULL, FALSE);
  g_autoptr(XuexinClient) client = new_client ();
  gboolean locked = FALSE;
  GtkWidget *window;
  GtkWidget *dialog;

  for (guint attempt = 0; attempt < 10 && !locked; attempt++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(XuexinAccount) signed_in = NULL;
      g_autoptr(GError) error = NULL;

      xuexin_client_sign_in_async (client, phone, "wrong-password-1", NULL, store_result_cb, &result);
      xuexin_test_wait_for (result_arrived, &result, "a failed sign-in");
      signed_in = xuexin_client_sign_in_finish (client, result, &error);
      g_assert_null (signed_in);
      locked = xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED);
    }
  g_assert_true (locked);

  /* The lock (at most 15 min) passes; the binding block stays. */
  skip_seconds (service_config->sign_in_wait_max + 1);
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
  wait_for_toplevel_gone (XUEXIN_TYPE_PROVIDER_BIND_DIALOG);

  sign_out_and_close (window);
}

/* 我要重新注册: the pending account sees the four paths, security is off
 * with the reason, and records wait for verification. */
static void
test_account_pending (void)
{
  static const char *security_rows[] = {
    "account_phone_row", "account_email_row", "account_wechat_row", "account_alipay_row",
  };
  g_autofree char *first_phone = next_phone ();
  g_autofree char *phone = next_phone ();
  g_autofree char *id_number = next_id_number ();
  g_autoptr(XuexinAccount) first = create_account (first_phone, "陈晨", id_number, NULL, FALSE);
  g_autoptr(XuexinAccount) account = create_account (phone, "陈晨", id_number, NULL, TRUE);
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
  xuexin_test_iterate (200);
  g_assert_null (find_toplevel (XUEXIN_TYPE_EMAIL_DIALOG));

  xuexin_test_render_png (window, "account-pending");
  scroll_to_end (window);
  xuexin_test_render_png (window, "account-pending-end");
  sign_out_and_close (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  xuexin_test_use_temporary_home ();
  setlocale (LC_ALL, "");
  xuexin_application_setup_gettext ();
  g_test_init (&argc, &argv, NULL);
  xuexin_test_ignore_known_warnings ();
  g_assert_cmpint (sodium_init (), >=, 0);

  codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  data_dir = g_build_filename (g_getenv ("XDG_DATA_HOME"), "server", NULL);

  service_config = xuexin_service_config_new ();
  service_config->port = 0;
  xuexin_service_config_set_string (&service_config->data_dir, data_dir);
  service_config->delivery = XUEXIN_DELIVERY_MEMORY;
  service_config->delivery_func = delivered_cb;
  service_config->delivery_context = g_main_context_default ();
  service_config->clock_func = service_clock;
  service_config->pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  service_config->pwhash_memlimit = 8 * 1024 * 1024;
  /* Every test shares the loopback IP: don't let the per-IP limits of
   * one test decide another's. */
  service_config->code_daily_limit_per_ip = 1000;
  service_config->sign_in_ip_free_failures = 1000;
  service = xuexin_service_new (service_config);
  g_assert_true (xuexin_service_start (service, &error));
  g_assert_no_error (error);

  phone_session = soup_session_new_with_options ("user-agent", "simulated-phone/1.0 ", NULL);

  application = xuexin_application_new ();
  g_application_set_flags (G_APPLICATION (application),
                           g_application_get_flags (G_APPLICATION (application)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  settings = g_settings_new ("io.github.xuexin.Assistant");
  g_settings_set_string (settings, "server-url", xuexin_service_get_base_url (service));
  /* No keyring runs here: its toast would cover the screenshots. */
  g_settings_set_boolean (settings, "remember-me", FALSE);

  g_test_add_func ("/app/account/active-records", test_account_active_records);
  g_test_add_func ("/app/account/bind-email", test_account_bind_email);
  g_test_add_func ("/app/account/change-phone", test_account_change_phone);
  g_test_add_func ("/app/account/pending", test_account_pending);
  /* Last: these move the service's clock on. */
  g_test_add_func ("/app/account/bind-wechat", test_account_bind_wechat);
  g_test_add_func ("/app/account/bind-blocked", test_account_bind_blocked);

  status = g_test_run ();

  g_clear_object (&phone_session);
  g_clear_object (&application);
  xuexin_service_stop (service);
  g_clear_object (&service);
  xuexin_service_config_free (service_config);

  return status;
}
