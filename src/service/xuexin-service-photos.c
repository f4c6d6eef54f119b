/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "xuexin-service-photos.h"

G_DEFINE_QUARK (xs-photo-error-quark, xs_photo_error)

/* The one place where this module's errors meet the API's vocabulary
 * (src/common/xuexin-error-code.h): until XUEXIN_ERROR_CODE_PHOTO_INVALID
 * and _PHOTO_TOO_LARGE exist there, the endpoints map through the
 * strings, which are the API's error codes. */
const char *
xs_photo_error_to_api_code (XsPhotoError code)
{
  switch (code)
    {
    case XS_PHOTO_ERROR_TOO_LARGE:
      return "photo_too_large";
    case XS_PHOTO_ERROR_FORMAT:
    case XS_PHOTO_ERROR_CORRUPT:
    case XS_PHOTO_ERROR_ANIMATED:
    case XS_PHOTO_ERROR_TOO_SMALL:
    case XS_PHOTO_ERROR_TOO_MANY_PIXELS:
      return "photo_invalid";
    case XS_PHOTO_ERROR_KEY:
    case XS_PHOTO_ERROR_SEALED:
    default:
      return "internal_error";
    }
}

void
xs_photo_limits_init_default (XsPhotoLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->max_bytes = 300 * 1024;
  limits->min_long_side = 600;
  limits->min_short_side = 400;
  limits->max_side = 8192;
  limits->max_pixels = 4096 * 4096;
}

/* --- structure: the bytes must be exactly one image ------------------- */

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

typedef enum {
  PHOTO_KIND_NONE,
  PHOTO_KIND_JPEG,
  PHOTO_KIND_PNG,
} PhotoKind;

static PhotoKind
sniff (const guint8 *data,
       gsize         size)
{
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return PHOTO_KIND_JPEG;
  if (size >= sizeof png_signature && memcmp (data, png_signature, sizeof png_signature) == 0)
    return PHOTO_KIND_PNG;
  return PHOTO_KIND_NONE;
}

static gboolean
corrupt (GError    **error,
         const char *what)
{
  g_set_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_CORRUPT, "Not a valid photo: %s", what);
  return FALSE;
}

/* Walks the marker segments from SOI to EOI. EOI must be the last two
 * bytes: whatever follows it (a ZIP, HTML, a second image as in MPO) is
 * what makes a polyglot, and decoders stop at EOI without a word. Data
 * hidden inside APPn/COM segments is dropped by the re-encoding. */
static gboolean
check_jpeg_structure (const guint8 *data,
                      gsize         size,
                      GError      **error)
{
  gsize p = 2;
  gboolean seen_frame = FALSE;
  gboolean seen_scan = FALSE;

  while (p < size)
    {
      guint8 marker;
      gsize length;

      if (data[p] != 0xff)
        return corrupt (error, "JPEG marker expected");
      while (p < size && data[p] == 0xff)
        p++;
      if (p >= size)
        break;
      marker = data[p++];

      if (marker == 0xd9)
        {
          if (!seen_scan)
            return corrupt (error, "JPEG without image data");
          if (p != size)
            return corrupt (error, "data after the end of the JPEG image");
          return TRUE;
        }
      if (marker == 0x00 || marker == 0xd8)
        return corrupt (error, "misplaced JPEG marker");
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        continue;

      if (p + 2 > size)
        break;
      length = ((gsize) data[p] << 8) | data[p + 1];
      if (length < 2)
        return corrupt (error, "JPEG segment length");
      if (p + length > size)
        break;
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
        seen_frame = TRUE;
      p += length;

      if (marker == 0xda)
        {
          if (!seen_frame)
            return corrupt (error, "JPEG scan before its frame");
          seen_scan = TRUE;
          /* Entropy-coded data: 0xFF is followed by 0x00 (a stuffed
           * byte) or a restart marker; anything else ends the scan. */
          while (p + 1 < size)
            {
              if (data[p] == 0xff && data[p + 1] != 0x00 &&
                  !(data[p + 1] >= 0xd0 && data[p + 1] <= 0xd7))
                break;
              p += data[p] == 0xff ? 2 : 1;
            }
          if (p + 1 >= size)
            break;
        }
    }

  return corrupt (error, "truncated JPEG (no end of image)");
}

