/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-accountd"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib-unix.h>

#include "xuexin-service.h"
#include "xuexin-service-identity.h"
#include "xuexin-service-records.h"
#include "xuexin-service-review.h"

typedef struct {
  char     *config_file;
  char     *listen;
  int       port;
  char     *database;
  char     *data_dir;
  char     *delivery;
  char     *outbox_file;
  char     *webhook_url;
  char     *public_base_url;
  gboolean  demo;
  char     *tls_cert;
  char     *tls_key;
  gboolean  insecure;
  gboolean  trust_forwarded_for;
  int       hash_threads;
  int       server_threads;
  gboolean  version;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->config_file);
  g_free (options->listen);
  g_free (options->database);
  g_free (options->data_dir);
  g_free (options->delivery);
  g_free (options->outbox_file);
  g_free (options->webhook_url);
  g_free (options->public_base_url);
  g_free (options->tls_cert);
  g_free (options->tls_key);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static const char description[] =
  "Commands:\n"
  "  (none)                      Run the account service until SIGTERM or SIGINT.\n"
  "  import-records FILE.csv     Import enrollment and degree records, then exit.\n"
  "                              Columns: kind,id_number,name,school,level,year,number,status\n"
  "  add-staff ROLE PHONE NAME ID_NUMBER [-]\n"
  "                              Create a help-desk account (ROLE reviewer or admin)\n"
  "                              and print its one-time password; with “-” the\n"
  "                              password is read from standard input instead.\n"
  "  demo-records                Print the fictional demo records (--demo) as CSV on\n"
  "                              standard output, and the demo accounts (classmate\n"
  "                              pairs, for identity verification) on standard error.\n"
  "\n"
  "Configuration file (--config), a GKeyFile; command-line options win:\n"
  "  [service]   listen, port, database, data-dir, demo, tls-cert, tls-key,\n"
  "              insecure, trust-forwarded-for, db-threads, server-threads,\n"
  "              public-base-url\n"
  "  [delivery]  backend (log|outbox|http), outbox-file, webhook-url\n"
  "  [hashing]   opslimit, memlimit (bytes), threads (Argon2id; defaults: libsodium's\n"
  "              interactive limits, 64 MiB per hash; threads = processors, at most 4)\n"
  "  [limits]    max-body-size, photo-retention-days, code-ttl, code-resend-interval,\n"
  "              code-daily-limit-per-recipient, code-daily-limit-per-ip,\n"
  "              code-max-attempts, email-registrations-per-ip,\n"
  "              recovery-failures-per-ip, session-lifetime,\n"
  "              session-idle-timeout, sign-in-free-failures, sign-in-ip-free-failures,\n"
  "              sign-in-wait-step, sign-in-wait-max, provider-bind-block,\n"
  "              provider-ticket-ttl (seconds); max-request-line, max-header-size\n"
  "              (bytes), max-headers, connection-idle-timeout, request-head-timeout\n"
  "              (seconds), max-connections-per-ip (0: no cap)\n"
  "              identity verification (each at least 1): records-daily-limit (5),\n"
  "              assistance-open-limit (3), assistance-daily-limit (10),\n"
  "              assistance-request-ttl (604800 s), assistance-confirmations-per-year\n"
  "              (3), review-submissions-limit (5), review-submissions-window\n"
  "              (21600 s), review-claim-ttl (900 s), review-poll-interval (15 s)\n"
  "  [wechat]    mode (simulated|open-platform|off), app-id, app-secret,\n"
  "              authorize-url, token-url (WeChat Open Platform website login)\n"
  "  [alipay]    mode (simulated|off)\n"
  "\n"
  "Delivery backends: “log” prints each SMS/email (with its code) to standard output\n"
  "for development; “outbox” appends JSON lines to a file; “http” POSTs JSON\n"
  "{channel, recipient, purpose, text, code, sent_at} to the webhook URL.\n"
  "\n"
  "Threads: server-threads (default: half the processors, at least 1) HTTP threads\n"
  "route requests and write replies, each on its own listening socket on the port\n"
  "(shared with SO_REUSEPORT when there are several); db-threads (default 4) run\n"
  "the requests that use the database; [hashing] threads run the password hashes.\n"
  "\n"
  "TLS: give --tls-cert and --tls-key (PEM), or run behind a TLS reverse proxy on\n"
  "loopback. Listening on a non-loopback address without TLS needs --insecure.\n"
  "Behind a proxy, --trust-forwarded-for takes the client IP from X-Forwarded-For,\n"
  "and --public-base-url gives the external URL used in QR codes and redirect URIs.\n"
  "\n"
  "WeChat/Alipay: the “simulated” providers serve a confirmation page at the QR URL\n"
  "for demos; “open-platform” uses WeChat's website login (qrconnect) and needs the\n"
  "app ID and secret of a WeChat Open Platform website application.\n"
  "\n"
  "Signals: SIGTERM and SIGINT stop the service; SIGHUP reads the configuration\n"
  "file again and applies the [limits] read per request and the [delivery]\n"
  "settings, keeping connections open (the rest needs a restart). Under systemd\n"
  "(Type=notify) it reports readiness through $NOTIFY_SOCKET.\n"
  "\n"
  "The API is served under http(s)://ADDRESS:PORT/api/v1; see docs/api.md.";

