/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-flow.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_FIND_USERNAME_FLOW (xuexin_find_username_flow_get_type ())

G_DECLARE_FINAL_TYPE (XuexinFindUsernameFlow, xuexin_find_username_flow, XUEXIN, FIND_USERNAME_FLOW, XuexinFlow)

XuexinFlow *xuexin_find_username_flow_new            (XuexinClient           *client);
char       *xuexin_find_username_flow_dup_login_name (XuexinFindUsernameFlow *self);

G_END_DECLS
