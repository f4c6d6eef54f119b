/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"
#include "xuexin-verification-event.h"

/**
 * XuexinVerificationEvent:
 *
 * One step of a looked-up account's identity verification history
 * (GET /review/accounts "history"), for the help desk on the phone.
 */
struct _XuexinVerificationEvent
{
  GObject    parent_instance;

  GDateTime *at;
  char      *event;
  char      *path;
  char      *detail;
};

G_DEFINE_FINAL_TYPE (XuexinVerificationEvent, xuexin_verification_event, G_TYPE_OBJECT)

/**
 * xuexin_verification_event_new_from_json:
 * @object: one entry of "history"
 *
 * Returns: (transfer full): the event, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinVerificationEvent *
xuexin_verification_event_new_from_json (JsonObject  *object,
                                         GError     **error)
{
  g_autoptr(XuexinVerificationEvent) self = NULL;
  const char *event;
  const char *path;
  const char *detail;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_VERIFICATION_EVENT, NULL);

  if (!xuexin_json_get_required_time (object, "at", &self->at, error)
      || !xuexin_json_get_string (object, "event", &event, error)
      || !xuexin_json_get_nullable_string (object, "path", &path, error)
      || !xuexin_json_get_nullable_string (object, "detail", &detail, error))
    return NULL;

  if (*event == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty history event");
      return NULL;
    }

  self->event = g_strdup (event);
  self->path = g_strdup (path);
  self->detail = g_strdup (detail);

  return g_steal_pointer (&self);
}

GDateTime *
xuexin_verification_event_get_at (XuexinVerificationEvent *self)
{
  g_return_val_if_fail (XUEXIN_IS_VERIFICATION_EVENT (self), NULL);

  return self->at;
}

/* An event id newer than this client is passed on as it came. */
const char *
xuexin_verification_event_get_event (XuexinVerificationEvent *self)
{
  g_return_val_if_fail (XUEXIN_IS_VERIFICATION_EVENT (self), NULL);

  return self->event;
}

/* The path id (XUEXIN_IDENTITY_PATH_…) where the event belongs to one. */
const char *
xuexin_verification_event_get_path (XuexinVerificationEvent *self)
{
  g_return_val_if_fail (XUEXIN_IS_VERIFICATION_EVENT (self), NULL);

  return self->path;
}

/* E.g. the reason id of review_rejected. */
const char *
xuexin_verification_event_get_detail (XuexinVerificationEvent *self)
{
  g_return_val_if_fail (XUEXIN_IS_VERIFICATION_EVENT (self), NULL);

  return self->detail;
}

static void
xuexin_verification_event_finalize (GObject *object)
{
  XuexinVerificationEvent *self = XUEXIN_VERIFICATION_EVENT (object);

  g_clear_pointer (&self->at, g_date_time_unref);
  g_clear_pointer (&self->event, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (xuexin_verification_event_parent_class)->finalize (object);
}

static void
xuexin_verification_event_class_init (XuexinVerificationEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_verification_event_finalize;
}

static void
xuexin_verification_event_init (XuexinVerificationEvent *self)
{
}
