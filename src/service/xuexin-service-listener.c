/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gnetworking.h>

#include "xuexin-service-json.h"
#include "xuexin-service-listener.h"

/*
 * The service accepts its connections itself instead of letting
 * SoupServer listen, because libsoup 3.2's SoupServer has no limits for
 * the request head and no timeouts (it has no such properties, and
 * soup-server-message-io-http1.c reads a head until its fixed 64 KiB
 * HEADER_SIZE_LIMIT, then drops the connection without writing). Seen
 * from outside (issue 9): 0 of 250 slow connections closed within 12 s,
 * and a 64 KiB header, 5000 headers or a 100 KB path got a reset.
 * Measured here with each part below taken out again, in
 * tests/service/test-service-transport.c: without the watcher those
 * three requests got no answer; without the timeouts an idle, stalled or
 * trickling connection was still open after 10 s; without the cap a
 * fourth connection was served with the cap at three. So each accepted
 * connection gets:
 *
 *  - a per-IP slot (at most max_connections_per_ip at once, counted over
 *    all server threads); one over the cap is answered 429 and closed;
 *  - g_socket_set_timeout (idle_timeout): every wait for the client to
 *    send or to take data, including the wait between keep-alive
 *    requests, ends the connection after that long;
 *  - a deadline for each request head (head_timeout, from the first byte
 *    of the head, or from the accept for the first one, so it covers the
 *    TLS handshake too): a client trickling its head a byte at a time
 *    resets the idle timeout with every byte, but not this one;
 *  - a head watcher (XsHeadStream) between the socket (or TLS) stream and
 *    libsoup that counts the request line, header bytes and header lines
 *    as they pass, and answers 414 or 431 itself before libsoup's buffer
 *    fills.
 *
 * The watcher's parsing is hand-rolled and minimal: it only needs line
 * ends, and Content-Length to know where the next request on a
 * keep-alive connection starts (so every request is watched, not only
 * the first). Where it cannot be sure of the body's end (Transfer-
 * Encoding, a repeated or odd Content-Length, or libsoup parsing the
 * length differently, checked in xs_listener_check_body()), the
 * connection is closed after that answer instead of being trusted.
 *
 * TLS: SoupServer only wraps connections in TLS itself when it accepts
 * them from its own listeners (soup_server_accept_iostream() takes the
 * stream as it is), so the handshake is done here and the watcher sits
 * above TLS, on the plaintext.
 *
 * Refusals (414, 431, 413 from the early handler, 429) are written here,
 * not by libsoup: a fixed answer with the API's JSON error body,
 * Cache-Control: no-store and Connection: close. Then the write side is
 * shut and what the client still sends is read and dropped for a short
 * while before the socket is closed: closing with unread data would send
 * a reset, which can make the client lose the answer.
 */

/* Not in libsoup 3.2's SoupStatus. */
#define STATUS_TOO_MANY_REQUESTS               429
#define STATUS_REQUEST_HEADER_FIELDS_TOO_LARGE 431

#define WATCH_LINE_PREFIX 64
#define HEADS_QUEUED      8              /* bytes kept of each header line */
#define LINGER_MAX_BYTES  (1024 * 1024)   /* dropped after a refusal, at most */
#define LINGER_MAX_MSEC   2000

struct _XsIpTable {
  GMutex      lock;
  GHashTable *counts;   /* char *ip → GUINT_TO_POINTER (connections) */
};

typedef enum {
  WATCH_REQUEST_LINE,
  WATCH_FIELDS,
  WATCH_BODY,
  WATCH_OFF,            /* body end unknown: no more requests trusted */
  WATCH_ENDING,         /* idle end seen: telling libsoup (head_stream_check ()) */
  WATCH_ENDED,
} WatchState;

typedef struct _XsConn XsConn;

struct _XsListener {
  SoupServer       *server;
  GSocket          *socket;
  GSource          *accept_source;
  GTlsCertificate  *certificate;
  XsListenerLimits  limits;
  XsIpTable        *ips;
  GSocket          *keepalive_pair[2];
  GHashTable       *conns;      /* "ip port" → XsConn (borrowed) */
  GMainContext     *context;
};

struct _XsConn {
  gint              ref_count;
  XsListener       *listener;   /* NULL once the listener is gone */
  GSocket          *socket;
  GIOStream        *base;       /* GSocketConnection or GTlsServerConnection */
  GSocketAddress   *local;
  GSocketAddress   *remote;
  char             *ip;         /* holds a slot in the IP table, when set */
  char             *key;
  GSource          *deadline;

