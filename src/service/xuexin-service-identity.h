/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

/*
 * Identity verification (FAQ 5): a pending_identity account proves who
 * it is by one of four paths, and the success of any of them runs the one
 * success transaction below.
 */

/* The paths, as the API names them. */
#define XS_IDENTITY_PATH_APP       "app"        /* APP自助验证 */
#define XS_IDENTITY_PATH_HELP_DESK "help_desk"  /* 客服协助验证 */
#define XS_IDENTITY_PATH_CLASSMATE "classmate"  /* 大学同班同学协助 */
#define XS_IDENTITY_PATH_RECORDS   "records"    /* 提供学籍或学历信息 */

/* Errors of xs_identity_complete(): the codes are XuexinErrorCode values,
 * to be answered with xs_request_error() (see xs_identity_reply_error()). */
#define XS_IDENTITY_ERROR (xs_identity_error_quark ())
GQuark         xs_identity_error_quark      (void);

/*
 * The success transaction, in one BEGIN IMMEDIATE transaction of its own:
 * @account_id (which must be pending_identity) becomes active; every
 * other live account with its ID type + number is cancelled (sessions
 * revoked, phone freed, email kept as used, WeChat/Alipay links removed,
 * open assistance requests closed), with an audit row for each. After
 * the commit each cancelled account's phone gets an SMS. Afterwards
 * exactly one live account holds the ID number.
 *
 * Fails with XS_IDENTITY_ERROR ACCOUNT_CANCELLED when @account_id was
 * cancelled meanwhile (another account of the same ID verified first),
 * ALREADY_VERIFIED when it is active, INTERNAL on a database failure;
 * nothing is changed then. Does not answer @req.
 */
gboolean       xs_identity_complete         (XsRequest     *req,
                                             gint64         account_id,
                                             const char    *path,
                                             GError       **error);

/* The same inside a transaction the caller holds (so that a path can
 * change its own rows in the same transaction). The phones to notify are
 * appended to @notify (char *); send them after the commit with
 * xs_identity_notify_cancelled(). */
gboolean       xs_identity_complete_locked  (XsRequest     *req,
                                             gint64         account_id,
                                             const char    *path,
                                             GPtrArray     *notify,
                                             GError       **error);
void           xs_identity_notify_cancelled (XsRequest     *req,
                                             GPtrArray     *notify);

/* Answers @req with the API error of @error. */
void           xs_identity_reply_error      (XsRequest     *req,
                                             const GError  *error);

/* The active demo accounts of the classmate pairs of the demo registry
 * (--demo); created once. */
gboolean       xs_identity_seed_demo        (XsDb          *db,
                                             const XuexinServiceConfig *config,
                                             gint64         now,
                                             GError       **error);
/* The demo accounts as text lines, for `xuexin-accountd demo-records`. */
char          *xs_identity_demo_accounts_text (void);

void           xs_handle_me_identity        (XsRequest     *req);
void           xs_handle_identity_records   (XsRequest     *req);
void           xs_handle_schools            (XsRequest     *req);
void           xs_handle_assistance_new     (XsRequest     *req);
void           xs_handle_inbox              (XsRequest     *req);
void           xs_handle_inbox_count        (XsRequest     *req);
void           xs_handle_inbox_confirm      (XsRequest     *req);
void           xs_handle_inbox_decline      (XsRequest     *req);

G_END_DECLS
