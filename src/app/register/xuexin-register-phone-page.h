/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-client.h"
#include "xuexin-page.h"
#include "xuexin-registration-draft.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_REGISTER_PHONE_PAGE (xuexin_register_phone_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinRegisterPhonePage, xuexin_register_phone_page, XUEXIN, REGISTER_PHONE_PAGE, XuexinPage)

XuexinPage *xuexin_register_phone_page_new (XuexinClient            *client,
                                            XuexinRegistrationDraft *draft);

G_END_DECLS
