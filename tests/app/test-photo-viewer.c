/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "xuexin-photo-viewer-private.h"
#include "xuexin-test-photos.h"
#include "xuexin-test-ui.h"

/* The review console's photo viewer in a real window: what the keys, the
 * wheel and a drag do to the view, what is drawn (read back from the
 * renderer), what a screen reader is told, and that the viewer lets go
 * of the photo when it is taken away. */

#define TITLE "Holding the ID card"
#define PHOTO_WIDTH 800
#define PHOTO_HEIGHT 500

typedef struct {
  GtkWidget *window;
  GtkWidget *viewer;
} Fixture;

static GdkTexture *
drawn_photo (void)
{
  g_autoptr(GdkPixbuf) card = xuexin_test_photo_card (PHOTO_WIDTH, PHOTO_HEIGHT, 0, 1.0, 3, 5);

  return gdk_texture_new_for_pixbuf (card);
}

static void
fixture_open (Fixture *fixture,
              int      width,
              int      height)
{
  g_autoptr(GdkTexture) texture = drawn_photo ();

  fixture->window = adw_window_new ();
  fixture->viewer = xuexin_photo_viewer_new ();
  gtk_window_set_application (GTK_WINDOW (fixture->window), GTK_APPLICATION (xuexin_test_ui_get_application ()));
  gtk_window_set_title (GTK_WINDOW (fixture->window), "Photo viewer");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  adw_window_set_content (ADW_WINDOW (fixture->window), fixture->viewer);
  xuexin_photo_viewer_set_title (XUEXIN_PHOTO_VIEWER (fixture->viewer), TITLE);
  xuexin_photo_viewer_set_texture (XUEXIN_PHOTO_VIEWER (fixture->viewer), texture);
  gtk_window_present (GTK_WINDOW (fixture->window));
  xuexin_test_wait_until_mapped (fixture->viewer);

  /* As after Tab: the ring shows on the pictures. */
  g_assert_true (gtk_widget_grab_focus (fixture->viewer));
  gtk_window_set_focus_visible (GTK_WINDOW (fixture->window), TRUE);
  g_assert_true (gtk_widget_has_focus (fixture->viewer));
}

static void
fixture_close (Fixture *fixture)
{
  xuexin_test_close_window (fixture->window);
}

/* A key press as the viewer's shortcut controller takes it: the shortcut
 * bound to @keyval is looked up and run; FALSE when it declined (the key
 * then goes on to the parents). GTK 4 has no public way to synthesize a
 * key event in-process. */
static gboolean
press (GtkWidget *viewer,
       guint      keyval)
{
  g_autoptr(GtkShortcutTrigger) trigger = gtk_keyval_trigger_new (keyval, 0);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (viewer);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          gboolean handled;

          if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            continue;

          handled = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                  GTK_SHORTCUT_ACTION_EXCLUSIVE, viewer,
                                                  gtk_shortcut_get_arguments (shortcut));
          xuexin_test_iterate (20);
          return handled;
        }
    }

  g_error ("No shortcut for %s", gdk_keyval_name (keyval));
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return GTK_EVENT_CONTROLLER (controller);  /* the widget keeps it */
    }

  g_error ("No %s on %s", g_type_name (type), G_OBJECT_TYPE_NAME (widget));
}

/* Widget pixels per photo pixel, fitted. */
static double
fit_of (GtkWidget *viewer)
{
  return MIN (gtk_widget_get_width (viewer) / (double) PHOTO_WIDTH,
              gtk_widget_get_height (viewer) / (double) PHOTO_HEIGHT);
}

/* How far the photo's centre can move from the view's along an axis. */
static double
pan_limit (double photo,
           double view)
{
  return MAX (0, (photo - view) / 2);
}

static double
zoom_of (GtkWidget *viewer)
{
  return xuexin_photo_viewer_get_zoom (XUEXIN_PHOTO_VIEWER (viewer));
}

