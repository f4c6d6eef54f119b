/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "xuexin-client-error.h"

G_BEGIN_DECLS

/* Sets @error to XUEXIN_CLIENT_ERROR_PROTOCOL with the one translated
 * sentence for answers this client does not understand. The detail (which
 * member was wrong) goes to the debug log only. */
void    xuexin_client_set_protocol_error   (GError             **error,
                                            const char          *detail_format,
                                            ...) G_GNUC_PRINTF (2, 3);

/* XUEXIN_CLIENT_ERROR_BAD_URL for a base URL requests cannot be sent to. */
GError *xuexin_client_error_new_bad_url    (const char          *base_url);

/* A failed send (no answer at all): NETWORK or TLS; cancellation stays
 * G_IO_ERROR_CANCELLED. */
GError *xuexin_client_error_from_transport (const GError        *error);

/* A non-2xx answer: the API error in @root (the parsed body, or NULL) or,
 * failing that, what the status says. */
GError *xuexin_client_error_from_response  (guint                status,
                                            SoupMessageHeaders  *headers,
                                            JsonNode            *root);

G_END_DECLS
