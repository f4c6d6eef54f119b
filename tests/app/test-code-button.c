/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <sodium.h>
#include <string.h>

#include "xuexin-api.h"
#include "xuexin-application.h"
#include "xuexin-code-button.h"
#include "xuexin-format.h"
#include "xuexin-service.h"
#include "xuexin-test-ui.h"

/* XuexinCodeButton on its own, in a plain window, against a real service
 * on loopback whose codes may be asked for again after RESEND seconds:
 * the countdown starts from the service's answer, a rate_limited refusal
 * counts down its wait, and a button that goes cancels its request. */

#define RESEND 3

static XuexinService *service;
static guint serial;

static char *
next_phone (void)
{
  return g_strdup_printf ("1370001%04u", ++serial);
}

static XuexinClient *
new_client (void)
{
  return xuexin_client_new (xuexin_service_get_base_url (service));
}

/* The codes themselves do not matter here. */
static void
delivered_cb (const XuexinDeliveredMessage *message,
              gpointer                      user_data)
{
}

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

static guint
count_code_requests (void)
{
  return xuexin_service_count_requests (service, "POST", "/sms-codes");
}

/* A window as the pages have it: the phone row, the code row with the
 * button as its suffix, and the status label below. */
typedef struct
{
  GtkWidget        *window;
  AdwEntryRow      *phone_row;
  AdwEntryRow      *code_row;
  XuexinCodeButton *button;
  GtkLabel         *status_label;
  guint             sent;
  guint             failed;
  guint             label_changes;  /* of the button's own label */
  GError           *error;
} Fixture;

static void
sent_cb (XuexinCodeButton *button,
         Fixture          *fixture)
{
  fixture->sent++;
}

static void
failed_cb (XuexinCodeButton *button,
           const GError     *error,
           Fixture          *fixture)
{
  fixture->failed++;
  g_clear_error (&fixture->error);
  fixture->error = g_error_copy (error);
}

static void
button_label_changed_cb (GtkButton  *button,
                         GParamSpec *pspec,
                         Fixture    *fixture)
{
  fixture->label_changes++;
}

static void
fixture_set_up (Fixture    *fixture,
                const char *phone)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();

  fixture->window = gtk_window_new ();
  fixture->phone_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  fixture->code_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  fixture->button = g_object_new (XUEXIN_TYPE_CODE_BUTTON, "valign", GTK_ALIGN_CENTER, NULL);
  fixture->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_visible (GTK_WIDGET (fixture->status_label), FALSE);

  adw_entry_row_add_suffix (fixture->code_row, GTK_WIDGET (fixture->button));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (fixture->phone_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (fixture->code_row));
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->status_label));
  gtk_window_set_child (GTK_WINDOW (fixture->window), box);

  g_object_set (fixture->button, "status-label", fixture->status_label, NULL);
  g_signal_connect (fixture->button, "sent", G_CALLBACK (sent_cb), fixture);
  g_signal_connect (fixture->button, "failed", G_CALLBACK (failed_cb), fixture);
  g_signal_connect (fixture->button, "notify::label", G_CALLBACK (button_label_changed_cb), fixture);

  gtk_editable_set_text (GTK_EDITABLE (fixture->phone_row), phone);
  gtk_window_present (GTK_WINDOW (fixture->window));
  xuexin_test_wait_until_mapped (fixture->window);
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_clear_error (&fixture->error);
  xuexin_test_close_window (fixture->window);
}

static gboolean
answered (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->sent + fixture->failed > 0;
}

static gboolean
countdown_over (gpointer user_data)
{
  Fixture *fixture = user_data;

  return !xuexin_code_button_get_counting (fixture->button);
}

/* The countdown, as the status label says it. */
static char *
countdown_text (guint seconds)
{
  g_autofree char *wait = xuexin_format_wait (seconds);

  return g_strdup_printf (_("You can ask for a new code in %s."), wait);
}

static gboolean
status_says (Fixture    *fixture,
             const char *text)
{
  return strstr (gtk_label_get_label (fixture->status_label), text) != NULL;
}

