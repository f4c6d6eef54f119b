/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include "service-test.h"
#include "xuexin-service-private.h"

#define PHONE "13812345678"
#define N_THREADS 4

/* Several server threads share the port, each on its own listening
 * socket; the kernel hands each new connection to one of them. */
static void
use_server_threads (XuexinServiceConfig *config)
{
  config->server_threads = N_THREADS;
}

static void
use_one_thread (XuexinServiceConfig *config)
{
  config->server_threads = 1;
}

static guint
send_on (ServiceTest *t,
         SoupSession *session,
         const char  *method,
         const char  *path,
         const char  *token)
{
  g_autofree char *url = g_strconcat (xuexin_service_get_base_url (t->service), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg),
                                    "Authorization", value);
    }

  response = soup_session_send_and_read (session, msg, NULL, &error);
  if (response != NULL)
    service_test_record (msg, response);
  g_assert_no_error (error);

  return soup_message_get_status (msg);
}

static void
get_thread_requests (ServiceTest *t,
                     guint        counts[N_THREADS])
{
  guint i;

  g_assert_cmpuint (xs_service_get_n_server_threads (t->service), ==, N_THREADS);
  for (i = 0; i < N_THREADS; i++)
    counts[i] = xs_service_get_thread_requests (t->service, i);
}

static gboolean
every_thread_served_since (ServiceTest *t,
                           const guint  before[N_THREADS])
{
  guint now[N_THREADS];
  guint i;

  get_thread_requests (t, now);
  for (i = 0; i < N_THREADS; i++)
    {
      if (now[i] <= before[i])
        return FALSE;
    }

  return TRUE;
}

/* Opens connections (one session of one kept-alive connection each) with
 * GET @path until every server thread has answered one of them. */
static GPtrArray *
connect_to_every_thread (ServiceTest *t,
                         const char  *path,
                         const char  *token)
{
  GPtrArray *sessions = g_ptr_array_new_with_free_func (g_object_unref);
  guint before[N_THREADS];

  get_thread_requests (t, before);
  while (!every_thread_served_since (t, before) && sessions->len < 400)
    {
      SoupSession *session = soup_session_new_with_options ("max-conns", 1, "timeout", 30, NULL);

      g_assert_cmpuint (send_on (t, session, "GET", path, token), ==, 200);
      g_ptr_array_add (sessions, session);
    }
  g_assert_true (every_thread_served_since (t, before));

  return sessions;
}

/* Every thread serves; stopping joins them all and frees the port, and
 * the service starts again (several times, as the app and the tests do). */
static void
test_serve_and_stop (void)
{
  ServiceTest *t = service_test_new (use_server_threads);
  g_autoptr(GPtrArray) sessions = connect_to_every_thread (t, "/health", NULL);
  g_autoptr(XuexinServiceConfig) config = xuexin_service_config_copy (t->config);
  g_autoptr(XuexinService) same_port = NULL;
  g_autoptr(GError) error = NULL;
  guint port = xuexin_service_get_port (t->service);
  guint i;

  g_assert_cmpuint (port, >, 0);

  for (i = 0; i < 3; i++)
    {
      g_autoptr(GPtrArray) again = NULL;

      xuexin_service_stop (t->service);
      g_assert_false (xuexin_service_is_running (t->service));
      g_assert_cmpuint (xs_service_get_n_server_threads (t->service), ==, 0);
      g_assert_true (xuexin_service_start (t->service, NULL));
      again = connect_to_every_thread (t, "/health", NULL);
    }

  /* The port of a stopped service is free again, for every thread. */
  port = xuexin_service_get_port (t->service);
  xuexin_service_stop (t->service);
  config->port = port;
  same_port = xuexin_service_new (config);
  g_assert_true (xuexin_service_start (same_port, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (xuexin_service_get_port (same_port), ==, port);
  xuexin_service_stop (same_port);

  g_assert_true (xuexin_service_start (t->service, NULL));
  service_test_free (t);
}

/* A second service cannot join the port of a running one, whatever the
 * number of threads of either. */
static void
test_port_taken (void)
{
  ServiceTest *t = service_test_new (use_server_threads);
  static const guint threads[] = { 1, 2, N_THREADS };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autoptr(XuexinServiceConfig) config = xuexin_service_config_copy (t->config);
      g_autoptr(XuexinService) second = NULL;
      g_autoptr(GError) error = NULL;

      config->port = xuexin_service_get_port (t->service);
      config->server_threads = threads[i];
      second = xuexin_service_new (config);
      g_assert_false (xuexin_service_start (second, &error));
      g_assert_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_LISTEN);
      g_assert_false (xuexin_service_is_running (second));
    }

  service_test_free (t);

  /* And the other way round: one exclusive socket keeps a shared group
   * out. */
  t = service_test_new (use_one_thread);
  {
    g_autoptr(XuexinServiceConfig) config = xuexin_service_config_copy (t->config);
    g_autoptr(XuexinService) second = NULL;
    g_autoptr(GError) error = NULL;

    config->port = xuexin_service_get_port (t->service);
    config->server_threads = N_THREADS;
    second = xuexin_service_new (config);
    g_assert_false (xuexin_service_start (second, &error));
    g_assert_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_LISTEN);
  }
  service_test_free (t);
}

/* Nothing is cached per thread: once a session is signed out, the next
 * request with its token fails on every server thread, on connections
 * that were open (and authenticated) before. */
static void
test_revocation_on_every_thread (void)
{
  ServiceTest *t = service_test_new (use_server_threads);
  g_autofree char *id = service_test_make_id ("11010119900307123");
  g_autoptr(JsonObject) account = service_test_register (t, PHONE, SERVICE_TEST_NAME, id, NULL,
                                                         FALSE);
  g_autofree char *token = service_test_sign_in (t, PHONE, SERVICE_TEST_PASSWORD);
  g_autofree char *other = service_test_sign_in (t, PHONE, SERVICE_TEST_PASSWORD);
  g_autoptr(GPtrArray) sessions = connect_to_every_thread (t, "/me", token);
  guint before[N_THREADS];
  guint i;

  get_thread_requests (t, before);
  g_assert_cmpuint (send_on (t, g_ptr_array_index (sessions, 0), "DELETE", "/sessions/current",
                             token), ==, 204);

  for (i = 0; i < sessions->len; i++)
    {
      SoupSession *session = g_ptr_array_index (sessions, i);

      g_assert_cmpuint (send_on (t, session, "GET", "/me", token), ==, 401);
      g_assert_cmpuint (send_on (t, session, "GET", "/me", other), ==, 200);
    }
  g_assert_true (every_thread_served_since (t, before));

  service_test_free (t);
}

int
main (int   argc,
      char *argv[])
{
  service_test_init (&argc, &argv);

  g_test_add_func ("/Service/Threads/serve-and-stop", test_serve_and_stop);
  g_test_add_func ("/Service/Threads/port-taken", test_port_taken);
  g_test_add_func ("/Service/Threads/revocation-on-every-thread",
                   test_revocation_on_every_thread);

  return g_test_run ();
}
