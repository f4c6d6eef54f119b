/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-account-page.h"

/* 账号管理: who the account belongs to, its state, and the platforms
 * that share it. */
struct _XuexinAccountPage
{
  AdwBin               parent_instance;

  XuexinClient        *client;
  XuexinAccount       *account;
  GCancellable        *cancellable;

  GtkLabel            *greeting_label;
  GtkBox              *pending_box;
  AdwActionRow        *name_row;
  AdwActionRow        *phone_row;
  AdwActionRow        *id_row;
  AdwActionRow        *email_row;
  AdwPreferencesGroup *platforms_group;
  GtkListBox          *platforms_list;
};

G_DEFINE_FINAL_TYPE (XuexinAccountPage, xuexin_account_page, ADW_TYPE_BIN)

static GtkWidget *
create_platform_row (gpointer item,
                     gpointer user_data)
{
  XuexinPlatform *platform = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("adw-external-link-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), xuexin_platform_get_name (platform));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), xuexin_platform_get_description (platform));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, xuexin_platform_get_url (platform));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  g_object_set_data_full (G_OBJECT (row), "url", g_strdup (xuexin_platform_get_url (platform)), g_free);

  return row;
}

static void
platform_activated_cb (XuexinAccountPage *self,
                       GtkListBoxRow     *row)
{
  const char *url = g_object_get_data (G_OBJECT (row), "url");

  if (url != NULL)
    gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), url, GDK_CURRENT_TIME);
}

static void
get_platforms_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(XuexinAccountPage) self = user_data;
  g_autoptr(GListModel) platforms = NULL;
  g_autoptr(GError) error = NULL;

  platforms = xuexin_client_get_platforms_finish (XUEXIN_CLIENT (object), result, &error);
  if (platforms == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_group_set_description (self->platforms_group, error->message);
      return;
    }

  gtk_list_box_bind_model (self->platforms_list, platforms, create_platform_row, NULL, NULL);
}

XuexinAccount *
xuexin_account_page_get_account (XuexinAccountPage *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT_PAGE (self), NULL);

  return self->account;
}

void
xuexin_account_page_set_account (XuexinAccountPage *self,
                                 XuexinClient      *client,
                                 XuexinAccount     *account)
{
  g_autofree char *greeting = NULL;
  const char *email;

  g_return_if_fail (XUEXIN_IS_ACCOUNT_PAGE (self));
  g_return_if_fail (XUEXIN_IS_CLIENT (client));
  g_return_if_fail (XUEXIN_IS_ACCOUNT (account));

  g_set_object (&self->client, client);
  g_set_object (&self->account, account);

  /* Translators: %s is the account holder's name. */
  greeting = g_strdup_printf (_("Hello, %s"), xuexin_account_get_name (account));
  gtk_label_set_label (self->greeting_label, greeting);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_box), xuexin_account_is_pending (account));

  adw_action_row_set_subtitle (self->name_row, xuexin_account_get_name (account));
  adw_action_row_set_subtitle (self->phone_row, xuexin_account_get_phone (account));
  adw_action_row_set_subtitle (self->id_row, xuexin_account_get_id_number_masked (account));
  email = xuexin_account_get_email (account);
  adw_action_row_set_subtitle (self->email_row,
                               email != NULL && *email != '\0' ? email : _("Not bound yet"));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  xuexin_client_get_platforms_async (client, self->cancellable, get_platforms_cb, g_object_ref (self));
}

static void
xuexin_account_page_dispose (GObject *object)
{
  XuexinAccountPage *self = XUEXIN_ACCOUNT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_ACCOUNT_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (xuexin_account_page_parent_class)->dispose (object);
}

static void
xuexin_account_page_class_init (XuexinAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_account_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/account/xuexin-account-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, greeting_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, pending_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, id_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, platforms_group);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, platforms_list);
  gtk_widget_class_bind_template_callback (widget_class, platform_activated_cb);
}

static void
xuexin_account_page_init (XuexinAccountPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
