/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-case-claim.h"
#include "xuexin-json-private.h"

/**
 * XuexinCaseClaim:
 *
 * A reviewer's claim on a review case: who holds it and until when. The
 * claim answer (POST …/claim) is always the caller's own; the case detail
 * names the holder and says whether it is the caller.
 */
struct _XuexinCaseClaim
{
  GObject    parent_instance;

  gint64     case_id;
  gint64     reviewer_id;
  char      *reviewer_name;
  gboolean   mine;
  GDateTime *expires_at;
  guint      expires_in;
};

G_DEFINE_FINAL_TYPE (XuexinCaseClaim, xuexin_case_claim, G_TYPE_OBJECT)

/**
 * xuexin_case_claim_new_from_json:
 * @object: a "claim" object
 *
 * Returns: (transfer full): the claim, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinCaseClaim *
xuexin_case_claim_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(XuexinCaseClaim) self = NULL;
  const char *reviewer_name;
  gint64 case_id;
  gint64 expires_in;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_CASE_CLAIM, NULL);

  if (!xuexin_json_get_optional_int (object, "case_id", 0, &case_id, error)
      || !xuexin_json_get_int (object, "reviewer_id", &self->reviewer_id, error)
      || !xuexin_json_get_nullable_string (object, "reviewer_name", &reviewer_name, error)
      /* The claim answer has no "mine": it is the caller's. */
      || !xuexin_json_get_boolean (object, "mine", FALSE, TRUE, &self->mine, error)
      || !xuexin_json_get_required_time (object, "expires_at", &self->expires_at, error)
      || !xuexin_json_get_optional_int (object, "expires_in", 0, &expires_in, error))
    return NULL;

  self->case_id = MAX (case_id, 0);
  self->reviewer_name = g_strdup (reviewer_name);
  /* A day at most: a bogus value must not stop the console renewing. */
  self->expires_in = (guint) CLAMP (expires_in, 0, 86400);

  return g_steal_pointer (&self);
}

gint64
xuexin_case_claim_get_case_id (XuexinCaseClaim *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_CLAIM (self), 0);

  return self->case_id;
}

gint64
xuexin_case_claim_get_reviewer_id (XuexinCaseClaim *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_CLAIM (self), 0);

  return self->reviewer_id;
}

/* (nullable): absent from the claim answer. */
const char *
xuexin_case_claim_get_reviewer_name (XuexinCaseClaim *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_CLAIM (self), NULL);

  return self->reviewer_name;
}

gboolean
xuexin_case_claim_is_mine (XuexinCaseClaim *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_CLAIM (self), FALSE);

  return self->mine;
}

/**
 * xuexin_case_claim_get_expires_at:
 *
 * Returns: (transfer none): when the claim lapses unless renewed (the
 *   service's clock)
 */
GDateTime *
xuexin_case_claim_get_expires_at (XuexinCaseClaim *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_CLAIM (self), NULL);

  return self->expires_at;
}

/* Seconds left when the service answered: a countdown from this does
 * not depend on this computer's clock being right. */
guint
xuexin_case_claim_get_expires_in (XuexinCaseClaim *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_CLAIM (self), 0);

  return self->expires_in;
}

static void
xuexin_case_claim_finalize (GObject *object)
{
  XuexinCaseClaim *self = XUEXIN_CASE_CLAIM (object);

  g_clear_pointer (&self->reviewer_name, g_free);
  g_clear_pointer (&self->expires_at, g_date_time_unref);

  G_OBJECT_CLASS (xuexin_case_claim_parent_class)->finalize (object);
}

static void
xuexin_case_claim_class_init (XuexinCaseClaimClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_case_claim_finalize;
}

static void
xuexin_case_claim_init (XuexinCaseClaim *self)
{
}
