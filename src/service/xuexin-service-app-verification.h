/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

/*
 * Identity path 1 (APP自助验证): the 学信网 mobile app checks the person's
 * face. A ticket is polled like a QR sign-in ticket; a verification
 * provider (simulated or a webhook vendor) decides it.
 */

/* The signed-callback headers (see docs/api.md). */
#define XS_APP_VERIFICATION_HEADER_TIMESTAMP "X-Xuexin-Timestamp"
#define XS_APP_VERIFICATION_HEADER_SIGNATURE "X-Xuexin-Signature"
/* How far a callback's timestamp may be from the service's clock. */
#define XS_APP_VERIFICATION_CLOCK_WINDOW (5 * 60)
#define XS_APP_VERIFICATION_CALLBACK_MAX_BODY 4096

/* Path 1's entry in GET /me/identity's "paths". */
gboolean       xs_app_verification_add_path (XsRequest   *req,
                                             JsonBuilder *builder,
                                             gboolean     pending);

/* The lowercase hex HMAC-SHA256 of "@timestamp.@body" with @secret. */
char          *xs_app_verification_sign     (const char  *secret,
                                             const char  *timestamp,
                                             const void  *body,
                                             gsize        length);

/* The name with its first character hidden, as the pages show it:
 * 张晓明 → *晓明 (also the phone hand-off's page). */
char          *xs_app_verification_mask_name (const char *name);

void           xs_handle_app_verification_new      (XsRequest *req);
void           xs_handle_app_verification_get      (XsRequest *req);
void           xs_handle_app_verification_page     (XsRequest *req);
void           xs_handle_app_verification_decide   (XsRequest *req);
void           xs_handle_app_verification_callback (XsRequest *req);

G_END_DECLS