static void
assert_name (GtkWidget *viewer,
             int        percent)
{
  g_autofree char *expected = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%s, %d %%"), TITLE, percent);

  gtk_test_accessible_assert_property (viewer, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
}

/* ----- what is drawn ------------------------------------------------------ */

/* The viewer's ground is translucent and the photo opaque: the opaque
 * pixels are the photo. */
typedef struct {
  int    view_width;
  int    view_height;
  int    x0, y0, x1, y1;   /* bounding box of the photo, x1 and y1 past it */
  double red_x, red_y;     /* centre of the photo's red mark */
} Drawn;

static void
read_drawn (GtkWidget *viewer,
            Drawn     *drawn)
{
  GtkWidget *toolbar = xuexin_test_require_child (viewer, "toolbar");
  gboolean toolbar_visible = gtk_widget_get_visible (toolbar);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (viewer);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int width = gtk_widget_get_width (viewer);
  int height = gtk_widget_get_height (viewer);
  gsize stride = (gsize) width * 4;
  double red_sum_x = 0, red_sum_y = 0;
  guint red_count = 0;

  /* The toolbar's icons are opaque too. */
  gtk_widget_set_visible (toolbar, FALSE);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  gtk_widget_set_visible (toolbar, toolbar_visible);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (viewer)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc (stride * height);
  /* Premultiplied B, G, R, A in memory (CAIRO_FORMAT_ARGB32 on little endian). */
  gdk_texture_download (texture, pixels, stride);

  *drawn = (Drawn) { width, height, width, height, 0, 0, 0, 0 };
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = pixels + y * stride + x * 4;

        if (p[3] < 250)
          continue;
        drawn->x0 = MIN (drawn->x0, x);
        drawn->y0 = MIN (drawn->y0, y);
        drawn->x1 = MAX (drawn->x1, x + 1);
        drawn->y1 = MAX (drawn->y1, y + 1);
        if (p[2] > 180 && p[1] < 70 && p[0] < 70)
          {
            red_sum_x += x;
            red_sum_y += y;
            red_count++;
          }
      }
  g_assert_cmpint (drawn->x1, >, drawn->x0);
  /* NAN, which no comparison passes, when the mark is out of view. */
  drawn->red_x = red_count > 0 ? red_sum_x / red_count : NAN;
  drawn->red_y = red_count > 0 ? red_sum_y / red_count : NAN;
}

/* The photo, @width × @height photo pixels as turned, fitted and centred. */
static void
assert_fitted (const Drawn *drawn,
               double       width,
               double       height)
{
  double scale = MIN (drawn->view_width / width, drawn->view_height / height);

  g_test_message ("drawn %d,%d–%d,%d in %d×%d", drawn->x0, drawn->y0, drawn->x1, drawn->y1,
                  drawn->view_width, drawn->view_height);
  g_assert_cmpfloat_with_epsilon (drawn->x1 - drawn->x0, width * scale, 2.0);
  g_assert_cmpfloat_with_epsilon (drawn->y1 - drawn->y0, height * scale, 2.0);
  g_assert_cmpfloat_with_epsilon (drawn->x0 + drawn->x1, drawn->view_width, 2.0);
  g_assert_cmpfloat_with_epsilon (drawn->y0 + drawn->y1, drawn->view_height, 2.0);
}

static void
assert_covers_view (const Drawn *drawn)
{
  g_assert_cmpint (drawn->x0, ==, 0);
  g_assert_cmpint (drawn->y0, ==, 0);
  g_assert_cmpint (drawn->x1, ==, drawn->view_width);
  g_assert_cmpint (drawn->y1, ==, drawn->view_height);
}

