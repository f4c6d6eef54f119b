/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "service-test.h"
#include "xuexin-service-listener.h"

/*
 * The transport limits (issue 9, items 3 and 5), over raw sockets to
 * the real service on loopback: what a client that does not play by
 * the rules gets.
 */

/* Every wait on a socket here ends after this long, so a defect fails
 * the test instead of hanging it. */
#define CLIENT_TIMEOUT 10

static GSocketConnection *
connect_raw (ServiceTest *t)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1",
                                          (guint16) xuexin_service_get_port (t->service),
                                          NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (conn), CLIENT_TIMEOUT);
  return conn;
}

/* FALSE when the server has closed (or reset) the connection. */
static gboolean
send_all_stream (GIOStream  *stream,
                 const char *data,
                 gsize       length)
{
  GOutputStream *output = g_io_stream_get_output_stream (stream);

  while (length > 0)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_output_stream_write (output, data, length, NULL, &error);

      if (n <= 0)
        {
          g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }

  return TRUE;
}

/* FALSE when the server has closed (or reset) the connection. */
static gboolean
send_all (GSocketConnection *conn,
          const char        *data,
          gsize              length)
{
  return send_all_stream (G_IO_STREAM (conn), data, length);
}

static gboolean
send_text (GSocketConnection *conn,
           const char        *text)
{
  return send_all (conn, text, strlen (text));
}

/* Receives into @buffer; returns the bytes read, 0 at the end of the
 * stream (a reset counts as an end), and fails the test on a timeout. */
static gssize
receive_some_stream (GIOStream *stream,
                     GString   *buffer)
{
  char data[4096];
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read (g_io_stream_get_input_stream (stream), data, sizeof data,
                                  NULL, &error);

  if (n < 0)
    {
      g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
      return 0;
    }
  g_string_append_len (buffer, data, n);
  return n;
}

static gssize
receive_some (GSocketConnection *conn,
              GString           *buffer)
{
  return receive_some_stream (G_IO_STREAM (conn), buffer);
}

/*
 * Reads one answer (head and Content-Length body) from @conn; @pending
 * keeps what was read beyond it. Returns the answer's head and sets
 * *body, or NULL if the connection ended first.
 */
static char *
read_answer_stream (GIOStream  *conn,
                    GString    *pending,
                    char      **body)
{
  const char *end;
  const char *length_header;
  gsize head_length;
  gsize body_length = 0;
  char *head;

  while ((end = strstr (pending->str, "\r\n\r\n")) == NULL)
    if (receive_some_stream (conn, pending) == 0)
      return NULL;

  head_length = (gsize) (end - pending->str) + 4;
  head = g_strndup (pending->str, head_length);
  length_header = strstr (head, "Content-Length: ");
  if (length_header != NULL)
    body_length = g_ascii_strtoull (length_header + strlen ("Content-Length: "), NULL, 10);

  while (pending->len < head_length + body_length)
    if (receive_some_stream (conn, pending) == 0)
      {
        g_free (head);
        return NULL;
      }

  *body = g_strndup (pending->str + head_length, body_length);
  g_string_erase (pending, 0, (gssize) (head_length + body_length));
  return head;
}

static char *
read_answer (GSocketConnection  *conn,
             GString            *pending,
             char              **body)
{
  return read_answer_stream (G_IO_STREAM (conn), pending, body);
}

/* Waits (at most CLIENT_TIMEOUT) for the server to end the connection,
 * dropping what it sends. Returns the seconds waited. */
