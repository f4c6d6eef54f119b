/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *xuexin_text_strip_dup (const char *text);
char *xuexin_text_mask      (const char *text,
                             guint       keep_head,
                             guint       keep_tail,
                             guint       min_length);

G_END_DECLS
