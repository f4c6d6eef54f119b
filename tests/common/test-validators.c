/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-common"

#include "config.h"

#include <string.h>

#include "xuexin-common.h"

/* Test inputs include invalid UTF-8, which must not reach the TAP output. */
static void
log_case (const char *what,
          guint       i,
          const char *input)
{
  g_autofree char *printable = input != NULL ? g_utf8_make_valid (input, -1) : NULL;

  g_test_message ("%s %u: %s", what, i, printable != NULL ? printable : "(null)");
}

/* Phone numbers */

static void
test_phone_validate (void)
{
  static const struct {
    const char *input;
    XuexinPhoneResult expected;
    const char *normalized;
  } cases[] = {
    { "13812345678", XUEXIN_PHONE_OK, "13812345678" },
    { "14712345678", XUEXIN_PHONE_OK, "14712345678" },
    { "19912345678", XUEXIN_PHONE_OK, "19912345678" },
    { " 13812345678 ", XUEXIN_PHONE_OK, "13812345678" },
    { "138 1234 5678", XUEXIN_PHONE_OK, "13812345678" },
    { "138-1234-5678", XUEXIN_PHONE_OK, "13812345678" },
    { "+8613812345678", XUEXIN_PHONE_OK, "13812345678" },
    { "+86 138 1234 5678", XUEXIN_PHONE_OK, "13812345678" },
    { "86 13812345678", XUEXIN_PHONE_OK, "13812345678" },
    { "86-138-1234-5678", XUEXIN_PHONE_OK, "13812345678" },
    { "1381234567", XUEXIN_PHONE_BAD_LENGTH, NULL },
    { "138123456789", XUEXIN_PHONE_BAD_LENGTH, NULL },
    { "+86 1381234567", XUEXIN_PHONE_BAD_LENGTH, NULL },
    /* "86" without a separator is not taken for a country code. */
    { "8613812345678", XUEXIN_PHONE_BAD_LENGTH, NULL },
    { "---", XUEXIN_PHONE_BAD_LENGTH, NULL },
    { "12812345678", XUEXIN_PHONE_BAD_PREFIX, NULL },
    { "10012345678", XUEXIN_PHONE_BAD_PREFIX, NULL },
    { "23812345678", XUEXIN_PHONE_BAD_PREFIX, NULL },
    { "+1 415 555 0100", XUEXIN_PHONE_BAD_PREFIX, NULL },
    { "1381234567a", XUEXIN_PHONE_BAD_CHARACTERS, NULL },
    { "abcdefghijk", XUEXIN_PHONE_BAD_CHARACTERS, NULL },
    { "(138)12345678", XUEXIN_PHONE_BAD_CHARACTERS, NULL },
    { "１３８１２３４５６７８", XUEXIN_PHONE_BAD_CHARACTERS, NULL },
    { "1381234\xff" "5678", XUEXIN_PHONE_BAD_CHARACTERS, NULL },
    { "", XUEXIN_PHONE_EMPTY, NULL },
    { "  \u3000", XUEXIN_PHONE_EMPTY, NULL },
    { NULL, XUEXIN_PHONE_EMPTY, NULL },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = NULL;
      XuexinPhoneResult result = xuexin_phone_validate (cases[i].input, &normalized);

      log_case ("phone", i, cases[i].input);
      g_assert_cmpint (result, ==, cases[i].expected);
      g_assert_cmpstr (normalized, ==, cases[i].normalized);
      if (result == XUEXIN_PHONE_OK)
        g_assert_null (xuexin_phone_result_to_message (result));
      else
        g_assert_nonnull (xuexin_phone_result_to_message (result));
    }
}

static void
test_phone_mask (void)
{
  g_autofree char *plain = xuexin_phone_mask ("13812345678");
  g_autofree char *formatted = xuexin_phone_mask ("+86 138 1234 5678");
  g_autofree char *invalid = xuexin_phone_mask ("1381234567");
  g_autofree char *tiny = xuexin_phone_mask ("123");

  g_assert_cmpstr (plain, ==, "138****5678");
  g_assert_cmpstr (formatted, ==, "138****5678");
  g_assert_cmpstr (invalid, ==, "138***4567");
  g_assert_cmpstr (tiny, ==, "***");
}