/* systemd's readiness protocol (sd_notify(3)): one datagram of
 * "KEY=VALUE" lines to the AF_UNIX socket named by $NOTIFY_SOCKET ("@…" is
 * the abstract namespace). A dozen lines instead of a dependency on
 * libsystemd, which the service would need for nothing else and which is
 * not there on every system the service runs on; without $NOTIFY_SOCKET
 * (not started by systemd, or Type=simple) it does nothing. */
static void
notify_systemd (const char *state)
{
  const char *path = g_getenv ("NOTIFY_SOCKET");
  struct sockaddr_un address = { .sun_family = AF_UNIX, };
  gsize length;
  int fd;

  if (path == NULL || (path[0] != '/' && path[0] != '@'))
    return;
  length = strlen (path);
  if (length >= sizeof address.sun_path)
    return;
  memcpy (address.sun_path, path, length);
  if (address.sun_path[0] == '@')
    address.sun_path[0] = '\0';

  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return;
  if (sendto (fd, state, strlen (state), MSG_NOSIGNAL, (struct sockaddr *) &address,
              (socklen_t) (G_STRUCT_OFFSET (struct sockaddr_un, sun_path) + length)) < 0)
    g_warning ("Cannot notify systemd (%s): %s", state, g_strerror (errno));
  close (fd);
}

static gboolean
quit_cb (gpointer data)
{
  notify_systemd ("STOPPING=1");
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static XuexinServiceConfig *build_config (Options  *options,
                                          GError  **error);

typedef struct {
  XuexinService *service;
  Options       *options;
} Reload;

/* SIGHUP: read the configuration file again (the command line still
 * wins) and apply what can change without a restart; see
 * xuexin_service_reload(). A file that does not load changes nothing. */
static gboolean
reload_cb (gpointer data)
{
  Reload *reload = data;
  g_autoptr(XuexinServiceConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;

  notify_systemd ("RELOADING=1");
  config = build_config (reload->options, &error);
  if (config == NULL || !xuexin_service_reload (reload->service, config, &error))
    g_warning ("Configuration not reloaded: %s", error->message);
  else
    g_message ("Configuration reloaded (delivery: %s)",
               xuexin_delivery_backend_to_string (config->delivery));
  notify_systemd ("READY=1");

  return G_SOURCE_CONTINUE;
}

static XuexinServiceConfig *
build_config (Options  *options,
              GError  **error)
{
  g_autoptr(XuexinServiceConfig) config = NULL;

  if (options->config_file != NULL)
    {
      g_autoptr(GKeyFile) key_file = g_key_file_new ();

      if (!g_key_file_load_from_file (key_file, options->config_file, G_KEY_FILE_NONE, error))
        {
          g_prefix_error (error, "%s: ", options->config_file);
          return NULL;
        }
      config = xuexin_service_config_new_from_key_file (key_file, error);
      if (config == NULL)
        {
          g_prefix_error (error, "%s: ", options->config_file);
          return NULL;
        }
    }
  else
    config = xuexin_service_config_new ();

  if (options->listen != NULL)
    xuexin_service_config_set_string (&config->listen_address, options->listen);
  if (options->port >= 0)
    config->port = (guint) options->port;
  if (options->database != NULL)
    xuexin_service_config_set_string (&config->database_path, options->database);
  if (options->data_dir != NULL)
    xuexin_service_config_set_string (&config->data_dir, options->data_dir);
  if (options->outbox_file != NULL)
    xuexin_service_config_set_string (&config->outbox_file, options->outbox_file);
  if (options->webhook_url != NULL)
    xuexin_service_config_set_string (&config->webhook_url, options->webhook_url);
  if (options->public_base_url != NULL)
    xuexin_service_config_set_string (&config->public_base_url, options->public_base_url);
  if (options->tls_cert != NULL)
    xuexin_service_config_set_string (&config->tls_cert_file, options->tls_cert);
  if (options->tls_key != NULL)
    xuexin_service_config_set_string (&config->tls_key_file, options->tls_key);
  if (options->demo)
    config->demo = TRUE;
  if (options->insecure)
    config->insecure = TRUE;
  if (options->trust_forwarded_for)
    config->trust_forwarded_for = TRUE;
  if (options->hash_threads > 0)
    config->hash_threads = (guint) options->hash_threads;
  if (options->server_threads > 0)
    config->server_threads = (guint) options->server_threads;

  if (options->delivery != NULL
      && (!xuexin_delivery_backend_from_string (options->delivery, &config->delivery)
          || config->delivery == XUEXIN_DELIVERY_MEMORY))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                   "Unknown delivery backend “%s”: use log, outbox or http", options->delivery);
      return NULL;
    }

  return g_steal_pointer (&config);
}

