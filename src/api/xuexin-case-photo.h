/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ----- XuexinCasePhoto: one entry of a case's "photos" ----- */

#define XUEXIN_TYPE_CASE_PHOTO (xuexin_case_photo_get_type ())
G_DECLARE_FINAL_TYPE (XuexinCasePhoto, xuexin_case_photo, XUEXIN, CASE_PHOTO, GObject)

XuexinCasePhoto *xuexin_case_photo_new_from_json    (JsonObject       *object,
                                                     GError          **error);
const char      *xuexin_case_photo_get_side         (XuexinCasePhoto  *self);
const char      *xuexin_case_photo_get_mime_type    (XuexinCasePhoto  *self);
guint            xuexin_case_photo_get_width        (XuexinCasePhoto  *self);
guint            xuexin_case_photo_get_height       (XuexinCasePhoto  *self);
guint            xuexin_case_photo_get_size         (XuexinCasePhoto  *self);
GDateTime       *xuexin_case_photo_get_uploaded_at  (XuexinCasePhoto  *self);

G_END_DECLS
