/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Benchmark of the ID photo fit (src/app/identity/xuexin-photo-fit.c),
 * run by `tests/bench/run-bench.sh photo BUILD`:
 *
 *   (a) the fit of a 12 MP phone photo (4000×3000, about 5 MB, drawn by
 *       tests/app/xuexin-test-photos.c and written to a file) through
 *       xuexin_photo_fit_async(), from the call to its callback, against
 *       `convert in.jpg -resize 1600x1600 -quality Q out.jpg` with the
 *       quality Q the fit's search chose, so that both reach about the
 *       same size. Goal: at most 0.5× ImageMagick's time.
 *   (b) the longest stall of the calling thread's main loop while the
 *       fit runs: a 1 ms timeout source notes the time of each tick and
 *       the largest gap between two ticks (or the call and the first
 *       tick, or the last tick and the callback) is the stall. Goal:
 *       under 16 ms, one frame at 60 Hz.
 *
 * Also, for the record: the same fit on the calling thread with the
 * JPEG decoded at full size and then scaled, against libjpeg scaling
 * while it decodes (GdkPixbufLoader::size-prepared + set_size), and
 * ImageMagick with its own decode-time scaling (-define jpeg:size).
 *
 * Each figure is the median of RUNS runs (default 7, the first fit
 * before them is a warm-up). Usage: photo-fit-bench [RUNS] [CONVERT]
 */
#define G_LOG_DOMAIN "xuexin-bench"

#include "config.h"

#include <glib/gstdio.h>

#include "xuexin-photo-fit.h"
#include "xuexin-photo-fit-private.h"
#include "xuexin-test-photos.h"

typedef struct {
  GMainLoop         *loop;
  XuexinFittedPhoto *photo;
  gint64             last_tick;
  gint64             longest_gap;
  gint64             done;
} Run;

static gboolean
tick_cb (gpointer user_data)
{
  Run *run = user_data;
  gint64 now = g_get_monotonic_time ();

  run->longest_gap = MAX (run->longest_gap, now - run->last_tick);
  run->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
fit_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();

  run->done = now;
  run->longest_gap = MAX (run->longest_gap, now - run->last_tick);
  run->photo = xuexin_photo_fit_finish (result, &error);
  if (run->photo == NULL)
    g_error ("The fit failed: %s", error->message);
  g_main_loop_quit (run->loop);
}

/* One fit through the public call; returns its time in µs and sets
 * @out_stall to the longest main-loop gap in µs. */
static gint64
fit_once (GFile              *file,
          gint64             *out_stall,
          XuexinFittedPhoto **out_photo)
{
  Run run = { g_main_loop_new (NULL, FALSE), NULL, 0, 0, 0 };
  gint64 start;
  guint tick;

  tick = g_timeout_add (1, tick_cb, &run);
  start = run.last_tick = g_get_monotonic_time ();
  xuexin_photo_fit_async (file, NULL, fit_done_cb, &run);
  g_main_loop_run (run.loop);
  g_source_remove (tick);
  g_main_loop_unref (run.loop);

  *out_stall = run.longest_gap;
  if (out_photo != NULL)
    *out_photo = run.photo;
  else
    g_object_unref (run.photo);
  return run.done - start;
}

static gint64
fit_on_this_thread (GBytes   *data,
                    gboolean  scaled_decode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XuexinFittedPhoto) photo = NULL;
  gint64 start = g_get_monotonic_time ();

  photo = xuexin_photo_fit_run (data, scaled_decode, NULL, &error);
  if (photo == NULL)
    g_error ("The fit failed: %s", error->message);
  return g_get_monotonic_time () - start;
}

