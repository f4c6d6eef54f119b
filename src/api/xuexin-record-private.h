/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-record.h"

G_BEGIN_DECLS

/* Reads the members every record has ("name", "school", "level") and the
 * year in @year_member, which must fit an int; FALSE with a protocol
 * error when one is missing or wrong. */
gboolean xuexin_record_load_from_json (XuexinRecord  *self,
                                       JsonObject    *object,
                                       const char    *year_member,
                                       int           *year,
                                       GError       **error);

G_END_DECLS
