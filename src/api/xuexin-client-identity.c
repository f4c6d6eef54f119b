/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-identity.h"
#include "xuexin-client-private.h"

/*
 * Identity verification (FAQ 5): the state of it (GET /me/identity), the
 * school names for the records form (GET /schools) and path 4, the
 * records (POST /me/identity/records). docs/api.md "Identity
 * verification (FAQ 5)". Path 3 is in xuexin-client-assistance.c, path 2
 * in xuexin-client-review-case.c.
 */

static const XuexinReply reply_identity = {
  .new_from_json = (XuexinJsonObjectFunc) xuexin_identity_state_new_from_json,
};

void
xuexin_client_get_identity_async (XuexinClient        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_get_identity_async, &reply_identity,
                               "GET", "/me/identity", NULL,
                               cancellable, callback, user_data);
}

/**
 * xuexin_client_get_identity_finish:
 *
 * Returns: (transfer full): the account's identity state, or %NULL with
 *   @error set
 */
XuexinIdentityState *
xuexin_client_get_identity_finish (XuexinClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_get_identity_async, error);
}

static gpointer
parse_schools (XuexinClient  *self,
               JsonObject    *reply,
               GError       **error)
{
  GStrv schools = NULL;

  xuexin_json_get_strv (reply, "schools", FALSE, &schools, error);
  return schools;
}

static const XuexinReply reply_schools = {
  .parse = parse_schools,
  .free_result = (GDestroyNotify) g_strfreev,
};

/**
 * xuexin_client_search_schools_async:
 * @query: what the name contains (1–50 characters; the service refuses
 *   others with invalid_field, field "q")
 *
 * GET /schools?q=…, anonymous.
 */
void
xuexin_client_search_schools_async (XuexinClient        *self,
                                    const char          *query,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (query != NULL);

  /* Everything but the unreserved characters is escaped: a "&" or "#"
   * in what the user typed stays part of q. */
  escaped = g_uri_escape_string (query, NULL, FALSE);
  path = g_strconcat ("/schools?q=", escaped, NULL);
  xuexin_client_request_async (self, xuexin_client_search_schools_async, &reply_schools,
                               "GET", path, NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_search_schools_finish:
 *
 * Returns: (transfer full): at most 20 school names, those that start
 *   with the query first; %NULL with @error set
 */
GStrv
xuexin_client_search_schools_finish (XuexinClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_search_schools_async, error);
}

typedef struct {
  XuexinAccount *account;
  guint          cancelled_accounts;
} RecordsResult;

static void
records_result_free (gpointer data)
{
  RecordsResult *result = data;

  g_clear_object (&result->account);
  g_free (result);
}

static gpointer
parse_records (XuexinClient  *self,
               JsonObject    *reply,
               GError       **error)
{
  g_autoptr(XuexinAccount) account = NULL;
  RecordsResult *result;
  JsonObject *object;
  gint64 cancelled;

  if (!xuexin_json_get_object (reply, "account", &object, error)
      || (account = xuexin_account_new_from_json (object, error)) == NULL
      || !xuexin_json_get_optional_int (reply, "cancelled_accounts", 0, &cancelled, error))
    return NULL;

  result = g_new0 (RecordsResult, 1);
  result->account = g_steal_pointer (&account);
  result->cancelled_accounts = (guint) CLAMP (cancelled, 0, G_MAXINT);

  return result;
}

static const XuexinReply reply_records = {
  .parse = parse_records,
  .free_result = records_result_free,
};

/**
 * xuexin_client_verify_by_records_async:
 * @answer: the record, as the user gave it
 *
 * POST /me/identity/records (path 4). A wrong answer is refused with
 * verification_failed; xuexin_client_error_get_remaining_attempts() tells
 * how many are left.
 */
void
xuexin_client_verify_by_records_async (XuexinClient              *self,
                                       const XuexinRecordsAnswer *answer,
                                       GCancellable              *cancellable,
                                       GAsyncReadyCallback        callback,
                                       gpointer                   user_data)
{
  g_autoptr(JsonObject) body = NULL;
  gboolean degree;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (answer != NULL);
  g_return_if_fail (answer->kind != NULL);

  /* The service names the number and the year after the kind. */
  degree = g_strcmp0 (answer->kind, "degree") == 0;
  body = xuexin_json_object_new_strings ("kind", answer->kind,
                                         "school", answer->school,
                                         degree ? "certificate_number" : "student_number",
                                         answer->number,
                                         "level", answer->level,
                                         NULL);
  json_object_set_int_member (body, degree ? "graduation_year" : "enrollment_year", answer->year);

  xuexin_client_request_async (self, xuexin_client_verify_by_records_async, &reply_records,
                               "POST", "/me/identity/records", body,
                               cancellable, callback, user_data);
}

/**
 * xuexin_client_verify_by_records_finish:
 * @cancelled_accounts: (out) (optional): how many other accounts of the
 *   person the verification cancelled
 *
 * Returns: (transfer full): the account, now active, or %NULL with
 *   @error set
 */
XuexinAccount *
xuexin_client_verify_by_records_finish (XuexinClient  *self,
                                        GAsyncResult  *result,
                                        guint         *cancelled_accounts,
                                        GError       **error)
{
  RecordsResult *records;
  XuexinAccount *account;

  if (cancelled_accounts != NULL)
    *cancelled_accounts = 0;

  records = xuexin_client_request_finish (self, result, xuexin_client_verify_by_records_async,
                                          error);
  if (records == NULL)
    return NULL;

  if (cancelled_accounts != NULL)
    *cancelled_accounts = records->cancelled_accounts;
  account = g_steal_pointer (&records->account);
  records_result_free (records);

  return account;
}
