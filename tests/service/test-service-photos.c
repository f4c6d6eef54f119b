/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service-test"

#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include <sodium.h>

#include "xuexin-service-photos.h"

/* Every photo here is made by the test itself, with gdk-pixbuf's own
 * savers or byte by byte where a saver would not write what is needed
 * (EXIF with GPS, APNG, bombs). */

/* --- images ------------------------------------------------------------ */

/* A smooth picture compresses far below the limit; noise does not. */
static GdkPixbuf *
make_pixbuf (int      width,
             int      height,
             gboolean noise)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int x, y;

  for (y = 0; y < height; y++)
    {
      guint8 *row = pixels + (gsize) y * stride;

      if (noise)
        {
          randombytes_buf (row, (gsize) width * 3);
          continue;
        }
      for (x = 0; x < width; x++)
        {
          row[x * 3] = 40 + (x * 160) / width;
          row[x * 3 + 1] = 60 + (y * 120) / height;
          row[x * 3 + 2] = 200;
        }
    }

  return pixbuf;
}

static GBytes *
save_pixbuf (GdkPixbuf  *pixbuf,
             const char *type)
{
  g_autoptr(GError) error = NULL;
  gchar *buffer = NULL;
  gsize size = 0;

  if (g_str_equal (type, "jpeg"))
    gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, "quality", "85", NULL);
  else
    gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL);
  g_assert_no_error (error);

  return g_bytes_new_take (buffer, size);
}

static GBytes *
make_image (int         width,
            int         height,
            gboolean    noise,
            const char *type)
{
  g_autoptr(GdkPixbuf) pixbuf = make_pixbuf (width, height, noise);

  return save_pixbuf (pixbuf, type);
}

static GBytes *
concat (GBytes       *a,
        const void   *b,
        gsize         b_size)
{
  GByteArray *array = g_byte_array_new ();
  gsize a_size;
  const guint8 *a_data = g_bytes_get_data (a, &a_size);

  g_byte_array_append (array, a_data, a_size);
  g_byte_array_append (array, b, b_size);
  return g_byte_array_free_to_bytes (array);
}

static gboolean
contains (GBytes     *haystack,
          const void *needle,
          gsize       needle_size)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (haystack, &size);

  gsize i;

  for (i = 0; i + needle_size <= size; i++)
    if (memcmp (data + i, needle, needle_size) == 0)
      return TRUE;
  return FALSE;
}

static GdkPixbuf *
decode_bytes (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static void
assert_refused (GBytes      *bytes,
                XsPhotoError code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) clean = NULL;

  clean = xs_photo_check (bytes, NULL, NULL, &error);
  g_assert_error (error, XS_PHOTO_ERROR, code);
  g_assert_null (clean);
}

/* The marker segments of a JPEG up to its first scan. */
static GString *
jpeg_markers (GBytes *jpeg)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);
  GString *markers = g_string_new (NULL);
  gsize p = 2;

  while (p + 4 <= size && data[p] == 0xff)
    {
      guint8 marker = data[p + 1];

      g_string_append_printf (markers, "%02X ", marker);
      if (marker == 0xda)
        break;
      p += 2 + (((gsize) data[p + 2] << 8) | data[p + 3]);
    }
  return markers;
}

/* --- PNG by hand --------------------------------------------------------- */

