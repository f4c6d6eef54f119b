/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *xuexin_format_wait             (guint       seconds);
char       *xuexin_format_time             (GDateTime  *time);
const char *xuexin_format_assistance_state (const char *state);

G_END_DECLS
