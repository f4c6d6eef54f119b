/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "Remember me": the session token in the user's keyring (libsecret),
 * one per server. Kiosks often have no keyring; callers must say so
 * rather than fail silently. */
void     xuexin_session_store_save_async    (const char           *server_url,
                                             const char           *token,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean xuexin_session_store_save_finish   (GAsyncResult         *result,
                                             GError              **error);
void     xuexin_session_store_lookup_async  (const char           *server_url,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char    *xuexin_session_store_lookup_finish (GAsyncResult         *result,
                                             GError              **error);
void     xuexin_session_store_clear_async   (const char           *server_url,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean xuexin_session_store_clear_finish  (GAsyncResult         *result,
                                             GError              **error);

const char *xuexin_session_store_get_unavailable_message (void);

G_END_DECLS
