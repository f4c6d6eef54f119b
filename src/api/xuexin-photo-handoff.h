/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ----- XuexinPhotoHandoff: a link for taking the ID photos by phone ----- */

#define XUEXIN_TYPE_PHOTO_HANDOFF (xuexin_photo_handoff_get_type ())
G_DECLARE_FINAL_TYPE (XuexinPhotoHandoff, xuexin_photo_handoff, XUEXIN, PHOTO_HANDOFF, GObject)

/* @object is the "handoff" object of POST /me/identity/case/handoff. */
XuexinPhotoHandoff *xuexin_photo_handoff_new_from_json   (JsonObject         *object,
                                                          GError            **error);
const char         *xuexin_photo_handoff_get_url         (XuexinPhotoHandoff *self);
GDateTime          *xuexin_photo_handoff_get_expires_at  (XuexinPhotoHandoff *self);
guint               xuexin_photo_handoff_get_expires_in  (XuexinPhotoHandoff *self);  /* seconds, as answered */

G_END_DECLS
