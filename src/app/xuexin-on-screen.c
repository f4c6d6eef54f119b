/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-on-screen.h"

/**
 * xuexin_gtk_window_is_on_screen:
 * @window: (nullable): a window
 *
 * Whether someone may be looking at @window: it is shown and not
 * minimized. What polls the service while seen asks this; a hidden or
 * minimized window keeps its children mapped, so mapping says nothing.
 * Those callers also connect to the surface's notify::state themselves,
 * to start again when the window comes back.
 *
 * Returns: %TRUE when @window is shown and not minimized
 */
gboolean
xuexin_gtk_window_is_on_screen (GtkWindow *window)
{
  GdkSurface *surface;

  if (window == NULL || !gtk_widget_get_visible (GTK_WIDGET (window)))
    return FALSE;

  surface = gtk_native_get_surface (GTK_NATIVE (window));
  if (surface != NULL && GDK_IS_TOPLEVEL (surface)
      && (gdk_toplevel_get_state (GDK_TOPLEVEL (surface)) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0)
    return FALSE;

  return TRUE;
}
