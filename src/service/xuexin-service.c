/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <gio/gnetworking.h>
#include <sodium.h>

#include "xuexin-service-account-changes.h"
#include "xuexin-service-app-verification.h"
#include "xuexin-service-codes.h"
#include "xuexin-service-handoff.h"
#include "xuexin-service-http.h"
#include "xuexin-service-listener.h"
#include "xuexin-service-identity.h"
#include "xuexin-service-platforms.h"
#include "xuexin-service-private.h"
#include "xuexin-service-providers.h"
#include "xuexin-service-records.h"
#include "xuexin-service-recovery.h"
#include "xuexin-service-registration.h"
#include "xuexin-service-review.h"
#include "xuexin-service-sessions.h"
#include "xuexin-service-staff.h"

#define API_PREFIX "/api/v1"

/* How long a call to another service (WeChat) may stay silent. */
#define HTTP_CLIENT_TIMEOUT 10

/*
 * Threads:
 *
 *  - server threads (server_threads, default: half the processors) each
 *    run their own GMainContext with their own SoupServer on their own
 *    listening socket; with more than one, the sockets share the port
 *    (SO_REUSEPORT) and the kernel spreads connections over them. A
 *    server thread only routes requests, answers the cheap data-free ones
 *    (health, platforms) and writes replies. It never touches the
 *    database. Thread 0 also runs the hourly maintenance timer.
 *  - the database pool (db_threads) runs every other request;
 *  - the hashing pool (hash_threads) runs the requests that hash or verify
 *    a password (register, sign in, reset password), so a burst of
 *    sign-ins cannot starve the cheap authenticated GETs.
 *
 * Both pools serve every server thread. Each worker takes one SQLite
 * connection from a queue for the whole job; there are as many
 * connections as worker threads. Nothing about sessions or accounts is
 * cached in memory: every request reads the database, so a sign-out or
 * a password reset is seen by the next request on any thread.
 *
 * A handler that waits on another service (the WeChat code exchange)
 * does not wait on a worker: it suspends the request, which gives the
 * connection back, the HTTP call runs on the HTTP client's own thread
 * (xuexin-service-http.c), and its answer resumes the request on the
 * database pool.
 *
 * A finished job goes back to its server thread through that thread's
 * reply queue: one long-lived source per server thread answers every
 * reply queued since it last ran, and a worker wakes the thread only
 * when the queue was drained (so a busy thread gets few wakeups).
 */
struct _XsServerThread {
  XuexinService *service;
  guint          index;
  GSocket       *socket;        /* bound and listening, until the listener takes it */
  XsListener    *listener;      /* accepts for the server; owned by the thread */
  GMainContext  *context;
  GMainLoop     *loop;
  GThread       *thread;
  GSource       *reply_source;
  GMutex         reply_lock;
  GQueue         replies;       /* XsRequest, under reply_lock */
  gint           replies_pending; /* atomic: the source must run */
  guint          n_requests;    /* atomic; for tests */
};

static const XsRoute routes[] = {
  { "GET",    "/health",                 xs_handle_health,         XS_ROUTE_INLINE },
  { "GET",    "/platforms",              xs_handle_platforms,      XS_ROUTE_INLINE },
  { "POST",   "/sms-codes",              xs_handle_sms_codes,      XS_ROUTE_OPTIONAL_AUTH },
  { "POST",   "/accounts",               xs_handle_register,       XS_ROUTE_HASHING },
  { "POST",   "/sessions",               xs_handle_sign_in,        XS_ROUTE_HASHING },
  { "DELETE", "/sessions/current",       xs_handle_sign_out,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING },
  { "GET",    "/me",                     xs_handle_me,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING },
  { "GET",    "/me/records",             xs_handle_me_records,     XS_ROUTE_AUTH },
  { "GET",    "/me/providers",           xs_handle_me_providers,   XS_ROUTE_AUTH },
  { "POST",   "/me/email-codes",         xs_handle_email_codes,    XS_ROUTE_AUTH },
  { "PUT",    "/me/email",               xs_handle_change_email,   XS_ROUTE_AUTH },
  { "PUT",    "/me/phone",               xs_handle_change_phone,   XS_ROUTE_AUTH },
  { "POST",   "/account/find-username",  xs_handle_find_username,  0 },
  { "POST",   "/account/reset-password", xs_handle_reset_password, XS_ROUTE_HASHING },
  { "POST",   "/me/providers/*/bind-tickets",   xs_handle_bind_ticket_new,    XS_ROUTE_AUTH },
  { "GET",    "/me/providers/*/bind-tickets/*", xs_handle_bind_ticket_get,    XS_ROUTE_AUTH },
  { "DELETE", "/me/providers/*",                xs_handle_unbind_provider,    XS_ROUTE_AUTH },
  { "POST",   "/providers/*/sign-in-tickets",   xs_handle_sign_in_ticket_new, 0 },
  { "GET",    "/providers/*/sign-in-tickets/*", xs_handle_sign_in_ticket_get, 0 },
  { "GET",    "/providers/*/simulate",          xs_handle_simulate_scan,      XS_ROUTE_RAW_BODY },
  { "POST",   "/providers/*/simulate",          xs_handle_simulate_confirm,   XS_ROUTE_RAW_BODY },
  { "GET",    "/providers/*/callback",          xs_handle_provider_callback,  XS_ROUTE_RAW_BODY },
  { "GET",    "/me/identity",                   xs_handle_me_identity,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING },
  { "POST",   "/me/identity/records",           xs_handle_identity_records,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING },
  { "POST",   "/me/identity/assistance-requests", xs_handle_assistance_new,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING },
  /* Path 1: the mobile app. The simulated app page and the vendor's
   * callback are for the phone and the vendor, not for a signed-in
   * client. */
  { "POST",   "/me/identity/app-verification",  xs_handle_app_verification_new,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING },
  { "GET",    "/me/identity/app-verification/*", xs_handle_app_verification_get,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING },
  { "GET",    "/app-verification/simulate",     xs_handle_app_verification_page,
    XS_ROUTE_RAW_BODY },
  { "POST",   "/app-verification/simulate",     xs_handle_app_verification_decide,
    XS_ROUTE_RAW_BODY, 4096 },
  { "POST",   "/app-verification/callback",     xs_handle_app_verification_callback,
    XS_ROUTE_RAW_BODY, XS_APP_VERIFICATION_CALLBACK_MAX_BODY },
  { "GET",    "/schools",                       xs_handle_schools,            0 },
  { "GET",    "/me/inbox",                      xs_handle_inbox,              XS_ROUTE_AUTH },
  { "GET",    "/me/inbox/count",                xs_handle_inbox_count,        XS_ROUTE_AUTH },
  { "POST",   "/me/inbox/*/confirm",            xs_handle_inbox_confirm,      XS_ROUTE_AUTH },
  { "POST",   "/me/inbox/*/decline",            xs_handle_inbox_decline,      XS_ROUTE_AUTH },
  /* Path 2: review cases. Photo uploads run on the hashing pool: decoding
   * is slow CPU work like a password hash, and must not hold up the
   * database pool's cheap requests. */
  { "GET",    "/me/identity/case",              xs_handle_case_get,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING },
  { "PUT",    "/me/identity/case/photos/*",     xs_handle_case_photo_put,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING | XS_ROUTE_RAW_BODY | XS_ROUTE_HASHING,
    XS_REVIEW_PHOTO_MAX_BODY },
  { "GET",    "/me/identity/case/photos/*",     xs_handle_case_photo_get,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING },
  { "POST",   "/me/identity/case/submit",       xs_handle_case_submit,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING },
  /* The phone hand-off: the kiosk's session creates a capability URL;
   * the phone's page and uploads carry no bearer, the token in the path
   * is the capability. Uploads are bounded and pooled like the owner's. */
  { "POST",   "/me/identity/case/handoff",      xs_handle_handoff_new,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING },
  { "DELETE", "/me/identity/case/handoff",      xs_handle_handoff_revoke,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING },
  { "GET",    "/handoff/*",                     xs_handle_handoff_page,
    XS_ROUTE_RAW_BODY },
  { "GET",    "/handoff/*/photos",              xs_handle_handoff_photos,
    XS_ROUTE_RAW_BODY },
  { "PUT",    "/handoff/*/photos/*",            xs_handle_handoff_photo_put,
    XS_ROUTE_RAW_BODY | XS_ROUTE_HASHING, XS_REVIEW_PHOTO_MAX_BODY },
  /* Reviewers and admins only (XS_ROUTE_STAFF); pending accounts are let
   * through to the role check so that every non-staff caller gets the
   * same 403. */
  { "GET",    "/review/cases",                  xs_handle_review_list,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING | XS_ROUTE_STAFF },
  { "GET",    "/review/cases/*",                xs_handle_review_detail,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING | XS_ROUTE_STAFF },
  { "POST",   "/review/cases/*/claim",          xs_handle_review_claim,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING | XS_ROUTE_STAFF },
  { "DELETE", "/review/cases/*/claim",          xs_handle_review_release,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING | XS_ROUTE_STAFF },
  { "GET",    "/review/cases/*/photos/*",       xs_handle_review_photo,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING | XS_ROUTE_STAFF },
  { "POST",   "/review/cases/*/decision",       xs_handle_review_decide,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING | XS_ROUTE_STAFF },
  { "GET",    "/review/decisions",              xs_handle_review_decisions,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING | XS_ROUTE_STAFF },
  { "GET",    "/review/accounts",               xs_handle_review_accounts,
    XS_ROUTE_AUTH | XS_ROUTE_ALLOW_PENDING | XS_ROUTE_STAFF },
};

