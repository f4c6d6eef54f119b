/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-common"

#include "config.h"

#include <string.h>

#include "xuexin-common.h"

typedef struct {
  const char *name;
  const char *input;
  XuexinIdNumberResult expected;
  const char *normalized; /* for OK cases */
} IdCase;

/* Check digits of the valid numbers were worked out by hand with the
 * weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, and are verified again
 * below with the recursive form of ISO 7064 MOD 11-2. "Today" is
 * 2024-06-15 in every case. */
static const IdCase id_cases[] = {
  { "valid-well-known", "11010519491231002X", XUEXIN_ID_NUMBER_OK, "11010519491231002X" },
  { "valid-lower-case-x", "11010519491231002x", XUEXIN_ID_NUMBER_OK, "11010519491231002X" },
  { "valid-lower-case-x-2", "32058319950315441x", XUEXIN_ID_NUMBER_OK, "32058319950315441X" },
  { "valid-surrounding-spaces", "  11010519491231002x\t", XUEXIN_ID_NUMBER_OK, "11010519491231002X" },
  { "valid-ideographic-space", "\u3000110101199003071233\u3000", XUEXIN_ID_NUMBER_OK, "110101199003071233" },
  { "valid-check-digit-0", "440306198508127890", XUEXIN_ID_NUMBER_OK, "440306198508127890" },
  { "valid-shandong", "370202197510200045", XUEXIN_ID_NUMBER_OK, "370202197510200045" },
  { "valid-xinjiang", "650102198808081233", XUEXIN_ID_NUMBER_OK, "650102198808081233" },
  { "valid-region-83", "830101199001010014", XUEXIN_ID_NUMBER_OK, "830101199001010014" },
  { "valid-region-91", "910101199001010014", XUEXIN_ID_NUMBER_OK, "910101199001010014" },
  { "valid-region-82", "82000019990909009X", XUEXIN_ID_NUMBER_OK, "82000019990909009X" },
  { "valid-leap-day-2000", "110101200002290018", XUEXIN_ID_NUMBER_OK, "110101200002290018" },
  { "valid-leap-day-2004", "510104200402291232", XUEXIN_ID_NUMBER_OK, "510104200402291232" },
  { "valid-first-day-1900", "110101190001010030", XUEXIN_ID_NUMBER_OK, "110101190001010030" },
  { "valid-born-today", "110101202406150010", XUEXIN_ID_NUMBER_OK, "110101202406150010" },
  { "future-birth-tomorrow", "110101202406160016", XUEXIN_ID_NUMBER_FUTURE_BIRTH_DATE, NULL },
  { "leap-day-1900", "110101190002290011", XUEXIN_ID_NUMBER_BAD_BIRTH_DATE, NULL },
  { "leap-day-2001", "110101200102290015", XUEXIN_ID_NUMBER_BAD_BIRTH_DATE, NULL },
  /* Not a leap year, so the date is wrong before it is in the future. */
  { "leap-day-2100", "110101210002290017", XUEXIN_ID_NUMBER_BAD_BIRTH_DATE, NULL },
  { "april-31", "110101199004310013", XUEXIN_ID_NUMBER_BAD_BIRTH_DATE, NULL },
  { "month-13", "110101199013010012", XUEXIN_ID_NUMBER_BAD_BIRTH_DATE, NULL },
  { "month-00", "110101199000000018", XUEXIN_ID_NUMBER_BAD_BIRTH_DATE, NULL },
  { "day-32", "110101199001320013", XUEXIN_ID_NUMBER_BAD_BIRTH_DATE, NULL },
  { "born-1899", "11010118991231001X", XUEXIN_ID_NUMBER_BAD_BIRTH_DATE, NULL },
  /* The classic textbook example: right check digit, but born in 1880. */
  { "born-1880", "440524188001010014", XUEXIN_ID_NUMBER_BAD_BIRTH_DATE, NULL },
  { "region-00", "00010119900101001X", XUEXIN_ID_NUMBER_BAD_REGION, NULL },
  { "region-10", "100101199001010013", XUEXIN_ID_NUMBER_BAD_REGION, NULL },
  { "region-20", "200101199001010017", XUEXIN_ID_NUMBER_BAD_REGION, NULL },
  { "region-99", "990101199001010019", XUEXIN_ID_NUMBER_BAD_REGION, NULL },
  { "check-digit-1-not-x", "110105194912310021", XUEXIN_ID_NUMBER_BAD_CHECK_DIGIT, NULL },
  { "check-digit-4-not-3", "110101199003071234", XUEXIN_ID_NUMBER_BAD_CHECK_DIGIT, NULL },
  { "check-digit-x-not-0", "44030619850812789X", XUEXIN_ID_NUMBER_BAD_CHECK_DIGIT, NULL },
  { "length-15", "110105491231002", XUEXIN_ID_NUMBER_BAD_LENGTH, NULL },
  { "length-17", "11010519491231002", XUEXIN_ID_NUMBER_BAD_LENGTH, NULL },
  { "length-19", "11010519491231002X1", XUEXIN_ID_NUMBER_BAD_LENGTH, NULL },
  { "inner-space", "110105 19491231002X", XUEXIN_ID_NUMBER_BAD_LENGTH, NULL },
  { "letter-in-middle", "1101051949A231002X", XUEXIN_ID_NUMBER_BAD_CHARACTERS, NULL },
  { "letter-first", "X10105194912310021", XUEXIN_ID_NUMBER_BAD_CHARACTERS, NULL },
  { "last-y", "11010519491231002Y", XUEXIN_ID_NUMBER_BAD_CHARACTERS, NULL },
  { "full-width-digits", "１１０１０５１９４９１２３１００２Ｘ", XUEXIN_ID_NUMBER_BAD_CHARACTERS, NULL },
  { "invalid-utf8", "11010519491231002\xff", XUEXIN_ID_NUMBER_BAD_CHARACTERS, NULL },
  { "empty", "", XUEXIN_ID_NUMBER_EMPTY, NULL },
  { "white-space", " \t\u3000 ", XUEXIN_ID_NUMBER_EMPTY, NULL },
};

