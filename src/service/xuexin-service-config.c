/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "xuexin-service.h"

G_DEFINE_QUARK (xuexin-service-error-quark, xuexin_service_error)

const char *
xuexin_delivery_backend_to_string (XuexinDeliveryBackend backend)
{
  switch (backend)
    {
    case XUEXIN_DELIVERY_LOG:
      return "log";
    case XUEXIN_DELIVERY_OUTBOX:
      return "outbox";
    case XUEXIN_DELIVERY_HTTP:
      return "http";
    case XUEXIN_DELIVERY_MEMORY:
      return "memory";
    default:
      return "log";
    }
}

gboolean
xuexin_delivery_backend_from_string (const char            *text,
                                     XuexinDeliveryBackend *out)
{
  static const XuexinDeliveryBackend all[] = {
    XUEXIN_DELIVERY_LOG, XUEXIN_DELIVERY_OUTBOX, XUEXIN_DELIVERY_HTTP, XUEXIN_DELIVERY_MEMORY,
  };
  guint i;

  g_return_val_if_fail (out != NULL, FALSE);

  for (i = 0; text != NULL && i < G_N_ELEMENTS (all); i++)
    {
      if (g_strcmp0 (text, xuexin_delivery_backend_to_string (all[i])) == 0)
        {
          *out = all[i];
          return TRUE;
        }
    }

  return FALSE;
}

XuexinServiceConfig *
xuexin_service_config_new (void)
{
  XuexinServiceConfig *config = g_new0 (XuexinServiceConfig, 1);

  config->listen_address = g_strdup ("127.0.0.1");
  config->port = 8470;
  config->delivery = XUEXIN_DELIVERY_LOG;
  config->pwhash_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  config->pwhash_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  config->hash_threads = 0;
  config->db_threads = 4;
  config->server_threads = 0;
  config->max_body_size = 64 * 1024;
  config->max_request_line = 8 * 1024;
  config->max_header_size = 16 * 1024;
  config->max_headers = 100;
  config->connection_idle_timeout = 30;
  config->request_head_timeout = 10;
  config->max_connections_per_ip = 32;
  config->code_ttl = 10 * 60;
  config->webhook_timeout = 10;
  config->code_resend_interval = 60;
  config->code_daily_limit_per_recipient = 10;
  config->code_daily_limit_per_ip = 50;
  config->code_max_attempts = 5;
  config->email_registrations_per_ip = 3;
  config->recovery_failures_per_ip = 20;
  config->session_lifetime = 7 * 24 * 3600;
  config->session_idle_timeout = 2 * 3600;
  config->sign_in_free_failures = 5;
  config->sign_in_ip_free_failures = 20;
  config->sign_in_wait_step = 60;
  config->sign_in_wait_max = 15 * 60;
  config->provider_bind_block = 2 * 3600;
  config->wechat_mode = g_strdup ("simulated");
  config->wechat_authorize_url = g_strdup ("https://open.weixin.qq.com/connect/qrconnect");
  config->wechat_token_url = g_strdup ("https://api.weixin.qq.com/sns/oauth2/access_token");
  config->alipay_mode = g_strdup ("simulated");
  config->provider_ticket_ttl = 5 * 60;
  config->photo_retention_days = 30;
  config->app_verification_provider = g_strdup ("simulated");
  config->app_verification_daily_attempts = 3;
  config->app_verification_ttl = 5 * 60;
  config->review_submissions_limit = 5;       /* login.gov's rule: 5 per 6 h */
  config->review_submissions_window = 6 * 3600;
  config->review_claim_ttl = 15 * 60;
  config->review_poll_interval = 15;
  config->records_daily_limit = 5;
  config->assistance_open_limit = 3;
  config->assistance_daily_limit = 10;
  config->assistance_request_ttl = 7 * 24 * 3600;
  config->assistance_confirmations_per_year = 3;

  return config;
}

void
xuexin_service_config_set_string (char       **field,
                                  const char  *value)
{
  g_return_if_fail (field != NULL);

  if (*field == value)
    return;

  g_free (*field);
  *field = g_strdup (value);
}

