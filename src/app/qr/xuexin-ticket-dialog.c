/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-format.h"
#include "xuexin-open-link.h"
#include "xuexin-qr-code.h"
#include "xuexin-ticket-dialog.h"

/* The base of the dialogs that wait for a phone to confirm a QR ticket
 * (signing in, binding WeChat or Alipay; FAQ 9), in the spirit of GNOME
 * Online Accounts' GoaProviderDialog. The service hands out a ticket
 * whose QR URL the phone opens; the dialog polls the ticket until the
 * phone confirms or refuses, or it expires:
 *
 *   IDLE → STARTING → WAITING (pending, scanned) → DONE (confirmed; closes)
 *              │          └────────────────────→ ENDED (expired, failed: Refresh)
 *              ├───────────────────────────────→ ENDED (refused: the subclass says why)
 *              └───────────────────────────────→ ERROR (no answer: Try Again)
 *
 * Subclasses supply the two service calls, their texts and what each
 * outcome means. Closing (or hiding) the dialog cancels the request in
 * flight and the timers, so no callback does anything after that; shown
 * again, it starts over with a new code. */

G_DEFINE_ENUM_TYPE (XuexinTicketDialogState, xuexin_ticket_dialog_state,
                    G_DEFINE_ENUM_VALUE (XUEXIN_TICKET_DIALOG_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (XUEXIN_TICKET_DIALOG_STATE_STARTING, "starting"),
                    G_DEFINE_ENUM_VALUE (XUEXIN_TICKET_DIALOG_STATE_WAITING, "waiting"),
                    G_DEFINE_ENUM_VALUE (XUEXIN_TICKET_DIALOG_STATE_ENDED, "ended"),
                    G_DEFINE_ENUM_VALUE (XUEXIN_TICKET_DIALOG_STATE_ERROR, "error"),
                    G_DEFINE_ENUM_VALUE (XUEXIN_TICKET_DIALOG_STATE_DONE, "done"))

typedef struct
{
  XuexinClient            *client;
  char                    *provider;
  const XuexinTicketTexts *texts;
  gboolean                 demo_mode;

  XuexinTicketDialogState  state;
  GCancellable            *cancellable;
  XuexinProviderTicket    *ticket;
  gint64                   expires_at;    /* monotonic time */
  gboolean                 polling;       /* a poll request is in flight */
  guint                    poll_source;
  guint                    tick_source;

  GtkLabel                *ticket_heading_label;
  GtkWidget               *ticket_error_box;
  GtkLabel                *ticket_error_label;
  GtkStack                *ticket_code_stack;
  GtkSpinner              *ticket_spinner;
  XuexinQrCode            *ticket_code;
  GtkImage                *ticket_error_image;
  GtkWidget               *ticket_refresh_button;
  GtkLabel                *ticket_status_label;
  GtkLabel                *ticket_countdown_label;
  GtkWidget               *ticket_retry_button;
  GtkWidget               *ticket_actions_box;
  GtkWidget               *ticket_demo_box;
  GtkLinkButton           *ticket_demo_link;
  GtkWidget               *ticket_extra_box;
} XuexinTicketDialogPrivate;

static void xuexin_ticket_dialog_buildable_init (GtkBuildableIface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (XuexinTicketDialog, xuexin_ticket_dialog, ADW_TYPE_WINDOW,
                                  G_ADD_PRIVATE (XuexinTicketDialog)
                                  G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, xuexin_ticket_dialog_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PROVIDER,
  PROP_DEMO_MODE,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void xuexin_ticket_dialog_poll (XuexinTicketDialog *self);

/* ----- presentation ----------------------------------------------------- */

static void
xuexin_ticket_dialog_set_error (XuexinTicketDialog *self,
                                const char         *message)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  gtk_widget_set_visible (priv->ticket_error_box, message != NULL);
  if (message != NULL)
    xuexin_a11y_show_alert (priv->ticket_error_label, message);
  else
    xuexin_a11y_hide_alert (priv->ticket_error_label);
}

/* The buttons that lead on from where the dialog stands; the first one
 * offered gets the focus, so keyboard users land on it. */
static void
xuexin_ticket_dialog_offer (XuexinTicketDialog *self,
                            XuexinTicketOffer   offers)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);
  GtkWidget *first_action = NULL;

  gtk_widget_set_visible (priv->ticket_refresh_button, (offers & XUEXIN_TICKET_OFFER_REFRESH) != 0);
  gtk_widget_set_visible (priv->ticket_retry_button, (offers & XUEXIN_TICKET_OFFER_RETRY) != 0);
  for (GtkWidget *child = gtk_widget_get_first_child (priv->ticket_actions_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (child == priv->ticket_retry_button)
        continue;
      gtk_widget_set_visible (child, (offers & XUEXIN_TICKET_OFFER_ACTION) != 0);
      if (first_action == NULL)
        first_action = child;
    }

  if ((offers & XUEXIN_TICKET_OFFER_ACTION) != 0 && first_action != NULL)
    gtk_widget_grab_focus (first_action);
  else if ((offers & XUEXIN_TICKET_OFFER_RETRY) != 0)
    gtk_widget_grab_focus (priv->ticket_retry_button);
  else if ((offers & XUEXIN_TICKET_OFFER_REFRESH) != 0)
    gtk_widget_grab_focus (priv->ticket_refresh_button);
}

static void
xuexin_ticket_dialog_update_demo (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  gtk_widget_set_visible (priv->ticket_demo_box,
                          priv->demo_mode &&
                          priv->state == XUEXIN_TICKET_DIALOG_STATE_WAITING &&
                          priv->ticket != NULL);
}

static void
xuexin_ticket_dialog_set_state (XuexinTicketDialog      *self,
                                XuexinTicketDialogState  state)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  if (priv->state == state)
    return;

  priv->state = state;
  xuexin_ticket_dialog_update_demo (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
xuexin_ticket_dialog_stop_timers (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_clear_handle_id (&priv->poll_source, g_source_remove);
  g_clear_handle_id (&priv->tick_source, g_source_remove);
}

/* Cancels the request in flight and the timers: its callback returns
 * without touching anything, and they never fire. */
static void
xuexin_ticket_dialog_stop (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->polling = FALSE;
  xuexin_ticket_dialog_stop_timers (self);
}

/* No code to show: an icon says why. */
static void
xuexin_ticket_dialog_show_no_code (XuexinTicketDialog *self,
                                   const char         *icon_name)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  gtk_image_set_from_icon_name (priv->ticket_error_image, icon_name);
  gtk_stack_set_visible_child_name (priv->ticket_code_stack, "error");
  gtk_widget_set_visible (GTK_WIDGET (priv->ticket_countdown_label), FALSE);
  xuexin_ticket_dialog_set_status (self, NULL, FALSE);
}

/* ----- countdown -------------------------------------------------------- */

/* Returns FALSE once the ticket's time is up. */
static gboolean
xuexin_ticket_dialog_update_countdown (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);
  gint64 remaining = priv->expires_at - g_get_monotonic_time ();
  g_autofree char *wait = NULL;
  g_autofree char *text = NULL;

  if (remaining <= 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (priv->ticket_countdown_label), FALSE);
      /* The service decides whether the code still counts: ask it now
       * rather than at the next poll. */
      if (priv->state == XUEXIN_TICKET_DIALOG_STATE_WAITING)
        xuexin_ticket_dialog_poll (self);
      return FALSE;
    }

  wait = xuexin_format_wait ((guint) ((remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  /* Translators: %s is a waiting time such as "4 min 59 s". */
  text = g_strdup_printf (_("The code expires in %s."), wait);
  if (g_strcmp0 (gtk_label_get_label (priv->ticket_countdown_label), text) != 0)
    gtk_label_set_label (priv->ticket_countdown_label, text);
  gtk_widget_set_visible (GTK_WIDGET (priv->ticket_countdown_label), TRUE);

  return TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  XuexinTicketDialog *self = user_data;
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  if (!xuexin_ticket_dialog_update_countdown (self))
    {
      priv->tick_source = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
xuexin_ticket_dialog_start_countdown (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_clear_handle_id (&priv->tick_source, g_source_remove);
  /* Twice a second, so the seconds shown never skip one. */
  if (xuexin_ticket_dialog_update_countdown (self))
    priv->tick_source = g_timeout_add (500, tick_cb, self);
}

/* ----- outcomes --------------------------------------------------------- */

/* No answer, or not one about the ticket: say so and offer Try Again.
 * A code still on screen stays, since it may still be confirmed. */
static void
xuexin_ticket_dialog_show_error (XuexinTicketDialog *self,
                                 const GError       *error)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);
  g_autofree char *message = NULL;

  g_clear_handle_id (&priv->poll_source, g_source_remove);
  xuexin_ticket_dialog_set_state (self, XUEXIN_TICKET_DIALOG_STATE_ERROR);

  message = XUEXIN_TICKET_DIALOG_GET_CLASS (self)->describe_error (self, error);
  if (priv->ticket == NULL)
    xuexin_ticket_dialog_show_no_code (self, "network-offline-symbolic");

  xuexin_ticket_dialog_set_error (self, message);
  xuexin_ticket_dialog_offer (self, XUEXIN_TICKET_OFFER_RETRY);
}

static char *
xuexin_ticket_dialog_real_describe_error (XuexinTicketDialog *self,
                                          const GError       *error)
{
  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    {
      g_autofree char *wait = xuexin_format_wait (MAX (1, xuexin_client_error_get_retry_after (error)));

      /* Translators: %s is a waiting time such as "12 min 5 s". */
      return g_strdup_printf (_("Too many QR codes were requested from this network. Try again in %s."), wait);
    }

  return g_strdup (error->message);
}

/* Subclasses know the reasons of their refusals; this is for the rest. */
static void
xuexin_ticket_dialog_real_ended (XuexinTicketDialog *self,
                                 XuexinTicketStatus  status,
                                 const char         *reason,
                                 const char         *message)
{
  if (status == XUEXIN_TICKET_STATUS_FAILED && message != NULL && *message != '\0')
    /* The service's own sentence for reasons this version does not know. */
    xuexin_ticket_dialog_end (self, NULL, message, XUEXIN_TICKET_OFFER_REFRESH);
  else
    xuexin_ticket_dialog_end (self, _("This QR code has expired. Refresh it to get a new one."),
                              NULL, XUEXIN_TICKET_OFFER_REFRESH);
}

static void
xuexin_ticket_dialog_confirmed (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);
  XuexinTicketDialogClass *klass = XUEXIN_TICKET_DIALOG_GET_CLASS (self);

  xuexin_ticket_dialog_stop_timers (self);
  xuexin_ticket_dialog_set_state (self, XUEXIN_TICKET_DIALOG_STATE_DONE);

  if (klass->stays_open_when_confirmed)
    {
      /* Nothing is left to scan: a check mark stands in for the code. */
      xuexin_qr_code_set_expired (priv->ticket_code, TRUE);
      xuexin_ticket_dialog_show_no_code (self, "emblem-ok-symbolic");
      xuexin_ticket_dialog_set_error (self, NULL);
      xuexin_ticket_dialog_offer (self, XUEXIN_TICKET_OFFER_ACTION);
    }

  /* The subclass says so and tells its callers; then the dialog goes,
   * unless the subclass keeps it for what comes next. */
  klass->confirmed (self);
  if (!klass->stays_open_when_confirmed)
    gtk_window_destroy (GTK_WINDOW (self));
}

/* ----- polling ---------------------------------------------------------- */

static gboolean
poll_timeout_cb (gpointer user_data)
{
  XuexinTicketDialog *self = user_data;
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  priv->poll_source = 0;
  xuexin_ticket_dialog_poll (self);
  return G_SOURCE_REMOVE;
}

static void
xuexin_ticket_dialog_schedule_poll (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);
  guint interval = MAX (1, xuexin_provider_ticket_get_poll_interval (priv->ticket));

  g_clear_handle_id (&priv->poll_source, g_source_remove);
  priv->poll_source = g_timeout_add (interval * 1000, poll_timeout_cb, self);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(XuexinTicketDialog) self = user_data;
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;
  XuexinTicketStatus status;

  status = XUEXIN_TICKET_DIALOG_GET_CLASS (self)->poll_finish (self, result, &reason, &message, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  priv->polling = FALSE;

  switch (status)
    {
    case XUEXIN_TICKET_STATUS_PENDING:
      xuexin_ticket_dialog_set_status (self, _(priv->texts->pending), FALSE);
      xuexin_ticket_dialog_schedule_poll (self);
      break;

    case XUEXIN_TICKET_STATUS_SCANNED:
      xuexin_ticket_dialog_set_status (self, _(XUEXIN_TICKET_DIALOG_GET_CLASS (self)->scanned_text), TRUE);
      xuexin_ticket_dialog_schedule_poll (self);
      break;

    case XUEXIN_TICKET_STATUS_CONFIRMED:
      xuexin_ticket_dialog_confirmed (self);
      break;

    case XUEXIN_TICKET_STATUS_EXPIRED:
      xuexin_ticket_dialog_end (self, _("This QR code has expired. Refresh it to get a new one."),
                                NULL, XUEXIN_TICKET_OFFER_REFRESH);
      break;

    case XUEXIN_TICKET_STATUS_USED:
    case XUEXIN_TICKET_STATUS_FAILED:
      XUEXIN_TICKET_DIALOG_GET_CLASS (self)->ended (self, status, reason, message);
      break;

    case XUEXIN_TICKET_STATUS_UNKNOWN:
    default:
      /* The service forgets tickets a day after they expire. */
      if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
        xuexin_ticket_dialog_end (self, _("This QR code has expired. Refresh it to get a new one."),
                                  NULL, XUEXIN_TICKET_OFFER_REFRESH);
      else
        xuexin_ticket_dialog_show_error (self, error);
      break;
    }
}

static void
xuexin_ticket_dialog_poll (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_clear_handle_id (&priv->poll_source, g_source_remove);
  if (priv->polling || priv->ticket == NULL)
    return;

  priv->polling = TRUE;
  XUEXIN_TICKET_DIALOG_GET_CLASS (self)->poll_async (priv->client, priv->ticket, priv->cancellable,
                                                      poll_cb, g_object_ref (self));
}

/* ----- starting --------------------------------------------------------- */

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(XuexinTicketDialog) self = user_data;
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);
  XuexinTicketDialogClass *klass = XUEXIN_TICKET_DIALOG_GET_CLASS (self);
  g_autoptr(XuexinProviderTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  const char *qr_url;

  ticket = klass->start_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (priv->ticket_spinner, FALSE);

  if (ticket == NULL)
    {
      if (klass->start_refused == NULL || !klass->start_refused (self, error))
        xuexin_ticket_dialog_show_error (self, error);
      return;
    }

  priv->ticket = g_steal_pointer (&ticket);
  priv->expires_at = g_get_monotonic_time ()
                     + (gint64) xuexin_provider_ticket_get_expires_in (priv->ticket) * G_USEC_PER_SEC;
  qr_url = xuexin_provider_ticket_get_qr_url (priv->ticket);

  xuexin_qr_code_set_text (priv->ticket_code, qr_url);
  xuexin_qr_code_set_expired (priv->ticket_code, FALSE);
  gtk_stack_set_visible_child_name (priv->ticket_code_stack, "code");
  gtk_link_button_set_uri (priv->ticket_demo_link, qr_url);
  xuexin_ticket_dialog_set_status (self, _(priv->texts->pending), FALSE);
  xuexin_ticket_dialog_set_state (self, XUEXIN_TICKET_DIALOG_STATE_WAITING);
  /* Named and described by what to do with it: where a screen reader
   * user starts, rather than on the scroller or the window's buttons. */
  gtk_widget_grab_focus (GTK_WIDGET (priv->ticket_code));

  xuexin_ticket_dialog_start_countdown (self);
  xuexin_ticket_dialog_schedule_poll (self);
}

