/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-case-view.h"
#include "xuexin-client-identity.h"
#include "xuexin-format.h"
#include "xuexin-photo-viewer.h"
#include "xuexin-reject-dialog.h"

/* The review console's case (issue 12, "Case view", "Decide"). Opening
 * claims the case when nobody holds it; the claim is renewed while the
 * reviewer works in the view (a key, a click, a scroll or a pointer
 * move since the last renewal) once less than a third of it is left,
 * and lapses otherwise. Photos need the claim: they live in memory only,
 * as textures given to the viewers, and go when the case does. */

/* Below this width the photos and the heading stack vertically
 * (libadwaita 1.2 has no breakpoints). */
#define WIDE_LAYOUT_MIN_WIDTH 720
#define PHOTO_HEIGHT_WIDE     420
#define PHOTO_HEIGHT_NARROW   280
/* The claim's time is looked at every 30 s (a tick of a 15-minute
 * claim is a thirtieth of it; shorter claims are looked at more often). */
#define CLAIM_TICK_MAX_SECONDS 30

static const char * const sides[] = {
  XUEXIN_CASE_SIDE_HANDHELD,
  XUEXIN_CASE_SIDE_FRONT,
  XUEXIN_CASE_SIDE_BACK,
};
#define N_SIDES G_N_ELEMENTS (sides)

struct _XuexinCaseView
{
  AdwBin             parent_instance;

  XuexinClient      *client;
  /* Of the case shown: cancelled when it goes. */
  GCancellable      *cancellable;
  gint64             case_id;
  XuexinStaffCase   *staff_case;
  GdkTexture        *textures[N_SIDES];

  gboolean           claimed;
  gint64             claim_deadline;   /* monotonic µs; the service's expires_in on arrival */
  guint              claim_length;     /* seconds, as last granted */
  gboolean           worked;           /* input in the view since the last renewal */
  gboolean           renewing;
  gboolean           deciding;
  /* A claim refused at opening reads the case again, once, for the holder. */
  gboolean           reread;
  /* The service showed the case only to the claim's holder. */
  gboolean           claim_first;
  guint              tick_source;
  guint              layout_idle;
  gboolean           wide;

  GtkWindow         *approve_dialog;   /* weak */
  XuexinRejectDialog *reject_dialog;   /* weak */

  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkSpinner        *loading_spinner;
  GtkLabel          *failed_label;
  GtkBox            *heading_box;
  GtkLabel          *title_label;
  GtkLabel          *claim_label;
  GtkWidget         *decision_box;
  GtkWidget         *error_box;
  GtkLabel          *case_error_label;
  GtkWidget         *holder_box;
  GtkLabel          *holder_label;
  GtkBox            *photos_box;
  XuexinPhotoViewer *handheld_viewer;
  XuexinPhotoViewer *front_viewer;
  XuexinPhotoViewer *back_viewer;
  AdwActionRow      *case_name_row;
  AdwActionRow      *case_id_number_row;
  AdwActionRow      *registered_row;
  AdwActionRow      *registry_row;
  GtkWidget         *registry_warning_image;
  AdwActionRow      *other_accounts_row;
  GtkListBox        *submissions_list;
};

G_DEFINE_FINAL_TYPE (XuexinCaseView, xuexin_case_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CLAIMED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DECIDED,
  RELEASED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_case (XuexinCaseView *self);

static XuexinPhotoViewer *
get_viewer (XuexinCaseView *self,
            guint           index)
{
  XuexinPhotoViewer *viewers[] = { self->handheld_viewer, self->front_viewer, self->back_viewer };

  g_assert (index < N_SIDES);
  return viewers[index];
}

static void
update_actions (XuexinCaseView *self)
{
  gboolean enabled = self->claimed && !self->deciding;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.approve", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.reject", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.release", enabled);
}

static void
set_claimed (XuexinCaseView *self,
             gboolean        claimed)
{
  if (!claimed)
    g_clear_handle_id (&self->tick_source, g_source_remove);
  update_actions (self);
  if (self->claimed == claimed)
    return;

  self->claimed = claimed;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLAIMED]);
}

static void
show_error (XuexinCaseView *self,
            const char     *message)
{
  if (message == NULL)
    {
      xuexin_a11y_hide_alert (self->case_error_label);
      gtk_widget_set_visible (self->error_box, FALSE);
      return;
    }
  gtk_widget_set_visible (self->error_box, TRUE);
  xuexin_a11y_show_alert (self->case_error_label, message);
}

