/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-api.h"
#include "xuexin-application.h"
#include "xuexin-format.h"
#include "xuexin-qr-code.h"
#include "xuexin-qr-sign-in-dialog.h"

/* Signing in by scanning a QR code with WeChat or Alipay (FAQ 9). The
 * service hands out a ticket whose QR URL the phone opens; the dialog
 * polls the ticket until the phone confirms or refuses, or it expires:
 *
 *   STARTING → WAITING (pending, scanned) → DONE (signed in; the dialog closes)
 *                 │            └─────────→ ENDED (expired, failed, used: Refresh)
 *                 └──────────────────────→ ERROR (no answer: Try Again)
 *
 * Closing the dialog cancels the request in flight and the timers, so no
 * callback does anything after that. */

typedef enum {
  STATE_IDLE,
  STATE_STARTING,
  STATE_WAITING,
  STATE_ENDED,
  STATE_ERROR,
  STATE_DONE,
} State;

/* Each provider's sentences are whole, so translators see the name in
 * context (微信 and 支付宝 read differently in them). */
typedef struct {
  const char *id;
  const char *title;
  const char *heading;
  const char *pending;
  const char *not_bound;
  const char *unavailable;
  const char *code_label;
} ProviderTexts;

static const ProviderTexts provider_texts[] = {
  {
    XUEXIN_PROVIDER_WECHAT,
    N_("Sign In with WeChat"),
    N_("Scan with WeChat"),
    N_("Open WeChat and scan the code."),
    N_("No account is bound to this WeChat. Sign in with your password first, then bind WeChat in account management."),
    N_("Signing in with WeChat is switched off on this account service. Sign in with your password instead."),
    N_("QR code for signing in with WeChat"),
  },
  {
    XUEXIN_PROVIDER_ALIPAY,
    N_("Sign In with Alipay"),
    N_("Scan with Alipay"),
    N_("Open Alipay and scan the code."),
    N_("No account is bound to this Alipay. Sign in with your password first, then bind Alipay in account management."),
    N_("Signing in with Alipay is switched off on this account service. Sign in with your password instead."),
    N_("QR code for signing in with Alipay"),
  },
};

struct _XuexinQrSignInDialog
{
  AdwWindow             parent_instance;

  XuexinClient         *client;
  const ProviderTexts  *texts;
  gboolean              demo_mode;

  State                 state;
  GCancellable         *cancellable;
  XuexinProviderTicket *ticket;
  gint64                expires_at;    /* monotonic time */
  gboolean              polling;       /* a poll request is in flight */
  guint                 poll_source;
  guint                 tick_source;

  GtkLabel             *qr_sign_in_heading_label;
  GtkWidget            *qr_sign_in_error_box;
  GtkLabel             *qr_sign_in_error_label;
  GtkStack             *qr_sign_in_code_stack;
  GtkSpinner           *qr_sign_in_spinner;
  XuexinQrCode         *qr_sign_in_code;
  GtkWidget            *qr_sign_in_refresh_button;
  GtkLabel             *qr_sign_in_status_label;
  GtkLabel             *qr_sign_in_countdown_label;
  GtkWidget            *qr_sign_in_retry_button;
  GtkWidget            *qr_sign_in_password_button;
  GtkWidget            *qr_sign_in_demo_box;
  GtkLinkButton        *qr_sign_in_demo_link;
};

G_DEFINE_FINAL_TYPE (XuexinQrSignInDialog, xuexin_qr_sign_in_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PROVIDER,
  PROP_DEMO_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNED_IN,
  USE_PASSWORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void xuexin_qr_sign_in_dialog_poll (XuexinQrSignInDialog *self);

static const ProviderTexts *
lookup_provider_texts (const char *provider)
{
  for (guint i = 0; i < G_N_ELEMENTS (provider_texts); i++)
    {
      if (g_strcmp0 (provider_texts[i].id, provider) == 0)
        return &provider_texts[i];
    }

  return NULL;
}

/* ----- presentation ----------------------------------------------------- */

static void
xuexin_qr_sign_in_dialog_set_status (XuexinQrSignInDialog *self,
                                     const char           *status,
                                     gboolean              success)
{
  gtk_label_set_label (self->qr_sign_in_status_label, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->qr_sign_in_status_label), status != NULL);
  if (success)
    gtk_widget_add_css_class (GTK_WIDGET (self->qr_sign_in_status_label), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->qr_sign_in_status_label), "success");
}