  /* The head watcher */
  WatchState        state;
  gboolean          head_started;
  gsize             line_length;
  gsize             header_bytes;
  guint             n_headers;
  char              line[WATCH_LINE_PREFIX];
  gboolean          has_length;
  gboolean          length_unsure;
  guint64           length;
  guint64           body_left;
  /* Body lengths of the heads seen and not yet checked against
   * libsoup's (xs_listener_check_body()), oldest first; more than one
   * only when requests are pipelined. G_MAXUINT64: unsure. */
  guint64           lengths[HEADS_QUEUED];
  guint             n_lengths;

  /* Ending */
  guint             refuse_status;
  XuexinErrorCode   refuse_code;
  gboolean          finishing;
  gboolean          closed;
  GSource          *linger_source;
  GSource          *linger_timer;
  gsize             lingered;
};

static void conn_finish (XsConn *conn);
static void conn_close  (XsConn *conn);

/* ----- IP table ----------------------------------------------------------- */

XsIpTable *
xs_ip_table_new (void)
{
  XsIpTable *table = g_new0 (XsIpTable, 1);

  g_mutex_init (&table->lock);
  table->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return table;
}

void
xs_ip_table_free (XsIpTable *table)
{
  if (table == NULL)
    return;

  g_hash_table_unref (table->counts);
  g_mutex_clear (&table->lock);
  g_free (table);
}

guint
xs_ip_table_count (XsIpTable  *table,
                   const char *ip)
{
  guint count;

  g_mutex_lock (&table->lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (table->counts, ip));
  g_mutex_unlock (&table->lock);
  return count;
}

static gboolean
ip_table_take (XsIpTable  *table,
               const char *ip,
               guint       max)
{
  guint count;
  gboolean taken = FALSE;

  g_mutex_lock (&table->lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (table->counts, ip));
  if (max == 0 || count < max)
    {
      g_hash_table_insert (table->counts, g_strdup (ip), GUINT_TO_POINTER (count + 1));
      taken = TRUE;
    }
  g_mutex_unlock (&table->lock);
  return taken;
}

static void
ip_table_release (XsIpTable  *table,
                  const char *ip)
{
  guint count;

  g_mutex_lock (&table->lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (table->counts, ip));
  if (count <= 1)
    g_hash_table_remove (table->counts, ip);
  else
    g_hash_table_insert (table->counts, g_strdup (ip), GUINT_TO_POINTER (count - 1));
  g_mutex_unlock (&table->lock);
}

/* ----- connections -------------------------------------------------------- */

static XsConn *
conn_ref (XsConn *conn)
{
  g_atomic_int_inc (&conn->ref_count);
  return conn;
}

static void
conn_unref (XsConn *conn)
{
  if (!g_atomic_int_dec_and_test (&conn->ref_count))
    return;

  g_assert (conn->closed);
  g_clear_object (&conn->socket);
  g_clear_object (&conn->base);
  g_clear_object (&conn->local);
  g_clear_object (&conn->remote);
  g_free (conn->key);
  g_free (conn);
}

