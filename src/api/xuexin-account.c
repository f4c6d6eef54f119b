/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-account.h"
#include "xuexin-json-private.h"
#include "xuexin-review.h"

/**
 * XuexinAccount:
 *
 * An account as its owner sees it (the "account" object of the API). The
 * full ID number never leaves the service; only a masked form does.
 * Immutable: a change of email or phone answers a new account object.
 */
struct _XuexinAccount
{
  GObject    parent_instance;

  gint64     id;
  char      *phone;
  char      *name;
  char      *id_type;
  char      *id_number_masked;
  char      *email;
  char      *state;
  gboolean   identity_verification_required;
  GDateTime *created_at;
  GDateTime *provider_bind_blocked_until;
  char      *role;
};

G_DEFINE_FINAL_TYPE (XuexinAccount, xuexin_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PHONE,
  PROP_NAME,
  PROP_ID_TYPE,
  PROP_ID_NUMBER_MASKED,
  PROP_EMAIL,
  PROP_STATE,
  PROP_IDENTITY_VERIFICATION_REQUIRED,
  PROP_CREATED_AT,
  PROP_PROVIDER_BIND_BLOCKED_UNTIL,
  PROP_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * xuexin_account_new_from_json:
 * @object: an account object of the API
 *
 * Returns: (transfer full): the account, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL when a required member is missing or a
 *   member has the wrong type
 */
XuexinAccount *
xuexin_account_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(XuexinAccount) self = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) blocked_until = NULL;
  const char *phone;
  const char *name;
  const char *id_type;
  const char *id_number_masked;
  const char *email;
  const char *state;
  const char *role;
  gboolean verification_required;
  gint64 id;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!xuexin_json_get_int (object, "id", &id, error)
      || !xuexin_json_get_string (object, "phone", &phone, error)
      || !xuexin_json_get_string (object, "name", &name, error)
      || !xuexin_json_get_string (object, "id_type", &id_type, error)
      || !xuexin_json_get_string (object, "id_number_masked", &id_number_masked, error)
      || !xuexin_json_get_nullable_string (object, "email", &email, error)
      || !xuexin_json_get_string (object, "state", &state, error)
      || !xuexin_json_get_boolean (object, "identity_verification_required", FALSE,
                                   g_strcmp0 (state, XUEXIN_ACCOUNT_STATE_PENDING) == 0,
                                   &verification_required, error)
      || !xuexin_json_get_time (object, "created_at", &created_at, error)
      || !xuexin_json_get_time (object, "provider_bind_blocked_until", &blocked_until, error)
      || !xuexin_json_get_nullable_string (object, "role", &role, error))
    return NULL;

  self = g_object_new (XUEXIN_TYPE_ACCOUNT, NULL);
  self->id = id;
  self->phone = g_strdup (phone);
  self->name = g_strdup (name);
  self->id_type = g_strdup (id_type);
  self->id_number_masked = g_strdup (id_number_masked);
  /* "No email" is null in the API; treat an empty string the same. */
  self->email = email != NULL && *email != '\0' ? g_strdup (email) : NULL;
  self->state = g_strdup (state);
  self->identity_verification_required = verification_required;
  self->created_at = g_steal_pointer (&created_at);
  self->provider_bind_blocked_until = g_steal_pointer (&blocked_until);
  /* Older services send no role: everyone was a user then. */
  self->role = g_strdup (role != NULL && *role != '\0' ? role : XUEXIN_ROLE_USER);

  return g_steal_pointer (&self);
}

gint64
xuexin_account_get_id (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), 0);

  return self->id;
}

/**
 * xuexin_account_get_phone:
 *
 * Returns: the phone number in full, as the service stores it
 */
const char *
xuexin_account_get_phone (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), NULL);

  return self->phone;
}

const char *
xuexin_account_get_name (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), NULL);

  return self->name;
}

/**
 * xuexin_account_get_id_type:
 *
 * Returns: %XUEXIN_ID_TYPE_RESIDENT_ID ("resident_id", 居民身份证) or
 *   %XUEXIN_ID_TYPE_OTHER ("other", 其他)
 */
