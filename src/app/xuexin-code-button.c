/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "xuexin-a11y.h"
#include "xuexin-client-error.h"
#include "xuexin-code-button.h"
#include "xuexin-common.h"
#include "xuexin-format.h"

/* "Send Code", then "Resend Code", insensitive until the service allows
 * another code. The wait is counted down in the status label, not on
 * the button: a button renamed every second is read out every second
 * by a screen reader, a plain label only when the user goes to it. The button owns the whole exchange: it asks the owner's sender
 * for a code, says where it went in the status label, counts down from
 * the service's answer (resend_after, or the wait of a rate_limited
 * refusal) and emits ::failed for the owner to show the error where its
 * errors go. The owner only says whether its fields allow a code
 * ("ready"). The request is cancelled when the button is disposed,
 * with the dialog or flow it is in; not on unmap: a page the assistant
 * moved away from is only unmapped, and the code it asked for is still
 * what the user comes back to. */
struct _XuexinCodeButton
{
  GtkButton             parent_instance;

  XuexinCodeSendFunc    send;
  XuexinCodeFinishFunc  finish;
  gpointer              data;
  GDestroyNotify        data_destroy;
  GCancellable         *cancellable;  /* of the request in flight */
  GtkLabel             *status_label;
  char                 *sent_text;    /* where the last code went */
  XuexinCodeMedium      medium;
  gboolean              ready;

  gint64                allowed_at;   /* monotonic µs */
  guint                 tick_source;
};

G_DEFINE_FINAL_TYPE (XuexinCodeButton, xuexin_code_button, GTK_TYPE_BUTTON)

G_DEFINE_ENUM_TYPE (XuexinCodeMedium, xuexin_code_medium,
                    G_DEFINE_ENUM_VALUE (XUEXIN_CODE_MEDIUM_SMS, "sms"),
                    G_DEFINE_ENUM_VALUE (XUEXIN_CODE_MEDIUM_EMAIL, "email"))

enum {
  PROP_0,
  PROP_COUNTING,
  PROP_SENDING,
  PROP_READY,
  PROP_MEDIUM,
  PROP_STATUS_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SENT,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One request. It does not keep the button alive: a button that goes
 * (with the page or dialog it is in) cancels it, and a cancelled
 * request touches neither the button nor the sender's data. */
typedef struct
{
  XuexinCodeButton *self;
  GCancellable     *cancellable;
} SendRequest;

static void
send_request_free (SendRequest *request)
{
  g_clear_object (&request->cancellable);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendRequest, send_request_free)

static void
xuexin_code_button_update (XuexinCodeButton *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "code-button.send",
                                 self->send != NULL && self->ready &&
                                 self->cancellable == NULL && self->tick_source == 0);
}

gboolean
xuexin_code_button_get_counting (XuexinCodeButton *self)
{
  g_return_val_if_fail (XUEXIN_IS_CODE_BUTTON (self), FALSE);

  return self->tick_source != 0;
}

/**
 * xuexin_code_button_get_sending:
 *
 * Returns: %TRUE while a request for a code is in flight
 */
gboolean
xuexin_code_button_get_sending (XuexinCodeButton *self)
{
  g_return_val_if_fail (XUEXIN_IS_CODE_BUTTON (self), FALSE);

  return self->cancellable != NULL;
}

gboolean
xuexin_code_button_get_ready (XuexinCodeButton *self)
{
  g_return_val_if_fail (XUEXIN_IS_CODE_BUTTON (self), FALSE);

  return self->ready;
}

/**
 * xuexin_code_button_set_ready:
 * @ready: whether the owner's fields allow asking for a code now
 *
 * The button is clickable when its owner is ready, no request is in
 * flight and the countdown is over.
 */
