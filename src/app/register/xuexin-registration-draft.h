/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define XUEXIN_TYPE_REGISTRATION_DRAFT (xuexin_registration_draft_get_type ())

G_DECLARE_FINAL_TYPE (XuexinRegistrationDraft, xuexin_registration_draft, XUEXIN, REGISTRATION_DRAFT, GObject)

/* What the registration pages collected, shared across them as
 * gnome-initial-setup's driver shares state: pages set it when they
 * apply, the review page reads it. Every member is a notify property:
 * "phone", "sms-code", "password", "name", "id-type", "id-number",
 * "email", "reregister". */
XuexinRegistrationDraft *xuexin_registration_draft_new (void);

G_END_DECLS
