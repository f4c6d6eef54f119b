/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-api.h"
#include "xuexin-client-review.h"

G_BEGIN_DECLS

/*
 * XuexinCaseView: one review case in the console. xuexin_case_view_open()
 * loads the case (GET /review/cases/{id}), claims it when nobody else
 * holds it (then shows the claim's remaining time and renews it while the
 * reviewer works) or opens it read-only saying who holds it; loads the
 * three photos (memory only) into XuexinPhotoViewers side by side; shows
 * the account (name, masked ID number, registration date), the registry's
 * names and the earlier submissions with their decisions and reasons.
 *
 * Its actions (group "case", installed on the widget):
 *   case.approve  — asks once more, naming the accounts to be cancelled
 *   case.reject   — the reason list and note (required for 其他)
 *   case.release  — releases the claim and closes the case
 * enabled only while the caller holds the claim. The console binds the
 * keys `a`, `r` and Escape to them.
 */

#define XUEXIN_TYPE_CASE_VIEW (xuexin_case_view_get_type ())
G_DECLARE_FINAL_TYPE (XuexinCaseView, xuexin_case_view, XUEXIN, CASE_VIEW, AdwBin)

GtkWidget       *xuexin_case_view_new        (void);
void             xuexin_case_view_set_client (XuexinCaseView *self,
                                              XuexinClient   *client);
/* Closes the case shown (releasing its claim) and opens @case_id. */
void             xuexin_case_view_open       (XuexinCaseView *self,
                                              gint64          case_id);
/* Releases the claim (if held), cancels what is in flight and drops the
 * case and its photos from memory; shows the empty state. */
void             xuexin_case_view_close      (XuexinCaseView *self);
gint64           xuexin_case_view_get_case_id (XuexinCaseView *self);  /* 0 when none */
/* (nullable) (transfer none): the case as last loaded. */
XuexinStaffCase *xuexin_case_view_get_case   (XuexinCaseView *self);
/* The caller holds a live claim: the decision actions are enabled.
 * Property "claimed". */
gboolean         xuexin_case_view_is_claimed (XuexinCaseView *self);

/*
 * Signals:
 *   "decided" (gint64 case_id, const char *state): a decision was
 *       accepted ("approved" / "rejected"); the console opens the next case.
 *   "released" (gint64 case_id): the reviewer let the case go (Escape)
 *       or it was decided elsewhere / the claim lapsed and could not be
 *       renewed; the console refreshes its queue.
 */

G_END_DECLS
