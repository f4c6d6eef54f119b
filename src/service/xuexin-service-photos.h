/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * ID photos of identity review cases (FAQ 5, path 2): validation by
 * content, metadata stripping, encryption at rest and deletion. Nothing
 * here touches the database or HTTP; the review-case endpoints
 * (PUT /me/identity/case/photos/{side}) call these functions, on a
 * worker thread, since decoding takes tens of milliseconds.
 */

#define XS_PHOTO_ERROR (xs_photo_error_quark ())

/**
 * XsPhotoError:
 * @XS_PHOTO_ERROR_TOO_LARGE: the upload has more bytes than allowed, or
 *   its pixels cannot be stored within that many bytes.
 *   API code: photo_too_large (413).
 * @XS_PHOTO_ERROR_FORMAT: not JPEG or PNG (GIF and everything else), or
 *   the magic bytes and the decoder disagree. API code: photo_invalid.
 * @XS_PHOTO_ERROR_CORRUPT: truncated, undecodable, or bytes after the
 *   end of the image (polyglot files). API code: photo_invalid.
 * @XS_PHOTO_ERROR_ANIMATED: an animated PNG (acTL chunk).
 *   API code: photo_invalid.
 * @XS_PHOTO_ERROR_TOO_SMALL: fewer than the minimum pixels on a side.
 *   API code: photo_invalid.
 * @XS_PHOTO_ERROR_TOO_MANY_PIXELS: the declared dimensions exceed the
 *   pixel or side limit (decompression bombs); refused before the image
 *   is allocated. API code: photo_invalid.
 * @XS_PHOTO_ERROR_KEY: the key file is missing, malformed, or readable
 *   by others. API code: internal_error (logged; never shown).
 * @XS_PHOTO_ERROR_SEALED: a stored photo does not open with the key (it
 *   was tampered with, truncated or moved to another name).
 *   API code: internal_error.
 *
 * The error domain of this module. The codes map to the API error codes
 * of src/common in one place, xs_photo_error_to_api_code(), which the
 * integrator wires to XUEXIN_ERROR_CODE_PHOTO_* once they exist.
 */
typedef enum {
  XS_PHOTO_ERROR_TOO_LARGE,
  XS_PHOTO_ERROR_FORMAT,
  XS_PHOTO_ERROR_CORRUPT,
  XS_PHOTO_ERROR_ANIMATED,
  XS_PHOTO_ERROR_TOO_SMALL,
  XS_PHOTO_ERROR_TOO_MANY_PIXELS,
  XS_PHOTO_ERROR_KEY,
  XS_PHOTO_ERROR_SEALED,
} XsPhotoError;

GQuark         xs_photo_error_quark          (void);
/* "photo_too_large", "photo_invalid" or "internal_error". */
const char    *xs_photo_error_to_api_code    (XsPhotoError    code);

typedef struct {
  gsize  max_bytes;       /* upload and stored size, 307200 */
  guint  min_long_side;   /* 600: 600×400 landscape or 400×600 portrait */
  guint  min_short_side;  /* 400 */
  guint  max_side;        /* 8192 */
  guint  max_pixels;      /* 16 777 216 (a 12 MP phone photo fits) */
} XsPhotoLimits;

/* The limits above; @limits of NULL in xs_photo_check() means these. */
void           xs_photo_limits_init_default  (XsPhotoLimits  *limits);

typedef struct {
  const char *mime_type;  /* of the stored bytes: "image/jpeg" or "image/png" */
  const char *input_type; /* of the upload, by content: "image/jpeg" or "image/png" */
  guint       width;      /* of the stored image, after EXIF orientation */
  guint       height;
  guint       quality;    /* JPEG quality of the stored bytes, 0 for PNG */
} XsPhotoInfo;

/* Validates @data by content (never by file name or Content-Type),
 * applies the EXIF orientation and re-encodes the pixels without any
 * metadata. Returns the bytes to store (at most limits->max_bytes) and
 * fills @out_info, or NULL with an XS_PHOTO_ERROR. */
