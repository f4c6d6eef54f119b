/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "xuexin-a11y.h"
#include "xuexin-code-button.h"
#include "xuexin-common.h"
#include "xuexin-format.h"
#include "xuexin-phone-dialog.h"

/* Changing the mobile phone number, a login name of the account: an SMS
 * code to the new number proves it. A number another live account has
 * is refused (FAQ 6). Errors stay in the dialog and nothing typed is
 * lost; closing it cancels the request in flight. */
struct _XuexinPhoneDialog
{
  AdwWindow         parent_instance;

  XuexinClient     *client;
  XuexinAccount    *account;
  GCancellable     *cancellable;
  gboolean          applying;

  GtkSpinner       *phone_dialog_spinner;
  GtkLabel         *phone_dialog_intro_label;
  GtkWidget        *phone_dialog_error_box;
  GtkLabel         *phone_dialog_error_label;
  AdwEntryRow      *phone_dialog_phone_row;
  AdwEntryRow      *phone_dialog_code_row;
  XuexinCodeButton *phone_dialog_send_code_button;
  GtkLabel         *phone_dialog_hint_label;

  /* The field the shown error is about: marked, tied to the error. */
  GtkWidget        *error_field;
};

G_DEFINE_FINAL_TYPE (XuexinPhoneDialog, xuexin_phone_dialog, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The error is an alert (see xuexin-a11y.c); the field at fault is
 * marked invalid, tied to it, and gets the focus. */
static void
xuexin_phone_dialog_set_error (XuexinPhoneDialog *self,
                               const char        *message,
                               GtkWidget         *field)
{
  if (self->error_field != NULL)
    xuexin_a11y_set_field_error (self->error_field, NULL);
  self->error_field = message != NULL ? field : NULL;

  if (message == NULL)
    {
      xuexin_a11y_hide_alert (self->phone_dialog_error_label);
      gtk_widget_set_visible (self->phone_dialog_error_box, FALSE);
      return;
    }

  gtk_widget_set_visible (self->phone_dialog_error_box, TRUE);
  xuexin_a11y_show_alert (self->phone_dialog_error_label, message);
  if (field != NULL)
    {
      xuexin_a11y_set_field_error (field, GTK_WIDGET (self->phone_dialog_error_label));
      gtk_widget_grab_focus (field);
    }
}

/* Problems are named once the field looks finished, so typing an
 * 11-digit number does not flash an error at every digit. */
static void
xuexin_phone_dialog_update (XuexinPhoneDialog *self)
{
  const char *phone = gtk_editable_get_text (GTK_EDITABLE (self->phone_dialog_phone_row));
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->phone_dialog_code_row));
  XuexinPhoneResult phone_result = xuexin_phone_validate (phone, NULL);
  XuexinSmsCodeResult code_result = xuexin_sms_code_validate (code);
  const char *hint = NULL;
  GtkWidget *wrong_row = NULL;
  gsize phone_digits = 0;

  for (const char *p = phone; *p != '\0'; p++)
    phone_digits += g_ascii_isdigit (*p) ? 1 : 0;

  if (phone_result != XUEXIN_PHONE_OK && phone_result != XUEXIN_PHONE_EMPTY &&
      (phone_digits >= 11 || phone_result == XUEXIN_PHONE_BAD_CHARACTERS ||
       phone_result == XUEXIN_PHONE_BAD_PREFIX))
    {
      hint = xuexin_phone_result_to_message (phone_result);
      wrong_row = GTK_WIDGET (self->phone_dialog_phone_row);
    }
  else if (code_result != XUEXIN_SMS_CODE_OK && strlen (code) >= 6)
    {
      hint = xuexin_sms_code_result_to_message (code_result);
      wrong_row = GTK_WIDGET (self->phone_dialog_code_row);
    }

  xuexin_a11y_show_field_hint (self->phone_dialog_hint_label, hint, wrong_row,
                               GTK_WIDGET (self->phone_dialog_phone_row),
                               GTK_WIDGET (self->phone_dialog_code_row), NULL);
  /* A refusal still shown keeps its field tied to it. */
  if (self->error_field != NULL && self->error_field != wrong_row)
    xuexin_a11y_set_field_error (self->error_field, GTK_WIDGET (self->phone_dialog_error_label));

  xuexin_code_button_set_ready (self->phone_dialog_send_code_button,
                                phone_result == XUEXIN_PHONE_OK && !self->applying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "phone-dialog.apply",
                                 phone_result == XUEXIN_PHONE_OK && code_result == XUEXIN_SMS_CODE_OK &&
                                 !self->applying);
}

static void
fields_changed_cb (XuexinPhoneDialog *self,
                   GtkEditable       *editable)
{
  /* A refusal was about what was there before. */
  xuexin_phone_dialog_set_error (self, NULL, NULL);
  xuexin_phone_dialog_update (self);
}

static void
phone_activated_cb (XuexinPhoneDialog *self)
{
  xuexin_code_button_send (self->phone_dialog_send_code_button);
}

static void
code_activated_cb (XuexinPhoneDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "phone-dialog.apply", NULL);
}

