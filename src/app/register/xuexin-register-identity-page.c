/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-common.h"
#include "xuexin-form-checks.h"
#include "xuexin-register-identity-page.h"

#define ID_TYPE_RESIDENT 0

struct _XuexinRegisterIdentityPage
{
  XuexinPage               parent_instance;

  XuexinRegistrationDraft *draft;

  AdwEntryRow             *name_row;
  AdwComboRow             *id_type_row;
  AdwEntryRow             *id_number_row;
  GtkLabel                *hint_label;
  AdwPreferencesGroup     *reregister_group;
  GtkCheckButton          *reregister_check;
};

G_DEFINE_FINAL_TYPE (XuexinRegisterIdentityPage, xuexin_register_identity_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_register_identity_page_new (XuexinRegistrationDraft *draft)
{
  XuexinRegisterIdentityPage *self = g_object_new (XUEXIN_TYPE_REGISTER_IDENTITY_PAGE, NULL);

  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

/**
 * xuexin_register_identity_page_offer_reregister:
 *
 * The service said the ID number has an account: show what that means
 * and the 我要重新注册 check box.
 */
void
xuexin_register_identity_page_offer_reregister (XuexinRegisterIdentityPage *self)
{
  g_return_if_fail (XUEXIN_IS_REGISTER_IDENTITY_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->reregister_group), TRUE);
}

static XuexinIdKind
xuexin_register_identity_page_get_id_kind (XuexinRegisterIdentityPage *self)
{
  return adw_combo_row_get_selected (self->id_type_row) == ID_TYPE_RESIDENT ? XUEXIN_ID_KIND_RESIDENT
                                                                            : XUEXIN_ID_KIND_OTHER;
}

static void
fields_changed_cb (XuexinRegisterIdentityPage *self)
{
  XuexinFormField wrong_field = XUEXIN_FORM_FIELD_NONE;
  const char *hint = NULL;
  gboolean complete;

  complete = xuexin_check_identity (gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                    xuexin_register_identity_page_get_id_kind (self),
                                    gtk_editable_get_text (GTK_EDITABLE (self->id_number_row)),
                                    &hint, &wrong_field);

  xuexin_a11y_show_field_hint (self->hint_label, hint,
                               wrong_field == XUEXIN_FORM_FIELD_NAME ? GTK_WIDGET (self->name_row) :
                               wrong_field == XUEXIN_FORM_FIELD_ID_NUMBER ? GTK_WIDGET (self->id_number_row) : NULL,
                               GTK_WIDGET (self->name_row), GTK_WIDGET (self->id_number_row), NULL);

  xuexin_page_set_complete (XUEXIN_PAGE (self), complete);
}

static void
id_number_activated_cb (XuexinRegisterIdentityPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
xuexin_register_identity_page_apply_async (XuexinPage          *page,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  XuexinRegisterIdentityPage *self = XUEXIN_REGISTER_IDENTITY_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  XuexinIdKind kind = xuexin_register_identity_page_get_id_kind (self);
  g_autofree char *name = NULL;
  g_autofree char *id_number = NULL;
  gboolean resident = kind == XUEXIN_ID_KIND_RESIDENT;

  g_task_set_source_tag (task, xuexin_register_identity_page_apply_async);

  xuexin_name_validate (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), &name);
  id_number = xuexin_normalize_id_number (gtk_editable_get_text (GTK_EDITABLE (self->id_number_row)), kind);

  g_object_set (self->draft,
                "name", name,
                "id-type", resident ? "resident_id" : "other",
                "id-number", id_number,
                "reregister", gtk_check_button_get_active (self->reregister_check),
                NULL);
  g_task_return_boolean (task, TRUE);
}

static void
xuexin_register_identity_page_dispose (GObject *object)
{
  XuexinRegisterIdentityPage *self = XUEXIN_REGISTER_IDENTITY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_REGISTER_IDENTITY_PAGE);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_register_identity_page_parent_class)->dispose (object);
}

static void
xuexin_register_identity_page_class_init (XuexinRegisterIdentityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_register_identity_page_dispose;
  page_class->apply_async = xuexin_register_identity_page_apply_async;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/register/xuexin-register-identity-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterIdentityPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterIdentityPage, id_type_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterIdentityPage, id_number_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterIdentityPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterIdentityPage, reregister_group);
  gtk_widget_class_bind_template_child (widget_class, XuexinRegisterIdentityPage, reregister_check);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, id_number_activated_cb);
}

static void
xuexin_register_identity_page_init (XuexinRegisterIdentityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  xuexin_page_add_field (XUEXIN_PAGE (self), "name", GTK_WIDGET (self->name_row));
  xuexin_page_add_field (XUEXIN_PAGE (self), "id_type", GTK_WIDGET (self->id_type_row));
  xuexin_page_add_field (XUEXIN_PAGE (self), "id_number", GTK_WIDGET (self->id_number_row));
  fields_changed_cb (self);
}