/* Walks the chunks from the signature to IEND, which must end the
 * file. Animated PNG (acTL, fcTL, fdAT) is refused: gdk-pixbuf would
 * show its first frame, a reviewer's browser the animation. */
static gboolean
check_png_structure (const guint8 *data,
                     gsize         size,
                     GError      **error)
{
  gsize p = sizeof png_signature;
  gboolean first = TRUE;

  while (p + 12 <= size)
    {
      guint32 length = ((guint32) data[p] << 24) | ((guint32) data[p + 1] << 16) |
                       ((guint32) data[p + 2] << 8) | data[p + 3];
      const guint8 *type = data + p + 4;

      if (length > G_MAXINT32 || length > size - p - 12)
        break;
      if (!g_ascii_isalpha (type[0]) || !g_ascii_isalpha (type[1]) ||
          !g_ascii_isalpha (type[2]) || !g_ascii_isalpha (type[3]))
        return corrupt (error, "PNG chunk type");
      if (first && memcmp (type, "IHDR", 4) != 0)
        return corrupt (error, "PNG without IHDR");
      first = FALSE;
      if (memcmp (type, "acTL", 4) == 0 || memcmp (type, "fcTL", 4) == 0 ||
          memcmp (type, "fdAT", 4) == 0)
        {
          g_set_error_literal (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_ANIMATED,
                               "Animated PNG images are not accepted");
          return FALSE;
        }
      p += 12 + (gsize) length;
      if (memcmp (type, "IEND", 4) == 0)
        {
          if (p != size)
            return corrupt (error, "data after the end of the PNG image");
          return TRUE;
        }
    }

  return corrupt (error, "truncated PNG (no IEND)");
}

/* --- decoding ---------------------------------------------------------- */

typedef struct {
  const XsPhotoLimits *limits;
  gboolean             prepared;
  int                  width;
  int                  height;
  int                  rows_done;
  GError              *refusal;
} SizeCheck;

/* The decompression-bomb guard: the loader reports the declared size
 * here before it allocates the pixels, and a size of 0×0 makes it stop
 * with an error instead. A 30000×30000 PNG of a few hundred bytes thus
 * costs nothing. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  SizeCheck *check = user_data;
  const XsPhotoLimits *limits = check->limits;
  guint long_side = MAX (width, height);
  guint short_side = MIN (width, height);

  check->prepared = TRUE;
  check->width = width;
  check->height = height;

  if (width <= 0 || height <= 0 || long_side > limits->max_side ||
      (guint64) width * (guint64) height > limits->max_pixels)
    {
      g_set_error (&check->refusal, XS_PHOTO_ERROR, XS_PHOTO_ERROR_TOO_MANY_PIXELS,
                   "The photo declares %d×%d pixels; at most %u pixels and %u on a side are accepted",
                   width, height, limits->max_pixels, limits->max_side);
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  if (long_side < limits->min_long_side || short_side < limits->min_short_side)
    {
      g_set_error (&check->refusal, XS_PHOTO_ERROR, XS_PHOTO_ERROR_TOO_SMALL,
                   "The photo has %d×%d pixels; at least %u×%u are needed",
                   width, height, limits->min_long_side, limits->min_short_side);
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
}

/* gdk-pixbuf closes a PNG cut short without an error, leaving the
 * rows it never got uninitialised: count the rows it decoded instead. */
static void
area_updated_cb (GdkPixbufLoader *loader,
                 int              x,
                 int              y,
                 int              width,
                 int              height,
                 gpointer         user_data)
{
  SizeCheck *check = user_data;

  check->rows_done = MAX (check->rows_done, y + height);
}

