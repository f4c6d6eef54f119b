/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-client-review.h"

G_BEGIN_DECLS

/* The console's "Look up an account" (GET /review/accounts): by phone or
 * ID number, each account with its state, how it was verified and its
 * verification history in words. Read-only. */

#define XUEXIN_TYPE_ACCOUNT_LOOKUP_VIEW (xuexin_account_lookup_view_get_type ())
G_DECLARE_FINAL_TYPE (XuexinAccountLookupView, xuexin_account_lookup_view, XUEXIN, ACCOUNT_LOOKUP_VIEW, AdwBin)

void        xuexin_account_lookup_view_set_client   (XuexinAccountLookupView *self,
                                                     XuexinClient            *client);
/* (transfer none) (nullable): the accounts last found. */
GListModel *xuexin_account_lookup_view_get_accounts (XuexinAccountLookupView *self);
void        xuexin_account_lookup_view_focus_entry  (XuexinAccountLookupView *self);
/* Forgets the query and the results (signed out). */
void        xuexin_account_lookup_view_clear        (XuexinAccountLookupView *self);

G_END_DECLS