static char *
address_key (GSocketAddress *address)
{
  g_autofree char *ip = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;

  ip = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
  return g_strdup_printf ("%s %u", ip,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

static void
conn_disarm_deadline (XsConn *conn)
{
  if (conn->deadline != NULL)
    {
      g_source_destroy (conn->deadline);
      g_clear_pointer (&conn->deadline, g_source_unref);
    }
}

/* The head took too long: end the connection. libsoup (or the TLS
 * handshake) sees the end of the stream and lets go of it. */
static gboolean
deadline_cb (gpointer data)
{
  XsConn *conn = data;

  g_clear_pointer (&conn->deadline, g_source_unref);
  g_debug ("Closing a connection whose request head took over %u s",
           conn->listener != NULL ? conn->listener->limits.head_timeout : 0);
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
conn_arm_deadline (XsConn *conn)
{
  if (conn->listener == NULL || conn->listener->limits.head_timeout == 0 || conn->finishing)
    return;

  conn_disarm_deadline (conn);
  conn->deadline = g_timeout_source_new_seconds (conn->listener->limits.head_timeout);
  g_source_set_callback (conn->deadline, deadline_cb, conn, NULL);
  g_source_set_static_name (conn->deadline, "[xuexin-service] head deadline");
  g_source_attach (conn->deadline, conn->listener->context);
}

static const char *
status_phrase (guint status)
{
  switch (status)
    {
    case STATUS_TOO_MANY_REQUESTS:
      return "Too Many Requests";
    case STATUS_REQUEST_HEADER_FIELDS_TOO_LARGE:
      return "Request Header Fields Too Large";
    default:
      return soup_status_get_phrase (status);
    }
}

static char *
refusal_text (guint            status,
              XuexinErrorCode  code,
              gsize           *out_length)
{
  g_auto(XsJsonWriter) writer = { 0, };
  g_autofree char *body = NULL;
  GString *text;

  xs_json_writer_init (&writer);
  xs_json_begin_object (&writer);
  xs_json_member (&writer, "error");
  xs_json_begin_object (&writer);
  xs_json_member (&writer, "code");
  xs_json_string (&writer, xuexin_error_code_to_string (code));
  xs_json_member (&writer, "message");
  xs_json_string (&writer, xuexin_error_code_get_service_message (code));
  if (status == STATUS_TOO_MANY_REQUESTS)
    {
      xs_json_member (&writer, "retry_after");
      xs_json_int (&writer, 1);
    }
  xs_json_end_object (&writer);
  xs_json_end_object (&writer);
  body = xs_json_writer_finish (&writer);

  text = g_string_new (NULL);
  g_string_append_printf (text, "HTTP/1.1 %u %s\r\n", status, status_phrase (status));
  g_string_append (text, "Connection: close\r\n"
                         "Cache-Control: no-store\r\n"
                         "Content-Type: application/json; charset=utf-8\r\n");
  if (status == STATUS_TOO_MANY_REQUESTS)
    g_string_append (text, "Retry-After: 1\r\n");
  g_string_append_printf (text, "Content-Length: %zu\r\n\r\n%s", strlen (body), body);

  *out_length = text->len;
  return g_string_free (text, FALSE);
}

static void
conn_close (XsConn *conn)
{
  if (conn->closed)
    return;
  conn->closed = TRUE;
  conn->finishing = TRUE;

  conn_disarm_deadline (conn);
  if (conn->linger_source != NULL)
    {
      g_source_destroy (conn->linger_source);
      g_clear_pointer (&conn->linger_source, g_source_unref);
    }
  if (conn->linger_timer != NULL)
    {
      g_source_destroy (conn->linger_timer);
      g_clear_pointer (&conn->linger_timer, g_source_unref);
    }

  /* The TLS close sends close_notify; the socket's timeout bounds it. */
  if (conn->base != NULL)
    g_io_stream_close (conn->base, NULL, NULL);
  g_socket_close (conn->socket, NULL);

  if (conn->listener != NULL)
    {
      if (conn->ip != NULL)
        ip_table_release (conn->listener->ips, conn->ip);
      if (conn->key != NULL)
        g_hash_table_remove (conn->listener->conns, conn->key);
    }
  g_clear_pointer (&conn->ip, g_free);
  conn->listener = NULL;

  conn_unref (conn);   /* the listener's reference */
}

static gboolean
linger_read_cb (GSocket      *socket,
                GIOCondition  condition,
                gpointer      data)
{
  XsConn *conn = data;
  char buffer[16 * 1024];
  gssize n;

  for (;;)
    {
      g_autoptr(GError) error = NULL;

      n = g_socket_receive_with_blocking (socket, buffer, sizeof buffer, FALSE, NULL, &error);
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      if (n <= 0)
        break;
      conn->lingered += (gsize) n;
      if (conn->lingered >= LINGER_MAX_BYTES)
        break;
    }

  g_clear_pointer (&conn->linger_source, g_source_unref);
  conn_close (conn);
  return G_SOURCE_REMOVE;
}

static gboolean
linger_timer_cb (gpointer data)
{
  XsConn *conn = data;

  g_clear_pointer (&conn->linger_timer, g_source_unref);
  conn_close (conn);
  return G_SOURCE_REMOVE;
}

/* The stream is no longer libsoup's: answer a refusal if one is due,
 * then close. Runs on the listener's thread. */
static void
conn_finish (XsConn *conn)
{
  g_autofree char *text = NULL;
  GOutputStream *output;
  gsize length;

  if (conn->finishing)
    return;
  conn->finishing = TRUE;
  conn_disarm_deadline (conn);

  if (conn->refuse_status == 0 || conn->listener == NULL)
    {
      conn_close (conn);
      return;
    }

  text = refusal_text (conn->refuse_status, conn->refuse_code, &length);
  output = g_io_stream_get_output_stream (conn->base);
  /* A few hundred bytes into an idle socket's send buffer: does not wait
   * in practice, and the socket timeout bounds it if it does. */
  if (!g_output_stream_write_all (output, text, length, NULL, NULL, NULL)
      || !g_output_stream_flush (output, NULL, NULL)
      || !g_socket_shutdown (conn->socket, FALSE, TRUE, NULL))
    {
      conn_close (conn);
      return;
    }

  conn->linger_source = g_socket_create_source (conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (conn->linger_source, G_SOURCE_FUNC (linger_read_cb), conn, NULL);
  g_source_set_static_name (conn->linger_source, "[xuexin-service] linger");
  g_source_attach (conn->linger_source, conn->listener->context);

  conn->linger_timer = g_timeout_source_new (LINGER_MAX_MSEC);
  g_source_set_callback (conn->linger_timer, linger_timer_cb, conn, NULL);
  g_source_attach (conn->linger_timer, conn->listener->context);
}

/* ----- the head watcher ----------------------------------------------- */

static gboolean
parse_content_length (const char *value,
                      guint64    *out)
{
  guint64 result = 0;
  const char *p = value;

  while (*p == ' ' || *p == '\t')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    {
      if (result > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      result = result * 10 + (guint64) (*p - '0');
      p++;
    }
  while (*p == ' ' || *p == '\t' || *p == '\r')
    p++;
  if (*p != '\0')
    return FALSE;

  *out = result;
  return TRUE;
}

/* A header line ended (without its '\n'); looks for the fields that
 * decide where the body ends. */
static void
watch_field_done (XsConn *conn)
{
  gsize kept = MIN (conn->line_length, sizeof conn->line - 1);
  g_autofree char *line = g_strndup (conn->line, kept);
  char *colon = strchr (line, ':');

  if (colon == NULL)
    return;
  *colon = '\0';

  if (g_ascii_strcasecmp (line, "Content-Length") == 0)
    {
      guint64 value;

      if (conn->has_length || conn->line_length >= sizeof conn->line - 1
          || !parse_content_length (colon + 1, &value))
        conn->length_unsure = TRUE;
      else
        conn->length = value;
      conn->has_length = TRUE;
    }
  else if (g_ascii_strcasecmp (line, "Transfer-Encoding") == 0)
    conn->length_unsure = TRUE;
}

static void
watch_reset_head (XsConn *conn)
{
  conn->state = WATCH_REQUEST_LINE;
  conn->head_started = FALSE;
  conn->line_length = 0;
  conn->header_bytes = 0;
  conn->n_headers = 0;
  conn->has_length = FALSE;
  conn->length_unsure = FALSE;
  conn->length = 0;
}

static void
watch_head_done (XsConn *conn)
{
  conn_disarm_deadline (conn);
  if (conn->n_lengths < HEADS_QUEUED)
    conn->lengths[conn->n_lengths++] = conn->length_unsure ? G_MAXUINT64 : conn->length;
  else
    conn->length_unsure = TRUE;
  if (conn->length_unsure)
    conn->state = WATCH_OFF;
  else if (conn->length > 0)
    {
      conn->state = WATCH_BODY;
      conn->body_left = conn->length;
    }
  else
    watch_reset_head (conn);
}

/* Looks at @n bytes read from the client. Returns FALSE (and sets the
 * refusal) when they break a limit. */
static gboolean
watch_bytes (XsConn     *conn,
             const char *data,
             gsize       n)
{
  const XsListenerLimits *limits = &conn->listener->limits;
  gsize i = 0;

  while (i < n)
    {
      switch (conn->state)
        {
        case WATCH_OFF:
        case WATCH_ENDING:
        case WATCH_ENDED:
          return TRUE;

        case WATCH_BODY:
          {
            gsize take = (gsize) MIN ((guint64) (n - i), conn->body_left);

            conn->body_left -= take;
            i += take;
            if (conn->body_left == 0)
              watch_reset_head (conn);
          }
          break;

        case WATCH_REQUEST_LINE:
          if (!conn->head_started)
            {
              conn->head_started = TRUE;
              conn_arm_deadline (conn);
            }
          for (; i < n; i++)
            {
              if (data[i] == '\n')
                {
                  i++;
                  conn->state = WATCH_FIELDS;
                  conn->line_length = 0;
                  break;
                }
              if (++conn->line_length > limits->max_request_line)
                {
                  conn->refuse_status = SOUP_STATUS_REQUEST_URI_TOO_LONG;
                  return FALSE;
                }
            }
          break;

        case WATCH_FIELDS:
        default:
          for (; i < n; i++)
            {
              char c = data[i];

              if (++conn->header_bytes > limits->max_header_size)
                {
                  conn->refuse_status = STATUS_REQUEST_HEADER_FIELDS_TOO_LARGE;
                  return FALSE;
                }
              if (c == '\n')
                {
                  /* A blank line ("\r\n" or "\n") ends the head. */
                  if (conn->line_length == 0
                      || (conn->line_length == 1 && conn->line[0] == '\r'))
                    {
                      i++;
                      watch_head_done (conn);
                      break;
                    }
                  if (++conn->n_headers > limits->max_headers)
                    {
                      conn->refuse_status = STATUS_REQUEST_HEADER_FIELDS_TOO_LARGE;
                      return FALSE;
                    }
                  watch_field_done (conn);
                  conn->line_length = 0;
                  continue;
                }
              if (conn->line_length < sizeof conn->line)
                conn->line[conn->line_length] = c;
              conn->line_length++;
            }
          break;
        }
    }

  return TRUE;
}

#define XS_TYPE_HEAD_STREAM (xs_head_stream_get_type ())
G_DECLARE_FINAL_TYPE (XsHeadStream, xs_head_stream, XS, HEAD_STREAM, GFilterInputStream)

struct _XsHeadStream {
  GFilterInputStream  parent_instance;
  XsConn             *conn;
};

static void xs_head_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (XsHeadStream, xs_head_stream, G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      xs_head_stream_pollable_init))

static GInputStream *
head_stream_base (XsHeadStream *self)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
}

static gboolean
close_later_cb (gpointer data)
{
  conn_close (data);
  return G_SOURCE_REMOVE;
}

static gssize
head_stream_check (XsHeadStream  *self,
                   void          *buffer,
                   gssize         n,
                   GError       **error)
{
  XsConn *conn = self->conn;

  if (conn->listener == NULL)
    return n;

  /*
   * The end of a keep-alive connection between two requests: its close
   * by the client, or the idle timeout (the socket's). libsoup 3.2
   * forgets such a connection without disconnecting it: the message
   * waiting for the next request gets its completion callback only with
   * the first byte of that request, and without one
   * soup_server_message_io_http1_finished() neither disconnects nor
   * waits for another request (fixed in libsoup 3.3.0, commit d20c6601
   * "server: do not leak idle connections closed by the client"). The
   * socket and the connection's objects would stay until the server
   * stops. So libsoup is given one byte, then the end of the stream,
   * then an error: the byte starts a message (with its callback), the
   * end completes libsoup's line read, the error fails the head read,
   * and libsoup disconnects, which closes this stream. Should that ever
   * not happen, the connection closes itself a second later anyway.
   */
  if ((n == 0 || (n < 0 && !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)))
      && conn->state == WATCH_REQUEST_LINE && !conn->head_started && !conn->finishing)
    {
      GSource *source = g_timeout_source_new_seconds (1);

      g_source_set_callback (source, close_later_cb, conn_ref (conn), (GDestroyNotify) conn_unref);
      g_source_attach (source, conn->listener->context);
      g_source_unref (source);

      g_clear_error (error);
      conn->state = WATCH_ENDING;
      ((char *) buffer)[0] = 'X';
      return 1;
    }

  if (n <= 0 || watch_bytes (conn, buffer, (gsize) n))
    return n;

  conn->refuse_code = XUEXIN_ERROR_CODE_INVALID_REQUEST;
  g_debug ("Refusing a request head over the limits (%u)", conn->refuse_status);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       "The request head is over the limits");
  return -1;
}

/* After the byte of an idle end (head_stream_check ()): the end, then
 * errors. */
static gboolean
head_stream_ended (XsHeadStream  *self,
                   gssize        *n,
                   GError       **error)
{
  XsConn *conn = self->conn;

  if (conn->state == WATCH_ENDING)
    {
      conn->state = WATCH_ENDED;
      *n = 0;
      return TRUE;
    }
  if (conn->state == WATCH_ENDED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                           "The connection has ended");
      *n = -1;
      return TRUE;
    }

  return FALSE;
}