static GdkPixbuf *
decode (GBytes              *data,
        PhotoKind            kind,
        const XsPhotoLimits *limits,
        GError             **error)
{
  const char *type = kind == PHOTO_KIND_JPEG ? "jpeg" : "png";
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  SizeCheck check = { limits, FALSE, 0, 0, 0, NULL };
  GdkPixbufAnimation *animation;
  GdkPixbufFormat *format;
  g_autofree char *format_name = NULL;
  GdkPixbuf *pixbuf;
  gboolean ok;

  /* The loader of the sniffed type only: letting gdk-pixbuf guess would
   * hand the bytes to whichever of its many loaders claims them. */
  loader = gdk_pixbuf_loader_new_with_type (type, &local_error);
  if (loader == NULL)
    {
      g_set_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_FORMAT,
                   "No %s decoder: %s", type, local_error->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &check);
  g_signal_connect (loader, "area-updated", G_CALLBACK (area_updated_cb), &check);

  /* A failed write closes the loader itself; close only otherwise. */
  ok = gdk_pixbuf_loader_write_bytes (loader, data, &local_error) &&
       gdk_pixbuf_loader_close (loader, &local_error);
  g_signal_handlers_disconnect_by_func (loader, size_prepared_cb, &check);
  g_signal_handlers_disconnect_by_func (loader, area_updated_cb, &check);

  if (check.refusal != NULL)
    {
      g_propagate_error (error, check.refusal);
      return NULL;
    }
  if (!ok)
    {
      g_set_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_CORRUPT,
                   "The photo cannot be decoded: %s", local_error->message);
      return NULL;
    }

  format = gdk_pixbuf_loader_get_format (loader);
  format_name = format != NULL ? gdk_pixbuf_format_get_name (format) : NULL;
  if (g_strcmp0 (format_name, type) != 0)
    {
      g_set_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_FORMAT,
                   "The photo looks like %s but decodes as %s", type,
                   format_name != NULL ? format_name : "nothing");
      return NULL;
    }

  animation = gdk_pixbuf_loader_get_animation (loader);
  if (animation != NULL && !gdk_pixbuf_animation_is_static_image (animation))
    {
      g_set_error_literal (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_ANIMATED,
                           "Animated images are not accepted");
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  /* Every loader of ours reports its size first; one that did not, or
   * that made another size, is not to be trusted with the rest. */
  if (pixbuf == NULL || !check.prepared ||
      gdk_pixbuf_get_width (pixbuf) != check.width ||
      gdk_pixbuf_get_height (pixbuf) != check.height ||
      check.rows_done < check.height)
    {
      g_set_error_literal (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_CORRUPT,
                           "The photo cannot be decoded");
      return NULL;
    }

  return g_object_ref (pixbuf);
}

/* --- re-encoding ------------------------------------------------------- */

static GBytes *
save (GdkPixbuf  *pixbuf,
      const char *type,
      guint       quality,
      GError    **error)
{
  gchar *buffer = NULL;
  gsize size = 0;
  gboolean ok;

  if (quality > 0)
    {
      char quality_string[8];

      g_snprintf (quality_string, sizeof quality_string, "%u", quality);
      ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, error,
                                      "quality", quality_string, NULL);
    }
  else
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, error,
                                    "compression", "9", NULL);
  if (!ok)
    return NULL;

  return g_bytes_new_take (buffer, size);
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
  if (opaque == NULL)
    return NULL;
  gdk_pixbuf_fill (opaque, 0xffffffff);
  gdk_pixbuf_composite (pixbuf, opaque, 0, 0, width, height, 0, 0, 1, 1,
                        GDK_INTERP_NEAREST, 255);
  return opaque;
}

/* The qualities tried, best first; below the last the text of an ID
 * card is no longer legible, so such a photo is refused, never shrunk. */
static const guint jpeg_qualities[] = { 90, 82, 75, 65, 55, 45 };

/* Writes only the pixels: gdk-pixbuf's savers emit no EXIF, XMP, ICC,
 * GPS or comments unless asked to, so everything the upload carried
 * besides its pixels stays behind. */
