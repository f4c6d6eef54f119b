/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "xuexin-case-photo.h"

G_BEGIN_DECLS

/* ----- XuexinReviewCase: the owner's view of a path-2 case ----- */

#define XUEXIN_REVIEW_CASE_STATE_DRAFT     "draft"
#define XUEXIN_REVIEW_CASE_STATE_SUBMITTED "submitted"
#define XUEXIN_REVIEW_CASE_STATE_IN_REVIEW "in_review"
#define XUEXIN_REVIEW_CASE_STATE_APPROVED  "approved"
#define XUEXIN_REVIEW_CASE_STATE_REJECTED  "rejected"
#define XUEXIN_REVIEW_CASE_STATE_CLOSED    "closed"

#define XUEXIN_TYPE_REVIEW_CASE (xuexin_review_case_get_type ())
G_DECLARE_FINAL_TYPE (XuexinReviewCase, xuexin_review_case, XUEXIN, REVIEW_CASE, GObject)

/* @object is the case object itself (the value of "case"). */
XuexinReviewCase *xuexin_review_case_new_from_json           (JsonObject        *object,
                                                              GError           **error);
gint64            xuexin_review_case_get_id                  (XuexinReviewCase  *self);
const char       *xuexin_review_case_get_state               (XuexinReviewCase  *self);
guint             xuexin_review_case_get_submissions         (XuexinReviewCase  *self);
guint             xuexin_review_case_get_submissions_left    (XuexinReviewCase  *self);
GDateTime        *xuexin_review_case_get_next_submission_at  (XuexinReviewCase  *self); /* nullable */
GDateTime        *xuexin_review_case_get_created_at          (XuexinReviewCase  *self);
GDateTime        *xuexin_review_case_get_updated_at          (XuexinReviewCase  *self); /* nullable */
GDateTime        *xuexin_review_case_get_submitted_at        (XuexinReviewCase  *self); /* nullable */
GDateTime        *xuexin_review_case_get_decided_at          (XuexinReviewCase  *self); /* nullable */
/* 0 when not queued (neither submitted nor in review). */
guint             xuexin_review_case_get_queue_position      (XuexinReviewCase  *self);
/* Seconds; -1 when unknown (not queued, or no recent decisions). */
gint64            xuexin_review_case_get_estimated_wait      (XuexinReviewCase  *self);
/* Seconds the service advises between polls; 0 when null or absent
 * (do not poll: nothing changes by itself in this state). */
guint             xuexin_review_case_get_poll_interval       (XuexinReviewCase  *self);
/* When rejected: the reason id ("blurry", …, "other"), its zh_CN text
 * from the service, and the reviewer's note (nullable); else NULL. The
 * app shows its own translation of the reason id. */
const char       *xuexin_review_case_get_rejection_reason    (XuexinReviewCase  *self);
const char       *xuexin_review_case_get_rejection_text      (XuexinReviewCase  *self);
const char       *xuexin_review_case_get_rejection_note      (XuexinReviewCase  *self);
/* A GListModel of XuexinCasePhoto (transfer none). */
GListModel       *xuexin_review_case_get_photos              (XuexinReviewCase  *self);
/* (nullable) (transfer none): the photo of @side, if the case lists one. */
XuexinCasePhoto  *xuexin_review_case_get_photo               (XuexinReviewCase  *self,
                                                              const char        *side);
gboolean          xuexin_review_case_is_queued               (XuexinReviewCase  *self);

G_END_DECLS
