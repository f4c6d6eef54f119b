/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-client.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_RESET_PASSWORD_FLOW (xuexin_reset_password_flow_get_type ())

G_DECLARE_FINAL_TYPE (XuexinResetPasswordFlow, xuexin_reset_password_flow, XUEXIN, RESET_PASSWORD_FLOW, AdwBin)

XuexinResetPasswordFlow *xuexin_reset_password_flow_new (XuexinClient *client);

G_END_DECLS
