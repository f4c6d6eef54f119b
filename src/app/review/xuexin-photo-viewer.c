/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "xuexin-photo-viewer.h"
#include "xuexin-photo-viewer-private.h"

/* The photo is drawn in snapshot() and nowhere else: no GtkPicture, no
 * paintable handed out, no drag source or clipboard, so what a reviewer
 * sees cannot leave the app through the viewer.
 *
 * The view is zoom (1.0 = the rotated photo fitted to the allocation),
 * rotation in quarter turns and pan: where the photo's centre is drawn,
 * relative to the widget's centre. Pan is clamped so that a zoomed photo
 * always covers the view along each axis it overflows and stays centred
 * along the others: the photo never leaves the view. */

#define MIN_ZOOM 1.0
#define MAX_ZOOM 8.0
/* Per notch of a mouse wheel. */
#define SCROLL_ZOOM_FACTOR 1.25
/* Arrow keys pan by this part of the view. */
#define PAN_STEP 0.1

/* The keys and buttons step through round values, so that the name a
 * screen reader reads says something ("150 %", not "156 %"). */
static const double zoom_levels[] = { 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0 };

static const char * const view_actions[] = {
  "viewer.zoom-in", "viewer.zoom-out", "viewer.reset", "viewer.rotate-left", "viewer.rotate-right",
};

struct _XuexinPhotoViewer
{
  GtkWidget   parent_instance;

  GtkWidget  *placeholder;
  GtkLabel   *title_label;
  GtkLabel   *viewer_status_label;
  GtkWidget  *toolbar;

  GdkTexture *texture;
  char       *title;
  char       *status;

  double      zoom;
  guint       rotation;
  double      pan_x;
  double      pan_y;

  /* Where the pointer is, for zooming around it on scroll. */
  gboolean    pointer_inside;
  double      pointer_x;
  double      pointer_y;
  /* The view when a drag or a pinch began. */
  double      drag_pan_x;
  double      drag_pan_y;
  double      pinch_zoom;
};

