/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-format.h"
#include "xuexin-qr-sign-in-dialog.h"

/* Signing in by scanning a QR code with WeChat or Alipay (FAQ 9): a
 * sign-in ticket (XuexinTicketDialog does the waiting). When no account
 * is bound to the identity that scanned, or QR sign-in is unavailable,
 * the dialog offers the password instead. */

/* Each provider's sentences are whole, so translators see the name in
 * context (微信 and 支付宝 read differently in them). */
typedef struct {
  XuexinTicketTexts  ticket;
  const char        *not_bound;
  const char        *unavailable;
} ProviderTexts;

static const ProviderTexts provider_texts[] = {
  {
    {
      XUEXIN_PROVIDER_WECHAT,
      N_("Sign In with WeChat"),
      N_("Scan with WeChat"),
      N_("Open WeChat and scan the code."),
      N_("QR code for signing in with WeChat"),
    },
    N_("No account is bound to this WeChat. Sign in with your password first, then bind WeChat in account management."),
    N_("Signing in with WeChat is switched off on this account service. Sign in with your password instead."),
  },
  {
    {
      XUEXIN_PROVIDER_ALIPAY,
      N_("Sign In with Alipay"),
      N_("Scan with Alipay"),
      N_("Open Alipay and scan the code."),
      N_("QR code for signing in with Alipay"),
    },
    N_("No account is bound to this Alipay. Sign in with your password first, then bind Alipay in account management."),
    N_("Signing in with Alipay is switched off on this account service. Sign in with your password instead."),
  },
};

struct _XuexinQrSignInDialog
{
  XuexinTicketDialog  parent_instance;

  XuexinAccount      *account;   /* from the confirming poll */
};

G_DEFINE_FINAL_TYPE (XuexinQrSignInDialog, xuexin_qr_sign_in_dialog, XUEXIN_TYPE_TICKET_DIALOG)

