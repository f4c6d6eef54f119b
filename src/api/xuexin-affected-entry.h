/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ----- XuexinAffectedEntry: on_success.affected_platforms ----- */

#define XUEXIN_TYPE_AFFECTED_ENTRY (xuexin_affected_entry_get_type ())
G_DECLARE_FINAL_TYPE (XuexinAffectedEntry, xuexin_affected_entry, XUEXIN, AFFECTED_ENTRY, GObject)

XuexinAffectedEntry *xuexin_affected_entry_new_from_json       (JsonObject           *object,
                                                                GError              **error);
const char          *xuexin_affected_entry_get_platform        (XuexinAffectedEntry  *self);
const char          *xuexin_affected_entry_get_platform_name   (XuexinAffectedEntry  *self);
/* "研招推免", "统考", "自主招生", "兵役登记/应征报名" (zh_CN from the service). */
const char          *xuexin_affected_entry_get_entry           (XuexinAffectedEntry  *self);

G_END_DECLS
