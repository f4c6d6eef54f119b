/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Benchmark of the review console's queue (issue 12), run by
 * `tests/bench/run-bench.sh queue BUILD [LARGE [SCROLL]]` under Xvfb and a
 * D-Bus session: a queue of 100 000 open cases must open and scroll as a
 * queue of 100 does. Goal: no main-loop stall of 16 ms (one frame at 60 Hz)
 * or more while scrolling.
 *
 * Each queue is a real SQLite file of the service: the reviewer is added
 * as `xuexin-accountd add-staff` adds one (which creates the schema), the
 * cases are inserted directly with SQL in one transaction (a pending
 * account and a submitted case with its first submission each, oldest
 * first, as tests/bench/identity-bench.py fills them), and the UI tests'
 * embedded service (tests/app/xuexin-test-service.c, its own threads) is
 * started on the file. The reviewer signs in with the real XuexinClient.
 *
 * Measured, in a real window: a GtkListView over the client's paging
 * XuexinReviewQueue (src/api/xuexin-review-queue.h), one label per row,
 * in a GtkScrolledWindow:
 *
 *   first paint: from creating the queue and presenting the window to the
 *     end of the first frame that shows a loaded row (the first page has
 *     arrived and is on screen);
 *   scroll: the vertical adjustment moved down by 90 % of a page, one
 *     step per painted frame, until SCROLL cases (default 10 000, or the
 *     whole queue if it is shorter) went by; then until the rows on
 *     screen are loaded. Meanwhile: the longest gap between two ticks of
 *     a 1 ms g_timeout_add on the default main context (the longest time
 *     the loop did not come back to its sources, whatever held it: the
 *     model's get_item(), the list's layout, snapshot, the renderer, the
 *     client's I/O), the longest frame interval and the longest frame's
 *     work (the frame clock's before-paint to after-paint) and its median,
 *     the longest gap with no frame drawn in it (the app's own work),
 *     and the requests the queue made.
 *
 * Run 0 is the small queue, cold (the process's first window, fonts, the
 * renderer, the HTTP connection): printed, not compared. Then the small
 * queue (100 cases) and the large one (100 000), once each, in the same
 * process, and their ratios. Usage: review-queue-bench [LARGE [SCROLL]]
 */
#define G_LOG_DOMAIN "xuexin-bench"

#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "xuexin-common.h"
#include "xuexin-review.h"
#include "xuexin-test-ui.h"

#define SMALL_QUEUE 100
#define IDLE_FRAMES 30
#define REVIEWER_PASSWORD "Review#2026bench"

typedef struct
{
  guint   cases;
  gint64  seed_time;        /* µs, the SQL transaction */
  gint64  first_frame;      /* µs from the start, any frame */
  gint64  first_paint;      /* µs from the start, a loaded row on screen */
  gint64  scroll_time;      /* µs, the scroll phase */
  gint64  settle_time;      /* µs, after the last step until the rows on screen are loaded */
  gint64  longest_gap;      /* µs, the 1 ms timeout, during the scroll */
  gint64  longest_gap_no_frame; /* µs, the same, among gaps no frame was drawn in */
  gint64  longest_frame;    /* µs, the frame clock, during the scroll */
  gint64  longest_frame_work;
  gint64  median_frame_work;
  gint64  longest_layout;   /* µs, the frame's layout phase: measure, allocate, the rows' binds */
  gint64  longest_paint;    /* µs, its paint phase: snapshot and render */
  gint64  idle_frame_work;  /* µs, the longest of IDLE_FRAMES unchanged frames redrawn whole */
  gint64  longest_step;     /* µs, gtk_adjustment_set_value() alone */
  guint   steps;
  guint   frames;
  guint   late_frames;
  guint   requests;         /* GET /review/cases, opening and scrolling */
  guint   rows_scrolled;
  glong   rss_growth_kb;    /* VmRSS after the scroll minus before the queue */
} Run;

typedef struct
{
  Run       *run;
  gboolean   measuring;
  gint64     start;
  gint64     last_tick;
  gint64     last_frame;
  gint64     before_paint;
  gint64     layout_start;
  gint64     paint_start;
  guint      idle_frames;   /* > 0: redrawing the window unchanged, for the reference */
  gint64     refresh_interval;
  guint      paints;
  guint      paints_at_tick;
  GArray    *frame_works;   /* gint64 µs, each frame of the scroll */
  GtkWidget *list;
  gboolean   loaded_on_screen;
} Meter;

static int large_queue = 100000;
static int scroll_cases = 10000;
static const char *renderer_name;

/* ----- the queue's database ------------------------------------------------ */

/* A valid resident ID number, distinct for each @n < 36 500 000, as
 * identity-bench.py makes them. */
static char *
resident_id (guint n)
{
  guint day = n / 1000, seq = n % 1000;
  g_autofree char *first17 = g_strdup_printf ("110101%04u%02u%02u%03u",
                                              1950 + (day / 365) % 50, 1 + (day % 365) / 31 % 12,
                                              1 + (day % 365) % 28, seq);

  return g_strdup_printf ("%s%c", first17, xuexin_id_number_compute_check_digit (first17));
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
step (sqlite3      *db,
      sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("insert: %s", sqlite3_errmsg (db));
  sqlite3_reset (stmt);
}

/* @cases pending accounts with one submitted case each, the oldest
 * submitted @cases seconds ago, in one transaction, into the service's
 * own schema. */
static gint64
seed_cases (const char *database_path,
            guint       cases)
{
  gint64 start = g_get_monotonic_time ();
  gint64 now = g_get_real_time ();
  sqlite3 *db = NULL;
  sqlite3_stmt *account;
  sqlite3_stmt *review_case;
  sqlite3_stmt *submission;

  if (sqlite3_open_v2 (database_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_error ("%s: %s", database_path, sqlite3_errmsg (db));
  exec (db, "PRAGMA synchronous = OFF; BEGIN");
  account = prepare (db,
    "INSERT INTO accounts (phone, name, id_type, id_number, password_hash, state, created_at, updated_at) "
    "VALUES (?1, '测试用户', 'resident_id', ?2, 'not-a-hash', 'pending_identity', ?3, ?3)");
  review_case = prepare (db,
    "INSERT INTO review_cases (account_id, state, submissions, created_at, updated_at, submitted_at) "
    "VALUES (last_insert_rowid (), 'submitted', 1, ?1, ?1, ?1)");
  submission = prepare (db,
    "INSERT INTO review_submissions (case_id, number, submitted_at) VALUES (last_insert_rowid (), 1, ?1)");

  for (guint i = 0; i < cases; i++)
    {
      gint64 submitted = now - (gint64) (cases - i) * G_USEC_PER_SEC;
      g_autofree char *phone = g_strdup_printf ("131%08u", i);
      g_autofree char *id_number = resident_id (i);

      sqlite3_bind_text (account, 1, phone, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (account, 2, id_number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (account, 3, submitted);
      step (db, account);
      sqlite3_bind_int64 (review_case, 1, submitted);
      step (db, review_case);
      sqlite3_bind_int64 (submission, 1, submitted);
      step (db, submission);
    }

  sqlite3_finalize (account);
  sqlite3_finalize (review_case);
  sqlite3_finalize (submission);
  exec (db, "COMMIT");
  sqlite3_close (db);

  return g_get_monotonic_time () - start;
}

/* A service on a fresh data dir with the reviewer and @cases open cases,
 * started; the reviewer's client, signed in. */
static XuexinTestService *
open_queue_service (guint          cases,
                    Run           *run,
                    XuexinClient **out_client)
{
  g_autoptr(XuexinTestService) service = xuexin_test_service_new ();
  XuexinServiceConfig *config = xuexin_test_service_get_config (service);
  g_autofree char *data_dir = g_strdup_printf ("%s/queue-%u-%u", g_getenv ("XDG_DATA_HOME"), cases,
                                               xuexin_test_next_serial ());
  g_autofree char *database_path = g_build_filename (data_dir, "accounts.sqlite3", NULL);
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(GError) error = NULL;

  xuexin_service_config_set_string (&config->data_dir, data_dir);
  /* As `xuexin-accountd add-staff`: this creates the database. */
  if (!xuexin_service_add_staff (config, "reviewer", phone, "审核员", id_number, REVIEWER_PASSWORD, NULL, &error))
    g_error ("add-staff: %s", error->message);
  run->cases = cases;
  run->seed_time = seed_cases (database_path, cases);

  xuexin_test_service_start (service);
  *out_client = xuexin_test_service_sign_in (service, phone, REVIEWER_PASSWORD, NULL);
  return g_steal_pointer (&service);
}

/* ----- the window -------------------------------------------------------------- */

static void
update_row (GtkListItem *item)
{
  XuexinQueueCase *queue_case = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *submitted = NULL;
  g_autofree char *text = NULL;

  if (queue_case == NULL || !xuexin_queue_case_is_loaded (queue_case))
    {
      gtk_label_set_label (label, "…");
      return;
    }

  if (xuexin_queue_case_get_submitted_at (queue_case) != NULL)
    submitted = g_date_time_format (xuexin_queue_case_get_submitted_at (queue_case), "%Y-%m-%d %H:%M:%S");
  text = g_strdup_printf ("#%" G_GINT64_FORMAT "  %s  %s  submission %u", xuexin_queue_case_get_id (queue_case),
                          xuexin_queue_case_get_state (queue_case), submitted != NULL ? submitted : "",
                          xuexin_queue_case_get_submissions (queue_case));
  gtk_label_set_label (label, text);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new ("…");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 9);
  gtk_widget_set_margin_bottom (label, 9);
  gtk_list_item_set_child (item, label);
}

/* The row follows its case: a placeholder is filled in when its page
 * arrives. */
static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  g_signal_connect_object (gtk_list_item_get_item (item), "notify::loaded",
                           G_CALLBACK (update_row), item, G_CONNECT_SWAPPED);
  update_row (item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_row, item);
}

/* Whether the first row GTK shows is a loaded case: the row widgets'
 * labels are what is on screen. */
static gboolean
row_on_screen_loaded (GtkWidget *list)
{
  GtkWidget *viewport_top = NULL;
  double top = G_MAXDOUBLE;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;
      GtkWidget *label = gtk_widget_get_first_child (row);

      if (!GTK_IS_LABEL (label) || !gtk_widget_get_mapped (row) ||
          !gtk_widget_compute_bounds (row, list, &bounds) || bounds.origin.y + bounds.size.height <= 0)
        continue;
      if (bounds.origin.y < top)
        {
          top = bounds.origin.y;
          viewport_top = label;
        }
    }

  return viewport_top != NULL && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (viewport_top)), "#");
}

/* ----- measuring ------------------------------------------------------------------ */

static gboolean
tick_cb (gpointer user_data)
{
  Meter *meter = user_data;
  gint64 now = g_get_monotonic_time ();

  if (meter->measuring)
    {
      meter->run->longest_gap = MAX (meter->run->longest_gap, now - meter->last_tick);
      /* What held the loop was not a frame: the client's I/O and JSON,
       * the model's pages, the rows' updates. */
      if (meter->paints == meter->paints_at_tick)
        meter->run->longest_gap_no_frame = MAX (meter->run->longest_gap_no_frame, now - meter->last_tick);
    }
  meter->last_tick = now;
  meter->paints_at_tick = meter->paints;
  return G_SOURCE_CONTINUE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Meter         *meter)
{
  meter->before_paint = g_get_monotonic_time ();
}

/* These run after GDK's own handlers: each notes when its phase ended. */
static void
update_cb (GdkFrameClock *clock,
           Meter         *meter)
{
  meter->layout_start = g_get_monotonic_time ();
}

static void
layout_cb (GdkFrameClock *clock,
           Meter         *meter)
{
  gint64 now = g_get_monotonic_time ();

  if (meter->measuring && meter->layout_start != 0)
    meter->run->longest_layout = MAX (meter->run->longest_layout, now - meter->layout_start);
  meter->paint_start = now;
}

static void
paint_cb (GdkFrameClock *clock,
          Meter         *meter)
{
  if (meter->measuring && meter->paint_start != 0)
    meter->run->longest_paint = MAX (meter->run->longest_paint, g_get_monotonic_time () - meter->paint_start);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Meter         *meter)
{
  gint64 now = g_get_monotonic_time ();
  Run *run = meter->run;

  if (meter->idle_frames > 0)
    {
      if (meter->before_paint != 0 && meter->idle_frames <= IDLE_FRAMES)
        run->idle_frame_work = MAX (run->idle_frame_work, now - meter->before_paint);
      meter->idle_frames++;
    }

  if (meter->refresh_interval == 0)
    {
      gint64 interval = 0;

      gdk_frame_clock_get_refresh_info (clock, gdk_frame_clock_get_frame_time (clock), &interval, NULL);
      meter->refresh_interval = interval > 0 ? interval : G_USEC_PER_SEC / 60;
    }

  meter->paints++;
  if (run->first_frame == 0)
    run->first_frame = now - meter->start;
  /* What was just painted: the labels were set before the frame. */
  if (run->first_paint == 0 && meter->list != NULL && row_on_screen_loaded (meter->list))
    run->first_paint = now - meter->start;

  if (meter->measuring)
    {
      if (meter->last_frame != 0)
        {
          gint64 gap = now - meter->last_frame;

          run->longest_frame = MAX (run->longest_frame, gap);
          if (gap * 2 > meter->refresh_interval * 3)
            run->late_frames++;
        }
      if (meter->before_paint != 0)
        {
          gint64 work = now - meter->before_paint;

          run->longest_frame_work = MAX (run->longest_frame_work, work);
          g_array_append_val (meter->frame_works, work);
        }
      run->frames++;
    }
  meter->last_frame = now;
  meter->before_paint = meter->layout_start = meter->paint_start = 0;
}

/* The reference: the window, unchanged, redrawn whole each frame. */
static gboolean
redraw_cb (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       user_data)
{
  Meter *meter = user_data;

  if (meter->idle_frames == 0 || meter->idle_frames > IDLE_FRAMES)
    return G_SOURCE_REMOVE;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop, blocking, until @condition holds: the 1 ms
 * timeout wakes it at least every millisecond, so no sleep adds to the
 * gaps measured. */
static void
run_until (gboolean   (*condition) (Meter *meter),
           Meter       *meter,
           const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!condition (meter))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
first_paint_done (Meter *meter)
{
  return meter->run->first_paint != 0;
}

static guint painted_at_step;

static gboolean
frame_painted (Meter *meter)
{
  return meter->paints > painted_at_step;
}

static gboolean
idle_frames_done (Meter *meter)
{
  return meter->idle_frames > IDLE_FRAMES;
}

static gboolean
rows_loaded (Meter *meter)
{
  return frame_painted (meter) && row_on_screen_loaded (meter->list);
}

static int
compare_us (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static glong
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line != NULL ? strtol (line + strlen ("VmRSS:"), NULL, 10) : 0;
}

static void
bench_queue (guint cases,
             Run  *run)
{
  g_autoptr(XuexinClient) client = NULL;
  g_autoptr(XuexinTestService) service = open_queue_service (cases, run, &client);
  g_autoptr(XuexinReviewQueue) queue = NULL;
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *window = adw_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  Meter meter = { run, .frame_works = g_array_new (FALSE, FALSE, sizeof (gint64)), };
  GdkFrameClock *clock;
  gulong before_paint_handler, update_handler, layout_handler, paint_handler, after_paint_handler;
  guint tick;
  glong rss_before = rss_kb ();
  gint64 scroll_start;

  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (xuexin_test_ui_get_application ()));
  gtk_window_set_title (GTK_WINDOW (window), "Review queue");
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  adw_window_set_content (ADW_WINDOW (window), scroller);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  tick = g_timeout_add (1, tick_cb, &meter);

  /* Measured from here: the queue asks for its first page, the window
   * shows it. */
  meter.start = g_get_monotonic_time ();
  queue = xuexin_review_queue_new (client);
  if (!xuexin_review_queue_is_loading (queue) && g_list_model_get_n_items (G_LIST_MODEL (queue)) == 0)
    xuexin_review_queue_reload (queue);
  meter.list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (queue)))),
                                  factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), meter.list);
  gtk_widget_realize (window);
  if (renderer_name == NULL)
    {
      /* Under Xvfb: GL through Mesa's llvmpipe, or cairo; on the main
       * thread either way. */
      renderer_name = G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window)));
      g_print ("== renderer %s\n", renderer_name);
    }
  clock = gtk_widget_get_frame_clock (window);
  before_paint_handler = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &meter);
  update_handler = g_signal_connect (clock, "update", G_CALLBACK (update_cb), &meter);
  layout_handler = g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), &meter);
  paint_handler = g_signal_connect (clock, "paint", G_CALLBACK (paint_cb), &meter);
  after_paint_handler = g_signal_connect_after (clock, "after-paint", G_CALLBACK (after_paint_cb), &meter);
  gtk_window_present (GTK_WINDOW (window));
  run_until (first_paint_done, &meter, "the first page on screen");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, cases);

  /* What a frame of this window costs when nothing changes: the floor
   * of every frame of the scroll (GTK 4.8 renders on the main thread). */
  meter.idle_frames = 1;
  gtk_widget_add_tick_callback (window, redraw_cb, &meter, NULL);
  run_until (idle_frames_done, &meter, "the idle frames");
  meter.idle_frames = 0;

  /* Scrolled a screenful at a time, one step a frame, as fast as a
   * reviewer dragging the scrollbar. */
  run->rows_scrolled = MIN ((guint) scroll_cases, cases);
  meter.measuring = TRUE;
  meter.last_tick = scroll_start = g_get_monotonic_time ();
  meter.last_frame = 0;
  for (;;)
    {
      double row_height = gtk_adjustment_get_upper (adjustment) / cases;
      double value = gtk_adjustment_get_value (adjustment);
      double end = MIN (row_height * run->rows_scrolled,
                        gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
      gint64 before;

      if (value >= end - 0.5)
        break;
      painted_at_step = meter.paints;
      before = g_get_monotonic_time ();
      gtk_adjustment_set_value (adjustment, MIN (end, value + gtk_adjustment_get_page_size (adjustment) * 0.9));
      run->longest_step = MAX (run->longest_step, g_get_monotonic_time () - before);
      run->steps++;
      run_until (frame_painted, &meter, "a frame");
    }
  run->scroll_time = g_get_monotonic_time () - scroll_start;
  painted_at_step = meter.paints;
  run_until (rows_loaded, &meter, "the rows on screen to load");
  run->settle_time = g_get_monotonic_time () - scroll_start - run->scroll_time;
  meter.measuring = FALSE;
  run->longest_gap = MAX (run->longest_gap, g_get_monotonic_time () - meter.last_tick);
  if (meter.paints == meter.paints_at_tick)
    run->longest_gap_no_frame = MAX (run->longest_gap_no_frame, g_get_monotonic_time () - meter.last_tick);
  g_array_sort (meter.frame_works, compare_us);
  if (meter.frame_works->len > 0)
    run->median_frame_work = g_array_index (meter.frame_works, gint64, meter.frame_works->len / 2);
  g_array_unref (meter.frame_works);

  run->requests = xuexin_test_service_count_requests (service, "GET", "/review/cases");
  run->rss_growth_kb = rss_kb () - rss_before;
  xuexin_test_render_png (window, cases > SMALL_QUEUE ? "bench-review-queue-large" : "bench-review-queue-small");

  g_signal_handler_disconnect (clock, before_paint_handler);
  g_signal_handler_disconnect (clock, update_handler);
  g_signal_handler_disconnect (clock, layout_handler);
  g_signal_handler_disconnect (clock, paint_handler);
  g_signal_handler_disconnect (clock, after_paint_handler);
  g_source_remove (tick);
  xuexin_test_close_window (window);
}

