/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TEMPORARY, see xuexin-page-focus-stub.c. */
#pragma once

#include "xuexin-page.h"

GtkWidget *xuexin_page_get_focus_widget (XuexinPage *self);
GtkWidget *xuexin_page_get_error_widget (XuexinPage *self);