typedef struct {
  GSource         source;
  XsServerThread *thread;
} XsReplySource;

struct _XuexinService {
  GObject              parent_instance;

  XuexinServiceConfig *config;        /* swapped atomically by a reload */
  GPtrArray           *retired_configs; /* replaced ones, still held by requests */
  char                *database_path;

  GMutex               lock;
  GCond                cond;
  guint                n_ready;
  GError              *start_error;

  XsServerThread      *threads;
  guint                n_threads;
  char                *base_url;
  guint                port;
  gboolean             running;

  GThreadPool         *db_pool;
  GThreadPool         *hash_pool;
  GAsyncQueue         *connections;
  guint                n_connections;
  XsIpTable           *ips;           /* client connections per IP, all threads */

  XsHttpClient        *http;
  XsPhotoStore        *photos;
  gint                 stopping;      /* atomic */

  guint                route_requests[G_N_ELEMENTS (routes)]; /* atomic, by index in routes[] */
};

G_DEFINE_FINAL_TYPE (XuexinService, xuexin_service, G_TYPE_OBJECT)


/* ----- request lifecycle ------------------------------------------------ */

/* The configuration for what starts now: a reload may replace it from
 * another thread, and what began under the old one keeps it. */
static const XuexinServiceConfig *
current_config (XuexinService *self)
{
  return g_atomic_pointer_get (&self->config);
}

static gint64
service_now (XuexinService *self)
{
  const XuexinServiceConfig *config = current_config (self);

  if (config->clock_func != NULL)
    return config->clock_func (config->clock_data);

  return g_get_real_time ();
}

static XsDb *
acquire_db (XuexinService *self)
{
  return g_async_queue_pop (self->connections);
}

static void
release_db (XuexinService *self,
            XsDb          *db)
{
  xs_db_reset_all (db);
  g_async_queue_push (self->connections, db);
}

static void
xs_request_free (gpointer data)
{
  XsRequest *req = data;

  if (req->msg != NULL)
    {
      g_clear_signal_handler (&req->finished_id, req->msg);
      g_object_unref (req->msg);
    }
  g_free (req->method);
  g_free (req->path);
  g_strfreev (req->segments);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_free (req->client_ip);
  if (req->bearer_token != NULL)
    sodium_memzero (req->bearer_token, strlen (req->bearer_token));
  g_free (req->bearer_token);
  g_clear_pointer (&req->signed_headers, g_hash_table_unref);
  g_free (req->accept_language);
  g_strfreev (req->extra_headers);
  g_clear_pointer (&req->json, json_node_unref);
  g_free (req->account_state);
  g_free (req->account_role);
  g_clear_pointer (&req->response_bytes, g_bytes_unref);
  xs_request_set_handler_data (req, NULL, NULL);
  g_free (req->response_body);
  g_object_unref (req->service);
  g_free (req);
}

static void
apply_response (XsRequest *req)
{
  SoupServerMessage *msg = req->msg;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, req->status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (req->retry_after > 0)
    {
      g_autofree char *value = g_strdup_printf ("%u", req->retry_after);
      soup_message_headers_replace (headers, "Retry-After", value);
    }
  for (guint i = 0; req->extra_headers != NULL && req->extra_headers[i] != NULL
                    && req->extra_headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (headers, req->extra_headers[i], req->extra_headers[i + 1]);

  if (req->response_bytes != NULL)
    {
      gsize length = 0;
      gconstpointer data = g_bytes_get_data (req->response_bytes, &length);

      soup_server_message_set_response (msg, req->content_type, SOUP_MEMORY_COPY, data, length);
    }
  else if (req->response_body != NULL)
    {
      gsize length = strlen (req->response_body);
      soup_server_message_set_response (msg,
                                        req->content_type ? req->content_type
                                                          : "application/json; charset=utf-8",
                                        SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&req->response_body), length);
    }
}

