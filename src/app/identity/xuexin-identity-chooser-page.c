/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-format.h"
#include "xuexin-identity-chooser-page.h"

/* 解决办法, first step: the four ways of FAQ 5 as rows, each with what it
 * needs, how long it takes and what is left of its limit today, read
 * from GET /me/identity. A way already started is named at the top with
 * a button that goes back to it. */
struct _XuexinIdentityChooserPage
{
  XuexinPage           parent_instance;

  XuexinClient        *client;
  XuexinIdentityDraft *draft;
  GCancellable        *cancellable;
  gboolean             resuming;

  GtkStack            *chooser_stack;
  GtkBox              *in_progress_box;
  GtkLabel            *in_progress_label;
  GtkButton           *in_progress_button;
  AdwActionRow        *app_row;
  AdwActionRow        *help_desk_row;
  AdwActionRow        *classmate_row;
  AdwActionRow        *records_row;
  GtkCheckButton      *app_check;
  GtkCheckButton      *help_desk_check;
  GtkCheckButton      *classmate_check;
  GtkCheckButton      *records_check;
};

G_DEFINE_FINAL_TYPE (XuexinIdentityChooserPage, xuexin_identity_chooser_page, XUEXIN_TYPE_PAGE)

static const struct
{
  const char *path;
  const char *name;
  const char *needs;
} path_texts[] = {
  { XUEXIN_IDENTITY_PATH_APP, N_("Self-verification in the mobile app"),
    N_("Needs the Xuexin mobile app on your phone, signed in with this account, and a live face check. Takes a few minutes.") },
  { XUEXIN_IDENTITY_PATH_HELP_DESK, N_("Help-desk review of ID photos"),
    N_("Needs three photos of your ID card: held in your hand, the portrait side and the national emblem side. A person at the help desk reviews them; you can follow the progress here.") },
  { XUEXIN_IDENTITY_PATH_CLASSMATE, N_("Confirmation by a university classmate"),
    N_("Needs a classmate from your school, enrollment year and level with an active account. Done as soon as they confirm from their inbox.") },
  { XUEXIN_IDENTITY_PATH_RECORDS, N_("Student status or degree records"),
    N_("Needs your school, student number or certificate number, year and level. Done at once when they match the records.") },
};

/**
 * xuexin_identity_path_get_display_name:
 *
 * Returns: the translated name of a path's API id, or %NULL
 */
static const char *
path_display_name (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (path_texts); i++)
    if (g_strcmp0 (path_texts[i].path, path) == 0)
      return _(path_texts[i].name);
  return NULL;
}

XuexinPage *
xuexin_identity_chooser_page_new (XuexinClient        *client,
                                  XuexinIdentityDraft *draft)
{
  XuexinIdentityChooserPage *self = g_object_new (XUEXIN_TYPE_IDENTITY_CHOOSER_PAGE, NULL);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

static GtkCheckButton *
check_for_path (XuexinIdentityChooserPage *self,
                const char                *path)
{
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_APP) == 0)
    return self->app_check;
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_HELP_DESK) == 0)
    return self->help_desk_check;
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_CLASSMATE) == 0)
    return self->classmate_check;
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_RECORDS) == 0)
    return self->records_check;
  return NULL;
}

static AdwActionRow *
row_for_path (XuexinIdentityChooserPage *self,
              const char                *path)
{
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_APP) == 0)
    return self->app_row;
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_HELP_DESK) == 0)
    return self->help_desk_row;
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_CLASSMATE) == 0)
    return self->classmate_row;
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_RECORDS) == 0)
    return self->records_row;
  return NULL;
}

static const char *
selected_path (XuexinIdentityChooserPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (path_texts); i++)
    {
      GtkCheckButton *check = check_for_path (self, path_texts[i].path);

      if (gtk_check_button_get_active (check) && gtk_widget_get_sensitive (GTK_WIDGET (check)))
        return path_texts[i].path;
    }
  return NULL;
}

static void
update_complete (XuexinIdentityChooserPage *self)
{
  xuexin_page_set_complete (XUEXIN_PAGE (self),
                            xuexin_identity_draft_get_state (self->draft) != NULL
                            && selected_path (self) != NULL);
}

static void
check_toggled_cb (XuexinIdentityChooserPage *self)
{
  update_complete (self);
}

