/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"
#include "xuexin-lookup-account.h"
#include "xuexin-review.h"
#include "xuexin-verification-event.h"

/**
 * XuexinLookupAccount:
 *
 * An account as the help desk looks it up (GET /review/accounts): masked
 * login names, its state and how it verified, its review case and its
 * verification history. Read-only.
 */
struct _XuexinLookupAccount
{
  GObject     parent_instance;

  gint64      id;
  char       *name;
  char       *phone_masked;
  char       *id_type;
  char       *id_number_masked;
  char       *state;
  char       *role;
  GDateTime  *created_at;
  char       *verified_path;
  GDateTime  *verified_at;
  GDateTime  *cancelled_at;
  gint64      review_case_id;
  char       *review_case_state;
  GListModel *history;
};

G_DEFINE_FINAL_TYPE (XuexinLookupAccount, xuexin_lookup_account, G_TYPE_OBJECT)

static gboolean
parse_review_case (XuexinLookupAccount  *self,
                   JsonObject           *object,
                   GError              **error)
{
  JsonNode *node = json_object_get_member (object, "review_case");
  JsonObject *review_case;
  const char *state;
  gint64 id;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!xuexin_json_get_object (object, "review_case", &review_case, error)
      || !xuexin_json_get_int (review_case, "id", &id, error)
      || !xuexin_json_get_string (review_case, "state", &state, error))
    return FALSE;

  if (id <= 0)
    {
      xuexin_client_set_protocol_error (error, "review case id %" G_GINT64_FORMAT, id);
      return FALSE;
    }

  self->review_case_id = id;
  self->review_case_state = g_strdup (state);

  return TRUE;
}

/**
 * xuexin_lookup_account_new_from_json:
 * @object: one entry of "accounts"
 *
 * Returns: (transfer full): the account, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinLookupAccount *
xuexin_lookup_account_new_from_json (JsonObject  *object,
                                     GError     **error)
{
  g_autoptr(XuexinLookupAccount) self = NULL;
  const char *name;
  const char *phone_masked;
  const char *id_type;
  const char *id_number_masked;
  const char *state;
  const char *role;
  const char *verified_path;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_LOOKUP_ACCOUNT, NULL);

  if (!xuexin_json_get_int (object, "id", &self->id, error)
      || !xuexin_json_get_string (object, "name", &name, error)
      || !xuexin_json_get_string (object, "phone_masked", &phone_masked, error)
      || !xuexin_json_get_string (object, "id_type", &id_type, error)
      || !xuexin_json_get_string (object, "id_number_masked", &id_number_masked, error)
      || !xuexin_json_get_string (object, "state", &state, error)
      || !xuexin_json_get_nullable_string (object, "role", &role, error)
      || !xuexin_json_get_required_time (object, "created_at", &self->created_at, error)
      || !xuexin_json_get_nullable_string (object, "verified_path", &verified_path, error)
      || !xuexin_json_get_time (object, "verified_at", &self->verified_at, error)
      || !xuexin_json_get_time (object, "cancelled_at", &self->cancelled_at, error)
      || !parse_review_case (self, object, error))
    return NULL;

  if (*state == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty account state");
      return NULL;
    }

  self->history = xuexin_json_get_optional_list (object, "history", XUEXIN_TYPE_VERIFICATION_EVENT,
                                                 (XuexinJsonObjectFunc) xuexin_verification_event_new_from_json,
                                                 error);
  if (self->history == NULL)
    return NULL;

  self->name = g_strdup (name);
  self->phone_masked = g_strdup (phone_masked);
  self->id_type = g_strdup (id_type);
  self->id_number_masked = g_strdup (id_number_masked);
  self->state = g_strdup (state);
  self->role = g_strdup (role != NULL && *role != '\0' ? role : XUEXIN_ROLE_USER);
  self->verified_path = g_strdup (verified_path);

  return g_steal_pointer (&self);
}

gint64
xuexin_lookup_account_get_id (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), 0);

  return self->id;
}

const char *
xuexin_lookup_account_get_name (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), NULL);

  return self->name;
}

const char *
xuexin_lookup_account_get_phone_masked (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), NULL);

  return self->phone_masked;
}

const char *
xuexin_lookup_account_get_id_type (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), NULL);

  return self->id_type;
}

const char *
xuexin_lookup_account_get_id_number_masked (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), NULL);

  return self->id_number_masked;
}

/* "active", "pending_identity" or "cancelled" (XUEXIN_ACCOUNT_STATE_…). */
const char *
xuexin_lookup_account_get_state (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), NULL);

  return self->state;
}

/* XUEXIN_ROLE_…; "user" when the service did not say. */
const char *
xuexin_lookup_account_get_role (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), NULL);

  return self->role;
}

GDateTime *
xuexin_lookup_account_get_created_at (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), NULL);

  return self->created_at;
}

const char *
xuexin_lookup_account_get_verified_path (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), NULL);

  return self->verified_path;
}

GDateTime *
xuexin_lookup_account_get_verified_at (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), NULL);

  return self->verified_at;
}

GDateTime *
xuexin_lookup_account_get_cancelled_at (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), NULL);

  return self->cancelled_at;
}

gint64
xuexin_lookup_account_get_review_case_id (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), 0);

  return self->review_case_id;
}

const char *
xuexin_lookup_account_get_review_case_state (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), NULL);

  return self->review_case_state;
}

/**
 * xuexin_lookup_account_get_history:
 *
 * Returns: (transfer none): a GListModel of #XuexinVerificationEvent,
 *   oldest first
 */
GListModel *
xuexin_lookup_account_get_history (XuexinLookupAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_LOOKUP_ACCOUNT (self), NULL);

  return self->history;
}

static void
xuexin_lookup_account_finalize (GObject *object)
{
  XuexinLookupAccount *self = XUEXIN_LOOKUP_ACCOUNT (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->phone_masked, g_free);
  g_clear_pointer (&self->id_type, g_free);
  g_clear_pointer (&self->id_number_masked, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->verified_path, g_free);
  g_clear_pointer (&self->verified_at, g_date_time_unref);
  g_clear_pointer (&self->cancelled_at, g_date_time_unref);
  g_clear_pointer (&self->review_case_state, g_free);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (xuexin_lookup_account_parent_class)->finalize (object);
}

static void
xuexin_lookup_account_class_init (XuexinLookupAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_lookup_account_finalize;
}

static void
xuexin_lookup_account_init (XuexinLookupAccount *self)
{
}
