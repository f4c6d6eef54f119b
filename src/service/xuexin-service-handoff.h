/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

/*
 * The phone hand-off of identity path 2: a kiosk's session asks for a
 * capability URL, shows it as a QR code, and the visitor takes the three
 * ID photos on their own phone, on the page that URL serves. The token
 * in the URL is the only authority of the page and its uploads.
 */

/* A hand-off's lifetime, seconds. */
#define XS_HANDOFF_LIFETIME (15 * 60)
/* Hand-offs an account may create per hour (counted from the first). */
#define XS_HANDOFF_PER_HOUR 10

void           xs_handle_handoff_new        (XsRequest     *req);
void           xs_handle_handoff_revoke     (XsRequest     *req);
void           xs_handle_handoff_page       (XsRequest     *req);
void           xs_handle_handoff_photos     (XsRequest     *req);
void           xs_handle_handoff_photo_put  (XsRequest     *req);

G_END_DECLS
