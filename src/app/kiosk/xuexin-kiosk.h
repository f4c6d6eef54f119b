/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define XUEXIN_TYPE_KIOSK (xuexin_kiosk_get_type ())

G_DECLARE_FINAL_TYPE (XuexinKiosk, xuexin_kiosk, XUEXIN, KIOSK, GObject)

/* The seconds of the "Still there?" countdown before the wipe. */
#define XUEXIN_KIOSK_COUNTDOWN_SECONDS 30

XuexinKiosk *xuexin_kiosk_new                (GtkApplication *application,
                                              GSettings      *settings);
void         xuexin_kiosk_start              (XuexinKiosk    *self);
void         xuexin_kiosk_wipe               (XuexinKiosk    *self);
void         xuexin_kiosk_apply_language     (XuexinKiosk    *self);
guint        xuexin_kiosk_get_wipe_count     (XuexinKiosk    *self);
GtkWidget   *xuexin_kiosk_get_idle_dialog    (XuexinKiosk    *self);
/* For tests: seconds of idleness and of the countdown (0: the settings'). */
void         xuexin_kiosk_set_timeouts       (XuexinKiosk    *self,
                                              guint           idle_seconds,
                                              guint           countdown_seconds);

G_END_DECLS
