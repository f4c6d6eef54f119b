/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-registration-draft.h"

enum {
  PROP_0,
  PROP_PHONE,
  PROP_SMS_CODE,
  PROP_PASSWORD,
  PROP_NAME,
  PROP_ID_TYPE,
  PROP_ID_NUMBER,
  PROP_EMAIL,
  PROP_LAST_STRING = PROP_EMAIL,
  PROP_REREGISTER,
  N_PROPS
};

struct _XuexinRegistrationDraft
{
  GObject   parent_instance;

  char     *strings[PROP_LAST_STRING + 1];
  gboolean  reregister;
};

G_DEFINE_FINAL_TYPE (XuexinRegistrationDraft, xuexin_registration_draft, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

XuexinRegistrationDraft *
xuexin_registration_draft_new (void)
{
  return g_object_new (XUEXIN_TYPE_REGISTRATION_DRAFT, NULL);
}

static void
xuexin_registration_draft_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  XuexinRegistrationDraft *self = XUEXIN_REGISTRATION_DRAFT (object);

  if (prop_id > PROP_0 && prop_id <= PROP_LAST_STRING)
    g_value_set_string (value, self->strings[prop_id]);
  else if (prop_id == PROP_REREGISTER)
    g_value_set_boolean (value, self->reregister);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
xuexin_registration_draft_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  XuexinRegistrationDraft *self = XUEXIN_REGISTRATION_DRAFT (object);

  if (prop_id > PROP_0 && prop_id <= PROP_LAST_STRING)
    {
      const char *text = g_value_get_string (value);

      if (g_strcmp0 (self->strings[prop_id], text) == 0)
        return;
      g_free (self->strings[prop_id]);
      self->strings[prop_id] = g_strdup (text);
      g_object_notify_by_pspec (object, pspec);
    }
  else if (prop_id == PROP_REREGISTER)
    {
      if (self->reregister == g_value_get_boolean (value))
        return;
      self->reregister = g_value_get_boolean (value);
      g_object_notify_by_pspec (object, pspec);
    }
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
xuexin_registration_draft_finalize (GObject *object)
{
  XuexinRegistrationDraft *self = XUEXIN_REGISTRATION_DRAFT (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->strings); i++)
    g_clear_pointer (&self->strings[i], g_free);

  G_OBJECT_CLASS (xuexin_registration_draft_parent_class)->finalize (object);
}

static void
xuexin_registration_draft_class_init (XuexinRegistrationDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char *string_names[] = {
    NULL, "phone", "sms-code", "password", "name", "id-type", "id-number", "email",
  };

  object_class->finalize = xuexin_registration_draft_finalize;
  object_class->get_property = xuexin_registration_draft_get_property;
  object_class->set_property = xuexin_registration_draft_set_property;

  for (guint i = PROP_PHONE; i <= PROP_LAST_STRING; i++)
    properties[i] = g_param_spec_string (string_names[i], NULL, NULL, NULL,
                                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                          G_PARAM_STATIC_STRINGS));
  properties[PROP_REREGISTER] =
    g_param_spec_boolean ("reregister", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_registration_draft_init (XuexinRegistrationDraft *self)
{
}
