/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include "xuexin-client-private.h"
#include "xuexin-client-review.h"

/*
 * The help desk's calls: docs/api.md "Staff and /review/…". The service
 * checks the staff role on every one; this side only builds requests and
 * reads answers.
 */

typedef struct {
  const char *name;
  const char *value;  /* NULL: left out (the service's default) */
} QueryParam;

/* @path with the query of @params, and of @offset and @limit for a list
 * (when @limit is not 0). */
static char *
build_query (const char       *path,
             const QueryParam *params,
             guint             n_params,
             guint             offset,
             guint             limit)
{
  GString *query = g_string_new (path);
  char separator = '?';

  for (guint i = 0; i < n_params; i++)
    {
      if (params[i].value == NULL)
        continue;

      g_string_append_printf (query, "%c%s=", separator, params[i].name);
      g_string_append_uri_escaped (query, params[i].value, NULL, FALSE);
      separator = '&';
    }
  if (limit != 0)
    g_string_append_printf (query, "%climit=%u&offset=%u", separator, limit, offset);

  return g_string_free (query, FALSE);
}

static char *
case_path (gint64      case_id,
           const char *what)
{
  char id[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, case_id);
  return xuexin_client_build_path ("/review/cases", id, what, NULL);
}

/* ----- GET /review/cases -------------------------------------------------- */

/* A page of a list answer: the items (a GPtrArray of queue cases or a
 * GListModel of decisions), the list's `total` and the queue's counts. */
typedef struct {
  gpointer           items;
  GDestroyNotify     free_items;
  guint              total;
  XuexinQueueCounts  counts;
} ListPage;

static void
list_page_free (gpointer data)
{
  ListPage *page = data;

  g_clear_pointer (&page->items, page->free_items);
  g_free (page);
}

/* The items of a list request's page, with its total and counts. */
static gpointer
list_page_finish (XuexinClient       *self,
                  GAsyncResult       *result,
                  gpointer            source_tag,
                  guint              *total,
                  XuexinQueueCounts  *counts,
                  GError            **error)
{
  ListPage *page;
  gpointer items;

  page = xuexin_client_request_finish (self, result, source_tag, error);
  if (page == NULL)
    return NULL;

  if (total != NULL)
    *total = page->total;
  if (counts != NULL)
    *counts = page->counts;
  items = g_steal_pointer (&page->items);
  list_page_free (page);

  return items;
}

/* A page of @items (taken) and the answer's total. */
static ListPage *
list_page_new (JsonObject      *reply,
               gpointer         items,
               GDestroyNotify   free_items,
               GError         **error)
{
  ListPage *page = g_new0 (ListPage, 1);
  gint64 total;

  page->items = items;
  page->free_items = free_items;
  if (!xuexin_json_get_int (reply, "total", &total, error))
    {
      list_page_free (page);
      return NULL;
    }
  page->total = (guint) CLAMP (total, 0, G_MAXINT);

  return page;
}

static gboolean
parse_counts (JsonObject         *reply,
              XuexinQueueCounts  *counts,
              GError            **error)
{
  static const struct {
    const char *member;
    gsize       offset;
  } members[] = {
    { "open", G_STRUCT_OFFSET (XuexinQueueCounts, open) },
    { "submitted", G_STRUCT_OFFSET (XuexinQueueCounts, submitted) },
    { "in_review", G_STRUCT_OFFSET (XuexinQueueCounts, in_review) },
    { "decided_today", G_STRUCT_OFFSET (XuexinQueueCounts, decided_today) },
    { "decided_today_by_me", G_STRUCT_OFFSET (XuexinQueueCounts, decided_today_by_me) },
  };
  JsonNode *node = json_object_get_member (reply, "counts");
  JsonObject *object;

  /* Counts are for the header only: an answer without them is still
   * a page of the queue. */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!xuexin_json_get_object (reply, "counts", &object, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      gint64 value;

      if (!xuexin_json_get_optional_int (object, members[i].member, 0, &value, error))
        return FALSE;
      G_STRUCT_MEMBER (guint, counts, members[i].offset) = (guint) CLAMP (value, 0, G_MAXINT);
    }

  return TRUE;
}

static gpointer
parse_cases (XuexinClient  *self,
             JsonObject    *reply,
             GError       **error)
{
  g_autoptr(GListModel) cases = NULL;
  GPtrArray *items;
  ListPage *page;
  guint n;

  cases = xuexin_json_get_list (reply, "cases", XUEXIN_TYPE_QUEUE_CASE,
                                (XuexinJsonObjectFunc) xuexin_queue_case_new_from_json, error);
  if (cases == NULL)
    return NULL;

  n = g_list_model_get_n_items (cases);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (cases, i));

  page = list_page_new (reply, items, (GDestroyNotify) g_ptr_array_unref, error);
  if (page != NULL && !parse_counts (reply, &page->counts, error))
    g_clear_pointer (&page, list_page_free);

  return page;
}

static const XuexinReply reply_cases = {
  .parse = parse_cases,
  .free_result = list_page_free,
};

