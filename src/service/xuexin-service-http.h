/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/*
 * HTTP calls from the service to other services (the WeChat token
 * endpoint), on a thread of their own: no worker and no database
 * connection waits on the network.
 */

typedef struct _XsHttpClient XsHttpClient;

/* Runs on the client's thread. @body is NULL exactly when @error is set;
 * an HTTP error status is not an error here. */
typedef void (*XsHttpCallback) (SoupMessage  *msg,
                                GBytes       *body,
                                const GError *error,
                                gpointer      data);

/* The thread starts on first use. @timeout: seconds of silence before a
 * call fails. */
XsHttpClient  *xs_http_client_new           (guint           timeout);
/* Cancels the calls in progress, waits for their callbacks and stops the
 * thread; later calls fail at once, in the caller's thread. Their
 * callbacks see G_IO_ERROR_CANCELLED. */
void           xs_http_client_stop          (XsHttpClient   *client);
/* Stops the client first if needed. */
void           xs_http_client_free          (XsHttpClient   *client);
/* Sends @msg (taken) from any thread; @callback runs once. */
void           xs_http_client_send          (XsHttpClient   *client,
                                             SoupMessage    *msg,
                                             XsHttpCallback  callback,
                                             gpointer        data);

G_END_DECLS
