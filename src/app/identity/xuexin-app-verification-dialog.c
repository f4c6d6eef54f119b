/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-app-verification-dialog.h"
#include "xuexin-client-identity.h"
#include "xuexin-format.h"

/* Identity path 1 (APP自助验证; docs/api.md, "Identity path 1"): the
 * desktop cannot check a face, the 学信网 mobile app can. The service
 * hands out a ticket whose QR code the app scans ("我的" → 登录验证);
 * XuexinTicketDialog does the waiting. Every new code spends one of the
 * day's attempts (a code that expires unused gives it back), so the
 * dialog says how many are left after a refusal, and stays open on its
 * success screen: a pass changes the account for good (it becomes
 * active, the other accounts of its ID number are cancelled). */

/* The service decides the provider ("simulated" or "webhook"); the
 * dialog has one set of texts, under the path's id. */
#define APP_PATH "app"

static const XuexinTicketTexts app_texts[] = {
  {
    APP_PATH,
    N_("Verify with the Xuexin App"),
    N_("Scan with the Xuexin App"),
    N_("Open the Xuexin mobile app, tap “Me” and scan this code to verify."),
    N_("QR code for verifying your identity with the Xuexin mobile app"),
  },
};

struct _XuexinAppVerificationDialog
{
  XuexinTicketDialog  parent_instance;

  guint               remaining_attempts;   /* from the last failed poll */

  GtkButton          *app_verification_done_button;
  GtkWidget          *app_verification_get_app_label;
};

G_DEFINE_FINAL_TYPE (XuexinAppVerificationDialog, xuexin_app_verification_dialog, XUEXIN_TYPE_TICKET_DIALOG)

enum {
  VERIFIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ----- the service calls ------------------------------------------------ */

/* The ticket is the account's; there is no provider to choose. */
static void
xuexin_app_verification_dialog_start_async (XuexinClient        *client,
                                            const char          *provider,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  xuexin_client_start_app_verification_async (client, cancellable, callback, user_data);
}

static XuexinTicketStatus
xuexin_app_verification_dialog_poll_finish (XuexinTicketDialog  *dialog,
                                            GAsyncResult        *result,
                                            char               **reason,
                                            char               **message,
                                            GError             **error)
{
  XuexinAppVerificationDialog *self = XUEXIN_APP_VERIFICATION_DIALOG (dialog);

  /* Path 1's failures carry no sentence of the service: each reason has
   * its own below. */
  *message = NULL;
  self->remaining_attempts = 0;
  return xuexin_client_poll_app_verification_finish (xuexin_ticket_dialog_get_client (dialog), result,
                                                     reason, &self->remaining_attempts, error);
}

/* ----- outcomes --------------------------------------------------------- */

/* The one button that leads on once there is nothing more to scan. */
static void
xuexin_app_verification_dialog_set_done_label (XuexinAppVerificationDialog *self,
                                               const char                  *label)
{
  gtk_button_set_label (self->app_verification_done_button, label);
}

static void
xuexin_app_verification_dialog_verified (XuexinAppVerificationDialog *self,
                                         const char                  *status)
{
  xuexin_app_verification_dialog_set_done_label (self, _("_Done"));
  gtk_widget_set_visible (self->app_verification_get_app_label, FALSE);
  xuexin_ticket_dialog_set_status (XUEXIN_TICKET_DIALOG (self), status, TRUE);
  g_signal_emit (self, signals[VERIFIED], 0);
}

/* Another account of the ID number was verified first: this one is
 * gone, its session with it. */
static void
xuexin_app_verification_dialog_account_cancelled (XuexinAppVerificationDialog *self)
{
  xuexin_app_verification_dialog_set_done_label (self, _("_Close"));
  xuexin_ticket_dialog_end_without_code (XUEXIN_TICKET_DIALOG (self), "action-unavailable-symbolic",
                                         _("Another account with your ID number was verified first, so this account has been cancelled. Sign in with the verified account instead."),
                                         XUEXIN_TICKET_OFFER_ACTION);
}

static void
xuexin_app_verification_dialog_already_verified (XuexinAppVerificationDialog *self)
{
  XuexinTicketDialog *dialog = XUEXIN_TICKET_DIALOG (self);

  xuexin_ticket_dialog_end_without_code (dialog, "emblem-ok-symbolic", NULL, XUEXIN_TICKET_OFFER_ACTION);
  xuexin_app_verification_dialog_verified (self, _("This account is already verified, in another way. There is nothing more to do here."));
}

/* No attempts left: only time, or another path, helps. */
static void
xuexin_app_verification_dialog_no_attempts (XuexinAppVerificationDialog *self,
                                            const char                  *message)
{
  xuexin_app_verification_dialog_set_done_label (self, _("_Choose Another Way"));
  xuexin_ticket_dialog_end_without_code (XUEXIN_TICKET_DIALOG (self), "action-unavailable-symbolic",
                                         message, XUEXIN_TICKET_OFFER_ACTION);
}

static gboolean
xuexin_app_verification_dialog_start_refused (XuexinTicketDialog *dialog,
                                              const GError       *error)
{
  XuexinAppVerificationDialog *self = XUEXIN_APP_VERIFICATION_DIALOG (dialog);

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    {
      g_autofree char *wait = xuexin_format_wait (MAX (1, xuexin_client_error_get_retry_after (error)));
      g_autofree char *message = NULL;

      /* Translators: %s is a waiting time such as "3 h 12 min". */
      message = g_strdup_printf (_("All of today’s attempts to verify with the mobile app are used up. You can try again in %s, or choose another way to verify now."),
                                 wait);
      xuexin_app_verification_dialog_no_attempts (self, message);
    }
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_ALREADY_VERIFIED))
    xuexin_app_verification_dialog_already_verified (self);
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED))
    xuexin_app_verification_dialog_account_cancelled (self);
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
    xuexin_app_verification_dialog_no_attempts (self, _("Verifying with the mobile app is switched off on this account service. Choose another way to verify."));
  else
    return FALSE;

  return TRUE;
}

