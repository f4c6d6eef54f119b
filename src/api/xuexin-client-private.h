/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-client.h"
#include "xuexin-client-identity.h"
#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"

G_BEGIN_DECLS

/*
 * The request machinery shared by the endpoint files
 * (xuexin-client-<section>.c, one per section of docs/api.md).
 *
 * An endpoint is one call of xuexin_client_request_async() with a
 * XuexinReply that says what the answer holds, and one
 * xuexin_client_request_finish() with the same source tag. The reply
 * either names a model made by new_from_json (from a member of the answer,
 * or the answer itself; with get_item_type, a list of them), or brings
 * its own parse function for answers that are not one model.
 */

typedef gpointer (*XuexinReplyParseFunc) (XuexinClient  *self,
                                          JsonObject    *reply,
                                          GError       **error);

typedef struct
{
  /* A model: new_from_json of @member (NULL: of the whole answer), or a
   * GListModel of get_item_type() made from the array @member. */
  const char           *member;
  XuexinJsonObjectFunc  new_from_json;
  GType               (*get_item_type) (void);

  /* Or anything else; free_result frees what parse returned. With
   * neither, the answer carries nothing to return and the result is
   * GINT_TO_POINTER (TRUE). A parse may return NULL without an error
   * (e.g. for a null member): finish then gives NULL without an error. */
  XuexinReplyParseFunc  parse;
  GDestroyNotify        free_result;

  /* Sign-out: a session the server no longer knows is as good as ended. */
  gboolean              unauthorized_is_success;
} XuexinReply;

/* `{"account": {…}}` → XuexinAccount. */
extern const XuexinReply xuexin_reply_account;
/* An answer with nothing to return: finish gives a non-NULL pointer. */
extern const XuexinReply xuexin_reply_nothing;

void           xuexin_client_request_async  (XuexinClient        *self,
                                             gpointer             source_tag,
                                             const XuexinReply   *reply,
                                             const char          *method,
                                             const char          *path,
                                             JsonObject          *body,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* The same with a raw @body of @content_type instead of JSON, and the
 * progress of its upload (@progress nullable; @progress_data_free is
 * called once the request is done with it). */
void           xuexin_client_request_bytes_async (XuexinClient         *self,
                                                  gpointer              source_tag,
                                                  const XuexinReply    *reply,
                                                  const char           *method,
                                                  const char           *path,
                                                  GBytes               *body,
                                                  const char           *content_type,
                                                  XuexinUploadProgress  progress,
                                                  gpointer              progress_data,
                                                  GDestroyNotify        progress_data_free,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/* A GET whose answer is raw bytes of one of @accept's types (a photo):
 * xuexin_client_request_finish() gives a GBytes, in memory only. */
void           xuexin_client_request_raw_async (XuexinClient        *self,
                                                gpointer             source_tag,
                                                const char          *path,
                                                const char          *accept,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gpointer       xuexin_client_request_finish (XuexinClient        *self,
                                             GAsyncResult        *result,
                                             gpointer             source_tag,
                                             GError             **error);

/* A session answer (sign-in, QR sign-in): stores the token, returns the
 * account. */
XuexinAccount *xuexin_client_parse_session  (XuexinClient        *self,
                                             JsonObject          *session,
                                             GError             **error);

/* A path with escaped segments, e.g. ("/me/providers", "wechat", NULL). */
char          *xuexin_client_build_path     (const char          *first,
                                             ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
