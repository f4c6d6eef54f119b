/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-common"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "xuexin-id-number.h"
#include "xuexin-text-private.h"

#define ID_NUMBER_LENGTH 18

/* GB 11643-1999: weight of position i is 2^(17 - i) mod 11. */
static const guint check_weights[ID_NUMBER_LENGTH - 1] = {
  7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2,
};
static const char check_characters[] = "10X98765432";

static gboolean
is_known_region (guint code)
{
  /* Province-level codes of GB/T 2260, plus 83 for residence permits of
   * Taiwan residents, which use the same number format. */
  return (code >= 11 && code <= 15)
         || (code >= 21 && code <= 23)
         || (code >= 31 && code <= 37)
         || (code >= 41 && code <= 46)
         || (code >= 50 && code <= 54)
         || (code >= 61 && code <= 65)
         || code == 71
         || code == 81
         || code == 82
         || code == 83
         || code == 91;
}

static guint
parse_digits (const char *digits,
              guint       count)
{
  guint value = 0;
  guint i;

  for (i = 0; i < count; i++)
    value = value * 10 + (guint) (digits[i] - '0');

  return value;
}

/* Expects 18 characters whose first 17 are ASCII digits. */
static gboolean
parse_birth_date (const char *id,
                  GDate      *out)
{
  guint year = parse_digits (id + 6, 4);
  guint month = parse_digits (id + 10, 2);
  guint day = parse_digits (id + 12, 2);

  /* Nobody born before 1900 still registers, and GDate accepts year 1 on. */
  if (year < 1900
      || month < 1 || month > 12
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static gboolean
has_id_number_characters (const char *id)
{
  guint i;

  for (i = 0; i < ID_NUMBER_LENGTH - 1; i++)
    {
      if (!g_ascii_isdigit (id[i]))
        return FALSE;
    }

  return g_ascii_isdigit (id[ID_NUMBER_LENGTH - 1])
         || id[ID_NUMBER_LENGTH - 1] == 'X'
         || id[ID_NUMBER_LENGTH - 1] == 'x';
}

/**
 * xuexin_id_number_compute_check_digit:
 * @first17: the first 17 characters of an ID number, all ASCII digits
 *
 * Computes the ISO 7064 MOD 11-2 check character of GB 11643-1999.
 * Characters after the 17th are ignored.
 *
 * Returns: '0' to '9' or 'X', or 0 when @first17 does not start with
 *   17 digits
 */
char
xuexin_id_number_compute_check_digit (const char *first17)
{
  guint sum = 0;
  guint i;

  g_return_val_if_fail (first17 != NULL, 0);

  for (i = 0; i < ID_NUMBER_LENGTH - 1; i++)
    {
      /* Stops at the terminating NUL of a short string as well. */
      if (!g_ascii_isdigit (first17[i]))
        return 0;
      sum += (guint) (first17[i] - '0') * check_weights[i];
    }

  return check_characters[sum % 11];
}

/**
 * xuexin_id_number_validate:
 * @text: (nullable): the number as entered
 * @today: (nullable): the date to compare the birth date with, in its
 *   own time zone; %NULL means now, local time
 * @normalized: (out) (optional): the number without surrounding white
 *   space and with an upper-case X; set only on success
 *
 * Checks an 18-character resident identity card number: length,
 * characters, region, birth date and check digit. %NULL and white
 * space only count as empty.
 *
 * Returns: the first check that failed, or %XUEXIN_ID_NUMBER_OK
 */
XuexinIdNumberResult
xuexin_id_number_validate (const char  *text,
                           GDateTime   *today,
                           char       **normalized)
{
  g_autofree char *id = xuexin_text_strip_dup (text);
  g_autoptr(GDateTime) now = NULL;
  GDate birth;
  GDate today_date;
  gint year, month, day;

  if (text == NULL)
    return XUEXIN_ID_NUMBER_EMPTY;
  if (id == NULL)
    return XUEXIN_ID_NUMBER_BAD_CHARACTERS;
  if (*id == '\0')
    return XUEXIN_ID_NUMBER_EMPTY;
  if (g_utf8_strlen (id, -1) != ID_NUMBER_LENGTH)
    return XUEXIN_ID_NUMBER_BAD_LENGTH;
  /* 18 characters that are all ASCII take exactly 18 bytes. */
  if (strlen (id) != ID_NUMBER_LENGTH || !has_id_number_characters (id))
    return XUEXIN_ID_NUMBER_BAD_CHARACTERS;
  if (!is_known_region (parse_digits (id, 2)))
    return XUEXIN_ID_NUMBER_BAD_REGION;

  g_date_clear (&birth, 1);
  if (!parse_birth_date (id, &birth))
    return XUEXIN_ID_NUMBER_BAD_BIRTH_DATE;

  if (today == NULL)
    today = now = g_date_time_new_now_local ();
  g_date_time_get_ymd (today, &year, &month, &day);
  g_date_clear (&today_date, 1);
  g_date_set_dmy (&today_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  if (g_date_compare (&birth, &today_date) > 0)
    return XUEXIN_ID_NUMBER_FUTURE_BIRTH_DATE;

  id[ID_NUMBER_LENGTH - 1] = g_ascii_toupper (id[ID_NUMBER_LENGTH - 1]);
  if (xuexin_id_number_compute_check_digit (id) != id[ID_NUMBER_LENGTH - 1])
    return XUEXIN_ID_NUMBER_BAD_CHECK_DIGIT;

  if (normalized != NULL)
    *normalized = g_steal_pointer (&id);

  return XUEXIN_ID_NUMBER_OK;
}

/**
 * xuexin_id_number_result_to_message:
 * @result: a result of xuexin_id_number_validate()
 *
 * Returns: (nullable): a translated sentence that names the wrong part
 *   and says what to do, or %NULL for %XUEXIN_ID_NUMBER_OK
 */
const char *
xuexin_id_number_result_to_message (XuexinIdNumberResult result)
{
  switch (result)
    {
    case XUEXIN_ID_NUMBER_OK:
      return NULL;
    case XUEXIN_ID_NUMBER_EMPTY:
      return _("Enter the 18-character number on your ID card.");
    case XUEXIN_ID_NUMBER_BAD_LENGTH:
      return _("An ID card number has exactly 18 characters. Check that none is missing or "
               "extra; old 15-digit numbers are not accepted.");
    case XUEXIN_ID_NUMBER_BAD_CHARACTERS:
      return _("The first 17 characters must be digits and the last one a digit or the letter X. "
               "Check the number on your ID card.");
    case XUEXIN_ID_NUMBER_BAD_REGION:
      return _("The first two digits are not a known region code. "
               "Check the number on your ID card.");
    case XUEXIN_ID_NUMBER_BAD_BIRTH_DATE:
      return _("Digits 7 to 14 are not a valid date of birth. "
               "Check the number on your ID card.");
    case XUEXIN_ID_NUMBER_FUTURE_BIRTH_DATE:
      return _("The date of birth in digits 7 to 14 lies in the future. "
               "Check the number on your ID card.");
    case XUEXIN_ID_NUMBER_BAD_CHECK_DIGIT:
      return _("The check digit (last character) does not match. "
               "Check the number on your ID card.");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * xuexin_id_number_mask:
 * @id: an ID number, valid or not
 *
 * Hides all but the first 3 and last 4 characters, for logs and display,
 * e.g. "110***********002X". Texts shorter than 8 characters are masked
 * completely.
 *
 * Returns: (transfer full): the masked text
 */
char *
xuexin_id_number_mask (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  return xuexin_text_mask (id, 3, 4, 8);
}

/**
 * xuexin_id_number_get_birth_date:
 * @valid_id: an ID number that passed xuexin_id_number_validate()
 * @out: (out caller-allocates): the date of birth
 *
 * Returns: %TRUE and sets @out when @valid_id has 18 characters and
 *   digits 7 to 14 form a real date
 */
gboolean
xuexin_id_number_get_birth_date (const char *valid_id,
                                 GDate      *out)
{
  g_autofree char *id = xuexin_text_strip_dup (valid_id);

  g_return_val_if_fail (valid_id != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (id == NULL || strlen (id) != ID_NUMBER_LENGTH || !has_id_number_characters (id))
    return FALSE;

  g_date_clear (out, 1);
  return parse_birth_date (id, out);
}
