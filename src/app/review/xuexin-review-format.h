/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "xuexin-review.h"

G_BEGIN_DECLS

/* The review console's words for the service's ids, in one place. */

char       *xuexin_review_format_counts       (const XuexinQueueCounts *counts);
char       *xuexin_review_format_waiting      (GDateTime               *submitted_at,
                                               GDateTime               *now);
char       *xuexin_review_format_submission   (guint                    number);
const char *xuexin_review_format_case_state   (const char              *state);
const char *xuexin_review_format_account_state (const char             *state);
const char *xuexin_review_format_path         (const char              *path);
char       *xuexin_review_format_event        (XuexinVerificationEvent *event);
gboolean    xuexin_review_parse_date          (const char              *text,
                                               GDate                   *date);

G_END_DECLS