static double
ms (gint64 us)
{
  return us / 1000.0;
}

static void
print_run (const char *name,
           const Run  *run)
{
  g_print ("%s: %u cases (seeded in %.0f ms); first frame %.1f ms, first page on screen %.1f ms; "
           "scrolled %u cases in %u steps, %.0f ms (+ %.0f ms until the rows on screen loaded), "
           "%u requests; RSS %+ld kB\n",
           name, run->cases, ms (run->seed_time), ms (run->first_frame), ms (run->first_paint),
           run->rows_scrolled, run->steps, ms (run->scroll_time), ms (run->settle_time),
           run->requests, run->rss_growth_kb);
  g_print ("    scroll: longest main-loop stall %.2f ms (with no frame drawn in it %.2f ms), "
           "longest frame interval %.2f ms (%u frames, %u late), longest frame's work %.2f ms "
           "(layout %.2f, paint %.2f; median frame %.2f), "
           "longest set_value %.2f ms; an unchanged frame redrawn: %.2f ms\n",
           ms (run->longest_gap), ms (run->longest_gap_no_frame), ms (run->longest_frame), run->frames,
           run->late_frames, ms (run->longest_frame_work), ms (run->longest_layout), ms (run->longest_paint),
           ms (run->median_frame_work),
           ms (run->longest_step), ms (run->idle_frame_work));
}

