/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-api.h"
#include "xuexin-application.h"
#include "xuexin-format.h"
#include "xuexin-kiosk-staff-dialog.h"

/* 服务台工作人员: the kiosk's settings and Quit, behind the staff PIN
 * (kiosk-unlock-pin-hash, checked by XuexinKiosk on a worker thread,
 * five wrong PINs in a row wait a minute). Staff change the server, the
 * idle timeout, the visitors' language and the PIN; a key the deployer
 * locked (dconf lock, or set by --server-url) shows but cannot change. */

struct _XuexinKioskStaffDialog
{
  AdwWindow     parent_instance;

  XuexinKiosk  *kiosk;
  GSettings    *settings;
  GCancellable *cancellable;
  gboolean      checking;

  GtkStack     *staff_stack;
  AdwPasswordEntryRow *pin_row;
  GtkLabel     *unlock_error_label;
  GtkWidget    *unlock_button;
  AdwEntryRow  *server_row;
  GtkWidget    *idle_row;
  GtkSpinButton *idle_spin;
  AdwComboRow  *language_row;
  AdwPasswordEntryRow *new_pin_row;
  GtkLabel     *settings_status_label;
};

G_DEFINE_FINAL_TYPE (XuexinKioskStaffDialog, xuexin_kiosk_staff_dialog, ADW_TYPE_WINDOW)

/* Each in its own language: whoever reads it is looking for that one. */
static const struct
{
  const char *locale;
  const char *name;   /* NULL: translated "System language" */
} languages[] = {
  { "", NULL },
  { "zh_CN", "简体中文" },
  { "zh_TW", "繁體中文" },
  { "en_US", "English" },
};

static void
show_status (XuexinKioskStaffDialog *self,
             const char             *message)
{
  gtk_label_set_label (self->settings_status_label, message);
  xuexin_a11y_announce (GTK_WIDGET (self), message);
}

/* ----- the settings ---------------------------------------------------- */

static void
server_apply_cb (XuexinKioskStaffDialog *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  g_autoptr(GError) error = NULL;

  if (!xuexin_client_check_server_url (url, &error))
    {
      show_status (self, error->message);
      xuexin_a11y_set_field_error (GTK_WIDGET (self->server_row), GTK_WIDGET (self->settings_status_label));
      return;
    }

  xuexin_a11y_set_field_error (GTK_WIDGET (self->server_row), NULL);
  g_settings_set_string (self->settings, "server-url", url);
  xuexin_application_forget_server (XUEXIN_APPLICATION (g_application_get_default ()));
  show_status (self, _("Saved. The next visitor uses this server."));
}

static void
idle_changed_cb (XuexinKioskStaffDialog *self)
{
  guint seconds = (guint) gtk_spin_button_get_value_as_int (self->idle_spin);

  if (g_settings_get_uint (self->settings, "kiosk-idle-timeout") == seconds)
    return;
  g_settings_set_uint (self->settings, "kiosk-idle-timeout", seconds);
}

static void
language_changed_cb (XuexinKioskStaffDialog *self)
{
  guint i = adw_combo_row_get_selected (self->language_row);
  g_autofree char *current = g_settings_get_string (self->settings, "kiosk-language");

  if (i >= G_N_ELEMENTS (languages) || g_str_equal (current, languages[i].locale))
    return;
  g_settings_set_string (self->settings, "kiosk-language", languages[i].locale);
  show_status (self, _("Saved. The next visitor starts in this language."));
}

static void
new_pin_apply_cb (XuexinKioskStaffDialog *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->new_pin_row));
  g_autofree char *hash = NULL;

  if (!xuexin_kiosk_pin_is_acceptable (pin))
    {
      show_status (self, _("A staff PIN is 6 to 32 digits. Type another."));
      xuexin_a11y_set_field_error (GTK_WIDGET (self->new_pin_row), GTK_WIDGET (self->settings_status_label));
      return;
    }

  hash = xuexin_kiosk_hash_pin (pin);
  if (hash == NULL)
    {
      show_status (self, _("The PIN could not be saved. Try again."));
      return;
    }
  xuexin_a11y_set_field_error (GTK_WIDGET (self->new_pin_row), NULL);
  g_settings_set_string (self->settings, "kiosk-unlock-pin-hash", hash);
  gtk_editable_set_text (GTK_EDITABLE (self->new_pin_row), "");
  show_status (self, _("The new staff PIN is saved."));
}

/* What the deployer fixed is shown, not offered. */
static void
set_writable (XuexinKioskStaffDialog *self,
              GtkWidget              *row,
              const char             *key)
{
  gboolean writable = g_settings_is_writable (self->settings, key);

  gtk_widget_set_sensitive (row, writable);
  if (!writable)
    gtk_widget_set_tooltip_text (row, _("Set by your organization for every kiosk"));
}