/* Asks for a new ticket; whatever the old one was doing is dropped. */
static void
xuexin_ticket_dialog_start (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  xuexin_ticket_dialog_stop (self);
  priv->cancellable = g_cancellable_new ();
  g_clear_object (&priv->ticket);
  xuexin_ticket_dialog_set_state (self, XUEXIN_TICKET_DIALOG_STATE_STARTING);

  xuexin_qr_code_set_text (priv->ticket_code, NULL);
  xuexin_qr_code_set_expired (priv->ticket_code, FALSE);
  gtk_stack_set_visible_child_name (priv->ticket_code_stack, "loading");
  gtk_spinner_set_spinning (priv->ticket_spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (priv->ticket_countdown_label), FALSE);
  xuexin_ticket_dialog_set_status (self, _("Getting a QR code…"), FALSE);
  xuexin_ticket_dialog_set_error (self, NULL);
  xuexin_ticket_dialog_offer (self, XUEXIN_TICKET_OFFER_NONE);

  XUEXIN_TICKET_DIALOG_GET_CLASS (self)->start_async (priv->client, priv->texts->provider, priv->cancellable,
                                                       start_cb, g_object_ref (self));
}

/* ----- buttons ---------------------------------------------------------- */

static void
refresh_clicked_cb (XuexinTicketDialog *self)
{
  xuexin_ticket_dialog_start (self);
}