/* Every texture and its bytes go; the viewers show their placeholder. */
static void
drop_photos (XuexinCaseView *self)
{
  for (guint i = 0; i < N_SIDES; i++)
    {
      xuexin_photo_viewer_set_texture (get_viewer (self, i), NULL);
      xuexin_photo_viewer_set_status (get_viewer (self, i), NULL);
      g_clear_object (&self->textures[i]);
    }
}

static void
close_dialogs (XuexinCaseView *self)
{
  if (self->approve_dialog != NULL)
    gtk_window_destroy (self->approve_dialog);
  if (self->reject_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->reject_dialog));
  g_clear_weak_pointer (&self->approve_dialog);
  g_clear_weak_pointer (&self->reject_dialog);
}

/* ----- what the case says ------------------------------------------- */

static char *
format_clock (GDateTime *time)
{
  g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

  return local != NULL ? g_date_time_format (local, "%H:%M") : g_strdup ("–");
}

static gboolean
name_in_registry (const char         *name,
                  const char * const *registry_names)
{
  return name != NULL && g_strv_contains (registry_names, name);
}

static char *
describe_submission (XuexinCaseSubmission *submission)
{
  const char *decision = xuexin_case_submission_get_decision (submission);
  const char *by = xuexin_case_submission_get_decided_by_name (submission);
  const char *note = xuexin_case_submission_get_note (submission);
  g_autofree char *submitted = xuexin_format_time (xuexin_case_submission_get_submitted_at (submission));
  g_autofree char *decided = NULL;
  GString *text = g_string_new (NULL);

  /* Translators: %s is a date and time. */
  g_string_append_printf (text, _("Submitted %s"), submitted);
  if (xuexin_case_submission_get_decided_at (submission) != NULL)
    decided = xuexin_format_time (xuexin_case_submission_get_decided_at (submission));
  g_string_append_c (text, '\n');

  if (g_strcmp0 (decision, "approved") == 0)
    /* Translators: the first %s is a date and time, the second a reviewer's name. */
    g_string_append_printf (text, _("Approved %s by %s"), decided != NULL ? decided : "–", by != NULL ? by : "–");
  else if (g_strcmp0 (decision, "rejected") == 0)
    {
      /* The app's words for the reason id, not the service's zh_CN text. */
      const char *reason = xuexin_reject_dialog_get_reason_label (xuexin_case_submission_get_reason (submission));

      /* Translators: a date and time, a reviewer's name, then the reason. */
      g_string_append_printf (text, _("Rejected %s by %s: %s"),
                              decided != NULL ? decided : "–", by != NULL ? by : "–", reason);
    }
  else
    g_string_append (text, _("Not decided yet"));

  if (note != NULL && *note != '\0')
    {
      g_string_append_c (text, '\n');
      /* Translators: %s is the reviewer's note to the applicant. */
      g_string_append_printf (text, _("Note: %s"), note);
    }

  return g_string_free (text, FALSE);
}

static GtkWidget *
create_submission_row (gpointer item,
                       gpointer user_data)
{
  XuexinCaseSubmission *submission = item;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = describe_submission (submission);

  /* Translators: %u is the number of a submission of the photos, from 1. */
  title = g_strdup_printf (_("Submission %u"), xuexin_case_submission_get_number (submission));
  return g_object_new (ADW_TYPE_ACTION_ROW,
                       "title", title,
                       "subtitle", subtitle,
                       "subtitle-lines", 0,
                       NULL);
}

static void
show_registry (XuexinCaseView *self)
{
  const char * const *names = xuexin_staff_case_get_registry_names (self->staff_case);
  const char *name = xuexin_staff_case_get_account_name (self->staff_case);
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;
  gboolean warn = TRUE;

  if (names == NULL || names[0] == NULL)
    text = g_strdup (_("The registry has no record of this ID number: no name to compare with."));
  else
    {
      /* Translators: between the names the registry has for one ID number. */
      joined = g_strjoinv (_(", "), (char **) names);
      if (name_in_registry (name, names))
        {
          text = g_steal_pointer (&joined);
          warn = FALSE;
        }
      else
        /* Translators: %s are the registry's names for the ID number. */
        text = g_strdup_printf (_("%s — differs from the account’s name"), joined);
    }

  adw_action_row_set_subtitle (self->registry_row, text);
  gtk_widget_set_visible (self->registry_warning_image, warn);
}

