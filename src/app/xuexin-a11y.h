/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What a screen reader is told, in one place, so that every page and
 * dialog announces its errors the same way on GTK 4.8 and later. */

void       xuexin_a11y_show_alert       (GtkLabel   *alert,
                                         const char *message);
void       xuexin_a11y_hide_alert       (GtkLabel   *alert);
GtkLabel  *xuexin_a11y_alert_new        (void);
void       xuexin_a11y_set_announcer    (GtkWidget  *toplevel,
                                         GtkLabel   *announcer);
void       xuexin_a11y_announce         (GtkWidget  *widget,
                                         const char *message);
void       xuexin_a11y_set_field_error  (GtkWidget  *field,
                                         GtkWidget  *message);
void       xuexin_a11y_show_field_hint  (GtkLabel   *hint,
                                         const char *message,
                                         GtkWidget  *field_at_fault,
                                         GtkWidget  *first_field,
                                         ...) G_GNUC_NULL_TERMINATED;
gboolean   xuexin_a11y_grab_focus       (GtkWidget  *widget);
GtkWidget *xuexin_a11y_find_first_field (GtkWidget  *root);

G_END_DECLS
