/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

/*
 * The attempt limits that are not counted in rows of their own (codes and
 * tickets count their rows inside the transaction that stores them). All
 * follow one rule: an attempt is reserved, in a BEGIN IMMEDIATE
 * transaction of its own, before the check it pays for, and released when
 * the check succeeds. Concurrent attempts therefore cannot see the same
 * count, and a locked key is refused before anything is checked.
 */

/* One key of a sign-in attempt: failures from the free_failures-th on
 * lock the key (see xuexin-service-throttle.c). */
typedef struct {
  const char *key;
  guint       free_failures;
  gint64      lock;          /* out: the lock the reservation set, or 0 */
} XsThrottleSlot;

/* The key of an account (or of an unknown login name, hashed) and of a
 * client IP. */
char          *xs_throttle_account_key      (gint64          account_id,
                                             const char     *login_name);
char          *xs_throttle_ip_key           (const char     *client_ip);

/* Refuses with 429 rate_limited (and returns FALSE) when any key of
 * @slots is locked; otherwise counts one failure under each key before
 * the password is checked, setting slot->lock where that failure locks. */
gboolean       xs_throttle_reserve_failure  (XsRequest      *req,
                                             XsThrottleSlot *slots,
                                             guint           n_slots);
/* Inside a transaction: takes back a reservation whose attempt
 * succeeded (one failure, and the lock it set). */
gboolean       xs_throttle_release          (XsRequest      *req,
                                             const XsThrottleSlot *slot);
/* Inside a transaction: forgets every failure of @key. */
gboolean       xs_throttle_clear            (XsRequest      *req,
                                             const char     *key);

/* A counter of at most @limit attempts per @window (µs) from the first
 * attempt: refuses with 429 rate_limited + Retry-After when full,
 * otherwise counts this attempt. */
gboolean       xs_throttle_reserve_window   (XsRequest      *req,
                                             const char     *key,
                                             guint           limit,
                                             gint64          window);
/* In a transaction of its own: takes back one attempt of @key. */
gboolean       xs_throttle_release_window   (XsRequest      *req,
                                             const char     *key);

/* The failed recovery attempts of the client IP (identity lookups that
 * find nothing, wrong or missing codes): reserve before the lookup,
 * release once a code matched or a code was sent. */
gboolean       xs_throttle_reserve_recovery (XsRequest      *req);
gboolean       xs_throttle_release_recovery (XsRequest      *req);

G_END_DECLS