static double
wait_for_end_stream (GIOStream *conn)
{
  g_autoptr(GString) ignored = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();

  while (receive_some_stream (conn, ignored) > 0)
    g_string_truncate (ignored, 0);

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static double
wait_for_end (GSocketConnection *conn)
{
  return wait_for_end_stream (G_IO_STREAM (conn));
}

static void
assert_refusal (const char *head,
                const char *body,
                const char *status_line,
                const char *code)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (head);
  g_assert_true (g_str_has_prefix (head, status_line));
  g_assert_nonnull (strstr (head, "\r\nConnection: close\r\n"));
  g_assert_nonnull (strstr (head, "\r\nCache-Control: no-store\r\n"));
  reply = json_from_string (body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (service_test_get_string (reply, "error.code"), ==, code);
  g_assert_nonnull (service_test_get_string (reply, "error.message"));
}

/* Sends @request whole on a new connection and expects a refusal with
 * @status_line and @code, then the end of the connection. */
static void
assert_request_refused (ServiceTest *t,
                        const char  *request,
                        gsize        length,
                        const char  *status_line,
                        const char  *code)
{
  g_autoptr(GSocketConnection) conn = connect_raw (t);
  g_autoptr(GString) pending = g_string_new (NULL);
  g_autofree char *head = NULL;
  g_autofree char *body = NULL;

  /* The server may stop reading (and close) before all is sent. */
  send_all (conn, request, length);
  head = read_answer (conn, pending, &body);
  assert_refusal (head, body, status_line, code);
  wait_for_end (conn);
}

static gsize
read_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "\nVmRSS:");
  g_assert_nonnull (line);
  return (gsize) g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10);
}

/* Item 3: a body announced over the limit is refused as soon as the head
 * is in, without waiting for (or keeping) the body, and the connection
 * ends. The service runs in this process, so its memory is ours. */
