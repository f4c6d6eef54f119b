/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"
#include "xuexin-queue-case.h"

/**
 * XuexinQueueCase:
 *
 * One case of the review queue (GET /review/cases): no applicant, only
 * what a reviewer picks a case by. The rows of XuexinReviewQueue start as
 * placeholders and are filled in when their page arrives, so that a row
 * widget bound to one sees it change (every property notifies).
 */
struct _XuexinQueueCase
{
  GObject    parent_instance;

  gint64     id;
  char      *state;
  guint      submissions;
  GDateTime *submitted_at;
  GDateTime *decided_at;
  GDateTime *claim_expires_at;
  char      *claimed_by_name;
  gboolean   claimed_by_me;
  gboolean   loaded;
};

G_DEFINE_FINAL_TYPE (XuexinQueueCase, xuexin_queue_case, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_SUBMISSIONS,
  PROP_SUBMITTED_AT,
  PROP_DECIDED_AT,
  PROP_CLAIMED_BY_ME,
  PROP_CLAIM_EXPIRES_AT,
  PROP_CLAIMED_BY_NAME,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * xuexin_queue_case_new_from_json:
 * @object: one entry of "cases"
 *
 * Returns: (transfer full): the case, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinQueueCase *
xuexin_queue_case_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(XuexinQueueCase) self = NULL;
  const char *state;
  const char *claimed_by_name;
  gint64 id;
  gint64 submissions;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_QUEUE_CASE, NULL);

  if (!xuexin_json_get_int (object, "id", &id, error)
      || !xuexin_json_get_string (object, "state", &state, error)
      || !xuexin_json_get_optional_int (object, "submissions", 0, &submissions, error)
      || !xuexin_json_get_time (object, "submitted_at", &self->submitted_at, error)
      || !xuexin_json_get_time (object, "decided_at", &self->decided_at, error)
      || !xuexin_json_get_boolean (object, "claimed_by_me", FALSE, FALSE, &self->claimed_by_me, error)
      || !xuexin_json_get_time (object, "claim_expires_at", &self->claim_expires_at, error)
      || !xuexin_json_get_nullable_string (object, "claimed_by_name", &claimed_by_name, error))
    return NULL;

  /* Id 0 is the placeholder's: a real case never has it. */
  if (id <= 0 || *state == '\0')
    {
      xuexin_client_set_protocol_error (error, "queue case without an id or a state");
      return NULL;
    }

  self->id = id;
  self->state = g_strdup (state);
  self->submissions = (guint) CLAMP (submissions, 0, G_MAXINT);
  self->claimed_by_name = g_strdup (claimed_by_name);
  self->loaded = TRUE;

  return g_steal_pointer (&self);
}

/**
 * xuexin_queue_case_new_placeholder:
 *
 * Returns: (transfer full): a row whose page has not arrived: id 0, no
 *   state, not loaded
 */
XuexinQueueCase *
xuexin_queue_case_new_placeholder (void)
{
  return g_object_new (XUEXIN_TYPE_QUEUE_CASE, NULL);
}

static void
replace_time (GDateTime **time,
              GDateTime  *from)
{
  g_clear_pointer (time, g_date_time_unref);
  *time = from != NULL ? g_date_time_ref (from) : NULL;
}

/**
 * xuexin_queue_case_update:
 * @from: a loaded case
 *
 * Makes @self a copy of @from and notifies every property once.
 */
void
xuexin_queue_case_update (XuexinQueueCase *self,
                          XuexinQueueCase *from)
{
  g_return_if_fail (XUEXIN_IS_QUEUE_CASE (self));
  g_return_if_fail (XUEXIN_IS_QUEUE_CASE (from));

  if (self == from)
    return;

  self->id = from->id;
  g_free (self->state);
  self->state = g_strdup (from->state);
  self->submissions = from->submissions;
  replace_time (&self->submitted_at, from->submitted_at);
  replace_time (&self->decided_at, from->decided_at);
  replace_time (&self->claim_expires_at, from->claim_expires_at);
  g_free (self->claimed_by_name);
  self->claimed_by_name = g_strdup (from->claimed_by_name);
  self->claimed_by_me = from->claimed_by_me;
  self->loaded = from->loaded;

  /* Frozen: a row bound to several properties redraws once. */
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_0 + 1; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
xuexin_queue_case_is_loaded (XuexinQueueCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_QUEUE_CASE (self), FALSE);

  return self->loaded;
}

