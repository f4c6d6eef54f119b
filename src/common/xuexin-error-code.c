/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-common"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xuexin-error-code.h"

typedef struct {
  const char *id;
  guint http_status;
  /* For the user interface; translated. */
  const char *message;
  /* What the service puts into its JSON "message": always zh_CN, like the
   * real service, whatever the client's locale. */
  const char *service_message;
} ErrorCodeInfo;

/* Indexed by XuexinErrorCode. The ids are part of the web API and must
 * never change. */
static const ErrorCodeInfo error_codes[] = {
  [XUEXIN_ERROR_CODE_UNKNOWN] = {
    "unknown", 500,
    N_("Something went wrong on the account service. Try again later; if the problem "
       "persists, update this app."),
    "未知错误，请稍后重试。",
  },
  [XUEXIN_ERROR_CODE_INVALID_REQUEST] = {
    "invalid_request", 400,
    N_("The account service could not understand the request. Update this app to the "
       "latest version and try again."),
    "请求格式错误。",
  },
  [XUEXIN_ERROR_CODE_INVALID_FIELD] = {
    "invalid_field", 400,
    N_("One of the values you entered was not accepted. Check the marked fields and "
       "try again."),
    "填写的信息有误，请检查后重新提交。",
  },
  [XUEXIN_ERROR_CODE_INVALID_PHONE] = {
    "invalid_phone", 400,
    N_("The phone number is not a mainland China mobile number. Enter the 11 digits of "
       "your mobile number."),
    "手机号码格式不正确，请输入11位中国大陆手机号码。",
  },
  [XUEXIN_ERROR_CODE_INVALID_ID_NUMBER] = {
    "invalid_id_number", 400,
    N_("The ID number was not accepted. Check the 18-character number on your ID card "
       "and enter it again."),
    "证件号码格式不正确，请核对后重新输入。",
  },
  [XUEXIN_ERROR_CODE_INVALID_NAME] = {
    "invalid_name", 400,
    N_("The name was not accepted. Enter your name exactly as it appears on your ID card."),
    "姓名格式不正确，请填写与证件一致的姓名。",
  },
  [XUEXIN_ERROR_CODE_INVALID_EMAIL] = {
    "invalid_email", 400,
    N_("The email address was not accepted. Check it, or leave the field empty."),
    "邮箱格式不正确，请重新输入或不填写邮箱。",
  },
  [XUEXIN_ERROR_CODE_WEAK_PASSWORD] = {
    "weak_password", 400,
    N_("This password is too easy to guess. Choose a longer password that mixes letters, "
       "digits and punctuation."),
    "密码强度太弱，请使用字母、数字和符号组合的密码。",
  },
  [XUEXIN_ERROR_CODE_SMS_CODE_INVALID] = {
    "sms_code_invalid", 400,
    N_("The verification code is wrong. Check the text message and enter the code again."),
    "手机校验码错误，请重新输入。",
  },
  [XUEXIN_ERROR_CODE_SMS_CODE_EXPIRED] = {
    "sms_code_expired", 400,
    N_("The verification code has expired. Request a new code and enter it."),
    "手机校验码已过期，请重新获取。",
  },
  [XUEXIN_ERROR_CODE_PHONE_TAKEN] = {
    "phone_taken", 409,
    N_("This phone number is already registered. Use another phone number, or use Find "
       "Username to check whether you registered before."),
    "该手机号码已被注册，请更换手机号码，或使用找回用户名功能核实是否注册过账号。",
  },
  [XUEXIN_ERROR_CODE_ID_NUMBER_TAKEN] = {
    "id_number_taken", 409,
    /* Translators: “I want to register again” is the label of a check box (我要重新注册) */
    N_("An account is already registered with this ID number. If you never registered "
       "with it, or can no longer reset its password, tick “I want to register again”: "
       "this creates a new account, which must pass identity verification."),
    "证件号码已被注册。如果您未曾使用此证件号码注册账号或已无法重置密码，可勾选“我要重新注册”。",
  },
  [XUEXIN_ERROR_CODE_EMAIL_USED] = {
    "email_used", 409,
    N_("This email address has been used for a registration before. Use another address "
       "or leave it empty."),
    "该邮箱已被使用，请更换邮箱或不填写邮箱。",
  },
  [XUEXIN_ERROR_CODE_EMAIL_IP_RESTRICTED] = {
    "email_ip_restricted", 429,
    N_("Too many registrations with an email address came from your network today. "
       "Register without an email address and bind one later in account management."),
    "邮箱IP受限，建议您不填写邮箱完成注册，注册成功后可在账号管理中绑定邮箱。",
  },
  [XUEXIN_ERROR_CODE_RATE_LIMITED] = {
    "rate_limited", 429,
    N_("Too many attempts; this operation is blocked for now. Wait until the time shown, "
       "or recover your username and password and sign in with them."),
    "操作过于频繁，操作被禁止。",
  },
  [XUEXIN_ERROR_CODE_INVALID_CREDENTIALS] = {
    "invalid_credentials", 401,
    N_("The username or password is wrong. Check both and try again, or use Find Username "
       "or Reset Password."),
    "用户名或密码错误。",
  },
  [XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED] = {
    "account_cancelled", 403,
    N_("This account has been cancelled and can no longer be used. Register a new account "
       "to continue."),
    "该账号已注销。",
  },
  [XUEXIN_ERROR_CODE_IDENTITY_VERIFICATION_REQUIRED] = {
    "identity_verification_required", 403,
    N_("This account must verify its identity before it can be used. Choose one of the "
       "verification methods to continue."),
    "当前账号需要核验身份信息，请选择任一途径完成身份核验。",
  },
  [XUEXIN_ERROR_CODE_UNAUTHORIZED] = {
    "unauthorized", 401,
    N_("You are not signed in, or your session has ended. Sign in again."),
    "登录已失效，请重新登录。",
  },
  [XUEXIN_ERROR_CODE_FORBIDDEN] = {
    "forbidden", 403,
    N_("This account is not allowed to do this. Sign in with the account the data "
       "belongs to."),
    "无权执行此操作。",
  },
  [XUEXIN_ERROR_CODE_NOT_FOUND] = {
    "not_found", 404,
    N_("The requested item does not exist on the account service. Refresh and try again."),
    "请求的资源不存在。",
  },
  [XUEXIN_ERROR_CODE_PAYLOAD_TOO_LARGE] = {
    "payload_too_large", 413,
    N_("The data sent is too large. Use a smaller file and try again."),
    "提交的数据过大，请减小后重试。",
  },
  [XUEXIN_ERROR_CODE_INTERNAL] = {
    "internal_error", 500,
    N_("The account service had an internal error. Try again later."),
    "服务器内部错误，请稍后重试。",
  },
  /* The answer carries "remaining_attempts": the wrong answers still
   * allowed today. */
  [XUEXIN_ERROR_CODE_VERIFICATION_FAILED] = {
    "verification_failed", 400,
    N_("The information you entered does not match the records. Check it against your "
       "student card or certificate and try again, or choose another verification method."),
    "信息核验未通过，请核对后重新填写或选择其他核验方式。",
  },
  [XUEXIN_ERROR_CODE_CASE_OPEN] = {
    "case_open", 409,
    N_("Your identity review is already with the help desk. Wait for its decision; you can "
       "follow its progress on the identity verification page."),
    "您的身份核验申请正在审核中，请耐心等待审核结果。",
  },
  [XUEXIN_ERROR_CODE_PHOTO_INVALID] = {
    "photo_invalid", 400,
    N_("The photo was not accepted. Take a sharp JPEG or PNG photo of at least 600 × 400 "
       "pixels and upload it again."),
    "照片不符合要求，请上传清晰的JPG或PNG格式照片（不小于600×400像素）。",
  },
  [XUEXIN_ERROR_CODE_PHOTO_TOO_LARGE] = {
    "photo_too_large", 413,
    N_("The photo is larger than 300 KB. Reduce its size or resolution and upload it again."),
    "照片大小不能超过300KB，请压缩后重新上传。",
  },
  [XUEXIN_ERROR_CODE_REQUEST_EXPIRED] = {
    "request_expired", 410,
    N_("This request has expired. Start again to send a new one."),
    "该请求已过期，请重新发起。",
  },
  [XUEXIN_ERROR_CODE_NOT_CLASSMATE] = {
    "not_classmate", 400,
    N_("Your classmate could not be confirmed. Check their name, their phone or ID number, "
       "the school and the enrollment year, or choose another verification method."),
    "无法确认对方为您的同班同学，请核对填写的信息或选择其他核验方式。",
  },
  [XUEXIN_ERROR_CODE_ALREADY_VERIFIED] = {
    "already_verified", 409,
    N_("This account’s identity is already verified; nothing more is needed. Refresh the "
       "account page to see its state."),
    "当前账号已完成身份核验，无需再次核验。",
  },
  [XUEXIN_ERROR_CODE_TOO_MANY_OPEN_REQUESTS] = {
    "too_many_open_requests", 409,
    N_("You already have three assistance requests waiting for an answer. Wait until a "
       "classmate answers or a request expires, then send another."),
    "您待处理的协助请求已达上限，请等待同学处理或请求过期后再发送。",
  },
  [XUEXIN_ERROR_CODE_REQUEST_CLOSED] = {
    "request_closed", 409,
    N_("This request has already been answered or closed; there is nothing more to do."),
    "该请求已处理或已关闭。",
  },
  [XUEXIN_ERROR_CODE_CASE_CLAIMED] = {
    "case_claimed", 409,
    N_("Another reviewer holds this case, or your claim on it has ended. Claim it again or "
       "take the next case in the queue."),
    "该申请正由其他审核员处理或您的领取已过期，请重新领取或处理下一件申请。",
  },
  [XUEXIN_ERROR_CODE_PHOTO_REJECTED] = {
    "photo_rejected", 409,
    N_("This exact photo was already rejected. Take a new photo and upload that instead."),
    "该照片已被审核驳回，请重新拍摄后上传。",
  },
  [XUEXIN_ERROR_CODE_CASE_INCOMPLETE] = {
    "case_incomplete", 400,
    N_("All three photos are needed before you can submit: the photo of you holding your ID "
       "card, its portrait side and its emblem side."),
    "请上传手持身份证照片、身份证人像面和国徽面照片后再提交。",
  },
  /* Unknown, expired and revoked links answer alike: no oracle. */
  [XUEXIN_ERROR_CODE_HANDOFF_EXPIRED] = {
    "handoff_expired", 410,
    N_("This photo link has expired or was replaced. Scan the new code on the help-desk "
       "screen."),
    "链接已失效，请在服务台屏幕上重新扫码。",
  },
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_codes) == XUEXIN_ERROR_CODE_LAST + 1);

