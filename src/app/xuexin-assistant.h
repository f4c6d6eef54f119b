/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-page.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_ASSISTANT (xuexin_assistant_get_type ())

G_DECLARE_FINAL_TYPE (XuexinAssistant, xuexin_assistant, XUEXIN, ASSISTANT, AdwBin)

void        xuexin_assistant_add_page         (XuexinAssistant *self,
                                               XuexinPage      *page);
XuexinPage *xuexin_assistant_get_current_page (XuexinAssistant *self);
void        xuexin_assistant_remove_pages_after (XuexinAssistant *self,
                                                 XuexinPage      *page);
void        xuexin_assistant_go_to_page       (XuexinAssistant *self,
                                               XuexinPage      *page);
void        xuexin_assistant_next             (XuexinAssistant *self);
void        xuexin_assistant_previous         (XuexinAssistant *self);

G_END_DECLS