static GBytes *
encode (GdkPixbuf           *pixbuf,
        PhotoKind            kind,
        const XsPhotoLimits *limits,
        XsPhotoInfo         *info,
        GError             **error)
{
  g_autoptr(GdkPixbuf) opaque = NULL;
  guint i;

  if (kind == PHOTO_KIND_PNG)
    {
      g_autoptr(GBytes) png = save (pixbuf, "png", 0, error);

      if (png == NULL)
        return NULL;
      if (g_bytes_get_size (png) <= limits->max_bytes)
        {
          info->mime_type = "image/png";
          info->quality = 0;
          return g_steal_pointer (&png);
        }
      /* A photograph saved as PNG rarely compresses as well again;
       * JPEG keeps it within the limit at the same size in pixels. */
    }

  opaque = flatten (pixbuf);
  if (opaque == NULL)
    {
      g_set_error_literal (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_TOO_MANY_PIXELS,
                           "Out of memory for the photo");
      return NULL;
    }
  for (i = 0; i < G_N_ELEMENTS (jpeg_qualities); i++)
    {
      g_autoptr(GBytes) jpeg = save (opaque, "jpeg", jpeg_qualities[i], error);

      if (jpeg == NULL)
        return NULL;
      if (g_bytes_get_size (jpeg) <= limits->max_bytes)
        {
          info->mime_type = "image/jpeg";
          info->quality = jpeg_qualities[i];
          return g_steal_pointer (&jpeg);
        }
    }

  g_set_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_TOO_LARGE,
               "The photo does not fit in %" G_GSIZE_FORMAT " bytes at a legible quality",
               limits->max_bytes);
  return NULL;
}

GBytes *
xs_photo_check (GBytes              *data,
                const XsPhotoLimits *limits,
                XsPhotoInfo         *out_info,
                GError             **error)
{
  XsPhotoLimits default_limits;
  XsPhotoInfo info = { NULL, NULL, 0, 0, 0 };
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  const guint8 *bytes;
  gsize size;
  PhotoKind kind;
  GBytes *clean;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limits == NULL)
    {
      xs_photo_limits_init_default (&default_limits);
      limits = &default_limits;
    }

  bytes = g_bytes_get_data (data, &size);
  /* Before anything else looks at the bytes. */
  if (size > limits->max_bytes)
    {
      g_set_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_TOO_LARGE,
                   "The photo has %" G_GSIZE_FORMAT " bytes; at most %" G_GSIZE_FORMAT " are accepted",
                   size, limits->max_bytes);
      return NULL;
    }

  kind = sniff (bytes, size);
  switch (kind)
    {
    case PHOTO_KIND_JPEG:
      if (!check_jpeg_structure (bytes, size, error))
        return NULL;
      info.input_type = "image/jpeg";
      break;
    case PHOTO_KIND_PNG:
      if (!check_png_structure (bytes, size, error))
        return NULL;
      info.input_type = "image/png";
      break;
    case PHOTO_KIND_NONE:
    default:
      g_set_error_literal (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_FORMAT,
                           "Only JPEG and PNG photos are accepted");
      return NULL;
    }

  decoded = decode (data, kind, limits, error);
  if (decoded == NULL)
    return NULL;

  /* Turn the pixels upright as the camera meant them, since the
   * orientation tag goes with the rest of the metadata. */
  oriented = gdk_pixbuf_apply_embedded_orientation (decoded);
  if (oriented == NULL)
    {
      g_set_error_literal (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_TOO_MANY_PIXELS,
                           "Out of memory for the photo");
      return NULL;
    }

  clean = encode (oriented, kind, limits, &info, error);
  if (clean == NULL)
    return NULL;

  info.width = gdk_pixbuf_get_width (oriented);
  info.height = gdk_pixbuf_get_height (oriented);
  if (out_info != NULL)
    *out_info = info;

  return clean;
}

/* --- keys -------------------------------------------------------------- */

#define KEY_FILE_BYTES crypto_kdf_KEYBYTES
#define KDF_CONTEXT "XSPHOTOS"
#define KDF_ID_SEAL 1
#define KDF_ID_REJECTED_HASH 2

