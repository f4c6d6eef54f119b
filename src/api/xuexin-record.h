/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "xuexin-education-level.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_RECORD (xuexin_record_get_type ())

G_DECLARE_DERIVABLE_TYPE (XuexinRecord, xuexin_record, XUEXIN, RECORD, GObject)

/**
 * XuexinRecordClass:
 *
 * The base of the records of `GET /me/records`: what an enrollment
 * (#XuexinEnrollmentRecord) and a degree (#XuexinDegreeRecord) both have.
 */
struct _XuexinRecordClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[4];
};

const char           *xuexin_record_get_name            (XuexinRecord *self);
const char           *xuexin_record_get_school          (XuexinRecord *self);
const char           *xuexin_record_get_level           (XuexinRecord *self);
XuexinEducationLevel  xuexin_record_get_education_level (XuexinRecord *self);

G_END_DECLS
