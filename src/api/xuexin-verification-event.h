/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ----- XuexinVerificationEvent: one entry of a looked-up account's history ----- */

#define XUEXIN_TYPE_VERIFICATION_EVENT (xuexin_verification_event_get_type ())
G_DECLARE_FINAL_TYPE (XuexinVerificationEvent, xuexin_verification_event, XUEXIN, VERIFICATION_EVENT, GObject)

XuexinVerificationEvent *xuexin_verification_event_new_from_json (JsonObject              *object,
                                                                  GError                 **error);
GDateTime               *xuexin_verification_event_get_at        (XuexinVerificationEvent *self);
/* "registered", …, "cancelled" (docs/api.md "GET /review/accounts"). */
const char              *xuexin_verification_event_get_event     (XuexinVerificationEvent *self);
const char              *xuexin_verification_event_get_path      (XuexinVerificationEvent *self);  /* nullable */
const char              *xuexin_verification_event_get_detail    (XuexinVerificationEvent *self);  /* nullable */

G_END_DECLS
