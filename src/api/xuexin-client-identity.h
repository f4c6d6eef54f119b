/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-client.h"
#include "xuexin-identity.h"
#include "xuexin-photo-handoff.h"

G_BEGIN_DECLS

/*
 * Identity verification calls (docs/api.md, "Identity verification (FAQ
 * 5)" and the path sections). Errors are in XUEXIN_CLIENT_ERROR /
 * the API error domain as everywhere else; a refusal's retry_after and
 * remaining_attempts are read with xuexin_client_error_get_retry_after()
 * and friends (xuexin-client-error.h).
 */

/* GET /me/identity */
void                 xuexin_client_get_identity_async          (XuexinClient         *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
XuexinIdentityState *xuexin_client_get_identity_finish         (XuexinClient         *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

/* GET /schools?q= → a GStrv of at most 20 names. */
void                 xuexin_client_search_schools_async        (XuexinClient         *self,
                                                                const char           *query,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GStrv                xuexin_client_search_schools_finish       (XuexinClient         *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

/* POST /me/identity/records — path 4. @kind is "enrollment" (number is
 * the student number, year the enrollment year) or "degree" (number is
 * the certificate number, year the graduation year). On success the
 * account (now active) and how many other accounts were cancelled. */
typedef struct {
  const char *kind;
  const char *school;
  const char *number;
  guint       year;
  const char *level;
} XuexinRecordsAnswer;

void                 xuexin_client_verify_by_records_async     (XuexinClient              *self,
                                                                const XuexinRecordsAnswer *answer,
                                                                GCancellable              *cancellable,
                                                                GAsyncReadyCallback        callback,
                                                                gpointer                   user_data);
XuexinAccount       *xuexin_client_verify_by_records_finish    (XuexinClient         *self,
                                                                GAsyncResult         *result,
                                                                guint                *cancelled_accounts,
                                                                GError              **error);

/* POST /me/identity/assistance-requests — path 3. @level may be NULL. */
typedef struct {
  const char *classmate_name;
  const char *classmate_login_name;
  const char *school;
  guint       enrollment_year;
  const char *level;
} XuexinAssistanceAsk;

void                     xuexin_client_request_assistance_async  (XuexinClient              *self,
                                                                  const XuexinAssistanceAsk *ask,
                                                                  GCancellable              *cancellable,
                                                                  GAsyncReadyCallback        callback,
                                                                  gpointer                   user_data);
XuexinAssistanceRequest *xuexin_client_request_assistance_finish (XuexinClient         *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

/* The classmate's inbox (active accounts). */
void                 xuexin_client_get_inbox_count_async       (XuexinClient         *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean             xuexin_client_get_inbox_count_finish      (XuexinClient         *self,
                                                                GAsyncResult         *result,
                                                                guint                *unread,
                                                                GError              **error);
/* A GListModel of XuexinAssistanceRequest; listing marks them read. */
void                 xuexin_client_get_inbox_async             (XuexinClient         *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GListModel          *xuexin_client_get_inbox_finish            (XuexinClient         *self,
                                                                GAsyncResult         *result,
                                                                guint                *unread,
                                                                GError              **error);
/* POST /me/inbox/{id}/confirm or /decline. */
void                     xuexin_client_answer_assistance_async   (XuexinClient         *self,
                                                                  gint64                request_id,
                                                                  gboolean              confirm,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
XuexinAssistanceRequest *xuexin_client_answer_assistance_finish  (XuexinClient         *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

/* Path 2: review case. get_case_finish returns NULL without an error
 * when there is no case yet. */
void                 xuexin_client_get_review_case_async       (XuexinClient         *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
XuexinReviewCase    *xuexin_client_get_review_case_finish      (XuexinClient         *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

/* Called on the thread of the client's main context as the body goes out. */
typedef void (*XuexinUploadProgress) (guint64  bytes_sent,
                                      guint64  bytes_total,
                                      gpointer user_data);

/* PUT /me/identity/case/photos/{side} with @photo as the raw body.
 * @progress (nullable) is called as the body is written; cancelling
 * @cancellable aborts the upload (G_IO_ERROR_CANCELLED). */
void                 xuexin_client_upload_case_photo_async     (XuexinClient         *self,
                                                                const char           *side,
                                                                GBytes               *photo,
                                                                XuexinUploadProgress  progress,
                                                                gpointer              progress_data,
                                                                GDestroyNotify        progress_data_free,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
XuexinReviewCase    *xuexin_client_upload_case_photo_finish    (XuexinClient         *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
/* POST /me/identity/case/submit */
void                 xuexin_client_submit_review_case_async    (XuexinClient         *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
XuexinReviewCase    *xuexin_client_submit_review_case_finish   (XuexinClient         *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

/* GET /me/identity/case/photos/{side}: the owner's draft photo. */
void                 xuexin_client_get_case_photo_async        (XuexinClient         *self,
                                                                const char           *side,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GBytes              *xuexin_client_get_case_photo_finish       (XuexinClient         *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
/* POST and DELETE /me/identity/case/handoff: the link that uploads the
 * photos from the phone, and its end. */
void                 xuexin_client_create_photo_handoff_async  (XuexinClient         *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
XuexinPhotoHandoff  *xuexin_client_create_photo_handoff_finish (XuexinClient         *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
void                 xuexin_client_revoke_photo_handoff_async  (XuexinClient         *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean             xuexin_client_revoke_photo_handoff_finish (XuexinClient         *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

/* Path 1 (xuexin-client-app-verification.c): POST
 * /me/identity/app-verification and GET …/{ticket}. The ticket is a
 * XuexinProviderTicket (provider "simulated" or "webhook"). The poll
 * gives the status (PENDING, SCANNED, CONFIRMED = passed, EXPIRED,
 * FAILED with the reason id and, for verification_failed, the attempts
 * left). */
void                  xuexin_client_start_app_verification_async  (XuexinClient          *self,
                                                                   GCancellable          *cancellable,
                                                                   GAsyncReadyCallback    callback,
                                                                   gpointer               user_data);
XuexinProviderTicket *xuexin_client_start_app_verification_finish (XuexinClient          *self,
                                                                   GAsyncResult          *result,
                                                                   GError               **error);
void                  xuexin_client_poll_app_verification_async   (XuexinClient          *self,
                                                                   XuexinProviderTicket  *ticket,
                                                                   GCancellable          *cancellable,
                                                                   GAsyncReadyCallback    callback,
                                                                   gpointer               user_data);
XuexinTicketStatus    xuexin_client_poll_app_verification_finish  (XuexinClient          *self,
                                                                   GAsyncResult          *result,
                                                                   char                 **failure_reason,
                                                                   guint                 *remaining_attempts,
                                                                   GError               **error);

G_END_DECLS
