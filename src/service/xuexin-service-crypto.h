/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service.h"

G_BEGIN_DECLS

char          *xs_password_hash             (const XuexinServiceConfig *config,
                                             const char    *password);
gboolean       xs_password_verify           (const char    *hash,
                                             const char    *password);
/* How many passwords xs_password_verify() has checked (tests). */
guint          xs_password_get_n_verified   (void);
/* A hash of a random password with the limits of @config, to verify
 * against when a login name matches no account; made once per limits. */
const char    *xs_password_dummy_hash       (const XuexinServiceConfig *config);
char          *xs_random_string             (gsize          n_bytes);
char          *xs_token_new                 (guint8         hash_out[32]);
void           xs_token_hash                (const char    *token,
                                             guint8         hash_out[32]);
char          *xs_secret_hash_hex           (const char    *scope,
                                             const char    *secret);
char          *xs_code_new                  (void);

G_END_DECLS
