/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "xuexin-review.h"

G_BEGIN_DECLS

/* One row of the review queue's list view: made once per visible row by
 * the list's factory and given case after case as the list scrolls. */

#define XUEXIN_TYPE_QUEUE_ROW (xuexin_queue_row_get_type ())
G_DECLARE_FINAL_TYPE (XuexinQueueRow, xuexin_queue_row, XUEXIN, QUEUE_ROW, GtkWidget)

GtkWidget *xuexin_queue_row_new      (void);
/* (nullable): NULL while the row is not bound. */
void       xuexin_queue_row_set_case (XuexinQueueRow  *self,
                                      XuexinQueueCase *queue_case);

G_END_DECLS