/* ----- tests ---------------------------------------------------------------- */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_rotate (void)
{
  Fixture fixture;
  GtkWidget *viewer;
  Drawn drawn;
  guint rotations = 0;

  fixture_open (&fixture, 640, 480);
  viewer = fixture.viewer;
  g_signal_connect (viewer, "notify::rotation", G_CALLBACK (count_notify_cb), &rotations);

  /* Fitted and upright, the red mark in the photo's top left corner. */
  read_drawn (viewer, &drawn);
  assert_fitted (&drawn, PHOTO_WIDTH, PHOTO_HEIGHT);
  g_assert_cmpfloat (drawn.red_x, <, drawn.x0 + (drawn.x1 - drawn.x0) / 4.0);
  g_assert_cmpfloat (drawn.red_y, <, drawn.y0 + (drawn.y1 - drawn.y0) / 4.0);

  /* A quarter turn clockwise: fitted with width and height swapped, the
   * mark in the top right corner. */
  g_assert_true (press (viewer, GDK_KEY_bracketright));
  g_assert_cmpuint (xuexin_photo_viewer_get_rotation (XUEXIN_PHOTO_VIEWER (viewer)), ==, 1);
  g_assert_cmpuint (rotations, ==, 1);
  read_drawn (viewer, &drawn);
  assert_fitted (&drawn, PHOTO_HEIGHT, PHOTO_WIDTH);
  g_assert_cmpfloat (drawn.red_x, >, drawn.x1 - (drawn.x1 - drawn.x0) / 4.0);
  g_assert_cmpfloat (drawn.red_y, <, drawn.y0 + (drawn.y1 - drawn.y0) / 4.0);
  /* Only turned, not zoomed. */
  g_assert_cmpfloat (zoom_of (viewer), ==, 1.0);

  /* Back, and the other way round through all four. */
  g_assert_true (press (viewer, GDK_KEY_bracketleft));
  g_assert_cmpuint (xuexin_photo_viewer_get_rotation (XUEXIN_PHOTO_VIEWER (viewer)), ==, 0);
  g_assert_true (press (viewer, GDK_KEY_bracketleft));
  g_assert_cmpuint (xuexin_photo_viewer_get_rotation (XUEXIN_PHOTO_VIEWER (viewer)), ==, 3);
  read_drawn (viewer, &drawn);
  assert_fitted (&drawn, PHOTO_HEIGHT, PHOTO_WIDTH);
  /* Counter-clockwise: the mark at the bottom left. */
  g_assert_cmpfloat (drawn.red_x, <, drawn.x0 + (drawn.x1 - drawn.x0) / 4.0);
  g_assert_cmpfloat (drawn.red_y, >, drawn.y1 - (drawn.y1 - drawn.y0) / 4.0);

  /* 0 puts it upright again, fitted. */
  g_assert_true (press (viewer, GDK_KEY_plus));
  g_assert_true (press (viewer, GDK_KEY_0));
  g_assert_cmpuint (xuexin_photo_viewer_get_rotation (XUEXIN_PHOTO_VIEWER (viewer)), ==, 0);
  g_assert_cmpfloat (zoom_of (viewer), ==, 1.0);
  read_drawn (viewer, &drawn);
  assert_fitted (&drawn, PHOTO_WIDTH, PHOTO_HEIGHT);

  fixture_close (&fixture);
}

