/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "xuexin-find-username-result-page.h"

/* 找回用户名, last step: the login names found. *Sign In* takes the
 * first (the phone, in full) to the sign-in page. */
struct _XuexinFindUsernameResultPage
{
  XuexinPage           parent_instance;

  XuexinRecoveryDraft *draft;
  GtkStringList       *login_names;

  GtkListBox          *find_username_result_list;
};

G_DEFINE_FINAL_TYPE (XuexinFindUsernameResultPage, xuexin_find_username_result_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_find_username_result_page_new (XuexinRecoveryDraft *draft)
{
  XuexinFindUsernameResultPage *self = g_object_new (XUEXIN_TYPE_FIND_USERNAME_RESULT_PAGE, NULL);

  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

/* The service masks the ID number and the email (only the phone proved
 * itself), so they are told apart by their shape. */
static const char *
describe_login_name (const char *login_name)
{
  if (strchr (login_name, '@') != NULL)
    return _("Security email, partly hidden: sign in with the full address");
  if (strchr (login_name, '*') != NULL)
    return _("ID number, partly hidden: sign in with the full number");
  return _("Phone number");
}

static GtkWidget *
create_login_name_row (gpointer item,
                       gpointer user_data)
{
  const char *login_name = gtk_string_object_get_string (item);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), login_name);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), describe_login_name (login_name));

  return row;
}

static void
xuexin_find_username_result_page_shown (XuexinPage *page)
{
  XuexinFindUsernameResultPage *self = XUEXIN_FIND_USERNAME_RESULT_PAGE (page);
  g_auto(GStrv) login_names = NULL;

  g_object_get (self->draft, "login-names", &login_names, NULL);
  gtk_string_list_splice (self->login_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->login_names)),
                          (const char * const *) login_names);
  xuexin_page_set_complete (page, login_names != NULL && login_names[0] != NULL);
  /* Nothing to type here: the user starts on what was found. */
  xuexin_page_set_focus_widget (page, GTK_WIDGET (gtk_list_box_get_row_at_index (self->find_username_result_list, 0)));
}

static void
xuexin_find_username_result_page_dispose (GObject *object)
{
  XuexinFindUsernameResultPage *self = XUEXIN_FIND_USERNAME_RESULT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_FIND_USERNAME_RESULT_PAGE);
  g_clear_object (&self->draft);
  g_clear_object (&self->login_names);

  G_OBJECT_CLASS (xuexin_find_username_result_page_parent_class)->dispose (object);
}

static void
xuexin_find_username_result_page_class_init (XuexinFindUsernameResultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_find_username_result_page_dispose;
  page_class->shown = xuexin_find_username_result_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/recovery/xuexin-find-username-result-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinFindUsernameResultPage, find_username_result_list);
}

static void
xuexin_find_username_result_page_init (XuexinFindUsernameResultPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->login_names = gtk_string_list_new (NULL);
  gtk_list_box_bind_model (self->find_username_result_list, G_LIST_MODEL (self->login_names),
                           create_login_name_row, NULL, NULL);
}
