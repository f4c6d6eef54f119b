/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "xuexin-test-photos.h"

typedef struct {
  guint8 *pixels;
  int     width;
  int     height;
  int     stride;
} Canvas;

/* xorshift32: the same photo for the same seed, fast enough for 12 MP. */
static inline guint32
next_random (guint32 *state)
{
  guint32 x = *state;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

static inline double
uniform (guint32 *state)
{
  return (next_random (state) >> 8) / 16777216.0;
}

static inline guint8
clamp_byte (double value)
{
  return value <= 0 ? 0 : value >= 255 ? 255 : (guint8) (value + 0.5);
}

static void
fill_rect (Canvas *canvas,
           int     x0,
           int     y0,
           int     w,
           int     h,
           guint8  r,
           guint8  g,
           guint8  b)
{
  int x, y;

  for (y = MAX (0, y0); y < MIN (canvas->height, y0 + h); y++)
    for (x = MAX (0, x0); x < MIN (canvas->width, x0 + w); x++)
      {
        guint8 *p = canvas->pixels + (gsize) y * canvas->stride + x * 3;

        p[0] = r;
        p[1] = g;
        p[2] = b;
      }
}

static void
fill_ellipse (Canvas *canvas,
              int     cx,
              int     cy,
              int     rx,
              int     ry,
              guint8  r,
              guint8  g,
              guint8  b)
{
  int x, y;

  for (y = MAX (0, cy - ry); y < MIN (canvas->height, cy + ry); y++)
    for (x = MAX (0, cx - rx); x < MIN (canvas->width, cx + rx); x++)
      {
        double dx = (double) (x - cx) / rx, dy = (double) (y - cy) / ry;

        if (dx * dx + dy * dy <= 1.0)
          {
            guint8 *p = canvas->pixels + (gsize) y * canvas->stride + x * 3;

            p[0] = r;
            p[1] = g;
            p[2] = b;
          }
      }
}

/* A printed character: 3 to 6 strokes, horizontal or vertical, in a
 * square cell, like the strokes of 汉字 or the bars of digits. */
static void
draw_glyph (Canvas  *canvas,
            int      x0,
            int      y0,
            int      size,
            guint32 *random)
{
  int stroke = MAX (2, size / 7);
  int strokes = 3 + next_random (random) % 4;
  int i;

  for (i = 0; i < strokes; i++)
    {
      int a = (int) (uniform (random) * (size - stroke));
      int from = (int) (uniform (random) * size * 0.5);
      int length = (int) (size * (0.4 + uniform (random) * 0.6));

      length = MIN (length, size - from);
      if (next_random (random) & 1)
        fill_rect (canvas, x0 + from, y0 + a, length, stroke, 28, 30, 38);
      else
        fill_rect (canvas, x0 + a, y0 + from, stroke, length, 28, 30, 38);
    }
}

static void
draw_text_line (Canvas  *canvas,
                int      x0,
                int      y0,
                int      x1,
                int      size,
                guint32 *random)
{
  int x;

  for (x = x0; x + size <= x1; x += size + size / 8)
    {
      /* Words: now and then a space. */
      if (next_random (random) % 7 == 0)
        continue;
      draw_glyph (canvas, x, y0, size, random);
    }
}

static void
draw_scene (Canvas  *canvas,
            guint32 *random)
{
  int width = canvas->width, height = canvas->height;
  int card_w = (int) (width * 0.85);
  int card_h = (int) (card_w / 1.585);
  int card_x = (width - card_w) / 2;
  int card_y = (height - card_h) / 2;
  int line = MAX (6, card_h / 22);
  int fibre = MAX (2, width / 1000);
  int x, y, i;

  /* A wooden desk: warm brown with slow grain, and the fibres of its
   * surface, cells of about 1/1000 of the frame: the fine detail that
   * makes a phone's JPEG large and survives scaling to 1600 px. */
  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      {
        guint8 *p = canvas->pixels + (gsize) y * canvas->stride + x * 3;
        guint32 cell = (guint32) (x / fibre) * 73856093u ^ (guint32) (y / fibre) * 19349663u ^ *random;
        double grain = 12 * sin (y * 0.02 + 3 * sin (x * 0.003)) + 6 * sin (y * 0.11) +
                       ((int) (next_random (&cell) >> 24) - 128) / 6.0;

        p[0] = clamp_byte (128 + grain);
        p[1] = clamp_byte (96 + grain * 0.8);
        p[2] = clamp_byte (70 + grain * 0.6);
      }

  /* Something red in the desk's top-left corner. */
  fill_rect (canvas, width / 100, width / 100, width / 20, width / 20, 220, 20, 20);

  /* The card: a pale blue gradient. */
  for (y = card_y; y < card_y + card_h; y++)
    for (x = card_x; x < card_x + card_w; x++)
      {
        guint8 *p = canvas->pixels + (gsize) y * canvas->stride + x * 3;
        double t = (double) (x - card_x) / card_w;

        p[0] = clamp_byte (232 - 22 * t);
        p[1] = clamp_byte (236 - 14 * t);
        p[2] = clamp_byte (244 - 8 * t);
      }

  /* The guilloche: fine interlaced curves across the card. */
  for (i = 0; i < 24; i++)
    {
      double phase = i * 0.7, amplitude = card_h * (0.05 + 0.01 * (i % 5));
      int base = card_y + card_h * (i + 1) / 26;

      for (x = card_x; x < card_x + card_w; x++)
        {
          y = base + (int) (amplitude * sin (x * 18.0 / card_w + phase));
          if (y >= card_y && y < card_y + card_h)
            {
              guint8 *p = canvas->pixels + (gsize) y * canvas->stride + x * 3;

              p[0] = 170;
              p[1] = 186;
              p[2] = 214;
            }
        }
    }

  /* The portrait on the right. */
  {
    int px = card_x + card_w * 66 / 100, py = card_y + card_h * 15 / 100;
    int pw = card_w * 28 / 100, ph = card_h * 62 / 100;

    fill_rect (canvas, px, py, pw, ph, 205, 208, 212);
    fill_ellipse (canvas, px + pw / 2, py + ph * 42 / 100, pw * 28 / 100, ph * 30 / 100,
                  224, 190, 168);
    fill_ellipse (canvas, px + pw / 2, py + ph * 20 / 100, pw * 30 / 100, ph * 14 / 100,
                  40, 32, 30);
    fill_ellipse (canvas, px + pw / 2, py + ph, pw * 45 / 100, ph * 25 / 100, 50, 60, 90);
  }

  /* Name, sex and nation, born, address (two lines), then the number. */
  for (i = 0; i < 6; i++)
    draw_text_line (canvas, card_x + card_w * 5 / 100, card_y + card_h * 12 / 100 + i * line * 2,
                    card_x + card_w * (i < 4 ? 40 : 62) / 100, line, random);
  draw_text_line (canvas, card_x + card_w * 28 / 100, card_y + card_h * 82 / 100,
                  card_x + card_w * 95 / 100, line * 13 / 10, random);
}

/* Separable Gaussian of @sigma pixels, clamped at the edges. */
static void
blur (Canvas *canvas,
      double  sigma)
{
  int radius = (int) ceil (sigma * 3);
  int taps = 2 * radius + 1;
  g_autofree float *kernel = g_new (float, taps);
  g_autofree float *row = g_new (float, (gsize) MAX (canvas->width, canvas->height) * 3);
  g_autofree guint8 *copy = NULL;
  double total = 0;
  int x, y, k, c;

  for (k = 0; k < taps; k++)
    total += kernel[k] = (float) exp (-(k - radius) * (k - radius) / (2 * sigma * sigma));
  for (k = 0; k < taps; k++)
    kernel[k] /= total;

  for (y = 0; y < canvas->height; y++)
    {
      guint8 *line = canvas->pixels + (gsize) y * canvas->stride;

      for (x = 0; x < canvas->width; x++)
        for (c = 0; c < 3; c++)
          {
            float sum = 0;

            for (k = 0; k < taps; k++)
              sum += kernel[k] * line[CLAMP (x + k - radius, 0, canvas->width - 1) * 3 + c];
            row[x * 3 + c] = sum;
          }
      for (x = 0; x < canvas->width * 3; x++)
        line[x] = clamp_byte (row[x]);
    }

  copy = g_memdup2 (canvas->pixels, (gsize) canvas->stride * canvas->height);
  for (y = 0; y < canvas->height; y++)
    {
      memset (row, 0, sizeof (float) * canvas->width * 3);
      for (k = 0; k < taps; k++)
        {
          const guint8 *source = copy + (gsize) CLAMP (y + k - radius, 0, canvas->height - 1) * canvas->stride;

          for (x = 0; x < canvas->width * 3; x++)
            row[x] += kernel[k] * source[x];
        }
      for (x = 0; x < canvas->width * 3; x++)
        canvas->pixels[(gsize) y * canvas->stride + x] = clamp_byte (row[x]);
    }
}

GdkPixbuf *
xuexin_test_photo_card (int     width,
                        int     height,
                        double  blur_sigma,
                        double  exposure,
                        double  noise,
                        guint32 seed)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  Canvas canvas = { gdk_pixbuf_get_pixels (pixbuf), width, height, gdk_pixbuf_get_rowstride (pixbuf) };
  guint32 random = seed != 0 ? seed : 0x9e3779b9;
  /* The sum of four uniforms is close to normal; its σ is 1/√3. */
  double noise_scale = noise * sqrt (3.0);
  int x, y;

  draw_scene (&canvas, &random);
  if (blur_sigma > 0)
    blur (&canvas, blur_sigma);

  for (y = 0; y < height; y++)
    {
      guint8 *line = canvas.pixels + (gsize) y * canvas.stride;

      for (x = 0; x < width * 3; x++)
        {
          double n = uniform (&random) + uniform (&random) + uniform (&random) + uniform (&random) - 2.0;

          line[x] = clamp_byte (line[x] * exposure + n * noise_scale);
        }
    }

  return pixbuf;
}

