/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-recovery-draft.h"

enum {
  PROP_0,
  PROP_LOGIN_NAME,
  PROP_NAME,
  PROP_ID_TYPE,
  PROP_ID_NUMBER,
  PROP_LAST_DETAIL = PROP_ID_NUMBER,
  PROP_SENT_TO,
  PROP_LOGIN_NAMES,
  N_PROPS
};

enum {
  CODE_SENT,
  N_SIGNALS
};

struct _XuexinRecoveryDraft
{
  GObject                parent_instance;

  XuexinRecoveryPurpose  purpose;
  char                  *details[PROP_LAST_DETAIL + 1];
  char                  *sent_to;
  GStrv                  login_names;
};

G_DEFINE_FINAL_TYPE (XuexinRecoveryDraft, xuexin_recovery_draft, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

XuexinRecoveryDraft *
xuexin_recovery_draft_new (XuexinRecoveryPurpose purpose)
{
  XuexinRecoveryDraft *self = g_object_new (XUEXIN_TYPE_RECOVERY_DRAFT, NULL);

  self->purpose = purpose;

  return self;
}

/**
 * xuexin_recovery_draft_get_sent_to:
 *
 * Returns: (nullable): the masked phone(s) the code for the current
 *   details went to, or %NULL while none was sent for them
 */
const char *
xuexin_recovery_draft_get_sent_to (XuexinRecoveryDraft *self)
{
  g_return_val_if_fail (XUEXIN_IS_RECOVERY_DRAFT (self), NULL);

  return self->sent_to;
}

static void
xuexin_recovery_draft_set_sent_to (XuexinRecoveryDraft *self,
                                   const char          *sent_to)
{
  if (g_strcmp0 (self->sent_to, sent_to) == 0)
    return;

  g_free (self->sent_to);
  self->sent_to = g_strdup (sent_to);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT_TO]);
}

static void
xuexin_recovery_draft_set_login_names (XuexinRecoveryDraft *self,
                                       const char * const  *login_names)
{
  if (self->login_names == NULL && login_names == NULL)
    return;
  if (self->login_names != NULL && login_names != NULL &&
      g_strv_equal ((const char * const *) self->login_names, login_names))
    return;

  g_strfreev (self->login_names);
  self->login_names = g_strdupv ((char **) login_names);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN_NAMES]);
}

static void
send_code_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  XuexinRecoveryDraft *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_to = NULL;
  guint resend_after = 0;
  gboolean sent;

  if (self->purpose == XUEXIN_RECOVERY_FIND_USERNAME)
    sent = xuexin_client_send_find_username_code_finish (XUEXIN_CLIENT (object), result,
                                                         &resend_after, &sent_to, &error);
  else
    sent = xuexin_client_send_reset_password_code_finish (XUEXIN_CLIENT (object), result,
                                                          &resend_after, &sent_to, &error);

  if (!sent)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  xuexin_recovery_draft_set_sent_to (self, sent_to);
  g_signal_emit (self, signals[CODE_SENT], 0, resend_after);
  g_task_return_boolean (task, TRUE);
}

static const char *
detail (XuexinRecoveryDraft *self,
        guint                prop_id)
{
  return self->details[prop_id] != NULL ? self->details[prop_id] : "";
}

/**
 * xuexin_recovery_draft_send_code_async:
 *
 * Asks the service for the SMS code that proves the current details
 * belong to the user: to every phone of the name and ID (find username)
 * or to the account's phone (reset password). Emits
 * #XuexinRecoveryDraft::code-sent when it was sent.
 */
void
xuexin_recovery_draft_send_code_async (XuexinRecoveryDraft *self,
                                       XuexinClient        *client,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (XUEXIN_IS_RECOVERY_DRAFT (self));
  g_return_if_fail (XUEXIN_IS_CLIENT (client));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_recovery_draft_send_code_async);

  if (self->purpose == XUEXIN_RECOVERY_FIND_USERNAME)
    xuexin_client_send_find_username_code_async (client,
                                                 detail (self, PROP_NAME),
                                                 self->details[PROP_ID_TYPE],
                                                 detail (self, PROP_ID_NUMBER),
                                                 cancellable, send_code_cb, task);
  else
    xuexin_client_send_reset_password_code_async (client,
                                                  detail (self, PROP_LOGIN_NAME),
                                                  detail (self, PROP_NAME),
                                                  detail (self, PROP_ID_NUMBER),
                                                  cancellable, send_code_cb, task);
}

/**
 * xuexin_recovery_draft_send_code_finish:
 *
 * Returns: %TRUE once the code is on its way; else %FALSE with the
 *   client's error (`rate_limited` carries the wait)
 */
