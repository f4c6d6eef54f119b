/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "identity/xuexin-identity-flow.h"
#include "inbox/xuexin-inbox-dialog.h"
#include "identity/xuexin-identity-progress-page.h"
#include "identity/xuexin-review-watcher.h"
#include "recovery/xuexin-recovery-flow.h"
#include "kiosk/xuexin-kiosk-staff-dialog.h"
#include "review/xuexin-review-console.h"
#include "xuexin-a11y.h"
#include "xuexin-account-page.h"
#include "xuexin-api.h"
#include "xuexin-demo-message.h"
#include "xuexin-on-screen.h"
#include "xuexin-qr-sign-in-dialog.h"
#include "xuexin-register-flow.h"
#include "xuexin-session-store.h"
#include "xuexin-sign-in-page.h"
#include "xuexin-window.h"

/* The main window: the sign-in page, the flows it leads to, and account
 * management once signed in. It owns the connection to the server. */
struct _XuexinWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  XuexinClient         *client;
  GCancellable         *cancellable;

  AdwToastOverlay      *toast_overlay;
  GtkLabel             *announcer;
  GtkWidget            *header_bar;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *demo_messages_button;
  GtkListBox           *demo_messages_list;
  GtkWidget            *demo_messages_return_focus;
  GtkStack             *main_stack;
  XuexinSignInPage     *sign_in_page;
  XuexinAccountPage    *account_page;
  XuexinReviewConsole  *review_console;
  GtkWidget            *flow;

  /* The classmate's inbox (path 3): polled while the window is seen. */
  GtkWidget            *inbox_overlay;
  GtkButton            *inbox_button;
  GtkLabel             *inbox_badge;
  GCancellable         *inbox_cancellable;  /* the count in flight */
  guint                 inbox_poll_id;
  guint                 inbox_unread;
  gboolean              inbox_known;        /* a count came since sign-in */
  GtkWidget            *inbox_dialog;       /* weak */
  /* While a pending account is signed in: its review case (path 2). */
  XuexinReviewWatcher  *review_watcher;
  /* FALSE for New Window: another person may be about to sign in. */
  gboolean              restores_session;

  /* Kiosk mode: the visitor's End and Clear, and hiding seen once. */
  GtkWidget            *kiosk_end_button;
  gboolean              kiosk;
  gboolean              was_shown;
};

/* GET /me/inbox/count is one indexed count, which the API calls cheap
 * enough to poll; a requester often waits on the phone for the
 * classmate to answer, so half a minute is as late as the badge and
 * the notification may be. */
#define XUEXIN_INBOX_POLL_SECONDS 30

/* The id of the one inbox notification, replaced as the count goes up
 * and withdrawn once the inbox is opened. */
#define XUEXIN_INBOX_NOTIFICATION_ID "inbox"

static void xuexin_window_update_inbox (XuexinWindow *self);

G_DEFINE_FINAL_TYPE (XuexinWindow, xuexin_window, ADW_TYPE_APPLICATION_WINDOW)


/**
 * xuexin_window_get_client:
 *
 * Returns: (transfer none) (nullable): the client, once connected
 */
XuexinClient *
xuexin_window_get_client (XuexinWindow *self)
{
  g_return_val_if_fail (XUEXIN_IS_WINDOW (self), NULL);

  return self->client;
}

