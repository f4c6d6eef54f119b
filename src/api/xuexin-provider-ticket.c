/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include <string.h>

#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"
#include "xuexin-provider-ticket.h"

/**
 * XuexinProviderTicket:
 *
 * A started WeChat/Alipay binding or QR sign-in: show the QR URL, then
 * poll with the ticket every poll interval until it is no longer pending
 * or scanned. The ticket is a secret (whoever has it gets the session of
 * a QR sign-in); it never goes into the QR code or the logs.
 */
struct _XuexinProviderTicket
{
  GObject    parent_instance;

  char      *ticket;
  char      *provider;
  char      *qr_url;
  GDateTime *expires_at;
  guint      expires_in;
  guint      poll_interval;
};

G_DEFINE_FINAL_TYPE (XuexinProviderTicket, xuexin_provider_ticket, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TICKET,
  PROP_PROVIDER,
  PROP_QR_URL,
  PROP_EXPIRES_AT,
  PROP_EXPIRES_IN,
  PROP_POLL_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * xuexin_provider_ticket_new_from_json:
 * @object: the answer of a bind-tickets or sign-in-tickets POST
 *
 * Returns: (transfer full): the ticket, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinProviderTicket *
xuexin_provider_ticket_new_from_json (JsonObject  *object,
                                      GError     **error)
{
  g_autoptr(GDateTime) expires_at = NULL;
  XuexinProviderTicket *self;
  const char *ticket;
  const char *provider;
  const char *qr_url;
  gint64 expires_in;
  gint64 poll_interval;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!xuexin_json_get_string (object, "ticket", &ticket, error)
      || !xuexin_json_get_string (object, "provider", &provider, error)
      || !xuexin_json_get_string (object, "qr_url", &qr_url, error)
      || !xuexin_json_get_time (object, "expires_at", &expires_at, error)
      || !xuexin_json_get_int (object, "expires_in", &expires_in, error)
      || !xuexin_json_get_int (object, "poll_interval", &poll_interval, error))
    return NULL;

  if (*ticket == '\0' || *qr_url == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty ticket or qr_url");
      return NULL;
    }

  self = g_object_new (XUEXIN_TYPE_PROVIDER_TICKET, NULL);
  self->ticket = g_strdup (ticket);
  self->provider = g_strdup (provider);
  self->qr_url = g_strdup (qr_url);
  self->expires_at = g_steal_pointer (&expires_at);
  self->expires_in = (guint) CLAMP (expires_in, 0, G_MAXINT);
  /* Never poll faster than once a second, whatever the server says. */
  self->poll_interval = (guint) CLAMP (poll_interval, 1, 60);

  return self;
}

/**
 * xuexin_provider_ticket_get_ticket:
 *
 * Returns: the secret to poll with
 */
const char *
xuexin_provider_ticket_get_ticket (XuexinProviderTicket *self)
{
  g_return_val_if_fail (XUEXIN_IS_PROVIDER_TICKET (self), NULL);

  return self->ticket;
}

const char *
xuexin_provider_ticket_get_provider (XuexinProviderTicket *self)
{
  g_return_val_if_fail (XUEXIN_IS_PROVIDER_TICKET (self), NULL);

  return self->provider;
}

/**
 * xuexin_provider_ticket_get_qr_url:
 *
 * Returns: the URL to show as a QR code (for WeChat's website login, a
 *   page that shows its own QR code)
 */
const char *
xuexin_provider_ticket_get_qr_url (XuexinProviderTicket *self)
{
  g_return_val_if_fail (XUEXIN_IS_PROVIDER_TICKET (self), NULL);

  return self->qr_url;
}

/**
 * xuexin_provider_ticket_get_expires_at:
 *
 * Returns: (nullable) (transfer none): when the ticket expires
 */
GDateTime *
xuexin_provider_ticket_get_expires_at (XuexinProviderTicket *self)
{
  g_return_val_if_fail (XUEXIN_IS_PROVIDER_TICKET (self), NULL);

  return self->expires_at;
}

/**
 * xuexin_provider_ticket_get_expires_in:
 *
 * Returns: the ticket's lifetime in seconds, counted from its creation
 */
guint
xuexin_provider_ticket_get_expires_in (XuexinProviderTicket *self)
{
  g_return_val_if_fail (XUEXIN_IS_PROVIDER_TICKET (self), 0);

  return self->expires_in;
}

/**
 * xuexin_provider_ticket_get_poll_interval:
 *
 * Returns: seconds between polls (1 to 60)
 */
guint
xuexin_provider_ticket_get_poll_interval (XuexinProviderTicket *self)
{
  g_return_val_if_fail (XUEXIN_IS_PROVIDER_TICKET (self), 0);

  return self->poll_interval;
}

static void
xuexin_provider_ticket_finalize (GObject *object)
{
  XuexinProviderTicket *self = XUEXIN_PROVIDER_TICKET (object);

  if (self->ticket != NULL)
    memset (self->ticket, 0, strlen (self->ticket));
  g_clear_pointer (&self->ticket, g_free);
  g_clear_pointer (&self->provider, g_free);
  g_clear_pointer (&self->qr_url, g_free);
  g_clear_pointer (&self->expires_at, g_date_time_unref);

  G_OBJECT_CLASS (xuexin_provider_ticket_parent_class)->finalize (object);
}

static void
xuexin_provider_ticket_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  XuexinProviderTicket *self = XUEXIN_PROVIDER_TICKET (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      g_value_set_string (value, self->ticket);
      break;

    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;

    case PROP_QR_URL:
      g_value_set_string (value, self->qr_url);
      break;

    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, self->expires_at);
      break;

    case PROP_EXPIRES_IN:
      g_value_set_uint (value, self->expires_in);
      break;

    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_provider_ticket_class_init (XuexinProviderTicketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xuexin_provider_ticket_finalize;
  object_class->get_property = xuexin_provider_ticket_get_property;

  properties[PROP_TICKET] =
    g_param_spec_string ("ticket", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_QR_URL] =
    g_param_spec_string ("qr-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_EXPIRES_AT] =
    g_param_spec_boxed ("expires-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_EXPIRES_IN] =
    g_param_spec_uint ("expires-in", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_provider_ticket_init (XuexinProviderTicket *self)
{
}
