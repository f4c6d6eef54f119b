/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "xuexin-photo-fit.h"
#include "xuexin-photo-fit-private.h"

G_DEFINE_QUARK (xuexin-photo-fit-error-quark, xuexin_photo_fit_error)

/* The JPEG qualities searched. Above 92 the bytes grow fast for nothing
 * a reviewer can see; below 50 the small print of an ID card smears
 * (the service itself stores nothing under 45). */
#define QUALITY_MIN 50
#define QUALITY_MAX 92

/* The declared pixels decoded at all, checked before they are allocated.
 * A JPEG decodes scaled down by libjpeg (1/2 to 1/8), so a 108 MP phone
 * photo costs a few MB; a PNG (or the full decode of the benchmark)
 * holds every pixel: 50 MP is 200 MB. */
#define MAX_PIXELS_SCALED (120 * 1000 * 1000)
#define MAX_PIXELS_FULL   (50 * 1000 * 1000)

/* When even QUALITY_MIN does not fit at this size, try again this much
 * smaller, down to the service's minimum: noisy photos (night shots,
 * high ISO) compress badly, and a smaller sharp card beats a refusal. */
#define SHRINK_STEP 0.8

/* The blur and darkness measures run on a grey copy this long: large
 * enough for print-sized text edges, small enough to cost ~2 ms, and
 * fixed, so that the measures do not depend on the camera's pixels. */
#define ANALYSIS_LONG_SIDE 640

/*
 * Thresholds, from the test photos of tests/app/test-photo-fit.c
 * (tests/app/xuexin-test-photos.c: an ID card 1700 px wide on a desk in
 * a 2000×1500 frame, text lines 48 px high with strokes of 7 px, a 1 px
 * guilloche, a portrait, a desk with a fine grain, sensor noise of σ 3
 * grey levels added after any blur (σ in pixels of the 2000 px frame)
 * and darkening, as a sensor adds it), measured at
 * ANALYSIS_LONG_SIDE with the noise's share taken out and the contrast
 * stretched (see measure()):
 *
 *   photo                            sharpness   brightness
 *   sharp, as drawn                     1739        165
 *   Gaussian blur σ 1.5 px               705        165
 *   blur σ 2                             422        165
 *   blur σ 3                             143        165
 *   blur σ 4                              64        165
 *   blur σ 6                              14        165
 *   exposure 0.5 (one stop under)       1707         83
 *   exposure 0.35                       1641         58
 *   exposure 0.25 (two stops under)     1407         42
 *   exposure 0.15                       1596         26
 *   blur σ 6 and exposure 0.25             0         42
 *
 * BLUR_THRESHOLD sits between σ 3 and σ 4, on a log scale about midway:
 * up to σ 3 the strokes (7 px) keep their shape on the 1600 px that is
 * sent; from σ 4, a blur over half a stroke wide, the small print of
 * the address and the digits of the ID number run together. Darkening
 * leaves the measure within 20 % (it is exposure-independent, so a dark
 * photo is not also called blurry). DARK_THRESHOLD sits between one
 * stop under (83, still legible) and two stops under (42, where the
 * grey text sinks into the noise): about 1.5 stops.
 */
#define BLUR_THRESHOLD 100.0
#define DARK_THRESHOLD 60.0

struct _XuexinFittedPhoto
{
  GObject              parent_instance;

  GBytes              *bytes;
  GdkPixbuf           *preview;
  guint                width;
  guint                height;
  guint                quality;
  gsize                original_size;
  guint                original_width;
  guint                original_height;
  XuexinPhotoWarnings  warnings;
  double               sharpness;
  double               brightness;
};

G_DEFINE_FINAL_TYPE (XuexinFittedPhoto, xuexin_fitted_photo, G_TYPE_OBJECT)

static void
xuexin_fitted_photo_finalize (GObject *object)
{
  XuexinFittedPhoto *self = XUEXIN_FITTED_PHOTO (object);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_object (&self->preview);

  G_OBJECT_CLASS (xuexin_fitted_photo_parent_class)->finalize (object);
}

static void
xuexin_fitted_photo_class_init (XuexinFittedPhotoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xuexin_fitted_photo_finalize;
}

static void
xuexin_fitted_photo_init (XuexinFittedPhoto *self)
{
}

