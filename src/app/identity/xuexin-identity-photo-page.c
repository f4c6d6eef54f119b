/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-application.h"
#include "xuexin-format.h"
#include "xuexin-handoff-dialog.h"
#include "xuexin-identity-photo-page.h"
#include "xuexin-photo-fit.h"

/* Path 2 (客服协助验证), one step per photo: 手持身份证, 人像面, 国徽面.
 * Each shows our drawing of a good photo and the requirements in words;
 * the photo is chosen through the file chooser portal or dropped on the
 * page, then checked and fitted under 300 KB on a worker thread
 * (xuexin-photo-fit.c) and shown as the reviewer will see it. *Next*
 * uploads it with a progress bar; Cancel stops the upload, and a failed
 * upload keeps the prepared photo for Try Again. "Take with Your Phone"
 * (用手机拍照上传) hands the three photos to the phone instead
 * (xuexin-handoff-dialog.c); on a kiosk it is the only way, as the
 * visitor's files are not on that computer. */
struct _XuexinIdentityPhotoPage
{
  XuexinPage           parent_instance;

  XuexinClient        *client;
  XuexinIdentityDraft *draft;
  char                *side;
  GCancellable        *fit_cancellable;

  GtkLabel            *photo_heading;
  GtkPicture          *example_picture;
  GtkLabel            *requirements_label;
  GtkStack            *photo_stack;
  GtkPicture          *preview_picture;
  GtkLabel            *size_label;
  GtkLabel            *photo_warning_label;
  GtkLabel            *upload_label;
  GtkProgressBar      *upload_progress;
  GtkWidget           *drop_box;
  GtkWidget           *choose_photo_button;
  GtkWidget           *choose_another_button;
  GtkWidget           *phone_button;
  GtkWidget           *phone_another_button;
  GtkLabel            *drop_label;
  GtkDropTarget       *drop_target;
  GtkWidget           *handoff_dialog;  /* weak */
  gboolean             kiosk;
};

G_DEFINE_FINAL_TYPE (XuexinIdentityPhotoPage, xuexin_identity_photo_page, XUEXIN_TYPE_PAGE)

static const struct
{
  const char *side;
  const char *title;
  const char *heading;
  const char *requirements;
  const char *example_resource;
  const char *example_name;
} sides[] = {
  { XUEXIN_CASE_SIDE_HANDHELD, N_("Hand-Held"), N_("You holding your ID card"),
    N_("• Hold the portrait side of the card below your chin, facing the camera.\n"
       "• Your whole face and the whole card are in the picture, in focus and evenly lit.\n"
       "• Your fingers do not cover any text or the photo on the card.\n"
       "• No hat, mask or sunglasses; no filters or editing."),
    "/io/github/xuexin/Assistant/identity/illustrations/id-handheld.svg",
    N_("Example of a good hand-held photo: a person holds the portrait side of the card below the chin") },
  { XUEXIN_CASE_SIDE_FRONT, N_("Portrait Side"), N_("The portrait side of your ID card"),
    N_("• The side with your photo, name and ID number (人像面).\n"
       "• The whole card, flat, filling most of the picture; all four corners visible.\n"
       "• Sharp and evenly lit: no glare on the text, no shadow across it.\n"
       "• The original card, not a photocopy or a photo of a screen."),
    "/io/github/xuexin/Assistant/identity/illustrations/id-front.svg",
    N_("Example of a good photo of the portrait side: the whole card, flat and sharp") },
  { XUEXIN_CASE_SIDE_BACK, N_("Emblem Side"), N_("The national emblem side of your ID card"),
    N_("• The side with the national emblem, the issuing authority and the validity period (国徽面).\n"
       "• The whole card, flat, filling most of the picture; all four corners visible.\n"
       "• The validity period can be read; the card has not expired.\n"
       "• The original card, not a photocopy or a photo of a screen."),
    "/io/github/xuexin/Assistant/identity/illustrations/id-back.svg",
    N_("Example of a good photo of the national emblem side: the whole card, flat and sharp") },
};

static guint
side_index (const char *side)
{
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    if (g_strcmp0 (sides[i].side, side) == 0)
      return i;
  g_return_val_if_reached (0);
}

/* Switches between no photo, working and the photo, keeping the keyboard
 * focus on the page: the button that had it may be the one hidden. */
