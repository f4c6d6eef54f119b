/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "xuexin-api.h"
#include "xuexin-format.h"
#include "xuexin-common.h"
#include "xuexin-provider-bind-dialog.h"
#include "xuexin-qr-code.h"
#include "xuexin-qr-sign-in-dialog.h"
#include "xuexin-test-ticket.h"
#include "xuexin-test-ui.h"

/* QR sign-in with WeChat and Alipay (FAQ 9), driven through the real
 * dialog against a real service on loopback whose providers are the
 * simulated ones: the test plays the phone over HTTP, opening the QR URL
 * (scan) and posting its form (confirm or cancel). Expiry moves the
 * service's clock on rather than waiting five minutes. */

static XuexinTestService *service;

/* ----- the client library, for setting accounts up ----------------------- */

static void
wait_for_result (GAsyncResult **result)
{
  xuexin_test_wait_for_result (result, "an answer from the service");
}

/* A new active account, signed in on the client returned. */
static XuexinClient *
register_account (gint64 *account_id)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, "赵扫码", id_number, NULL, FALSE);
  g_autoptr(XuexinAccount) signed_in = NULL;
  XuexinClient *client = xuexin_test_service_sign_in (service, phone, XUEXIN_TEST_PASSWORD, &signed_in);

  *account_id = xuexin_account_get_id (account);
  g_assert_cmpint (xuexin_account_get_id (signed_in), ==, *account_id);

  return client;
}

/* FAQ 9: binding comes first, signed in with the password. */
static void
bind_identity (XuexinClient *client,
               const char   *provider,
               const char   *subject)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) poll_result = NULL;
  g_autoptr(XuexinProviderTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  xuexin_client_start_bind_async (client, provider, NULL, xuexin_test_store_result_cb, &result);
  wait_for_result (&result);
  ticket = xuexin_client_start_bind_finish (client, result, &error);
  g_assert_no_error (error);

  xuexin_test_service_phone_scan (service, xuexin_provider_ticket_get_qr_url (ticket));
  xuexin_test_service_phone_answer (service, xuexin_provider_ticket_get_qr_url (ticket), subject, "confirm");

  xuexin_client_poll_bind_async (client, ticket, NULL, xuexin_test_store_result_cb, &poll_result);
  wait_for_result (&poll_result);
  g_assert_cmpint (xuexin_client_poll_bind_finish (client, poll_result, NULL, NULL, &error),
                   ==, XUEXIN_TICKET_STATUS_CONFIRMED);
  g_assert_no_error (error);
}

static char *
next_subject (void)
{
  return g_strdup_printf ("qr-test-user-%u", xuexin_test_next_serial ());
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

  /* The modules encode the ticket's QR URL: the simulated provider's page
   * on this service, with the OAuth state and never the polled ticket. */
  prefix = g_strdup_printf ("%s/providers/%s/simulate?state=", xuexin_test_service_get_base_url (service),
                            xuexin_ticket_dialog_get_provider (XUEXIN_TICKET_DIALOG (dialog)));
  return xuexin_test_ticket_wait_for_code (dialog, previous, prefix);
}

static GtkWidget *
open_dialog (GtkWidget    *parent,
             XuexinClient *client,
             const char   *provider)
{
  GtkWidget *dialog = GTK_WIDGET (xuexin_qr_sign_in_dialog_new (GTK_WINDOW (parent), client, provider, FALSE));

  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (parent));
  gtk_window_present (GTK_WINDOW (dialog));
  xuexin_test_wait_until_mapped (dialog);
  wait_for_code (dialog, NULL);

  return dialog;
}

static gboolean
widget_visible (gpointer user_data)
{
  return gtk_widget_get_visible (user_data);
}

static gboolean
pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static gboolean
only_reference (gpointer user_data)
{
  return G_OBJECT (user_data)->ref_count == 1;
}

/* Closing cancels everything: once the cancelled request has come back,
 * nothing but the test holds the dialog, no timer of it is left, and
 * nothing fires later. */
