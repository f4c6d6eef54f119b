/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-record.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_ENROLLMENT_RECORD (xuexin_enrollment_record_get_type ())

G_DECLARE_FINAL_TYPE (XuexinEnrollmentRecord, xuexin_enrollment_record, XUEXIN, ENROLLMENT_RECORD, XuexinRecord)

XuexinEnrollmentRecord *xuexin_enrollment_record_new_from_json        (JsonObject              *object,
                                                                       GError                 **error);
const char             *xuexin_enrollment_record_get_student_number   (XuexinEnrollmentRecord  *self);
int                     xuexin_enrollment_record_get_enrollment_year  (XuexinEnrollmentRecord  *self);
const char             *xuexin_enrollment_record_get_status           (XuexinEnrollmentRecord  *self);

G_END_DECLS