/* SMS codes */

static void
test_sms_code (void)
{
  static const struct {
    const char *input;
    XuexinSmsCodeResult expected;
  } cases[] = {
    { "123456", XUEXIN_SMS_CODE_OK },
    { "000000", XUEXIN_SMS_CODE_OK },
    { " 654321\n", XUEXIN_SMS_CODE_OK },
    { "12345", XUEXIN_SMS_CODE_BAD_FORMAT },
    { "1234567", XUEXIN_SMS_CODE_BAD_FORMAT },
    { "12345a", XUEXIN_SMS_CODE_BAD_FORMAT },
    { "123 456", XUEXIN_SMS_CODE_BAD_FORMAT },
    { "１２３４５６", XUEXIN_SMS_CODE_BAD_FORMAT },
    { "", XUEXIN_SMS_CODE_EMPTY },
    { "   ", XUEXIN_SMS_CODE_EMPTY },
    { NULL, XUEXIN_SMS_CODE_EMPTY },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      log_case ("sms code", i, cases[i].input);
      g_assert_cmpint (xuexin_sms_code_validate (cases[i].input), ==, cases[i].expected);
    }

  g_assert_null (xuexin_sms_code_result_to_message (XUEXIN_SMS_CODE_OK));
  g_assert_nonnull (xuexin_sms_code_result_to_message (XUEXIN_SMS_CODE_EMPTY));
  g_assert_nonnull (xuexin_sms_code_result_to_message (XUEXIN_SMS_CODE_BAD_FORMAT));
}

/* Passwords */

static void
test_password_validate (void)
{
  static const struct {
    const char *input;
    XuexinPasswordResult expected;
  } cases[] = {
    { "abc12", XUEXIN_PASSWORD_TOO_SHORT },
    { "a1b2c3", XUEXIN_PASSWORD_OK },
    { "Abcdefghij1234567890!@#$%^&*()", XUEXIN_PASSWORD_OK },
    { "Abcdefghij1234567890!@#$%^&*()x", XUEXIN_PASSWORD_TOO_LONG },
    { "~`!@#$%^&*()-_=+[]{}\\|;:'\",.<>/?", XUEXIN_PASSWORD_TOO_LONG },
    { "p4ss!w0rd", XUEXIN_PASSWORD_OK },
    { "密码密码密码", XUEXIN_PASSWORD_BAD_CHARACTERS },
    { "密码", XUEXIN_PASSWORD_BAD_CHARACTERS },
    { "abc123密码", XUEXIN_PASSWORD_BAD_CHARACTERS },
    { "abc 123456", XUEXIN_PASSWORD_BAD_CHARACTERS },
    { " abc123456", XUEXIN_PASSWORD_BAD_CHARACTERS },
    { "abc123456\t", XUEXIN_PASSWORD_BAD_CHARACTERS },
    { "ａｂｃ１２３", XUEXIN_PASSWORD_BAD_CHARACTERS },
    { "abc123\xff", XUEXIN_PASSWORD_BAD_CHARACTERS },
    { "", XUEXIN_PASSWORD_EMPTY },
    { NULL, XUEXIN_PASSWORD_EMPTY },
  };
  guint i;

  /* Make sure the length cases are what their names say. */
  g_assert_cmpuint (strlen (cases[2].input), ==, 30);
  g_assert_cmpuint (strlen (cases[3].input), ==, 31);

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      XuexinPasswordResult result = xuexin_password_validate (cases[i].input);

      log_case ("password", i, cases[i].input);
      g_assert_cmpint (result, ==, cases[i].expected);
      if (result == XUEXIN_PASSWORD_OK)
        g_assert_null (xuexin_password_result_to_message (result));
      else
        g_assert_nonnull (xuexin_password_result_to_message (result));
    }
}

