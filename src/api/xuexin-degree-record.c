/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-error-private.h"
#include "xuexin-degree-record.h"
#include "xuexin-json-private.h"

/**
 * XuexinDegreeRecord:
 *
 * A degree (学历) record of the signed-in person, from `GET /me/records`.
 */
struct _XuexinDegreeRecord
{
  GObject  parent_instance;

  char    *name;
  char    *school;
  char    *certificate_number;
  int      graduation_year;
  char    *level;
};

G_DEFINE_FINAL_TYPE (XuexinDegreeRecord, xuexin_degree_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_SCHOOL,
  PROP_CERTIFICATE_NUMBER,
  PROP_GRADUATION_YEAR,
  PROP_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * xuexin_degree_record_new_from_json:
 * @object: an item of the "degrees" array of `GET /me/records`
 *
 * Returns: (transfer full): the record, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinDegreeRecord *
xuexin_degree_record_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  XuexinDegreeRecord *self;
  const char *name;
  const char *school;
  const char *certificate_number;
  const char *level;
  gint64 year;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!xuexin_json_get_nullable_string (object, "name", &name, error)
      || !xuexin_json_get_string (object, "school", &school, error)
      || !xuexin_json_get_string (object, "certificate_number", &certificate_number, error)
      || !xuexin_json_get_int (object, "graduation_year", &year, error)
      || !xuexin_json_get_string (object, "level", &level, error))
    return NULL;

  if (year < 0 || year > G_MAXINT)
    {
      xuexin_client_set_protocol_error (error, "graduation_year %" G_GINT64_FORMAT " out of range",
                                        year);
      return NULL;
    }

  self = g_object_new (XUEXIN_TYPE_DEGREE_RECORD, NULL);
  self->name = g_strdup (name);
  self->school = g_strdup (school);
  self->certificate_number = g_strdup (certificate_number);
  self->graduation_year = (int) year;
  self->level = g_strdup (level);

  return self;
}

/**
 * xuexin_degree_record_get_name:
 *
 * Returns: (nullable): the name on the record
 */
const char *
xuexin_degree_record_get_name (XuexinDegreeRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_DEGREE_RECORD (self), NULL);

  return self->name;
}

const char *
xuexin_degree_record_get_school (XuexinDegreeRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_DEGREE_RECORD (self), NULL);

  return self->school;
}

const char *
xuexin_degree_record_get_certificate_number (XuexinDegreeRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_DEGREE_RECORD (self), NULL);

  return self->certificate_number;
}

int
xuexin_degree_record_get_graduation_year (XuexinDegreeRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_DEGREE_RECORD (self), 0);

  return self->graduation_year;
}

/**
 * xuexin_degree_record_get_level:
 *
 * Returns: the API id of the level, such as "master"; see
 *   xuexin_degree_record_get_education_level()
 */
const char *
xuexin_degree_record_get_level (XuexinDegreeRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_DEGREE_RECORD (self), NULL);

  return self->level;
}

XuexinEducationLevel
xuexin_degree_record_get_education_level (XuexinDegreeRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_DEGREE_RECORD (self), XUEXIN_EDUCATION_LEVEL_UNKNOWN);

  return xuexin_education_level_from_string (self->level);
}

static void
xuexin_degree_record_finalize (GObject *object)
{
  XuexinDegreeRecord *self = XUEXIN_DEGREE_RECORD (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->school, g_free);
  g_clear_pointer (&self->certificate_number, g_free);
  g_clear_pointer (&self->level, g_free);

  G_OBJECT_CLASS (xuexin_degree_record_parent_class)->finalize (object);
}

static void
xuexin_degree_record_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  XuexinDegreeRecord *self = XUEXIN_DEGREE_RECORD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SCHOOL:
      g_value_set_string (value, self->school);
      break;

    case PROP_CERTIFICATE_NUMBER:
      g_value_set_string (value, self->certificate_number);
      break;

    case PROP_GRADUATION_YEAR:
      g_value_set_int (value, self->graduation_year);
      break;

    case PROP_LEVEL:
      g_value_set_string (value, self->level);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_degree_record_class_init (XuexinDegreeRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xuexin_degree_record_finalize;
  object_class->get_property = xuexin_degree_record_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCHOOL] =
    g_param_spec_string ("school", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_CERTIFICATE_NUMBER] =
    g_param_spec_string ("certificate-number", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_GRADUATION_YEAR] =
    g_param_spec_int ("graduation-year", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_LEVEL] =
    g_param_spec_string ("level", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_degree_record_init (XuexinDegreeRecord *self)
{
}
