/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-format.h"
#include "xuexin-identity-fields.h"
#include "xuexin-identity-records-page.h"
#include "xuexin-school-chooser.h"

/* Path 4, 提供学籍或学历信息: a current student (在校生) gives school,
 * student number, enrollment year and level; a graduate (毕业生) school,
 * certificate number, graduation year and level. The service matches
 * them against the records of the account's own name and ID number and
 * never says which part was wrong, so neither does this page. */
struct _XuexinIdentityRecordsPage
{
  XuexinPage           parent_instance;

  XuexinClient        *client;
  XuexinIdentityDraft *draft;

  GtkToggleButton     *student_button;
  GtkToggleButton     *graduate_button;
  XuexinSchoolChooser *school_chooser;
  AdwEntryRow         *number_row;
  AdwEntryRow         *year_row;
  AdwComboRow         *level_row;
  GtkLabel            *records_hint_label;
  GtkLabel            *attempts_label;
};

G_DEFINE_FINAL_TYPE (XuexinIdentityRecordsPage, xuexin_identity_records_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_identity_records_page_new (XuexinClient        *client,
                                  XuexinIdentityDraft *draft)
{
  XuexinIdentityRecordsPage *self = g_object_new (XUEXIN_TYPE_IDENTITY_RECORDS_PAGE, NULL);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);
  xuexin_school_chooser_set_client (self->school_chooser, client);

  return XUEXIN_PAGE (self);
}

static gboolean
is_graduate (XuexinIdentityRecordsPage *self)
{
  return gtk_toggle_button_get_active (self->graduate_button);
}

static void
show_attempts (XuexinIdentityRecordsPage *self,
               guint                      remaining)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (ngettext ("%u attempt left today. After that, this way is closed for 24 hours from your first attempt.",
                                    "%u attempts left today. After that, this way is closed for 24 hours from your first attempt.",
                                    remaining), remaining);
  gtk_label_set_label (self->attempts_label, text);
}

static void
fields_changed_cb (XuexinIdentityRecordsPage *self)
{
  gboolean graduate = is_graduate (self);
  g_autofree char *school = g_strstrip (g_strdup (xuexin_school_chooser_get_text (self->school_chooser)));
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_row))));
  g_autofree char *year_hint = NULL;
  gboolean year_ok;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->number_row),
                                 graduate ? _("Certificate number") : _("Student number"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->year_row),
                                 graduate ? _("Graduation year") : _("Enrollment year"));

  year_ok = xuexin_check_year_field (gtk_editable_get_text (GTK_EDITABLE (self->year_row)),
                                     graduate ? XUEXIN_YEAR_KIND_GRADUATION : XUEXIN_YEAR_KIND_ENROLLMENT,
                                     NULL, &year_hint);

  xuexin_a11y_show_field_hint (self->records_hint_label, year_hint,
                               year_hint != NULL ? GTK_WIDGET (self->year_row) : NULL,
                               xuexin_school_chooser_get_entry (self->school_chooser),
                               GTK_WIDGET (self->number_row), GTK_WIDGET (self->year_row), NULL);

  xuexin_page_set_complete (XUEXIN_PAGE (self),
                            *school != '\0' && g_utf8_strlen (school, -1) <= 100
                            && *number != '\0' && g_utf8_strlen (number, -1) <= 64
                            && year_ok);
}

static void
kind_toggled_cb (XuexinIdentityRecordsPage *self)
{
  fields_changed_cb (self);
}

/* Enter in the number submits as Enter in the year does: after a refusal
 * a keyboard user corrects the number and presses Enter right there. */
