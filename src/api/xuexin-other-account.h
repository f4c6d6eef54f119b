/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

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

G_END_DECLS
