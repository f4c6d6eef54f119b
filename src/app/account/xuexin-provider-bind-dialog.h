/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-api.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_PROVIDER_BIND_DIALOG (xuexin_provider_bind_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XuexinProviderBindDialog, xuexin_provider_bind_dialog, XUEXIN, PROVIDER_BIND_DIALOG, AdwWindow)

XuexinProviderBindDialog *xuexin_provider_bind_dialog_new           (GtkWindow                *parent,
                                                                     XuexinClient             *client,
                                                                     const char               *provider);
const char               *xuexin_provider_bind_dialog_get_provider  (XuexinProviderBindDialog *self);
gboolean                  xuexin_provider_bind_dialog_get_demo_mode (XuexinProviderBindDialog *self);
void                      xuexin_provider_bind_dialog_set_demo_mode (XuexinProviderBindDialog *self,
                                                                     gboolean                  demo_mode);

G_END_DECLS
