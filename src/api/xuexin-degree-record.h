/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-record.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_DEGREE_RECORD (xuexin_degree_record_get_type ())

G_DECLARE_FINAL_TYPE (XuexinDegreeRecord, xuexin_degree_record, XUEXIN, DEGREE_RECORD, XuexinRecord)

XuexinDegreeRecord *xuexin_degree_record_new_from_json          (JsonObject          *object,
                                                                 GError             **error);
const char         *xuexin_degree_record_get_certificate_number (XuexinDegreeRecord  *self);
int                 xuexin_degree_record_get_graduation_year    (XuexinDegreeRecord  *self);

G_END_DECLS