static void
load_settings (XuexinKioskStaffDialog *self)
{
  XuexinApplication *application = XUEXIN_APPLICATION (g_application_get_default ());
  g_autofree char *server = g_settings_get_string (self->settings, "server-url");
  g_autofree char *language = g_settings_get_string (self->settings, "kiosk-language");

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  set_writable (self, GTK_WIDGET (self->server_row), "server-url");
  /* --server-url (or --demo) wins over the setting: say so. */
  if (g_strcmp0 (xuexin_application_get_server_url (application), server) != 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->server_row), xuexin_application_get_server_url (application));
      gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->server_row),
                                   _("Set by how the app was started (--server-url or --demo)"));
    }

  gtk_spin_button_set_value (self->idle_spin, g_settings_get_uint (self->settings, "kiosk-idle-timeout"));
  set_writable (self, self->idle_row, "kiosk-idle-timeout");

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (languages[i].locale, language))
      adw_combo_row_set_selected (self->language_row, i);
  set_writable (self, GTK_WIDGET (self->language_row), "kiosk-language");
  set_writable (self, GTK_WIDGET (self->new_pin_row), "kiosk-unlock-pin-hash");

  g_signal_connect_object (self->idle_spin, "value-changed", G_CALLBACK (idle_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->language_row, "notify::selected", G_CALLBACK (language_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* ----- the unlock ------------------------------------------------------ */

static void
show_unlock_error (XuexinKioskStaffDialog *self,
                   const char             *message)
{
  xuexin_a11y_show_alert (self->unlock_error_label, message);
  xuexin_a11y_set_field_error (GTK_WIDGET (self->pin_row), GTK_WIDGET (self->unlock_error_label));
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(XuexinKioskStaffDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean right;

  right = xuexin_kiosk_verify_pin_finish (XUEXIN_KIOSK (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->checking = FALSE;
  gtk_widget_set_sensitive (self->unlock_button, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");

  if (right)
    {
      xuexin_a11y_hide_alert (self->unlock_error_label);
      load_settings (self);
      gtk_stack_set_visible_child_name (self->staff_stack, "settings");
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }

  if (error != NULL || xuexin_kiosk_get_pin_wait (self->kiosk) > 0)
    {
      g_autofree char *wait = xuexin_format_wait (xuexin_kiosk_get_pin_wait (self->kiosk));
      /* Translators: %s is a wait such as "1 min". */
      g_autofree char *message = g_strdup_printf (_("Too many wrong PINs. Try again in %s."), wait);

      show_unlock_error (self, message);
      return;
    }
  show_unlock_error (self, _("That PIN is not right. Type it again."));
}

static void
unlock (XuexinKioskStaffDialog *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));

  if (self->checking)
    return;
  if (*pin == '\0')
    {
      show_unlock_error (self, _("Type the staff PIN."));
      return;
    }
  self->checking = TRUE;
  gtk_widget_set_sensitive (self->unlock_button, FALSE);
  xuexin_kiosk_verify_pin_async (self->kiosk, pin, self->cancellable, verify_cb, g_object_ref (self));
}

static void
pin_activated_cb (XuexinKioskStaffDialog *self)
{
  unlock (self);
}

static void
unlock_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  unlock (XUEXIN_KIOSK_STAFF_DIALOG (widget));
}

static void
quit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  XuexinKioskStaffDialog *self = XUEXIN_KIOSK_STAFF_DIALOG (widget);

  /* Only from the unlocked page. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->staff_stack), "settings") != 0)
    return;
  show_status (self, _("Signing out and quitting…"));
  xuexin_kiosk_quit (self->kiosk);
}

/**
 * xuexin_kiosk_staff_dialog_new:
 *
 * Returns: (transfer none): the dialog, presented at its PIN
 */
XuexinKioskStaffDialog *
xuexin_kiosk_staff_dialog_new (GtkWindow   *parent,
                               XuexinKiosk *kiosk,
                               GSettings   *settings)
{
  XuexinKioskStaffDialog *self;

  g_return_val_if_fail (XUEXIN_IS_KIOSK (kiosk), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (XUEXIN_TYPE_KIOSK_STAFF_DIALOG, "transient-for", parent, NULL);
  self->kiosk = g_object_ref (kiosk);
  self->settings = g_object_ref (settings);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));

  return self;
}

static void
xuexin_kiosk_staff_dialog_dispose (GObject *object)
{
  XuexinKioskStaffDialog *self = XUEXIN_KIOSK_STAFF_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_KIOSK_STAFF_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->kiosk);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (xuexin_kiosk_staff_dialog_parent_class)->dispose (object);
}

static void
xuexin_kiosk_staff_dialog_class_init (XuexinKioskStaffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_kiosk_staff_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/kiosk/xuexin-kiosk-staff-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinKioskStaffDialog, staff_stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinKioskStaffDialog, pin_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinKioskStaffDialog, unlock_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinKioskStaffDialog, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinKioskStaffDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinKioskStaffDialog, idle_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinKioskStaffDialog, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, XuexinKioskStaffDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinKioskStaffDialog, new_pin_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinKioskStaffDialog, settings_status_label);
  gtk_widget_class_bind_template_callback (widget_class, pin_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_pin_apply_cb);

  gtk_widget_class_install_action (widget_class, "staff.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "staff.quit", NULL, quit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xuexin_kiosk_staff_dialog_init (XuexinKioskStaffDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    gtk_string_list_append (names, languages[i].name != NULL ? languages[i].name : _("System language"));
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (names));
  xuexin_a11y_add_announcer (ADW_WINDOW (self));
}
