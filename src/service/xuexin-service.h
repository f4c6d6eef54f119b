/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * XUEXIN_SERVICE_ERROR:
 *
 * Error domain of the account service library (configuration, database,
 * listening, importing). Errors returned over HTTP use the API error codes
 * of src/common instead.
 */
#define XUEXIN_SERVICE_ERROR (xuexin_service_error_quark ())

typedef enum {
  XUEXIN_SERVICE_ERROR_FAILED,
  XUEXIN_SERVICE_ERROR_CONFIG,
  XUEXIN_SERVICE_ERROR_DATABASE,
  XUEXIN_SERVICE_ERROR_LISTEN,
  XUEXIN_SERVICE_ERROR_IMPORT,
  XUEXIN_SERVICE_ERROR_DELIVERY,
} XuexinServiceError;

GQuark xuexin_service_error_quark (void);

/**
 * XuexinDeliveryBackend:
 * @XUEXIN_DELIVERY_LOG: write each message (with its code) to standard output,
 *   for development; the diagnostic log never contains codes.
 * @XUEXIN_DELIVERY_OUTBOX: append each message as one JSON line to a file.
 * @XUEXIN_DELIVERY_HTTP: POST each message as JSON to a webhook URL.
 * @XUEXIN_DELIVERY_MEMORY: hand each message to a callback of the embedding
 *   host, called in the host's #GMainContext.
 *
 * How SMS and email verification messages reach people.
 */
typedef enum {
  XUEXIN_DELIVERY_LOG,
  XUEXIN_DELIVERY_OUTBOX,
  XUEXIN_DELIVERY_HTTP,
  XUEXIN_DELIVERY_MEMORY,
} XuexinDeliveryBackend;

const char *xuexin_delivery_backend_to_string   (XuexinDeliveryBackend  backend);
gboolean    xuexin_delivery_backend_from_string (const char            *text,
                                                 XuexinDeliveryBackend *out);

/**
 * XuexinDeliveredMessage:
 * @channel: "sms" or "email"
 * @recipient: the full phone number or email address
 * @purpose: "register", "find_username", "reset_password", "change_phone"
 *   or "bind_email"
 * @text: the full zh_CN message text, code included
 * @code: the verification code alone
 * @sent_at: service clock time of sending, µs since the Unix epoch
 *
 * One message given to the %XUEXIN_DELIVERY_MEMORY callback. Valid only
 * during the callback.
 */
typedef struct {
  const char *channel;
  const char *recipient;
  const char *purpose;
  const char *text;
  const char *code;
  gint64      sent_at;
} XuexinDeliveredMessage;

typedef void   (*XuexinDeliveryFunc) (const XuexinDeliveredMessage *message,
                                      gpointer                      user_data);

/* Returns wall-clock time in µs since the Unix epoch, like g_get_real_time().
 * Called from any thread of the service. */
typedef gint64 (*XuexinClockFunc)    (gpointer                      user_data);

/**
 * XuexinServiceConfig:
 *
 * Everything the service needs to run. Create it with
 * xuexin_service_config_new() (defaults) or
 * xuexin_service_config_new_from_key_file(), change fields directly, and
 * hand it to xuexin_service_new(), which takes a copy. Strings are owned
 * by the struct (g_free()d by xuexin_service_config_free()); use
 * xuexin_service_config_set_string() to replace one. @delivery_data,
 * @delivery_context and @clock_data are borrowed, not owned: the service
 * takes its own reference on @delivery_context, and the host keeps
 * @delivery_data and @clock_data alive until the service is finalized.
 *
 * Durations are in seconds.
 */
