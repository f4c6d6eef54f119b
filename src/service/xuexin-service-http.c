/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include "xuexin-service-http.h"

/*
 * One thread with its own GMainContext and SoupSession: the session is
 * only ever used there, and every call is asynchronous, so any number of
 * slow answers cost no thread of the service. The thread starts with the
 * first call; most services never make one.
 */
struct _XsHttpClient {
  guint         timeout;

  GMutex        lock;
  GThread      *thread;      /* under lock */
  gboolean      stopped;     /* under lock */
  GMainContext *context;
  GMainLoop    *loop;

  /* The client's thread only. */
  SoupSession  *session;
  GCancellable *cancellable;
  guint         n_pending;
  gboolean      stopping;
};

typedef struct {
  XsHttpClient   *client;
  SoupMessage    *msg;
  XsHttpCallback  callback;
  gpointer        data;
} Call;

static void
call_finish (Call         *call,
             GBytes       *body,
             const GError *error)
{
  call->callback (call->msg, body, error, call->data);
  g_object_unref (call->msg);
  g_free (call);
}

static void
call_cancelled (Call *call)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 "The service is stopping");

  call_finish (call, NULL, error);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Call *call = data;
  XsHttpClient *client = call->client;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  call_finish (call, body, error);

  client->n_pending--;
  if (client->stopping && client->n_pending == 0)
    g_main_loop_quit (client->loop);
}

static gboolean
start_call_cb (gpointer data)
{
  Call *call = data;
  XsHttpClient *client = call->client;

  if (client->stopping)
    {
      call_cancelled (call);
      return G_SOURCE_REMOVE;
    }

  client->n_pending++;
  soup_session_send_and_read_async (client->session, call->msg, G_PRIORITY_DEFAULT,
                                    client->cancellable, send_cb, call);
  return G_SOURCE_REMOVE;
}

static gboolean
stop_cb (gpointer data)
{
  XsHttpClient *client = data;

  client->stopping = TRUE;
  g_cancellable_cancel (client->cancellable);
  if (client->n_pending == 0)
    g_main_loop_quit (client->loop);

  return G_SOURCE_REMOVE;
}

static gpointer
client_thread_func (gpointer data)
{
  XsHttpClient *client = data;

  g_main_context_push_thread_default (client->context);

  /* libsoup allows two connections per host by default: too few when
   * several users sign in at once. */
  client->session = soup_session_new_with_options ("timeout", client->timeout,
                                                   "user-agent", "xuexin-accountd/" PACKAGE_VERSION,
                                                   "max-conns", 64,
                                                   "max-conns-per-host", 32,
                                                   NULL);
  client->cancellable = g_cancellable_new ();

  g_main_loop_run (client->loop);

  /* Calls queued after the stop fail like later ones. */
  while (g_main_context_iteration (client->context, FALSE))
    ;
  g_clear_object (&client->session);
  g_clear_object (&client->cancellable);

  g_main_context_pop_thread_default (client->context);
  return NULL;
}

XsHttpClient *
xs_http_client_new (guint timeout)
{
  XsHttpClient *client = g_new0 (XsHttpClient, 1);

  client->timeout = timeout;
  g_mutex_init (&client->lock);
  client->context = g_main_context_new ();
  client->loop = g_main_loop_new (client->context, FALSE);

  return client;
}

void
xs_http_client_send (XsHttpClient   *client,
                     SoupMessage    *msg,
                     XsHttpCallback  callback,
                     gpointer        data)
{
  Call *call = g_new0 (Call, 1);

  call->client = client;
  call->msg = msg;
  call->callback = callback;
  call->data = data;

  g_mutex_lock (&client->lock);
  if (client->stopped)
    {
      g_mutex_unlock (&client->lock);
      call_cancelled (call);
      return;
    }

  if (client->thread == NULL)
    client->thread = g_thread_new ("xuexin-http-client", client_thread_func, client);
  g_main_context_invoke (client->context, start_call_cb, call);
  g_mutex_unlock (&client->lock);
}

void
xs_http_client_stop (XsHttpClient *client)
{
  GThread *thread;

  g_mutex_lock (&client->lock);
  client->stopped = TRUE;
  thread = g_steal_pointer (&client->thread);
  g_mutex_unlock (&client->lock);

  if (thread != NULL)
    {
      g_main_context_invoke (client->context, stop_cb, client);
      g_thread_join (thread);
    }
}

void
xs_http_client_free (XsHttpClient *client)
{
  xs_http_client_stop (client);

  g_main_loop_unref (client->loop);
  g_main_context_unref (client->context);
  g_mutex_clear (&client->lock);
  g_free (client);
}
