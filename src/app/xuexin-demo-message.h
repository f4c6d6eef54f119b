/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define XUEXIN_TYPE_DEMO_MESSAGE (xuexin_demo_message_get_type ())

G_DECLARE_FINAL_TYPE (XuexinDemoMessage, xuexin_demo_message, XUEXIN, DEMO_MESSAGE, GObject)

XuexinDemoMessage *xuexin_demo_message_new           (const char        *channel,
                                                      const char        *recipient,
                                                      const char        *purpose,
                                                      const char        *text,
                                                      const char        *code,
                                                      gint64             sent_at);
const char        *xuexin_demo_message_get_channel   (XuexinDemoMessage *self);
const char        *xuexin_demo_message_get_recipient (XuexinDemoMessage *self);
const char        *xuexin_demo_message_get_purpose   (XuexinDemoMessage *self);
const char        *xuexin_demo_message_get_text      (XuexinDemoMessage *self);
const char        *xuexin_demo_message_get_code      (XuexinDemoMessage *self);
GDateTime         *xuexin_demo_message_get_sent_at   (XuexinDemoMessage *self);

G_END_DECLS