gboolean
xuexin_recovery_draft_send_code_finish (XuexinRecoveryDraft  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  g_return_val_if_fail (XUEXIN_IS_RECOVERY_DRAFT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* What a code button of a recovery page asks for: the draft's code. */
typedef struct
{
  XuexinRecoveryDraft *draft;
  XuexinClient        *client;
} CodeButtonSender;

static void
code_button_sender_free (gpointer data)
{
  CodeButtonSender *sender = data;

  g_clear_object (&sender->draft);
  g_clear_object (&sender->client);
  g_free (sender);
}

static void
code_button_send (gpointer             data,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  CodeButtonSender *sender = data;

  xuexin_recovery_draft_send_code_async (sender->draft, sender->client, cancellable, callback, user_data);
}

static gboolean
code_button_send_finish (gpointer       data,
                         GAsyncResult  *result,
                         guint         *resend_after,
                         char         **sent_to,
                         GError       **error)
{
  CodeButtonSender *sender = data;

  /* ::code-sent has told the button already, as it does for a code
   * another page asked for. */
  return xuexin_recovery_draft_send_code_finish (sender->draft, result, error);
}

static void
code_sent_to_button_cb (XuexinCodeButton    *button,
                        guint                resend_after,
                        XuexinRecoveryDraft *self)
{
  xuexin_code_button_show_sent (button, self->sent_to, resend_after);
}

/**
 * xuexin_recovery_draft_attach_code_button:
 * @client: to ask the service with
 * @button: the send-code button of a page of the flow
 *
 * Lets @button ask for the draft's code again, and shows on it every
 * code sent for the draft, whichever page asked for it: where it went
 * and how long until another may be asked for.
 */
void
xuexin_recovery_draft_attach_code_button (XuexinRecoveryDraft *self,
                                          XuexinClient        *client,
                                          XuexinCodeButton    *button)
{
  CodeButtonSender *sender;

  g_return_if_fail (XUEXIN_IS_RECOVERY_DRAFT (self));
  g_return_if_fail (XUEXIN_IS_CLIENT (client));
  g_return_if_fail (XUEXIN_IS_CODE_BUTTON (button));

  sender = g_new0 (CodeButtonSender, 1);
  sender->draft = g_object_ref (self);
  sender->client = g_object_ref (client);
  xuexin_code_button_set_sender (button, code_button_send, code_button_send_finish,
                                 sender, code_button_sender_free);
  g_signal_connect_object (self, "code-sent", G_CALLBACK (code_sent_to_button_cb),
                           button, G_CONNECT_SWAPPED);
}

static void
xuexin_recovery_draft_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  XuexinRecoveryDraft *self = XUEXIN_RECOVERY_DRAFT (object);

  if (prop_id > PROP_0 && prop_id <= PROP_LAST_DETAIL)
    g_value_set_string (value, self->details[prop_id]);
  else if (prop_id == PROP_SENT_TO)
    g_value_set_string (value, self->sent_to);
  else if (prop_id == PROP_LOGIN_NAMES)
    g_value_set_boxed (value, self->login_names);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
xuexin_recovery_draft_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  XuexinRecoveryDraft *self = XUEXIN_RECOVERY_DRAFT (object);

  if (prop_id > PROP_0 && prop_id <= PROP_LAST_DETAIL)
    {
      const char *text = g_value_get_string (value);

      if (g_strcmp0 (self->details[prop_id], text) == 0)
        return;
      g_free (self->details[prop_id]);
      self->details[prop_id] = g_strdup (text);
      g_object_notify_by_pspec (object, pspec);

      /* The code and what it found were for the old details. */
      xuexin_recovery_draft_set_sent_to (self, NULL);
      xuexin_recovery_draft_set_login_names (self, NULL);
    }
  else if (prop_id == PROP_LOGIN_NAMES)
    xuexin_recovery_draft_set_login_names (self, g_value_get_boxed (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
xuexin_recovery_draft_finalize (GObject *object)
{
  XuexinRecoveryDraft *self = XUEXIN_RECOVERY_DRAFT (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->details); i++)
    g_clear_pointer (&self->details[i], g_free);
  g_clear_pointer (&self->sent_to, g_free);
  g_clear_pointer (&self->login_names, g_strfreev);

  G_OBJECT_CLASS (xuexin_recovery_draft_parent_class)->finalize (object);
}

static void
xuexin_recovery_draft_class_init (XuexinRecoveryDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char *detail_names[] = {
    NULL, "login-name", "name", "id-type", "id-number",
  };

  object_class->finalize = xuexin_recovery_draft_finalize;
  object_class->get_property = xuexin_recovery_draft_get_property;
  object_class->set_property = xuexin_recovery_draft_set_property;

  for (guint i = PROP_LOGIN_NAME; i <= PROP_LAST_DETAIL; i++)
    properties[i] = g_param_spec_string (detail_names[i], NULL, NULL, NULL,
                                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                          G_PARAM_STATIC_STRINGS));
  properties[PROP_SENT_TO] =
    g_param_spec_string ("sent-to", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Find username: the login names of the accounts found. */
  properties[PROP_LOGIN_NAMES] =
    g_param_spec_boxed ("login-names", NULL, NULL, G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * XuexinRecoveryDraft::code-sent:
   * @resend_after: seconds until the service sends another code
   *
   * A code for the current details is on its way to "sent-to".
   */
  signals[CODE_SENT] =
    g_signal_new ("code-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
xuexin_recovery_draft_init (XuexinRecoveryDraft *self)
{
}
