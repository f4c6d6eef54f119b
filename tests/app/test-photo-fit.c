/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* memmem */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "xuexin-photo-fit.h"
#include "xuexin-service-photos.h"
#include "xuexin-test-photos.h"

/*
 * The ID photo fit of identity path 2 (src/app/identity/xuexin-photo-fit.c)
 * on photos drawn by xuexin-test-photos.c: through its public async calls,
 * on a main loop of the test's own, as a page would call it. What it makes
 * is checked by the service's own photo check (xs_photo_check), so that a
 * fitted photo is one the service stores.
 */

typedef struct {
  GMainLoop         *loop;
  XuexinFittedPhoto *photo;
  GError            *error;
  GThread           *callback_thread;
  guint              ticks;
} Wait;

static void
fit_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  g_assert_null (source);
  wait->photo = xuexin_photo_fit_finish (result, &wait->error);
  wait->callback_thread = g_thread_self ();
  g_main_loop_quit (wait->loop);
}

static gboolean
tick_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->ticks++;
  return G_SOURCE_CONTINUE;
}

/* Runs a fit started by @start to its end on a main loop, counting the
 * main loop's 1 ms ticks meanwhile. */
static XuexinFittedPhoto *
wait_for_fit (Wait    *wait,
              GError **error)
{
  guint tick = g_timeout_add (1, tick_cb, wait);

  g_main_loop_run (wait->loop);
  g_source_remove (tick);
  g_main_loop_unref (wait->loop);
  /* The callback comes on the thread that called, never the worker. */
  g_assert_true (wait->callback_thread == g_thread_self ());
  if (wait->error != NULL)
    g_propagate_error (error, wait->error);
  return wait->photo;
}

static XuexinFittedPhoto *
fit_bytes (GBytes        *data,
           GCancellable  *cancellable,
           guint         *out_ticks,
           GError       **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL, NULL, 0 };
  XuexinFittedPhoto *photo;

  xuexin_photo_fit_bytes_async (data, cancellable, fit_done_cb, &wait);
  photo = wait_for_fit (&wait, error);
  if (out_ticks != NULL)
    *out_ticks = wait.ticks;
  return photo;
}

static XuexinFittedPhoto *
fit_file (GFile   *file,
          GError **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL, NULL, 0 };

  xuexin_photo_fit_async (file, NULL, fit_done_cb, &wait);
  return wait_for_fit (&wait, error);
}

static GFile *
write_temp_file (const char *name,
                 GBytes     *data)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (data, NULL), g_bytes_get_size (data), &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static GBytes *
card_jpeg (int     width,
           int     height,
           double  blur_sigma,
           double  exposure,
           double  noise,
           int     quality)
{
  g_autoptr(GdkPixbuf) card = xuexin_test_photo_card (width, height, blur_sigma, exposure, noise, 7);

  return xuexin_test_photo_encode (card, "jpeg", quality);
}

/* The 12 MP photo of a phone: 4000×3000, about 5 MB, without and with
 * its camera's EXIF (orientation @orientation, a make). Drawn once: it
 * takes a second. */
static GBytes *
big_photo_plain (void)
{
  static GBytes *photo;

  if (photo == NULL)
    photo = card_jpeg (4000, 3000, 0, 1.0, 6, 95);
  return photo;
}

static GBytes *
big_photo (void)
{
  static GBytes *photo;

  if (photo == NULL)
    photo = xuexin_test_photo_add_exif (big_photo_plain (), 1);
  return photo;
}

/* What every fitted photo must be: a JPEG within the service's limits,
 * with nothing but its pixels, that the service takes as it is. */
