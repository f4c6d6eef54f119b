/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service.h"

G_BEGIN_DECLS

gboolean       xs_delivery_send             (const XuexinServiceConfig *config,
                                             const char    *channel,
                                             const char    *recipient,
                                             const char    *purpose,
                                             const char    *text,
                                             const char    *code,
                                             gint64         now,
                                             GError       **error);

G_END_DECLS
