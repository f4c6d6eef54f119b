/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-common"

#include "config.h"

#include <string.h>

#include "xuexin-common.h"

/* Written out in full so that a changed string or status fails here:
 * these values are part of the web API. */
static const struct {
  XuexinErrorCode code;
  const char *string;
  guint status;
} expected_codes[] = {
  { XUEXIN_ERROR_CODE_UNKNOWN, "unknown", 500 },
  { XUEXIN_ERROR_CODE_INVALID_REQUEST, "invalid_request", 400 },
  { XUEXIN_ERROR_CODE_INVALID_FIELD, "invalid_field", 400 },
  { XUEXIN_ERROR_CODE_INVALID_PHONE, "invalid_phone", 400 },
  { XUEXIN_ERROR_CODE_INVALID_ID_NUMBER, "invalid_id_number", 400 },
  { XUEXIN_ERROR_CODE_INVALID_NAME, "invalid_name", 400 },
  { XUEXIN_ERROR_CODE_INVALID_EMAIL, "invalid_email", 400 },
  { XUEXIN_ERROR_CODE_WEAK_PASSWORD, "weak_password", 400 },
  { XUEXIN_ERROR_CODE_SMS_CODE_INVALID, "sms_code_invalid", 400 },
  { XUEXIN_ERROR_CODE_SMS_CODE_EXPIRED, "sms_code_expired", 400 },
  { XUEXIN_ERROR_CODE_PHONE_TAKEN, "phone_taken", 409 },
  { XUEXIN_ERROR_CODE_ID_NUMBER_TAKEN, "id_number_taken", 409 },
  { XUEXIN_ERROR_CODE_EMAIL_USED, "email_used", 409 },
  { XUEXIN_ERROR_CODE_EMAIL_IP_RESTRICTED, "email_ip_restricted", 429 },
  { XUEXIN_ERROR_CODE_RATE_LIMITED, "rate_limited", 429 },
  { XUEXIN_ERROR_CODE_INVALID_CREDENTIALS, "invalid_credentials", 401 },
  { XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED, "account_cancelled", 403 },
  { XUEXIN_ERROR_CODE_IDENTITY_VERIFICATION_REQUIRED, "identity_verification_required", 403 },
  { XUEXIN_ERROR_CODE_UNAUTHORIZED, "unauthorized", 401 },
  { XUEXIN_ERROR_CODE_FORBIDDEN, "forbidden", 403 },
  { XUEXIN_ERROR_CODE_NOT_FOUND, "not_found", 404 },
  { XUEXIN_ERROR_CODE_PAYLOAD_TOO_LARGE, "payload_too_large", 413 },
  { XUEXIN_ERROR_CODE_INTERNAL, "internal_error", 500 },
  { XUEXIN_ERROR_CODE_VERIFICATION_FAILED, "verification_failed", 400 },
  { XUEXIN_ERROR_CODE_CASE_OPEN, "case_open", 409 },
  { XUEXIN_ERROR_CODE_PHOTO_INVALID, "photo_invalid", 400 },
  { XUEXIN_ERROR_CODE_PHOTO_TOO_LARGE, "photo_too_large", 413 },
  { XUEXIN_ERROR_CODE_REQUEST_EXPIRED, "request_expired", 410 },
  { XUEXIN_ERROR_CODE_NOT_CLASSMATE, "not_classmate", 400 },
  { XUEXIN_ERROR_CODE_ALREADY_VERIFIED, "already_verified", 409 },
  { XUEXIN_ERROR_CODE_TOO_MANY_OPEN_REQUESTS, "too_many_open_requests", 409 },
  { XUEXIN_ERROR_CODE_REQUEST_CLOSED, "request_closed", 409 },
  { XUEXIN_ERROR_CODE_CASE_CLAIMED, "case_claimed", 409 },
  { XUEXIN_ERROR_CODE_PHOTO_REJECTED, "photo_rejected", 409 },
  { XUEXIN_ERROR_CODE_CASE_INCOMPLETE, "case_incomplete", 400 },
  { XUEXIN_ERROR_CODE_HANDOFF_EXPIRED, "handoff_expired", 410 },
};

static void
test_enum_values (void)
{
  guint i;

  /* The enum may only grow at the end, so every value keeps its number. */
  g_assert_cmpuint (G_N_ELEMENTS (expected_codes), ==, XUEXIN_ERROR_CODE_LAST + 1);
  for (i = 0; i < G_N_ELEMENTS (expected_codes); i++)
    g_assert_cmpint (expected_codes[i].code, ==, i);
}

static void
test_round_trip (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (expected_codes); i++)
    {
      XuexinErrorCode code = expected_codes[i].code;

      g_test_message ("code %s", expected_codes[i].string);
      g_assert_cmpstr (xuexin_error_code_to_string (code), ==, expected_codes[i].string);
      g_assert_cmpint (xuexin_error_code_from_string (expected_codes[i].string), ==, code);
      g_assert_cmpuint (xuexin_error_code_get_http_status (code), ==, expected_codes[i].status);
    }
}