static void
close_and_check_finalized (GtkWidget *dialog)
{
  g_object_ref (dialog);
  xuexin_test_close_window (dialog);
  xuexin_test_wait_for (only_reference, dialog, "the cancelled requests to let go of the dialog");
  g_assert_null (g_main_context_find_source_by_user_data (NULL, dialog));
  g_assert_finalize_object (dialog);

  /* Longer than a poll interval and a countdown tick. */
  xuexin_test_iterate (2500);
}

static void
count_cb (gpointer  user_data,
          GObject  *dialog)
{
  (*(guint *) user_data)++;
}

static void
signed_in_cb (XuexinQrSignInDialog  *dialog,
              XuexinAccount         *account,
              XuexinAccount        **out)
{
  g_assert_null (*out);
  *out = g_object_ref (account);
}

/* ----- tests ------------------------------------------------------------- */

static void
test_qr_pending_and_scanned (void)
{
  GtkWidget *parent = open_parent ();
  g_autoptr(XuexinClient) client = xuexin_test_service_new_client (service);
  GtkWidget *dialog = open_dialog (parent, client, XUEXIN_PROVIDER_WECHAT);
  const char *qr_url = xuexin_qr_code_get_text (xuexin_test_ticket_code (dialog));
  const char *countdown;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, _("Sign In with WeChat"));
  g_assert_cmpstr (xuexin_test_ticket_label (dialog, "ticket_heading_label"), ==, _("Scan with WeChat"));
  g_assert_cmpstr (xuexin_test_ticket_status (dialog), ==, _("Open WeChat and scan the code."));
  g_assert_null (xuexin_test_ticket_error (dialog));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_refresh_button"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_retry_button"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "qr_sign_in_password_button"));
  /* The user starts on the code, named and described by what to do. */
  xuexin_test_assert_focus_in (GTK_WIDGET (xuexin_test_ticket_code (dialog)));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (xuexin_test_ticket_code (dialog)),
                                                   GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));

  /* The countdown runs from the ticket's five minutes. */
  countdown = xuexin_test_ticket_label (dialog, "ticket_countdown_label");
  g_assert_nonnull (countdown);
  {
    gboolean matched = FALSE;

    for (guint elapsed = 0; elapsed < 10 && !matched; elapsed++)
      {
        g_autofree char *wait = xuexin_format_wait (xuexin_test_service_get_config (service)->provider_ticket_ttl - elapsed);
        g_autofree char *expected = g_strdup_printf (_("The code expires in %s."), wait);

        matched = g_str_equal (countdown, expected);
      }
    g_assert_true (matched);
  }

  /* Not the local demo (the test service is a configured server): no
   * simulated phone link. */
  g_assert_false (xuexin_ticket_dialog_get_demo_mode (XUEXIN_TICKET_DIALOG (dialog)));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_demo_box"));
  xuexin_test_render_png (dialog, "qr-sign-in-pending");
  /* What a phone's camera reads off the screen is the ticket's URL. */
  xuexin_test_assert_qr_decodes (GTK_WIDGET (xuexin_test_ticket_code (dialog)), qr_url);

  /* In demo mode the link opens the very page the QR code holds. */
  xuexin_ticket_dialog_set_demo_mode (XUEXIN_TICKET_DIALOG (dialog), TRUE);
  g_assert_true (xuexin_test_ticket_shows (dialog, "ticket_demo_box"));
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (xuexin_test_require_child (dialog, "ticket_demo_link"))),
                   ==, qr_url);
  xuexin_test_render_png (dialog, "qr-sign-in-pending-demo");
  xuexin_ticket_dialog_set_demo_mode (XUEXIN_TICKET_DIALOG (dialog), FALSE);

  /* The phone opens the page: the dialog says to confirm there. */
  xuexin_test_service_phone_scan (service, qr_url);
  xuexin_test_ticket_wait_for_status (dialog, _("Scanned. Confirm the sign-in on your phone."));
  g_assert_false (xuexin_qr_code_get_expired (xuexin_test_ticket_code (dialog)));
  g_assert_cmpstr (xuexin_qr_code_get_text (xuexin_test_ticket_code (dialog)), ==, qr_url);
  xuexin_test_render_png (dialog, "qr-sign-in-scanned");

  /* Cancelled on the phone: said so, and a new code is one click away. */
  xuexin_test_service_phone_answer (service, qr_url, "anyone", "cancel");
  xuexin_test_ticket_wait_for_status (dialog, _("Sign-in was cancelled on the phone."));
  g_assert_true (xuexin_qr_code_get_expired (xuexin_test_ticket_code (dialog)));
  g_assert_true (xuexin_test_ticket_shows (dialog, "ticket_refresh_button"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_countdown_label"));
  xuexin_test_render_png (dialog, "qr-sign-in-cancelled");

  {
    /* Copied before the click: the new code may be there by the time
     * the click returns, and qr_url is the widget's text. */
    g_autofree char *old_url = g_strdup (qr_url);

    xuexin_test_click (xuexin_test_require_child (dialog, "ticket_refresh_button"));
    qr_url = wait_for_code (dialog, old_url);
    g_assert_cmpstr (qr_url, !=, old_url);
  }
  g_assert_cmpstr (xuexin_test_ticket_status (dialog), ==, _("Open WeChat and scan the code."));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_refresh_button"));

  close_and_check_finalized (dialog);
  xuexin_test_close_window (parent);
}

static void
test_qr_confirm (gconstpointer data)
{
  const char *provider = data;
  GtkWidget *parent = open_parent ();
  gint64 account_id = 0;
  g_autoptr(XuexinClient) owner = register_account (&account_id);
  g_autoptr(XuexinClient) client = xuexin_test_service_new_client (service);
  g_autoptr(XuexinAccount) account = NULL;
  g_autofree char *subject = next_subject ();
  GtkWidget *dialog;
  guint use_password = 0;

  bind_identity (owner, provider, subject);

  dialog = open_dialog (parent, client, provider);
  g_signal_connect (dialog, "signed-in", G_CALLBACK (signed_in_cb), &account);
  g_signal_connect_swapped (dialog, "use-password", G_CALLBACK (count_cb), &use_password);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_null (xuexin_client_get_token (client));

  xuexin_test_service_phone_scan (service, xuexin_qr_code_get_text (xuexin_test_ticket_code (dialog)));
  xuexin_test_service_phone_answer (service, xuexin_qr_code_get_text (xuexin_test_ticket_code (dialog)), subject, "confirm");

  /* Signed in as the account the identity was bound to; the client holds
   * the session, and the dialog is gone. */
  xuexin_test_wait_for (pointer_cleared, &dialog, "the dialog to close after signing in");
  g_assert_nonnull (account);
  g_assert_cmpint (xuexin_account_get_id (account), ==, account_id);
  g_assert_nonnull (xuexin_client_get_token (client));
  g_assert_cmpstr (xuexin_client_get_token (client), !=, xuexin_client_get_token (owner));
  g_assert_cmpuint (use_password, ==, 0);

  xuexin_test_close_window (parent);
}

static void
test_qr_not_bound (gconstpointer data)
{
  const char *provider = data;
  gboolean wechat = g_str_equal (provider, XUEXIN_PROVIDER_WECHAT);
  GtkWidget *parent = open_parent ();
  g_autoptr(XuexinClient) client = xuexin_test_service_new_client (service);
  g_autofree char *subject = next_subject ();
  g_autofree char *screenshot = g_strdup_printf ("qr-sign-in-not-bound-%s", provider);
  GtkWidget *dialog = open_dialog (parent, client, provider);
  const char *qr_url = xuexin_qr_code_get_text (xuexin_test_ticket_code (dialog));
  XuexinAccount *account = NULL;
  guint use_password = 0;

  g_signal_connect (dialog, "signed-in", G_CALLBACK (signed_in_cb), &account);
  g_signal_connect_swapped (dialog, "use-password", G_CALLBACK (count_cb), &use_password);
  g_assert_cmpstr (xuexin_test_ticket_label (dialog, "ticket_heading_label"), ==,
                   wechat ? _("Scan with WeChat") : _("Scan with Alipay"));

  /* An identity no account is bound to: FAQ 9's order of things. */
  xuexin_test_service_phone_scan (service, qr_url);
  xuexin_test_service_phone_answer (service, qr_url, subject, "confirm");
  xuexin_test_ticket_wait_for_error (dialog,
                  wechat ? _("No account is bound to this WeChat. Sign in with your password first, then bind WeChat in account management.")
                         : _("No account is bound to this Alipay. Sign in with your password first, then bind Alipay in account management."));
  g_assert_true (xuexin_test_ticket_shows (dialog, "qr_sign_in_password_button"));
  g_assert_true (xuexin_test_ticket_shows (dialog, "ticket_refresh_button"));
  g_assert_true (xuexin_qr_code_get_expired (xuexin_test_ticket_code (dialog)));
  g_assert_null (xuexin_client_get_token (client));
  xuexin_test_render_png (dialog, screenshot);

  /* Polling stopped: no timer of the dialog is left, and no poll of it
   * is still on its way. */
  {
    guint polls = xuexin_test_service_count_requests (service, "GET", "/providers/*/sign-in-tickets/*");

    g_assert_null (g_main_context_find_source_by_user_data (NULL, dialog));
    xuexin_test_service_sync (service, client);
    g_assert_cmpuint (xuexin_test_service_count_requests (service, "GET", "/providers/*/sign-in-tickets/*"), ==, polls);
  }
  g_assert_nonnull (xuexin_test_ticket_error (dialog));

  /* Sign in with the password instead: the dialog closes and says so. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  xuexin_test_click (xuexin_test_require_child (dialog, "qr_sign_in_password_button"));
  xuexin_test_wait_for (pointer_cleared, &dialog, "the dialog to close");
  g_assert_cmpuint (use_password, ==, 1);
  g_assert_null (account);

  xuexin_test_close_window (parent);
}

static void
test_qr_expired (void)
{
  GtkWidget *parent = open_parent ();
  g_autoptr(XuexinClient) client = xuexin_test_service_new_client (service);
  GtkWidget *dialog = open_dialog (parent, client, XUEXIN_PROVIDER_ALIPAY);
  g_autofree char *old_url = g_strdup (xuexin_qr_code_get_text (xuexin_test_ticket_code (dialog)));
  const char *new_url;

  g_assert_cmpstr (xuexin_test_ticket_status (dialog), ==, _("Open Alipay and scan the code."));

  /* Five minutes pass on the service. */
  xuexin_test_service_skip_seconds (service, xuexin_test_service_get_config (service)->provider_ticket_ttl + 1);
  xuexin_test_ticket_wait_for_status (dialog, _("This QR code has expired. Refresh it to get a new one."));
  g_assert_true (xuexin_qr_code_get_expired (xuexin_test_ticket_code (dialog)));
  g_assert_true (xuexin_test_ticket_shows (dialog, "ticket_refresh_button"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_countdown_label"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "qr_sign_in_password_button"));
  g_assert_null (xuexin_test_ticket_error (dialog));
  xuexin_test_render_png (dialog, "qr-sign-in-expired");

  /* Refresh: a new ticket, a different code, counting down again. */
  xuexin_test_click (xuexin_test_require_child (dialog, "ticket_refresh_button"));
  new_url = wait_for_code (dialog, old_url);
  g_assert_cmpstr (new_url, !=, old_url);
  g_assert_cmpstr (xuexin_test_ticket_status (dialog), ==, _("Open Alipay and scan the code."));
  g_assert_true (xuexin_test_ticket_shows (dialog, "ticket_countdown_label"));
  g_assert_false (xuexin_test_ticket_shows (dialog, "ticket_refresh_button"));

  /* The old code is dead for good on the phone too. */
  g_assert_cmpuint (xuexin_test_service_phone_open (service, old_url), ==, SOUP_STATUS_GONE);

  close_and_check_finalized (dialog);
  xuexin_test_close_window (parent);
}

static void
test_qr_network_error (void)
{
  GtkWidget *parent = open_parent ();
  g_autoptr(XuexinClient) client = xuexin_test_service_new_client (service);
  GtkWidget *dialog = open_dialog (parent, client, XUEXIN_PROVIDER_WECHAT);
  const char *qr_url = xuexin_qr_code_get_text (xuexin_test_ticket_code (dialog));
  GtkWidget *retry = xuexin_test_require_child (dialog, "ticket_retry_button");
  g_autofree char *code_before = g_strdup (qr_url);

  /* The server goes away between two polls. */
  xuexin_test_service_stop (service);
  xuexin_test_wait_for (widget_visible, retry, "Try Again");
  g_assert_nonnull (xuexin_test_ticket_error (dialog));
  xuexin_test_assert_alert (xuexin_test_require_child (dialog, "ticket_error_label"), xuexin_test_ticket_error (dialog));
  xuexin_test_assert_focus_in (retry);
  /* The code stays: it may still be confirmed once the server is back. */
  g_assert_cmpstr (xuexin_qr_code_get_text (xuexin_test_ticket_code (dialog)), ==, code_before);
  g_assert_false (xuexin_qr_code_get_expired (xuexin_test_ticket_code (dialog)));
  xuexin_test_expect_alert_of (dialog, "ticket_error_label");
  xuexin_test_render_png (dialog, "qr-sign-in-network-error");

  /* Back again: Try Again asks about the same code. */
  xuexin_test_service_start (service);
  xuexin_test_click (retry);
  xuexin_test_ticket_wait_for_status (dialog, _("Open WeChat and scan the code."));
  g_assert_null (xuexin_test_ticket_error (dialog));
  g_assert_false (gtk_widget_get_visible (retry));
  g_assert_cmpstr (xuexin_qr_code_get_text (xuexin_test_ticket_code (dialog)), ==, code_before);

  /* Away again, and back; this time close the dialog right after
   * Try Again, while its poll is on the wire. */
  xuexin_test_service_stop (service);
  xuexin_test_wait_for (widget_visible, retry, "Try Again");
  xuexin_test_service_start (service);
  g_signal_emit_by_name (retry, "clicked");
  close_and_check_finalized (dialog);
  xuexin_test_close_window (parent);
}

/* The poll routes, as in the service's routes table. */
#define SIGN_IN_POLL_ROUTE "/providers/*/sign-in-tickets/*"
#define BIND_POLL_ROUTE "/me/providers/*/bind-tickets/*"

typedef struct
{
  const char *route;
  guint       until;   /* the service's count to reach */
} RouteWait;

static guint
route_count (const char *route)
{
  return xuexin_test_service_count_requests (service, "GET", route);
}

static gboolean
route_count_reached (gpointer user_data)
{
  RouteWait *wait = user_data;

  return route_count (wait->route) >= wait->until;
}

static void
test_qr_close_while_starting (void)
{
  GtkWidget *parent = open_parent ();
  g_autoptr(XuexinClient) client = xuexin_test_service_new_client (service);
  GtkWidget *dialog = GTK_WIDGET (xuexin_qr_sign_in_dialog_new (GTK_WINDOW (parent), client, XUEXIN_PROVIDER_WECHAT, FALSE));

  /* Closed the moment it is on screen: the ticket request is in flight. */
  gtk_window_present (GTK_WINDOW (dialog));
  while (!gtk_widget_get_mapped (dialog))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (xuexin_test_require_child (dialog, "ticket_spinner"))));
  close_and_check_finalized (dialog);

  /* And closed right after a poll went out, while it waits for the next
   * one and something (here the test) still holds it: no poll goes out
   * afterwards. A bind dialog left open is the clock: it polls the other
   * route at the same interval, so three of its polls after the close
   * span two intervals, in which the closed dialog would have polled at
   * least once. */
  {
    gint64 account_id = 0;
    g_autoptr(XuexinClient) owner = register_account (&account_id);
    GtkWidget *clock = GTK_WIDGET (xuexin_provider_bind_dialog_new (NULL, owner, XUEXIN_PROVIDER_ALIPAY, FALSE));
    RouteWait poll = { SIGN_IN_POLL_ROUTE, 0 };
    RouteWait clock_polls = { BIND_POLL_ROUTE, 0 };
    guint polls_at_close;

    gtk_window_present (GTK_WINDOW (clock));
    dialog = open_dialog (parent, client, XUEXIN_PROVIDER_WECHAT);
    poll.until = route_count (SIGN_IN_POLL_ROUTE) + 1;
    xuexin_test_wait_for (route_count_reached, &poll, "the dialog to poll");

    g_object_ref (dialog);
    xuexin_test_close_window (dialog);
    polls_at_close = route_count (SIGN_IN_POLL_ROUTE);
    clock_polls.until = route_count (BIND_POLL_ROUTE) + 3;
    xuexin_test_wait_for (route_count_reached, &clock_polls, "three polls of the dialog left open");
    g_assert_cmpuint (route_count (SIGN_IN_POLL_ROUTE), ==, polls_at_close);

    xuexin_test_wait_for (only_reference, dialog, "the cancelled requests to let go of the dialog");
    g_assert_null (g_main_context_find_source_by_user_data (NULL, dialog));
    g_assert_finalize_object (dialog);
    xuexin_test_close_window (clock);
  }

  xuexin_test_close_window (parent);
}

/* What the QR widget draws, as the renderer turns it into pixels
 * (premultiplied ARGB, native endian; transparent where it draws nothing). */
static guint32 *
render_code (GtkWidget *code,
             int       *width,
             int       *height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint32 *pixels;

  *width = gtk_widget_get_width (code);
  *height = gtk_widget_get_height (code);
  GTK_WIDGET_GET_CLASS (code)->snapshot (code, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (code)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));

  pixels = g_new (guint32, (gsize) *width * *height);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) *width * 4);
  return pixels;
}