/* libadwaita 1.2 does not announce toasts (1.5 does, on GTK 4.14). */
static void
xuexin_window_add_toast (XuexinWindow *self,
                         AdwToast     *toast)
{
  xuexin_a11y_announce (GTK_WIDGET (self), adw_toast_get_title (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
xuexin_window_toast (XuexinWindow *self,
                     const char   *message)
{
  xuexin_window_add_toast (self, adw_toast_new (message));
}

static void
xuexin_window_close_flow (XuexinWindow *self)
{
  if (self->flow == NULL)
    return;

  gtk_stack_remove (self->main_stack, self->flow);
  self->flow = NULL;
}

/* Each of the window's pages starts at the same place every time it is
 * shown (GtkStack would put the focus back where it was long ago, or on
 * the first button): the sign-in page on the login name (callers may
 * move it on, to the password or to the field an error is about), the
 * account page on its heading. */
static void xuexin_window_follow_review (XuexinWindow  *self,
                                         XuexinAccount *account);

/* A staff account's window is the review console, and says so in its
 * title and a coloured header bar; every other page is the plain app. */
static void
xuexin_window_set_review_mode (XuexinWindow *self,
                               gboolean      review)
{
  const char *title = review ? _("Review Console") : _("Xuexin Assistant");

  /* Leaving the console releases the claim and forgets the queue. */
  if (!review && self->review_console != NULL)
    xuexin_review_console_stop (self->review_console);

  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (review)
    gtk_widget_add_css_class (self->header_bar, "review-console");
  else
    gtk_widget_remove_css_class (self->header_bar, "review-console");
}

static void
xuexin_window_show_sign_in (XuexinWindow *self)
{
  xuexin_window_set_review_mode (self, FALSE);
  xuexin_window_follow_review (self, NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  xuexin_window_close_flow (self);
  xuexin_window_update_inbox (self);
  xuexin_sign_in_page_focus_login_name (self->sign_in_page);
}

/* Only ever reached from xuexin_window_show_account() with an account
 * the service says is staff: no action leads here. */
static void
xuexin_window_show_review_console (XuexinWindow *self)
{
  xuexin_window_follow_review (self, NULL);
  xuexin_window_set_review_mode (self, TRUE);
  xuexin_review_console_start (self->review_console, self->client);
  gtk_stack_set_visible_child_name (self->main_stack, "review");
  xuexin_window_close_flow (self);
  xuexin_window_update_inbox (self);
  xuexin_review_console_focus_start (self->review_console);
}

/* Signed in, by password, a remembered session or a QR code. */
static void
xuexin_window_show_account (XuexinWindow  *self,
                            XuexinAccount *account)
{
  if (xuexin_account_is_staff (account))
    {
      xuexin_window_show_review_console (self);
      return;
    }

  xuexin_window_set_review_mode (self, FALSE);
  xuexin_account_page_set_account (self->account_page, self->client, account);
  xuexin_window_follow_review (self, account);
  gtk_stack_set_visible_child_name (self->main_stack, "account");
  xuexin_window_close_flow (self);
  xuexin_window_update_inbox (self);
  xuexin_account_page_focus_start (self->account_page);
}

static void
xuexin_window_show_flow (XuexinWindow *self,
                         GtkWidget    *flow,
                         const char   *title)
{
  xuexin_window_close_flow (self);
  /* The assistant puts the focus on its first page's field as it is
   * mapped; GtkStack, if the focus were still in the page left, would
   * then move it on by one more Tab. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  self->flow = flow;
  gtk_stack_page_set_title (gtk_stack_add_named (self->main_stack, flow, "flow"), title);
  gtk_stack_set_visible_child (self->main_stack, flow);
  xuexin_window_update_inbox (self);
}

/* ----- remembered sessions --------------------------------------------- */

static const char *
xuexin_window_get_server_url (XuexinWindow *self)
{
  return xuexin_application_get_server_url (XUEXIN_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

/* Kiosks never keep a session past the person in front of them. */
static gboolean
xuexin_window_may_remember (XuexinWindow *self)
{
  return g_settings_get_boolean (self->settings, "remember-me") && !self->kiosk;
}

static void
remember_session_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(XuexinWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!xuexin_session_store_save_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      AdwToast *toast = adw_toast_new (error->message);

      /* Not a silent failure: the user believes they will stay signed in. */
      adw_toast_set_timeout (toast, 10);
      xuexin_window_add_toast (self, toast);
    }
}

static void
xuexin_window_remember_session (XuexinWindow *self)
{
  const char *token = xuexin_client_get_token (self->client);

  if (token == NULL || !xuexin_window_may_remember (self))
    return;

  xuexin_session_store_save_async (xuexin_window_get_server_url (self), token, self->cancellable,
                                   remember_session_cb, g_object_ref (self));
}

static void
forget_session_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!xuexin_session_store_clear_finish (result, &error))
    g_debug ("Could not forget the session: %s", error->message);
}

static void
xuexin_window_forget_session (XuexinWindow *self)
{
  /* A kiosk never stores one, and never touches the keyring. */
  if (self->kiosk)
    return;
  xuexin_session_store_clear_async (xuexin_window_get_server_url (self), NULL, forget_session_cb, NULL);
}

static void
restore_me_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(XuexinWindow) self = user_data;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = xuexin_client_get_me_finish (XUEXIN_CLIENT (object), result, &error);
  if (account == NULL)
    {
      /* Expired or revoked (a password reset signs out everywhere). */
      xuexin_client_set_token (self->client, NULL);
      if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED))
        xuexin_window_forget_session (self);
      return;
    }

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "sign-in") == 0)
    xuexin_window_show_account (self, account);
}

static void
restore_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(XuexinWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = xuexin_session_store_lookup_finish (result, &error);

  if (token == NULL || self->client == NULL || xuexin_client_get_token (self->client) != NULL)
    return;

  xuexin_client_set_token (self->client, token);
  xuexin_client_get_me_async (self->client, self->cancellable, restore_me_cb, g_object_ref (self));
}

static void
xuexin_window_restore_session (XuexinWindow *self)
{
  if (!xuexin_window_may_remember (self))
    return;

  xuexin_session_store_lookup_async (xuexin_window_get_server_url (self), self->cancellable,
                                     restore_lookup_cb, g_object_ref (self));
}

/* ----- signing in ------------------------------------------------------ */

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(XuexinWindow) self = user_data;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = xuexin_client_sign_in_finish (XUEXIN_CLIENT (object), result, &error);
  xuexin_sign_in_page_set_busy (self->sign_in_page, FALSE);

  if (account == NULL)
    {
      xuexin_sign_in_page_show_error (self->sign_in_page, error);
      return;
    }

  xuexin_sign_in_page_reset (self->sign_in_page);
  xuexin_window_remember_session (self);
  xuexin_window_show_account (self, account);
}

static void
sign_in_requested_cb (XuexinWindow     *self,
                      const char       *login_name,
                      const char       *password,
                      XuexinSignInPage *page)
{
  if (self->client == NULL)
    return;

  xuexin_sign_in_page_set_busy (self->sign_in_page, TRUE);
  xuexin_client_sign_in_async (self->client, login_name, password, self->cancellable,
                               sign_in_cb, g_object_ref (self));
}

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(XuexinWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The client forgets the token either way; a failure only means the
   * server keeps an unused session until it expires. */
  if (!xuexin_client_sign_out_finish (XUEXIN_CLIENT (object), result, &error))
    g_debug ("Signing out on the server failed: %s", error->message);

  xuexin_window_forget_session (self);
  xuexin_sign_in_page_reset (self->sign_in_page);
  xuexin_window_show_sign_in (self);
  xuexin_window_toast (self, _("Signed out"));
}

