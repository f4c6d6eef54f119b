/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "xuexin-error-code.h"

G_BEGIN_DECLS

/**
 * XuexinClientError:
 *
 * Errors of the account client. Codes below 1000 are exactly the API's
 * #XuexinErrorCode values (so `XUEXIN_ERROR_CODE_PHONE_TAKEN` is a valid
 * error code of this domain); the others describe failures that never
 * reached the API. Cancellation stays `G_IO_ERROR_CANCELLED`.
 */
typedef enum {
  XUEXIN_CLIENT_ERROR_NETWORK = 1000, /* no connection, DNS, timeout */
  XUEXIN_CLIENT_ERROR_TLS,            /* certificate or TLS failure */
  XUEXIN_CLIENT_ERROR_PROTOCOL,       /* the answer was not what the API promises */
  XUEXIN_CLIENT_ERROR_SERVER,         /* 5xx without an API error */
} XuexinClientError;

#define XUEXIN_CLIENT_ERROR (xuexin_client_error_quark ())

GQuark      xuexin_client_error_quark           (void);
GError     *xuexin_client_error_new_api         (XuexinErrorCode  code,
                                                 const char      *field,
                                                 guint            retry_after);
const char *xuexin_client_error_get_field       (const GError    *error);
guint       xuexin_client_error_get_retry_after (const GError    *error);
gboolean    xuexin_client_error_is_api          (const GError    *error,
                                                 XuexinErrorCode  code);
gboolean    xuexin_client_error_is_retryable    (const GError    *error);

G_END_DECLS
