/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ----- XuexinReviewDecision: one entry of GET /review/decisions ----- */

#define XUEXIN_TYPE_REVIEW_DECISION (xuexin_review_decision_get_type ())
G_DECLARE_FINAL_TYPE (XuexinReviewDecision, xuexin_review_decision, XUEXIN, REVIEW_DECISION, GObject)

XuexinReviewDecision *xuexin_review_decision_new_from_json       (JsonObject           *object,
                                                                  GError              **error);
gint64                xuexin_review_decision_get_case_id         (XuexinReviewDecision *self);
const char           *xuexin_review_decision_get_decision        (XuexinReviewDecision *self);  /* "approved" / "rejected" */
const char           *xuexin_review_decision_get_reason          (XuexinReviewDecision *self);  /* nullable */
const char           *xuexin_review_decision_get_reason_text     (XuexinReviewDecision *self);  /* nullable */
const char           *xuexin_review_decision_get_note            (XuexinReviewDecision *self);  /* nullable */
GDateTime            *xuexin_review_decision_get_decided_at      (XuexinReviewDecision *self);
guint                 xuexin_review_decision_get_submission      (XuexinReviewDecision *self);
const char           *xuexin_review_decision_get_account_name    (XuexinReviewDecision *self);
const char           *xuexin_review_decision_get_id_number_masked (XuexinReviewDecision *self);

G_END_DECLS
