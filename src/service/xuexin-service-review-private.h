/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-review.h"

G_BEGIN_DECLS

/*
 * What the phone hand-off (xuexin-service-handoff.c) shares with the
 * review case code, so an upload through either route is the same
 * upload.
 */

/* A stored photo as an upload answers it. */
typedef struct {
  const char *side;
  const char *mime_type;     /* static */
  guint       width;
  guint       height;
  gsize       size;
  gint64      uploaded_at;
} XsReviewPhoto;

/* "handheld", "front" or "back". */
gboolean       xs_review_side_is_valid      (const char    *side);
/* TRUE when @account_id's case may take photos (or there is none yet);
 * otherwise answers case_open (submitted, in review), already_verified
 * (approved, closed) or internal_error and returns FALSE. */
gboolean       xs_review_check_editable     (XsRequest     *req,
                                             gint64         account_id);
/* Checks, stores and records the request's body as the @side photo of
 * @account_id's draft (creating the case). The caller has checked that
 * the account is pending and that the request may act for it; when
 * given, @still_allowed checks that again inside the storing
 * transaction (answering and returning FALSE if not), since decoding
 * runs outside it. On failure the request has its answer. */
gboolean       xs_review_put_photo          (XsRequest         *req,
                                             gint64             account_id,
                                             const char        *side,
                                             XsTransactionFunc  still_allowed,
                                             gpointer           still_allowed_data,
                                             XsReviewPhoto     *out_photo);
/* Adds "photos": [{"side", "uploaded_at"}, …] of @account_id's draft to
 * the open object of @builder. */
gboolean       xs_review_add_draft_photos   (XsRequest     *req,
                                             JsonBuilder   *builder,
                                             gint64         account_id);

G_END_DECLS
