/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-common"

#include "config.h"

#include "xuexin-common.h"

/* The ids are part of the web API. */
static const struct {
  XuexinEducationLevel level;
  const char *id;
} expected_levels[] = {
  { XUEXIN_EDUCATION_LEVEL_UNKNOWN, "unknown" },
  { XUEXIN_EDUCATION_LEVEL_ZHUANKE, "zhuanke" },
  { XUEXIN_EDUCATION_LEVEL_BENKE, "benke" },
  { XUEXIN_EDUCATION_LEVEL_ZHUANSHENGBEN, "zhuanshengben" },
  { XUEXIN_EDUCATION_LEVEL_SECOND_BACHELOR, "second_bachelor" },
  { XUEXIN_EDUCATION_LEVEL_MASTER, "master" },
  { XUEXIN_EDUCATION_LEVEL_DOCTOR, "doctor" },
};

static void
test_round_trip (void)
{
  guint i;

  g_assert_cmpuint (G_N_ELEMENTS (expected_levels), ==, XUEXIN_EDUCATION_LEVEL_LAST + 1);

  for (i = 0; i < G_N_ELEMENTS (expected_levels); i++)
    {
      XuexinEducationLevel level = expected_levels[i].level;

      g_assert_cmpint (level, ==, i);
      g_assert_cmpstr (xuexin_education_level_to_string (level), ==, expected_levels[i].id);
      g_assert_cmpint (xuexin_education_level_from_string (expected_levels[i].id), ==, level);
    }
}

static void
test_unknown (void)
{
  g_assert_cmpint (xuexin_education_level_from_string (NULL), ==,
                   XUEXIN_EDUCATION_LEVEL_UNKNOWN);
  g_assert_cmpint (xuexin_education_level_from_string (""), ==, XUEXIN_EDUCATION_LEVEL_UNKNOWN);
  g_assert_cmpint (xuexin_education_level_from_string ("Benke"), ==,
                   XUEXIN_EDUCATION_LEVEL_UNKNOWN);
  g_assert_cmpint (xuexin_education_level_from_string ("postdoc"), ==,
                   XUEXIN_EDUCATION_LEVEL_UNKNOWN);
  g_assert_cmpstr (xuexin_education_level_to_string ((XuexinEducationLevel) 99), ==, "unknown");
}

static void
test_labels (void)
{
  guint i;
  guint j;

  for (i = 0; i < G_N_ELEMENTS (expected_levels); i++)
    {
      const char *label = xuexin_education_level_get_label (expected_levels[i].level);

      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, "");
      for (j = 0; j < i; j++)
        g_assert_cmpstr (label, !=, xuexin_education_level_get_label (expected_levels[j].level));
    }

  g_assert_cmpstr (xuexin_education_level_get_label (XUEXIN_EDUCATION_LEVEL_ZHUANKE), ==,
                   "Junior college");
  g_assert_cmpstr (xuexin_education_level_get_label ((XuexinEducationLevel) 99), ==,
                   xuexin_education_level_get_label (XUEXIN_EDUCATION_LEVEL_UNKNOWN));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/common/education-level/round-trip", test_round_trip);
  g_test_add_func ("/common/education-level/unknown", test_unknown);
  g_test_add_func ("/common/education-level/labels", test_labels);

  return g_test_run ();
}