static void
test_body_over_limit_refused_before_reading (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(GSocketConnection) conn = connect_raw (t);
  g_autoptr(GString) pending = g_string_new (NULL);
  g_autofree char *head = NULL;
  g_autofree char *body = NULL;
  g_autofree char *chunk = g_malloc (64 * 1024);
  gsize rss_before;
  gsize rss_after;
  gsize sent = 0;

  memset (chunk, 'x', 64 * 1024);

  g_assert_true (send_text (conn,
                            "POST /api/v1/accounts HTTP/1.1\r\n"
                            "Host: 127.0.0.1\r\n"
                            "Content-Type: application/json\r\n"
                            "Content-Length: 209715200\r\n"
                            "\r\n"));
  /* No body sent yet: the answer must come anyway. */
  head = read_answer (conn, pending, &body);
  assert_refusal (head, body, "HTTP/1.1 413 ", "payload_too_large");

  rss_before = read_rss_kib ();
  while (sent < 50 * 1024 * 1024 && send_all (conn, chunk, 64 * 1024))
    sent += 64 * 1024;
  wait_for_end (conn);
  rss_after = read_rss_kib ();

  g_test_message ("sent %zu bytes of body after the 413; RSS %zu -> %zu KiB",
                  sent, rss_before, rss_after);
  /* The server drops at most 1 MiB after a refusal, then closes. */
  g_assert_cmpuint (sent, <, 50 * 1024 * 1024);
  g_assert_cmpuint (rss_after, <, rss_before + 4 * 1024);

  /* The service goes on serving. */
  {
    guint status = 0;
    g_autoptr(JsonNode) reply = service_test_request (t, "GET", "/health", NULL, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
  }

  service_test_free (t);
}

static void
use_short_timeouts (XuexinServiceConfig *config)
{
  config->connection_idle_timeout = 1;
  config->request_head_timeout = 3;
}

/* Item 5: a connection that sends nothing, or stops in the middle of a
 * head, is closed after the idle timeout. */
static void
test_idle_connection_closed (void)
{
  ServiceTest *t = service_test_new (use_short_timeouts);
  g_autoptr(GSocketConnection) silent = connect_raw (t);
  g_autoptr(GSocketConnection) stalled = connect_raw (t);
  g_autoptr(GSocketConnection) kept = NULL;
  g_autoptr(GString) pending = g_string_new (NULL);
  g_autofree char *head = NULL;
  g_autofree char *body = NULL;
  double waited;

  waited = wait_for_end (silent);
  g_assert_cmpfloat (waited, >=, 0.5);
  g_assert_cmpfloat (waited, <, 2.9);

  g_assert_true (send_text (stalled, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  waited = wait_for_end (stalled);
  g_assert_cmpfloat (waited, <, 2.9);

  /* Idle between keep-alive requests too. */
  kept = connect_raw (t);
  g_assert_true (send_text (kept, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  head = read_answer (kept, pending, &body);
  g_assert_nonnull (head);
  g_assert_true (g_str_has_prefix (head, "HTTP/1.1 200 "));
  waited = wait_for_end (kept);
  g_assert_cmpfloat (waited, <, 2.9);

  service_test_free (t);
}

/* Keep-alive connections the client closes between requests, or that
 * reach the idle timeout, are released by libsoup, not only closed. */
static void
test_idle_keep_alive_released (void)
{
  ServiceTest *t = service_test_new (use_short_timeouts);
  const char *get = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  guint baseline = xs_listener_count_live_streams ();
  GSocketConnection *timed_out;
  gint64 start;
  guint i;

  for (i = 0; i < 11; i++)
    {
      g_autoptr(GSocketConnection) conn = connect_raw (t);
      g_autoptr(GString) pending = g_string_new (NULL);
      g_autofree char *head = NULL;
      g_autofree char *body = NULL;

      g_assert_true (send_text (conn, get));
      head = read_answer (conn, pending, &body);
      g_assert_nonnull (head);
      g_assert_true (g_str_has_prefix (head, "HTTP/1.1 200 "));
      if (i == 10)
        {
          timed_out = g_steal_pointer (&conn);
          break;
        }
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
    }
  g_assert_cmpuint (xs_listener_count_live_streams (), >=, baseline + 1);

  wait_for_end (timed_out);
  g_object_unref (timed_out);

  /* libsoup lets go on its thread: wait for it, boundedly. */
  start = g_get_monotonic_time ();
  while (xs_listener_count_live_streams () > baseline
         && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    g_usleep (10 * 1000);
  g_assert_cmpuint (xs_listener_count_live_streams (), ==, baseline);

  service_test_free (t);
}

static void
use_short_head_timeout (XuexinServiceConfig *config)
{
  config->connection_idle_timeout = 5;
  config->request_head_timeout = 1;
}

/* Item 5: a client trickling its head, a byte at a time faster than the
 * idle timeout, is closed after the head timeout. */
static void
test_slow_head_closed (void)
{
  ServiceTest *t = service_test_new (use_short_head_timeout);
  g_autoptr(GSocketConnection) conn = connect_raw (t);
  GSocket *socket = g_socket_connection_get_socket (conn);
  const char *head = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  gint64 start = g_get_monotonic_time ();
  gboolean ended = FALSE;

  g_assert_true (send_text (conn, head));
  /* One byte every 200 ms; each wait is for the server's end. */
  while (!ended && g_get_monotonic_time () - start < 4 * G_USEC_PER_SEC)
    {
      if (g_socket_condition_timed_wait (socket, G_IO_IN, 200 * 1000, NULL, NULL))
        {
          g_autoptr(GString) ignored = g_string_new (NULL);

          ended = receive_some (conn, ignored) == 0;
          g_assert_cmpuint (ignored->len, ==, 0);
        }
      else if (!send_text (conn, "a"))
        ended = TRUE;
    }

  g_assert_true (ended);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);

  service_test_free (t);
}

/* Item 5: oversized heads get an answer, not a reset. */
static void
test_oversized_heads_answered (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(GString) request = g_string_new (NULL);
  guint i;

  /* A 64 KB header. */
  g_string_append (request, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ");
  for (i = 0; i < 64 * 1024; i++)
    g_string_append_c (request, 'a');
  g_string_append (request, "\r\n\r\n");
  assert_request_refused (t, request->str, request->len, "HTTP/1.1 431 ", "invalid_request");

  /* 5000 headers. */
  g_string_assign (request, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  for (i = 0; i < 5000; i++)
    g_string_append_printf (request, "X-H%u: v\r\n", i);
  g_string_append (request, "\r\n");
  assert_request_refused (t, request->str, request->len, "HTTP/1.1 431 ", "invalid_request");

  /* 101 tiny headers: the count, not the size (well under 16 KiB). */
  g_string_assign (request, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  for (i = 0; i < 100; i++)
    g_string_append (request, "A: b\r\n");
  g_string_append (request, "\r\n");
  assert_request_refused (t, request->str, request->len, "HTTP/1.1 431 ", "invalid_request");

  /* A 100 KB path. */
  g_string_assign (request, "GET /api/v1/");
  for (i = 0; i < 100 * 1000; i++)
    g_string_append_c (request, 'p');
  g_string_append (request, " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  assert_request_refused (t, request->str, request->len, "HTTP/1.1 414 ", "invalid_request");

  /* Just within the limits is fine: 99 headers with Host, a long path. */
  {
    g_autoptr(GSocketConnection) conn = connect_raw (t);
    g_autoptr(GString) pending = g_string_new (NULL);
    g_autofree char *head = NULL;
    g_autofree char *body = NULL;

    g_string_assign (request, "GET /api/v1/health?");
    for (i = 0; i < 7000; i++)
      g_string_append_c (request, 'q');
    g_string_append (request, " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (i = 0; i < 99; i++)
      g_string_append (request, "A: b\r\n");
    g_string_append (request, "\r\n");
    g_assert_true (send_all (conn, request->str, request->len));
    head = read_answer (conn, pending, &body);
    g_assert_nonnull (head);
    g_assert_true (g_str_has_prefix (head, "HTTP/1.1 200 "));
  }

  service_test_free (t);
}

/* Item 5: the head watcher follows keep-alive and pipelined requests,
 * bodies included, and still refuses an oversized later head. */
static void
test_keep_alive (void)
{
  ServiceTest *t = service_test_new (NULL);
  g_autoptr(GSocketConnection) conn = connect_raw (t);
  g_autoptr(GString) pending = g_string_new (NULL);
  g_autoptr(GString) big = g_string_new (NULL);
  /* A body full of line ends: the watcher must count it as a body. */
  const char *body_text = "\r\n\r\n\r\n{\"purpose\": \"nonsense\"}\r\n\r\n";
  g_autofree char *post = g_strdup_printf ("POST /api/v1/sms-codes HTTP/1.1\r\n"
                                           "Host: 127.0.0.1\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Content-Length: %zu\r\n"
                                           "\r\n%s",
                                           strlen (body_text), body_text);
  const char *get = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  guint i;

  for (i = 0; i < 3; i++)
    {
      g_autofree char *head = NULL;
      g_autofree char *body = NULL;

      g_assert_true (send_text (conn, post));
      head = read_answer (conn, pending, &body);
      g_assert_nonnull (head);
      g_assert_true (g_str_has_prefix (head, "HTTP/1.1 400 "));
      g_assert_null (strstr (head, "Connection: close"));

      g_assert_true (send_text (conn, get));
      g_clear_pointer (&head, g_free);
      g_clear_pointer (&body, g_free);
      head = read_answer (conn, pending, &body);
      g_assert_nonnull (head);
      g_assert_true (g_str_has_prefix (head, "HTTP/1.1 200 "));
    }

  /* Pipelined: two requests in one write. */
  {
    g_autofree char *both = g_strconcat (post, get, NULL);
    g_autofree char *head1 = NULL;
    g_autofree char *body1 = NULL;
    g_autofree char *head2 = NULL;
    g_autofree char *body2 = NULL;

    g_assert_true (send_text (conn, both));
    head1 = read_answer (conn, pending, &body1);
    g_assert_nonnull (head1);
    g_assert_true (g_str_has_prefix (head1, "HTTP/1.1 400 "));
    head2 = read_answer (conn, pending, &body2);
    g_assert_nonnull (head2);
    g_assert_true (g_str_has_prefix (head2, "HTTP/1.1 200 "));
  }

  /* Then a 64 KB header on the same connection. */
  g_string_append (big, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ");
  for (i = 0; i < 64 * 1024; i++)
    g_string_append_c (big, 'a');
  g_string_append (big, "\r\n\r\n");
  send_all (conn, big->str, big->len);
  {
    g_autofree char *head = NULL;
    g_autofree char *body = NULL;

    head = read_answer (conn, pending, &body);
    assert_refusal (head, body, "HTTP/1.1 431 ", "invalid_request");
  }
  wait_for_end (conn);

  service_test_free (t);
}

static void
use_connection_cap (XuexinServiceConfig *config)
{
  /* The cap counts the peer address; behind a proxy it is off. */
  config->trust_forwarded_for = FALSE;
  config->max_connections_per_ip = 3;
}

/* Item 5: one connection over the per-IP cap is refused and closed; the
 * others keep working, and a slot frees when one ends. */
static void
test_connections_per_ip (void)
{
  ServiceTest *t = service_test_new (use_connection_cap);
  GSocketConnection *held[3];
  const char *get = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  gboolean served = FALSE;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (held); i++)
    {
      g_autoptr(GString) pending = g_string_new (NULL);
      g_autofree char *head = NULL;
      g_autofree char *body = NULL;

      /* An answer proves the service holds the connection. */
      held[i] = connect_raw (t);
      g_assert_true (send_text (held[i], get));
      head = read_answer (held[i], pending, &body);
      g_assert_nonnull (head);
      g_assert_true (g_str_has_prefix (head, "HTTP/1.1 200 "));
    }

  {
    g_autoptr(GSocketConnection) extra = connect_raw (t);
    g_autoptr(GString) pending = g_string_new (NULL);
    g_autofree char *head = NULL;
    g_autofree char *body = NULL;

    head = read_answer (extra, pending, &body);
    assert_refusal (head, body, "HTTP/1.1 429 ", "rate_limited");
    g_assert_nonnull (strstr (head, "\r\nRetry-After: 1\r\n"));
    wait_for_end (extra);
  }

  /* The held ones still work. */
  for (i = 0; i < G_N_ELEMENTS (held); i++)
    {
      g_autoptr(GString) pending = g_string_new (NULL);
      g_autofree char *head = NULL;
      g_autofree char *body = NULL;

      g_assert_true (send_text (held[i], get));
      head = read_answer (held[i], pending, &body);
      g_assert_nonnull (head);
      g_assert_true (g_str_has_prefix (head, "HTTP/1.1 200 "));
    }

  /* Closing one frees its slot once the service has seen the close: try
   * until then, for at most a few seconds. */
  g_io_stream_close (G_IO_STREAM (held[0]), NULL, NULL);
  g_clear_object (&held[0]);
  for (i = 0; i < 100 && !served; i++)
    {
      g_autoptr(GSocketConnection) again = connect_raw (t);
      g_autoptr(GString) pending = g_string_new (NULL);
      g_autofree char *head = NULL;
      g_autofree char *body = NULL;

      send_text (again, get);
      head = read_answer (again, pending, &body);
      g_assert_nonnull (head);
      served = g_str_has_prefix (head, "HTTP/1.1 200 ");
      if (!served)
        g_assert_true (g_str_has_prefix (head, "HTTP/1.1 429 "));
    }
  g_assert_true (served);

  for (i = 1; i < G_N_ELEMENTS (held); i++)
    g_object_unref (held[i]);
  service_test_free (t);
}

/* Every answer, libsoup's own refusals too, is not to be cached and
 * names no server version. */
static void
test_library_answers_not_cached (void)
{
  ServiceTest *t = service_test_new (NULL);
  const struct {
    const char *request;
    const char *status;
  } cases[] = {
    { "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", " 200 " },
    { "GET /api/v1/health HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", " 505 " },
    { "POST /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Transfer-Encoding: gzip, chunked\r\n\r\n", " 501 " },
    { "NONSENSE\r\n\r\n", " 400 " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSocketConnection) conn = connect_raw (t);
      g_autoptr(GString) pending = g_string_new (NULL);
      g_autofree char *head = NULL;
      g_autofree char *body = NULL;

      g_assert_true (send_text (conn, cases[i].request));
      head = read_answer (conn, pending, &body);
      g_assert_nonnull (head);
      /* libsoup answers 505 as HTTP/1.0. */
      g_assert_true (g_str_has_prefix (head, "HTTP/1."));
      g_assert_cmpmem (head + strlen ("HTTP/1.x"), 5, cases[i].status, 5);
      g_assert_nonnull (strstr (head, "\r\nCache-Control: no-store\r\n"));
      g_assert_null (strstr (head, "\r\nServer:"));
    }

  service_test_free (t);
}

static char *tls_dir;

#define TLS_IDLE_TIMEOUT 4

static void
use_tls (XuexinServiceConfig *config)
{
  g_autofree char *cert = g_build_filename (tls_dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (tls_dir, "key.pem", NULL);

  xuexin_service_config_set_string (&config->tls_cert_file, cert);
  xuexin_service_config_set_string (&config->tls_key_file, key);
  /* Longer than the plain tests': the handshake itself must fit in the
   * idle timeout, and takes over a second under AddressSanitizer. */
  config->connection_idle_timeout = TLS_IDLE_TIMEOUT;
  config->request_head_timeout = 8;
}

static gboolean
accept_any_cb (GTlsConnection       *conn,
               GTlsCertificate      *certificate,
               GTlsCertificateFlags  errors,
               gpointer              data)
{
  return TRUE;
}

static GIOStream *
connect_tls (ServiceTest       *t,
             GSocketConnection *plain)
{
  g_autoptr(GError) error = NULL;
  GIOStream *tls = g_tls_client_connection_new (G_IO_STREAM (plain), NULL, &error);

  g_assert_no_error (error);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any_cb), NULL);
  g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error);
  g_assert_no_error (error);
  return tls;
}

/* The limits hold over TLS, where the head watcher sits above the TLS
 * layer of the listener: keep-alive, 431, 413 and the idle timeout. */
static void
test_tls (void)
{
  g_autofree char *openssl = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) request = g_string_new (NULL);
  const char *get = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ServiceTest *t;
  int wait_status = 0;
  guint i;

  if (service_test_tls_in_subprocess ())
    return;

  openssl = g_find_program_in_path ("openssl");

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  tls_dir = g_dir_make_tmp ("xuexin-tls-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *cert = g_build_filename (tls_dir, "cert.pem", NULL);
    g_autofree char *key = g_build_filename (tls_dir, "key.pem", NULL);
    const char *argv[] = {
      openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", NULL,
    };

    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                  NULL, NULL, &wait_status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  }

  t = service_test_new (use_tls);

  /* Keep-alive, then a 64 KB header on the same connection. */
  {
    g_autoptr(GSocketConnection) plain = connect_raw (t);
    g_autoptr(GIOStream) tls = connect_tls (t, plain);
    g_autoptr(GString) pending = g_string_new (NULL);

    for (i = 0; i < 2; i++)
      {
        g_autofree char *head = NULL;
        g_autofree char *body = NULL;

        g_assert_true (send_all_stream (tls, get, strlen (get)));
        head = read_answer_stream (tls, pending, &body);
        g_assert_nonnull (head);
        g_assert_true (g_str_has_prefix (head, "HTTP/1.1 200 "));
      }

    g_string_append (request, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ");
    for (i = 0; i < 64 * 1024; i++)
      g_string_append_c (request, 'a');
    g_string_append (request, "\r\n\r\n");
    send_all_stream (tls, request->str, request->len);
    {
      g_autofree char *head = NULL;
      g_autofree char *body = NULL;

      head = read_answer_stream (tls, pending, &body);
      assert_refusal (head, body, "HTTP/1.1 431 ", "invalid_request");
    }
    wait_for_end (plain);
  }

  /* 413 from the head alone. */
  {
    g_autoptr(GSocketConnection) plain = connect_raw (t);
    g_autoptr(GIOStream) tls = connect_tls (t, plain);
    g_autoptr(GString) pending = g_string_new (NULL);
    g_autofree char *head = NULL;
    g_autofree char *body = NULL;
    const char *post = "POST /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Content-Length: 209715200\r\n\r\n";

    g_assert_true (send_all_stream (tls, post, strlen (post)));
    head = read_answer_stream (tls, pending, &body);
    assert_refusal (head, body, "HTTP/1.1 413 ", "payload_too_large");
    wait_for_end (plain);
  }

  /* An idle TLS connection is closed too. */
  {
    g_autoptr(GSocketConnection) plain = connect_raw (t);
    g_autoptr(GIOStream) tls = connect_tls (t, plain);

    g_assert_cmpfloat (wait_for_end_stream (tls), <, TLS_IDLE_TIMEOUT + 1.9);
  }

  service_test_free (t);

  {
    g_autofree char *cert = g_build_filename (tls_dir, "cert.pem", NULL);
    g_autofree char *key = g_build_filename (tls_dir, "key.pem", NULL);

    g_unlink (cert);
    g_unlink (key);
    g_rmdir (tls_dir);
    g_clear_pointer (&tls_dir, g_free);
  }
}

/* The transport limits: defaults, config keys, and the checks. */
static void
test_config (void)
{
  g_autoptr(XuexinServiceConfig) defaults = xuexin_service_config_new ();
  g_autoptr(XuexinServiceConfig) config = NULL;
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  const char *text =
    "[limits]\n"
    "max-request-line=4096\n"
    "max-header-size=8192\n"
    "max-headers=50\n"
    "connection-idle-timeout=20\n"
    "request-head-timeout=5\n"
    "max-connections-per-ip=0\n";

  g_assert_cmpuint (defaults->max_request_line, ==, 8192);
  g_assert_cmpuint (defaults->max_header_size, ==, 16384);
  g_assert_cmpuint (defaults->max_headers, ==, 100);
  g_assert_cmpuint (defaults->connection_idle_timeout, ==, 30);
  g_assert_cmpuint (defaults->request_head_timeout, ==, 10);
  g_assert_cmpuint (defaults->max_connections_per_ip, ==, 32);

  g_key_file_load_from_data (key_file, text, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  config = xuexin_service_config_new_from_key_file (key_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->max_request_line, ==, 4096);
  g_assert_cmpuint (config->max_header_size, ==, 8192);
  g_assert_cmpuint (config->max_headers, ==, 50);
  g_assert_cmpuint (config->connection_idle_timeout, ==, 20);
  g_assert_cmpuint (config->request_head_timeout, ==, 5);
  g_assert_cmpuint (config->max_connections_per_ip, ==, 0);
  g_assert_true (xuexin_service_config_check (config, NULL));

  /* libsoup gives up past a 64 KiB head: ours must be smaller. */
  config->max_header_size = 60 * 1024;
  g_assert_false (xuexin_service_config_check (config, &error));
  g_assert_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG);
  g_clear_error (&error);
  config->max_header_size = 8192;
  config->request_head_timeout = 0;
  g_assert_false (xuexin_service_config_check (config, &error));
  g_assert_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG);
}

int
main (int   argc,
      char *argv[])
{
  service_test_init (&argc, &argv);

  g_test_add_func ("/Service/Transport/config", test_config);
  g_test_add_func ("/Service/Transport/body-over-limit-refused-before-reading",
                   test_body_over_limit_refused_before_reading);
  g_test_add_func ("/Service/Transport/idle-connection-closed", test_idle_connection_closed);
  g_test_add_func ("/Service/Transport/idle-keep-alive-released", test_idle_keep_alive_released);
  g_test_add_func ("/Service/Transport/slow-head-closed", test_slow_head_closed);
  g_test_add_func ("/Service/Transport/oversized-heads-answered", test_oversized_heads_answered);
  g_test_add_func ("/Service/Transport/keep-alive", test_keep_alive);
  g_test_add_func ("/Service/Transport/connections-per-ip", test_connections_per_ip);
  g_test_add_func ("/Service/Transport/library-answers-not-cached",
                   test_library_answers_not_cached);
  g_test_add_func ("/Service/Transport/tls", test_tls);

  return g_test_run ();
}