static void
xuexin_qr_sign_in_dialog_set_error (XuexinQrSignInDialog *self,
                                    const char           *message)
{
  gtk_label_set_label (self->qr_sign_in_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->qr_sign_in_error_box, message != NULL);
}

/* The buttons that lead on from where the sign-in stands; the first one
 * offered gets the focus, so keyboard users land on it. */
static void
xuexin_qr_sign_in_dialog_offer (XuexinQrSignInDialog *self,
                                gboolean              refresh,
                                gboolean              retry,
                                gboolean              password)
{
  gtk_widget_set_visible (self->qr_sign_in_refresh_button, refresh);
  gtk_widget_set_visible (self->qr_sign_in_retry_button, retry);
  gtk_widget_set_visible (self->qr_sign_in_password_button, password);

  if (password)
    gtk_widget_grab_focus (self->qr_sign_in_password_button);
  else if (retry)
    gtk_widget_grab_focus (self->qr_sign_in_retry_button);
  else if (refresh)
    gtk_widget_grab_focus (self->qr_sign_in_refresh_button);
}

static void
xuexin_qr_sign_in_dialog_update_demo (XuexinQrSignInDialog *self)
{
  gtk_widget_set_visible (self->qr_sign_in_demo_box,
                          self->demo_mode && self->state == STATE_WAITING && self->ticket != NULL);
}

static void
xuexin_qr_sign_in_dialog_set_state (XuexinQrSignInDialog *self,
                                    State                 state)
{
  self->state = state;
  xuexin_qr_sign_in_dialog_update_demo (self);
}

static void
xuexin_qr_sign_in_dialog_stop_timers (XuexinQrSignInDialog *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->tick_source, g_source_remove);
}

/* ----- countdown -------------------------------------------------------- */