/* Runs on the server thread of @req. */
static void
finish_request (XsRequest *req)
{
  if (!req->finished)
    {
      apply_response (req);
      soup_server_message_unpause (req->msg);
    }

  xs_request_free (req);
}

static gboolean
reply_source_prepare (GSource *source,
                      int     *timeout)
{
  XsServerThread *thread = ((XsReplySource *) source)->thread;

  *timeout = -1;
  return g_atomic_int_get (&thread->replies_pending) != 0;
}

static gboolean
reply_source_check (GSource *source)
{
  XsServerThread *thread = ((XsReplySource *) source)->thread;

  return g_atomic_int_get (&thread->replies_pending) != 0;
}

static gboolean
reply_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  XsServerThread *thread = ((XsReplySource *) source)->thread;
  GQueue replies = G_QUEUE_INIT;
  XsRequest *req;

  /* Clear before taking the queue: a reply queued after this point wakes
   * the thread again. */
  g_atomic_int_set (&thread->replies_pending, 0);

  g_mutex_lock (&thread->reply_lock);
  replies = thread->replies;
  g_queue_init (&thread->replies);
  g_mutex_unlock (&thread->reply_lock);

  while ((req = g_queue_pop_head (&replies)) != NULL)
    finish_request (req);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs reply_source_funcs = {
  .prepare = reply_source_prepare,
  .check = reply_source_check,
  .dispatch = reply_source_dispatch,
};

/* Called by a worker: hands @req back to its server thread, and wakes
 * the thread unless a wakeup is already pending. */
static void
queue_reply (XsRequest *req)
{
  XsServerThread *thread = req->thread;

  g_mutex_lock (&thread->reply_lock);
  g_queue_push_tail (&thread->replies, req);
  g_mutex_unlock (&thread->reply_lock);

  if (g_atomic_int_compare_and_exchange (&thread->replies_pending, 0, 1))
    g_main_context_wakeup (thread->context);
}

static void
message_finished_cb (SoupServerMessage *msg,
                     gpointer           data)
{
  XsRequest *req = data;

  req->finished = TRUE;
}

static void
run_request (XsRequest *req)
{
  XsRouteFlags flags = req->route->flags;

  if ((flags & XS_ROUTE_AUTH) != 0)
    {
      if (!xs_request_authenticate (req))
        return;

      if ((flags & XS_ROUTE_ALLOW_PENDING) == 0
          && g_strcmp0 (req->account_state, XS_STATE_PENDING_IDENTITY) == 0)
        {
          xs_request_error (req, XUEXIN_ERROR_CODE_IDENTITY_VERIFICATION_REQUIRED, NULL);
          return;
        }

      if ((flags & XS_ROUTE_STAFF) != 0 && !xs_request_require_staff (req, FALSE))
        return;
    }
  else if ((flags & XS_ROUTE_OPTIONAL_AUTH) != 0 && req->bearer_token != NULL)
    {
      /* A stale token does not spoil an anonymous request; handlers that
       * need the account see account_id < 0. */
      if (!xs_request_authenticate (req))
        xs_request_reply_empty (req, 0);
    }

  if ((flags & XS_ROUTE_RAW_BODY) == 0
      && (g_strcmp0 (req->method, "POST") == 0 || g_strcmp0 (req->method, "PUT") == 0))
    {
      if (!xs_request_parse_body (req))
        return;
    }

  req->route->handler (req);
}

/* Pushed to the database pool instead of a request, hourly. */
static int maintenance_job;

static void
run_maintenance (XuexinService *self)
{
  XsDb *db = acquire_db (self);
  const XuexinServiceConfig *config = current_config (self);
  gint64 now = service_now (self);
  gint64 deleted = xs_db_purge (db, config, now);

  if (deleted < 0)
    g_warning ("Database maintenance failed");
  else if (deleted > 0)
    g_debug ("Database maintenance deleted %" G_GINT64_FORMAT " rows", deleted);

  /* ID photos past their retention (files, then rows, audited). */
  deleted = xs_review_purge_photos (db, self->photos, config, now);
  if (deleted < 0)
    g_warning ("Deleting ID photos past their retention failed");
  else if (deleted > 0)
    g_info ("Deleted %" G_GINT64_FORMAT " ID photos past their retention", deleted);

  release_db (self, db);
}

static gboolean
maintenance_cb (gpointer data)
{
  XuexinService *self = data;

  g_thread_pool_push (self->db_pool, &maintenance_job, NULL);
  return G_SOURCE_CONTINUE;
}

static void
worker_cb (gpointer data,
           gpointer user_data)
{
  XsRequest *req = data;
  XuexinService *self = user_data;

  if (data == &maintenance_job)
    {
      run_maintenance (self);
      return;
    }

  req->now = service_now (self);
  req->db = acquire_db (self);
  if (req->resumed != NULL)
    {
      XsHandler handler = g_steal_pointer (&req->resumed);
      handler (req);
    }
  else
    run_request (req);
  release_db (self, g_steal_pointer (&req->db));

  /* The request is the suspended function's now. */
  if (req->suspended != NULL)
    {
      XsHandler func = g_steal_pointer (&req->suspended);
      func (req);
      return;
    }

  if (!xs_request_has_reply (req))
    xs_request_internal_error (req, "answering");

  queue_reply (req);
}

void
xs_request_suspend (XsRequest *req,
                    XsHandler  func)
{
  g_assert (req->db != NULL);
  g_assert (req->suspended == NULL);

  req->suspended = func;
}

void
xs_request_resume (XsRequest *req,
                   XsHandler  handler)
{
  g_assert (req->db == NULL);

  /* While stopping, the pool may be on its way out: the reply would go
   * nowhere anyway. */
  if (g_atomic_int_get (&req->service->stopping))
    {
      xs_request_free (req);
      return;
    }

  req->resumed = handler;
  g_thread_pool_push (req->service->db_pool, req, NULL);
}

/* ----- routing (server thread) ------------------------------------------ */

/* Compares without allocating: this runs for every route on every
 * request. */
static gboolean
route_matches (const XsRoute *route,
               char         **segments)
{
  const char *pattern = route->path + 1;
  guint i;

  for (i = 0; segments[i] != NULL; i++)
    {
      const char *end = strchr (pattern, '/');
      gsize length = end != NULL ? (gsize) (end - pattern) : strlen (pattern);

      if (!(length == 1 && pattern[0] == '*')
          && (strlen (segments[i]) != length || strncmp (segments[i], pattern, length) != 0))
        return FALSE;

      if (end == NULL)
        return segments[i + 1] == NULL;
      pattern = end + 1;
    }

  return FALSE;
}

