/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-service-reload"

/* The real xuexin-accountd as systemd runs it: readiness over
 * $NOTIFY_SOCKET, and SIGHUP re-reading the configuration file without
 * dropping a connection that is open. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <json-glib/json-glib.h>

typedef struct {
  char            *dir;
  char            *config_path;
  GSocket         *notify;       /* our end of $NOTIFY_SOCKET */
  GSubprocess     *process;
  GDataInputStream *errors;
  guint            port;
} Daemon;

static void
write_config (Daemon     *daemon,
              const char *limits,
              const char *delivery)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("[service]\nport=0\n[hashing]\nthreads=1\n"
                                           "[limits]\n%s\n[delivery]\n%s\n",
                                           limits, delivery);

  g_file_set_contents (daemon->config_path, text, -1, &error);
  g_assert_no_error (error);
}

/* The next datagram the daemon sends to $NOTIFY_SOCKET, within 20 s. */
static char *
next_notification (Daemon *daemon)
{
  g_autoptr(GError) error = NULL;
  char buffer[256];
  gssize n;

  g_socket_set_timeout (daemon->notify, 20);
  n = g_socket_receive (daemon->notify, buffer, sizeof buffer - 1, NULL, &error);
  g_assert_no_error (error);
  buffer[n] = '\0';
  return g_strdup (buffer);
}

/* A line of the daemon's standard error containing @needle. */
static char *
wait_for_log (Daemon     *daemon,
              const char *needle)
{
  g_autoptr(GError) error = NULL;
  char *line;

  while ((line = g_data_input_stream_read_line (daemon->errors, NULL, NULL, &error)) != NULL)
    {
      if (strstr (line, needle) != NULL)
        return line;
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_not_reached ();
}

static void
daemon_start (Daemon *daemon)
{
  const char *path = g_getenv ("XUEXIN_ACCOUNTD");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *socket_path = NULL;
  g_autofree char *line = NULL;
  g_autofree char *ready = NULL;
  const char *port;

  daemon->dir = g_dir_make_tmp ("xuexin-reload-XXXXXX", &error);
  g_assert_no_error (error);
  daemon->config_path = g_build_filename (daemon->dir, "accountd.conf", NULL);
  write_config (daemon, "code-ttl=600", "backend=log");

  socket_path = g_build_filename (daemon->dir, "notify", NULL);
  daemon->notify = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (socket_path);
  g_socket_bind (daemon->notify, address, FALSE, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* The refused reload below logs a warning, which must not abort it. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", socket_path, TRUE);
  daemon->process = g_subprocess_launcher_spawn (launcher, &error, path,
                                                 "--config", daemon->config_path,
                                                 "--data-dir", daemon->dir, NULL);
  g_assert_no_error (error);
  daemon->errors = g_data_input_stream_new (g_subprocess_get_stderr_pipe (daemon->process));

  line = wait_for_log (daemon, "Listening on http://127.0.0.1:");
  port = strstr (line, "127.0.0.1:") + strlen ("127.0.0.1:");
  daemon->port = (guint) g_ascii_strtoull (port, NULL, 10);
  g_assert_cmpuint (daemon->port, >, 0);

  ready = next_notification (daemon);
  g_assert_cmpstr (ready, ==, "READY=1");
}

static void
daemon_stop (Daemon *daemon)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stopping = NULL;

  g_subprocess_send_signal (daemon->process, SIGTERM);
  /* After what a refused reload sent (RELOADING=1, READY=1). */
  do
    {
      g_free (stopping);
      stopping = next_notification (daemon);
    }
  while (g_str_equal (stopping, "RELOADING=1") || g_str_equal (stopping, "READY=1"));
  g_assert_cmpstr (stopping, ==, "STOPPING=1");
  g_subprocess_wait_check (daemon->process, NULL, &error);
  g_assert_no_error (error);

  g_clear_object (&daemon->errors);
  g_clear_object (&daemon->process);
  g_clear_object (&daemon->notify);
  {
    const char *rm[] = { "rm", "-rf", daemon->dir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  NULL, NULL);
  }
  g_free (daemon->config_path);
  g_free (daemon->dir);
}

/* POST /sms-codes on @connection (kept alive) for @phone; returns the
 * reply's expires_in, which is [limits] code-ttl. */
static gint64
request_code (GSocketConnection *connection,
              GDataInputStream  *in,
              const char        *phone)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = g_strdup_printf ("{\"purpose\":\"register\",\"phone\":\"%s\"}", phone);
  g_autofree char *request = g_strdup_printf ("POST /api/v1/sms-codes HTTP/1.1\r\n"
                                              "Host: 127.0.0.1\r\n"
                                              "Content-Type: application/json\r\n"
                                              "Content-Length: %zu\r\n\r\n%s",
                                              strlen (body), body);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *status = NULL;
  g_autofree char *reply = NULL;
  gsize length = 0;
  gsize got = 0;
  char *line;

  g_output_stream_write_all (out, request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  status = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status);
  g_assert_true (g_str_has_prefix (status, "HTTP/1.1 201"));
  while ((line = g_data_input_stream_read_line (in, NULL, NULL, &error)) != NULL
         && line[0] != '\r')
    {
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        length = g_ascii_strtoull (line + 15, NULL, 10);
      /* A reload must not close the connection. */
      g_assert_null (strstr (line, "close"));
      g_free (line);
    }
  g_free (line);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 0);

  reply = g_malloc0 (length + 1);
  g_input_stream_read_all (G_INPUT_STREAM (in), reply, length, &got, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got, ==, length);

  json_parser_load_from_data (parser, reply, -1, &error);
  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                     "expires_in");
}