/* Returns FALSE once the ticket's time is up. */
static gboolean
xuexin_qr_sign_in_dialog_update_countdown (XuexinQrSignInDialog *self)
{
  gint64 remaining = self->expires_at - g_get_monotonic_time ();
  g_autofree char *wait = NULL;
  g_autofree char *text = NULL;

  if (remaining <= 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->qr_sign_in_countdown_label), FALSE);
      /* The service decides whether the code still counts: ask it now
       * rather than at the next poll. */
      if (self->state == STATE_WAITING)
        xuexin_qr_sign_in_dialog_poll (self);
      return FALSE;
    }

  wait = xuexin_format_wait ((guint) ((remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  /* Translators: %s is a waiting time such as "4 min 59 s". */
  text = g_strdup_printf (_("The code expires in %s."), wait);
  if (g_strcmp0 (gtk_label_get_label (self->qr_sign_in_countdown_label), text) != 0)
    gtk_label_set_label (self->qr_sign_in_countdown_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->qr_sign_in_countdown_label), TRUE);

  return TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  XuexinQrSignInDialog *self = user_data;

  if (!xuexin_qr_sign_in_dialog_update_countdown (self))
    {
      self->tick_source = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
xuexin_qr_sign_in_dialog_start_countdown (XuexinQrSignInDialog *self)
{
  g_clear_handle_id (&self->tick_source, g_source_remove);
  /* Twice a second, so the seconds shown never skip one. */
  if (xuexin_qr_sign_in_dialog_update_countdown (self))
    self->tick_source = g_timeout_add (500, tick_cb, self);
}

/* ----- outcomes --------------------------------------------------------- */

/* A ticket that can no longer be confirmed: the code fades and Refresh
 * asks for a new one. */
static void
xuexin_qr_sign_in_dialog_end (XuexinQrSignInDialog *self,
                              const char           *status,
                              const char           *message,
                              gboolean              offer_password)
{
  xuexin_qr_sign_in_dialog_stop_timers (self);
  xuexin_qr_sign_in_dialog_set_state (self, STATE_ENDED);

  xuexin_qr_code_set_expired (self->qr_sign_in_code, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->qr_sign_in_countdown_label), FALSE);
  xuexin_qr_sign_in_dialog_set_status (self, status, FALSE);
  xuexin_qr_sign_in_dialog_set_error (self, message);
  xuexin_qr_sign_in_dialog_offer (self, TRUE, FALSE, offer_password);
}

static void
xuexin_qr_sign_in_dialog_failed (XuexinQrSignInDialog *self,
                                 const char           *reason,
                                 const char           *message)
{
  if (g_strcmp0 (reason, "not_bound") == 0)
    xuexin_qr_sign_in_dialog_end (self, NULL, _(self->texts->not_bound), TRUE);
  else if (g_strcmp0 (reason, "cancelled") == 0)
    xuexin_qr_sign_in_dialog_end (self, _("Sign-in was cancelled on the phone."), NULL, FALSE);
  else if (g_strcmp0 (reason, "account_cancelled") == 0)
    xuexin_qr_sign_in_dialog_end (self, NULL,
                                  xuexin_error_code_get_message (XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED),
                                  FALSE);
  else if (g_strcmp0 (reason, "bind_blocked") == 0)
    /* FAQ 7. The service blocks binding, not signing in with a provider
     * already bound; should it ever refuse a sign-in for it, say why. */
    xuexin_qr_sign_in_dialog_end (self, NULL,
                                  _("WeChat and Alipay are blocked for 2 hours after too many sign-in attempts. Sign in with your password meanwhile."),
                                  TRUE);
  else if (message != NULL && *message != '\0')
    xuexin_qr_sign_in_dialog_end (self, NULL, message, TRUE);
  else
    xuexin_qr_sign_in_dialog_end (self, NULL,
                                  _("The sign-in could not be completed. Refresh the code to try again, or sign in with your password."),
                                  TRUE);
}

/* No answer, or not one about the ticket: say so and offer Try Again.
 * A code still on screen stays, since it may still be confirmed. */
static void
xuexin_qr_sign_in_dialog_show_error (XuexinQrSignInDialog *self,
                                     const GError         *error)
{
  g_autofree char *message = NULL;

  g_clear_handle_id (&self->poll_source, g_source_remove);
  xuexin_qr_sign_in_dialog_set_state (self, STATE_ERROR);

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    {
      g_autofree char *wait = xuexin_format_wait (MAX (1, xuexin_client_error_get_retry_after (error)));

      /* Translators: %s is a waiting time such as "12 min 5 s". */
      message = g_strdup_printf (_("Too many QR codes were requested from this network. Try again in %s, or sign in with your password."),
                                 wait);
    }
  else
    message = g_strdup (error->message);

  if (self->ticket == NULL)
    {
      gtk_stack_set_visible_child_name (self->qr_sign_in_code_stack, "error");
      xuexin_qr_sign_in_dialog_set_status (self, NULL, FALSE);
    }

  xuexin_qr_sign_in_dialog_set_error (self, message);
  xuexin_qr_sign_in_dialog_offer (self, FALSE, TRUE, FALSE);
}

static void
xuexin_qr_sign_in_dialog_signed_in (XuexinQrSignInDialog *self,
                                    XuexinAccount        *account)
{
  xuexin_qr_sign_in_dialog_stop_timers (self);
  xuexin_qr_sign_in_dialog_set_state (self, STATE_DONE);
  xuexin_qr_sign_in_dialog_set_status (self, _("Signed in."), TRUE);

  /* The client holds the session by now (the poll's answer carried it). */
  g_signal_emit (self, signals[SIGNED_IN], 0, account);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ----- polling ---------------------------------------------------------- */

static gboolean
poll_timeout_cb (gpointer user_data)
{
  XuexinQrSignInDialog *self = user_data;

  self->poll_source = 0;
  xuexin_qr_sign_in_dialog_poll (self);
  return G_SOURCE_REMOVE;
}

static void
xuexin_qr_sign_in_dialog_schedule_poll (XuexinQrSignInDialog *self)
{
  guint interval = MAX (1, xuexin_provider_ticket_get_poll_interval (self->ticket));

  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->poll_source = g_timeout_add (interval * 1000, poll_timeout_cb, self);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(XuexinQrSignInDialog) self = user_data;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;
  XuexinTicketStatus status;

  status = xuexin_client_poll_qr_sign_in_finish (XUEXIN_CLIENT (object), result, &account,
                                                 &reason, &message, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->polling = FALSE;

  switch (status)
    {
    case XUEXIN_TICKET_STATUS_PENDING:
      xuexin_qr_sign_in_dialog_set_status (self, _(self->texts->pending), FALSE);
      xuexin_qr_sign_in_dialog_schedule_poll (self);
      break;

    case XUEXIN_TICKET_STATUS_SCANNED:
      xuexin_qr_sign_in_dialog_set_status (self, _("Scanned. Confirm the sign-in on your phone."), TRUE);
      xuexin_qr_sign_in_dialog_schedule_poll (self);
      break;

    case XUEXIN_TICKET_STATUS_CONFIRMED:
      xuexin_qr_sign_in_dialog_signed_in (self, account);
      break;

    case XUEXIN_TICKET_STATUS_USED:
      xuexin_qr_sign_in_dialog_end (self, _("This QR code was already used. Refresh it to get a new one."),
                                    NULL, FALSE);
      break;

    case XUEXIN_TICKET_STATUS_EXPIRED:
      xuexin_qr_sign_in_dialog_end (self, _("This QR code has expired. Refresh it to get a new one."),
                                    NULL, FALSE);
      break;

    case XUEXIN_TICKET_STATUS_FAILED:
      xuexin_qr_sign_in_dialog_failed (self, reason, message);
      break;

    case XUEXIN_TICKET_STATUS_UNKNOWN:
    default:
      /* The service forgets tickets a day after they expire. */
      if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
        xuexin_qr_sign_in_dialog_end (self, _("This QR code has expired. Refresh it to get a new one."),
                                      NULL, FALSE);
      else
        xuexin_qr_sign_in_dialog_show_error (self, error);
      break;
    }
}

static void
xuexin_qr_sign_in_dialog_poll (XuexinQrSignInDialog *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->polling || self->ticket == NULL)
    return;

  self->polling = TRUE;
  xuexin_client_poll_qr_sign_in_async (self->client, self->ticket, self->cancellable,
                                       poll_cb, g_object_ref (self));
}

/* ----- starting --------------------------------------------------------- */

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(XuexinQrSignInDialog) self = user_data;
  g_autoptr(XuexinProviderTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  const char *qr_url;

  ticket = xuexin_client_start_qr_sign_in_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->qr_sign_in_spinner, FALSE);

  if (ticket == NULL)
    {
      if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
        {
          /* The provider is switched off on this service. */
          xuexin_qr_sign_in_dialog_set_state (self, STATE_ENDED);
          gtk_stack_set_visible_child_name (self->qr_sign_in_code_stack, "error");
          xuexin_qr_sign_in_dialog_set_status (self, NULL, FALSE);
          xuexin_qr_sign_in_dialog_set_error (self, _(self->texts->unavailable));
          xuexin_qr_sign_in_dialog_offer (self, FALSE, FALSE, TRUE);
        }
      else
        xuexin_qr_sign_in_dialog_show_error (self, error);
      return;
    }

  self->ticket = g_steal_pointer (&ticket);
  self->expires_at = g_get_monotonic_time ()
                     + (gint64) xuexin_provider_ticket_get_expires_in (self->ticket) * G_USEC_PER_SEC;
  qr_url = xuexin_provider_ticket_get_qr_url (self->ticket);

  xuexin_qr_code_set_text (self->qr_sign_in_code, qr_url);
  xuexin_qr_code_set_expired (self->qr_sign_in_code, FALSE);
  gtk_stack_set_visible_child_name (self->qr_sign_in_code_stack, "code");
  gtk_link_button_set_uri (self->qr_sign_in_demo_link, qr_url);
  xuexin_qr_sign_in_dialog_set_status (self, _(self->texts->pending), FALSE);
  xuexin_qr_sign_in_dialog_set_state (self, STATE_WAITING);

  xuexin_qr_sign_in_dialog_start_countdown (self);
  xuexin_qr_sign_in_dialog_schedule_poll (self);
}

/* Cancels the request in flight and the timers: its callback returns
 * without touching anything, and they never fire. */
static void
xuexin_qr_sign_in_dialog_stop (XuexinQrSignInDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->polling = FALSE;
  xuexin_qr_sign_in_dialog_stop_timers (self);
}

/* Asks for a new ticket; whatever the old one was doing is dropped. */
static void
xuexin_qr_sign_in_dialog_start (XuexinQrSignInDialog *self)
{
  xuexin_qr_sign_in_dialog_stop (self);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->ticket);
  xuexin_qr_sign_in_dialog_set_state (self, STATE_STARTING);

  xuexin_qr_code_set_text (self->qr_sign_in_code, NULL);
  xuexin_qr_code_set_expired (self->qr_sign_in_code, FALSE);
  gtk_stack_set_visible_child_name (self->qr_sign_in_code_stack, "loading");
  gtk_spinner_set_spinning (self->qr_sign_in_spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->qr_sign_in_countdown_label), FALSE);
  xuexin_qr_sign_in_dialog_set_status (self, _("Getting a QR code…"), FALSE);
  xuexin_qr_sign_in_dialog_set_error (self, NULL);
  xuexin_qr_sign_in_dialog_offer (self, FALSE, FALSE, FALSE);

  xuexin_client_start_qr_sign_in_async (self->client, self->texts->id, self->cancellable,
                                        start_cb, g_object_ref (self));
}

