/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-affected-entry.h"
#include "xuexin-assistance-request.h"
#include "xuexin-client-error-private.h"
#include "xuexin-identity-state.h"
#include "xuexin-json-private.h"
#include "xuexin-other-account.h"

/**
 * XuexinIdentityState:
 *
 * GET /me/identity: where an account stands in identity verification
 * (FAQ 5), the paths it can take, what it has started, and what the
 * success transaction will do (the other accounts it cancels, the
 * platform entries that follow the account which stays).
 */
struct _XuexinIdentityState
{
  GObject           parent_instance;

  char             *state;
  GDateTime        *verified_at;
  char             *verified_path;
  GListModel       *paths;
  XuexinReviewCase *review_case;
  GListModel       *assistance_requests;
  GListModel       *other_accounts;
  GListModel       *affected_entries;
};

G_DEFINE_FINAL_TYPE (XuexinIdentityState, xuexin_identity_state, G_TYPE_OBJECT)

/* A list that may be missing or null (an empty one then). */
static GListModel *
get_optional_list (JsonObject           *object,
                   const char           *member,
                   GType                 item_type,
                   XuexinJsonObjectFunc  func,
                   GError              **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return G_LIST_MODEL (g_list_store_new (item_type));

  return xuexin_json_get_list (object, member, item_type, func, error);
}

static gboolean
parse_review_case (XuexinIdentityState  *self,
                   JsonObject           *object,
                   GError              **error)
{
  JsonNode *node = json_object_get_member (object, "review_case");
  JsonObject *review_case;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!xuexin_json_get_object (object, "review_case", &review_case, error))
    return FALSE;

  self->review_case = xuexin_review_case_new_from_json (review_case, error);
  return self->review_case != NULL;
}

static gboolean
parse_on_success (XuexinIdentityState  *self,
                  JsonObject           *object,
                  GError              **error)
{
  JsonNode *node = json_object_get_member (object, "on_success");
  JsonObject *on_success = NULL;

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node)
      && !xuexin_json_get_object (object, "on_success", &on_success, error))
    return FALSE;

  self->other_accounts = get_optional_list (on_success, "other_accounts",
                                            XUEXIN_TYPE_OTHER_ACCOUNT,
                                            (XuexinJsonObjectFunc) xuexin_other_account_new_from_json,
                                            error);
  if (self->other_accounts == NULL)
    return FALSE;

  self->affected_entries = get_optional_list (on_success, "affected_platforms",
                                              XUEXIN_TYPE_AFFECTED_ENTRY,
                                              (XuexinJsonObjectFunc) xuexin_affected_entry_new_from_json,
                                              error);
  return self->affected_entries != NULL;
}

/**
 * xuexin_identity_state_new_from_json:
 * @object: the whole answer of GET /me/identity
 *
 * Returns: (transfer full): the state, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinIdentityState *
xuexin_identity_state_new_from_json (JsonObject  *object,
                                     GError     **error)
{
  g_autoptr(XuexinIdentityState) self = NULL;
  const char *state;
  const char *verified_path;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_IDENTITY_STATE, NULL);

  if (!xuexin_json_get_string (object, "state", &state, error)
      || !xuexin_json_get_time (object, "verified_at", &self->verified_at, error)
      || !xuexin_json_get_nullable_string (object, "verified_path", &verified_path, error)
      || !parse_review_case (self, object, error))
    return NULL;

  if (*state == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty account state");
      return NULL;
    }

  self->paths = xuexin_json_get_list (object, "paths", XUEXIN_TYPE_IDENTITY_PATH,
                                      (XuexinJsonObjectFunc) xuexin_identity_path_new_from_json,
                                      error);
  if (self->paths == NULL)
    return NULL;

  self->assistance_requests = get_optional_list (object, "assistance_requests",
                                                 XUEXIN_TYPE_ASSISTANCE_REQUEST,
                                                 (XuexinJsonObjectFunc) xuexin_assistance_request_new_from_json,
                                                 error);
  if (self->assistance_requests == NULL
      || !parse_on_success (self, object, error))
    return NULL;

  self->state = g_strdup (state);
  self->verified_path = g_strdup (verified_path);

  return g_steal_pointer (&self);
}

const char *
xuexin_identity_state_get_state (XuexinIdentityState *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_STATE (self), NULL);

  return self->state;
}

gboolean
xuexin_identity_state_is_pending (XuexinIdentityState *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_STATE (self), FALSE);

  return g_strcmp0 (self->state, "pending_identity") == 0;
}

GDateTime *
xuexin_identity_state_get_verified_at (XuexinIdentityState *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_STATE (self), NULL);

  return self->verified_at;
}

const char *
xuexin_identity_state_get_verified_path (XuexinIdentityState *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_STATE (self), NULL);

  return self->verified_path;
}

/**
 * xuexin_identity_state_get_paths:
 *
 * Returns: (transfer none): a GListModel of #XuexinIdentityPath
 */