static char *
get_client_ip (XuexinService     *self,
               SoupServerMessage *msg)
{
  if (current_config (self)->trust_forwarded_for)
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
      const char *forwarded = soup_message_headers_get_list (headers, "X-Forwarded-For");

      /* The proxy appends the address it saw: the last entry is the one
       * the proxy vouches for. */
      if (forwarded != NULL)
        {
          const char *last = strrchr (forwarded, ',');
          g_autofree char *ip = g_strstrip (g_strdup (last ? last + 1 : forwarded));

          if (g_hostname_is_ip_address (ip))
            return g_steal_pointer (&ip);
        }
    }

  return g_strdup (soup_server_message_get_remote_host (msg));
}

static char *
get_bearer_token (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;

  value += 7;
  while (*value == ' ')
    value++;

  if (*value == '\0' || strlen (value) > 256)
    return NULL;

  return g_strdup (value);
}

/* The X-Xuexin-* headers, copied: handlers run off the server thread,
 * where the message must not be read. */
static GHashTable *
get_signed_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  GHashTable *table = NULL;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (g_ascii_strncasecmp (name, "X-Xuexin-", 9) != 0)
        continue;
      if (table == NULL)
        table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_replace (table, g_ascii_strdown (name, -1), g_strdup (value));
    }

  return table;
}

static void
reply_inline (XsRequest *req)
{
  apply_response (req);
  xs_request_free (req);
}

/* Takes @segments (NULL: split @subpath). */
static XsRequest *
request_new (XsServerThread    *thread,
             SoupServerMessage *msg,
             const char        *subpath,
             char             **segments)
{
  XuexinService *self = thread->service;
  XsRequest *req = g_new0 (XsRequest, 1);

  req->service = g_object_ref (self);
  req->thread = thread;
  req->msg = g_object_ref (msg);
  req->method = g_strdup (soup_server_message_get_method (msg));
  req->path = g_strdup (subpath);
  req->segments = segments != NULL ? segments : g_strsplit (subpath + 1, "/", -1);
  req->client_ip = get_client_ip (self, msg);
  req->bearer_token = get_bearer_token (msg);
  req->signed_headers = get_signed_headers (msg);
  /* Copied like the signed headers: the pages pick their language. */
  req->accept_language = g_strdup (soup_message_headers_get_list (
                                     soup_server_message_get_request_headers (msg),
                                     "Accept-Language"));
  req->config = current_config (self);
  req->public_base_url = req->config->public_base_url != NULL ? req->config->public_base_url
                                                              : self->base_url;
  req->http = self->http;
  req->photos = self->photos;
  req->account_id = -1;

  return req;
}

/* Answers on the server thread with the error @code; a @status other
 * than 0 replaces the code's. */
static void
reply_inline_error (XsRequest       *req,
                    XuexinErrorCode  code,
                    guint            status)
{
  req->now = service_now (req->service);
  xs_request_error (req, code, NULL);
  if (status != 0)
    req->status = status;
  reply_inline (req);
}

/* Sets *path_known when some route has the path, whatever its method. */
static const XsRoute *
find_route (const char  *method,
            char       **segments,
            gboolean    *path_known)
{
  *path_known = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (route_matches (&routes[i], segments))
        {
          *path_known = TRUE;
          if (g_strcmp0 (routes[i].method, method) == 0)
            return &routes[i];
        }
    }

  return NULL;
}

static const char *
api_subpath (const char *path)
{
  const char *subpath = g_str_has_prefix (path, API_PREFIX) ? path + strlen (API_PREFIX) : "";

  return subpath[0] == '/' ? subpath : "/";
}

/* The body limit of the route @msg asks for: a route may have its own
 * (uploads), the rest have max_body_size. */
static gsize
body_limit (XuexinService     *self,
            SoupServerMessage *msg,
            const char        *path)
{
  const char *subpath = api_subpath (path);
  g_auto(GStrv) segments = g_strsplit (subpath + 1, "/", -1);
  gboolean path_known;
  const XsRoute *route = find_route (soup_server_message_get_method (msg), segments, &path_known);

  if (route != NULL && route->max_body_size > 0)
    return route->max_body_size;

  return current_config (self)->max_body_size;
}

static void
early_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  XsServerThread *thread = user_data;
  XuexinService *self = thread->service;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);
  gboolean chunked = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED;
  guint status;
  XuexinErrorCode code;

  /* The limit must be known before the body is read: a body without a
   * length (chunked) is refused, one over the limit too. */
  if (!chunked && length <= (goffset) body_limit (self, msg, path))
    {
      /* The head watcher must know where the next request starts, or the
       * connection ends after this one. */
      if (!xs_listener_check_body (thread->listener, msg))
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Connection", "close");
      return;
    }

  status = chunked ? SOUP_STATUS_LENGTH_REQUIRED : SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
  code = chunked ? XUEXIN_ERROR_CODE_INVALID_REQUEST : XUEXIN_ERROR_CODE_PAYLOAD_TOO_LARGE;

  /* Answered and closed by the listener, without reading the body. */
  if (xs_listener_refuse (thread->listener, msg, status, code))
    return;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
  reply_inline_error (request_new (thread, msg, "/", NULL), code, status);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  XsServerThread *thread = user_data;
  XuexinService *self = thread->service;
  const char *method = soup_server_message_get_method (msg);
  const char *subpath;
  char **segments;
  const XsRoute *route;
  gboolean path_known;
  SoupMessageBody *body;
  XsRequest *req;
  gsize limit;

  /* The early handler already answered. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  g_atomic_int_inc (&thread->n_requests);

  subpath = api_subpath (path);
  segments = g_strsplit (subpath + 1, "/", -1);
  route = find_route (method, segments, &path_known);

  req = request_new (thread, msg, subpath, segments);

  if (route == NULL)
    {
      if (path_known)
        reply_inline_error (req, XUEXIN_ERROR_CODE_INVALID_REQUEST,
                            SOUP_STATUS_METHOD_NOT_ALLOWED);
      else
        reply_inline_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, 0);
      return;
    }

  req->route = route;
  g_atomic_int_inc (&self->route_requests[route - routes]);
  if (query != NULL)
    req->query = g_hash_table_ref (query);

  body = soup_server_message_get_request_body (msg);
  limit = route->max_body_size > 0 ? route->max_body_size : req->config->max_body_size;
  if (body->length > (goffset) limit)
    {
      reply_inline_error (req, XUEXIN_ERROR_CODE_PAYLOAD_TOO_LARGE, 0);
      return;
    }
  /* No body stays NULL, which every reader takes as empty. */
  if (body->length > 0)
    req->body = soup_message_body_flatten (body);

  if ((route->flags & XS_ROUTE_INLINE) != 0)
    {
      req->now = service_now (self);
      route->handler (req);
      if (!xs_request_has_reply (req))
        xs_request_internal_error (req, "answering");
      reply_inline (req);
      return;
    }

  soup_server_message_pause (msg);
  req->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (message_finished_cb), req);
  g_thread_pool_push ((route->flags & XS_ROUTE_HASHING) != 0 ? self->hash_pool : self->db_pool,
                      req, NULL);
}