/* ----- buttons ---------------------------------------------------------- */

static void
refresh_clicked_cb (XuexinQrSignInDialog *self)
{
  xuexin_qr_sign_in_dialog_start (self);
}

static void
retry_clicked_cb (XuexinQrSignInDialog *self)
{
  /* A code still within its time is worth asking about again. */
  if (self->ticket != NULL && g_get_monotonic_time () < self->expires_at)
    {
      xuexin_qr_sign_in_dialog_set_state (self, STATE_WAITING);
      xuexin_qr_sign_in_dialog_set_error (self, NULL);
      xuexin_qr_sign_in_dialog_offer (self, FALSE, FALSE, FALSE);
      xuexin_qr_sign_in_dialog_poll (self);
    }
  else
    xuexin_qr_sign_in_dialog_start (self);
}

static void
password_clicked_cb (XuexinQrSignInDialog *self)
{
  g_signal_emit (self, signals[USE_PASSWORD], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
demo_link_activated_cb (XuexinQrSignInDialog *self,
                        GtkLinkButton        *button)
{
  gtk_show_uri (GTK_WINDOW (self), gtk_link_button_get_uri (button), GDK_CURRENT_TIME);
  return TRUE;
}

/* ----- public API ------------------------------------------------------- */

/**
 * xuexin_qr_sign_in_dialog_new:
 * @parent: the main window
 * @client: the client that will hold the session
 * @provider: "wechat" or "alipay"
 *
 * A modal dialog that signs in by QR code. It asks for a code once shown,
 * emits #XuexinQrSignInDialog::signed-in and closes itself when the phone
 * confirms. #XuexinQrSignInDialog:demo-mode starts as the default
 * application's demo mode.
 */
XuexinQrSignInDialog *
xuexin_qr_sign_in_dialog_new (GtkWindow    *parent,
                              XuexinClient *client,
                              const char   *provider)
{
  GApplication *application = g_application_get_default ();

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);
  g_return_val_if_fail (lookup_provider_texts (provider) != NULL, NULL);

  return g_object_new (XUEXIN_TYPE_QR_SIGN_IN_DIALOG,
                       "transient-for", parent,
                       "client", client,
                       "provider", provider,
                       "demo-mode", (XUEXIN_IS_APPLICATION (application) &&
                                     xuexin_application_is_demo_mode (XUEXIN_APPLICATION (application))),
                       NULL);
}

const char *
xuexin_qr_sign_in_dialog_get_provider (XuexinQrSignInDialog *self)
{
  g_return_val_if_fail (XUEXIN_IS_QR_SIGN_IN_DIALOG (self), NULL);

  return self->texts->id;
}

gboolean
xuexin_qr_sign_in_dialog_get_demo_mode (XuexinQrSignInDialog *self)
{
  g_return_val_if_fail (XUEXIN_IS_QR_SIGN_IN_DIALOG (self), FALSE);

  return self->demo_mode;
}

/**
 * xuexin_qr_sign_in_dialog_set_demo_mode:
 * @demo_mode: whether the service is the local demo, whose simulated
 *   provider serves its confirmation page at the QR URL
 *
 * In demo mode there is no phone to scan with: the dialog offers to open
 * the simulated confirmation page in the browser instead.
 */
void
xuexin_qr_sign_in_dialog_set_demo_mode (XuexinQrSignInDialog *self,
                                        gboolean              demo_mode)
{
  g_return_if_fail (XUEXIN_IS_QR_SIGN_IN_DIALOG (self));

  demo_mode = !!demo_mode;
  if (self->demo_mode == demo_mode)
    return;

  self->demo_mode = demo_mode;
  xuexin_qr_sign_in_dialog_update_demo (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_MODE]);
}

