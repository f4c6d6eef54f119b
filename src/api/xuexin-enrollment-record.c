/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-error-private.h"
#include "xuexin-enrollment-record.h"
#include "xuexin-json-private.h"

/**
 * XuexinEnrollmentRecord:
 *
 * An enrollment (学籍) record of the signed-in person, from
 * `GET /me/records`.
 */
struct _XuexinEnrollmentRecord
{
  GObject  parent_instance;

  char    *name;
  char    *school;
  char    *student_number;
  int      enrollment_year;
  char    *level;
  char    *status;
};

G_DEFINE_FINAL_TYPE (XuexinEnrollmentRecord, xuexin_enrollment_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_SCHOOL,
  PROP_STUDENT_NUMBER,
  PROP_ENROLLMENT_YEAR,
  PROP_LEVEL,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * xuexin_enrollment_record_new_from_json:
 * @object: an item of the "enrollments" array of `GET /me/records`
 *
 * Returns: (transfer full): the record, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinEnrollmentRecord *
xuexin_enrollment_record_new_from_json (JsonObject  *object,
                                        GError     **error)
{
  XuexinEnrollmentRecord *self;
  const char *name;
  const char *school;
  const char *student_number;
  const char *level;
  const char *status;
  gint64 year;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!xuexin_json_get_nullable_string (object, "name", &name, error)
      || !xuexin_json_get_string (object, "school", &school, error)
      || !xuexin_json_get_string (object, "student_number", &student_number, error)
      || !xuexin_json_get_int (object, "enrollment_year", &year, error)
      || !xuexin_json_get_string (object, "level", &level, error)
      || !xuexin_json_get_string (object, "status", &status, error))
    return NULL;

  if (year < 0 || year > G_MAXINT)
    {
      xuexin_client_set_protocol_error (error, "enrollment_year %" G_GINT64_FORMAT " out of range",
                                        year);
      return NULL;
    }

  self = g_object_new (XUEXIN_TYPE_ENROLLMENT_RECORD, NULL);
  self->name = g_strdup (name);
  self->school = g_strdup (school);
  self->student_number = g_strdup (student_number);
  self->enrollment_year = (int) year;
  self->level = g_strdup (level);
  self->status = g_strdup (status);

  return self;
}

/**
 * xuexin_enrollment_record_get_name:
 *
 * Returns: (nullable): the name on the record
 */
const char *
xuexin_enrollment_record_get_name (XuexinEnrollmentRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_ENROLLMENT_RECORD (self), NULL);

  return self->name;
}

const char *
xuexin_enrollment_record_get_school (XuexinEnrollmentRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_ENROLLMENT_RECORD (self), NULL);

  return self->school;
}

const char *
xuexin_enrollment_record_get_student_number (XuexinEnrollmentRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_ENROLLMENT_RECORD (self), NULL);

  return self->student_number;
}

int
xuexin_enrollment_record_get_enrollment_year (XuexinEnrollmentRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_ENROLLMENT_RECORD (self), 0);

  return self->enrollment_year;
}

/**
 * xuexin_enrollment_record_get_level:
 *
 * Returns: the API id of the level, such as "benke"; see
 *   xuexin_enrollment_record_get_education_level()
 */
const char *
xuexin_enrollment_record_get_level (XuexinEnrollmentRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_ENROLLMENT_RECORD (self), NULL);

  return self->level;
}

XuexinEducationLevel
xuexin_enrollment_record_get_education_level (XuexinEnrollmentRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_ENROLLMENT_RECORD (self), XUEXIN_EDUCATION_LEVEL_UNKNOWN);

  return xuexin_education_level_from_string (self->level);
}

/**
 * xuexin_enrollment_record_get_status:
 *
 * Returns: "enrolled", "suspended", "withdrawn" or "graduated"
 */
const char *
xuexin_enrollment_record_get_status (XuexinEnrollmentRecord *self)
{
  g_return_val_if_fail (XUEXIN_IS_ENROLLMENT_RECORD (self), NULL);

  return self->status;
}

static void
xuexin_enrollment_record_finalize (GObject *object)
{
  XuexinEnrollmentRecord *self = XUEXIN_ENROLLMENT_RECORD (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->school, g_free);
  g_clear_pointer (&self->student_number, g_free);
  g_clear_pointer (&self->level, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (xuexin_enrollment_record_parent_class)->finalize (object);
}

static void
xuexin_enrollment_record_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  XuexinEnrollmentRecord *self = XUEXIN_ENROLLMENT_RECORD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SCHOOL:
      g_value_set_string (value, self->school);
      break;

    case PROP_STUDENT_NUMBER:
      g_value_set_string (value, self->student_number);
      break;

    case PROP_ENROLLMENT_YEAR:
      g_value_set_int (value, self->enrollment_year);
      break;

    case PROP_LEVEL:
      g_value_set_string (value, self->level);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_enrollment_record_class_init (XuexinEnrollmentRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xuexin_enrollment_record_finalize;
  object_class->get_property = xuexin_enrollment_record_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCHOOL] =
    g_param_spec_string ("school", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_STUDENT_NUMBER] =
    g_param_spec_string ("student-number", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENROLLMENT_YEAR] =
    g_param_spec_int ("enrollment-year", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_LEVEL] =
    g_param_spec_string ("level", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_enrollment_record_init (XuexinEnrollmentRecord *self)
{
}