static void
show_state (XuexinIdentityPhotoPage *self,
            const char              *state)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *target = g_str_equal (state, "ready")
                      ? (self->kiosk ? self->phone_another_button : self->choose_another_button)
                      : (self->kiosk ? self->phone_button : self->choose_photo_button);
  /* The stack's button hid under the focus, which went up to the page's
   * scroller: bring it back down. */
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));

  gtk_stack_set_visible_child_name (self->photo_stack, state);
  xuexin_page_set_focus_widget (XUEXIN_PAGE (self), target);
  if ((had_focus || focus == NULL) && !g_str_equal (state, "working") && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (target);
}

static void
update_complete (XuexinIdentityPhotoPage *self)
{
  xuexin_page_set_complete (XUEXIN_PAGE (self),
                            xuexin_identity_draft_get_photo (self->draft, self->side) != NULL
                            && gtk_stack_get_visible_child_name (self->photo_stack) != NULL
                            && g_str_equal (gtk_stack_get_visible_child_name (self->photo_stack), "ready"));
}

/* The prepared photo as the reviewer will see it, and what was done. */
static void
show_photo (XuexinIdentityPhotoPage *self,
            XuexinFittedPhoto       *photo)
{
  g_autofree char *final_size = g_format_size (xuexin_fitted_photo_get_size (photo));
  g_autofree char *original_size = g_format_size (xuexin_fitted_photo_get_original_size (photo));
  g_autofree char *size_text = NULL;
  g_autofree char *preview_name = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  XuexinPhotoWarnings warnings = xuexin_fitted_photo_get_warnings (photo);
  const char *warning = NULL;

  texture = gdk_texture_new_for_pixbuf (xuexin_fitted_photo_get_preview (photo));
  gtk_picture_set_paintable (self->preview_picture, GDK_PAINTABLE (texture));
  /* Translators: the photo as it will be sent, for screen readers. */
  preview_name = g_strdup_printf (_("Your photo of: %s"), _(sides[side_index (self->side)].heading));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview_picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, preview_name, -1);

  if (xuexin_fitted_photo_get_size (photo) < xuexin_fitted_photo_get_original_size (photo))
    /* Translators: "已自动压缩至 186 KB": the first %s is the new size, the second the original's. */
    size_text = g_strdup_printf (_("Compressed automatically to %s (from %s), %u × %u pixels, all metadata removed."),
                                 final_size, original_size,
                                 xuexin_fitted_photo_get_width (photo), xuexin_fitted_photo_get_height (photo));
  else
    /* Translators: %s is the size of the photo as it will be sent. */
    size_text = g_strdup_printf (_("Ready to send: %s, %u × %u pixels, all metadata removed."),
                                 final_size, xuexin_fitted_photo_get_width (photo), xuexin_fitted_photo_get_height (photo));
  gtk_label_set_label (self->size_label, size_text);

  if ((warnings & XUEXIN_PHOTO_WARNING_BLURRY) && (warnings & XUEXIN_PHOTO_WARNING_DARK))
    warning = _("This photo looks blurred and dark. The help desk may not be able to read the card: take it again in good light, holding the camera still. You can still send it.");
  else if (warnings & XUEXIN_PHOTO_WARNING_BLURRY)
    warning = _("This photo looks blurred. The help desk may not be able to read the card: take it again holding the camera still, close enough to focus. You can still send it.");
  else if (warnings & XUEXIN_PHOTO_WARNING_DARK)
    warning = _("This photo looks dark. The help desk may not be able to read the card: take it again in daylight or under a bright lamp. You can still send it.");

  gtk_widget_set_visible (GTK_WIDGET (self->photo_warning_label), warning != NULL);
  if (warning != NULL)
    {
      gtk_label_set_label (self->photo_warning_label, warning);
      xuexin_a11y_announce (GTK_WIDGET (self), warning);
    }
  else
    xuexin_a11y_announce (GTK_WIDGET (self), size_text);

  gtk_widget_set_visible (GTK_WIDGET (self->upload_progress), FALSE);
  gtk_label_set_label (self->upload_label,
                       xuexin_identity_draft_get_photo_uploaded (self->draft, self->side)
                       ? _("Uploaded.") : _("Not uploaded yet: Next uploads it."));
  show_state (self, "ready");
  update_complete (self);
}