/* ----- GObject ---------------------------------------------------------- */

static void
xuexin_qr_sign_in_dialog_map (GtkWidget *widget)
{
  XuexinQrSignInDialog *self = XUEXIN_QR_SIGN_IN_DIALOG (widget);

  GTK_WIDGET_CLASS (xuexin_qr_sign_in_dialog_parent_class)->map (widget);

  /* A code counts down from when it is asked for: only ask once shown. */
  if (self->state == STATE_IDLE && self->client != NULL)
    xuexin_qr_sign_in_dialog_start (self);
}

static void
xuexin_qr_sign_in_dialog_unmap (GtkWidget *widget)
{
  XuexinQrSignInDialog *self = XUEXIN_QR_SIGN_IN_DIALOG (widget);

  /* Closed (gtk_window_destroy() hides first) or hidden: stop at once,
   * not when the last reference goes, which a request in flight holds.
   * Shown again, it starts over with a new code. */
  xuexin_qr_sign_in_dialog_stop (self);
  if (self->state != STATE_DONE)
    self->state = STATE_IDLE;

  GTK_WIDGET_CLASS (xuexin_qr_sign_in_dialog_parent_class)->unmap (widget);
}

static void
xuexin_qr_sign_in_dialog_constructed (GObject *object)
{
  XuexinQrSignInDialog *self = XUEXIN_QR_SIGN_IN_DIALOG (object);

  G_OBJECT_CLASS (xuexin_qr_sign_in_dialog_parent_class)->constructed (object);

  if (self->texts == NULL)
    self->texts = &provider_texts[0];

  gtk_window_set_title (GTK_WINDOW (self), _(self->texts->title));
  gtk_label_set_label (self->qr_sign_in_heading_label, _(self->texts->heading));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->qr_sign_in_code),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(self->texts->code_label),
                                  -1);
}