G_STATIC_ASSERT (crypto_kdf_KEYBYTES == 32);
G_STATIC_ASSERT (crypto_secretstream_xchacha20poly1305_KEYBYTES == 32);
G_STATIC_ASSERT (crypto_generichash_KEYBYTES == 32);
G_STATIC_ASSERT (sizeof KDF_CONTEXT - 1 == crypto_kdf_CONTEXTBYTES);

/* In sodium_malloc() memory: guard pages, locked out of swap, wiped on
 * free. */
struct _XsPhotoKey {
  guint8 seal[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  guint8 rejected_hash[crypto_generichash_KEYBYTES];
};

XsPhotoKey *
xs_photo_key_new_from_bytes (const guint8 bytes[32])
{
  XsPhotoKey *key;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");

  key = sodium_malloc (sizeof *key);
  if (key == NULL)
    g_error ("Out of locked memory for the photo key");
  crypto_kdf_derive_from_key (key->seal, sizeof key->seal, KDF_ID_SEAL, KDF_CONTEXT, bytes);
  crypto_kdf_derive_from_key (key->rejected_hash, sizeof key->rejected_hash,
                              KDF_ID_REJECTED_HASH, KDF_CONTEXT, bytes);
  sodium_mprotect_readonly (key);

  return key;
}

void
xs_photo_key_free (XsPhotoKey *key)
{
  if (key != NULL)
    sodium_free (key);
}

static gboolean
set_error_from_errno (GError    **error,
                      int         saved_errno,
                      const char *what,
                      const char *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s %s: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         size)
{
  while (size > 0)
    {
      gssize written = write (fd, data, size);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      data += written;
      size -= written;
    }
  return TRUE;
}

static gboolean
fsync_dir (const char *dir,
           GError    **error)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int saved_errno;

  if (fd < 0 || fsync (fd) != 0)
    {
      saved_errno = errno;
      if (fd >= 0)
        close (fd);
      return set_error_from_errno (error, saved_errno, "Cannot sync directory", dir);
    }
  close (fd);
  return TRUE;
}

static XsPhotoKey *
load_key (const char *path,
          GError    **error)
{
  guint8 bytes[KEY_FILE_BYTES + 1];
  struct stat st;
  gssize n;
  int fd;
  XsPhotoKey *key;

  fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ELOOP)
        g_set_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_KEY,
                     "The photo key %s is a symbolic link", path);
      else
        set_error_from_errno (error, saved_errno, "Cannot open the photo key", path);
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_KEY,
                   "The photo key %s is not a regular file", path);
      return NULL;
    }
  /* Like ssh with its private keys: a key others could read may have
   * been read, so it protects nothing. */
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0 || st.st_uid != geteuid ())
    {
      close (fd);
      g_set_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_KEY,
                   "The photo key %s is accessible to others (mode %04o, owner %u); it must be 0600 and ours",
                   path, (guint) (st.st_mode & 07777), (guint) st.st_uid);
      return NULL;
    }

  do
    n = read (fd, bytes, sizeof bytes);
  while (n < 0 && errno == EINTR);
  close (fd);
  if (n != KEY_FILE_BYTES)
    {
      sodium_memzero (bytes, sizeof bytes);
      g_set_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_KEY,
                   "The photo key %s does not have %d bytes", path, KEY_FILE_BYTES);
      return NULL;
    }

  key = xs_photo_key_new_from_bytes (bytes);
  sodium_memzero (bytes, sizeof bytes);
  return key;
}

/* Written to a temporary file and linked into place: the key appears
 * whole or not at all, and a key made at the same moment by another
 * process wins over ours instead of being overwritten. */