XuexinServiceConfig *
xuexin_service_config_copy (const XuexinServiceConfig *config)
{
  XuexinServiceConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_memdup2 (config, sizeof *config);
  copy->listen_address = g_strdup (config->listen_address);
  copy->tls_cert_file = g_strdup (config->tls_cert_file);
  copy->tls_key_file = g_strdup (config->tls_key_file);
  copy->data_dir = g_strdup (config->data_dir);
  copy->database_path = g_strdup (config->database_path);
  copy->database_vfs = g_strdup (config->database_vfs);
  copy->outbox_file = g_strdup (config->outbox_file);
  copy->webhook_url = g_strdup (config->webhook_url);
  copy->public_base_url = g_strdup (config->public_base_url);
  copy->wechat_mode = g_strdup (config->wechat_mode);
  copy->wechat_app_id = g_strdup (config->wechat_app_id);
  copy->wechat_app_secret = g_strdup (config->wechat_app_secret);
  copy->wechat_authorize_url = g_strdup (config->wechat_authorize_url);
  copy->wechat_token_url = g_strdup (config->wechat_token_url);
  copy->alipay_mode = g_strdup (config->alipay_mode);
  copy->app_verification_provider = g_strdup (config->app_verification_provider);
  copy->app_verification_order_url = g_strdup (config->app_verification_order_url);
  copy->app_verification_secret = g_strdup (config->app_verification_secret);

  return copy;
}

void
xuexin_service_config_free (XuexinServiceConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->listen_address);
  g_free (config->tls_cert_file);
  g_free (config->tls_key_file);
  g_free (config->data_dir);
  g_free (config->database_path);
  g_free (config->database_vfs);
  g_free (config->outbox_file);
  g_free (config->webhook_url);
  g_free (config->public_base_url);
  g_free (config->wechat_mode);
  g_free (config->wechat_app_id);
  if (config->wechat_app_secret != NULL)
    memset (config->wechat_app_secret, 0, strlen (config->wechat_app_secret));
  g_free (config->wechat_app_secret);
  g_free (config->wechat_authorize_url);
  g_free (config->wechat_token_url);
  g_free (config->alipay_mode);
  g_free (config->app_verification_provider);
  g_free (config->app_verification_order_url);
  if (config->app_verification_secret != NULL)
    memset (config->app_verification_secret, 0, strlen (config->app_verification_secret));
  g_free (config->app_verification_secret);
  g_free (config);
}

/* After a g_key_file_get_*() that set @local_error (taken) or not: a
 * missing key or group is no error, just nothing @found; other errors
 * are passed on, named by group and key. */
static gboolean
check_key (GError      *local_error,
           const char  *group,
           const char  *key,
           gboolean    *found,
           GError     **error)
{
  *found = local_error == NULL;
  if (local_error == NULL
      || g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND)
      || g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
    {
      g_clear_error (&local_error);
      return TRUE;
    }

  g_propagate_prefixed_error (error, local_error, "[%s] %s: ", group, key);
  return FALSE;
}

static gboolean
read_string (GKeyFile    *key_file,
             const char  *group,
             const char  *key,
             char       **field,
             GError     **error)
{
  GError *local_error = NULL;
  g_autofree char *value = g_key_file_get_string (key_file, group, key, &local_error);
  gboolean found;

  if (!check_key (local_error, group, key, &found, error))
    return FALSE;

  if (found)
    {
      g_free (*field);
      *field = g_steal_pointer (&value);
    }
  return TRUE;
}

static gboolean
read_boolean (GKeyFile    *key_file,
              const char  *group,
              const char  *key,
              gboolean    *field,
              GError     **error)
{
  GError *local_error = NULL;
  gboolean value = g_key_file_get_boolean (key_file, group, key, &local_error);
  gboolean found;

  if (!check_key (local_error, group, key, &found, error))
    return FALSE;

  if (found)
    *field = value;
  return TRUE;
}

static gboolean
read_uint64 (GKeyFile    *key_file,
             const char  *group,
             const char  *key,
             guint64      max,
             guint64     *out,
             gboolean    *found,
             GError     **error)
{
  GError *local_error = NULL;
  guint64 value = g_key_file_get_uint64 (key_file, group, key, &local_error);

  if (!check_key (local_error, group, key, found, error))
    return FALSE;

  if (*found && value > max)
    {
      *found = FALSE;
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                   "[%s] %s: %" G_GUINT64_FORMAT " is larger than %" G_GUINT64_FORMAT,
                   group, key, value, max);
      return FALSE;
    }

  if (*found)
    *out = value;
  return TRUE;
}

static gboolean
read_uint (GKeyFile    *key_file,
           const char  *group,
           const char  *key,
           guint       *field,
           GError     **error)
{
  guint64 value = 0;
  gboolean found = FALSE;

  if (!read_uint64 (key_file, group, key, G_MAXUINT, &value, &found, error))
    return FALSE;
  if (found)
    *field = (guint) value;
  return TRUE;
}

