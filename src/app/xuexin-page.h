/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define XUEXIN_TYPE_PAGE (xuexin_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (XuexinPage, xuexin_page, XUEXIN, PAGE, AdwBin)

/**
 * XuexinPageClass:
 * @shown: the page became the visible one
 * @apply_async: does what the page's *Next* means (usually a request);
 *   a page without it is complete as soon as its fields are
 * @apply_finish: %FALSE with an error keeps the user on the page; the
 *   default propagates the boolean of a #GTask, which suits pages whose
 *   apply_async returns through one
 *
 * One step of an assistant, modelled on gnome-initial-setup's GisPage.
 * When a page is shown, the assistant puts the keyboard focus on the
 * page's focus widget (xuexin_page_set_focus_widget(); by default its
 * first editable field), or, after a refusal, on the field at fault.
 */
struct _XuexinPageClass
{
  AdwBinClass parent_class;

  void     (*shown)        (XuexinPage           *self);
  void     (*apply_async)  (XuexinPage           *self,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data);
  gboolean (*apply_finish) (XuexinPage           *self,
                            GAsyncResult         *result,
                            GError              **error);

  gpointer padding[8];
};

const char *xuexin_page_get_title          (XuexinPage           *self);
void        xuexin_page_set_title          (XuexinPage           *self,
                                            const char           *title);
gboolean    xuexin_page_get_complete       (XuexinPage           *self);
void        xuexin_page_set_complete       (XuexinPage           *self,
                                            gboolean              complete);
gboolean    xuexin_page_get_applying       (XuexinPage           *self);
const char *xuexin_page_get_next_label     (XuexinPage           *self);
void        xuexin_page_set_next_label     (XuexinPage           *self,
                                            const char           *next_label);
const char *xuexin_page_get_error          (XuexinPage           *self);
const char *xuexin_page_get_error_button   (XuexinPage           *self);
const char *xuexin_page_get_error_action   (XuexinPage           *self);
void        xuexin_page_set_error          (XuexinPage           *self,
                                            const char           *message,
                                            const char           *button_label,
                                            const char           *action_name);
void        xuexin_page_show_error         (XuexinPage           *self,
                                            const GError         *error);
void        xuexin_page_set_error_for_field (XuexinPage          *self,
                                            const char           *field,
                                            const char           *message,
                                            const char           *button_label,
                                            const char           *action_name);
void        xuexin_page_clear_error        (XuexinPage           *self);
GtkWidget  *xuexin_page_get_focus_widget   (XuexinPage           *self);
void        xuexin_page_set_focus_widget   (XuexinPage           *self,
                                            GtkWidget            *widget);
gboolean    xuexin_page_get_focus_on_next  (XuexinPage           *self);
void        xuexin_page_set_focus_on_next  (XuexinPage           *self,
                                            gboolean              focus_on_next);
void        xuexin_page_add_field          (XuexinPage           *self,
                                            const char           *field,
                                            GtkWidget            *widget);
GtkWidget  *xuexin_page_get_error_widget   (XuexinPage           *self);
void        xuexin_page_set_error_widget   (XuexinPage           *self,
                                            GtkWidget            *widget);
void        xuexin_page_shown              (XuexinPage           *self);
void        xuexin_page_apply_async        (XuexinPage           *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean    xuexin_page_apply_finish       (XuexinPage           *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