static void
xuexin_phone_dialog_show_error (XuexinPhoneDialog *self,
                                const GError      *error)
{
  g_autofree char *message = NULL;
  GtkWidget *field = NULL;

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_PHONE_TAKEN))
    {
      field = GTK_WIDGET (self->phone_dialog_phone_row);
      message = g_strdup (_("This phone number is already registered to another account, and a number can belong to one account only. Use another number. To check whether that account is yours, sign out and use Find Username."));
    }
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_INVALID_PHONE))
    {
      field = GTK_WIDGET (self->phone_dialog_phone_row);
      message = g_strdup (error->message);
    }
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    {
      g_autofree char *wait = xuexin_format_wait (MAX (1, xuexin_client_error_get_retry_after (error)));

      /* Translators: %s is a waiting time such as "45 s" or "3 h 10 min". */
      message = g_strdup_printf (_("Too many codes were asked for. Wait %s, then send a new code."), wait);
    }
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_SMS_CODE_INVALID) ||
           xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_SMS_CODE_EXPIRED))
    {
      field = GTK_WIDGET (self->phone_dialog_code_row);
      message = g_strdup (error->message);
    }
  else
    message = g_strdup (error->message);

  xuexin_phone_dialog_set_error (self, message, field);
}

static void
code_sent_cb (XuexinPhoneDialog *self)
{
  xuexin_phone_dialog_set_error (self, NULL, NULL);
}

static void
xuexin_phone_dialog_set_applying (XuexinPhoneDialog *self,
                                  gboolean           applying)
{
  self->applying = applying;
  gtk_widget_set_visible (GTK_WIDGET (self->phone_dialog_spinner), applying);
  gtk_spinner_set_spinning (self->phone_dialog_spinner, applying);
  xuexin_phone_dialog_update (self);
}

static void
change_phone_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(XuexinPhoneDialog) self = user_data;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = xuexin_client_change_phone_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  xuexin_phone_dialog_set_applying (self, FALSE);

  if (account == NULL)
    {
      xuexin_phone_dialog_show_error (self, error);
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0, account);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
xuexin_phone_dialog_apply_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  XuexinPhoneDialog *self = XUEXIN_PHONE_DIALOG (widget);
  g_autofree char *phone = NULL;
  g_autofree char *code = NULL;

  if (self->applying ||
      xuexin_phone_validate (gtk_editable_get_text (GTK_EDITABLE (self->phone_dialog_phone_row)), &phone) != XUEXIN_PHONE_OK)
    return;

  code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->phone_dialog_code_row))));
  if (xuexin_sms_code_validate (code) != XUEXIN_SMS_CODE_OK)
    return;

  xuexin_phone_dialog_set_error (self, NULL, NULL);
  xuexin_phone_dialog_set_applying (self, TRUE);
  xuexin_client_change_phone_async (self->client, phone, code, self->cancellable,
                                    change_phone_cb, g_object_ref (self));
}

/**
 * xuexin_phone_dialog_new:
 * @parent: the main window
 * @client: the signed-in client
 * @account: the account as it is now
 *
 * A modal dialog that changes the mobile phone number. It emits
 * #XuexinPhoneDialog::changed with the updated account and closes itself
 * once the service has accepted the number.
 */
XuexinPhoneDialog *
xuexin_phone_dialog_new (GtkWindow     *parent,
                         XuexinClient  *client,
                         XuexinAccount *account)
{
  XuexinPhoneDialog *self;
  g_autofree char *masked = NULL;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (account), NULL);

  self = g_object_new (XUEXIN_TYPE_PHONE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  xuexin_code_button_set_recipient_field (self->phone_dialog_send_code_button, self->client,
                                          XUEXIN_CODE_PURPOSE_CHANGE_PHONE, GTK_EDITABLE (self->phone_dialog_phone_row));

  masked = xuexin_phone_mask (xuexin_account_get_phone (account));
  /* Translators: %s is the masked phone number of the account now, such as 138****5678. */
  intro = g_strdup_printf (_("The account’s phone number is now %s. The new number becomes a login name instead of it and receives the codes for recovering the account. Enter the new number; a free SMS code is sent to it."),
                           masked);
  gtk_label_set_label (self->phone_dialog_intro_label, intro);

  return self;
}

static void
xuexin_phone_dialog_dispose (GObject *object)
{
  XuexinPhoneDialog *self = XUEXIN_PHONE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_PHONE_DIALOG);
  g_clear_object (&self->client);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (xuexin_phone_dialog_parent_class)->dispose (object);
}

static void
xuexin_phone_dialog_class_init (XuexinPhoneDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_phone_dialog_dispose;

  /**
   * XuexinPhoneDialog::changed:
   * @account: the account with its new phone number
   *
   * The service changed the number. The dialog closes itself right after.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, XUEXIN_TYPE_ACCOUNT);

  g_type_ensure (XUEXIN_TYPE_CODE_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/account/xuexin-phone-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinPhoneDialog, phone_dialog_spinner);
  gtk_widget_class_bind_template_child (widget_class, XuexinPhoneDialog, phone_dialog_intro_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinPhoneDialog, phone_dialog_error_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinPhoneDialog, phone_dialog_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinPhoneDialog, phone_dialog_phone_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinPhoneDialog, phone_dialog_code_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinPhoneDialog, phone_dialog_send_code_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinPhoneDialog, phone_dialog_hint_label);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, phone_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_sent_cb);
  gtk_widget_class_bind_template_callback (widget_class, xuexin_phone_dialog_show_error);

  gtk_widget_class_install_action (widget_class, "phone-dialog.apply", NULL,
                                   xuexin_phone_dialog_apply_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xuexin_phone_dialog_init (XuexinPhoneDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Where the code button says the code went (the window's announcer
   * is in another window). */
  xuexin_a11y_add_announcer (ADW_WINDOW (self));
  /* The user came to type a new number, not to cancel. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->phone_dialog_phone_row));

  xuexin_phone_dialog_update (self);
}