static guint32
crc32 (const guint8 *data,
       gsize         size,
       guint32       crc)
{
  gsize i;
  int k;

  crc = ~crc;
  for (i = 0; i < size; i++)
    {
      crc ^= data[i];
      for (k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
  return ~crc;
}

static void
append_be32 (GByteArray *array,
             guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (array, bytes, 4);
}

static void
append_chunk (GByteArray   *png,
              const char   *type,
              const guint8 *data,
              gsize         size)
{
  guint32 crc;

  append_be32 (png, size);
  g_byte_array_append (png, (const guint8 *) type, 4);
  if (size > 0)
    g_byte_array_append (png, data, size);
  crc = crc32 ((const guint8 *) type, 4, 0);
  crc = crc32 (data, size, crc);
  append_be32 (png, crc);
}

static GBytes *
zlib_compress (const guint8 *data,
               gsize         size)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, data, size, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* A 1-bit greyscale PNG of @width×@height declared pixels, with
 * @rows rows of white (or random) pixels in its IDAT: all of them for a
 * bomb that really expands, one for a file that only declares the size. */
static GBytes *
make_png_gray1 (guint32  width,
                guint32  height,
                guint32  rows,
                gboolean noise)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  GByteArray *png = g_byte_array_new ();
  guint8 ihdr[13];
  gsize row_size = 1 + (width + 7) / 8;
  g_autofree guint8 *raw = g_malloc0 (row_size * rows);
  g_autoptr(GBytes) idat = NULL;
  guint32 i;

  ihdr[0] = width >> 24; ihdr[1] = width >> 16; ihdr[2] = width >> 8; ihdr[3] = width;
  ihdr[4] = height >> 24; ihdr[5] = height >> 16; ihdr[6] = height >> 8; ihdr[7] = height;
  ihdr[8] = 1;   /* bit depth */
  ihdr[9] = 0;   /* greyscale */
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  for (i = 0; i < rows; i++)
    {
      if (noise)
        randombytes (raw + i * row_size + 1, row_size - 1);
      else
        memset (raw + i * row_size + 1, 0xff, row_size - 1);
    }
  idat = zlib_compress (raw, row_size * rows);

  g_byte_array_append (png, signature, sizeof signature);
  append_chunk (png, "IHDR", ihdr, sizeof ihdr);
  append_chunk (png, "IDAT", g_bytes_get_data (idat, NULL), g_bytes_get_size (idat));
  append_chunk (png, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (png);
}

/* The end of the last whole chunk of a cut PNG. */
static gsize
find_last_chunk_end (const guint8 *data,
                     gsize         size)
{
  gsize p = 8;

  for (;;)
    {
      gsize length = ((gsize) data[p] << 24) | ((gsize) data[p + 1] << 16) |
                     ((gsize) data[p + 2] << 8) | data[p + 3];

      if (p + 12 + length > size)
        return p;
      p += 12 + length;
    }
}

static GBytes *
make_png_bomb (guint32 width,
               guint32 height,
               guint32 rows)
{
  return make_png_gray1 (width, height, rows, FALSE);
}

/* --- validation ---------------------------------------------------------- */

static void
test_png_accepted (void)
{
  g_autoptr(GBytes) png = make_image (800, 600, FALSE, "png");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) clean = NULL;
  g_autoptr(GdkPixbuf) stored = NULL;
  XsPhotoInfo info;

  g_assert_cmpuint (g_bytes_get_size (png), <=, 307200);
  clean = xs_photo_check (png, NULL, &info, &error);
  g_assert_no_error (error);
  g_assert_nonnull (clean);
  g_assert_cmpstr (info.input_type, ==, "image/png");
  g_assert_cmpstr (info.mime_type, ==, "image/png");
  g_assert_cmpuint (info.width, ==, 800);
  g_assert_cmpuint (info.height, ==, 600);
  g_assert_cmpuint (g_bytes_get_size (clean), <=, 307200);

  stored = decode_bytes (clean);
  g_assert_cmpint (gdk_pixbuf_get_width (stored), ==, 800);
  g_assert_cmpint (gdk_pixbuf_get_height (stored), ==, 600);
}

/* The stored PNG has only the chunks of pixels: no text, EXIF or ICC. */
static void
test_png_metadata_stripped (void)
{
  g_autoptr(GdkPixbuf) pixbuf = make_pixbuf (640, 480, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) clean = NULL;
  gchar *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error,
                             "tEXt::Comment", "home address Haidian, Beijing",
                             NULL);
  g_assert_no_error (error);
  png = g_bytes_new_take (buffer, size);
  g_assert_true (contains (png, "tEXt", 4));

  clean = xs_photo_check (png, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (contains (clean, "tEXt", 4));
  g_assert_false (contains (clean, "home address", 12));
}

static void
test_portrait_and_minimum (void)
{
  g_autoptr(GBytes) portrait = make_image (400, 600, FALSE, "jpeg");
  g_autoptr(GBytes) narrow = make_image (599, 400, FALSE, "jpeg");
  g_autoptr(GBytes) low = make_image (600, 399, FALSE, "png");
  g_autoptr(GBytes) clean = NULL;
  g_autoptr(GError) error = NULL;
  XsPhotoInfo info;

  clean = xs_photo_check (portrait, NULL, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info.width, ==, 400);
  g_assert_cmpuint (info.height, ==, 600);

  assert_refused (narrow, XS_PHOTO_ERROR_TOO_SMALL);
  assert_refused (low, XS_PHOTO_ERROR_TOO_SMALL);
}

/* A phone's 12 MP photo: as the camera writes it, far over 300 KB and
 * refused by its size; made small enough in bytes, stored at its full
 * size in pixels, never quietly shrunk. */
static void
test_twelve_megapixels (void)
{
  g_autoptr(GBytes) camera = make_image (4000, 3000, TRUE, "jpeg");
  g_autoptr(GdkPixbuf) smooth = make_pixbuf (4000, 3000, FALSE);
  g_autoptr(GBytes) small = NULL;
  g_autoptr(GBytes) clean = NULL;
  g_autoptr(GdkPixbuf) stored = NULL;
  g_autoptr(GError) error = NULL;
  XsPhotoInfo info;
  gchar *buffer = NULL;
  gsize size = 0;

  g_assert_cmpuint (g_bytes_get_size (camera), >, 307200);
  assert_refused (camera, XS_PHOTO_ERROR_TOO_LARGE);

  gdk_pixbuf_save_to_buffer (smooth, &buffer, &size, "jpeg", &error, "quality", "60", NULL);
  g_assert_no_error (error);
  small = g_bytes_new_take (buffer, size);
  g_assert_cmpuint (g_bytes_get_size (small), <=, 307200);

  clean = xs_photo_check (small, NULL, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (clean), <=, 307200);
  g_assert_cmpuint (info.width, ==, 4000);
  g_assert_cmpuint (info.height, ==, 3000);
  stored = decode_bytes (clean);
  g_assert_cmpint (gdk_pixbuf_get_width (stored), ==, 4000);
  g_assert_cmpint (gdk_pixbuf_get_height (stored), ==, 3000);
}

/* Black-and-white noise in a 1-bit PNG fits in 300 KB as uploaded, but
 * not once stored as 8-bit RGB, as PNG or as JPEG at any quality the
 * store is willing to write: refused as too large rather than stored
 * illegible or smaller. */
static void
test_reencoding_must_fit (void)
{
  g_autoptr(GBytes) upload = make_png_gray1 (1600, 1200, 1200, TRUE);
  g_autoptr(GdkPixbuf) decodable = decode_bytes (upload);

  g_assert_cmpuint (g_bytes_get_size (upload), <=, 307200);
  g_assert_cmpint (gdk_pixbuf_get_width (decodable), ==, 1600);

  assert_refused (upload, XS_PHOTO_ERROR_TOO_LARGE);
}

/* An APP1 "Exif" segment as a phone writes it: IFD0 with Orientation 6
 * (turn 90° clockwise), a camera model, and a GPS IFD with the latitude
 * and longitude of Tiananmen. */
static GBytes *
make_exif_app1 (void)
{
  GByteArray *tiff = g_byte_array_new ();
  GByteArray *app1 = g_byte_array_new ();
  /* Little-endian TIFF: header, IFD0 at 8 with 3 entries, GPS IFD after. */
  static const guint8 header[] = { 'I', 'I', 42, 0, 8, 0, 0, 0 };
  guint32 ifd0_size = 2 + 3 * 12 + 4;
  guint32 model_offset = 8 + ifd0_size;
  static const char model[16] = "PhoneCam GPS-1";
  guint32 gps_offset = model_offset + sizeof model;
  guint32 gps_size = 2 + 4 * 12 + 4;
  guint32 lat_offset = gps_offset + gps_size;
  guint32 lon_offset = lat_offset + 24;
  guint8 entry[12];
  guint32 rationals[12] = { 39, 1, 54, 1, 2712, 100, 116, 1, 23, 1, 2988, 100 };
  guint16 count;
  guint i;
  gsize app1_length;

#define PUT16(b, v) do { (b)[0] = (v) & 0xff; (b)[1] = ((v) >> 8) & 0xff; } while (0)
#define PUT32(b, v) do { PUT16 (b, (v) & 0xffff); PUT16 ((b) + 2, ((v) >> 16) & 0xffff); } while (0)
#define ENTRY(tag, type, n, value) do { PUT16 (entry, tag); PUT16 (entry + 2, type); \
    PUT32 (entry + 4, n); PUT32 (entry + 8, value); g_byte_array_append (tiff, entry, 12); } while (0)

  g_byte_array_append (tiff, header, sizeof header);
  count = 3;
  g_byte_array_append (tiff, (guint8 *) &(guint8[2]) { count, 0 }, 2);
  ENTRY (0x0110, 2, sizeof model, model_offset);   /* Model */
  ENTRY (0x0112, 3, 1, 6);                          /* Orientation */
  ENTRY (0x8825, 4, 1, gps_offset);                 /* GPS IFD */
  g_byte_array_append (tiff, (const guint8 *) "\0\0\0\0", 4);
  g_byte_array_append (tiff, (const guint8 *) model, sizeof model);

  count = 4;
  g_byte_array_append (tiff, (guint8 *) &(guint8[2]) { count, 0 }, 2);
  ENTRY (0x0001, 2, 2, 'N');                        /* GPSLatitudeRef */
  ENTRY (0x0002, 5, 3, lat_offset);                 /* GPSLatitude */
  ENTRY (0x0003, 2, 2, 'E');                        /* GPSLongitudeRef */
  ENTRY (0x0004, 5, 3, lon_offset);                 /* GPSLongitude */
  g_byte_array_append (tiff, (const guint8 *) "\0\0\0\0", 4);
  for (i = 0; i < G_N_ELEMENTS (rationals); i++)
    {
      guint8 b[4];

      PUT32 (b, rationals[i]);
      g_byte_array_append (tiff, b, 4);
    }
  g_assert_cmpuint (tiff->len, ==, lon_offset + 24);

  app1_length = 2 + 6 + tiff->len;
  g_byte_array_append (app1, (const guint8 *) "\xff\xe1", 2);
  g_byte_array_append (app1, (guint8 *) &(guint8[2]) { app1_length >> 8, app1_length & 0xff }, 2);
  g_byte_array_append (app1, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (app1, tiff->data, tiff->len);
  g_byte_array_free (tiff, TRUE);

#undef ENTRY
#undef PUT32
#undef PUT16
  return g_byte_array_free_to_bytes (app1);
}

/* @segment right after SOI. */
static GBytes *
jpeg_insert_segment (GBytes *jpeg,
                     GBytes *segment)
{
  GByteArray *out = g_byte_array_new ();
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);

  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, g_bytes_get_data (segment, NULL), g_bytes_get_size (segment));
  g_byte_array_append (out, data + 2, size - 2);
  return g_byte_array_free_to_bytes (out);
}

