/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-application.h"
#include "xuexin-format.h"
#include "xuexin-help.h"
#include "xuexin-provider-bind-dialog.h"
#include "xuexin-qr-code.h"

/* Binding WeChat or Alipay to the signed-in account (FAQ 9), so that it
 * can sign in by scanning later. The service hands out a bind ticket
 * whose QR URL the phone opens; the dialog polls the ticket until the
 * phone confirms or refuses, or it expires:
 *
 *   STARTING → WAITING (pending, scanned) → DONE (bound; the dialog closes)
 *      │          └─────────────────────→ ENDED (expired, failed: Refresh)
 *      ├─────────────────────────────────→ BLOCKED (FAQ 7: 2 hours after a sign-in lock)
 *      └─────────────────────────────────→ ERROR (no answer: Try Again)
 *
 * Closing the dialog cancels the request in flight and the timers, so no
 * callback does anything after that. */

typedef enum {
  STATE_IDLE,
  STATE_STARTING,
  STATE_WAITING,
  STATE_ENDED,
  STATE_BLOCKED,
  STATE_ERROR,
  STATE_DONE,
} State;

/* Whole sentences per provider, so translators see the name in context. */
typedef struct {
  const char *id;
  const char *title;
  const char *heading;
  const char *pending;
  const char *already_bound;
  const char *bound_here;
  const char *unavailable;
  const char *code_label;
} ProviderTexts;

static const ProviderTexts provider_texts[] = {
  {
    XUEXIN_PROVIDER_WECHAT,
    N_("Bind WeChat"),
    N_("Scan with WeChat"),
    N_("Open WeChat, scan the code and confirm the binding on your phone."),
    N_("This WeChat is already bound to another account. Unbind it there first, or scan with another WeChat."),
    N_("WeChat is already bound to this account."),
    N_("Binding WeChat is switched off on this account service."),
    N_("QR code for binding WeChat"),
  },
  {
    XUEXIN_PROVIDER_ALIPAY,
    N_("Bind Alipay"),
    N_("Scan with Alipay"),
    N_("Open Alipay, scan the code and confirm the binding on your phone."),
    N_("This Alipay is already bound to another account. Unbind it there first, or scan with another Alipay."),
    N_("Alipay is already bound to this account."),
    N_("Binding Alipay is switched off on this account service."),
    N_("QR code for binding Alipay"),
  },
};

struct _XuexinProviderBindDialog
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

  GtkLabel             *provider_bind_heading_label;
  GtkWidget            *provider_bind_error_box;
  GtkLabel             *provider_bind_error_label;
  GtkStack             *provider_bind_code_stack;
  GtkSpinner           *provider_bind_spinner;
  XuexinQrCode         *provider_bind_code;
  GtkImage             *provider_bind_error_image;
  GtkWidget            *provider_bind_refresh_button;
  GtkLabel             *provider_bind_status_label;
  GtkLabel             *provider_bind_countdown_label;
  GtkWidget            *provider_bind_retry_button;
  GtkWidget            *provider_bind_help_button;
  GtkWidget            *provider_bind_demo_box;
  GtkLinkButton        *provider_bind_demo_link;
};

G_DEFINE_FINAL_TYPE (XuexinProviderBindDialog, xuexin_provider_bind_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PROVIDER,
  PROP_DEMO_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BOUND,
  BIND_BLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void xuexin_provider_bind_dialog_poll (XuexinProviderBindDialog *self);

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
xuexin_provider_bind_dialog_set_status (XuexinProviderBindDialog *self,
                                        const char               *status,
                                        gboolean                  success)
{
  gtk_label_set_label (self->provider_bind_status_label, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->provider_bind_status_label), status != NULL);
  if (success)
    gtk_widget_add_css_class (GTK_WIDGET (self->provider_bind_status_label), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->provider_bind_status_label), "success");
}

static void
xuexin_provider_bind_dialog_set_error (XuexinProviderBindDialog *self,
                                       const char               *message)
{
  gtk_label_set_label (self->provider_bind_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->provider_bind_error_box, message != NULL);
}

/* The buttons that lead on from where binding stands; the first one
 * offered gets the focus, so keyboard users land on it. */
