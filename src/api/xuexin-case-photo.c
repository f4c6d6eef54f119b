/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-case-photo-private.h"
#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"

/**
 * XuexinCasePhoto:
 *
 * The metadata of one photo of a review case (the owner cannot read a
 * submitted photo back; only its side, type, size and time).
 */
struct _XuexinCasePhoto
{
  GObject    parent_instance;

  char      *side;
  char      *mime_type;
  guint      width;
  guint      height;
  guint      size;
  GDateTime *uploaded_at;
};

G_DEFINE_FINAL_TYPE (XuexinCasePhoto, xuexin_case_photo, G_TYPE_OBJECT)

/**
 * xuexin_case_photo_new_from_json:
 * @object: one entry of a case's "photos"
 *
 * Returns: (transfer full): the photo, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinCasePhoto *
xuexin_case_photo_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(GDateTime) uploaded_at = NULL;
  XuexinCasePhoto *self;
  const char *side;
  const char *mime_type;
  gint64 width;
  gint64 height;
  gint64 size;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!xuexin_json_get_string (object, "side", &side, error)
      || !xuexin_json_get_string (object, "mime_type", &mime_type, error)
      || !xuexin_json_get_int (object, "width", &width, error)
      || !xuexin_json_get_int (object, "height", &height, error)
      || !xuexin_json_get_int (object, "size", &size, error)
      || !xuexin_json_get_time (object, "uploaded_at", &uploaded_at, error))
    return NULL;

  if (*side == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty photo side");
      return NULL;
    }

  self = g_object_new (XUEXIN_TYPE_CASE_PHOTO, NULL);
  self->side = g_strdup (side);
  self->mime_type = g_strdup (mime_type);
  self->width = (guint) CLAMP (width, 0, G_MAXINT);
  self->height = (guint) CLAMP (height, 0, G_MAXINT);
  self->size = (guint) CLAMP (size, 0, G_MAXINT);
  self->uploaded_at = g_steal_pointer (&uploaded_at);

  return self;
}

/* "handheld", "front" or "back" (XUEXIN_CASE_SIDE_…). */
const char *
xuexin_case_photo_get_side (XuexinCasePhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_PHOTO (self), NULL);

  return self->side;
}

/* The stored type, "image/jpeg" or "image/png". */
const char *
xuexin_case_photo_get_mime_type (XuexinCasePhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_PHOTO (self), NULL);

  return self->mime_type;
}

guint
xuexin_case_photo_get_width (XuexinCasePhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_PHOTO (self), 0);

  return self->width;
}

guint
xuexin_case_photo_get_height (XuexinCasePhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_PHOTO (self), 0);

  return self->height;
}

/* Bytes of the stored (re-encoded) image. */
guint
xuexin_case_photo_get_size (XuexinCasePhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_PHOTO (self), 0);

  return self->size;
}

/**
 * xuexin_case_photo_get_uploaded_at:
 *
 * Returns: (nullable) (transfer none): when the photo was uploaded
 */
GDateTime *
xuexin_case_photo_get_uploaded_at (XuexinCasePhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_PHOTO (self), NULL);

  return self->uploaded_at;
}

XuexinCasePhoto *
xuexin_case_photo_list_find (GListModel *photos,
                             const char *side)
{
  guint n = g_list_model_get_n_items (photos);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XuexinCasePhoto) photo = g_list_model_get_item (photos, i);

      if (g_strcmp0 (photo->side, side) == 0)
        return photo; /* the list keeps its reference */
    }

  return NULL;
}

static void
xuexin_case_photo_finalize (GObject *object)
{
  XuexinCasePhoto *self = XUEXIN_CASE_PHOTO (object);

  g_clear_pointer (&self->side, g_free);
  g_clear_pointer (&self->mime_type, g_free);
  g_clear_pointer (&self->uploaded_at, g_date_time_unref);

  G_OBJECT_CLASS (xuexin_case_photo_parent_class)->finalize (object);
}

static void
xuexin_case_photo_class_init (XuexinCasePhotoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_case_photo_finalize;
}

static void
xuexin_case_photo_init (XuexinCasePhoto *self)
{
}