static void
test_exif_gps_stripped (void)
{
  g_autoptr(GBytes) plain = make_image (800, 600, FALSE, "jpeg");
  g_autoptr(GBytes) app1 = make_exif_app1 ();
  g_autoptr(GBytes) upload = jpeg_insert_segment (plain, app1);
  g_autoptr(GdkPixbuf) with_exif = decode_bytes (upload);
  g_autoptr(GBytes) clean = NULL;
  g_autoptr(GdkPixbuf) stored = NULL;
  g_autoptr(GString) markers = NULL;
  g_autoptr(GError) error = NULL;
  guint8 latitude_seconds[8] = { 0x98, 0x0a, 0, 0, 100, 0, 0, 0 }; /* 2712/100 */
  XsPhotoInfo info;

  /* The upload really carries what is to be stripped, and gdk-pixbuf
   * reads its orientation. */
  g_assert_true (contains (upload, "Exif", 4));
  g_assert_true (contains (upload, "PhoneCam", 8));
  g_assert_true (contains (upload, latitude_seconds, sizeof latitude_seconds));
  g_assert_cmpstr (gdk_pixbuf_get_option (with_exif, "orientation"), ==, "6");

  clean = xs_photo_check (upload, NULL, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info.mime_type, ==, "image/jpeg");

  g_assert_false (contains (clean, "Exif", 4));
  g_assert_false (contains (clean, "PhoneCam", 8));
  g_assert_false (contains (clean, latitude_seconds, sizeof latitude_seconds));
  markers = jpeg_markers (clean);
  g_assert_null (strstr (markers->str, "E1"));  /* EXIF, XMP */
  g_assert_null (strstr (markers->str, "E2"));  /* ICC */
  g_assert_null (strstr (markers->str, "FE"));  /* comments */

  /* Turned upright, so the stored file needs no orientation tag. */
  g_assert_cmpuint (info.width, ==, 600);
  g_assert_cmpuint (info.height, ==, 800);
  stored = decode_bytes (clean);
  g_assert_cmpint (gdk_pixbuf_get_width (stored), ==, 600);
  g_assert_cmpint (gdk_pixbuf_get_height (stored), ==, 800);
  g_assert_null (gdk_pixbuf_get_option (stored, "orientation"));
}