static void
show_case (XuexinCaseView *self)
{
  XuexinStaffCase *staff_case = self->staff_case;
  guint others = xuexin_staff_case_get_other_accounts (staff_case);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, xuexin_staff_case_get_id (staff_case));
  g_autofree char *title = NULL;
  g_autofree char *registered = NULL;
  g_autofree char *others_text = NULL;

  /* Translators: the case's number, then how many times its photos were submitted. */
  title = g_strdup_printf (_("Case %s, Submission %u"), id, xuexin_staff_case_get_submission_count (staff_case));
  gtk_label_set_label (self->title_label, title);

  adw_action_row_set_subtitle (self->case_name_row, xuexin_staff_case_get_account_name (staff_case));
  adw_action_row_set_subtitle (self->case_id_number_row, xuexin_staff_case_get_id_number_masked (staff_case));
  if (xuexin_staff_case_get_registered_at (staff_case) != NULL)
    registered = xuexin_format_time (xuexin_staff_case_get_registered_at (staff_case));
  adw_action_row_set_subtitle (self->registered_row, registered != NULL ? registered : "–");
  show_registry (self);

  if (others == 0)
    others_text = g_strdup (_("None"));
  else
    others_text = g_strdup_printf (ngettext ("%u live account, cancelled if this case is approved",
                                             "%u live accounts, cancelled if this case is approved", others),
                                   others);
  adw_action_row_set_subtitle (self->other_accounts_row, others_text);

  gtk_list_box_bind_model (self->submissions_list, xuexin_staff_case_get_submissions (staff_case),
                           create_submission_row, NULL, NULL);
}

/* ----- the claim ------------------------------------------------------ */

static gint64
claim_remaining (XuexinCaseView *self)
{
  return self->claim_deadline - g_get_monotonic_time ();
}

static void
show_claim (XuexinCaseView *self)
{
  g_autofree char *text = NULL;

  if (self->claimed)
    {
      gint64 remaining = MAX (claim_remaining (self), 0);
      guint minutes = (guint) ((remaining + 60 * G_USEC_PER_SEC - 1) / (60 * G_USEC_PER_SEC));

      text = g_strdup_printf (ngettext ("Claimed by you for %u more minute; it renews while you work.",
                                        "Claimed by you for %u more minutes; it renews while you work.",
                                        MAX (minutes, 1)),
                              MAX (minutes, 1));
    }
  else
    text = g_strdup (_("Read-only: you do not hold this case."));
  gtk_label_set_label (self->claim_label, text);
}

static void
focus_start (XuexinCaseView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  /* With the claim the photos are the work; without, the facts. */
  if (self->claimed)
    xuexin_a11y_grab_focus (GTK_WIDGET (self->handheld_viewer));
  else
    xuexin_a11y_grab_focus (GTK_WIDGET (self->case_name_row));
}

/* The case stays on screen, without its photos and decisions. @holder
 * says who has it, @error why this reviewer lost it (either may be NULL). */
static void
go_read_only (XuexinCaseView *self,
              const char     *holder,
              const char     *error)
{
  gboolean had_focus = gtk_widget_get_focus_child (GTK_WIDGET (self)) != NULL;

  set_claimed (self, FALSE);
  close_dialogs (self);
  drop_photos (self);
  gtk_widget_set_visible (GTK_WIDGET (self->photos_box), FALSE);
  gtk_widget_set_visible (self->decision_box, FALSE);
  gtk_widget_set_visible (self->holder_box, holder != NULL);
  if (holder != NULL)
    gtk_label_set_label (self->holder_label, holder);
  show_error (self, error);
  show_claim (self);
  gtk_stack_set_visible_child_name (self->stack, "case");
  /* The focus was on a photo or a button that is gone now. */
  if (had_focus || gtk_widget_get_focus_child (GTK_WIDGET (self)) == NULL)
    focus_start (self);
}

