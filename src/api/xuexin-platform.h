/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define XUEXIN_TYPE_PLATFORM (xuexin_platform_get_type ())

G_DECLARE_FINAL_TYPE (XuexinPlatform, xuexin_platform, XUEXIN, PLATFORM, GObject)

XuexinPlatform *xuexin_platform_new_from_json    (JsonObject      *object,
                                                  GError         **error);
const char     *xuexin_platform_get_id           (XuexinPlatform  *self);
const char     *xuexin_platform_get_name         (XuexinPlatform  *self);
const char     *xuexin_platform_get_description  (XuexinPlatform  *self);
const char     *xuexin_platform_get_url          (XuexinPlatform  *self);

G_END_DECLS