static gssize
xs_head_stream_read (GInputStream  *stream,
                     void          *buffer,
                     gsize          count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  XsHeadStream *self = XS_HEAD_STREAM (stream);
  gssize n;

  if (head_stream_ended (self, &n, error))
    return n;
  n = g_input_stream_read (head_stream_base (self), buffer, count, cancellable, error);

  return head_stream_check (self, buffer, n, error);
}

static gboolean
xs_head_stream_close (GInputStream  *stream,
                      GCancellable  *cancellable,
                      GError       **error)
{
  /* The connection closes the transport. */
  return TRUE;
}

static gssize
xs_head_stream_read_nonblocking (GPollableInputStream  *stream,
                                 void                  *buffer,
                                 gsize                  count,
                                 GError               **error)
{
  XsHeadStream *self = XS_HEAD_STREAM (stream);
  gssize n;

  if (head_stream_ended (self, &n, error))
    return n;
  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (head_stream_base (self)),
                                                buffer, count, NULL, error);

  return head_stream_check (self, buffer, n, error);
}

static gboolean
xs_head_stream_can_poll (GPollableInputStream *stream)
{
  GInputStream *base = head_stream_base (XS_HEAD_STREAM (stream));

  return G_IS_POLLABLE_INPUT_STREAM (base)
         && g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (base));
}