static void
xuexin_provider_bind_dialog_offer (XuexinProviderBindDialog *self,
                                   gboolean                  refresh,
                                   gboolean                  retry,
                                   gboolean                  help)
{
  gtk_widget_set_visible (self->provider_bind_refresh_button, refresh);
  gtk_widget_set_visible (self->provider_bind_retry_button, retry);
  gtk_widget_set_visible (self->provider_bind_help_button, help);

  if (retry)
    gtk_widget_grab_focus (self->provider_bind_retry_button);
  else if (refresh)
    gtk_widget_grab_focus (self->provider_bind_refresh_button);
  else if (help)
    gtk_widget_grab_focus (self->provider_bind_help_button);
}

static void
xuexin_provider_bind_dialog_update_demo (XuexinProviderBindDialog *self)
{
  gtk_widget_set_visible (self->provider_bind_demo_box,
                          self->demo_mode && self->state == STATE_WAITING && self->ticket != NULL);
}

static void
xuexin_provider_bind_dialog_set_state (XuexinProviderBindDialog *self,
                                       State                     state)
{
  self->state = state;
  xuexin_provider_bind_dialog_update_demo (self);
}

static void
xuexin_provider_bind_dialog_stop_timers (XuexinProviderBindDialog *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->tick_source, g_source_remove);
}

/* No code to show: an icon says why, next to the message. */
static void
xuexin_provider_bind_dialog_show_no_code (XuexinProviderBindDialog *self,
                                          const char               *icon_name)
{
  gtk_image_set_from_icon_name (self->provider_bind_error_image, icon_name);
  gtk_stack_set_visible_child_name (self->provider_bind_code_stack, "error");
  gtk_widget_set_visible (GTK_WIDGET (self->provider_bind_countdown_label), FALSE);
  xuexin_provider_bind_dialog_set_status (self, NULL, FALSE);
}

/* ----- countdown -------------------------------------------------------- */

