/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

void           xs_handle_me_providers       (XsRequest     *req);
void           xs_handle_bind_ticket_new    (XsRequest     *req);
void           xs_handle_bind_ticket_get    (XsRequest     *req);
void           xs_handle_unbind_provider    (XsRequest     *req);
void           xs_handle_sign_in_ticket_new (XsRequest     *req);
void           xs_handle_sign_in_ticket_get (XsRequest     *req);
void           xs_handle_simulate_scan      (XsRequest     *req);
void           xs_handle_simulate_confirm   (XsRequest     *req);
void           xs_handle_provider_callback  (XsRequest     *req);

G_END_DECLS
