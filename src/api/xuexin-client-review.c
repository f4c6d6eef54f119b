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

/* @path with the query parameters of the pairs of name and value that
 * follow, ended by a NULL name; NULL values are left out (the default). */
static char *
build_query (const char *path,
             ...)
{
  GString *query = g_string_new (path);
  const char *separator = "?";
  const char *name;
  va_list args;

  va_start (args, path);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;

      g_string_append (query, separator);
      g_string_append (query, name);
      g_string_append_c (query, '=');
      g_string_append_uri_escaped (query, value, NULL, FALSE);
      separator = "&";
    }
  va_end (args);

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

/* The `total` of a list answer: how many there are, for paging. */
static gboolean
get_total (JsonObject  *reply,
           guint       *total,
           GError     **error)
{
  gint64 value;

  if (!xuexin_json_get_int (reply, "total", &value, error))
    return FALSE;

  *total = (guint) CLAMP (value, 0, G_MAXINT);
  return TRUE;
}

/* ----- GET /review/cases -------------------------------------------------- */

typedef struct {
  GPtrArray         *cases;
  guint              total;
  XuexinQueueCounts  counts;
} CasesPage;

static void
cases_page_free (gpointer data)
{
  CasesPage *page = data;

  g_clear_pointer (&page->cases, g_ptr_array_unref);
  g_free (page);
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
  CasesPage *page;
  guint n;

  cases = xuexin_json_get_list (reply, "cases", XUEXIN_TYPE_QUEUE_CASE,
                                (XuexinJsonObjectFunc) xuexin_queue_case_new_from_json, error);
  if (cases == NULL)
    return NULL;

  page = g_new0 (CasesPage, 1);
  n = g_list_model_get_n_items (cases);
  page->cases = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (page->cases, g_list_model_get_item (cases, i));

  if (!get_total (reply, &page->total, error)
      || !parse_counts (reply, &page->counts, error))
    {
      cases_page_free (page);
      return NULL;
    }

  return page;
}

static const XuexinReply reply_cases = {
  .parse = parse_cases,
  .free_result = cases_page_free,
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
  g_autofree char *offset_text = g_strdup_printf ("%u", offset);
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  if (filter == NULL)
    filter = &no_filter;

  path = build_query ("/review/cases",
                      "state", filter->state,
                      "submitted_from", filter->submitted_from,
                      "submitted_to", filter->submitted_to,
                      "resubmissions", filter->resubmissions,
                      "limit", limit_text,
                      "offset", offset_text,
                      NULL);
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
  CasesPage *page;
  GPtrArray *cases;

  page = xuexin_client_request_finish (self, result, xuexin_client_list_review_cases_async, error);
  if (page == NULL)
    return NULL;

  if (total != NULL)
    *total = page->total;
  if (counts != NULL)
    *counts = page->counts;
  cases = g_steal_pointer (&page->cases);
  cases_page_free (page);

  return cases;
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

typedef struct {
  GListModel *decisions;
  guint       total;
} DecisionsPage;

static void
decisions_page_free (gpointer data)
{
  DecisionsPage *page = data;

  g_clear_object (&page->decisions);
  g_free (page);
}

static gpointer
parse_decisions (XuexinClient  *self,
                 JsonObject    *reply,
                 GError       **error)
{
  g_autoptr(GListModel) decisions = NULL;
  DecisionsPage *page;
  guint total;

  decisions = xuexin_json_get_list (reply, "decisions", XUEXIN_TYPE_REVIEW_DECISION,
                                    (XuexinJsonObjectFunc) xuexin_review_decision_new_from_json, error);
  if (decisions == NULL || !get_total (reply, &total, error))
    return NULL;

  page = g_new0 (DecisionsPage, 1);
  page->decisions = g_steal_pointer (&decisions);
  page->total = total;

  return page;
}

static const XuexinReply reply_decisions = {
  .parse = parse_decisions,
  .free_result = decisions_page_free,
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
  g_autofree char *offset_text = g_strdup_printf ("%u", offset);
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  g_autofree char *path = NULL;

  g_return_if_fail (XUEXIN_IS_CLIENT (self));

  path = build_query ("/review/decisions",
                      "date", date,
                      "limit", limit_text,
                      "offset", offset_text,
                      NULL);
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
  DecisionsPage *page;
  GListModel *decisions;

  page = xuexin_client_request_finish (self, result, xuexin_client_list_my_decisions_async, error);
  if (page == NULL)
    return NULL;

  if (total != NULL)
    *total = page->total;
  decisions = g_steal_pointer (&page->decisions);
  decisions_page_free (page);

  return decisions;
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
                      "phone", phone,
                      "id_number", id_number,
                      NULL);
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