static void
xuexin_app_verification_dialog_ended (XuexinTicketDialog *dialog,
                                      XuexinTicketStatus  status,
                                      const char         *reason,
                                      const char         *message)
{
  XuexinAppVerificationDialog *self = XUEXIN_APP_VERIFICATION_DIALOG (dialog);

  if (status != XUEXIN_TICKET_STATUS_FAILED)
    XUEXIN_TICKET_DIALOG_CLASS (xuexin_app_verification_dialog_parent_class)->ended (dialog, status, reason, message);
  else if (g_strcmp0 (reason, "verification_failed") == 0 && self->remaining_attempts > 0)
    {
      g_autofree char *failed = NULL;

      /* Translators: the Xuexin app checked the face and said no. */
      failed = g_strdup_printf (ngettext ("The app could not confirm it is you. %u attempt left today.",
                                          "The app could not confirm it is you. %u attempts left today.",
                                          self->remaining_attempts),
                                self->remaining_attempts);
      xuexin_ticket_dialog_end (dialog, _("Refresh the code to try again, in good light and facing the camera."),
                                failed, XUEXIN_TICKET_OFFER_REFRESH);
    }
  else if (g_strcmp0 (reason, "verification_failed") == 0)
    xuexin_app_verification_dialog_no_attempts (self, _("The app could not confirm it is you, and no attempts are left today. Try again tomorrow, or choose another way to verify now."));
  else if (g_strcmp0 (reason, "account_cancelled") == 0)
    xuexin_app_verification_dialog_account_cancelled (self);
  else if (g_strcmp0 (reason, "already_verified") == 0)
    xuexin_app_verification_dialog_already_verified (self);
  else
    /* provider_error, or a reason newer than this app: no result, and
     * the attempt was given back. */
    xuexin_ticket_dialog_end (dialog, NULL, _("The identity check could not be completed. Refresh the code to try again; this does not use up an attempt."),
                              XUEXIN_TICKET_OFFER_REFRESH);
}

