/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

/* Both answer on the server thread (XS_ROUTE_INLINE). */
void           xs_handle_health             (XsRequest     *req);
void           xs_handle_platforms          (XsRequest     *req);

G_END_DECLS