typedef struct
{
  Fixture *fixture;
  char    *text;
} StatusWait;

static gboolean
status_says_cb (gpointer user_data)
{
  StatusWait *wait = user_data;

  return status_says (wait->fixture, wait->text);
}

static const char *
button_label (Fixture *fixture)
{
  return gtk_button_get_label (GTK_BUTTON (fixture->button));
}

/* The service says when the next code may be asked for; the button
 * counts down from exactly that, says where the code went, puts the
 * focus into the code row and is clickable again when it is over. */
static void
test_code_button_countdown (void)
{
  g_autofree char *phone = next_phone ();
  g_autoptr(XuexinClient) client = new_client ();
  g_autofree char *counting = countdown_text (RESEND);
  StatusWait next_second = { NULL, NULL };
  guint requests = count_code_requests ();
  GtkWidget *focus;
  Fixture fixture = { 0 };

  fixture_set_up (&fixture, phone);
  g_assert_cmpstr (button_label (&fixture), ==, _("_Send Code"));
  /* Nothing to send with yet. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (fixture.button)));

  xuexin_code_button_set_recipient_field (fixture.button, client, XUEXIN_CODE_PURPOSE_REGISTER,
                                          GTK_EDITABLE (fixture.phone_row));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (fixture.button)));
  /* The owner's fields decide too. */
  xuexin_code_button_set_ready (fixture.button, FALSE);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (fixture.button)));
  xuexin_code_button_set_ready (fixture.button, TRUE);

  xuexin_test_click (GTK_WIDGET (fixture.button));
  xuexin_test_wait_for (answered, &fixture, "the code to be sent");
  g_assert_no_error (fixture.error);
  g_assert_cmpuint (fixture.sent, ==, 1);
  g_assert_cmpuint (count_code_requests (), ==, requests + 1);

  /* The button is named once and stays so; the countdown is in the
   * status label, a plain label (no alert a screen reader would read
   * out every second). */
  g_assert_cmpstr (button_label (&fixture), ==, _("Re_send Code"));
  g_assert_cmpuint (fixture.label_changes, ==, 1);
  g_assert_true (xuexin_code_button_get_counting (fixture.button));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (fixture.button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture.status_label)));
  g_assert_true (status_says (&fixture, counting));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture.status_label)), ==,
                   GTK_ACCESSIBLE_ROLE_LABEL);
  next_second.fixture = &fixture;
  next_second.text = countdown_text (RESEND - 1);
  xuexin_test_wait_for (status_says_cb, &next_second, "the countdown's next second");
  g_free (next_second.text);
  g_assert_cmpuint (fixture.label_changes, ==, 1);
  /* Masked, as the service said it. */
  g_assert_null (strstr (gtk_label_get_label (fixture.status_label), phone));
  g_assert_nonnull (strstr (gtk_label_get_label (fixture.status_label), "****"));
  focus = gtk_root_get_focus (GTK_ROOT (fixture.window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (fixture.code_row) || gtk_widget_is_ancestor (focus, GTK_WIDGET (fixture.code_row)));

  xuexin_test_wait_for (countdown_over, &fixture, "the end of the countdown");
  g_assert_cmpstr (button_label (&fixture), ==, _("Re_send Code"));
  g_assert_cmpuint (fixture.label_changes, ==, 1);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (fixture.button)));
  /* Where the code went is still said; the wait no longer. */
  g_assert_true (status_says (&fixture, "****"));
  g_assert_false (status_says (&fixture, counting));

  fixture_tear_down (&fixture);
}

/* A code asked for too soon: the button counts down the wait the
 * refusal carries, shows nothing as sent, hands the error to its owner,
 * and sends when the wait is over. */