static void
xuexin_window_sign_out_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  XuexinWindow *self = XUEXIN_WINDOW (widget);

  /* The claim is released while the session still counts. */
  xuexin_window_set_review_mode (self, FALSE);
  if (self->client != NULL)
    xuexin_client_sign_out_async (self->client, self->cancellable, sign_out_cb, g_object_ref (self));
}

/* The demo codes must be reachable without hunting for the envelope
 * button: a blind user opens them with Ctrl+M from any field, reads the
 * focused message and returns there with Escape. */
static void
xuexin_window_show_demo_messages_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  XuexinWindow *self = XUEXIN_WINDOW (widget);
  GtkListBoxRow *newest;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->demo_messages_button)))
    return;

  g_set_weak_pointer (&self->demo_messages_return_focus, gtk_root_get_focus (GTK_ROOT (self)));
  gtk_menu_button_popup (self->demo_messages_button);
  /* The newest message first: the code the user is waiting for. */
  newest = gtk_list_box_get_row_at_index (self->demo_messages_list, 0);
  if (newest != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (newest));
}

/* Back to the field the code is to be typed in, not to the envelope. */
static void
demo_messages_closed_cb (XuexinWindow *self)
{
  if (self->demo_messages_return_focus != NULL && gtk_widget_get_mapped (self->demo_messages_return_focus))
    gtk_widget_grab_focus (self->demo_messages_return_focus);
  g_clear_weak_pointer (&self->demo_messages_return_focus);
}

/* ----- registration ---------------------------------------------------- */

static void
registered_sign_in_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(XuexinWindow) self = user_data;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = xuexin_client_sign_in_finish (XUEXIN_CLIENT (object), result, &error);
  if (account == NULL)
    {
      /* Registered all the same: the user signs in by hand. */
      xuexin_window_show_sign_in (self);
      xuexin_sign_in_page_show_error (self->sign_in_page, error);
      return;
    }

  xuexin_window_remember_session (self);
  xuexin_window_show_account (self, account);
}

static void
register_finished_cb (XuexinWindow *self,
                      XuexinFlow   *flow)
{
  XuexinRegisterFlow *register_flow = XUEXIN_REGISTER_FLOW (flow);
  g_autofree char *phone = xuexin_register_flow_dup_phone (register_flow);
  g_autofree char *password = xuexin_register_flow_dup_password (register_flow);

  if (xuexin_register_flow_get_email_skipped (register_flow))
    xuexin_window_toast (self, _("Registered without an email address. Bind one in account management when you can."));
  else
    xuexin_window_toast (self, _("Registration complete"));

  xuexin_client_sign_in_async (self->client, phone, password, self->cancellable,
                               registered_sign_in_cb, g_object_ref (self));
}

/* ----- recovery -------------------------------------------------------- */

static void
find_username_finished_cb (XuexinWindow *self,
                           XuexinFlow   *flow)
{
  g_autofree char *login_name = xuexin_recovery_flow_dup_login_name (XUEXIN_RECOVERY_FLOW (flow));

  xuexin_window_show_sign_in (self);
  xuexin_sign_in_page_set_login_name (self->sign_in_page, login_name);
}

static void
reset_password_finished_cb (XuexinWindow *self,
                            XuexinFlow   *flow)
{
  g_autofree char *login_name = xuexin_recovery_flow_dup_login_name (XUEXIN_RECOVERY_FLOW (flow));

  /* Any password typed before is the old one. */
  xuexin_sign_in_page_reset (self->sign_in_page);
  xuexin_window_show_sign_in (self);
  xuexin_sign_in_page_set_login_name (self->sign_in_page, login_name);
}

/* ----- launching flows ------------------------------------------------- */

/* Every flow starts from an action of the same name, replaces the
 * sign-in page until it ends, and goes back there when cancelled. */
static const struct
{
  const char  *action_name;
  const char  *title;
  XuexinFlow *(*create)   (XuexinClient *client);
  void        (*finished) (XuexinWindow *self,
                           XuexinFlow   *flow);
} window_flows[] = {
  { "win.register", N_("Register"), xuexin_register_flow_new, register_finished_cb },
  { "win.find-username", N_("Find Username"), xuexin_recovery_flow_new_find_username, find_username_finished_cb },
  { "win.reset-password", N_("Reset Password"), xuexin_recovery_flow_new_reset_password, reset_password_finished_cb },
};

static void
flow_cancelled_cb (XuexinWindow *self)
{
  xuexin_window_show_sign_in (self);
}

static void
xuexin_window_flow_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  XuexinWindow *self = XUEXIN_WINDOW (widget);

  if (self->client == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (window_flows); i++)
    {
      XuexinFlow *flow;

      if (!g_str_equal (window_flows[i].action_name, action_name))
        continue;

      flow = window_flows[i].create (self->client);
      g_signal_connect_object (flow, "finished", G_CALLBACK (window_flows[i].finished), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (flow, "cancelled", G_CALLBACK (flow_cancelled_cb), self, G_CONNECT_SWAPPED);
      xuexin_window_show_flow (self, GTK_WIDGET (flow), _(window_flows[i].title));
      return;
    }

  g_return_if_reached ();
}

