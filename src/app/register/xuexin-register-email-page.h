/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-page.h"
#include "xuexin-registration-draft.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_REGISTER_EMAIL_PAGE (xuexin_register_email_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinRegisterEmailPage, xuexin_register_email_page, XUEXIN, REGISTER_EMAIL_PAGE, XuexinPage)

XuexinPage *xuexin_register_email_page_new (XuexinRegistrationDraft *draft);
void        xuexin_register_email_page_mark_refused (XuexinRegisterEmailPage *self);

G_END_DECLS
