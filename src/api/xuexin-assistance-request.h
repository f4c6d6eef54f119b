/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

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

G_END_DECLS
