/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-service-private.h"

G_BEGIN_DECLS

/*
 * The account model the account handlers share (sessions, registration,
 * recovery, account changes, codes, providers): loading accounts, how an
 * account looks in a reply, and the checks of the fields that name one.
 */

typedef struct {
  gint64  id;
  char   *phone;
  char   *name;
  char   *id_type;
  char   *id_number;
  char   *email;
  char   *password_hash;
  char   *state;
  gint64  created_at;
  gint64  provider_bind_blocked_until;
  char   *role;       /* XS_ROLE_USER, _REVIEWER or _ADMIN */
} Account;

void           xs_account_clear             (Account       *account);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Account, xs_account_clear)

gboolean       xs_account_load_by_id        (XsDb          *db,
                                             gint64         id,
                                             Account       *account);
/* Resolves a login name (phone, email or ID number) to an account. */
gboolean       xs_account_find_by_login     (XsRequest     *req,
                                             const char    *login_name,
                                             Account       *account);
/* Live accounts with this ID (an array of Account); with @name only
 * those whose name matches. */
GArray        *xs_account_find_live_by_id   (XsRequest     *req,
                                             const char    *id_type,
                                             const char    *id_number,
                                             const char    *name);
/* The live accounts of the name and ID in the body (find username) and
 * their distinct phones, NULL-terminated and pointing into the accounts.
 * Returns FALSE with the reply set when the input is not valid; when no
 * account matches, the phones hold only the NULL. */
gboolean       xs_account_find_for_username (XsRequest     *req,
                                             GArray       **out_accounts,
                                             GPtrArray    **out_phones);
/* The reset-password identity check: login name + name + ID number in
 * the body must all belong to one live account. Returns FALSE with the
 * reply set when the input is not valid (judged the same whether or not
 * an account matches); *out_found says whether one matched. */
gboolean       xs_account_find_for_reset    (XsRequest     *req,
                                             Account       *account,
                                             gboolean      *out_found);

/* The account as its owner sees it. */
void           xs_account_write_json        (XsJsonWriter  *writer,
                                             const Account *account,
                                             gint64         now);
/* The same object as the next value of @builder. */
void           xs_account_add_json          (JsonBuilder   *builder,
                                             const Account *account,
                                             gint64         now);
/* {"account": …} */
void           xs_request_reply_account     (XsRequest     *req,
                                             guint          status,
                                             const Account *account);

/* Field getters: a value that is not valid answers the error of its kind
 * naming the field, and returns FALSE. */
gboolean       xs_request_get_phone         (XsRequest     *req,
                                             const char    *field,
                                             char         **out);
gboolean       xs_request_get_name          (XsRequest     *req,
                                             char         **out);
/* With @optional, an empty email gives NULL. */
gboolean       xs_request_get_email         (XsRequest     *req,
                                             gboolean       optional,
                                             char         **out);
gboolean       xs_request_get_id            (XsRequest     *req,
                                             const char   **out_type,
                                             char         **out_number);
/* Both password and its confirmation, checked like the registration form. */
gboolean       xs_request_get_new_password  (XsRequest     *req,
                                             const char   **out);
gboolean       xs_account_validate_id_number (XsRequest    *req,
                                             const char    *id_type,
                                             const char    *text,
                                             char         **out);

/* An ID number as typed, in its stored form: a valid resident ID number
 * (xuexin_id_number_validate()), else the number of another document
 * (4–32 letters, digits, '-', '(' or ')', upper-cased); NULL if neither. */
char          *xs_id_number_normalize       (const char    *text,
                                             gint64         now);

gboolean       xs_phone_is_taken            (XsRequest     *req,
                                             const char    *phone,
                                             gboolean      *taken);
/* Whether an account has or ever had @email. */
gboolean       xs_email_is_used             (XsRequest     *req,
                                             const char    *email,
                                             gboolean      *used);
gboolean       xs_email_mark_used           (XsRequest     *req,
                                             const char    *email,
                                             gint64         account_id);

char          *xs_mask_email                (const char    *email);
char          *xs_mask_phone                (const char    *phone);

G_END_DECLS