static void
assert_fitted (XuexinFittedPhoto *photo)
{
  GBytes *bytes = xuexin_fitted_photo_get_bytes (photo);
  g_autoptr(GdkPixbuf) decoded = xuexin_test_photo_decode (bytes);
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GError) error = NULL;
  GdkPixbuf *preview = xuexin_fitted_photo_get_preview (photo);
  XsPhotoInfo info;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpuint (size, ==, xuexin_fitted_photo_get_size (photo));
  g_assert_cmpuint (size, <=, XUEXIN_PHOTO_FIT_MAX_BYTES);
  g_assert_true (data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff);
  g_assert_cmpint (gdk_pixbuf_get_width (decoded), ==, xuexin_fitted_photo_get_width (photo));
  g_assert_cmpint (gdk_pixbuf_get_height (decoded), ==, xuexin_fitted_photo_get_height (photo));
  g_assert_cmpuint (MAX (xuexin_fitted_photo_get_width (photo), xuexin_fitted_photo_get_height (photo)),
                    <=, XUEXIN_PHOTO_FIT_MAX_SIDE);
  g_assert_cmpuint (xuexin_fitted_photo_get_quality (photo), >=, 50);
  g_assert_cmpuint (xuexin_fitted_photo_get_quality (photo), <=, 92);

  /* No metadata: no APP1 segment (EXIF, XMP), no "Exif" anywhere. */
  g_assert_false (xuexin_test_photo_has_app1 (bytes));
  g_assert_null (memmem (data, size, "Exif", 4));
  g_assert_null (memmem (data, size, "XuexinCam", 9));

  g_assert_nonnull (preview);
  /* The preview: the photo at the size it is shown, same proportions. */
  g_assert_cmpint (MAX (gdk_pixbuf_get_width (preview), gdk_pixbuf_get_height (preview)), ==,
                   MIN (XUEXIN_PHOTO_FIT_PREVIEW_SIDE,
                        MAX (xuexin_fitted_photo_get_width (photo), xuexin_fitted_photo_get_height (photo))));
  g_assert_cmpint (ABS (gdk_pixbuf_get_width (preview) * (int) xuexin_fitted_photo_get_height (photo)
                        - gdk_pixbuf_get_height (preview) * (int) xuexin_fitted_photo_get_width (photo)),
                   <=, (int) MAX (xuexin_fitted_photo_get_width (photo), xuexin_fitted_photo_get_height (photo)));

  stored = xs_photo_check (bytes, NULL, &info, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpuint (info.width, ==, xuexin_fitted_photo_get_width (photo));
  g_assert_cmpuint (info.height, ==, xuexin_fitted_photo_get_height (photo));
}

static void
assert_not_an_image (GError *error)
{
  g_assert_error (error, XUEXIN_PHOTO_FIT_ERROR, XUEXIN_PHOTO_FIT_ERROR_NOT_AN_IMAGE);
  g_assert_cmpstr (error->message, ==,
                   "This file is not a photo. Choose a JPEG or PNG picture of your ID card.");
}

static void
test_not_an_image_text (void)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("My ID card number is on the back.\n", 34);
  g_autoptr(GFile) file = write_temp_file ("xuexin-photo-fit-text.jpg", text);
  g_autoptr(GError) error = NULL;
  XuexinFittedPhoto *photo;

  /* A text file named .jpg: judged by content. */
  photo = fit_file (file, &error);
  g_assert_null (photo);
  assert_not_an_image (error);
  g_file_delete (file, NULL, NULL);
}

static void
test_not_an_image_truncated (void)
{
  g_autoptr(GBytes) jpeg = card_jpeg (800, 600, 0, 1.0, 3, 90);
  g_autoptr(GBytes) header = g_bytes_new_from_bytes (jpeg, 0, 120);
  g_autoptr(GError) error = NULL;
  XuexinFittedPhoto *photo;

  /* A JPEG's magic and the start of its header, then nothing. */
  photo = fit_bytes (header, NULL, NULL, &error);
  g_assert_null (photo);
  assert_not_an_image (error);
}

static void
test_not_an_image_other_format (void)
{
  g_autoptr(GdkPixbuf) card = xuexin_test_photo_card (800, 600, 0, 1.0, 3, 1);
  g_autoptr(GBytes) bmp = xuexin_test_photo_encode (card, "bmp", 0);
  g_autoptr(GError) error = NULL;
  XuexinFittedPhoto *photo;

  /* A real image in a format the service refuses. */
  photo = fit_bytes (bmp, NULL, NULL, &error);
  g_assert_null (photo);
  assert_not_an_image (error);
}

