/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "xuexin-client.h"
#include "xuexin-service.h"

G_BEGIN_DECLS

/* The password of every account xuexin_test_service_create_account() makes. */
#define XUEXIN_TEST_PASSWORD "Xuexin#2026pass"

#define XUEXIN_TYPE_TEST_SERVICE (xuexin_test_service_get_type ())

G_DECLARE_FINAL_TYPE (XuexinTestService, xuexin_test_service, XUEXIN, TEST_SERVICE, GObject)

XuexinTestService   *xuexin_test_service_new            (void);
XuexinServiceConfig *xuexin_test_service_get_config     (XuexinTestService *self);
void                 xuexin_test_service_start          (XuexinTestService *self);
void                 xuexin_test_service_stop           (XuexinTestService *self);
gboolean             xuexin_test_service_is_running     (XuexinTestService *self);
const char          *xuexin_test_service_get_base_url   (XuexinTestService *self);
guint                xuexin_test_service_count_requests (XuexinTestService *self,
                                                         const char        *method,
                                                         const char        *route);
void                 xuexin_test_service_skip_seconds   (XuexinTestService *self,
                                                         guint              seconds);

GHashTable          *xuexin_test_service_get_codes      (XuexinTestService *self);
void                 xuexin_test_service_forget_code    (XuexinTestService *self,
                                                         const char        *recipient);
gboolean             xuexin_test_service_has_code       (XuexinTestService *self,
                                                         const char        *recipient);
const char          *xuexin_test_service_wait_for_code  (XuexinTestService *self,
                                                         const char        *recipient);

XuexinClient        *xuexin_test_service_new_client     (XuexinTestService *self);
void                 xuexin_test_service_import_records (XuexinTestService *self,
                                                         const char        *csv,
                                                         guint             *out_enrollments,
                                                         guint             *out_degrees);
XuexinAccount       *xuexin_test_service_create_account (XuexinTestService *self,
                                                         const char        *phone,
                                                         const char        *name,
                                                         const char        *id_number,
                                                         const char        *email,
                                                         gboolean           reregister);
XuexinClient        *xuexin_test_service_sign_in        (XuexinTestService *self,
                                                         const char        *login_name,
                                                         const char        *password,
                                                         XuexinAccount    **out_account);
void                 xuexin_test_service_sync           (XuexinTestService *self,
                                                         XuexinClient      *client);

char                *xuexin_test_service_add_reviewer   (XuexinTestService *self);
guint                xuexin_test_service_review_post    (XuexinTestService *self,
                                                         const char        *token,
                                                         gint64             case_id,
                                                         const char        *what,
                                                         const char        *body);
guint                xuexin_test_service_phone_open     (XuexinTestService *self,
                                                         const char        *qr_url);
guint                xuexin_test_service_phone_put      (XuexinTestService *self,
                                                         const char        *url,
                                                         GBytes            *body);
void                 xuexin_test_service_phone_scan     (XuexinTestService *self,
                                                         const char        *qr_url);
void                 xuexin_test_service_phone_answer   (XuexinTestService *self,
                                                         const char        *qr_url,
                                                         const char        *subject,
                                                         const char        *action);
void                 xuexin_test_service_app_answer     (XuexinTestService *self,
                                                         const char        *qr_url,
                                                         gboolean           passed);

G_END_DECLS