static void
xuexin_window_set_flows_enabled (XuexinWindow *self,
                                 gboolean      enabled)
{
  for (guint i = 0; i < G_N_ELEMENTS (window_flows); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), window_flows[i].action_name, enabled);
}

/* ----- identity verification ------------------------------------------ */

static void
identity_me_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(XuexinWindow) self = user_data;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = xuexin_client_get_me_finish (XUEXIN_CLIENT (object), result, &error);
  if (account == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Cancelled meanwhile (another account of the ID verified first)
       * or signed out: the sign-in page says why. */
      xuexin_client_set_token (self->client, NULL);
      xuexin_window_show_sign_in (self);
      xuexin_sign_in_page_show_error (self->sign_in_page, error);
      return;
    }

  xuexin_window_show_account (self, account);
}

/* The account page shows the account as it is now: verified, or
 * pending with a path under way. */
static void
xuexin_window_reload_account (XuexinWindow *self)
{
  xuexin_client_get_me_async (self->client, self->cancellable, identity_me_cb, g_object_ref (self));
}

static void
identity_finished_cb (XuexinWindow *self,
                      XuexinFlow   *flow)
{
  XuexinAccount *account = xuexin_identity_flow_get_account (XUEXIN_IDENTITY_FLOW (flow));

  if (account != NULL)
    {
      xuexin_window_toast (self, _("Identity verified"));
      xuexin_window_show_account (self, account);
      return;
    }

  xuexin_window_reload_account (self);
}

/* 解决办法, from the start or at the review's progress. */
static void
xuexin_window_show_identity_flow (XuexinWindow *self,
                                  XuexinFlow   *flow)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  xuexin_identity_flow_set_demo_mode (XUEXIN_IDENTITY_FLOW (flow),
                                      XUEXIN_IS_APPLICATION (application)
                                      && xuexin_application_is_demo_mode (XUEXIN_APPLICATION (application)));
  g_signal_connect_object (flow, "finished", G_CALLBACK (identity_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (flow, "cancelled", G_CALLBACK (xuexin_window_reload_account), self, G_CONNECT_SWAPPED);
  /* Translators: the window title while verifying identity (解决办法). */
  xuexin_window_show_flow (self, GTK_WIDGET (flow), _("Verify Identity"));
}

static void
xuexin_window_verify_identity_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  XuexinWindow *self = XUEXIN_WINDOW (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  XuexinFlow *flow;

  if (self->client == NULL || xuexin_client_get_token (self->client) == NULL)
    return;

  flow = xuexin_identity_flow_new (self->client, *path != '\0' ? path : NULL);
  xuexin_window_show_identity_flow (self, flow);
}

/* ----- the classmate's inbox ------------------------------------------- */

/* Only an active account has an inbox (a pending one is refused with
 * identity_verification_required), and only on the account page. */
static gboolean
xuexin_window_inbox_wanted (XuexinWindow *self)
{
  XuexinAccount *account = xuexin_account_page_get_account (self->account_page);

  return self->client != NULL && xuexin_client_get_token (self->client) != NULL &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "account") == 0 &&
         account != NULL &&
         g_strcmp0 (xuexin_account_get_state (account), XUEXIN_ACCOUNT_STATE_ACTIVE) == 0;
}

static void
xuexin_window_set_inbox_unread (XuexinWindow *self,
                                guint         unread)
{
  g_autofree char *name = NULL;
  g_autofree char *count = NULL;

  self->inbox_unread = unread;
  if (unread == 0)
    name = g_strdup (_("Inbox"));
  else
    /* Translators: the inbox button's name and tooltip. */
    name = g_strdup_printf (ngettext ("Inbox, %u unread request", "Inbox, %u unread requests", unread), unread);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->inbox_button), name);
  /* GTK 4.8 passes a tooltip on only as the description. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->inbox_button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_button_set_icon_name (self->inbox_button, unread > 0 ? "mail-unread-symbolic" : "mail-read-symbolic");

  count = unread > 99 ? g_strdup ("99+") : g_strdup_printf ("%u", unread);
  gtk_label_set_label (self->inbox_badge, count);
  gtk_widget_set_visible (GTK_WIDGET (self->inbox_badge), unread > 0);
}

static void
xuexin_window_notify_inbox (XuexinWindow *self,
                            guint         unread)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;

  /* Unregistered (as in some tests), GApplication cannot send. */
  if (application == NULL || !g_application_get_is_registered (application))
    return;

  /* The count says nothing of who asks, and listing the requests to
   * find out would mark them read before the user saw them. */
  body = g_strdup_printf (ngettext ("%u classmate asks you to confirm that you studied together. Open the inbox to answer.",
                                    "%u classmates ask you to confirm that you studied together. Open the inbox to answer.",
                                    unread),
                          unread);
  notification = g_notification_new (_("A classmate asks for your help"));
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.show-inbox");
  g_application_send_notification (application, XUEXIN_INBOX_NOTIFICATION_ID, notification);
}

static void
xuexin_window_withdraw_inbox_notification (XuexinWindow *self)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (application != NULL)
    g_application_withdraw_notification (application, XUEXIN_INBOX_NOTIFICATION_ID);
}