static void
test_unknown_strings (void)
{
  g_assert_cmpint (xuexin_error_code_from_string (NULL), ==, XUEXIN_ERROR_CODE_UNKNOWN);
  g_assert_cmpint (xuexin_error_code_from_string (""), ==, XUEXIN_ERROR_CODE_UNKNOWN);
  g_assert_cmpint (xuexin_error_code_from_string ("quota_exceeded"), ==,
                   XUEXIN_ERROR_CODE_UNKNOWN);
  g_assert_cmpint (xuexin_error_code_from_string ("PHONE_TAKEN"), ==, XUEXIN_ERROR_CODE_UNKNOWN);
  g_assert_cmpint (xuexin_error_code_from_string ("phone_taken "), ==, XUEXIN_ERROR_CODE_UNKNOWN);
  g_assert_cmpint (xuexin_error_code_from_string ("internal"), ==, XUEXIN_ERROR_CODE_UNKNOWN);

  /* A value from a newer peer is handled like UNKNOWN, not read out of bounds. */
  g_assert_cmpstr (xuexin_error_code_to_string ((XuexinErrorCode) (XUEXIN_ERROR_CODE_LAST + 1)),
                   ==, "unknown");
  g_assert_cmpuint (xuexin_error_code_get_http_status ((XuexinErrorCode) 1000), ==, 500);
  g_assert_nonnull (xuexin_error_code_get_message ((XuexinErrorCode) 1000));
}

static gboolean
has_non_ascii (const char *text)
{
  for (; *text != '\0'; text++)
    {
      if ((guchar) *text >= 0x80)
        return TRUE;
    }

  return FALSE;
}

static void
test_messages (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (expected_codes); i++)
    {
      XuexinErrorCode code = expected_codes[i].code;
      const char *message = xuexin_error_code_get_message (code);
      const char *service_message = xuexin_error_code_get_service_message (code);
      guint j;

      g_test_message ("code %s", expected_codes[i].string);
      g_assert_nonnull (message);
      g_assert_cmpuint (strlen (message), >, 20);
      g_assert_true (g_utf8_validate (message, -1, NULL));

      g_assert_nonnull (service_message);
      g_assert_true (g_utf8_validate (service_message, -1, NULL));
      g_assert_true (has_non_ascii (service_message));
      g_assert_true (g_str_has_suffix (service_message, "。"));

      /* Each code gets its own advice. */
      for (j = 0; j < i; j++)
        {
          g_assert_cmpstr (message, !=, xuexin_error_code_get_message (expected_codes[j].code));
          g_assert_cmpstr (service_message, !=,
                           xuexin_error_code_get_service_message (expected_codes[j].code));
        }
    }

  g_assert_cmpstr (xuexin_error_code_get_message (XUEXIN_ERROR_CODE_PHONE_TAKEN), ==,
                   "This phone number is already registered. Use another phone number, or use "
                   "Find Username to check whether you registered before.");
  g_assert_cmpstr (xuexin_error_code_get_message (XUEXIN_ERROR_CODE_EMAIL_USED), ==,
                   "This email address has been used for a registration before. Use another "
                   "address or leave it empty.");
  g_assert_nonnull (strstr (xuexin_error_code_get_message (XUEXIN_ERROR_CODE_ID_NUMBER_TAKEN),
                            "I want to register again"));
}

static void
test_service_messages (void)
{
  static const struct {
    XuexinErrorCode code;
    const char *message;
  } cases[] = {
    { XUEXIN_ERROR_CODE_PHONE_TAKEN,
      "该手机号码已被注册，请更换手机号码，或使用找回用户名功能核实是否注册过账号。" },
    { XUEXIN_ERROR_CODE_ID_NUMBER_TAKEN,
      "证件号码已被注册。如果您未曾使用此证件号码注册账号或已无法重置密码，可勾选“我要重新注册”。" },
    { XUEXIN_ERROR_CODE_EMAIL_USED, "该邮箱已被使用，请更换邮箱或不填写邮箱。" },
    { XUEXIN_ERROR_CODE_EMAIL_IP_RESTRICTED,
      "邮箱IP受限，建议您不填写邮箱完成注册，注册成功后可在账号管理中绑定邮箱。" },
    { XUEXIN_ERROR_CODE_RATE_LIMITED, "操作过于频繁，操作被禁止。" },
    { XUEXIN_ERROR_CODE_SMS_CODE_INVALID, "手机校验码错误，请重新输入。" },
    { XUEXIN_ERROR_CODE_SMS_CODE_EXPIRED, "手机校验码已过期，请重新获取。" },
    { XUEXIN_ERROR_CODE_INVALID_CREDENTIALS, "用户名或密码错误。" },
    { XUEXIN_ERROR_CODE_IDENTITY_VERIFICATION_REQUIRED,
      "当前账号需要核验身份信息，请选择任一途径完成身份核验。" },
    { XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED, "该账号已注销。" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (xuexin_error_code_get_service_message (cases[i].code), ==,
                     cases[i].message);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/common/error-code/enum-values", test_enum_values);
  g_test_add_func ("/common/error-code/round-trip", test_round_trip);
  g_test_add_func ("/common/error-code/unknown-strings", test_unknown_strings);
  g_test_add_func ("/common/error-code/messages", test_messages);
  g_test_add_func ("/common/error-code/service-messages", test_service_messages);

  return g_test_run ();
}
