/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include <gio/gio.h>

#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"

/* The member's node, or NULL when it is missing or JSON null. */
static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

static gboolean
node_holds (JsonNode *node,
            GType     value_type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

gboolean
xuexin_json_get_string (JsonObject  *object,
                        const char  *member,
                        const char **out,
                        GError     **error)
{
  JsonNode *node = get_member (object, member);

  *out = NULL;
  if (node == NULL || !node_holds (node, G_TYPE_STRING))
    {
      xuexin_client_set_protocol_error (error, "“%s” is not a string", member);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
xuexin_json_get_nullable_string (JsonObject  *object,
                                 const char  *member,
                                 const char **out,
                                 GError     **error)
{
  JsonNode *node = get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!node_holds (node, G_TYPE_STRING))
    {
      xuexin_client_set_protocol_error (error, "“%s” is neither a string nor null", member);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
xuexin_json_get_int (JsonObject  *object,
                     const char  *member,
                     gint64      *out,
                     GError     **error)
{
  JsonNode *node = get_member (object, member);

  *out = 0;
  if (node == NULL || !node_holds (node, G_TYPE_INT64))
    {
      xuexin_client_set_protocol_error (error, "“%s” is not an integer", member);
      return FALSE;
    }

  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
xuexin_json_get_optional_int (JsonObject  *object,
                              const char  *member,
                              gint64       fallback,
                              gint64      *out,
                              GError     **error)
{
  if (get_member (object, member) == NULL)
    {
      *out = fallback;
      return TRUE;
    }

  return xuexin_json_get_int (object, member, out, error);
}

gboolean
xuexin_json_get_boolean (JsonObject  *object,
                         const char  *member,
                         gboolean     required,
                         gboolean     default_value,
                         gboolean    *out,
                         GError     **error)
{
  JsonNode *node = get_member (object, member);

  *out = default_value;
  if (node == NULL && !required)
    return TRUE;

  if (node == NULL || !node_holds (node, G_TYPE_BOOLEAN))
    {
      xuexin_client_set_protocol_error (error, "“%s” is not a boolean", member);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
xuexin_json_get_time (JsonObject  *object,
                      const char  *member,
                      GDateTime  **out,
                      GError     **error)
{
  const char *text = NULL;
  GDateTime *time;

  *out = NULL;
  if (!xuexin_json_get_nullable_string (object, member, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  /* The API always says "Z"; a time without a zone would be ambiguous. */
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    {
      xuexin_client_set_protocol_error (error, "“%s” is not an ISO 8601 time with a zone", member);
      return FALSE;
    }

  *out = time;
  return TRUE;
}

gboolean
xuexin_json_get_required_time (JsonObject  *object,
                               const char  *member,
                               GDateTime  **out,
                               GError     **error)
{
  if (!xuexin_json_get_time (object, member, out, error))
    return FALSE;

  if (*out == NULL)
    {
      xuexin_client_set_protocol_error (error, "“%s” is missing", member);
      return FALSE;
    }

  return TRUE;
}

/* The member's node when it is of @type, else a protocol error. */
static JsonNode *
get_member_of_type (JsonObject    *object,
                    const char    *member,
                    JsonNodeType   type,
                    GError       **error)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL || json_node_get_node_type (node) != type)
    {
      xuexin_client_set_protocol_error (error, "“%s” is not an %s", member,
                                        type == JSON_NODE_OBJECT ? "object" : "array");
      return NULL;
    }

  return node;
}

gboolean
xuexin_json_get_object (JsonObject  *object,
                        const char  *member,
                        JsonObject **out,
                        GError     **error)
{
  JsonNode *node = get_member_of_type (object, member, JSON_NODE_OBJECT, error);

  *out = node != NULL ? json_node_get_object (node) : NULL;
  return node != NULL;
}

gboolean
xuexin_json_get_array (JsonObject  *object,
                       const char  *member,
                       JsonArray  **out,
                       GError     **error)
{
  JsonNode *node = get_member_of_type (object, member, JSON_NODE_ARRAY, error);

  *out = node != NULL ? json_node_get_array (node) : NULL;
  return node != NULL;
}

GListModel *
xuexin_json_get_list (JsonObject            *object,
                      const char            *member,
                      GType                  item_type,
                      XuexinJsonObjectFunc   func,
                      GError               **error)
{
  g_autoptr(GListStore) store = NULL;
  JsonArray *array = NULL;
  guint length;
  guint i;

  if (!xuexin_json_get_array (object, member, &array, error))
    return NULL;

  store = g_list_store_new (item_type);
  length = json_array_get_length (array);
  for (i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GObject) item = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          xuexin_client_set_protocol_error (error, "“%s” item %u is not an object", member, i);
          return NULL;
        }

      item = func (json_node_get_object (node), error);
      if (item == NULL)
        return NULL;

      g_list_store_append (store, item);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

GListModel *
xuexin_json_get_optional_list (JsonObject            *object,
                               const char            *member,
                               GType                  item_type,
                               XuexinJsonObjectFunc   func,
                               GError               **error)
{
  if (get_member (object, member) == NULL)
    return G_LIST_MODEL (g_list_store_new (item_type));

  return xuexin_json_get_list (object, member, item_type, func, error);
}

gboolean
xuexin_json_get_strv (JsonObject  *object,
                      const char  *member,
                      gboolean     optional,
                      GStrv       *out,
                      GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = NULL;
  guint length;

  *out = NULL;
  if (optional && get_member (object, member) == NULL)
    {
      *out = g_strv_builder_end (builder);
      return TRUE;
    }

  if (!xuexin_json_get_array (object, member, &array, error))
    return FALSE;

  length = json_array_get_length (array);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!node_holds (node, G_TYPE_STRING))
        {
          xuexin_client_set_protocol_error (error, "“%s” item %u is not a string", member, i);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

JsonObject *
xuexin_json_object_new_strings (const char *first_member,
                                ...)
{
  JsonObject *object = json_object_new ();
  const char *member;
  va_list args;

  va_start (args, first_member);
  for (member = first_member; member != NULL; member = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        json_object_set_string_member (object, member, value);
    }
  va_end (args);

  return object;
}