static void
bench_review_queue (void)
{
  Run cold = { 0, }, small = { 0, }, large = { 0, };

  bench_queue (SMALL_QUEUE, &cold);
  print_run ("run 0 (cold, not compared)", &cold);
  bench_queue (SMALL_QUEUE, &small);
  print_run ("small", &small);
  bench_queue (large_queue, &large);
  print_run ("large", &large);

  g_print ("\n== large (%u) / small (%u), one run\n", large.cases, small.cases);
  g_print ("first page on screen:      %7.1f / %7.1f ms = %.2fx\n",
           ms (large.first_paint), ms (small.first_paint), (double) large.first_paint / small.first_paint);
  g_print ("longest stall, scrolling:  %7.2f / %7.2f ms = %.2fx (%u vs %u cases scrolled)\n",
           ms (large.longest_gap), ms (small.longest_gap), (double) large.longest_gap / small.longest_gap,
           large.rows_scrolled, small.rows_scrolled);
  g_print ("longest frame's work:      %7.2f / %7.2f ms = %.2fx\n",
           ms (large.longest_frame_work), ms (small.longest_frame_work),
           (double) large.longest_frame_work / MAX (1, small.longest_frame_work));
  g_print ("  layout:                  %7.2f / %7.2f ms\n", ms (large.longest_layout), ms (small.longest_layout));
  g_print ("  paint:                   %7.2f / %7.2f ms\n", ms (large.longest_paint), ms (small.longest_paint));
  g_print ("median frame's work:       %7.2f / %7.2f ms\n", ms (large.median_frame_work), ms (small.median_frame_work));
  g_print ("longest stall, no frame:   %7.2f / %7.2f ms\n", ms (large.longest_gap_no_frame),
           ms (small.longest_gap_no_frame));
  g_print ("an unchanged frame:        %7.2f / %7.2f ms\n", ms (large.idle_frame_work), ms (small.idle_frame_work));
  g_print ("\n== goal\n");
  g_print ("longest main-loop stall scrolling %u of %u cases: %.2f ms (goal < 16 ms): %s\n",
           large.rows_scrolled, large.cases, ms (large.longest_gap), large.longest_gap < 16000 ? "met" : "NOT met");
}

int
main (int   argc,
      char *argv[])
{
  xuexin_test_ui_init (&argc, &argv);
  if (argc > 1)
    large_queue = MAX (SMALL_QUEUE + 1, atoi (argv[1]));
  if (argc > 2)
    scroll_cases = MAX (1, atoi (argv[2]));

  g_test_add_func ("/bench/review-queue", bench_review_queue);
  return xuexin_test_ui_run ();
}
