/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * XuexinErrorCode:
 *
 * The error vocabulary of the account web API. The service sends the
 * string form (see xuexin_error_code_to_string()) in the "error" member
 * of its JSON answers. New codes may only be added at the end.
 */
typedef enum {
  XUEXIN_ERROR_CODE_UNKNOWN = 0,
  XUEXIN_ERROR_CODE_INVALID_REQUEST,
  XUEXIN_ERROR_CODE_INVALID_FIELD,
  XUEXIN_ERROR_CODE_INVALID_PHONE,
  XUEXIN_ERROR_CODE_INVALID_ID_NUMBER,
  XUEXIN_ERROR_CODE_INVALID_NAME,
  XUEXIN_ERROR_CODE_INVALID_EMAIL,
  XUEXIN_ERROR_CODE_WEAK_PASSWORD,
  XUEXIN_ERROR_CODE_SMS_CODE_INVALID,
  XUEXIN_ERROR_CODE_SMS_CODE_EXPIRED,
  XUEXIN_ERROR_CODE_PHONE_TAKEN,
  XUEXIN_ERROR_CODE_ID_NUMBER_TAKEN,
  XUEXIN_ERROR_CODE_EMAIL_USED,
  XUEXIN_ERROR_CODE_EMAIL_IP_RESTRICTED,
  XUEXIN_ERROR_CODE_RATE_LIMITED,
  XUEXIN_ERROR_CODE_INVALID_CREDENTIALS,
  XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED,
  XUEXIN_ERROR_CODE_IDENTITY_VERIFICATION_REQUIRED,
  XUEXIN_ERROR_CODE_UNAUTHORIZED,
  XUEXIN_ERROR_CODE_FORBIDDEN,
  XUEXIN_ERROR_CODE_NOT_FOUND,
  XUEXIN_ERROR_CODE_PAYLOAD_TOO_LARGE,
  XUEXIN_ERROR_CODE_INTERNAL,
  /* Identity verification (FAQ 5). */
  XUEXIN_ERROR_CODE_VERIFICATION_FAILED,
  XUEXIN_ERROR_CODE_CASE_OPEN,
  XUEXIN_ERROR_CODE_PHOTO_INVALID,
  XUEXIN_ERROR_CODE_PHOTO_TOO_LARGE,
  XUEXIN_ERROR_CODE_REQUEST_EXPIRED,
  XUEXIN_ERROR_CODE_NOT_CLASSMATE,
  XUEXIN_ERROR_CODE_ALREADY_VERIFIED,
  XUEXIN_ERROR_CODE_TOO_MANY_OPEN_REQUESTS,
  XUEXIN_ERROR_CODE_REQUEST_CLOSED,
  /* Review cases (path 2). */
  XUEXIN_ERROR_CODE_CASE_CLAIMED,
  XUEXIN_ERROR_CODE_PHOTO_REJECTED,
  XUEXIN_ERROR_CODE_CASE_INCOMPLETE,
  /* The phone hand-off of ID photos. */
  XUEXIN_ERROR_CODE_HANDOFF_EXPIRED,
} XuexinErrorCode;

/* Keep in step with the last value above. */
#define XUEXIN_ERROR_CODE_LAST XUEXIN_ERROR_CODE_HANDOFF_EXPIRED

const char      *xuexin_error_code_to_string           (XuexinErrorCode  code);
XuexinErrorCode  xuexin_error_code_from_string         (const char      *string);
guint            xuexin_error_code_get_http_status     (XuexinErrorCode  code);
const char      *xuexin_error_code_get_message         (XuexinErrorCode  code);
const char      *xuexin_error_code_get_service_message (XuexinErrorCode  code);

G_END_DECLS