/* Returns FALSE once the ticket's time is up. */
static gboolean
xuexin_provider_bind_dialog_update_countdown (XuexinProviderBindDialog *self)
{
  gint64 remaining = self->expires_at - g_get_monotonic_time ();
  g_autofree char *wait = NULL;
  g_autofree char *text = NULL;

  if (remaining <= 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->provider_bind_countdown_label), FALSE);
      /* The service decides whether the code still counts: ask it now
       * rather than at the next poll. */
      if (self->state == STATE_WAITING)
        xuexin_provider_bind_dialog_poll (self);
      return FALSE;
    }

  wait = xuexin_format_wait ((guint) ((remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  /* Translators: %s is a waiting time such as "4 min 59 s". */
  text = g_strdup_printf (_("The code expires in %s."), wait);
  if (g_strcmp0 (gtk_label_get_label (self->provider_bind_countdown_label), text) != 0)
    gtk_label_set_label (self->provider_bind_countdown_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->provider_bind_countdown_label), TRUE);

  return TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  XuexinProviderBindDialog *self = user_data;

  if (!xuexin_provider_bind_dialog_update_countdown (self))
    {
      self->tick_source = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
xuexin_provider_bind_dialog_start_countdown (XuexinProviderBindDialog *self)
{
  g_clear_handle_id (&self->tick_source, g_source_remove);
  /* Twice a second, so the seconds shown never skip one. */
  if (xuexin_provider_bind_dialog_update_countdown (self))
    self->tick_source = g_timeout_add (500, tick_cb, self);
}

/* ----- outcomes --------------------------------------------------------- */

/* A ticket that can no longer be confirmed: the code fades and Refresh
 * asks for a new one. */
static void
xuexin_provider_bind_dialog_end (XuexinProviderBindDialog *self,
                                 const char               *status,
                                 const char               *message)
{
  xuexin_provider_bind_dialog_stop_timers (self);
  xuexin_provider_bind_dialog_set_state (self, STATE_ENDED);

  xuexin_qr_code_set_expired (self->provider_bind_code, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->provider_bind_countdown_label), FALSE);
  xuexin_provider_bind_dialog_set_status (self, status, FALSE);
  xuexin_provider_bind_dialog_set_error (self, message);
  xuexin_provider_bind_dialog_offer (self, TRUE, FALSE, FALSE);
}

/* FAQ 7: after a sign-in lock the service refuses binding for 2 hours.
 * Say until when, and what to do meanwhile. */
static void
xuexin_provider_bind_dialog_blocked (XuexinProviderBindDialog *self,
                                     guint                     retry_after)
{
  g_autofree char *message = NULL;

  xuexin_provider_bind_dialog_stop_timers (self);
  xuexin_provider_bind_dialog_set_state (self, STATE_BLOCKED);
  xuexin_qr_code_set_expired (self->provider_bind_code, TRUE);
  xuexin_provider_bind_dialog_show_no_code (self, "action-unavailable-symbolic");

  if (retry_after > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) until = g_date_time_add_seconds (now, retry_after);
      g_autofree char *when = NULL;

      if (g_date_time_get_day_of_year (until) == g_date_time_get_day_of_year (now))
        when = g_date_time_format (until, "%H:%M");
      else
        when = g_date_time_format (until, "%Y-%m-%d %H:%M");
      /* Translators: %s is a time such as “16:05” (FAQ 7). */
      message = g_strdup_printf (_("After too many sign-in attempts, WeChat and Alipay cannot be bound for 2 hours. You can bind them again after %s. Meanwhile, sign in with your username and password."),
                                 when);
    }
  else
    message = g_strdup (_("After too many sign-in attempts, WeChat and Alipay cannot be bound for 2 hours. Try again later; meanwhile, sign in with your username and password."));

  xuexin_provider_bind_dialog_set_error (self, message);
  xuexin_provider_bind_dialog_offer (self, FALSE, FALSE, TRUE);
  g_signal_emit (self, signals[BIND_BLOCKED], 0);
}

static void
xuexin_provider_bind_dialog_failed (XuexinProviderBindDialog *self,
                                    const char               *reason,
                                    const char               *message)
{
  if (g_strcmp0 (reason, "already_bound") == 0)
    xuexin_provider_bind_dialog_end (self, NULL, _(self->texts->already_bound));
  else if (g_strcmp0 (reason, "cancelled") == 0)
    xuexin_provider_bind_dialog_end (self, _("Binding was cancelled on the phone. Refresh the code to try again."), NULL);
  else if (g_strcmp0 (reason, "bind_blocked") == 0)
    {
      xuexin_provider_bind_dialog_blocked (self, 0);
      return;
    }
  else if (g_strcmp0 (reason, "account_cancelled") == 0)
    xuexin_provider_bind_dialog_end (self, NULL,
                                     xuexin_error_code_get_message (XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED));
  else if (message != NULL && *message != '\0')
    /* The service's own sentence for reasons this version does not know. */
    xuexin_provider_bind_dialog_end (self, NULL, message);
  else
    xuexin_provider_bind_dialog_end (self, NULL,
                                     _("The binding could not be completed. Refresh the code to try again."));
}

/* No answer, or not one about the ticket: say so and offer Try Again.
 * A code still on screen stays, since it may still be confirmed. */
static void
xuexin_provider_bind_dialog_show_error (XuexinProviderBindDialog *self,
                                        const GError             *error)
{
  g_autofree char *message = NULL;

  g_clear_handle_id (&self->poll_source, g_source_remove);
  xuexin_provider_bind_dialog_set_state (self, STATE_ERROR);

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    {
      g_autofree char *wait = xuexin_format_wait (MAX (1, xuexin_client_error_get_retry_after (error)));

      /* Translators: %s is a waiting time such as "12 min 5 s". */
      message = g_strdup_printf (_("Too many QR codes were requested from this network. Try again in %s."), wait);
    }
  else
    message = g_strdup (error->message);

  if (self->ticket == NULL)
    xuexin_provider_bind_dialog_show_no_code (self, "network-offline-symbolic");

  xuexin_provider_bind_dialog_set_error (self, message);
  xuexin_provider_bind_dialog_offer (self, FALSE, TRUE, FALSE);
}

static void
xuexin_provider_bind_dialog_bound (XuexinProviderBindDialog *self)
{
  xuexin_provider_bind_dialog_stop_timers (self);
  xuexin_provider_bind_dialog_set_state (self, STATE_DONE);
  xuexin_provider_bind_dialog_set_status (self, _("Bound."), TRUE);

  g_signal_emit (self, signals[BOUND], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ----- polling ---------------------------------------------------------- */

static gboolean
poll_timeout_cb (gpointer user_data)
{
  XuexinProviderBindDialog *self = user_data;

  self->poll_source = 0;
  xuexin_provider_bind_dialog_poll (self);
  return G_SOURCE_REMOVE;
}

static void
xuexin_provider_bind_dialog_schedule_poll (XuexinProviderBindDialog *self)
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
  g_autoptr(XuexinProviderBindDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;
  XuexinTicketStatus status;

  status = xuexin_client_poll_bind_finish (XUEXIN_CLIENT (object), result, &reason, &message, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->polling = FALSE;

  switch (status)
    {
    case XUEXIN_TICKET_STATUS_PENDING:
      xuexin_provider_bind_dialog_set_status (self, _(self->texts->pending), FALSE);
      xuexin_provider_bind_dialog_schedule_poll (self);
      break;

    case XUEXIN_TICKET_STATUS_SCANNED:
      xuexin_provider_bind_dialog_set_status (self, _("Scanned. Confirm the binding on your phone."), TRUE);
      xuexin_provider_bind_dialog_schedule_poll (self);
      break;

    case XUEXIN_TICKET_STATUS_CONFIRMED:
      xuexin_provider_bind_dialog_bound (self);
      break;

    case XUEXIN_TICKET_STATUS_USED:
    case XUEXIN_TICKET_STATUS_EXPIRED:
      xuexin_provider_bind_dialog_end (self, _("This QR code has expired. Refresh it to get a new one."), NULL);
      break;

    case XUEXIN_TICKET_STATUS_FAILED:
      xuexin_provider_bind_dialog_failed (self, reason, message);
      break;

    case XUEXIN_TICKET_STATUS_UNKNOWN:
    default:
      /* The service forgets tickets a day after they expire. */
      if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
        xuexin_provider_bind_dialog_end (self, _("This QR code has expired. Refresh it to get a new one."), NULL);
      else
        xuexin_provider_bind_dialog_show_error (self, error);
      break;
    }
}

static void
xuexin_provider_bind_dialog_poll (XuexinProviderBindDialog *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->polling || self->ticket == NULL)
    return;

  self->polling = TRUE;
  xuexin_client_poll_bind_async (self->client, self->ticket, self->cancellable,
                                 poll_cb, g_object_ref (self));
}

/* ----- starting --------------------------------------------------------- */

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(XuexinProviderBindDialog) self = user_data;
  g_autoptr(XuexinProviderTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  const char *qr_url;

  ticket = xuexin_client_start_bind_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->provider_bind_spinner, FALSE);

  if (ticket == NULL)
    {
      /* "provider" names the FAQ 7 block; without it the limit is the
       * number of QR codes per network. */
      if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED) &&
          g_strcmp0 (xuexin_client_error_get_field (error), "provider") == 0)
        xuexin_provider_bind_dialog_blocked (self, xuexin_client_error_get_retry_after (error));
      else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_FORBIDDEN))
        {
          /* Bound meanwhile (in another window, say): the page catches up. */
          xuexin_provider_bind_dialog_set_state (self, STATE_ENDED);
          xuexin_provider_bind_dialog_show_no_code (self, "emblem-ok-symbolic");
          xuexin_provider_bind_dialog_set_status (self, _(self->texts->bound_here), TRUE);
          xuexin_provider_bind_dialog_offer (self, FALSE, FALSE, FALSE);
          g_signal_emit (self, signals[BOUND], 0);
        }
      else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
        {
          xuexin_provider_bind_dialog_set_state (self, STATE_ENDED);
          xuexin_provider_bind_dialog_show_no_code (self, "action-unavailable-symbolic");
          xuexin_provider_bind_dialog_set_error (self, _(self->texts->unavailable));
          xuexin_provider_bind_dialog_offer (self, FALSE, FALSE, FALSE);
        }
      else
        xuexin_provider_bind_dialog_show_error (self, error);
      return;
    }

  self->ticket = g_steal_pointer (&ticket);
  self->expires_at = g_get_monotonic_time ()
                     + (gint64) xuexin_provider_ticket_get_expires_in (self->ticket) * G_USEC_PER_SEC;
  qr_url = xuexin_provider_ticket_get_qr_url (self->ticket);

  xuexin_qr_code_set_text (self->provider_bind_code, qr_url);
  xuexin_qr_code_set_expired (self->provider_bind_code, FALSE);
  gtk_stack_set_visible_child_name (self->provider_bind_code_stack, "code");
  gtk_link_button_set_uri (self->provider_bind_demo_link, qr_url);
  xuexin_provider_bind_dialog_set_status (self, _(self->texts->pending), FALSE);
  xuexin_provider_bind_dialog_set_state (self, STATE_WAITING);

  xuexin_provider_bind_dialog_start_countdown (self);
  xuexin_provider_bind_dialog_schedule_poll (self);
}

