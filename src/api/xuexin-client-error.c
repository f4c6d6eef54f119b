/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xuexin-client-error-private.h"

/* The field an API error names and how long a rate limit lasts travel with
 * the GError itself, so every caller can show them without a side channel. */
typedef struct
{
  char  *field;
  guint  retry_after;
  gint   remaining_attempts; /* -1: the answer gave none */
  char  *claimed_by_name;    /* case_claimed: the holder of the claim */
} XuexinApiErrorPrivate;

static void
xuexin_api_error_private_init (XuexinApiErrorPrivate *priv)
{
  priv->field = NULL;
  priv->retry_after = 0;
  priv->remaining_attempts = -1;
  priv->claimed_by_name = NULL;
}

static void
xuexin_api_error_private_copy (const XuexinApiErrorPrivate *src,
                               XuexinApiErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
  dest->retry_after = src->retry_after;
  dest->remaining_attempts = src->remaining_attempts;
  dest->claimed_by_name = g_strdup (src->claimed_by_name);
}

static void
xuexin_api_error_private_clear (XuexinApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->claimed_by_name, g_free);
}

G_DEFINE_EXTENDED_ERROR (XuexinApiError, xuexin_api_error)

G_DEFINE_QUARK (xuexin-client-error-quark, xuexin_client_error)

static GError *
api_error_new (XuexinErrorCode  code,
               const char      *message,
               const char      *field,
               guint            retry_after)
{
  GError *error = g_error_new_literal (XUEXIN_API_ERROR, code, message);
  XuexinApiErrorPrivate *priv = xuexin_api_error_get_private (error);

  priv->field = g_strdup (field);
  priv->retry_after = retry_after;

  return error;
}

/**
 * xuexin_client_error_new_api:
 * @code: the API error
 * @field: (nullable): the request member the error is about
 * @retry_after: seconds until the operation is allowed again, or 0
 *
 * Returns: (transfer full): an error of %XUEXIN_API_ERROR whose message
 *   is the translated sentence for @code that says what to do next
 */
GError *
xuexin_client_error_new_api (XuexinErrorCode  code,
                             const char      *field,
                             guint            retry_after)
{
  return api_error_new (code, xuexin_error_code_get_message (code), field, retry_after);
}

/**
 * xuexin_client_error_get_field:
 *
 * Returns: (nullable): the request member an API error is about; %NULL
 *   for errors of other domains
 */
const char *
xuexin_client_error_get_field (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != XUEXIN_API_ERROR)
    return NULL;

  return xuexin_api_error_get_private (error)->field;
}

/**
 * xuexin_client_error_get_retry_after:
 *
 * Returns: the seconds an API error asks to wait (rate limits), or 0
 */
guint
xuexin_client_error_get_retry_after (const GError *error)
{
  g_return_val_if_fail (error != NULL, 0);

  if (error->domain != XUEXIN_API_ERROR)
    return 0;

  return xuexin_api_error_get_private (error)->retry_after;
}

gboolean
xuexin_client_error_is_api (const GError    *error,
                            XuexinErrorCode  code)
{
  return g_error_matches (error, XUEXIN_API_ERROR, code);
}

/**
 * xuexin_client_error_get_remaining_attempts:
 *
 * Returns: how many more wrong answers the service allows today, as it
 *   sent with `verification_failed`; -1 when the answer gave no count or
 *   for errors of other domains
 */
gint
xuexin_client_error_get_remaining_attempts (const GError *error)
{
  g_return_val_if_fail (error != NULL, -1);

  if (error->domain != XUEXIN_API_ERROR)
    return -1;

  return xuexin_api_error_get_private (error)->remaining_attempts;
}

/**
 * xuexin_client_error_get_claimed_by_name:
 *
 * Returns: (nullable): with `case_claimed`, the name of the reviewer
 *   who holds the claim, as the service sent it; %NULL when it sent none
 *   (the caller's own claim lapsed) or for other errors
 */
const char *
xuexin_client_error_get_claimed_by_name (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != XUEXIN_API_ERROR)
    return NULL;

  return xuexin_api_error_get_private (error)->claimed_by_name;
}

/* verification_failed says how many tries are left, so the user knows
 * whether to try again or take another path. */
static GError *
verification_failed_new (const char *field,
                         gint64      remaining)
{
  const char *base = xuexin_error_code_get_message (XUEXIN_ERROR_CODE_VERIFICATION_FAILED);
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;
  GError *error;

  if (remaining > 0)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "You can try %u more time today.",
                                          "You can try %u more times today.",
                                          (gulong) remaining),
                             (guint) remaining);
  else
    count = g_strdup (_("No tries are left today: try again tomorrow, or choose another "
                        "verification method."));

  message = g_strconcat (base, " ", count, NULL);
  error = api_error_new (XUEXIN_ERROR_CODE_VERIFICATION_FAILED, message, field, 0);
  xuexin_api_error_get_private (error)->remaining_attempts = (gint) CLAMP (remaining, 0, G_MAXINT);

  return error;
}

/**
 * xuexin_client_error_is_retryable:
 *
 * Returns: %TRUE when sending the same request again may succeed without
 *   the user changing anything (the UI offers *Try Again*).
 */