/* A tiny valid GIF (1×1): refused for what it is, not for its size. */
static void
test_gif_refused (void)
{
  static const guint8 gif[] = {
    'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0,
    0, 0, 0, 0xff, 0xff, 0xff,
    0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0, 0x3b,
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (gif, sizeof gif);
  g_autoptr(GdkPixbuf) decodable = decode_bytes (bytes);

  g_assert_nonnull (decodable);
  assert_refused (bytes, XS_PHOTO_ERROR_FORMAT);
  g_assert_cmpstr (xs_photo_error_to_api_code (XS_PHOTO_ERROR_FORMAT), ==, "photo_invalid");
}

static void
test_apng_refused (void)
{
  g_autoptr(GBytes) png = make_image (800, 600, FALSE, "png");
  GByteArray *apng = g_byte_array_new ();
  const guint8 *data = g_bytes_get_data (png, NULL);
  static const guint8 actl[8] = { 0, 0, 0, 2, 0, 0, 0, 0 };
  g_autoptr(GBytes) bytes = NULL;

  /* Signature and IHDR (8 + 25 bytes), acTL, then the rest. */
  g_byte_array_append (apng, data, 33);
  append_chunk (apng, "acTL", actl, sizeof actl);
  g_byte_array_append (apng, data + 33, g_bytes_get_size (png) - 33);
  bytes = g_byte_array_free_to_bytes (apng);

  assert_refused (bytes, XS_PHOTO_ERROR_ANIMATED);
}

static void
test_truncated_refused (void)
{
  g_autoptr(GBytes) jpeg = make_image (800, 600, FALSE, "jpeg");
  g_autoptr(GBytes) png = make_image (800, 600, FALSE, "png");
  g_autoptr(GBytes) cut_jpeg = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) * 6 / 10);
  g_autoptr(GBytes) cut_png = g_bytes_new_from_bytes (png, 0, g_bytes_get_size (png) * 6 / 10);
  g_autoptr(GBytes) cut_png_iend = NULL;
  /* gdk-pixbuf itself takes both without an error. */
  g_autoptr(GdkPixbuf) lenient_jpeg = decode_bytes (cut_jpeg);
  g_autoptr(GdkPixbuf) lenient_png = decode_bytes (cut_png);
  GByteArray *glued = g_byte_array_new ();

  assert_refused (cut_jpeg, XS_PHOTO_ERROR_CORRUPT);
  assert_refused (cut_png, XS_PHOTO_ERROR_CORRUPT);

  /* An IEND glued to the cut: the chunks look whole, yet the decoder
   * runs out of rows. */
  g_byte_array_append (glued, g_bytes_get_data (cut_png, NULL), g_bytes_get_size (cut_png));
  g_byte_array_set_size (glued, find_last_chunk_end (glued->data, glued->len));
  append_chunk (glued, "IEND", NULL, 0);
  cut_png_iend = g_byte_array_free_to_bytes (glued);
  assert_refused (cut_png_iend, XS_PHOTO_ERROR_CORRUPT);
}

