/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * XuexinEducationLevel:
 *
 * The level (层次) of a programme of study in higher education. New
 * values may only be added at the end.
 */
typedef enum {
  XUEXIN_EDUCATION_LEVEL_UNKNOWN,
  XUEXIN_EDUCATION_LEVEL_ZHUANKE,         /* 专科 */
  XUEXIN_EDUCATION_LEVEL_BENKE,           /* 本科 */
  XUEXIN_EDUCATION_LEVEL_ZHUANSHENGBEN,   /* 专科起点本科 */
  XUEXIN_EDUCATION_LEVEL_SECOND_BACHELOR, /* 第二学士学位 */
  XUEXIN_EDUCATION_LEVEL_MASTER,          /* 硕士研究生 */
  XUEXIN_EDUCATION_LEVEL_DOCTOR,          /* 博士研究生 */
} XuexinEducationLevel;

/* Keep in step with the last value above. */
#define XUEXIN_EDUCATION_LEVEL_LAST XUEXIN_EDUCATION_LEVEL_DOCTOR

const char           *xuexin_education_level_to_string   (XuexinEducationLevel  level);
XuexinEducationLevel  xuexin_education_level_from_string (const char           *string);
const char           *xuexin_education_level_get_label   (XuexinEducationLevel  level);

G_END_DECLS
