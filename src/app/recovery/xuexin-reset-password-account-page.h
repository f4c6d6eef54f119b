/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-client.h"
#include "xuexin-page.h"
#include "xuexin-recovery-draft.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_RESET_PASSWORD_ACCOUNT_PAGE (xuexin_reset_password_account_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinResetPasswordAccountPage, xuexin_reset_password_account_page, XUEXIN, RESET_PASSWORD_ACCOUNT_PAGE, XuexinPage)

XuexinPage *xuexin_reset_password_account_page_new (XuexinClient        *client,
                                                    XuexinRecoveryDraft *draft);

G_END_DECLS
