/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Benchmark of identity path 2 (客服协助验证) through the real window,
 * run by `tests/bench/run-bench.sh photo-ui BUILD [RUNS]` (under Xvfb and
 * a D-Bus session): the main loop must never stall while a 12 MP photo
 * is checked, fitted and uploaded. Goal: under 16 ms, one frame at 60 Hz.
 *
 * Each run signs a pending account in against the UI tests' embedded
 * service on loopback (tests/app/xuexin-test-service.c, its own threads),
 * opens the assistant at the first photo step (手持身份证), and then, measured:
 *
 *   idle:   30 frames of the photo step at rest, the window queued for
 *           redraw each frame (nothing changes): the reference;
 *   fit:    xuexin_identity_photo_page_load_file() with a 4000×3000 JPEG
 *           of about 5 MB (tests/app/xuexin-test-photos.c, the photo of
 *           photo-fit-bench.c), until the fitted preview is on screen:
 *           the page shows "ready", one frame was painted after it and
 *           the photo stack's transition is over;
 *   upload: *Next*, the real XuexinClient sending the ~300 KB to the
 *           service with its progress bar, until the assistant stands on
 *           the next step (人像面) and its transition is over.
 *
 * Measured on the main thread, for each phase:
 *
 *   - the longest gap between two ticks of a 1 ms g_timeout_add on the
 *     default main context (or between the phase's start and the first
 *     tick, or the last tick and its end): the longest time the loop did
 *     not come back to its sources, whatever held it (our callbacks,
 *     layout, snapshot, the renderer, the a11y tree);
 *   - the frame clock: a tick callback on the window keeps it running at
 *     the display's rate; the longest interval between two frames, and
 *     the frames that came later than 1.5 refresh intervals after the
 *     one before (a frame missed);
 *   - what held the loop: the longest frame's work (update to
 *     after-paint, with its layout and paint phases), and the longest
 *     timeout gap in which no frame was painted (our callbacks, the
 *     client's I/O, the a11y bridge).
 *
 * The waits are blocking main-loop iterations (no sleeps), so the
 * harness itself adds nothing to the gaps. Run 0 is cold (the first fit
 * and upload of the process: the loader modules, the thread pool, the
 * HTTP connection) and is printed, not counted; runs 1..RUNS (default 5)
 * give the median and the worst. Usage: identity-photo-bench [RUNS]
 */
#define G_LOG_DOMAIN "xuexin-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "identity/xuexin-identity-photo-page.h"
#include "identity/xuexin-identity-draft.h"
#include "xuexin-flow.h"
#include "xuexin-photo-fit.h"
#include "xuexin-test-flow.h"
#include "xuexin-test-photos.h"
#include "xuexin-test-ui.h"

#define PHASE_IDLE   0
#define PHASE_FIT    1
#define PHASE_UPLOAD 2
#define N_PHASES     3
#define IDLE_FRAMES  30

static const char * const phase_names[N_PHASES] = { "idle", "fit", "upload" };

typedef struct
{
  gint64 start;
  gint64 end;
  gint64 last_tick;
  gint64 longest_gap;      /* µs, the 1 ms timeout */
  gint64 longest_gap_no_frame; /* µs, the same, among gaps no frame was drawn in */
  guint  paints_at_tick;
  gint64 last_frame;
  gint64 longest_frame;    /* µs, the frame clock */
  guint  frames;
  guint  late_frames;
  gint64 longest_frame_work; /* µs, update to after-paint */
  gint64 longest_layout;     /* µs, the layout phase: measure, allocate */
  gint64 longest_paint;      /* µs, the paint phase: snapshot and render */
} Phase;

typedef struct
{
  Phase   phases[N_PHASES];
  int     current;         /* -1: not measuring */
  gint64  refresh_interval;
  guint   paints;
  gint64  before_paint;    /* the end of the frame's before-paint phase */
  gint64  layout_start;    /* the end of its update phase */
  gint64  paint_start;     /* the end of its layout phase */
  gint64  fitted;          /* when the page first showed "ready" */
  guint   paints_at_fitted;
  guint   progress_updates;
  gsize   bytes;
  guint   quality;
  guint   width;
  guint   height;
} Run;

static XuexinTestService *service;
static int runs = 5;
static GFile *photo;
static gsize photo_size;

static gboolean
tick_cb (gpointer user_data)
{
  Run *run = user_data;
  gint64 now = g_get_monotonic_time ();
  Phase *phase;

  if (run->current < 0)
    return G_SOURCE_CONTINUE;
  phase = &run->phases[run->current];
  phase->longest_gap = MAX (phase->longest_gap, now - phase->last_tick);
  /* What held the loop was not a frame: our callbacks, the client's
   * I/O, the a11y bridge. */
  if (run->paints == phase->paints_at_tick)
    phase->longest_gap_no_frame = MAX (phase->longest_gap_no_frame, now - phase->last_tick);
  phase->last_tick = now;
  phase->paints_at_tick = run->paints;
  return G_SOURCE_CONTINUE;
}

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  Run *run = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 interval = 0;
  Phase *phase;

  if (run->refresh_interval == 0)
    {
      gdk_frame_clock_get_refresh_info (clock, gdk_frame_clock_get_frame_time (clock), &interval, NULL);
      run->refresh_interval = interval > 0 ? interval : G_USEC_PER_SEC / 60;
    }
  if (run->current < 0)
    return G_SOURCE_CONTINUE;

  phase = &run->phases[run->current];
  if (phase->last_frame != 0)
    {
      gint64 gap = now - phase->last_frame;

      phase->longest_frame = MAX (phase->longest_frame, gap);
      if (gap * 2 > run->refresh_interval * 3)
        phase->late_frames++;
    }
  phase->last_frame = now;
  phase->frames++;
  /* The reference: the empty photo step redrawn whole every frame. */
  if (run->current == PHASE_IDLE)
    gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* The frame clock's own phases: how much of a stall is one frame's
 * layout and drawing (GTK 4.8 renders on the main thread). These
 * handlers run after GDK's own, so each notes when its phase ended. */
static void
before_paint_cb (GdkFrameClock *clock,
                 Run           *run)
{
  run->before_paint = g_get_monotonic_time ();
}

static void
update_cb (GdkFrameClock *clock,
           Run           *run)
{
  run->layout_start = g_get_monotonic_time ();
}

static void
layout_cb (GdkFrameClock *clock,
           Run           *run)
{
  gint64 now = g_get_monotonic_time ();

  if (run->current >= 0 && run->layout_start != 0)
    run->phases[run->current].longest_layout = MAX (run->phases[run->current].longest_layout,
                                                    now - run->layout_start);
  run->paint_start = now;
}

static void
paint_cb (GdkFrameClock *clock,
          Run           *run)
{
  gint64 now = g_get_monotonic_time ();

  if (run->current >= 0 && run->paint_start != 0)
    run->phases[run->current].longest_paint = MAX (run->phases[run->current].longest_paint,
                                                   now - run->paint_start);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Run           *run)
{
  gint64 now = g_get_monotonic_time ();

  run->paints++;
  if (run->current >= 0 && run->before_paint != 0)
    run->phases[run->current].longest_frame_work = MAX (run->phases[run->current].longest_frame_work,
                                                        now - run->before_paint);
  run->before_paint = run->layout_start = run->paint_start = 0;
}

static void
fraction_cb (GtkProgressBar *bar,
             GParamSpec     *pspec,
             Run            *run)
{
  run->progress_updates++;
}

/* Ends the current phase (if any) and starts @index (-1: none). */
static void
switch_phase (Run *run,
              int  index)
{
  gint64 now = g_get_monotonic_time ();

  if (run->current >= 0)
    {
      Phase *phase = &run->phases[run->current];

      phase->end = now;
      phase->longest_gap = MAX (phase->longest_gap, now - phase->last_tick);
      if (run->paints == phase->paints_at_tick)
        phase->longest_gap_no_frame = MAX (phase->longest_gap_no_frame, now - phase->last_tick);
    }
  run->current = index;
  if (index >= 0)
    {
      Phase *phase = &run->phases[index];

      phase->start = phase->last_tick = now;
      phase->paints_at_tick = run->paints;
      /* The frame before the phase counts as its first interval's start. */
      phase->last_frame = index > PHASE_FIT ? run->phases[index - 1].last_frame : 0;
    }
}

/* Iterates the main loop, blocking, until @condition holds: the 1 ms
 * timeout wakes it at least every millisecond, so no sleeps are needed
 * and none adds to the gaps measured. */
static void
run_until (XuexinTestCondition  condition,
           gpointer             user_data,
           const char          *what)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!condition (user_data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct
{
  Run       *run;
  GtkWidget *window;
  GtkWidget *page;
} Wait;

static const char *
photo_state (GtkWidget *page)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (page, "photo_stack")));
}