static void
retry_clicked_cb (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  /* A code still within its time is worth asking about again. */
  if (priv->ticket != NULL && g_get_monotonic_time () < priv->expires_at)
    {
      xuexin_ticket_dialog_set_state (self, XUEXIN_TICKET_DIALOG_STATE_WAITING);
      xuexin_ticket_dialog_set_error (self, NULL);
      xuexin_ticket_dialog_offer (self, XUEXIN_TICKET_OFFER_NONE);
      xuexin_ticket_dialog_poll (self);
    }
  else
    xuexin_ticket_dialog_start (self);
}

static gboolean
demo_link_activated_cb (XuexinTicketDialog *self,
                        GtkLinkButton      *button)
{
  xuexin_open_link (GTK_WIDGET (self), gtk_link_button_get_uri (button), NULL);
  return TRUE;
}

/* ----- for subclasses --------------------------------------------------- */

static const XuexinTicketTexts *
lookup_texts (XuexinTicketDialogClass *klass,
              const char              *provider)
{
  for (guint i = 0; i < klass->n_texts; i++)
    {
      const XuexinTicketTexts *texts = (const XuexinTicketTexts *) ((const guint8 *) klass->texts + i * klass->texts_size);

      if (g_strcmp0 (texts->provider, provider) == 0)
        return texts;
    }

  return NULL;
}

