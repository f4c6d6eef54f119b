/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "xuexin-account.h"
#include "xuexin-case-photo.h"
#include "xuexin-provider-ticket.h"
#include "xuexin-review-case.h"

G_BEGIN_DECLS

/*
 * The models of identity verification (docs/api.md, "Identity
 * verification (FAQ 5)", "Identity path 2: review cases", "The
 * classmate's inbox"). Each is made from its JSON object by
 * _new_from_json(), which fails with XUEXIN_CLIENT_ERROR_PROTOCOL on a
 * missing or mistyped required member. Strings are never NULL unless
 * marked nullable; times are UTC GDateTimes owned by the object.
 */

/* The API ids of the four paths, in the FAQ's order. */
#define XUEXIN_IDENTITY_PATH_APP        "app"
#define XUEXIN_IDENTITY_PATH_HELP_DESK  "help_desk"
#define XUEXIN_IDENTITY_PATH_CLASSMATE  "classmate"
#define XUEXIN_IDENTITY_PATH_RECORDS    "records"

/* The photo sides of a review case, in the order they are asked for. */
#define XUEXIN_CASE_SIDE_HANDHELD "handheld"
#define XUEXIN_CASE_SIDE_FRONT    "front"
#define XUEXIN_CASE_SIDE_BACK     "back"

/* ----- XuexinIdentityPath: one entry of GET /me/identity "paths" ----- */

#define XUEXIN_TYPE_IDENTITY_PATH (xuexin_identity_path_get_type ())
G_DECLARE_FINAL_TYPE (XuexinIdentityPath, xuexin_identity_path, XUEXIN, IDENTITY_PATH, GObject)

XuexinIdentityPath   *xuexin_identity_path_new_from_json        (JsonObject          *object,
                                                                 GError             **error);
/* "app", "help_desk", "classmate" or "records" (others may come later). */
const char           *xuexin_identity_path_get_path             (XuexinIdentityPath  *self);
gboolean              xuexin_identity_path_get_available        (XuexinIdentityPath  *self);
/* The path's limit: daily_limit (app, records, classmate),
 * submission_limit (help_desk). */
guint                 xuexin_identity_path_get_limit            (XuexinIdentityPath  *self);
/* What is left of it: remaining_attempts (app, records), remaining_today
 * (classmate), submissions_left (help_desk). */
guint                 xuexin_identity_path_get_remaining        (XuexinIdentityPath  *self);
/* Seconds until attempts are back when none are left; 0 when some are. */
guint                 xuexin_identity_path_get_retry_after      (XuexinIdentityPath  *self);
/* app: the provider ("simulated", "webhook"), or NULL when off. */
const char           *xuexin_identity_path_get_provider         (XuexinIdentityPath  *self);
/* app: the open ticket (state pending or scanned), or NULL. */
XuexinProviderTicket *xuexin_identity_path_get_open_ticket      (XuexinIdentityPath  *self);
/* classmate: open_limit and open_requests; expires_in (seconds). */
guint                 xuexin_identity_path_get_open_limit       (XuexinIdentityPath  *self);
guint                 xuexin_identity_path_get_open_requests    (XuexinIdentityPath  *self);
guint                 xuexin_identity_path_get_expires_in       (XuexinIdentityPath  *self);

/* ----- XuexinAssistanceRequest: path 3, either side ----- */

#define XUEXIN_ASSISTANCE_STATE_PENDING   "pending"
#define XUEXIN_ASSISTANCE_STATE_CONFIRMED "confirmed"
#define XUEXIN_ASSISTANCE_STATE_DECLINED  "declined"
#define XUEXIN_ASSISTANCE_STATE_EXPIRED   "expired"
#define XUEXIN_ASSISTANCE_STATE_CLOSED    "closed"

#define XUEXIN_TYPE_ASSISTANCE_REQUEST (xuexin_assistance_request_get_type ())
G_DECLARE_FINAL_TYPE (XuexinAssistanceRequest, xuexin_assistance_request, XUEXIN, ASSISTANCE_REQUEST, GObject)

/* A sent request (GET /me/identity "assistance_requests", the 201 of
 * POST /me/identity/assistance-requests) or a received one (GET
 * /me/inbox "requests", confirm/decline answers). */
XuexinAssistanceRequest *xuexin_assistance_request_new_from_json        (JsonObject               *object,
                                                                         GError                  **error);
