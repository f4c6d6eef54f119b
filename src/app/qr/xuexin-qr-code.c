/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <qrencode.h>
#include <string.h>

#include "xuexin-qr-code.h"

/* A QR code drawn with libqrencode's modules: black on white whatever the
 * theme, with the quiet zone scanners need, faded out once expired. */

#define QUIET_ZONE 4
#define MIN_MODULE_PIXELS 3

struct _XuexinQrCode
{
  GtkWidget  parent_instance;

  char      *text;
  QRcode    *code;
  gboolean   expired;
};

G_DEFINE_FINAL_TYPE (XuexinQrCode, xuexin_qr_code, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_EXPIRED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
xuexin_qr_code_new (void)
{
  return g_object_new (XUEXIN_TYPE_QR_CODE, NULL);
}

const char *
xuexin_qr_code_get_text (XuexinQrCode *self)
{
  g_return_val_if_fail (XUEXIN_IS_QR_CODE (self), NULL);

  return self->text;
}

void
xuexin_qr_code_set_text (XuexinQrCode *self,
                         const char   *text)
{
  g_return_if_fail (XUEXIN_IS_QR_CODE (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->code, QRcode_free);

  /* Medium error correction: robust against glare on a screen. */
  if (text != NULL && *text != '\0')
    {
      self->code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
      if (self->code == NULL)
        g_warning ("Could not encode a QR code of %zu bytes", strlen (text));
    }

  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

gboolean
xuexin_qr_code_get_expired (XuexinQrCode *self)
{
  g_return_val_if_fail (XUEXIN_IS_QR_CODE (self), FALSE);

  return self->expired;
}

void
xuexin_qr_code_set_expired (XuexinQrCode *self,
                            gboolean      expired)
{
  g_return_if_fail (XUEXIN_IS_QR_CODE (self));

  expired = !!expired;
  if (self->expired == expired)
    return;

  self->expired = expired;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRED]);
}

/**
 * xuexin_qr_code_get_modules:
 *
 * Returns: the number of modules per side, 0 without a code
 */
int
xuexin_qr_code_get_modules (XuexinQrCode *self)
{
  g_return_val_if_fail (XUEXIN_IS_QR_CODE (self), 0);

  return self->code != NULL ? self->code->width : 0;
}

gboolean
xuexin_qr_code_get_module (XuexinQrCode *self,
                           int           x,
                           int           y)
{
  g_return_val_if_fail (XUEXIN_IS_QR_CODE (self), FALSE);
  g_return_val_if_fail (self->code != NULL, FALSE);
  g_return_val_if_fail (x >= 0 && y >= 0 && x < self->code->width && y < self->code->width, FALSE);

  return (self->code->data[y * self->code->width + x] & 1) != 0;
}

static void
xuexin_qr_code_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  XuexinQrCode *self = XUEXIN_QR_CODE (widget);
  int modules = self->code != NULL ? self->code->width + 2 * QUIET_ZONE : 0;

  *minimum = modules * MIN_MODULE_PIXELS;
  *natural = MAX (*minimum, 220);
}

static void
xuexin_qr_code_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  XuexinQrCode *self = XUEXIN_QR_CODE (widget);
  static const GdkRGBA white = { 1, 1, 1, 1 };
  static const GdkRGBA black = { 0, 0, 0, 1 };
  /* Expired: a pale code on the same white card, so that it reads as
   * used up in dark mode too instead of sinking into the background. */
  static const GdkRGBA faded = { 0, 0, 0, 0.15f };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int side = MIN (width, height);
  int modules;
  int module_size;
  int origin_x;
  int origin_y;

  if (self->code == NULL || side <= 0)
    return;

  /* Whole pixels per module, on whole-pixel offsets, keep the edges
   * crisp for the camera: centring by half a pixel would blur them. */
  modules = self->code->width + 2 * QUIET_ZONE;
  module_size = MAX (1, side / modules);
  origin_x = (width - module_size * modules) / 2;
  origin_y = (height - module_size * modules) / 2;

  gtk_snapshot_append_color (snapshot, &white,
                             &GRAPHENE_RECT_INIT (origin_x, origin_y,
                                                  module_size * modules, module_size * modules));
  for (int y = 0; y < self->code->width; y++)
    for (int x = 0; x < self->code->width; x++)
      {
        if ((self->code->data[y * self->code->width + x] & 1) == 0)
          continue;
        gtk_snapshot_append_color (snapshot, self->expired ? &faded : &black,
                                   &GRAPHENE_RECT_INIT (origin_x + (x + QUIET_ZONE) * module_size,
                                                        origin_y + (y + QUIET_ZONE) * module_size,
                                                        module_size, module_size));
      }
}

static GtkSizeRequestMode
xuexin_qr_code_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
xuexin_qr_code_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  XuexinQrCode *self = XUEXIN_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_EXPIRED:
      g_value_set_boolean (value, self->expired);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_qr_code_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  XuexinQrCode *self = XUEXIN_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      xuexin_qr_code_set_text (self, g_value_get_string (value));
      break;

    case PROP_EXPIRED:
      xuexin_qr_code_set_expired (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_qr_code_finalize (GObject *object)
{
  XuexinQrCode *self = XUEXIN_QR_CODE (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->code, QRcode_free);

  G_OBJECT_CLASS (xuexin_qr_code_parent_class)->finalize (object);
}

static void
xuexin_qr_code_class_init (XuexinQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = xuexin_qr_code_finalize;
  object_class->get_property = xuexin_qr_code_get_property;
  object_class->set_property = xuexin_qr_code_set_property;

  widget_class->measure = xuexin_qr_code_measure;
  widget_class->snapshot = xuexin_qr_code_snapshot;
  widget_class->get_request_mode = xuexin_qr_code_get_request_mode;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_EXPIRED] =
    g_param_spec_boolean ("expired", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
xuexin_qr_code_init (XuexinQrCode *self)
{
}