/* What is left of the path's limit, or why it cannot be used now. */
static char *
describe_availability (XuexinIdentityPath *entry)
{
  const char *path = xuexin_identity_path_get_path (entry);
  guint remaining = xuexin_identity_path_get_remaining (entry);
  guint retry_after = xuexin_identity_path_get_retry_after (entry);

  if (!xuexin_identity_path_get_available (entry))
    return g_strdup (_("Not offered by this service at the moment."));

  if (remaining == 0 && retry_after > 0)
    {
      g_autofree char *wait = xuexin_format_wait (retry_after);

      /* Translators: %s is a wait such as "3 hours". */
      return g_strdup_printf (_("Nothing left for now. You can use this way again in %s."), wait);
    }

  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_HELP_DESK) == 0)
    return g_strdup_printf (ngettext ("%u submission left.", "%u submissions left.", remaining), remaining);
  if (g_strcmp0 (path, XUEXIN_IDENTITY_PATH_CLASSMATE) == 0)
    return g_strdup_printf (ngettext ("%u request left today.", "%u requests left today.", remaining), remaining);
  return g_strdup_printf (ngettext ("%u attempt left today.", "%u attempts left today.", remaining), remaining);
}

static void
show_state (XuexinIdentityChooserPage *self)
{
  XuexinIdentityState *state = xuexin_identity_draft_get_state (self->draft);
  const char *in_progress;

  if (state == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (path_texts); i++)
    {
      XuexinIdentityPath *entry = xuexin_identity_state_get_path (state, path_texts[i].path);
      AdwActionRow *row = row_for_path (self, path_texts[i].path);
      GtkCheckButton *check = check_for_path (self, path_texts[i].path);
      g_autofree char *availability = NULL;
      g_autofree char *subtitle = NULL;
      gboolean usable;

      availability = entry != NULL ? describe_availability (entry)
                                   : g_strdup (_("Not offered by this service at the moment."));
      subtitle = g_strdup_printf ("%s\n%s", _(path_texts[i].needs), availability);
      adw_action_row_set_subtitle (row, subtitle);

      /* A path with nothing left can still be resumed when it is the
       * one in progress (an open ticket holds its own attempt). */
      usable = entry != NULL && xuexin_identity_path_get_available (entry)
               && (xuexin_identity_path_get_remaining (entry) > 0
                   || g_strcmp0 (xuexin_identity_state_get_path_in_progress (state), path_texts[i].path) == 0);
      gtk_widget_set_sensitive (GTK_WIDGET (row), usable);
      if (!usable)
        gtk_check_button_set_active (check, FALSE);
    }

  in_progress = xuexin_identity_state_get_path_in_progress (state);
  gtk_widget_set_visible (GTK_WIDGET (self->in_progress_box), in_progress != NULL);
  if (in_progress != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a way to verify, e.g. "Help-desk review of ID photos". */
      text = g_strdup_printf (_("You have already started “%s”. Continue there, or choose another way below."),
                              path_display_name (in_progress));
      gtk_label_set_label (self->in_progress_label, text);
      if (selected_path (self) == NULL)
        gtk_check_button_set_active (check_for_path (self, in_progress), TRUE);
    }

  gtk_stack_set_visible_child_name (self->chooser_stack, "paths");
  update_complete (self);
}

static void
get_identity_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(XuexinIdentityChooserPage) self = user_data;
  g_autoptr(XuexinIdentityState) state = NULL;
  g_autoptr(GError) error = NULL;

  state = xuexin_client_get_identity_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (state == NULL)
    {
      gtk_stack_set_visible_child_name (self->chooser_stack, "failed");
      xuexin_page_show_error (XUEXIN_PAGE (self), error);
      xuexin_page_set_error (XUEXIN_PAGE (self), xuexin_page_get_error (XUEXIN_PAGE (self)),
                             _("_Try Again"), "identity-chooser.reload");
      return;
    }

  xuexin_page_clear_error (XUEXIN_PAGE (self));
  xuexin_identity_draft_set_state (self->draft, state);
  show_state (self);
}

/**
 * xuexin_identity_chooser_page_reload:
 *
 * Reads GET /me/identity again: limits, the path in progress and the
 * accounts the warning lists change while the user is away.
 */
