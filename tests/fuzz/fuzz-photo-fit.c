/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-fuzz"

/* The app's photo preparation (identity path 2) on any bytes, through
 * xuexin_photo_fit_run(), the synchronous body of
 * xuexin_photo_fit_bytes_async(): gdk-pixbuf decode by content, EXIF
 * orientation, the minimum size, the fit into 300 KB and the re-encode.
 * The outcome is a XUEXIN_PHOTO_FIT_ERROR or a JPEG within the limits
 * without any metadata segment. */

#include "config.h"

#include "fuzz-common.h"
#include "xuexin-photo-fit-private.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_logging ();
  return 0;
}

/* The markers before the scan: APP1–APP15 (EXIF, XMP, ICC, …) and COM
 * must be gone; APP0 (JFIF) is the encoder's own. */
static void
assert_no_metadata (const guint8 *jpeg,
                    gsize         size)
{
  gsize i = 2;

  g_assert_true (size > 4 && jpeg[0] == 0xff && jpeg[1] == 0xd8);
  while (i + 4 <= size)
    {
      guint8 marker;
      gsize length;

      g_assert_cmpuint (jpeg[i], ==, 0xff);
      marker = jpeg[i + 1];
      if (marker == 0xda)  /* start of scan: the pixels follow */
        return;
      g_assert_false (marker >= 0xe1 && marker <= 0xef);
      g_assert_cmpuint (marker, !=, 0xfe);
      length = ((gsize) jpeg[i + 2] << 8) | jpeg[i + 3];
      i += 2 + length;
    }
  g_assert_not_reached ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(XuexinFittedPhoto) photo = NULL;
  GBytes *jpeg;

  photo = xuexin_photo_fit_run (input, TRUE, NULL, &error);
  if (photo == NULL)
    {
      g_assert_error (error, XUEXIN_PHOTO_FIT_ERROR, error->code);
      g_assert_nonnull (error->message);
      return 0;
    }

  g_assert_no_error (error);
  jpeg = xuexin_fitted_photo_get_bytes (photo);
  g_assert_cmpuint (g_bytes_get_size (jpeg), <=, XUEXIN_PHOTO_FIT_MAX_BYTES);
  g_assert_cmpuint (xuexin_fitted_photo_get_size (photo), ==, g_bytes_get_size (jpeg));
  g_assert_cmpuint (MAX (xuexin_fitted_photo_get_width (photo), xuexin_fitted_photo_get_height (photo)),
                    <=, XUEXIN_PHOTO_FIT_MAX_SIDE);
  assert_no_metadata (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_assert_true (GDK_IS_PIXBUF (xuexin_fitted_photo_get_preview (photo)));
  return 0;
}
