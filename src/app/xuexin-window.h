/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "identity/xuexin-review-watcher.h"
#include "xuexin-application.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_WINDOW (xuexin_window_get_type ())

G_DECLARE_FINAL_TYPE (XuexinWindow, xuexin_window, XUEXIN, WINDOW, AdwApplicationWindow)

XuexinWindow *xuexin_window_new_signed_out (XuexinApplication *application);
XuexinWindow *xuexin_window_new            (XuexinApplication *application);
XuexinClient *xuexin_window_get_client (XuexinWindow      *self);
XuexinReviewWatcher *xuexin_window_get_review_watcher (XuexinWindow *self);
void          xuexin_window_end_session    (XuexinWindow      *self);

G_END_DECLS
