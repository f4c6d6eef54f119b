/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-common"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xuexin-education-level.h"

typedef struct {
  const char *id;
  const char *label;
} EducationLevelInfo;

/* Indexed by XuexinEducationLevel. The ids are part of the web API and
 * must never change. */
static const EducationLevelInfo levels[] = {
  [XUEXIN_EDUCATION_LEVEL_UNKNOWN] = {
    "unknown",
    /* Translators: level of a study programme that is not known */
    N_("Unknown level"),
  },
  [XUEXIN_EDUCATION_LEVEL_ZHUANKE] = {
    "zhuanke",
    /* Translators: 专科 */
    N_("Junior college"),
  },
  [XUEXIN_EDUCATION_LEVEL_BENKE] = {
    "benke",
    /* Translators: 本科 */
    N_("Bachelor's degree programme"),
  },
  [XUEXIN_EDUCATION_LEVEL_ZHUANSHENGBEN] = {
    "zhuanshengben",
    /* Translators: 专科起点本科 (专升本), a bachelor's programme for junior college graduates */
    N_("Bachelor's degree programme for junior college graduates"),
  },
  [XUEXIN_EDUCATION_LEVEL_SECOND_BACHELOR] = {
    "second_bachelor",
    /* Translators: 第二学士学位 */
    N_("Second bachelor's degree"),
  },
  [XUEXIN_EDUCATION_LEVEL_MASTER] = {
    "master",
    /* Translators: 硕士研究生 */
    N_("Master's degree programme"),
  },
  [XUEXIN_EDUCATION_LEVEL_DOCTOR] = {
    "doctor",
    /* Translators: 博士研究生 */
    N_("Doctoral degree programme"),
  },
};

G_STATIC_ASSERT (G_N_ELEMENTS (levels) == XUEXIN_EDUCATION_LEVEL_LAST + 1);

/**
 * xuexin_education_level_to_string:
 * @level: an education level
 *
 * Returns: the stable API id of @level, such as "benke"; "unknown" for
 *   %XUEXIN_EDUCATION_LEVEL_UNKNOWN and values out of range
 */
const char *
xuexin_education_level_to_string (XuexinEducationLevel level)
{
  if ((guint) level >= G_N_ELEMENTS (levels))
    return levels[XUEXIN_EDUCATION_LEVEL_UNKNOWN].id;

  return levels[level].id;
}

/**
 * xuexin_education_level_from_string:
 * @string: (nullable): an API id such as "master"
 *
 * Returns: the level, or %XUEXIN_EDUCATION_LEVEL_UNKNOWN for %NULL and
 *   ids this version does not know
 */
XuexinEducationLevel
xuexin_education_level_from_string (const char *string)
{
  guint i;

  if (string == NULL)
    return XUEXIN_EDUCATION_LEVEL_UNKNOWN;

  for (i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      if (g_strcmp0 (string, levels[i].id) == 0)
        return (XuexinEducationLevel) i;
    }

  return XUEXIN_EDUCATION_LEVEL_UNKNOWN;
}

/**
 * xuexin_education_level_get_label:
 * @level: an education level
 *
 * Returns: the translated name of @level for display
 */
const char *
xuexin_education_level_get_label (XuexinEducationLevel level)
{
  if ((guint) level >= G_N_ELEMENTS (levels))
    level = XUEXIN_EDUCATION_LEVEL_UNKNOWN;

  return _(levels[level].label);
}
