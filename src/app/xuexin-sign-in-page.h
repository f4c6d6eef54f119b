/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define XUEXIN_TYPE_SIGN_IN_PAGE (xuexin_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (XuexinSignInPage, xuexin_sign_in_page, XUEXIN, SIGN_IN_PAGE, AdwBin)

/**
 * XuexinLoginNameKind:
 *
 * What a login name typed on the sign-in page looks like; the service
 * accepts any of the three.
 */
typedef enum {
  XUEXIN_LOGIN_NAME_INVALID,
  XUEXIN_LOGIN_NAME_PHONE,
  XUEXIN_LOGIN_NAME_ID_NUMBER,
  XUEXIN_LOGIN_NAME_EMAIL,
} XuexinLoginNameKind;

void                xuexin_sign_in_page_focus_login_name (XuexinSignInPage *self);
void                xuexin_sign_in_page_set_busy   (XuexinSignInPage *self,
                                                    gboolean          busy);
void                xuexin_sign_in_page_show_error (XuexinSignInPage *self,
                                                    const GError     *error);
void                xuexin_sign_in_page_reset      (XuexinSignInPage *self);
void                xuexin_sign_in_page_set_login_name (XuexinSignInPage *self,
                                                        const char       *login_name);
GtkWidget          *xuexin_sign_in_page_get_remember_check (XuexinSignInPage *self);
void                xuexin_sign_in_page_focus_password     (XuexinSignInPage *self);

XuexinLoginNameKind xuexin_login_name_classify (const char  *text,
                                                char       **normalized,
                                                const char **problem);

G_END_DECLS
