/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "xuexin-session-store.h"

/* A keyring that never answers (a locked one waiting for a prompt no one
 * sees on a kiosk) must not keep the user waiting. */
#define KEYRING_TIMEOUT_SECONDS 5

static const SecretSchema *
session_schema (void)
{
  static const SecretSchema schema = {
    BASE_APPLICATION_ID ".Session", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static const char *
server_key (const char *server_url)
{
  /* The embedded demo service moves port on every start; it is one server. */
  return server_url != NULL && *server_url != '\0' ? server_url : "embedded-demo";
}

typedef struct
{
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  guint         timeout_source;
} KeyringCall;

static void
keyring_call_free (KeyringCall *call)
{
  g_clear_handle_id (&call->timeout_source, g_source_remove);
  if (call->caller_cancellable != NULL)
    g_cancellable_disconnect (call->caller_cancellable, call->caller_handler);
  g_clear_object (&call->caller_cancellable);
  g_clear_object (&call->cancellable);
  g_free (call);
}

static gboolean
keyring_timeout_cb (gpointer user_data)
{
  KeyringCall *call = user_data;

  call->timeout_source = 0;
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

static void
forward_cancel_cb (GCancellable *cancellable,
                   GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

/* Each call gets its own cancellable, cancelled by the caller's or by the
 * timeout; a timeout is reported as "no keyring", not as cancellation. */
static GTask *
keyring_task_new (GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  KeyringCall *call = g_new0 (KeyringCall, 1);

  g_task_set_source_tag (task, source_tag);
  call->cancellable = g_cancellable_new ();
  call->timeout_source = g_timeout_add_seconds (KEYRING_TIMEOUT_SECONDS, keyring_timeout_cb, call);
  if (cancellable != NULL)
    {
      call->caller_cancellable = g_object_ref (cancellable);
      call->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                                    g_object_ref (call->cancellable), g_object_unref);
    }
  g_task_set_task_data (task, call, (GDestroyNotify) keyring_call_free);

  return task;
}

const char *
xuexin_session_store_get_unavailable_message (void)
{
  return _("There is no keyring on this computer to remember you. "
           "You stay signed in until you close the app.");
}

static GError *
keyring_error (GTask  *task,
               GError *error)
{
  if (g_task_get_cancellable (task) != NULL && g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");

  g_debug ("Keyring unavailable: %s", error->message);
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                              xuexin_session_store_get_unavailable_message ());
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (task, error));
  else
    g_task_return_boolean (task, TRUE);
}

void
xuexin_session_store_save_async (const char          *server_url,
                                 const char          *token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = keyring_task_new (cancellable, callback, user_data, xuexin_session_store_save_async);
  KeyringCall *call = g_task_get_task_data (task);

  g_return_if_fail (token != NULL);

  secret_password_store (session_schema (), SECRET_COLLECTION_DEFAULT,
                         _("Xuexin Assistant session"), token,
                         call->cancellable, store_cb, task,
                         "server", server_key (server_url),
                         NULL);
}

gboolean
xuexin_session_store_save_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, keyring_error (task, error));
  else
    g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}

void
xuexin_session_store_lookup_async (const char          *server_url,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task = keyring_task_new (cancellable, callback, user_data, xuexin_session_store_lookup_async);
  KeyringCall *call = g_task_get_task_data (task);

  secret_password_lookup (session_schema (), call->cancellable, lookup_cb, task,
                          "server", server_key (server_url),
                          NULL);
}

/**
 * xuexin_session_store_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the remembered token, %NULL with
 *   no error when none is stored
 */
char *
xuexin_session_store_lookup_finish (GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (task, error));
  else
    g_task_return_boolean (task, TRUE);
}

void
xuexin_session_store_clear_async (const char          *server_url,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = keyring_task_new (cancellable, callback, user_data, xuexin_session_store_clear_async);
  KeyringCall *call = g_task_get_task_data (task);

  secret_password_clear (session_schema (), call->cancellable, clear_cb, task,
                         "server", server_key (server_url),
                         NULL);
}

gboolean
xuexin_session_store_clear_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