static gboolean
idle_frames_done (gpointer user_data)
{
  Wait *wait = user_data;

  return wait->run->phases[PHASE_IDLE].frames > IDLE_FRAMES;
}

/* The fitted preview is on screen: "ready", a frame painted since, and
 * the photo stack no longer crossfading. */
static gboolean
preview_shown (gpointer user_data)
{
  Wait *wait = user_data;
  const char *state = photo_state (wait->page);

  if (g_strcmp0 (state, "working") == 0)
    return FALSE;
  if (g_strcmp0 (state, "ready") != 0)
    g_error ("The photo was refused: %s", xuexin_test_page_error_text (wait->window));
  if (wait->run->fitted == 0)
    {
      wait->run->fitted = g_get_monotonic_time ();
      wait->run->paints_at_fitted = wait->run->paints;
    }
  return wait->run->paints > wait->run->paints_at_fitted
         && !gtk_stack_get_transition_running (GTK_STACK (xuexin_test_require_child (wait->page, "photo_stack")));
}

/* The upload is done and the assistant stands on the next step. */
static gboolean
next_step_shown (gpointer user_data)
{
  Wait *wait = user_data;
  GtkWidget *page = xuexin_test_current_page (wait->window);

  if (page == wait->page)
    {
      if (xuexin_test_page_error_text (wait->window) != NULL && !xuexin_test_spinning (wait->window))
        g_error ("The upload failed: %s", xuexin_test_page_error_text (wait->window));
      return FALSE;
    }
  return !xuexin_test_spinning (wait->window)
         && !gtk_stack_get_transition_running (GTK_STACK (xuexin_test_require_child (wait->window, "page_stack")));
}