/**
 * xuexin_ticket_dialog_class_set_texts:
 * @texts: the first of the providers' texts
 * @n_texts: how many providers there are
 * @texts_size: the size of one entry: each starts with its
 *   XuexinTicketTexts, the subclass's own sentences may follow
 * @scanned_text: the status once the phone has scanned, marked with N_()
 *
 * Which providers the subclass knows, and what it says about them. Call
 * it in class_init.
 */
void
xuexin_ticket_dialog_class_set_texts (XuexinTicketDialogClass *klass,
                                      const XuexinTicketTexts *texts,
                                      guint                    n_texts,
                                      gsize                    texts_size,
                                      const char              *scanned_text)
{
  g_return_if_fail (XUEXIN_IS_TICKET_DIALOG_CLASS (klass));
  g_return_if_fail (texts != NULL && n_texts > 0);
  g_return_if_fail (texts_size >= sizeof (XuexinTicketTexts));

  klass->texts = texts;
  klass->n_texts = n_texts;
  klass->texts_size = texts_size;
  klass->scanned_text = scanned_text;
}

/**
 * xuexin_ticket_dialog_new:
 * @type: the subclass
 * @parent: (nullable): the window it belongs to
 * @client: the client to ask the service with
 * @provider: one of the providers in the subclass's texts
 * @demo_mode: whether @client talks to the local demo service
 *
 * What the subclasses' constructors share: a modal dialog that asks for
 * a code once shown.
 */
