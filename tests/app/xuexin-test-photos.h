/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

/*
 * Photos of an ID card for the tests and the benchmark of the photo fit,
 * drawn with gdk-pixbuf alone: a card on a wooden desk, with text-like
 * strokes (dark bars 1/7 of a line high, as printed characters have), a
 * fine guilloche of 1 px curves, a portrait box and a red mark in the
 * desk's top-left corner (to see which way the result is turned).
 *
 * @blur_sigma: a Gaussian blur of the scene, in pixels (0: none), as an
 *   out-of-focus lens gives it;
 * @exposure: the scene's light, 1.0 as drawn, 0.25 for a dark room;
 * @noise: the sensor noise added after blur and exposure, as its
 *   standard deviation in grey levels (a phone in daylight: about 3).
 */
GdkPixbuf *xuexin_test_photo_card       (int         width,
                                         int         height,
                                         double      blur_sigma,
                                         double      exposure,
                                         double      noise,
                                         guint32     seed);
GBytes    *xuexin_test_photo_encode     (GdkPixbuf  *pixbuf,
                                         const char *type,
                                         int         quality);
/* @jpeg with an EXIF APP1 segment right after its SOI: a big-endian
 * TIFF header, one IFD with the orientation tag (0x0112) and a make
 * (0x010f), as cameras write it. */
GBytes    *xuexin_test_photo_add_exif   (GBytes     *jpeg,
                                         int         orientation);
/* Whether the JPEG has an APP1 segment (EXIF or XMP) before its scan. */
gboolean   xuexin_test_photo_has_app1   (GBytes     *jpeg);
GdkPixbuf *xuexin_test_photo_decode     (GBytes     *data);

G_END_DECLS
