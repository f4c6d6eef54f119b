/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "xuexin-api.h"
#include "xuexin-client-identity.h"
#include "xuexin-photo-fit.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_IDENTITY_DRAFT (xuexin_identity_draft_get_type ())

G_DECLARE_FINAL_TYPE (XuexinIdentityDraft, xuexin_identity_draft, XUEXIN, IDENTITY_DRAFT, GObject)

XuexinIdentityDraft *xuexin_identity_draft_new                    (void);
XuexinIdentityState *xuexin_identity_draft_get_state              (XuexinIdentityDraft *self);
void                 xuexin_identity_draft_set_state              (XuexinIdentityDraft *self,
                                                                   XuexinIdentityState *state);
const char          *xuexin_identity_draft_get_path               (XuexinIdentityDraft *self);
void                 xuexin_identity_draft_set_path               (XuexinIdentityDraft *self,
                                                                   const char          *path);
gboolean             xuexin_identity_draft_get_confirmed          (XuexinIdentityDraft *self);
void                 xuexin_identity_draft_set_confirmed          (XuexinIdentityDraft *self,
                                                                   gboolean             confirmed);
/* The outcome: the account as verified, and how many others went. */
XuexinAccount       *xuexin_identity_draft_get_account            (XuexinIdentityDraft *self);
guint                xuexin_identity_draft_get_cancelled_accounts (XuexinIdentityDraft *self);
void                 xuexin_identity_draft_set_verified           (XuexinIdentityDraft *self,
                                                                   XuexinAccount       *account,
                                                                   guint                cancelled_accounts);

/* GET /me once a path has succeeded: set_verified() with the account as
 * it is now and the other accounts the last pending state listed. */
void                 xuexin_identity_draft_read_verified_async    (XuexinIdentityDraft *self,
                                                                   XuexinClient        *client,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
gboolean             xuexin_identity_draft_read_verified_finish   (XuexinIdentityDraft *self,
                                                                   GAsyncResult        *result,
                                                                   GError             **error);

/* Path 2: the photos prepared for each side, kept until the case is
 * submitted (a failed upload loses none), and whether the one prepared
 * is the one the service has. */
XuexinFittedPhoto   *xuexin_identity_draft_get_photo              (XuexinIdentityDraft *self,
                                                                   const char          *side);
void                 xuexin_identity_draft_set_photo              (XuexinIdentityDraft *self,
                                                                   const char          *side,
                                                                   XuexinFittedPhoto   *photo);
gboolean             xuexin_identity_draft_get_photo_uploaded     (XuexinIdentityDraft *self,
                                                                   const char          *side);
void                 xuexin_identity_draft_set_photo_uploaded     (XuexinIdentityDraft *self,
                                                                   const char          *side,
                                                                   gboolean             uploaded);
void                 xuexin_identity_draft_forget_photos          (XuexinIdentityDraft *self);

G_END_DECLS
