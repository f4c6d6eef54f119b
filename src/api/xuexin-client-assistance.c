/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-identity.h"
#include "xuexin-client-private.h"

/*
 * Identity path 3 (大学同班同学协助), both sides: the pending account
 * asks a classmate (POST /me/identity/assistance-requests), the
 * classmate's inbox lists and answers the requests (GET /me/inbox,
 * /me/inbox/count, POST /me/inbox/{id}/confirm|decline). docs/api.md
 * "POST /me/identity/assistance-requests — path 3", "The classmate's
 * inbox".
 */

/* `{"request": {…}}`, the answer of an ask and of a confirm/decline. */
static const XuexinReply reply_request = {
  .member = "request",
  .new_from_json = (XuexinJsonObjectFunc) xuexin_assistance_request_new_from_json,
};

/**
 * xuexin_client_request_assistance_async:
 * @ask: the classmate and the shared enrollment (level may be %NULL)
 *
 * POST /me/identity/assistance-requests. Whichever part does not match,
 * the refusal is the same not_classmate.
 */
void
xuexin_client_request_assistance_async (XuexinClient              *self,
                                        const XuexinAssistanceAsk *ask,
                                        GCancellable              *cancellable,
                                        GAsyncReadyCallback        callback,
                                        gpointer                   user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (ask != NULL);

  body = xuexin_json_object_new_strings ("classmate_name", ask->classmate_name,
                                         "classmate_login_name", ask->classmate_login_name,
                                         "school", ask->school,
                                         "level", ask->level,
                                         NULL);
  json_object_set_int_member (body, "enrollment_year", ask->enrollment_year);

  xuexin_client_request_async (self, xuexin_client_request_assistance_async, &reply_request,
                               "POST", "/me/identity/assistance-requests", body,
                               cancellable, callback, user_data);
}

/**
 * xuexin_client_request_assistance_finish:
 *
 * Returns: (transfer full): the sent request (pending), or %NULL with
 *   @error set
 */
XuexinAssistanceRequest *
xuexin_client_request_assistance_finish (XuexinClient  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_request_assistance_async,
                                       error);
}

static gboolean
get_unread (JsonObject  *reply,
            guint       *out,
            GError     **error)
{
  gint64 unread;

  if (!xuexin_json_get_int (reply, "unread", &unread, error))
    return FALSE;

  *out = (guint) CLAMP (unread, 0, G_MAXINT);
  return TRUE;
}

static gpointer
parse_count (XuexinClient  *self,
             JsonObject    *reply,
             GError       **error)
{
  guint unread;

  if (!get_unread (reply, &unread, error))
    return NULL;

  return g_memdup2 (&unread, sizeof unread);
}

static const XuexinReply reply_count = {
  .parse = parse_count,
  .free_result = g_free,
};

void
xuexin_client_get_inbox_count_async (XuexinClient        *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_get_inbox_count_async, &reply_count,
                               "GET", "/me/inbox/count", NULL,
                               cancellable, callback, user_data);
}

/**
 * xuexin_client_get_inbox_count_finish:
 * @unread: (out): the pending, unexpired requests not yet listed
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
xuexin_client_get_inbox_count_finish (XuexinClient  *self,
                                      GAsyncResult  *result,
                                      guint         *unread,
                                      GError       **error)
{
  g_autofree guint *count = NULL;

  if (unread != NULL)
    *unread = 0;

  count = xuexin_client_request_finish (self, result, xuexin_client_get_inbox_count_async, error);
  if (count == NULL)
    return FALSE;

  if (unread != NULL)
    *unread = *count;
  return TRUE;
}

typedef struct {
  GListModel *requests;
  guint       unread;
} InboxResult;

static void
inbox_result_free (gpointer data)
{
  InboxResult *result = data;

  g_clear_object (&result->requests);
  g_free (result);
}

static gpointer
parse_inbox (XuexinClient  *self,
             JsonObject    *reply,
             GError       **error)
{
  g_autoptr(GListModel) requests = NULL;
  InboxResult *result;
  guint unread;

  if (!get_unread (reply, &unread, error))
    return NULL;

  requests = xuexin_json_get_list (reply, "requests", XUEXIN_TYPE_ASSISTANCE_REQUEST,
                                   (XuexinJsonObjectFunc) xuexin_assistance_request_new_from_json,
                                   error);
  if (requests == NULL)
    return NULL;

  result = g_new0 (InboxResult, 1);
  result->requests = g_steal_pointer (&requests);
  result->unread = unread;

  return result;
}

static const XuexinReply reply_inbox = {
  .parse = parse_inbox,
  .free_result = inbox_result_free,
};

void
xuexin_client_get_inbox_async (XuexinClient        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_get_inbox_async, &reply_inbox,
                               "GET", "/me/inbox", NULL,
                               cancellable, callback, user_data);
}

/**
 * xuexin_client_get_inbox_finish:
 * @unread: (out) (optional): the unread count as it was before this
 *   listing (which marks the requests read)
 *
 * Returns: (transfer full): a GListModel of #XuexinAssistanceRequest,
 *   newest first, or %NULL with @error set
 */
GListModel *
xuexin_client_get_inbox_finish (XuexinClient  *self,
                                GAsyncResult  *result,
                                guint         *unread,
                                GError       **error)
{
  InboxResult *inbox;
  GListModel *requests;

  if (unread != NULL)
    *unread = 0;

  inbox = xuexin_client_request_finish (self, result, xuexin_client_get_inbox_async, error);
  if (inbox == NULL)
    return NULL;

  if (unread != NULL)
    *unread = inbox->unread;
  requests = g_steal_pointer (&inbox->requests);
  inbox_result_free (inbox);

  return requests;
}

/**
 * xuexin_client_answer_assistance_async:
 * @request_id: the id of a request in the inbox
 * @confirm: %TRUE to confirm (确认协助), %FALSE to decline
 *
 * POST /me/inbox/{id}/confirm or /decline. Confirming verifies the
 * requester (and cancels their other accounts).
 */
void
xuexin_client_answer_assistance_async (XuexinClient        *self,
                                       gint64               request_id,
                                       gboolean             confirm,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  id = g_strdup_printf ("%" G_GINT64_FORMAT, request_id);
  path = xuexin_client_build_path ("/me/inbox", id, confirm ? "confirm" : "decline", NULL);
  xuexin_client_request_async (self, xuexin_client_answer_assistance_async, &reply_request,
                               "POST", path, NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_answer_assistance_finish:
 *
 * Returns: (transfer full): the request as answered (confirmed or
 *   declined), or %NULL with @error set
 */
XuexinAssistanceRequest *
xuexin_client_answer_assistance_finish (XuexinClient  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_answer_assistance_async,
                                       error);
}
