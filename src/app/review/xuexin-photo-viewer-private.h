/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-photo-viewer.h"

G_BEGIN_DECLS

/* For the tests: where the photo's centre is drawn, relative to the
 * widget's centre, in widget pixels. */
void xuexin_photo_viewer_get_pan (XuexinPhotoViewer *self,
                                  double            *x,
                                  double            *y);

G_END_DECLS
