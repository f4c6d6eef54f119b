/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "qr/xuexin-qr-code.h"
#include "xuexin-a11y.h"
#include "xuexin-format.h"
#include "xuexin-handoff-dialog.h"
#include "xuexin-photo-fit.h"

/* 用手机拍照上传: the three ID photos of path 2 taken with the visitor's
 * phone. The service hands out a capability link to its mobile page
 * (POST /me/identity/case/handoff), shown as a QR code with the address
 * in text; the phone uploads straight to the case. The dialog reads the
 * case every few seconds and, for each photo that arrives, fetches the
 * stored image, prepares it like a chosen one (the preview and the
 * checks of xuexin-photo-fit.c) and records it in the draft as already
 * uploaded, so the photo steps show it and Next goes straight on.
 * Closing revokes the link; so does the kiosk's wipe (the sign-out ends
 * it on the service).
 *
 * Not a XuexinTicketDialog: that base waits for one provider ticket to
 * be confirmed; this one collects three photos from the case itself. */

/* Seconds between reads of the case while the phone is at work: one
 * indexed read, and a photo shows up within this of its upload. */
#define POLL_SECONDS 3

static const struct
{
  const char *side;
  const char *title;
} handoff_sides[] = {
  { XUEXIN_CASE_SIDE_HANDHELD, N_("Hand-Held") },
  { XUEXIN_CASE_SIDE_FRONT, N_("Portrait Side") },
  { XUEXIN_CASE_SIDE_BACK, N_("Emblem Side") },
};
#define N_SIDES G_N_ELEMENTS (handoff_sides)

struct _XuexinHandoffDialog
{
  AdwWindow            parent_instance;

  XuexinClient        *client;
  XuexinIdentityDraft *draft;
  GCancellable        *cancellable;
  XuexinPhotoHandoff  *handoff;
  gint64               expires_at;              /* monotonic µs */
  guint                tick_id;
  guint                poll_id;
  gboolean             polling;
  gboolean             finished;                /* all three arrived */
  gboolean             noted_existing;          /* the first read of the case done */
  gint64               known[N_SIDES];          /* uploaded_at (unix) seen, 0: none */
  gboolean             fetching[N_SIDES];
  AdwActionRow        *rows[N_SIDES];
  GtkPicture          *thumbnails[N_SIDES];

  GtkLabel            *explanation_label;
  GtkWidget           *error_box;
  GtkLabel            *error_label;
  GtkStack            *code_stack;
  GtkSpinner          *spinner;
  XuexinQrCode        *qr_code;
  GtkImage            *ended_image;
  GtkWidget           *new_code_button;
  GtkLabel            *url_label;
  GtkLabel            *status_label;
  GtkListBox          *photos_list;
  GtkWidget           *done_button;
};

G_DEFINE_FINAL_TYPE (XuexinHandoffDialog, xuexin_handoff_dialog, ADW_TYPE_WINDOW)

enum {
  PHOTO_RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start (XuexinHandoffDialog *self);

static guint
count_received (XuexinHandoffDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < N_SIDES; i++)
    if (xuexin_identity_draft_get_photo_uploaded (self->draft, handoff_sides[i].side))
      n++;
  return n;
}

static void
set_error (XuexinHandoffDialog *self,
           const char          *message)
{
  gtk_widget_set_visible (self->error_box, message != NULL);
  if (message != NULL)
    xuexin_a11y_show_alert (self->error_label, message);
  else
    xuexin_a11y_hide_alert (self->error_label);
}

static void
stop_timers (XuexinHandoffDialog *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
}

static void
revoke_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* It expires in minutes anyway, and the sign-out ends it too. */
  if (!xuexin_client_revoke_photo_handoff_finish (XUEXIN_CLIENT (object), result, &error))
    g_debug ("Revoking the photo hand-off failed: %s", error->message);
}

/* The link stops working: nothing is left for the phone to do. */
static void
revoke_link (XuexinHandoffDialog *self)
{
  if (self->handoff == NULL || self->client == NULL)
    return;
  g_clear_object (&self->handoff);
  xuexin_client_revoke_photo_handoff_async (self->client, NULL, revoke_cb, NULL);
}

/* The code gives way to a mark: expired (New Code) or all done. */
static void
show_ended (XuexinHandoffDialog *self,
            const char          *icon_name,
            const char          *status,
            gboolean             offer_new_code)
{
  stop_timers (self);
  gtk_image_set_from_icon_name (self->ended_image, icon_name);
  gtk_widget_set_visible (self->new_code_button, offer_new_code);
  gtk_stack_set_visible_child_name (self->code_stack, "ended");
  gtk_widget_set_visible (GTK_WIDGET (self->url_label), FALSE);
  gtk_label_set_label (self->status_label, status);
  xuexin_a11y_announce (GTK_WIDGET (self), status);
  if (offer_new_code)
    gtk_widget_grab_focus (self->new_code_button);
}