/* Asks for a new ticket; whatever the old one was doing is dropped. */
static void
xuexin_provider_bind_dialog_start (XuexinProviderBindDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->polling = FALSE;
  xuexin_provider_bind_dialog_stop_timers (self);
  g_clear_object (&self->ticket);
  xuexin_provider_bind_dialog_set_state (self, STATE_STARTING);

  xuexin_qr_code_set_text (self->provider_bind_code, NULL);
  xuexin_qr_code_set_expired (self->provider_bind_code, FALSE);
  gtk_stack_set_visible_child_name (self->provider_bind_code_stack, "loading");
  gtk_spinner_set_spinning (self->provider_bind_spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->provider_bind_countdown_label), FALSE);
  xuexin_provider_bind_dialog_set_status (self, _("Getting a QR code…"), FALSE);
  xuexin_provider_bind_dialog_set_error (self, NULL);
  xuexin_provider_bind_dialog_offer (self, FALSE, FALSE, FALSE);

  xuexin_client_start_bind_async (self->client, self->texts->id, self->cancellable,
                                  start_cb, g_object_ref (self));
}

/* ----- buttons ---------------------------------------------------------- */

static void
refresh_clicked_cb (XuexinProviderBindDialog *self)
{
  xuexin_provider_bind_dialog_start (self);
}