static void
test_too_small (void)
{
  struct {
    int      width, height;
    gboolean fits;
  } cases[] = {
    { 500, 300, FALSE },
    { 599, 400, FALSE },
    { 600, 399, FALSE },
    { 300, 800, FALSE },
    { 600, 400, TRUE },
    { 400, 600, TRUE },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) jpeg = card_jpeg (cases[i].width, cases[i].height, 0, 1.0, 3, 90);
      g_autoptr(GError) error = NULL;
      g_autoptr(XuexinFittedPhoto) photo = fit_bytes (jpeg, NULL, NULL, &error);
      g_autofree char *has = g_strdup_printf ("only %d × %d pixels", cases[i].width, cases[i].height);

      if (cases[i].fits)
        {
          g_assert_no_error (error);
          assert_fitted (photo);
          g_assert_cmpuint (xuexin_fitted_photo_get_width (photo), ==, cases[i].width);
          g_assert_cmpuint (xuexin_fitted_photo_get_height (photo), ==, cases[i].height);
          continue;
        }
      g_assert_null (photo);
      g_assert_error (error, XUEXIN_PHOTO_FIT_ERROR, XUEXIN_PHOTO_FIT_ERROR_TOO_SMALL);
      /* What it has and what is needed, in the sentence itself. */
      g_assert_nonnull (strstr (error->message, has));
      g_assert_nonnull (strstr (error->message, "at least 600 × 400 (or 400 × 600 if upright)"));
    }
}

/* A grey JPEG with a few stripes, of any proportions (the drawn card
 * needs those of a card). */
static GBytes *
strip_jpeg (int width,
            int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  char *data = NULL;
  gsize size = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      memset (pixels + y * stride + x * 3, (x / 40) % 2 ? 200 : 60, 3);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "jpeg", &error, "quality", "90", NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (data, size);
}

/* A strip longer than 4:1 cannot be sent both at most 1600 px long and
 * at least 400 px wide; the fit kept the width and sent 19947 × 400 for
 * 23936 × 480 (tests/fuzz/corpus/fuzz-photo-fit/narrow-strip.jpg). */
static void
test_too_narrow (void)
{
  struct {
    int      width, height;
    gboolean fits;
  } cases[] = {
    { 2404, 480, FALSE },
    { 401, 1700, FALSE },
    { 1601, 400, FALSE },
    { 1600, 400, TRUE },
    { 480, 1920, TRUE },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) jpeg = strip_jpeg (cases[i].width, cases[i].height);
      g_autoptr(GError) error = NULL;
      g_autoptr(XuexinFittedPhoto) photo = fit_bytes (jpeg, NULL, NULL, &error);

      if (cases[i].fits)
        {
          g_assert_no_error (error);
          assert_fitted (photo);
          g_assert_cmpuint (MAX (xuexin_fitted_photo_get_width (photo),
                                 xuexin_fitted_photo_get_height (photo)), <=, XUEXIN_PHOTO_FIT_MAX_SIDE);
          g_assert_cmpuint (MIN (xuexin_fitted_photo_get_width (photo),
                                 xuexin_fitted_photo_get_height (photo)), >=, XUEXIN_PHOTO_FIT_MIN_SHORT_SIDE);
          continue;
        }
      g_assert_null (photo);
      g_assert_error (error, XUEXIN_PHOTO_FIT_ERROR, XUEXIN_PHOTO_FIT_ERROR_CANNOT_FIT);
      g_assert_nonnull (strstr (error->message, "too long and narrow"));
    }
}