static void
update_countdown (XuexinHandoffDialog *self)
{
  gint64 left = (self->expires_at - g_get_monotonic_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  g_autofree char *wait = NULL;
  g_autofree char *text = NULL;
  guint received = count_received (self);

  wait = xuexin_format_wait ((guint) MAX (left, 0));
  /* Translators: %u is how many of the 3 photos arrived, %s the time left, e.g. "14 min 5 s". */
  text = g_strdup_printf (ngettext ("%u of 3 photos received. The code works for another %s.",
                                    "%u of 3 photos received. The code works for another %s.",
                                    received),
                          received, wait);
  gtk_label_set_label (self->status_label, text);
}

static gboolean
tick_cb (gpointer user_data)
{
  XuexinHandoffDialog *self = user_data;

  if (g_get_monotonic_time () >= self->expires_at)
    {
      self->tick_id = 0;
      g_clear_object (&self->handoff);
      show_ended (self, "alarm-symbolic",
                  _("The code has expired. Get a new one to go on with your phone; the photos that arrived are kept."),
                  TRUE);
      return G_SOURCE_REMOVE;
    }

  update_countdown (self);
  return G_SOURCE_CONTINUE;
}

static void
update_row (XuexinHandoffDialog *self,
            guint                i)
{
  XuexinFittedPhoto *photo = xuexin_identity_draft_get_photo (self->draft, handoff_sides[i].side);
  gboolean uploaded = xuexin_identity_draft_get_photo_uploaded (self->draft, handoff_sides[i].side);

  if (uploaded && photo != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (xuexin_fitted_photo_get_preview (photo));

      gtk_picture_set_paintable (self->thumbnails[i], GDK_PAINTABLE (texture));
      adw_action_row_set_subtitle (self->rows[i], _("Received"));
    }
  else if (self->fetching[i])
    adw_action_row_set_subtitle (self->rows[i], _("Arriving…"));
  else
    adw_action_row_set_subtitle (self->rows[i], _("Waiting for your phone"));
  gtk_widget_set_visible (GTK_WIDGET (self->thumbnails[i]), uploaded && photo != NULL);
}

static void
check_finished (XuexinHandoffDialog *self)
{
  if (self->finished || count_received (self) < N_SIDES)
    return;

  self->finished = TRUE;
  revoke_link (self);
  show_ended (self, "emblem-ok-symbolic",
              _("All three photos arrived. Check them on this screen, then submit them to the help desk."),
              FALSE);
  gtk_button_set_label (GTK_BUTTON (self->done_button), _("_Continue"));
  gtk_widget_add_css_class (self->done_button, "suggested-action");
  gtk_widget_grab_focus (self->done_button);
}

typedef struct
{
  XuexinHandoffDialog *self;
  guint                index;
  gint64               uploaded_at;
} Arrival;

static void
arrival_free (Arrival *arrival)
{
  g_object_unref (arrival->self);
  g_free (arrival);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Arrival, arrival_free)

static void
fit_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Arrival) arrival = user_data;
  XuexinHandoffDialog *self = arrival->self;
  const char *side = handoff_sides[arrival->index].side;
  g_autoptr(XuexinFittedPhoto) photo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *announcement = NULL;

  photo = xuexin_photo_fit_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->fetching[arrival->index] = FALSE;

  if (photo == NULL)
    {
      /* The service took it, so this is rare: say so, and let the
       * phone send it again. */
      set_error (self, error->message);
      update_row (self, arrival->index);
      return;
    }

  self->known[arrival->index] = arrival->uploaded_at;
  xuexin_identity_draft_set_photo (self->draft, side, photo);
  xuexin_identity_draft_set_photo_uploaded (self->draft, side, TRUE);
  update_row (self, arrival->index);
  /* Translators: %s is a photo's name, e.g. "Portrait Side". */
  announcement = g_strdup_printf (_("%s received."), _(handoff_sides[arrival->index].title));
  xuexin_a11y_announce (GTK_WIDGET (self), announcement);
  g_signal_emit (self, signals[PHOTO_RECEIVED], 0, side);
  if (!self->finished && self->handoff != NULL)
    update_countdown (self);
  check_finished (self);
}

