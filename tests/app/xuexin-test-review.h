/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-test-service.h"

G_BEGIN_DECLS

/* The two sides of a help-desk review for the UI tests: a person who
 * registered again and submitted ID photos, and a staff reviewer. */

/* The password of the reviewers xuexin_test_reviewer_new() makes. */
#define XUEXIN_TEST_REVIEWER_PASSWORD "Review#2026pass"

typedef struct
{
  char         *phone;         /* the pending account's */
  char         *id_number;
  XuexinClient *client;        /* the pending account's */
  XuexinClient *first_client;  /* the older, active account's */
  gint64        case_id;
} XuexinTestApplicant;

XuexinTestApplicant *xuexin_test_applicant_new      (XuexinTestService   *service,
                                                     const char          *name,
                                                     guint                seed);
void                 xuexin_test_applicant_submit   (XuexinTestApplicant *applicant,
                                                     guint                seed);
void                 xuexin_test_applicant_free     (XuexinTestApplicant *applicant);
XuexinClient        *xuexin_test_reviewer_new       (XuexinTestService   *service,
                                                     const char          *name,
                                                     char               **out_phone);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XuexinTestApplicant, xuexin_test_applicant_free)

G_END_DECLS