#define WHITE 0xffffffffu
#define BLACK 0xff000000u

static void
test_qr_narrow_dark (void)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkWidget *parent = open_parent ();
  g_autoptr(XuexinClient) client = xuexin_test_service_new_client (service);
  GtkWidget *dialog = GTK_WIDGET (xuexin_qr_sign_in_dialog_new (GTK_WINDOW (parent), client, XUEXIN_PROVIDER_WECHAT, FALSE));
  XuexinQrCode *code;
  g_autofree guint32 *pixels = NULL;
  int width;
  int height;
  int modules;
  int module;
  int left = G_MAXINT;
  int right = -1;
  int top = G_MAXINT;
  int bottom = -1;
  guint dark = 0;

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 600);
  xuexin_ticket_dialog_set_demo_mode (XUEXIN_TICKET_DIALOG (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
  xuexin_test_wait_until_mapped (dialog);
  wait_for_code (dialog, NULL);
  g_assert_cmpint (gtk_widget_get_width (dialog), <=, 360);
  xuexin_test_render_png (dialog, "qr-sign-in-narrow-dark");

  /* Black on white whatever the theme, every module whole pixels: the
   * code is a square a whole number of modules wide (with its white
   * quiet zone), and each pixel in it is pure black or pure white. */
  code = xuexin_test_ticket_code (dialog);
  modules = xuexin_qr_code_get_modules (code) + 2 * 4;
  pixels = render_code (GTK_WIDGET (code), &width, &height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        if ((pixels[y * width + x] >> 24) == 0)
          continue;
        left = MIN (left, x);
        right = MAX (right, x);
        top = MIN (top, y);
        bottom = MAX (bottom, y);
      }

  g_assert_cmpint (right, >=, 0);
  g_assert_cmpint (right - left + 1, ==, bottom - top + 1);
  g_assert_cmpint ((right - left + 1) % modules, ==, 0);
  module = (right - left + 1) / modules;
  g_assert_cmpint (module, >=, 3);

  for (int y = top; y <= bottom; y++)
    for (int x = left; x <= right; x++)
      {
        guint32 pixel = pixels[y * width + x];

        g_assert_true (pixel == WHITE || pixel == BLACK);
        dark += pixel == BLACK;
      }
  g_assert_cmpuint (dark, >, 0);
  /* The top-left module, corner of a finder pattern, is dark. */
  g_assert_cmphex (pixels[(top + 4 * module) * width + left + 4 * module], ==, BLACK);
  g_assert_cmphex (pixels[(top + 4 * module + module - 1) * width + left + 4 * module + module - 1], ==, BLACK);

  /* Expired: the code fades on its white card, not into the dark. */
  xuexin_qr_code_set_expired (code, TRUE);
  g_clear_pointer (&pixels, g_free);
  pixels = render_code (GTK_WIDGET (code), &width, &height);
  g_assert_cmphex (pixels[top * width + left], ==, WHITE);
  g_assert_cmphex (pixels[bottom * width + right], ==, WHITE);
  g_assert_cmphex (pixels[(top + 4 * module) * width + left + 4 * module], !=, BLACK);
  xuexin_qr_code_set_expired (code, FALSE);

  close_and_check_finalized (dialog);
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
  xuexin_test_close_window (parent);
}

static void
test_qr_demo_mode_default (void)
{
  g_autoptr(XuexinClient) client = xuexin_test_service_new_client (service);
  XuexinQrSignInDialog *dialog = xuexin_qr_sign_in_dialog_new (NULL, client, XUEXIN_PROVIDER_ALIPAY, FALSE);
  XuexinTicketDialog *ticket_dialog = XUEXIN_TICKET_DIALOG (dialog);
  XuexinQrSignInDialog *demo_dialog;
  guint notified = 0;

  /* The dialog takes the demo mode its opener passes, not the
   * application's: the window knows which service its client talks to. */
  g_assert_false (xuexin_ticket_dialog_get_demo_mode (ticket_dialog));
  g_assert_cmpstr (xuexin_ticket_dialog_get_provider (ticket_dialog), ==, XUEXIN_PROVIDER_ALIPAY);
  g_assert_cmpint (xuexin_ticket_dialog_get_state (ticket_dialog), ==, XUEXIN_TICKET_DIALOG_STATE_IDLE);

  demo_dialog = xuexin_qr_sign_in_dialog_new (NULL, client, XUEXIN_PROVIDER_WECHAT, TRUE);
  g_assert_false (xuexin_application_is_demo_mode (xuexin_test_ui_get_application ()));
  g_assert_true (xuexin_ticket_dialog_get_demo_mode (XUEXIN_TICKET_DIALOG (demo_dialog)));
  g_object_ref (demo_dialog);
  gtk_window_destroy (GTK_WINDOW (demo_dialog));
  g_assert_finalize_object (demo_dialog);

  g_signal_connect_swapped (dialog, "notify::demo-mode", G_CALLBACK (count_cb), &notified);
  xuexin_ticket_dialog_set_demo_mode (ticket_dialog, TRUE);
  xuexin_ticket_dialog_set_demo_mode (ticket_dialog, TRUE);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (xuexin_ticket_dialog_get_demo_mode (ticket_dialog));

  /* Never shown, it never asked the service for anything. */
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (xuexin_test_require_child (GTK_WIDGET (dialog), "ticket_spinner"))));
  g_assert_cmpint (xuexin_ticket_dialog_get_state (ticket_dialog), ==, XUEXIN_TICKET_DIALOG_STATE_IDLE);
  g_object_ref (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

int
main (int   argc,
      char *argv[])
{
  /* The default providers: WeChat and Alipay both simulated. */
  service = xuexin_test_ui_init_with_service (&argc, &argv);

  g_test_add_func ("/app/qr/pending-scanned-cancelled", test_qr_pending_and_scanned);
  g_test_add_data_func ("/app/qr/confirm/wechat", XUEXIN_PROVIDER_WECHAT, test_qr_confirm);
  g_test_add_data_func ("/app/qr/confirm/alipay", XUEXIN_PROVIDER_ALIPAY, test_qr_confirm);
  g_test_add_data_func ("/app/qr/not-bound/wechat", XUEXIN_PROVIDER_WECHAT, test_qr_not_bound);
  g_test_add_data_func ("/app/qr/not-bound/alipay", XUEXIN_PROVIDER_ALIPAY, test_qr_not_bound);
  g_test_add_func ("/app/qr/expired", test_qr_expired);
  g_test_add_func ("/app/qr/network-error", test_qr_network_error);
  g_test_add_func ("/app/qr/close-while-starting", test_qr_close_while_starting);
  g_test_add_func ("/app/qr/narrow-dark", test_qr_narrow_dark);
  g_test_add_func ("/app/qr/demo-mode-default", test_qr_demo_mode_default);

  return xuexin_test_ui_run ();
}