static void
inbox_count_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(XuexinWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint unread = 0;

  if (!xuexin_client_get_inbox_count_finish (XUEXIN_CLIENT (object), result, &unread, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->inbox_cancellable);
      /* The next poll tries again; the badge keeps what it knew. */
      g_debug ("Could not count the inbox: %s", error->message);
      return;
    }

  g_clear_object (&self->inbox_cancellable);
  if (xuexin_inbox_should_notify (self->inbox_known, self->inbox_unread, unread))
    xuexin_window_notify_inbox (self, unread);
  self->inbox_known = TRUE;
  xuexin_window_set_inbox_unread (self, unread);
}

static void
xuexin_window_poll_inbox (XuexinWindow *self)
{
  if (self->inbox_cancellable != NULL || !xuexin_window_inbox_wanted (self))
    return;

  self->inbox_cancellable = g_cancellable_new ();
  xuexin_client_get_inbox_count_async (self->client, self->inbox_cancellable,
                                       inbox_count_cb, g_object_ref (self));
}

static gboolean
inbox_poll_cb (gpointer user_data)
{
  xuexin_window_poll_inbox (XUEXIN_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
xuexin_window_stop_inbox_polling (XuexinWindow *self)
{
  g_clear_handle_id (&self->inbox_poll_id, g_source_remove);
  g_cancellable_cancel (self->inbox_cancellable);
  g_clear_object (&self->inbox_cancellable);
}

/* Shows the inbox button and polls while the account page of an active
 * account is seen; stops and forgets the count otherwise (signed out,
 * another page, minimized). */
static void
xuexin_window_update_inbox (XuexinWindow *self)
{
  gboolean wanted;

  /* Also reached while the window is torn down. */
  if (self->main_stack == NULL || self->account_page == NULL)
    return;

  wanted = xuexin_window_inbox_wanted (self);
  gtk_widget_set_visible (self->inbox_overlay, wanted);
  if (!wanted)
    {
      xuexin_window_stop_inbox_polling (self);
      if (self->client == NULL || xuexin_client_get_token (self->client) == NULL)
        {
          /* Signed out: the next person starts from nothing. */
          self->inbox_known = FALSE;
          xuexin_window_set_inbox_unread (self, 0);
          xuexin_window_withdraw_inbox_notification (self);
        }
      return;
    }

  /* Not hidden, not minimized: someone may look at the badge. */
  if (!xuexin_gtk_window_is_on_screen (GTK_WINDOW (self)))
    {
      xuexin_window_stop_inbox_polling (self);
      return;
    }

  if (self->inbox_poll_id == 0)
    {
      /* Right away (just signed in, or back from minimized), then every
       * XUEXIN_INBOX_POLL_SECONDS. */
      xuexin_window_poll_inbox (self);
      self->inbox_poll_id = g_timeout_add_seconds (XUEXIN_INBOX_POLL_SECONDS, inbox_poll_cb, self);
    }
}

static void
inbox_dialog_listed_cb (XuexinWindow *self)
{
  /* Listing marked the requests read: the badge follows at once. */
  g_cancellable_cancel (self->inbox_cancellable);
  g_clear_object (&self->inbox_cancellable);
  xuexin_window_poll_inbox (self);
}

static void
xuexin_window_show_inbox_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  XuexinWindow *self = XUEXIN_WINDOW (widget);
  XuexinInboxDialog *dialog;

  if (!xuexin_window_inbox_wanted (self))
    return;

  xuexin_window_withdraw_inbox_notification (self);
  if (self->inbox_dialog != NULL)
    {
      xuexin_inbox_dialog_reload (XUEXIN_INBOX_DIALOG (self->inbox_dialog));
      gtk_window_present (GTK_WINDOW (self->inbox_dialog));
      return;
    }

  dialog = xuexin_inbox_dialog_new (GTK_WINDOW (self), self->client);
  g_set_weak_pointer (&self->inbox_dialog, GTK_WIDGET (dialog));
  g_signal_connect_object (dialog, "listed", G_CALLBACK (inbox_dialog_listed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
surface_state_cb (XuexinWindow *self)
{
  xuexin_window_update_inbox (self);
}

static void
xuexin_window_realize_cb (XuexinWindow *self)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));

  g_signal_connect_object (surface, "notify::state", G_CALLBACK (surface_state_cb), self, G_CONNECT_SWAPPED);
}

/* ----- the help-desk review (path 2) ------------------------------------ */

#define REVIEW_NOTIFICATION_ID "review-decision"

static void
review_case_changed_cb (XuexinWindow *self)
{
  /* The menu entry and the account page's button follow this action. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-review-progress",
                                 self->review_watcher != NULL
                                 && xuexin_review_watcher_has_case (self->review_watcher));
}

static void
review_decided_cb (XuexinWindow        *self,
                   XuexinReviewCase    *review_case,
                   XuexinReviewWatcher *watcher)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  gboolean approved = g_strcmp0 (xuexin_review_case_get_state (review_case),
                                 XUEXIN_REVIEW_CASE_STATE_APPROVED) == 0;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;

  if (approved)
    {
      notification = g_notification_new (_("Identity verified"));
      body = g_strdup (_("The help desk accepted your ID photos. Your account can now be used in full."));
    }
  else
    {
      const char *note = xuexin_review_case_get_rejection_note (review_case);
      const char *reason = xuexin_identity_format_rejection_reason (xuexin_review_case_get_rejection_reason (review_case));

      notification = g_notification_new (_("Your ID photos were not accepted"));
      if (note != NULL && *note != '\0')
        /* Translators: a rejection reason, then the reviewer's note. */
        body = g_strdup_printf (_("%s. Note from the help desk: %s"), reason, note);
      else
        body = g_strdup_printf (_("%s. Upload new photos to try again."), reason);
    }
  g_notification_set_body (notification, body);
  /* GNotification only activates application actions. */
  g_notification_set_default_action (notification, "app.show-review-progress");
  if (application != NULL && g_application_get_is_registered (application))
    g_application_send_notification (application, REVIEW_NOTIFICATION_ID, notification);

  /* The account page of an approved account shows it active. */
  if (approved && self->flow == NULL
      && g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "account") == 0)
    xuexin_window_reload_account (self);
}

