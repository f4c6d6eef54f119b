/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "xuexin-provider-ticket.h"

G_BEGIN_DECLS

/* The API ids of the four paths, in the FAQ's order. */
#define XUEXIN_IDENTITY_PATH_APP        "app"
#define XUEXIN_IDENTITY_PATH_HELP_DESK  "help_desk"
#define XUEXIN_IDENTITY_PATH_CLASSMATE  "classmate"
#define XUEXIN_IDENTITY_PATH_RECORDS    "records"

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

G_END_DECLS
