/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "xuexin-a11y.h"
#include "xuexin-common.h"
#include "xuexin-format.h"
#include "xuexin-identity-classmate-page.h"
#include "xuexin-identity-fields.h"
#include "xuexin-school-chooser.h"

/* Path 3, 大学同班同学协助 (【发送协助请求】): who the classmate is (the
 * name and the phone or ID number of their account) and what you
 * shared (school, enrollment year, level). The service accepts only a
 * real classmate by the registry and says nothing about which part did
 * not match, so neither does this page. With requests already waiting,
 * the page says so and leads to them without sending another. */
struct _XuexinIdentityClassmatePage
{
  XuexinPage           parent_instance;

  XuexinClient        *client;
  XuexinIdentityDraft *draft;

  GtkBox              *waiting_box;
  GtkLabel            *waiting_label;
  AdwEntryRow         *classmate_name_row;
  AdwEntryRow         *classmate_login_row;
  XuexinSchoolChooser *school_chooser;
  AdwEntryRow         *enrollment_year_row;
  AdwComboRow         *classmate_level_row;
  GtkLabel            *classmate_hint_label;
  GtkLabel            *requests_left_label;

  /* Next without sending: the user only goes on to the requests. */
  gboolean             skip_sending;
};

G_DEFINE_FINAL_TYPE (XuexinIdentityClassmatePage, xuexin_identity_classmate_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_identity_classmate_page_new (XuexinClient        *client,
                                    XuexinIdentityDraft *draft)
{
  XuexinIdentityClassmatePage *self = g_object_new (XUEXIN_TYPE_IDENTITY_CLASSMATE_PAGE, NULL);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);
  xuexin_school_chooser_set_client (self->school_chooser, client);

  return XUEXIN_PAGE (self);
}

/* The phone number or ID number the classmate signs in with; an email
 * cannot be used (the service refuses it). */
static const char *
check_login_name (const char *text)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    return NULL;
  if (strchr (stripped, '@') != NULL)
    return _("Enter your classmate’s phone number or ID number; an email address cannot be used here.");
  if (xuexin_phone_validate (stripped, NULL) == XUEXIN_PHONE_OK
      || xuexin_id_number_validate (stripped, today, NULL) == XUEXIN_ID_NUMBER_OK)
    return NULL;
  /* Other documents (passports, permits) have no checksum to test:
   * letters and digits are all that can be checked here. */
  if (strlen (stripped) >= 6 && strlen (stripped) <= 64)
    {
      gboolean plausible = TRUE;

      for (const char *c = stripped; *c != '\0' && plausible; c++)
        plausible = g_ascii_isalnum (*c);
      if (plausible && !g_ascii_isdigit (stripped[0]))
        return NULL;
    }
  return _("This is neither a phone number nor an ID number. Enter the one your classmate signs in with.");
}

static void
fields_changed_cb (XuexinIdentityClassmatePage *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->classmate_name_row));
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->classmate_login_row));
  g_autofree char *school = g_strstrip (g_strdup (xuexin_school_chooser_get_text (self->school_chooser)));
  g_autofree char *year_hint = NULL;
  const char *hint = NULL;
  GtkWidget *at_fault = NULL;
  XuexinNameResult name_result = xuexin_name_validate (name, NULL);
  gboolean year_ok;

  year_ok = xuexin_check_year_field (gtk_editable_get_text (GTK_EDITABLE (self->enrollment_year_row)),
                                     XUEXIN_YEAR_KIND_ENROLLMENT, NULL, &year_hint);

  if (name_result != XUEXIN_NAME_OK && name_result != XUEXIN_NAME_EMPTY)
    {
      hint = xuexin_name_result_to_message (name_result);
      at_fault = GTK_WIDGET (self->classmate_name_row);
    }
  else if ((hint = check_login_name (login)) != NULL)
    at_fault = GTK_WIDGET (self->classmate_login_row);
  else if (year_hint != NULL)
    {
      hint = year_hint;
      at_fault = GTK_WIDGET (self->enrollment_year_row);
    }

  xuexin_a11y_show_field_hint (self->classmate_hint_label, hint, at_fault,
                               GTK_WIDGET (self->classmate_name_row), GTK_WIDGET (self->classmate_login_row),
                               xuexin_school_chooser_get_entry (self->school_chooser),
                               GTK_WIDGET (self->enrollment_year_row), NULL);

  self->skip_sending = FALSE;
  xuexin_page_set_next_label (XUEXIN_PAGE (self), _("_Send Request"));
  xuexin_page_set_complete (XUEXIN_PAGE (self),
                            name_result == XUEXIN_NAME_OK && *login != '\0' && check_login_name (login) == NULL
                            && *school != '\0' && g_utf8_strlen (school, -1) <= 100 && year_ok);
}

