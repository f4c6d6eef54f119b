/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-page.h"
#include "xuexin-registration-draft.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_REGISTER_IDENTITY_PAGE (xuexin_register_identity_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinRegisterIdentityPage, xuexin_register_identity_page, XUEXIN, REGISTER_IDENTITY_PAGE, XuexinPage)

XuexinPage *xuexin_register_identity_page_new           (XuexinRegistrationDraft    *draft);
void        xuexin_register_identity_page_offer_reregister (XuexinRegisterIdentityPage *self);

G_END_DECLS
