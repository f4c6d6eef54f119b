/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ----- XuexinCaseClaim: a reviewer's claim on a case ----- */

#define XUEXIN_TYPE_CASE_CLAIM (xuexin_case_claim_get_type ())
G_DECLARE_FINAL_TYPE (XuexinCaseClaim, xuexin_case_claim, XUEXIN, CASE_CLAIM, GObject)

/* @object is the "claim" object of the claim answer or of the case
 * detail (which adds reviewer_name and mine; the claim answer's claim
 * is always the caller's). */
XuexinCaseClaim *xuexin_case_claim_new_from_json        (JsonObject      *object,
                                                         GError         **error);
gint64           xuexin_case_claim_get_case_id          (XuexinCaseClaim *self);  /* 0 when absent */
gint64           xuexin_case_claim_get_reviewer_id      (XuexinCaseClaim *self);
const char      *xuexin_case_claim_get_reviewer_name    (XuexinCaseClaim *self);  /* nullable */
gboolean         xuexin_case_claim_is_mine              (XuexinCaseClaim *self);
GDateTime       *xuexin_case_claim_get_expires_at       (XuexinCaseClaim *self);
guint            xuexin_case_claim_get_expires_in       (XuexinCaseClaim *self);  /* seconds, as answered */

G_END_DECLS