gpointer
xuexin_ticket_dialog_new (GType         type,
                          GtkWindow    *parent,
                          XuexinClient *client,
                          const char   *provider,
                          gboolean      demo_mode)
{
  g_autoptr(GTypeClass) klass = NULL;

  g_return_val_if_fail (g_type_is_a (type, XUEXIN_TYPE_TICKET_DIALOG), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);
  klass = g_type_class_ref (type);
  g_return_val_if_fail (lookup_texts (XUEXIN_TICKET_DIALOG_CLASS (klass), provider) != NULL, NULL);

  return g_object_new (type,
                       "transient-for", parent,
                       "client", client,
                       "provider", provider,
                       "demo-mode", demo_mode,
                       NULL);
}

/**
 * xuexin_ticket_dialog_get_texts:
 *
 * Returns: the provider's entry in the subclass's texts
 */
const XuexinTicketTexts *
xuexin_ticket_dialog_get_texts (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_TICKET_DIALOG (self), NULL);

  return priv->texts;
}

/**
 * xuexin_ticket_dialog_set_status:
 * @status: (nullable): the sentence under the code, or %NULL for none
 * @success: whether it is good news (shown as such)
 */
void
xuexin_ticket_dialog_set_status (XuexinTicketDialog *self,
                                 const char         *status,
                                 gboolean            success)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);
  GtkWidget *label = GTK_WIDGET (priv->ticket_status_label);

  g_return_if_fail (XUEXIN_IS_TICKET_DIALOG (self));

  gtk_label_set_label (priv->ticket_status_label, status != NULL ? status : "");
  gtk_widget_set_visible (label, status != NULL);
  if (success)
    gtk_widget_add_css_class (label, "success");
  else
    gtk_widget_remove_css_class (label, "success");
}