static gboolean
xs_head_stream_is_readable (GPollableInputStream *stream)
{
  XsConn *conn = XS_HEAD_STREAM (stream)->conn;

  if (conn->state == WATCH_ENDING || conn->state == WATCH_ENDED)
    return TRUE;
  return g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (head_stream_base (XS_HEAD_STREAM (stream))));
}

static GSource *
xs_head_stream_create_source (GPollableInputStream *stream,
                              GCancellable         *cancellable)
{
  GInputStream *base = head_stream_base (XS_HEAD_STREAM (stream));
  g_autoptr(GSource) base_source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (base), NULL);

  return g_pollable_source_new_full (stream, base_source, cancellable);
}

static void
xs_head_stream_finalize (GObject *object)
{
  XsHeadStream *self = XS_HEAD_STREAM (object);

  g_clear_pointer (&self->conn, conn_unref);
  G_OBJECT_CLASS (xs_head_stream_parent_class)->finalize (object);
}

static void
xs_head_stream_class_init (XsHeadStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = xs_head_stream_finalize;
  input_class->read_fn = xs_head_stream_read;
  input_class->close_fn = xs_head_stream_close;
}

static void
xs_head_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = xs_head_stream_can_poll;
  iface->is_readable = xs_head_stream_is_readable;
  iface->create_source = xs_head_stream_create_source;
  iface->read_nonblocking = xs_head_stream_read_nonblocking;
}

