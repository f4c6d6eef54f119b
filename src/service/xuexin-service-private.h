/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "xuexin-common.h"
#include "xuexin-service.h"
#include "xuexin-service-db.h"
#include "xuexin-service-json.h"
#include "xuexin-service-photos.h"

G_BEGIN_DECLS

/*
 * What every handler module shares: the request a handler answers, the
 * route flags, and the request helpers (xuexin-service-request.c). Each
 * module has its own header for the rest.
 */

/* The account states. Identity verification (a later issue) moves an
 * account from pending_identity to active and cancels the other accounts
 * with the same ID number. */
#define XS_STATE_ACTIVE           "active"
#define XS_STATE_PENDING_IDENTITY "pending_identity"
#define XS_STATE_CANCELLED        "cancelled"

/* ID types: 居民身份证 and 其他. */
#define XS_ID_TYPE_RESIDENT "resident_id"
#define XS_ID_TYPE_OTHER    "other"

typedef struct _XsRequest XsRequest;
typedef struct _XsServerThread XsServerThread;
typedef struct _XsHttpClient XsHttpClient;
typedef void (*XsHandler) (XsRequest *req);

typedef enum {
  XS_ROUTE_INLINE       = 1 << 0, /* runs on the server thread: no database */
  XS_ROUTE_AUTH         = 1 << 1, /* needs a bearer session */
  XS_ROUTE_ALLOW_PENDING = 1 << 2, /* pending_identity accounts may use it */
  XS_ROUTE_HASHING      = 1 << 3, /* runs on the password hashing pool */
  XS_ROUTE_OPTIONAL_AUTH = 1 << 4, /* a bearer session is used when given */
  XS_ROUTE_RAW_BODY     = 1 << 5, /* the handler reads the body itself (forms) */
  XS_ROUTE_STAFF        = 1 << 6, /* with AUTH: reviewers and admins only (403 forbidden) */
} XsRouteFlags;

typedef struct {
  const char   *method;
  const char   *path;    /* below /api/v1; "*" matches one segment */
  XsHandler     handler;
  XsRouteFlags  flags;
  gsize         max_body_size; /* 0: the configured max_body_size */
} XsRoute;

struct _XsRequest {
  XuexinService     *service;
  XsServerThread    *thread;        /* the server thread that answers */
  SoupServerMessage *msg;           /* server thread only */
  const XsRoute     *route;
  char              *method;
  char              *path;          /* below /api/v1 */
  char             **segments;
  GBytes            *body;
  GHashTable        *query;         /* may be NULL */
  char              *client_ip;
  char              *bearer_token;
  /* The request's X-Xuexin-* headers (signed callbacks), lower-cased
   * names; readable off the server thread. May be NULL. */
  GHashTable        *signed_headers;
  char              *accept_language; /* the Accept-Language header, or NULL */
  gint64             now;
  XsDb              *db;            /* while on a worker; NULL when suspended */
  JsonNode          *json;          /* parsed body, an object, or NULL */

  /* The service's, for as long as the request lives. */
  const XuexinServiceConfig *config;
  const char        *public_base_url; /* the base of URLs given to others */
  XsHttpClient      *http;          /* for calls to other services */
  XsPhotoStore      *photos;        /* the ID photo store */

  /* Filled by authentication. */
  gint64             account_id;
  char              *account_state;
  char              *account_role;  /* XS_ROUTE_STAFF routes only */
  guint8             session_hash[32];

  /* A handler that waits on something else (xs_request_suspend()). */
  XsHandler          suspended;     /* runs once the connection is back */
  XsHandler          resumed;       /* runs instead of the route's handler */
  gpointer           handler_data;
  GDestroyNotify     handler_data_free;

  /* The answer. */
  guint              status;
  char              *response_body;
  GBytes            *response_bytes; /* a binary body (photos), instead */
  const char        *content_type;  /* NULL: JSON */
  /* More response headers (pages): name, value, name, value, …, NULL. */
  char             **extra_headers;
  guint              retry_after;
  gboolean           finished;      /* the client went away */
  gulong             finished_id;   /* server thread only */
};

