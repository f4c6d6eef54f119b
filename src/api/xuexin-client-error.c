/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xuexin-client-error.h"

/* The field an API error names and how long a rate limit lasts travel with
 * the GError itself, so every caller can show them without a side channel. */
typedef struct
{
  char  *field;
  guint  retry_after;
} XuexinClientErrorPrivate;

static void
xuexin_client_error_private_init (XuexinClientErrorPrivate *priv)
{
  priv->field = NULL;
  priv->retry_after = 0;
}

static void
xuexin_client_error_private_copy (const XuexinClientErrorPrivate *src,
                                  XuexinClientErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
  dest->retry_after = src->retry_after;
}

static void
xuexin_client_error_private_clear (XuexinClientErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (XuexinClientError, xuexin_client_error)

/**
 * xuexin_client_error_new_api:
 * @code: the API error
 * @field: (nullable): the request member the error is about
 * @retry_after: seconds until the operation is allowed again, or 0
 *
 * Returns: (transfer full): an error whose message is the translated
 *   sentence for @code that says what to do next
 */
GError *
xuexin_client_error_new_api (XuexinErrorCode  code,
                             const char      *field,
                             guint            retry_after)
{
  GError *error = g_error_new_literal (XUEXIN_CLIENT_ERROR, code,
                                       xuexin_error_code_get_message (code));
  XuexinClientErrorPrivate *priv = xuexin_client_error_get_private (error);

  priv->field = g_strdup (field);
  priv->retry_after = retry_after;

  return error;
}

const char *
xuexin_client_error_get_field (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != XUEXIN_CLIENT_ERROR)
    return NULL;

  return xuexin_client_error_get_private (error)->field;
}

guint
xuexin_client_error_get_retry_after (const GError *error)
{
  g_return_val_if_fail (error != NULL, 0);

  if (error->domain != XUEXIN_CLIENT_ERROR)
    return 0;

  return xuexin_client_error_get_private (error)->retry_after;
}

gboolean
xuexin_client_error_is_api (const GError    *error,
                            XuexinErrorCode  code)
{
  return g_error_matches (error, XUEXIN_CLIENT_ERROR, (int) code);
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
         g_error_matches (error, XUEXIN_CLIENT_ERROR, XUEXIN_ERROR_CODE_INTERNAL);
}