/**
 * xuexin_service_config_new_from_key_file:
 *
 * Reads the groups [service], [delivery], [hashing] and [limits]; see
 * `xuexin-accountd --help` and docs/api.md for the keys. Missing keys keep
 * their defaults.
 */
XuexinServiceConfig *
xuexin_service_config_new_from_key_file (GKeyFile  *key_file,
                                         GError   **error)
{
  g_autoptr(XuexinServiceConfig) config = xuexin_service_config_new ();
  g_autofree char *delivery = NULL;
  guint64 value64 = 0;
  gboolean found = FALSE;
  struct {
    const char *key;
    guint *field;
  } limits[] = {
    { "max-body-size", NULL },
    { "code-ttl", &config->code_ttl },
    { "code-resend-interval", &config->code_resend_interval },
    { "code-daily-limit-per-recipient", &config->code_daily_limit_per_recipient },
    { "code-daily-limit-per-ip", &config->code_daily_limit_per_ip },
    { "code-max-attempts", &config->code_max_attempts },
    { "email-registrations-per-ip", &config->email_registrations_per_ip },
    { "recovery-failures-per-ip", &config->recovery_failures_per_ip },
    { "session-lifetime", &config->session_lifetime },
    { "session-idle-timeout", &config->session_idle_timeout },
    { "sign-in-free-failures", &config->sign_in_free_failures },
    { "sign-in-ip-free-failures", &config->sign_in_ip_free_failures },
    { "sign-in-wait-step", &config->sign_in_wait_step },
    { "sign-in-wait-max", &config->sign_in_wait_max },
    { "provider-bind-block", &config->provider_bind_block },
    { "provider-ticket-ttl", &config->provider_ticket_ttl },
    { "max-headers", &config->max_headers },
    { "connection-idle-timeout", &config->connection_idle_timeout },
    { "request-head-timeout", &config->request_head_timeout },
    { "max-connections-per-ip", &config->max_connections_per_ip },
    { "photo-retention-days", &config->photo_retention_days },
    { "review-submissions-limit", &config->review_submissions_limit },
    { "review-submissions-window", &config->review_submissions_window },
    { "review-claim-ttl", &config->review_claim_ttl },
    { "review-poll-interval", &config->review_poll_interval },
    { "records-daily-limit", &config->records_daily_limit },
    { "assistance-open-limit", &config->assistance_open_limit },
    { "assistance-daily-limit", &config->assistance_daily_limit },
    { "assistance-request-ttl", &config->assistance_request_ttl },
    { "assistance-confirmations-per-year", &config->assistance_confirmations_per_year },
  };
  guint i;

  g_return_val_if_fail (key_file != NULL, NULL);

  if (!read_string (key_file, "service", "listen", &config->listen_address, error)
      || !read_uint (key_file, "service", "port", &config->port, error)
      || !read_string (key_file, "service", "tls-cert", &config->tls_cert_file, error)
      || !read_string (key_file, "service", "tls-key", &config->tls_key_file, error)
      || !read_boolean (key_file, "service", "insecure", &config->insecure, error)
      || !read_boolean (key_file, "service", "trust-forwarded-for",
                        &config->trust_forwarded_for, error)
      || !read_string (key_file, "service", "data-dir", &config->data_dir, error)
      || !read_string (key_file, "service", "database", &config->database_path, error)
      || !read_boolean (key_file, "service", "demo", &config->demo, error)
      || !read_string (key_file, "delivery", "backend", &delivery, error)
      || !read_string (key_file, "delivery", "outbox-file", &config->outbox_file, error)
      || !read_string (key_file, "delivery", "webhook-url", &config->webhook_url, error)
      || !read_string (key_file, "service", "public-base-url", &config->public_base_url, error)
      || !read_string (key_file, "wechat", "mode", &config->wechat_mode, error)
      || !read_string (key_file, "wechat", "app-id", &config->wechat_app_id, error)
      || !read_string (key_file, "wechat", "app-secret", &config->wechat_app_secret, error)
      || !read_string (key_file, "wechat", "authorize-url", &config->wechat_authorize_url, error)
      || !read_string (key_file, "wechat", "token-url", &config->wechat_token_url, error)
      || !read_string (key_file, "alipay", "mode", &config->alipay_mode, error)
      || !read_string (key_file, "app-verification", "provider",
                       &config->app_verification_provider, error)
      || !read_string (key_file, "app-verification", "order-url",
                       &config->app_verification_order_url, error)
      || !read_string (key_file, "app-verification", "secret",
                       &config->app_verification_secret, error)
      || !read_uint (key_file, "app-verification", "attempts-per-day",
                     &config->app_verification_daily_attempts, error)
      || !read_uint (key_file, "app-verification", "ticket-ttl",
                     &config->app_verification_ttl, error)
      || !read_uint64 (key_file, "hashing", "opslimit", crypto_pwhash_OPSLIMIT_MAX,
                       &value64, &found, error))
    return NULL;
  if (found)
    config->pwhash_opslimit = value64;

  if (!read_uint64 (key_file, "hashing", "memlimit", G_MAXSIZE, &value64, &found, error))
    return NULL;
  if (found)
    config->pwhash_memlimit = (gsize) value64;

  if (!read_uint (key_file, "hashing", "threads", &config->hash_threads, error)
      || !read_uint (key_file, "service", "db-threads", &config->db_threads, error)
      || !read_uint (key_file, "service", "server-threads", &config->server_threads, error))
    return NULL;

  if (!read_uint64 (key_file, "limits", limits[0].key, G_MAXUINT32, &value64, &found, error))
    return NULL;
  if (found)
    config->max_body_size = (gsize) value64;
  for (i = 1; i < G_N_ELEMENTS (limits); i++)
    {
      if (!read_uint (key_file, "limits", limits[i].key, limits[i].field, error))
        return NULL;
    }
  if (!read_uint64 (key_file, "limits", "max-request-line", G_MAXUINT32, &value64, &found, error))
    return NULL;
  if (found)
    config->max_request_line = (gsize) value64;
  if (!read_uint64 (key_file, "limits", "max-header-size", G_MAXUINT32, &value64, &found, error))
    return NULL;
  if (found)
    config->max_header_size = (gsize) value64;

  if (delivery != NULL && !xuexin_delivery_backend_from_string (delivery, &config->delivery))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                   "[delivery] backend: unknown backend “%s” (log, outbox or http)", delivery);
      return NULL;
    }

  return g_steal_pointer (&config);
}

