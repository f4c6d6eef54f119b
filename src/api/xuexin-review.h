/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The help desk's side of path 2 (docs/api.md "Staff and /review/…"):
 * the models of the review console. One class per file pair; this header
 * gathers them and the plain structs.
 */

#include <glib-object.h>

#include "xuexin-case-claim.h"
#include "xuexin-case-submission.h"
#include "xuexin-lookup-account.h"
#include "xuexin-queue-case.h"
#include "xuexin-review-decision.h"
#include "xuexin-staff-case.h"
#include "xuexin-verification-event.h"

G_BEGIN_DECLS

/* The reason ids of a rejection, in the order the console lists them. */
#define XUEXIN_REJECT_REASON_BLURRY     "blurry"      /* 模糊不清 */
#define XUEXIN_REJECT_REASON_OBSCURED   "obscured"    /* 信息被遮挡 */
#define XUEXIN_REJECT_REASON_NOT_HOLDER "not_holder"  /* 非本人手持 */
#define XUEXIN_REJECT_REASON_MISMATCH   "mismatch"    /* 证件与注册信息不符 */
#define XUEXIN_REJECT_REASON_EDITED     "edited"      /* 翻拍或经过编辑 */
#define XUEXIN_REJECT_REASON_OTHER      "other"       /* 其他 (needs a note) */

/* The roles of XuexinAccount:role. */
#define XUEXIN_ROLE_USER     "user"
#define XUEXIN_ROLE_REVIEWER "reviewer"
#define XUEXIN_ROLE_ADMIN    "admin"

/* GET /review/cases filters; NULL / 0 members are the defaults. */
typedef struct {
  const char *state;           /* "open" (default), "submitted", "in_review", "approved", "rejected" */
  const char *submitted_from;  /* "YYYY-MM-DD" (China time), inclusive */
  const char *submitted_to;
  const char *resubmissions;   /* "any" (default), "only", "none" */
} XuexinQueueFilter;

typedef struct {
  guint open;
  guint submitted;
  guint in_review;
  guint decided_today;
  guint decided_today_by_me;
} XuexinQueueCounts;

G_END_DECLS

/* After the structs: the queue's API takes them. */
#include "xuexin-review-queue.h"
