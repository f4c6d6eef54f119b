/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define XUEXIN_TYPE_ACCOUNT (xuexin_account_get_type ())

G_DECLARE_FINAL_TYPE (XuexinAccount, xuexin_account, XUEXIN, ACCOUNT, GObject)

/* The values of XuexinAccount:id-type and XuexinAccount:state. */
#define XUEXIN_ID_TYPE_RESIDENT_ID          "resident_id"
#define XUEXIN_ID_TYPE_OTHER                "other"
#define XUEXIN_ACCOUNT_STATE_ACTIVE         "active"
#define XUEXIN_ACCOUNT_STATE_PENDING        "pending_identity"
#define XUEXIN_ACCOUNT_STATE_CANCELLED      "cancelled"

XuexinAccount *xuexin_account_new_from_json                    (JsonObject     *object,
                                                                GError        **error);
gint64         xuexin_account_get_id                           (XuexinAccount  *self);
const char    *xuexin_account_get_phone                        (XuexinAccount  *self);
const char    *xuexin_account_get_name                         (XuexinAccount  *self);
const char    *xuexin_account_get_id_type                      (XuexinAccount  *self);
const char    *xuexin_account_get_id_number_masked             (XuexinAccount  *self);
const char    *xuexin_account_get_email                        (XuexinAccount  *self);
const char    *xuexin_account_get_state                        (XuexinAccount  *self);
gboolean       xuexin_account_is_active                        (XuexinAccount  *self);
gboolean       xuexin_account_is_pending                       (XuexinAccount  *self);
gboolean       xuexin_account_get_identity_verification_required (XuexinAccount *self);
GDateTime     *xuexin_account_get_created_at                   (XuexinAccount  *self);
GDateTime     *xuexin_account_get_provider_bind_blocked_until  (XuexinAccount  *self);
/* "user" (also when the service does not say), "reviewer" or "admin". */
const char    *xuexin_account_get_role                         (XuexinAccount  *self);
/* The role is "reviewer" or "admin": the app opens the review console. */
gboolean       xuexin_account_is_staff                         (XuexinAccount  *self);

G_END_DECLS
