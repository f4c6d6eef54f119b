/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "xuexin-a11y.h"
#include "xuexin-code-button.h"
#include "xuexin-common.h"
#include "xuexin-format.h"
#include "xuexin-email-dialog.h"

/* Binding or changing the security email (FAQ 8): an address never used
 * on the site before, proven by a code sent to it. Errors stay in the
 * dialog and nothing typed is lost; closing it cancels the request in
 * flight. */
struct _XuexinEmailDialog
{
  AdwWindow         parent_instance;

  XuexinClient     *client;
  XuexinAccount    *account;
  GCancellable     *cancellable;
  gboolean          applying;
  gboolean          address_left;  /* Enter pressed or focus moved on */

  GtkButton        *email_dialog_apply_button;
  GtkSpinner       *email_dialog_spinner;
  GtkLabel         *email_dialog_intro_label;
  GtkWidget        *email_dialog_error_box;
  GtkLabel         *email_dialog_error_label;
  AdwEntryRow      *email_dialog_address_row;
  AdwEntryRow      *email_dialog_code_row;
  XuexinCodeButton *email_dialog_send_code_button;
  GtkLabel         *email_dialog_hint_label;

  /* The field the shown error is about: marked, tied to the error. */
  GtkWidget        *error_field;
};

G_DEFINE_FINAL_TYPE (XuexinEmailDialog, xuexin_email_dialog, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
xuexin_email_dialog_has_email (XuexinEmailDialog *self)
{
  const char *email = xuexin_account_get_email (self->account);

  return email != NULL && *email != '\0';
}

/* The error is an alert (see xuexin-a11y.c); the field at fault is
 * marked invalid, tied to it, and gets the focus. */
static void
xuexin_email_dialog_set_error (XuexinEmailDialog *self,
                               const char        *message,
                               GtkWidget         *field)
{
  if (self->error_field != NULL)
    xuexin_a11y_set_field_error (self->error_field, NULL);
  self->error_field = message != NULL ? field : NULL;

  if (message == NULL)
    {
      xuexin_a11y_hide_alert (self->email_dialog_error_label);
      gtk_widget_set_visible (self->email_dialog_error_box, FALSE);
      return;
    }

  gtk_widget_set_visible (self->email_dialog_error_box, TRUE);
  xuexin_a11y_show_alert (self->email_dialog_error_label, message);
  if (field != NULL)
    {
      xuexin_a11y_set_field_error (field, GTK_WIDGET (self->email_dialog_error_label));
      gtk_widget_grab_focus (field);
    }
}

/* Problems are named once the field looks finished, not at every key. */
static void
xuexin_email_dialog_update (XuexinEmailDialog *self)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_dialog_address_row));
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->email_dialog_code_row));
  XuexinEmailResult email_result = xuexin_email_validate (email, NULL);
  XuexinSmsCodeResult code_result = xuexin_sms_code_validate (code);
  const char *hint = NULL;
  GtkWidget *wrong_row = NULL;

  if (email_result != XUEXIN_EMAIL_OK && email_result != XUEXIN_EMAIL_EMPTY &&
      strchr (email, '@') != NULL && strchr (email, '.') != NULL)
    {
      hint = xuexin_email_result_to_message (email_result);
      wrong_row = GTK_WIDGET (self->email_dialog_address_row);
    }
  else if (email_result != XUEXIN_EMAIL_OK && email_result != XUEXIN_EMAIL_EMPTY && self->address_left)
    {
      /* "bad@" is not judged while it is typed, but once the user moves
       * on, Send Code is not insensitive without a word. */
      hint = _("Enter a complete email address, such as name@example.com.");
      wrong_row = GTK_WIDGET (self->email_dialog_address_row);
    }
  else if (code_result != XUEXIN_SMS_CODE_OK && strlen (code) >= 6)
    {
      hint = xuexin_sms_code_result_to_message (code_result);
      wrong_row = GTK_WIDGET (self->email_dialog_code_row);
    }

  xuexin_a11y_show_field_hint (self->email_dialog_hint_label, hint, wrong_row,
                               GTK_WIDGET (self->email_dialog_address_row),
                               GTK_WIDGET (self->email_dialog_code_row), NULL);
  /* A refusal still shown keeps its field tied to it. */
  if (self->error_field != NULL && self->error_field != wrong_row)
    xuexin_a11y_set_field_error (self->error_field, GTK_WIDGET (self->email_dialog_error_label));

  xuexin_code_button_set_ready (self->email_dialog_send_code_button,
                                email_result == XUEXIN_EMAIL_OK && !self->applying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "email-dialog.apply",
                                 email_result == XUEXIN_EMAIL_OK && code_result == XUEXIN_SMS_CODE_OK &&
                                 !self->applying);
}