static void
retry_clicked_cb (XuexinProviderBindDialog *self)
{
  /* A code still within its time is worth asking about again. */
  if (self->ticket != NULL && g_get_monotonic_time () < self->expires_at)
    {
      xuexin_provider_bind_dialog_set_state (self, STATE_WAITING);
      xuexin_provider_bind_dialog_set_error (self, NULL);
      xuexin_provider_bind_dialog_offer (self, FALSE, FALSE, FALSE);
      xuexin_provider_bind_dialog_poll (self);
    }
  else
    xuexin_provider_bind_dialog_start (self);
}

static void
help_clicked_cb (XuexinProviderBindDialog *self)
{
  xuexin_help_show_topic (GTK_WIDGET (self), "rate-limited");
}

static gboolean
demo_link_activated_cb (XuexinProviderBindDialog *self,
                        GtkLinkButton            *button)
{
  gtk_show_uri (GTK_WINDOW (self), gtk_link_button_get_uri (button), GDK_CURRENT_TIME);
  return TRUE;
}

/* ----- public API ------------------------------------------------------- */

/**
 * xuexin_provider_bind_dialog_new:
 * @parent: the main window
 * @client: the signed-in client
 * @provider: "wechat" or "alipay"
 *
 * A modal dialog that binds @provider to the signed-in account by QR
 * code. It asks for a code once shown, emits
 * #XuexinProviderBindDialog::bound and closes itself when the phone
 * confirms. #XuexinProviderBindDialog:demo-mode starts as the default
 * application's demo mode.
 */
XuexinProviderBindDialog *
xuexin_provider_bind_dialog_new (GtkWindow    *parent,
                                 XuexinClient *client,
                                 const char   *provider)
{
  GApplication *application = g_application_get_default ();

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);
  g_return_val_if_fail (lookup_provider_texts (provider) != NULL, NULL);

  return g_object_new (XUEXIN_TYPE_PROVIDER_BIND_DIALOG,
                       "transient-for", parent,
                       "client", client,
                       "provider", provider,
                       "demo-mode", (XUEXIN_IS_APPLICATION (application) &&
                                     xuexin_application_is_demo_mode (XUEXIN_APPLICATION (application))),
                       NULL);
}

const char *
xuexin_provider_bind_dialog_get_provider (XuexinProviderBindDialog *self)
{
  g_return_val_if_fail (XUEXIN_IS_PROVIDER_BIND_DIALOG (self), NULL);

  return self->texts->id;
}

gboolean
xuexin_provider_bind_dialog_get_demo_mode (XuexinProviderBindDialog *self)
{
  g_return_val_if_fail (XUEXIN_IS_PROVIDER_BIND_DIALOG (self), FALSE);

  return self->demo_mode;
}