static void
year_activated_cb (XuexinIdentityClassmatePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
show_requests_left (XuexinIdentityClassmatePage *self,
                    XuexinIdentityPath          *entry)
{
  guint remaining = xuexin_identity_path_get_remaining (entry);
  guint open = xuexin_identity_path_get_open_requests (entry);
  guint open_limit = xuexin_identity_path_get_open_limit (entry);
  guint days = MAX (xuexin_identity_path_get_expires_in (entry) / 86400, 1);
  g_autofree char *today = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *text = NULL;

  today = g_strdup_printf (ngettext ("You can send %u more request today.", "You can send %u more requests today.", remaining), remaining);
  expiry = g_strdup_printf (ngettext ("A request waits %u day for an answer.", "A request waits %u days for an answer.", days), days);
  /* Translators: two sentences one after the other (Chinese needs no space between them). */
  text = g_strdup_printf (_("%s %s"), today, expiry);
  gtk_label_set_label (self->requests_left_label, text);

  gtk_widget_set_visible (GTK_WIDGET (self->waiting_box), open > 0);
  if (open > 0)
    {
      g_autofree char *waiting = NULL;

      waiting = g_strdup_printf (ngettext ("%u request is waiting for an answer (at most %u at a time).",
                                           "%u requests are waiting for an answer (at most %u at a time).", open),
                                 open, open_limit);
      gtk_label_set_label (self->waiting_label, waiting);
    }
}

static void
xuexin_identity_classmate_page_shown (XuexinPage *page)
{
  XuexinIdentityClassmatePage *self = XUEXIN_IDENTITY_CLASSMATE_PAGE (page);
  XuexinIdentityState *state = xuexin_identity_draft_get_state (self->draft);
  XuexinIdentityPath *entry = state != NULL ? xuexin_identity_state_get_path (state, XUEXIN_IDENTITY_PATH_CLASSMATE) : NULL;

  if (entry != NULL)
    show_requests_left (self, entry);
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(XuexinIdentityClassmatePage) self = user_data;
  g_autoptr(XuexinIdentityState) state = NULL;
  XuexinIdentityPath *entry;

  state = xuexin_client_get_identity_finish (XUEXIN_CLIENT (object), result, NULL);
  if (state == NULL || self->draft == NULL)
    return;

  xuexin_identity_draft_set_state (self->draft, state);
  entry = xuexin_identity_state_get_path (state, XUEXIN_IDENTITY_PATH_CLASSMATE);
  if (entry != NULL)
    show_requests_left (self, entry);
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  XuexinIdentityClassmatePage *self = g_task_get_source_object (task);
  g_autoptr(XuexinAssistanceRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  const char *message = NULL;

  request = xuexin_client_request_assistance_finish (XUEXIN_CLIENT (object), result, &error);
  if (request != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_CLASSMATE))
    message = _("The account service could not confirm this person as your classmate. Check that the name and the phone or ID number are those of your classmate’s own account, that the account is active, and that you both started at this school in this year. Every attempt counts towards today’s limit.");
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_TOO_MANY_OPEN_REQUESTS))
    message = _("Three of your requests are already waiting for an answer. Ask those classmates to open the inbox of their account, or wait until a request expires.");

  /* A refusal past the input checks counted: say what is left now. */
  if (message != NULL || xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    xuexin_client_get_identity_async (self->client, NULL, refreshed_cb, g_object_ref (self));

  if (message != NULL)
    {
      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      if (error->code == XUEXIN_ERROR_CODE_TOO_MANY_OPEN_REQUESTS)
        xuexin_page_set_error (XUEXIN_PAGE (self), message, _("See _Sent Requests"), "identity-classmate.requests");
      return;
    }

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    {
      g_autofree char *wait = xuexin_format_wait (xuexin_client_error_get_retry_after (error));
      g_autofree char *text = NULL;

      /* Translators: %s is a wait such as "5 h 10 min". */
      text = g_strdup_printf (_("Today’s requests are used up. You can send another in %s, or verify another way now."), wait);
      g_task_return_new_error (task, error->domain, error->code, "%s", text);
      xuexin_page_set_error (XUEXIN_PAGE (self), text, _("Choose Another _Way"), "identity.choose");
      return;
    }

  /* invalid_name and invalid_field are marked on their field. */
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
xuexin_identity_classmate_page_apply_async (XuexinPage          *page,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  XuexinIdentityClassmatePage *self = XUEXIN_IDENTITY_CLASSMATE_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *name = NULL;
  g_autofree char *login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->classmate_login_row))));
  g_autofree char *school = g_strstrip (g_strdup (xuexin_school_chooser_get_text (self->school_chooser)));
  XuexinAssistanceAsk ask = { 0, };

  g_task_set_source_tag (task, xuexin_identity_classmate_page_apply_async);

  if (self->skip_sending)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  xuexin_name_validate (gtk_editable_get_text (GTK_EDITABLE (self->classmate_name_row)), &name);
  xuexin_check_year_field (gtk_editable_get_text (GTK_EDITABLE (self->enrollment_year_row)),
                           XUEXIN_YEAR_KIND_ENROLLMENT, &ask.enrollment_year, NULL);
  ask.classmate_name = name;
  ask.classmate_login_name = login;
  ask.school = school;
  ask.level = xuexin_level_row_get_level (self->classmate_level_row);

  xuexin_client_request_assistance_async (self->client, &ask, cancellable, request_cb, g_steal_pointer (&task));
}