GBytes *
xuexin_fitted_photo_get_bytes (XuexinFittedPhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_FITTED_PHOTO (self), NULL);
  return self->bytes;
}

gsize
xuexin_fitted_photo_get_size (XuexinFittedPhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_FITTED_PHOTO (self), 0);
  return g_bytes_get_size (self->bytes);
}

guint
xuexin_fitted_photo_get_width (XuexinFittedPhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_FITTED_PHOTO (self), 0);
  return self->width;
}

guint
xuexin_fitted_photo_get_height (XuexinFittedPhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_FITTED_PHOTO (self), 0);
  return self->height;
}

guint
xuexin_fitted_photo_get_quality (XuexinFittedPhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_FITTED_PHOTO (self), 0);
  return self->quality;
}

gsize
xuexin_fitted_photo_get_original_size (XuexinFittedPhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_FITTED_PHOTO (self), 0);
  return self->original_size;
}

guint
xuexin_fitted_photo_get_original_width (XuexinFittedPhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_FITTED_PHOTO (self), 0);
  return self->original_width;
}

guint
xuexin_fitted_photo_get_original_height (XuexinFittedPhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_FITTED_PHOTO (self), 0);
  return self->original_height;
}

XuexinPhotoWarnings
xuexin_fitted_photo_get_warnings (XuexinFittedPhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_FITTED_PHOTO (self), XUEXIN_PHOTO_WARNING_NONE);
  return self->warnings;
}

double
xuexin_fitted_photo_get_sharpness (XuexinFittedPhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_FITTED_PHOTO (self), 0.0);
  return self->sharpness;
}

double
xuexin_fitted_photo_get_brightness (XuexinFittedPhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_FITTED_PHOTO (self), 0.0);
  return self->brightness;
}

GdkPixbuf *
xuexin_fitted_photo_get_preview (XuexinFittedPhoto *self)
{
  g_return_val_if_fail (XUEXIN_IS_FITTED_PHOTO (self), NULL);
  return self->preview;
}

/* --- errors ------------------------------------------------------------- */

static void
set_not_an_image (GError **error)
{
  g_set_error_literal (error, XUEXIN_PHOTO_FIT_ERROR, XUEXIN_PHOTO_FIT_ERROR_NOT_AN_IMAGE,
                       _("This file is not a photo. Choose a JPEG or PNG picture of your ID card."));
}

static void
set_file_too_large (GError **error,
                    guint64  size)
{
  g_autofree char *has = g_format_size (size);
  g_autofree char *most = g_format_size (XUEXIN_PHOTO_FIT_MAX_FILE_BYTES);

  g_set_error (error, XUEXIN_PHOTO_FIT_ERROR, XUEXIN_PHOTO_FIT_ERROR_TOO_LARGE_FILE,
               /* Translators: the sizes are like "52.4 MB" and "41.9 MB". */
               _("This file is %s, more than the %s a photo may have here. Choose the photo of "
                 "your ID card itself, or save a smaller copy of it and choose that."),
               has, most);
}

/* --- decoding ----------------------------------------------------------- */

typedef enum {
  KIND_NONE,
  KIND_JPEG,
  KIND_PNG,
} Kind;

/* By content, as the service judges it: the name and type of the file
 * say nothing. */
static Kind
sniff (const guint8 *data,
       gsize         size)
{
  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return KIND_JPEG;
  if (size >= sizeof png_signature && memcmp (data, png_signature, sizeof png_signature) == 0)
    return KIND_PNG;
  return KIND_NONE;
}

/* The size to send for an upright image of @width × @height: at most
 * XUEXIN_PHOTO_FIT_MAX_SIDE on the long side times @shrink, yet never
 * under the service's minimum on the short side (an extremely long
 * panorama may then keep a longer side; the service allows 8192). */
static void
fit_dimensions (int     width,
                int     height,
                double  shrink,
                int    *out_width,
                int    *out_height)
{
  int long_side = MAX (width, height);
  int short_side = MIN (width, height);
  double scale = MIN (1.0, XUEXIN_PHOTO_FIT_MAX_SIDE * shrink / long_side);

  if (short_side * scale < XUEXIN_PHOTO_FIT_MIN_SHORT_SIDE)
    scale = (double) XUEXIN_PHOTO_FIT_MIN_SHORT_SIDE / short_side;
  if (long_side * scale < XUEXIN_PHOTO_FIT_MIN_LONG_SIDE)
    scale = (double) XUEXIN_PHOTO_FIT_MIN_LONG_SIDE / long_side;
  scale = MIN (scale, 1.0);

  *out_width = MAX (1, (int) ceil (width * scale - 0.5));
  *out_height = MAX (1, (int) ceil (height * scale - 0.5));
}

