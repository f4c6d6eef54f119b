/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Answers to the problems the FAQ names, shown wherever the problem
 * can happen. Topic names are the ids used by the `win.show-help` action. */
gboolean xuexin_help_get_topic  (const char  *topic,
                                 const char **title,
                                 const char **body);
void     xuexin_help_show_topic (GtkWidget   *parent,
                                 const char  *topic);

G_END_DECLS