/**
 * xuexin_ticket_dialog_end:
 * @status: (nullable): what happened, under the code
 * @message: (nullable): what went wrong, at the top
 * @offers: the buttons to offer
 *
 * A ticket that can no longer be confirmed: the code fades, Refresh (if
 * offered) asks for a new one.
 */
void
xuexin_ticket_dialog_end (XuexinTicketDialog *self,
                          const char         *status,
                          const char         *message,
                          XuexinTicketOffer   offers)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_TICKET_DIALOG (self));

  xuexin_ticket_dialog_stop_timers (self);
  xuexin_ticket_dialog_set_state (self, XUEXIN_TICKET_DIALOG_STATE_ENDED);

  xuexin_qr_code_set_expired (priv->ticket_code, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (priv->ticket_countdown_label), FALSE);
  xuexin_ticket_dialog_set_status (self, status, FALSE);
  xuexin_ticket_dialog_set_error (self, message);
  xuexin_ticket_dialog_offer (self, offers);
}

/**
 * xuexin_ticket_dialog_end_without_code:
 * @icon_name: the icon shown instead of the code
 * @message: (nullable): why, at the top
 * @offers: the buttons to offer
 *
 * The service refused a ticket, or the ticket's refusal leaves nothing
 * to scan: an icon stands in for the code.
 */
void
xuexin_ticket_dialog_end_without_code (XuexinTicketDialog *self,
                                       const char         *icon_name,
                                       const char         *message,
                                       XuexinTicketOffer   offers)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_TICKET_DIALOG (self));

  xuexin_ticket_dialog_stop_timers (self);
  xuexin_ticket_dialog_set_state (self, XUEXIN_TICKET_DIALOG_STATE_ENDED);

  xuexin_qr_code_set_expired (priv->ticket_code, TRUE);
  xuexin_ticket_dialog_show_no_code (self, icon_name);
  xuexin_ticket_dialog_set_error (self, message);
  xuexin_ticket_dialog_offer (self, offers);
}

