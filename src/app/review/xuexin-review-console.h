/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-client-review.h"

G_BEGIN_DECLS

/*
 * XuexinReviewConsole: what the window shows a staff account instead of
 * account management. A leaflet: the sidebar (counts, filters, the queue
 * as a list view over XuexinReviewQueue) and the content (the case
 * opened, today's own decisions, or an account looked up). Keys: `a`
 * approve, `r` reject, `j` / `k` next / previous case, Escape releases
 * the claim; none of them while a text field has the focus.
 */

#define XUEXIN_TYPE_REVIEW_CONSOLE (xuexin_review_console_get_type ())
G_DECLARE_FINAL_TYPE (XuexinReviewConsole, xuexin_review_console, XUEXIN, REVIEW_CONSOLE, AdwBin)

/* Starts on the open queue with @client's session; reloads the queue
 * every 15 s while the console is on screen. */
void               xuexin_review_console_start     (XuexinReviewConsole *self,
                                                    XuexinClient        *client);
/* Releases the claim, cancels what is in flight and forgets the queue,
 * the filters and what was looked up (signing out). */
void               xuexin_review_console_stop      (XuexinReviewConsole *self);
XuexinReviewQueue *xuexin_review_console_get_queue (XuexinReviewConsole *self);  /* nullable */
void               xuexin_review_console_focus_start (XuexinReviewConsole *self);

G_END_DECLS