static void
fit_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(XuexinIdentityPhotoPage) self = user_data;
  g_autoptr(XuexinFittedPhoto) photo = NULL;
  g_autoptr(GError) error = NULL;
  XuexinFittedPhoto *previous;

  photo = xuexin_photo_fit_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->draft == NULL)
    return;

  if (photo == NULL)
    {
      /* The photo before stays, if there was one: nothing is lost. */
      previous = xuexin_identity_draft_get_photo (self->draft, self->side);
      if (previous != NULL)
        show_photo (self, previous);
      else
        show_state (self, "empty");
      xuexin_page_set_error (XUEXIN_PAGE (self), error->message, _("Choose _Another Photo…"), "identity-photo.choose");
      update_complete (self);
      return;
    }

  xuexin_page_clear_error (XUEXIN_PAGE (self));
  xuexin_identity_draft_set_photo (self->draft, self->side, photo);
  show_photo (self, photo);
}

/**
 * xuexin_identity_photo_page_load_file:
 *
 * Checks and fits @file on a worker thread and shows the result; what
 * the file chooser and a drop both do.
 */
void
xuexin_identity_photo_page_load_file (XuexinIdentityPhotoPage *self,
                                      GFile                   *file)
{
  g_return_if_fail (XUEXIN_IS_IDENTITY_PHOTO_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->fit_cancellable);
  g_clear_object (&self->fit_cancellable);
  self->fit_cancellable = g_cancellable_new ();

  xuexin_page_clear_error (XUEXIN_PAGE (self));
  show_state (self, "working");
  xuexin_page_set_complete (XUEXIN_PAGE (self), FALSE);
  xuexin_photo_fit_async (file, self->fit_cancellable, fit_cb, g_object_ref (self));
}

#if GTK_CHECK_VERSION (4, 10, 0)
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
file_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(XuexinIdentityPhotoPage) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, NULL);

  if (file != NULL && self->draft != NULL)
    xuexin_identity_photo_page_load_file (self, file);
}
G_GNUC_END_IGNORE_DEPRECATIONS
#else
static void
file_chooser_response_cb (GtkNativeDialog         *chooser,
                          int                      response,
                          XuexinIdentityPhotoPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        xuexin_identity_photo_page_load_file (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}
#endif

static GtkFileFilter *
photo_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Photos (JPEG, PNG)"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  return filter;
}

/* Through the portal where one runs (Flatpak, GNOME), so the app never
 * sees the user's other files. */
static void
open_file_chooser (XuexinIdentityPhotoPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = photo_filter_new ();
  /* Translators: the file chooser's title; %s is e.g. "Portrait Side". */
  g_autofree char *title = g_strdup_printf (_("Choose a Photo: %s"), _(sides[side_index (self->side)].title));

#if GTK_CHECK_VERSION (4, 10, 0)
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_open (dialog, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                        file_dialog_cb, g_object_ref (self));
G_GNUC_END_IGNORE_DEPRECATIONS
#else
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
#endif
}

static void
photo_received_cb (XuexinIdentityPhotoPage *self,
                   const char              *side)
{
  XuexinFittedPhoto *photo = xuexin_identity_draft_get_photo (self->draft, self->side);

  if (g_strcmp0 (side, self->side) == 0 && photo != NULL)
    {
      xuexin_page_clear_error (XUEXIN_PAGE (self));
      show_photo (self, photo);
    }
}

static void
use_phone_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  XuexinIdentityPhotoPage *self = XUEXIN_IDENTITY_PHOTO_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  XuexinHandoffDialog *dialog;

  if (self->handoff_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->handoff_dialog));
      return;
    }

  dialog = xuexin_handoff_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->client, self->draft);
  g_set_weak_pointer (&self->handoff_dialog, GTK_WIDGET (dialog));
  g_signal_connect_object (dialog, "photo-received", G_CALLBACK (photo_received_cb), self, G_CONNECT_SWAPPED);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  /* A kiosk has none of the visitor's files: the phone takes it. */
  if (XUEXIN_IDENTITY_PHOTO_PAGE (widget)->kiosk)
    gtk_widget_activate_action (widget, "identity-photo.use-phone", NULL);
  else
    open_file_chooser (XUEXIN_IDENTITY_PHOTO_PAGE (widget));
}

static gboolean
drop_cb (GtkDropTarget           *target,
         const GValue            *value,
         double                   x,
         double                   y,
         XuexinIdentityPhotoPage *self)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      file = files != NULL ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;

  xuexin_identity_photo_page_load_file (self, file);
  return TRUE;
}

