/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "xuexin-common.h"
#include "xuexin-service.h"

G_BEGIN_DECLS

#define XS_USEC_PER_SEC G_GINT64_CONSTANT (1000000)
#define XS_DAY (24 * 3600 * XS_USEC_PER_SEC)

/* The account states. Identity verification (a later issue) moves an
 * account from pending_identity to active and cancels the other accounts
 * with the same ID number. */
#define XS_STATE_ACTIVE           "active"
#define XS_STATE_PENDING_IDENTITY "pending_identity"
#define XS_STATE_CANCELLED        "cancelled"

/* ID types: 居民身份证 and 其他. */
#define XS_ID_TYPE_RESIDENT "resident_id"
#define XS_ID_TYPE_OTHER    "other"

/* ----- database (xuexin-service-db.c) ----------------------------------- */

typedef struct _XsDb XsDb;

XsDb         *xs_db_open          (const char  *path,
                                   GError     **error);
void          xs_db_close         (XsDb        *db);
gboolean      xs_db_migrate       (XsDb        *db,
                                   GError     **error);
int           xs_db_get_schema_version (XsDb   *db);
sqlite3      *xs_db_get_handle    (XsDb        *db);
/* Returns a cached, reset statement for a string literal. */
sqlite3_stmt *xs_db_prepare       (XsDb        *db,
                                   const char  *sql);
gboolean      xs_db_begin         (XsDb        *db);
gboolean      xs_db_commit        (XsDb        *db);
void          xs_db_rollback      (XsDb        *db);
void          xs_db_reset_all     (XsDb        *db);
gboolean      xs_db_exec          (XsDb        *db,
                                   const char  *sql);
/* Runs a prepared statement to completion; TRUE on SQLITE_DONE. */
gboolean      xs_db_step_done     (XsDb         *db,
                                   sqlite3_stmt *stmt);
void          xs_db_log_error     (XsDb        *db,
                                   const char  *what);
const char   *xs_stmt_text        (sqlite3_stmt *stmt,
                                   int           column);
void          xs_stmt_bind_text   (sqlite3_stmt *stmt,
                                   int           index,
                                   const char   *text);
gint64        xs_db_purge         (XsDb                      *db,
                                   const XuexinServiceConfig *config,
                                   gint64                     now);
gint64        xs_db_insert_audit  (XsDb        *db,
                                   gint64       account_id,
                                   const char  *event,
                                   gint64       now,
                                   const char  *client_ip,
                                   const char  *detail);

/* ----- requests (xuexin-service-request.c) ------------------------------ */

typedef struct _XsRequest XsRequest;
typedef struct _XsServerThread XsServerThread;
typedef void (*XsHandler) (XsRequest *req);

typedef enum {
  XS_ROUTE_INLINE       = 1 << 0, /* runs on the server thread: no database */
  XS_ROUTE_AUTH         = 1 << 1, /* needs a bearer session */
  XS_ROUTE_ALLOW_PENDING = 1 << 2, /* pending_identity accounts may use it */
  XS_ROUTE_HASHING      = 1 << 3, /* runs on the password hashing pool */
  XS_ROUTE_OPTIONAL_AUTH = 1 << 4, /* a bearer session is used when given */
  XS_ROUTE_RAW_BODY     = 1 << 5, /* the handler reads the body itself (forms) */
} XsRouteFlags;

typedef struct {
  const char   *method;
  const char   *path;    /* below /api/v1; "*" matches one segment */
  XsHandler     handler;
  XsRouteFlags  flags;
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
  gint64             now;
  XsDb              *db;
  JsonNode          *json;          /* parsed body, an object, or NULL */

  /* Filled by authentication. */
  gint64             account_id;
  char              *account_state;
  guint8             session_hash[32];

  /* The answer. */
  guint              status;
  char              *response_body;
  const char        *content_type;  /* NULL: JSON */
  guint              retry_after;
  gboolean           finished;      /* the client went away */
  gulong             finished_id;   /* server thread only */
};

/* ----- JSON output (xuexin-service-json.c) ----------------------------- */

/* Writes JSON objects straight into a buffer, for the replies on the hot
 * paths; elsewhere JsonBuilder is fine. */
typedef struct {
  GString  *buffer;
  guint     depth;
  guint32   has_members;   /* bit n: the object at depth n has a member */
  gboolean  after_name;
} XsJsonWriter;

#define XS_TIME_TEXT_SIZE 21   /* "2025-03-01T08:00:00Z" */

void           xs_json_writer_init          (XsJsonWriter  *writer);
/* Returns the text (g_free()); the writer is empty afterwards. */
char          *xs_json_writer_finish        (XsJsonWriter  *writer);
void           xs_json_writer_clear         (XsJsonWriter  *writer);
void           xs_json_begin_object         (XsJsonWriter  *writer);
void           xs_json_end_object           (XsJsonWriter  *writer);
void           xs_json_member               (XsJsonWriter  *writer,
                                             const char    *name);
/* NULL writes null. */
void           xs_json_string               (XsJsonWriter  *writer,
                                             const char    *value);
void           xs_json_int                  (XsJsonWriter  *writer,
                                             gint64         value);
void           xs_json_boolean              (XsJsonWriter  *writer,
                                             gboolean       value);
void           xs_json_null                 (XsJsonWriter  *writer);
/* The API's time format; null for @usec <= 0. */
void           xs_json_time                 (XsJsonWriter  *writer,
                                             gint64         usec);
gboolean       xs_format_time_to_buffer     (gint64         usec,
                                             char           text[XS_TIME_TEXT_SIZE]);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (XsJsonWriter, xs_json_writer_clear)

