/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-private.h"
#include "xuexin-provider.h"
#include "xuexin-ticket-poll-private.h"

/* WeChat and Alipay (docs/api.md: GET /me/providers, bind tickets,
 * DELETE /me/providers/{provider}, QR sign-in tickets). */

static const XuexinReply providers_reply = {
  .member = "providers",
  .new_from_json = (XuexinJsonObjectFunc) xuexin_provider_new_from_json,
  .get_item_type = xuexin_provider_get_type,
};

/**
 * xuexin_client_get_providers_async:
 *
 * Lists WeChat and Alipay with whether each is bound to the account.
 */
void
xuexin_client_get_providers_async (XuexinClient        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_get_providers_async, &providers_reply,
                               "GET", "/me/providers", NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_get_providers_finish:
 *
 * Returns: (transfer full): a list of #XuexinProvider
 */
GListModel *
xuexin_client_get_providers_finish (XuexinClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_get_providers_async, error);
}

/* The whole answer is the ticket. */
static const XuexinReply ticket_reply = {
  .new_from_json = (XuexinJsonObjectFunc) xuexin_provider_ticket_new_from_json,
};

static const XuexinTicketStateName ticket_statuses[] = {
  { "pending",   XUEXIN_TICKET_STATUS_PENDING },
  { "scanned",   XUEXIN_TICKET_STATUS_SCANNED },
  { "confirmed", XUEXIN_TICKET_STATUS_CONFIRMED },
  { "used",      XUEXIN_TICKET_STATUS_USED },
  { "expired",   XUEXIN_TICKET_STATUS_EXPIRED },
  { "failed",    XUEXIN_TICKET_STATUS_FAILED },
  { NULL },
};

void
xuexin_ticket_poll_free (gpointer data)
{
  XuexinTicketPoll *poll = data;

  g_free (poll->reason);
  g_free (poll->message);
  g_clear_object (&poll->account);
  g_free (poll);
}

XuexinTicketPoll *
xuexin_ticket_poll_parse (JsonObject                  *reply,
                          const char                  *member,
                          const XuexinTicketStateName *names,
                          GError                     **error)
{
  g_autoptr(XuexinTicketPoll) poll = g_new0 (XuexinTicketPoll, 1);
  const char *status;
  const char *reason = NULL;
  const char *message = NULL;

  poll->remaining_attempts = -1;

  if (!xuexin_json_get_string (reply, member, &status, error))
    return NULL;

  for (guint i = 0; names[i].name != NULL; i++)
    {
      if (g_strcmp0 (status, names[i].name) == 0)
        poll->status = names[i].status;
    }
  if (poll->status == XUEXIN_TICKET_STATUS_UNKNOWN)
    {
      xuexin_client_set_protocol_error (error, "unknown ticket %s “%s”", member, status);
      return NULL;
    }

  if (poll->status == XUEXIN_TICKET_STATUS_FAILED)
    {
      if (!xuexin_json_get_nullable_string (reply, "reason", &reason, error)
          || !xuexin_json_get_nullable_string (reply, "message", &message, error))
        return NULL;

      poll->reason = g_strdup (reason != NULL ? reason : "provider_error");
      poll->message = g_strdup (message);

      /* Only tickets that spend attempts (path 1) count them. */
      if (json_object_has_member (reply, "remaining_attempts"))
        {
          gint64 remaining;

          if (!xuexin_json_get_int (reply, "remaining_attempts", &remaining, error))
            return NULL;
          poll->remaining_attempts = (gint) CLAMP (remaining, 0, G_MAXINT);
        }
    }

  return g_steal_pointer (&poll);
}

static gpointer
parse_bind_status (XuexinClient  *self,
                   JsonObject    *reply,
                   GError       **error)
{
  return xuexin_ticket_poll_parse (reply, "status", ticket_statuses, error);
}

static const XuexinReply bind_status_reply = {
  .parse = parse_bind_status,
  .free_result = xuexin_ticket_poll_free,
};

