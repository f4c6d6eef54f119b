/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "xuexin-education-level.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_DEGREE_RECORD (xuexin_degree_record_get_type ())

G_DECLARE_FINAL_TYPE (XuexinDegreeRecord, xuexin_degree_record, XUEXIN, DEGREE_RECORD, GObject)

XuexinDegreeRecord   *xuexin_degree_record_new_from_json          (JsonObject          *object,
                                                                   GError             **error);
const char           *xuexin_degree_record_get_name               (XuexinDegreeRecord  *self);
const char           *xuexin_degree_record_get_school             (XuexinDegreeRecord  *self);
const char           *xuexin_degree_record_get_certificate_number (XuexinDegreeRecord  *self);
int                   xuexin_degree_record_get_graduation_year    (XuexinDegreeRecord  *self);
const char           *xuexin_degree_record_get_level              (XuexinDegreeRecord  *self);
XuexinEducationLevel  xuexin_degree_record_get_education_level    (XuexinDegreeRecord  *self);

G_END_DECLS