void
xuexin_identity_chooser_page_reload (XuexinIdentityChooserPage *self)
{
  g_return_if_fail (XUEXIN_IS_IDENTITY_CHOOSER_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (xuexin_identity_draft_get_state (self->draft) == NULL)
    gtk_stack_set_visible_child_name (self->chooser_stack, "loading");
  xuexin_client_get_identity_async (self->client, self->cancellable,
                                    get_identity_cb, g_object_ref (self));
}

/**
 * xuexin_identity_chooser_page_select:
 *
 * Preselects @path, as when the user picked it on the account page.
 */
void
xuexin_identity_chooser_page_select (XuexinIdentityChooserPage *self,
                                     const char                *path)
{
  GtkCheckButton *check;

  g_return_if_fail (XUEXIN_IS_IDENTITY_CHOOSER_PAGE (self));

  check = check_for_path (self, path);
  if (check != NULL)
    gtk_check_button_set_active (check, TRUE);
}

static void
xuexin_identity_chooser_page_shown (XuexinPage *page)
{
  XuexinIdentityChooserPage *self = XUEXIN_IDENTITY_CHOOSER_PAGE (page);

  self->resuming = FALSE;
  xuexin_identity_chooser_page_reload (self);
}

static void
xuexin_identity_chooser_page_apply_async (XuexinPage          *page,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  XuexinIdentityChooserPage *self = XUEXIN_IDENTITY_CHOOSER_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  XuexinIdentityState *state = xuexin_identity_draft_get_state (self->draft);
  const char *path = selected_path (self);

  g_task_set_source_tag (task, xuexin_identity_chooser_page_apply_async);

  /* Going back to the path in progress: its warning was accepted when
   * it started; it is shown again, already ticked. */
  if (g_strcmp0 (path, xuexin_identity_state_get_path_in_progress (state)) == 0)
    xuexin_identity_draft_set_confirmed (self->draft, TRUE);
  else if (g_strcmp0 (path, xuexin_identity_draft_get_path (self->draft)) != 0)
    xuexin_identity_draft_set_confirmed (self->draft, FALSE);

  xuexin_identity_draft_set_path (self->draft, path);
  g_task_return_boolean (task, TRUE);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  XuexinIdentityChooserPage *self = XUEXIN_IDENTITY_CHOOSER_PAGE (widget);
  XuexinIdentityState *state = xuexin_identity_draft_get_state (self->draft);

  if (state == NULL || xuexin_identity_state_get_path_in_progress (state) == NULL)
    return;

  xuexin_identity_chooser_page_select (self, xuexin_identity_state_get_path_in_progress (state));
  gtk_widget_activate_action (widget, "assistant.next", NULL);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  xuexin_identity_chooser_page_reload (XUEXIN_IDENTITY_CHOOSER_PAGE (widget));
}

static void
xuexin_identity_chooser_page_dispose (GObject *object)
{
  XuexinIdentityChooserPage *self = XUEXIN_IDENTITY_CHOOSER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_IDENTITY_CHOOSER_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_identity_chooser_page_parent_class)->dispose (object);
}

static void
xuexin_identity_chooser_page_class_init (XuexinIdentityChooserPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_identity_chooser_page_dispose;
  page_class->shown = xuexin_identity_chooser_page_shown;
  page_class->apply_async = xuexin_identity_chooser_page_apply_async;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/identity/xuexin-identity-chooser-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityChooserPage, chooser_stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityChooserPage, in_progress_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityChooserPage, in_progress_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityChooserPage, in_progress_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityChooserPage, app_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityChooserPage, help_desk_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityChooserPage, classmate_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityChooserPage, records_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityChooserPage, app_check);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityChooserPage, help_desk_check);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityChooserPage, classmate_check);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityChooserPage, records_check);
  gtk_widget_class_bind_template_callback (widget_class, check_toggled_cb);

  gtk_widget_class_install_action (widget_class, "identity-chooser.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "identity-chooser.reload", NULL, reload_action);
}

static void
xuexin_identity_chooser_page_init (XuexinIdentityChooserPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (path_texts); i++)
    {
      AdwActionRow *row = row_for_path (self, path_texts[i].path);
      g_autofree char *title = g_strdup_printf ("%u. %s", i + 1, _(path_texts[i].name));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (row, _(path_texts[i].needs));
    }

  xuexin_page_set_focus_widget (XUEXIN_PAGE (self), GTK_WIDGET (self->app_check));
}