/* Judged by content: a PNG named photo.jpg and sent as image/jpeg is a
 * PNG; a JPEG or PNG signature in front of the other format is not an
 * image at all. */
static void
test_content_decides (void)
{
  g_autoptr(GBytes) png = make_image (800, 600, FALSE, "png");
  g_autoptr(GBytes) jpeg = make_image (800, 600, FALSE, "jpeg");
  g_autoptr(GBytes) clean = NULL;
  g_autoptr(GBytes) png_in_jpeg = NULL;
  g_autoptr(GBytes) jpeg_in_png = NULL;
  g_autoptr(GBytes) jpeg_head = NULL;
  g_autoptr(GBytes) png_head = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *read_back = NULL;
  gsize read_size = 0;
  XsPhotoInfo info;
  int fd;

  fd = g_file_open_tmp ("photo-XXXXXX.jpg", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
  g_assert_no_error (error);
  g_file_get_contents (path, &read_back, &read_size, &error);
  g_assert_no_error (error);
  g_unlink (path);
  {
    g_autoptr(GBytes) renamed = g_bytes_new (read_back, read_size);

    clean = xs_photo_check (renamed, NULL, &info, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpstr (info.input_type, ==, "image/png");
  g_assert_cmpstr (info.mime_type, ==, "image/png");

  jpeg_head = g_bytes_new_from_bytes (jpeg, 0, 3);
  png_in_jpeg = concat (jpeg_head, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  assert_refused (png_in_jpeg, XS_PHOTO_ERROR_CORRUPT);

  png_head = g_bytes_new_from_bytes (png, 0, 8);
  jpeg_in_png = concat (png_head, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  assert_refused (jpeg_in_png, XS_PHOTO_ERROR_CORRUPT);

  {
    g_autoptr(GBytes) text = g_bytes_new_static ("<html><body>photo</body></html>", 31);

    assert_refused (text, XS_PHOTO_ERROR_FORMAT);
  }
}

/* Anything after the end of the image is refused; what hides inside
 * the image's own segments is dropped by the re-encoding. */
static void
test_polyglot (void)
{
  g_autoptr(GBytes) jpeg = make_image (800, 600, FALSE, "jpeg");
  g_autoptr(GBytes) png = make_image (800, 600, FALSE, "png");
  /* The smallest valid ZIP: an end-of-central-directory record. */
  static const guint8 zip[22] = { 'P', 'K', 5, 6 };
  static const char html[] = "<html><script>alert(document.cookie)</script></html>";
  g_autoptr(GBytes) jpeg_zip = concat (jpeg, zip, sizeof zip);
  g_autoptr(GBytes) jpeg_html = concat (jpeg, html, strlen (html));
  g_autoptr(GBytes) jpeg_png = concat (jpeg, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_autoptr(GBytes) png_html = concat (png, html, strlen (html));
  g_autoptr(GBytes) jpeg_nul = concat (jpeg, "\0", 1);
  g_autoptr(GdkPixbuf) decodable = decode_bytes (jpeg_zip);
  GByteArray *comment = g_byte_array_new ();
  g_autoptr(GBytes) segment = NULL;
  g_autoptr(GBytes) jpeg_comment = NULL;
  g_autoptr(GBytes) clean = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 2 + strlen (html);

  /* gdk-pixbuf alone would take it as a plain JPEG. */
  g_assert_cmpint (gdk_pixbuf_get_width (decodable), ==, 800);

  assert_refused (jpeg_zip, XS_PHOTO_ERROR_CORRUPT);
  assert_refused (jpeg_html, XS_PHOTO_ERROR_CORRUPT);
  assert_refused (jpeg_png, XS_PHOTO_ERROR_CORRUPT);
  assert_refused (png_html, XS_PHOTO_ERROR_CORRUPT);
  assert_refused (jpeg_nul, XS_PHOTO_ERROR_CORRUPT);

  g_byte_array_append (comment, (const guint8 *) "\xff\xfe", 2);
  g_byte_array_append (comment, (guint8 *) &(guint8[2]) { length >> 8, length & 0xff }, 2);
  g_byte_array_append (comment, (const guint8 *) html, strlen (html));
  segment = g_byte_array_free_to_bytes (comment);
  jpeg_comment = jpeg_insert_segment (jpeg, segment);
  g_assert_true (contains (jpeg_comment, "<script>", 8));

  clean = xs_photo_check (jpeg_comment, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (contains (clean, "<script>", 8));
}

/* 300 KB is the limit of the upload itself, judged before any parsing:
 * one byte over is too large even when the bytes are not an image. */
static void
test_size_limit_first (void)
{
  g_autofree guint8 *data = g_malloc (307201);
  g_autoptr(GBytes) over = NULL;
  g_autoptr(GBytes) at = NULL;

  memset (data, 0x41, 307201);
  memcpy (data, "\x89PNG\r\n\x1a\n", 8);
  over = g_bytes_new (data, 307201);
  at = g_bytes_new (data, 307200);

  assert_refused (over, XS_PHOTO_ERROR_TOO_LARGE);
  assert_refused (at, XS_PHOTO_ERROR_CORRUPT);
  g_assert_cmpstr (xs_photo_error_to_api_code (XS_PHOTO_ERROR_TOO_LARGE), ==, "photo_too_large");

  /* A real image padded to 301 KB. */
  {
    g_autoptr(GBytes) jpeg = make_image (800, 600, FALSE, "jpeg");
    gsize pad = 301 * 1024 - g_bytes_get_size (jpeg);
    g_autofree guint8 *zeros = g_malloc0 (pad);
    g_autoptr(GBytes) padded = concat (jpeg, zeros, pad);

    g_assert_cmpuint (g_bytes_get_size (padded), ==, 301 * 1024);
    assert_refused (padded, XS_PHOTO_ERROR_TOO_LARGE);
  }
}

static glong
peak_rss_kib (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

/* In a fresh process, so that the peak resident size measures only
 * this check. */
static void
check_bomb_in_subprocess (guint32 width,
                          guint32 height,
                          guint32 rows)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GBytes) bomb = make_png_bomb (width, height, rows);
      g_autoptr(GBytes) clean = NULL;
      g_autoptr(GError) error = NULL;
      glong before;
      glong after;

      g_assert_cmpuint (g_bytes_get_size (bomb), <=, 307200);
      before = peak_rss_kib ();
      clean = xs_photo_check (bomb, NULL, NULL, &error);
      after = peak_rss_kib ();
      g_test_message ("%u×%u bomb of %" G_GSIZE_FORMAT " bytes: peak RSS %ld → %ld KiB",
                      width, height, g_bytes_get_size (bomb), before, after);
      /* The pixels were never allocated (as RGB they would take
       * 3 × width × height bytes), and the refusal says why. */
      g_assert_cmpint (after - before, <, 100 * 1024);
      g_assert_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_TOO_MANY_PIXELS);
      g_assert_null (clean);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A few hundred bytes that declare 30000×30000 pixels (2.7 GB as RGB). */
static void
test_bomb_declared (void)
{
  check_bomb_in_subprocess (30000, 30000, 1);
}

/* 8000×8000 white pixels in about 8 KB: decoded, 192 MB. */
static void
test_bomb_expanding (void)
{
  check_bomb_in_subprocess (8000, 8000, 8000);
}

/* --- keys, sealing, the store ----------------------------------------- */

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("xuexin-photos-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
test_key_file (Fixture      *fixture,
               gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "photo-key", NULL);
  g_autofree char *link_path = g_build_filename (fixture->dir, "link-key", NULL);
  g_autofree char *short_path = g_build_filename (fixture->dir, "short-key", NULL);
  g_autoptr(XsPhotoKey) first = NULL;
  g_autoptr(XsPhotoKey) again = NULL;
  g_autoptr(XsPhotoKey) refused = NULL;
  g_autoptr(GBytes) clean = g_bytes_new_static ("photo", 5);
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;
  GDir *dir;
  const char *name;

  /* Even with a careless umask, the key is made 0600. */
  umask (0);
  first = xs_photo_key_load_or_create (path, &error);
  umask (022);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, ==, 32);
  /* No temporary file is left behind. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, "photo-key");
  g_dir_close (dir);

  /* Loaded again, the same key. */
  again = xs_photo_key_load_or_create (path, &error);
  g_assert_no_error (error);
  sealed = xs_photo_seal (first, "0123456789abcdef0123456789abcdef", clean);
  opened = xs_photo_unseal (again, "0123456789abcdef0123456789abcdef", sealed, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (opened, clean));

  /* Readable by the group or others: refused, not fixed. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  refused = xs_photo_key_load_or_create (path, &error);
  g_assert_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_KEY);
  g_assert_null (refused);
  g_clear_error (&error);
  g_assert_cmpuint (file_mode (path), ==, 0644);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  refused = xs_photo_key_load_or_create (path, &error);
  g_assert_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_KEY);
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);

  /* A symbolic link is not followed. */
  g_assert_cmpint (symlink (path, link_path), ==, 0);
  refused = xs_photo_key_load_or_create (link_path, &error);
  g_assert_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_KEY);
  g_assert_null (refused);
  g_clear_error (&error);

  /* Nor a key of the wrong size. */
  g_file_set_contents_full (short_path, "short", 5, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
  refused = xs_photo_key_load_or_create (short_path, &error);
  g_assert_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_KEY);
  g_assert_null (refused);
}

static void
test_seal_round_trip (void)
{
  static const guint8 raw[32] = { 1, 2, 3 };
  static const guint8 other_raw[32] = { 9, 9, 9 };
  g_autoptr(XsPhotoKey) key = xs_photo_key_new_from_bytes (raw);
  g_autoptr(XsPhotoKey) other = xs_photo_key_new_from_bytes (other_raw);
  g_autoptr(GBytes) clean = make_image (640, 480, FALSE, "jpeg");
  const char *name = "00112233445566778899aabbccddeeff";
  g_autoptr(GBytes) sealed = xs_photo_seal (key, name, clean);
  g_autoptr(GBytes) sealed_again = xs_photo_seal (key, name, clean);
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (sealed, &size);

  g_assert_cmpuint (size, ==, g_bytes_get_size (clean) + 4 + 24 + 17);
  /* Nothing of the picture shows, and each sealing differs (fresh nonce). */
  g_assert_false (contains (sealed, g_bytes_get_data (clean, NULL), 16));
  g_assert_false (g_bytes_equal (sealed, sealed_again));

  opened = xs_photo_unseal (key, name, sealed, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (opened, clean));

  /* Every kind of tampering fails to open. */
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);
    g_autoptr(GBytes) flipped = NULL;
    g_autoptr(GBytes) result = NULL;

    copy[size / 2] ^= 0x01;
    flipped = g_bytes_new (copy, size);
    result = xs_photo_unseal (key, name, flipped, &error);
    g_assert_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_SEALED);
    g_assert_null (result);
    g_clear_error (&error);
  }
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);
    g_autoptr(GBytes) header = NULL;
    g_autoptr(GBytes) result = NULL;

    copy[10] ^= 0x80;
    header = g_bytes_new (copy, size);
    result = xs_photo_unseal (key, name, header, &error);
    g_assert_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_SEALED);
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (sealed, 0, size - 1);
    g_autoptr(GBytes) result = xs_photo_unseal (key, name, truncated, &error);

    g_assert_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_SEALED);
    g_assert_null (result);
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) result = xs_photo_unseal (key, "ffeeddccbbaa99887766554433221100", sealed, &error);

    /* Moved to another name (another case's photo), it does not open. */
    g_assert_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_SEALED);
    g_assert_null (result);
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) result = xs_photo_unseal (other, name, sealed, &error);

    g_assert_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_SEALED);
    g_assert_null (result);
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) tiny = g_bytes_new_static ("XSP1", 4);
    g_autoptr(GBytes) result = xs_photo_unseal (key, name, tiny, &error);

    g_assert_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_SEALED);
    g_clear_error (&error);
  }
}

