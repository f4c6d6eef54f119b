/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "xuexin-education-level.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_ENROLLMENT_RECORD (xuexin_enrollment_record_get_type ())

G_DECLARE_FINAL_TYPE (XuexinEnrollmentRecord, xuexin_enrollment_record, XUEXIN, ENROLLMENT_RECORD, GObject)

XuexinEnrollmentRecord *xuexin_enrollment_record_new_from_json        (JsonObject              *object,
                                                                       GError                 **error);
const char             *xuexin_enrollment_record_get_name             (XuexinEnrollmentRecord  *self);
const char             *xuexin_enrollment_record_get_school           (XuexinEnrollmentRecord  *self);
const char             *xuexin_enrollment_record_get_student_number   (XuexinEnrollmentRecord  *self);
int                     xuexin_enrollment_record_get_enrollment_year  (XuexinEnrollmentRecord  *self);
const char             *xuexin_enrollment_record_get_level            (XuexinEnrollmentRecord  *self);
XuexinEducationLevel    xuexin_enrollment_record_get_education_level  (XuexinEnrollmentRecord  *self);
const char             *xuexin_enrollment_record_get_status           (XuexinEnrollmentRecord  *self);

G_END_DECLS