/* Follows the review case while @account (nullable: signed out) is
 * pending; stops once it is not. */
static void
xuexin_window_follow_review (XuexinWindow  *self,
                             XuexinAccount *account)
{
  if (account == NULL || !xuexin_account_is_pending (account) || self->client == NULL)
    {
      if (self->review_watcher != NULL)
        xuexin_review_watcher_stop (self->review_watcher);
      review_case_changed_cb (self);
      return;
    }

  if (self->review_watcher == NULL)
    {
      self->review_watcher = xuexin_review_watcher_new (self->client, GTK_WINDOW (self));
      g_signal_connect_object (self->review_watcher, "notify::case",
                               G_CALLBACK (review_case_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->review_watcher, "decided",
                               G_CALLBACK (review_decided_cb), self, G_CONNECT_SWAPPED);
    }
  xuexin_review_watcher_start (self->review_watcher);
}

/**
 * xuexin_window_get_review_watcher:
 *
 * Returns: (transfer none) (nullable): the watcher of the signed-in
 *   pending account's review case, once one was signed in
 */
XuexinReviewWatcher *
xuexin_window_get_review_watcher (XuexinWindow *self)
{
  g_return_val_if_fail (XUEXIN_IS_WINDOW (self), NULL);

  return self->review_watcher;
}

/* 证件重复-客服审核: the identity flow at its progress page. */
static void
xuexin_window_show_review_progress_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  XuexinWindow *self = XUEXIN_WINDOW (widget);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (self->client == NULL || xuexin_client_get_token (self->client) == NULL)
    return;

  /* Seen now: the notification has said what it had to. */
  if (application != NULL && g_application_get_is_registered (G_APPLICATION (application)))
    g_application_withdraw_notification (G_APPLICATION (application), REVIEW_NOTIFICATION_ID);

  xuexin_window_show_identity_flow (self, xuexin_identity_flow_new_at_review (self->client));
}

/* ----- QR sign-in ------------------------------------------------------- */

static void
qr_signed_in_cb (XuexinWindow         *self,
                 XuexinAccount        *account,
                 XuexinQrSignInDialog *dialog)
{
  xuexin_sign_in_page_reset (self->sign_in_page);
  xuexin_window_remember_session (self);
  xuexin_window_show_account (self, account);
}

static void
qr_use_password_cb (XuexinWindow         *self,
                    XuexinQrSignInDialog *dialog)
{
  xuexin_window_show_sign_in (self);
  xuexin_sign_in_page_focus_password (self->sign_in_page);
}

static void
xuexin_window_open_qr_sign_in (XuexinWindow *self,
                               const char   *provider)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  gboolean demo_mode;
  XuexinQrSignInDialog *dialog;

  if (self->client == NULL)
    return;

  demo_mode = XUEXIN_IS_APPLICATION (application) &&
              xuexin_application_is_demo_mode (XUEXIN_APPLICATION (application));
  dialog = xuexin_qr_sign_in_dialog_new (GTK_WINDOW (self), self->client, provider, demo_mode);
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (qr_signed_in_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "use-password", G_CALLBACK (qr_use_password_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
flow_requested_cb (XuexinWindow     *self,
                   const char       *flow,
                   XuexinSignInPage *page)
{
  if (g_str_equal (flow, "register"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.register", NULL);
  else if (g_str_equal (flow, "find-username"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.find-username", NULL);
  else if (g_str_equal (flow, "reset-password"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.reset-password", NULL);
  else if (g_str_equal (flow, "qr-wechat"))
    xuexin_window_open_qr_sign_in (self, XUEXIN_PROVIDER_WECHAT);
  else if (g_str_equal (flow, "qr-alipay"))
    xuexin_window_open_qr_sign_in (self, XUEXIN_PROVIDER_ALIPAY);
  else
    g_warning ("Unknown flow “%s”", flow);
}

static void
xuexin_window_show_sign_in_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  xuexin_window_show_sign_in (XUEXIN_WINDOW (widget));
}

/* ----- demo messages --------------------------------------------------- */

static GtkWidget *
create_demo_message_row (gpointer item,
                         gpointer user_data)
{
  XuexinDemoMessage *message = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *code = gtk_label_new (xuexin_demo_message_get_code (message));
  g_autofree char *time = g_date_time_format (xuexin_demo_message_get_sent_at (message), "%H:%M:%S");
  g_autofree char *title = g_strdup_printf ("%s · %s", xuexin_demo_message_get_recipient (message), time);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), xuexin_demo_message_get_text (message));
  gtk_label_set_selectable (GTK_LABEL (code), TRUE);
  gtk_widget_add_css_class (code, "title-3");
  gtk_widget_add_css_class (code, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), code);

  return row;
}

static void
demo_messages_changed_cb (XuexinWindow *self,
                          guint         position,
                          guint         removed,
                          guint         added,
                          GListModel   *model)
{
  if (added > 0)
    xuexin_window_toast (self, _("The demo service sent a message: open Demo Messages to read the code."));
}

/* ----- connecting ------------------------------------------------------ */

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(XuexinWindow) self = user_data;
  XuexinApplication *application = XUEXIN_APPLICATION (object);
  g_autoptr(XuexinClient) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = xuexin_application_connect_finish (application, result, &error);
  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        xuexin_sign_in_page_show_error (self->sign_in_page, error);
      return;
    }
  /* A session of the window's own: in a second window (New Window) a
   * reviewer and a visitor, or two reviewers, are signed in at once. */
  self->client = xuexin_client_new (xuexin_client_get_base_url (connection));

  g_object_set (self->sign_in_page, "service-available", TRUE, NULL);
  if (self->restores_session)
    xuexin_window_restore_session (self);
  xuexin_window_set_flows_enabled (self, TRUE);
}

/* ----- kiosk mode ------------------------------------------------------ */

static void
end_session_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!xuexin_client_sign_out_finish (XUEXIN_CLIENT (object), result, &error))
    g_debug ("Signing out on the server failed: %s", error->message);
}

