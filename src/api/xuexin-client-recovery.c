/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-private.h"

/* Recovery (docs/api.md: POST /account/find-username,
 * POST /account/reset-password). Their codes are sent by
 * xuexin-client-registration.c. */

static void
add_login_name (GPtrArray  *names,
                const char *name)
{
  if (name == NULL || *name == '\0')
    return;

  if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
    g_ptr_array_add (names, g_strdup (name));
}

static gpointer
parse_login_names (XuexinClient  *self,
                   JsonObject    *reply,
                   GError       **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *accounts = NULL;
  guint length;
  guint i;

  if (!xuexin_json_get_array (reply, "accounts", &accounts, error))
    return NULL;

  length = json_array_get_length (accounts);
  for (i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (accounts, i);
      JsonObject *login_names = NULL;
      const char *phone;
      const char *id_number;
      const char *email;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          xuexin_client_set_protocol_error (error, "“accounts” item %u is not an object", i);
          return NULL;
        }

      if (!xuexin_json_get_object (json_node_get_object (node), "login_names", &login_names, error)
          || !xuexin_json_get_nullable_string (login_names, "phone", &phone, error)
          || !xuexin_json_get_nullable_string (login_names, "id_number", &id_number, error)
          || !xuexin_json_get_nullable_string (login_names, "email", &email, error))
        return NULL;

      add_login_name (names, phone);
      add_login_name (names, id_number);
      add_login_name (names, email);
    }

  g_ptr_array_add (names, NULL);
  return g_ptr_array_steal (names, NULL);
}

static const XuexinReply login_names_reply = {
  .parse = parse_login_names,
  .free_result = (GDestroyNotify) g_strfreev,
};

/**
 * xuexin_client_find_username_async:
 * @name: the name as on the ID
 * @id_type: (nullable): "resident_id" (default) or "other"
 * @id_number: the ID number
 * @sms_code: the code of purpose "find_username"
 *
 * Lists the login names of the accounts of the phone that received
 * @sms_code. The code is used up. Refusals: `invalid_*`, `not_found`,
 * `sms_code_invalid`, `sms_code_expired`.
 */
void
xuexin_client_find_username_async (XuexinClient        *self,
                                   const char          *name,
                                   const char          *id_type,
                                   const char          *id_number,
                                   const char          *sms_code,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (id_number != NULL);
  g_return_if_fail (sms_code != NULL);

  body = xuexin_json_object_new_strings ("name", name,
                                         "id_type", id_type,
                                         "id_number", id_number,
                                         "sms_code", sms_code,
                                         NULL);

  xuexin_client_request_async (self, xuexin_client_find_username_async, &login_names_reply,
                               "POST", "/account/find-username", body, cancellable, callback, user_data);
}

/**
 * xuexin_client_find_username_finish:
 *
 * Returns: (transfer full): the login names, without duplicates: for each
 *   account found, its phone (in full), its ID number and its email (both
 *   masked, the email only if one is bound)
 */
GStrv
xuexin_client_find_username_finish (XuexinClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_find_username_async, error);
}

/**
 * xuexin_client_reset_password_async:
 * @login_name: the phone, email or ID number
 * @name: the name as on the ID
 * @id_number: the ID number
 * @sms_code: the code of purpose "reset_password"
 * @password: the new password
 * @password_confirmation: the new password typed again
 *
 * Sets a new password; every session of the account ends. Refusals:
 * `not_found`, `invalid_*`, `weak_password`, `sms_code_invalid`,
 * `sms_code_expired`.
 */
void
xuexin_client_reset_password_async (XuexinClient        *self,
                                    const char          *login_name,
                                    const char          *name,
                                    const char          *id_number,
                                    const char          *sms_code,
                                    const char          *password,
                                    const char          *password_confirmation,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (login_name != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (id_number != NULL);
  g_return_if_fail (sms_code != NULL);
  g_return_if_fail (password != NULL);

  body = xuexin_json_object_new_strings ("login_name", login_name,
                                         "name", name,
                                         "id_number", id_number,
                                         "sms_code", sms_code,
                                         "password", password,
                                         "password_confirmation", password_confirmation,
                                         NULL);

  xuexin_client_request_async (self, xuexin_client_reset_password_async, &xuexin_reply_nothing,
                               "POST", "/account/reset-password", body, cancellable, callback, user_data);
}

gboolean
xuexin_client_reset_password_finish (XuexinClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_reset_password_async, error) != NULL;
}