enum {
  SIGNED_IN,
  USE_PASSWORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ----- the service calls ------------------------------------------------ */

/* The confirming answer carries the account signed in. */
static XuexinTicketStatus
xuexin_qr_sign_in_dialog_poll_finish (XuexinTicketDialog  *dialog,
                                      GAsyncResult        *result,
                                      char               **reason,
                                      char               **message,
                                      GError             **error)
{
  XuexinQrSignInDialog *self = XUEXIN_QR_SIGN_IN_DIALOG (dialog);

  g_clear_object (&self->account);
  return xuexin_client_poll_qr_sign_in_finish (xuexin_ticket_dialog_get_client (dialog), result,
                                               &self->account, reason, message, error);
}

/* ----- outcomes --------------------------------------------------------- */

static gboolean
xuexin_qr_sign_in_dialog_start_refused (XuexinTicketDialog *dialog,
                                        const GError       *error)
{
  const ProviderTexts *texts = (const ProviderTexts *) xuexin_ticket_dialog_get_texts (dialog);

  if (!xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
    return FALSE;

  /* The provider is switched off on this service. */
  xuexin_ticket_dialog_end_without_code (dialog, "network-offline-symbolic",
                                         _(texts->unavailable), XUEXIN_TICKET_OFFER_ACTION);
  return TRUE;
}

static void
xuexin_qr_sign_in_dialog_ended (XuexinTicketDialog *dialog,
                                XuexinTicketStatus  status,
                                const char         *reason,
                                const char         *message)
{
  const ProviderTexts *texts = (const ProviderTexts *) xuexin_ticket_dialog_get_texts (dialog);
  const XuexinTicketOffer refresh_or_password = XUEXIN_TICKET_OFFER_REFRESH | XUEXIN_TICKET_OFFER_ACTION;

  if (status == XUEXIN_TICKET_STATUS_USED)
    xuexin_ticket_dialog_end (dialog, _("This QR code was already used. Refresh it to get a new one."),
                              NULL, XUEXIN_TICKET_OFFER_REFRESH);
  else if (g_strcmp0 (reason, "not_bound") == 0)
    xuexin_ticket_dialog_end (dialog, NULL, _(texts->not_bound), refresh_or_password);
  else if (g_strcmp0 (reason, "cancelled") == 0)
    xuexin_ticket_dialog_end (dialog, _("Sign-in was cancelled on the phone."), NULL, XUEXIN_TICKET_OFFER_REFRESH);
  else if (g_strcmp0 (reason, "account_cancelled") == 0)
    xuexin_ticket_dialog_end (dialog, NULL, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED),
                              XUEXIN_TICKET_OFFER_REFRESH);
  else if (g_strcmp0 (reason, "bind_blocked") == 0)
    /* FAQ 7. The service blocks binding, not signing in with a provider
     * already bound; should it ever refuse a sign-in for it, say why. */
    xuexin_ticket_dialog_end (dialog, NULL,
                              _("WeChat and Alipay are blocked for 2 hours after too many sign-in attempts. Sign in with your password meanwhile."),
                              refresh_or_password);
  else if (message != NULL && *message != '\0')
    xuexin_ticket_dialog_end (dialog, NULL, message, refresh_or_password);
  else
    xuexin_ticket_dialog_end (dialog, NULL,
                              _("The sign-in could not be completed. Refresh the code to try again, or sign in with your password."),
                              refresh_or_password);
}

static char *
xuexin_qr_sign_in_dialog_describe_error (XuexinTicketDialog *dialog,
                                         const GError       *error)
{
  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    {
      g_autofree char *wait = xuexin_format_wait (MAX (1, xuexin_client_error_get_retry_after (error)));

      /* Translators: %s is a waiting time such as "12 min 5 s". */
      return g_strdup_printf (_("Too many QR codes were requested from this network. Try again in %s, or sign in with your password."),
                              wait);
    }

  return XUEXIN_TICKET_DIALOG_CLASS (xuexin_qr_sign_in_dialog_parent_class)->describe_error (dialog, error);
}

static void
xuexin_qr_sign_in_dialog_confirmed (XuexinTicketDialog *dialog)
{
  XuexinQrSignInDialog *self = XUEXIN_QR_SIGN_IN_DIALOG (dialog);

  xuexin_ticket_dialog_set_status (dialog, _("Signed in."), TRUE);
  /* The client holds the session by now (the poll's answer carried it). */
  g_signal_emit (self, signals[SIGNED_IN], 0, self->account);
}

/* ----- buttons ---------------------------------------------------------- */

static void
password_clicked_cb (XuexinQrSignInDialog *self)
{
  g_signal_emit (self, signals[USE_PASSWORD], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ----- public API ------------------------------------------------------- */

/**
 * xuexin_qr_sign_in_dialog_new:
 * @parent: the main window
 * @client: the client that will hold the session
 * @provider: "wechat" or "alipay"
 * @demo_mode: whether @client talks to the local demo service
 *
 * A modal dialog that signs in by QR code. It asks for a code once shown,
 * emits #XuexinQrSignInDialog::signed-in and closes itself when the phone
 * confirms.
 */
XuexinQrSignInDialog *
xuexin_qr_sign_in_dialog_new (GtkWindow    *parent,
                              XuexinClient *client,
                              const char   *provider,
                              gboolean      demo_mode)
{
  return xuexin_ticket_dialog_new (XUEXIN_TYPE_QR_SIGN_IN_DIALOG, parent, client, provider, demo_mode);
}

/* ----- GObject ---------------------------------------------------------- */

static void
xuexin_qr_sign_in_dialog_dispose (GObject *object)
{
  XuexinQrSignInDialog *self = XUEXIN_QR_SIGN_IN_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_QR_SIGN_IN_DIALOG);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (xuexin_qr_sign_in_dialog_parent_class)->dispose (object);
}

static void
xuexin_qr_sign_in_dialog_class_init (XuexinQrSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinTicketDialogClass *ticket_dialog_class = XUEXIN_TICKET_DIALOG_CLASS (klass);

  object_class->dispose = xuexin_qr_sign_in_dialog_dispose;

  xuexin_ticket_dialog_class_set_texts (ticket_dialog_class, &provider_texts[0].ticket,
                                        G_N_ELEMENTS (provider_texts), sizeof provider_texts[0],
                                        N_("Scanned. Confirm the sign-in on your phone."));

  ticket_dialog_class->start_async = xuexin_client_start_qr_sign_in_async;
  ticket_dialog_class->start_finish = xuexin_client_start_qr_sign_in_finish;
  ticket_dialog_class->poll_async = xuexin_client_poll_qr_sign_in_async;
  ticket_dialog_class->poll_finish = xuexin_qr_sign_in_dialog_poll_finish;
  ticket_dialog_class->start_refused = xuexin_qr_sign_in_dialog_start_refused;
  ticket_dialog_class->confirmed = xuexin_qr_sign_in_dialog_confirmed;
  ticket_dialog_class->ended = xuexin_qr_sign_in_dialog_ended;
  ticket_dialog_class->describe_error = xuexin_qr_sign_in_dialog_describe_error;

  /**
   * XuexinQrSignInDialog::signed-in:
   * @account: the signed-in account
   *
   * The phone confirmed; the client holds the new session. The dialog
   * closes itself right after.
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, XUEXIN_TYPE_ACCOUNT);

  /**
   * XuexinQrSignInDialog::use-password:
   *
   * The user chose to sign in with the password instead (no account is
   * bound to the identity that scanned). The dialog closes itself right
   * after.
   */
  signals[USE_PASSWORD] =
    g_signal_new ("use-password", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/xuexin/Assistant/qr/xuexin-qr-sign-in-dialog.ui");
  gtk_widget_class_bind_template_callback (widget_class, password_clicked_cb);
}

static void
xuexin_qr_sign_in_dialog_init (XuexinQrSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
