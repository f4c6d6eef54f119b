/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

void           xs_handle_register           (XsRequest     *req);

G_END_DECLS
