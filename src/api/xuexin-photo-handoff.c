/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"
#include "xuexin-photo-handoff.h"

/**
 * XuexinPhotoHandoff:
 *
 * A capability link to the service's mobile page that uploads this
 * account's three ID photos from the phone's camera (docs/api.md,
 * "Photos from the visitor's phone"). Whoever holds the URL can upload
 * them until it expires or is revoked: it is shown as a QR code only.
 */
struct _XuexinPhotoHandoff
{
  GObject    parent_instance;

  char      *url;
  GDateTime *expires_at;
  guint      expires_in;
};

G_DEFINE_FINAL_TYPE (XuexinPhotoHandoff, xuexin_photo_handoff, G_TYPE_OBJECT)

/**
 * xuexin_photo_handoff_new_from_json:
 * @object: a "handoff" object
 *
 * Returns: (transfer full): the hand-off, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinPhotoHandoff *
xuexin_photo_handoff_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  g_autoptr(XuexinPhotoHandoff) self = NULL;
  const char *url;
  gint64 expires_in;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_PHOTO_HANDOFF, NULL);

  if (!xuexin_json_get_string (object, "url", &url, error)
      || !xuexin_json_get_required_time (object, "expires_at", &self->expires_at, error)
      || !xuexin_json_get_optional_int (object, "expires_in", 0, &expires_in, error))
    return NULL;

  /* A phone opens it: nothing but a web address. */
  if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      xuexin_client_set_protocol_error (error, "“url” is not a web address");
      return NULL;
    }

  self->url = g_strdup (url);
  self->expires_in = (guint) CLAMP (expires_in, 0, 86400);

  return g_steal_pointer (&self);
}

const char *
xuexin_photo_handoff_get_url (XuexinPhotoHandoff *self)
{
  g_return_val_if_fail (XUEXIN_IS_PHOTO_HANDOFF (self), NULL);

  return self->url;
}

/**
 * xuexin_photo_handoff_get_expires_at:
 *
 * Returns: (transfer none): when the link stops working (the service's clock)
 */
GDateTime *
xuexin_photo_handoff_get_expires_at (XuexinPhotoHandoff *self)
{
  g_return_val_if_fail (XUEXIN_IS_PHOTO_HANDOFF (self), NULL);

  return self->expires_at;
}

/* Seconds left when the service answered: a countdown from this does
 * not depend on this computer's clock. */
guint
xuexin_photo_handoff_get_expires_in (XuexinPhotoHandoff *self)
{
  g_return_val_if_fail (XUEXIN_IS_PHOTO_HANDOFF (self), 0);

  return self->expires_in;
}

static void
xuexin_photo_handoff_finalize (GObject *object)
{
  XuexinPhotoHandoff *self = XUEXIN_PHOTO_HANDOFF (object);

  g_free (self->url);
  g_clear_pointer (&self->expires_at, g_date_time_unref);

  G_OBJECT_CLASS (xuexin_photo_handoff_parent_class)->finalize (object);
}

static void
xuexin_photo_handoff_class_init (XuexinPhotoHandoffClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_photo_handoff_finalize;
}

static void
xuexin_photo_handoff_init (XuexinPhotoHandoff *self)
{
}