static char *
describe_holder (const char *name,
                 GDateTime  *until)
{
  g_autofree char *clock = format_clock (until);

  if (name != NULL && until != NULL)
    /* Translators: a reviewer's name, then a time of day ("王审核", "10:45"). */
    return g_strdup_printf (_("Being reviewed by %s until %s"), name, clock);
  if (name != NULL)
    /* Translators: %s is a reviewer's name. */
    return g_strdup_printf (_("Being reviewed by %s"), name);
  return g_strdup (_("Being reviewed by another reviewer"));
}

static void
emit_released (XuexinCaseView *self,
               gint64          case_id)
{
  g_signal_emit (self, signals[RELEASED], 0, case_id);
}

/* The claim went (lapsed, taken, or the case closed): read-only, and
 * the console refreshes its queue. */
static void
lose_claim (XuexinCaseView *self,
            const GError   *error)
{
  g_autofree char *holder = NULL;
  const char *message;

  if (error == NULL)
    message = _("Your claim on this case ended because it was not renewed in time. Open the case again to claim it, or take the next one.");
  else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_REQUEST_CLOSED))
    message = _("This case was decided elsewhere, or its account was cancelled when another account of the ID number was verified. Take the next case in the queue.");
  else
    {
      message = _("Your claim on this case has ended and another reviewer holds it now. Take the next case in the queue.");
      holder = describe_holder (xuexin_client_error_get_claimed_by_name (error), NULL);
    }

  go_read_only (self, holder, message);
  emit_released (self, self->case_id);
}

static void
note_claim (XuexinCaseView *self,
            guint           expires_in)
{
  self->claim_length = MAX (expires_in, 1);
  self->claim_deadline = g_get_monotonic_time () + (gint64) expires_in * G_USEC_PER_SEC;
  self->worked = FALSE;
}

static void renew_claim (XuexinCaseView *self);

static gboolean
claim_tick_cb (gpointer user_data)
{
  XuexinCaseView *self = user_data;
  gint64 remaining = claim_remaining (self);

  if (remaining <= 0)
    {
      self->tick_source = 0;
      lose_claim (self, NULL);
      return G_SOURCE_REMOVE;
    }

  /* Renewed only for a reviewer who is there: an unattended case goes
   * back to the queue when its claim ends. */
  if (self->worked && !self->renewing && remaining < (gint64) self->claim_length * G_USEC_PER_SEC / 3)
    renew_claim (self);

  show_claim (self);
  return G_SOURCE_CONTINUE;
}

static void
start_ticking (XuexinCaseView *self)
{
  guint interval = CLAMP (self->claim_length / 30, 1, CLAIM_TICK_MAX_SECONDS);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  self->tick_source = g_timeout_add_seconds (interval, claim_tick_cb, self);
  show_claim (self);
}

/* The answer to a renewal: @claim, or @error. */
static void
renewed (XuexinCaseView  *self,
         XuexinCaseClaim *claim,
         const GError    *error)
{
  self->renewing = FALSE;
  if (!self->claimed)
    return;

  if (claim != NULL)
    {
      note_claim (self, xuexin_case_claim_get_expires_in (claim));
      show_claim (self);
      return;
    }
  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_CLAIMED)
      || xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_REQUEST_CLOSED)
      || xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
    {
      lose_claim (self, error);
      return;
    }
  /* A network hiccup: the claim still runs; the next tick tries again. */
  g_debug ("Renewing the claim on case %" G_GINT64_FORMAT " failed: %s", self->case_id, error->message);
}

static void claim_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data);

static void
renew_claim (XuexinCaseView *self)
{
  self->renewing = TRUE;
  xuexin_client_claim_review_case_async (self->client, self->case_id, self->cancellable,
                                         claim_cb, g_object_ref (self));
}

static gboolean
note_work_cb (XuexinCaseView *self)
{
  self->worked = TRUE;
  return GDK_EVENT_PROPAGATE;
}

/* ----- photos ---------------------------------------------------------- */

static void
decode_photo_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_bytes (task_data, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
photo_decoded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  XuexinCaseView *self = XUEXIN_CASE_VIEW (object);
  guint index = GPOINTER_TO_UINT (user_data);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->claimed)
    return;
  if (texture == NULL)
    {
      g_autofree char *status = g_strdup_printf (_("The photo could not be shown: %s"), error->message);

      xuexin_photo_viewer_set_status (get_viewer (self, index), status);
      return;
    }

  g_set_object (&self->textures[index], texture);
  xuexin_photo_viewer_set_texture (get_viewer (self, index), texture);
}