static void
fields_changed_cb (XuexinEmailDialog *self,
                   GtkEditable       *editable)
{
  /* A refusal was about what was there before. */
  xuexin_email_dialog_set_error (self, NULL, NULL);
  xuexin_email_dialog_update (self);
}

static void
address_left_cb (XuexinEmailDialog *self)
{
  /* The window also takes the focus away as it goes. */
  if (self->address_left || self->email_dialog_address_row == NULL ||
      gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  self->address_left = TRUE;
  xuexin_email_dialog_update (self);
}

static void
address_activated_cb (XuexinEmailDialog *self)
{
  address_left_cb (self);
  xuexin_code_button_send (self->email_dialog_send_code_button);
}

static void
code_activated_cb (XuexinEmailDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "email-dialog.apply", NULL);
}

/* One sentence per refusal, about email rather than SMS, naming what to
 * do next; the field at fault is marked and keeps its text. */
static void
xuexin_email_dialog_show_error (XuexinEmailDialog *self,
                                const GError      *error)
{
  g_autofree char *message = NULL;
  GtkWidget *field = NULL;

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_EMAIL_USED))
    {
      field = GTK_WIDGET (self->email_dialog_address_row);
      message = g_strdup (_("This email address has been used on the site before, by a registration or a binding, so it cannot be bound again. Use an address that has never been used here."));
    }
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_INVALID_EMAIL))
    {
      field = GTK_WIDGET (self->email_dialog_address_row);
      message = g_strdup (_("The email address was not accepted. Check it and enter it again."));
    }
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    {
      g_autofree char *wait = xuexin_format_wait (MAX (1, xuexin_client_error_get_retry_after (error)));

      /* Translators: %s is a waiting time such as "45 s" or "3 h 10 min". */
      message = g_strdup_printf (_("Too many codes were asked for. Wait %s, then send a new code."), wait);
    }
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_SMS_CODE_INVALID))
    {
      field = GTK_WIDGET (self->email_dialog_code_row);
      message = g_strdup (_("The verification code is wrong. Check the latest email and enter its code again, or send a new code."));
    }
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_SMS_CODE_EXPIRED))
    {
      field = GTK_WIDGET (self->email_dialog_code_row);
      message = g_strdup (_("The verification code has expired. Send a new code and enter it."));
    }
  else
    message = g_strdup (error->message);

  xuexin_email_dialog_set_error (self, message, field);
}

static void
code_sent_cb (XuexinEmailDialog *self)
{
  xuexin_email_dialog_set_error (self, NULL, NULL);
}

static void
xuexin_email_dialog_set_applying (XuexinEmailDialog *self,
                                  gboolean           applying)
{
  self->applying = applying;
  gtk_widget_set_visible (GTK_WIDGET (self->email_dialog_spinner), applying);
  gtk_spinner_set_spinning (self->email_dialog_spinner, applying);
  xuexin_email_dialog_update (self);
}

static void
change_email_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(XuexinEmailDialog) self = user_data;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = xuexin_client_change_email_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  xuexin_email_dialog_set_applying (self, FALSE);

  if (account == NULL)
    {
      xuexin_email_dialog_show_error (self, error);
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0, account);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
xuexin_email_dialog_apply_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  XuexinEmailDialog *self = XUEXIN_EMAIL_DIALOG (widget);
  g_autofree char *email = NULL;
  g_autofree char *code = NULL;

  if (self->applying ||
      xuexin_email_validate (gtk_editable_get_text (GTK_EDITABLE (self->email_dialog_address_row)), &email) != XUEXIN_EMAIL_OK)
    return;

  code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_dialog_code_row))));
  if (xuexin_sms_code_validate (code) != XUEXIN_SMS_CODE_OK)
    return;

  xuexin_email_dialog_set_error (self, NULL, NULL);
  xuexin_email_dialog_set_applying (self, TRUE);
  xuexin_client_change_email_async (self->client, email, code, self->cancellable,
                                    change_email_cb, g_object_ref (self));
}

