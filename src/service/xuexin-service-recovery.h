/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

void           xs_handle_find_username      (XsRequest     *req);
void           xs_handle_reset_password     (XsRequest     *req);

G_END_DECLS
