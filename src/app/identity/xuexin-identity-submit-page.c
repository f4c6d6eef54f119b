/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-format.h"
#include "xuexin-identity-submit-page.h"

/* Path 2, last step before the help desk: the three photos as they were
 * uploaded, then *Submit for Review*. Once submitted, the photos leave
 * the app's memory: the service has them, encrypted. */
struct _XuexinIdentitySubmitPage
{
  XuexinPage           parent_instance;

  XuexinClient        *client;
  XuexinIdentityDraft *draft;

  GtkPicture          *handheld_picture;
  GtkPicture          *front_picture;
  GtkPicture          *back_picture;
  GtkLabel            *handheld_label;
  GtkLabel            *front_label;
  GtkLabel            *back_label;
  GtkLabel            *submissions_label;
};

G_DEFINE_FINAL_TYPE (XuexinIdentitySubmitPage, xuexin_identity_submit_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_identity_submit_page_new (XuexinClient        *client,
                                 XuexinIdentityDraft *draft)
{
  XuexinIdentitySubmitPage *self = g_object_new (XUEXIN_TYPE_IDENTITY_SUBMIT_PAGE, NULL);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

static void
show_side (XuexinIdentitySubmitPage *self,
           const char               *side,
           GtkPicture               *picture,
           GtkLabel                 *label)
{
  XuexinFittedPhoto *photo = xuexin_identity_draft_get_photo (self->draft, side);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *size = NULL;

  if (photo == NULL)
    {
      gtk_picture_set_paintable (picture, NULL);
      gtk_label_set_label (label, _("Missing"));
      return;
    }

  texture = gdk_texture_new_for_pixbuf (xuexin_fitted_photo_get_preview (photo));
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  size = g_format_size (xuexin_fitted_photo_get_size (photo));
  gtk_label_set_label (label, size);
}

static void
xuexin_identity_submit_page_shown (XuexinPage *page)
{
  XuexinIdentitySubmitPage *self = XUEXIN_IDENTITY_SUBMIT_PAGE (page);
  XuexinIdentityState *state = xuexin_identity_draft_get_state (self->draft);
  XuexinIdentityPath *entry = state != NULL ? xuexin_identity_state_get_path (state, XUEXIN_IDENTITY_PATH_HELP_DESK) : NULL;

  show_side (self, XUEXIN_CASE_SIDE_HANDHELD, self->handheld_picture, self->handheld_label);
  show_side (self, XUEXIN_CASE_SIDE_FRONT, self->front_picture, self->front_label);
  show_side (self, XUEXIN_CASE_SIDE_BACK, self->back_picture, self->back_label);

  if (entry != NULL)
    {
      guint left = xuexin_identity_path_get_remaining (entry);
      g_autofree char *text = NULL;

      text = g_strdup_printf (ngettext ("You can submit %u more time in 6 hours. The help desk decides in the order cases arrive.",
                                        "You can submit %u more times in 6 hours. The help desk decides in the order cases arrive.",
                                        left), left);
      gtk_label_set_label (self->submissions_label, text);
    }
}

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  XuexinIdentitySubmitPage *self = g_task_get_source_object (task);
  g_autoptr(XuexinReviewCase) review_case = NULL;
  g_autoptr(GError) error = NULL;

  review_case = xuexin_client_submit_review_case_finish (XUEXIN_CLIENT (object), result, &error);
  /* Already with the help desk (submitted from elsewhere): on to its progress. */
  if (review_case != NULL || xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_OPEN))
    {
      xuexin_identity_draft_forget_photos (self->draft);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    {
      g_autofree char *wait = xuexin_format_wait (xuexin_client_error_get_retry_after (error));
      g_autofree char *message = NULL;

      /* Translators: %s is a wait such as "2 h 5 min". */
      message = g_strdup_printf (_("You have submitted five times in 6 hours. You can submit again in %s; your photos are kept until then if this window stays open."), wait);
      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      return;
    }

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_INCOMPLETE))
    {
      g_task_return_new_error (task, error->domain, error->code, "%s",
                               _("The help desk needs all three photos. Go back and upload the missing one."));
      return;
    }

  g_task_return_error (task, g_steal_pointer (&error));
  xuexin_page_set_error (XUEXIN_PAGE (self), xuexin_page_get_error (XUEXIN_PAGE (self)),
                         _("_Try Again"), "assistant.next");
}

static void
xuexin_identity_submit_page_apply_async (XuexinPage          *page,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  XuexinIdentitySubmitPage *self = XUEXIN_IDENTITY_SUBMIT_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, xuexin_identity_submit_page_apply_async);
  xuexin_client_submit_review_case_async (self->client, cancellable, submit_cb, g_steal_pointer (&task));
}

static void
xuexin_identity_submit_page_dispose (GObject *object)
{
  XuexinIdentitySubmitPage *self = XUEXIN_IDENTITY_SUBMIT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_IDENTITY_SUBMIT_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_identity_submit_page_parent_class)->dispose (object);
}

static void
xuexin_identity_submit_page_class_init (XuexinIdentitySubmitPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_identity_submit_page_dispose;
  page_class->shown = xuexin_identity_submit_page_shown;
  page_class->apply_async = xuexin_identity_submit_page_apply_async;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/identity/xuexin-identity-submit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentitySubmitPage, handheld_picture);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentitySubmitPage, front_picture);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentitySubmitPage, back_picture);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentitySubmitPage, handheld_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentitySubmitPage, front_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentitySubmitPage, back_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentitySubmitPage, submissions_label);
}

static void
xuexin_identity_submit_page_init (XuexinIdentitySubmitPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  xuexin_page_set_focus_on_next (XUEXIN_PAGE (self), TRUE);
}