/**
 * xuexin_client_list_review_cases_async:
 * @filter: (nullable): the filters; NULL members are the service's
 *   defaults (the open queue, any date, any submission)
 * @limit: 1–100
 *
 * GET /review/cases, oldest submission first.
 */
void
xuexin_client_list_review_cases_async (XuexinClient            *self,
                                       const XuexinQueueFilter *filter,
                                       guint                    offset,
                                       guint                    limit,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  static const XuexinQueueFilter no_filter = { NULL, };
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  if (filter == NULL)
    filter = &no_filter;

  path = build_query ("/review/cases",
                      (QueryParam[]) {
                        { "state", filter->state },
                        { "submitted_from", filter->submitted_from },
                        { "submitted_to", filter->submitted_to },
                        { "resubmissions", filter->resubmissions },
                      }, 4, offset, limit);
  xuexin_client_request_async (self, xuexin_client_list_review_cases_async, &reply_cases,
                               "GET", path, NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_list_review_cases_finish:
 * @total: (out) (optional): the number of cases matching the filter
 * @counts: (out) (optional): the counts of the whole open queue
 *
 * Returns: (transfer full) (element-type XuexinQueueCase): the page, or
 *   %NULL with @error set (`forbidden` for an account that is not staff,
 *   `invalid_field` naming a filter the service refused)
 */
GPtrArray *
xuexin_client_list_review_cases_finish (XuexinClient       *self,
                                        GAsyncResult       *result,
                                        guint              *total,
                                        XuexinQueueCounts  *counts,
                                        GError            **error)
{
  return list_page_finish (self, result, xuexin_client_list_review_cases_async, total, counts, error);
}

/* ----- claims ------------------------------------------------------------- */

static const XuexinReply reply_claim = {
  .member = "claim",
  .new_from_json = (XuexinJsonObjectFunc) xuexin_case_claim_new_from_json,
};

/* Claims the case for 15 minutes, or renews the caller's own claim.
 * Refusals: `case_claimed` (another reviewer holds it; see
 * xuexin_client_error_get_claimed_by_name()), `request_closed`,
 * `not_found`. */
void
xuexin_client_claim_review_case_async (XuexinClient        *self,
                                       gint64               case_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *path = case_path (case_id, "claim");

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_claim_review_case_async, &reply_claim,
                               "POST", path, body, cancellable, callback, user_data);
}

/**
 * xuexin_client_claim_review_case_finish:
 *
 * Returns: (transfer full): the caller's claim, or %NULL with @error set
 */
XuexinCaseClaim *
xuexin_client_claim_review_case_finish (XuexinClient  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_claim_review_case_async, error);
}

/* The case is `submitted` again; `case_claimed` when the caller's claim
 * had lapsed (nothing to release). */
void
xuexin_client_release_review_case_async (XuexinClient        *self,
                                         gint64               case_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = case_path (case_id, "claim");

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_release_review_case_async, &xuexin_reply_nothing,
                               "DELETE", path, NULL, cancellable, callback, user_data);
}

gboolean
xuexin_client_release_review_case_finish (XuexinClient  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_release_review_case_async, error) != NULL;
}

/* ----- the case ----------------------------------------------------------- */

static const XuexinReply reply_staff_case = {
  .member = "case",
  .new_from_json = (XuexinJsonObjectFunc) xuexin_staff_case_new_from_json,
};

/* Audited by the service (review_case_viewed). */
void
xuexin_client_get_staff_case_async (XuexinClient        *self,
                                    gint64               case_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = case_path (case_id, NULL);

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  xuexin_client_request_async (self, xuexin_client_get_staff_case_async, &reply_staff_case,
                               "GET", path, NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_get_staff_case_finish:
 *
 * Returns: (transfer full): the case, or %NULL with @error set
 */
XuexinStaffCase *
xuexin_client_get_staff_case_finish (XuexinClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_get_staff_case_async, error);
}

/**
 * xuexin_client_get_staff_case_photo_async:
 * @side: XUEXIN_CASE_SIDE_HANDHELD, _FRONT or _BACK
 *
 * GET /review/cases/{id}/photos/{side}, with the claim; each view is
 * audited. The bytes stay in memory (the session has no cache).
 */
void
xuexin_client_get_staff_case_photo_async (XuexinClient        *self,
                                          gint64               case_id,
                                          const char          *side,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autofree char *photos = case_path (case_id, "photos");
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));
  g_return_if_fail (side != NULL && *side != '\0');

  path = xuexin_client_build_path (photos, side, NULL);
  xuexin_client_request_raw_async (self, xuexin_client_get_staff_case_photo_async, path,
                                   "image/jpeg, image/png", cancellable, callback, user_data);
}

/**
 * xuexin_client_get_staff_case_photo_finish:
 *
 * Returns: (transfer full): the image's bytes (JPEG or PNG), or %NULL
 *   with @error set (`case_claimed` without the claim)
 */
GBytes *
xuexin_client_get_staff_case_photo_finish (XuexinClient  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_get_staff_case_photo_async, error);
}

/* ----- decisions ---------------------------------------------------------- */