static const ErrorCodeInfo *
lookup (XuexinErrorCode code)
{
  /* A code from a newer peer must not crash us; treat it as unknown. */
  if ((guint) code >= G_N_ELEMENTS (error_codes))
    return &error_codes[XUEXIN_ERROR_CODE_UNKNOWN];

  return &error_codes[code];
}

/**
 * xuexin_error_code_to_string:
 * @code: an error code
 *
 * Returns: the API string of @code, such as "phone_taken"; "unknown"
 *   for %XUEXIN_ERROR_CODE_UNKNOWN and values out of range
 */
const char *
xuexin_error_code_to_string (XuexinErrorCode code)
{
  return lookup (code)->id;
}

/**
 * xuexin_error_code_from_string:
 * @string: (nullable): an API error string
 *
 * Returns: the code, or %XUEXIN_ERROR_CODE_UNKNOWN for %NULL and strings
 *   this version does not know, so that codes added later do not break
 *   older clients
 */
XuexinErrorCode
xuexin_error_code_from_string (const char *string)
{
  guint i;

  if (string == NULL)
    return XUEXIN_ERROR_CODE_UNKNOWN;

  for (i = 0; i < G_N_ELEMENTS (error_codes); i++)
    {
      if (g_strcmp0 (string, error_codes[i].id) == 0)
        return (XuexinErrorCode) i;
    }

  return XUEXIN_ERROR_CODE_UNKNOWN;
}

/**
 * xuexin_error_code_get_http_status:
 * @code: an error code
 *
 * Returns: the HTTP status the service answers with for @code
 */
guint
xuexin_error_code_get_http_status (XuexinErrorCode code)
{
  return lookup (code)->http_status;
}

/**
 * xuexin_error_code_get_message:
 * @code: an error code
 *
 * Returns: a translated sentence for the user interface that says what
 *   to do next
 */
const char *
xuexin_error_code_get_message (XuexinErrorCode code)
{
  return _(lookup (code)->message);
}

/**
 * xuexin_error_code_get_service_message:
 * @code: an error code
 *
 * Returns: the fixed zh_CN sentence the service sends in the "message"
 *   member of its JSON errors; never translated
 */
const char *
xuexin_error_code_get_service_message (XuexinErrorCode code)
{
  return lookup (code)->service_message;
}
