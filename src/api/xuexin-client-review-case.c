/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-identity.h"
#include "xuexin-client-private.h"

/*
 * Identity path 2, the review case (客服协助验证): docs/api.md "Identity
 * path 2: review cases". Every answer is `{"case": {…}}` or, before the
 * first upload, `{"case": null}`.
 */

static gpointer
parse_case (XuexinClient  *self,
            JsonObject    *reply,
            GError       **error)
{
  JsonNode *node = json_object_get_member (reply, "case");
  JsonObject *object;

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!xuexin_json_get_object (reply, "case", &object, error))
    return NULL;

  return xuexin_review_case_new_from_json (object, error);
}

static const XuexinReply reply_case = {
  .parse = parse_case,
  .free_result = g_object_unref,
};

void
xuexin_client_get_review_case_async (XuexinClient        *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_get_review_case_async, &reply_case,
                               "GET", "/me/identity/case", NULL,
                               cancellable, callback, user_data);
}

/**
 * xuexin_client_get_review_case_finish:
 *
 * Returns: (transfer full) (nullable): the case; %NULL without an error
 *   when the account has none yet
 */
XuexinReviewCase *
xuexin_client_get_review_case_finish (XuexinClient  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_get_review_case_async, error);
}

/**
 * xuexin_client_upload_case_photo_async:
 * @side: XUEXIN_CASE_SIDE_HANDHELD, _FRONT or _BACK
 * @photo: the image file's bytes (JPEG or PNG; the service judges them by
 *   content)
 * @progress: (nullable): told of the bytes sent, on the thread of the
 *   client's main context
 *
 * PUT /me/identity/case/photos/{side}.
 */
void
xuexin_client_upload_case_photo_async (XuexinClient         *self,
                                       const char           *side,
                                       GBytes               *photo,
                                       XuexinUploadProgress  progress,
                                       gpointer              progress_data,
                                       GDestroyNotify        progress_data_free,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (side != NULL && *side != '\0');
  g_return_if_fail (photo != NULL);

  path = xuexin_client_build_path ("/me/identity/case/photos", side, NULL);
  /* The service ignores the type and sniffs the bytes. */
  xuexin_client_request_bytes_async (self, xuexin_client_upload_case_photo_async, &reply_case,
                                     "PUT", path, photo, "application/octet-stream",
                                     progress, progress_data, progress_data_free,
                                     cancellable, callback, user_data);
}

/**
 * xuexin_client_upload_case_photo_finish:
 *
 * Returns: (transfer full): the case as it is after the upload, or %NULL
 *   with @error set (%G_IO_ERROR_CANCELLED when cancelled)
 */
XuexinReviewCase *
xuexin_client_upload_case_photo_finish (XuexinClient  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_upload_case_photo_async, error);
}

void
xuexin_client_submit_review_case_async (XuexinClient        *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_submit_review_case_async, &reply_case,
                               "POST", "/me/identity/case/submit", body,
                               cancellable, callback, user_data);
}

/**
 * xuexin_client_submit_review_case_finish:
 *
 * Returns: (transfer full): the submitted case, or %NULL with @error set
 */
XuexinReviewCase *
xuexin_client_submit_review_case_finish (XuexinClient  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_submit_review_case_async, error);
}

/**
 * xuexin_client_get_case_photo_async:
 * @side: XUEXIN_CASE_SIDE_HANDHELD, _FRONT or _BACK
 *
 * GET /me/identity/case/photos/{side}: the owner's own photo, as the
 * service stored it, while the case is a draft (e.g. one taken with the
 * phone, for the preview). The bytes stay in memory.
 */
void
xuexin_client_get_case_photo_async (XuexinClient        *self,
                                    const char          *side,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (side != NULL && *side != '\0');

  path = xuexin_client_build_path ("/me/identity/case/photos", side, NULL);
  xuexin_client_request_raw_async (self, xuexin_client_get_case_photo_async, path,
                                   "image/jpeg, image/png", cancellable, callback, user_data);
}

/**
 * xuexin_client_get_case_photo_finish:
 *
 * Returns: (transfer full): the image's bytes, or %NULL with @error set
 *   (`not_found` when that side has none, or the case was submitted)
 */
GBytes *
xuexin_client_get_case_photo_finish (XuexinClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_get_case_photo_async, error);
}

/* ----- photos from the phone (hand-off) ----------------------------------- */

static gpointer
parse_handoff (XuexinClient  *self,
               JsonObject    *reply,
               GError       **error)
{
  JsonObject *object;

  if (!xuexin_json_get_object (reply, "handoff", &object, error))
    return NULL;

  return xuexin_photo_handoff_new_from_json (object, error);
}

static const XuexinReply reply_handoff = {
  .parse = parse_handoff,
  .free_result = g_object_unref,
};

/**
 * xuexin_client_create_photo_handoff_async:
 *
 * POST /me/identity/case/handoff: a link (valid 15 minutes) to the
 * service's mobile page that uploads this account's ID photos from the
 * phone's camera. It replaces any earlier link of the account.
 */
void
xuexin_client_create_photo_handoff_async (XuexinClient        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_create_photo_handoff_async, &reply_handoff,
                               "POST", "/me/identity/case/handoff", body,
                               cancellable, callback, user_data);
}

/**
 * xuexin_client_create_photo_handoff_finish:
 *
 * Returns: (transfer full): the link, or %NULL with @error set
 *   (`already_verified`, `case_open`, `rate_limited`)
 */
XuexinPhotoHandoff *
xuexin_client_create_photo_handoff_finish (XuexinClient  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_create_photo_handoff_async, error);
}

/* DELETE /me/identity/case/handoff: the account's links stop working. */
void
xuexin_client_revoke_photo_handoff_async (XuexinClient        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_revoke_photo_handoff_async, &xuexin_reply_nothing,
                               "DELETE", "/me/identity/case/handoff", NULL,
                               cancellable, callback, user_data);
}

gboolean
xuexin_client_revoke_photo_handoff_finish (XuexinClient  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_revoke_photo_handoff_async, error) != NULL;
}