const XuexinServiceConfig *xs_service_get_config (XuexinService *service);
gint64         xs_service_now               (XuexinService *service);
XsDb          *xs_service_acquire_db        (XuexinService *service);
void           xs_service_release_db        (XuexinService *service,
                                             XsDb          *db);
const char    *xs_service_get_dummy_hash    (XuexinService *service);
const char    *xs_service_get_public_base_url (XuexinService *service);
/* For tests: the server threads running, and the requests that server
 * thread @index has routed so far. */
guint          xs_service_get_n_server_threads (XuexinService *service);
guint          xs_service_get_thread_requests  (XuexinService *service,
                                                guint          index);

char          *xs_format_time               (gint64         usec);
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
gboolean       xs_request_authenticate      (XsRequest     *req);

typedef gboolean (*XsTransactionFunc) (XsRequest *req,
                                       gpointer   data);
gboolean       xs_request_run_transaction   (XsRequest         *req,
                                             XsTransactionFunc  func,
                                             gpointer           data,
                                             const char        *what);

/* ----- passwords and tokens (xuexin-service-crypto.c) ------------------- */

char          *xs_password_hash             (const XuexinServiceConfig *config,
                                             const char    *password);
gboolean       xs_password_verify           (const char    *hash,
                                             const char    *password);
char          *xs_random_string             (gsize          n_bytes);
char          *xs_token_new                 (guint8         hash_out[32]);
void           xs_token_hash                (const char    *token,
                                             guint8         hash_out[32]);
char          *xs_secret_hash_hex           (const char    *scope,
                                             const char    *secret);
char          *xs_code_new                  (void);

/* ----- verification codes (xuexin-service-codes.c) ---------------------- */

typedef enum {
  XS_CHANNEL_SMS,
  XS_CHANNEL_EMAIL,
} XsChannel;

/* Issues a code for @purpose to each recipient in turn (normally one),
 * enforcing the resend interval and the daily limits. On refusal the
 * error is set on @req. */
gboolean       xs_codes_issue               (XsRequest     *req,
                                             XsChannel      channel,
                                             const char    *purpose,
                                             const char * const *recipients,
                                             gint64         account_id);
int            xs_codes_check_any           (XsRequest     *req,
                                             XsChannel      channel,
                                             const char    *purpose,
                                             const char * const *recipients,
                                             const char    *code,
                                             const char    *field,
                                             gboolean       consume);
/* Checks @code against the newest live code for (channel, recipient,
 * purpose). A wrong code counts an attempt (committed at once); too many
 * attempts invalidate the code. With @consume the code is used up; the
 * caller must be inside a transaction then. */
gboolean       xs_codes_check               (XsRequest     *req,
                                             XsChannel      channel,
                                             const char    *purpose,
                                             const char    *recipient,
                                             const char    *code,
                                             const char    *field,
                                             gboolean       consume);

/* ----- delivery (xuexin-service-delivery.c) ----------------------------- */

gboolean       xs_delivery_send             (const XuexinServiceConfig *config,
                                             const char    *channel,
                                             const char    *recipient,
                                             const char    *purpose,
                                             const char    *text,
                                             const char    *code,
                                             gint64         now,
                                             GError       **error);

/* ----- handlers --------------------------------------------------------- */

void xs_handle_health               (XsRequest *req);
void xs_handle_platforms            (XsRequest *req);
void xs_handle_sms_codes            (XsRequest *req);
void xs_handle_register             (XsRequest *req);
void xs_handle_sign_in              (XsRequest *req);
void xs_handle_sign_out             (XsRequest *req);
void xs_handle_me                   (XsRequest *req);
void xs_handle_find_username        (XsRequest *req);
void xs_handle_reset_password       (XsRequest *req);
void xs_handle_me_records           (XsRequest *req);
void xs_handle_me_providers         (XsRequest *req);
void xs_handle_email_codes          (XsRequest *req);
void xs_handle_change_email         (XsRequest *req);
void xs_handle_change_phone         (XsRequest *req);
void xs_handle_bind_ticket_new      (XsRequest *req);
void xs_handle_bind_ticket_get      (XsRequest *req);
void xs_handle_unbind_provider      (XsRequest *req);
void xs_handle_sign_in_ticket_new   (XsRequest *req);
void xs_handle_sign_in_ticket_get   (XsRequest *req);
void xs_handle_simulate_scan        (XsRequest *req);
void xs_handle_simulate_confirm     (XsRequest *req);
void xs_handle_provider_callback    (XsRequest *req);

/* ----- sessions (xuexin-service-accounts.c) ---------------------------- */

char          *xs_session_insert            (XsRequest     *req,
                                             gint64         account_id,
                                             const char    *event,
                                             gint64        *out_expires_at);
gboolean       xs_session_add_json          (XsRequest     *req,
                                             JsonBuilder   *builder,
                                             const char    *token,
                                             gint64         expires_at,
                                             gint64         account_id);
gboolean       xs_account_add_json          (XsRequest     *req,
                                             JsonBuilder   *builder,
                                             const char    *name,
                                             gint64         account_id);

/* ----- records (xuexin-service-records.c) ------------------------------- */

gboolean       xs_records_import_csv        (XsDb          *db,
                                             const char    *path,
                                             guint         *out_enrollments,
                                             guint         *out_degrees,
                                             GError       **error);
gboolean       xs_records_seed_demo         (XsDb          *db,
                                             gint64         now,
                                             GError       **error);
char          *xs_records_demo_csv          (void);

G_END_DECLS
