/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-identity-draft.h"
#include "xuexin-page.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_IDENTITY_APP_PAGE (xuexin_identity_app_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinIdentityAppPage, xuexin_identity_app_page, XUEXIN, IDENTITY_APP_PAGE, XuexinPage)

XuexinPage *xuexin_identity_app_page_new       (XuexinClient          *client,
                                                XuexinIdentityDraft   *draft,
                                                gboolean               demo_mode);
GtkWindow  *xuexin_identity_app_page_get_dialog (XuexinIdentityAppPage *self);

G_END_DECLS