static void
xs_head_stream_init (XsHeadStream *self)
{
}

/* ----- the stream handed to libsoup ------------------------------------- */

#define XS_TYPE_CONN_STREAM (xs_conn_stream_get_type ())
G_DECLARE_FINAL_TYPE (XsConnStream, xs_conn_stream, XS, CONN_STREAM, GIOStream)

struct _XsConnStream {
  GIOStream      parent_instance;
  XsConn        *conn;
  GInputStream  *input;
};

G_DEFINE_FINAL_TYPE (XsConnStream, xs_conn_stream, G_TYPE_IO_STREAM)

static gint n_live_streams;   /* atomic; for tests */

static GInputStream *
xs_conn_stream_get_input_stream (GIOStream *stream)
{
  return XS_CONN_STREAM (stream)->input;
}

static GOutputStream *
xs_conn_stream_get_output_stream (GIOStream *stream)
{
  return g_io_stream_get_output_stream (XS_CONN_STREAM (stream)->conn->base);
}

/* libsoup is done with the connection (or stole it). */
static gboolean
xs_conn_stream_close (GIOStream     *stream,
                      GCancellable  *cancellable,
                      GError       **error)
{
  XsConnStream *self = XS_CONN_STREAM (stream);

  g_input_stream_close (self->input, NULL, NULL);
  conn_finish (self->conn);
  return TRUE;
}

/* Not in a thread as GIOStream's default would: the connection belongs
 * to its server thread. */
static void
xs_conn_stream_close_async (GIOStream           *stream,
                            int                  io_priority,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  xs_conn_stream_close (stream, cancellable, NULL);
  g_task_return_boolean (task, TRUE);
}

