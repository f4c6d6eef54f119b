/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include "xuexin-api.h"
#include "xuexin-client-identity.h"
#include "xuexin-test-photos.h"
#include "xuexin-test-review.h"
#include "xuexin-test-ui.h"

/**
 * xuexin_test_applicant_submit:
 * @seed: draws the photos (the bytes of a rejected photo are refused if
 *   sent again, so a resubmission needs another seed)
 *
 * Uploads the three sides through the client library and submits.
 */
void
xuexin_test_applicant_submit (XuexinTestApplicant *applicant,
                              guint                seed)
{
  static const char * const sides[] = { XUEXIN_CASE_SIDE_HANDHELD, XUEXIN_CASE_SIDE_FRONT, XUEXIN_CASE_SIDE_BACK };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(XuexinReviewCase) submitted = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GdkPixbuf) card = xuexin_test_photo_card (800, 600, 0.0, 1.0, 3.0, seed * 3 + i);
      g_autoptr(GBytes) jpeg = xuexin_test_photo_encode (card, "jpeg", 85);
      g_autoptr(XuexinReviewCase) draft = NULL;

      xuexin_client_upload_case_photo_async (applicant->client, sides[i], jpeg, NULL, NULL, NULL, NULL,
                                             xuexin_test_store_result_cb, &result);
      xuexin_test_wait_for_result (&result, "a photo upload");
      draft = xuexin_client_upload_case_photo_finish (applicant->client, result, &error);
      g_assert_no_error (error);
      g_clear_object (&result);
    }

  xuexin_client_submit_review_case_async (applicant->client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "the submission");
  submitted = xuexin_client_submit_review_case_finish (applicant->client, result, &error);
  g_assert_no_error (error);
  applicant->case_id = xuexin_review_case_get_id (submitted);
}

/**
 * xuexin_test_applicant_new:
 *
 * Someone with an active account who registered again (我要重新注册)
 * and submitted the three photos.
 */
XuexinTestApplicant *
xuexin_test_applicant_new (XuexinTestService *service,
                           const char        *name,
                           guint              seed)
{
  XuexinTestApplicant *applicant = g_new0 (XuexinTestApplicant, 1);
  g_autofree char *first_phone = xuexin_test_next_phone ();
  g_autoptr(XuexinAccount) first = NULL;
  g_autoptr(XuexinAccount) pending = NULL;

  applicant->phone = xuexin_test_next_phone ();
  applicant->id_number = xuexin_test_next_id_number ();
  first = xuexin_test_service_create_account (service, first_phone, name, applicant->id_number, NULL, FALSE);
  pending = xuexin_test_service_create_account (service, applicant->phone, name, applicant->id_number, NULL, TRUE);
  g_assert_true (xuexin_account_is_pending (pending));
  applicant->client = xuexin_test_service_sign_in (service, applicant->phone, XUEXIN_TEST_PASSWORD, NULL);
  applicant->first_client = xuexin_test_service_sign_in (service, first_phone, XUEXIN_TEST_PASSWORD, NULL);
  xuexin_test_applicant_submit (applicant, seed);

  return applicant;
}

void
xuexin_test_applicant_free (XuexinTestApplicant *applicant)
{
  g_free (applicant->phone);
  g_free (applicant->id_number);
  g_clear_object (&applicant->client);
  g_clear_object (&applicant->first_client);
  g_free (applicant);
}

/**
 * xuexin_test_reviewer_new:
 * @out_phone: (out) (optional): the phone to sign in with on the sign-in page
 *
 * A reviewer made as `xuexin-accountd add-staff` makes one, signed in.
 *
 * Returns: (transfer full): their client
 */
XuexinClient *
xuexin_test_reviewer_new (XuexinTestService  *service,
                          const char         *name,
                          char              **out_phone)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(GError) error = NULL;
  XuexinClient *client;

  g_assert_true (xuexin_service_add_staff (xuexin_test_service_get_config (service), "reviewer", phone, name,
                                           id_number, XUEXIN_TEST_REVIEWER_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  client = xuexin_test_service_sign_in (service, phone, XUEXIN_TEST_REVIEWER_PASSWORD, NULL);
  if (out_phone != NULL)
    *out_phone = g_steal_pointer (&phone);
  return client;
}
