/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *xuexin_format_wait (guint seconds);

G_END_DECLS
