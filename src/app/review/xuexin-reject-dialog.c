/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-reject-dialog.h"
#include "xuexin-review.h"

/* The service refuses longer notes (docs/api.md, POST …/decision). */
#define NOTE_MAX_CHARS 500

struct _XuexinRejectDialog
{
  AdwWindow       parent_instance;

  gboolean        busy;

  GtkWidget      *reject_button;
  GtkWidget      *spinner;
  GtkWidget      *error_box;
  GtkLabel       *error_label;
  AdwEntryRow    *note_row;
  GtkLabel       *note_hint_label;
  GtkCheckButton *blurry_check;
  GtkCheckButton *obscured_check;
  GtkCheckButton *not_holder_check;
  GtkCheckButton *mismatch_check;
  GtkCheckButton *edited_check;
  GtkCheckButton *other_check;
};

G_DEFINE_FINAL_TYPE (XuexinRejectDialog, xuexin_reject_dialog, ADW_TYPE_WINDOW)

enum {
  REJECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * xuexin_reject_dialog_get_reason_label:
 * @reason: a XUEXIN_REJECT_REASON_*
 *
 * Returns: the reviewer's words for @reason, as the dialog lists it
 */
const char *
xuexin_reject_dialog_get_reason_label (const char *reason)
{
  if (g_strcmp0 (reason, XUEXIN_REJECT_REASON_BLURRY) == 0)
    /* Translators: a reason to reject ID photos (模糊不清), without the mnemonic. */
    return _("Blurry");
  if (g_strcmp0 (reason, XUEXIN_REJECT_REASON_OBSCURED) == 0)
    /* Translators: a reason to reject ID photos (信息被遮挡), without the mnemonic. */
    return _("Information covered");
  if (g_strcmp0 (reason, XUEXIN_REJECT_REASON_NOT_HOLDER) == 0)
    /* Translators: a reason to reject ID photos (非本人手持), without the mnemonic. */
    return _("Not held by the applicant");
  if (g_strcmp0 (reason, XUEXIN_REJECT_REASON_MISMATCH) == 0)
    /* Translators: a reason to reject ID photos (证件与注册信息不符), without the mnemonic. */
    return _("ID does not match the registration");
  if (g_strcmp0 (reason, XUEXIN_REJECT_REASON_EDITED) == 0)
    /* Translators: a reason to reject ID photos (翻拍或经过编辑), without the mnemonic. */
    return _("Photographed from a screen or edited");
  /* "other", or a reason newer than the app. */
  /* Translators: a reason to reject ID photos (其他), without the mnemonic. */
  return _("Other");
}

const char *
xuexin_reject_dialog_get_reason (XuexinRejectDialog *self)
{
  const struct { GtkCheckButton *check; const char *reason; } reasons[] = {
    { self->blurry_check, XUEXIN_REJECT_REASON_BLURRY },
    { self->obscured_check, XUEXIN_REJECT_REASON_OBSCURED },
    { self->not_holder_check, XUEXIN_REJECT_REASON_NOT_HOLDER },
    { self->mismatch_check, XUEXIN_REJECT_REASON_MISMATCH },
    { self->edited_check, XUEXIN_REJECT_REASON_EDITED },
    { self->other_check, XUEXIN_REJECT_REASON_OTHER },
  };

  g_return_val_if_fail (XUEXIN_IS_REJECT_DIALOG (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (gtk_check_button_get_active (reasons[i].check))
      return reasons[i].reason;
  return NULL;
}

char *
xuexin_reject_dialog_get_note (XuexinRejectDialog *self)
{
  g_return_val_if_fail (XUEXIN_IS_REJECT_DIALOG (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_row))));
}

static void
update_actions (XuexinRejectDialog *self)
{
  /* Nothing to send before a reason is chosen; a missing note for
   * "other" is said in words when Reject is pressed. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reject-dialog.reject",
                                 !self->busy && xuexin_reject_dialog_get_reason (self) != NULL);
  gtk_widget_set_visible (self->spinner, self->busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), self->busy);
}

void
xuexin_reject_dialog_show_error (XuexinRejectDialog *self,
                                 const char         *message,
                                 gboolean            on_note)
{
  g_return_if_fail (XUEXIN_IS_REJECT_DIALOG (self));

  self->busy = FALSE;
  update_actions (self);
  xuexin_a11y_set_field_error (GTK_WIDGET (self->note_row), NULL);

  if (message == NULL)
    {
      xuexin_a11y_hide_alert (self->error_label);
      gtk_widget_set_visible (self->error_box, FALSE);
      return;
    }

  gtk_widget_set_visible (self->error_box, TRUE);
  xuexin_a11y_show_alert (self->error_label, message);
  if (on_note)
    {
      xuexin_a11y_set_field_error (GTK_WIDGET (self->note_row), GTK_WIDGET (self->error_label));
      gtk_widget_grab_focus (GTK_WIDGET (self->note_row));
    }
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  XuexinRejectDialog *self = XUEXIN_REJECT_DIALOG (widget);
  const char *reason = xuexin_reject_dialog_get_reason (self);
  g_autofree char *note = xuexin_reject_dialog_get_note (self);

  if (self->busy || reason == NULL)
    return;

  if (g_str_equal (reason, XUEXIN_REJECT_REASON_OTHER) && *note == '\0')
    {
      xuexin_reject_dialog_show_error (self, _("Write a note saying what is wrong with the photos: it is required when the reason is Other."), TRUE);
      return;
    }
  if (g_utf8_strlen (note, -1) > NOTE_MAX_CHARS)
    {
      g_autofree char *message = g_strdup_printf (_("The note is too long: shorten it to at most %u characters."), NOTE_MAX_CHARS);

      xuexin_reject_dialog_show_error (self, message, TRUE);
      return;
    }

  xuexin_reject_dialog_show_error (self, NULL, FALSE);
  self->busy = TRUE;
  update_actions (self);
  g_signal_emit (self, signals[REJECT], 0, reason, *note != '\0' ? note : NULL);
}

static void
reason_toggled_cb (XuexinRejectDialog *self)
{
  update_actions (self);
}

static void
note_changed_cb (XuexinRejectDialog *self)
{
  /* A refusal of the note was about what was there before. */
  if (gtk_widget_has_css_class (GTK_WIDGET (self->note_row), "error"))
    xuexin_reject_dialog_show_error (self, NULL, FALSE);
}

static void
note_activated_cb (XuexinRejectDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "reject-dialog.reject", NULL);
}