static gpointer
parse_sign_in_status (XuexinClient  *self,
                      JsonObject    *reply,
                      GError       **error)
{
  g_autoptr(XuexinTicketPoll) poll = xuexin_ticket_poll_parse (reply, "status", ticket_statuses, error);
  JsonObject *session = NULL;

  if (poll == NULL)
    return NULL;

  /* The session comes once, with the confirmation. */
  if (poll->status == XUEXIN_TICKET_STATUS_CONFIRMED)
    {
      if (!xuexin_json_get_object (reply, "session", &session, error))
        return NULL;

      poll->account = xuexin_client_parse_session (self, session, error);
      if (poll->account == NULL)
        return NULL;
    }

  return g_steal_pointer (&poll);
}

static const XuexinReply sign_in_status_reply = {
  .parse = parse_sign_in_status,
  .free_result = xuexin_ticket_poll_free,
};

static XuexinTicketStatus
ticket_poll_finish (XuexinClient   *self,
                    GAsyncResult   *result,
                    gpointer        source_tag,
                    XuexinAccount **account,
                    char          **failure_reason,
                    char          **failure_message,
                    GError        **error)
{
  g_autoptr(XuexinTicketPoll) poll = xuexin_client_request_finish (self, result, source_tag, error);

  if (account != NULL)
    *account = poll != NULL ? g_steal_pointer (&poll->account) : NULL;
  if (failure_reason != NULL)
    *failure_reason = poll != NULL ? g_steal_pointer (&poll->reason) : NULL;
  if (failure_message != NULL)
    *failure_message = poll != NULL ? g_steal_pointer (&poll->message) : NULL;

  return poll != NULL ? poll->status : XUEXIN_TICKET_STATUS_UNKNOWN;
}

/**
 * xuexin_client_start_bind_async:
 * @provider: "wechat" or "alipay"
 *
 * Starts binding @provider to the signed-in (active) account: show the
 * ticket's QR URL, then poll with xuexin_client_poll_bind_async().
 * Refusals: `rate_limited` with retry_after and field "provider" while
 * binding is blocked after a sign-in lock (or too many tickets),
 * `forbidden` (field "provider") when already bound, `not_found` for a
 * provider that is switched off, `identity_verification_required`.
 */