/* ISO 7064 MOD 11-2 in its recursive form, independent of the weight
 * table the library uses. */
static char
reference_check_digit (const char *first17)
{
  guint p = 0;
  guint c;
  guint i;

  for (i = 0; i < 17; i++)
    p = ((p + (guint) (first17[i] - '0')) * 2) % 11;
  c = (12 - p) % 11;

  return c == 10 ? 'X' : (char) ('0' + c);
}

static GDateTime *
fixed_today (void)
{
  return g_date_time_new_utc (2024, 6, 15, 12, 0, 0);
}

static void
test_validate_case (gconstpointer data)
{
  const IdCase *id_case = data;
  g_autoptr(GDateTime) today = fixed_today ();
  g_autofree char *normalized = NULL;
  XuexinIdNumberResult result;

  result = xuexin_id_number_validate (id_case->input, today, &normalized);
  g_assert_cmpint (result, ==, id_case->expected);

  if (id_case->expected == XUEXIN_ID_NUMBER_OK)
    {
      g_assert_cmpstr (normalized, ==, id_case->normalized);
      g_assert_cmpint (reference_check_digit (normalized), ==, normalized[17]);
      g_assert_null (xuexin_id_number_result_to_message (result));
    }
  else
    {
      g_assert_null (normalized);
      g_assert_nonnull (xuexin_id_number_result_to_message (result));
    }
}

static void
test_validate_null (void)
{
  g_autofree char *normalized = NULL;

  g_assert_cmpint (xuexin_id_number_validate (NULL, NULL, &normalized), ==,
                   XUEXIN_ID_NUMBER_EMPTY);
  g_assert_null (normalized);
}

static void
test_validate_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
  char future[19];
  char check;

  /* With no injected date the check runs against the real today. */
  g_assert_cmpint (xuexin_id_number_validate ("11010519491231002X", NULL, NULL), ==,
                   XUEXIN_ID_NUMBER_OK);

  g_snprintf (future, sizeof future, "110101%04d0101001", g_date_time_get_year (next_year));
  check = reference_check_digit (future);
  future[17] = check;
  future[18] = '\0';
  g_assert_cmpint (xuexin_id_number_validate (future, NULL, NULL), ==,
                   XUEXIN_ID_NUMBER_FUTURE_BIRTH_DATE);
}

