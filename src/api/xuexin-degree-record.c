/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-degree-record.h"
#include "xuexin-json-private.h"
#include "xuexin-record-private.h"

/**
 * XuexinDegreeRecord:
 *
 * A degree (学历) record of the signed-in person, from `GET /me/records`;
 * name, school and level are #XuexinRecord's.
 */
struct _XuexinDegreeRecord
{
  XuexinRecord  parent_instance;

  char         *certificate_number;
  int           graduation_year;
};

G_DEFINE_FINAL_TYPE (XuexinDegreeRecord, xuexin_degree_record, XUEXIN_TYPE_RECORD)

enum {
  PROP_0,
  PROP_CERTIFICATE_NUMBER,
  PROP_GRADUATION_YEAR,
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
  g_autoptr(XuexinDegreeRecord) self = NULL;
  const char *certificate_number;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_DEGREE_RECORD, NULL);
  if (!xuexin_record_load_from_json (XUEXIN_RECORD (self), object, "graduation_year",
                                     &self->graduation_year, error)
      || !xuexin_json_get_string (object, "certificate_number", &certificate_number, error))
    return NULL;

  self->certificate_number = g_strdup (certificate_number);

  return g_steal_pointer (&self);
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

static void
xuexin_degree_record_finalize (GObject *object)
{
  XuexinDegreeRecord *self = XUEXIN_DEGREE_RECORD (object);

  g_clear_pointer (&self->certificate_number, g_free);

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
    case PROP_CERTIFICATE_NUMBER:
      g_value_set_string (value, self->certificate_number);
      break;

    case PROP_GRADUATION_YEAR:
      g_value_set_int (value, self->graduation_year);
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

  properties[PROP_CERTIFICATE_NUMBER] =
    g_param_spec_string ("certificate-number", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_GRADUATION_YEAR] =
    g_param_spec_int ("graduation-year", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_degree_record_init (XuexinDegreeRecord *self)
{
}
