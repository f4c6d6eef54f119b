/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

/*
 * Path 2 of identity verification (FAQ 5, 客服协助验证): the review case
 * of a pending account, its three ID photos, and the help desk's queue
 * under /review/… (reviewers and admins only). Approval runs the success
 * transaction of xuexin-service-identity.c.
 */

/* The photo route's own body limit (the real system's 300 KB), checked
 * before the body is read. */
#define XS_REVIEW_PHOTO_MAX_BODY (300 * 1024)
/* The claim's lifetime and the submissions per account and window are
 * configuration ([limits] review-claim-ttl, review-submissions-limit,
 * review-submissions-window). */

/* The hourly maintenance: deletes the photos whose case was decided
 * (or closed) more than config->photo_retention_days ago, each audited.
 * Returns the number deleted, or -1. */
gint64         xs_review_purge_photos       (XsDb                      *db,
                                             XsPhotoStore              *store,
                                             const XuexinServiceConfig *config,
                                             gint64                     now);
/* The store's deleted func: logs each deletion (by name and reason). */
void           xs_review_photo_deleted_cb   (const char    *name,
                                             const char    *reason,
                                             gpointer       user_data);

/* The demo reviewer (--demo), created once; and its sign-in as text. */
gboolean       xs_review_seed_demo          (XsDb                      *db,
                                             const XuexinServiceConfig *config,
                                             gint64                     now,
                                             GError                   **error);
char          *xs_review_demo_text          (void);

/* Submissions the signed-in account has left in the current window; when
 * none, *out_wait (µs) until the window ends. */
guint          xs_review_submissions_left   (XsRequest     *req,
                                             gint64        *out_wait);

/* The account's case for GET /me/identity ("review_case"): adds the case
 * object, or null, as the next value of @builder. */
gboolean       xs_review_add_case_summary   (XsRequest     *req,
                                             JsonBuilder   *builder);

void           xs_handle_case_get           (XsRequest     *req);
void           xs_handle_case_photo_put     (XsRequest     *req);
void           xs_handle_case_photo_get     (XsRequest     *req);
void           xs_handle_case_submit        (XsRequest     *req);
void           xs_handle_review_list        (XsRequest     *req);
void           xs_handle_review_detail      (XsRequest     *req);
void           xs_handle_review_claim       (XsRequest     *req);
void           xs_handle_review_release     (XsRequest     *req);
void           xs_handle_review_photo       (XsRequest     *req);
void           xs_handle_review_decide      (XsRequest     *req);
void           xs_handle_review_decisions   (XsRequest     *req);
void           xs_handle_review_accounts    (XsRequest     *req);

G_END_DECLS
