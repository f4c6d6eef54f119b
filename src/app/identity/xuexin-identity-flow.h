/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-flow.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_IDENTITY_FLOW (xuexin_identity_flow_get_type ())

G_DECLARE_FINAL_TYPE (XuexinIdentityFlow, xuexin_identity_flow, XUEXIN, IDENTITY_FLOW, XuexinFlow)

XuexinFlow    *xuexin_identity_flow_new         (XuexinClient       *client,
                                                 const char         *path);
XuexinFlow    *xuexin_identity_flow_new_at_review (XuexinClient     *client);
XuexinAccount *xuexin_identity_flow_get_account (XuexinIdentityFlow *self);
gboolean       xuexin_identity_flow_get_demo_mode (XuexinIdentityFlow *self);
void           xuexin_identity_flow_set_demo_mode (XuexinIdentityFlow *self,
                                                   gboolean            demo_mode);

G_END_DECLS