static void
test_zoom_keys (void)
{
  Fixture fixture;
  GtkWidget *viewer;
  Drawn drawn;
  double pan_x, pan_y;

  fixture_open (&fixture, 640, 480);
  viewer = fixture.viewer;
  g_assert_cmpfloat (zoom_of (viewer), ==, 1.0);
  assert_name (viewer, 100);

  /* Round steps, each in the accessible name. */
  g_assert_true (press (viewer, GDK_KEY_plus));
  g_assert_cmpfloat_with_epsilon (zoom_of (viewer), 1.5, 1e-9);
  assert_name (viewer, 150);
  g_assert_true (press (viewer, GDK_KEY_KP_Add));
  g_assert_true (press (viewer, GDK_KEY_equal));
  g_assert_cmpfloat_with_epsilon (zoom_of (viewer), 3.0, 1e-9);
  assert_name (viewer, 300);
  g_assert_true (press (viewer, GDK_KEY_minus));
  g_assert_cmpfloat_with_epsilon (zoom_of (viewer), 2.0, 1e-9);
  assert_name (viewer, 200);

  /* Zoomed about the centre: nothing panned; the photo fills the view. */
  xuexin_photo_viewer_get_pan (XUEXIN_PHOTO_VIEWER (viewer), &pan_x, &pan_y);
  g_assert_cmpfloat (pan_x, ==, 0);
  g_assert_cmpfloat (pan_y, ==, 0);
  read_drawn (viewer, &drawn);
  assert_covers_view (&drawn);

  /* The arrows move the view over the photo. */
  g_assert_true (press (viewer, GDK_KEY_Right));
  g_assert_true (press (viewer, GDK_KEY_Down));
  xuexin_photo_viewer_get_pan (XUEXIN_PHOTO_VIEWER (viewer), &pan_x, &pan_y);
  g_assert_cmpfloat (pan_x, <, 0);
  g_assert_cmpfloat (pan_y, <, 0);
  xuexin_test_render_png (fixture.window, "photo-viewer-panned");

  /* Never further than the photo's edge. */
  for (int i = 0; i < 30; i++)
    press (viewer, GDK_KEY_Left);
  xuexin_photo_viewer_get_pan (XUEXIN_PHOTO_VIEWER (viewer), &pan_x, &pan_y);
  g_assert_cmpfloat_with_epsilon (pan_x, pan_limit (PHOTO_WIDTH * fit_of (viewer) * 2, gtk_widget_get_width (viewer)), 1e-6);
  read_drawn (viewer, &drawn);
  assert_covers_view (&drawn);

  /* Up to 800 % and no further, back to 100 % and no further. */
  for (int i = 0; i < 10; i++)
    press (viewer, GDK_KEY_plus);
  g_assert_cmpfloat (zoom_of (viewer), ==, 8.0);
  assert_name (viewer, 800);
  for (int i = 0; i < 10; i++)
    press (viewer, GDK_KEY_KP_Subtract);
  g_assert_cmpfloat (zoom_of (viewer), ==, 1.0);
  assert_name (viewer, 100);
  xuexin_photo_viewer_get_pan (XUEXIN_PHOTO_VIEWER (viewer), &pan_x, &pan_y);
  g_assert_cmpfloat (pan_x, ==, 0);
  g_assert_cmpfloat (pan_y, ==, 0);

  /* Fitted, the arrows are left to move the focus. */
  g_assert_false (press (viewer, GDK_KEY_Right));

  /* 0 fits again. */
  press (viewer, GDK_KEY_plus);
  g_assert_true (press (viewer, GDK_KEY_0));
  g_assert_cmpfloat (zoom_of (viewer), ==, 1.0);
  assert_name (viewer, 100);

  fixture_close (&fixture);
}