static gboolean
xs_conn_stream_close_finish (GIOStream     *stream,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
xs_conn_stream_finalize (GObject *object)
{
  XsConnStream *self = XS_CONN_STREAM (object);

  g_clear_object (&self->input);
  g_clear_pointer (&self->conn, conn_unref);
  g_atomic_int_add (&n_live_streams, -1);
  G_OBJECT_CLASS (xs_conn_stream_parent_class)->finalize (object);
}

static void
xs_conn_stream_class_init (XsConnStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->finalize = xs_conn_stream_finalize;
  stream_class->get_input_stream = xs_conn_stream_get_input_stream;
  stream_class->get_output_stream = xs_conn_stream_get_output_stream;
  stream_class->close_fn = xs_conn_stream_close;
  stream_class->close_async = xs_conn_stream_close_async;
  stream_class->close_finish = xs_conn_stream_close_finish;
}

static void
xs_conn_stream_init (XsConnStream *self)
{
  g_atomic_int_inc (&n_live_streams);
}

guint
xs_listener_count_live_streams (void)
{
  return (guint) g_atomic_int_get (&n_live_streams);
}

static void
conn_hand_to_server (XsConn *conn)
{
  g_autoptr(XsConnStream) stream = g_object_new (XS_TYPE_CONN_STREAM, NULL);
  XsHeadStream *input = g_object_new (XS_TYPE_HEAD_STREAM,
                                      "base-stream", g_io_stream_get_input_stream (conn->base),
                                      "close-base-stream", FALSE,
                                      NULL);

  input->conn = conn_ref (conn);
  stream->input = G_INPUT_STREAM (input);
  stream->conn = conn_ref (conn);

  soup_server_accept_iostream (conn->listener->server, G_IO_STREAM (stream),
                               conn->local, conn->remote, NULL);
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  XsConn *conn = data;
  g_autoptr(GError) error = NULL;

  if (conn->closed || conn->listener == NULL
      || !g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      if (error != NULL)
        g_debug ("TLS handshake failed: %s", error->message);
      conn_close (conn);
    }
  else
    conn_hand_to_server (conn);

  conn_unref (conn);
}

/* ----- the listener ------------------------------------------------------- */

static void
accept_one (XsListener *self,
            GSocket    *socket)
{
  XsConn *conn = g_new0 (XsConn, 1);
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GError) error = NULL;
  gboolean over_cap;

  conn->ref_count = 1;   /* the listener's, until conn_close() */
  conn->listener = self;
  conn->socket = socket;
  conn->remote = g_socket_get_remote_address (socket, NULL);
  conn->local = g_socket_get_local_address (socket, NULL);
  conn->key = address_key (conn->remote);
  if (conn->remote == NULL || conn->local == NULL || conn->key == NULL)
    {
      conn->closed = TRUE;
      g_socket_close (socket, NULL);
      conn_unref (conn);
      return;
    }
  g_hash_table_insert (self->conns, g_strdup (conn->key), conn);

  g_socket_set_timeout (socket, self->limits.idle_timeout);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  conn->base = G_IO_STREAM (g_socket_connection_factory_create_connection (socket));

  inet = g_object_ref (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (conn->remote)));
  {
    g_autofree char *ip = g_inet_address_to_string (inet);

    over_cap = !ip_table_take (self->ips, ip, self->limits.max_connections_per_ip);
    if (!over_cap)
      conn->ip = g_steal_pointer (&ip);
  }

  if (over_cap)
    {
      g_debug ("Refusing a connection over the per-IP cap (%u)",
               self->limits.max_connections_per_ip);
      /* Without TLS the client can be told why; with TLS an answer would
       * need a handshake first, which is what the cap is to spare. */
      if (self->certificate == NULL)
        {
          conn->refuse_status = STATUS_TOO_MANY_REQUESTS;
          conn->refuse_code = XUEXIN_ERROR_CODE_RATE_LIMITED;
        }
      conn_finish (conn);
      return;
    }

  watch_reset_head (conn);
  conn->head_started = TRUE;
  conn_arm_deadline (conn);

  if (self->certificate != NULL)
    {
      GIOStream *plain = conn->base;
      const char *protocols[] = { "http/1.1", "http/1.0", NULL };

      conn->base = g_tls_server_connection_new (plain, self->certificate, &error);
      g_object_unref (plain);
      if (conn->base == NULL)
        {
          g_warning ("Cannot set up TLS: %s", error->message);
          conn_close (conn);
          return;
        }
      g_object_set (conn->base, "require-close-notify", FALSE, NULL);
      g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (conn->base), protocols);
      g_tls_connection_handshake_async (G_TLS_CONNECTION (conn->base), G_PRIORITY_DEFAULT,
                                        NULL, handshake_cb, conn_ref (conn));
      return;
    }

  conn_hand_to_server (conn);
}

static gboolean
accept_cb (GSocket      *socket,
           GIOCondition  condition,
           gpointer      data)
{
  XsListener *self = data;

  /* A burst of connections is taken in one go. */
  for (guint i = 0; i < 64; i++)
    {
      g_autoptr(GError) error = NULL;
      GSocket *client = g_socket_accept (socket, NULL, &error);

      if (client == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            g_debug ("Cannot accept a connection: %s", error->message);
          break;
        }
      accept_one (self, client);
    }

  return G_SOURCE_CONTINUE;
}

