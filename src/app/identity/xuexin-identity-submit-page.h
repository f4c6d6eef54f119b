/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-identity-draft.h"
#include "xuexin-page.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_IDENTITY_SUBMIT_PAGE (xuexin_identity_submit_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinIdentitySubmitPage, xuexin_identity_submit_page, XUEXIN, IDENTITY_SUBMIT_PAGE, XuexinPage)

XuexinPage *xuexin_identity_submit_page_new (XuexinClient        *client,
                                             XuexinIdentityDraft *draft);

G_END_DECLS