/* On to the sent requests without sending one more. */
static void
requests_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  XuexinIdentityClassmatePage *self = XUEXIN_IDENTITY_CLASSMATE_PAGE (widget);

  self->skip_sending = TRUE;
  xuexin_page_clear_error (XUEXIN_PAGE (self));
  xuexin_page_set_complete (XUEXIN_PAGE (self), TRUE);
  gtk_widget_activate_action (widget, "assistant.next", NULL);
}

static void
xuexin_identity_classmate_page_dispose (GObject *object)
{
  XuexinIdentityClassmatePage *self = XUEXIN_IDENTITY_CLASSMATE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_IDENTITY_CLASSMATE_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_identity_classmate_page_parent_class)->dispose (object);
}

static void
xuexin_identity_classmate_page_class_init (XuexinIdentityClassmatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_identity_classmate_page_dispose;
  page_class->shown = xuexin_identity_classmate_page_shown;
  page_class->apply_async = xuexin_identity_classmate_page_apply_async;

  g_type_ensure (XUEXIN_TYPE_SCHOOL_CHOOSER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/identity/xuexin-identity-classmate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityClassmatePage, waiting_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityClassmatePage, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityClassmatePage, classmate_name_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityClassmatePage, classmate_login_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityClassmatePage, school_chooser);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityClassmatePage, enrollment_year_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityClassmatePage, classmate_level_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityClassmatePage, classmate_hint_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityClassmatePage, requests_left_label);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, year_activated_cb);

  gtk_widget_class_install_action (widget_class, "identity-classmate.requests", NULL, requests_action);
}

static void
xuexin_identity_classmate_page_init (XuexinIdentityClassmatePage *self)
{
  XuexinPage *page = XUEXIN_PAGE (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Translators: the level may be left open: any level both share. */
  xuexin_level_row_setup (self->classmate_level_row, _("Any level we share"));
  adw_combo_row_set_selected (self->classmate_level_row, 0);

  xuexin_page_add_field (page, "classmate_name", GTK_WIDGET (self->classmate_name_row));
  xuexin_page_add_field (page, "classmate_login_name", GTK_WIDGET (self->classmate_login_row));
  xuexin_page_add_field (page, "school", xuexin_school_chooser_get_entry (self->school_chooser));
  xuexin_page_add_field (page, "enrollment_year", GTK_WIDGET (self->enrollment_year_row));
  xuexin_page_add_field (page, "level", GTK_WIDGET (self->classmate_level_row));
  fields_changed_cb (self);
}