/* ----- public API ------------------------------------------------------- */

XuexinClient *
xuexin_ticket_dialog_get_client (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_TICKET_DIALOG (self), NULL);

  return priv->client;
}

const char *
xuexin_ticket_dialog_get_provider (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_TICKET_DIALOG (self), NULL);

  return priv->provider;
}

XuexinTicketDialogState
xuexin_ticket_dialog_get_state (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_TICKET_DIALOG (self), XUEXIN_TICKET_DIALOG_STATE_IDLE);

  return priv->state;
}

gboolean
xuexin_ticket_dialog_get_demo_mode (XuexinTicketDialog *self)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_TICKET_DIALOG (self), FALSE);

  return priv->demo_mode;
}

/**
 * xuexin_ticket_dialog_set_demo_mode:
 * @demo_mode: whether the service is the local demo, whose simulated
 *   provider serves its confirmation page at the QR URL
 *
 * In demo mode there is no phone to scan with: the dialog offers to open
 * the simulated confirmation page in the browser instead.
 */
void
xuexin_ticket_dialog_set_demo_mode (XuexinTicketDialog *self,
                                    gboolean            demo_mode)
{
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_TICKET_DIALOG (self));

  demo_mode = !!demo_mode;
  if (priv->demo_mode == demo_mode)
    return;

  priv->demo_mode = demo_mode;
  xuexin_ticket_dialog_update_demo (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_MODE]);
}

/* ----- GtkBuildable ----------------------------------------------------- */

/* Subclasses add their own buttons as <child type="action">. */
static void
xuexin_ticket_dialog_buildable_add_child (GtkBuildable *buildable,
                                          GtkBuilder   *builder,
                                          GObject      *child,
                                          const char   *type)
{
  XuexinTicketDialog *self = XUEXIN_TICKET_DIALOG (buildable);
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  if (g_strcmp0 (type, "action") == 0 && GTK_IS_WIDGET (child))
    gtk_box_append (GTK_BOX (priv->ticket_actions_box), GTK_WIDGET (child));
  else if (g_strcmp0 (type, "extra") == 0 && GTK_IS_WIDGET (child))
    {
      gtk_box_append (GTK_BOX (priv->ticket_extra_box), GTK_WIDGET (child));
      gtk_widget_set_visible (priv->ticket_extra_box, TRUE);
    }
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
xuexin_ticket_dialog_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = xuexin_ticket_dialog_buildable_add_child;
}

/* ----- GObject ---------------------------------------------------------- */

static void
xuexin_ticket_dialog_map (GtkWidget *widget)
{
  XuexinTicketDialog *self = XUEXIN_TICKET_DIALOG (widget);
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  GTK_WIDGET_CLASS (xuexin_ticket_dialog_parent_class)->map (widget);

  /* A code counts down from when it is asked for: only ask once shown. */
  if (priv->state == XUEXIN_TICKET_DIALOG_STATE_IDLE && priv->client != NULL)
    xuexin_ticket_dialog_start (self);
}

static void
xuexin_ticket_dialog_unmap (GtkWidget *widget)
{
  XuexinTicketDialog *self = XUEXIN_TICKET_DIALOG (widget);
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  /* Closed (gtk_window_destroy() hides first) or hidden: stop at once,
   * not when the last reference goes, which a request in flight holds.
   * Shown again, it starts over with a new code. */
  xuexin_ticket_dialog_stop (self);
  if (priv->state != XUEXIN_TICKET_DIALOG_STATE_DONE)
    xuexin_ticket_dialog_set_state (self, XUEXIN_TICKET_DIALOG_STATE_IDLE);

  GTK_WIDGET_CLASS (xuexin_ticket_dialog_parent_class)->unmap (widget);
}

