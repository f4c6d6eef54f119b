/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "qr/xuexin-qr-code.h"
#include "xuexin-application.h"
#include "xuexin-open-link.h"

static gboolean
is_kiosk (void)
{
  GApplication *application = g_application_get_default ();

  return XUEXIN_IS_APPLICATION (application) &&
         xuexin_application_is_kiosk (XUEXIN_APPLICATION (application));
}

static GtkWidget *
link_dialog_new (GtkWindow  *parent,
                 const char *url,
                 const char *title)
{
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *qr_code = xuexin_qr_code_new ();
  GtkWidget *address = gtk_label_new (url);

  dialog = adw_message_dialog_new (parent, title != NULL ? title : _("Open on Your Phone"),
                                   _("This computer does not open web pages. Scan the code with "
                                     "your phone's camera to open the page there."));
  xuexin_qr_code_set_text (XUEXIN_QR_CODE (qr_code), url);
  gtk_widget_set_size_request (qr_code, 220, 220);
  gtk_widget_set_halign (qr_code, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (qr_code),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("QR code of the page address"),
                                  -1);
  /* The address too: typed into a phone when the camera cannot scan. */
  gtk_label_set_selectable (GTK_LABEL (address), TRUE);
  gtk_label_set_wrap (GTK_LABEL (address), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (address), PANGO_WRAP_CHAR);
  gtk_label_set_justify (GTK_LABEL (address), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (address, "monospace");
  gtk_box_append (GTK_BOX (box), qr_code);
  gtk_box_append (GTK_BOX (box), address);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");

  return dialog;
}

GtkWidget *
xuexin_open_link (GtkWidget  *parent,
                  const char *url,
                  const char *title)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_val_if_fail (url != NULL, NULL);

  root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  if (!is_kiosk ())
    {
      gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
      return NULL;
    }

  dialog = link_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, title);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
