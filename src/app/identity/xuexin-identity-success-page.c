/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-identity-success-page.h"

/* 身份核验已通过: the end of every path, saying how many other accounts
 * went. *Done* returns to the account page, now active. */
struct _XuexinIdentitySuccessPage
{
  XuexinPage           parent_instance;

  XuexinIdentityDraft *draft;

  GtkLabel            *cancelled_label;
};

G_DEFINE_FINAL_TYPE (XuexinIdentitySuccessPage, xuexin_identity_success_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_identity_success_page_new (XuexinIdentityDraft *draft)
{
  XuexinIdentitySuccessPage *self = g_object_new (XUEXIN_TYPE_IDENTITY_SUCCESS_PAGE, NULL);

  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

static void
xuexin_identity_success_page_shown (XuexinPage *page)
{
  XuexinIdentitySuccessPage *self = XUEXIN_IDENTITY_SUCCESS_PAGE (page);
  guint cancelled = xuexin_identity_draft_get_cancelled_accounts (self->draft);
  g_autofree char *text = NULL;

  if (cancelled == 0)
    text = g_strdup (_("No other account had to be cancelled."));
  else
    text = g_strdup_printf (ngettext ("%u other account registered with this ID number was cancelled; its phone number gets a text message saying so.",
                                      "%u other accounts registered with this ID number were cancelled; their phone numbers get a text message saying so.",
                                      cancelled), cancelled);
  gtk_label_set_label (self->cancelled_label, text);
}

static void
xuexin_identity_success_page_dispose (GObject *object)
{
  XuexinIdentitySuccessPage *self = XUEXIN_IDENTITY_SUCCESS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_IDENTITY_SUCCESS_PAGE);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_identity_success_page_parent_class)->dispose (object);
}

static void
xuexin_identity_success_page_class_init (XuexinIdentitySuccessPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_identity_success_page_dispose;
  page_class->shown = xuexin_identity_success_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/identity/xuexin-identity-success-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentitySuccessPage, cancelled_label);
}

static void
xuexin_identity_success_page_init (XuexinIdentitySuccessPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Nothing to fill in: Enter or Space on Done goes back. */
  xuexin_page_set_focus_on_next (XUEXIN_PAGE (self), TRUE);
}
