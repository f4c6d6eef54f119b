/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-assistance-request.h"
#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"

/**
 * XuexinAssistanceRequest:
 *
 * A request of identity path 3 (大学同班同学协助): a pending account asks
 * an active classmate to confirm who they are. The requester sees it in
 * GET /me/identity, the classmate in the inbox; the two views share this
 * type and differ in who is named.
 */
struct _XuexinAssistanceRequest
{
  GObject    parent_instance;

  gint64     id;
  char      *classmate_name;
  char      *requester_name;
  char      *requester_id_number_masked;
  char      *school;
  guint      enrollment_year;
  char      *level;
  char      *state;
  gboolean   unread;
  GDateTime *created_at;
  GDateTime *expires_at;
  GDateTime *decided_at;
};

G_DEFINE_FINAL_TYPE (XuexinAssistanceRequest, xuexin_assistance_request, G_TYPE_OBJECT)

/**
 * xuexin_assistance_request_new_from_json:
 * @object: the request object (sent or received)
 *
 * Returns: (transfer full): the request, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinAssistanceRequest *
xuexin_assistance_request_new_from_json (JsonObject  *object,
                                         GError     **error)
{
  g_autoptr(XuexinAssistanceRequest) self = NULL;
  const char *classmate_name;
  const char *requester_name;
  const char *requester_id;
  const char *school;
  const char *level;
  const char *state;
  gint64 id;
  gint64 year;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_ASSISTANCE_REQUEST, NULL);

  if (!xuexin_json_get_int (object, "id", &id, error)
      || !xuexin_json_get_nullable_string (object, "classmate_name", &classmate_name, error)
      || !xuexin_json_get_nullable_string (object, "requester_name", &requester_name, error)
      || !xuexin_json_get_nullable_string (object, "requester_id_number_masked", &requester_id, error)
      || !xuexin_json_get_string (object, "school", &school, error)
      || !xuexin_json_get_int (object, "enrollment_year", &year, error)
      || !xuexin_json_get_nullable_string (object, "level", &level, error)
      || !xuexin_json_get_string (object, "state", &state, error)
      || !xuexin_json_get_boolean (object, "unread", FALSE, FALSE, &self->unread, error)
      || !xuexin_json_get_time (object, "created_at", &self->created_at, error)
      || !xuexin_json_get_time (object, "expires_at", &self->expires_at, error)
      || !xuexin_json_get_time (object, "decided_at", &self->decided_at, error))
    return NULL;

  /* Either side names someone: the classmate asked, or who asks. */
  if (classmate_name == NULL && requester_name == NULL)
    {
      xuexin_client_set_protocol_error (error, "a request that names nobody");
      return NULL;
    }
  if (self->created_at == NULL || self->expires_at == NULL)
    {
      xuexin_client_set_protocol_error (error, "a request without created_at or expires_at");
      return NULL;
    }
  if (*state == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty request state");
      return NULL;
    }

  self->id = id;
  self->classmate_name = g_strdup (classmate_name);
  self->requester_name = g_strdup (requester_name);
  self->requester_id_number_masked = g_strdup (requester_id);
  self->school = g_strdup (school);
  self->enrollment_year = (guint) CLAMP (year, 0, 9999);
  self->level = g_strdup (level);
  self->state = g_strdup (state);

  return g_steal_pointer (&self);
}

gint64
xuexin_assistance_request_get_id (XuexinAssistanceRequest *self)
{
  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), 0);

  return self->id;
}

const char *
xuexin_assistance_request_get_classmate_name (XuexinAssistanceRequest *self)
{
  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), NULL);

  return self->classmate_name;
}

const char *
xuexin_assistance_request_get_requester_name (XuexinAssistanceRequest *self)
{
  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), NULL);

  return self->requester_name;
}

const char *
xuexin_assistance_request_get_requester_id_number_masked (XuexinAssistanceRequest *self)
{
  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), NULL);

  return self->requester_id_number_masked;
}

const char *
xuexin_assistance_request_get_school (XuexinAssistanceRequest *self)
{
  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), NULL);

  return self->school;
}

guint
xuexin_assistance_request_get_enrollment_year (XuexinAssistanceRequest *self)
{
  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), 0);

  return self->enrollment_year;
}

const char *
xuexin_assistance_request_get_level (XuexinAssistanceRequest *self)
{
  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), NULL);

  return self->level;
}

/* One of XUEXIN_ASSISTANCE_STATE_…; an unknown state is passed on. */
const char *
xuexin_assistance_request_get_state (XuexinAssistanceRequest *self)
{
  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), NULL);

  return self->state;
}

gboolean
xuexin_assistance_request_get_unread (XuexinAssistanceRequest *self)
{
  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), FALSE);

  return self->unread;
}

GDateTime *
xuexin_assistance_request_get_created_at (XuexinAssistanceRequest *self)
{
  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), NULL);

  return self->created_at;
}

GDateTime *
xuexin_assistance_request_get_expires_at (XuexinAssistanceRequest *self)
{
  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), NULL);

  return self->expires_at;
}

GDateTime *
xuexin_assistance_request_get_decided_at (XuexinAssistanceRequest *self)
{
  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), NULL);

  return self->decided_at;
}

/* The service reports "expired" as soon as the time is up; this also
 * covers an answer that is older than the local clock. */
gboolean
xuexin_assistance_request_is_open (XuexinAssistanceRequest *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (XUEXIN_IS_ASSISTANCE_REQUEST (self), FALSE);

  if (g_strcmp0 (self->state, XUEXIN_ASSISTANCE_STATE_PENDING) != 0)
    return FALSE;

  now = g_date_time_new_now_utc ();
  return g_date_time_compare (now, self->expires_at) < 0;
}

static void
xuexin_assistance_request_finalize (GObject *object)
{
  XuexinAssistanceRequest *self = XUEXIN_ASSISTANCE_REQUEST (object);

  g_clear_pointer (&self->classmate_name, g_free);
  g_clear_pointer (&self->requester_name, g_free);
  g_clear_pointer (&self->requester_id_number_masked, g_free);
  g_clear_pointer (&self->school, g_free);
  g_clear_pointer (&self->level, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_pointer (&self->decided_at, g_date_time_unref);

  G_OBJECT_CLASS (xuexin_assistance_request_parent_class)->finalize (object);
}

static void
xuexin_assistance_request_class_init (XuexinAssistanceRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_assistance_request_finalize;
}

static void
xuexin_assistance_request_init (XuexinAssistanceRequest *self)
{
}