/**
 * xuexin_email_dialog_new:
 * @parent: the main window
 * @client: the signed-in client
 * @account: the account as it is now (to offer Bind or Change)
 *
 * A modal dialog that binds or changes the security email. It emits
 * #XuexinEmailDialog::changed with the updated account and closes itself
 * once the service has accepted the address.
 */
XuexinEmailDialog *
xuexin_email_dialog_new (GtkWindow     *parent,
                         XuexinClient  *client,
                         XuexinAccount *account)
{
  XuexinEmailDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT (account), NULL);

  self = g_object_new (XUEXIN_TYPE_EMAIL_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  xuexin_code_button_set_recipient_field (self->email_dialog_send_code_button, self->client,
                                          XUEXIN_CODE_PURPOSE_EMAIL, GTK_EDITABLE (self->email_dialog_address_row));

  if (xuexin_email_dialog_has_email (self))
    {
      g_autofree char *intro = NULL;

      gtk_window_set_title (GTK_WINDOW (self), _("Change Security Email"));
      gtk_button_set_label (self->email_dialog_apply_button, _("C_hange"));
      /* Translators: %s is the email address bound now. */
      intro = g_strdup_printf (_("The security email is now %s. Enter the new address: it must never have been used on the site, and it receives a code to prove it is yours. The old address cannot be bound again later."),
                               xuexin_account_get_email (account));
      gtk_label_set_label (self->email_dialog_intro_label, intro);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Bind Security Email"));
      gtk_button_set_label (self->email_dialog_apply_button, _("_Bind"));
      gtk_label_set_label (self->email_dialog_intro_label,
                           _("A security email is a login name too and helps you recover the account. Use an address that has never been used on the site; a code is sent to it to prove it is yours."));
    }

  return self;
}

static void
xuexin_email_dialog_dispose (GObject *object)
{
  XuexinEmailDialog *self = XUEXIN_EMAIL_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_EMAIL_DIALOG);
  g_clear_object (&self->client);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (xuexin_email_dialog_parent_class)->dispose (object);
}

static void
xuexin_email_dialog_class_init (XuexinEmailDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_email_dialog_dispose;

  /**
   * XuexinEmailDialog::changed:
   * @account: the account with its new security email
   *
   * The service bound the address. The dialog closes itself right after.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, XUEXIN_TYPE_ACCOUNT);

  g_type_ensure (XUEXIN_TYPE_CODE_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/account/xuexin-email-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinEmailDialog, email_dialog_apply_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinEmailDialog, email_dialog_spinner);
  gtk_widget_class_bind_template_child (widget_class, XuexinEmailDialog, email_dialog_intro_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinEmailDialog, email_dialog_error_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinEmailDialog, email_dialog_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinEmailDialog, email_dialog_address_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinEmailDialog, email_dialog_code_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinEmailDialog, email_dialog_send_code_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinEmailDialog, email_dialog_hint_label);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_sent_cb);
  gtk_widget_class_bind_template_callback (widget_class, xuexin_email_dialog_show_error);

  gtk_widget_class_install_action (widget_class, "email-dialog.apply", NULL,
                                   xuexin_email_dialog_apply_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xuexin_email_dialog_init (XuexinEmailDialog *self)
{
  GtkEventController *focus;

  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Where the code button says the code went (the window's announcer
   * is in another window). */
  xuexin_a11y_add_announcer (ADW_WINDOW (self));
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (address_left_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->email_dialog_address_row), focus);
  /* The user came to type a new address, not to cancel. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->email_dialog_address_row));

  xuexin_email_dialog_update (self);
}
