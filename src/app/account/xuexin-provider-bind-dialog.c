/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-format.h"
#include "xuexin-help.h"
#include "xuexin-provider-bind-dialog.h"

/* Binding WeChat or Alipay to the signed-in account (FAQ 9), so that it
 * can sign in by scanning later: a bind ticket (XuexinTicketDialog does
 * the waiting). Besides the base's outcomes, the service may refuse
 * binding for 2 hours after a sign-in lock (FAQ 7), or the provider may
 * be bound already. */

/* Whole sentences per provider, so translators see the name in context. */
typedef struct {
  XuexinTicketTexts  ticket;
  const char        *already_bound;
  const char        *bound_here;
  const char        *unavailable;
} ProviderTexts;

static const ProviderTexts provider_texts[] = {
  {
    {
      XUEXIN_PROVIDER_WECHAT,
      N_("Bind WeChat"),
      N_("Scan with WeChat"),
      N_("Open WeChat, scan the code and confirm the binding on your phone."),
      N_("QR code for binding WeChat"),
    },
    N_("This WeChat is already bound to another account. Unbind it there first, or scan with another WeChat."),
    N_("WeChat is already bound to this account."),
    N_("Binding WeChat is switched off on this account service."),
  },
  {
    {
      XUEXIN_PROVIDER_ALIPAY,
      N_("Bind Alipay"),
      N_("Scan with Alipay"),
      N_("Open Alipay, scan the code and confirm the binding on your phone."),
      N_("QR code for binding Alipay"),
    },
    N_("This Alipay is already bound to another account. Unbind it there first, or scan with another Alipay."),
    N_("Alipay is already bound to this account."),
    N_("Binding Alipay is switched off on this account service."),
  },
};

struct _XuexinProviderBindDialog
{
  XuexinTicketDialog parent_instance;
};

G_DEFINE_FINAL_TYPE (XuexinProviderBindDialog, xuexin_provider_bind_dialog, XUEXIN_TYPE_TICKET_DIALOG)

enum {
  BOUND,
  BIND_BLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ----- the service calls ------------------------------------------------ */

static XuexinTicketStatus
xuexin_provider_bind_dialog_poll_finish (XuexinTicketDialog  *dialog,
                                         GAsyncResult        *result,
                                         char               **reason,
                                         char               **message,
                                         GError             **error)
{
  return xuexin_client_poll_bind_finish (xuexin_ticket_dialog_get_client (dialog), result,
                                         reason, message, error);
}

/* ----- outcomes --------------------------------------------------------- */

/* FAQ 7: after a sign-in lock the service refuses binding for 2 hours.
 * Say until when, and what to do meanwhile. */
static void
xuexin_provider_bind_dialog_blocked (XuexinProviderBindDialog *self,
                                     guint                     retry_after)
{
  g_autofree char *message = NULL;

  if (retry_after > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) until = g_date_time_add_seconds (now, retry_after);
      g_autofree char *when = NULL;

      if (g_date_time_get_day_of_year (until) == g_date_time_get_day_of_year (now))
        when = g_date_time_format (until, "%H:%M");
      else
        when = g_date_time_format (until, "%Y-%m-%d %H:%M");
      /* Translators: %s is a time such as “16:05” (FAQ 7). */
      message = g_strdup_printf (_("After too many sign-in attempts, WeChat and Alipay cannot be bound for 2 hours. You can bind them again after %s. Meanwhile, sign in with your username and password."),
                                 when);
    }
  else
    message = g_strdup (_("After too many sign-in attempts, WeChat and Alipay cannot be bound for 2 hours. Try again later; meanwhile, sign in with your username and password."));

  xuexin_ticket_dialog_end_without_code (XUEXIN_TICKET_DIALOG (self), "action-unavailable-symbolic",
                                         message, XUEXIN_TICKET_OFFER_ACTION);
  g_signal_emit (self, signals[BIND_BLOCKED], 0);
}

static gboolean
xuexin_provider_bind_dialog_start_refused (XuexinTicketDialog *dialog,
                                           const GError       *error)
{
  XuexinProviderBindDialog *self = XUEXIN_PROVIDER_BIND_DIALOG (dialog);
  const ProviderTexts *texts = (const ProviderTexts *) xuexin_ticket_dialog_get_texts (dialog);

  /* "provider" names the FAQ 7 block; without it the limit is the
   * number of QR codes per network. */
  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED) &&
      g_strcmp0 (xuexin_client_error_get_field (error), "provider") == 0)
    xuexin_provider_bind_dialog_blocked (self, xuexin_client_error_get_retry_after (error));
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_FORBIDDEN))
    {
      /* Bound meanwhile (in another window, say): the page catches up. */
      xuexin_ticket_dialog_end_without_code (dialog, "emblem-ok-symbolic", NULL, XUEXIN_TICKET_OFFER_NONE);
      xuexin_ticket_dialog_set_status (dialog, _(texts->bound_here), TRUE);
      g_signal_emit (self, signals[BOUND], 0);
    }
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
    xuexin_ticket_dialog_end_without_code (dialog, "action-unavailable-symbolic",
                                           _(texts->unavailable), XUEXIN_TICKET_OFFER_NONE);
  else
    return FALSE;

  return TRUE;
}