static void
test_too_large_file (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "xuexin-photo-fit-huge.jpg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) jpeg = card_jpeg (800, 600, 0, 1.0, 3, 90);
  g_autoptr(GByteArray) padded = g_byte_array_new ();
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GError) error = NULL;
  XuexinFittedPhoto *photo;
  FILE *stream;

  /* A real JPEG at the start of a 41 MB file (sparse: no disk used). */
  stream = g_fopen (path, "wb");
  g_assert_nonnull (stream);
  g_assert_cmpuint (fwrite (g_bytes_get_data (jpeg, NULL), 1, g_bytes_get_size (jpeg), stream),
                    ==, g_bytes_get_size (jpeg));
  g_assert_cmpint (fseek (stream, 41 * 1024 * 1024 - 1, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc (0, stream), ==, 0);
  g_assert_cmpint (fclose (stream), ==, 0);

  photo = fit_file (file, &error);
  g_assert_null (photo);
  g_assert_error (error, XUEXIN_PHOTO_FIT_ERROR, XUEXIN_PHOTO_FIT_ERROR_TOO_LARGE_FILE);
  g_test_message ("%s", error->message);
  /* g_format_size() puts a no-break space before the unit. */
  g_assert_nonnull (strstr (error->message, "This file is 43.0\u00a0MB, more than the 40.0\u00a0MB"));
  g_clear_error (&error);
  g_file_delete (file, NULL, NULL);

  /* The same for bytes in memory: refused before any decoding. */
  g_byte_array_append (padded, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_byte_array_set_size (padded, XUEXIN_PHOTO_FIT_MAX_FILE_BYTES + 1);
  big = g_byte_array_free_to_bytes (g_steal_pointer (&padded));
  photo = fit_bytes (big, NULL, NULL, &error);
  g_assert_null (photo);
  g_assert_error (error, XUEXIN_PHOTO_FIT_ERROR, XUEXIN_PHOTO_FIT_ERROR_TOO_LARGE_FILE);
}

static void
test_too_many_pixels (void)
{
  g_autoptr(GBytes) jpeg = card_jpeg (800, 600, 0, 1.0, 3, 90);
  gsize size, at;
  guint8 *data = g_memdup2 (g_bytes_get_data (jpeg, &size), g_bytes_get_size (jpeg));
  g_autoptr(GBytes) bomb = NULL;
  g_autoptr(GError) error = NULL;
  XuexinFittedPhoto *photo;

  /* A JPEG of 100 KB declaring 30000×20000 in its frame header: refused
   * from the declaration, before 1.8 GB of pixels are asked for. */
  for (at = 2; at + 9 < size && data[at + 1] != 0xc0; at += 2 + ((data[at + 2] << 8) | data[at + 3]))
    ;
  g_assert_cmpuint (data[at + 1], ==, 0xc0);
  data[at + 5] = 20000 >> 8;
  data[at + 6] = 20000 & 0xff;
  data[at + 7] = 30000 >> 8;
  data[at + 8] = 30000 & 0xff;
  bomb = g_bytes_new_take (data, size);

  photo = fit_bytes (bomb, NULL, NULL, &error);
  g_assert_null (photo);
  g_assert_error (error, XUEXIN_PHOTO_FIT_ERROR, XUEXIN_PHOTO_FIT_ERROR_TOO_LARGE_FILE);
  g_assert_nonnull (strstr (error->message, "30000 × 20000"));
}

static void
test_big_photo (void)
{
  GBytes *original = big_photo ();
  g_autoptr(GFile) file = write_temp_file ("xuexin-photo-fit-12mp.jpg", original);
  g_autoptr(GError) error = NULL;
  g_autoptr(XuexinFittedPhoto) photo = NULL;

  g_test_message ("12 MP photo: %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (original));
  g_assert_cmpuint (g_bytes_get_size (original), <, 7 * 1000 * 1000);
  g_assert_cmpuint (g_bytes_get_size (original), >, 4 * 1000 * 1000);
  /* The guard of the metadata checks below: the original has them. */
  g_assert_true (xuexin_test_photo_has_app1 (original));

  photo = fit_file (file, &error);
  g_assert_no_error (error);
  assert_fitted (photo);
  g_assert_cmpuint (xuexin_fitted_photo_get_width (photo), ==, 1600);
  g_assert_cmpuint (xuexin_fitted_photo_get_height (photo), ==, 1200);
  g_assert_cmpuint (xuexin_fitted_photo_get_original_width (photo), ==, 4000);
  g_assert_cmpuint (xuexin_fitted_photo_get_original_height (photo), ==, 3000);
  g_assert_cmpuint (xuexin_fitted_photo_get_original_size (photo), ==, g_bytes_get_size (original));
  g_assert_cmpuint (xuexin_fitted_photo_get_warnings (photo), ==, XUEXIN_PHOTO_WARNING_NONE);
  g_test_message ("fitted: %u×%u, quality %u, %" G_GSIZE_FORMAT " bytes",
                  xuexin_fitted_photo_get_width (photo), xuexin_fitted_photo_get_height (photo),
                  xuexin_fitted_photo_get_quality (photo), xuexin_fitted_photo_get_size (photo));
  /* Detailed enough that the quality had to be searched for. */
  g_assert_cmpuint (xuexin_fitted_photo_get_quality (photo), <, 92);
  g_file_delete (file, NULL, NULL);
}

/* Whether the pixel at (@x, @y) is the red mark of the test photos. */
static gboolean
is_red (GdkPixbuf *pixbuf,
        int        x,
        int        y)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) +
                    x * gdk_pixbuf_get_n_channels (pixbuf);

  return p[0] > 160 && p[1] < 80 && p[2] < 80;
}