GBytes *
xuexin_test_photo_encode (GdkPixbuf  *pixbuf,
                          const char *type,
                          int         quality)
{
  g_autoptr(GError) error = NULL;
  char quality_string[8];
  gchar *buffer = NULL;
  gsize size = 0;
  gboolean ok;

  g_snprintf (quality_string, sizeof quality_string, "%d", quality);
  if (g_str_equal (type, "jpeg"))
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error,
                                    "quality", quality_string, NULL);
  else
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL);
  g_assert_no_error (error);
  g_assert_true (ok);

  return g_bytes_new_take (buffer, size);
}

GBytes *
xuexin_test_photo_add_exif (GBytes *jpeg,
                            int     orientation)
{
  static const char make[] = "XuexinCam";
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 *data;
  gsize size;
  /* APP1: "Exif\0\0", then TIFF: "MM", 42, IFD at 8; 2 entries. */
  guint8 segment[] = {
    0xff, 0xe1, 0x00, 0x00,
    'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x02,
    /* Make: ASCII, 10 bytes at offset 38. */
    0x01, 0x0f, 0x00, 0x02, 0x00, 0x00, 0x00, sizeof make, 0x00, 0x00, 0x00, 38,
    /* Orientation: SHORT, 1, inline. */
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, (guint8) orientation, 0x00, 0x00,
    /* No next IFD. */
    0x00, 0x00, 0x00, 0x00,
  };
  guint length;

  data = g_bytes_get_data (jpeg, &size);
  g_assert_cmpuint (size, >, 2);
  g_assert_true (data[0] == 0xff && data[1] == 0xd8);

  length = sizeof segment - 2 + sizeof make;
  segment[2] = length >> 8;
  segment[3] = length & 0xff;
  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, segment, sizeof segment);
  g_byte_array_append (out, (const guint8 *) make, sizeof make);
  g_byte_array_append (out, data + 2, size - 2);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
xuexin_test_photo_has_app1 (GBytes *jpeg)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);
  gsize at = 2;

  g_assert_true (size > 2 && data[0] == 0xff && data[1] == 0xd8);
  while (at + 4 <= size)
    {
      guint8 marker;

      g_assert_cmpuint (data[at], ==, 0xff);
      marker = data[at + 1];
      if (marker == 0xe1)
        return TRUE;
      /* The scan: no more metadata segments before it ends. */
      if (marker == 0xda)
        return FALSE;
      at += 2 + ((data[at + 2] << 8) | data[at + 3]);
    }
  return FALSE;
}

GdkPixbuf *
xuexin_test_photo_decode (GBytes *data)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_loader_write_bytes (loader, data, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);

  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}
