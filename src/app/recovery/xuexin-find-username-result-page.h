/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-page.h"
#include "xuexin-recovery-draft.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_FIND_USERNAME_RESULT_PAGE (xuexin_find_username_result_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinFindUsernameResultPage, xuexin_find_username_result_page, XUEXIN, FIND_USERNAME_RESULT_PAGE, XuexinPage)

XuexinPage *xuexin_find_username_result_page_new (XuexinRecoveryDraft *draft);

G_END_DECLS
