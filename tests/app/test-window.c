/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <string.h>

#include "xuexin-qr-sign-in-dialog.h"
#include "xuexin-sign-in-page.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

static const char *
expect (const char *english,
        const char *chinese)
{
  return xuexin_test_locale_is_chinese () ? chinese : english;
}

/* app.new-window (Ctrl+N): a second main window of its own, at the
 * sign-in page, so a visitor and a reviewer can share one help-desk
 * machine and one service. */
static void
test_new_window (void)
{
  GtkApplication *application = GTK_APPLICATION (xuexin_test_ui_get_application ());
  GtkWidget *window = xuexin_test_open_window (900, 760);
  GtkWidget *second = NULL;
  GtkWidget *login_name_row;

  g_assert_cmpuint (g_list_length (gtk_application_get_windows (application)), ==, 1);
  g_action_group_activate_action (G_ACTION_GROUP (application), "new-window", NULL);
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (l->data != window)
      second = l->data;
  g_assert_true (XUEXIN_IS_WINDOW (second));
  xuexin_test_wait_until_mapped (second);
  login_name_row = xuexin_test_find_child (second, "login_name_row");
  g_assert_true (gtk_widget_get_mapped (login_name_row));
  /* Its own page, not the first window's. */
  g_assert_true (gtk_widget_get_root (login_name_row) == GTK_ROOT (second));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (application)), ==, 2);

  xuexin_test_close_window (second);
  xuexin_test_close_window (window);
}

static void
test_welcome_page_widgets (void)
{
  GtkWidget *window = xuexin_test_open_window (900, 760);
  GtkWidget *title = xuexin_test_find_child (window, "heading_label");
  GtkWidget *login_name_row = xuexin_test_find_child (window, "login_name_row");
  GtkWidget *password_row = xuexin_test_find_child (window, "password_row");
  GtkWidget *sign_in_button = xuexin_test_find_child (window, "sign_in_button");
  GtkWidget *error_box = xuexin_test_find_child (window, "sign_in_error_box");

  g_assert_true (ADW_IS_ENTRY_ROW (login_name_row));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (password_row));
  g_assert_true (GTK_IS_BUTTON (sign_in_button));
  g_assert_true (gtk_widget_get_mapped (login_name_row));
  g_assert_true (gtk_widget_get_mapped (password_row));
  g_assert_false (gtk_widget_get_visible (error_box));
  /* The user came to sign in: not the header bar's first button. */
  xuexin_test_assert_focus_in (login_name_row);

  /* The page speaks the user's language: these fail if a translation is missing. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (title)), ==,
                   expect ("Sign In to Your Student Account", "登录学信网账号"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (login_name_row)), ==,
                   expect ("Phone number, ID number or email", "手机号 / 证件号码 / 邮箱"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   expect ("Xuexin Assistant", "学信账号助手"));

  /* Every flow is reachable from the page; with no service connected the
   * buttons that need one are insensitive instead of failing later. */
  g_assert_nonnull (xuexin_test_find_child (window, "find_username_button"));
  g_assert_nonnull (xuexin_test_find_child (window, "reset_password_button"));
  g_assert_nonnull (xuexin_test_find_child (window, "register_button"));
  g_assert_nonnull (xuexin_test_find_child (window, "wechat_row"));
  g_assert_nonnull (xuexin_test_find_child (window, "alipay_row"));
  g_assert_false (gtk_widget_get_sensitive (sign_in_button));

  xuexin_test_render_png (window, "welcome");

  xuexin_test_close_window (window);
}

static void
test_welcome_page_narrow (void)
{
  GtkWidget *window = xuexin_test_open_window (360, 640);
  GtkWidget *login_name_row = xuexin_test_find_child (window, "login_name_row");

  /* Nothing overflows a phone-sized window. */
  g_assert_cmpint (gtk_widget_get_width (window), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (login_name_row), <, gtk_widget_get_width (window));
  g_assert_cmpint (gtk_widget_get_width (login_name_row), >, 280);

  xuexin_test_render_png (window, "welcome-narrow");

  xuexin_test_close_window (window);
}

static void
sign_in_requested_cb (XuexinSignInPage *page,
                      const char       *login_name,
                      const char       *password,
                      gpointer          user_data)
{
  char **result = user_data;

  g_free (*result);
  *result = g_strdup_printf ("%s|%s", login_name, password);
}