/* ----- replies and input (xuexin-service-request.c) --------------------- */

void           xs_request_reply_json        (XsRequest     *req,
                                             guint          status,
                                             JsonBuilder   *builder);
/* Takes the text of @writer. */
void           xs_request_reply_writer      (XsRequest     *req,
                                             guint          status,
                                             XsJsonWriter  *writer);
void           xs_request_reply_empty       (XsRequest     *req,
                                             guint          status);
void           xs_request_error             (XsRequest     *req,
                                             XuexinErrorCode code,
                                             const char    *field);
void           xs_request_error_retry       (XsRequest     *req,
                                             XuexinErrorCode code,
                                             const char    *field,
                                             gint64         retry_after_usec);
/* An error with "remaining_attempts" (verification_failed). */
void           xs_request_error_remaining   (XsRequest     *req,
                                             XuexinErrorCode code,
                                             guint          remaining_attempts);
/* case_claimed with "claimed_by_name" and "claim_expires_at": the
 * holder of the live claim, both null when no one holds one. */
void           xs_request_error_claimed     (XsRequest     *req,
                                             const char    *claimed_by_name,
                                             gint64         claim_expires_at);
void           xs_request_internal_error    (XsRequest     *req,
                                             const char    *what);
gboolean       xs_request_has_reply         (XsRequest     *req);
gboolean       xs_request_parse_body        (XsRequest     *req);
/* Member getters: a missing or null member gives NULL / the default;
 * a member of the wrong type answers invalid_request naming the field
 * and returns FALSE. */
gboolean       xs_request_get_string        (XsRequest     *req,
                                             const char    *field,
                                             const char   **out);
gboolean       xs_request_get_boolean       (XsRequest     *req,
                                             const char    *field,
                                             gboolean      *out);
/* Like xs_request_get_string(), but a missing or empty member answers
 * invalid_field. */
gboolean       xs_request_get_required_string (XsRequest   *req,
                                             const char    *field,
                                             const char   **out);
/* A query parameter, or NULL. */
const char    *xs_request_get_query         (XsRequest     *req,
                                             const char    *key);
gboolean       xs_request_authenticate      (XsRequest     *req);

typedef gboolean (*XsTransactionFunc) (XsRequest *req,
                                       gpointer   data);
gboolean       xs_request_run_transaction   (XsRequest         *req,
                                             XsTransactionFunc  func,
                                             gpointer           data,
                                             const char        *what);

/* Data a handler keeps across xs_request_suspend() and
 * xs_request_resume(); freed with the request. */
void           xs_request_set_handler_data  (XsRequest      *req,
                                             gpointer        data,
                                             GDestroyNotify  free_func);

/* ----- waiting without a connection (xuexin-service.c) ------------------ */

/* For a handler that must wait on something slow (another service): once
 * the handler has returned and its database connection is back in the
 * pool, @func runs on the worker without a connection. From then on the
 * request is @func's: it must hand it to xs_request_resume() in the end,
 * from any thread. */
void           xs_request_suspend           (XsRequest     *req,
                                             XsHandler      func);
/* Queues @req for the database pool again; @handler runs there with a
 * connection, in place of the route's handler, and answers. */
void           xs_request_resume            (XsRequest     *req,
                                             XsHandler      handler);

/* ----- for tests (xuexin-service.c) ------------------------------------- */

/* The server threads running, and the requests that server thread @index
 * has routed so far. */
guint          xs_service_get_n_server_threads (XuexinService *service);
guint          xs_service_get_thread_requests  (XuexinService *service,
                                                guint          index);
/* Runs the hourly maintenance now, on the calling thread. */
void           xs_service_run_maintenance      (XuexinService *service);

G_END_DECLS