const char *
xuexin_account_get_id_type (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), NULL);

  return self->id_type;
}

const char *
xuexin_account_get_id_number_masked (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), NULL);

  return self->id_number_masked;
}

/**
 * xuexin_account_get_email:
 *
 * Returns: (nullable): the security email, or %NULL if none is bound
 */
const char *
xuexin_account_get_email (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), NULL);

  return self->email;
}

/**
 * xuexin_account_get_state:
 *
 * Returns: "active", "pending_identity" or "cancelled" (or a state newer
 *   than this client)
 */
const char *
xuexin_account_get_state (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), NULL);

  return self->state;
}

gboolean
xuexin_account_is_active (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), FALSE);

  return g_strcmp0 (self->state, XUEXIN_ACCOUNT_STATE_ACTIVE) == 0;
}

/**
 * xuexin_account_is_pending:
 *
 * Returns: %TRUE when the account was re-registered with a taken ID
 *   number and must verify its identity before it can be used
 */
gboolean
xuexin_account_is_pending (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), FALSE);

  return g_strcmp0 (self->state, XUEXIN_ACCOUNT_STATE_PENDING) == 0;
}

gboolean
xuexin_account_get_identity_verification_required (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), FALSE);

  return self->identity_verification_required;
}

/**
 * xuexin_account_get_created_at:
 *
 * Returns: (nullable) (transfer none): when the account was registered
 */
GDateTime *
xuexin_account_get_created_at (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), NULL);

  return self->created_at;
}

/**
 * xuexin_account_get_provider_bind_blocked_until:
 *
 * Binding WeChat or Alipay is refused for two hours after a sign-in lock
 * (FAQ 7).
 *
 * Returns: (nullable) (transfer none): the end of the block, or %NULL
 *   when binding is allowed
 */
GDateTime *
xuexin_account_get_provider_bind_blocked_until (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), NULL);

  return self->provider_bind_blocked_until;
}

/**
 * xuexin_account_get_role:
 *
 * Returns: %XUEXIN_ROLE_USER ("user", also when the service sent no
 *   role), %XUEXIN_ROLE_REVIEWER, %XUEXIN_ROLE_ADMIN, or a role newer
 *   than this client
 */
const char *
xuexin_account_get_role (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), NULL);

  return self->role;
}

/* Only the two staff roles open the review console: a role newer than
 * this client is not trusted with it. */
gboolean
xuexin_account_is_staff (XuexinAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (self), FALSE);

  return g_strcmp0 (self->role, XUEXIN_ROLE_REVIEWER) == 0
         || g_strcmp0 (self->role, XUEXIN_ROLE_ADMIN) == 0;
}

static void
xuexin_account_finalize (GObject *object)
{
  XuexinAccount *self = XUEXIN_ACCOUNT (object);

  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->id_type, g_free);
  g_clear_pointer (&self->id_number_masked, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->provider_bind_blocked_until, g_date_time_unref);
  g_clear_pointer (&self->role, g_free);

  G_OBJECT_CLASS (xuexin_account_parent_class)->finalize (object);
}

static void
xuexin_account_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  XuexinAccount *self = XUEXIN_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ID_TYPE:
      g_value_set_string (value, self->id_type);
      break;

    case PROP_ID_NUMBER_MASKED:
      g_value_set_string (value, self->id_number_masked);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;

    case PROP_IDENTITY_VERIFICATION_REQUIRED:
      g_value_set_boolean (value, self->identity_verification_required);
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_PROVIDER_BIND_BLOCKED_UNTIL:
      g_value_set_boxed (value, self->provider_bind_blocked_until);
      break;

    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_account_class_init (XuexinAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xuexin_account_finalize;
  object_class->get_property = xuexin_account_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ID_TYPE] =
    g_param_spec_string ("id-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ID_NUMBER_MASKED] =
    g_param_spec_string ("id-number-masked", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_IDENTITY_VERIFICATION_REQUIRED] =
    g_param_spec_boolean ("identity-verification-required", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROVIDER_BIND_BLOCKED_UNTIL] =
    g_param_spec_boxed ("provider-bind-blocked-until", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_account_init (XuexinAccount *self)
{
}
