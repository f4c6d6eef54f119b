/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-demo-message.h"

/* An SMS or email the embedded demo service "sent". There is no phone in
 * demo mode, so the app shows these in a clearly labelled panel. */
struct _XuexinDemoMessage
{
  GObject    parent_instance;

  char      *channel;
  char      *recipient;
  char      *purpose;
  char      *text;
  char      *code;
  GDateTime *sent_at;
};

G_DEFINE_FINAL_TYPE (XuexinDemoMessage, xuexin_demo_message, G_TYPE_OBJECT)

XuexinDemoMessage *
xuexin_demo_message_new (const char *channel,
                         const char *recipient,
                         const char *purpose,
                         const char *text,
                         const char *code,
                         gint64      sent_at)
{
  XuexinDemoMessage *self = g_object_new (XUEXIN_TYPE_DEMO_MESSAGE, NULL);

  self->channel = g_strdup (channel);
  self->recipient = g_strdup (recipient);
  self->purpose = g_strdup (purpose);
  self->text = g_strdup (text);
  self->code = g_strdup (code);
  self->sent_at = g_date_time_new_from_unix_local (sent_at / G_USEC_PER_SEC);

  return self;
}

const char *
xuexin_demo_message_get_channel (XuexinDemoMessage *self)
{
  g_return_val_if_fail (XUEXIN_IS_DEMO_MESSAGE (self), NULL);
  return self->channel;
}

const char *
xuexin_demo_message_get_recipient (XuexinDemoMessage *self)
{
  g_return_val_if_fail (XUEXIN_IS_DEMO_MESSAGE (self), NULL);
  return self->recipient;
}

const char *
xuexin_demo_message_get_purpose (XuexinDemoMessage *self)
{
  g_return_val_if_fail (XUEXIN_IS_DEMO_MESSAGE (self), NULL);
  return self->purpose;
}

const char *
xuexin_demo_message_get_text (XuexinDemoMessage *self)
{
  g_return_val_if_fail (XUEXIN_IS_DEMO_MESSAGE (self), NULL);
  return self->text;
}

const char *
xuexin_demo_message_get_code (XuexinDemoMessage *self)
{
  g_return_val_if_fail (XUEXIN_IS_DEMO_MESSAGE (self), NULL);
  return self->code;
}

GDateTime *
xuexin_demo_message_get_sent_at (XuexinDemoMessage *self)
{
  g_return_val_if_fail (XUEXIN_IS_DEMO_MESSAGE (self), NULL);
  return self->sent_at;
}

static void
xuexin_demo_message_finalize (GObject *object)
{
  XuexinDemoMessage *self = XUEXIN_DEMO_MESSAGE (object);

  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->recipient, g_free);
  g_clear_pointer (&self->purpose, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->sent_at, g_date_time_unref);

  G_OBJECT_CLASS (xuexin_demo_message_parent_class)->finalize (object);
}

static void
xuexin_demo_message_class_init (XuexinDemoMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_demo_message_finalize;
}

static void
xuexin_demo_message_init (XuexinDemoMessage *self)
{
}
