/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "xuexin-client-error.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_CLIENT (xuexin_client_get_type ())

G_DECLARE_FINAL_TYPE (XuexinClient, xuexin_client, XUEXIN, CLIENT, GObject)

gboolean      xuexin_client_check_server_url (const char           *url,
                                              GError              **error);
XuexinClient *xuexin_client_new              (const char           *base_url);
const char   *xuexin_client_get_base_url     (XuexinClient         *self);
const char   *xuexin_client_get_token        (XuexinClient         *self);
void          xuexin_client_set_token        (XuexinClient         *self,
                                              const char           *token);
void          xuexin_client_call_async       (XuexinClient         *self,
                                              const char           *method,
                                              const char           *path,
                                              JsonObject           *body,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *xuexin_client_call_finish      (XuexinClient         *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