static void
test_code_button_rate_limited (void)
{
  g_autofree char *phone = next_phone ();
  g_autoptr(XuexinClient) client = new_client ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *waiting = NULL;
  guint retry_after;
  Fixture fixture = { 0 };

  /* Someone asked for this phone's code a moment ago. */
  xuexin_client_send_register_code_async (client, phone, NULL, store_result_cb, &result);
  xuexin_test_wait_for (result_arrived, &result, "the first code");
  g_assert_true (xuexin_client_send_register_code_finish (client, result, NULL, NULL, &error));
  g_assert_no_error (error);

  fixture_set_up (&fixture, phone);
  xuexin_code_button_set_recipient_field (fixture.button, client, XUEXIN_CODE_PURPOSE_REGISTER,
                                          GTK_EDITABLE (fixture.phone_row));
  xuexin_test_click (GTK_WIDGET (fixture.button));
  xuexin_test_wait_for (answered, &fixture, "the refusal");
  g_assert_cmpuint (fixture.failed, ==, 1);
  g_assert_cmpuint (fixture.sent, ==, 0);
  g_assert_true (xuexin_client_error_is_api (fixture.error, XUEXIN_ERROR_CODE_RATE_LIMITED));
  retry_after = xuexin_client_error_get_retry_after (fixture.error);
  g_assert_cmpuint (retry_after, >, 0);
  g_assert_cmpuint (retry_after, <=, RESEND);

  /* Nothing said as sent, but the wait is visible, not on the button. */
  waiting = countdown_text (retry_after);
  g_assert_cmpstr (button_label (&fixture), ==, _("_Send Code"));
  g_assert_cmpuint (fixture.label_changes, ==, 0);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (fixture.button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture.status_label)));
  g_assert_cmpstr (gtk_label_get_label (fixture.status_label), ==, waiting);

  xuexin_test_wait_for (countdown_over, &fixture, "the end of the wait");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (fixture.button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture.status_label)));
  fixture.failed = 0;
  g_clear_error (&fixture.error);
  xuexin_test_click (GTK_WIDGET (fixture.button));
  xuexin_test_wait_for (answered, &fixture, "the code after the wait");
  g_assert_no_error (fixture.error);
  g_assert_cmpuint (fixture.sent, ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture.status_label)));

  fixture_tear_down (&fixture);
}

/* A sender that lets the test see the request's cancellable and the
 * client's answer, and counts what reaches the button's owner. */
typedef struct
{
  XuexinClient  *client;
  char          *phone;
  GCancellable  *cancellable;
  GAsyncReadyCallback callback;
  gpointer       callback_data;
  guint          answers;
  guint          finishes;
  gboolean       freed;
} Spy;

static void
spy_answered_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Spy *spy = user_data;

  spy->answers++;
  spy->callback (object, result, spy->callback_data);
}

static void
spy_send (gpointer             data,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  Spy *spy = data;

  g_set_object (&spy->cancellable, cancellable);
  spy->callback = callback;
  spy->callback_data = user_data;
  xuexin_client_send_register_code_async (spy->client, spy->phone, cancellable, spy_answered_cb, spy);
}

static gboolean
spy_finish (gpointer       data,
            GAsyncResult  *result,
            guint         *resend_after,
            char         **sent_to,
            GError       **error)
{
  Spy *spy = data;

  spy->finishes++;
  return xuexin_client_send_register_code_finish (spy->client, result, resend_after, sent_to, error);
}

static void
spy_free (gpointer data)
{
  Spy *spy = data;

  spy->freed = TRUE;
}

static gboolean
spy_got_answer (gpointer user_data)
{
  Spy *spy = user_data;

  return spy->answers > 0;
}

/* Closing the window while the request is in flight cancels it before
 * it leaves: the service sees nothing, nothing reaches the owner, and
 * the button does not outlive its window for the request's sake. */