typedef struct {
  Kind      kind;
  gboolean  scaled_decode;
  gboolean  prepared;
  int       width;     /* declared, before the EXIF orientation */
  int       height;
  GError   *refusal;
} SizeCheck;

/* The loader reports the declared size here, before it allocates the
 * pixels: refuse here what is too small or too large, and let libjpeg
 * scale a big JPEG down while it decodes (it then skips most of the
 * inverse DCT work and never holds the full-size pixels). */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  SizeCheck *check = user_data;
  gboolean scaled = check->scaled_decode && check->kind == KIND_JPEG;
  guint64 max_pixels = scaled ? MAX_PIXELS_SCALED : MAX_PIXELS_FULL;
  int long_side = MAX (width, height);
  int short_side = MIN (width, height);
  int target_width, target_height;
  int denominator;

  check->prepared = TRUE;
  check->width = width;
  check->height = height;

  if (width <= 0 || height <= 0)
    {
      set_not_an_image (&check->refusal);
      /* 0×0 makes the loader stop with an error instead of allocating. */
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  if (long_side < XUEXIN_PHOTO_FIT_MIN_LONG_SIDE || short_side < XUEXIN_PHOTO_FIT_MIN_SHORT_SIDE)
    {
      g_set_error (&check->refusal, XUEXIN_PHOTO_FIT_ERROR, XUEXIN_PHOTO_FIT_ERROR_TOO_SMALL,
                   /* Translators: the sizes are in pixels, width × height. */
                   _("This photo is only %d × %d pixels, and the service needs at least "
                     "%d × %d (or %d × %d if upright). Choose the original photo rather than "
                     "a thumbnail or a screenshot, or take it again closer to the card."),
                   width, height,
                   XUEXIN_PHOTO_FIT_MIN_LONG_SIDE, XUEXIN_PHOTO_FIT_MIN_SHORT_SIDE,
                   XUEXIN_PHOTO_FIT_MIN_SHORT_SIDE, XUEXIN_PHOTO_FIT_MIN_LONG_SIDE);
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  /* Sent at most MAX_SIDE long and at least MIN_SHORT_SIDE wide: a strip
   * longer than that ratio (4:1) meets only one of the two, and the fit
   * would keep the short side and send a long side the service refuses
   * (found by tests/fuzz/fuzz-photo-fit: 23936 × 480 gave 19947 × 400). */
  if ((guint64) long_side * XUEXIN_PHOTO_FIT_MIN_SHORT_SIDE
      > (guint64) short_side * XUEXIN_PHOTO_FIT_MAX_SIDE)
    {
      g_set_error (&check->refusal, XUEXIN_PHOTO_FIT_ERROR, XUEXIN_PHOTO_FIT_ERROR_CANNOT_FIT,
                   /* Translators: the sizes are in pixels, width × height. */
                   _("This photo is %d × %d pixels, too long and narrow to send: its long side "
                     "may be at most %d times its short side. Crop it to the ID card and "
                     "choose the cropped copy."),
                   width, height, XUEXIN_PHOTO_FIT_MAX_SIDE / XUEXIN_PHOTO_FIT_MIN_SHORT_SIDE);
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  if ((guint64) width * (guint64) height > max_pixels)
    {
      g_set_error (&check->refusal, XUEXIN_PHOTO_FIT_ERROR, XUEXIN_PHOTO_FIT_ERROR_TOO_LARGE_FILE,
                   _("This photo has %d × %d pixels, more than can be opened safely here "
                     "(at most %u million). Save a smaller copy of it and choose that."),
                   width, height, (guint) (max_pixels / 1000000));
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  if (!scaled)
    return;

  /* The largest of libjpeg's scales (1/2, 1/4, 1/8) that still gives
   * at least the size to send, so that our own filter does the last
   * step. The size asked for is exactly libjpeg's output (it rounds
   * up), so that the loader has nothing left to scale itself. */
  fit_dimensions (width, height, 1.0, &target_width, &target_height);
  for (denominator = 8; denominator > 1; denominator /= 2)
    {
      int scaled_width = (width + denominator - 1) / denominator;
      int scaled_height = (height + denominator - 1) / denominator;

      if (scaled_width >= target_width && scaled_height >= target_height)
        {
          gdk_pixbuf_loader_set_size (loader, scaled_width, scaled_height);
          return;
        }
    }
}

/* Returns the decoded pixels, still as stored (the "orientation" option
 * of the loader's pixbuf says how to turn them). */
static GdkPixbuf *
decode (GBytes        *data,
        Kind           kind,
        gboolean       scaled_decode,
        SizeCheck     *check,
        GCancellable  *cancellable,
        GError       **error)
{
  /* Fed in pieces so that a cancellation is seen within milliseconds
   * even in the decode of a 40 MB file. */
  const gsize chunk = 256 * 1024;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *bytes;
  GdkPixbuf *pixbuf;
  gsize size, offset;
  gboolean ok = TRUE;

  /* The decoder of the sniffed type only, as the service does: letting
   * gdk-pixbuf guess would hand the bytes to any loader that claims
   * them. */
  loader = gdk_pixbuf_loader_new_with_type (kind == KIND_JPEG ? "jpeg" : "png", &local_error);
  if (loader == NULL)
    {
      g_warning ("No gdk-pixbuf loader for a photo: %s", local_error->message);
      set_not_an_image (error);
      return NULL;
    }

  check->kind = kind;
  check->scaled_decode = scaled_decode;
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), check);

  bytes = g_bytes_get_data (data, &size);
  for (offset = 0; ok && offset < size; offset += chunk)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          gdk_pixbuf_loader_close (loader, NULL);
          return NULL;
        }
      /* A failed write closes the loader itself. */
      ok = gdk_pixbuf_loader_write (loader, bytes + offset, MIN (chunk, size - offset), &local_error);
    }
  if (ok)
    ok = gdk_pixbuf_loader_close (loader, &local_error);

  if (check->refusal != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&check->refusal));
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!ok || pixbuf == NULL || !check->prepared)
    {
      g_debug ("Photo does not decode: %s", local_error != NULL ? local_error->message : "no pixels");
      set_not_an_image (error);
      return NULL;
    }

  return g_object_ref (pixbuf);
}

