/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"
#include "xuexin-other-account.h"

/**
 * XuexinOtherAccount:
 *
 * Another live account of the same person, one the success transaction
 * of identity verification will cancel (on_success.other_accounts). Its
 * login names come masked, as in find-username.
 */
struct _XuexinOtherAccount
{
  GObject    parent_instance;

  char      *phone_masked;
  char      *id_number_masked;
  char      *email_masked;
  char      *state;
  GDateTime *created_at;
};

G_DEFINE_FINAL_TYPE (XuexinOtherAccount, xuexin_other_account, G_TYPE_OBJECT)

/**
 * xuexin_other_account_new_from_json:
 *
 * Returns: (transfer full): the account, or %NULL with
 *   %XUEXIN_CLIENT_ERROR_PROTOCOL
 */
XuexinOtherAccount *
xuexin_other_account_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  g_autoptr(XuexinOtherAccount) self = NULL;
  JsonObject *login_names;
  const char *phone;
  const char *id_number;
  const char *email;
  const char *state;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (XUEXIN_TYPE_OTHER_ACCOUNT, NULL);

  if (!xuexin_json_get_object (object, "login_names", &login_names, error)
      || !xuexin_json_get_nullable_string (login_names, "phone", &phone, error)
      || !xuexin_json_get_nullable_string (login_names, "id_number", &id_number, error)
      || !xuexin_json_get_nullable_string (login_names, "email", &email, error)
      || !xuexin_json_get_string (object, "state", &state, error)
      || !xuexin_json_get_time (object, "created_at", &self->created_at, error))
    return NULL;

  /* An account nobody could name would be a warning about nothing. */
  if (phone == NULL && id_number == NULL && email == NULL)
    {
      xuexin_client_set_protocol_error (error, "another account without login names");
      return NULL;
    }
  if (self->created_at == NULL)
    {
      xuexin_client_set_protocol_error (error, "“created_at” is missing");
      return NULL;
    }

  self->phone_masked = g_strdup (phone);
  self->id_number_masked = g_strdup (id_number);
  self->email_masked = g_strdup (email);
  self->state = g_strdup (state);

  return g_steal_pointer (&self);
}

const char *
xuexin_other_account_get_phone_masked (XuexinOtherAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_OTHER_ACCOUNT (self), NULL);

  return self->phone_masked;
}

const char *
xuexin_other_account_get_id_number_masked (XuexinOtherAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_OTHER_ACCOUNT (self), NULL);

  return self->id_number_masked;
}

const char *
xuexin_other_account_get_email_masked (XuexinOtherAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_OTHER_ACCOUNT (self), NULL);

  return self->email_masked;
}

const char *
xuexin_other_account_get_state (XuexinOtherAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_OTHER_ACCOUNT (self), NULL);

  return self->state;
}

GDateTime *
xuexin_other_account_get_created_at (XuexinOtherAccount *self)
{
  g_return_val_if_fail (XUEXIN_IS_OTHER_ACCOUNT (self), NULL);

  return self->created_at;
}

static void
xuexin_other_account_finalize (GObject *object)
{
  XuexinOtherAccount *self = XUEXIN_OTHER_ACCOUNT (object);

  g_clear_pointer (&self->phone_masked, g_free);
  g_clear_pointer (&self->id_number_masked, g_free);
  g_clear_pointer (&self->email_masked, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);

  G_OBJECT_CLASS (xuexin_other_account_parent_class)->finalize (object);
}

static void
xuexin_other_account_class_init (XuexinOtherAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_other_account_finalize;
}

static void
xuexin_other_account_init (XuexinOtherAccount *self)
{
}