static void
test_sign_in_validation (void)
{
  GtkWidget *window = xuexin_test_open_window (900, 760);
  GtkWidget *page = xuexin_test_find_child (window, "sign_in_page");
  GtkWidget *login_name_row = xuexin_test_find_child (window, "login_name_row");
  GtkWidget *password_row = xuexin_test_find_child (window, "password_row");
  GtkWidget *sign_in_button = xuexin_test_find_child (window, "sign_in_button");
  GtkWidget *error_box = xuexin_test_find_child (window, "sign_in_error_box");
  GtkWidget *error_label = xuexin_test_find_child (window, "sign_in_error_label");
  g_autofree char *requested = NULL;

  /* Only the page is under test here: the window would really sign in. */
  g_signal_handlers_disconnect_matched (page, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, window);
  g_signal_connect (page, "sign-in-requested", G_CALLBACK (sign_in_requested_cb), &requested);
  g_object_set (page, "service-available", TRUE, NULL);

  g_assert_false (gtk_widget_get_sensitive (sign_in_button));
  gtk_editable_set_text (GTK_EDITABLE (login_name_row), "110105194912310021");
  gtk_editable_set_text (GTK_EDITABLE (password_row), "secret-pass1");
  g_assert_true (gtk_widget_get_sensitive (sign_in_button));

  /* A wrong check digit is named, and nothing typed is lost. */
  xuexin_test_click (sign_in_button);
  g_assert_null (requested);
  g_assert_true (gtk_widget_get_visible (error_box));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)),
                            expect ("check digit", "校验位")));
  /* An alert, tied to the field at fault, which has the focus. */
  xuexin_test_assert_alert (error_label, gtk_label_get_label (GTK_LABEL (error_label)));
  xuexin_test_assert_field_error (login_name_row, error_label);
  xuexin_test_assert_field_ok (password_row);
  xuexin_test_assert_focus_in (login_name_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (login_name_row)), ==, "110105194912310021");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "secret-pass1");
  xuexin_test_expect_alert_of (window, "sign_in_error_label");
  xuexin_test_render_png (window, "welcome-error");

  /* Fixing the field clears the error; lower-case x is normalised. */
  gtk_editable_set_text (GTK_EDITABLE (login_name_row), "11010519491231002x");
  g_assert_false (gtk_widget_get_visible (error_box));
  xuexin_test_assert_field_ok (login_name_row);

  xuexin_test_click (sign_in_button);
  g_assert_cmpstr (requested, ==, "11010519491231002X|secret-pass1");

  /* A phone number with a bad prefix. */
  g_clear_pointer (&requested, g_free);
  gtk_editable_set_text (GTK_EDITABLE (login_name_row), "12812345678");
  xuexin_test_click (sign_in_button);
  g_assert_null (requested);
  g_assert_true (gtk_widget_get_visible (error_box));

  gtk_editable_set_text (GTK_EDITABLE (login_name_row), "138 1234 5678");
  xuexin_test_click (sign_in_button);
  g_assert_cmpstr (requested, ==, "13812345678|secret-pass1");

  xuexin_test_close_window (window);
}

static gboolean
error_banner_in_view (gpointer user_data)
{
  GtkWidget *box = user_data;
  GtkWidget *scroller = gtk_widget_get_ancestor (box, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (box, scroller, &bounds) &&
         bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller);
}

/* On a short window the user may have scrolled down to the QR rows: the
 * error banner comes back into view with the field at fault. */