GBytes        *xs_photo_check                (GBytes              *data,
                                              const XsPhotoLimits *limits,
                                              XsPhotoInfo         *out_info,
                                              GError             **error);

/* The master key of the photo store: 32 bytes in a file of mode 0600.
 * Subkeys for encryption and for the rejected-photo hash are derived
 * from it with crypto_kdf, so one file serves both without reuse. */
typedef struct _XsPhotoKey XsPhotoKey;

/* Loads @path, or creates it (O_CREAT|O_EXCL, 0600, fsync, then linked
 * into place so that a crash never leaves a short key) when missing.
 * Refuses a key file that group or others may read or write, that
 * another user owns, that is a symbolic link or that is not 32 bytes. */
XsPhotoKey    *xs_photo_key_load_or_create   (const char     *path,
                                              GError        **error);
/* A key from 32 raw bytes (tests, key rotation tools). */
XsPhotoKey    *xs_photo_key_new_from_bytes   (const guint8    bytes[32]);
void           xs_photo_key_free             (XsPhotoKey     *key);

/* crypto_secretstream_xchacha20poly1305, one message tagged FINAL, with
 * @name (the storage name) as associated data: a sealed photo opens
 * only under the name it was sealed for. */
GBytes        *xs_photo_seal                 (const XsPhotoKey *key,
                                              const char       *name,
                                              GBytes           *clean);
GBytes        *xs_photo_unseal               (const XsPhotoKey *key,
                                              const char       *name,
                                              GBytes           *sealed,
                                              GError          **error);

/* The keyed BLAKE2b-256 (hex) of the exact bytes of an upload, to keep
 * for a rejected photo: equal bytes give equal hashes, yet the hashes
 * reveal nothing to whoever reads the database without the key file. */
char          *xs_photo_rejected_hash        (const XsPhotoKey *key,
                                              GBytes           *upload);

/* The photos directory (mode 0700) and its key. */
typedef struct _XsPhotoStore XsPhotoStore;

/* Called after a stored photo was deleted (retention, replacement), for
 * the audit log. */
typedef void (*XsPhotoDeletedFunc) (const char *name,
                                    const char *reason,
                                    gpointer    user_data);

/* Opens @data_dir/photos (created 0700; refused if group or others have
 * access) with the key @data_dir/photo-key. */
XsPhotoStore  *xs_photo_store_new            (const char     *data_dir,
                                              GError        **error);
void           xs_photo_store_free           (XsPhotoStore   *store);
const XsPhotoKey *xs_photo_store_get_key     (XsPhotoStore   *store);
const char    *xs_photo_store_get_dir        (XsPhotoStore   *store);
void           xs_photo_store_set_deleted_func (XsPhotoStore      *store,
                                                XsPhotoDeletedFunc func,
                                                gpointer           user_data);

/* Seals @clean and writes it under a new random name (128 bits from the
 * CSPRNG, 32 hex digits), atomically (temporary file, fsync, rename,
 * fsync of the directory). Returns the name to keep in the database. */
char          *xs_photo_store_put            (XsPhotoStore   *store,
                                              GBytes         *clean,
                                              GError        **error);
/* The clean bytes of @name; G_IO_ERROR_NOT_FOUND, G_IO_ERROR_INVALID_ARGUMENT
 * for a name this store never makes, XS_PHOTO_ERROR_SEALED if tampered. */
GBytes        *xs_photo_store_get            (XsPhotoStore   *store,
                                              const char     *name,
                                              GError        **error);
/* Deletes @name and calls the deleted func with @reason. A name already
 * gone counts as deleted (returns TRUE, no callback), so that a
 * retention run interrupted after the unlink can be repeated. */
gboolean       xs_photo_store_delete         (XsPhotoStore   *store,
                                              const char     *name,
                                              const char     *reason,
                                              GError        **error);
gboolean       xs_photo_store_name_is_valid  (const char     *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XsPhotoKey, xs_photo_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (XsPhotoStore, xs_photo_store_free)

G_END_DECLS
