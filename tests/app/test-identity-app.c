/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "identity/xuexin-app-verification-dialog.h"
#include "xuexin-api.h"
#include "xuexin-client-identity.h"
#include "xuexin-format.h"
#include "xuexin-qr-code.h"
#include "xuexin-test-ticket.h"
#include "xuexin-test-ui.h"

/* Identity path 1 (APP自助验证), driven through the real dialog against
 * a real service on loopback whose verification provider is the
 * simulated one: the test plays the 学信网 mobile app over HTTP, opening
 * the QR URL (scan) and pressing 通过 or 不通过 on its page. The account
 * is a pending one: a second registration of an ID number that already
 * has an active account, which a pass cancels. */

static XuexinTestService *service;

/* ----- accounts ---------------------------------------------------------- */

typedef struct
{
  char         *first_phone;   /* the active account of the ID number */
  char         *phone;         /* the pending one */
  XuexinClient *client;        /* signed in to the pending one */
  XuexinClient *first_client;  /* signed in to the active one */
} PendingAccount;

static void
pending_account_clear (PendingAccount *account)
{
  g_free (account->first_phone);
  g_free (account->phone);
  g_clear_object (&account->client);
  g_clear_object (&account->first_client);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PendingAccount, pending_account_clear)

static void
make_pending_account (PendingAccount *out)
{
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) first = NULL;
  g_autoptr(XuexinAccount) pending = NULL;
  g_autoptr(XuexinAccount) signed_in = NULL;

  out->first_phone = xuexin_test_next_phone ();
  out->phone = xuexin_test_next_phone ();
  first = xuexin_test_service_create_account (service, out->first_phone, "王晓明", id_number, NULL, FALSE);
  g_assert_cmpstr (xuexin_account_get_state (first), ==, XUEXIN_ACCOUNT_STATE_ACTIVE);
  out->first_client = xuexin_test_service_sign_in (service, out->first_phone, XUEXIN_TEST_PASSWORD, NULL);

  /* FAQ 5: the same ID number again, registered anew. */
  pending = xuexin_test_service_create_account (service, out->phone, "王晓明", id_number, NULL, TRUE);
  g_assert_cmpstr (xuexin_account_get_state (pending), ==, XUEXIN_ACCOUNT_STATE_PENDING);
  out->client = xuexin_test_service_sign_in (service, out->phone, XUEXIN_TEST_PASSWORD, &signed_in);
  g_assert_cmpint (xuexin_account_get_id (signed_in), ==, xuexin_account_get_id (pending));
}

/* The account as the service has it now, asked with @client. */
static XuexinAccount *
get_me (XuexinClient  *client,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  xuexin_client_get_me_async (client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "the account");
  return xuexin_client_get_me_finish (client, result, error);
}

/* ----- driving the dialog ------------------------------------------------ */

static GtkWidget *
open_parent (void)
{
  GtkWidget *parent = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (parent), 900, 700);
  gtk_window_present (GTK_WINDOW (parent));
  xuexin_test_wait_until_mapped (parent);

  return parent;
}

/* Waits for a QR code other than @previous; returns its URL. */
static const char *
wait_for_code (GtkWidget  *dialog,
               const char *previous)
{
  g_autofree char *prefix = NULL;

  /* The simulated app's page on this service, with the order id and
   * never the polled ticket. */
  prefix = g_strdup_printf ("%s/app-verification/simulate?order=", xuexin_test_service_get_base_url (service));
  return xuexin_test_ticket_wait_for_code (dialog, previous, prefix);
}

static void
count_cb (gpointer  user_data,
          GObject  *dialog)
{
  (*(guint *) user_data)++;
}

/* Counts ::verified in @verified from before the dialog asks anything. */
static GtkWidget *
open_dialog (GtkWidget    *parent,
             XuexinClient *client,
             guint        *verified)
{
  GtkWidget *dialog = GTK_WIDGET (xuexin_app_verification_dialog_new (GTK_WINDOW (parent), client, FALSE));

  g_signal_connect_swapped (dialog, "verified", G_CALLBACK (count_cb), verified);

  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (parent));
  gtk_window_present (GTK_WINDOW (dialog));
  xuexin_test_wait_until_mapped (dialog);

  return dialog;
}