/* JPEG has no alpha: flatten onto white, as a browser shows it. */
static GdkPixbuf *
flatten (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  GdkPixbuf *opaque;

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return g_object_ref (pixbuf);

  opaque = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  gdk_pixbuf_fill (opaque, 0xffffffff);
  gdk_pixbuf_composite (pixbuf, opaque, 0, 0, width, height, 0, 0, 1, 1,
                        GDK_INTERP_NEAREST, 255);
  return opaque;
}

/* --- blur and darkness -------------------------------------------------- */

#define MAX_CONTRAST_GAIN 8.0

/* The square of the gain that maps the 0.5th to 99.5th percentile of
 * @grey onto 0–255, at most MAX_CONTRAST_GAIN. */
static double
contrast_gain (const guint8 *grey,
               gsize         count)
{
  gsize histogram[256] = { 0 };
  gsize tail = count / 200, seen;
  int low, high;
  double gain;
  gsize i;

  for (i = 0; i < count; i++)
    histogram[grey[i]]++;
  for (low = 0, seen = 0; low < 255 && seen + histogram[low] <= tail; low++)
    seen += histogram[low];
  for (high = 255, seen = 0; high > 0 && seen + histogram[high] <= tail; high--)
    seen += histogram[high];

  gain = high > low ? 255.0 / (high - low) : MAX_CONTRAST_GAIN;
  gain = MIN (gain, MAX_CONTRAST_GAIN);
  return gain * gain;
}

/* The variance of the 4-neighbour Laplacian (sharp edges give large
 * second derivatives, blur flattens them) and the mean luminance, on a
 * grey copy ANALYSIS_LONG_SIDE long. */