gboolean
xuexin_client_error_is_retryable (const GError *error)
{
  return g_error_matches (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_NETWORK) ||
         g_error_matches (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_SERVER) ||
         g_error_matches (error, XUEXIN_API_ERROR, XUEXIN_ERROR_CODE_INTERNAL);
}

/* ----- mapping answers and failures ------------------------------------- */

static GError *
protocol_error_new (void)
{
  return g_error_new_literal (XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL,
                              _("The account server sent an answer this app does not understand. "
                                "Try again later; if it keeps happening, the app may need an update."));
}

void
xuexin_client_set_protocol_error (GError     **error,
                                  const char  *detail_format,
                                  ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, detail_format);
  detail = g_strdup_vprintf (detail_format, args);
  va_end (args);

  g_debug ("Unexpected answer: %s", detail);
  g_propagate_error (error, protocol_error_new ());
}

GError *
xuexin_client_error_new_bad_url (const char *base_url)
{
  return g_error_new (XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_BAD_URL,
                      _("The server address “%s” is not valid. Check the server address in the settings."),
                      base_url);
}

GError *
xuexin_client_error_from_transport (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  g_debug ("Transport failure: %s", error->message);

  if (error->domain == G_TLS_ERROR)
    return g_error_new_literal (XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_TLS,
                                _("The account server’s identity could not be verified, so nothing was sent. "
                                  "Check the server address, or ask your help desk."));

  return g_error_new_literal (XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_NETWORK,
                              _("Could not reach the account server. Check your network connection and try again."));
}

/* The member as a string, or NULL when it is missing or not a string:
 * an error answer is read with whatever it has, and never crashes. */
static const char *
error_member_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
error_member_int (JsonObject *object,
                  const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;

  return json_node_get_int (node);
}

static GDateTime *
header_date (SoupMessageHeaders *headers,
             const char         *name)
{
  const char *value = soup_message_headers_get_one (headers, name);

  return value != NULL ? soup_date_time_new_from_http_string (value) : NULL;
}

/* Retry-After is either delay-seconds or an HTTP-date (RFC 9110 10.2.3).
 * A date is counted from the answer's own Date header where there is one,
 * so that a wrong clock on this computer does not change the wait. */
static guint
retry_after_from_headers (SoupMessageHeaders *headers)
{
  const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) retry_at = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds = 0;
  GTimeSpan wait;

  if (retry_after == NULL)
    return 0;

  if (g_ascii_string_to_unsigned (retry_after, 10, 0, G_MAXINT, &seconds, NULL))
    return (guint) seconds;

  retry_at = header_date (headers, "Retry-After");
  if (retry_at == NULL)
    {
      g_debug ("Ignoring Retry-After “%s”", retry_after);
      return 0;
    }

  now = header_date (headers, "Date");
  if (now == NULL)
    now = g_date_time_new_now_utc ();

  wait = g_date_time_difference (retry_at, now);
  if (wait <= 0)
    return 0;

  /* Rounded up: waiting a fraction too little would be refused again. */
  return (guint) MIN ((wait + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND, G_MAXINT);
}

GError *
xuexin_client_error_from_response (guint                status,
                                   SoupMessageHeaders  *headers,
                                   JsonNode            *root)
{
  JsonObject *error_object = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *node = json_object_get_member (object, "error");

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        error_object = json_node_get_object (node);
    }

  if (error_object != NULL)
    {
      const char *code_string = error_member_string (error_object, "code");
      const char *field = error_member_string (error_object, "field");
      const char *message = error_member_string (error_object, "message");
      gint64 retry_after = error_member_int (error_object, "retry_after");
      XuexinErrorCode code = xuexin_error_code_from_string (code_string);

      if (retry_after <= 0)
        retry_after = retry_after_from_headers (headers);

      if (code == XUEXIN_ERROR_CODE_VERIFICATION_FAILED
          && json_object_has_member (error_object, "remaining_attempts"))
        return verification_failed_new (field,
                                        error_member_int (error_object, "remaining_attempts"));

      if (code == XUEXIN_ERROR_CODE_CASE_CLAIMED)
        {
          GError *error = xuexin_client_error_new_api (code, field, 0);
          const char *holder = error_member_string (error_object, "claimed_by_name");

          /* So that the console can say by whom. */
          if (holder != NULL && *holder != '\0')
            xuexin_api_error_get_private (error)->claimed_by_name = g_strdup (holder);
          return error;
        }

      if (code != XUEXIN_ERROR_CODE_UNKNOWN)
        return xuexin_client_error_new_api (code, field, (guint) CLAMP (retry_after, 0, G_MAXINT));

      /* A code newer than this app: the service's own sentence is the
       * best explanation there is. */
      g_debug ("Unknown API error code “%s”", code_string ? code_string : "(none)");
      if (message != NULL && *message != '\0')
        return api_error_new (XUEXIN_ERROR_CODE_UNKNOWN, message, field,
                              (guint) CLAMP (retry_after, 0, G_MAXINT));
    }

  if (status == 429 /* Too Many Requests */)
    return xuexin_client_error_new_api (XUEXIN_ERROR_CODE_RATE_LIMITED, NULL,
                                        retry_after_from_headers (headers));

  if (SOUP_STATUS_IS_SERVER_ERROR (status))
    return g_error_new_literal (XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_SERVER,
                                _("The account server had a problem and could not finish. Try again in a moment."));

  g_debug ("Unexpected answer: status %u without an API error", status);
  return protocol_error_new ();
}
