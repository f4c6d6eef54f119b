/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-code-button.h"

/* "Send Code", then "Resend in 59 s" until the service allows another
 * code. The owner's action decides whether sending is possible at all;
 * it asks get_counting() too. */
struct _XuexinCodeButton
{
  GtkButton  parent_instance;

  gint64     allowed_at;   /* monotonic µs */
  guint      tick_source;
};

G_DEFINE_FINAL_TYPE (XuexinCodeButton, xuexin_code_button, GTK_TYPE_BUTTON)

enum {
  PROP_0,
  PROP_COUNTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * xuexin_format_wait:
 *
 * Returns: (transfer full): a translated duration such as "2 min 5 s"
 */
char *
xuexin_format_wait (guint seconds)
{
  guint hours = seconds / 3600;
  guint minutes = (seconds % 3600) / 60;

  seconds %= 60;

  if (hours > 0)
    /* Translators: a waiting time in hours and minutes. */
    return g_strdup_printf (_("%u h %u min"), hours, minutes);
  if (minutes > 0)
    /* Translators: a waiting time in minutes and seconds. */
    return g_strdup_printf (_("%u min %u s"), minutes, seconds);
  /* Translators: a waiting time in seconds. */
  return g_strdup_printf (_("%u s"), seconds);
}

gboolean
xuexin_code_button_get_counting (XuexinCodeButton *self)
{
  g_return_val_if_fail (XUEXIN_IS_CODE_BUTTON (self), FALSE);

  return self->tick_source != 0;
}

static gboolean
xuexin_code_button_tick_cb (gpointer user_data)
{
  XuexinCodeButton *self = user_data;
  gint64 remaining = self->allowed_at - g_get_monotonic_time ();

  if (remaining <= 0)
    {
      self->tick_source = 0;
      gtk_button_set_label (GTK_BUTTON (self), _("Re_send Code"));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
      return G_SOURCE_REMOVE;
    }
  else
    {
      g_autofree char *label = NULL;

      /* Translators: shown on the send-code button until another code may be requested. */
      label = g_strdup_printf (_("Resend in %u s"), (guint) ((remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
      gtk_button_set_label (GTK_BUTTON (self), label);
      return G_SOURCE_CONTINUE;
    }
}

void
xuexin_code_button_start_countdown (XuexinCodeButton *self,
                                    guint             seconds)
{
  gboolean was_counting;

  g_return_if_fail (XUEXIN_IS_CODE_BUTTON (self));

  was_counting = self->tick_source != 0;
  g_clear_handle_id (&self->tick_source, g_source_remove);

  if (seconds == 0)
    {
      if (was_counting)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
      return;
    }

  self->allowed_at = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  self->tick_source = g_timeout_add_seconds (1, xuexin_code_button_tick_cb, self);
  xuexin_code_button_tick_cb (self);

  if (!was_counting)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

static void
xuexin_code_button_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_COUNTING:
      g_value_set_boolean (value, xuexin_code_button_get_counting (XUEXIN_CODE_BUTTON (object)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_code_button_dispose (GObject *object)
{
  XuexinCodeButton *self = XUEXIN_CODE_BUTTON (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);

  G_OBJECT_CLASS (xuexin_code_button_parent_class)->dispose (object);
}

static void
xuexin_code_button_class_init (XuexinCodeButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xuexin_code_button_dispose;
  object_class->get_property = xuexin_code_button_get_property;

  properties[PROP_COUNTING] =
    g_param_spec_boolean ("counting", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_code_button_init (XuexinCodeButton *self)
{
  gtk_button_set_use_underline (GTK_BUTTON (self), TRUE);
  gtk_button_set_label (GTK_BUTTON (self), _("_Send Code"));
}
