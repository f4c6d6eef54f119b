/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-api.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_INBOX_DIALOG (xuexin_inbox_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XuexinInboxDialog, xuexin_inbox_dialog, XUEXIN, INBOX_DIALOG, AdwWindow)

XuexinInboxDialog *xuexin_inbox_dialog_new        (GtkWindow         *parent,
                                                   XuexinClient      *client);
void               xuexin_inbox_dialog_reload     (XuexinInboxDialog *self);

/* Whether a new unread count is worth a desktop notification. */
gboolean           xuexin_inbox_should_notify     (gboolean           previous_known,
                                                   guint              previous_unread,
                                                   guint              unread);

G_END_DECLS