typedef struct
{
  XuexinCaseView *self;
  guint           index;
} PhotoLoad;

static void
photo_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  PhotoLoad *load = user_data;
  g_autoptr(XuexinCaseView) self = load->self;
  guint index = load->index;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GTask *decode;

  g_free (load);
  bytes = xuexin_client_get_staff_case_photo_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->claimed)
    return;
  if (bytes == NULL)
    {
      if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_CLAIMED)
          || xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_REQUEST_CLOSED))
        lose_claim (self, error);
      else
        xuexin_photo_viewer_set_status (get_viewer (self, index), error->message);
      return;
    }

  /* Decoding is slow work: off the main thread. The bytes go with the
   * task; only the texture comes back. */
  decode = g_task_new (self, self->cancellable, photo_decoded_cb, GUINT_TO_POINTER (index));
  g_task_set_source_tag (decode, photo_cb);
  g_task_set_task_data (decode, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (decode, decode_photo_thread);
  g_object_unref (decode);
}

static void
load_photos (XuexinCaseView *self)
{
  for (guint i = 0; i < N_SIDES; i++)
    {
      PhotoLoad *load = g_new0 (PhotoLoad, 1);

      load->self = g_object_ref (self);
      load->index = i;
      xuexin_photo_viewer_set_texture (get_viewer (self, i), NULL);
      xuexin_photo_viewer_set_status (get_viewer (self, i), _("Loading…"));
      xuexin_client_get_staff_case_photo_async (self->client, self->case_id, sides[i], self->cancellable,
                                                photo_cb, load);
    }
}

static void
start_claimed (XuexinCaseView *self,
               guint           expires_in)
{
  note_claim (self, expires_in);
  set_claimed (self, TRUE);
  show_error (self, NULL);
  gtk_widget_set_visible (self->holder_box, FALSE);
  gtk_widget_set_visible (self->decision_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->photos_box), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "case");
  start_ticking (self);
  load_photos (self);
  focus_start (self);
}

/* ----- opening --------------------------------------------------------- */

static void
claim_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(XuexinCaseView) self = user_data;
  g_autoptr(XuexinCaseClaim) claim = NULL;
  g_autoptr(GError) error = NULL;

  claim = xuexin_client_claim_review_case_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The same call claims at opening and renews while claimed. */
  if (self->renewing)
    {
      renewed (self, claim, error);
      return;
    }

  if (claim != NULL && self->staff_case == NULL)
    {
      /* Claimed before it could be read: read it now. */
      load_case (self);
      return;
    }
  if (claim != NULL)
    {
      start_claimed (self, xuexin_case_claim_get_expires_in (claim));
      return;
    }

  if (self->staff_case == NULL)
    {
      g_autofree char *holder = describe_holder (xuexin_client_error_get_claimed_by_name (error), NULL);

      gtk_stack_set_visible_child_name (self->stack, "failed");
      xuexin_a11y_show_alert (self->failed_label,
                              xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_CLAIMED)
                              ? holder : error->message);
      return;
    }

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_CLAIMED) && !self->reread)
    {
      /* Someone was quicker: the case again, for their name and time. */
      self->reread = TRUE;
      load_case (self);
      return;
    }
  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_CLAIMED)
      || xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_REQUEST_CLOSED))
    {
      lose_claim (self, error);
      return;
    }

  {
    /* Translators: %s says what went wrong and what to do. */
    g_autofree char *message = g_strdup_printf (_("The case could not be claimed, so its photos cannot be shown. %s"),
                                                error->message);

    go_read_only (self, NULL, message);
  }
}

