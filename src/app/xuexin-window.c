/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-sign-in-page.h"
#include "xuexin-window.h"

struct _XuexinWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  XuexinSignInPage     *sign_in_page;
};

G_DEFINE_FINAL_TYPE (XuexinWindow, xuexin_window, ADW_TYPE_APPLICATION_WINDOW)

XuexinWindow *
xuexin_window_new (XuexinApplication *application)
{
  g_return_val_if_fail (XUEXIN_IS_APPLICATION (application), NULL);

  return g_object_new (XUEXIN_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

static void
xuexin_window_save_size (XuexinWindow *self)
{
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
xuexin_window_close_request (GtkWindow *window)
{
  XuexinWindow *self = XUEXIN_WINDOW (window);

  if (self->settings != NULL)
    xuexin_window_save_size (self);

  return GTK_WINDOW_CLASS (xuexin_window_parent_class)->close_request (window);
}

static void
xuexin_window_constructed (GObject *object)
{
  XuexinWindow *self = XUEXIN_WINDOW (object);
  GtkApplication *application;

  G_OBJECT_CLASS (xuexin_window_parent_class)->constructed (object);

  application = gtk_window_get_application (GTK_WINDOW (self));
  if (application != NULL)
    {
      self->settings = g_object_ref (xuexin_application_get_settings (XUEXIN_APPLICATION (application)));
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
}

static void
xuexin_window_dispose (GObject *object)
{
  XuexinWindow *self = XUEXIN_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (xuexin_window_parent_class)->dispose (object);
}

static void
xuexin_window_class_init (XuexinWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = xuexin_window_constructed;
  object_class->dispose = xuexin_window_dispose;

  window_class->close_request = xuexin_window_close_request;

  g_type_ensure (XUEXIN_TYPE_SIGN_IN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/xuexin-window.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinWindow, sign_in_page);
}

static void
xuexin_window_init (XuexinWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}
