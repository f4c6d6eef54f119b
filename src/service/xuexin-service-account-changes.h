/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

void           xs_handle_email_codes        (XsRequest     *req);
void           xs_handle_change_email       (XsRequest     *req);
void           xs_handle_change_phone       (XsRequest     *req);

G_END_DECLS