GListModel *
xuexin_identity_state_get_paths (XuexinIdentityState *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_STATE (self), NULL);

  return self->paths;
}

/**
 * xuexin_identity_state_get_path:
 * @path: a XUEXIN_IDENTITY_PATH_… id
 *
 * Returns: (nullable) (transfer none): the entry of @path
 */
XuexinIdentityPath *
xuexin_identity_state_get_path (XuexinIdentityState *self,
                                const char          *path)
{
  guint n;

  g_return_val_if_fail (XUEXIN_IS_IDENTITY_STATE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  n = g_list_model_get_n_items (self->paths);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XuexinIdentityPath) entry = g_list_model_get_item (self->paths, i);

      if (g_strcmp0 (xuexin_identity_path_get_path (entry), path) == 0)
        return entry; /* the list keeps its reference */
    }

  return NULL;
}

XuexinReviewCase *
xuexin_identity_state_get_review_case (XuexinIdentityState *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_STATE (self), NULL);

  return self->review_case;
}

/**
 * xuexin_identity_state_get_assistance_requests:
 *
 * Returns: (transfer none): a GListModel of #XuexinAssistanceRequest
 */
GListModel *
xuexin_identity_state_get_assistance_requests (XuexinIdentityState *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_STATE (self), NULL);

  return self->assistance_requests;
}

/**
 * xuexin_identity_state_get_other_accounts:
 *
 * Returns: (transfer none): a GListModel of #XuexinOtherAccount
 */
GListModel *
xuexin_identity_state_get_other_accounts (XuexinIdentityState *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_STATE (self), NULL);

  return self->other_accounts;
}

/**
 * xuexin_identity_state_get_affected_entries:
 *
 * Returns: (transfer none): a GListModel of #XuexinAffectedEntry
 */
GListModel *
xuexin_identity_state_get_affected_entries (XuexinIdentityState *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_STATE (self), NULL);

  return self->affected_entries;
}

static gboolean
has_open_request (XuexinIdentityState *self)
{
  guint n = g_list_model_get_n_items (self->assistance_requests);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XuexinAssistanceRequest) request =
        g_list_model_get_item (self->assistance_requests, i);

      if (xuexin_assistance_request_is_open (request))
        return TRUE;
    }

  return FALSE;
}

/**
 * xuexin_identity_state_get_path_in_progress:
 *
 * The path the user has started and can go back to: "app" with an open
 * ticket, "help_desk" with a case that is neither approved nor closed,
 * "classmate" with an open request; the first of these in that order.
 * Read at each call: a request's openness depends on the clock.
 *
 * Returns: (nullable): a XUEXIN_IDENTITY_PATH_… id, or %NULL
 */
const char *
xuexin_identity_state_get_path_in_progress (XuexinIdentityState *self)
{
  XuexinIdentityPath *app;

  g_return_val_if_fail (XUEXIN_IS_IDENTITY_STATE (self), NULL);

  app = xuexin_identity_state_get_path (self, XUEXIN_IDENTITY_PATH_APP);
  if (app != NULL && xuexin_identity_path_get_open_ticket (app) != NULL)
    return XUEXIN_IDENTITY_PATH_APP;

  if (self->review_case != NULL)
    {
      const char *state = xuexin_review_case_get_state (self->review_case);

      if (g_strcmp0 (state, XUEXIN_REVIEW_CASE_STATE_APPROVED) != 0
          && g_strcmp0 (state, XUEXIN_REVIEW_CASE_STATE_CLOSED) != 0)
        return XUEXIN_IDENTITY_PATH_HELP_DESK;
    }

  if (has_open_request (self))
    return XUEXIN_IDENTITY_PATH_CLASSMATE;

  return NULL;
}

static void
xuexin_identity_state_finalize (GObject *object)
{
  XuexinIdentityState *self = XUEXIN_IDENTITY_STATE (object);

  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->verified_at, g_date_time_unref);
  g_clear_pointer (&self->verified_path, g_free);
  g_clear_object (&self->paths);
  g_clear_object (&self->review_case);
  g_clear_object (&self->assistance_requests);
  g_clear_object (&self->other_accounts);
  g_clear_object (&self->affected_entries);

  G_OBJECT_CLASS (xuexin_identity_state_parent_class)->finalize (object);
}

static void
xuexin_identity_state_class_init (XuexinIdentityStateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_identity_state_finalize;
}

static void
xuexin_identity_state_init (XuexinIdentityState *self)
{
}