XsListener *
xs_listener_new (SoupServer             *server,
                 GSocket                *socket,
                 GTlsCertificate        *certificate,
                 const XsListenerLimits *limits,
                 XsIpTable              *ips,
                 GError                **error)
{
  XsListener *self = g_new0 (XsListener, 1);
  int fds[2];

  self->server = g_object_ref (server);
  self->socket = g_object_ref (socket);
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  self->limits = *limits;
  self->ips = ips;
  self->conns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->context = g_main_context_ref_thread_default ();

  /* libsoup 3.2 keeps a connection alive after a request only while the
   * server has a listener of its own (request_finished() in soup-server.c
   * checks priv->listeners); with none, every connection handed over by
   * soup_server_accept_iostream() would be closed after one request. So
   * the server gets a listener that never accepts anything: one end of a
   * socket pair nobody writes to. */
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errno), g_strerror (errno));
      xs_listener_free (self);
      return NULL;
    }
  self->keepalive_pair[0] = g_socket_new_from_fd (fds[0], error);
  self->keepalive_pair[1] = self->keepalive_pair[0] != NULL ? g_socket_new_from_fd (fds[1], error)
                                                             : NULL;
  if (self->keepalive_pair[1] == NULL
      || !soup_server_listen_socket (server, self->keepalive_pair[0], 0, error))
    {
      if (self->keepalive_pair[0] == NULL)
        close (fds[0]);
      if (self->keepalive_pair[1] == NULL)
        close (fds[1]);
      xs_listener_free (self);
      return NULL;
    }

  g_socket_set_blocking (socket, FALSE);
  self->accept_source = g_socket_create_source (socket, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (accept_cb), self, NULL);
  g_source_set_static_name (self->accept_source, "[xuexin-service] accept");
  g_source_attach (self->accept_source, self->context);

  return self;
}

void
xs_listener_free (XsListener *self)
{
  GHashTableIter iter;
  gpointer value;
  g_autoptr(GPtrArray) conns = g_ptr_array_new ();

  if (self == NULL)
    return;

  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }

  /* Connections libsoup let go of but that still linger, or still in
   * their TLS handshake. */
  g_hash_table_iter_init (&iter, self->conns);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (conns, value);
  for (guint i = 0; i < conns->len; i++)
    conn_close (conns->pdata[i]);
  g_clear_pointer (&self->conns, g_hash_table_unref);

  for (guint i = 0; i < 2; i++)
    if (self->keepalive_pair[i] != NULL)
      {
        g_socket_close (self->keepalive_pair[i], NULL);
        g_clear_object (&self->keepalive_pair[i]);
      }
  g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_object (&self->certificate);
  g_clear_object (&self->server);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self);
}

static XsConn *
lookup_conn (XsListener        *self,
             SoupServerMessage *msg)
{
  g_autofree char *key = address_key (soup_server_message_get_remote_address (msg));

  return key != NULL ? g_hash_table_lookup (self->conns, key) : NULL;
}

gboolean
xs_listener_refuse (XsListener        *self,
                    SoupServerMessage *msg,
                    guint              status,
                    XuexinErrorCode    code)
{
  XsConn *conn = lookup_conn (self, msg);
  GIOStream *stolen;

  if (conn == NULL || conn->finishing)
    return FALSE;

  /* libsoup 3.2 reads the whole body of a request before it writes any
   * answer, even one set from an early handler (io_read() goes on to
   * SOUP_MESSAGE_IO_STATE_BODY unless the client sent Expect:
   * 100-continue): a 200 MB body was read into memory before its 413.
   * So the connection is taken from libsoup and answered here. */
  conn->refuse_status = status;
  conn->refuse_code = code;
  conn_ref (conn);
  stolen = soup_server_message_steal_connection (msg);
  conn_finish (conn);
  g_clear_object (&stolen);
  conn_unref (conn);
  return TRUE;
}

gboolean
xs_listener_check_body (XsListener        *self,
                        SoupServerMessage *msg)
{
  XsConn *conn = lookup_conn (self, msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  guint64 expected = G_MAXUINT64;
  guint64 length;

  if (conn == NULL)
    return FALSE;

  if (encoding == SOUP_ENCODING_CONTENT_LENGTH)
    length = (guint64) soup_message_headers_get_content_length (headers);
  else if (encoding == SOUP_ENCODING_NONE)
    length = 0;
  else
    length = G_MAXUINT64;

  /* What the watcher counts down must be what libsoup reads. */
  if (conn->n_lengths > 0)
    {
      expected = conn->lengths[0];
      conn->n_lengths--;
      memmove (conn->lengths, conn->lengths + 1, conn->n_lengths * sizeof conn->lengths[0]);
    }

  if (conn->state == WATCH_OFF || expected == G_MAXUINT64 || length != expected)
    {
      conn->state = WATCH_OFF;
      return FALSE;
    }

  return TRUE;
}