static void
xuexin_provider_bind_dialog_ended (XuexinTicketDialog *dialog,
                                   XuexinTicketStatus  status,
                                   const char         *reason,
                                   const char         *message)
{
  XuexinProviderBindDialog *self = XUEXIN_PROVIDER_BIND_DIALOG (dialog);
  const ProviderTexts *texts = (const ProviderTexts *) xuexin_ticket_dialog_get_texts (dialog);

  if (status != XUEXIN_TICKET_STATUS_FAILED)
    XUEXIN_TICKET_DIALOG_CLASS (xuexin_provider_bind_dialog_parent_class)->ended (dialog, status, reason, message);
  else if (g_strcmp0 (reason, "already_bound") == 0)
    xuexin_ticket_dialog_end (dialog, NULL, _(texts->already_bound), XUEXIN_TICKET_OFFER_REFRESH);
  else if (g_strcmp0 (reason, "cancelled") == 0)
    xuexin_ticket_dialog_end (dialog, _("Binding was cancelled on the phone. Refresh the code to try again."),
                              NULL, XUEXIN_TICKET_OFFER_REFRESH);
  else if (g_strcmp0 (reason, "bind_blocked") == 0)
    xuexin_provider_bind_dialog_blocked (self, 0);
  else if (g_strcmp0 (reason, "account_cancelled") == 0)
    xuexin_ticket_dialog_end (dialog, NULL, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED),
                              XUEXIN_TICKET_OFFER_REFRESH);
  else if (message != NULL && *message != '\0')
    XUEXIN_TICKET_DIALOG_CLASS (xuexin_provider_bind_dialog_parent_class)->ended (dialog, status, reason, message);
  else
    xuexin_ticket_dialog_end (dialog, NULL, _("The binding could not be completed. Refresh the code to try again."),
                              XUEXIN_TICKET_OFFER_REFRESH);
}

static void
xuexin_provider_bind_dialog_confirmed (XuexinTicketDialog *dialog)
{
  xuexin_ticket_dialog_set_status (dialog, _("Bound."), TRUE);
  g_signal_emit (dialog, signals[BOUND], 0);
}

/* ----- buttons ---------------------------------------------------------- */

static void
help_clicked_cb (XuexinProviderBindDialog *self)
{
  xuexin_help_show_topic (GTK_WIDGET (self), "rate-limited");
}

/* ----- public API ------------------------------------------------------- */

/**
 * xuexin_provider_bind_dialog_new:
 * @parent: the main window
 * @client: the signed-in client
 * @provider: "wechat" or "alipay"
 * @demo_mode: whether @client talks to the local demo service
 *
 * A modal dialog that binds @provider to the signed-in account by QR
 * code. It asks for a code once shown, emits
 * #XuexinProviderBindDialog::bound and closes itself when the phone
 * confirms.
 */
XuexinProviderBindDialog *
xuexin_provider_bind_dialog_new (GtkWindow    *parent,
                                 XuexinClient *client,
                                 const char   *provider,
                                 gboolean      demo_mode)
{
  return xuexin_ticket_dialog_new (XUEXIN_TYPE_PROVIDER_BIND_DIALOG, parent, client, provider, demo_mode);
}

/* ----- GObject ---------------------------------------------------------- */

static void
xuexin_provider_bind_dialog_class_init (XuexinProviderBindDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinTicketDialogClass *ticket_dialog_class = XUEXIN_TICKET_DIALOG_CLASS (klass);

  xuexin_ticket_dialog_class_set_texts (ticket_dialog_class, &provider_texts[0].ticket,
                                        G_N_ELEMENTS (provider_texts), sizeof provider_texts[0],
                                        N_("Scanned. Confirm the binding on your phone."));

  ticket_dialog_class->start_async = xuexin_client_start_bind_async;
  ticket_dialog_class->start_finish = xuexin_client_start_bind_finish;
  ticket_dialog_class->poll_async = xuexin_client_poll_bind_async;
  ticket_dialog_class->poll_finish = xuexin_provider_bind_dialog_poll_finish;
  ticket_dialog_class->start_refused = xuexin_provider_bind_dialog_start_refused;
  ticket_dialog_class->confirmed = xuexin_provider_bind_dialog_confirmed;
  ticket_dialog_class->ended = xuexin_provider_bind_dialog_ended;

  /**
   * XuexinProviderBindDialog::bound:
   *
   * The provider is bound to the account now. After a confirmation on
   * the phone the dialog closes itself right after.
   */
  signals[BOUND] =
    g_signal_new ("bound", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * XuexinProviderBindDialog::bind-blocked:
   *
   * The service refused binding because of a recent sign-in lock
   * (FAQ 7); the account says until when.
   */
  signals[BIND_BLOCKED] =
    g_signal_new ("bind-blocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/xuexin/Assistant/account/xuexin-provider-bind-dialog.ui");
  gtk_widget_class_bind_template_callback (widget_class, help_clicked_cb);
}

static void
xuexin_provider_bind_dialog_init (XuexinProviderBindDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