/* 0 for a placeholder. */
gint64
xuexin_queue_case_get_id (XuexinQueueCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_QUEUE_CASE (self), 0);

  return self->id;
}

/**
 * xuexin_queue_case_get_state:
 *
 * Returns: (nullable): "submitted", "in_review", "approved" or
 *   "rejected" (or a state newer than this client); %NULL for a
 *   placeholder
 */
const char *
xuexin_queue_case_get_state (XuexinQueueCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_QUEUE_CASE (self), NULL);

  return self->state;
}

guint
xuexin_queue_case_get_submissions (XuexinQueueCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_QUEUE_CASE (self), 0);

  return self->submissions;
}

GDateTime *
xuexin_queue_case_get_submitted_at (XuexinQueueCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_QUEUE_CASE (self), NULL);

  return self->submitted_at;
}

GDateTime *
xuexin_queue_case_get_decided_at (XuexinQueueCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_QUEUE_CASE (self), NULL);

  return self->decided_at;
}

gboolean
xuexin_queue_case_get_claimed_by_me (XuexinQueueCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_QUEUE_CASE (self), FALSE);

  return self->claimed_by_me;
}

GDateTime *
xuexin_queue_case_get_claim_expires_at (XuexinQueueCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_QUEUE_CASE (self), NULL);

  return self->claim_expires_at;
}

/* The holder of a live claim (the caller's own name when claimed by
 * me); NULL when unclaimed. */
const char *
xuexin_queue_case_get_claimed_by_name (XuexinQueueCase *self)
{
  g_return_val_if_fail (XUEXIN_IS_QUEUE_CASE (self), NULL);

  return self->claimed_by_name;
}

static void
xuexin_queue_case_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  XuexinQueueCase *self = XUEXIN_QUEUE_CASE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;

    case PROP_SUBMISSIONS:
      g_value_set_uint (value, self->submissions);
      break;

    case PROP_SUBMITTED_AT:
      g_value_set_boxed (value, self->submitted_at);
      break;

    case PROP_DECIDED_AT:
      g_value_set_boxed (value, self->decided_at);
      break;

    case PROP_CLAIMED_BY_ME:
      g_value_set_boolean (value, self->claimed_by_me);
      break;

    case PROP_CLAIM_EXPIRES_AT:
      g_value_set_boxed (value, self->claim_expires_at);
      break;

    case PROP_CLAIMED_BY_NAME:
      g_value_set_string (value, self->claimed_by_name);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_queue_case_finalize (GObject *object)
{
  XuexinQueueCase *self = XUEXIN_QUEUE_CASE (object);

  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->submitted_at, g_date_time_unref);
  g_clear_pointer (&self->decided_at, g_date_time_unref);
  g_clear_pointer (&self->claim_expires_at, g_date_time_unref);
  g_clear_pointer (&self->claimed_by_name, g_free);

  G_OBJECT_CLASS (xuexin_queue_case_parent_class)->finalize (object);
}

static void
xuexin_queue_case_class_init (XuexinQueueCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = xuexin_queue_case_finalize;
  object_class->get_property = xuexin_queue_case_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_SUBMISSIONS] = g_param_spec_uint ("submissions", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SUBMITTED_AT] = g_param_spec_boxed ("submitted-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_DECIDED_AT] = g_param_spec_boxed ("decided-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_CLAIMED_BY_ME] = g_param_spec_boolean ("claimed-by-me", NULL, NULL, FALSE, flags);
  properties[PROP_CLAIM_EXPIRES_AT] = g_param_spec_boxed ("claim-expires-at", NULL, NULL,
                                                          G_TYPE_DATE_TIME, flags);
  properties[PROP_CLAIMED_BY_NAME] = g_param_spec_string ("claimed-by-name", NULL, NULL, NULL, flags);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_queue_case_init (XuexinQueueCase *self)
{
}