static void
fallback_handler_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  XsServerThread *thread = user_data;

  /* The early handler already answered. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  g_atomic_int_inc (&thread->n_requests);

  reply_inline_error (request_new (thread, msg, "/", NULL), XUEXIN_ERROR_CODE_NOT_FOUND, 0);
}

/* ----- server threads --------------------------------------------------- */

static void
signal_ready (XuexinService *self,
              GError        *error)
{
  g_mutex_lock (&self->lock);
  self->n_ready++;
  if (error != NULL && self->start_error == NULL)
    self->start_error = g_steal_pointer (&error);
  g_clear_error (&error);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

static char *
make_base_url (XuexinService *self,
               gboolean       tls,
               guint          port)
{
  const char *host = self->config->listen_address;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (host);

  if (g_strcmp0 (host, "localhost") == 0)
    host = "127.0.0.1";
  else if (inet != NULL && g_inet_address_get_is_any (inet))
    host = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6 ? "::1" : "127.0.0.1";

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("%s://[%s]:%u" API_PREFIX, tls ? "https" : "http", host, port);

  return g_strdup_printf ("%s://%s:%u" API_PREFIX, tls ? "https" : "http", host, port);
}

/* A bound, listening TCP socket. With @reuse_port, other sockets with the
 * option may listen on the same address and port (only sockets of the
 * same user can join). Binds by hand: g_socket_bind() turns SO_REUSEPORT
 * off again for TCP. */
static GSocket *
listen_socket_new (GSocketAddress  *address,
                   gboolean         reuse_port,
                   GError         **error)
{
  GSocketFamily family = g_socket_address_get_family (address);
  g_autoptr(GSocket) socket = NULL;
  struct sockaddr_storage native;
  gssize native_size = g_socket_address_get_native_size (address);

  socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;

  /* As SoupServer does: an IPv6 address serves IPv6 only, and a
   * restart does not wait for old connections in TIME_WAIT. */
  if ((family == G_SOCKET_FAMILY_IPV6
       && !g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, error))
      || !g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, TRUE, error)
      || (reuse_port && !g_socket_set_option (socket, SOL_SOCKET, SO_REUSEPORT, TRUE, error))
      || native_size < 0
      || !g_socket_address_to_native (address, &native, sizeof native, error))
    return NULL;

  if (bind (g_socket_get_fd (socket), (struct sockaddr *) &native, (socklen_t) native_size) != 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return NULL;
    }

  /* GLib's default backlog (10) drops connections that arrive in a
   * burst; this is still far below the kernel's limit. */
  g_socket_set_listen_backlog (socket, 128);
  if (!g_socket_listen (socket, error))
    return NULL;

  return g_steal_pointer (&socket);
}

static guint
get_socket_port (GSocket  *socket,
                 GError  **error)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, error);

  if (local == NULL)
    return 0;

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

/* Binds a socket to @address without SO_REUSEPORT and closes it again:
 * fails if anything listens there already, including another service
 * whose sockets share the port. Returns the port bound, or 0. */
static guint
probe_port (GSocketAddress  *address,
            GError         **error)
{
  g_autoptr(GSocket) socket = NULL;
  guint port;

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL || !g_socket_bind (socket, address, TRUE, error))
    return 0;

  port = get_socket_port (socket, error);
  g_socket_close (socket, NULL);
  return port;
}

static gboolean
bind_listen_sockets (XuexinService  *self,
                     const char     *host,
                     guint           port,
                     GError        **error)
{
  gboolean reuse_port = self->n_threads > 1;
  guint i;

  for (i = 0; i < self->n_threads; i++)
    {
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string (host, port);

      self->threads[i].socket = listen_socket_new (address, reuse_port, error);
      if (self->threads[i].socket == NULL)
        return FALSE;
      if (port == 0)
        port = get_socket_port (self->threads[i].socket, error);
      if (port == 0)
        return FALSE;
    }

  self->port = port;
  return TRUE;
}

/*
 * Creates one listening socket per server thread, all on the configured
 * address and port. With one thread the socket is exclusive, as a
 * SoupServer's own. With several they share the port through
 * SO_REUSEPORT, which only sockets of the same user with that option can
 * join; so that a second service on the port still fails to start
 * instead of silently taking part of the connections, the port is first
 * bound exclusively and released just before the shared sockets take it.
 * (Two services of the same user started within those microseconds
 * could both pass; one started any later fails.)
 */
static gboolean
open_listen_sockets (XuexinService  *self,
                     GError        **error)
{
  const char *host = self->config->listen_address;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;
  guint port = self->config->port;
  guint attempt;
  guint i;

  if (g_strcmp0 (host, "localhost") == 0)
    host = "127.0.0.1";

  address = g_inet_socket_address_new_from_string (host, port);
  if (address == NULL)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                   "The listen address “%s” is not an IP address", host);
      return FALSE;
    }

  /* A port the kernel picked can be taken by someone else between the
   * probe and the shared sockets: pick again. */
  for (attempt = 0; attempt < 5; attempt++)
    {
      guint bound = port;

      g_clear_error (&local_error);
      if (self->n_threads > 1)
        bound = probe_port (address, &local_error);

      if ((self->n_threads == 1 || bound != 0)
          && bind_listen_sockets (self, host, bound, &local_error))
        return TRUE;

      for (i = 0; i < self->n_threads; i++)
        g_clear_object (&self->threads[i].socket);

      if (port != 0
          || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        break;
    }

  g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_LISTEN,
               "Cannot listen on %s port %u: %s", host, port, local_error->message);
  return FALSE;
}

/* Every answer, libsoup's own too (400 for a malformed head, 501 for an
 * unknown Transfer-Encoding, 505 for an unknown HTTP version), must not
 * be cached. */
static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
}

/* Creates the server of @thread on its socket; runs on that thread with
 * its context pushed (the server attaches its sources there). */
