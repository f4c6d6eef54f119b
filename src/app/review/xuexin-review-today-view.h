/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-client-review.h"

G_BEGIN_DECLS

/* The console's "Today": the reviewer's own decisions since midnight
 * (GET /review/decisions), newest first. Read-only. */

#define XUEXIN_TYPE_REVIEW_TODAY_VIEW (xuexin_review_today_view_get_type ())
G_DECLARE_FINAL_TYPE (XuexinReviewTodayView, xuexin_review_today_view, XUEXIN, REVIEW_TODAY_VIEW, AdwBin)

void     xuexin_review_today_view_set_client (XuexinReviewTodayView *self,
                                              XuexinClient          *client);
void     xuexin_review_today_view_reload     (XuexinReviewTodayView *self);
/* (transfer none) (nullable): the decisions last loaded. */
GListModel *xuexin_review_today_view_get_decisions (XuexinReviewTodayView *self);
/* Drops what was loaded (signed out). */
void     xuexin_review_today_view_clear      (XuexinReviewTodayView *self);

G_END_DECLS