static void
case_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(XuexinCaseView) self = user_data;
  g_autoptr(XuexinStaffCase) staff_case = NULL;
  g_autoptr(GError) error = NULL;
  XuexinCaseClaim *claim;

  staff_case = xuexin_client_get_staff_case_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);

  if (staff_case == NULL && xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_CLAIMED)
      && !self->claim_first)
    {
      /* A service that shows the case only to the claim's holder (before
       * read-only detail): claim first, then read. */
      self->claim_first = TRUE;
      xuexin_client_claim_review_case_async (self->client, self->case_id, self->cancellable,
                                             claim_cb, g_object_ref (self));
      return;
    }
  if (staff_case == NULL)
    {
      const char *message = error->message;

      if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
        message = _("This case does not exist, or its photos were not submitted yet. Take another case from the queue.");
      else if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_REQUEST_CLOSED))
        message = _("This case was already decided or closed. Take the next case in the queue.");
      gtk_stack_set_visible_child_name (self->stack, "failed");
      xuexin_a11y_show_alert (self->failed_label, message);
      return;
    }

  g_set_object (&self->staff_case, staff_case);
  show_case (self);
  gtk_stack_set_visible_child_name (self->stack, "case");

  claim = xuexin_staff_case_get_claim (staff_case);
  if (xuexin_staff_case_is_claimed_by_me (staff_case))
    start_claimed (self, xuexin_case_claim_get_expires_in (claim));
  else if (claim != NULL)
    {
      g_autofree char *holder = describe_holder (xuexin_case_claim_get_reviewer_name (claim),
                                                 xuexin_case_claim_get_expires_at (claim));

      go_read_only (self, holder, NULL);
    }
  else if (!self->reread)
    xuexin_client_claim_review_case_async (self->client, self->case_id, self->cancellable,
                                           claim_cb, g_object_ref (self));
  else
    /* Claimed by someone a moment ago and free again already: a
     * reviewer can open it once more, but it is not fought over here. */
    go_read_only (self, NULL, _("Another reviewer claimed this case a moment ago. Open it again to claim it, or take the next one."));
}

static void
load_case (XuexinCaseView *self)
{
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  xuexin_client_get_staff_case_async (self->client, self->case_id, self->cancellable,
                                      case_cb, g_object_ref (self));
}

typedef struct
{
  XuexinCaseView *self;  /* to tell of it, or NULL */
  gint64          case_id;
} Releasing;

static void
release_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Releasing *releasing = user_data;
  g_autoptr(GError) error = NULL;

  /* Otherwise it lapses by itself, in a quarter of an hour at most. */
  if (!xuexin_client_release_review_case_finish (XUEXIN_CLIENT (object), result, &error))
    g_debug ("Releasing case %" G_GINT64_FORMAT " failed: %s", releasing->case_id, error->message);
  /* Told once the service has it back, so the queue shows it free. */
  if (releasing->self != NULL)
    {
      emit_released (releasing->self, releasing->case_id);
      g_object_unref (releasing->self);
    }
  g_free (releasing);
}

/* Sent on its own, not with the case's cancellable: the case goes at
 * once, its release must still reach the service. */
static void
send_release (XuexinCaseView *self,
              gboolean        announce)
{
  Releasing *releasing = g_new0 (Releasing, 1);

  releasing->self = announce ? g_object_ref (self) : NULL;
  releasing->case_id = self->case_id;
  xuexin_client_release_review_case_async (self->client, self->case_id, NULL, release_cb, releasing);
}

/* Everything of the case goes: requests, timers, dialogs, photos. The
 * claim is released when @release (the service keeps it otherwise until
 * it lapses). */
static void
drop_case (XuexinCaseView *self,
           gboolean        release)
{
  if (release && self->claimed && self->client != NULL)
    send_release (self, FALSE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_claimed (self, FALSE);
  self->renewing = FALSE;
  self->deciding = FALSE;
  self->reread = FALSE;
  self->claim_first = FALSE;
  close_dialogs (self);
  drop_photos (self);
  g_clear_object (&self->staff_case);
  self->case_id = 0;
  gtk_list_box_bind_model (self->submissions_list, NULL, NULL, NULL, NULL);
  show_error (self, NULL);
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* ----- deciding -------------------------------------------------------- */

static void
decide_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(XuexinCaseView) self = user_data;
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  gint64 case_id = self->case_id;

  state = xuexin_client_decide_review_case_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->deciding = FALSE;
  update_actions (self);

  if (state != NULL)
    {
      /* Decided: the claim ended with it, nothing to release. */
      drop_case (self, FALSE);
      adw_status_page_set_title (self->empty_page,
                                 g_str_equal (state, "approved") ? _("Case Approved") : _("Case Rejected"));
      g_signal_emit (self, signals[DECIDED], 0, case_id, state);
      return;
    }

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_CLAIMED)
      || xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_REQUEST_CLOSED))
    {
      lose_claim (self, error);
      return;
    }

  /* Still claimed: the reviewer may try again, with what they chose. */
  if (self->reject_dialog != NULL)
    xuexin_reject_dialog_show_error (self->reject_dialog, error->message,
                                     g_strcmp0 (xuexin_client_error_get_field (error), "note") == 0);
  else
    {
      /* Translators: %s says what went wrong and what to do. */
      g_autofree char *message = g_strdup_printf (_("The decision was not recorded. %s"), error->message);

      show_error (self, message);
    }
}

