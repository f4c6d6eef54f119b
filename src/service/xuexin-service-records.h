/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

gboolean       xs_records_import_csv        (XsDb          *db,
                                             const char    *path,
                                             guint         *out_enrollments,
                                             guint         *out_degrees,
                                             GError       **error);
gboolean       xs_records_seed_demo         (XsDb          *db,
                                             gint64         now,
                                             GError       **error);
char          *xs_records_demo_csv          (void);

void           xs_handle_me_records         (XsRequest     *req);

G_END_DECLS
