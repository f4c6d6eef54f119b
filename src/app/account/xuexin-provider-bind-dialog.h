/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-ticket-dialog.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_PROVIDER_BIND_DIALOG (xuexin_provider_bind_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XuexinProviderBindDialog, xuexin_provider_bind_dialog, XUEXIN, PROVIDER_BIND_DIALOG, XuexinTicketDialog)

XuexinProviderBindDialog *xuexin_provider_bind_dialog_new (GtkWindow    *parent,
                                                           XuexinClient *client,
                                                           const char   *provider,
                                                           gboolean      demo_mode);

G_END_DECLS