gint64                   xuexin_assistance_request_get_id               (XuexinAssistanceRequest  *self);
/* Sent requests: the classmate asked; NULL on received ones. */
const char              *xuexin_assistance_request_get_classmate_name   (XuexinAssistanceRequest  *self);
/* Received requests: who asks, and their masked ID number; NULL on sent ones. */
const char              *xuexin_assistance_request_get_requester_name   (XuexinAssistanceRequest  *self);
const char              *xuexin_assistance_request_get_requester_id_number_masked (XuexinAssistanceRequest *self);
const char              *xuexin_assistance_request_get_school           (XuexinAssistanceRequest  *self);
guint                    xuexin_assistance_request_get_enrollment_year  (XuexinAssistanceRequest  *self);
/* The level id ("benke", …) or NULL for "any level". */
const char              *xuexin_assistance_request_get_level            (XuexinAssistanceRequest  *self);
const char              *xuexin_assistance_request_get_state            (XuexinAssistanceRequest  *self);
/* Received requests: not listed before this answer. */
gboolean                 xuexin_assistance_request_get_unread           (XuexinAssistanceRequest  *self);
GDateTime               *xuexin_assistance_request_get_created_at       (XuexinAssistanceRequest  *self);
GDateTime               *xuexin_assistance_request_get_expires_at       (XuexinAssistanceRequest  *self);
GDateTime               *xuexin_assistance_request_get_decided_at       (XuexinAssistanceRequest  *self); /* nullable */
/* Pending and not yet expired by the local clock. */
gboolean                 xuexin_assistance_request_is_open              (XuexinAssistanceRequest  *self);

/* ----- XuexinOtherAccount: on_success.other_accounts ----- */

#define XUEXIN_TYPE_OTHER_ACCOUNT (xuexin_other_account_get_type ())
G_DECLARE_FINAL_TYPE (XuexinOtherAccount, xuexin_other_account, XUEXIN, OTHER_ACCOUNT, GObject)

XuexinOtherAccount *xuexin_other_account_new_from_json       (JsonObject          *object,
                                                              GError             **error);
/* The masked login names (any may be NULL, at least one is not). */
const char         *xuexin_other_account_get_phone_masked     (XuexinOtherAccount  *self);
const char         *xuexin_other_account_get_id_number_masked (XuexinOtherAccount  *self);
const char         *xuexin_other_account_get_email_masked     (XuexinOtherAccount  *self);
const char         *xuexin_other_account_get_state            (XuexinOtherAccount  *self);
GDateTime          *xuexin_other_account_get_created_at       (XuexinOtherAccount  *self);

/* ----- XuexinAffectedEntry: on_success.affected_platforms ----- */

#define XUEXIN_TYPE_AFFECTED_ENTRY (xuexin_affected_entry_get_type ())
G_DECLARE_FINAL_TYPE (XuexinAffectedEntry, xuexin_affected_entry, XUEXIN, AFFECTED_ENTRY, GObject)

XuexinAffectedEntry *xuexin_affected_entry_new_from_json       (JsonObject           *object,
                                                                GError              **error);
const char          *xuexin_affected_entry_get_platform        (XuexinAffectedEntry  *self);
const char          *xuexin_affected_entry_get_platform_name   (XuexinAffectedEntry  *self);
/* "研招推免", "统考", "自主招生", "兵役登记/应征报名" (zh_CN from the service). */
const char          *xuexin_affected_entry_get_entry           (XuexinAffectedEntry  *self);

/* ----- XuexinIdentityState: GET /me/identity ----- */

#define XUEXIN_TYPE_IDENTITY_STATE (xuexin_identity_state_get_type ())
G_DECLARE_FINAL_TYPE (XuexinIdentityState, xuexin_identity_state, XUEXIN, IDENTITY_STATE, GObject)

XuexinIdentityState *xuexin_identity_state_new_from_json            (JsonObject           *object,
                                                                     GError              **error);
/* The account state: "pending_identity" or "active". */
const char          *xuexin_identity_state_get_state                (XuexinIdentityState  *self);
gboolean             xuexin_identity_state_is_pending               (XuexinIdentityState  *self);
GDateTime           *xuexin_identity_state_get_verified_at          (XuexinIdentityState  *self); /* nullable */
const char          *xuexin_identity_state_get_verified_path        (XuexinIdentityState  *self); /* nullable */
/* GListModel of XuexinIdentityPath, in the service's order. */
GListModel          *xuexin_identity_state_get_paths                (XuexinIdentityState  *self);
/* (nullable) (transfer none): the entry of @path. */
XuexinIdentityPath  *xuexin_identity_state_get_path                 (XuexinIdentityState  *self,
                                                                     const char           *path);
XuexinReviewCase    *xuexin_identity_state_get_review_case          (XuexinIdentityState  *self); /* nullable */
/* GListModel of XuexinAssistanceRequest (sent), newest first. */
GListModel          *xuexin_identity_state_get_assistance_requests  (XuexinIdentityState  *self);
/* GListModel of XuexinOtherAccount, oldest first. */
GListModel          *xuexin_identity_state_get_other_accounts       (XuexinIdentityState  *self);
/* GListModel of XuexinAffectedEntry. */
GListModel          *xuexin_identity_state_get_affected_entries     (XuexinIdentityState  *self);
/* The path the user has started and can go back to, or NULL: "app" with
 * an open ticket, "help_desk" with a case that is not approved or closed,
 * "classmate" with an open request. The first of these in that order. */
const char          *xuexin_identity_state_get_path_in_progress     (XuexinIdentityState  *self);

G_END_DECLS