/**
 * xuexin_window_end_session:
 *
 * Signs out on the server (`DELETE /sessions/current`) and cancels
 * every request of the window, without waiting for either: the kiosk's
 * wipe destroys the window next. The sign-out holds its own reference
 * to the client, so it outlives the window.
 */
void
xuexin_window_end_session (XuexinWindow *self)
{
  g_return_if_fail (XUEXIN_IS_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  xuexin_window_stop_inbox_polling (self);
  if (self->review_watcher != NULL)
    xuexin_review_watcher_stop (self->review_watcher);
  if (self->client != NULL && xuexin_client_get_token (self->client) != NULL)
    xuexin_client_sign_out_async (self->client, NULL, end_session_cb, NULL);
}

static XuexinKiosk *
xuexin_window_get_kiosk (XuexinWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (!self->kiosk || application == NULL)
    return NULL;
  return xuexin_application_get_kiosk (XUEXIN_APPLICATION (application));
}

static void
xuexin_window_end_and_clear_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  XuexinKiosk *kiosk = xuexin_window_get_kiosk (XUEXIN_WINDOW (widget));

  if (kiosk != NULL)
    xuexin_kiosk_wipe (kiosk);
}

static void
xuexin_window_kiosk_staff_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  XuexinWindow *self = XUEXIN_WINDOW (widget);
  XuexinKiosk *kiosk = xuexin_window_get_kiosk (self);

  if (kiosk == NULL || !xuexin_kiosk_has_pin (kiosk))
    return;
  xuexin_kiosk_staff_dialog_new (GTK_WINDOW (self), kiosk, self->settings);
}

/* The staff's way in exists only with a PIN set. */
static void
kiosk_pin_changed_cb (XuexinWindow *self)
{
  XuexinKiosk *kiosk = xuexin_window_get_kiosk (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.kiosk-staff",
                                 kiosk != NULL && xuexin_kiosk_has_pin (kiosk));
}

static gboolean
rewipe_idle_cb (gpointer user_data)
{
  xuexin_kiosk_wipe (user_data);
  return G_SOURCE_REMOVE;
}

/* A kiosk window hidden and shown again (a screen saver, a session
 * switch) may have a new person in front of it. Not from within the
 * notification: the wipe destroys this window. */
static void
kiosk_visible_cb (XuexinWindow *self)
{
  XuexinKiosk *kiosk = xuexin_window_get_kiosk (self);

  if (kiosk == NULL)
    return;
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  if (self->was_shown)
    g_idle_add_full (G_PRIORITY_DEFAULT, rewipe_idle_cb, g_object_ref (kiosk), g_object_unref);
  self->was_shown = TRUE;
}