static gpointer
parse_decided_state (XuexinClient  *self,
                     JsonObject    *reply,
                     GError       **error)
{
  JsonObject *decided;
  const char *state;

  if (!xuexin_json_get_object (reply, "case", &decided, error)
      || !xuexin_json_get_string (decided, "state", &state, error))
    return NULL;

  if (*state == '\0')
    {
      xuexin_client_set_protocol_error (error, "empty case state");
      return NULL;
    }

  return g_strdup (state);
}

static const XuexinReply reply_decided_state = {
  .parse = parse_decided_state,
  .free_result = g_free,
};

/**
 * xuexin_client_decide_review_case_async:
 * @reason: (nullable): %NULL to approve, else a XUEXIN_REJECT_REASON_…
 * @note: (nullable): the reviewer's note; required with "other"
 *
 * Refusals: `invalid_field` ("reason" or "note"), `case_claimed` (the
 * claim lapsed), `request_closed` (decided meanwhile, or the account was
 * cancelled by another account's verification: then the case is closed).
 */
void
xuexin_client_decide_review_case_async (XuexinClient        *self,
                                        gint64               case_id,
                                        const char          *reason,
                                        const char          *note,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *path = case_path (case_id, "decision");
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  body = xuexin_json_object_new_strings ("decision", reason == NULL ? "approve" : "reject",
                                         "reason", reason,
                                         "note", note,
                                         NULL);
  xuexin_client_request_async (self, xuexin_client_decide_review_case_async, &reply_decided_state,
                               "POST", path, body, cancellable, callback, user_data);
}

/**
 * xuexin_client_decide_review_case_finish:
 *
 * Returns: (transfer full): the decided case's state, "approved" or
 *   "rejected", or %NULL with @error set
 */
char *
xuexin_client_decide_review_case_finish (XuexinClient  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_decide_review_case_async, error);
}

static gpointer
parse_decisions (XuexinClient  *self,
                 JsonObject    *reply,
                 GError       **error)
{
  GListModel *decisions;

  decisions = xuexin_json_get_list (reply, "decisions", XUEXIN_TYPE_REVIEW_DECISION,
                                    (XuexinJsonObjectFunc) xuexin_review_decision_new_from_json, error);
  if (decisions == NULL)
    return NULL;

  return list_page_new (reply, decisions, g_object_unref, error);
}

static const XuexinReply reply_decisions = {
  .parse = parse_decisions,
  .free_result = list_page_free,
};

/**
 * xuexin_client_list_my_decisions_async:
 * @date: (nullable): "YYYY-MM-DD" (China time); %NULL for today
 * @limit: 1–100
 *
 * GET /review/decisions: the caller's own decisions of the day, newest
 * first.
 */
void
xuexin_client_list_my_decisions_async (XuexinClient        *self,
                                       const char          *date,
                                       guint                offset,
                                       guint                limit,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  path = build_query ("/review/decisions", &(QueryParam) { "date", date }, 1, offset, limit);
  xuexin_client_request_async (self, xuexin_client_list_my_decisions_async, &reply_decisions,
                               "GET", path, NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_list_my_decisions_finish:
 * @total: (out) (optional): the number of that day's decisions
 *
 * Returns: (transfer full): a GListModel of #XuexinReviewDecision, or
 *   %NULL with @error set
 */
GListModel *
xuexin_client_list_my_decisions_finish (XuexinClient  *self,
                                        GAsyncResult  *result,
                                        guint         *total,
                                        GError       **error)
{
  return list_page_finish (self, result, xuexin_client_list_my_decisions_async, total, NULL, error);
}

/* ----- GET /review/accounts ----------------------------------------------- */

static const XuexinReply reply_accounts = {
  .member = "accounts",
  .new_from_json = (XuexinJsonObjectFunc) xuexin_lookup_account_new_from_json,
  .get_item_type = xuexin_lookup_account_get_type,
};

/**
 * xuexin_client_lookup_accounts_async:
 * @phone: (nullable): an account's current phone (11 digits)
 * @id_number: (nullable): an ID number: every account ever registered
 *   with it, newest first
 *
 * Exactly one of @phone and @id_number; the service answers
 * `invalid_field` for a malformed one (or for none or both, field
 * "phone"). Audited by the service.
 */
void
xuexin_client_lookup_accounts_async (XuexinClient        *self,
                                     const char          *phone,
                                     const char          *id_number,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  path = build_query ("/review/accounts",
                      (QueryParam[]) { { "phone", phone }, { "id_number", id_number } }, 2, 0, 0);
  xuexin_client_request_async (self, xuexin_client_lookup_accounts_async, &reply_accounts,
                               "GET", path, NULL, cancellable, callback, user_data);
}

/**
 * xuexin_client_lookup_accounts_finish:
 *
 * Returns: (transfer full): a GListModel of #XuexinLookupAccount (empty
 *   when nothing matches), or %NULL with @error set
 */
GListModel *
xuexin_client_lookup_accounts_finish (XuexinClient  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return xuexin_client_request_finish (self, result, xuexin_client_lookup_accounts_async, error);
}
