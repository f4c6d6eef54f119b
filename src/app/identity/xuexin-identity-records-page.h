/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-identity-draft.h"
#include "xuexin-page.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_IDENTITY_RECORDS_PAGE (xuexin_identity_records_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinIdentityRecordsPage, xuexin_identity_records_page, XUEXIN, IDENTITY_RECORDS_PAGE, XuexinPage)

XuexinPage *xuexin_identity_records_page_new (XuexinClient        *client,
                                              XuexinIdentityDraft *draft);

G_END_DECLS