static void
test_scroll_and_drag (void)
{
  Fixture fixture;
  GtkWidget *viewer;
  GtkEventController *motion;
  GtkEventController *scroll;
  GtkEventController *drag;
  gboolean handled = FALSE;
  double pan_x, pan_y;
  double before_x, before_y;
  double limit;
  int width, height;

  fixture_open (&fixture, 640, 480);
  viewer = fixture.viewer;
  width = gtk_widget_get_width (viewer);
  height = gtk_widget_get_height (viewer);
  motion = find_controller (viewer, GTK_TYPE_EVENT_CONTROLLER_MOTION);
  scroll = find_controller (viewer, GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  drag = find_controller (viewer, GTK_TYPE_GESTURE_DRAG);

  /* One notch up with the pointer left of the centre: zoomed by a
   * quarter, the point under the pointer kept where it was. */
  g_signal_emit_by_name (motion, "motion", 100.0, 200.0);
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat_with_epsilon (zoom_of (viewer), 1.25, 1e-9);
  assert_name (viewer, 125);
  xuexin_photo_viewer_get_pan (XUEXIN_PHOTO_VIEWER (viewer), &pan_x, &pan_y);
  g_assert_cmpfloat (pan_x, >, 0);
  g_assert_cmpfloat_with_epsilon (pan_x, (100.0 - width / 2.0) * (1 - 1.25), 1e-6);
  /* Vertically the photo, not much higher than the view, can only move
   * a little. */
  limit = pan_limit (PHOTO_HEIGHT * fit_of (viewer) * 1.25, height);
  g_assert_cmpfloat (limit, <, 20);
  g_assert_cmpfloat_with_epsilon (pan_y, MIN (limit, (200.0 - height / 2.0) * (1 - 1.25)), 1e-6);

  /* Down again, further than fitted: fitted and centred. */
  g_signal_emit_by_name (scroll, "scroll", 0.0, 10.0, &handled);
  g_assert_cmpfloat (zoom_of (viewer), ==, 1.0);
  xuexin_photo_viewer_get_pan (XUEXIN_PHOTO_VIEWER (viewer), &pan_x, &pan_y);
  g_assert_cmpfloat (pan_x, ==, 0);
  g_assert_cmpfloat (pan_y, ==, 0);

  /* Fitted, a drag has nothing to move. */
  g_signal_emit_by_name (drag, "drag-begin", 320.0, 240.0);
  g_signal_emit_by_name (drag, "drag-update", -50.0, 30.0);
  g_signal_emit_by_name (drag, "drag-end", -50.0, 30.0);
  xuexin_photo_viewer_get_pan (XUEXIN_PHOTO_VIEWER (viewer), &pan_x, &pan_y);
  g_assert_cmpfloat (pan_x, ==, 0);
  g_assert_cmpfloat (pan_y, ==, 0);

  /* Zoomed, the photo follows the pointer. */
  press (viewer, GDK_KEY_plus);
  press (viewer, GDK_KEY_plus);
  xuexin_photo_viewer_get_pan (XUEXIN_PHOTO_VIEWER (viewer), &before_x, &before_y);
  g_signal_emit_by_name (drag, "drag-begin", 320.0, 240.0);
  g_signal_emit_by_name (drag, "drag-update", -50.0, 30.0);
  xuexin_photo_viewer_get_pan (XUEXIN_PHOTO_VIEWER (viewer), &pan_x, &pan_y);
  g_assert_cmpfloat_with_epsilon (pan_x, before_x - 50, 1e-6);
  g_assert_cmpfloat_with_epsilon (pan_y, before_y + 30, 1e-6);
  /* Dragged far past its edge, it stops there. */
  g_signal_emit_by_name (drag, "drag-update", 5000.0, 5000.0);
  g_signal_emit_by_name (drag, "drag-end", 5000.0, 5000.0);
  xuexin_photo_viewer_get_pan (XUEXIN_PHOTO_VIEWER (viewer), &pan_x, &pan_y);
  g_assert_cmpfloat_with_epsilon (pan_x, pan_limit (PHOTO_WIDTH * fit_of (viewer) * 2, width), 1e-6);
  g_assert_cmpfloat_with_epsilon (pan_y, pan_limit (PHOTO_HEIGHT * fit_of (viewer) * 2, height), 1e-6);
  g_assert_cmpfloat (zoom_of (viewer), ==, 2.0);

  fixture_close (&fixture);
}

static gboolean
texture_gone (gpointer user_data)
{
  GdkTexture **texture = user_data;

  return *texture == NULL;
}

static void
test_placeholder_releases_texture (void)
{
  Fixture fixture;
  GtkWidget *viewer;
  GdkTexture *texture = drawn_photo ();
  g_autofree char *loading = NULL;

  fixture_open (&fixture, 640, 480);
  viewer = fixture.viewer;
  xuexin_photo_viewer_set_texture (XUEXIN_PHOTO_VIEWER (viewer), texture);
  g_object_add_weak_pointer (G_OBJECT (texture), (gpointer *) &texture);
  g_object_unref (texture);
  g_assert_nonnull (texture);
  g_assert_true (xuexin_photo_viewer_get_texture (XUEXIN_PHOTO_VIEWER (viewer)) == texture);
  press (viewer, GDK_KEY_plus);
  xuexin_test_iterate (100);  /* drawn at least once */

  xuexin_photo_viewer_set_status (XUEXIN_PHOTO_VIEWER (viewer), _("Loading…"));
  xuexin_photo_viewer_set_texture (XUEXIN_PHOTO_VIEWER (viewer), NULL);
  g_assert_null (xuexin_photo_viewer_get_texture (XUEXIN_PHOTO_VIEWER (viewer)));
  /* The last frame's render nodes hold it until the next frame. */
  xuexin_test_wait_for (texture_gone, &texture, "the photo to be freed");

  g_assert_cmpfloat (zoom_of (viewer), ==, 1.0);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (viewer, "placeholder")));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (viewer, "toolbar")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (viewer, "title_label"))), ==, TITLE);
  loading = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%s, %s"), TITLE, _("Loading…"));
  gtk_test_accessible_assert_property (viewer, GTK_ACCESSIBLE_PROPERTY_LABEL, loading);
  /* No photo, nothing to zoom. */
  g_assert_false (press (viewer, GDK_KEY_plus));
  g_assert_true (gtk_widget_has_focus (viewer));

  fixture_close (&fixture);
}

