/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "xuexin-service-crypto.h"

/* Argon2id; the limits are stored inside the hash string, so verifying
 * keeps working when the configured limits change. Runs on the hashing
 * pool only: each call needs memlimit bytes of memory. */
char *
xs_password_hash (const XuexinServiceConfig *config,
                  const char                *password)
{
  char out[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str_alg (out, password, strlen (password),
                             config->pwhash_opslimit, config->pwhash_memlimit,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_warning ("Password hashing failed: out of memory");
      return NULL;
    }

  return g_strdup (out);
}

/* A hash to verify against when the login name matches no account, so
 * that unknown names take as long as known ones: the cost is in the
 * limits, so one hash per pair of limits serves every service of the
 * process. Made on first use (a hash takes a while), kept for good. */
const char *
xs_password_dummy_hash (const XuexinServiceConfig *config)
{
  static GMutex lock;
  static GHashTable *hashes; /* "opslimit:memlimit" -> hash */
  g_autofree char *key = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GSIZE_FORMAT,
                                          (guint64) config->pwhash_opslimit,
                                          (gsize) config->pwhash_memlimit);
  const char *hash;

  g_mutex_lock (&lock);
  if (hashes == NULL)
    hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  hash = g_hash_table_lookup (hashes, key);
  if (hash == NULL)
    {
      g_autofree char *password = xs_random_string (16);
      char *made = xs_password_hash (config, password);

      hash = made != NULL ? made : g_strdup ("-");
      g_hash_table_insert (hashes, g_steal_pointer (&key), (char *) hash);
    }
  g_mutex_unlock (&lock);

  return hash;
}

/* Password checks in this process, for the tests of the sign-in limit. */
static guint n_verified;

guint
xs_password_get_n_verified (void)
{
  return g_atomic_int_get (&n_verified);
}

gboolean
xs_password_verify (const char *hash,
                    const char *password)
{
  if (hash == NULL || password == NULL)
    return FALSE;

  g_atomic_int_inc (&n_verified);

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/* @n_bytes random bytes, base64url without padding. */
char *
xs_random_string (gsize n_bytes)
{
  g_autofree guint8 *raw = g_malloc (n_bytes);
  gsize length = sodium_base64_ENCODED_LEN (n_bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *encoded = g_malloc (length);

  randombytes_buf (raw, n_bytes);
  sodium_bin2base64 (encoded, length, raw, n_bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, n_bytes);

  return encoded;
}

/* A 256-bit random bearer token, base64url without padding (43
 * characters). Only its SHA-256 is stored. */
char *
xs_token_new (guint8 hash_out[32])
{
  char *token = xs_random_string (32);

  xs_token_hash (token, hash_out);
  return token;
}

void
xs_token_hash (const char *token,
               guint8      hash_out[32])
{
  crypto_hash_sha256 (hash_out, (const guint8 *) token, strlen (token));
}

/* A hex BLAKE2b hash of a short secret (verification codes) or an
 * identifier that must not be stored in the clear (unknown login names),
 * bound to @scope so equal secrets of different scopes differ. */
char *
xs_secret_hash_hex (const char *scope,
                    const char *secret)
{
  crypto_generichash_state state;
  guint8 hash[32];
  char hex[65];

  crypto_generichash_init (&state, NULL, 0, sizeof hash);
  crypto_generichash_update (&state, (const guint8 *) scope, strlen (scope) + 1);
  crypto_generichash_update (&state, (const guint8 *) secret, strlen (secret));
  crypto_generichash_final (&state, hash, sizeof hash);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);

  return g_strdup (hex);
}

char *
xs_code_new (void)
{
  return g_strdup_printf ("%06u", (guint) randombytes_uniform (1000000));
}