static gboolean
create_key (const char *path,
            GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *suffix = NULL;
  g_autofree char *temp = NULL;
  guint8 bytes[KEY_FILE_BYTES];
  guint8 suffix_bytes[8];
  int saved_errno;
  int fd;

  randombytes_buf (suffix_bytes, sizeof suffix_bytes);
  suffix = g_malloc (sizeof suffix_bytes * 2 + 1);
  sodium_bin2hex (suffix, sizeof suffix_bytes * 2 + 1, suffix_bytes, sizeof suffix_bytes);
  temp = g_strdup_printf ("%s.%s.tmp", path, suffix);

  fd = open (temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_error_from_errno (error, errno, "Cannot create the photo key", temp);

  randombytes_buf (bytes, sizeof bytes);
  if (!write_all (fd, bytes, sizeof bytes) || fsync (fd) != 0)
    {
      saved_errno = errno;
      sodium_memzero (bytes, sizeof bytes);
      close (fd);
      g_unlink (temp);
      return set_error_from_errno (error, saved_errno, "Cannot write the photo key", temp);
    }
  sodium_memzero (bytes, sizeof bytes);
  close (fd);

  if (link (temp, path) != 0 && errno != EEXIST)
    {
      saved_errno = errno;
      g_unlink (temp);
      return set_error_from_errno (error, saved_errno, "Cannot create the photo key", path);
    }
  g_unlink (temp);

  return fsync_dir (dir, error);
}

XsPhotoKey *
xs_photo_key_load_or_create (const char *path,
                             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  XsPhotoKey *key;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");

  key = load_key (path, &local_error);
  if (key != NULL)
    return key;
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!create_key (path, error))
    return NULL;
  g_message ("Created the photo encryption key %s", path);

  return load_key (path, error);
}

/* --- sealing ----------------------------------------------------------- */

/* "XSP1", then the secretstream header, then one message. The version
 * lets a later key rotation tell old files from new ones. */
static const guint8 sealed_magic[4] = { 'X', 'S', 'P', '1' };
#define SEALED_OVERHEAD (sizeof sealed_magic + crypto_secretstream_xchacha20poly1305_HEADERBYTES + \
                         crypto_secretstream_xchacha20poly1305_ABYTES)

/* The associated data: the format and the storage name. */
static guint8 *
sealed_ad (const char *name,
           gsize      *ad_size)
{
  gsize name_size = strlen (name);
  guint8 *ad = g_malloc (sizeof sealed_magic + name_size);

  memcpy (ad, sealed_magic, sizeof sealed_magic);
  memcpy (ad + sizeof sealed_magic, name, name_size);
  *ad_size = sizeof sealed_magic + name_size;
  return ad;
}

/* Why secretstream and not secretbox: XChaCha20 takes random nonces
 * safely (the header carries a fresh one per file), the FINAL tag makes
 * a truncated file fail to open rather than open short, associated data
 * binds a file to its name, and a later, larger format can stream
 * without a new construction. */
GBytes *
xs_photo_seal (const XsPhotoKey *key,
               const char       *name,
               GBytes           *clean)
{
  crypto_secretstream_xchacha20poly1305_state state;
  g_autofree guint8 *ad = NULL;
  const guint8 *plain;
  gsize plain_size;
  gsize ad_size;
  guint8 *out;
  gsize out_size;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (clean != NULL, NULL);

  plain = g_bytes_get_data (clean, &plain_size);
  ad = sealed_ad (name, &ad_size);
  out_size = plain_size + SEALED_OVERHEAD;
  out = g_malloc (out_size);

  memcpy (out, sealed_magic, sizeof sealed_magic);
  crypto_secretstream_xchacha20poly1305_init_push (&state, out + sizeof sealed_magic, key->seal);
  crypto_secretstream_xchacha20poly1305_push (&state,
                                              out + sizeof sealed_magic +
                                              crypto_secretstream_xchacha20poly1305_HEADERBYTES,
                                              NULL, plain, plain_size, ad, ad_size,
                                              crypto_secretstream_xchacha20poly1305_TAG_FINAL);
  sodium_memzero (&state, sizeof state);

  return g_bytes_new_take (out, out_size);
}

