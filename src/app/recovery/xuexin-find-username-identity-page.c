/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-api.h"
#include "xuexin-common.h"
#include "xuexin-find-username-identity-page.h"
#include "xuexin-form-checks.h"

#define ID_TYPE_RESIDENT 0

/* 找回用户名, first step: the name and ID number the account was
 * registered with. *Next* asks the service to send a code to the phone
 * of every account that has them (FAQ 2, 5, 6). */
struct _XuexinFindUsernameIdentityPage
{
  XuexinPage           parent_instance;

  XuexinClient        *client;
  XuexinRecoveryDraft *draft;

  AdwEntryRow         *find_username_name_row;
  AdwComboRow         *find_username_id_type_row;
  AdwEntryRow         *find_username_id_number_row;
  GtkLabel            *find_username_hint_label;
};

G_DEFINE_FINAL_TYPE (XuexinFindUsernameIdentityPage, xuexin_find_username_identity_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_find_username_identity_page_new (XuexinClient        *client,
                                        XuexinRecoveryDraft *draft)
{
  XuexinFindUsernameIdentityPage *self = g_object_new (XUEXIN_TYPE_FIND_USERNAME_IDENTITY_PAGE, NULL);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

static XuexinIdKind
xuexin_find_username_identity_page_get_id_kind (XuexinFindUsernameIdentityPage *self)
{
  if (adw_combo_row_get_selected (self->find_username_id_type_row) == ID_TYPE_RESIDENT)
    return XUEXIN_ID_KIND_RESIDENT;
  return XUEXIN_ID_KIND_OTHER;
}

static void
fields_changed_cb (XuexinFindUsernameIdentityPage *self)
{
  XuexinFormField wrong_field = XUEXIN_FORM_FIELD_NONE;
  const char *hint = NULL;
  gboolean complete;

  complete = xuexin_check_identity (gtk_editable_get_text (GTK_EDITABLE (self->find_username_name_row)),
                                    xuexin_find_username_identity_page_get_id_kind (self),
                                    gtk_editable_get_text (GTK_EDITABLE (self->find_username_id_number_row)),
                                    &hint, &wrong_field);

  xuexin_a11y_show_field_hint (self->find_username_hint_label, hint,
                               wrong_field == XUEXIN_FORM_FIELD_NAME ? GTK_WIDGET (self->find_username_name_row) :
                               wrong_field == XUEXIN_FORM_FIELD_ID_NUMBER ? GTK_WIDGET (self->find_username_id_number_row) : NULL,
                               GTK_WIDGET (self->find_username_name_row),
                               GTK_WIDGET (self->find_username_id_number_row), NULL);

  xuexin_page_set_complete (XUEXIN_PAGE (self), complete);
}

static void
id_number_activated_cb (XuexinFindUsernameIdentityPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
send_code_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  XuexinFindUsernameIdentityPage *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (xuexin_recovery_draft_send_code_finish (XUEXIN_RECOVERY_DRAFT (object), result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
    {
      const char *message = _("No account matches this name and ID number. Check both against "
                              "your ID document; if you never registered, register now.");

      /* The page shows a failed apply's error as the task returns; the
       * FAQ's remedy replaces the generic one right after. */
      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      xuexin_page_set_error (XUEXIN_PAGE (self), message, _("_Register"), "win.register");
      return;
    }

  /* The page marks the field the refusal names (see _init()). */
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
xuexin_find_username_identity_page_apply_async (XuexinPage          *page,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  XuexinFindUsernameIdentityPage *self = XUEXIN_FIND_USERNAME_IDENTITY_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  XuexinIdKind kind = xuexin_find_username_identity_page_get_id_kind (self);
  g_autofree char *name = NULL;
  g_autofree char *id_number = NULL;

  g_task_set_source_tag (task, xuexin_find_username_identity_page_apply_async);

  xuexin_name_validate (gtk_editable_get_text (GTK_EDITABLE (self->find_username_name_row)), &name);
  id_number = xuexin_normalize_id_number (gtk_editable_get_text (GTK_EDITABLE (self->find_username_id_number_row)), kind);
  g_object_set (self->draft,
                "name", name,
                "id-type", kind == XUEXIN_ID_KIND_RESIDENT ? "resident_id" : "other",
                "id-number", id_number,
                NULL);

  /* Back here and on again without a change: the code already sent is
   * still good, and asking for another this soon would be refused. */
  if (xuexin_recovery_draft_get_sent_to (self->draft) != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  xuexin_recovery_draft_send_code_async (self->draft, self->client, cancellable,
                                         send_code_cb, g_steal_pointer (&task));
}

static void
xuexin_find_username_identity_page_dispose (GObject *object)
{
  XuexinFindUsernameIdentityPage *self = XUEXIN_FIND_USERNAME_IDENTITY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_FIND_USERNAME_IDENTITY_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_find_username_identity_page_parent_class)->dispose (object);
}

static void
xuexin_find_username_identity_page_class_init (XuexinFindUsernameIdentityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_find_username_identity_page_dispose;
  page_class->apply_async = xuexin_find_username_identity_page_apply_async;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/recovery/xuexin-find-username-identity-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinFindUsernameIdentityPage, find_username_name_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinFindUsernameIdentityPage, find_username_id_type_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinFindUsernameIdentityPage, find_username_id_number_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinFindUsernameIdentityPage, find_username_hint_label);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, id_number_activated_cb);
}

static void
xuexin_find_username_identity_page_init (XuexinFindUsernameIdentityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  xuexin_page_add_field (XUEXIN_PAGE (self), "name", GTK_WIDGET (self->find_username_name_row));
  xuexin_page_add_field (XUEXIN_PAGE (self), "id_type", GTK_WIDGET (self->find_username_id_type_row));
  xuexin_page_add_field (XUEXIN_PAGE (self), "id_number", GTK_WIDGET (self->find_username_id_number_row));
  fields_changed_cb (self);
}
