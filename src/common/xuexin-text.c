/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-common"

#include "config.h"

#include <string.h>

#include "xuexin-text-private.h"

/*
 * Returns a copy of @text without leading and trailing white space, or
 * %NULL when @text is %NULL or not valid UTF-8. Unicode spaces count too,
 * because Chinese input methods produce the ideographic space U+3000.
 */
char *
xuexin_text_strip_dup (const char *text)
{
  const char *start;
  const char *end;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  start = text;
  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

/*
 * Keeps the first @keep_head and last @keep_tail characters of @text and
 * replaces the others with '*'. Texts shorter than @min_length are fully
 * masked, so that short values never leak almost entirely into logs.
 */
char *
xuexin_text_mask (const char *text,
                  guint       keep_head,
                  guint       keep_tail,
                  guint       min_length)
{
  g_autofree char *valid = NULL;
  GString *masked;
  const char *p;
  glong length;
  glong i;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  length = g_utf8_strlen (valid, -1);
  masked = g_string_sized_new (strlen (valid));

  for (p = valid, i = 0; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      gboolean keep = length >= (glong) min_length
                      && length > (glong) (keep_head + keep_tail)
                      && (i < (glong) keep_head || i >= length - (glong) keep_tail);

      if (keep)
        g_string_append_unichar (masked, g_utf8_get_char (p));
      else
        g_string_append_c (masked, '*');
    }

  return g_string_free (masked, FALSE);
}
