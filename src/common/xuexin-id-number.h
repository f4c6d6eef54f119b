/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * XuexinIdNumberResult:
 *
 * Outcome of checking an 18-character resident identity card number
 * (居民身份证号码, GB 11643-1999). The checks run in the order of the
 * values below and the first failing one is reported.
 */
typedef enum {
  XUEXIN_ID_NUMBER_OK,
  XUEXIN_ID_NUMBER_EMPTY,
  XUEXIN_ID_NUMBER_BAD_LENGTH,
  XUEXIN_ID_NUMBER_BAD_CHARACTERS,
  XUEXIN_ID_NUMBER_BAD_REGION,
  XUEXIN_ID_NUMBER_BAD_BIRTH_DATE,
  XUEXIN_ID_NUMBER_FUTURE_BIRTH_DATE,
  XUEXIN_ID_NUMBER_BAD_CHECK_DIGIT,
} XuexinIdNumberResult;

XuexinIdNumberResult xuexin_id_number_validate            (const char           *text,
                                                           GDateTime            *today,
                                                           char                **normalized);
char                 xuexin_id_number_compute_check_digit (const char           *first17);
const char          *xuexin_id_number_result_to_message   (XuexinIdNumberResult  result);
char                *xuexin_id_number_mask                (const char           *id);
gboolean             xuexin_id_number_get_birth_date      (const char           *valid_id,
                                                           GDate                *out);

G_END_DECLS