static void
measure (GdkPixbuf *pixbuf,
         double    *out_sharpness,
         double    *out_brightness)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  double scale = MIN (1.0, (double) ANALYSIS_LONG_SIDE / MAX (width, height));
  int small_width = MAX (3, (int) (width * scale + 0.5));
  int small_height = MAX (3, (int) (height * scale + 0.5));
  g_autoptr(GdkPixbuf) small = gdk_pixbuf_scale_simple (pixbuf, small_width, small_height,
                                                        GDK_INTERP_BILINEAR);
  const guint8 *pixels = gdk_pixbuf_read_pixels (small);
  int stride = gdk_pixbuf_get_rowstride (small);
  int channels = gdk_pixbuf_get_n_channels (small);
  g_autofree guint8 *grey = g_malloc ((gsize) small_width * small_height);
  double luminance_sum = 0.0, sum = 0.0, sum_squares = 0.0;
  double variance, noise_variance;
  gsize magnitudes[4 * 255 + 1] = { 0 };
  gsize count, median, seen;
  int x, y;

  for (y = 0; y < small_height; y++)
    {
      const guint8 *row = pixels + (gsize) y * stride;

      for (x = 0; x < small_width; x++)
        {
          const guint8 *p = row + x * channels;
          /* Rec. 601 luma, in fixed point. */
          guint8 value = (77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8;

          grey[(gsize) y * small_width + x] = value;
          luminance_sum += value;
        }
    }

  for (y = 1; y < small_height - 1; y++)
    for (x = 1; x < small_width - 1; x++)
      {
        const guint8 *g = grey + (gsize) y * small_width + x;
        int laplacian = g[-1] + g[1] + g[-small_width] + g[small_width] - 4 * g[0];

        sum += laplacian;
        sum_squares += (double) laplacian * laplacian;
        magnitudes[ABS (laplacian)]++;
      }

  count = (gsize) (small_width - 2) * (small_height - 2);
  variance = sum_squares / count - (sum / count) * (sum / count);

  /* The sensor's noise has a Laplacian too, and it would count as
   * detail once the contrast is stretched below: take its share out.
   * Edges cover a small part of a photo, so the median magnitude of the
   * Laplacian is the noise's, and for Gaussian noise σ = 1.4826 × the
   * median absolute value. */
  for (median = 0, seen = 0; median < G_N_ELEMENTS (magnitudes) - 1; median++)
    {
      seen += magnitudes[median];
      if (seen * 2 >= count)
        break;
    }
  noise_variance = (1.4826 * median) * (1.4826 * median);
  *out_sharpness = MAX (0.0, variance - noise_variance);
  *out_brightness = luminance_sum / ((gsize) small_width * small_height);

  /* As if the grey copy were stretched to the full range first: a dark
   * photo has weaker edges only because it is dark, and the darkness
   * has its own warning. The stretch is capped so that the noise of a
   * featureless photo (a blank wall) is not made into "detail". */
  *out_sharpness *= contrast_gain (grey, (gsize) small_width * small_height);
}

/* --- encoding ----------------------------------------------------------- */

static GBytes *
save_jpeg (GdkPixbuf  *pixbuf,
           guint       quality,
           GError    **error)
{
  char quality_string[8];
  gchar *buffer = NULL;
  gsize size = 0;

  g_snprintf (quality_string, sizeof quality_string, "%u", quality);
  /* gdk-pixbuf writes only the pixels unless given "icc-profile" and
   * the like: none of the original's EXIF, GPS, XMP or comments. */
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", error,
                                  "quality", quality_string, NULL))
    return NULL;
  return g_bytes_new_take (buffer, size);
}

/* The highest quality in [QUALITY_MIN, QUALITY_MAX] whose JPEG fits,
 * by binary search (the size grows with the quality); NULL without an
 * error when even QUALITY_MIN does not fit. */

/* @pixbuf, or a copy scaled to at most @max_side on its long side. */
static GdkPixbuf *
scale_to_fit (GdkPixbuf *pixbuf,
              int        max_side)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  double scale = (double) max_side / MAX (width, height);

  if (scale >= 1.0)
    return g_object_ref (pixbuf);

  return gdk_pixbuf_scale_simple (pixbuf, MAX (1, (int) (width * scale + 0.5)),
                                  MAX (1, (int) (height * scale + 0.5)), GDK_INTERP_BILINEAR);
}

