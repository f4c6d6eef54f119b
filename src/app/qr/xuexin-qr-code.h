/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define XUEXIN_TYPE_QR_CODE (xuexin_qr_code_get_type ())

G_DECLARE_FINAL_TYPE (XuexinQrCode, xuexin_qr_code, XUEXIN, QR_CODE, GtkWidget)

GtkWidget  *xuexin_qr_code_new          (void);
const char *xuexin_qr_code_get_text     (XuexinQrCode *self);
void        xuexin_qr_code_set_text     (XuexinQrCode *self,
                                         const char   *text);
gboolean    xuexin_qr_code_get_expired  (XuexinQrCode *self);
void        xuexin_qr_code_set_expired  (XuexinQrCode *self,
                                         gboolean      expired);
int         xuexin_qr_code_get_modules  (XuexinQrCode *self);
gboolean    xuexin_qr_code_get_module   (XuexinQrCode *self,
                                         int           x,
                                         int           y);

G_END_DECLS
