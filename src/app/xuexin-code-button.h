/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "xuexin-client.h"

G_BEGIN_DECLS

/**
 * XuexinCodeMedium:
 * @XUEXIN_CODE_MEDIUM_SMS: the code goes to one or more phones
 * @XUEXIN_CODE_MEDIUM_EMAIL: the code goes to an email address
 *
 * Decides how the button tells where the code went.
 */
typedef enum {
  XUEXIN_CODE_MEDIUM_SMS,
  XUEXIN_CODE_MEDIUM_EMAIL,
} XuexinCodeMedium;

#define XUEXIN_TYPE_CODE_MEDIUM (xuexin_code_medium_get_type ())
GType xuexin_code_medium_get_type (void);

/**
 * XuexinCodePurpose:
 * @XUEXIN_CODE_PURPOSE_REGISTER: an SMS code to the phone of a new account
 * @XUEXIN_CODE_PURPOSE_CHANGE_PHONE: an SMS code to the new phone of the
 *   signed-in account
 * @XUEXIN_CODE_PURPOSE_EMAIL: an email code to the new security email
 *   of the signed-in account
 *
 * The codes that go to an address the user types.
 */
typedef enum {
  XUEXIN_CODE_PURPOSE_REGISTER,
  XUEXIN_CODE_PURPOSE_CHANGE_PHONE,
  XUEXIN_CODE_PURPOSE_EMAIL,
} XuexinCodePurpose;

/**
 * XuexinCodeSendFunc:
 * @data: what xuexin_code_button_set_sender() was given
 * @cancellable: cancelled when the button goes away
 * @callback: to call with the result
 * @user_data: for @callback
 *
 * Asks the service for a code, in the style of a `_async` function.
 */
typedef void     (*XuexinCodeSendFunc)   (gpointer              data,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);

/**
 * XuexinCodeFinishFunc:
 * @data: what xuexin_code_button_set_sender() was given
 * @result: the result @callback got
 * @resend_after: (out): seconds until the service sends another code
 * @sent_to: (out) (transfer full): where the code went, masked
 * @error: the client's error (`rate_limited` carries the wait)
 *
 * Finishes what #XuexinCodeSendFunc started. A sender whose codes are
 * announced elsewhere, with xuexin_code_button_show_sent(), leaves
 * @sent_to %NULL.
 *
 * Returns: %TRUE once the code is on its way
 */
typedef gboolean (*XuexinCodeFinishFunc) (gpointer              data,
                                          GAsyncResult         *result,
                                          guint                *resend_after,
                                          char                **sent_to,
                                          GError              **error);

#define XUEXIN_TYPE_CODE_BUTTON (xuexin_code_button_get_type ())

G_DECLARE_FINAL_TYPE (XuexinCodeButton, xuexin_code_button, XUEXIN, CODE_BUTTON, GtkButton)

void     xuexin_code_button_set_sender   (XuexinCodeButton     *self,
                                          XuexinCodeSendFunc    send,
                                          XuexinCodeFinishFunc  finish,
                                          gpointer              data,
                                          GDestroyNotify        destroy);
void     xuexin_code_button_set_recipient_field (XuexinCodeButton  *self,
                                                 XuexinClient      *client,
                                                 XuexinCodePurpose  purpose,
                                                 GtkEditable       *field);
void     xuexin_code_button_send         (XuexinCodeButton     *self);
void     xuexin_code_button_show_sent    (XuexinCodeButton     *self,
                                          const char           *sent_to,
                                          guint                 resend_after);
gboolean xuexin_code_button_get_ready    (XuexinCodeButton     *self);
void     xuexin_code_button_set_ready    (XuexinCodeButton     *self,
                                          gboolean              ready);
gboolean xuexin_code_button_get_sending  (XuexinCodeButton     *self);
gboolean xuexin_code_button_get_counting (XuexinCodeButton     *self);

G_END_DECLS