static GBytes *
search_quality (GdkPixbuf     *pixbuf,
                guint         *out_quality,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GBytes) best = NULL;
  guint low, high;

  /* Most photos of a card fit at the top already: one encode. */
  best = save_jpeg (pixbuf, QUALITY_MAX, error);
  if (best == NULL)
    return NULL;
  if (g_bytes_get_size (best) <= XUEXIN_PHOTO_FIT_MAX_BYTES)
    {
      *out_quality = QUALITY_MAX;
      return g_steal_pointer (&best);
    }
  g_clear_pointer (&best, g_bytes_unref);

  /* Invariant: @low fits (once best is set), @high does not. */
  low = QUALITY_MIN - 1;
  high = QUALITY_MAX;
  while (high - low > 1)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(GBytes) jpeg = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      jpeg = save_jpeg (pixbuf, middle, error);
      if (jpeg == NULL)
        return NULL;
      if (g_bytes_get_size (jpeg) <= XUEXIN_PHOTO_FIT_MAX_BYTES)
        {
          low = middle;
          g_clear_pointer (&best, g_bytes_unref);
          best = g_steal_pointer (&jpeg);
        }
      else
        high = middle;
    }

  *out_quality = low;
  return g_steal_pointer (&best);
}

XuexinFittedPhoto *
xuexin_photo_fit_run (GBytes        *data,
                      gboolean       scaled_decode,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(XuexinFittedPhoto) self = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) opaque = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  SizeCheck check = { KIND_NONE, FALSE, FALSE, 0, 0, NULL };
  const char *orientation;
  double shrink;
  const guint8 *bytes;
  gsize size;
  Kind kind;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_bytes_get_data (data, &size);
  /* Before anything looks at the bytes. */
  if (size > XUEXIN_PHOTO_FIT_MAX_FILE_BYTES)
    {
      set_file_too_large (error, size);
      return NULL;
    }
  kind = sniff (bytes, size);
  if (kind == KIND_NONE)
    {
      set_not_an_image (error);
      return NULL;
    }

  decoded = decode (data, kind, scaled_decode, &check, cancellable, error);
  if (decoded == NULL)
    return NULL;

  self = g_object_new (XUEXIN_TYPE_FITTED_PHOTO, NULL);
  self->original_size = size;
  /* The EXIF orientation is an option of the loader's own pixbuf, read
   * from the original's APP1 segment; the pixels are turned here since
   * the tag goes with the rest of the metadata. Orientations 5 to 8
   * turn by a quarter: the upright original is the other way round. */
  orientation = gdk_pixbuf_get_option (decoded, "orientation");
  if (orientation != NULL && atoi (orientation) >= 5 && atoi (orientation) <= 8)
    {
      self->original_width = check.height;
      self->original_height = check.width;
    }
  else
    {
      self->original_width = check.width;
      self->original_height = check.height;
    }
  upright = gdk_pixbuf_apply_embedded_orientation (decoded);
  g_clear_object (&decoded);
  opaque = flatten (upright);
  g_clear_object (&upright);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  for (shrink = 1.0; ; shrink *= SHRINK_STEP)
    {
      g_autoptr(GdkPixbuf) fitted = NULL;
      int width, height;

      fit_dimensions (gdk_pixbuf_get_width (opaque), gdk_pixbuf_get_height (opaque), shrink,
                      &width, &height);
      if (width == gdk_pixbuf_get_width (opaque) && height == gdk_pixbuf_get_height (opaque))
        fitted = g_object_ref (opaque);
      else
        /* When reducing, BILINEAR averages every source pixel (a box
         * filter): no aliasing of the print, at a fraction of HYPER's
         * time. */
        fitted = gdk_pixbuf_scale_simple (opaque, width, height, GDK_INTERP_BILINEAR);

      if (shrink == 1.0)
        {
          measure (fitted, &self->sharpness, &self->brightness);
          if (self->sharpness < BLUR_THRESHOLD)
            self->warnings |= XUEXIN_PHOTO_WARNING_BLURRY;
          if (self->brightness < DARK_THRESHOLD)
            self->warnings |= XUEXIN_PHOTO_WARNING_DARK;
        }

      jpeg = search_quality (fitted, &self->quality, cancellable, &local_error);
      if (jpeg != NULL)
        {
          self->width = width;
          self->height = height;
          break;
        }
      /* Cancelled, or the encoder failed (out of memory). */
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      /* Already at the service's minimum: nothing smaller is accepted. */
      if (MIN (width, height) <= XUEXIN_PHOTO_FIT_MIN_SHORT_SIDE ||
          MAX (width, height) <= XUEXIN_PHOTO_FIT_MIN_LONG_SIDE)
        {
          g_set_error (error, XUEXIN_PHOTO_FIT_ERROR, XUEXIN_PHOTO_FIT_ERROR_CANNOT_FIT,
                       _("This photo cannot be made small enough to send (at most 300 KB) and "
                         "still be legible. Take it again in good light on a plain background, "
                         "without digital zoom."));
          return NULL;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
    }
  g_clear_object (&opaque);

  /* What the reviewer will see, from the bytes themselves: this also
   * proves that they decode. */
  loader = gdk_pixbuf_loader_new_with_type ("jpeg", error);
  if (loader == NULL ||
      !gdk_pixbuf_loader_write_bytes (loader, jpeg, error) ||
      !gdk_pixbuf_loader_close (loader, error))
    return NULL;
  /* At the size it is shown, made here on the worker: GTK would scale
   * the full 1600 px down on the main thread for every frame (16 ms a
   * frame with the cairo renderer, docs/benchmarks.md). */
  self->preview = scale_to_fit (gdk_pixbuf_loader_get_pixbuf (loader), XUEXIN_PHOTO_FIT_PREVIEW_SIDE);
  self->bytes = g_steal_pointer (&jpeg);

  return g_steal_pointer (&self);
}