GBytes *
xs_photo_unseal (const XsPhotoKey *key,
                 const char       *name,
                 GBytes           *sealed,
                 GError          **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  g_autofree guint8 *ad = NULL;
  const guint8 *in;
  gsize in_size;
  gsize ad_size;
  guint8 *plain;
  gsize plain_size;
  unsigned long long opened_size = 0;
  guint8 tag = 0;
  const guint8 *header;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (sealed != NULL, NULL);

  in = g_bytes_get_data (sealed, &in_size);
  if (in_size < SEALED_OVERHEAD || memcmp (in, sealed_magic, sizeof sealed_magic) != 0)
    {
      g_set_error_literal (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_SEALED,
                           "Not a sealed photo");
      return NULL;
    }

  header = in + sizeof sealed_magic;
  ad = sealed_ad (name, &ad_size);
  plain_size = in_size - SEALED_OVERHEAD;
  /* One spare byte so that an empty photo still has a buffer. */
  plain = g_malloc (plain_size + 1);

  if (crypto_secretstream_xchacha20poly1305_init_pull (&state, header, key->seal) != 0 ||
      crypto_secretstream_xchacha20poly1305_pull (&state, plain, &opened_size, &tag,
                                                  header + crypto_secretstream_xchacha20poly1305_HEADERBYTES,
                                                  in_size - sizeof sealed_magic -
                                                  crypto_secretstream_xchacha20poly1305_HEADERBYTES,
                                                  ad, ad_size) != 0 ||
      tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL ||
      opened_size != plain_size)
    {
      sodium_memzero (&state, sizeof state);
      g_free (plain);
      g_set_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_SEALED,
                   "The stored photo %s does not open: altered, truncated or renamed", name);
      return NULL;
    }
  sodium_memzero (&state, sizeof state);

  return g_bytes_new_take (plain, plain_size);
}

char *
xs_photo_rejected_hash (const XsPhotoKey *key,
                        GBytes           *upload)
{
  guint8 hash[32];
  char hex[sizeof hash * 2 + 1];
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (upload != NULL, NULL);

  data = g_bytes_get_data (upload, &size);
  crypto_generichash (hash, sizeof hash, data, size, key->rejected_hash,
                      sizeof key->rejected_hash);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);

  return g_strdup (hex);
}

/* --- the store --------------------------------------------------------- */

#define NAME_BYTES 16
/* Far above any photo the checks let through; a bigger file is not ours. */
#define MAX_SEALED_BYTES (16 * 1024 * 1024)

struct _XsPhotoStore {
  char               *dir;
  XsPhotoKey         *key;
  XsPhotoDeletedFunc  deleted_func;
  gpointer            deleted_data;
};

static gboolean
ensure_private_dir (const char *dir,
                    GError    **error)
{
  struct stat st;

  if (g_mkdir (dir, 0700) != 0 && errno != EEXIST)
    return set_error_from_errno (error, errno, "Cannot create", dir);
  if (lstat (dir, &st) != 0)
    return set_error_from_errno (error, errno, "Cannot read", dir);
  if (!S_ISDIR (st.st_mode) || st.st_uid != geteuid () ||
      (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "The photo directory %s must be a directory of ours with mode 0700 (mode %04o)",
                   dir, (guint) (st.st_mode & 07777));
      return FALSE;
    }
  return TRUE;
}

XsPhotoStore *
xs_photo_store_new (const char *data_dir,
                    GError    **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *key_path = NULL;
  XsPhotoStore *store;
  XsPhotoKey *key;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      set_error_from_errno (error, errno, "Cannot create", data_dir);
      return NULL;
    }
  dir = g_build_filename (data_dir, "photos", NULL);
  if (!ensure_private_dir (dir, error))
    return NULL;

  key_path = g_build_filename (data_dir, "photo-key", NULL);
  key = xs_photo_key_load_or_create (key_path, error);
  if (key == NULL)
    return NULL;

  store = g_new0 (XsPhotoStore, 1);
  store->dir = g_steal_pointer (&dir);
  store->key = key;
  return store;
}

void
xs_photo_store_free (XsPhotoStore *store)
{
  if (store == NULL)
    return;
  g_free (store->dir);
  xs_photo_key_free (store->key);
  g_free (store);
}

const XsPhotoKey *
xs_photo_store_get_key (XsPhotoStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);
  return store->key;
}

const char *
xs_photo_store_get_dir (XsPhotoStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);
  return store->dir;
}