static void
test_reload_limits (void)
{
  Daemon daemon = { NULL, };
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reloading = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *reloaded = NULL;
  g_autofree char *outbox = NULL;
  g_autofree char *delivery = NULL;
  g_autofree char *outbox_text = NULL;

  if (g_getenv ("XUEXIN_ACCOUNTD") == NULL)
    {
      g_test_skip ("XUEXIN_ACCOUNTD is not set");
      return;
    }

  daemon_start (&daemon);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", daemon.port, NULL,
                                                &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_LF);

  g_assert_cmpint (request_code (connection, in, "13812345601"), ==, 600);

  /* A changed limit and delivery backend, on the connection opened before
   * the reload. The daemon answers RELOADING=1, then READY=1 once it has
   * applied them. */
  outbox = g_build_filename (daemon.dir, "outbox.jsonl", NULL);
  delivery = g_strdup_printf ("backend=outbox\noutbox-file=%s", outbox);
  write_config (&daemon, "code-ttl=900", delivery);
  g_subprocess_send_signal (daemon.process, SIGHUP);
  reloading = next_notification (&daemon);
  g_assert_cmpstr (reloading, ==, "RELOADING=1");
  ready = next_notification (&daemon);
  g_assert_cmpstr (ready, ==, "READY=1");
  reloaded = wait_for_log (&daemon, "Configuration reloaded");
  g_assert_cmpint (request_code (connection, in, "13812345602"), ==, 900);
  /* The code went to the outbox now (the reply follows the delivery). */
  g_file_get_contents (outbox, &outbox_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (outbox_text, "13812345602"));
  g_assert_null (strstr (outbox_text, "13812345601"));

  /* A file the check refuses changes nothing, and the daemon stays up. */
  write_config (&daemon, "code-ttl=1200\ncode-max-attempts=0", delivery);
  g_subprocess_send_signal (daemon.process, SIGHUP);
  refused = wait_for_log (&daemon, "Configuration not reloaded");
  g_assert_nonnull (strstr (refused, "code-max-attempts"));
  g_assert_cmpint (request_code (connection, in, "13812345603"), ==, 900);

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  daemon_stop (&daemon);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service/daemon/reload-limits", test_reload_limits);

  return g_test_run ();
}
