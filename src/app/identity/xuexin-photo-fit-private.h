/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-photo-fit.h"

G_BEGIN_DECLS

/* The whole fit on the calling thread, as the GTask thread runs it. For
 * the benchmark and the tests: @scaled_decode FALSE decodes a JPEG at
 * its full size first and scales it after, to measure what libjpeg's
 * scaling during the decode saves. */
XuexinFittedPhoto *xuexin_photo_fit_run (GBytes        *data,
                                         gboolean       scaled_decode,
                                         GCancellable  *cancellable,
                                         GError       **error);

G_END_DECLS
