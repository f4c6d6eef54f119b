/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-private.h"
#include "xuexin-degree-record.h"
#include "xuexin-enrollment-record.h"
#include "xuexin-platform.h"

/* The account (docs/api.md: GET /platforms, GET /me/records,
 * PUT /me/email, PUT /me/phone). */

static const XuexinReply platforms_reply = {
  .member = "platforms",
  .new_from_json = (XuexinJsonObjectFunc) xuexin_platform_new_from_json,
  .get_item_type = xuexin_platform_get_type,
};

/**
 * xuexin_client_get_platforms_async:
 *
 * Lists the platforms that share the account (no sign-in needed).
 */
void
xuexin_client_get_platforms_async (XuexinClient        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_get_platforms_async, &platforms_reply,
                               "GET", "/platforms", NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_get_platforms_finish:
 *
 * Returns: (transfer full): a list of #XuexinPlatform
 */
GListModel *
xuexin_client_get_platforms_finish (XuexinClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_get_platforms_async, error);
}

typedef struct
{
  GListModel *enrollments;
  GListModel *degrees;
} Records;

static void
records_free (gpointer data)
{
  Records *records = data;

  g_clear_object (&records->enrollments);
  g_clear_object (&records->degrees);
  g_free (records);
}

static gpointer
parse_records (XuexinClient  *self,
               JsonObject    *reply,
               GError       **error)
{
  g_autoptr(GListModel) enrollments = NULL;
  g_autoptr(GListModel) degrees = NULL;
  Records *records;

  enrollments = xuexin_json_get_list (reply, "enrollments", XUEXIN_TYPE_ENROLLMENT_RECORD,
                                      (XuexinJsonObjectFunc) xuexin_enrollment_record_new_from_json,
                                      error);
  if (enrollments == NULL)
    return NULL;

  degrees = xuexin_json_get_list (reply, "degrees", XUEXIN_TYPE_DEGREE_RECORD,
                                  (XuexinJsonObjectFunc) xuexin_degree_record_new_from_json,
                                  error);
  if (degrees == NULL)
    return NULL;

  records = g_new0 (Records, 1);
  records->enrollments = g_steal_pointer (&enrollments);
  records->degrees = g_steal_pointer (&degrees);

  return records;
}

static const XuexinReply records_reply = {
  .parse = parse_records,
  .free_result = records_free,
};

/**
 * xuexin_client_get_records_async:
 *
 * Reads the enrollment and degree records of the signed-in person.
 * Refusals: `unauthorized`, `identity_verification_required`.
 */
void
xuexin_client_get_records_async (XuexinClient        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_get_records_async, &records_reply,
                               "GET", "/me/records", NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_get_records_finish:
 * @enrollments: (out) (optional) (transfer full): a list of
 *   #XuexinEnrollmentRecord
 * @degrees: (out) (optional) (transfer full): a list of
 *   #XuexinDegreeRecord
 */
gboolean
xuexin_client_get_records_finish (XuexinClient  *self,
                                  GAsyncResult  *result,
                                  GListModel   **enrollments,
                                  GListModel   **degrees,
                                  GError       **error)
{
  Records *records = xuexin_client_request_finish (self, result, xuexin_client_get_records_async, error);

  if (enrollments != NULL)
    *enrollments = records != NULL ? g_steal_pointer (&records->enrollments) : NULL;
  if (degrees != NULL)
    *degrees = records != NULL ? g_steal_pointer (&records->degrees) : NULL;

  if (records == NULL)
    return FALSE;

  records_free (records);
  return TRUE;
}

/**
 * xuexin_client_change_email_async:
 * @email: the new security email
 * @code: the code of purpose "bind_email" sent to it
 *
 * Binds or changes the security email. Refusals: `invalid_email`,
 * `sms_code_invalid`/`sms_code_expired` (field "code"), `email_used`.
 */
void
xuexin_client_change_email_async (XuexinClient        *self,
                                  const char          *email,
                                  const char          *code,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (code != NULL);

  body = xuexin_json_object_new_strings ("email", email,
                                         "code", code,
                                         NULL);

  xuexin_client_request_async (self, xuexin_client_change_email_async, &xuexin_reply_account,
                               "PUT", "/me/email", body, cancellable, callback, user_data);
}

/**
 * xuexin_client_change_email_finish:
 *
 * Returns: (transfer full): the account with its new email
 */
XuexinAccount *
xuexin_client_change_email_finish (XuexinClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_change_email_async, error);
}

/**
 * xuexin_client_change_phone_async:
 * @phone: the new phone
 * @sms_code: the code of purpose "change_phone" sent to it
 *
 * Changes the phone. Refusals: `invalid_phone`, `sms_code_invalid`,
 * `sms_code_expired`, `phone_taken`.
 */
void
xuexin_client_change_phone_async (XuexinClient        *self,
                                  const char          *phone,
                                  const char          *sms_code,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (phone != NULL);
  g_return_if_fail (sms_code != NULL);

  body = xuexin_json_object_new_strings ("phone", phone,
                                         "sms_code", sms_code,
                                         NULL);

  xuexin_client_request_async (self, xuexin_client_change_phone_async, &xuexin_reply_account,
                               "PUT", "/me/phone", body, cancellable, callback, user_data);
}

/**
 * xuexin_client_change_phone_finish:
 *
 * Returns: (transfer full): the account with its new phone
 */
XuexinAccount *
xuexin_client_change_phone_finish (XuexinClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_change_phone_async, error);
}

