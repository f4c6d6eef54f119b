/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Writes JSON objects straight into a buffer, for the replies on the hot
 * paths; elsewhere JsonBuilder is fine. */
typedef struct {
  GString  *buffer;
  guint     depth;
  guint32   has_members;   /* bit n: the object at depth n has a member */
  gboolean  after_name;
} XsJsonWriter;

#define XS_TIME_TEXT_SIZE 21   /* "2025-03-01T08:00:00Z" */

void           xs_json_writer_init          (XsJsonWriter  *writer);
/* Returns the text (g_free()); the writer is empty afterwards. */
char          *xs_json_writer_finish        (XsJsonWriter  *writer);
void           xs_json_writer_clear         (XsJsonWriter  *writer);
void           xs_json_begin_object         (XsJsonWriter  *writer);
void           xs_json_end_object           (XsJsonWriter  *writer);
void           xs_json_member               (XsJsonWriter  *writer,
                                             const char    *name);
/* NULL writes null. */
void           xs_json_string               (XsJsonWriter  *writer,
                                             const char    *value);
void           xs_json_int                  (XsJsonWriter  *writer,
                                             gint64         value);
void           xs_json_boolean              (XsJsonWriter  *writer,
                                             gboolean       value);
void           xs_json_null                 (XsJsonWriter  *writer);
/* The API's time format; null for @usec <= 0. */
void           xs_json_time                 (XsJsonWriter  *writer,
                                             gint64         usec);
gboolean       xs_format_time_to_buffer     (gint64         usec,
                                             char           text[XS_TIME_TEXT_SIZE]);
char          *xs_format_time               (gint64         usec);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (XsJsonWriter, xs_json_writer_clear)

/* Members of the open object of a JsonBuilder; NULL (or @usec <= 0)
 * adds null. */
void           xs_builder_add_string        (JsonBuilder   *builder,
                                             const char    *name,
                                             const char    *value);
void           xs_builder_add_int           (JsonBuilder   *builder,
                                             const char    *name,
                                             gint64         value);
void           xs_builder_add_boolean       (JsonBuilder   *builder,
                                             const char    *name,
                                             gboolean       value);
void           xs_builder_add_time          (JsonBuilder   *builder,
                                             const char    *name,
                                             gint64         usec);

G_END_DECLS
