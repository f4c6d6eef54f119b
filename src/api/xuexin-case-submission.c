/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-case-submission.h"
#include "xuexin-json-private.h"

/**
 * XuexinCaseSubmission:
 *
 * One submission of a review case as staff see it (the case detail's
 * "submissions"): when it came and what was decided, by whom and why.
 */
struct _XuexinCaseSubmission
{
  GObject    parent_instance;

  guint      number;
  GDateTime *submitted_at;
  GDateTime *decided_at;
  char      *decided_by_name;
  char      *decision;
  char      *reason;
  char      *reason_text;
  char      *note;
};

G_DEFINE_FINAL_TYPE (XuexinCaseSubmission, xuexin_case_submission, G_TYPE_OBJECT)

/**
 * xuexin_case_submission_new_from_json:
 * @object: one entry of a staff case's "submissions"
 *
 * Returns: (transfer full): the submission, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinCaseSubmission *
xuexin_case_submission_new_from_json (JsonObject  *object,
                                      GError     **error)
{
  g_autoptr(XuexinCaseSubmission) self = NULL;
  const char *decided_by_name;
  const char *decision;
  const char *reason;
  const char *reason_text;
  const char *note;
  gint64 number;
  gint64 decided_by;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_CASE_SUBMISSION, NULL);

  if (!xuexin_json_get_int (object, "number", &number, error)
      || !xuexin_json_get_required_time (object, "submitted_at", &self->submitted_at, error)
      || !xuexin_json_get_time (object, "decided_at", &self->decided_at, error)
      /* Not kept: the name says who. Read to refuse a wrong type. */
      || !xuexin_json_get_optional_int (object, "decided_by", 0, &decided_by, error)
      || !xuexin_json_get_nullable_string (object, "decided_by_name", &decided_by_name, error)
      || !xuexin_json_get_nullable_string (object, "decision", &decision, error)
      || !xuexin_json_get_nullable_string (object, "reason", &reason, error)
      || !xuexin_json_get_nullable_string (object, "reason_text", &reason_text, error)
      || !xuexin_json_get_nullable_string (object, "note", &note, error))
    return NULL;

  self->number = (guint) CLAMP (number, 0, G_MAXINT);
  self->decided_by_name = g_strdup (decided_by_name);
  self->decision = decision != NULL && *decision != '\0' ? g_strdup (decision) : NULL;
  self->reason = g_strdup (reason);
  self->reason_text = g_strdup (reason_text);
  self->note = g_strdup (note);

  return g_steal_pointer (&self);
}

/* 1 for the first submission. */
guint
xuexin_case_submission_get_number (XuexinCaseSubmission *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_SUBMISSION (self), 0);

  return self->number;
}

GDateTime *
xuexin_case_submission_get_submitted_at (XuexinCaseSubmission *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_SUBMISSION (self), NULL);

  return self->submitted_at;
}

GDateTime *
xuexin_case_submission_get_decided_at (XuexinCaseSubmission *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_SUBMISSION (self), NULL);

  return self->decided_at;
}

const char *
xuexin_case_submission_get_decided_by_name (XuexinCaseSubmission *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_SUBMISSION (self), NULL);

  return self->decided_by_name;
}

const char *
xuexin_case_submission_get_decision (XuexinCaseSubmission *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_SUBMISSION (self), NULL);

  return self->decision;
}

/* A XUEXIN_REJECT_REASON_… id when rejected. */
const char *
xuexin_case_submission_get_reason (XuexinCaseSubmission *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_SUBMISSION (self), NULL);

  return self->reason;
}

/* The service's zh_CN label of the reason; the console shows its own
 * translation of the id. */
const char *
xuexin_case_submission_get_reason_text (XuexinCaseSubmission *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_SUBMISSION (self), NULL);

  return self->reason_text;
}

const char *
xuexin_case_submission_get_note (XuexinCaseSubmission *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_SUBMISSION (self), NULL);

  return self->note;
}

static void
xuexin_case_submission_finalize (GObject *object)
{
  XuexinCaseSubmission *self = XUEXIN_CASE_SUBMISSION (object);

  g_clear_pointer (&self->submitted_at, g_date_time_unref);
  g_clear_pointer (&self->decided_at, g_date_time_unref);
  g_clear_pointer (&self->decided_by_name, g_free);
  g_clear_pointer (&self->decision, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->reason_text, g_free);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (xuexin_case_submission_parent_class)->finalize (object);
}

static void
xuexin_case_submission_class_init (XuexinCaseSubmissionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_case_submission_finalize;
}

static void
xuexin_case_submission_init (XuexinCaseSubmission *self)
{
}