void
xuexin_client_start_bind_async (XuexinClient        *self,
                                const char          *provider,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (provider != NULL);

  path = xuexin_client_build_path ("/me/providers", provider, "bind-tickets", NULL);
  xuexin_client_request_async (self, xuexin_client_start_bind_async, &ticket_reply,
                               "POST", path, NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_start_bind_finish:
 *
 * Returns: (transfer full): the bind ticket
 */
XuexinProviderTicket *
xuexin_client_start_bind_finish (XuexinClient  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_start_bind_async, error);
}

/**
 * xuexin_client_poll_bind_async:
 * @ticket: a ticket from xuexin_client_start_bind_finish()
 *
 * Asks where a binding stands. Refusal: `not_found` for unknown tickets.
 */
void
xuexin_client_poll_bind_async (XuexinClient         *self,
                               XuexinProviderTicket *ticket,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (XUEXIN_IS_PROVIDER_TICKET (ticket));

  path = xuexin_client_build_path ("/me/providers", xuexin_provider_ticket_get_provider (ticket),
                                   "bind-tickets", xuexin_provider_ticket_get_ticket (ticket), NULL);
  xuexin_client_request_async (self, xuexin_client_poll_bind_async, &bind_status_reply,
                               "GET", path, NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_poll_bind_finish:
 * @failure_reason: (out) (optional) (transfer full): with
 *   %XUEXIN_TICKET_STATUS_FAILED, the API's reason: "already_bound",
 *   "bind_blocked", "cancelled", "provider_error", …
 * @failure_message: (out) (optional) (transfer full) (nullable): with
 *   %XUEXIN_TICKET_STATUS_FAILED, the service's zh_CN sentence
 *
 * Returns: the status, or %XUEXIN_TICKET_STATUS_UNKNOWN with @error set
 */
XuexinTicketStatus
xuexin_client_poll_bind_finish (XuexinClient  *self,
                                GAsyncResult  *result,
                                char         **failure_reason,
                                char         **failure_message,
                                GError       **error)
{
  return ticket_poll_finish (self, result, xuexin_client_poll_bind_async,
                             NULL, failure_reason, failure_message, error);
}

/**
 * xuexin_client_unbind_provider_async:
 * @provider: "wechat" or "alipay"
 *
 * Unbinds @provider from the signed-in account. Refusal: `not_found`
 * (field "provider") when it is not bound.
 */
void
xuexin_client_unbind_provider_async (XuexinClient        *self,
                                     const char          *provider,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (provider != NULL);

  path = xuexin_client_build_path ("/me/providers", provider, NULL);
  xuexin_client_request_async (self, xuexin_client_unbind_provider_async, &xuexin_reply_nothing,
                               "DELETE", path, NULL, cancellable, callback, user_data);
}

gboolean
xuexin_client_unbind_provider_finish (XuexinClient  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_unbind_provider_async, error) != NULL;
}

/**
 * xuexin_client_start_qr_sign_in_async:
 * @provider: "wechat" or "alipay"
 *
 * Starts a QR sign-in (no session needed): show the ticket's QR URL, then
 * poll with xuexin_client_poll_qr_sign_in_async(). Refusals: `not_found`
 * (provider switched off), `rate_limited`.
 */
void
xuexin_client_start_qr_sign_in_async (XuexinClient        *self,
                                      const char          *provider,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (provider != NULL);

  path = xuexin_client_build_path ("/providers", provider, "sign-in-tickets", NULL);
  xuexin_client_request_async (self, xuexin_client_start_qr_sign_in_async, &ticket_reply,
                               "POST", path, NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_start_qr_sign_in_finish:
 *
 * Returns: (transfer full): the sign-in ticket
 */
XuexinProviderTicket *
xuexin_client_start_qr_sign_in_finish (XuexinClient  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_start_qr_sign_in_async, error);
}

/**
 * xuexin_client_poll_qr_sign_in_async:
 * @ticket: a ticket from xuexin_client_start_qr_sign_in_finish()
 *
 * Asks where a QR sign-in stands. When it is confirmed, the client keeps
 * the new session's token, as after xuexin_client_sign_in_async(); the
 * server hands the session out once, later polls say "used". Refusal:
 * `not_found` for unknown tickets.
 */
void
xuexin_client_poll_qr_sign_in_async (XuexinClient         *self,
                                     XuexinProviderTicket *ticket,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (XUEXIN_IS_PROVIDER_TICKET (ticket));

  path = xuexin_client_build_path ("/providers", xuexin_provider_ticket_get_provider (ticket),
                                   "sign-in-tickets", xuexin_provider_ticket_get_ticket (ticket), NULL);
  xuexin_client_request_async (self, xuexin_client_poll_qr_sign_in_async, &sign_in_status_reply,
                               "GET", path, NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_poll_qr_sign_in_finish:
 * @account: (out) (optional) (transfer full) (nullable): with
 *   %XUEXIN_TICKET_STATUS_CONFIRMED, the signed-in account
 * @failure_reason: (out) (optional) (transfer full) (nullable): with
 *   %XUEXIN_TICKET_STATUS_FAILED, the API's reason: "not_bound",
 *   "account_cancelled", "cancelled", "provider_error", …
 * @failure_message: (out) (optional) (transfer full) (nullable): with
 *   %XUEXIN_TICKET_STATUS_FAILED, the service's zh_CN sentence
 *
 * Returns: the status, or %XUEXIN_TICKET_STATUS_UNKNOWN with @error set
 */
XuexinTicketStatus
xuexin_client_poll_qr_sign_in_finish (XuexinClient   *self,
                                      GAsyncResult   *result,
                                      XuexinAccount **account,
                                      char          **failure_reason,
                                      char          **failure_message,
                                      GError        **error)
{
  return ticket_poll_finish (self, result, xuexin_client_poll_qr_sign_in_async,
                             account, failure_reason, failure_message, error);
}