static void
test_password_lengths (void)
{
  static const struct {
    guint length;
    XuexinPasswordResult expected;
  } cases[] = {
    { 5, XUEXIN_PASSWORD_TOO_SHORT },
    { 6, XUEXIN_PASSWORD_OK },
    { 30, XUEXIN_PASSWORD_OK },
    { 31, XUEXIN_PASSWORD_TOO_LONG },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) password = g_string_new (NULL);
      guint j;

      for (j = 0; j < cases[i].length; j++)
        g_string_append_c (password, "aB3$"[j % 4]);

      g_assert_cmpint (xuexin_password_validate (password->str), ==, cases[i].expected);
    }
}

static void
test_password_strength (void)
{
  static const struct {
    const char *input;
    int expected;
  } cases[] = {
    { "", 0 },
    { "abc12", 0 },
    { "abc 123456", 0 },
    { "123456", 1 },
    { "111111", 1 },
    { "aaaaaaaaaaaa", 1 },
    { "abcdef", 1 },
    { "FEDCBA", 1 },
    { "654321", 1 },
    /* Long or mixed-case sequences would otherwise rate good. */
    { "abcdefghijklmnop", 1 },
    { "ZYXWVUTSrqponm", 1 },
    { "7890123", 1 },
    { "13812345678", 1 },
    { "11010519491231002X", 1 },
    { "Password", 1 },
    { "qwerty", 1 },
    { "abc123", 1 },
    { "zhangs", 1 },
    { "zhang3", 2 },
    { "zhangsan8", 2 },
    { "Zhangsan8", 3 },
    { "Ab1!Ab1!", 2 },
    { "zhangsanlisi", 2 },
    { "zhangsanlisi2024", 4 },
    { "correcthorsebatterystaple", 3 },
    { "Zh@ngsan2024!", 4 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      log_case ("strength", i, cases[i].input);
      g_assert_cmpint (xuexin_password_strength (cases[i].input), ==, cases[i].expected);
      g_assert_cmpint (xuexin_password_is_weak (cases[i].input), ==, cases[i].expected < 2);
    }

  g_assert_cmpint (xuexin_password_strength (NULL), ==, 0);
  g_assert_true (xuexin_password_is_weak (NULL));

  /* Ordering as a user would expect it. */
  g_assert_cmpint (xuexin_password_strength ("123456"), <, xuexin_password_strength ("zhang3"));
  g_assert_cmpint (xuexin_password_strength ("zhang3"), <, xuexin_password_strength ("Zhangsan8"));
  g_assert_cmpint (xuexin_password_strength ("Zhangsan8"), <,
                   xuexin_password_strength ("Zh@ngsan2024!"));
}

static void
test_password_strength_labels (void)
{
  int strength;
  int other;

  for (strength = 0; strength <= 4; strength++)
    {
      const char *label = xuexin_password_strength_to_label (strength);

      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, "");
      for (other = 0; other < strength; other++)
        g_assert_cmpstr (label, !=, xuexin_password_strength_to_label (other));
    }

  g_assert_cmpstr (xuexin_password_strength_to_label (1), ==, "Weak");
  g_assert_cmpstr (xuexin_password_strength_to_label (4), ==, "Strong");
  g_assert_null (xuexin_password_strength_to_label (-1));
  g_assert_null (xuexin_password_strength_to_label (5));
}

/* Names */

