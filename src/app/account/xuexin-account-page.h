/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-api.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_ACCOUNT_PAGE (xuexin_account_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinAccountPage, xuexin_account_page, XUEXIN, ACCOUNT_PAGE, AdwBin)

void           xuexin_account_page_set_account (XuexinAccountPage *self,
                                                XuexinClient      *client,
                                                XuexinAccount     *account);
XuexinAccount *xuexin_account_page_get_account (XuexinAccountPage *self);
void           xuexin_account_page_focus_start   (XuexinAccountPage *self);
gboolean       xuexin_account_page_get_demo_mode (XuexinAccountPage *self);
void           xuexin_account_page_set_demo_mode (XuexinAccountPage *self,
                                                  gboolean           demo_mode);

G_END_DECLS