static void
field_activated_cb (XuexinIdentityRecordsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
xuexin_identity_records_page_shown (XuexinPage *page)
{
  XuexinIdentityRecordsPage *self = XUEXIN_IDENTITY_RECORDS_PAGE (page);
  XuexinIdentityState *state = xuexin_identity_draft_get_state (self->draft);
  XuexinIdentityPath *entry = state != NULL ? xuexin_identity_state_get_path (state, XUEXIN_IDENTITY_PATH_RECORDS) : NULL;

  if (entry != NULL)
    show_attempts (self, xuexin_identity_path_get_remaining (entry));
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  XuexinIdentityRecordsPage *self = g_task_get_source_object (task);
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  guint cancelled = 0;

  account = xuexin_client_verify_by_records_finish (XUEXIN_CLIENT (object), result, &cancelled, &error);
  if (account != NULL)
    {
      xuexin_identity_draft_set_verified (self->draft, account, cancelled);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_VERIFICATION_FAILED))
    {
      gint remaining = MAX (xuexin_client_error_get_remaining_attempts (error), 0);
      g_autofree char *message = NULL;

      /* Whatever was wrong, the same words: the service does not say
       * which part failed, and guessing would mislead. */
      message = g_strdup_printf (ngettext ("These details do not match the records of your name and ID number. Check each of them against your student card or certificate. %d attempt left today.",
                                           "These details do not match the records of your name and ID number. Check each of them against your student card or certificate. %d attempts left today.",
                                           remaining), remaining);
      show_attempts (self, remaining);
      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      if (remaining == 0)
        xuexin_page_set_error (XUEXIN_PAGE (self), message, _("Choose Another _Way"), "identity.choose");
      return;
    }

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    {
      g_autofree char *wait = xuexin_format_wait (xuexin_client_error_get_retry_after (error));
      g_autofree char *message = NULL;

      /* Translators: %s is a wait such as "5 hours". */
      message = g_strdup_printf (_("All of today's attempts with records are used. You can try again in %s, or verify another way now."), wait);
      show_attempts (self, 0);
      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      xuexin_page_set_error (XUEXIN_PAGE (self), message, _("Choose Another _Way"), "identity.choose");
      return;
    }

  /* Field refusals are marked on their field (see _init()); the flow
   * handles already_verified and account_cancelled. */
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
xuexin_identity_records_page_apply_async (XuexinPage          *page,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  XuexinIdentityRecordsPage *self = XUEXIN_IDENTITY_RECORDS_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  gboolean graduate = is_graduate (self);
  g_autofree char *school = g_strstrip (g_strdup (xuexin_school_chooser_get_text (self->school_chooser)));
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_row))));
  XuexinRecordsAnswer answer = { 0, };

  g_task_set_source_tag (task, xuexin_identity_records_page_apply_async);

  xuexin_check_year_field (gtk_editable_get_text (GTK_EDITABLE (self->year_row)),
                           graduate ? XUEXIN_YEAR_KIND_GRADUATION : XUEXIN_YEAR_KIND_ENROLLMENT,
                           &answer.year, NULL);
  answer.kind = graduate ? "degree" : "enrollment";
  answer.school = school;
  answer.number = number;
  answer.level = xuexin_level_row_get_level (self->level_row);

  xuexin_client_verify_by_records_async (self->client, &answer, cancellable,
                                         verify_cb, g_steal_pointer (&task));
}

static void
xuexin_identity_records_page_dispose (GObject *object)
{
  XuexinIdentityRecordsPage *self = XUEXIN_IDENTITY_RECORDS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_IDENTITY_RECORDS_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_identity_records_page_parent_class)->dispose (object);
}

static void
xuexin_identity_records_page_class_init (XuexinIdentityRecordsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_identity_records_page_dispose;
  page_class->shown = xuexin_identity_records_page_shown;
  page_class->apply_async = xuexin_identity_records_page_apply_async;

  g_type_ensure (XUEXIN_TYPE_SCHOOL_CHOOSER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/identity/xuexin-identity-records-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityRecordsPage, student_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityRecordsPage, graduate_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityRecordsPage, school_chooser);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityRecordsPage, number_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityRecordsPage, year_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityRecordsPage, level_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityRecordsPage, records_hint_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityRecordsPage, attempts_label);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_activated_cb);
}

static void
xuexin_identity_records_page_init (XuexinIdentityRecordsPage *self)
{
  XuexinPage *page = XUEXIN_PAGE (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  xuexin_level_row_setup (self->level_row, NULL);

  xuexin_page_add_field (page, "kind", GTK_WIDGET (self->student_button));
  xuexin_page_add_field (page, "school", xuexin_school_chooser_get_entry (self->school_chooser));
  xuexin_page_add_field (page, "student_number", GTK_WIDGET (self->number_row));
  xuexin_page_add_field (page, "certificate_number", GTK_WIDGET (self->number_row));
  xuexin_page_add_field (page, "enrollment_year", GTK_WIDGET (self->year_row));
  xuexin_page_add_field (page, "graduation_year", GTK_WIDGET (self->year_row));
  xuexin_page_add_field (page, "level", GTK_WIDGET (self->level_row));
  xuexin_page_set_focus_widget (page, GTK_WIDGET (self->student_button));
  fields_changed_cb (self);
}
