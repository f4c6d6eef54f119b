/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-json-private.h"
#include "xuexin-provider.h"

/**
 * XuexinProvider:
 *
 * WeChat or Alipay as linked (or not) to the signed-in account, as listed
 * by `GET /me/providers`.
 */
struct _XuexinProvider
{
  GObject    parent_instance;

  char      *provider;
  char      *name;
  gboolean   bound;
  GDateTime *bound_at;
};

G_DEFINE_FINAL_TYPE (XuexinProvider, xuexin_provider, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROVIDER,
  PROP_NAME,
  PROP_BOUND,
  PROP_BOUND_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * xuexin_provider_new_from_json:
 * @object: a provider object of `GET /me/providers`
 *
 * Returns: (transfer full): the provider, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinProvider *
xuexin_provider_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(GDateTime) bound_at = NULL;
  XuexinProvider *self;
  const char *provider;
  const char *name;
  gboolean bound;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!xuexin_json_get_string (object, "provider", &provider, error)
      || !xuexin_json_get_nullable_string (object, "name", &name, error)
      || !xuexin_json_get_boolean (object, "bound", TRUE, FALSE, &bound, error)
      || !xuexin_json_get_time (object, "bound_at", &bound_at, error))
    return NULL;

  self = g_object_new (XUEXIN_TYPE_PROVIDER, NULL);
  self->provider = g_strdup (provider);
  self->name = g_strdup (name);
  self->bound = bound;
  self->bound_at = g_steal_pointer (&bound_at);

  return self;
}

/**
 * xuexin_provider_get_provider:
 *
 * Returns: the provider id, %XUEXIN_PROVIDER_WECHAT or
 *   %XUEXIN_PROVIDER_ALIPAY
 */
const char *
xuexin_provider_get_provider (XuexinProvider *self)
{
  g_return_val_if_fail (XUEXIN_IS_PROVIDER (self), NULL);

  return self->provider;
}

/**
 * xuexin_provider_get_name:
 *
 * Returns: (nullable): the service's (zh_CN) name of the provider
 */
const char *
xuexin_provider_get_name (XuexinProvider *self)
{
  g_return_val_if_fail (XUEXIN_IS_PROVIDER (self), NULL);

  return self->name;
}

gboolean
xuexin_provider_get_bound (XuexinProvider *self)
{
  g_return_val_if_fail (XUEXIN_IS_PROVIDER (self), FALSE);

  return self->bound;
}

/**
 * xuexin_provider_get_bound_at:
 *
 * Returns: (nullable) (transfer none): when the provider was bound
 */
GDateTime *
xuexin_provider_get_bound_at (XuexinProvider *self)
{
  g_return_val_if_fail (XUEXIN_IS_PROVIDER (self), NULL);

  return self->bound_at;
}

static void
xuexin_provider_finalize (GObject *object)
{
  XuexinProvider *self = XUEXIN_PROVIDER (object);

  g_clear_pointer (&self->provider, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->bound_at, g_date_time_unref);

  G_OBJECT_CLASS (xuexin_provider_parent_class)->finalize (object);
}

static void
xuexin_provider_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  XuexinProvider *self = XUEXIN_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_BOUND:
      g_value_set_boolean (value, self->bound);
      break;

    case PROP_BOUND_AT:
      g_value_set_boxed (value, self->bound_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_provider_class_init (XuexinProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xuexin_provider_finalize;
  object_class->get_property = xuexin_provider_get_property;

  properties[PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_BOUND] =
    g_param_spec_boolean ("bound", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_BOUND_AT] =
    g_param_spec_boxed ("bound-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_provider_init (XuexinProvider *self)
{
}