static int
run_service (XuexinServiceConfig *config,
             Options             *options)
{
  g_autoptr(XuexinService) service = xuexin_service_new (config);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  Reload reload = { service, options, };
  guint term_id;
  guint int_id;
  guint hup_id;

  if (!xuexin_service_start (service, &error))
    {
      g_printerr ("xuexin-accountd: %s\n", error->message);
      return EXIT_FAILURE;
    }

  g_message ("Listening on %s (delivery: %s)", xuexin_service_get_base_url (service),
             xuexin_delivery_backend_to_string (config->delivery));
  if (config->demo)
    {
      g_autofree char *accounts = xs_identity_demo_accounts_text ();
      g_autofree char *reviewer = xs_review_demo_text ();

      g_print ("%s%s", accounts, reviewer);
    }

  term_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  int_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  hup_id = g_unix_signal_add (SIGHUP, reload_cb, &reload);
  /* Listening: systemd may start what comes after us. */
  notify_systemd ("READY=1");
  g_main_loop_run (loop);
  g_source_remove (term_id);
  g_source_remove (int_id);
  g_source_remove (hup_id);

  g_message ("Shutting down");
  xuexin_service_stop (service);

  return EXIT_SUCCESS;
}

static int
run_add_staff (XuexinServiceConfig *config,
               char               **args,
               gboolean             from_stdin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *generated = NULL;

  if (from_stdin)
    {
      g_autoptr(GIOChannel) in = g_io_channel_unix_new (0);
      gsize terminator = 0;

      if (g_io_channel_read_line (in, &password, NULL, &terminator, &error)
          != G_IO_STATUS_NORMAL || password == NULL)
        {
          g_printerr ("xuexin-accountd: no password on standard input\n");
          return EXIT_FAILURE;
        }
      password[terminator] = '\0';
    }

  if (!xuexin_service_add_staff (config, args[0], args[1], args[2], args[3], password,
                                 &generated, &error))
    {
      g_printerr ("xuexin-accountd: add-staff: %s\n", error->message);
      return EXIT_FAILURE;
    }

  g_print ("Created %s account %s\n", args[0], args[1]);
  if (generated != NULL)
    g_print ("One-time password (shown only now): %s\n", generated);
  return EXIT_SUCCESS;
}