static SoupServer *
create_server (XsServerThread   *thread,
               GTlsCertificate  *certificate,
               GError          **error)
{
  XuexinService *self = thread->service;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocket) socket = g_steal_pointer (&thread->socket);

  XsListenerLimits limits = {
    .max_request_line = self->config->max_request_line,
    .max_header_size = self->config->max_header_size,
    .max_headers = self->config->max_headers,
    .idle_timeout = self->config->connection_idle_timeout,
    .head_timeout = self->config->request_head_timeout,
    /* Behind a proxy every connection comes from the proxy: its own
     * limit_conn caps the clients (docs/deployment.md). */
    .max_connections_per_ip = self->config->trust_forwarded_for
                              ? 0 : self->config->max_connections_per_ip,
  };

  /* No tls-certificate: the listener does TLS (xuexin-service-listener.c).
   * No server-header: answers name no server or version. */
  server = soup_server_new (NULL, NULL);
  g_signal_connect (server, "request-started", G_CALLBACK (request_started_cb), NULL);
  /* Handlers are per path: the API and the fallback both need the early
   * body check. */
  soup_server_add_early_handler (server, API_PREFIX, early_handler_cb, thread, NULL);
  soup_server_add_early_handler (server, NULL, early_handler_cb, thread, NULL);
  soup_server_add_handler (server, API_PREFIX, handler_cb, thread, NULL);
  soup_server_add_handler (server, NULL, fallback_handler_cb, thread, NULL);

  thread->listener = xs_listener_new (server, socket, certificate, &limits, self->ips, error);
  if (thread->listener == NULL)
    {
      g_prefix_error (error, "Cannot listen on %s port %u: ",
                      self->config->listen_address, self->port);
      return NULL;
    }

  return g_steal_pointer (&server);
}

typedef struct {
  XsServerThread  *thread;
  GTlsCertificate *certificate;
} ThreadStart;

static gpointer
server_thread_func (gpointer data)
{
  ThreadStart *start = data;
  XsServerThread *thread = start->thread;
  XuexinService *self = thread->service;
  g_autoptr(SoupServer) server = NULL;
  GSource *timer = NULL;
  GError *error = NULL;

  g_main_context_push_thread_default (thread->context);

  server = create_server (thread, start->certificate, &error);
  g_clear_object (&start->certificate);
  g_free (start);

  if (server != NULL && thread->index == 0)
    {
      timer = g_timeout_source_new_seconds (3600);
      g_source_set_callback (timer, maintenance_cb, self, NULL);
      g_source_set_static_name (timer, "[xuexin-service] maintenance");
      g_source_attach (timer, thread->context);
      maintenance_cb (self);
    }

  signal_ready (self, error);

  if (server != NULL)
    {
      g_main_loop_run (thread->loop);
      if (timer != NULL)
        {
          g_source_destroy (timer);
          g_source_unref (timer);
        }
      soup_server_disconnect (server);
      g_clear_pointer (&thread->listener, xs_listener_free);
      g_clear_object (&server);
      while (g_main_context_iteration (thread->context, FALSE))
        ;
    }

  g_main_context_pop_thread_default (thread->context);
  return NULL;
}

static void
server_thread_init (XsServerThread *thread,
                    XuexinService  *self,
                    guint           index)
{
  thread->service = self;
  thread->index = index;
  thread->context = g_main_context_new ();
  thread->loop = g_main_loop_new (thread->context, FALSE);
  g_mutex_init (&thread->reply_lock);
  g_queue_init (&thread->replies);

  thread->reply_source = g_source_new (&reply_source_funcs, sizeof (XsReplySource));
  ((XsReplySource *) thread->reply_source)->thread = thread;
  g_source_set_priority (thread->reply_source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (thread->reply_source, "[xuexin-service] replies");
  g_source_attach (thread->reply_source, thread->context);
}

/* After the thread and the pools have stopped: replies still queued go
 * nowhere. */
static void
server_thread_clear (XsServerThread *thread)
{
  XsRequest *req;

  if (thread->reply_source != NULL)
    {
      g_source_destroy (thread->reply_source);
      g_clear_pointer (&thread->reply_source, g_source_unref);
    }
  while ((req = g_queue_pop_head (&thread->replies)) != NULL)
    xs_request_free (req);
  g_mutex_clear (&thread->reply_lock);

  g_clear_object (&thread->socket);
  g_clear_pointer (&thread->loop, g_main_loop_unref);
  g_clear_pointer (&thread->context, g_main_context_unref);
}

/* ----- public API ------------------------------------------------------- */

static void
xuexin_service_finalize (GObject *object)
{
  XuexinService *self = XUEXIN_SERVICE (object);

  xuexin_service_stop (self);

  if (self->config->delivery_context != NULL)
    g_main_context_unref (self->config->delivery_context);
  g_clear_pointer (&self->config, xuexin_service_config_free);
  g_clear_pointer (&self->retired_configs, g_ptr_array_unref);
  g_free (self->database_path);
  g_free (self->base_url);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (xuexin_service_parent_class)->finalize (object);
}

static void
xuexin_service_class_init (XuexinServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xuexin_service_finalize;

  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");
}

static void
xuexin_service_init (XuexinService *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->retired_configs = g_ptr_array_new_with_free_func ((GDestroyNotify) xuexin_service_config_free);
}

/**
 * xuexin_service_new:
 * @config: the configuration; copied
 *
 * Creates a service that is not running yet; see xuexin_service_start().
 */
XuexinService *
xuexin_service_new (const XuexinServiceConfig *config)
{
  XuexinService *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_SERVICE, NULL);
  self->config = xuexin_service_config_copy (config);
  /* The copy borrows the context like the original; hold it ourselves. */
  if (self->config->delivery_context != NULL)
    g_main_context_ref (self->config->delivery_context);

  return self;
}

static char *
resolve_database_path (const XuexinServiceConfig  *config,
                       GError                    **error)
{
  g_autofree char *data_dir = NULL;

  if (config->database_path != NULL && config->data_dir == NULL)
    return g_strdup (config->database_path);

  data_dir = config->data_dir != NULL
             ? g_strdup (config->data_dir)
             : g_build_filename (g_get_user_data_dir (), "xuexin-accountd", NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                   "Cannot create the data directory %s: %s", data_dir,
                   g_strerror (saved_errno));
      return NULL;
    }

  if (config->database_path != NULL)
    return g_strdup (config->database_path);

  return g_build_filename (data_dir, "accounts.sqlite3", NULL);
}

static XsDb *
open_database (const XuexinServiceConfig  *config,
               char                      **out_path,
               GError                    **error)
{
  g_autofree char *path = resolve_database_path (config, error);
  XsDb *db;

  if (path == NULL)
    return NULL;

  db = xs_db_open_vfs (path, config->database_vfs, error);
  if (db == NULL)
    return NULL;

  if (!xs_db_migrate (db, error))
    {
      xs_db_close (db);
      return NULL;
    }

  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return db;
}

