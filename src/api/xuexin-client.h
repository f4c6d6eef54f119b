/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "xuexin-account.h"
#include "xuexin-client-error.h"
#include "xuexin-provider-ticket.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_CLIENT (xuexin_client_get_type ())

G_DECLARE_FINAL_TYPE (XuexinClient, xuexin_client, XUEXIN, CLIENT, GObject)

/**
 * XuexinRegistrationRequest:
 * @phone: the mobile number the code was sent to
 * @sms_code: the code of purpose "register"
 * @password: the new password
 * @password_confirmation: the password typed again
 * @name: the name as on the ID
 * @id_type: (nullable): "resident_id" (the default) or "other"
 * @id_number: the ID number
 * @email: (nullable): the security email; %NULL or "" for none
 * @reregister: “我要重新注册”: register although a live account has the
 *   ID number (the new account is then pending identity verification)
 *
 * The form of `POST /accounts`. The strings are borrowed for the duration
 * of xuexin_client_register_async() only.
 */
typedef struct {
  const char *phone;
  const char *sms_code;
  const char *password;
  const char *password_confirmation;
  const char *name;
  const char *id_type;
  const char *id_number;
  const char *email;
  gboolean    reregister;
} XuexinRegistrationRequest;

gboolean      xuexin_client_check_server_url (const char           *url,
                                              GError              **error);
XuexinClient *xuexin_client_new              (const char           *base_url);
const char   *xuexin_client_get_base_url     (XuexinClient         *self);
const char   *xuexin_client_get_token        (XuexinClient         *self);
void          xuexin_client_set_token        (XuexinClient         *self,
                                              const char           *token);
void          xuexin_client_call_async       (XuexinClient         *self,
                                              const char           *method,
                                              const char           *path,
                                              JsonObject           *body,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *xuexin_client_call_finish      (XuexinClient         *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Verification codes. The finish functions give the seconds until a new
 * code may be asked for and the masked destination(s), comma-separated. */
void           xuexin_client_send_register_code_async        (XuexinClient                     *self,
                                                              const char                       *phone,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
gboolean       xuexin_client_send_register_code_finish       (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              guint                            *resend_after,
                                                              char                            **sent_to,
                                                              GError                          **error);
void           xuexin_client_send_find_username_code_async   (XuexinClient                     *self,
                                                              const char                       *name,
                                                              const char                       *id_type,
                                                              const char                       *id_number,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
gboolean       xuexin_client_send_find_username_code_finish  (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              guint                            *resend_after,
                                                              char                            **sent_to,
                                                              GError                          **error);
void           xuexin_client_send_reset_password_code_async  (XuexinClient                     *self,
                                                              const char                       *login_name,
                                                              const char                       *name,
                                                              const char                       *id_number,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
gboolean       xuexin_client_send_reset_password_code_finish (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              guint                            *resend_after,
                                                              char                            **sent_to,
                                                              GError                          **error);
void           xuexin_client_send_change_phone_code_async    (XuexinClient                     *self,
                                                              const char                       *new_phone,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
gboolean       xuexin_client_send_change_phone_code_finish   (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              guint                            *resend_after,
                                                              char                            **sent_to,
                                                              GError                          **error);
void           xuexin_client_send_email_code_async           (XuexinClient                     *self,
                                                              const char                       *email,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
gboolean       xuexin_client_send_email_code_finish          (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              guint                            *resend_after,
                                                              char                            **sent_to,
                                                              GError                          **error);

/* Registration and sessions. */
void           xuexin_client_register_async                  (XuexinClient                     *self,
                                                              const XuexinRegistrationRequest  *request,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
XuexinAccount *xuexin_client_register_finish                 (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);
void           xuexin_client_sign_in_async                   (XuexinClient                     *self,
                                                              const char                       *login_name,
                                                              const char                       *password,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
XuexinAccount *xuexin_client_sign_in_finish                  (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);
void           xuexin_client_sign_out_async                  (XuexinClient                     *self,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
gboolean       xuexin_client_sign_out_finish                 (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);
void           xuexin_client_get_me_async                    (XuexinClient                     *self,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
XuexinAccount *xuexin_client_get_me_finish                   (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);

/* Recovery. */
void           xuexin_client_find_username_async             (XuexinClient                     *self,
                                                              const char                       *name,
                                                              const char                       *id_type,
                                                              const char                       *id_number,
                                                              const char                       *sms_code,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
GStrv          xuexin_client_find_username_finish            (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);
void           xuexin_client_reset_password_async            (XuexinClient                     *self,
                                                              const char                       *login_name,
                                                              const char                       *name,
                                                              const char                       *id_number,
                                                              const char                       *sms_code,
                                                              const char                       *password,
                                                              const char                       *password_confirmation,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
gboolean       xuexin_client_reset_password_finish           (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);

/* The signed-in account. */
void           xuexin_client_get_platforms_async             (XuexinClient                     *self,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
GListModel    *xuexin_client_get_platforms_finish            (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);
void           xuexin_client_get_records_async               (XuexinClient                     *self,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
gboolean       xuexin_client_get_records_finish              (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GListModel                      **enrollments,
                                                              GListModel                      **degrees,
                                                              GError                          **error);
void           xuexin_client_change_email_async              (XuexinClient                     *self,
                                                              const char                       *email,
                                                              const char                       *code,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
XuexinAccount *xuexin_client_change_email_finish             (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);
void           xuexin_client_change_phone_async              (XuexinClient                     *self,
                                                              const char                       *phone,
                                                              const char                       *sms_code,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
XuexinAccount *xuexin_client_change_phone_finish             (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);

/* WeChat and Alipay. @provider is "wechat" or "alipay". */
void           xuexin_client_get_providers_async             (XuexinClient                     *self,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
GListModel    *xuexin_client_get_providers_finish            (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);
void           xuexin_client_start_bind_async                (XuexinClient                     *self,
                                                              const char                       *provider,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
XuexinProviderTicket *xuexin_client_start_bind_finish        (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);
void           xuexin_client_poll_bind_async                 (XuexinClient                     *self,
                                                              XuexinProviderTicket             *ticket,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
XuexinTicketStatus xuexin_client_poll_bind_finish            (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              char                            **failure_reason,
                                                              char                            **failure_message,
                                                              GError                          **error);
void           xuexin_client_unbind_provider_async           (XuexinClient                     *self,
                                                              const char                       *provider,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
gboolean       xuexin_client_unbind_provider_finish          (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);
void           xuexin_client_start_qr_sign_in_async          (XuexinClient                     *self,
                                                              const char                       *provider,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
XuexinProviderTicket *xuexin_client_start_qr_sign_in_finish  (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              GError                          **error);
void           xuexin_client_poll_qr_sign_in_async           (XuexinClient                     *self,
                                                              XuexinProviderTicket             *ticket,
                                                              GCancellable                     *cancellable,
                                                              GAsyncReadyCallback               callback,
                                                              gpointer                          user_data);
XuexinTicketStatus xuexin_client_poll_qr_sign_in_finish      (XuexinClient                     *self,
                                                              GAsyncResult                     *result,
                                                              XuexinAccount                   **account,
                                                              char                            **failure_reason,
                                                              char                            **failure_message,
                                                              GError                          **error);

G_END_DECLS