/* Signs a pending account in and opens the assistant at the first
 * photo step, as test-identity-photos.c does; not measured. */
static GtkWidget *
open_photo_step (void)
{
  g_autofree char *first_phone = xuexin_test_next_phone ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) first = xuexin_test_service_create_account (service, first_phone, "何佳宁", id_number, NULL, FALSE);
  g_autoptr(XuexinAccount) pending = xuexin_test_service_create_account (service, phone, "何佳宁", id_number, NULL, TRUE);
  GtkWidget *window = xuexin_test_open_window (900, 1000);

  xuexin_test_sign_in_window (window, phone, XUEXIN_TEST_PASSWORD);
  xuexin_test_start_identity_path (window, "help_desk", "XuexinIdentityPhotoPage");
  xuexin_test_render_settled (window, "bench-identity-photo-empty");

  return window;
}

static void
bench_once (Run *run)
{
  GtkWidget *window = open_photo_step ();
  GtkWidget *page = xuexin_test_current_page (window);
  GtkWidget *next_button = xuexin_test_require_child (window, "next_button");
  GtkWidget *bar = xuexin_test_require_child (page, "upload_progress");
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  Wait wait = { run, window, page };
  XuexinFittedPhoto *fitted;
  GtkWidget *flow;
  gulong before_paint_handler, update_handler, layout_handler, paint_handler, after_paint_handler, fraction_handler;
  guint tick, frame;

  run->current = -1;
  tick = g_timeout_add (1, tick_cb, run);
  frame = gtk_widget_add_tick_callback (window, frame_cb, run, NULL);
  before_paint_handler = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), run);
  update_handler = g_signal_connect (clock, "update", G_CALLBACK (update_cb), run);
  layout_handler = g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), run);
  paint_handler = g_signal_connect (clock, "paint", G_CALLBACK (paint_cb), run);
  after_paint_handler = g_signal_connect_after (clock, "after-paint", G_CALLBACK (after_paint_cb), run);
  fraction_handler = g_signal_connect (bar, "notify::fraction", G_CALLBACK (fraction_cb), run);
  /* Let the frame clock reach its pace before anything is measured. */
  xuexin_test_iterate (100);

  switch_phase (run, PHASE_IDLE);
  run_until (idle_frames_done, &wait, "the idle frames");
  switch_phase (run, -1);
  xuexin_test_iterate (50);

  switch_phase (run, PHASE_FIT);
  xuexin_identity_photo_page_load_file (XUEXIN_IDENTITY_PHOTO_PAGE (page), photo);
  run_until (preview_shown, &wait, "the fitted preview");

  switch_phase (run, PHASE_UPLOAD);
  g_assert_true (gtk_widget_is_sensitive (next_button));
  g_signal_emit_by_name (next_button, "clicked");
  run_until (next_step_shown, &wait, "the next step");
  switch_phase (run, -1);

  g_signal_handler_disconnect (bar, fraction_handler);
  g_signal_handler_disconnect (clock, before_paint_handler);
  g_signal_handler_disconnect (clock, update_handler);
  g_signal_handler_disconnect (clock, layout_handler);
  g_signal_handler_disconnect (clock, paint_handler);
  g_signal_handler_disconnect (clock, after_paint_handler);
  gtk_widget_remove_tick_callback (window, frame);
  g_source_remove (tick);

  flow = gtk_widget_get_ancestor (xuexin_test_require_child (window, "assistant"), XUEXIN_TYPE_FLOW);
  fitted = xuexin_identity_draft_get_photo (XUEXIN_IDENTITY_DRAFT (xuexin_flow_get_draft (XUEXIN_FLOW (flow))),
                                            XUEXIN_CASE_SIDE_HANDHELD);
  if (fitted != NULL)
    {
      run->bytes = xuexin_fitted_photo_get_size (fitted);
      run->quality = xuexin_fitted_photo_get_quality (fitted);
      run->width = xuexin_fitted_photo_get_width (fitted);
      run->height = xuexin_fitted_photo_get_height (fitted);
    }

  if (run->progress_updates == 0)
    g_error ("The upload reported no progress");
  xuexin_test_render_settled (window, "bench-identity-photo-next-step");
  xuexin_test_click (xuexin_test_require_child (window, "cancel_button"));
  xuexin_test_wait_for_stack (window, "account");
  xuexin_test_sign_out_and_close (window);
}

