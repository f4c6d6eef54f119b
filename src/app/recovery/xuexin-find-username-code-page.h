/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-client.h"
#include "xuexin-page.h"
#include "xuexin-recovery-draft.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_FIND_USERNAME_CODE_PAGE (xuexin_find_username_code_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinFindUsernameCodePage, xuexin_find_username_code_page, XUEXIN, FIND_USERNAME_CODE_PAGE, XuexinPage)

XuexinPage *xuexin_find_username_code_page_new (XuexinClient        *client,
                                                XuexinRecoveryDraft *draft);

G_END_DECLS
