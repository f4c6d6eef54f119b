/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-identity-draft.h"
#include "xuexin-page.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_IDENTITY_REQUESTS_PAGE (xuexin_identity_requests_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinIdentityRequestsPage, xuexin_identity_requests_page, XUEXIN, IDENTITY_REQUESTS_PAGE, XuexinPage)

XuexinPage *xuexin_identity_requests_page_new     (XuexinClient               *client,
                                                   XuexinIdentityDraft        *draft);
void        xuexin_identity_requests_page_refresh (XuexinIdentityRequestsPage *self);

G_END_DECLS