static void
decide (XuexinCaseView *self,
        const char     *reason,
        const char     *note)
{
  if (!self->claimed || self->deciding)
    return;

  self->deciding = TRUE;
  self->worked = TRUE;
  update_actions (self);
  show_error (self, NULL);
  xuexin_client_decide_review_case_async (self->client, self->case_id, reason, note, self->cancellable,
                                          decide_cb, g_object_ref (self));
}

static void
approve_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     XuexinCaseView   *self)
{
  /* It closed itself: another approval may be asked for at once. */
  g_clear_weak_pointer (&self->approve_dialog);
  if (g_str_equal (response, "approve"))
    decide (self, NULL, NULL);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  XuexinCaseView *self = XUEXIN_CASE_VIEW (widget);
  guint others;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (!self->claimed || self->approve_dialog != NULL)
    return;

  others = xuexin_staff_case_get_other_accounts (self->staff_case);
  if (others == 0)
    /* Translators: %s is the applicant's name. */
    body = g_strdup_printf (_("%s’s account becomes verified. No other account is registered with this ID number."),
                            xuexin_staff_case_get_account_name (self->staff_case));
  else
    /* Translators: %s is the applicant's name, %u how many accounts go. */
    body = g_strdup_printf (ngettext ("%s’s account becomes verified, and %u other account registered with the same ID number is cancelled. This cannot be undone.",
                                      "%s’s account becomes verified, and %u other accounts registered with the same ID number are cancelled. This cannot be undone.",
                                      others),
                            xuexin_staff_case_get_account_name (self->staff_case), others);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Approve the Photos?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "approve", _("_Approve"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "approve",
                                              others > 0 ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (approve_response_cb), self, 0);
  g_set_weak_pointer (&self->approve_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reject_cb (XuexinRejectDialog *dialog,
           const char         *reason,
           const char         *note,
           XuexinCaseView     *self)
{
  decide (self, reason, note);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  XuexinCaseView *self = XUEXIN_CASE_VIEW (widget);
  XuexinRejectDialog *dialog;

  if (!self->claimed)
    return;
  if (self->reject_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->reject_dialog));
      return;
    }

  dialog = xuexin_reject_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (dialog, "reject", G_CALLBACK (reject_cb), self, 0);
  g_set_weak_pointer (&self->reject_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
release_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  XuexinCaseView *self = XUEXIN_CASE_VIEW (widget);

  if (!self->claimed)
    return;

  send_release (self, TRUE);
  drop_case (self, FALSE);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  XuexinCaseView *self = XUEXIN_CASE_VIEW (widget);

  if (self->case_id != 0)
    xuexin_case_view_open (self, self->case_id);
}

/* ----- layout ---------------------------------------------------------- */

static void
apply_layout (XuexinCaseView *self)
{
  GtkOrientation orientation = self->wide ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->photos_box), orientation);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->heading_box), orientation);
  gtk_widget_set_halign (self->decision_box, self->wide ? GTK_ALIGN_END : GTK_ALIGN_START);
  for (guint i = 0; i < N_SIDES; i++)
    gtk_widget_set_size_request (GTK_WIDGET (get_viewer (self, i)), -1,
                                 self->wide ? PHOTO_HEIGHT_WIDE : PHOTO_HEIGHT_NARROW);
}

static gboolean
layout_idle_cb (gpointer user_data)
{
  XuexinCaseView *self = user_data;

  self->layout_idle = 0;
  apply_layout (self);
  return G_SOURCE_REMOVE;
}

/* AdwBin's layout manager would hide the allocation from the view: the
 * view lays out its child itself, to see its width. */
static void
xuexin_case_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
xuexin_case_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  XuexinCaseView *self = XUEXIN_CASE_VIEW (widget);
  gboolean wide = width >= WIDE_LAYOUT_MIN_WIDTH;

  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);

  /* Not during the allocation itself: the new layout takes a new one. */
  if (wide != self->wide)
    {
      self->wide = wide;
      if (self->layout_idle == 0)
        self->layout_idle = g_idle_add (layout_idle_cb, self);
    }
}

