/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "xuexin-client.h"
#include "xuexin-review.h"

G_BEGIN_DECLS

/* ----- XuexinReviewQueue: the review queue as a GListModel -----
 *
 * A GListModel of XuexinQueueCase over GET /review/cases that pages from
 * the service: n_items is the service's `total`; get_item() of a row whose
 * page has not arrived returns a placeholder (see
 * xuexin_queue_case_new_placeholder()) and asks for that page (100 rows,
 * one request per page in flight), filling the placeholders in when it
 * arrives. Nothing is held per row beyond the small item object, so a
 * queue of 100 000 costs what the rows looked at cost.
 */

#define XUEXIN_TYPE_REVIEW_QUEUE (xuexin_review_queue_get_type ())
G_DECLARE_FINAL_TYPE (XuexinReviewQueue, xuexin_review_queue, XUEXIN, REVIEW_QUEUE, GObject)

#define XUEXIN_REVIEW_QUEUE_PAGE_SIZE 100

/* XuexinQueueCounts as a boxed type, for the "counts" property. */
#define XUEXIN_TYPE_QUEUE_COUNTS (xuexin_queue_counts_get_type ())
GType              xuexin_queue_counts_get_type     (void) G_GNUC_CONST;
XuexinQueueCounts *xuexin_queue_counts_copy         (const XuexinQueueCounts *counts);

XuexinReviewQueue *xuexin_review_queue_new          (XuexinClient            *client);
/* Sets the filter (copied; NULL for the open queue) and reloads. */
void               xuexin_review_queue_set_filter   (XuexinReviewQueue       *self,
                                                     const XuexinQueueFilter *filter);
/* Asks for the first page again and replaces every row (items-changed
 * once, over the old and the new n_items); "loading" is TRUE meanwhile. */
void               xuexin_review_queue_reload       (XuexinReviewQueue       *self);
gboolean           xuexin_review_queue_is_loading   (XuexinReviewQueue       *self);  /* property "loading" */
/* (nullable) (transfer none): the error of the last page asked for;
 * cleared by the next page that arrives. Property "error" (GError boxed). */
const GError      *xuexin_review_queue_get_error    (XuexinReviewQueue       *self);
/* The counts of the last page that arrived (all 0 before). Property
 * "counts" notifies when they change. */
void               xuexin_review_queue_get_counts   (XuexinReviewQueue       *self,
                                                     XuexinQueueCounts       *counts);
/* The position of the case @case_id among the loaded rows, or
 * GTK_INVALID_LIST_POSITION-like G_MAXUINT. */
guint              xuexin_review_queue_find         (XuexinReviewQueue       *self,
                                                     gint64                   case_id);

G_END_DECLS