/**
 * xuexin_provider_bind_dialog_set_demo_mode:
 * @demo_mode: whether the service is the local demo, whose simulated
 *   provider serves its confirmation page at the QR URL
 *
 * In demo mode there is no phone to scan with: the dialog offers to open
 * the simulated confirmation page in the browser instead.
 */
void
xuexin_provider_bind_dialog_set_demo_mode (XuexinProviderBindDialog *self,
                                           gboolean                  demo_mode)
{
  g_return_if_fail (XUEXIN_IS_PROVIDER_BIND_DIALOG (self));

  demo_mode = !!demo_mode;
  if (self->demo_mode == demo_mode)
    return;

  self->demo_mode = demo_mode;
  xuexin_provider_bind_dialog_update_demo (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_MODE]);
}

/* ----- GObject ---------------------------------------------------------- */

static void
xuexin_provider_bind_dialog_map (GtkWidget *widget)
{
  XuexinProviderBindDialog *self = XUEXIN_PROVIDER_BIND_DIALOG (widget);

  GTK_WIDGET_CLASS (xuexin_provider_bind_dialog_parent_class)->map (widget);

  /* A code counts down from when it is asked for: only ask once shown. */
  if (self->state == STATE_IDLE && self->client != NULL)
    xuexin_provider_bind_dialog_start (self);
}

static void
xuexin_provider_bind_dialog_constructed (GObject *object)
{
  XuexinProviderBindDialog *self = XUEXIN_PROVIDER_BIND_DIALOG (object);

  G_OBJECT_CLASS (xuexin_provider_bind_dialog_parent_class)->constructed (object);

  if (self->texts == NULL)
    self->texts = &provider_texts[0];

  gtk_window_set_title (GTK_WINDOW (self), _(self->texts->title));
  gtk_label_set_label (self->provider_bind_heading_label, _(self->texts->heading));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->provider_bind_code),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(self->texts->code_label),
                                  -1);
}

static void
xuexin_provider_bind_dialog_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  XuexinProviderBindDialog *self = XUEXIN_PROVIDER_BIND_DIALOG (object);

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
xuexin_provider_bind_dialog_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  XuexinProviderBindDialog *self = XUEXIN_PROVIDER_BIND_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_PROVIDER:
      self->texts = lookup_provider_texts (g_value_get_string (value));
      if (self->texts == NULL && g_value_get_string (value) != NULL)
        g_critical ("Unknown provider “%s”", g_value_get_string (value));
      break;

    case PROP_DEMO_MODE:
      xuexin_provider_bind_dialog_set_demo_mode (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_provider_bind_dialog_dispose (GObject *object)
{
  XuexinProviderBindDialog *self = XUEXIN_PROVIDER_BIND_DIALOG (object);

  /* Closing cancels everything: the request in flight finishes as
   * cancelled and touches nothing, the timers never fire. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  xuexin_provider_bind_dialog_stop_timers (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_PROVIDER_BIND_DIALOG);
  g_clear_object (&self->ticket);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (xuexin_provider_bind_dialog_parent_class)->dispose (object);
}

static void
xuexin_provider_bind_dialog_class_init (XuexinProviderBindDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = xuexin_provider_bind_dialog_constructed;
  object_class->dispose = xuexin_provider_bind_dialog_dispose;
  object_class->get_property = xuexin_provider_bind_dialog_get_property;
  object_class->set_property = xuexin_provider_bind_dialog_set_property;

  widget_class->map = xuexin_provider_bind_dialog_map;

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
   * XuexinProviderBindDialog::bound:
   *
   * The provider is bound to the account now. After a confirmation on
   * the phone the dialog closes itself right after.
   */
  signals[BOUND] =
    g_signal_new ("bound", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * XuexinProviderBindDialog::bind-blocked:
   *
   * The service refused binding because of a recent sign-in lock
   * (FAQ 7); the account says until when.
   */
  signals[BIND_BLOCKED] =
    g_signal_new ("bind-blocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (XUEXIN_TYPE_QR_CODE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/xuexin/Assistant/account/xuexin-provider-bind-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_heading_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_error_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_code_stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_spinner);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_code);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_error_image);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_refresh_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_status_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_countdown_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_retry_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_help_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_demo_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinProviderBindDialog, provider_bind_demo_link);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, help_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_link_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xuexin_provider_bind_dialog_init (XuexinProviderBindDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
