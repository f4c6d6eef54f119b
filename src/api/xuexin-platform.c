/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-json-private.h"
#include "xuexin-platform.h"

/**
 * XuexinPlatform:
 *
 * One of the platforms that share the account (FAQ 1), as listed by
 * `GET /platforms`.
 */
struct _XuexinPlatform
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *description;
  char    *url;
};

G_DEFINE_FINAL_TYPE (XuexinPlatform, xuexin_platform, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * xuexin_platform_new_from_json:
 * @object: a platform object of the API
 *
 * Returns: (transfer full): the platform, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinPlatform *
xuexin_platform_new_from_json (JsonObject  *object,
                               GError     **error)
{
  XuexinPlatform *self;
  const char *id;
  const char *name;
  const char *description;
  const char *url;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!xuexin_json_get_nullable_string (object, "id", &id, error)
      || !xuexin_json_get_string (object, "name", &name, error)
      || !xuexin_json_get_string (object, "description", &description, error)
      || !xuexin_json_get_string (object, "url", &url, error))
    return NULL;

  self = g_object_new (XUEXIN_TYPE_PLATFORM, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->description = g_strdup (description);
  self->url = g_strdup (url);

  return self;
}

/**
 * xuexin_platform_get_id:
 *
 * Returns: (nullable): the API's short id, such as "archive"
 */
const char *
xuexin_platform_get_id (XuexinPlatform *self)
{
  g_return_val_if_fail (XUEXIN_IS_PLATFORM (self), NULL);

  return self->id;
}

const char *
xuexin_platform_get_name (XuexinPlatform *self)
{
  g_return_val_if_fail (XUEXIN_IS_PLATFORM (self), NULL);

  return self->name;
}

const char *
xuexin_platform_get_description (XuexinPlatform *self)
{
  g_return_val_if_fail (XUEXIN_IS_PLATFORM (self), NULL);

  return self->description;
}

const char *
xuexin_platform_get_url (XuexinPlatform *self)
{
  g_return_val_if_fail (XUEXIN_IS_PLATFORM (self), NULL);

  return self->url;
}

static void
xuexin_platform_finalize (GObject *object)
{
  XuexinPlatform *self = XUEXIN_PLATFORM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (xuexin_platform_parent_class)->finalize (object);
}

static void
xuexin_platform_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  XuexinPlatform *self = XUEXIN_PLATFORM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_platform_class_init (XuexinPlatformClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xuexin_platform_finalize;
  object_class->get_property = xuexin_platform_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_platform_init (XuexinPlatform *self)
{
}
