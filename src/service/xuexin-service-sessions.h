/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-accounts.h"

G_BEGIN_DECLS

/* Inside a transaction: stores a new session (and an audit entry named
 * @event) and returns its token, or NULL. */
char          *xs_session_insert            (XsRequest     *req,
                                             gint64         account_id,
                                             const char    *event,
                                             gint64        *out_expires_at);
/* Adds the members of a sign-in answer (token, expiry, account) to the
 * open object of @builder. */
gboolean       xs_session_add_json          (XsRequest     *req,
                                             JsonBuilder   *builder,
                                             const char    *token,
                                             gint64         expires_at,
                                             gint64         account_id);

void           xs_handle_sign_in            (XsRequest     *req);
void           xs_handle_sign_out           (XsRequest     *req);
void           xs_handle_me                 (XsRequest     *req);

G_END_DECLS