static double
ms (gint64 us)
{
  return us / 1000.0;
}

static void
print_run (const char *name,
           Run        *run)
{
  const Phase *fit = &run->phases[PHASE_FIT];
  const Phase *upload = &run->phases[PHASE_UPLOAD];

  g_print ("%s: fit %.1f ms to the callback, %.1f ms to the preview on screen; "
           "upload %.1f ms to the next step (%u progress updates)\n",
           name, ms (run->fitted - fit->start), ms (fit->end - fit->start),
           ms (upload->end - upload->start), run->progress_updates);
  for (int i = 0; i < N_PHASES; i++)
    g_print ("    %-6s longest timeout gap %6.2f ms, longest frame interval %6.2f ms "
             "(%u frames, %u late); longest frame's work %.2f ms (layout %.2f, paint %.2f); "
             "longest gap with no frame %.2f ms\n",
             phase_names[i], ms (run->phases[i].longest_gap), ms (run->phases[i].longest_frame),
             run->phases[i].frames, run->phases[i].late_frames, ms (run->phases[i].longest_frame_work),
             ms (run->phases[i].longest_layout), ms (run->phases[i].longest_paint),
             ms (run->phases[i].longest_gap_no_frame));
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The median and the worst of @count values, in ms. */
static void
median_worst (gint64 *values,
              int     count,
              double *out_median,
              double *out_worst)
{
  qsort (values, count, sizeof *values, compare_gint64);
  *out_median = ms (count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2);
  *out_worst = ms (values[count - 1]);
}

static void
bench_identity_photo (void)
{
  g_autofree Run *all = g_new0 (Run, runs + 1);
  g_autofree gint64 *values = g_new (gint64, runs);
  double median, worst, worst_gap = 0;
  GskRenderer *renderer;
  GtkWidget *probe;

  /* Which renderer draws: under Xvfb, GL through Mesa's llvmpipe or
   * cairo, on the main thread either way. */
  probe = xuexin_test_open_window (300, 200);
  renderer = gtk_native_get_renderer (GTK_NATIVE (probe));
  g_print ("== renderer %s\n", G_OBJECT_TYPE_NAME (renderer));
  xuexin_test_close_window (probe);

  for (int i = 0; i <= runs; i++)
    {
      g_autofree char *name = i == 0 ? g_strdup ("run 0 (cold, not counted)") : g_strdup_printf ("run %d", i);

      bench_once (&all[i]);
      print_run (name, &all[i]);
    }

  g_print ("\n== photo: 4000×3000, %" G_GSIZE_FORMAT " bytes; fitted %u×%u, quality %u, %" G_GSIZE_FORMAT
           " bytes uploaded; refresh interval %.2f ms\n",
           photo_size, all[1].width, all[1].height, all[1].quality, all[1].bytes, ms (all[1].refresh_interval));
  g_print ("== results, runs 1..%d: median / worst (ms)\n", runs);

  for (int p = 0; p < N_PHASES; p++)
    {
      for (int i = 0; i < runs; i++)
        values[i] = all[i + 1].phases[p].longest_gap;
      median_worst (values, runs, &median, &worst);
      if (p != PHASE_IDLE)
        worst_gap = MAX (worst_gap, worst);
      g_print ("%-6s longest main-loop stall (1 ms timeout): %6.2f / %6.2f\n", phase_names[p], median, worst);

      for (int i = 0; i < runs; i++)
        values[i] = all[i + 1].phases[p].longest_gap_no_frame;
      median_worst (values, runs, &median, &worst);
      g_print ("%-6s   longest with no frame drawn in it:    %6.2f / %6.2f\n", phase_names[p], median, worst);

      for (int i = 0; i < runs; i++)
        values[i] = all[i + 1].phases[p].longest_frame;
      median_worst (values, runs, &median, &worst);
      g_print ("%-6s longest frame interval:                 %6.2f / %6.2f\n", phase_names[p], median, worst);

      for (int i = 0; i < runs; i++)
        values[i] = all[i + 1].phases[p].longest_frame_work;
      median_worst (values, runs, &median, &worst);
      g_print ("%-6s longest frame's work (update to render): %6.2f / %6.2f\n", phase_names[p], median, worst);

      for (int i = 0; i < runs; i++)
        values[i] = all[i + 1].phases[p].longest_layout;
      median_worst (values, runs, &median, &worst);
      g_print ("%-6s   longest layout (measure, allocate):   %6.2f / %6.2f\n", phase_names[p], median, worst);

      for (int i = 0; i < runs; i++)
        values[i] = all[i + 1].phases[p].longest_paint;
      median_worst (values, runs, &median, &worst);
      g_print ("%-6s   longest paint (snapshot, render):     %6.2f / %6.2f\n", phase_names[p], median, worst);

      for (int i = 0; i < runs; i++)
        values[i] = all[i + 1].phases[p].late_frames;
      qsort (values, runs, sizeof *values, compare_gint64);
      g_print ("%-6s late frames (> 1.5 intervals):           %4" G_GINT64_FORMAT " / %4" G_GINT64_FORMAT "\n",
               phase_names[p], values[runs / 2], values[runs - 1]);

      for (int i = 0; i < runs; i++)
        values[i] = all[i + 1].phases[p].end - all[i + 1].phases[p].start;
      median_worst (values, runs, &median, &worst);
      g_print ("%-6s phase duration:                         %6.1f / %6.1f\n", phase_names[p], median, worst);
    }

  g_print ("\n== goal\n");
  g_print ("longest main-loop stall, fit and upload: %.2f ms, worst of %d runs (goal < 16 ms): %s\n",
           worst_gap, runs, worst_gap < 16.0 ? "met" : "NOT met");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GdkPixbuf) card = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int status;

  service = xuexin_test_ui_init_with_service (&argc, &argv);
  if (argc > 1)
    runs = MAX (1, atoi (argv[1]));
  g_settings_set_boolean (xuexin_application_get_settings (xuexin_test_ui_get_application ()),
                          "remember-me", FALSE);

  /* photo-fit-bench.c's photo: 12 MP, quality 95, a camera's EXIF. */
  card = xuexin_test_photo_card (4000, 3000, 0, 1.0, 6, 7);
  plain = xuexin_test_photo_encode (card, "jpeg", 95);
  original = xuexin_test_photo_add_exif (plain, 1);
  g_clear_object (&card);
  dir = g_dir_make_tmp ("xuexin-photo-ui-bench-XXXXXX", NULL);
  path = g_build_filename (dir, "photo.jpg", NULL);
  if (!g_file_set_contents (path, g_bytes_get_data (original, NULL), g_bytes_get_size (original), &error))
    g_error ("%s", error->message);
  photo = g_file_new_for_path (path);
  photo_size = g_bytes_get_size (original);

  g_test_add_func ("/bench/identity-photo", bench_identity_photo);
  status = xuexin_test_ui_run ();

  g_clear_object (&photo);
  g_unlink (path);
  g_rmdir (dir);
  return status;
}
