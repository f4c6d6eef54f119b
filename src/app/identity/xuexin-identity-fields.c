/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-identity-fields.h"

/**
 * xuexin_level_row_setup:
 * @any_label: (nullable): the first choice's label when the level may be
 *   left open ("Any level"), or %NULL when one must be chosen
 *
 * Fills @row with the levels of src/common, in their order.
 */
void
xuexin_level_row_setup (AdwComboRow *row,
                        const char  *any_label)
{
  g_autoptr(GtkStringList) levels = gtk_string_list_new (NULL);

  if (any_label != NULL)
    gtk_string_list_append (levels, any_label);
  for (XuexinEducationLevel level = XUEXIN_EDUCATION_LEVEL_UNKNOWN + 1;
       level <= XUEXIN_EDUCATION_LEVEL_LAST; level++)
    gtk_string_list_append (levels, xuexin_education_level_get_label (level));

  g_object_set_data (G_OBJECT (row), "xuexin-level-any", GINT_TO_POINTER (any_label != NULL));
  adw_combo_row_set_model (row, G_LIST_MODEL (levels));
  /* 本科, the most common, rather than the first in the list. */
  adw_combo_row_set_selected (row, (any_label != NULL ? 1 : 0) + XUEXIN_EDUCATION_LEVEL_BENKE - 1);
}

/**
 * xuexin_level_row_get_level:
 *
 * Returns: (nullable): the API id of the level chosen in a row set up by
 *   xuexin_level_row_setup(), or %NULL for "any level"
 */
const char *
xuexin_level_row_get_level (AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (g_object_get_data (G_OBJECT (row), "xuexin-level-any") != NULL)
    {
      if (selected == 0)
        return NULL;
      selected--;
    }

  if (selected == GTK_INVALID_LIST_POSITION || selected >= XUEXIN_EDUCATION_LEVEL_LAST)
    return NULL;
  return xuexin_education_level_to_string (XUEXIN_EDUCATION_LEVEL_UNKNOWN + 1 + selected);
}

/**
 * xuexin_check_year_field:
 * @hint: (out) (optional): what is wrong, to show under the field; %NULL
 *   when the field is empty (nothing to say yet) or right
 *
 * Returns: %TRUE when @text is a plausible year of @kind
 */
gboolean
xuexin_check_year_field (const char      *text,
                         XuexinYearKind   kind,
                         guint           *out_year,
                         char           **hint)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  XuexinYearResult result;
  int min_year, max_year, year = 0;

  xuexin_year_plausible_range (kind, today, &min_year, &max_year);
  result = xuexin_year_validate (text, min_year, max_year, &year);

  if (out_year != NULL)
    *out_year = result == XUEXIN_YEAR_OK ? (guint) year : 0;
  if (hint != NULL)
    *hint = result == XUEXIN_YEAR_OK || result == XUEXIN_YEAR_EMPTY
            ? NULL : xuexin_year_result_to_message (result, min_year, max_year);

  return result == XUEXIN_YEAR_OK;
}
