/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void  xuexin_a11y_names_install            (void);

char *xuexin_a11y_names_strip_mnemonic     (const char   *label);
void  xuexin_a11y_names_fix_button         (GtkWidget    *button);
void  xuexin_a11y_names_fix_check_button   (GtkCheckButton *check_button);
void  xuexin_a11y_names_fix_row            (AdwActionRow *row);
void  xuexin_a11y_names_fix_entry_row      (AdwEntryRow  *row);
void  xuexin_a11y_names_fix_combo_row      (AdwComboRow  *row);
void  xuexin_a11y_names_fix_internal_button (GtkWidget   *button);

G_END_DECLS
