/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-api.h"
#include "xuexin-identity-draft.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_HANDOFF_DIALOG (xuexin_handoff_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XuexinHandoffDialog, xuexin_handoff_dialog, XUEXIN, HANDOFF_DIALOG, AdwWindow)

XuexinHandoffDialog *xuexin_handoff_dialog_new (GtkWindow           *parent,
                                                XuexinClient        *client,
                                                XuexinIdentityDraft *draft);

G_END_DECLS