typedef struct {
  /* Network */
  char                 *listen_address;         /* default "127.0.0.1" */
  guint                 port;                   /* default 8470; 0 picks a free port */
  char                 *tls_cert_file;
  char                 *tls_key_file;
  gboolean              insecure;               /* allow non-loopback without TLS */
  gboolean              trust_forwarded_for;    /* client IP from X-Forwarded-For */

  /* Storage */
  char                 *data_dir;               /* default: user data dir/xuexin-accountd */
  char                 *database_path;          /* default: data_dir/accounts.sqlite3 */
  gboolean              demo;                   /* seed fictional registry data */
  char                 *database_vfs;           /* a registered SQLite VFS by name (fault
                                                 * injection in tests); NULL: the default */

  /* Delivery of SMS and email codes */
  XuexinDeliveryBackend delivery;
  char                 *outbox_file;            /* default: data_dir/outbox.jsonl */
  char                 *webhook_url;
  guint                 webhook_timeout;        /* seconds; default 10 */
  XuexinDeliveryFunc    delivery_func;          /* memory backend */
  gpointer              delivery_data;
  GMainContext         *delivery_context;       /* borrowed; NULL: global default context */

  /* Time source; NULL means g_get_real_time() */
  XuexinClockFunc       clock_func;
  gpointer              clock_data;

  /* Password hashing (Argon2id) and worker threads */
  guint64               pwhash_opslimit;        /* default crypto_pwhash_OPSLIMIT_INTERACTIVE */
  gsize                 pwhash_memlimit;        /* default crypto_pwhash_MEMLIMIT_INTERACTIVE */
  guint                 hash_threads;           /* 0: number of processors, at most 4 */
  guint                 db_threads;             /* default 4 */
  guint                 server_threads;         /* HTTP threads sharing the port;
                                                 * 0: half the processors, at least 1 */

  /* Limits */
  gsize                 max_body_size;          /* default 65536 */
  gsize                 max_request_line;       /* bytes, default 8192 */
  gsize                 max_header_size;        /* bytes of header lines, default 16384 */
  guint                 max_headers;            /* header lines, default 100 */
  guint                 connection_idle_timeout; /* default 30 */
  guint                 request_head_timeout;   /* default 10 */
  guint                 max_connections_per_ip; /* default 32; 0: no cap */
  guint                 code_ttl;               /* default 600 */
  guint                 code_resend_interval;   /* default 60 */
  guint                 code_daily_limit_per_recipient;   /* default 10 */
  guint                 code_daily_limit_per_ip;          /* default 50 */
  guint                 code_max_attempts;      /* default 5 */
  guint                 email_registrations_per_ip;       /* per day, default 3 */
  guint                 recovery_failures_per_ip;         /* per day, default 20; 0: no limit */
  guint                 session_lifetime;       /* default 7 days */
  guint                 session_idle_timeout;   /* default 2 hours */
  guint                 sign_in_free_failures;  /* per account, default 5 */
  guint                 sign_in_ip_free_failures;         /* per IP, default 20 */
  guint                 sign_in_wait_step;      /* default 60 */
  guint                 sign_in_wait_max;       /* default 900 */
  guint                 provider_bind_block;    /* default 7200 */

  /* WeChat / Alipay sign-in and binding */
  char                 *public_base_url;        /* for QR payloads and redirect URIs;
                                                 * default: the listening base URL */
  char                 *wechat_mode;            /* "simulated" (default), "open-platform", "off" */
  char                 *wechat_app_id;
  char                 *wechat_app_secret;
  char                 *wechat_authorize_url;   /* default open.weixin.qq.com/connect/qrconnect */
  char                 *wechat_token_url;       /* default api.weixin.qq.com/sns/oauth2/access_token */
  char                 *alipay_mode;            /* "simulated" (default) or "off" */
  guint                 provider_ticket_ttl;    /* default 300 */

  /* Self-verification in the mobile app (identity path 1) */
  char                 *app_verification_provider; /* "simulated" (default), "webhook", "off" */
  char                 *app_verification_order_url; /* webhook: where orders are created */
  char                 *app_verification_secret;  /* webhook: the HMAC-SHA256 key */
  guint                 app_verification_daily_attempts; /* failed checks per day, default 3 */
  guint                 app_verification_ttl;     /* ticket lifetime, default 300 */

  /* Identity review cases (ID photos, path 2) */
  guint                 photo_retention_days;   /* after the decision; default 30 */
  guint                 review_submissions_limit;  /* per window and account; default 5 */
  guint                 review_submissions_window; /* seconds; default 6 hours */
  guint                 review_claim_ttl;       /* seconds; default 900 */
  guint                 review_poll_interval;   /* seconds; default 15 */

  /* Identity paths 3 and 4 (at least 1 each) */
  guint                 records_daily_limit;    /* wrong answers per 24 h; default 5 */
  guint                 assistance_open_limit;  /* pending requests per account; default 3 */
  guint                 assistance_daily_limit; /* requests per 24 h; default 10 */
  guint                 assistance_request_ttl; /* seconds; default 7 days */
  guint                 assistance_confirmations_per_year; /* per classmate; default 3 */
} XuexinServiceConfig;

XuexinServiceConfig *xuexin_service_config_new               (void);
XuexinServiceConfig *xuexin_service_config_new_from_key_file (GKeyFile                  *key_file,
                                                              GError                   **error);
XuexinServiceConfig *xuexin_service_config_copy              (const XuexinServiceConfig *config);
void                 xuexin_service_config_free              (XuexinServiceConfig       *config);
void                 xuexin_service_config_set_string        (char                     **field,
                                                              const char                *value);
gboolean             xuexin_service_config_check             (const XuexinServiceConfig *config,
                                                              GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XuexinServiceConfig, xuexin_service_config_free)

#define XUEXIN_TYPE_SERVICE (xuexin_service_get_type ())

G_DECLARE_FINAL_TYPE (XuexinService, xuexin_service, XUEXIN, SERVICE, GObject)

XuexinService *xuexin_service_new          (const XuexinServiceConfig *config);
gboolean       xuexin_service_start        (XuexinService             *self,
                                            GError                   **error);
void           xuexin_service_stop         (XuexinService             *self);
gboolean       xuexin_service_is_running   (XuexinService             *self);
gboolean       xuexin_service_reload       (XuexinService             *self,
                                            const XuexinServiceConfig *from,
                                            GError                   **error);
const char    *xuexin_service_get_base_url (XuexinService             *self);
guint          xuexin_service_get_port     (XuexinService             *self);
guint          xuexin_service_count_requests (XuexinService           *self,
                                              const char              *method,
                                              const char              *route);

gboolean       xuexin_service_import_records (const XuexinServiceConfig *config,
                                              const char                *csv_path,
                                              guint                     *out_enrollments,
                                              guint                     *out_degrees,
                                              GError                   **error);
gboolean             xuexin_service_add_staff      (const XuexinServiceConfig *config,
                                                    const char          *role,
                                                    const char          *phone,
                                                    const char          *name,
                                                    const char          *id_number,
                                                    const char          *password,
                                                    char               **out_password,
                                                    GError             **error);

G_END_DECLS
