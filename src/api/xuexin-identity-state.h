/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "xuexin-identity-path.h"
#include "xuexin-review-case.h"

G_BEGIN_DECLS

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
