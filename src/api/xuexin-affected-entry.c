/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-affected-entry.h"
#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"

/**
 * XuexinAffectedEntry:
 *
 * One registration entry of a platform that follows the account which
 * stays after identity verification (on_success.affected_platforms).
 */
struct _XuexinAffectedEntry
{
  GObject  parent_instance;

  char    *platform;
  char    *platform_name;
  char    *entry;
};

G_DEFINE_FINAL_TYPE (XuexinAffectedEntry, xuexin_affected_entry, G_TYPE_OBJECT)

/**
 * xuexin_affected_entry_new_from_json:
 *
 * Returns: (transfer full): the entry, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinAffectedEntry *
xuexin_affected_entry_new_from_json (JsonObject  *object,
                                     GError     **error)
{
  XuexinAffectedEntry *self;
  const char *platform;
  const char *platform_name;
  const char *entry;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!xuexin_json_get_string (object, "platform", &platform, error)
      || !xuexin_json_get_string (object, "platform_name", &platform_name, error)
      || !xuexin_json_get_string (object, "entry", &entry, error))
    return NULL;

  self = g_object_new (XUEXIN_TYPE_AFFECTED_ENTRY, NULL);
  self->platform = g_strdup (platform);
  self->platform_name = g_strdup (platform_name);
  self->entry = g_strdup (entry);

  return self;
}

const char *
xuexin_affected_entry_get_platform (XuexinAffectedEntry *self)
{
  g_return_val_if_fail (XUEXIN_IS_AFFECTED_ENTRY (self), NULL);

  return self->platform;
}

const char *
xuexin_affected_entry_get_platform_name (XuexinAffectedEntry *self)
{
  g_return_val_if_fail (XUEXIN_IS_AFFECTED_ENTRY (self), NULL);

  return self->platform_name;
}

const char *
xuexin_affected_entry_get_entry (XuexinAffectedEntry *self)
{
  g_return_val_if_fail (XUEXIN_IS_AFFECTED_ENTRY (self), NULL);

  return self->entry;
}

static void
xuexin_affected_entry_finalize (GObject *object)
{
  XuexinAffectedEntry *self = XUEXIN_AFFECTED_ENTRY (object);

  g_clear_pointer (&self->platform, g_free);
  g_clear_pointer (&self->platform_name, g_free);
  g_clear_pointer (&self->entry, g_free);

  G_OBJECT_CLASS (xuexin_affected_entry_parent_class)->finalize (object);
}

static void
xuexin_affected_entry_class_init (XuexinAffectedEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_affected_entry_finalize;
}

static void
xuexin_affected_entry_init (XuexinAffectedEntry *self)
{
}