static void
test_check_digit (void)
{
  guint i;

  g_assert_cmpint (xuexin_id_number_compute_check_digit ("11010519491231002"), ==, 'X');
  g_assert_cmpint (xuexin_id_number_compute_check_digit ("44052418800101001"), ==, '4');
  g_assert_cmpint (xuexin_id_number_compute_check_digit ("44030619850812789"), ==, '0');
  /* Characters after the 17th do not matter. */
  g_assert_cmpint (xuexin_id_number_compute_check_digit ("11010519491231002Y"), ==, 'X');
  g_assert_cmpint (xuexin_id_number_compute_check_digit ("1101051949123100"), ==, 0);
  g_assert_cmpint (xuexin_id_number_compute_check_digit ("1101051949123100A"), ==, 0);
  g_assert_cmpint (xuexin_id_number_compute_check_digit (""), ==, 0);

  /* Both forms of the algorithm agree on many numbers. */
  for (i = 0; i < 2000; i++)
    {
      char first17[18];
      guint j;

      for (j = 0; j < 17; j++)
        first17[j] = (char) ('0' + g_test_rand_int_range (0, 10));
      first17[17] = '\0';

      g_assert_cmpint (xuexin_id_number_compute_check_digit (first17), ==,
                       reference_check_digit (first17));
    }
}

static void
test_messages (void)
{
  XuexinIdNumberResult result;

  g_assert_null (xuexin_id_number_result_to_message (XUEXIN_ID_NUMBER_OK));
  for (result = XUEXIN_ID_NUMBER_EMPTY; result <= XUEXIN_ID_NUMBER_BAD_CHECK_DIGIT; result++)
    {
      const char *message = xuexin_id_number_result_to_message (result);

      g_assert_nonnull (message);
      g_assert_cmpuint (strlen (message), >, 20);
    }

  g_assert_cmpstr (xuexin_id_number_result_to_message (XUEXIN_ID_NUMBER_BAD_CHECK_DIGIT), ==,
                   "The check digit (last character) does not match. "
                   "Check the number on your ID card.");
}

static void
test_mask (void)
{
  static const struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "11010519491231002X", "110***********002X" },
    { "110105491231002", "110********1002" },
    { "12345678", "123*5678" },
    { "1234567", "*******" },
    { "12", "**" },
    { "", "" },
    { "张三李四王五赵六", "张三李*王五赵六" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = xuexin_id_number_mask (cases[i].input);

      g_assert_cmpstr (masked, ==, cases[i].expected);
    }
}

static void
test_birth_date (void)
{
  GDate date;

  g_assert_true (xuexin_id_number_get_birth_date ("11010519491231002X", &date));
  g_assert_cmpint (g_date_get_year (&date), ==, 1949);
  g_assert_cmpint (g_date_get_month (&date), ==, 12);
  g_assert_cmpint (g_date_get_day (&date), ==, 31);

  g_assert_true (xuexin_id_number_get_birth_date ("110101200002290018", &date));
  g_assert_cmpint (g_date_get_year (&date), ==, 2000);
  g_assert_cmpint (g_date_get_month (&date), ==, 2);
  g_assert_cmpint (g_date_get_day (&date), ==, 29);

  g_assert_false (xuexin_id_number_get_birth_date ("110101199013010012", &date));
  g_assert_false (xuexin_id_number_get_birth_date ("110101200102290015", &date));
  g_assert_false (xuexin_id_number_get_birth_date ("11010519491231002", &date));
  g_assert_false (xuexin_id_number_get_birth_date ("", &date));
}

int
main (int   argc,
      char *argv[])
{
  guint i;

  g_test_init (&argc, &argv, NULL);

  for (i = 0; i < G_N_ELEMENTS (id_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/common/id-number/validate/%s", id_cases[i].name);

      g_test_add_data_func (path, &id_cases[i], test_validate_case);
    }
  g_test_add_func ("/common/id-number/validate/null", test_validate_null);
  g_test_add_func ("/common/id-number/validate/now", test_validate_now);
  g_test_add_func ("/common/id-number/check-digit", test_check_digit);
  g_test_add_func ("/common/id-number/messages", test_messages);
  g_test_add_func ("/common/id-number/mask", test_mask);
  g_test_add_func ("/common/id-number/birth-date", test_birth_date);

  return g_test_run ();
}
