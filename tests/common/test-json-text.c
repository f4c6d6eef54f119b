/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include "xuexin-common.h"

/* One value, with any white space around it. */
static void
test_one_value (void)
{
  static const char * const texts[] = {
    "", "  ", "{}", " {\"a\": [1, {\"b\": \"}{\"}]} \r\n", "[]", "7", "-1.5e3", "true",
    "null", "\"a\\\"}{\"", "{\"a\\\\\": \"b\"}", "{\"a\": \"\\\\\"}",
    "\"\\u00e9\\/\\b\\f\\n\\r\\t\"",
    /* a pair, and lone surrogates (the callers refuse those as not UTF-8) */
    "\"\\ud83d\\ude00\"", "\"\\ud800x\"", "\"\\udc00\"", "\"\\ud800\\n\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_test_message ("%s", texts[i]);
      g_assert_true (xuexin_json_text_is_one_value (texts[i], -1));
    }
}

/* More than one value, or text json-glib might read as more: json-glib
 * 1.6 would keep the first value and leak the rest (found by tests/fuzz). */
static void
test_more_values (void)
{
  static const char * const texts[] = {
    "{}{}", "{\"a\":1} {\"a\":2}", "7{\"a\":1}", "[1][2]", "{} 7", "\"a\"\"b\"",
    "1 2", "{} null", "null{}", "}", "{}]", "{\"a\": \"}\"}{}", "{} /* x */",
    /* what json-glib's scanner reads otherwise than this check: a bad
     * \\u escape took the quote (tests/fuzz), comments, single quotes */
    "{\"name\":\"\\u0d\"5\"}{\"name\":\"\\u0d\"5\"}", "{\"a\": \"\\x\"}",
    "{\"a\":1 /* \" */}{}", "{\"a\":1 // \"\n}{}", "{\"a\":'\"'}{}", "{\"a\":1 # \"\n}",
    /* surrogates followed by an escape that does not pair: json-glib
     * leaked its string (tests/fuzz) */
    "\"o\\udaaa\\uaaaa\"", "{\"a\":\"\\ud800\\u0041\"}", "{\"a\":\"\\udc00\\udc00\"}",
    "{\"a\":\"\\ud800\\ud800\"}", "\"\\ud800\\u12\"",
    /* an escape outside a string: json-glib leaked on it too */
    "{\"a\":\\uDDDD\\uDDbD}", "\\u0041",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_test_message ("%s", texts[i]);
      g_assert_false (xuexin_json_text_is_one_value (texts[i], -1));
    }
}

/* The length counts, not a NUL: what follows one is text too. */
static void
test_length (void)
{
  static const char text[] = "{}\0{}";

  g_assert_true (xuexin_json_text_is_one_value (text, 2));
  g_assert_false (xuexin_json_text_is_one_value (text, sizeof text - 1));
  /* An escape cut short by the end reads nothing past it. */
  g_assert_false (xuexin_json_text_is_one_value ("\"\\", 2));
  g_assert_false (xuexin_json_text_is_one_value ("\"\\u12", 5));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-text/one-value", test_one_value);
  g_test_add_func ("/json-text/more-values", test_more_values);
  g_test_add_func ("/json-text/length", test_length);

  return g_test_run ();
}
