/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-flow.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_RECOVERY_FLOW (xuexin_recovery_flow_get_type ())

G_DECLARE_FINAL_TYPE (XuexinRecoveryFlow, xuexin_recovery_flow, XUEXIN, RECOVERY_FLOW, XuexinFlow)

XuexinFlow *xuexin_recovery_flow_new_find_username  (XuexinClient       *client);
XuexinFlow *xuexin_recovery_flow_new_reset_password (XuexinClient       *client);
char       *xuexin_recovery_flow_dup_login_name     (XuexinRecoveryFlow *self);

G_END_DECLS
