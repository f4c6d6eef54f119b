/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-common"

#include "config.h"

#include <string.h>

#include "xuexin-json-text.h"

/* The four hex digits after data[*i] (which is the 'u'), leaving *i on
 * the last one; G_MAXUINT32 when they are not there. */
static gunichar
read_hex4 (const char *data,
           gsize       size,
           gsize      *i)
{
  gunichar value = 0;

  for (guint k = 0; k < 4; k++)
    {
      if (++*i >= size || !g_ascii_isxdigit (data[*i]))
        return G_MAXUINT32;
      value = value * 16 + g_ascii_xdigit_value (data[*i]);
    }

  return value;
}

gboolean
xuexin_json_text_is_one_value (const char *data,
                               gssize      length)
{
  gsize size = length < 0 ? strlen (data) : (gsize) length;
  gsize depth = 0;
  guint values = 0;
  gboolean in_string = FALSE;
  gboolean in_scalar = FALSE;  /* a number, true, false or null at depth 0 */

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      /* json-glib's scanner must see the same strings as this loop, or a
       * trailing value could hide in what one of them takes for a string:
       * so only JSON's escapes pass ("\u0d\"" was json-glib's string). */
      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\')
            {
              if (++i >= size || strchr ("\"\\/bfnrtu", data[i]) == NULL || data[i] == '\0')
                return FALSE;
              if (data[i] == 'u')
                {
                  gunichar unit = read_hex4 (data, size, &i);

                  if (unit == G_MAXUINT32)
                    return FALSE;
                  /* json-glib 1.6 leaks its string when a surrogate is
                   * followed by an escape that does not complete the
                   * pair ("\ud800\u0041", "\udc00\udc00"; found by
                   * tests/fuzz). A lone one it reads, and the callers
                   * refuse it as not UTF-8. */
                  if (unit >= 0xd800 && unit <= 0xdfff
                      && i + 2 < size && data[i + 1] == '\\' && data[i + 2] == 'u')
                    {
                      gunichar low;

                      i += 2;
                      low = read_hex4 (data, size, &i);
                      if (unit > 0xdbff || low < 0xdc00 || low > 0xdfff)
                        return FALSE;
                    }
                }
            }
          continue;
        }

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          if (depth == 0)
            in_scalar = FALSE;
          continue;
        }

      /* At depth 0 a string, object or array always starts a value, and
       * anything else does unless it continues a scalar. */
      if (depth == 0 && (!in_scalar || c == '"' || c == '{' || c == '['))
        {
          if (++values > 1)
            return FALSE;
          in_scalar = FALSE;
        }

      switch (c)
        {
        /* Not JSON, but json-glib reads single-quoted strings and
         * comments, which could hide a trailing value from this loop,
         * and leaks on some escapes outside a string. */
        case '\\':
        case '\'':
        case '/':
        case '#':
          return FALSE;
        case '"':
          in_string = TRUE;
          break;
        case '{':
        case '[':
          depth++;
          break;
        case '}':
        case ']':
          if (depth == 0)
            return FALSE;
          depth--;
          break;
        default:
          if (depth == 0)
            in_scalar = TRUE;
          break;
        }
    }

  return TRUE;
}
