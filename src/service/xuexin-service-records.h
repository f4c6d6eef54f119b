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

typedef struct {
  const char *name;
  const char *first17;        /* the ID number without its check digit */
  const char *school;
  int         enrollment_year;
  const char *level;
  const char *student_number;
  const char *phone;          /* of the active demo account */
} XsDemoClassmate;

/* Consecutive entries (0 and 1, 2 and 3, …) are classmates. */
const XsDemoClassmate *xs_records_demo_classmates (guint *n_classmates);
char          *xs_records_demo_id_number    (const XsDemoClassmate *classmate);

void           xs_handle_me_records         (XsRequest     *req);

G_END_DECLS