static void
photo_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Arrival) arrival = user_data;
  XuexinHandoffDialog *self = arrival->self;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = xuexin_client_get_case_photo_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      /* The next read of the case tries again. */
      self->fetching[arrival->index] = FALSE;
      update_row (self, arrival->index);
      g_debug ("Fetching the phone's photo failed: %s", error->message);
      return;
    }

  xuexin_photo_fit_bytes_async (bytes, self->cancellable, fit_cb, g_steal_pointer (&arrival));
}

static void
schedule_poll (XuexinHandoffDialog *self);

/* When the service stored the photo, in µs: a new upload of a side is
 * a new time (a replaced photo is an arrival too). */
static gint64
upload_time (XuexinCasePhoto *photo)
{
  GDateTime *uploaded_at = xuexin_case_photo_get_uploaded_at (photo);

  return g_date_time_to_unix (uploaded_at) * G_USEC_PER_SEC + g_date_time_get_microsecond (uploaded_at);
}

/* Photos uploaded before the dialog opened (chosen on this computer)
 * are not arrivals: only a newer upload of that side is. */
static void
note_existing (XuexinHandoffDialog *self,
               XuexinReviewCase    *review_case)
{
  for (guint i = 0; review_case != NULL && i < N_SIDES; i++)
    {
      XuexinCasePhoto *photo = xuexin_review_case_get_photo (review_case, handoff_sides[i].side);

      if (photo != NULL && xuexin_identity_draft_get_photo_uploaded (self->draft, handoff_sides[i].side) &&
          xuexin_identity_draft_get_photo (self->draft, handoff_sides[i].side) != NULL)
        self->known[i] = upload_time (photo);
    }
}

static void
case_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(XuexinHandoffDialog) self = user_data;
  g_autoptr(XuexinReviewCase) review_case = NULL;
  g_autoptr(GError) error = NULL;

  review_case = xuexin_client_get_review_case_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->polling = FALSE;

  if (error != NULL)
    {
      /* A network hiccup: the phone may still be uploading. */
      g_debug ("Reading the review case failed: %s", error->message);
      schedule_poll (self);
      return;
    }

  if (review_case != NULL && g_strcmp0 (xuexin_review_case_get_state (review_case), XUEXIN_REVIEW_CASE_STATE_DRAFT) != 0)
    {
      /* Submitted meanwhile (e.g. from another window): nothing to add. */
      show_ended (self, "emblem-ok-symbolic",
                  _("Your photos are already with the help desk. Wait for their decision; you can follow it on the review progress page."),
                  FALSE);
      revoke_link (self);
      return;
    }

  if (!self->noted_existing)
    {
      note_existing (self, review_case);
      self->noted_existing = TRUE;
    }

  for (guint i = 0; review_case != NULL && i < N_SIDES; i++)
    {
      XuexinCasePhoto *photo = xuexin_review_case_get_photo (review_case, handoff_sides[i].side);
      gint64 uploaded_at;
      Arrival *arrival;

      if (photo == NULL || self->fetching[i])
        continue;
      uploaded_at = upload_time (photo);
      if (uploaded_at == self->known[i])
        continue;

      self->fetching[i] = TRUE;
      update_row (self, i);
      arrival = g_new0 (Arrival, 1);
      arrival->self = g_object_ref (self);
      arrival->index = i;
      arrival->uploaded_at = uploaded_at;
      xuexin_client_get_case_photo_async (self->client, handoff_sides[i].side, self->cancellable,
                                          photo_cb, arrival);
    }

  schedule_poll (self);
}

static gboolean
poll_cb (gpointer user_data)
{
  XuexinHandoffDialog *self = user_data;

  self->poll_id = 0;
  self->polling = TRUE;
  xuexin_client_get_review_case_async (self->client, self->cancellable, case_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (XuexinHandoffDialog *self)
{
  if (self->finished || self->handoff == NULL || self->poll_id != 0 || self->polling)
    return;
  self->poll_id = g_timeout_add_seconds (POLL_SECONDS, poll_cb, self);
}

static void
handoff_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(XuexinHandoffDialog) self = user_data;
  g_autoptr(XuexinPhotoHandoff) handoff = NULL;
  g_autoptr(GError) error = NULL;

  handoff = xuexin_client_create_photo_handoff_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);

  if (handoff == NULL)
    {
      const char *message = error->message;

      if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_OPEN))
        message = _("Your photos are already with the help desk. Wait for their decision; you can follow it on the review progress page.");
      else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_ALREADY_VERIFIED))
        message = _("This account is already verified: no photos are needed.");
      set_error (self, message);
      show_ended (self, "dialog-warning-symbolic", _("No code could be made."),
                  !xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_OPEN) &&
                  !xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_ALREADY_VERIFIED));
      return;
    }

  self->handoff = g_steal_pointer (&handoff);
  self->expires_at = g_get_monotonic_time () + (gint64) xuexin_photo_handoff_get_expires_in (self->handoff) * G_USEC_PER_SEC;
  xuexin_qr_code_set_text (self->qr_code, xuexin_photo_handoff_get_url (self->handoff));
  gtk_label_set_label (self->url_label, xuexin_photo_handoff_get_url (self->handoff));
  gtk_widget_set_visible (GTK_WIDGET (self->url_label), TRUE);
  gtk_stack_set_visible_child_name (self->code_stack, "code");
  update_countdown (self);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);

  /* What is already there, then the arrivals. */
  self->polling = TRUE;
  xuexin_client_get_review_case_async (self->client, self->cancellable, case_cb, g_object_ref (self));
}

