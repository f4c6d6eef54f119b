/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

/*
 * The ID photos of identity path 2 (客服协助验证), prepared on the
 * user's machine before the upload: decoded by content, turned upright
 * by its EXIF orientation, checked against the service's minimum size,
 * judged for blur and darkness, and re-encoded from its pixels alone as
 * a JPEG of at most 300 KB (docs/api.md, "ID photos"). GLib and
 * gdk-pixbuf only: the pages show the result, this module never touches
 * a widget. The work runs in a GTask thread; the calling thread only
 * receives the finished XuexinFittedPhoto.
 */

/* What PUT /me/identity/case/photos/{side} accepts (docs/api.md). */
#define XUEXIN_PHOTO_FIT_MAX_BYTES       307200
#define XUEXIN_PHOTO_FIT_MIN_LONG_SIDE   600
#define XUEXIN_PHOTO_FIT_MIN_SHORT_SIDE  400
/* Ours: the long side of what is sent (an ID card stays legible at
 * 1600 px), and the largest file read at all, so that a hostile or
 * mistaken choice (a video, a disk image) cannot fill the memory. */
#define XUEXIN_PHOTO_FIT_MAX_SIDE        1600
#define XUEXIN_PHOTO_FIT_MAX_FILE_BYTES  (40 * 1000 * 1000)
/* The preview's long side: what the photo steps show. */
#define XUEXIN_PHOTO_FIT_PREVIEW_SIDE    800

#define XUEXIN_PHOTO_FIT_ERROR (xuexin_photo_fit_error_quark ())

/**
 * XuexinPhotoFitError:
 * @XUEXIN_PHOTO_FIT_ERROR_NOT_AN_IMAGE: not a JPEG or PNG by its content,
 *   or one that does not decode (damaged, cut short).
 * @XUEXIN_PHOTO_FIT_ERROR_TOO_SMALL: fewer pixels than the service's
 *   minimum (600×400 landscape, 400×600 portrait).
 * @XUEXIN_PHOTO_FIT_ERROR_TOO_LARGE_FILE: a file over
 *   %XUEXIN_PHOTO_FIT_MAX_FILE_BYTES, or one declaring more pixels than
 *   can be decoded safely; refused before the pixels are allocated.
 * @XUEXIN_PHOTO_FIT_ERROR_CANNOT_FIT: no JPEG of a legible quality and
 *   size fits in %XUEXIN_PHOTO_FIT_MAX_BYTES.
 *
 * Every message is translated and says what to do next.
 */
typedef enum {
  XUEXIN_PHOTO_FIT_ERROR_NOT_AN_IMAGE,
  XUEXIN_PHOTO_FIT_ERROR_TOO_SMALL,
  XUEXIN_PHOTO_FIT_ERROR_TOO_LARGE_FILE,
  XUEXIN_PHOTO_FIT_ERROR_CANNOT_FIT,
} XuexinPhotoFitError;

GQuark xuexin_photo_fit_error_quark (void);

/**
 * XuexinPhotoWarnings:
 * @XUEXIN_PHOTO_WARNING_NONE: nothing to say.
 * @XUEXIN_PHOTO_WARNING_BLURRY: the photo looks out of focus or shaken;
 *   the reviewer may not be able to read the card.
 * @XUEXIN_PHOTO_WARNING_DARK: the photo looks underexposed.
 *
 * Warnings, not refusals: the user may still send the photo.
 */
typedef enum {
  XUEXIN_PHOTO_WARNING_NONE   = 0,
  XUEXIN_PHOTO_WARNING_BLURRY = 1 << 0,
  XUEXIN_PHOTO_WARNING_DARK   = 1 << 1,
} XuexinPhotoWarnings;

#define XUEXIN_TYPE_FITTED_PHOTO (xuexin_fitted_photo_get_type ())

G_DECLARE_FINAL_TYPE (XuexinFittedPhoto, xuexin_fitted_photo, XUEXIN, FITTED_PHOTO, GObject)

/* The JPEG to upload: no EXIF, GPS, XMP, ICC or comments. */
GBytes              *xuexin_fitted_photo_get_bytes           (XuexinFittedPhoto *self);
gsize                xuexin_fitted_photo_get_size            (XuexinFittedPhoto *self);
guint                xuexin_fitted_photo_get_width           (XuexinFittedPhoto *self);
guint                xuexin_fitted_photo_get_height          (XuexinFittedPhoto *self);
/* The JPEG quality the fit chose (the highest that fits). */
guint                xuexin_fitted_photo_get_quality         (XuexinFittedPhoto *self);
/* The file as chosen: its bytes, and its pixels once upright. */
gsize                xuexin_fitted_photo_get_original_size   (XuexinFittedPhoto *self);
guint                xuexin_fitted_photo_get_original_width  (XuexinFittedPhoto *self);
guint                xuexin_fitted_photo_get_original_height (XuexinFittedPhoto *self);
XuexinPhotoWarnings  xuexin_fitted_photo_get_warnings        (XuexinFittedPhoto *self);
/* The measures behind the warnings: the variance of the Laplacian and
 * the mean luminance (0–255) of a grey copy 640 px on its long side. */
double               xuexin_fitted_photo_get_sharpness       (XuexinFittedPhoto *self);
double               xuexin_fitted_photo_get_brightness      (XuexinFittedPhoto *self);
/* The pixels of get_bytes(), decoded again (what the reviewer will see),
 * at most %XUEXIN_PHOTO_FIT_PREVIEW_SIDE on the long side. */
GdkPixbuf           *xuexin_fitted_photo_get_preview         (XuexinFittedPhoto *self);

void                 xuexin_photo_fit_async                  (GFile               *file,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
void                 xuexin_photo_fit_bytes_async            (GBytes              *data,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
/* For both of the above. */
XuexinFittedPhoto   *xuexin_photo_fit_finish                 (GAsyncResult        *result,
                                                              GError             **error);

G_END_DECLS
