/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-api.h"
#include "xuexin-client-identity.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_SCHOOL_CHOOSER (xuexin_school_chooser_get_type ())

G_DECLARE_FINAL_TYPE (XuexinSchoolChooser, xuexin_school_chooser, XUEXIN, SCHOOL_CHOOSER, GtkWidget)

void        xuexin_school_chooser_set_client (XuexinSchoolChooser *self,
                                              XuexinClient        *client);
const char *xuexin_school_chooser_get_text   (XuexinSchoolChooser *self);
void        xuexin_school_chooser_set_text   (XuexinSchoolChooser *self,
                                              const char          *text);
GtkWidget  *xuexin_school_chooser_get_entry  (XuexinSchoolChooser *self);

G_END_DECLS