static void
test_name_validate (void)
{
  static const struct {
    const char *input;
    XuexinNameResult expected;
    const char *normalized;
  } cases[] = {
    { "张三", XUEXIN_NAME_OK, "张三" },
    { "  诸葛亮 ", XUEXIN_NAME_OK, "诸葛亮" },
    { "李〇", XUEXIN_NAME_OK, "李〇" },
    { "阿卜杜拉·买买提", XUEXIN_NAME_OK, "阿卜杜拉·买买提" },
    { "阿卜杜拉•买买提", XUEXIN_NAME_OK, "阿卜杜拉·买买提" },
    { "阿卜杜拉・买买提", XUEXIN_NAME_OK, "阿卜杜拉·买买提" },
    { "阿卜杜拉．买买提", XUEXIN_NAME_OK, "阿卜杜拉·买买提" },
    { "John Smith", XUEXIN_NAME_OK, "John Smith" },
    { "José García", XUEXIN_NAME_OK, "José García" },
    /* A decomposed accent is composed. */
    { "Jose\xcc\x81 Garci\xcc\x81" "a", XUEXIN_NAME_OK, "José García" },
    { "ＪＯＨＮ", XUEXIN_NAME_OK, "JOHN" },
    { "Mary Ann·王", XUEXIN_NAME_OK, "Mary Ann·王" },
    { "张", XUEXIN_NAME_TOO_SHORT, NULL },
    { "J", XUEXIN_NAME_TOO_SHORT, NULL },
    { "·阿卜杜拉", XUEXIN_NAME_BAD_SEPARATOR, NULL },
    { "阿卜杜拉·", XUEXIN_NAME_BAD_SEPARATOR, NULL },
    { "阿卜杜拉··买买提", XUEXIN_NAME_BAD_SEPARATOR, NULL },
    { "阿卜杜拉·•买买提", XUEXIN_NAME_BAD_SEPARATOR, NULL },
    { "·", XUEXIN_NAME_BAD_SEPARATOR, NULL },
    { "John  Smith", XUEXIN_NAME_BAD_SEPARATOR, NULL },
    { "John · Smith", XUEXIN_NAME_BAD_SEPARATOR, NULL },
    { "张 三", XUEXIN_NAME_BAD_SEPARATOR, NULL },
    { "John 王", XUEXIN_NAME_BAD_SEPARATOR, NULL },
    { "张三3", XUEXIN_NAME_BAD_CHARACTERS, NULL },
    { "张3", XUEXIN_NAME_BAD_CHARACTERS, NULL },
    { "张三!", XUEXIN_NAME_BAD_CHARACTERS, NULL },
    { "O'Brien", XUEXIN_NAME_BAD_CHARACTERS, NULL },
    { "김철수", XUEXIN_NAME_BAD_CHARACTERS, NULL },
    { "\xcc\x81" "abc", XUEXIN_NAME_BAD_CHARACTERS, NULL },
    { "张\xff", XUEXIN_NAME_BAD_CHARACTERS, NULL },
    { "", XUEXIN_NAME_EMPTY, NULL },
    { " \u3000 ", XUEXIN_NAME_EMPTY, NULL },
    { NULL, XUEXIN_NAME_EMPTY, NULL },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = NULL;
      XuexinNameResult result = xuexin_name_validate (cases[i].input, &normalized);

      log_case ("name", i, cases[i].input);
      g_assert_cmpint (result, ==, cases[i].expected);
      g_assert_cmpstr (normalized, ==, cases[i].normalized);
      if (result == XUEXIN_NAME_OK)
        g_assert_null (xuexin_name_result_to_message (result));
      else
        g_assert_nonnull (xuexin_name_result_to_message (result));
    }
}

static void
test_name_length (void)
{
  g_autoptr(GString) name = g_string_new (NULL);
  guint i;

  for (i = 0; i < 50; i++)
    g_string_append (name, "张");
  g_assert_cmpint (xuexin_name_validate (name->str, NULL), ==, XUEXIN_NAME_OK);

  g_string_append (name, "张");
  g_assert_cmpint (xuexin_name_validate (name->str, NULL), ==, XUEXIN_NAME_TOO_LONG);
}

/* Email addresses */

