/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-identity-draft.h"
#include "xuexin-page.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_IDENTITY_PHOTO_PAGE (xuexin_identity_photo_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinIdentityPhotoPage, xuexin_identity_photo_page, XUEXIN, IDENTITY_PHOTO_PAGE, XuexinPage)

XuexinPage *xuexin_identity_photo_page_new       (XuexinClient            *client,
                                                  XuexinIdentityDraft     *draft,
                                                  const char              *side);
const char *xuexin_identity_photo_page_get_side  (XuexinIdentityPhotoPage *self);
/* What choosing a file or dropping one does. */
void        xuexin_identity_photo_page_load_file (XuexinIdentityPhotoPage *self,
                                                  GFile                   *file);

G_END_DECLS