static gboolean
is_shown_cb (gpointer user_data)
{
  return gtk_widget_get_visible (user_data);
}

static gboolean
pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

/* The attempts message, as the dialog words it. */
static char *
attempts_left (guint remaining)
{
  return g_strdup_printf (ngettext ("The app could not confirm it is you. %u attempt left today.",
                                    "The app could not confirm it is you. %u attempts left today.",
                                    remaining),
                          remaining);
}

/* ----- tests ------------------------------------------------------------- */

/* Pending, scanned, 不通过 with attempts left, a new code, 通过: the
 * account is active, the other account of its ID number cancelled. */
static void
test_identity_app_fail_then_pass (void)
{
  g_auto(PendingAccount) account = { 0, };
  GtkWidget *parent = open_parent ();
  GtkWidget *dialog;
  GtkWidget *done;
  const char *qr_url;
  g_autofree char *failed_url = NULL;
  g_autofree char *failed = NULL;
  g_autoptr(XuexinAccount) me = NULL;
  g_autoptr(GError) error = NULL;
  guint daily = xuexin_test_service_get_config (service)->app_verification_daily_attempts;
  guint verified = 0;

  make_pending_account (&account);
  dialog = open_dialog (parent, account.client, &verified);
  qr_url = wait_for_code (dialog, NULL);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, _("Verify with the Xuexin App"));
  g_assert_cmpstr (xuexin_test_ticket_label (dialog, "ticket_heading_label"), ==, _("Scan with the Xuexin App"));
  g_assert_cmpstr (xuexin_test_ticket_status (dialog), ==, _("Open the Xuexin mobile app, tap “Me” and scan this code to verify."));
  g_assert_nonnull (xuexin_test_ticket_label (dialog, "app_verification_get_app_label"));
  g_assert_true (xuexin_test_ticket_shows (dialog, "ticket_countdown_label"));
  g_assert_null (xuexin_test_ticket_error (dialog));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_refresh_button"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "app_verification_done_button"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_demo_box"));
  xuexin_test_assert_focus_in (GTK_WIDGET (xuexin_test_ticket_code (dialog)));
  xuexin_test_render_png (dialog, "identity-app-pending");
  /* What the phone's camera reads off the screen is the ticket's URL. */
  xuexin_test_assert_qr_decodes (GTK_WIDGET (xuexin_test_ticket_code (dialog)), qr_url);

  /* The demo stands in for the phone with the very page the code holds,
   * labelled as such. */
  xuexin_ticket_dialog_set_demo_mode (XUEXIN_TICKET_DIALOG (dialog), TRUE);
  g_assert_true (xuexin_test_ticket_shows (dialog, "ticket_demo_box"));
  {
    GtkWidget *link = xuexin_test_require_child (dialog, "ticket_demo_link");

    g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (link)), ==, qr_url);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (link)), ==, _("Open the simulated mobile app (demo)"));
  }
  xuexin_test_render_png (dialog, "identity-app-pending-demo");
  xuexin_ticket_dialog_set_demo_mode (XUEXIN_TICKET_DIALOG (dialog), FALSE);

  /* The app opens the page. */
  xuexin_test_service_phone_scan (service, qr_url);
  xuexin_test_ticket_wait_for_status (dialog, _("Scanned. Follow the steps in the app to show it is you."));
  g_assert_false (xuexin_qr_code_get_expired (xuexin_test_ticket_code (dialog)));
  xuexin_test_render_png (dialog, "identity-app-scanned");

  /* 不通过: the attempt is spent; the others are still there. */
  failed_url = g_strdup (qr_url);
  xuexin_test_service_app_answer (service, failed_url, FALSE);
  failed = attempts_left (daily - 1);
  xuexin_test_ticket_wait_for_error (dialog, failed);
  xuexin_test_assert_alert (xuexin_test_require_child (dialog, "ticket_error_label"), failed);
  g_assert_true (xuexin_qr_code_get_expired (xuexin_test_ticket_code (dialog)));
  g_assert_true (xuexin_test_ticket_shows (dialog, "ticket_refresh_button"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_countdown_label"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "app_verification_done_button"));
  xuexin_test_assert_focus_in (xuexin_test_require_child (dialog, "ticket_refresh_button"));
  xuexin_test_expect_alert_of (dialog, "ticket_error_label");
  xuexin_test_render_png (dialog, "identity-app-failed");
  g_assert_cmpuint (verified, ==, 0);
  me = get_me (account.client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_account_get_state (me), ==, XUEXIN_ACCOUNT_STATE_PENDING);
  g_clear_object (&me);

  /* Refresh: a new code, a new attempt. The old one is dead. */
  xuexin_test_click (xuexin_test_require_child (dialog, "ticket_refresh_button"));
  qr_url = wait_for_code (dialog, failed_url);
  g_assert_null (xuexin_test_ticket_error (dialog));
  g_assert_cmpuint (xuexin_test_service_phone_open (service, failed_url), ==, SOUP_STATUS_GONE);
  xuexin_test_assert_qr_decodes (GTK_WIDGET (xuexin_test_ticket_code (dialog)), qr_url);

  /* 通过: verified, said so, and the dialog stays until Done. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  xuexin_test_service_phone_scan (service, qr_url);
  xuexin_test_service_app_answer (service, qr_url, TRUE);
  xuexin_test_ticket_wait_for_status (dialog, _("Verified. Your account is active now."));
  g_assert_cmpuint (verified, ==, 1);
  g_assert_cmpint (xuexin_ticket_dialog_get_state (XUEXIN_TICKET_DIALOG (dialog)), ==, XUEXIN_TICKET_DIALOG_STATE_DONE);
  done = xuexin_test_require_child (dialog, "app_verification_done_button");
  g_assert_true (gtk_widget_get_visible (done));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_refresh_button"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_countdown_label"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "app_verification_get_app_label"));
  g_assert_null (xuexin_test_ticket_error (dialog));
  xuexin_test_assert_focus_in (done);
  g_assert_true (gtk_widget_has_css_class (xuexin_test_require_child (dialog, "ticket_status_label"), "success"));
  xuexin_test_render_png (dialog, "identity-app-passed");

  /* No more polls once it passed. */
  g_assert_null (g_main_context_find_source_by_user_data (NULL, dialog));

  /* The service agrees, asked from another device; the first account
   * of the ID number is gone. */
  {
    g_autoptr(XuexinClient) other = xuexin_test_service_sign_in (service, account.phone, XUEXIN_TEST_PASSWORD, NULL);

    me = get_me (other, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (xuexin_account_get_state (me), ==, XUEXIN_ACCOUNT_STATE_ACTIVE);
    g_clear_object (&me);
  }
  me = get_me (account.first_client, &error);
  g_assert_error (error, XUEXIN_API_ERROR, XUEXIN_ERROR_CODE_UNAUTHORIZED);
  g_assert_null (me);

  xuexin_test_click (done);
  xuexin_test_wait_for (pointer_cleared, &dialog, "Done to close the dialog");
  g_assert_cmpuint (verified, ==, 1);

  xuexin_test_close_window (parent);
}

/* All of the day's attempts spent: starting is refused with the wait. */
static void
test_identity_app_no_attempts (void)
{
  g_auto(PendingAccount) account = { 0, };
  guint daily = xuexin_test_service_get_config (service)->app_verification_daily_attempts;
  GtkWidget *parent;
  GtkWidget *dialog;
  guint verified = 0;

  make_pending_account (&account);

  /* Through the client library, as the dialog does: each 不通过 keeps
   * its attempt, and says how many are left. */
  for (guint i = 0; i < daily; i++)
    {
      g_autoptr(GAsyncResult) started = NULL;
      g_autoptr(GAsyncResult) polled = NULL;
      g_autoptr(XuexinProviderTicket) ticket = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *reason = NULL;
      guint remaining = G_MAXUINT;

      xuexin_client_start_app_verification_async (account.client, NULL, xuexin_test_store_result_cb, &started);
      xuexin_test_wait_for_result (&started, "a ticket");
      ticket = xuexin_client_start_app_verification_finish (account.client, started, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (xuexin_provider_ticket_get_provider (ticket), ==, "simulated");

      xuexin_test_service_phone_scan (service, xuexin_provider_ticket_get_qr_url (ticket));
      xuexin_test_service_app_answer (service, xuexin_provider_ticket_get_qr_url (ticket), FALSE);

      xuexin_client_poll_app_verification_async (account.client, ticket, NULL, xuexin_test_store_result_cb, &polled);
      xuexin_test_wait_for_result (&polled, "the ticket's state");
      g_assert_cmpint (xuexin_client_poll_app_verification_finish (account.client, polled, &reason, &remaining, &error),
                       ==, XUEXIN_TICKET_STATUS_FAILED);
      g_assert_no_error (error);
      g_assert_cmpstr (reason, ==, "verification_failed");
      g_assert_cmpuint (remaining, ==, daily - 1 - i);
    }

  parent = open_parent ();
  dialog = open_dialog (parent, account.client, &verified);
  xuexin_test_wait_for (is_shown_cb, xuexin_test_require_child (dialog, "app_verification_done_button"),
                        "the refusal");
  {
    const char *message = xuexin_test_ticket_error (dialog);
    g_autofree char *wait = NULL;
    g_autofree char *expected = NULL;
    gboolean matched = FALSE;

    /* About a day to wait, in the words of the other waits. */
    g_assert_nonnull (message);
    for (guint elapsed = 0; elapsed < 30 && !matched; elapsed++)
      {
        g_clear_pointer (&wait, g_free);
        g_clear_pointer (&expected, g_free);
        wait = xuexin_format_wait (24 * 60 * 60 - elapsed);
        expected = g_strdup_printf (_("All of today’s attempts to verify with the mobile app are used up. You can try again in %s, or choose another way to verify now."),
                                    wait);
        matched = g_str_equal (message, expected);
      }
    if (!matched)
      g_test_message ("refusal: %s", message);
    g_assert_true (matched);
  }
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (xuexin_test_require_child (dialog, "app_verification_done_button"))),
                   ==, _("_Choose Another Way"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_refresh_button"));
  g_assert_cmpuint (verified, ==, 0);
  xuexin_test_expect_alert_of (dialog, "ticket_error_label");
  xuexin_test_render_png (dialog, "identity-app-no-attempts");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  xuexin_test_click (xuexin_test_require_child (dialog, "app_verification_done_button"));
  xuexin_test_wait_for (pointer_cleared, &dialog, "the dialog to close");
  xuexin_test_close_window (parent);
}

/* An account that is active already (verified meanwhile in another
 * way): nothing to scan, the caller is told it is verified. */
static void
test_identity_app_already_verified (void)
{
  g_auto(PendingAccount) account = { 0, };
  GtkWidget *parent;
  GtkWidget *dialog;
  guint verified = 0;

  make_pending_account (&account);
  parent = open_parent ();
  dialog = open_dialog (parent, account.first_client, &verified);
  xuexin_test_ticket_wait_for_status (dialog, _("This account is already verified, in another way. There is nothing more to do here."));
  g_assert_cmpuint (verified, ==, 1);
  g_assert_true (xuexin_test_ticket_shows (dialog, "app_verification_done_button"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_refresh_button"));
  g_assert_null (xuexin_test_ticket_error (dialog));
  xuexin_test_render_png (dialog, "identity-app-already-verified");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  xuexin_test_click (xuexin_test_require_child (dialog, "app_verification_done_button"));
  xuexin_test_wait_for (pointer_cleared, &dialog, "the dialog to close");
  xuexin_test_close_window (parent);
}

int
main (int   argc,
      char *argv[])
{
  service = xuexin_test_ui_init_with_service (&argc, &argv);

  g_test_add_func ("/app/identity-app/fail-then-pass", test_identity_app_fail_then_pass);
  g_test_add_func ("/app/identity-app/no-attempts", test_identity_app_no_attempts);
  g_test_add_func ("/app/identity-app/already-verified", test_identity_app_already_verified);

  return xuexin_test_ui_run ();
}