void
xuexin_code_button_set_ready (XuexinCodeButton *self,
                              gboolean          ready)
{
  g_return_if_fail (XUEXIN_IS_CODE_BUTTON (self));

  ready = !!ready;
  if (self->ready == ready)
    return;

  self->ready = ready;
  xuexin_code_button_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
xuexin_code_button_set_sending (XuexinCodeButton *self,
                                GCancellable     *cancellable)
{
  gboolean was_sending = self->cancellable != NULL;

  g_set_object (&self->cancellable, cancellable);
  xuexin_code_button_update (self);

  if (was_sending != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
}

/* The status label says where the code went and, while counting, when
 * another may be asked for. It is a plain label, never an alert. */
static void
xuexin_code_button_update_status (XuexinCodeButton *self,
                                  guint             seconds)
{
  g_autofree char *wait = NULL;
  g_autofree char *text = NULL;

  if (self->status_label == NULL)
    return;

  if (seconds > 0)
    {
      g_autofree char *duration = xuexin_format_wait (seconds);

      /* Translators: below the send-code button until another code may be requested; %s is a waiting time. */
      wait = g_strdup_printf (_("You can ask for a new code in %s."), duration);
    }

  if (self->sent_text != NULL && wait != NULL)
    text = g_strdup_printf ("%s %s", self->sent_text, wait);
  else
    text = g_strdup (self->sent_text != NULL ? self->sent_text : wait);

  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static gboolean
xuexin_code_button_tick_cb (gpointer user_data)
{
  XuexinCodeButton *self = user_data;
  gint64 remaining = self->allowed_at - g_get_monotonic_time ();

  if (remaining <= 0)
    {
      self->tick_source = 0;
      xuexin_code_button_update_status (self, 0);
      xuexin_code_button_update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
      return G_SOURCE_REMOVE;
    }

  xuexin_code_button_update_status (self, (guint) ((remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  return G_SOURCE_CONTINUE;
}

static void
xuexin_code_button_start_countdown (XuexinCodeButton *self,
                                    guint             seconds)
{
  gboolean was_counting = self->tick_source != 0;

  g_clear_handle_id (&self->tick_source, g_source_remove);

  self->allowed_at = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  self->tick_source = g_timeout_add_seconds (1, xuexin_code_button_tick_cb, self);
  xuexin_code_button_tick_cb (self);
  xuexin_code_button_update (self);

  if (!was_counting)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

static char *
xuexin_code_button_describe_sent (XuexinCodeButton *self,
                                  const char       *sent_to)
{
  if (self->medium == XUEXIN_CODE_MEDIUM_EMAIL)
    /* Translators: %s is the (masked) email address the code was sent to. */
    return g_strdup_printf (_("A code was sent to %s. It is valid for 10 minutes. If it does not arrive, look in the spam folder."),
                            sent_to);

  /* Only Find Username's code goes to several phones: after
   * re-registration one name and ID can have several. */
  if (strchr (sent_to, ',') != NULL)
    /* Translators: %s is a list of (masked) phone numbers. */
    return g_strdup_printf (_("An SMS code was sent to each of %s, the phones of the accounts with this "
                              "name and ID number. Enter the code from any of them; it is valid for 10 minutes."),
                            sent_to);

  /* Translators: %s is the (masked) phone number the code was sent to. */
  return g_strdup_printf (_("An SMS code was sent to %s. It is valid for 10 minutes."), sent_to);
}

/**
 * xuexin_code_button_show_sent:
 * @sent_to: (nullable): where the code went, masked, as the service said
 * @resend_after: seconds until the service sends another, 0 if it did
 *   not say
 *
 * Says where the code went in the status label and counts down until
 * another may be asked for. The button calls it for the codes it asked
 * for; an owner calls it for a code asked for elsewhere (the page
 * before, say).
 */
void
xuexin_code_button_show_sent (XuexinCodeButton *self,
                              const char       *sent_to,
                              guint             resend_after)
{
  g_return_if_fail (XUEXIN_IS_CODE_BUTTON (self));

  g_free (self->sent_text);
  self->sent_text = xuexin_code_button_describe_sent (self, sent_to != NULL ? sent_to : "");
  /* Named once, not counting: see the top of this file. Where the code
   * went is said once; the status label is no live region. */
  gtk_button_set_label (GTK_BUTTON (self), _("Re_send Code"));
  xuexin_a11y_announce (GTK_WIDGET (self), self->sent_text);

  xuexin_code_button_start_countdown (self, resend_after > 0 ? resend_after : 60);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SendRequest) request = user_data;
  XuexinCodeButton *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_to = NULL;
  GtkWidget *field;
  guint resend_after = 0;
  gboolean sent;

  /* Disposed, or given another sender: the sender's data may be gone. */
  if (g_cancellable_is_cancelled (request->cancellable))
    return;

  sent = self->finish (self->data, result, &resend_after, &sent_to, &error);
  xuexin_code_button_set_sending (self, NULL);

  if (!sent)
    {
      if (xuexin_client_error_get_retry_after (error) > 0)
        xuexin_code_button_start_countdown (self, xuexin_client_error_get_retry_after (error));
      g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }

  if (sent_to != NULL)
    xuexin_code_button_show_sent (self, sent_to, resend_after);

  /* The code goes into the field the button sits in, unless the user
   * has moved on meanwhile (the answer came late: the field is on a page
   * no longer shown, and taking the focus there would lose it). */
  field = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_EDITABLE);
  if (field != NULL && gtk_widget_get_mapped (field))
    gtk_widget_grab_focus (field);

  g_signal_emit (self, signals[SENT], 0);
}

/**
 * xuexin_code_button_send:
 *
 * Asks for a code now, as a click does, if the button may.
 */
void
xuexin_code_button_send (XuexinCodeButton *self)
{
  g_autoptr(GCancellable) cancellable = NULL;
  SendRequest *request;

  g_return_if_fail (XUEXIN_IS_CODE_BUTTON (self));

  if (self->send == NULL || !self->ready || self->cancellable != NULL || self->tick_source != 0)
    return;

  cancellable = g_cancellable_new ();
  xuexin_code_button_set_sending (self, cancellable);

  request = g_new0 (SendRequest, 1);
  request->self = self;
  request->cancellable = g_object_ref (cancellable);
  self->send (self->data, cancellable, send_cb, request);
}

/**
 * xuexin_code_button_set_sender:
 * @send: (nullable): starts the request for a code
 * @finish: (nullable): finishes it
 * @data: passed to both, usually the page or dialog the button is in
 * @destroy: (nullable): frees @data when the button no longer needs it
 *
 * What a click asks the service for. A request in flight is cancelled.
 * Nothing reaches @send or @finish once the button is disposed, which
 * happens at the latest when the page or dialog it is in goes.
 */
void
xuexin_code_button_set_sender (XuexinCodeButton     *self,
                               XuexinCodeSendFunc    send,
                               XuexinCodeFinishFunc  finish,
                               gpointer              data,
                               GDestroyNotify        destroy)
{
  g_return_if_fail (XUEXIN_IS_CODE_BUTTON (self));
  g_return_if_fail ((send == NULL) == (finish == NULL));

  g_cancellable_cancel (self->cancellable);
  xuexin_code_button_set_sending (self, NULL);
  if (self->data_destroy != NULL)
    g_clear_pointer (&self->data, self->data_destroy);

  self->send = send;
  self->finish = finish;
  self->data = data;
  self->data_destroy = destroy;
  xuexin_code_button_update (self);
}

/* A code to what the user typed into a field. */
typedef struct
{
  XuexinClient      *client;
  XuexinCodePurpose  purpose;
  GtkEditable       *field;
} FieldSender;

static void
field_sender_free (gpointer data)
{
  FieldSender *sender = data;

  g_clear_object (&sender->client);
  g_clear_object (&sender->field);
  g_free (sender);
}

static void
field_sender_send (gpointer             data,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  FieldSender *sender = data;
  const char *text = gtk_editable_get_text (sender->field);
  g_autofree char *recipient = NULL;

  /* The owner is ready only when the field is valid; what is sent is
   * its normal form. */
  switch (sender->purpose)
    {
    case XUEXIN_CODE_PURPOSE_REGISTER:
      xuexin_phone_validate (text, &recipient);
      xuexin_client_send_register_code_async (sender->client, recipient != NULL ? recipient : text,
                                              cancellable, callback, user_data);
      break;

    case XUEXIN_CODE_PURPOSE_CHANGE_PHONE:
      xuexin_phone_validate (text, &recipient);
      xuexin_client_send_change_phone_code_async (sender->client, recipient != NULL ? recipient : text,
                                                  cancellable, callback, user_data);
      break;

    case XUEXIN_CODE_PURPOSE_EMAIL:
      xuexin_email_validate (text, &recipient);
      xuexin_client_send_email_code_async (sender->client, recipient != NULL ? recipient : text,
                                           cancellable, callback, user_data);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
field_sender_finish (gpointer       data,
                     GAsyncResult  *result,
                     guint         *resend_after,
                     char         **sent_to,
                     GError       **error)
{
  FieldSender *sender = data;

  switch (sender->purpose)
    {
    case XUEXIN_CODE_PURPOSE_REGISTER:
      return xuexin_client_send_register_code_finish (sender->client, result, resend_after, sent_to, error);

    case XUEXIN_CODE_PURPOSE_CHANGE_PHONE:
      return xuexin_client_send_change_phone_code_finish (sender->client, result, resend_after, sent_to, error);

    case XUEXIN_CODE_PURPOSE_EMAIL:
      return xuexin_client_send_email_code_finish (sender->client, result, resend_after, sent_to, error);

    default:
      g_assert_not_reached ();
    }
}

/**
 * xuexin_code_button_set_recipient_field:
 * @client: to ask the service with
 * @purpose: which code
 * @field: where the user types the phone number or email address
 *
 * A sender for the codes that go to an address the user types: a click
 * asks @client for a code of @purpose to what @field holds. The owner
 * makes the button ready only while @field is valid.
 */
void
xuexin_code_button_set_recipient_field (XuexinCodeButton  *self,
                                        XuexinClient      *client,
                                        XuexinCodePurpose  purpose,
                                        GtkEditable       *field)
{
  FieldSender *sender;

  g_return_if_fail (XUEXIN_IS_CODE_BUTTON (self));
  g_return_if_fail (XUEXIN_IS_CLIENT (client));
  g_return_if_fail (GTK_IS_EDITABLE (field));

  sender = g_new0 (FieldSender, 1);
  sender->client = g_object_ref (client);
  sender->purpose = purpose;
  sender->field = g_object_ref (field);
  xuexin_code_button_set_sender (self, field_sender_send, field_sender_finish, sender, field_sender_free);
}

static void
xuexin_code_button_send_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  xuexin_code_button_send (XUEXIN_CODE_BUTTON (widget));
}

static void
xuexin_code_button_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  XuexinCodeButton *self = XUEXIN_CODE_BUTTON (object);

  switch (prop_id)
    {
    case PROP_COUNTING:
      g_value_set_boolean (value, xuexin_code_button_get_counting (self));
      break;

    case PROP_SENDING:
      g_value_set_boolean (value, xuexin_code_button_get_sending (self));
      break;

    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    case PROP_MEDIUM:
      g_value_set_enum (value, self->medium);
      break;

    case PROP_STATUS_LABEL:
      g_value_set_object (value, self->status_label);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_code_button_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  XuexinCodeButton *self = XUEXIN_CODE_BUTTON (object);

  switch (prop_id)
    {
    case PROP_READY:
      xuexin_code_button_set_ready (self, g_value_get_boolean (value));
      break;

    case PROP_MEDIUM:
      if (self->medium != (XuexinCodeMedium) g_value_get_enum (value))
        {
          self->medium = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_STATUS_LABEL:
      if (g_set_object (&self->status_label, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_code_button_dispose (GObject *object)
{
  XuexinCodeButton *self = XUEXIN_CODE_BUTTON (object);

  /* Nothing more reaches the owner, which may be going too. */
  xuexin_code_button_set_sender (self, NULL, NULL, NULL, NULL);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_object (&self->status_label);
  g_clear_pointer (&self->sent_text, g_free);

  G_OBJECT_CLASS (xuexin_code_button_parent_class)->dispose (object);
}

static void
xuexin_code_button_class_init (XuexinCodeButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_code_button_dispose;
  object_class->get_property = xuexin_code_button_get_property;
  object_class->set_property = xuexin_code_button_set_property;

  properties[PROP_COUNTING] =
    g_param_spec_boolean ("counting", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * XuexinCodeButton:ready:
   *
   * Whether the owner's fields allow asking for a code (a valid phone
   * number, say, and nothing else being applied).
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MEDIUM] =
    g_param_spec_enum ("medium", NULL, NULL, XUEXIN_TYPE_CODE_MEDIUM, XUEXIN_CODE_MEDIUM_SMS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * XuexinCodeButton:status-label:
   *
   * Where the button says where the code went; shown once it did.
   */
  properties[PROP_STATUS_LABEL] =
    g_param_spec_object ("status-label", NULL, NULL, GTK_TYPE_LABEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * XuexinCodeButton::sent:
   *
   * A code the button asked for is on its way; the status label and
   * the countdown show it, and the field the button sits in has focus.
   */
  signals[SENT] =
    g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * XuexinCodeButton::failed:
   * @error: the client's error
   *
   * The service refused the code or could not be reached. A refusal
   * with a wait (rate_limited) already counts down on the button; the
   * owner shows @error where its errors go.
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_install_action (widget_class, "code-button.send", NULL,
                                   xuexin_code_button_send_action);
}

static void
xuexin_code_button_init (XuexinCodeButton *self)
{
  self->ready = TRUE;

  gtk_button_set_use_underline (GTK_BUTTON (self), TRUE);
  gtk_button_set_label (GTK_BUTTON (self), _("_Send Code"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "code-button.send");
  xuexin_code_button_update (self);
}