static void
start (XuexinHandoffDialog *self)
{
  stop_timers (self);
  self->noted_existing = FALSE;
  set_error (self, NULL);
  self->polling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->url_label), FALSE);
  gtk_stack_set_visible_child_name (self->code_stack, "loading");
  gtk_spinner_start (self->spinner);
  gtk_label_set_label (self->status_label, _("Getting a code…"));
  xuexin_client_create_photo_handoff_async (self->client, self->cancellable, handoff_cb, g_object_ref (self));
}

static void
new_code_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  start (XUEXIN_HANDOFF_DIALOG (widget));
}

/**
 * xuexin_handoff_dialog_new:
 * @draft: the identity flow's draft: photos that arrive go into it
 *
 * Returns: (transfer none): the dialog, presented; it asks for the link
 *   at once
 */
XuexinHandoffDialog *
xuexin_handoff_dialog_new (GtkWindow           *parent,
                           XuexinClient        *client,
                           XuexinIdentityDraft *draft)
{
  XuexinHandoffDialog *self;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_DRAFT (draft), NULL);

  self = g_object_new (XUEXIN_TYPE_HANDOFF_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);
  for (guint i = 0; i < N_SIDES; i++)
    update_row (self, i);

  gtk_window_present (GTK_WINDOW (self));
  start (self);

  return self;
}

/* Closing ends the link and every request: nothing runs on after. */
static gboolean
xuexin_handoff_dialog_close_request (GtkWindow *window)
{
  XuexinHandoffDialog *self = XUEXIN_HANDOFF_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  stop_timers (self);
  revoke_link (self);

  return GTK_WINDOW_CLASS (xuexin_handoff_dialog_parent_class)->close_request (window);
}

static void
xuexin_handoff_dialog_dispose (GObject *object)
{
  XuexinHandoffDialog *self = XUEXIN_HANDOFF_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  stop_timers (self);
  /* Destroyed without a close (the kiosk's wipe): the sign-out ends the
   * link on the service. */
  g_clear_object (&self->handoff);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_HANDOFF_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (xuexin_handoff_dialog_parent_class)->dispose (object);
}

static void
xuexin_handoff_dialog_class_init (XuexinHandoffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = xuexin_handoff_dialog_dispose;
  window_class->close_request = xuexin_handoff_dialog_close_request;

  /**
   * XuexinHandoffDialog::photo-received:
   * @side: the side whose photo arrived and is now in the draft
   */
  signals[PHOTO_RECEIVED] = g_signal_new ("photo-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (XUEXIN_TYPE_QR_CODE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/identity/xuexin-handoff-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinHandoffDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinHandoffDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinHandoffDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinHandoffDialog, code_stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinHandoffDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, XuexinHandoffDialog, qr_code);
  gtk_widget_class_bind_template_child (widget_class, XuexinHandoffDialog, ended_image);
  gtk_widget_class_bind_template_child (widget_class, XuexinHandoffDialog, new_code_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinHandoffDialog, url_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinHandoffDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinHandoffDialog, photos_list);
  gtk_widget_class_bind_template_child (widget_class, XuexinHandoffDialog, done_button);

  gtk_widget_class_install_action (widget_class, "handoff.new-code", NULL, new_code_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xuexin_handoff_dialog_init (XuexinHandoffDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < N_SIDES; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *thumbnail = gtk_picture_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(handoff_sides[i].title));
      gtk_picture_set_can_shrink (GTK_PICTURE (thumbnail), TRUE);
      gtk_widget_set_size_request (thumbnail, 64, 48);
      gtk_widget_set_valign (thumbnail, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (thumbnail), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(handoff_sides[i].title), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), thumbnail);
      gtk_list_box_append (self->photos_list, row);
      self->rows[i] = ADW_ACTION_ROW (row);
      self->thumbnails[i] = GTK_PICTURE (thumbnail);
    }
  xuexin_a11y_add_announcer (ADW_WINDOW (self));
}
