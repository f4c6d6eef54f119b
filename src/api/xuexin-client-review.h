/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-client.h"
#include "xuexin-review.h"

G_BEGIN_DECLS

/*
 * The help desk's calls (docs/api.md "Staff and /review/…"): every one
 * needs a staff session (403 forbidden otherwise). Errors are in the
 * API error domain as everywhere else; a `case_claimed` refusal carries
 * the holder, read with xuexin_client_error_get_claimed_by_name().
 */

/* GET /review/cases. @filter may be NULL (the open queue). The finish
 * gives the page of XuexinQueueCase (transfer full), the number of cases
 * matching the filter and the queue's counts. */
void                 xuexin_client_list_review_cases_async    (XuexinClient             *self,
                                                               const XuexinQueueFilter  *filter,
                                                               guint                     offset,
                                                               guint                     limit,
                                                               GCancellable             *cancellable,
                                                               GAsyncReadyCallback       callback,
                                                               gpointer                  user_data);
GPtrArray           *xuexin_client_list_review_cases_finish   (XuexinClient             *self,
                                                               GAsyncResult             *result,
                                                               guint                    *total,
                                                               XuexinQueueCounts        *counts,
                                                               GError                  **error);

/* POST /review/cases/{id}/claim: claims, or renews the caller's claim. */
void                 xuexin_client_claim_review_case_async    (XuexinClient             *self,
                                                               gint64                    case_id,
                                                               GCancellable             *cancellable,
                                                               GAsyncReadyCallback       callback,
                                                               gpointer                  user_data);
XuexinCaseClaim     *xuexin_client_claim_review_case_finish   (XuexinClient             *self,
                                                               GAsyncResult             *result,
                                                               GError                  **error);
/* DELETE /review/cases/{id}/claim */
void                 xuexin_client_release_review_case_async  (XuexinClient             *self,
                                                               gint64                    case_id,
                                                               GCancellable             *cancellable,
                                                               GAsyncReadyCallback       callback,
                                                               gpointer                  user_data);
gboolean             xuexin_client_release_review_case_finish (XuexinClient             *self,
                                                               GAsyncResult             *result,
                                                               GError                  **error);
/* GET /review/cases/{id} (read-only without the claim). */
void                 xuexin_client_get_staff_case_async       (XuexinClient             *self,
                                                               gint64                    case_id,
                                                               GCancellable             *cancellable,
                                                               GAsyncReadyCallback       callback,
                                                               gpointer                  user_data);
XuexinStaffCase     *xuexin_client_get_staff_case_finish      (XuexinClient             *self,
                                                               GAsyncResult             *result,
                                                               GError                  **error);
/* GET /review/cases/{id}/photos/{side}: the bytes, in memory only (the
 * caller must never write them to disk). */
void                 xuexin_client_get_staff_case_photo_async (XuexinClient             *self,
                                                               gint64                    case_id,
                                                               const char               *side,
                                                               GCancellable             *cancellable,
                                                               GAsyncReadyCallback       callback,
                                                               gpointer                  user_data);
GBytes              *xuexin_client_get_staff_case_photo_finish (XuexinClient            *self,
                                                               GAsyncResult             *result,
                                                               GError                  **error);
/* POST /review/cases/{id}/decision. @reason is NULL to approve, else a
 * XUEXIN_REJECT_REASON_*; @note may be NULL (required for "other"). The
 * finish gives the decided case's state ("approved" / "rejected"). */
void                 xuexin_client_decide_review_case_async   (XuexinClient             *self,
                                                               gint64                    case_id,
                                                               const char               *reason,
                                                               const char               *note,
                                                               GCancellable             *cancellable,
                                                               GAsyncReadyCallback       callback,
                                                               gpointer                  user_data);
char                *xuexin_client_decide_review_case_finish  (XuexinClient             *self,
                                                               GAsyncResult             *result,
                                                               GError                  **error);
/* GET /review/decisions: the caller's decisions of @date ("YYYY-MM-DD",
 * NULL for today), a GListModel of XuexinReviewDecision. */
void                 xuexin_client_list_my_decisions_async    (XuexinClient             *self,
                                                               const char               *date,
                                                               guint                     offset,
                                                               guint                     limit,
                                                               GCancellable             *cancellable,
                                                               GAsyncReadyCallback       callback,
                                                               gpointer                  user_data);
GListModel          *xuexin_client_list_my_decisions_finish   (XuexinClient             *self,
                                                               GAsyncResult             *result,
                                                               guint                    *total,
                                                               GError                  **error);
/* GET /review/accounts: exactly one of @phone / @id_number non-NULL. A
 * GListModel of XuexinLookupAccount (empty when nothing matches). */
void                 xuexin_client_lookup_accounts_async      (XuexinClient             *self,
                                                               const char               *phone,
                                                               const char               *id_number,
                                                               GCancellable             *cancellable,
                                                               GAsyncReadyCallback       callback,
                                                               gpointer                  user_data);
GListModel          *xuexin_client_lookup_accounts_finish     (XuexinClient             *self,
                                                               GAsyncResult             *result,
                                                               GError                  **error);

G_END_DECLS
