/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-app-verification-dialog.h"
#include "xuexin-identity-app-page.h"

/* Path 1, APP自助验证: what the mobile app does and how to get it, and
 * the button that shows the code to scan (the ticket dialog, as for
 * QR sign-in and binding). A pass moves on to the success page. */
struct _XuexinIdentityAppPage
{
  XuexinPage           parent_instance;

  XuexinClient        *client;
  XuexinIdentityDraft *draft;
  gboolean             demo_mode;
  GCancellable        *cancellable;
  GtkWindow           *dialog;

  GtkButton           *show_code_button;
  GtkLabel            *app_attempts_label;
};

G_DEFINE_FINAL_TYPE (XuexinIdentityAppPage, xuexin_identity_app_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_identity_app_page_new (XuexinClient        *client,
                              XuexinIdentityDraft *draft,
                              gboolean             demo_mode)
{
  XuexinIdentityAppPage *self = g_object_new (XUEXIN_TYPE_IDENTITY_APP_PAGE, NULL);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);
  self->demo_mode = demo_mode;

  return XUEXIN_PAGE (self);
}

/**
 * xuexin_identity_app_page_get_dialog:
 *
 * Returns: (transfer none) (nullable): the code dialog while it is open
 */
GtkWindow *
xuexin_identity_app_page_get_dialog (XuexinIdentityAppPage *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_APP_PAGE (self), NULL);

  return self->dialog;
}

static void
xuexin_identity_app_page_shown (XuexinPage *page)
{
  XuexinIdentityAppPage *self = XUEXIN_IDENTITY_APP_PAGE (page);
  XuexinIdentityState *state = xuexin_identity_draft_get_state (self->draft);
  XuexinIdentityPath *entry = state != NULL ? xuexin_identity_state_get_path (state, XUEXIN_IDENTITY_PATH_APP) : NULL;

  if (entry != NULL)
    {
      guint left = xuexin_identity_path_get_remaining (entry);
      g_autofree char *text = NULL;

      text = g_strdup_printf (ngettext ("%u attempt left today. Each new code is one attempt; a code that nobody scans gives its attempt back.",
                                        "%u attempts left today. Each new code is one attempt; a code that nobody scans gives its attempt back.",
                                        left), left);
      gtk_label_set_label (self->app_attempts_label, text);
    }
}

static void
read_verified_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(XuexinIdentityAppPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!xuexin_identity_draft_read_verified_finish (XUEXIN_IDENTITY_DRAFT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        xuexin_page_show_error (XUEXIN_PAGE (self), error);
      return;
    }

  /* On to the success page once the dialog's Done closes it. */
  xuexin_page_set_complete (XUEXIN_PAGE (self), TRUE);
}

static void
verified_cb (XuexinIdentityAppPage *self)
{
  xuexin_identity_draft_read_verified_async (self->draft, self->client, self->cancellable,
                                             read_verified_cb, g_object_ref (self));
}

/* Done on the dialog's success screen: on to the success page. */
static void
dialog_closed_cb (XuexinIdentityAppPage *self)
{
  self->dialog = NULL;
  gtk_widget_grab_focus (GTK_WIDGET (self->show_code_button));
  if (xuexin_page_get_complete (XUEXIN_PAGE (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
show_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  XuexinIdentityAppPage *self = XUEXIN_IDENTITY_APP_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  XuexinAppVerificationDialog *dialog;

  if (self->dialog != NULL)
    {
      gtk_window_present (self->dialog);
      return;
    }

  dialog = xuexin_app_verification_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               self->client, self->demo_mode);
  self->dialog = GTK_WINDOW (dialog);
  g_signal_connect_object (dialog, "verified", G_CALLBACK (verified_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_closed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
xuexin_identity_app_page_dispose (GObject *object)
{
  XuexinIdentityAppPage *self = XUEXIN_IDENTITY_APP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (g_steal_pointer (&self->dialog));
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_IDENTITY_APP_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_identity_app_page_parent_class)->dispose (object);
}

static void
xuexin_identity_app_page_class_init (XuexinIdentityAppPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_identity_app_page_dispose;
  page_class->shown = xuexin_identity_app_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/identity/xuexin-identity-app-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityAppPage, show_code_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityAppPage, app_attempts_label);

  gtk_widget_class_install_action (widget_class, "identity-app.show-code", NULL, show_code_action);
}

static void
xuexin_identity_app_page_init (XuexinIdentityAppPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  xuexin_page_set_focus_widget (XUEXIN_PAGE (self), GTK_WIDGET (self->show_code_button));
}
