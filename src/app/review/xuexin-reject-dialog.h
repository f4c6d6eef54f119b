/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * XuexinRejectDialog: why a reviewer rejects a case's photos. The six
 * reasons of the service (radio buttons, none chosen at first) and a
 * note, required for "other". Reject emits "reject" and the dialog stays
 * open, busy, until its owner closes it (the decision was accepted) or
 * shows the refusal in it with xuexin_reject_dialog_show_error(): what
 * the reviewer chose and typed stays as it was.
 */

#define XUEXIN_TYPE_REJECT_DIALOG (xuexin_reject_dialog_get_type ())
G_DECLARE_FINAL_TYPE (XuexinRejectDialog, xuexin_reject_dialog, XUEXIN, REJECT_DIALOG, AdwWindow)

XuexinRejectDialog *xuexin_reject_dialog_new        (GtkWindow          *parent);
/* (nullable): the XUEXIN_REJECT_REASON_* chosen. */
const char         *xuexin_reject_dialog_get_reason (XuexinRejectDialog *self);
/* The note as typed, without surrounding blanks. */
char               *xuexin_reject_dialog_get_note   (XuexinRejectDialog *self);
/* @message NULL clears the error; @on_note marks the note row at fault.
 * Either way the dialog is no longer busy. */
void                xuexin_reject_dialog_show_error (XuexinRejectDialog *self,
                                                     const char         *message,
                                                     gboolean            on_note);

/* The reviewer's short words for a reason id (模糊不清 …), translated. */
const char         *xuexin_reject_dialog_get_reason_label (const char *reason);

/*
 * Signals:
 *   "reject" (const char *reason, const char *note): the reviewer
 *       confirmed; @note is NULL when empty.
 */

G_END_DECLS