typedef struct
{
  XuexinIdentityPhotoPage *self;
} UploadProgress;

static void
upload_progress_cb (guint64  bytes_sent,
                    guint64  bytes_total,
                    gpointer user_data)
{
  XuexinIdentityPhotoPage *self = user_data;
  g_autofree char *sent = g_format_size (bytes_sent);
  g_autofree char *total = g_format_size (bytes_total);
  g_autofree char *text = NULL;

  if (self->upload_progress == NULL)
    return;

  gtk_progress_bar_set_fraction (self->upload_progress, bytes_total > 0 ? (double) bytes_sent / bytes_total : 0.0);
  /* Translators: an upload's progress, e.g. "Uploading: 120 kB of 186 kB". */
  text = g_strdup_printf (_("Uploading: %s of %s"), sent, total);
  gtk_progress_bar_set_text (self->upload_progress, text);
}

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  XuexinIdentityPhotoPage *self = g_task_get_source_object (task);
  g_autoptr(XuexinReviewCase) review_case = NULL;
  g_autoptr(GError) error = NULL;
  const char *message = NULL;

  review_case = xuexin_client_upload_case_photo_finish (XUEXIN_CLIENT (object), result, &error);
  gtk_widget_set_visible (GTK_WIDGET (self->upload_progress), FALSE);

  if (review_case != NULL)
    {
      xuexin_identity_draft_set_photo_uploaded (self->draft, self->side, TRUE);
      gtk_label_set_label (self->upload_label, _("Uploaded."));
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_label (self->upload_label, _("Upload cancelled. Your photo is kept: Next uploads it again."));
      xuexin_a11y_announce (GTK_WIDGET (self), gtk_label_get_label (self->upload_label));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_PHOTO_REJECTED))
    message = _("The help desk already turned down this exact photo. Take a new one that meets the requirements above.");
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_PHOTO_INVALID)
           || xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_PHOTO_TOO_LARGE))
    message = _("The account service could not use this photo. Choose another photo of the card.");
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_OPEN))
    message = _("Your photos are already with the help desk. Wait for their decision; you can follow it on the review progress page.");

  if (message != NULL)
    {
      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      if (error->code != XUEXIN_ERROR_CODE_CASE_OPEN)
        xuexin_page_set_error (XUEXIN_PAGE (self), message, _("Choose _Another Photo…"), "identity-photo.choose");
      return;
    }

  /* Network and server failures: the photo stays for Try Again. */
  gtk_label_set_label (self->upload_label, _("Not uploaded. Your photo is kept."));
  if (error->domain != XUEXIN_API_ERROR)
    {
      g_autofree char *text = g_strdup (error->message);

      g_task_return_error (task, g_steal_pointer (&error));
      xuexin_page_set_error (XUEXIN_PAGE (self), text, _("_Try Again"), "assistant.next");
      return;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
xuexin_identity_photo_page_apply_async (XuexinPage          *page,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  XuexinIdentityPhotoPage *self = XUEXIN_IDENTITY_PHOTO_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  XuexinFittedPhoto *photo = xuexin_identity_draft_get_photo (self->draft, self->side);

  g_task_set_source_tag (task, xuexin_identity_photo_page_apply_async);

  /* Back and on again: the service already has this one. */
  if (xuexin_identity_draft_get_photo_uploaded (self->draft, self->side))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  gtk_progress_bar_set_fraction (self->upload_progress, 0.0);
  gtk_progress_bar_set_text (self->upload_progress, _("Uploading…"));
  gtk_widget_set_visible (GTK_WIDGET (self->upload_progress), TRUE);
  gtk_label_set_label (self->upload_label, _("Uploading. Cancel stops the upload; your photo is kept."));

  xuexin_client_upload_case_photo_async (self->client, self->side, xuexin_fitted_photo_get_bytes (photo),
                                         upload_progress_cb, g_object_ref (self), g_object_unref,
                                         cancellable, upload_cb, g_steal_pointer (&task));
}

static void
xuexin_identity_photo_page_shown (XuexinPage *page)
{
  XuexinIdentityPhotoPage *self = XUEXIN_IDENTITY_PHOTO_PAGE (page);
  XuexinFittedPhoto *photo = xuexin_identity_draft_get_photo (self->draft, self->side);

  /* After a rejection the draft forgot the photos: start afresh. */
  if (photo != NULL)
    show_photo (self, photo);
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->photo_stack), "working") != 0)
    show_state (self, "empty");
  update_complete (self);
}

