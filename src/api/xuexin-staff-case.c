/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-case-photo-private.h"
#include "xuexin-case-submission.h"
#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"
#include "xuexin-staff-case.h"

/**
 * XuexinStaffCase:
 *
 * A review case as the help desk sees it (GET /review/cases/{id}): the
 * applicant's account (masked ID number), the registry's names for the
 * ID number, the photos of the submission under review, the earlier
 * submissions and their decisions, and who holds the claim.
 */
struct _XuexinStaffCase
{
  GObject          parent_instance;

  gint64           id;
  char            *state;
  guint            submission_count;
  GDateTime       *submitted_at;
  XuexinCaseClaim *claim;
  guint            other_accounts;

  gint64           account_id;
  char            *account_name;
  char            *id_type;
  char            *id_number_masked;
  GDateTime       *registered_at;
  char            *account_state;

  GStrv            registry_names;
  GListModel      *photos;
  GListModel      *submissions;
};

G_DEFINE_FINAL_TYPE (XuexinStaffCase, xuexin_staff_case, G_TYPE_OBJECT)

static gboolean
parse_account (XuexinStaffCase  *self,
               JsonObject       *object,
               GError          **error)
{
  JsonObject *account;
  const char *name;
  const char *id_type;
  const char *id_number_masked;
  const char *state;

  if (!xuexin_json_get_object (object, "account", &account, error)
      || !xuexin_json_get_int (account, "id", &self->account_id, error)
      || !xuexin_json_get_string (account, "name", &name, error)
      || !xuexin_json_get_string (account, "id_type", &id_type, error)
      || !xuexin_json_get_string (account, "id_number_masked", &id_number_masked, error)
      || !xuexin_json_get_time (account, "registered_at", &self->registered_at, error)
      || !xuexin_json_get_string (account, "state", &state, error))
    return FALSE;

  self->account_name = g_strdup (name);
  self->id_type = g_strdup (id_type);
  self->id_number_masked = g_strdup (id_number_masked);
  self->account_state = g_strdup (state);

  return TRUE;
}

static gboolean
parse_claim (XuexinStaffCase  *self,
             JsonObject       *object,
             GError          **error)
{
  JsonNode *node = json_object_get_member (object, "claim");
  JsonObject *claim;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!xuexin_json_get_object (object, "claim", &claim, error))
    return FALSE;

  self->claim = xuexin_case_claim_new_from_json (claim, error);
  return self->claim != NULL;
}

/* "submissions" is the list, "submission_count" the number of times
 * the case was submitted (the list holds as many). */
static gboolean
parse_submissions (XuexinStaffCase  *self,
                   JsonObject       *object,
                   GError          **error)
{
  gint64 count = 0;

  self->submissions = xuexin_json_get_optional_list (object, "submissions", XUEXIN_TYPE_CASE_SUBMISSION,
                                                     (XuexinJsonObjectFunc) xuexin_case_submission_new_from_json,
                                                     error);
  if (self->submissions == NULL)
    return FALSE;
  if (json_object_has_member (object, "submission_count")
      && !xuexin_json_get_int (object, "submission_count", &count, error))
    return FALSE;

  count = MAX (count, (gint64) g_list_model_get_n_items (self->submissions));
  self->submission_count = (guint) CLAMP (count, 0, G_MAXINT);

  return TRUE;
}

/**
 * xuexin_staff_case_new_from_json:
 * @object: the value of "case"
 *
 * Returns: (transfer full): the case, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinStaffCase *
xuexin_staff_case_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(XuexinStaffCase) self = NULL;
  const char *state;
  gint64 other_accounts;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_STAFF_CASE, NULL);

  if (!xuexin_json_get_int (object, "id", &self->id, error)
      || !xuexin_json_get_string (object, "state", &state, error)
      || !xuexin_json_get_time (object, "submitted_at", &self->submitted_at, error)
      || !xuexin_json_get_optional_int (object, "other_accounts", 0, &other_accounts, error)
      || !parse_account (self, object, error)
      || !parse_claim (self, object, error)
      || !xuexin_json_get_strv (object, "registry_names", TRUE, &self->registry_names, error))
    return NULL;

  if (*state == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty case state");
      return NULL;
    }

  if (!parse_submissions (self, object, error))
    return NULL;

  self->photos = xuexin_json_get_optional_list (object, "photos", XUEXIN_TYPE_CASE_PHOTO,
                                                (XuexinJsonObjectFunc) xuexin_case_photo_new_from_json,
                                                error);
  if (self->photos == NULL)
    return NULL;

  self->state = g_strdup (state);
  self->other_accounts = (guint) CLAMP (other_accounts, 0, G_MAXINT);

  return g_steal_pointer (&self);
}

gint64
xuexin_staff_case_get_id (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), 0);

  return self->id;
}

/* "submitted", "in_review", "approved", "rejected" or "closed". */
const char *
xuexin_staff_case_get_state (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), NULL);

  return self->state;
}

