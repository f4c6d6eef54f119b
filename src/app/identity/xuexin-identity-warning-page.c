/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-identity-warning-page.h"

/* The warning FAQ 5 requires before any path starts: success cancels
 * the other accounts of this ID number (listed, masked, with their
 * dates) and temporarily affects 研招推免, 统考, 自主招生 and
 * 兵役登记/应征报名 entries. The user ticks a box to go on. */
struct _XuexinIdentityWarningPage
{
  XuexinPage           parent_instance;

  XuexinIdentityDraft *draft;

  AdwPreferencesGroup *others_group;
  AdwPreferencesGroup *affected_group;
  GtkLabel            *warning_label;
  GtkLabel            *careful_label;
  GtkCheckButton      *confirm_check;

  /* The rows added to the groups, to remove when shown again. */
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (XuexinIdentityWarningPage, xuexin_identity_warning_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_identity_warning_page_new (XuexinIdentityDraft *draft)
{
  XuexinIdentityWarningPage *self = g_object_new (XUEXIN_TYPE_IDENTITY_WARNING_PAGE, NULL);

  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

static void
add_row (XuexinIdentityWarningPage *self,
         AdwPreferencesGroup       *group,
         const char                *title,
         const char                *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static char *
describe_login_names (XuexinOtherAccount *other)
{
  const char *names[] = {
    xuexin_other_account_get_phone_masked (other),
    xuexin_other_account_get_id_number_masked (other),
    xuexin_other_account_get_email_masked (other),
  };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i] != NULL)
      g_strv_builder_add (builder, names[i]);

  parts = g_strv_builder_end (builder);
  /* Translators: the separator between an account's login names. */
  return g_strjoinv (_(" · "), parts);
}

static void
xuexin_identity_warning_page_shown (XuexinPage *page)
{
  XuexinIdentityWarningPage *self = XUEXIN_IDENTITY_WARNING_PAGE (page);
  XuexinIdentityState *state = xuexin_identity_draft_get_state (self->draft);
  GListModel *others;
  GListModel *affected;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  gtk_check_button_set_active (self->confirm_check, xuexin_identity_draft_get_confirmed (self->draft));
  if (state == NULL)
    return;

  others = xuexin_identity_state_get_other_accounts (state);
  for (guint i = 0; i < g_list_model_get_n_items (others); i++)
    {
      g_autoptr(XuexinOtherAccount) other = g_list_model_get_item (others, i);
      g_autofree char *names = describe_login_names (other);
      g_autofree char *date = g_date_time_format (xuexin_other_account_get_created_at (other), "%Y-%m-%d");
      /* Translators: %s is a date. */
      g_autofree char *registered = g_strdup_printf (_("Registered on %s"), date);

      add_row (self, self->others_group, names, registered);
    }
  if (g_list_model_get_n_items (others) == 0)
    add_row (self, self->others_group, _("No other account holds this ID number now"), NULL);

  affected = xuexin_identity_state_get_affected_entries (state);
  for (guint i = 0; i < g_list_model_get_n_items (affected); i++)
    {
      g_autoptr(XuexinAffectedEntry) entry = g_list_model_get_item (affected, i);

      add_row (self, self->affected_group,
               xuexin_affected_entry_get_entry (entry),
               xuexin_affected_entry_get_platform_name (entry));
    }
}

static void
confirm_toggled_cb (XuexinIdentityWarningPage *self)
{
  xuexin_page_set_complete (XUEXIN_PAGE (self), gtk_check_button_get_active (self->confirm_check));
}

static void
xuexin_identity_warning_page_apply_async (XuexinPage          *page,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  XuexinIdentityWarningPage *self = XUEXIN_IDENTITY_WARNING_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, xuexin_identity_warning_page_apply_async);
  xuexin_identity_draft_set_confirmed (self->draft, TRUE);
  g_task_return_boolean (task, TRUE);
}

static void
xuexin_identity_warning_page_dispose (GObject *object)
{
  XuexinIdentityWarningPage *self = XUEXIN_IDENTITY_WARNING_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_IDENTITY_WARNING_PAGE);
  g_clear_object (&self->draft);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (xuexin_identity_warning_page_parent_class)->dispose (object);
}

static void
xuexin_identity_warning_page_class_init (XuexinIdentityWarningPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_identity_warning_page_dispose;
  page_class->shown = xuexin_identity_warning_page_shown;
  page_class->apply_async = xuexin_identity_warning_page_apply_async;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/identity/xuexin-identity-warning-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityWarningPage, others_group);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityWarningPage, affected_group);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityWarningPage, warning_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityWarningPage, careful_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityWarningPage, confirm_check);
  gtk_widget_class_bind_template_callback (widget_class, confirm_toggled_cb);
}

static void
xuexin_identity_warning_page_init (XuexinIdentityWarningPage *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  xuexin_page_set_focus_widget (XUEXIN_PAGE (self), GTK_WIDGET (self->confirm_check));
  /* Ticking it, a screen reader user hears what it agrees to. GtkBuilder
   * of GTK 4.8 takes one object per relation, so in code. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->confirm_check),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->warning_label, self->careful_label, NULL,
                                  -1);
}
