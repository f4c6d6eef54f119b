/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ----- XuexinLookupAccount: one entry of GET /review/accounts ----- */

#define XUEXIN_TYPE_LOOKUP_ACCOUNT (xuexin_lookup_account_get_type ())
G_DECLARE_FINAL_TYPE (XuexinLookupAccount, xuexin_lookup_account, XUEXIN, LOOKUP_ACCOUNT, GObject)

XuexinLookupAccount *xuexin_lookup_account_new_from_json        (JsonObject          *object,
                                                                 GError             **error);
gint64               xuexin_lookup_account_get_id               (XuexinLookupAccount *self);
const char          *xuexin_lookup_account_get_name             (XuexinLookupAccount *self);
const char          *xuexin_lookup_account_get_phone_masked     (XuexinLookupAccount *self);
const char          *xuexin_lookup_account_get_id_type          (XuexinLookupAccount *self);
const char          *xuexin_lookup_account_get_id_number_masked (XuexinLookupAccount *self);
const char          *xuexin_lookup_account_get_state            (XuexinLookupAccount *self);
const char          *xuexin_lookup_account_get_role             (XuexinLookupAccount *self);
GDateTime           *xuexin_lookup_account_get_created_at       (XuexinLookupAccount *self);
const char          *xuexin_lookup_account_get_verified_path    (XuexinLookupAccount *self);  /* nullable */
GDateTime           *xuexin_lookup_account_get_verified_at      (XuexinLookupAccount *self);  /* nullable */
GDateTime           *xuexin_lookup_account_get_cancelled_at     (XuexinLookupAccount *self);  /* nullable */
/* The review case, if any: id 0 when none. */
gint64               xuexin_lookup_account_get_review_case_id   (XuexinLookupAccount *self);
const char          *xuexin_lookup_account_get_review_case_state (XuexinLookupAccount *self); /* nullable */
/* GListModel of XuexinVerificationEvent, oldest first (transfer none). */
GListModel          *xuexin_lookup_account_get_history          (XuexinLookupAccount *self);

G_END_DECLS