static void
xuexin_window_save_size (XuexinWindow *self)
{
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
xuexin_window_close_request (GtkWindow *window)
{
  XuexinWindow *self = XUEXIN_WINDOW (window);

  /* A kiosk window ends only by the wipe (which destroys it). */
  if (self->kiosk)
    return TRUE;

  if (self->settings != NULL)
    xuexin_window_save_size (self);

  return GTK_WINDOW_CLASS (xuexin_window_parent_class)->close_request (window);
}

/* GtkWindow:application is not a construct property, so this runs once
 * it is set rather than in constructed(). */
static void
xuexin_window_setup (XuexinWindow      *self,
                     XuexinApplication *application)
{
  self->settings = g_object_ref (xuexin_application_get_settings (application));
  g_settings_bind (self->settings, "remember-me",
                   xuexin_sign_in_page_get_remember_check (self->sign_in_page), "active",
                   G_SETTINGS_BIND_DEFAULT);
  self->kiosk = xuexin_application_is_kiosk (application);
  /* No "keep me signed in" on a screen the next visitor uses. */
  gtk_widget_set_visible (xuexin_sign_in_page_get_remember_check (self->sign_in_page), !self->kiosk);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (self->kiosk)
    {
      gtk_window_fullscreen (GTK_WINDOW (self));
      gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
      /* Nothing to minimize it behind or shrink it to. */
      adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (self->header_bar), FALSE);
      gtk_widget_set_visible (self->kiosk_end_button, TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.end-and-clear", TRUE);
      g_signal_connect (self, "notify::visible", G_CALLBACK (kiosk_visible_cb), NULL);
      xuexin_kiosk_start (xuexin_application_get_kiosk (application));
      g_signal_connect_object (self->settings, "changed::kiosk-unlock-pin-hash",
                               G_CALLBACK (kiosk_pin_changed_cb), self, G_CONNECT_SWAPPED);
      kiosk_pin_changed_cb (self);
    }
  else if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  xuexin_account_page_set_demo_mode (self->account_page, xuexin_application_is_demo_mode (application));
  if (xuexin_application_is_demo_mode (application))
    {
      GListModel *messages = xuexin_application_get_demo_messages (application);

      adw_window_title_set_subtitle (self->window_title, _("Local demo mode"));
      gtk_widget_set_visible (GTK_WIDGET (self->demo_messages_button), TRUE);
      gtk_list_box_bind_model (self->demo_messages_list, messages, create_demo_message_row, NULL, NULL);
      g_signal_connect_object (messages, "items-changed", G_CALLBACK (demo_messages_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  else
    adw_window_title_set_subtitle (self->window_title, xuexin_application_get_server_url (application));

  xuexin_application_connect_async (application, self->cancellable, connect_cb, g_object_ref (self));
}

static XuexinWindow *
xuexin_window_new_full (XuexinApplication *application,
                        gboolean           restores_session)
{
  XuexinWindow *self;

  g_return_val_if_fail (XUEXIN_IS_APPLICATION (application), NULL);

  self = g_object_new (XUEXIN_TYPE_WINDOW,
                       "application", application,
                       NULL);
  self->restores_session = restores_session;
  xuexin_window_setup (self, application);

  return self;
}

/**
 * xuexin_window_new:
 *
 * The main window; it signs in again with the remembered session, if
 * there is one.
 */
XuexinWindow *
xuexin_window_new (XuexinApplication *application)
{
  return xuexin_window_new_full (application, TRUE);
}

/**
 * xuexin_window_new_signed_out:
 *
 * Another window on the same service, starting at the sign-in page
 * whatever session is remembered: on a help-desk machine a visitor and
 * the reviewer each use their own window.
 */
XuexinWindow *
xuexin_window_new_signed_out (XuexinApplication *application)
{
  return xuexin_window_new_full (application, FALSE);
}

static void
xuexin_window_dispose (GObject *object)
{
  XuexinWindow *self = XUEXIN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->demo_messages_return_focus);
  xuexin_window_stop_inbox_polling (self);
  g_clear_weak_pointer (&self->inbox_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_WINDOW);
  g_clear_object (&self->settings);
  if (self->review_watcher != NULL)
    xuexin_review_watcher_stop (self->review_watcher);
  g_clear_object (&self->review_watcher);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (xuexin_window_parent_class)->dispose (object);
}

static void
xuexin_window_class_init (XuexinWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = xuexin_window_dispose;

  window_class->close_request = xuexin_window_close_request;

  g_type_ensure (XUEXIN_TYPE_SIGN_IN_PAGE);
  g_type_ensure (XUEXIN_TYPE_ACCOUNT_PAGE);
  g_type_ensure (XUEXIN_TYPE_REVIEW_CONSOLE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/xuexin-window.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, announcer);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, demo_messages_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, demo_messages_list);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, account_page);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, review_console);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, inbox_overlay);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, inbox_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, inbox_badge);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, kiosk_end_button);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, flow_requested_cb);

  for (guint i = 0; i < G_N_ELEMENTS (window_flows); i++)
    gtk_widget_class_install_action (widget_class, window_flows[i].action_name, NULL, xuexin_window_flow_action);
  gtk_widget_class_install_action (widget_class, "win.verify-identity", "s", xuexin_window_verify_identity_action);
  gtk_widget_class_install_action (widget_class, "win.show-review-progress", NULL,
                                   xuexin_window_show_review_progress_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, xuexin_window_sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.show-sign-in", NULL, xuexin_window_show_sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.show-demo-messages", NULL,
                                   xuexin_window_show_demo_messages_action);
  gtk_widget_class_install_action (widget_class, "win.show-inbox", NULL, xuexin_window_show_inbox_action);
  gtk_widget_class_install_action (widget_class, "win.end-and-clear", NULL, xuexin_window_end_and_clear_action);
  gtk_widget_class_install_action (widget_class, "win.kiosk-staff", NULL, xuexin_window_kiosk_staff_action);
}

static void
xuexin_window_init (XuexinWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  xuexin_a11y_set_announcer (GTK_WIDGET (self), self->announcer);
  xuexin_window_set_inbox_unread (self, 0);
  g_signal_connect (self, "realize", G_CALLBACK (xuexin_window_realize_cb), NULL);
  g_signal_connect (self, "notify::visible", G_CALLBACK (surface_state_cb), NULL);
  xuexin_window_set_flows_enabled (self, FALSE);
  review_case_changed_cb (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.end-and-clear", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.kiosk-staff", FALSE);
  g_signal_connect_object (gtk_menu_button_get_popover (self->demo_messages_button), "closed",
                           G_CALLBACK (demo_messages_closed_cb), self, G_CONNECT_SWAPPED);
  /* Not the header bar's first button: the user came to sign in. */
  xuexin_sign_in_page_focus_login_name (self->sign_in_page);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}