static void
assert_turned_right (XuexinFittedPhoto *photo,
                     int                stored_width,
                     int                stored_height)
{
  GdkPixbuf *preview = xuexin_fitted_photo_get_preview (photo);
  int width = gdk_pixbuf_get_width (preview);
  int height = gdk_pixbuf_get_height (preview);

  /* Orientation 6: the camera was turned a quarter clockwise; shown
   * upright, the stored top-left corner is at the top right. */
  g_assert_cmpuint (xuexin_fitted_photo_get_original_width (photo), ==, stored_height);
  g_assert_cmpuint (xuexin_fitted_photo_get_original_height (photo), ==, stored_width);
  g_assert_cmpint (width, <, height);
  g_assert_true (is_red (preview, width - 1 - width * 3 / 100, height * 3 / 100 * width / height));
  g_assert_false (is_red (preview, width * 3 / 100, width * 3 / 100));
}

static void
test_orientation (void)
{
  g_autoptr(GBytes) plain = card_jpeg (1200, 800, 0, 1.0, 3, 90);
  g_autoptr(GBytes) turned = xuexin_test_photo_add_exif (plain, 6);
  g_autoptr(GBytes) big_turned = xuexin_test_photo_add_exif (big_photo_plain (), 6);
  g_autoptr(GError) error = NULL;
  g_autoptr(XuexinFittedPhoto) photo = NULL;
  g_autoptr(XuexinFittedPhoto) big = NULL;

  /* The guard: without the tag the mark stays at the top left. */
  photo = fit_bytes (plain, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (is_red (xuexin_fitted_photo_get_preview (photo), 36, 36));
  g_clear_object (&photo);

  /* Small: decoded at its size. */
  photo = fit_bytes (turned, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_fitted (photo);
  g_assert_cmpuint (xuexin_fitted_photo_get_width (photo), ==, 800);
  g_assert_cmpuint (xuexin_fitted_photo_get_height (photo), ==, 1200);
  assert_turned_right (photo, 1200, 800);

  /* Big: scaled by libjpeg while it decodes, the tag read all the same. */
  big = fit_bytes (big_turned, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_fitted (big);
  g_assert_cmpuint (xuexin_fitted_photo_get_width (big), ==, 1200);
  g_assert_cmpuint (xuexin_fitted_photo_get_height (big), ==, 1600);
  assert_turned_right (big, 4000, 3000);
}

static void
test_png (void)
{
  g_autoptr(GdkPixbuf) card = xuexin_test_photo_card (1000, 700, 0, 1.0, 3, 3);
  g_autoptr(GdkPixbuf) alpha = gdk_pixbuf_add_alpha (card, FALSE, 0, 0, 0);
  g_autoptr(GBytes) png = xuexin_test_photo_encode (alpha, "png", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(XuexinFittedPhoto) photo = NULL;

  /* A PNG with an alpha channel: sent as a JPEG, at its own size. */
  photo = fit_bytes (png, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_fitted (photo);
  g_assert_cmpuint (xuexin_fitted_photo_get_width (photo), ==, 1000);
  g_assert_cmpuint (xuexin_fitted_photo_get_height (photo), ==, 700);
  g_assert_false (gdk_pixbuf_get_has_alpha (xuexin_fitted_photo_get_preview (photo)));
}

static void
test_noise_shrinks (void)
{
  g_autoptr(GdkPixbuf) noise = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1600, 1200);
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XuexinFittedPhoto) photo = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (noise);
  gsize i, length = (gsize) gdk_pixbuf_get_rowstride (noise) * 1200;
  guint32 state = 12345;

  /* Pure noise: no quality fits 300 KB at 1600 px, so the fit steps
   * down in size until one does, and stays within the service's
   * minimum. */
  for (i = 0; i < length; i++)
    {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      pixels[i] = state >> 24;
    }
  jpeg = xuexin_test_photo_encode (noise, "jpeg", 90);

  photo = fit_bytes (jpeg, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_fitted (photo);
  g_test_message ("noise: %u×%u at quality %u", xuexin_fitted_photo_get_width (photo),
                  xuexin_fitted_photo_get_height (photo), xuexin_fitted_photo_get_quality (photo));
  g_assert_cmpuint (xuexin_fitted_photo_get_width (photo), <, 1600);
  g_assert_cmpuint (xuexin_fitted_photo_get_width (photo), >=, XUEXIN_PHOTO_FIT_MIN_LONG_SIDE);
  g_assert_cmpuint (xuexin_fitted_photo_get_height (photo), >=, XUEXIN_PHOTO_FIT_MIN_SHORT_SIDE);
}

static void
test_warnings (void)
{
  struct {
    const char          *name;
    double               blur_sigma;
    double               exposure;
    XuexinPhotoWarnings  expected;
  } cases[] = {
    { "sharp, bright", 0, 1.0, XUEXIN_PHOTO_WARNING_NONE },
    { "blurred", 6, 1.0, XUEXIN_PHOTO_WARNING_BLURRY },
    { "dark", 0, 0.25, XUEXIN_PHOTO_WARNING_DARK },
    { "blurred, dark", 6, 0.25, XUEXIN_PHOTO_WARNING_BLURRY | XUEXIN_PHOTO_WARNING_DARK },
    /* Either side of the thresholds, by a margin (see the table in
     * xuexin-photo-fit.c): soft but legible, and one stop under. */
    { "blur 3", 3, 1.0, XUEXIN_PHOTO_WARNING_NONE },
    { "one stop under", 0, 0.5, XUEXIN_PHOTO_WARNING_NONE },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) jpeg = card_jpeg (2000, 1500, cases[i].blur_sigma, cases[i].exposure, 3, 90);
      g_autoptr(GError) error = NULL;
      g_autoptr(XuexinFittedPhoto) photo = fit_bytes (jpeg, NULL, NULL, &error);

      g_assert_no_error (error);
      assert_fitted (photo);
      g_test_message ("%s: sharpness %.1f, brightness %.1f", cases[i].name,
                      xuexin_fitted_photo_get_sharpness (photo),
                      xuexin_fitted_photo_get_brightness (photo));
      g_assert_cmpuint (xuexin_fitted_photo_get_warnings (photo), ==, cases[i].expected);
    }
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL, NULL, 0 };
  XuexinFittedPhoto *photo;
  guint ticks = 0;

  /* Cancelled while the worker decodes the 12 MP photo. */
  xuexin_photo_fit_bytes_async (big_photo (), cancellable, fit_done_cb, &wait);
  g_cancellable_cancel (cancellable);
  photo = wait_for_fit (&wait, &error);
  g_assert_null (photo);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled before it started. */
  g_cancellable_cancel (cancelled);
  photo = fit_bytes (big_photo (), cancelled, NULL, &error);
  g_assert_null (photo);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Not cancelled: the main loop kept turning while the worker fitted
   * (a fit on the calling thread would give no tick at all). */
  photo = fit_bytes (big_photo (), NULL, &ticks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ticks, >, 0);
  g_assert_finalize_object (photo);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/photo-fit/not-an-image/text", test_not_an_image_text);
  g_test_add_func ("/photo-fit/not-an-image/truncated-jpeg", test_not_an_image_truncated);
  g_test_add_func ("/photo-fit/not-an-image/other-format", test_not_an_image_other_format);
  g_test_add_func ("/photo-fit/too-small", test_too_small);
  g_test_add_func ("/photo-fit/too-narrow", test_too_narrow);
  g_test_add_func ("/photo-fit/too-large-file", test_too_large_file);
  g_test_add_func ("/photo-fit/too-many-pixels", test_too_many_pixels);
  g_test_add_func ("/photo-fit/big-photo", test_big_photo);
  g_test_add_func ("/photo-fit/orientation", test_orientation);
  g_test_add_func ("/photo-fit/png", test_png);
  g_test_add_func ("/photo-fit/noise-shrinks", test_noise_shrinks);
  g_test_add_func ("/photo-fit/warnings", test_warnings);
  g_test_add_func ("/photo-fit/cancel", test_cancel);

  return g_test_run ();
}