static void
test_code_button_dispose_cancels (void)
{
  g_autofree char *phone = next_phone ();
  g_autoptr(XuexinClient) client = new_client ();
  guint requests = count_code_requests ();
  Spy spy = { client, phone, NULL, NULL, NULL, 0, 0, FALSE };
  Fixture fixture = { 0 };
  XuexinCodeButton *button;

  fixture_set_up (&fixture, phone);
  xuexin_code_button_set_sender (fixture.button, spy_send, spy_finish, &spy, spy_free);
  button = fixture.button;
  g_object_add_weak_pointer (G_OBJECT (button), (gpointer *) &button);

  /* No main loop iteration between the click and closing: the request
   * is still queued in the client. */
  xuexin_code_button_send (fixture.button);
  g_assert_true (xuexin_code_button_get_sending (fixture.button));
  gtk_window_destroy (GTK_WINDOW (fixture.window));

  g_assert_null (button);
  g_assert_true (spy.freed);
  g_assert_true (g_cancellable_is_cancelled (spy.cancellable));

  xuexin_test_wait_for (spy_got_answer, &spy, "the cancelled request to end");
  g_assert_cmpuint (spy.finishes, ==, 0);
  g_assert_cmpuint (fixture.sent + fixture.failed, ==, 0);
  g_assert_cmpuint (count_code_requests (), ==, requests);

  g_clear_object (&spy.cancellable);
}

/* A code asked for elsewhere (the page before, in a recovery flow) is
 * shown the same way; find username's code may go to several phones. */
static void
test_code_button_show_sent (void)
{
  g_autofree char *one = g_strdup_printf (_("An SMS code was sent to %s. It is valid for 10 minutes."), "137****0001");
  g_autofree char *counting = countdown_text (45);
  g_autofree char *one_counting = g_strdup_printf ("%s %s", one, counting);
  Fixture fixture = { 0 };

  fixture_set_up (&fixture, "");
  xuexin_code_button_show_sent (fixture.button, "137****0001", 45);
  g_assert_cmpstr (gtk_label_get_label (fixture.status_label), ==, one_counting);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture.status_label)));
  g_assert_cmpstr (button_label (&fixture), ==, _("Re_send Code"));

  xuexin_code_button_show_sent (fixture.button, "137****0001, 138****0002", 45);
  g_assert_nonnull (strstr (gtk_label_get_label (fixture.status_label), "138****0002"));
  g_assert_cmpstr (gtk_label_get_label (fixture.status_label), !=, one_counting);

  g_object_set (fixture.button, "medium", XUEXIN_CODE_MEDIUM_EMAIL, NULL);
  xuexin_code_button_show_sent (fixture.button, "s***@example.edu.cn", 45);
  g_assert_nonnull (strstr (gtk_label_get_label (fixture.status_label), "s***@example.edu.cn"));
  g_assert_null (strstr (gtk_label_get_label (fixture.status_label), "SMS"));

  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  XuexinServiceConfig *config;
  int status;

  xuexin_test_use_temporary_home ();
  setlocale (LC_ALL, "");
  xuexin_application_setup_gettext ();
  g_test_init (&argc, &argv, NULL);
  xuexin_test_ignore_known_warnings ();
  adw_init ();
  g_assert_cmpint (sodium_init (), >=, 0);

  data_dir = g_build_filename (g_getenv ("XDG_DATA_HOME"), "server", NULL);
  config = xuexin_service_config_new ();
  config->port = 0;
  xuexin_service_config_set_string (&config->data_dir, data_dir);
  config->delivery = XUEXIN_DELIVERY_MEMORY;
  config->delivery_func = delivered_cb;
  config->delivery_context = g_main_context_default ();
  config->code_resend_interval = RESEND;
  config->code_daily_limit_per_ip = 1000;
  service = xuexin_service_new (config);
  g_assert_true (xuexin_service_start (service, &error));
  g_assert_no_error (error);

  g_test_add_func ("/app/code-button/countdown", test_code_button_countdown);
  g_test_add_func ("/app/code-button/rate-limited", test_code_button_rate_limited);
  g_test_add_func ("/app/code-button/dispose-cancels", test_code_button_dispose_cancels);
  g_test_add_func ("/app/code-button/show-sent", test_code_button_show_sent);

  status = g_test_run ();

  xuexin_service_stop (service);
  g_clear_object (&service);
  xuexin_service_config_free (config);

  return status;
}