static void
close_connections (XuexinService *self)
{
  XsDb *db;

  if (self->connections == NULL)
    return;

  while ((db = g_async_queue_try_pop (self->connections)) != NULL)
    xs_db_close (db);
  g_clear_pointer (&self->connections, g_async_queue_unref);
  self->n_connections = 0;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Undoes whatever part of xuexin_service_start() was done. */
static void
teardown (XuexinService *self)
{
  guint i;

  for (i = 0; i < self->n_threads; i++)
    {
      if (self->threads[i].thread != NULL)
        g_main_context_invoke (self->threads[i].context, quit_loop_cb, self->threads[i].loop);
    }
  for (i = 0; i < self->n_threads; i++)
    {
      if (self->threads[i].thread != NULL)
        g_thread_join (g_steal_pointer (&self->threads[i].thread));
    }

  /* Suspended requests are dropped from now on instead of resumed, and
   * the calls they wait on are cancelled. */
  g_atomic_int_set (&self->stopping, TRUE);
  if (self->http != NULL)
    xs_http_client_stop (self->http);

  /* Let the jobs in progress finish; their replies go nowhere. */
  if (self->hash_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->hash_pool), FALSE, TRUE);
  if (self->db_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->db_pool), FALSE, TRUE);
  g_clear_pointer (&self->http, xs_http_client_free);
  g_atomic_int_set (&self->stopping, FALSE);

  for (i = 0; i < self->n_threads; i++)
    server_thread_clear (&self->threads[i]);
  g_clear_pointer (&self->threads, g_free);
  self->n_threads = 0;

  close_connections (self);
  g_clear_pointer (&self->ips, xs_ip_table_free);
  g_clear_pointer (&self->photos, xs_photo_store_free);
  g_clear_pointer (&self->base_url, g_free);
  self->port = 0;
}

/**
 * xuexin_service_start:
 *
 * Opens (and migrates) the database, seeds demo data when configured,
 * starts the worker pools and the server thread, and returns once the
 * server listens. The host's main loop is never used.
 */
gboolean
xuexin_service_start (XuexinService  *self,
                      GError        **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  XsDb *db;
  guint hash_threads;
  guint db_threads;
  guint i;

  g_return_val_if_fail (XUEXIN_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  if (!xuexin_service_config_check (self->config, error))
    return FALSE;

  if (self->config->tls_cert_file != NULL)
    {
      certificate = g_tls_certificate_new_from_files (self->config->tls_cert_file,
                                                      self->config->tls_key_file, error);
      if (certificate == NULL)
        {
          g_prefix_error (error, "Cannot load the TLS certificate: ");
          return FALSE;
        }
    }

  g_clear_pointer (&self->database_path, g_free);
  db = open_database (self->config, &self->database_path, error);
  if (db == NULL)
    return FALSE;

  if (self->config->demo
      && (!xs_records_seed_demo (db, service_now (self), error)
          || !xs_identity_seed_demo (db, self->config, service_now (self), error)
          || !xs_review_seed_demo (db, self->config, service_now (self), error)))
    {
      xs_db_close (db);
      return FALSE;
    }

  /* Beside the database: the photos directory and its key. */
  {
    g_autofree char *photo_dir = self->config->data_dir != NULL
                                 ? g_strdup (self->config->data_dir)
                                 : g_path_get_dirname (self->database_path);

    self->photos = xs_photo_store_new (photo_dir, error);
    if (self->photos == NULL)
      {
        g_prefix_error (error, "Cannot open the ID photo store: ");
        xs_db_close (db);
        return FALSE;
      }
    xs_photo_store_set_deleted_func (self->photos, xs_review_photo_deleted_cb, NULL);
  }

  hash_threads = self->config->hash_threads;
  if (hash_threads == 0)
    hash_threads = CLAMP (g_get_num_processors (), 1, 4);
  db_threads = MAX (self->config->db_threads, 1);

  self->connections = g_async_queue_new ();
  g_async_queue_push (self->connections, db);
  self->n_connections = 1;
  for (i = 1; i < hash_threads + db_threads; i++)
    {
      db = xs_db_open_vfs (self->database_path, self->config->database_vfs, error);
      if (db == NULL)
        {
          teardown (self);
          return FALSE;
        }
      g_async_queue_push (self->connections, db);
      self->n_connections++;
    }

  /* Half the processors: a request also needs a worker thread, and
   * password hashing wants whole cores. On two cores a second HTTP thread
   * brought no throughput and raised the latency of cheap requests under
   * sign-in load by half (docs/benchmarks.md). */
  self->n_threads = self->config->server_threads;
  if (self->n_threads == 0)
    self->n_threads = MAX (g_get_num_processors () / 2, 1);
  self->threads = g_new0 (XsServerThread, self->n_threads);
  self->ips = xs_ip_table_new ();
  for (i = 0; i < self->n_threads; i++)
    server_thread_init (&self->threads[i], self, i);

  if (!open_listen_sockets (self, error))
    {
      teardown (self);
      return FALSE;
    }
  self->base_url = make_base_url (self, certificate != NULL, self->port);

  self->http = xs_http_client_new (HTTP_CLIENT_TIMEOUT);
  self->db_pool = g_thread_pool_new (worker_cb, self, (int) db_threads, FALSE, NULL);
  self->hash_pool = g_thread_pool_new (worker_cb, self, (int) hash_threads, FALSE, NULL);

  self->n_ready = 0;
  g_clear_error (&self->start_error);
  for (i = 0; i < self->n_threads; i++)
    {
      ThreadStart *start = g_new0 (ThreadStart, 1);
      g_autofree char *name = g_strdup_printf ("xuexin-http-%u", i);

      start->thread = &self->threads[i];
      start->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
      self->threads[i].thread = g_thread_new (name, server_thread_func, start);
    }

  g_mutex_lock (&self->lock);
  while (self->n_ready < self->n_threads)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      teardown (self);
      return FALSE;
    }

  self->running = TRUE;
  g_info ("Account service listening on %s (%u server threads)", self->base_url,
          self->n_threads);
  return TRUE;
}

/**
 * xuexin_service_stop:
 *
 * Stops listening, waits for the requests in progress and joins the
 * server threads. Does nothing if the service is not running.
 */
void
xuexin_service_stop (XuexinService *self)
{
  g_return_if_fail (XUEXIN_IS_SERVICE (self));

  if (!self->running)
    return;

  teardown (self);
  self->running = FALSE;
}

/**
 * xuexin_service_reload:
 * @from: a configuration read anew (e.g. on SIGHUP)
 *
 * Takes from @from what can change while the service runs: the [limits]
 * that are read per request and the delivery backend with its outbox file
 * and webhook URL. The listening socket, its per-connection limits
 * (max-request-line, max-header-size, max-headers, connection-idle-timeout,
 * request-head-timeout, max-connections-per-ip), TLS, storage, hashing,
 * threads and providers stay as they started; restart for those.
 * Connections stay open; requests already begun finish under the old
 * values. Refuses (and changes nothing) if the result does not pass
 * xuexin_service_config_check().
 */
