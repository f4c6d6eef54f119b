/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "xuexin-error-code.h"

G_BEGIN_DECLS

/**
 * XUEXIN_API_ERROR:
 *
 * The domain of the refusals the account service answered. Its codes are
 * the API's own #XuexinErrorCode values (src/common), so
 * `g_error_matches (error, XUEXIN_API_ERROR, XUEXIN_ERROR_CODE_PHONE_TAKEN)`
 * needs no cast. The message is this client's translated sentence for the
 * code; for a code newer than this client it is the service's own
 * sentence, with %XUEXIN_ERROR_CODE_UNKNOWN. The member at fault and the
 * wait of a rate limit travel with the error: see
 * xuexin_client_error_get_field() and xuexin_client_error_get_retry_after().
 */
#define XUEXIN_API_ERROR (xuexin_api_error_quark ())

/**
 * XuexinClientError:
 * @XUEXIN_CLIENT_ERROR_BAD_URL: the server address is not one this client
 *   may use: not an http(s) URL with a host, or plain http to a host that
 *   is not on this computer (see xuexin_client_check_server_url()).
 *   Nothing was sent.
 * @XUEXIN_CLIENT_ERROR_NETWORK: no connection, DNS failure or timeout
 * @XUEXIN_CLIENT_ERROR_TLS: the server's certificate or the TLS
 *   handshake failed; nothing was sent
 * @XUEXIN_CLIENT_ERROR_PROTOCOL: the answer was not what the API promises
 * @XUEXIN_CLIENT_ERROR_SERVER: a 5xx answer without an API error
 *
 * Failures on the client's side of the wire, in the domain
 * %XUEXIN_CLIENT_ERROR: the request never got an API answer. Refusals of
 * the service are in %XUEXIN_API_ERROR instead; cancellation stays
 * `G_IO_ERROR_CANCELLED`.
 */
typedef enum {
  XUEXIN_CLIENT_ERROR_BAD_URL,
  XUEXIN_CLIENT_ERROR_NETWORK,
  XUEXIN_CLIENT_ERROR_TLS,
  XUEXIN_CLIENT_ERROR_PROTOCOL,
  XUEXIN_CLIENT_ERROR_SERVER,
} XuexinClientError;

#define XUEXIN_CLIENT_ERROR (xuexin_client_error_quark ())

GQuark      xuexin_api_error_quark              (void);
GQuark      xuexin_client_error_quark           (void);
GError     *xuexin_client_error_new_api         (XuexinErrorCode  code,
                                                 const char      *field,
                                                 guint            retry_after);
const char *xuexin_client_error_get_field       (const GError    *error);
guint       xuexin_client_error_get_retry_after (const GError    *error);
gint        xuexin_client_error_get_remaining_attempts (const GError *error);
/* `case_claimed`: the name of the reviewer holding the claim, if the
 * service said (nullable). */
const char *xuexin_client_error_get_claimed_by_name (const GError *error);
gboolean    xuexin_client_error_is_api          (const GError    *error,
                                                 XuexinErrorCode  code);
gboolean    xuexin_client_error_is_retryable    (const GError    *error);

G_END_DECLS
