/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets @error to XUEXIN_CLIENT_ERROR_PROTOCOL with the one translated
 * sentence for answers this client does not understand. The detail (which
 * member was wrong) goes to the debug log only. */
void xuexin_client_set_protocol_error (GError     **error,
                                       const char  *detail_format,
                                       ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
