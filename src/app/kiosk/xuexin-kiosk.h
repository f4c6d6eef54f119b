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

/* The staff unlock: an Argon2id hash (libsodium's string form) of the
 * PIN in the `kiosk-unlock-pin-hash` setting. */
#define XUEXIN_KIOSK_PIN_MIN_LENGTH 6
#define XUEXIN_KIOSK_PIN_MAX_LENGTH 32
/* Wrong PINs in a row before the unlock waits, and how long. */
#define XUEXIN_KIOSK_PIN_MAX_FAILURES 5
#define XUEXIN_KIOSK_PIN_LOCKOUT_SECONDS 60

gboolean     xuexin_kiosk_pin_is_acceptable  (const char     *pin);
char        *xuexin_kiosk_hash_pin           (const char     *pin);
gboolean     xuexin_kiosk_has_pin            (XuexinKiosk    *self);
/* Seconds until the unlock may be tried again; 0 when it may now. */
guint        xuexin_kiosk_get_pin_wait       (XuexinKiosk    *self);
void         xuexin_kiosk_verify_pin_async   (XuexinKiosk    *self,
                                              const char     *pin,
                                              GCancellable   *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer        user_data);
gboolean     xuexin_kiosk_verify_pin_finish  (XuexinKiosk    *self,
                                              GAsyncResult   *result,
                                              GError        **error);
/* Signs every window out on the server, then quits the application. */
void         xuexin_kiosk_quit               (XuexinKiosk    *self);

G_END_DECLS