static void
xuexin_app_verification_dialog_confirmed (XuexinTicketDialog *dialog)
{
  xuexin_app_verification_dialog_verified (XUEXIN_APP_VERIFICATION_DIALOG (dialog),
                                           _("Verified. Your account is active now."));
}

/* ----- buttons ---------------------------------------------------------- */

static void
done_clicked_cb (XuexinAppVerificationDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ----- public API ------------------------------------------------------- */

/**
 * xuexin_app_verification_dialog_new:
 * @parent: the main window
 * @client: the client signed in to the pending account
 * @demo_mode: whether @client talks to the local demo service
 *
 * See the header for what the dialog does.
 */
XuexinAppVerificationDialog *
xuexin_app_verification_dialog_new (GtkWindow    *parent,
                                    XuexinClient *client,
                                    gboolean      demo_mode)
{
  return xuexin_ticket_dialog_new (XUEXIN_TYPE_APP_VERIFICATION_DIALOG, parent, client, APP_PATH, demo_mode);
}

/* ----- GObject ---------------------------------------------------------- */

/* GTK 4.8's gtk_widget_dispose_template() looks the base's template
 * children up among the subclass's once the subclass has bound any
 * (and aborts): a subclass of XuexinTicketDialog binds none, and finds
 * its few widgets by their ids instead. */
static GtkWidget *
find_by_id (GtkWidget  *root,
            const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (child)), id) == 0)
        return child;
      found = find_by_id (child, id);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
xuexin_app_verification_dialog_class_init (XuexinAppVerificationDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinTicketDialogClass *ticket_dialog_class = XUEXIN_TICKET_DIALOG_CLASS (klass);

  xuexin_ticket_dialog_class_set_texts (ticket_dialog_class, app_texts, G_N_ELEMENTS (app_texts),
                                        sizeof app_texts[0],
                                        N_("Scanned. Follow the steps in the app to show it is you."));
  ticket_dialog_class->stays_open_when_confirmed = TRUE;
  ticket_dialog_class->demo_link_text = N_("Open the simulated mobile app (demo)");

  ticket_dialog_class->start_async = xuexin_app_verification_dialog_start_async;
  ticket_dialog_class->start_finish = xuexin_client_start_app_verification_finish;
  ticket_dialog_class->poll_async = xuexin_client_poll_app_verification_async;
  ticket_dialog_class->poll_finish = xuexin_app_verification_dialog_poll_finish;
  ticket_dialog_class->start_refused = xuexin_app_verification_dialog_start_refused;
  ticket_dialog_class->confirmed = xuexin_app_verification_dialog_confirmed;
  ticket_dialog_class->ended = xuexin_app_verification_dialog_ended;

  /**
   * XuexinAppVerificationDialog::verified:
   *
   * The account is active now: the app confirmed the person (the other
   * accounts of the ID number were cancelled), or the service says it
   * was already verified in another way meanwhile. The dialog stays on
   * its success screen until the user closes it.
   */
  signals[VERIFIED] =
    g_signal_new ("verified", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/xuexin/Assistant/identity/xuexin-app-verification-dialog.ui");
  gtk_widget_class_bind_template_callback (widget_class, done_clicked_cb);
}

static void
xuexin_app_verification_dialog_init (XuexinAppVerificationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Owned by the dialog's tree, which outlives every use here. */
  self->app_verification_done_button = GTK_BUTTON (find_by_id (GTK_WIDGET (self), "app_verification_done_button"));
  self->app_verification_get_app_label = find_by_id (GTK_WIDGET (self), "app_verification_get_app_label");
  g_assert (self->app_verification_done_button != NULL);
  g_assert (self->app_verification_get_app_label != NULL);
}
