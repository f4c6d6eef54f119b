/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-identity-draft.h"
#include "xuexin-page.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_IDENTITY_PROGRESS_PAGE (xuexin_identity_progress_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinIdentityProgressPage, xuexin_identity_progress_page, XUEXIN, IDENTITY_PROGRESS_PAGE, XuexinPage)

XuexinPage       *xuexin_identity_progress_page_new      (XuexinClient               *client,
                                                          XuexinIdentityDraft        *draft);
void              xuexin_identity_progress_page_refresh  (XuexinIdentityProgressPage *self);
/* (nullable) (transfer none): the case as last read. */
XuexinReviewCase *xuexin_identity_progress_page_get_case (XuexinIdentityProgressPage *self);
/* Whether the page reads the case by itself now (on screen, window shown). */
gboolean          xuexin_identity_progress_page_is_polling (XuexinIdentityProgressPage *self);

/* The translated words for a rejection reason id of the service
 * ("blurry", …, "other"); the service's own reason_text is zh_CN only. */
const char       *xuexin_identity_format_rejection_reason (const char *reason);

G_END_DECLS
