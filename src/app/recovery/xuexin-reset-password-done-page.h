/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-page.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_RESET_PASSWORD_DONE_PAGE (xuexin_reset_password_done_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinResetPasswordDonePage, xuexin_reset_password_done_page, XUEXIN, RESET_PASSWORD_DONE_PAGE, XuexinPage)

XuexinPage *xuexin_reset_password_done_page_new (void);

G_END_DECLS
