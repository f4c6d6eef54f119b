/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Checked accessors for the members of API answers. Each returns FALSE
 * with a XUEXIN_CLIENT_ERROR_PROTOCOL error when the member is missing
 * (where required) or has the wrong JSON type; they never emit criticals,
 * whatever the server sends. Strings and objects are borrowed from
 * @object; times are returned in full.
 */

/* A string that must be present and not null. */
gboolean xuexin_json_get_string          (JsonObject   *object,
                                          const char   *member,
                                          const char  **out,
                                          GError      **error);
/* A string that may be missing or null (then *out is NULL). */
gboolean xuexin_json_get_nullable_string (JsonObject   *object,
                                          const char   *member,
                                          const char  **out,
                                          GError      **error);
/* An integer that must be present. */
gboolean xuexin_json_get_int             (JsonObject   *object,
                                          const char   *member,
                                          gint64       *out,
                                          GError      **error);
/* An integer that may be missing or null (then *out is @fallback). */
gboolean xuexin_json_get_optional_int    (JsonObject   *object,
                                          const char   *member,
                                          gint64        fallback,
                                          gint64       *out,
                                          GError      **error);
/* A boolean; when missing or null, *out is @default_value. */
gboolean xuexin_json_get_boolean         (JsonObject   *object,
                                          const char   *member,
                                          gboolean      required,
                                          gboolean      default_value,
                                          gboolean     *out,
                                          GError      **error);
/* An ISO 8601 time string, or missing/null (then *out is NULL). */
gboolean xuexin_json_get_time            (JsonObject   *object,
                                          const char   *member,
                                          GDateTime   **out,
                                          GError      **error);
/* The same, but present and not null. */
gboolean xuexin_json_get_required_time   (JsonObject   *object,
                                          const char   *member,
                                          GDateTime   **out,
                                          GError      **error);
gboolean xuexin_json_get_object          (JsonObject   *object,
                                          const char   *member,
                                          JsonObject  **out,
                                          GError      **error);
gboolean xuexin_json_get_array           (JsonObject   *object,
                                          const char   *member,
                                          JsonArray   **out,
                                          GError      **error);

/* An array of strings; when @optional, a missing or null member is an
 * empty list. *out is a new NULL-terminated array. */
gboolean xuexin_json_get_strv            (JsonObject   *object,
                                          const char   *member,
                                          gboolean      optional,
                                          GStrv        *out,
                                          GError      **error);

typedef gpointer (*XuexinJsonObjectFunc) (JsonObject  *object,
                                          GError     **error);

/* A list of objects, each made by @func, as a GListStore of @item_type. */
GListModel *xuexin_json_get_list         (JsonObject           *object,
                                          const char           *member,
                                          GType                 item_type,
                                          XuexinJsonObjectFunc  func,
                                          GError              **error);
/* The same, or an empty list when the member is missing or null. */
GListModel *xuexin_json_get_optional_list (JsonObject           *object,
                                           const char           *member,
                                           GType                 item_type,
                                           XuexinJsonObjectFunc  func,
                                           GError              **error);

/* A request body from pairs of member name and string value, ended by a
 * NULL name. Members whose value is NULL are left out: the API reads
 * absent as null. */
JsonObject *xuexin_json_object_new_strings (const char *first_member,
                                            ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