static void
xuexin_reject_dialog_class_init (XuexinRejectDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * XuexinRejectDialog::reject:
   * @reason: the XUEXIN_REJECT_REASON_* chosen
   * @note: (nullable): the note
   */
  signals[REJECT] =
    g_signal_new ("reject", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/review/xuexin-reject-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinRejectDialog, reject_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinRejectDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, XuexinRejectDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinRejectDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinRejectDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRejectDialog, note_hint_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinRejectDialog, blurry_check);
  gtk_widget_class_bind_template_child (widget_class, XuexinRejectDialog, obscured_check);
  gtk_widget_class_bind_template_child (widget_class, XuexinRejectDialog, not_holder_check);
  gtk_widget_class_bind_template_child (widget_class, XuexinRejectDialog, mismatch_check);
  gtk_widget_class_bind_template_child (widget_class, XuexinRejectDialog, edited_check);
  gtk_widget_class_bind_template_child (widget_class, XuexinRejectDialog, other_check);
  gtk_widget_class_bind_template_callback (widget_class, reason_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_activated_cb);

  gtk_widget_class_install_action (widget_class, "reject-dialog.reject", NULL, reject_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xuexin_reject_dialog_init (XuexinRejectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->note_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->note_hint_label, NULL,
                                  -1);
  update_actions (self);
}

XuexinRejectDialog *
xuexin_reject_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (XUEXIN_TYPE_REJECT_DIALOG,
                       "transient-for", parent,
                       NULL);
}