G_DEFINE_FINAL_TYPE (XuexinPhotoViewer, xuexin_photo_viewer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_STATUS,
  PROP_TEXTURE,
  PROP_ZOOM,
  PROP_ROTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
xuexin_photo_viewer_new (void)
{
  return g_object_new (XUEXIN_TYPE_PHOTO_VIEWER, NULL);
}

/* The photo's size as shown, after rotation. */
static void
get_turned_size (XuexinPhotoViewer *self,
                 double            *width,
                 double            *height)
{
  double w = gdk_texture_get_width (self->texture);
  double h = gdk_texture_get_height (self->texture);

  *width = self->rotation % 2 == 0 ? w : h;
  *height = self->rotation % 2 == 0 ? h : w;
}

/* Widget pixels per photo pixel at zoom 1.0; 0 without photo or size. */
static double
get_fit_scale (XuexinPhotoViewer *self)
{
  int view_width = gtk_widget_get_width (GTK_WIDGET (self));
  int view_height = gtk_widget_get_height (GTK_WIDGET (self));
  double width;
  double height;

  if (self->texture == NULL || view_width <= 0 || view_height <= 0)
    return 0;

  get_turned_size (self, &width, &height);
  return MIN (view_width / width, view_height / height);
}

static void
clamp_pan (XuexinPhotoViewer *self)
{
  double scale = get_fit_scale (self) * self->zoom;
  double width = 0;
  double height = 0;
  double limit_x;
  double limit_y;

  if (scale > 0)
    get_turned_size (self, &width, &height);

  limit_x = MAX (0, (width * scale - gtk_widget_get_width (GTK_WIDGET (self))) / 2);
  limit_y = MAX (0, (height * scale - gtk_widget_get_height (GTK_WIDGET (self))) / 2);
  self->pan_x = CLAMP (self->pan_x, -limit_x, limit_x);
  self->pan_y = CLAMP (self->pan_y, -limit_y, limit_y);
}

static void
update_accessible_name (XuexinPhotoViewer *self)
{
  const char *title = self->title != NULL && *self->title != '\0' ? self->title : _("Photo");
  g_autofree char *name = NULL;

  if (self->texture != NULL)
    /* Translators: the photo viewer's name for screen readers: which
     * photo and how far it is zoomed in, 100 % being fitted to the
     * view, e.g. "Holding the ID card, 150 %". */
    name = g_strdup_printf (_("%s, %d %%"), title, (int) round (self->zoom * 100));
  else if (self->status != NULL && *self->status != '\0')
    /* Translators: the photo viewer's name while it has no photo: which
     * photo and why it is not shown, e.g. "Holding the ID card, Loading…". */
    name = g_strdup_printf (_("%s, %s"), title, self->status);
  else
    name = g_strdup (title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

/* Zoomed in, the photo can be grabbed and moved. */
static void
update_cursor (XuexinPhotoViewer *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   self->texture != NULL && self->zoom > MIN_ZOOM ? "grab" : NULL);
}

static void
set_view (XuexinPhotoViewer *self,
          double             zoom,
          double             pan_x,
          double             pan_y)
{
  gboolean zoom_changed;

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  zoom_changed = zoom != self->zoom;
  self->zoom = zoom;
  self->pan_x = pan_x;
  self->pan_y = pan_y;
  clamp_pan (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (!zoom_changed)
    return;

  update_accessible_name (self);
  update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

/* Zooms so that the photo's point under (@x, @y), in widget pixels,
 * stays where it is. */
static void
zoom_around (XuexinPhotoViewer *self,
             double             zoom,
             double             x,
             double             y)
{
  double factor;
  double anchor_x = x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double anchor_y = y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  if (self->texture == NULL)
    return;

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  factor = zoom / self->zoom;
  set_view (self, zoom,
            anchor_x - (anchor_x - self->pan_x) * factor,
            anchor_y - (anchor_y - self->pan_y) * factor);
}

static void
zoom_around_centre (XuexinPhotoViewer *self,
                    double             zoom)
{
  zoom_around (self, zoom,
               gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
update_actions (XuexinPhotoViewer *self)
{
  gboolean shown = self->texture != NULL;

  /* Enabled at the zoom limits too: a button that turned insensitive
   * under the keyboard focus would drop the focus. */
  for (guint i = 0; i < G_N_ELEMENTS (view_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), view_actions[i], shown);
}

static void
update_placeholder (XuexinPhotoViewer *self)
{
  gboolean shown = self->texture != NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* A toolbar button with the focus is about to go: keep the focus here
   * rather than lose it to the window. */
  if (!shown && focus != NULL && gtk_widget_is_ancestor (focus, self->toolbar))
    gtk_widget_grab_focus (GTK_WIDGET (self));

  gtk_label_set_label (self->title_label, self->title);
  gtk_widget_set_visible (GTK_WIDGET (self->title_label), self->title != NULL && *self->title != '\0');
  gtk_label_set_label (self->viewer_status_label, self->status);
  gtk_widget_set_visible (GTK_WIDGET (self->viewer_status_label), self->status != NULL && *self->status != '\0');
  gtk_widget_set_visible (self->placeholder, !shown);
  gtk_widget_set_visible (self->toolbar, shown);
}

void
xuexin_photo_viewer_set_title (XuexinPhotoViewer *self,
                               const char        *title)
{
  g_return_if_fail (XUEXIN_IS_PHOTO_VIEWER (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);

  update_placeholder (self);
  update_accessible_name (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
xuexin_photo_viewer_set_status (XuexinPhotoViewer *self,
                                const char        *status)
{
  g_return_if_fail (XUEXIN_IS_PHOTO_VIEWER (self));

  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);

  update_placeholder (self);
  update_accessible_name (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

GdkTexture *
xuexin_photo_viewer_get_texture (XuexinPhotoViewer *self)
{
  g_return_val_if_fail (XUEXIN_IS_PHOTO_VIEWER (self), NULL);

  return self->texture;
}

void
xuexin_photo_viewer_set_texture (XuexinPhotoViewer *self,
                                 GdkTexture        *texture)
{
  guint old_rotation;

  g_return_if_fail (XUEXIN_IS_PHOTO_VIEWER (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  if (!g_set_object (&self->texture, texture))
    return;

  /* Each photo starts fitted and upright. */
  old_rotation = self->rotation;
  self->rotation = 0;
  self->zoom = MIN_ZOOM;
  self->pan_x = self->pan_y = 0;

  update_placeholder (self);
  update_actions (self);
  update_cursor (self);
  update_accessible_name (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  if (old_rotation != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROTATION]);
  g_object_thaw_notify (G_OBJECT (self));
}

double
xuexin_photo_viewer_get_zoom (XuexinPhotoViewer *self)
{
  g_return_val_if_fail (XUEXIN_IS_PHOTO_VIEWER (self), MIN_ZOOM);

  return self->zoom;
}

void
xuexin_photo_viewer_zoom_in (XuexinPhotoViewer *self)
{
  g_return_if_fail (XUEXIN_IS_PHOTO_VIEWER (self));

  for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
    if (zoom_levels[i] > self->zoom + 0.01)
      {
        zoom_around_centre (self, zoom_levels[i]);
        return;
      }
}

void
xuexin_photo_viewer_zoom_out (XuexinPhotoViewer *self)
{
  g_return_if_fail (XUEXIN_IS_PHOTO_VIEWER (self));

  for (guint i = G_N_ELEMENTS (zoom_levels); i > 0; i--)
    if (zoom_levels[i - 1] < self->zoom - 0.01)
      {
        zoom_around_centre (self, zoom_levels[i - 1]);
        return;
      }
}

void
xuexin_photo_viewer_reset (XuexinPhotoViewer *self)
{
  g_return_if_fail (XUEXIN_IS_PHOTO_VIEWER (self));

  if (self->rotation != 0)
    {
      self->rotation = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROTATION]);
    }
  set_view (self, MIN_ZOOM, 0, 0);
}

guint
xuexin_photo_viewer_get_rotation (XuexinPhotoViewer *self)
{
  g_return_val_if_fail (XUEXIN_IS_PHOTO_VIEWER (self), 0);

  return self->rotation;
}

void
xuexin_photo_viewer_rotate (XuexinPhotoViewer *self,
                            gboolean           clockwise)
{
  double pan_x;

  g_return_if_fail (XUEXIN_IS_PHOTO_VIEWER (self));

  if (self->texture == NULL)
    return;

  /* The view turns about its centre, and the part of the photo that was
   * in the middle stays there (y points down: clockwise takes x to y). */
  self->rotation = (self->rotation + (clockwise ? 1 : 3)) % 4;
  pan_x = self->pan_x;
  self->pan_x = clockwise ? -self->pan_y : self->pan_y;
  self->pan_y = clockwise ? pan_x : -pan_x;
  clamp_pan (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROTATION]);
}

void
xuexin_photo_viewer_get_pan (XuexinPhotoViewer *self,
                             double            *x,
                             double            *y)
{
  g_return_if_fail (XUEXIN_IS_PHOTO_VIEWER (self));

  *x = self->pan_x;
  *y = self->pan_y;
}

/* ----- input ---------------------------------------------------------------- */

/* The toolbar's buttons and the keys. */
static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  XuexinPhotoViewer *self = XUEXIN_PHOTO_VIEWER (widget);

  if (g_str_equal (action_name, "viewer.zoom-in"))
    xuexin_photo_viewer_zoom_in (self);
  else if (g_str_equal (action_name, "viewer.zoom-out"))
    xuexin_photo_viewer_zoom_out (self);
  else if (g_str_equal (action_name, "viewer.reset"))
    xuexin_photo_viewer_reset (self);
  else
    xuexin_photo_viewer_rotate (self, g_str_equal (action_name, "viewer.rotate-right"));
}

/* Arrow keys: only while zoomed in, so that otherwise they still move
 * the focus as everywhere else. */
static gboolean
pan_shortcut_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  XuexinPhotoViewer *self = XUEXIN_PHOTO_VIEWER (widget);
  int dx;
  int dy;

  if (self->texture == NULL || self->zoom <= MIN_ZOOM)
    return FALSE;

  /* The arrow moves the view over the photo: the photo goes the other way. */
  g_variant_get (args, "(ii)", &dx, &dy);
  set_view (self, self->zoom,
            self->pan_x - dx * PAN_STEP * gtk_widget_get_width (widget),
            self->pan_y - dy * PAN_STEP * gtk_widget_get_height (widget));
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           XuexinPhotoViewer        *self)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
}

static void
leave_cb (GtkEventControllerMotion *controller,
          XuexinPhotoViewer        *self)
{
  self->pointer_inside = FALSE;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           XuexinPhotoViewer        *self)
{
  double zoom;

  if (self->texture == NULL || dy == 0)
    return FALSE;

  zoom = self->zoom * pow (SCROLL_ZOOM_FACTOR, -dy);
  if (self->pointer_inside)
    zoom_around (self, zoom, self->pointer_x, self->pointer_y);
  else
    zoom_around_centre (self, zoom);
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               XuexinPhotoViewer *self)
{
  if (gtk_widget_get_focus_on_click (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));

  /* Fitted, there is nothing to move: leave the drag to the parents. */
  if (self->texture == NULL || self->zoom <= MIN_ZOOM)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->drag_pan_x = self->pan_x;
  self->drag_pan_y = self->pan_y;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
}

static void
drag_update_cb (GtkGestureDrag    *gesture,
                double             offset_x,
                double             offset_y,
                XuexinPhotoViewer *self)
{
  set_view (self, self->zoom, self->drag_pan_x + offset_x, self->drag_pan_y + offset_y);
}

static void
drag_end_cb (GtkGestureDrag    *gesture,
             double             offset_x,
             double             offset_y,
             XuexinPhotoViewer *self)
{
  update_cursor (self);
}

static void
pinch_begin_cb (GtkGesture        *gesture,
                GdkEventSequence  *sequence,
                XuexinPhotoViewer *self)
{
  self->pinch_zoom = self->zoom;
}

static void
pinch_scale_changed_cb (GtkGestureZoom    *gesture,
                        double             scale,
                        XuexinPhotoViewer *self)
{
  double x;
  double y;

  if (self->texture == NULL)
    return;

  if (gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    zoom_around (self, self->pinch_zoom * scale, x, y);
  else
    zoom_around_centre (self, self->pinch_zoom * scale);
}

/* ----- drawing and layout ----------------------------------------------------- */

static void
xuexin_photo_viewer_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  XuexinPhotoViewer *self = XUEXIN_PHOTO_VIEWER (widget);
  double scale = get_fit_scale (self) * self->zoom;

  if (scale > 0)
    {
      int width = gdk_texture_get_width (self->texture);
      int height = gdk_texture_get_height (self->texture);
      graphene_rect_t bounds = GRAPHENE_RECT_INIT (-width / 2.0, -height / 2.0, width, height);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0 + self->pan_x,
                                                    gtk_widget_get_height (widget) / 2.0 + self->pan_y));
      gtk_snapshot_rotate (snapshot, 90.0f * self->rotation);
      gtk_snapshot_scale (snapshot, scale, scale);
#if GTK_CHECK_VERSION (4, 10, 0)
      /* Mipmaps when shrinking; the real pixels, sharp, when a reviewer
       * looks closely at print or at the edge of a photo laid on top. */
      gtk_snapshot_append_scaled_texture (snapshot, self->texture,
                                          scale < 1.0 ? GSK_SCALING_FILTER_TRILINEAR :
                                          scale >= 3.0 ? GSK_SCALING_FILTER_NEAREST :
                                          GSK_SCALING_FILTER_LINEAR,
                                          &bounds);
#else
      gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
#endif
      gtk_snapshot_restore (snapshot);
    }

  gtk_widget_snapshot_child (widget, self->placeholder, snapshot);
  gtk_widget_snapshot_child (widget, self->toolbar, snapshot);
}

static void
xuexin_photo_viewer_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  XuexinPhotoViewer *self = XUEXIN_PHOTO_VIEWER (widget);
  int placeholder_min = 0, placeholder_nat = 0;
  int toolbar_min = 0, toolbar_nat = 0;

  /* The toolbar is measured even while hidden: the viewer does not
   * change size when the photo arrives. */
  gtk_widget_measure (self->placeholder, orientation, for_size, &placeholder_min, &placeholder_nat, NULL, NULL);
  gtk_widget_measure (self->toolbar, orientation, -1, &toolbar_min, &toolbar_nat, NULL, NULL);

  *minimum = MAX (placeholder_min, toolbar_min);
  /* Room for a photo to be looked at, whatever the placeholder needs. */
  *natural = MAX (MAX (placeholder_nat, toolbar_nat),
                  orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 360);
}

static void
xuexin_photo_viewer_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  XuexinPhotoViewer *self = XUEXIN_PHOTO_VIEWER (widget);

  /* Both children place themselves by their own halign and valign. */
  if (gtk_widget_should_layout (self->placeholder))
    gtk_widget_allocate (self->placeholder, width, height, -1, NULL);
  if (gtk_widget_should_layout (self->toolbar))
    gtk_widget_allocate (self->toolbar, width, height, -1, NULL);

  clamp_pan (self);
}

static GtkSizeRequestMode
xuexin_photo_viewer_get_request_mode (GtkWidget *widget)
{
  /* The placeholder's labels wrap. */
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* ----- object ------------------------------------------------------------------ */

static void
xuexin_photo_viewer_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  XuexinPhotoViewer *self = XUEXIN_PHOTO_VIEWER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;

    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;

    case PROP_ROTATION:
      g_value_set_uint (value, self->rotation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_photo_viewer_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  XuexinPhotoViewer *self = XUEXIN_PHOTO_VIEWER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      xuexin_photo_viewer_set_title (self, g_value_get_string (value));
      break;

    case PROP_STATUS:
      xuexin_photo_viewer_set_status (self, g_value_get_string (value));
      break;

    case PROP_TEXTURE:
      xuexin_photo_viewer_set_texture (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_photo_viewer_dispose (GObject *object)
{
  XuexinPhotoViewer *self = XUEXIN_PHOTO_VIEWER (object);

  g_clear_object (&self->texture);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_PHOTO_VIEWER);

  G_OBJECT_CLASS (xuexin_photo_viewer_parent_class)->dispose (object);
}

static void
xuexin_photo_viewer_finalize (GObject *object)
{
  XuexinPhotoViewer *self = XUEXIN_PHOTO_VIEWER (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (xuexin_photo_viewer_parent_class)->finalize (object);
}

static void
add_pan_key (GtkWidgetClass *widget_class,
             guint           keyval,
             guint           kp_keyval,
             int             dx,
             int             dy)
{
  gtk_widget_class_add_binding (widget_class, keyval, 0, pan_shortcut_cb, "(ii)", dx, dy);
  gtk_widget_class_add_binding (widget_class, kp_keyval, 0, pan_shortcut_cb, "(ii)", dx, dy);
}

static void
xuexin_photo_viewer_class_init (XuexinPhotoViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct {
    guint keyval;
    const char *action;
  } keys[] = {
    { GDK_KEY_plus, "viewer.zoom-in" },
    { GDK_KEY_equal, "viewer.zoom-in" },
    { GDK_KEY_KP_Add, "viewer.zoom-in" },
    { GDK_KEY_minus, "viewer.zoom-out" },
    { GDK_KEY_KP_Subtract, "viewer.zoom-out" },
    { GDK_KEY_0, "viewer.reset" },
    { GDK_KEY_KP_0, "viewer.reset" },
    { GDK_KEY_bracketleft, "viewer.rotate-left" },
    { GDK_KEY_bracketright, "viewer.rotate-right" },
  };

  object_class->dispose = xuexin_photo_viewer_dispose;
  object_class->finalize = xuexin_photo_viewer_finalize;
  object_class->get_property = xuexin_photo_viewer_get_property;
  object_class->set_property = xuexin_photo_viewer_set_property;

  widget_class->snapshot = xuexin_photo_viewer_snapshot;
  widget_class->measure = xuexin_photo_viewer_measure;
  widget_class->size_allocate = xuexin_photo_viewer_size_allocate;
  widget_class->get_request_mode = xuexin_photo_viewer_get_request_mode;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TEXTURE] =
    g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, MIN_ZOOM,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ROTATION] =
    g_param_spec_uint ("rotation", NULL, NULL, 0, 3, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  for (guint i = 0; i < G_N_ELEMENTS (view_actions); i++)
    gtk_widget_class_install_action (widget_class, view_actions[i], NULL, view_action);

  /* The class's shortcut controller: the keys work with the focus on the
   * viewer or on its toolbar, with or without Ctrl, as in image viewers. */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, keys[i].keyval, 0, keys[i].action, NULL);
      gtk_widget_class_add_binding_action (widget_class, keys[i].keyval, GDK_CONTROL_MASK, keys[i].action, NULL);
    }
  add_pan_key (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, -1, 0);
  add_pan_key (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 1, 0);
  add_pan_key (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, 0, -1);
  add_pan_key (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 0, 1);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/review/xuexin-photo-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinPhotoViewer, placeholder);
  gtk_widget_class_bind_template_child (widget_class, XuexinPhotoViewer, title_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinPhotoViewer, viewer_status_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinPhotoViewer, toolbar);

  gtk_widget_class_set_css_name (widget_class, "photoviewer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
xuexin_photo_viewer_init (XuexinPhotoViewer *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->zoom = MIN_ZOOM;

  gtk_widget_init_template (GTK_WIDGET (self));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (pinch_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  update_placeholder (self);
  update_actions (self);
  update_accessible_name (self);
}
