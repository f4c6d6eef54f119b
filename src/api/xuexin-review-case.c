/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include <string.h>

#include "xuexin-case-photo-private.h"
#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"
#include "xuexin-review-case.h"

/**
 * XuexinReviewCase:
 *
 * The owner's view of a review case of identity path 2 (客服协助验证):
 * three photos a help desk reviewer checks. See docs/api.md "Identity
 * path 2: review cases".
 */
struct _XuexinReviewCase
{
  GObject     parent_instance;

  gint64      id;
  char       *state;
  guint       submissions;
  guint       submissions_left;
  GDateTime  *next_submission_at;
  GDateTime  *created_at;
  GDateTime  *updated_at;
  GDateTime  *submitted_at;
  GDateTime  *decided_at;
  guint       queue_position;
  gint64      estimated_wait;
  guint       poll_interval;
  char       *rejection_reason;
  char       *rejection_text;
  char       *rejection_note;
  GListModel *photos;
};

G_DEFINE_FINAL_TYPE (XuexinReviewCase, xuexin_review_case, G_TYPE_OBJECT)

static gboolean
parse_rejection (XuexinReviewCase  *self,
                 JsonObject        *object,
                 GError           **error)
{
  JsonNode *node = json_object_get_member (object, "rejection");
  JsonObject *rejection;
  const char *reason;
  const char *text;
  const char *note;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!xuexin_json_get_object (object, "rejection", &rejection, error)
      || !xuexin_json_get_string (rejection, "reason", &reason, error)
      || !xuexin_json_get_nullable_string (rejection, "reason_text", &text, error)
      || !xuexin_json_get_nullable_string (rejection, "note", &note, error))
    return FALSE;

  self->rejection_reason = g_strdup (reason);
  self->rejection_text = g_strdup (text);
  self->rejection_note = g_strdup (note);

  return TRUE;
}

/**
 * xuexin_review_case_new_from_json:
 * @object: the case object itself (the value of "case")
 *
 * Returns: (transfer full): the case, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinReviewCase *
xuexin_review_case_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  g_autoptr(XuexinReviewCase) self = NULL;
  const char *state;
  gint64 id;
  gint64 submissions;
  gint64 submissions_left;
  gint64 queue_position;
  gint64 estimated_wait;
  gint64 poll_interval;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_REVIEW_CASE, NULL);

  if (!xuexin_json_get_int (object, "id", &id, error)
      || !xuexin_json_get_string (object, "state", &state, error)
      || !xuexin_json_get_optional_int (object, "submissions", 0, &submissions, error)
      || !xuexin_json_get_optional_int (object, "submissions_left", 0, &submissions_left, error)
      || !xuexin_json_get_optional_int (object, "queue_position", 0, &queue_position, error)
      || !xuexin_json_get_optional_int (object, "estimated_wait", -1, &estimated_wait, error)
      /* Absent from older services, null when there is nothing to wait for. */
      || !xuexin_json_get_optional_int (object, "poll_interval", 0, &poll_interval, error)
      || !xuexin_json_get_time (object, "next_submission_at", &self->next_submission_at, error)
      || !xuexin_json_get_time (object, "created_at", &self->created_at, error)
      || !xuexin_json_get_time (object, "updated_at", &self->updated_at, error)
      || !xuexin_json_get_time (object, "submitted_at", &self->submitted_at, error)
      || !xuexin_json_get_time (object, "decided_at", &self->decided_at, error)
      || !parse_rejection (self, object, error))
    return NULL;

  if (*state == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty case state");
      return NULL;
    }

  self->photos = xuexin_json_get_optional_list (object, "photos", XUEXIN_TYPE_CASE_PHOTO,
                                                (XuexinJsonObjectFunc) xuexin_case_photo_new_from_json,
                                                error);
  if (self->photos == NULL)
    return NULL;

  self->id = id;
  self->state = g_strdup (state);
  self->submissions = (guint) CLAMP (submissions, 0, G_MAXINT);
  self->submissions_left = (guint) CLAMP (submissions_left, 0, G_MAXINT);
  self->queue_position = (guint) CLAMP (queue_position, 0, G_MAXINT);
  self->estimated_wait = estimated_wait < 0 ? -1 : estimated_wait;
  /* A day at most: a bogus huge value must not stop the app polling. */
  self->poll_interval = (guint) CLAMP (poll_interval, 0, 86400);

  return g_steal_pointer (&self);
}

