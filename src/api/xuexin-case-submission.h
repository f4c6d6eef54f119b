/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ----- XuexinCaseSubmission: one submission of a case (staff view) ----- */

#define XUEXIN_TYPE_CASE_SUBMISSION (xuexin_case_submission_get_type ())
G_DECLARE_FINAL_TYPE (XuexinCaseSubmission, xuexin_case_submission, XUEXIN, CASE_SUBMISSION, GObject)

XuexinCaseSubmission *xuexin_case_submission_new_from_json     (JsonObject           *object,
                                                                GError              **error);
guint                 xuexin_case_submission_get_number        (XuexinCaseSubmission *self);
GDateTime            *xuexin_case_submission_get_submitted_at  (XuexinCaseSubmission *self);
GDateTime            *xuexin_case_submission_get_decided_at    (XuexinCaseSubmission *self);  /* nullable */
const char           *xuexin_case_submission_get_decided_by_name (XuexinCaseSubmission *self); /* nullable */
/* "approved", "rejected" or NULL while undecided. */
const char           *xuexin_case_submission_get_decision      (XuexinCaseSubmission *self);
const char           *xuexin_case_submission_get_reason        (XuexinCaseSubmission *self);  /* nullable */
const char           *xuexin_case_submission_get_reason_text   (XuexinCaseSubmission *self);  /* nullable */
const char           *xuexin_case_submission_get_note          (XuexinCaseSubmission *self);  /* nullable */

G_END_DECLS
