/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-identity-draft.h"
#include "xuexin-page.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_IDENTITY_WARNING_PAGE (xuexin_identity_warning_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinIdentityWarningPage, xuexin_identity_warning_page, XUEXIN, IDENTITY_WARNING_PAGE, XuexinPage)

XuexinPage *xuexin_identity_warning_page_new (XuexinIdentityDraft *draft);

G_END_DECLS