/* Drawn at twice its size, so that it stays sharp on a HiDPI screen.
 * The drawings begin with <svg>: from a resource, gdk-pixbuf knows an
 * SVG by its first bytes alone (no file name to go by). */
static void
show_example (XuexinIdentityPhotoPage *self,
              const char              *resource)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = gdk_pixbuf_new_from_resource_at_scale (resource, 640, 400, TRUE, &error);
  if (pixbuf == NULL)
    {
      g_warning ("The example drawing %s does not load: %s", resource, error->message);
      return;
    }

  texture = gdk_texture_new_for_pixbuf (pixbuf);
  gtk_picture_set_paintable (self->example_picture, GDK_PAINTABLE (texture));
}

XuexinPage *
xuexin_identity_photo_page_new (XuexinClient        *client,
                                XuexinIdentityDraft *draft,
                                const char          *side)
{
  XuexinIdentityPhotoPage *self = g_object_new (XUEXIN_TYPE_IDENTITY_PHOTO_PAGE, NULL);
  guint i = side_index (side);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);
  self->side = g_strdup (side);

  xuexin_page_set_title (XUEXIN_PAGE (self), _(sides[i].title));
  gtk_label_set_label (self->photo_heading, _(sides[i].heading));
  gtk_label_set_label (self->requirements_label, _(sides[i].requirements));
  show_example (self, sides[i].example_resource);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->example_picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(sides[i].example_name), -1);

  self->kiosk = XUEXIN_IS_APPLICATION (g_application_get_default ()) &&
                xuexin_application_is_kiosk (XUEXIN_APPLICATION (g_application_get_default ()));
  if (self->kiosk)
    {
      /* No file chooser and no drop: the visitor's phone takes them. */
      gtk_widget_set_visible (self->choose_photo_button, FALSE);
      gtk_widget_set_visible (self->choose_another_button, FALSE);
      gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->drop_target), GTK_PHASE_NONE);
      gtk_widget_add_css_class (self->phone_button, "suggested-action");
      gtk_label_set_label (self->drop_label,
                           _("Take the photos with your phone: it shows a code to scan, and your phone's camera "
                             "takes all three photos and sends them here."));
      xuexin_page_set_focus_widget (XUEXIN_PAGE (self), self->phone_button);
    }

  return XUEXIN_PAGE (self);
}

const char *
xuexin_identity_photo_page_get_side (XuexinIdentityPhotoPage *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PHOTO_PAGE (self), NULL);

  return self->side;
}

static void
xuexin_identity_photo_page_dispose (GObject *object)
{
  XuexinIdentityPhotoPage *self = XUEXIN_IDENTITY_PHOTO_PAGE (object);

  g_cancellable_cancel (self->fit_cancellable);
  g_clear_object (&self->fit_cancellable);
  g_clear_weak_pointer (&self->handoff_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_IDENTITY_PHOTO_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_identity_photo_page_parent_class)->dispose (object);
}

static void
xuexin_identity_photo_page_finalize (GObject *object)
{
  XuexinIdentityPhotoPage *self = XUEXIN_IDENTITY_PHOTO_PAGE (object);

  g_free (self->side);

  G_OBJECT_CLASS (xuexin_identity_photo_page_parent_class)->finalize (object);
}

static void
xuexin_identity_photo_page_class_init (XuexinIdentityPhotoPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_identity_photo_page_dispose;
  object_class->finalize = xuexin_identity_photo_page_finalize;
  page_class->shown = xuexin_identity_photo_page_shown;
  page_class->apply_async = xuexin_identity_photo_page_apply_async;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/identity/xuexin-identity-photo-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, photo_heading);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, example_picture);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, requirements_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, photo_stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, preview_picture);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, size_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, photo_warning_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, upload_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, upload_progress);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, drop_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, choose_photo_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, choose_another_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, phone_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, phone_another_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityPhotoPage, drop_label);

  gtk_widget_class_install_action (widget_class, "identity-photo.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "identity-photo.use-phone", NULL, use_phone_action);
}

static void
xuexin_identity_photo_page_init (XuexinIdentityPhotoPage *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));
  xuexin_page_set_focus_widget (XUEXIN_PAGE (self), self->choose_photo_button);

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  /* The whole page takes the drop, not only the box that invites it. */
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  self->drop_target = target;
}
