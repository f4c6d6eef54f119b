/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "xuexin-case-claim.h"
#include "xuexin-case-photo.h"

G_BEGIN_DECLS

/* ----- XuexinStaffCase: GET /review/cases/{id} ----- */

#define XUEXIN_TYPE_STAFF_CASE (xuexin_staff_case_get_type ())
G_DECLARE_FINAL_TYPE (XuexinStaffCase, xuexin_staff_case, XUEXIN, STAFF_CASE, GObject)

/* @object is the value of "case". */
XuexinStaffCase *xuexin_staff_case_new_from_json           (JsonObject      *object,
                                                            GError         **error);
gint64           xuexin_staff_case_get_id                  (XuexinStaffCase *self);
const char      *xuexin_staff_case_get_state               (XuexinStaffCase *self);
guint            xuexin_staff_case_get_submission_count    (XuexinStaffCase *self);
GDateTime       *xuexin_staff_case_get_submitted_at        (XuexinStaffCase *self);  /* nullable */
XuexinCaseClaim *xuexin_staff_case_get_claim               (XuexinStaffCase *self);  /* nullable, transfer none */
/* The claim is the caller's and live. */
gboolean         xuexin_staff_case_is_claimed_by_me        (XuexinStaffCase *self);
guint            xuexin_staff_case_get_other_accounts      (XuexinStaffCase *self);
gint64           xuexin_staff_case_get_account_id          (XuexinStaffCase *self);
const char      *xuexin_staff_case_get_account_name        (XuexinStaffCase *self);
const char      *xuexin_staff_case_get_id_type             (XuexinStaffCase *self);
const char      *xuexin_staff_case_get_id_number_masked    (XuexinStaffCase *self);
GDateTime       *xuexin_staff_case_get_registered_at       (XuexinStaffCase *self);
const char      *xuexin_staff_case_get_account_state       (XuexinStaffCase *self);
/* (transfer none): never NULL, maybe empty. */
const char * const *xuexin_staff_case_get_registry_names   (XuexinStaffCase *self);
/* GListModel of XuexinCasePhoto / XuexinCaseSubmission (transfer none). */
GListModel      *xuexin_staff_case_get_photos              (XuexinStaffCase *self);
XuexinCasePhoto *xuexin_staff_case_get_photo               (XuexinStaffCase *self,
                                                            const char      *side);  /* nullable */
GListModel      *xuexin_staff_case_get_submissions         (XuexinStaffCase *self);

G_END_DECLS