/* The states to look at, at phone width and wide. */
static void
test_render (gconstpointer data)
{
  int width = GPOINTER_TO_INT (data);
  const char *size = width <= 360 ? "narrow" : "wide";
  g_autofree char *fit = g_strdup_printf ("photo-viewer-fit-%s", size);
  g_autofree char *zoomed = g_strdup_printf ("photo-viewer-zoomed-%s", size);
  g_autofree char *rotated = g_strdup_printf ("photo-viewer-rotated-%s", size);
  g_autofree char *placeholder = g_strdup_printf ("photo-viewer-placeholder-%s", size);
  Fixture fixture;
  Drawn drawn;

  fixture_open (&fixture, width, width <= 360 ? 640 : 700);
  read_drawn (fixture.viewer, &drawn);
  assert_fitted (&drawn, PHOTO_WIDTH, PHOTO_HEIGHT);
  xuexin_test_render_png (fixture.window, fit);

  press (fixture.viewer, GDK_KEY_plus);
  press (fixture.viewer, GDK_KEY_plus);
  xuexin_test_render_png (fixture.window, zoomed);

  press (fixture.viewer, GDK_KEY_0);
  press (fixture.viewer, GDK_KEY_bracketright);
  read_drawn (fixture.viewer, &drawn);
  assert_fitted (&drawn, PHOTO_HEIGHT, PHOTO_WIDTH);
  xuexin_test_render_png (fixture.window, rotated);

  xuexin_photo_viewer_set_status (XUEXIN_PHOTO_VIEWER (fixture.viewer), _("Loading…"));
  xuexin_photo_viewer_set_texture (XUEXIN_PHOTO_VIEWER (fixture.viewer), NULL);
  xuexin_test_render_png (fixture.window, placeholder);

  fixture_close (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  xuexin_test_ui_init (&argc, &argv);

  g_test_add_func ("/app/photo-viewer/rotate", test_rotate);
  g_test_add_func ("/app/photo-viewer/zoom-keys", test_zoom_keys);
  g_test_add_func ("/app/photo-viewer/scroll-and-drag", test_scroll_and_drag);
  g_test_add_func ("/app/photo-viewer/placeholder-releases-texture", test_placeholder_releases_texture);
  g_test_add_data_func ("/app/photo-viewer/render-narrow", GINT_TO_POINTER (360), test_render);
  g_test_add_data_func ("/app/photo-viewer/render-wide", GINT_TO_POINTER (1000), test_render);

  return xuexin_test_ui_run ();
}
