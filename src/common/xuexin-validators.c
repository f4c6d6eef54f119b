/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-common"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "xuexin-text-private.h"
#include "xuexin-validators.h"

#define PHONE_LENGTH    11
#define SMS_CODE_LENGTH 6
#define YEAR_LENGTH     4
#define MIDDLE_DOT      0x00B7

/* Phone numbers */

/**
 * xuexin_phone_validate:
 * @text: (nullable): the number as entered
 * @normalized: (out) (optional): the 11 digits; set only on success
 *
 * Checks a mainland China mobile number, 1[3-9] and 9 more digits.
 * Spaces and hyphens are ignored, and a leading "+86", or "86" followed
 * by a space or hyphen, is removed when 11 digits follow.
 *
 * Returns: the first check that failed, or %XUEXIN_PHONE_OK
 */
XuexinPhoneResult
xuexin_phone_validate (const char  *text,
                       char       **normalized)
{
  g_autofree char *stripped = xuexin_text_strip_dup (text);
  g_autoptr(GString) digits = NULL;
  gboolean foreign = FALSE;
  const char *p;

  if (text == NULL)
    return XUEXIN_PHONE_EMPTY;
  if (stripped == NULL)
    return XUEXIN_PHONE_BAD_CHARACTERS;
  if (*stripped == '\0')
    return XUEXIN_PHONE_EMPTY;

  p = stripped;
  if (g_str_has_prefix (p, "+86"))
    p += 3;
  else if (*p == '+')
    {
      /* Another country code: report it once we know the rest are digits. */
      foreign = TRUE;
      p += 1;
    }
  else if (g_str_has_prefix (p, "86") && (p[2] == ' ' || p[2] == '-'))
    p += 3;

  digits = g_string_sized_new (PHONE_LENGTH);
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        return XUEXIN_PHONE_BAD_CHARACTERS;
    }

  if (foreign)
    return XUEXIN_PHONE_BAD_PREFIX;
  if (digits->len != PHONE_LENGTH)
    return XUEXIN_PHONE_BAD_LENGTH;
  if (digits->str[0] != '1' || digits->str[1] < '3')
    return XUEXIN_PHONE_BAD_PREFIX;

  if (normalized != NULL)
    *normalized = g_string_free (g_steal_pointer (&digits), FALSE);

  return XUEXIN_PHONE_OK;
}

/**
 * xuexin_phone_result_to_message:
 * @result: a result of xuexin_phone_validate()
 *
 * Returns: (nullable): a translated sentence that says what to do, or
 *   %NULL for %XUEXIN_PHONE_OK
 */
