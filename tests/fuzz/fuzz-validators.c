/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-fuzz"

/* src/common's validators on any text: no crash, no leak, and what a
 * validator normalizes it accepts again unchanged. The first byte picks
 * the year range, so that the range checks see odd bounds too. */

#include "config.h"

#include "fuzz-common.h"
#include "xuexin-common.h"

static GDateTime *today;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_logging ();
  today = g_date_time_new_utc (2025, 3, 1, 8, 0, 0);
  return 0;
}

static void
check_id_number (const char *text)
{
  g_autofree char *normalized = NULL;
  g_autofree char *again = NULL;
  g_autofree char *masked = NULL;
  XuexinIdNumberResult result = xuexin_id_number_validate (text, today, &normalized);
  GDate birth;

  /* A sentence for every refusal, none for success. */
  g_assert_true ((xuexin_id_number_result_to_message (result) == NULL) == (result == XUEXIN_ID_NUMBER_OK));
  masked = xuexin_id_number_mask (text);
  if (result != XUEXIN_ID_NUMBER_OK)
    {
      g_assert_null (normalized);
      return;
    }

  g_assert_cmpuint (strlen (normalized), ==, 18);
  g_assert_cmpint (xuexin_id_number_validate (normalized, today, &again), ==, XUEXIN_ID_NUMBER_OK);
  g_assert_cmpstr (again, ==, normalized);
  g_assert_cmpint (xuexin_id_number_compute_check_digit (normalized), ==, normalized[17]);
  g_assert_true (xuexin_id_number_get_birth_date (normalized, &birth));
  g_assert_true (g_date_valid (&birth));
}

static void
check_phone (const char *text)
{
  g_autofree char *normalized = NULL;
  g_autofree char *again = NULL;
  g_autofree char *masked = xuexin_phone_mask (text);
  XuexinPhoneResult result = xuexin_phone_validate (text, &normalized);

  /* A sentence for every refusal, none for success. */
  g_assert_true ((xuexin_phone_result_to_message (result) == NULL) == (result == XUEXIN_PHONE_OK));
  if (result != XUEXIN_PHONE_OK)
    {
      g_assert_null (normalized);
      return;
    }
  g_assert_cmpint (xuexin_phone_validate (normalized, &again), ==, XUEXIN_PHONE_OK);
  g_assert_cmpstr (again, ==, normalized);
  g_free (masked);
  masked = xuexin_phone_mask (normalized);
  g_assert_nonnull (masked);
}

static void
check_name (const char *text)
{
  g_autofree char *normalized = NULL;
  g_autofree char *again = NULL;
  XuexinNameResult result = xuexin_name_validate (text, &normalized);

  /* A sentence for every refusal, none for success. */
  g_assert_true ((xuexin_name_result_to_message (result) == NULL) == (result == XUEXIN_NAME_OK));
  if (result != XUEXIN_NAME_OK)
    {
      g_assert_null (normalized);
      return;
    }
  g_assert_cmpint (xuexin_name_validate (normalized, &again), ==, XUEXIN_NAME_OK);
  g_assert_cmpstr (again, ==, normalized);
}

static void
check_email (const char *text)
{
  g_autofree char *normalized = NULL;
  g_autofree char *again = NULL;
  XuexinEmailResult result = xuexin_email_validate (text, &normalized);

  /* A sentence for every refusal, none for success. */
  g_assert_true ((xuexin_email_result_to_message (result) == NULL) == (result == XUEXIN_EMAIL_OK));
  if (result != XUEXIN_EMAIL_OK)
    {
      g_assert_null (normalized);
      return;
    }
  g_assert_cmpuint (strlen (normalized), <=, XUEXIN_EMAIL_MAX_LENGTH);
  g_assert_cmpint (xuexin_email_validate (normalized, &again), ==, XUEXIN_EMAIL_OK);
  g_assert_cmpstr (again, ==, normalized);
}

static void
check_password (const char *text)
{
  XuexinPasswordResult result = xuexin_password_validate (text);
  int strength = xuexin_password_strength (text);

  /* A sentence for every refusal, none for success. */
  g_assert_true ((xuexin_password_result_to_message (result) == NULL) == (result == XUEXIN_PASSWORD_OK));
  g_assert_nonnull (xuexin_password_strength_to_label (strength));
  (void) xuexin_password_is_weak (text);
}

static void
check_year (const char *text,
            guint8      range)
{
  static const XuexinYearKind kinds[] = { XUEXIN_YEAR_KIND_ENROLLMENT, XUEXIN_YEAR_KIND_GRADUATION };
  int min_year;
  int max_year;
  int year = -1;
  XuexinYearResult result;
  g_autofree char *message = NULL;

  xuexin_year_plausible_range (kinds[range & 1], today, &min_year, &max_year);
  /* Odd bounds too: empty, inverted and extreme ranges. */
  if ((range & 2) != 0)
    {
      min_year = (int) (range >> 2) * 100 - 1000;
      max_year = min_year + (int) (range & 0x3c) - 30;
    }

  result = xuexin_year_validate (text, min_year, max_year, &year);
  message = xuexin_year_result_to_message (result, min_year, max_year);
  if (result == XUEXIN_YEAR_OK)
    g_assert_true (year >= min_year && year <= max_year);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  guint8 range = 0;

  if (size > 0)
    {
      range = data[0];
      data++;
      size--;
    }
  text = fuzz_strndup (data, size);

  check_id_number (text);
  check_phone (text);
  check_name (text);
  check_email (text);
  check_password (text);
  check_year (text, range);
  {
    XuexinSmsCodeResult result = xuexin_sms_code_validate (text);

    g_assert_true ((xuexin_sms_code_result_to_message (result) == NULL) == (result == XUEXIN_SMS_CODE_OK));
  }

  return 0;
}
