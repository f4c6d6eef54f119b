/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every validator treats %NULL like an empty string and trims white space
 * (including the ideographic space U+3000) where the value allows it.
 * Normalized out-parameters are only set on success. */

typedef enum {
  XUEXIN_PHONE_OK,
  XUEXIN_PHONE_EMPTY,
  XUEXIN_PHONE_BAD_CHARACTERS,
  XUEXIN_PHONE_BAD_LENGTH,
  XUEXIN_PHONE_BAD_PREFIX,
} XuexinPhoneResult;

XuexinPhoneResult xuexin_phone_validate          (const char         *text,
                                                  char              **normalized);
const char       *xuexin_phone_result_to_message (XuexinPhoneResult   result);
char             *xuexin_phone_mask              (const char         *phone);

typedef enum {
  XUEXIN_SMS_CODE_OK,
  XUEXIN_SMS_CODE_EMPTY,
  XUEXIN_SMS_CODE_BAD_FORMAT,
} XuexinSmsCodeResult;

XuexinSmsCodeResult xuexin_sms_code_validate          (const char          *text);
const char         *xuexin_sms_code_result_to_message (XuexinSmsCodeResult  result);

typedef enum {
  XUEXIN_PASSWORD_OK,
  XUEXIN_PASSWORD_EMPTY,
  XUEXIN_PASSWORD_TOO_SHORT,
  XUEXIN_PASSWORD_TOO_LONG,
  XUEXIN_PASSWORD_BAD_CHARACTERS,
} XuexinPasswordResult;

#define XUEXIN_PASSWORD_MIN_LENGTH 6
#define XUEXIN_PASSWORD_MAX_LENGTH 30

XuexinPasswordResult xuexin_password_validate          (const char           *password);
const char          *xuexin_password_result_to_message (XuexinPasswordResult  result);
int                  xuexin_password_strength          (const char           *password);
const char          *xuexin_password_strength_to_label (int                   strength);
gboolean             xuexin_password_is_weak           (const char           *password);

typedef enum {
  XUEXIN_NAME_OK,
  XUEXIN_NAME_EMPTY,
  XUEXIN_NAME_TOO_SHORT,
  XUEXIN_NAME_TOO_LONG,
  XUEXIN_NAME_BAD_CHARACTERS,
  XUEXIN_NAME_BAD_SEPARATOR,
} XuexinNameResult;

#define XUEXIN_NAME_MIN_LENGTH 2
#define XUEXIN_NAME_MAX_LENGTH 50

XuexinNameResult xuexin_name_validate          (const char        *text,
                                                char             **normalized);
const char      *xuexin_name_result_to_message (XuexinNameResult   result);

typedef enum {
  XUEXIN_EMAIL_OK,
  XUEXIN_EMAIL_EMPTY,
  XUEXIN_EMAIL_TOO_LONG,
  XUEXIN_EMAIL_BAD_SYNTAX,
} XuexinEmailResult;

#define XUEXIN_EMAIL_MAX_LENGTH 254

XuexinEmailResult xuexin_email_validate          (const char         *text,
                                                  char              **normalized);
const char       *xuexin_email_result_to_message (XuexinEmailResult   result);

typedef enum {
  XUEXIN_YEAR_OK,
  XUEXIN_YEAR_EMPTY,
  XUEXIN_YEAR_BAD_FORMAT,
  XUEXIN_YEAR_OUT_OF_RANGE,
} XuexinYearResult;

typedef enum {
  XUEXIN_YEAR_KIND_ENROLLMENT,
  XUEXIN_YEAR_KIND_GRADUATION,
} XuexinYearKind;

XuexinYearResult xuexin_year_validate          (const char       *text,
                                                int               min_year,
                                                int               max_year,
                                                int              *out_year);
char            *xuexin_year_result_to_message (XuexinYearResult  result,
                                                int               min_year,
                                                int               max_year);
void             xuexin_year_plausible_range   (XuexinYearKind    kind,
                                                GDateTime        *today,
                                                int              *min_year,
                                                int              *max_year);

G_END_DECLS