/* ----- public ---------------------------------------------------------- */

GtkWidget *
xuexin_case_view_new (void)
{
  return g_object_new (XUEXIN_TYPE_CASE_VIEW, NULL);
}

void
xuexin_case_view_set_client (XuexinCaseView *self,
                             XuexinClient   *client)
{
  g_return_if_fail (XUEXIN_IS_CASE_VIEW (self));
  g_return_if_fail (client == NULL || XUEXIN_IS_CLIENT (client));

  if (self->client == client)
    return;
  /* The claim belongs to the old session. */
  drop_case (self, TRUE);
  g_set_object (&self->client, client);
}

void
xuexin_case_view_open (XuexinCaseView *self,
                       gint64          case_id)
{
  g_return_if_fail (XUEXIN_IS_CASE_VIEW (self));
  g_return_if_fail (self->client != NULL);
  g_return_if_fail (case_id > 0);

  drop_case (self, TRUE);
  adw_status_page_set_title (self->empty_page, _("No Case Open"));
  self->case_id = case_id;
  self->cancellable = g_cancellable_new ();
  load_case (self);
}

void
xuexin_case_view_close (XuexinCaseView *self)
{
  g_return_if_fail (XUEXIN_IS_CASE_VIEW (self));

  drop_case (self, TRUE);
  adw_status_page_set_title (self->empty_page, _("No Case Open"));
}

gint64
xuexin_case_view_get_case_id (XuexinCaseView *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_VIEW (self), 0);

  return self->case_id;
}

XuexinStaffCase *
xuexin_case_view_get_case (XuexinCaseView *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_VIEW (self), NULL);

  return self->staff_case;
}

gboolean
xuexin_case_view_is_claimed (XuexinCaseView *self)
{
  g_return_val_if_fail (XUEXIN_IS_CASE_VIEW (self), FALSE);

  return self->claimed;
}

/* ----- class ----------------------------------------------------------- */

static void
xuexin_case_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  XuexinCaseView *self = XUEXIN_CASE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLAIMED:
      g_value_set_boolean (value, self->claimed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_case_view_dispose (GObject *object)
{
  XuexinCaseView *self = XUEXIN_CASE_VIEW (object);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (self));

  if (self->stack != NULL)
    drop_case (self, TRUE);
  g_clear_handle_id (&self->layout_idle, g_source_remove);
  /* The bin's child is a template child: the bin lets it go first, so
   * that neither unparents it twice. */
  if (child != NULL)
    g_object_ref (child);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_CASE_VIEW);
  g_clear_object (&child);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (xuexin_case_view_parent_class)->dispose (object);
}

static void
xuexin_case_view_class_init (XuexinCaseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = xuexin_case_view_get_property;
  object_class->dispose = xuexin_case_view_dispose;
  widget_class->measure = xuexin_case_view_measure;
  widget_class->size_allocate = xuexin_case_view_size_allocate;

  properties[PROP_CLAIMED] =
    g_param_spec_boolean ("claimed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * XuexinCaseView::decided:
   * @case_id: the case
   * @state: "approved" or "rejected"
   */
  signals[DECIDED] =
    g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  /**
   * XuexinCaseView::released:
   * @case_id: the case let go
   */
  signals[RELEASED] =
    g_signal_new ("released", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (XUEXIN_TYPE_PHOTO_VIEWER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/review/xuexin-case-view.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, failed_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, heading_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, title_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, claim_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, decision_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, error_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, case_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, holder_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, holder_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, photos_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, handheld_viewer);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, front_viewer);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, back_viewer);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, case_name_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, case_id_number_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, registered_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, registry_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, registry_warning_image);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, other_accounts_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinCaseView, submissions_list);

  gtk_widget_class_install_action (widget_class, "case.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "case.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "case.release", NULL, release_action);
  gtk_widget_class_install_action (widget_class, "case.retry", NULL, retry_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "case.release", NULL);
}

static void
xuexin_case_view_init (XuexinCaseView *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);

  /* Any use of the view counts as work for the claim's renewal; the
   * events go on to where they were going. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (note_work_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), 0);
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (note_work_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (note_work_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (note_work_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  apply_layout (self);
  update_actions (self);
  show_claim (self);
}
