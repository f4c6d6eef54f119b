/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-flow.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_REGISTER_FLOW (xuexin_register_flow_get_type ())

G_DECLARE_FINAL_TYPE (XuexinRegisterFlow, xuexin_register_flow, XUEXIN, REGISTER_FLOW, XuexinFlow)

XuexinFlow *xuexin_register_flow_new               (XuexinClient       *client);
char       *xuexin_register_flow_dup_phone         (XuexinRegisterFlow *self);
char       *xuexin_register_flow_dup_password      (XuexinRegisterFlow *self);
gboolean    xuexin_register_flow_get_email_skipped (XuexinRegisterFlow *self);

G_END_DECLS
