/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "identity/xuexin-identity-progress-page.h"
#include "xuexin-account.h"
#include "xuexin-format.h"
#include "xuexin-identity-path.h"
#include "xuexin-review-format.h"

/**
 * xuexin_review_format_counts:
 *
 * Returns: (transfer full): "7 open · 4 decided today, 1 by you"
 */
char *
xuexin_review_format_counts (const XuexinQueueCounts *counts)
{
  g_autofree char *open = NULL;
  g_autofree char *decided = NULL;
  g_autofree char *mine = NULL;

  /* Translators: the number of open cases in the review queue. */
  open = g_strdup_printf (ngettext ("%u open", "%u open", counts->open), counts->open);
  /* Translators: the decisions of every reviewer since midnight. */
  decided = g_strdup_printf (ngettext ("%u decided today", "%u decided today", counts->decided_today),
                             counts->decided_today);
  /* Translators: how many of today's decisions the signed-in reviewer made. */
  mine = g_strdup_printf (ngettext ("%u by you", "%u by you", counts->decided_today_by_me),
                          counts->decided_today_by_me);
  /* Translators: "7 open · 4 decided today, 1 by you". */
  return g_strdup_printf (_("%s · %s, %s"), open, decided, mine);
}

/**
 * xuexin_review_format_waiting:
 * @submitted_at: (nullable): when the case was submitted
 *
 * Returns: (transfer full): "waiting 2 h 5 min", or "" without a time
 */
char *
xuexin_review_format_waiting (GDateTime *submitted_at,
                              GDateTime *now)
{
  g_autofree char *wait = NULL;
  GTimeSpan span;

  if (submitted_at == NULL)
    return g_strdup ("");

  span = g_date_time_difference (now, submitted_at);
  wait = xuexin_format_wait ((guint) MAX (span / G_TIME_SPAN_SECOND, 0));
  /* Translators: how long a case has been in the queue, e.g. "waiting 2 h 5 min". */
  return g_strdup_printf (_("waiting %s"), wait);
}

/**
 * xuexin_review_format_submission:
 * @number: 1 for a first submission
 *
 * Returns: (transfer full): "2nd submission" and so on
 */
char *
xuexin_review_format_submission (guint number)
{
  switch (number)
    {
    case 0:
    case 1:
      return g_strdup (_("1st submission"));
    case 2:
      return g_strdup (_("2nd submission"));
    case 3:
      return g_strdup (_("3rd submission"));
    default:
      /* Translators: the 4th and later submissions of a review case. */
      return g_strdup_printf (_("%uth submission"), number);
    }
}

/**
 * xuexin_review_format_case_state:
 *
 * Returns: the translated word for a review case's state (API id)
 */
const char *
xuexin_review_format_case_state (const char *state)
{
  if (g_strcmp0 (state, "submitted") == 0)
    /* Translators: a review case nobody has claimed yet. */
    return C_("review case", "Waiting");
  if (g_strcmp0 (state, "in_review") == 0)
    return C_("review case", "In review");
  if (g_strcmp0 (state, "approved") == 0)
    return C_("review case", "Approved");
  if (g_strcmp0 (state, "rejected") == 0)
    return C_("review case", "Rejected");
  if (g_strcmp0 (state, "draft") == 0)
    /* Translators: the person is still uploading photos. */
    return C_("review case", "Not submitted yet");
  if (g_strcmp0 (state, "closed") == 0)
    return C_("review case", "Closed");
  return C_("review case", "Unknown");
}

/**
 * xuexin_review_format_account_state:
 *
 * Returns: the translated word for an account's state (API id)
 */
const char *
xuexin_review_format_account_state (const char *state)
{
  if (g_strcmp0 (state, XUEXIN_ACCOUNT_STATE_ACTIVE) == 0)
    return C_("account state", "Active");
  if (g_strcmp0 (state, XUEXIN_ACCOUNT_STATE_PENDING) == 0)
    return C_("account state", "Identity not verified");
  if (g_strcmp0 (state, XUEXIN_ACCOUNT_STATE_CANCELLED) == 0)
    return C_("account state", "Cancelled");
  return C_("account state", "Unknown");
}

/**
 * xuexin_review_format_path:
 * @path: (nullable): an identity path's API id
 *
 * Returns: (nullable): its short translated name
 */
const char *
xuexin_review_format_path (const char *path)
{
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_APP) == 0)
    return _("the mobile app");
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_HELP_DESK) == 0)
    return _("help-desk review");
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_CLASSMATE) == 0)
    return _("a classmate's confirmation");
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_RECORDS) == 0)
    return _("student or degree records");
  return path;
}

/**
 * xuexin_review_format_event:
 *
 * Returns: (transfer full): one event of an account's verification
 *   history in words (docs/api.md "GET /review/accounts")
 */
char *
xuexin_review_format_event (XuexinVerificationEvent *event)
{
  const char *id = xuexin_verification_event_get_event (event);
  const char *path = xuexin_review_format_path (xuexin_verification_event_get_path (event));
  const char *detail = xuexin_verification_event_get_detail (event);
  static const struct
  {
    const char *event;
    const char *text;
  } events[] = {
    { "registered", N_("Registered") },
    /* Translators: registered again with an ID number another account has. */
    { "reregistered", N_("Registered again with a taken ID number") },
    { "records_failed", N_("Records did not match") },
    { "records_locked", N_("Records check locked after too many attempts") },
    { "assistance_requested", N_("Asked a classmate to confirm") },
    { "assistance_confirmed", N_("A classmate confirmed") },
    { "assistance_declined", N_("A classmate declined") },
    { "app_verification_started", N_("Started verification in the mobile app") },
    { "app_verification_failed", N_("Verification in the mobile app failed") },
    { "review_submitted", N_("Submitted ID photos for review") },
    { "review_approved", N_("ID photos approved") },
    { "cancelled", N_("Cancelled: another account of the ID number was verified") },
  };

  if (g_strcmp0 (id, "review_rejected") == 0)
    /* Translators: %s is the reason, e.g. "The photos are blurry". */
    return g_strdup_printf (_("ID photos rejected: %s"), xuexin_identity_format_rejection_reason (detail));
  if (g_strcmp0 (id, "verified") == 0)
    /* Translators: %s is the path, e.g. "help-desk review". */
    return g_strdup_printf (_("Identity verified by %s"), path != NULL ? path : _("an unknown way"));

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    if (g_strcmp0 (events[i].event, id) == 0)
      return g_strdup (_(events[i].text));
  return g_strdup (id);
}

/**
 * xuexin_review_parse_date:
 * @text: a date typed as YYYY-MM-DD
 * @date: (out caller-allocates) (optional): the date
 *
 * Returns: whether @text is a real date in that form
 */
gboolean
xuexin_review_parse_date (const char *text,
                          GDate      *date)
{
  int year = 0;
  int month = 0;
  int day = 0;
  char end = 0;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-'
      || sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3)
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;
  if (date != NULL)
    g_date_set_dmy (date, day, month, year);
  return TRUE;
}