static void
xuexin_qr_sign_in_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  XuexinQrSignInDialog *self = XUEXIN_QR_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_PROVIDER:
      g_value_set_string (value, self->texts != NULL ? self->texts->id : NULL);
      break;

    case PROP_DEMO_MODE:
      g_value_set_boolean (value, self->demo_mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_qr_sign_in_dialog_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  XuexinQrSignInDialog *self = XUEXIN_QR_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_PROVIDER:
      self->texts = lookup_provider_texts (g_value_get_string (value));
      if (self->texts == NULL && g_value_get_string (value) != NULL)
        g_critical ("Unknown sign-in provider “%s”", g_value_get_string (value));
      break;

    case PROP_DEMO_MODE:
      xuexin_qr_sign_in_dialog_set_demo_mode (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_qr_sign_in_dialog_dispose (GObject *object)
{
  XuexinQrSignInDialog *self = XUEXIN_QR_SIGN_IN_DIALOG (object);

  xuexin_qr_sign_in_dialog_stop (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_QR_SIGN_IN_DIALOG);
  g_clear_object (&self->ticket);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (xuexin_qr_sign_in_dialog_parent_class)->dispose (object);
}

static void
xuexin_qr_sign_in_dialog_class_init (XuexinQrSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = xuexin_qr_sign_in_dialog_constructed;
  object_class->dispose = xuexin_qr_sign_in_dialog_dispose;
  object_class->get_property = xuexin_qr_sign_in_dialog_get_property;
  object_class->set_property = xuexin_qr_sign_in_dialog_set_property;

  widget_class->map = xuexin_qr_sign_in_dialog_map;
  widget_class->unmap = xuexin_qr_sign_in_dialog_unmap;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, XUEXIN_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DEMO_MODE] =
    g_param_spec_boolean ("demo-mode", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * XuexinQrSignInDialog::signed-in:
   * @account: the signed-in account
   *
   * The phone confirmed; the client holds the new session. The dialog
   * closes itself right after.
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, XUEXIN_TYPE_ACCOUNT);

  /**
   * XuexinQrSignInDialog::use-password:
   *
   * The user chose to sign in with the password instead (no account is
   * bound to the identity that scanned). The dialog closes itself right
   * after.
   */
  signals[USE_PASSWORD] =
    g_signal_new ("use-password", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (XUEXIN_TYPE_QR_CODE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/xuexin/Assistant/qr/xuexin-qr-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_heading_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_error_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_code_stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_spinner);
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_code);
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_refresh_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_status_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_countdown_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_retry_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_password_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_demo_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinQrSignInDialog, qr_sign_in_demo_link);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_link_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xuexin_qr_sign_in_dialog_init (XuexinQrSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
