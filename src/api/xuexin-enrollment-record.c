/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-enrollment-record.h"
#include "xuexin-json-private.h"
#include "xuexin-record-private.h"

/**
 * XuexinEnrollmentRecord:
 *
 * An enrollment (学籍) record of the signed-in person, from
 * `GET /me/records`; name, school and level are #XuexinRecord's.
 */
struct _XuexinEnrollmentRecord
{
  XuexinRecord  parent_instance;

  char         *student_number;
  char         *status;
  int           enrollment_year;
};

G_DEFINE_FINAL_TYPE (XuexinEnrollmentRecord, xuexin_enrollment_record, XUEXIN_TYPE_RECORD)

enum {
  PROP_0,
  PROP_STUDENT_NUMBER,
  PROP_ENROLLMENT_YEAR,
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
  g_autoptr(XuexinEnrollmentRecord) self = NULL;
  const char *student_number;
  const char *status;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_ENROLLMENT_RECORD, NULL);
  if (!xuexin_record_load_from_json (XUEXIN_RECORD (self), object, "enrollment_year",
                                     &self->enrollment_year, error)
      || !xuexin_json_get_string (object, "student_number", &student_number, error)
      || !xuexin_json_get_string (object, "status", &status, error))
    return NULL;

  self->student_number = g_strdup (student_number);
  self->status = g_strdup (status);

  return g_steal_pointer (&self);
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

  g_clear_pointer (&self->student_number, g_free);
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
    case PROP_STUDENT_NUMBER:
      g_value_set_string (value, self->student_number);
      break;

    case PROP_ENROLLMENT_YEAR:
      g_value_set_int (value, self->enrollment_year);
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

  properties[PROP_STUDENT_NUMBER] =
    g_param_spec_string ("student-number", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENROLLMENT_YEAR] =
    g_param_spec_int ("enrollment-year", NULL, NULL,
                      0, G_MAXINT, 0,
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
