/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"
#include "xuexin-record-private.h"

typedef struct
{
  char *name;
  char *school;
  char *level;
} XuexinRecordPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (XuexinRecord, xuexin_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_SCHOOL,
  PROP_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
xuexin_record_load_from_json (XuexinRecord  *self,
                              JsonObject    *object,
                              const char    *year_member,
                              int           *year,
                              GError       **error)
{
  XuexinRecordPrivate *priv = xuexin_record_get_instance_private (self);
  const char *name;
  const char *school;
  const char *level;
  gint64 value;

  g_assert (XUEXIN_IS_RECORD (self));

  if (!xuexin_json_get_nullable_string (object, "name", &name, error)
      || !xuexin_json_get_string (object, "school", &school, error)
      || !xuexin_json_get_string (object, "level", &level, error)
      || !xuexin_json_get_int (object, year_member, &value, error))
    return FALSE;

  if (value < 0 || value > G_MAXINT)
    {
      xuexin_client_set_protocol_error (error, "%s %" G_GINT64_FORMAT " out of range",
                                        year_member, value);
      return FALSE;
    }

  priv->name = g_strdup (name);
  priv->school = g_strdup (school);
  priv->level = g_strdup (level);
  *year = (int) value;

  return TRUE;
}

/**
 * xuexin_record_get_name:
 *
 * Returns: (nullable): the name on the record
 */
const char *
xuexin_record_get_name (XuexinRecord *self)
{
  XuexinRecordPrivate *priv = xuexin_record_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_RECORD (self), NULL);

  return priv->name;
}

const char *
xuexin_record_get_school (XuexinRecord *self)
{
  XuexinRecordPrivate *priv = xuexin_record_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_RECORD (self), NULL);

  return priv->school;
}

/**
 * xuexin_record_get_level:
 *
 * Returns: the API id of the level, such as "benke"; see
 *   xuexin_record_get_education_level()
 */
const char *
xuexin_record_get_level (XuexinRecord *self)
{
  XuexinRecordPrivate *priv = xuexin_record_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_RECORD (self), NULL);

  return priv->level;
}

XuexinEducationLevel
xuexin_record_get_education_level (XuexinRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_RECORD (self), XUEXIN_EDUCATION_LEVEL_UNKNOWN);

  return xuexin_education_level_from_string (xuexin_record_get_level (self));
}

static void
xuexin_record_finalize (GObject *object)
{
  XuexinRecordPrivate *priv = xuexin_record_get_instance_private (XUEXIN_RECORD (object));

  g_clear_pointer (&priv->name, g_free);
  g_clear_pointer (&priv->school, g_free);
  g_clear_pointer (&priv->level, g_free);

  G_OBJECT_CLASS (xuexin_record_parent_class)->finalize (object);
}

static void
xuexin_record_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  XuexinRecord *self = XUEXIN_RECORD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, xuexin_record_get_name (self));
      break;

    case PROP_SCHOOL:
      g_value_set_string (value, xuexin_record_get_school (self));
      break;

    case PROP_LEVEL:
      g_value_set_string (value, xuexin_record_get_level (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_record_class_init (XuexinRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xuexin_record_finalize;
  object_class->get_property = xuexin_record_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCHOOL] =
    g_param_spec_string ("school", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_LEVEL] =
    g_param_spec_string ("level", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_record_init (XuexinRecord *self)
{
}
