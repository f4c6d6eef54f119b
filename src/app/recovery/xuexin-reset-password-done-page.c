/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-reset-password-done-page.h"

/* 找回密码, last step: what the reset changed, and *Sign In*. */
struct _XuexinResetPasswordDonePage
{
  XuexinPage parent_instance;
};

G_DEFINE_FINAL_TYPE (XuexinResetPasswordDonePage, xuexin_reset_password_done_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_reset_password_done_page_new (void)
{
  return g_object_new (XUEXIN_TYPE_RESET_PASSWORD_DONE_PAGE, NULL);
}

static void
xuexin_reset_password_done_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), XUEXIN_TYPE_RESET_PASSWORD_DONE_PAGE);

  G_OBJECT_CLASS (xuexin_reset_password_done_page_parent_class)->dispose (object);
}

static void
xuexin_reset_password_done_page_class_init (XuexinResetPasswordDonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_reset_password_done_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/recovery/xuexin-reset-password-done-page.ui");
}

static void
xuexin_reset_password_done_page_init (XuexinResetPasswordDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Its one action is *Sign In*; the help row below is for later. */
  xuexin_page_set_focus_on_next (XUEXIN_PAGE (self), TRUE);
}
