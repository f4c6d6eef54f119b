/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-client.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_FIND_USERNAME_FLOW (xuexin_find_username_flow_get_type ())

G_DECLARE_FINAL_TYPE (XuexinFindUsernameFlow, xuexin_find_username_flow, XUEXIN, FIND_USERNAME_FLOW, AdwBin)

XuexinFindUsernameFlow *xuexin_find_username_flow_new (XuexinClient *client);

G_END_DECLS
