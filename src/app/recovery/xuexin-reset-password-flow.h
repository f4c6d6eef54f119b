/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-flow.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_RESET_PASSWORD_FLOW (xuexin_reset_password_flow_get_type ())

G_DECLARE_FINAL_TYPE (XuexinResetPasswordFlow, xuexin_reset_password_flow, XUEXIN, RESET_PASSWORD_FLOW, XuexinFlow)

XuexinFlow *xuexin_reset_password_flow_new            (XuexinClient            *client);
char       *xuexin_reset_password_flow_dup_login_name (XuexinResetPasswordFlow *self);

G_END_DECLS