static int
run_import (XuexinServiceConfig *config,
            const char          *path)
{
  g_autoptr(GError) error = NULL;
  guint enrollments = 0;
  guint degrees = 0;

  if (!xuexin_service_import_records (config, path, &enrollments, &degrees, &error))
    {
      g_printerr ("xuexin-accountd: %s: %s\n", path, error->message);
      return EXIT_FAILURE;
    }

  g_print ("Imported %u enrollment and %u degree records (duplicates skipped)\n",
           enrollments, degrees);
  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Options) options = { .port = -1, };
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config_file,
      "Read settings from the key file FILE", "FILE" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &options.listen,
      "Listen on ADDRESS (default 127.0.0.1)", "ADDRESS" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &options.port,
      "Listen on PORT (default 8470; 0 picks a free port)", "PORT" },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &options.database,
      "SQLite database file (default DATA-DIR/accounts.sqlite3)", "FILE" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &options.data_dir,
      "Data directory (default $XDG_DATA_HOME/xuexin-accountd)", "DIR" },
    { "delivery", 0, 0, G_OPTION_ARG_STRING, &options.delivery,
      "How SMS and email codes are delivered: log, outbox or http (default log)", "BACKEND" },
    { "outbox-file", 0, 0, G_OPTION_ARG_FILENAME, &options.outbox_file,
      "File for the outbox backend (default DATA-DIR/outbox.jsonl)", "FILE" },
    { "webhook-url", 0, 0, G_OPTION_ARG_STRING, &options.webhook_url,
      "URL the http backend POSTs each message to as JSON", "URL" },
    { "public-base-url", 0, 0, G_OPTION_ARG_STRING, &options.public_base_url,
      "External base URL (…/api/v1) for QR codes and redirect URIs behind a proxy", "URL" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo,
      "Seed fictional enrollment and degree records", NULL },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_cert,
      "Serve HTTPS with this PEM certificate (needs --tls-key)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key,
      "PEM private key of --tls-cert", "FILE" },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &options.insecure,
      "Allow plain HTTP on a non-loopback address (only behind a TLS proxy)", NULL },
    { "trust-forwarded-for", 0, 0, G_OPTION_ARG_NONE, &options.trust_forwarded_for,
      "Take the client IP from X-Forwarded-For (only behind a reverse proxy)", NULL },
    { "hash-threads", 0, 0, G_OPTION_ARG_INT, &options.hash_threads,
      "Password hashing threads, 64 MiB each (default: processors, at most 4)", "N" },
    { "server-threads", 0, 0, G_OPTION_ARG_INT, &options.server_threads,
      "HTTP server threads, each with its own listening socket on the port "
      "(default: half the processors)", "N" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options.version,
      "Print the version and exit", NULL },
    { NULL, },
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XuexinServiceConfig) config = NULL;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("[import-records FILE.csv | add-staff … | demo-records]");
  g_option_context_set_summary (context,
                                "Reference account service of Xuexin Assistant (学信账号助手): "
                                "registration, sign-in, recovery, account management and the "
                                "records registry, as JSON over HTTP.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("xuexin-accountd: %s\nTry “xuexin-accountd --help”.\n", error->message);
      return EXIT_FAILURE;
    }

  if (options.version)
    {
      g_print ("xuexin-accountd %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (argc >= 2 && g_strcmp0 (argv[1], "demo-records") == 0 && argc == 2)
    {
      g_autofree char *csv = xs_records_demo_csv ();
      g_autofree char *accounts = xs_identity_demo_accounts_text ();

      /* The CSV stays importable; the accounts go beside it. */
      g_print ("%s", csv);
      g_printerr ("%s", accounts);
      return EXIT_SUCCESS;
    }

  config = build_config (&options, &error);
  if (config == NULL)
    {
      g_printerr ("xuexin-accountd: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (argc == 3 && g_strcmp0 (argv[1], "import-records") == 0)
    return run_import (config, argv[2]);

  if ((argc == 6 || (argc == 7 && g_strcmp0 (argv[6], "-") == 0))
      && g_strcmp0 (argv[1], "add-staff") == 0)
    return run_add_staff (config, argv + 2, argc == 7);

  if (argc != 1)
    {
      g_printerr ("xuexin-accountd: unexpected argument “%s”\n"
                  "Try “xuexin-accountd --help”.\n", argv[1]);
      return EXIT_FAILURE;
    }

  return run_service (config, &options);
}
