/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"
#include "xuexin-review-decision.h"

/**
 * XuexinReviewDecision:
 *
 * One decision of the caller (GET /review/decisions): the reviewer's own
 * history of the day, for the console.
 */
struct _XuexinReviewDecision
{
  GObject    parent_instance;

  gint64     case_id;
  char      *decision;
  char      *reason;
  char      *reason_text;
  char      *note;
  GDateTime *decided_at;
  guint      submission;
  char      *account_name;
  char      *id_number_masked;
};

G_DEFINE_FINAL_TYPE (XuexinReviewDecision, xuexin_review_decision, G_TYPE_OBJECT)

/**
 * xuexin_review_decision_new_from_json:
 * @object: one entry of "decisions"
 *
 * Returns: (transfer full): the decision, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinReviewDecision *
xuexin_review_decision_new_from_json (JsonObject  *object,
                                      GError     **error)
{
  g_autoptr(XuexinReviewDecision) self = NULL;
  const char *decision;
  const char *reason;
  const char *reason_text;
  const char *note;
  const char *account_name;
  const char *id_number_masked;
  gint64 submission;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_REVIEW_DECISION, NULL);

  if (!xuexin_json_get_int (object, "case_id", &self->case_id, error)
      || !xuexin_json_get_string (object, "decision", &decision, error)
      || !xuexin_json_get_nullable_string (object, "reason", &reason, error)
      || !xuexin_json_get_nullable_string (object, "reason_text", &reason_text, error)
      || !xuexin_json_get_nullable_string (object, "note", &note, error)
      || !xuexin_json_get_required_time (object, "decided_at", &self->decided_at, error)
      || !xuexin_json_get_optional_int (object, "submission", 0, &submission, error)
      || !xuexin_json_get_string (object, "account_name", &account_name, error)
      || !xuexin_json_get_string (object, "id_number_masked", &id_number_masked, error))
    return NULL;

  if (*decision == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty decision");
      return NULL;
    }

  self->decision = g_strdup (decision);
  self->reason = g_strdup (reason);
  self->reason_text = g_strdup (reason_text);
  self->note = g_strdup (note);
  self->submission = (guint) CLAMP (submission, 0, G_MAXINT);
  self->account_name = g_strdup (account_name);
  self->id_number_masked = g_strdup (id_number_masked);

  return g_steal_pointer (&self);
}

gint64
xuexin_review_decision_get_case_id (XuexinReviewDecision *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_DECISION (self), 0);

  return self->case_id;
}

const char *
xuexin_review_decision_get_decision (XuexinReviewDecision *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_DECISION (self), NULL);

  return self->decision;
}

const char *
xuexin_review_decision_get_reason (XuexinReviewDecision *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_DECISION (self), NULL);

  return self->reason;
}

const char *
xuexin_review_decision_get_reason_text (XuexinReviewDecision *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_DECISION (self), NULL);

  return self->reason_text;
}

const char *
xuexin_review_decision_get_note (XuexinReviewDecision *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_DECISION (self), NULL);

  return self->note;
}

GDateTime *
xuexin_review_decision_get_decided_at (XuexinReviewDecision *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_DECISION (self), NULL);

  return self->decided_at;
}

/* The number of the decided submission of the case. */
guint
xuexin_review_decision_get_submission (XuexinReviewDecision *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_DECISION (self), 0);

  return self->submission;
}

const char *
xuexin_review_decision_get_account_name (XuexinReviewDecision *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_DECISION (self), NULL);

  return self->account_name;
}

const char *
xuexin_review_decision_get_id_number_masked (XuexinReviewDecision *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_DECISION (self), NULL);

  return self->id_number_masked;
}

static void
xuexin_review_decision_finalize (GObject *object)
{
  XuexinReviewDecision *self = XUEXIN_REVIEW_DECISION (object);

  g_clear_pointer (&self->decision, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->reason_text, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->decided_at, g_date_time_unref);
  g_clear_pointer (&self->account_name, g_free);
  g_clear_pointer (&self->id_number_masked, g_free);

  G_OBJECT_CLASS (xuexin_review_decision_parent_class)->finalize (object);
}

static void
xuexin_review_decision_class_init (XuexinReviewDecisionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_review_decision_finalize;
}

static void
xuexin_review_decision_init (XuexinReviewDecision *self)
{
}
