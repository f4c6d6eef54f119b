/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-fuzz"

/* main() for a fuzz target outside libFuzzer: runs every file of the
 * directories (or the files) given, once, as the normal test suite
 * does with the committed corpora (suite 'fuzz'), so that a build
 * without clang still replays each input that once crashed or leaked. */

#include "config.h"

#include <stdio.h>

#include "fuzz-common.h"

static void
replay_file (const char *path,
             guint      *n_inputs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &data, &size, &error))
    g_error ("%s", error->message);
  printf ("# %s\n", path);
  fflush (stdout);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, size);
  (*n_inputs)++;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  guint n_inputs = 0;

  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          replay_file (argv[i], &n_inputs);
          continue;
        }
      dir = g_dir_open (argv[i], 0, NULL);
      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
      g_ptr_array_sort (names, compare_paths);
      for (guint k = 0; k < names->len; k++)
        replay_file (g_ptr_array_index (names, k), &n_inputs);
    }

  /* A corpus that went missing must not pass as replayed. */
  g_assert_cmpuint (n_inputs, >, 0);
  printf ("# %u inputs replayed\n", n_inputs);
  return 0;
}