static void
xuexin_ticket_dialog_constructed (GObject *object)
{
  XuexinTicketDialog *self = XUEXIN_TICKET_DIALOG (object);
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);
  XuexinTicketDialogClass *klass = XUEXIN_TICKET_DIALOG_GET_CLASS (self);

  G_OBJECT_CLASS (xuexin_ticket_dialog_parent_class)->constructed (object);

  priv->texts = lookup_texts (klass, priv->provider);
  if (priv->texts == NULL)
    {
      if (priv->provider != NULL)
        g_critical ("Unknown provider “%s”", priv->provider);
      priv->texts = klass->texts;
    }

  gtk_window_set_title (GTK_WINDOW (self), _(priv->texts->title));
  gtk_label_set_label (priv->ticket_heading_label, _(priv->texts->heading));
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->ticket_code),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(priv->texts->code_label),
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (priv->ticket_code),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  priv->ticket_heading_label, priv->ticket_status_label, NULL,
                                  -1);
  gtk_widget_set_focusable (GTK_WIDGET (priv->ticket_code), TRUE);
  if (klass->demo_link_text != NULL)
    gtk_button_set_label (GTK_BUTTON (priv->ticket_demo_link), _(klass->demo_link_text));
}

static void
xuexin_ticket_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  XuexinTicketDialog *self = XUEXIN_TICKET_DIALOG (object);
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, priv->client);
      break;

    case PROP_PROVIDER:
      g_value_set_string (value, priv->provider);
      break;

    case PROP_DEMO_MODE:
      g_value_set_boolean (value, priv->demo_mode);
      break;

    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_ticket_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  XuexinTicketDialog *self = XUEXIN_TICKET_DIALOG (object);
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      priv->client = g_value_dup_object (value);
      break;

    case PROP_PROVIDER:
      priv->provider = g_value_dup_string (value);
      break;

    case PROP_DEMO_MODE:
      xuexin_ticket_dialog_set_demo_mode (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_ticket_dialog_dispose (GObject *object)
{
  XuexinTicketDialog *self = XUEXIN_TICKET_DIALOG (object);
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  xuexin_ticket_dialog_stop (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_TICKET_DIALOG);
  g_clear_object (&priv->ticket);
  g_clear_object (&priv->client);

  G_OBJECT_CLASS (xuexin_ticket_dialog_parent_class)->dispose (object);
}

static void
xuexin_ticket_dialog_finalize (GObject *object)
{
  XuexinTicketDialog *self = XUEXIN_TICKET_DIALOG (object);
  XuexinTicketDialogPrivate *priv = xuexin_ticket_dialog_get_instance_private (self);

  g_free (priv->provider);

  G_OBJECT_CLASS (xuexin_ticket_dialog_parent_class)->finalize (object);
}

static void
xuexin_ticket_dialog_class_init (XuexinTicketDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = xuexin_ticket_dialog_constructed;
  object_class->dispose = xuexin_ticket_dialog_dispose;
  object_class->finalize = xuexin_ticket_dialog_finalize;
  object_class->get_property = xuexin_ticket_dialog_get_property;
  object_class->set_property = xuexin_ticket_dialog_set_property;

  widget_class->map = xuexin_ticket_dialog_map;
  widget_class->unmap = xuexin_ticket_dialog_unmap;

  klass->ended = xuexin_ticket_dialog_real_ended;
  klass->describe_error = xuexin_ticket_dialog_real_describe_error;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, XUEXIN_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* Given by whoever opens the dialog, which knows which service it is;
   * writable afterwards so that tests can look at the demo link. */
  properties[PROP_DEMO_MODE] =
    g_param_spec_boolean ("demo-mode", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       XUEXIN_TYPE_TICKET_DIALOG_STATE, XUEXIN_TICKET_DIALOG_STATE_IDLE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (XUEXIN_TYPE_QR_CODE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/xuexin/Assistant/qr/xuexin-ticket-dialog.ui");
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_heading_label);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_error_box);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_error_label);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_code_stack);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_spinner);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_code);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_error_image);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_refresh_button);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_status_label);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_countdown_label);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_retry_button);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_actions_box);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_demo_box);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_demo_link);
  gtk_widget_class_bind_template_child_private (widget_class, XuexinTicketDialog, ticket_extra_box);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_link_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xuexin_ticket_dialog_init (XuexinTicketDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
