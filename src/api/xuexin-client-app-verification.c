/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "xuexin-client-private.h"
#include "xuexin-ticket-poll-private.h"

/* Identity path 1, the mobile app (APP自助验证; docs/api.md, "Identity
 * path 1"). The flow is the QR sign-in's: start a ticket, show its
 * qr_url, poll. The answers are the ticket object, whose "state" says
 * "passed" where the provider tickets say "confirmed". */

static const XuexinTicketStateName app_verification_states[] = {
  { "pending", XUEXIN_TICKET_STATUS_PENDING },
  { "scanned", XUEXIN_TICKET_STATUS_SCANNED },
  { "passed",  XUEXIN_TICKET_STATUS_CONFIRMED },
  { "expired", XUEXIN_TICKET_STATUS_EXPIRED },
  { "failed",  XUEXIN_TICKET_STATUS_FAILED },
  { NULL },
};

/* A vendor (provider "webhook") that could not create the order makes
 * the new ticket failed at once, without a code to show: nothing to
 * poll, and its attempt was given back. */
static gpointer
parse_started_ticket (XuexinClient  *self,
                      JsonObject    *reply,
                      GError       **error)
{
  g_autoptr(XuexinTicketPoll) poll = NULL;

  poll = xuexin_ticket_poll_parse (reply, "state", app_verification_states, error);
  if (poll == NULL)
    return NULL;

  if (poll->status == XUEXIN_TICKET_STATUS_FAILED)
    {
      g_debug ("The app verification ticket failed at once: %s", poll->reason);
      g_set_error_literal (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_SERVER,
                           _("The account server could not reach the identity check of the mobile app. "
                             "Try again in a moment, or choose another way to verify."));
      return NULL;
    }

  return xuexin_provider_ticket_new_from_json (reply, error);
}

static const XuexinReply started_ticket_reply = {
  .parse = parse_started_ticket,
  .free_result = g_object_unref,
};

static gpointer
parse_app_verification_status (XuexinClient  *self,
                               JsonObject    *reply,
                               GError       **error)
{
  return xuexin_ticket_poll_parse (reply, "state", app_verification_states, error);
}

static const XuexinReply app_verification_status_reply = {
  .parse = parse_app_verification_status,
  .free_result = xuexin_ticket_poll_free,
};

/**
 * xuexin_client_start_app_verification_async:
 *
 * Starts verifying the signed-in pending account with the 学信网 mobile
 * app: show the ticket's QR URL, then poll with
 * xuexin_client_poll_app_verification_async(). When the account has an
 * open ticket, the service answers that one (no attempt is spent).
 * Refusals: `rate_limited` with retry_after when the day's attempts are
 * used up, `already_verified` for an active account, `not_found` (field
 * "provider") when path 1 is switched off. A ticket the vendor could not
 * create is %XUEXIN_CLIENT_ERROR_SERVER.
 */
void
xuexin_client_start_app_verification_async (XuexinClient        *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_start_app_verification_async, &started_ticket_reply,
                               "POST", "/me/identity/app-verification", NULL,
                               cancellable, callback, user_data);
}

/**
 * xuexin_client_start_app_verification_finish:
 *
 * Returns: (transfer full): the ticket, pending or scanned
 */
XuexinProviderTicket *
xuexin_client_start_app_verification_finish (XuexinClient  *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_start_app_verification_async, error);
}

/**
 * xuexin_client_poll_app_verification_async:
 * @ticket: a ticket from xuexin_client_start_app_verification_finish()
 *
 * Asks where an app verification stands. Refusal: `not_found` for a
 * ticket the service does not know (or of another account).
 */
void
xuexin_client_poll_app_verification_async (XuexinClient         *self,
                                           XuexinProviderTicket *ticket,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (XUEXIN_IS_PROVIDER_TICKET (ticket));

  path = xuexin_client_build_path ("/me/identity/app-verification",
                                   xuexin_provider_ticket_get_ticket (ticket), NULL);
  xuexin_client_request_async (self, xuexin_client_poll_app_verification_async, &app_verification_status_reply,
                               "GET", path, NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_poll_app_verification_finish:
 * @failure_reason: (out) (optional) (transfer full) (nullable): with
 *   %XUEXIN_TICKET_STATUS_FAILED, the API's reason: "verification_failed",
 *   "provider_error", "account_cancelled", "already_verified", …
 * @remaining_attempts: (out) (optional): with
 *   %XUEXIN_TICKET_STATUS_FAILED, the attempts left today (0 when the
 *   answer gave none)
 *
 * %XUEXIN_TICKET_STATUS_CONFIRMED means passed: the account is active
 * now (and the other accounts of its ID number are cancelled).
 *
 * Returns: the status, or %XUEXIN_TICKET_STATUS_UNKNOWN with @error set
 */
XuexinTicketStatus
xuexin_client_poll_app_verification_finish (XuexinClient  *self,
                                            GAsyncResult  *result,
                                            char         **failure_reason,
                                            guint         *remaining_attempts,
                                            GError       **error)
{
  g_autoptr(XuexinTicketPoll) poll = NULL;

  poll = xuexin_client_request_finish (self, result, xuexin_client_poll_app_verification_async, error);

  if (failure_reason != NULL)
    *failure_reason = poll != NULL ? g_steal_pointer (&poll->reason) : NULL;
  if (remaining_attempts != NULL)
    *remaining_attempts = poll != NULL ? (guint) MAX (poll->remaining_attempts, 0) : 0;

  return poll != NULL ? poll->status : XUEXIN_TICKET_STATUS_UNKNOWN;
}