static void
test_email_validate (void)
{
  static const struct {
    const char *input;
    XuexinEmailResult expected;
    const char *normalized;
  } cases[] = {
    { "user@example.com", XUEXIN_EMAIL_OK, "user@example.com" },
    { " User.Name+tag@Example.COM ", XUEXIN_EMAIL_OK, "user.name+tag@example.com" },
    { "a@b.cn", XUEXIN_EMAIL_OK, "a@b.cn" },
    { "zhang_san@mail.xx-edu.com.cn", XUEXIN_EMAIL_OK, "zhang_san@mail.xx-edu.com.cn" },
    { "o'neil!#$%&*/=?^`{|}~@example.org", XUEXIN_EMAIL_OK, "o'neil!#$%&*/=?^`{|}~@example.org" },
    { "123456@qq.com", XUEXIN_EMAIL_OK, "123456@qq.com" },
    { "userexample.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@@example.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "a@b@example.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { ".user@example.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user.@example.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "us..er@example.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "@example.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@example", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@example.c", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@example.c0m", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@example..com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@example.com.", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@-example.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@example-.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@exa_mple.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user name@example.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "用户@example.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    /* Internationalised domains are kept as A-labels, in lower case. */
    { "user@例子.中国", XUEXIN_EMAIL_OK, "user@xn--fsqu00a.xn--fiqs8s" },
    { "User@例子。中国", XUEXIN_EMAIL_OK, "user@xn--fsqu00a.xn--fiqs8s" },
    { "USER@XN--FSQU00A.XN--FIQS8S", XUEXIN_EMAIL_OK, "user@xn--fsqu00a.xn--fiqs8s" },
    { "li@Bücher.DE", XUEXIN_EMAIL_OK, "li@xn--bcher-kva.de" },
    { "wang@邮件.例子.中国", XUEXIN_EMAIL_OK, "wang@xn--5nq051n.xn--fsqu00a.xn--fiqs8s" },
    { "user@例子", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@例子.中国.", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@例子。中国。", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@例子..中国", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@例 子.中国", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user@xn--zz.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "user\xff@example.com", XUEXIN_EMAIL_BAD_SYNTAX, NULL },
    { "", XUEXIN_EMAIL_EMPTY, NULL },
    { "  ", XUEXIN_EMAIL_EMPTY, NULL },
    { NULL, XUEXIN_EMAIL_EMPTY, NULL },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = NULL;
      XuexinEmailResult result = xuexin_email_validate (cases[i].input, &normalized);

      log_case ("email", i, cases[i].input);
      g_assert_cmpint (result, ==, cases[i].expected);
      g_assert_cmpstr (normalized, ==, cases[i].normalized);
      if (result == XUEXIN_EMAIL_OK)
        {
          g_autofree char *again = NULL;

          /* The normal form is a fixed point: stored addresses revalidate. */
          g_assert_cmpint (xuexin_email_validate (normalized, &again), ==, XUEXIN_EMAIL_OK);
          g_assert_cmpstr (again, ==, normalized);
          g_assert_null (xuexin_email_result_to_message (result));
        }
      else
        g_assert_nonnull (xuexin_email_result_to_message (result));
    }
}

static char *
repeat (char  c,
        guint n)
{
  char *s = g_malloc (n + 1);

  memset (s, c, n);
  s[n] = '\0';

  return s;
}

static void
test_email_lengths (void)
{
  g_autofree char *local64 = repeat ('a', 64);
  g_autofree char *local65 = repeat ('a', 65);
  g_autofree char *label63 = repeat ('b', 63);
  g_autofree char *label64 = repeat ('b', 64);
  g_autofree char *label57 = repeat ('c', 57);
  g_autofree char *label58 = repeat ('c', 58);
  g_autofree char *ok_local = g_strconcat (local64, "@example.com", NULL);
  g_autofree char *long_local = g_strconcat (local65, "@example.com", NULL);
  g_autofree char *long_label = g_strconcat ("user@", label64, ".com", NULL);
  g_autofree char *len254 = g_strconcat (local64, "@", label63, ".", label63, ".",
                                         label57, ".com", NULL);
  g_autofree char *len255 = g_strconcat (local64, "@", label63, ".", label63, ".",
                                         label58, ".com", NULL);

  g_assert_cmpuint (strlen (len254), ==, 254);
  g_assert_cmpuint (strlen (len255), ==, 255);

  g_assert_cmpint (xuexin_email_validate (ok_local, NULL), ==, XUEXIN_EMAIL_OK);
  g_assert_cmpint (xuexin_email_validate (long_local, NULL), ==, XUEXIN_EMAIL_BAD_SYNTAX);
  g_assert_cmpint (xuexin_email_validate (long_label, NULL), ==, XUEXIN_EMAIL_BAD_SYNTAX);
  g_assert_cmpint (xuexin_email_validate (len254, NULL), ==, XUEXIN_EMAIL_OK);
  g_assert_cmpint (xuexin_email_validate (len255, NULL), ==, XUEXIN_EMAIL_TOO_LONG);
}

/* Years */

static void
test_year_validate (void)
{
  static const struct {
    const char *input;
    XuexinYearResult expected;
    int year;
  } cases[] = {
    { "2020", XUEXIN_YEAR_OK, 2020 },
    { " 2020 ", XUEXIN_YEAR_OK, 2020 },
    { "1950", XUEXIN_YEAR_OK, 1950 },
    { "2024", XUEXIN_YEAR_OK, 2024 },
    { "1949", XUEXIN_YEAR_OUT_OF_RANGE, -1 },
    { "2025", XUEXIN_YEAR_OUT_OF_RANGE, -1 },
    { "0000", XUEXIN_YEAR_OUT_OF_RANGE, -1 },
    { "202", XUEXIN_YEAR_BAD_FORMAT, -1 },
    { "20201", XUEXIN_YEAR_BAD_FORMAT, -1 },
    { "20a0", XUEXIN_YEAR_BAD_FORMAT, -1 },
    { "-202", XUEXIN_YEAR_BAD_FORMAT, -1 },
    { "２０２０", XUEXIN_YEAR_BAD_FORMAT, -1 },
    { "2020年", XUEXIN_YEAR_BAD_FORMAT, -1 },
    { "", XUEXIN_YEAR_EMPTY, -1 },
    { " ", XUEXIN_YEAR_EMPTY, -1 },
    { NULL, XUEXIN_YEAR_EMPTY, -1 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int year = -1;
      XuexinYearResult result = xuexin_year_validate (cases[i].input, 1950, 2024, &year);
      g_autofree char *message = xuexin_year_result_to_message (result, 1950, 2024);

      log_case ("year", i, cases[i].input);
      g_assert_cmpint (result, ==, cases[i].expected);
      g_assert_cmpint (year, ==, cases[i].year);
      if (result == XUEXIN_YEAR_OK)
        {
          g_assert_null (message);
        }
      else
        {
          /* The message names the accepted range. */
          g_assert_nonnull (strstr (message, "1950"));
          g_assert_nonnull (strstr (message, "2024"));
        }
    }
}

static void
test_year_range (void)
{
  g_autoptr(GDateTime) today = g_date_time_new_utc (2024, 6, 15, 12, 0, 0);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int min_year = 0;
  int max_year = 0;

  xuexin_year_plausible_range (XUEXIN_YEAR_KIND_ENROLLMENT, today, &min_year, &max_year);
  g_assert_cmpint (min_year, ==, 1950);
  g_assert_cmpint (max_year, ==, 2024);

  xuexin_year_plausible_range (XUEXIN_YEAR_KIND_GRADUATION, today, &min_year, &max_year);
  g_assert_cmpint (min_year, ==, 1950);
  g_assert_cmpint (max_year, ==, 2032);

  xuexin_year_plausible_range (XUEXIN_YEAR_KIND_ENROLLMENT, NULL, &min_year, &max_year);
  g_assert_cmpint (max_year, ==, g_date_time_get_year (now));

  /* Either output may be left out. */
  xuexin_year_plausible_range (XUEXIN_YEAR_KIND_GRADUATION, today, NULL, &max_year);
  g_assert_cmpint (max_year, ==, 2032);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/common/validators/phone/validate", test_phone_validate);
  g_test_add_func ("/common/validators/phone/mask", test_phone_mask);
  g_test_add_func ("/common/validators/sms-code", test_sms_code);
  g_test_add_func ("/common/validators/password/validate", test_password_validate);
  g_test_add_func ("/common/validators/password/lengths", test_password_lengths);
  g_test_add_func ("/common/validators/password/strength", test_password_strength);
  g_test_add_func ("/common/validators/password/strength-labels", test_password_strength_labels);
  g_test_add_func ("/common/validators/name/validate", test_name_validate);
  g_test_add_func ("/common/validators/name/length", test_name_length);
  g_test_add_func ("/common/validators/email/validate", test_email_validate);
  g_test_add_func ("/common/validators/email/lengths", test_email_lengths);
  g_test_add_func ("/common/validators/year/validate", test_year_validate);
  g_test_add_func ("/common/validators/year/range", test_year_range);

  return g_test_run ();
}
