/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-format.h"

/* Texts that several pages and dialogs put into their sentences. */

/**
 * xuexin_format_wait:
 *
 * Returns: (transfer full): a translated duration such as "2 min 5 s"
 */
char *
xuexin_format_wait (guint seconds)
{
  guint hours = seconds / 3600;
  guint minutes = (seconds % 3600) / 60;

  seconds %= 60;

  if (hours > 0)
    /* Translators: a waiting time in hours and minutes. */
    return g_strdup_printf (_("%u h %u min"), hours, minutes);
  if (minutes > 0)
    /* Translators: a waiting time in minutes and seconds. */
    return g_strdup_printf (_("%u min %u s"), minutes, seconds);
  /* Translators: a waiting time in seconds. */
  return g_strdup_printf (_("%u s"), seconds);
}