static void
test_sign_in_error_scrolled (void)
{
  GtkWidget *window = xuexin_test_open_window (360, 300);
  GtkWidget *page = xuexin_test_find_child (window, "sign_in_page");
  GtkWidget *login_name_row = xuexin_test_find_child (window, "login_name_row");
  GtkWidget *error_box = xuexin_test_find_child (window, "sign_in_error_box");
  GtkWidget *error_label = xuexin_test_find_child (window, "sign_in_error_label");
  GtkWidget *scroller = gtk_widget_get_ancestor (error_box, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_autofree char *requested = NULL;

  g_signal_handlers_disconnect_matched (page, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, window);
  g_signal_connect (page, "sign-in-requested", G_CALLBACK (sign_in_requested_cb), &requested);
  g_object_set (page, "service-available", TRUE, NULL);

  gtk_editable_set_text (GTK_EDITABLE (login_name_row), "110105194912310021");
  gtk_editable_set_text (GTK_EDITABLE (xuexin_test_find_child (window, "password_row")), "secret-pass1");
  gtk_widget_grab_focus (xuexin_test_find_child (window, "alipay_row"));
  xuexin_test_iterate (100);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  g_assert_false (error_banner_in_view (error_box));

  gtk_widget_activate_action (page, "sign-in.submit", NULL);
  g_assert_null (requested);
  xuexin_test_wait_for (error_banner_in_view, error_box, "the error banner to scroll into view");
  xuexin_test_assert_alert (error_label, gtk_label_get_label (GTK_LABEL (error_label)));
  xuexin_test_assert_focus_in (login_name_row);
  /* Only for the picture: the scroll reaches the screen some frames
   * later on a loaded machine (the assertions above need no wait). */
  xuexin_test_iterate (600);
  xuexin_test_render_png (window, "welcome-error-scrolled");

  xuexin_test_close_window (window);
}

static gboolean
toplevels_reach (gpointer user_data)
{
  return g_list_model_get_n_items (gtk_window_get_toplevels ()) >= *(guint *) user_data;
}

static void
test_help_topic_dialog (void)
{
  GtkWidget *window = xuexin_test_open_window (900, 760);
  GtkWidget *page = xuexin_test_find_child (window, "sign_in_page");
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint before = g_list_model_get_n_items (toplevels);
  guint expected = before + 1;
  GtkWindow *dialog = NULL;

  gtk_widget_activate_action (page, "sign-in.help", "s", "rate-limited");
  xuexin_test_wait_for (toplevels_reach, &expected, "the help dialog");
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        dialog = toplevel;
    }
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   expect ("“Too Many Operations, Operation Blocked”", "“操作过于频繁，操作被禁止”"));
  xuexin_test_render_png (GTK_WIDGET (dialog), "help-rate-limited");

  gtk_window_destroy (dialog);
  xuexin_test_close_window (window);
}

static gboolean
service_available (gpointer user_data)
{
  gboolean available = FALSE;

  g_object_get (user_data, "service-available", &available, NULL);
  return available;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return toplevel;
    }

  return NULL;
}

static gboolean
qr_dialog_open (gpointer user_data)
{
  return find_toplevel (XUEXIN_TYPE_QR_SIGN_IN_DIALOG) != NULL;
}

/* The sign-in page's "Sign In with WeChat" opens the QR dialog on the
 * embedded demo service. */
static void
test_qr_sign_in_opens (void)
{
  GtkWidget *window = xuexin_test_open_window (900, 760);
  GtkWidget *page = xuexin_test_find_child (window, "sign_in_page");
  GtkWindow *dialog;

  xuexin_test_wait_for (service_available, page, "the embedded service");
  gtk_widget_activate_action (page, "sign-in.qr", "s", "wechat");
  xuexin_test_wait_for (qr_dialog_open, NULL, "the QR sign-in dialog");

  dialog = find_toplevel (XUEXIN_TYPE_QR_SIGN_IN_DIALOG);
  g_assert_cmpstr (xuexin_ticket_dialog_get_provider (XUEXIN_TICKET_DIALOG (dialog)), ==, "wechat");
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  /* Demo mode: the simulated phone page is offered. */
  g_assert_true (xuexin_ticket_dialog_get_demo_mode (XUEXIN_TICKET_DIALOG (dialog)));

  gtk_window_destroy (dialog);
  xuexin_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  xuexin_test_ui_init (&argc, &argv);

  g_test_add_func ("/app/window/welcome-page", test_welcome_page_widgets);
  g_test_add_func ("/app/window/welcome-page-narrow", test_welcome_page_narrow);
  g_test_add_func ("/app/window/sign-in-validation", test_sign_in_validation);
  g_test_add_func ("/app/window/sign-in-error-scrolled", test_sign_in_error_scrolled);
  g_test_add_func ("/app/window/help-topic", test_help_topic_dialog);
  g_test_add_func ("/app/window/qr-sign-in-opens", test_qr_sign_in_opens);
  g_test_add_func ("/app/window/new-window", test_new_window);

  return xuexin_test_ui_run ();
}