/* --- the task ----------------------------------------------------------- */

/* Reads at most XUEXIN_PHOTO_FIT_MAX_FILE_BYTES + 1 bytes, whatever the
 * file's size said a moment earlier (it may grow, or be a pipe). */
static GBytes *
read_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  guint8 chunk[64 * 1024];

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) > XUEXIN_PHOTO_FIT_MAX_FILE_BYTES)
    {
      set_file_too_large (error, g_file_info_get_size (info));
      return NULL;
    }

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  for (;;)
    {
      gssize got = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk,
                                        cancellable, error);

      if (got < 0)
        return NULL;
      if (got == 0)
        break;
      g_byte_array_append (buffer, chunk, got);
      if (buffer->len > XUEXIN_PHOTO_FIT_MAX_FILE_BYTES)
        {
          set_file_too_large (error, buffer->len);
          return NULL;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* What the task is given: a file to read, or bytes already read. */
typedef struct {
  GFile  *file;
  GBytes *data;
} FitInput;

static void
fit_input_free (FitInput *input)
{
  g_clear_object (&input->file);
  g_clear_pointer (&input->data, g_bytes_unref);
  g_free (input);
}

static void
fit_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  FitInput *input = task_data;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XuexinFittedPhoto) photo = NULL;

  if (input->file != NULL)
    data = read_file (input->file, cancellable, &error);
  else
    data = g_bytes_ref (input->data);
  if (data != NULL)
    photo = xuexin_photo_fit_run (data, TRUE, cancellable, &error);

  /* Cancelled, the task has answered already: returning again would
   * leak the answer it gave (GLib keeps one error). */
  if (!g_task_set_return_on_cancel (task, FALSE))
    return;
  if (photo == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&photo), g_object_unref);
}

static void
start (FitInput            *input,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_photo_fit_async);
  g_task_set_task_data (task, input, (GDestroyNotify) fit_input_free);
  /* A page closed or another photo chosen: answer at once, and let the
   * thread notice at its next step. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, fit_thread);
}

/**
 * xuexin_photo_fit_async:
 * @file: the photo the user chose
 * @cancellable: (nullable): to stop the fit
 * @callback: called on the thread-default main context of the caller
 * @user_data: for @callback
 *
 * Reads, checks and fits @file for the upload in a worker thread.
 */
void
xuexin_photo_fit_async (GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  FitInput *input;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  input = g_new0 (FitInput, 1);
  input->file = g_object_ref (file);
  start (input, cancellable, callback, user_data);
}

/**
 * xuexin_photo_fit_bytes_async:
 * @data: the bytes of a photo (a paste, a drop)
 *
 * As xuexin_photo_fit_async(), for bytes already in memory.
 */
void
xuexin_photo_fit_bytes_async (GBytes              *data,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  FitInput *input;

  g_return_if_fail (data != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  input = g_new0 (FitInput, 1);
  input->data = g_bytes_ref (data);
  start (input, cancellable, callback, user_data);
}

XuexinFittedPhoto *
xuexin_photo_fit_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == xuexin_photo_fit_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
