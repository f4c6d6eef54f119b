/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-fuzz"

/* The raw photo upload path of the service (PUT …/photos/{side} and the
 * phone hand-off both hand the body to xs_photo_check()): any bytes give
 * either a clean JPEG or PNG within the limits, or an XS_PHOTO_ERROR.
 * Lower limits than the service's keep each run fast; the code paths are
 * the same. */

#include "config.h"

#include "fuzz-common.h"
#include "xuexin-service-photos.h"

static XsPhotoLimits limits;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_logging ();
  xs_photo_limits_init_default (&limits);
  limits.min_long_side = 24;
  limits.min_short_side = 16;
  limits.max_side = 1024;
  limits.max_pixels = 1024 * 1024;
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) upload = g_bytes_new (data, size);
  g_autoptr(GBytes) clean = NULL;
  g_autoptr(GError) error = NULL;
  XsPhotoInfo info = { 0, };

  clean = xs_photo_check (upload, &limits, &info, &error);
  if (clean == NULL)
    {
      g_assert_error (error, XS_PHOTO_ERROR, error->code);
      g_assert_nonnull (xs_photo_error_to_api_code (error->code));
      return 0;
    }

  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (clean), <=, limits.max_bytes);
  g_assert_true (g_str_equal (info.mime_type, "image/jpeg") || g_str_equal (info.mime_type, "image/png"));
  g_assert_true (info.width >= limits.min_short_side && info.height >= limits.min_short_side);
  g_assert_true (info.width <= limits.max_side && info.height <= limits.max_side);
  return 0;
}
