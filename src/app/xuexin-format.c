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

/**
 * xuexin_format_time:
 *
 * Returns: (transfer full): @time in local time, as "2026-12-03 14:05"
 *   (unambiguous in every language the app speaks)
 */
char *
xuexin_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/**
 * xuexin_format_assistance_state:
 * @state: the state of a classmate's assistance request (API id)
 *
 * Returns: the translated word for @state, for either side
 */
const char *
xuexin_format_assistance_state (const char *state)
{
  if (g_strcmp0 (state, "pending") == 0)
    /* Translators: a classmate's assistance request waits for an answer. */
    return _("Waiting for an answer");
  if (g_strcmp0 (state, "confirmed") == 0)
    return _("Confirmed");
  if (g_strcmp0 (state, "declined") == 0)
    return _("Declined");
  if (g_strcmp0 (state, "expired") == 0)
    /* Translators: nobody answered the request within 7 days. */
    return _("Expired without an answer");
  if (g_strcmp0 (state, "closed") == 0)
    /* Translators: the request no longer matters: the account was verified another way or cancelled. */
    return _("Closed");
  return _("Unknown");
}
