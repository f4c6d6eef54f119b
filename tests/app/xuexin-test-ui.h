/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *xuexin_test_find_child           (GtkWidget  *root,
                                             const char *buildable_id);
void       xuexin_test_wait_until_mapped    (GtkWidget  *widget);
void       xuexin_test_click                (GtkWidget  *button);
void       xuexin_test_iterate              (guint       milliseconds);
void       xuexin_test_render_png           (GtkWidget  *widget,
                                             const char *name);
gboolean   xuexin_test_locale_is_chinese    (void);

G_END_DECLS
