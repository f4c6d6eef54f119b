/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ----- XuexinQueueCase: one entry of GET /review/cases ----- */

#define XUEXIN_TYPE_QUEUE_CASE (xuexin_queue_case_get_type ())
G_DECLARE_FINAL_TYPE (XuexinQueueCase, xuexin_queue_case, XUEXIN, QUEUE_CASE, GObject)

XuexinQueueCase *xuexin_queue_case_new_from_json        (JsonObject       *object,
                                                         GError          **error);
/* A placeholder for a row whose page has not arrived: id 0, not loaded.
 * xuexin_queue_case_update() fills it in and notifies every property. */
XuexinQueueCase *xuexin_queue_case_new_placeholder      (void);
void             xuexin_queue_case_update               (XuexinQueueCase  *self,
                                                         XuexinQueueCase  *from);
gboolean         xuexin_queue_case_is_loaded            (XuexinQueueCase  *self);  /* property "loaded" */
gint64           xuexin_queue_case_get_id               (XuexinQueueCase  *self);
const char      *xuexin_queue_case_get_state            (XuexinQueueCase  *self);
guint            xuexin_queue_case_get_submissions      (XuexinQueueCase  *self);
GDateTime       *xuexin_queue_case_get_submitted_at     (XuexinQueueCase  *self);  /* nullable */
GDateTime       *xuexin_queue_case_get_decided_at       (XuexinQueueCase  *self);  /* nullable */
gboolean         xuexin_queue_case_get_claimed_by_me    (XuexinQueueCase  *self);
GDateTime       *xuexin_queue_case_get_claim_expires_at (XuexinQueueCase  *self);  /* nullable */
const char      *xuexin_queue_case_get_claimed_by_name  (XuexinQueueCase  *self);  /* nullable */

G_END_DECLS