guint
xuexin_staff_case_get_submission_count (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), 0);

  return self->submission_count;
}

GDateTime *
xuexin_staff_case_get_submitted_at (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), NULL);

  return self->submitted_at;
}

/**
 * xuexin_staff_case_get_claim:
 *
 * Returns: (nullable) (transfer none): the live claim, whoever holds it
 */
XuexinCaseClaim *
xuexin_staff_case_get_claim (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), NULL);

  return self->claim;
}

/* The service lists only a live claim, so "live" is its word, not this
 * computer's clock. */
gboolean
xuexin_staff_case_is_claimed_by_me (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), FALSE);

  return self->claim != NULL && xuexin_case_claim_is_mine (self->claim);
}

/* How many other live accounts of the ID number an approval would
 * cancel now. */
guint
xuexin_staff_case_get_other_accounts (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), 0);

  return self->other_accounts;
}

gint64
xuexin_staff_case_get_account_id (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), 0);

  return self->account_id;
}

const char *
xuexin_staff_case_get_account_name (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), NULL);

  return self->account_name;
}

const char *
xuexin_staff_case_get_id_type (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), NULL);

  return self->id_type;
}

const char *
xuexin_staff_case_get_id_number_masked (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), NULL);

  return self->id_number_masked;
}

/* (nullable) */
GDateTime *
xuexin_staff_case_get_registered_at (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), NULL);

  return self->registered_at;
}

const char *
xuexin_staff_case_get_account_state (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), NULL);

  return self->account_state;
}

/**
 * xuexin_staff_case_get_registry_names:
 *
 * Returns: (transfer none): the distinct names the registry has for the
 *   ID number; never %NULL, empty when it has none
 */
const char * const *
xuexin_staff_case_get_registry_names (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), NULL);

  return (const char * const *) self->registry_names;
}

/**
 * xuexin_staff_case_get_photos:
 *
 * Returns: (transfer none): a GListModel of #XuexinCasePhoto, those of
 *   the submission under review
 */
GListModel *
xuexin_staff_case_get_photos (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), NULL);

  return self->photos;
}

/**
 * xuexin_staff_case_get_photo:
 *
 * Returns: (nullable) (transfer none): the photo of @side, if listed
 */
XuexinCasePhoto *
xuexin_staff_case_get_photo (XuexinStaffCase *self,
                             const char      *side)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), NULL);
  g_return_val_if_fail (side != NULL, NULL);

  return xuexin_case_photo_list_find (self->photos, side);
}

/**
 * xuexin_staff_case_get_submissions:
 *
 * Returns: (transfer none): a GListModel of #XuexinCaseSubmission, the
 *   first submission first
 */
GListModel *
xuexin_staff_case_get_submissions (XuexinStaffCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_STAFF_CASE (self), NULL);

  return self->submissions;
}

static void
xuexin_staff_case_finalize (GObject *object)
{
  XuexinStaffCase *self = XUEXIN_STAFF_CASE (object);

  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->submitted_at, g_date_time_unref);
  g_clear_object (&self->claim);
  g_clear_pointer (&self->account_name, g_free);
  g_clear_pointer (&self->id_type, g_free);
  g_clear_pointer (&self->id_number_masked, g_free);
  g_clear_pointer (&self->registered_at, g_date_time_unref);
  g_clear_pointer (&self->account_state, g_free);
  g_clear_pointer (&self->registry_names, g_strfreev);
  g_clear_object (&self->photos);
  g_clear_object (&self->submissions);

  G_OBJECT_CLASS (xuexin_staff_case_parent_class)->finalize (object);
}

static void
xuexin_staff_case_class_init (XuexinStaffCaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_staff_case_finalize;
}

static void
xuexin_staff_case_init (XuexinStaffCase *self)
{
}
