/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "xuexin-common.h"

G_BEGIN_DECLS

/* The transport limits; see docs/api.md "Limits". Sizes in bytes,
 * timeouts in seconds. */
typedef struct {
  gsize max_request_line;
  gsize max_header_size;
  guint max_headers;
  guint idle_timeout;
  guint head_timeout;
  guint max_connections_per_ip;  /* 0: no cap */
} XsListenerLimits;

/* Connection counts per client IP, shared by the server threads. */
typedef struct _XsIpTable XsIpTable;

XsIpTable *xs_ip_table_new   (void);
void       xs_ip_table_free  (XsIpTable *table);
guint      xs_ip_table_count (XsIpTable  *table,
                              const char *ip);

typedef struct _XsListener XsListener;

/* Accepts the connections of @socket on the thread-default main context
 * and hands those within the limits to @server. */
XsListener *xs_listener_new    (SoupServer             *server,
                                GSocket                *socket,
                                GTlsCertificate        *certificate,
                                const XsListenerLimits *limits,
                                XsIpTable              *ips,
                                GError                **error);
void        xs_listener_free   (XsListener             *listener);

/* From an early handler: answers @msg with @status and @code
 * (Connection: close) without reading its body, and closes the
 * connection. Returns FALSE if the connection is not one of
 * @listener's (then nothing was done). */
gboolean    xs_listener_refuse (XsListener             *listener,
                                SoupServerMessage      *msg,
                                guint                   status,
                                XuexinErrorCode         code);

/* From an early handler: TRUE if the connection's request head watcher
 * agrees with libsoup on where this request's body ends, so the next
 * request on the connection is watched too. When FALSE the caller must
 * answer with Connection: close. */
gboolean    xs_listener_check_body (XsListener         *listener,
                                    SoupServerMessage  *msg);

/* For tests: connections handed to a SoupServer and not yet released
 * by it, in this process. */
guint       xs_listener_count_live_streams (void);

G_END_DECLS
