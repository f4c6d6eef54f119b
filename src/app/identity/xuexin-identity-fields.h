/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-common.h"

G_BEGIN_DECLS

/* The fields paths 3 and 4 share (a level, a year), so that they offer
 * and check the same thing the same way. */

void        xuexin_level_row_setup      (AdwComboRow    *row,
                                         const char     *any_label);
const char *xuexin_level_row_get_level  (AdwComboRow    *row);
gboolean    xuexin_check_year_field     (const char     *text,
                                         XuexinYearKind  kind,
                                         guint          *out_year,
                                         char          **hint);

G_END_DECLS
