/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define XUEXIN_TYPE_CODE_BUTTON (xuexin_code_button_get_type ())

G_DECLARE_FINAL_TYPE (XuexinCodeButton, xuexin_code_button, XUEXIN, CODE_BUTTON, GtkButton)

void     xuexin_code_button_start_countdown (XuexinCodeButton *self,
                                             guint             seconds);
gboolean xuexin_code_button_get_counting    (XuexinCodeButton *self);

char    *xuexin_format_wait                 (guint             seconds);

G_END_DECLS
