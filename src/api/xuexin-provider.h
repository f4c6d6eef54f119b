/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The provider ids of the API. */
#define XUEXIN_PROVIDER_WECHAT "wechat"
#define XUEXIN_PROVIDER_ALIPAY "alipay"

#define XUEXIN_TYPE_PROVIDER (xuexin_provider_get_type ())

G_DECLARE_FINAL_TYPE (XuexinProvider, xuexin_provider, XUEXIN, PROVIDER, GObject)

XuexinProvider *xuexin_provider_new_from_json (JsonObject      *object,
                                               GError         **error);
const char     *xuexin_provider_get_provider  (XuexinProvider  *self);
const char     *xuexin_provider_get_name      (XuexinProvider  *self);
gboolean        xuexin_provider_get_bound     (XuexinProvider  *self);
GDateTime      *xuexin_provider_get_bound_at  (XuexinProvider  *self);

G_END_DECLS
