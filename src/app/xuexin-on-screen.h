/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean xuexin_gtk_window_is_on_screen (GtkWindow *window);

G_END_DECLS
