/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-identity-draft.h"
#include "xuexin-page.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_IDENTITY_CHOOSER_PAGE (xuexin_identity_chooser_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinIdentityChooserPage, xuexin_identity_chooser_page, XUEXIN, IDENTITY_CHOOSER_PAGE, XuexinPage)

XuexinPage *xuexin_identity_chooser_page_new    (XuexinClient              *client,
                                                 XuexinIdentityDraft       *draft);
void        xuexin_identity_chooser_page_select (XuexinIdentityChooserPage *self,
                                                 const char                *path);
void        xuexin_identity_chooser_page_reload (XuexinIdentityChooserPage *self);

G_END_DECLS