gint64
xuexin_review_case_get_id (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), 0);

  return self->id;
}

/* One of XUEXIN_REVIEW_CASE_STATE_…; an unknown state is passed on. */
const char *
xuexin_review_case_get_state (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), NULL);

  return self->state;
}

guint
xuexin_review_case_get_submissions (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), 0);

  return self->submissions;
}

guint
xuexin_review_case_get_submissions_left (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), 0);

  return self->submissions_left;
}

GDateTime *
xuexin_review_case_get_next_submission_at (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), NULL);

  return self->next_submission_at;
}

GDateTime *
xuexin_review_case_get_created_at (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), NULL);

  return self->created_at;
}

GDateTime *
xuexin_review_case_get_updated_at (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), NULL);

  return self->updated_at;
}

GDateTime *
xuexin_review_case_get_submitted_at (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), NULL);

  return self->submitted_at;
}

GDateTime *
xuexin_review_case_get_decided_at (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), NULL);

  return self->decided_at;
}

guint
xuexin_review_case_get_queue_position (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), 0);

  return self->queue_position;
}

gint64
xuexin_review_case_get_estimated_wait (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), -1);

  return self->estimated_wait;
}

/* Seconds the service advises between reads of the case; 0 when it
 * advises none (nothing changes by itself in this state). */
guint
xuexin_review_case_get_poll_interval (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), 0);

  return self->poll_interval;
}

const char *
xuexin_review_case_get_rejection_reason (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), NULL);

  return self->rejection_reason;
}

const char *
xuexin_review_case_get_rejection_text (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), NULL);

  return self->rejection_text;
}

const char *
xuexin_review_case_get_rejection_note (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), NULL);

  return self->rejection_note;
}

/**
 * xuexin_review_case_get_photos:
 *
 * Returns: (transfer none): a GListModel of #XuexinCasePhoto
 */
GListModel *
xuexin_review_case_get_photos (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), NULL);

  return self->photos;
}

/**
 * xuexin_review_case_get_photo:
 * @side: "handheld", "front" or "back"
 *
 * Returns: (nullable) (transfer none): the photo of @side, if listed
 */
XuexinCasePhoto *
xuexin_review_case_get_photo (XuexinReviewCase *self,
                              const char       *side)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), NULL);
  g_return_val_if_fail (side != NULL, NULL);

  return xuexin_case_photo_list_find (self->photos, side);
}

/* Whether the case waits in the queue (submitted or in review). */
gboolean
xuexin_review_case_is_queued (XuexinReviewCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CASE (self), FALSE);

  return g_strcmp0 (self->state, XUEXIN_REVIEW_CASE_STATE_SUBMITTED) == 0
         || g_strcmp0 (self->state, XUEXIN_REVIEW_CASE_STATE_IN_REVIEW) == 0;
}

static void
xuexin_review_case_finalize (GObject *object)
{
  XuexinReviewCase *self = XUEXIN_REVIEW_CASE (object);

  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->next_submission_at, g_date_time_unref);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->submitted_at, g_date_time_unref);
  g_clear_pointer (&self->decided_at, g_date_time_unref);
  g_clear_pointer (&self->rejection_reason, g_free);
  g_clear_pointer (&self->rejection_text, g_free);
  g_clear_pointer (&self->rejection_note, g_free);
  g_clear_object (&self->photos);

  G_OBJECT_CLASS (xuexin_review_case_parent_class)->finalize (object);
}

static void
xuexin_review_case_class_init (XuexinReviewCaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_review_case_finalize;
}

static void
xuexin_review_case_init (XuexinReviewCase *self)
{
  self->estimated_wait = -1;
}