static gint64
run_convert (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s", argv[0], error->message);
  return g_get_monotonic_time () - start;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
median_ms (gint64 *values,
           int     count)
{
  qsort (values, count, sizeof *values, compare_gint64);
  return (count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2) / 1000.0;
}

static gsize
file_size (const char *path)
{
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    g_error ("No %s", path);
  return buf.st_size;
}

int
main (int   argc,
      char *argv[])
{
  int runs = argc > 1 ? atoi (argv[1]) : 7;
  const char *convert = argc > 2 ? argv[2] : "convert";
  g_autofree char *dir = g_dir_make_tmp ("xuexin-photo-bench-XXXXXX", NULL);
  g_autofree char *in_path = g_build_filename (dir, "in.jpg", NULL);
  g_autofree char *out_path = g_build_filename (dir, "out.jpg", NULL);
  g_autofree char *hint_path = g_build_filename (dir, "hint.jpg", NULL);
  g_autofree char *quality = NULL;
  g_autoptr(GdkPixbuf) card = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XuexinFittedPhoto) photo = NULL;
  g_autofree gint64 *fit = NULL, *stall = NULL, *full = NULL, *scaled = NULL;
  g_autofree gint64 *magick = NULL, *magick_hint = NULL;
  gint64 warm_stall;
  double fit_ms, magick_ms, stall_ms;
  int i;

  if (runs < 1)
    runs = 1;
  fit = g_new (gint64, runs);
  stall = g_new (gint64, runs);
  full = g_new (gint64, runs);
  scaled = g_new (gint64, runs);
  magick = g_new (gint64, runs);
  magick_hint = g_new (gint64, runs);

  /* The test's 12 MP photo, with a camera's EXIF. */
  card = xuexin_test_photo_card (4000, 3000, 0, 1.0, 6, 7);
  plain = xuexin_test_photo_encode (card, "jpeg", 95);
  original = xuexin_test_photo_add_exif (plain, 1);
  g_clear_object (&card);
  if (!g_file_set_contents (in_path, g_bytes_get_data (original, NULL), g_bytes_get_size (original), &error))
    g_error ("%s", error->message);
  file = g_file_new_for_path (in_path);

  g_print ("== photo: 4000×3000, %" G_GSIZE_FORMAT " bytes; %d runs, medians\n",
           g_bytes_get_size (original), runs);

  /* Warm-up: page cache, gdk-pixbuf's loader modules, the thread pool. */
  fit_once (file, &warm_stall, &photo);
  quality = g_strdup_printf ("%u", xuexin_fitted_photo_get_quality (photo));
  g_print ("fit: %u×%u, quality %s, %" G_GSIZE_FORMAT " bytes, warnings %#x\n",
           xuexin_fitted_photo_get_width (photo), xuexin_fitted_photo_get_height (photo),
           quality, xuexin_fitted_photo_get_size (photo), xuexin_fitted_photo_get_warnings (photo));

  for (i = 0; i < runs; i++)
    fit[i] = fit_once (file, &stall[i], NULL);

  {
    const char *plain_argv[] = { convert, in_path, "-resize", "1600x1600",
                                 "-quality", quality, out_path, NULL };
    const char *hint_argv[] = { convert, "-define", "jpeg:size=1600x1600", in_path,
                                "-resize", "1600x1600", "-quality", quality, hint_path, NULL };

    run_convert (plain_argv);
    for (i = 0; i < runs; i++)
      {
        magick[i] = run_convert (plain_argv);
        magick_hint[i] = run_convert (hint_argv);
      }
  }
  g_print ("convert -resize 1600x1600 -quality %s: %" G_GSIZE_FORMAT " bytes "
           "(with -define jpeg:size=1600x1600: %" G_GSIZE_FORMAT " bytes)\n",
           quality, file_size (out_path), file_size (hint_path));

  for (i = 0; i < runs; i++)
    {
      full[i] = fit_on_this_thread (original, FALSE);
      scaled[i] = fit_on_this_thread (original, TRUE);
    }

  fit_ms = median_ms (fit, runs);
  magick_ms = median_ms (magick, runs);
  qsort (stall, runs, sizeof *stall, compare_gint64);
  stall_ms = stall[runs - 1] / 1000.0;

  g_print ("\n== results\n");
  g_print ("fit (xuexin_photo_fit_async, file to callback): %.1f ms\n", fit_ms);
  g_print ("ImageMagick convert:                            %.1f ms\n", magick_ms);
  g_print ("ImageMagick convert -define jpeg:size:          %.1f ms\n", median_ms (magick_hint, runs));
  g_print ("fit on one thread, libjpeg scaling the decode:  %.1f ms\n", median_ms (scaled, runs));
  g_print ("fit on one thread, full decode then scaling:    %.1f ms\n", median_ms (full, runs));
  g_print ("longest main-loop stall while fitting:          %.2f ms (worst of %d runs; median %.2f ms)\n",
           stall_ms, runs, median_ms (stall, runs));
  g_print ("\n== goals\n");
  g_print ("fit vs ImageMagick: %.2fx (goal <= 0.5x)\n", fit_ms / magick_ms);
  g_print ("main-loop stall:    %.2f ms (goal < 16 ms)\n", stall_ms);

  g_unlink (in_path);
  g_unlink (out_path);
  g_unlink (hint_path);
  g_rmdir (dir);
  return 0;
}
