/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

/*
 * Staff of the help desk: accounts with the role "reviewer" or "admin",
 * created only from the command line (`xuexin-accountd add-staff`).
 * They sign in through POST /sessions like anyone.
 */

#define XS_ROLE_USER     "user"
#define XS_ROLE_REVIEWER "reviewer"
#define XS_ROLE_ADMIN    "admin"

/* Creates an active staff account with @password (or, when @password is
 * NULL, a random one returned in *out_password). Refuses a role that is
 * not staff, a phone a live account has and an ID number a live account
 * has (one live account per person). */
gboolean       xs_staff_add                 (XsDb          *db,
                                             const XuexinServiceConfig *config,
                                             const char    *role,
                                             const char    *phone,
                                             const char    *name,
                                             const char    *id_number,
                                             const char    *password,
                                             gint64         now,
                                             char         **out_password,
                                             GError       **error);

/* For the /review/… handlers (XS_ROUTE_STAFF does it for a whole route):
 * TRUE when the signed-in account is a reviewer or an admin (with
 * @admin_only, an admin); otherwise answers 403 forbidden and returns
 * FALSE. */
gboolean       xs_request_require_staff     (XsRequest     *req,
                                             gboolean       admin_only);

G_END_DECLS
