/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-error-private.h"
#include "xuexin-identity-path.h"
#include "xuexin-json-private.h"

/**
 * XuexinIdentityPath:
 *
 * One entry of GET /me/identity "paths": whether a path of FAQ 5 can be
 * used now and how much of its limit is left. The members differ by path
 * (docs/api.md "GET /me/identity"); the ones a path does not have read 0
 * or NULL.
 */
struct _XuexinIdentityPath
{
  GObject               parent_instance;

  char                 *path;
  gboolean              available;
  guint                 limit;
  guint                 remaining;
  guint                 retry_after;
  char                 *provider;
  XuexinProviderTicket *open_ticket;
  guint                 open_limit;
  guint                 open_requests;
  guint                 expires_in;
};

G_DEFINE_FINAL_TYPE (XuexinIdentityPath, xuexin_identity_path, G_TYPE_OBJECT)

static guint
clamp_count (gint64 value)
{
  return (guint) CLAMP (value, 0, G_MAXINT);
}

/* The first of @members that is present (the limit and what is left of
 * it have a different name on each path), else 0. */
static gboolean
get_any_count (JsonObject  *object,
               const char  *const *members,
               guint       *out,
               GError     **error)
{
  *out = 0;
  for (guint i = 0; members[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (object, members[i]);
      gint64 value;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!xuexin_json_get_int (object, members[i], &value, error))
        return FALSE;
      *out = clamp_count (value);
      return TRUE;
    }

  return TRUE;
}

static gboolean
parse_open_ticket (XuexinIdentityPath  *self,
                   JsonObject          *object,
                   GError             **error)
{
  JsonNode *node = json_object_get_member (object, "open_ticket");
  JsonObject *ticket;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!xuexin_json_get_object (object, "open_ticket", &ticket, error))
    return FALSE;

  self->open_ticket = xuexin_provider_ticket_new_from_json (ticket, error);
  return self->open_ticket != NULL;
}

/**
 * xuexin_identity_path_new_from_json:
 * @object: one element of "paths"
 *
 * Returns: (transfer full): the path, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinIdentityPath *
xuexin_identity_path_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  static const char *const limits[] = { "daily_limit", "submission_limit", NULL };
  static const char *const remainings[] = {
    "remaining_attempts", "remaining_today", "submissions_left", NULL
  };
  g_autoptr(XuexinIdentityPath) self = NULL;
  const char *path;
  const char *provider;
  gint64 retry_after;
  gint64 open_limit;
  gint64 open_requests;
  gint64 expires_in;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_IDENTITY_PATH, NULL);

  if (!xuexin_json_get_string (object, "path", &path, error)
      || !xuexin_json_get_boolean (object, "available", TRUE, FALSE, &self->available, error)
      || !get_any_count (object, limits, &self->limit, error)
      || !get_any_count (object, remainings, &self->remaining, error)
      || !xuexin_json_get_optional_int (object, "retry_after", 0, &retry_after, error)
      || !xuexin_json_get_nullable_string (object, "provider", &provider, error)
      || !xuexin_json_get_optional_int (object, "open_limit", 0, &open_limit, error)
      || !xuexin_json_get_optional_int (object, "open_requests", 0, &open_requests, error)
      || !xuexin_json_get_optional_int (object, "expires_in", 0, &expires_in, error)
      || !parse_open_ticket (self, object, error))
    return NULL;

  if (*path == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty identity path");
      return NULL;
    }

  self->path = g_strdup (path);
  self->provider = g_strdup (provider);
  self->retry_after = clamp_count (retry_after);
  self->open_limit = clamp_count (open_limit);
  self->open_requests = clamp_count (open_requests);
  self->expires_in = clamp_count (expires_in);

  return g_steal_pointer (&self);
}

/* One of XUEXIN_IDENTITY_PATH_…; an unknown path is passed on. */
const char *
xuexin_identity_path_get_path (XuexinIdentityPath *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PATH (self), NULL);

  return self->path;
}

gboolean
xuexin_identity_path_get_available (XuexinIdentityPath *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PATH (self), FALSE);

  return self->available;
}

guint
xuexin_identity_path_get_limit (XuexinIdentityPath *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PATH (self), 0);

  return self->limit;
}

guint
xuexin_identity_path_get_remaining (XuexinIdentityPath *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PATH (self), 0);

  return self->remaining;
}

guint
xuexin_identity_path_get_retry_after (XuexinIdentityPath *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PATH (self), 0);

  return self->retry_after;
}

const char *
xuexin_identity_path_get_provider (XuexinIdentityPath *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PATH (self), NULL);

  return self->provider;
}

/**
 * xuexin_identity_path_get_open_ticket:
 *
 * Returns: (nullable) (transfer none): path 1's open ticket
 */
XuexinProviderTicket *
xuexin_identity_path_get_open_ticket (XuexinIdentityPath *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PATH (self), NULL);

  return self->open_ticket;
}

guint
xuexin_identity_path_get_open_limit (XuexinIdentityPath *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PATH (self), 0);

  return self->open_limit;
}

guint
xuexin_identity_path_get_open_requests (XuexinIdentityPath *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PATH (self), 0);

  return self->open_requests;
}

guint
xuexin_identity_path_get_expires_in (XuexinIdentityPath *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PATH (self), 0);

  return self->expires_in;
}

static void
xuexin_identity_path_finalize (GObject *object)
{
  XuexinIdentityPath *self = XUEXIN_IDENTITY_PATH (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->provider, g_free);
  g_clear_object (&self->open_ticket);

  G_OBJECT_CLASS (xuexin_identity_path_parent_class)->finalize (object);
}

static void
xuexin_identity_path_class_init (XuexinIdentityPathClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_identity_path_finalize;
}

static void
xuexin_identity_path_init (XuexinIdentityPath *self)
{
}
