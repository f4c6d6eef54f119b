/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The floor of the HTTP layer, for the benchmark (run-bench.sh builds and
 * runs it): two servers that answer every request with the same bytes as
 * the service's GET /me, doing nothing else.
 *
 *   http-floor soup  PORT BODY-FILE   a SoupServer on its own thread and
 *                                     GMainContext, as the service runs
 *                                     it, with a handler that only sets
 *                                     the reply;
 *   http-floor epoll PORT BODY-FILE   a bare epoll loop that answers once
 *                                     it has read the end of the headers
 *                                     (no parsing at all: a measuring
 *                                     stick, not a server).
 *
 * One thread each, listening on 127.0.0.1:PORT until killed.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libsoup/soup.h>

static GBytes *body;

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static gpointer
soup_thread (gpointer data)
{
  guint port = GPOINTER_TO_UINT (data);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  server = soup_server_new ("server-header", "http-floor ", NULL);
  soup_server_add_handler (server, NULL, handler_cb, NULL, NULL);
  if (!soup_server_listen (server, address, 0, &error))
    g_error ("%s", error->message);
  g_main_loop_run (loop);

  return NULL;
}

static void
run_epoll (guint port)
{
  g_autofree char *reply = NULL;
  gsize reply_length;
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port) };
  struct epoll_event event = { .events = EPOLLIN };
  struct epoll_event events[64];
  int listener = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int epoll = epoll_create1 (0);
  int one = 1;

  reply = g_strdup_printf ("HTTP/1.1 200 OK\r\nServer: http-floor\r\n"
                           "Date: Sat, 01 Mar 2025 08:00:00 GMT\r\nCache-Control: no-store\r\n"
                           "Content-Type: application/json; charset=utf-8\r\n"
                           "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n%.*s",
                           g_bytes_get_size (body), (int) g_bytes_get_size (body),
                           (const char *) g_bytes_get_data (body, NULL));
  reply_length = strlen (reply);

  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind (listener, (struct sockaddr *) &address, sizeof address) != 0
      || listen (listener, 128) != 0)
    g_error ("Cannot listen on port %u: %s", port, g_strerror (errno));

  event.data.fd = listener;
  epoll_ctl (epoll, EPOLL_CTL_ADD, listener, &event);

  for (;;)
    {
      int n = epoll_wait (epoll, events, G_N_ELEMENTS (events), -1);
      int i;

      for (i = 0; i < n; i++)
        {
          int fd = events[i].data.fd;
          char buffer[4096];
          gssize length;

          if (fd == listener)
            {
              int client;

              while ((client = accept4 (listener, NULL, NULL, SOCK_NONBLOCK)) >= 0)
                {
                  struct epoll_event client_event = { .events = EPOLLIN, .data.fd = client };

                  setsockopt (client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                  epoll_ctl (epoll, EPOLL_CTL_ADD, client, &client_event);
                }
              continue;
            }

          length = read (fd, buffer, sizeof buffer);
          if (length <= 0)
            close (fd);
          else if (memmem (buffer, (gsize) length, "\r\n\r\n", 4) != NULL
                   && write (fd, reply, reply_length) != (gssize) reply_length)
            close (fd);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;
  guint port;

  if (argc != 4 || (g_strcmp0 (argv[1], "soup") != 0 && g_strcmp0 (argv[1], "epoll") != 0))
    {
      g_printerr ("Usage: %s soup|epoll PORT BODY-FILE\n", argv[0]);
      return 1;
    }

  port = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  if (!g_file_get_contents (argv[3], &contents, &length, &error))
    g_error ("%s", error->message);
  body = g_bytes_new_take (contents, length);

  if (g_strcmp0 (argv[1], "soup") == 0)
    g_thread_join (g_thread_new ("http-floor", soup_thread, GUINT_TO_POINTER (port)));
  else
    run_epoll (port);

  return 0;
}