gboolean
xuexin_service_reload (XuexinService              *self,
                       const XuexinServiceConfig  *from,
                       GError                    **error)
{
  g_autoptr(XuexinServiceConfig) next = NULL;
  XuexinServiceConfig *old;

  g_return_val_if_fail (XUEXIN_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (from != NULL, FALSE);

  g_mutex_lock (&self->lock);
  old = self->config;
  next = xuexin_service_config_copy (old);

  next->max_body_size = from->max_body_size;
  next->code_ttl = from->code_ttl;
  next->code_resend_interval = from->code_resend_interval;
  next->code_daily_limit_per_recipient = from->code_daily_limit_per_recipient;
  next->code_daily_limit_per_ip = from->code_daily_limit_per_ip;
  next->code_max_attempts = from->code_max_attempts;
  next->email_registrations_per_ip = from->email_registrations_per_ip;
  next->recovery_failures_per_ip = from->recovery_failures_per_ip;
  next->session_lifetime = from->session_lifetime;
  next->session_idle_timeout = from->session_idle_timeout;
  next->sign_in_free_failures = from->sign_in_free_failures;
  next->sign_in_ip_free_failures = from->sign_in_ip_free_failures;
  next->sign_in_wait_step = from->sign_in_wait_step;
  next->sign_in_wait_max = from->sign_in_wait_max;
  next->provider_bind_block = from->provider_bind_block;
  next->provider_ticket_ttl = from->provider_ticket_ttl;
  next->photo_retention_days = from->photo_retention_days;
  next->review_submissions_limit = from->review_submissions_limit;
  next->review_submissions_window = from->review_submissions_window;
  next->review_claim_ttl = from->review_claim_ttl;
  next->review_poll_interval = from->review_poll_interval;
  next->records_daily_limit = from->records_daily_limit;
  next->assistance_open_limit = from->assistance_open_limit;
  next->assistance_daily_limit = from->assistance_daily_limit;
  next->assistance_request_ttl = from->assistance_request_ttl;
  next->assistance_confirmations_per_year = from->assistance_confirmations_per_year;
  /* The memory backend is the embedder's; a file cannot switch to it. */
  if (old->delivery != XUEXIN_DELIVERY_MEMORY && from->delivery != XUEXIN_DELIVERY_MEMORY)
    {
      next->delivery = from->delivery;
      xuexin_service_config_set_string (&next->outbox_file, from->outbox_file);
      xuexin_service_config_set_string (&next->webhook_url, from->webhook_url);
    }

  if (!xuexin_service_config_check (next, error))
    {
      g_mutex_unlock (&self->lock);
      return FALSE;
    }

  /* Requests hold the old one until they end; it is freed with the
   * service (a few hundred bytes per reload). */
  g_ptr_array_add (self->retired_configs, old);
  g_atomic_pointer_set (&self->config, g_steal_pointer (&next));
  g_mutex_unlock (&self->lock);

  return TRUE;
}

gboolean
xuexin_service_is_running (XuexinService *self)
{
  g_return_val_if_fail (XUEXIN_IS_SERVICE (self), FALSE);

  return self->running;
}

/**
 * xuexin_service_get_base_url:
 *
 * Returns: (nullable): e.g. "http://127.0.0.1:8470/api/v1" while running
 */
const char *
xuexin_service_get_base_url (XuexinService *self)
{
  g_return_val_if_fail (XUEXIN_IS_SERVICE (self), NULL);

  return self->base_url;
}

guint
xuexin_service_get_port (XuexinService *self)
{
  g_return_val_if_fail (XUEXIN_IS_SERVICE (self), 0);

  return self->port;
}

/**
 * xuexin_service_count_requests:
 * @method: the HTTP method, e.g. "GET"
 * @route: the route pattern of the routes table, an asterisk standing
 *   for one path segment (the ticket poll is "/providers/" "*"
 *   "/sign-in-tickets/" "*")
 *
 * Tells how many requests for one route this service has routed since it
 * was created, whatever their outcome. Tests use it to prove that a closed
 * dialog sends nothing; it is cheap enough to leave on everywhere.
 *
 * Returns: the count, or 0 for a route the service does not have
 */
guint
xuexin_service_count_requests (XuexinService *self,
                               const char    *method,
                               const char    *route)
{
  g_return_val_if_fail (XUEXIN_IS_SERVICE (self), 0);
  g_return_val_if_fail (method != NULL, 0);
  g_return_val_if_fail (route != NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_str_equal (routes[i].method, method) && g_str_equal (routes[i].path, route))
      return (guint) g_atomic_int_get (&self->route_requests[i]);

  return 0;
}

/**
 * xuexin_service_import_records:
 *
 * Imports enrollment and degree records from a CSV file into the database
 * of @config, in one transaction. The service may be running.
 */
gboolean
xuexin_service_import_records (const XuexinServiceConfig  *config,
                               const char                 *csv_path,
                               guint                      *out_enrollments,
                               guint                      *out_degrees,
                               GError                    **error)
{
  XsDb *db;
  gboolean ok;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (csv_path != NULL, FALSE);

  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");

  db = open_database (config, NULL, error);
  if (db == NULL)
    return FALSE;

  ok = xs_records_import_csv (db, csv_path, out_enrollments, out_degrees, error);
  xs_db_close (db);

  return ok;
}

/**
 * xuexin_service_add_staff:
 * @role: "reviewer" or "admin"
 * @password: (nullable): the password, or %NULL for a random one, returned
 *   in @out_password
 *
 * Creates an active help-desk account in the database of @config (the
 * service may be running). Staff accounts are made only this way.
 */
gboolean
xuexin_service_add_staff (const XuexinServiceConfig  *config,
                          const char                 *role,
                          const char                 *phone,
                          const char                 *name,
                          const char                 *id_number,
                          const char                 *password,
                          char                      **out_password,
                          GError                    **error)
{
  XsDb *db;
  gboolean ok;

  g_return_val_if_fail (config != NULL, FALSE);

  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");

  db = open_database (config, NULL, error);
  if (db == NULL)
    return FALSE;

  ok = xs_staff_add (db, config, role, phone, name, id_number, password,
                     config->clock_func != NULL ? config->clock_func (config->clock_data)
                                                : g_get_real_time (),
                     out_password, error);
  xs_db_close (db);

  return ok;
}

/* ----- for tests ---------------------------------------------------------- */

guint
xs_service_get_n_server_threads (XuexinService *service)
{
  return service->n_threads;
}

void
xs_service_run_maintenance (XuexinService *service)
{
  g_return_if_fail (service->running);

  run_maintenance (service);
}

guint
xs_service_get_thread_requests (XuexinService *service,
                                guint          index)
{
  g_return_val_if_fail (index < service->n_threads, 0);

  return (guint) g_atomic_int_get (&service->threads[index].n_requests);
}
