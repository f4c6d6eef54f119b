/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

typedef enum {
  XS_CHANNEL_SMS,
  XS_CHANNEL_EMAIL,
} XsChannel;

/* Issues a code for @purpose to each recipient in turn (normally one),
 * enforcing the resend interval and the daily limits. On refusal the
 * error is set on @req. */
gboolean       xs_codes_issue               (XsRequest     *req,
                                             XsChannel      channel,
                                             const char    *purpose,
                                             const char * const *recipients,
                                             gint64         account_id);
/* The reply to a code request: where the codes went (masked) and when
 * they expire. */
void           xs_codes_reply_sent          (XsRequest     *req,
                                             const char    *purpose,
                                             const char * const *recipients,
                                             gboolean       email);
/* In a transaction of its own, checks @code against the newest live code
 * of each recipient and uses up the one that matches; a wrong code counts
 * an attempt either way. Returns the index of the recipient whose code
 * matched, or -1 with the error set on @req. */
int            xs_codes_check_any           (XsRequest     *req,
                                             XsChannel      channel,
                                             const char    *purpose,
                                             const char * const *recipients,
                                             const char    *code,
                                             const char    *field);
/* Checks @code against the newest live code for (channel, recipient,
 * purpose). Without @consume it runs a transaction of its own, so that a
 * wrong code counts an attempt even though the request fails; too many
 * attempts invalidate the code. With @consume the code is used up inside
 * the caller's transaction. */
gboolean       xs_codes_check               (XsRequest     *req,
                                             XsChannel      channel,
                                             const char    *purpose,
                                             const char    *recipient,
                                             const char    *code,
                                             const char    *field,
                                             gboolean       consume);

/* POST /sms-codes */
void           xs_handle_sms_codes          (XsRequest     *req);

G_END_DECLS