static gboolean
address_is_loopback (const char *address)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (g_strcmp0 (address, "localhost") == 0)
    return TRUE;

  inet = g_inet_address_new_from_string (address);
  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

/**
 * xuexin_service_config_check:
 *
 * Refuses configurations that cannot work or are unsafe: an unparsable
 * listen address, TLS with only one of certificate and key, a non-loopback
 * address without TLS unless @insecure is set, and delivery backends
 * missing their target.
 */
gboolean
xuexin_service_config_check (const XuexinServiceConfig  *config,
                             GError                    **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  gboolean tls;

  g_return_val_if_fail (config != NULL, FALSE);

  if (config->listen_address == NULL
      || (g_strcmp0 (config->listen_address, "localhost") != 0
          && (inet = g_inet_address_new_from_string (config->listen_address)) == NULL))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                   "The listen address “%s” is not an IP address",
                   config->listen_address ? config->listen_address : "");
      return FALSE;
    }

  if (config->port > G_MAXUINT16)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                   "The port %u is out of range", config->port);
      return FALSE;
    }

  if ((config->tls_cert_file == NULL) != (config->tls_key_file == NULL))
    {
      g_set_error_literal (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                           "TLS needs both a certificate (--tls-cert) and a key (--tls-key)");
      return FALSE;
    }
  tls = config->tls_cert_file != NULL;

  if (!tls && !config->insecure && !address_is_loopback (config->listen_address))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                   "Refusing to listen on the non-loopback address %s without TLS: "
                   "give --tls-cert and --tls-key, put a TLS reverse proxy in front "
                   "and pass --insecure, or listen on 127.0.0.1",
                   config->listen_address);
      return FALSE;
    }

  if (config->delivery == XUEXIN_DELIVERY_HTTP && config->webhook_url == NULL)
    {
      g_set_error_literal (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                           "The http delivery backend needs a webhook URL (--webhook-url)");
      return FALSE;
    }

  if (config->delivery == XUEXIN_DELIVERY_HTTP)
    {
      g_autoptr(GUri) uri = g_uri_parse (config->webhook_url, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL
          || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
              && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
        {
          g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                       "The webhook URL “%s” is not an http(s) URL", config->webhook_url);
          return FALSE;
        }
    }

  if (config->delivery == XUEXIN_DELIVERY_MEMORY && config->delivery_func == NULL)
    {
      g_set_error_literal (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                           "The memory delivery backend needs a callback (embedded use only)");
      return FALSE;
    }

  if (config->pwhash_opslimit < crypto_pwhash_OPSLIMIT_MIN
      || config->pwhash_memlimit < crypto_pwhash_MEMLIMIT_MIN)
    {
      g_set_error_literal (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                           "The password hashing limits are below libsodium's minimum");
      return FALSE;
    }

  if (g_strcmp0 (config->wechat_mode, "simulated") != 0
      && g_strcmp0 (config->wechat_mode, "open-platform") != 0
      && g_strcmp0 (config->wechat_mode, "off") != 0)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                   "[wechat] mode must be simulated, open-platform or off");
      return FALSE;
    }

  if (g_strcmp0 (config->wechat_mode, "open-platform") == 0
      && (config->wechat_app_id == NULL || config->wechat_app_secret == NULL
          || config->wechat_authorize_url == NULL || config->wechat_token_url == NULL))
    {
      g_set_error_literal (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                           "[wechat] open-platform mode needs app-id, app-secret, "
                           "authorize-url and token-url");
      return FALSE;
    }

  if (g_strcmp0 (config->alipay_mode, "simulated") != 0
      && g_strcmp0 (config->alipay_mode, "off") != 0)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                   "[alipay] mode must be simulated or off");
      return FALSE;
    }

  if (g_strcmp0 (config->app_verification_provider, "simulated") != 0
      && g_strcmp0 (config->app_verification_provider, "webhook") != 0
      && g_strcmp0 (config->app_verification_provider, "off") != 0)
    {
      g_set_error_literal (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                           "[app-verification] provider must be simulated, webhook or off");
      return FALSE;
    }

  /* A short key would make the callback signature guessable. */
  if (g_strcmp0 (config->app_verification_provider, "webhook") == 0
      && (config->app_verification_order_url == NULL
          || config->app_verification_secret == NULL
          || strlen (config->app_verification_secret) < 32))
    {
      g_set_error_literal (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                           "[app-verification] webhook needs order-url and a secret of at "
                           "least 32 characters");
      return FALSE;
    }

  if (config->app_verification_daily_attempts == 0 || config->app_verification_ttl < 30)
    {
      g_set_error_literal (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                           "[app-verification] attempts-per-day must be positive and "
                           "ticket-ttl at least 30");
      return FALSE;
    }

  if (config->server_threads > 1024)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                   "server-threads must be at most 1024, not %u", config->server_threads);
      return FALSE;
    }

  /* libsoup 3.2 ends a connection without an answer when a request head
   * passes 64 KiB (HEADER_SIZE_LIMIT); ours must refuse first. */
  if (config->max_request_line == 0 || config->max_header_size == 0 || config->max_headers == 0
      || config->max_request_line + config->max_header_size > 60 * 1024)
    {
      g_set_error_literal (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                           "max-request-line, max-header-size and max-headers must be positive, "
                           "and max-request-line + max-header-size at most 61440");
      return FALSE;
    }

  if (config->connection_idle_timeout == 0 || config->request_head_timeout == 0)
    {
      g_set_error_literal (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                           "connection-idle-timeout and request-head-timeout must be positive");
      return FALSE;
    }

  if (config->max_body_size == 0 || config->code_max_attempts == 0)
    {
      g_set_error_literal (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                           "max-body-size and code-max-attempts must be positive");
      return FALSE;
    }

  /* 0 would close a path silently (or make a claim expire at once). */
  {
    const struct {
      const char *key;
      guint value;
    } identity[] = {
      { "review-submissions-limit", config->review_submissions_limit },
      { "review-submissions-window", config->review_submissions_window },
      { "review-claim-ttl", config->review_claim_ttl },
      { "review-poll-interval", config->review_poll_interval },
      { "records-daily-limit", config->records_daily_limit },
      { "assistance-open-limit", config->assistance_open_limit },
      { "assistance-daily-limit", config->assistance_daily_limit },
      { "assistance-request-ttl", config->assistance_request_ttl },
      { "assistance-confirmations-per-year", config->assistance_confirmations_per_year },
    };
    guint i;

    for (i = 0; i < G_N_ELEMENTS (identity); i++)
      if (identity[i].value == 0)
        {
          g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_CONFIG,
                       "[limits] %s must be positive", identity[i].key);
          return FALSE;
        }
  }

  return TRUE;
}
