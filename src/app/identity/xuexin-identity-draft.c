/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-identity-draft.h"

/* What the identity pages share: the state GET /me/identity gave, the
 * path the user chose, whether they accepted the warning, and the
 * outcome once a path succeeded. */
struct _XuexinIdentityDraft
{
  GObject              parent_instance;

  XuexinIdentityState *state;
  char                *path;
  gboolean             confirmed;

  XuexinAccount       *account;
  guint                cancelled_accounts;

  /* side → XuexinFittedPhoto; the sides whose photo the service has. */
  GHashTable          *photos;
  GHashTable          *uploaded;
};

G_DEFINE_FINAL_TYPE (XuexinIdentityDraft, xuexin_identity_draft, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PATH,
  PROP_CONFIRMED,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

XuexinIdentityDraft *
xuexin_identity_draft_new (void)
{
  return g_object_new (XUEXIN_TYPE_IDENTITY_DRAFT, NULL);
}

/**
 * xuexin_identity_draft_get_state:
 *
 * Returns: (transfer none) (nullable): the state last read, or %NULL
 *   before the first answer
 */
XuexinIdentityState *
xuexin_identity_draft_get_state (XuexinIdentityDraft *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self), NULL);

  return self->state;
}

void
xuexin_identity_draft_set_state (XuexinIdentityDraft *self,
                                 XuexinIdentityState *state)
{
  g_return_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self));

  if (g_set_object (&self->state, state))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
xuexin_identity_draft_get_path (XuexinIdentityDraft *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self), NULL);

  return self->path;
}

void
xuexin_identity_draft_set_path (XuexinIdentityDraft *self,
                                const char          *path)
{
  g_return_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self));

  /* Not g_set_str(): GLib 2.76, and Debian 12 has 2.74. */
  if (g_strcmp0 (self->path, path) == 0)
    return;

  g_free (self->path);
  self->path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

gboolean
xuexin_identity_draft_get_confirmed (XuexinIdentityDraft *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self), FALSE);

  return self->confirmed;
}

void
xuexin_identity_draft_set_confirmed (XuexinIdentityDraft *self,
                                     gboolean             confirmed)
{
  g_return_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self));

  confirmed = !!confirmed;
  if (self->confirmed == confirmed)
    return;

  self->confirmed = confirmed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIRMED]);
}

/**
 * xuexin_identity_draft_get_account:
 *
 * Returns: (transfer none) (nullable): the verified account, or %NULL
 *   while no path has succeeded
 */
XuexinAccount *
xuexin_identity_draft_get_account (XuexinIdentityDraft *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self), NULL);

  return self->account;
}

guint
xuexin_identity_draft_get_cancelled_accounts (XuexinIdentityDraft *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self), 0);

  return self->cancelled_accounts;
}

void
xuexin_identity_draft_set_verified (XuexinIdentityDraft *self,
                                    XuexinAccount       *account,
                                    guint                cancelled_accounts)
{
  g_return_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self));
  g_return_if_fail (XUEXIN_IS_ACCOUNT (account));

  self->cancelled_accounts = cancelled_accounts;
  g_set_object (&self->account, account);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

static void
read_verified_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  XuexinIdentityDraft *self = g_task_get_source_object (task);
  g_autoptr(XuexinAccount) account = NULL;
  GError *error = NULL;

  account = xuexin_client_get_me_finish (XUEXIN_CLIENT (object), result, &error);
  if (account == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The success transaction cancelled the other live accounts of the
   * ID number: the ones GET /me/identity listed while still pending. */
  xuexin_identity_draft_set_verified (self, account,
                                      self->state != NULL
                                      ? g_list_model_get_n_items (xuexin_identity_state_get_other_accounts (self->state))
                                      : 0);
  g_task_return_boolean (task, TRUE);
}

void
xuexin_identity_draft_read_verified_async (XuexinIdentityDraft *self,
                                           XuexinClient        *client,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self));
  g_return_if_fail (XUEXIN_IS_CLIENT (client));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_identity_draft_read_verified_async);
  xuexin_client_get_me_async (client, cancellable, read_verified_cb, g_steal_pointer (&task));
}

gboolean
xuexin_identity_draft_read_verified_finish (XuexinIdentityDraft  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * xuexin_identity_draft_get_photo:
 *
 * Returns: (transfer none) (nullable): the photo prepared for @side
 */
XuexinFittedPhoto *
xuexin_identity_draft_get_photo (XuexinIdentityDraft *self,
                                 const char          *side)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self), NULL);

  return g_hash_table_lookup (self->photos, side);
}

void
xuexin_identity_draft_set_photo (XuexinIdentityDraft *self,
                                 const char          *side,
                                 XuexinFittedPhoto   *photo)
{
  g_return_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self));
  g_return_if_fail (side != NULL);

  /* A new photo is not the one the service has. */
  g_hash_table_remove (self->uploaded, side);
  if (photo != NULL)
    g_hash_table_insert (self->photos, g_strdup (side), g_object_ref (photo));
  else
    g_hash_table_remove (self->photos, side);
}

gboolean
xuexin_identity_draft_get_photo_uploaded (XuexinIdentityDraft *self,
                                          const char          *side)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self), FALSE);

  return g_hash_table_contains (self->uploaded, side);
}

void
xuexin_identity_draft_set_photo_uploaded (XuexinIdentityDraft *self,
                                          const char          *side,
                                          gboolean             uploaded)
{
  g_return_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self));

  if (uploaded)
    g_hash_table_add (self->uploaded, g_strdup (side));
  else
    g_hash_table_remove (self->uploaded, side);
}

/* After a submission or a rejection: the next attempt starts afresh,
 * and ID photos do not stay in memory longer than they are needed. */
void
xuexin_identity_draft_forget_photos (XuexinIdentityDraft *self)
{
  g_return_if_fail (XUEXIN_IS_IDENTITY_DRAFT (self));

  g_hash_table_remove_all (self->photos);
  g_hash_table_remove_all (self->uploaded);
}

static void
xuexin_identity_draft_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  XuexinIdentityDraft *self = XUEXIN_IDENTITY_DRAFT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_object (value, self->state);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_CONFIRMED:
      g_value_set_boolean (value, self->confirmed);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_identity_draft_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  XuexinIdentityDraft *self = XUEXIN_IDENTITY_DRAFT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      xuexin_identity_draft_set_state (self, g_value_get_object (value));
      break;

    case PROP_PATH:
      xuexin_identity_draft_set_path (self, g_value_get_string (value));
      break;

    case PROP_CONFIRMED:
      xuexin_identity_draft_set_confirmed (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_identity_draft_finalize (GObject *object)
{
  XuexinIdentityDraft *self = XUEXIN_IDENTITY_DRAFT (object);

  g_clear_object (&self->state);
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->account);
  g_clear_pointer (&self->photos, g_hash_table_unref);
  g_clear_pointer (&self->uploaded, g_hash_table_unref);

  G_OBJECT_CLASS (xuexin_identity_draft_parent_class)->finalize (object);
}

static void
xuexin_identity_draft_class_init (XuexinIdentityDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xuexin_identity_draft_finalize;
  object_class->get_property = xuexin_identity_draft_get_property;
  object_class->set_property = xuexin_identity_draft_set_property;

  properties[PROP_STATE] =
    g_param_spec_object ("state", NULL, NULL, XUEXIN_TYPE_IDENTITY_STATE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONFIRMED] =
    g_param_spec_boolean ("confirmed", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, XUEXIN_TYPE_ACCOUNT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_identity_draft_init (XuexinIdentityDraft *self)
{
  self->photos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->uploaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