const char *
xuexin_phone_result_to_message (XuexinPhoneResult result)
{
  switch (result)
    {
    case XUEXIN_PHONE_OK:
      return NULL;
    case XUEXIN_PHONE_EMPTY:
      return _("Enter your mobile phone number.");
    case XUEXIN_PHONE_BAD_CHARACTERS:
      return _("A phone number may contain only the digits 0 to 9, spaces and hyphens. "
               "Remove other characters and type the digits in half-width form.");
    case XUEXIN_PHONE_BAD_LENGTH:
      return _("A mainland China mobile number has 11 digits. "
               "Check that no digit is missing or extra.");
    case XUEXIN_PHONE_BAD_PREFIX:
      return _("Only mainland China mobile numbers can be used: 11 digits starting with "
               "13 to 19. Check the number or use another phone.");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * xuexin_phone_mask:
 * @phone: a phone number, valid or not
 *
 * Hides the middle of a phone number for logs and display:
 * "13812345678" becomes "138****5678". Valid numbers are normalized
 * first; texts shorter than 8 characters are masked completely.
 *
 * Returns: (transfer full): the masked text
 */
char *
xuexin_phone_mask (const char *phone)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (phone != NULL, NULL);

  if (xuexin_phone_validate (phone, &normalized) == XUEXIN_PHONE_OK)
    return xuexin_text_mask (normalized, 3, 4, 8);

  return xuexin_text_mask (phone, 3, 4, 8);
}

/* SMS verification codes */

/**
 * xuexin_sms_code_validate:
 * @text: (nullable): the code as entered
 *
 * Returns: %XUEXIN_SMS_CODE_OK when @text is exactly 6 ASCII digits
 *   after trimming white space
 */
XuexinSmsCodeResult
xuexin_sms_code_validate (const char *text)
{
  g_autofree char *code = xuexin_text_strip_dup (text);
  guint i;

  if (text == NULL)
    return XUEXIN_SMS_CODE_EMPTY;
  if (code == NULL)
    return XUEXIN_SMS_CODE_BAD_FORMAT;
  if (*code == '\0')
    return XUEXIN_SMS_CODE_EMPTY;
  if (strlen (code) != SMS_CODE_LENGTH)
    return XUEXIN_SMS_CODE_BAD_FORMAT;

  for (i = 0; i < SMS_CODE_LENGTH; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        return XUEXIN_SMS_CODE_BAD_FORMAT;
    }

  return XUEXIN_SMS_CODE_OK;
}

/**
 * xuexin_sms_code_result_to_message:
 * @result: a result of xuexin_sms_code_validate()
 *
 * Returns: (nullable): a translated sentence, or %NULL for
 *   %XUEXIN_SMS_CODE_OK
 */
const char *
xuexin_sms_code_result_to_message (XuexinSmsCodeResult result)
{
  switch (result)
    {
    case XUEXIN_SMS_CODE_OK:
      return NULL;
    case XUEXIN_SMS_CODE_EMPTY:
      return _("Enter the verification code from the text message.");
    case XUEXIN_SMS_CODE_BAD_FORMAT:
      return _("The verification code has exactly 6 digits. "
               "Check the text message and enter all 6 digits.");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Passwords */

/* Lower-case; compared without regard to case. Only entries of at least
 * XUEXIN_PASSWORD_MIN_LENGTH characters matter. */
static const char * const common_passwords[] = {
  "1q2w3e", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "a123456", "a1234567", "a12345678",
  "a123456789", "aa123456", "abc123", "abc12345", "abc123456", "abcd1234", "admin123",
  "asdfgh", "asdfghjkl", "iloveyou", "p@ssw0rd", "passw0rd", "password", "password1",
  "q1w2e3r4", "qazwsx", "qwe123", "qwerty", "qwerty123", "qwertyuiop", "woaini",
  "woaini1314", "zxcvbn", "zxcvbnm", "123qwe", "123abc", "123456a", "123456abc",
};

/**
 * xuexin_password_validate:
 * @password: (nullable): the password exactly as typed; not trimmed
 *
 * Checks that @password has 6 to 30 characters, all of them ASCII
 * letters, digits or punctuation. Bad characters are reported before
 * the length, because fixing the length alone would not help.
 *
 * Returns: the first check that failed, or %XUEXIN_PASSWORD_OK
 */
XuexinPasswordResult
xuexin_password_validate (const char *password)
{
  const char *p;
  glong length;

  if (password == NULL || *password == '\0')
    return XUEXIN_PASSWORD_EMPTY;
  if (!g_utf8_validate (password, -1, NULL))
    return XUEXIN_PASSWORD_BAD_CHARACTERS;

  /* Printable ASCII except the space; any byte of a multi-byte UTF-8
   * character fails this as well. */
  for (p = password; *p != '\0'; p++)
    {
      if (!g_ascii_isgraph (*p))
        return XUEXIN_PASSWORD_BAD_CHARACTERS;
    }

  length = g_utf8_strlen (password, -1);
  if (length < XUEXIN_PASSWORD_MIN_LENGTH)
    return XUEXIN_PASSWORD_TOO_SHORT;
  if (length > XUEXIN_PASSWORD_MAX_LENGTH)
    return XUEXIN_PASSWORD_TOO_LONG;

  return XUEXIN_PASSWORD_OK;
}

/**
 * xuexin_password_result_to_message:
 * @result: a result of xuexin_password_validate()
 *
 * Returns: (nullable): a translated sentence, or %NULL for
 *   %XUEXIN_PASSWORD_OK
 */
const char *
xuexin_password_result_to_message (XuexinPasswordResult result)
{
  switch (result)
    {
    case XUEXIN_PASSWORD_OK:
      return NULL;
    case XUEXIN_PASSWORD_EMPTY:
      return _("Enter a password of 6 to 30 characters.");
    case XUEXIN_PASSWORD_TOO_SHORT:
      return _("The password is too short. Use at least 6 characters.");
    case XUEXIN_PASSWORD_TOO_LONG:
      return _("The password is too long. Use at most 30 characters.");
    case XUEXIN_PASSWORD_BAD_CHARACTERS:
      return _("A password may contain only English letters, digits and punctuation. "
               "Remove spaces and Chinese or full-width characters.");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* +1 or -1 when @b follows or precedes @a in the alphabet or on the
 * digit row (where 0 follows 9), else 0. */
static int
sequence_step (char a,
               char b)
{
  a = g_ascii_tolower (a);
  b = g_ascii_tolower (b);

  if (g_ascii_isdigit (a) && g_ascii_isdigit (b))
    {
      if (b == a + 1 || (a == '9' && b == '0'))
        return 1;
      if (b == a - 1 || (a == '0' && b == '9'))
        return -1;
    }
  else if (g_ascii_islower (a) && g_ascii_islower (b))
    {
      if (b == a + 1)
        return 1;
      if (b == a - 1)
        return -1;
    }

  return 0;
}

static gboolean
is_simple_sequence (const char *password)
{
  int direction = 0;
  gsize i;

  for (i = 1; password[i] != '\0'; i++)
    {
      int step = sequence_step (password[i - 1], password[i]);

      if (step == 0 || (direction != 0 && step != direction))
        return FALSE;
      direction = step;
    }

  return TRUE;
}

static gboolean
is_all_digits (const char *text,
               gsize       length)
{
  gsize i;

  for (i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* The shortest period of @password, e.g. 3 for "abcabc"; its length when
 * it does not repeat. Period 1 means one character repeated. */
static gsize
repetition_period (const char *password,
                   gsize       length)
{
  gsize period;

  for (period = 1; period <= length / 2; period++)
    {
      if (length % period == 0 && memcmp (password, password + period, length - period) == 0)
        return period;
    }

  return length;
}

static gboolean
is_common_password (const char *password)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (common_passwords); i++)
    {
      if (g_ascii_strcasecmp (password, common_passwords[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_trivial_password (const char *password,
                     gsize       length)
{
  /* Digits alone are dates, phone numbers and PINs, and an ID number
   * (17 digits and X) is known to many people. */
  if (is_all_digits (password, length))
    return TRUE;
  if (length == 18
      && is_all_digits (password, 17)
      && g_ascii_toupper (password[17]) == 'X')
    return TRUE;

  return repetition_period (password, length) == 1
         || is_simple_sequence (password)
         || is_common_password (password);
}

/**
 * xuexin_password_strength:
 * @password: (nullable): the password exactly as typed
 *
 * Estimates how hard @password is to guess from its length and the
 * number of character classes it uses (lower case, upper case, digits,
 * punctuation). Repeated characters, simple sequences such as "abcdef",
 * digits only and well-known passwords count as weak.
 *
 * Returns: 0 when xuexin_password_validate() refuses @password, else
 *   1 (weak), 2 (fair), 3 (good) or 4 (strong)
 */
int
xuexin_password_strength (const char *password)
{
  gboolean has_lower = FALSE, has_upper = FALSE, has_digit = FALSE, has_punct = FALSE;
  gsize length;
  gsize i;
  int classes;
  int strength;

  if (xuexin_password_validate (password) != XUEXIN_PASSWORD_OK)
    return 0;

  /* Validation guarantees ASCII, so bytes are characters. */
  length = strlen (password);
  if (is_trivial_password (password, length))
    return 1;

  for (i = 0; i < length; i++)
    {
      has_lower |= g_ascii_islower (password[i]);
      has_upper |= g_ascii_isupper (password[i]);
      has_digit |= g_ascii_isdigit (password[i]);
      has_punct |= g_ascii_ispunct (password[i]);
    }
  classes = !!has_lower + !!has_upper + !!has_digit + !!has_punct;

  if (length >= 16)
    strength = classes >= 2 ? 4 : 3;
  else if (length >= 12)
    strength = MIN (classes + 1, 4);
  else if (length >= 8)
    strength = MIN (classes, 3);
  else
    strength = classes >= 2 ? 2 : 1;

  /* "Ab1!Ab1!" is barely harder to guess than "Ab1!". */
  if (repetition_period (password, length) < length)
    strength = MAX (strength - 1, 1);

  return strength;
}

/**
 * xuexin_password_strength_to_label:
 * @strength: a value returned by xuexin_password_strength()
 *
 * Returns: (nullable): a translated word for @strength, or %NULL when it
 *   is out of range
 */
const char *
xuexin_password_strength_to_label (int strength)
{
  switch (strength)
    {
    case 0:
      return C_("password strength", "Not valid");
    case 1:
      return C_("password strength", "Weak");
    case 2:
      return C_("password strength", "Fair");
    case 3:
      return C_("password strength", "Good");
    case 4:
      return C_("password strength", "Strong");
    default:
      return NULL;
    }
}

/**
 * xuexin_password_is_weak:
 * @password: (nullable): the password exactly as typed
 *
 * The service refuses weak passwords with the weak_password error.
 *
 * Returns: %TRUE when the strength of @password is below 2 (fair)
 */
gboolean
xuexin_password_is_weak (const char *password)
{
  return xuexin_password_strength (password) < 2;
}

/* Names */

typedef enum {
  NAME_CHAR_HAN,
  NAME_CHAR_LATIN,
  NAME_CHAR_MARK,
  NAME_CHAR_DOT,
  NAME_CHAR_SPACE,
  NAME_CHAR_OTHER,
} NameCharKind;

/* People type the middle dot in many ways; the ID card uses U+00B7. */
static gunichar
normalize_name_separator (gunichar c)
{
  switch (c)
    {
    case 0x0387: /* GREEK ANO TELEIA */
    case 0x2022: /* BULLET */
    case 0x2027: /* HYPHENATION POINT */
    case 0x2219: /* BULLET OPERATOR */
    case 0x22C5: /* DOT OPERATOR */
    case 0x30FB: /* KATAKANA MIDDLE DOT */
    case 0xFF0E: /* FULLWIDTH FULL STOP */
    case 0xFF65: /* HALFWIDTH KATAKANA MIDDLE DOT */
      return MIDDLE_DOT;
    default:
      return g_unichar_isspace (c) ? ' ' : c;
    }
}

static NameCharKind
classify_name_char (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  if (c == MIDDLE_DOT)
    return NAME_CHAR_DOT;
  if (c == ' ')
    return NAME_CHAR_SPACE;
  /* U+3007 〇 is a number, not a letter, but appears in Chinese names. */
  if (script == G_UNICODE_SCRIPT_HAN && (g_unichar_isalpha (c) || c == 0x3007))
    return NAME_CHAR_HAN;
  if (script == G_UNICODE_SCRIPT_LATIN && g_unichar_isalpha (c))
    return NAME_CHAR_LATIN;
  if (g_unichar_ismark (c))
    return NAME_CHAR_MARK;

  return NAME_CHAR_OTHER;
}

static gboolean
is_latin_kind (NameCharKind kind)
{
  return kind == NAME_CHAR_LATIN || kind == NAME_CHAR_MARK;
}

static gboolean
is_separator_kind (NameCharKind kind)
{
  return kind == NAME_CHAR_DOT || kind == NAME_CHAR_SPACE;
}

/**
 * xuexin_name_validate:
 * @text: (nullable): the name as entered
 * @normalized: (out) (optional): the name in Unicode NFKC with every
 *   kind of middle dot replaced by U+00B7; set only on success
 *
 * Checks a person's name: 2 to 50 characters of Chinese characters and
 * Latin letters, parts separated by one middle dot, and words in Latin
 * letters by one space. Separators may not start or end the name.
 *
 * Returns: the first check that failed, or %XUEXIN_NAME_OK
 */
XuexinNameResult
xuexin_name_validate (const char  *text,
                      char       **normalized)
{
  g_autofree char *stripped = xuexin_text_strip_dup (text);
  g_autofree char *name = NULL;
  g_autofree gunichar *chars = NULL;
  g_autofree NameCharKind *kinds = NULL;
  GString *mapped;
  const char *p;
  glong n_chars;
  glong i;

  if (text == NULL)
    return XUEXIN_NAME_EMPTY;
  if (stripped == NULL)
    return XUEXIN_NAME_BAD_CHARACTERS;
  if (*stripped == '\0')
    return XUEXIN_NAME_EMPTY;

  /* Map separators before NFKC, which would turn U+FF0E into '.'; NFKC
   * then folds full-width letters and Kangxi radicals to the usual ones. */
  mapped = g_string_new (NULL);
  for (p = stripped; *p != '\0'; p = g_utf8_next_char (p))
    g_string_append_unichar (mapped, normalize_name_separator (g_utf8_get_char (p)));
  name = g_utf8_normalize (mapped->str, -1, G_NORMALIZE_NFKC);
  g_string_free (mapped, TRUE);
  if (name == NULL)
    return XUEXIN_NAME_BAD_CHARACTERS;

  chars = g_utf8_to_ucs4_fast (name, -1, &n_chars);
  kinds = g_new (NameCharKind, MAX (n_chars, 1));

  for (i = 0; i < n_chars; i++)
    {
      kinds[i] = classify_name_char (chars[i]);

      /* Combining accents only make sense on a Latin letter. */
      if (kinds[i] == NAME_CHAR_OTHER
          || (kinds[i] == NAME_CHAR_MARK && (i == 0 || !is_latin_kind (kinds[i - 1]))))
        return XUEXIN_NAME_BAD_CHARACTERS;
    }

  for (i = 0; i < n_chars; i++)
    {
      if (!is_separator_kind (kinds[i]))
        continue;
      if (i == 0 || i == n_chars - 1
          || is_separator_kind (kinds[i - 1])
          || is_separator_kind (kinds[i + 1]))
        return XUEXIN_NAME_BAD_SEPARATOR;
      if (kinds[i] == NAME_CHAR_SPACE
          && !(is_latin_kind (kinds[i - 1]) && kinds[i + 1] == NAME_CHAR_LATIN))
        return XUEXIN_NAME_BAD_SEPARATOR;
    }

  if (n_chars < XUEXIN_NAME_MIN_LENGTH)
    return XUEXIN_NAME_TOO_SHORT;
  if (n_chars > XUEXIN_NAME_MAX_LENGTH)
    return XUEXIN_NAME_TOO_LONG;

  if (normalized != NULL)
    *normalized = g_steal_pointer (&name);

  return XUEXIN_NAME_OK;
}

/**
 * xuexin_name_result_to_message:
 * @result: a result of xuexin_name_validate()
 *
 * Returns: (nullable): a translated sentence, or %NULL for
 *   %XUEXIN_NAME_OK
 */
const char *
xuexin_name_result_to_message (XuexinNameResult result)
{
  switch (result)
    {
    case XUEXIN_NAME_OK:
      return NULL;
    case XUEXIN_NAME_EMPTY:
      return _("Enter your name exactly as it appears on your ID card.");
    case XUEXIN_NAME_TOO_SHORT:
      return _("The name is too short. Enter your full name as it appears on your ID card.");
    case XUEXIN_NAME_TOO_LONG:
      return _("The name is too long. Use at most 50 characters, as on your ID card.");
    case XUEXIN_NAME_BAD_CHARACTERS:
      return _("A name may contain only Chinese characters, Latin letters, the middle dot (·) "
               "and spaces. Remove digits and other symbols.");
    case XUEXIN_NAME_BAD_SEPARATOR:
      return _("Put one middle dot (·) between the parts of a name, and one space only between "
               "words in Latin letters. Remove separators at the start or end.");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Email addresses */

static gboolean
is_atext (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static gboolean
is_valid_local_part (const char *local,
                     gsize       length)
{
  gsize i;

  if (length < 1 || length > 64)
    return FALSE;
  if (local[0] == '.' || local[length - 1] == '.')
    return FALSE;

  for (i = 0; i < length; i++)
    {
      if (local[i] == '.')
        {
          if (local[i + 1] == '.')
            return FALSE;
        }
      else if (!is_atext (local[i]))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_valid_domain (const char *domain)
{
  g_auto(GStrv) labels = g_strsplit (domain, ".", -1);
  guint n_labels = g_strv_length (labels);
  const char *tld;
  guint i;

  if (n_labels < 2)
    return FALSE;

  for (i = 0; i < n_labels; i++)
    {
      const char *label = labels[i];
      gsize length = strlen (label);
      gsize j;

      if (length < 1 || length > 63 || label[0] == '-' || label[length - 1] == '-')
        return FALSE;
      for (j = 0; j < length; j++)
        {
          if (!g_ascii_isalnum (label[j]) && label[j] != '-')
            return FALSE;
        }
    }

  /* A top-level domain is letters, or the A-label of an IDN one (中国). */
  tld = labels[n_labels - 1];
  if (strlen (tld) < 2)
    return FALSE;
  if (g_str_has_prefix (tld, "xn--"))
    return TRUE;
  for (i = 0; tld[i] != '\0'; i++)
    {
      if (!g_ascii_isalpha (tld[i]))
        return FALSE;
    }

  return TRUE;
}

/* The ASCII form of a domain as typed: internationalised labels become
 * A-labels ("xn--…") and letters lower case, through g_hostname_to_ascii()
 * (which also reads the ideographic full stop 。 as a dot). NULL if the
 * domain is not a valid host name of at least two labels. */
static char *
domain_to_ascii (const char *domain)
{
  static const char * const dots[] = { ".", "\xe3\x80\x82", "\xef\xbc\x8e", "\xef\xbd\xa1", };
  g_autofree char *ascii = NULL;
  g_autofree char *unicode = NULL;
  guint i;

  /* g_hostname_to_ascii() drops a final dot; an address may not have one. */
  for (i = 0; i < G_N_ELEMENTS (dots); i++)
    {
      if (g_str_has_suffix (domain, dots[i]))
        return NULL;
    }

  ascii = g_hostname_to_ascii (domain);
  if (ascii == NULL || !is_valid_domain (ascii))
    return NULL;

  /* An "xn--" label must decode (g_hostname_to_ascii() passes it as is). */
  if (strstr (ascii, "xn--") != NULL)
    {
      unicode = g_hostname_to_unicode (ascii);
      if (unicode == NULL)
        return NULL;
    }

  return g_ascii_strdown (ascii, -1);
}

/**
 * xuexin_email_validate:
 * @text: (nullable): the address as entered
 * @normalized: (out) (optional): the address in the one form it is stored
 *   and compared in: trimmed, all lower case, the domain in ASCII (an
 *   internationalised domain as A-labels, `user@xn--fsqu00a.xn--fiqs8s`
 *   for `User@例子.中国`); set only on success
 *
 * A pragmatic check of an email address: one "@", a local part of 1 to
 * 64 characters of RFC 5322 atext and single inner dots, and a domain of
 * at least two labels ending in a top-level domain of letters. The domain
 * may be internationalised; it goes through g_hostname_to_ascii(). The
 * whole address compares case-insensitively, so the normal form is lower
 * case: two addresses are the same account exactly when their normal
 * forms are equal. A normal form validates to itself.
 *
 * Returns: the first check that failed, or %XUEXIN_EMAIL_OK
 */
XuexinEmailResult
xuexin_email_validate (const char  *text,
                       char       **normalized)
{
  g_autofree char *email = xuexin_text_strip_dup (text);
  g_autofree char *local = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *result = NULL;
  char *at;

  if (text == NULL)
    return XUEXIN_EMAIL_EMPTY;
  if (email == NULL)
    return XUEXIN_EMAIL_BAD_SYNTAX;
  if (*email == '\0')
    return XUEXIN_EMAIL_EMPTY;
  if (g_utf8_strlen (email, -1) > XUEXIN_EMAIL_MAX_LENGTH)
    return XUEXIN_EMAIL_TOO_LONG;

  at = strchr (email, '@');
  if (at == NULL || strchr (at + 1, '@') != NULL)
    return XUEXIN_EMAIL_BAD_SYNTAX;
  if (!is_valid_local_part (email, at - email))
    return XUEXIN_EMAIL_BAD_SYNTAX;
  domain = domain_to_ascii (at + 1);
  if (domain == NULL)
    return XUEXIN_EMAIL_BAD_SYNTAX;

  local = g_ascii_strdown (email, at - email);
  result = g_strconcat (local, "@", domain, NULL);
  /* A-labels are longer than what was typed. */
  if (strlen (result) > XUEXIN_EMAIL_MAX_LENGTH)
    return XUEXIN_EMAIL_TOO_LONG;

  if (normalized != NULL)
    *normalized = g_steal_pointer (&result);

  return XUEXIN_EMAIL_OK;
}

/**
 * xuexin_email_result_to_message:
 * @result: a result of xuexin_email_validate()
 *
 * Returns: (nullable): a translated sentence, or %NULL for
 *   %XUEXIN_EMAIL_OK
 */
const char *
xuexin_email_result_to_message (XuexinEmailResult result)
{
  switch (result)
    {
    case XUEXIN_EMAIL_OK:
      return NULL;
    case XUEXIN_EMAIL_EMPTY:
      return _("Enter an email address.");
    case XUEXIN_EMAIL_TOO_LONG:
      return _("The email address is too long. Use an address of at most 254 characters.");
    case XUEXIN_EMAIL_BAD_SYNTAX:
      return _("This is not a complete email address. Check that it has the form "
               "name@example.com, without spaces and with no Chinese characters "
               "before the “@”.");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Years */

/**
 * xuexin_year_validate:
 * @text: (nullable): the year as entered
 * @min_year: the earliest year accepted
 * @max_year: the latest year accepted
 * @out_year: (out) (optional): the year; set only on success
 *
 * Returns: %XUEXIN_YEAR_OK when @text is exactly 4 ASCII digits, after
 *   trimming white space, forming a year from @min_year to @max_year
 */
XuexinYearResult
xuexin_year_validate (const char *text,
                      int         min_year,
                      int         max_year,
                      int        *out_year)
{
  g_autofree char *stripped = xuexin_text_strip_dup (text);
  int year = 0;
  guint i;

  if (text == NULL)
    return XUEXIN_YEAR_EMPTY;
  if (stripped == NULL)
    return XUEXIN_YEAR_BAD_FORMAT;
  if (*stripped == '\0')
    return XUEXIN_YEAR_EMPTY;
  if (strlen (stripped) != YEAR_LENGTH)
    return XUEXIN_YEAR_BAD_FORMAT;

  for (i = 0; i < YEAR_LENGTH; i++)
    {
      if (!g_ascii_isdigit (stripped[i]))
        return XUEXIN_YEAR_BAD_FORMAT;
      year = year * 10 + (stripped[i] - '0');
    }

  if (year < min_year || year > max_year)
    return XUEXIN_YEAR_OUT_OF_RANGE;

  if (out_year != NULL)
    *out_year = year;

  return XUEXIN_YEAR_OK;
}

/**
 * xuexin_year_result_to_message:
 * @result: a result of xuexin_year_validate()
 * @min_year: the earliest year accepted, as passed to the validation
 * @max_year: the latest year accepted, as passed to the validation
 *
 * Returns: (nullable) (transfer full): a translated sentence naming the
 *   accepted range, or %NULL for %XUEXIN_YEAR_OK
 */
char *
xuexin_year_result_to_message (XuexinYearResult result,
                               int              min_year,
                               int              max_year)
{
  switch (result)
    {
    case XUEXIN_YEAR_OK:
      return NULL;
    case XUEXIN_YEAR_EMPTY:
      return g_strdup_printf (_("Enter a year from %d to %d."), min_year, max_year);
    case XUEXIN_YEAR_BAD_FORMAT:
      return g_strdup_printf (_("Enter the year as 4 digits, from %d to %d."),
                              min_year, max_year);
    case XUEXIN_YEAR_OUT_OF_RANGE:
      return g_strdup_printf (_("The year must be from %d to %d. Check the year you entered."),
                              min_year, max_year);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * xuexin_year_plausible_range:
 * @kind: what the year is of
 * @today: (nullable): the current date; %NULL means now, local time
 * @min_year: (out) (optional): the earliest plausible year
 * @max_year: (out) (optional): the latest plausible year
 *
 * Enrollment years run from 1950 to this year. Graduation years run up
 * to 8 years ahead, since students still enrolled graduate in the future.
 */
void
xuexin_year_plausible_range (XuexinYearKind  kind,
                             GDateTime      *today,
                             int            *min_year,
                             int            *max_year)
{
  g_autoptr(GDateTime) now = NULL;
  int this_year;
  int latest;

  if (today == NULL)
    today = now = g_date_time_new_now_local ();
  this_year = g_date_time_get_year (today);

  switch (kind)
    {
    case XUEXIN_YEAR_KIND_ENROLLMENT:
      latest = this_year;
      break;
    case XUEXIN_YEAR_KIND_GRADUATION:
      latest = this_year + 8;
      break;
    default:
      g_return_if_reached ();
    }

  if (min_year != NULL)
    *min_year = 1950;
  if (max_year != NULL)
    *max_year = latest;
}
