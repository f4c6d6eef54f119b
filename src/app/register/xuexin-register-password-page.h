/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-page.h"
#include "xuexin-registration-draft.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_REGISTER_PASSWORD_PAGE (xuexin_register_password_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinRegisterPasswordPage, xuexin_register_password_page, XUEXIN, REGISTER_PASSWORD_PAGE, XuexinPage)

XuexinPage *xuexin_register_password_page_new (XuexinRegistrationDraft *draft);

G_END_DECLS