void
xs_photo_store_set_deleted_func (XsPhotoStore      *store,
                                 XsPhotoDeletedFunc func,
                                 gpointer           user_data)
{
  g_return_if_fail (store != NULL);
  store->deleted_func = func;
  store->deleted_data = user_data;
}

/* Exactly the names xs_photo_store_put() makes: no path separators, no
 * dots, nothing a request could use to leave the directory. */
gboolean
xs_photo_store_name_is_valid (const char *name)
{
  gsize i;

  if (name == NULL || strlen (name) != NAME_BYTES * 2)
    return FALSE;
  for (i = 0; i < NAME_BYTES * 2; i++)
    if (!g_ascii_isdigit (name[i]) && !(name[i] >= 'a' && name[i] <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
check_name (const char *name,
            GError    **error)
{
  if (xs_photo_store_name_is_valid (name))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Not a photo name of this store");
  return FALSE;
}

char *
xs_photo_store_put (XsPhotoStore *store,
                    GBytes       *clean,
                    GError      **error)
{
  guint8 name_bytes[NAME_BYTES];
  char name[NAME_BYTES * 2 + 1];
  g_autofree char *path = NULL;
  g_autofree char *temp = NULL;
  g_autoptr(GBytes) sealed = NULL;
  const guint8 *data;
  gsize size;
  int saved_errno;
  int fd;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (clean != NULL, NULL);

  /* From the CSPRNG, not from the account or the case: knowing who
   * uploaded tells nothing about where the photo lies. */
  randombytes_buf (name_bytes, sizeof name_bytes);
  sodium_bin2hex (name, sizeof name, name_bytes, sizeof name_bytes);
  path = g_build_filename (store->dir, name, NULL);
  temp = g_strdup_printf ("%s/.%s.tmp", store->dir, name);

  sealed = xs_photo_seal (store->key, name, clean);
  data = g_bytes_get_data (sealed, &size);

  fd = open (temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_error_from_errno (error, errno, "Cannot create", temp);
      return NULL;
    }
  if (!write_all (fd, data, size) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (temp);
      set_error_from_errno (error, saved_errno, "Cannot write", temp);
      return NULL;
    }
  close (fd);
  if (g_rename (temp, path) != 0)
    {
      saved_errno = errno;
      g_unlink (temp);
      set_error_from_errno (error, saved_errno, "Cannot store", path);
      return NULL;
    }
  if (!fsync_dir (store->dir, error))
    return NULL;

  return g_strdup (name);
}

GBytes *
xs_photo_store_get (XsPhotoStore *store,
                    const char   *name,
                    GError      **error)
{
  g_autofree char *path = NULL;
  g_autofree guint8 *data = NULL;
  g_autoptr(GBytes) sealed = NULL;
  struct stat st;
  gsize done = 0;
  int fd;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_name (name, error))
    return NULL;

  path = g_build_filename (store->dir, name, NULL);
  fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      set_error_from_errno (error, errno, "Cannot open", path);
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > MAX_SEALED_BYTES)
    {
      close (fd);
      g_set_error (error, XS_PHOTO_ERROR, XS_PHOTO_ERROR_SEALED,
                   "The stored photo %s is not a sealed photo", name);
      return NULL;
    }

  data = g_malloc (st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      gssize n = read (fd, data + done, st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += n;
    }
  close (fd);

  sealed = g_bytes_new_take (g_steal_pointer (&data), done);
  return xs_photo_unseal (store->key, name, sealed, error);
}

gboolean
xs_photo_store_delete (XsPhotoStore *store,
                       const char   *name,
                       const char   *reason,
                       GError      **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_name (name, error))
    return FALSE;

  path = g_build_filename (store->dir, name, NULL);
  if (g_unlink (path) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      return set_error_from_errno (error, errno, "Cannot delete", path);
    }
  if (!fsync_dir (store->dir, error))
    return FALSE;

  if (store->deleted_func != NULL)
    store->deleted_func (name, reason, store->deleted_data);
  return TRUE;
}
