/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-identity-draft.h"
#include "xuexin-page.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_IDENTITY_SUCCESS_PAGE (xuexin_identity_success_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinIdentitySuccessPage, xuexin_identity_success_page, XUEXIN, IDENTITY_SUCCESS_PAGE, XuexinPage)

XuexinPage *xuexin_identity_success_page_new (XuexinIdentityDraft *draft);

G_END_DECLS