static void
test_rejected_hash (void)
{
  static const guint8 raw[32] = { 7 };
  static const guint8 other_raw[32] = { 8 };
  g_autoptr(XsPhotoKey) key = xs_photo_key_new_from_bytes (raw);
  g_autoptr(XsPhotoKey) other = xs_photo_key_new_from_bytes (other_raw);
  g_autoptr(GBytes) photo = make_image (640, 480, FALSE, "jpeg");
  g_autoptr(GBytes) same = g_bytes_new (g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
  g_autoptr(GBytes) one_more = concat (photo, "\0", 1);
  g_autofree char *hash = xs_photo_rejected_hash (key, photo);
  g_autofree char *hash_same = xs_photo_rejected_hash (key, same);
  g_autofree char *hash_more = xs_photo_rejected_hash (key, one_more);
  g_autofree char *hash_other = xs_photo_rejected_hash (other, photo);
  g_autoptr(GChecksum) plain = g_checksum_new (G_CHECKSUM_SHA256);

  g_assert_cmpuint (strlen (hash), ==, 64);
  g_assert_cmpstr (hash, ==, hash_same);
  g_assert_cmpstr (hash, !=, hash_more);
  /* Keyed: another key, another hash; and not a plain digest anyone
   * could compute from a copy of the photo. */
  g_assert_cmpstr (hash, !=, hash_other);
  g_checksum_update (plain, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
  g_assert_cmpstr (hash, !=, g_checksum_get_string (plain));
}

typedef struct {
  GPtrArray *names;
  GPtrArray *reasons;
} Deleted;

static void
deleted_cb (const char *name,
            const char *reason,
            gpointer    user_data)
{
  Deleted *deleted = user_data;

  g_ptr_array_add (deleted->names, g_strdup (name));
  g_ptr_array_add (deleted->reasons, g_strdup (reason));
}

static void
test_store (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr(XsPhotoStore) store = NULL;
  g_autoptr(XsPhotoStore) reopened = NULL;
  g_autoptr(GBytes) photo = make_image (640, 480, FALSE, "jpeg");
  g_autoptr(GBytes) clean = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GBytes) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *key_path = g_build_filename (fixture->dir, "photo-key", NULL);
  g_autofree char *photos_dir = g_build_filename (fixture->dir, "photos", NULL);
  Deleted deleted = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free) };
  gsize size = 0;
  GDir *dir;
  const char *entry;
  guint n_entries = 0;

  clean = xs_photo_check (photo, NULL, NULL, &error);
  g_assert_no_error (error);

  store = xs_photo_store_new (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xs_photo_store_get_dir (store), ==, photos_dir);
  g_assert_cmpuint (file_mode (photos_dir), ==, 0700);
  g_assert_cmpuint (file_mode (key_path), ==, 0600);
  xs_photo_store_set_deleted_func (store, deleted_cb, &deleted);

  first = xs_photo_store_put (store, clean, &error);
  g_assert_no_error (error);
  second = xs_photo_store_put (store, clean, &error);
  g_assert_no_error (error);
  /* Random names: valid, different, nothing of the content in them. */
  g_assert_true (xs_photo_store_name_is_valid (first));
  g_assert_true (xs_photo_store_name_is_valid (second));
  g_assert_cmpstr (first, !=, second);

  path = g_build_filename (photos_dir, first, NULL);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  on_disk = g_bytes_new_take (g_steal_pointer (&contents), size);
  g_assert_false (contains (on_disk, g_bytes_get_data (clean, NULL), 16));
  g_assert_false (contains (on_disk, "JFIF", 4));

  /* Only the two photos: no temporary files. */
  dir = g_dir_open (photos_dir, 0, NULL);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_assert_true (g_str_equal (entry, first) || g_str_equal (entry, second));
      n_entries++;
    }
  g_dir_close (dir);
  g_assert_cmpuint (n_entries, ==, 2);

  /* Read back through a store opened afresh: the key persisted. */
  reopened = xs_photo_store_new (fixture->dir, &error);
  g_assert_no_error (error);
  got = xs_photo_store_get (reopened, first, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, clean));

  /* Names that are not ours never reach the file system. */
  {
    g_autoptr(GBytes) none = xs_photo_store_get (store, "../photo-key", &error);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_null (none);
    g_clear_error (&error);
  }
  g_assert_false (xs_photo_store_name_is_valid ("0123456789ABCDEF0123456789ABCDEF"));
  g_assert_false (xs_photo_store_name_is_valid ("0123456789abcdef"));
  g_assert_false (xs_photo_store_name_is_valid (NULL));

  /* A file altered on disk does not open. */
  {
    g_autofree char *second_path = g_build_filename (photos_dir, second, NULL);
    g_autofree char *bytes = NULL;
    g_autoptr(GBytes) none = NULL;

    g_file_get_contents (second_path, &bytes, &size, &error);
    g_assert_no_error (error);
    bytes[size - 5] ^= 0x20;
    g_file_set_contents_full (second_path, bytes, size, G_FILE_SET_CONTENTS_NONE, 0600, &error);
    g_assert_no_error (error);
    none = xs_photo_store_get (store, second, &error);
    g_assert_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_SEALED);
    g_assert_null (none);
    g_clear_error (&error);
  }

  /* Deletion, audited once; repeating it is harmless and silent. */
  g_assert_true (xs_photo_store_delete (store, first, "retention", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (deleted.names->len, ==, 1);
  g_assert_cmpstr (deleted.names->pdata[0], ==, first);
  g_assert_cmpstr (deleted.reasons->pdata[0], ==, "retention");
  g_assert_true (xs_photo_store_delete (store, first, "retention", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (deleted.names->len, ==, 1);
  {
    g_autoptr(GBytes) none = xs_photo_store_get (store, first, &error);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_null (none);
    g_clear_error (&error);
  }
  g_assert_false (xs_photo_store_delete (store, "../photo-key", "retention", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (g_file_test (key_path, G_FILE_TEST_EXISTS));

  g_ptr_array_unref (deleted.names);
  g_ptr_array_unref (deleted.reasons);
}

/* A photos directory others can list is refused. */
static void
test_store_dir_mode (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *photos_dir = g_build_filename (fixture->dir, "photos", NULL);
  g_autoptr(XsPhotoStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (photos_dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (photos_dir, 0755), ==, 0);
  store = xs_photo_store_new (fixture->dir, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_null (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Service/Photos/bomb-declared", test_bomb_declared);
  g_test_add_func ("/Service/Photos/bomb-expanding", test_bomb_expanding);
  g_test_add_func ("/Service/Photos/png-accepted", test_png_accepted);
  g_test_add_func ("/Service/Photos/png-metadata-stripped", test_png_metadata_stripped);
  g_test_add_func ("/Service/Photos/portrait-and-minimum", test_portrait_and_minimum);
  g_test_add_func ("/Service/Photos/twelve-megapixels", test_twelve_megapixels);
  g_test_add_func ("/Service/Photos/reencoding-must-fit", test_reencoding_must_fit);
  g_test_add_func ("/Service/Photos/exif-gps-stripped", test_exif_gps_stripped);
  g_test_add_func ("/Service/Photos/gif-refused", test_gif_refused);
  g_test_add_func ("/Service/Photos/apng-refused", test_apng_refused);
  g_test_add_func ("/Service/Photos/truncated-refused", test_truncated_refused);
  g_test_add_func ("/Service/Photos/content-decides", test_content_decides);
  g_test_add_func ("/Service/Photos/polyglot", test_polyglot);
  g_test_add_func ("/Service/Photos/size-limit-first", test_size_limit_first);
  g_test_add ("/Service/Photos/key-file", Fixture, NULL,
              fixture_set_up, test_key_file, fixture_tear_down);
  g_test_add_func ("/Service/Photos/seal-round-trip", test_seal_round_trip);
  g_test_add_func ("/Service/Photos/rejected-hash", test_rejected_hash);
  g_test_add ("/Service/Photos/store", Fixture, NULL,
              fixture_set_up, test_store, fixture_tear_down);
  g_test_add ("/Service/Photos/store-dir-mode", Fixture, NULL,
              fixture_set_up, test_store_dir_mode, fixture_tear_down);

  return g_test_run ();
}
