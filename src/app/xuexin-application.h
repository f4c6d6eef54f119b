/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-client.h"
#include "xuexin-kiosk.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_APPLICATION (xuexin_application_get_type ())

G_DECLARE_FINAL_TYPE (XuexinApplication, xuexin_application, XUEXIN, APPLICATION, AdwApplication)

XuexinApplication *xuexin_application_new               (void);
void               xuexin_application_setup_gettext     (void);
GSettings         *xuexin_application_get_settings      (XuexinApplication *self);
const char        *xuexin_application_get_server_url    (XuexinApplication *self);
gboolean           xuexin_application_is_demo_mode      (XuexinApplication *self);
GListModel        *xuexin_application_get_demo_messages (XuexinApplication *self);
void               xuexin_application_forget_demo_messages (XuexinApplication *self);
gboolean           xuexin_application_is_kiosk          (XuexinApplication *self);
void               xuexin_application_forget_server     (XuexinApplication *self);
XuexinKiosk       *xuexin_application_get_kiosk         (XuexinApplication *self);
void               xuexin_application_connect_async     (XuexinApplication    *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
XuexinClient      *xuexin_application_connect_finish    (XuexinApplication    *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
