/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "xuexin-api.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_REVIEW_WATCHER (xuexin_review_watcher_get_type ())

G_DECLARE_FINAL_TYPE (XuexinReviewWatcher, xuexin_review_watcher, XUEXIN, REVIEW_WATCHER, GObject)

/* @window (nullable): whose visibility sets the pace. */
XuexinReviewWatcher *xuexin_review_watcher_new              (XuexinClient        *client,
                                                             GtkWindow           *window);
void                 xuexin_review_watcher_start            (XuexinReviewWatcher *self);
void                 xuexin_review_watcher_stop             (XuexinReviewWatcher *self);
gboolean             xuexin_review_watcher_is_running       (XuexinReviewWatcher *self);
/* (nullable) (transfer none): the case as last read. */
XuexinReviewCase    *xuexin_review_watcher_get_case         (XuexinReviewWatcher *self);
/* Whether the case is one to follow on the progress page (not a draft). */
gboolean             xuexin_review_watcher_has_case         (XuexinReviewWatcher *self);
/* Seconds until the next read, 0 when none is planned. */
guint                xuexin_review_watcher_get_next_interval (XuexinReviewWatcher *self);

G_END_DECLS
