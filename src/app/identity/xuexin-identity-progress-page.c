/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-format.h"
#include "xuexin-identity-progress-page.h"
#include "xuexin-on-screen.h"

/* Path 2, after submitting: 证件重复-客服审核, the FAQ's "follow the help
 * desk's review". The case's state in words with its times, place in
 * the queue and submissions left; when rejected, why, and a way to
 * upload new photos. The case is read again at the interval the service
 * advises (poll_interval) while the page is on screen and its window
 * shown, not minimized; once approved the flow goes on to the success
 * page by itself. */

struct _XuexinIdentityProgressPage
{
  XuexinPage           parent_instance;

  XuexinClient        *client;
  XuexinIdentityDraft *draft;
  GCancellable        *cancellable;
  XuexinReviewCase    *review_case;
  /* The state last shown, to announce only changes. */
  char                *shown_state;
  guint                poll_source;
  gboolean             loading;
  /* Read since the page came on screen (the case may be null: none yet). */
  gboolean             loaded;
  gboolean             verifying;
  /* The window watched while mapped, and its surface. */
  GtkWindow           *window;
  GdkSurface          *surface;

  GtkLabel            *state_label;
  GtkLabel            *status_label;
  AdwPreferencesGroup *rejection_group;
  AdwActionRow        *reason_row;
  AdwActionRow        *note_row;
  AdwActionRow        *next_submission_row;
  GtkWidget           *new_photos_button;
  AdwActionRow        *submitted_row;
  AdwActionRow        *queue_row;
  AdwActionRow        *wait_row;
  AdwActionRow        *decided_row;
  AdwActionRow        *submissions_row;
};

G_DEFINE_FINAL_TYPE (XuexinIdentityProgressPage, xuexin_identity_progress_page, XUEXIN_TYPE_PAGE)

/* After a failed read, when the service advised no interval yet: its
 * in-queue pace (docs/api.md, poll_interval). */
#define RETRY_INTERVAL_SECONDS 15

static void     update_polling (XuexinIdentityProgressPage *self);
static gboolean is_on_screen   (XuexinIdentityProgressPage *self);
static gboolean poll_cb        (gpointer                    user_data);

XuexinPage *
xuexin_identity_progress_page_new (XuexinClient        *client,
                                   XuexinIdentityDraft *draft)
{
  XuexinIdentityProgressPage *self;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_DRAFT (draft), NULL);

  self = g_object_new (XUEXIN_TYPE_IDENTITY_PROGRESS_PAGE, NULL);
  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

/**
 * xuexin_identity_format_rejection_reason:
 * @reason: a rejection reason id of the service
 *
 * Returns: the translated reason
 */
const char *
xuexin_identity_format_rejection_reason (const char *reason)
{
  if (g_strcmp0 (reason, "blurry") == 0)
    /* Translators: why ID photos were rejected (模糊不清). */
    return _("The photos are blurry");
  if (g_strcmp0 (reason, "obscured") == 0)
    /* Translators: why ID photos were rejected (信息被遮挡). */
    return _("Part of the ID card is covered");
  if (g_strcmp0 (reason, "not_holder") == 0)
    /* Translators: why ID photos were rejected (非本人手持). */
    return _("The person holding the ID card is not its holder");
  if (g_strcmp0 (reason, "mismatch") == 0)
    /* Translators: why ID photos were rejected (证件与注册信息不符). */
    return _("The ID card does not match the registered details");
  if (g_strcmp0 (reason, "edited") == 0)
    /* Translators: why ID photos were rejected (翻拍或经过编辑). */
    return _("The photos were taken of a screen or a copy, or edited");
  /* "other", or a reason newer than the app: the note says more. */
  /* Translators: why ID photos were rejected (其他); the reviewer's note follows. */
  return _("Other reason");
}

typedef struct {
  const char *state;
  const char *title;
  const char *body;
} StateTexts;

static const StateTexts state_texts[] = {
  { XUEXIN_REVIEW_CASE_STATE_DRAFT, N_("Photos Not Submitted Yet"),
    N_("Your ID photos have not been submitted for review yet. Upload all three photos and submit them.") },
  { XUEXIN_REVIEW_CASE_STATE_SUBMITTED, N_("Waiting in the Queue"),
    N_("Your photos are waiting for a help-desk reviewer. This page updates by itself.") },
  { XUEXIN_REVIEW_CASE_STATE_IN_REVIEW, N_("Being Reviewed"),
    N_("A help-desk reviewer is looking at your photos now. This page updates by itself.") },
  { XUEXIN_REVIEW_CASE_STATE_APPROVED, N_("Approved"),
    N_("The help desk accepted your photos: your identity is verified.") },
  { XUEXIN_REVIEW_CASE_STATE_REJECTED, N_("Not Accepted"),
    N_("The help desk did not accept your photos. Upload new photos to try again.") },
  { XUEXIN_REVIEW_CASE_STATE_CLOSED, N_("Closed"),
    N_("This review was closed: the account was verified another way, or cancelled because another account of the ID number was verified.") },
};

static const StateTexts *
find_state_texts (const char *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_texts); i++)
    if (g_strcmp0 (state_texts[i].state, state) == 0)
      return &state_texts[i];
  return NULL;
}

static void
set_row (AdwActionRow *row,
         const char   *subtitle)
{
  gtk_widget_set_visible (GTK_WIDGET (row), subtitle != NULL && *subtitle != '\0');
  adw_action_row_set_subtitle (row, subtitle != NULL ? subtitle : "");
}

static void
show_case (XuexinIdentityProgressPage *self)
{
  XuexinReviewCase *review_case = self->review_case;
  const char *state = review_case != NULL ? xuexin_review_case_get_state (review_case)
                                          : XUEXIN_REVIEW_CASE_STATE_DRAFT;
  const StateTexts *texts = find_state_texts (state);
  gboolean rejected = g_strcmp0 (state, XUEXIN_REVIEW_CASE_STATE_REJECTED) == 0;
  g_autofree char *submitted = NULL;
  g_autofree char *decided = NULL;
  g_autofree char *queue = NULL;
  g_autofree char *wait = NULL;
  g_autofree char *submissions = NULL;
  g_autofree char *next = NULL;
  const char *title = texts != NULL ? _(texts->title) : state;
  const char *body = texts != NULL ? _(texts->body) : "";

  /* While waiting the page goes on by itself; the button only says so. */
  xuexin_page_set_next_label (XUEXIN_PAGE (self),
                              review_case != NULL && xuexin_review_case_is_queued (review_case)
                              ? _("Waiting…") : NULL);
  gtk_label_set_label (self->state_label, title);
  gtk_label_set_label (self->status_label, body);

  if (review_case != NULL)
    {
      guint left = xuexin_review_case_get_submissions_left (review_case);
      guint used = xuexin_review_case_get_submissions (review_case);

      if (xuexin_review_case_get_submitted_at (review_case) != NULL)
        submitted = xuexin_format_time (xuexin_review_case_get_submitted_at (review_case));
      if (xuexin_review_case_get_decided_at (review_case) != NULL)
        decided = xuexin_format_time (xuexin_review_case_get_decided_at (review_case));
      if (xuexin_review_case_is_queued (review_case))
        {
          gint64 seconds = xuexin_review_case_get_estimated_wait (review_case);

          /* Translators: %u is the case's place in the review queue, 1 = next. */
          queue = g_strdup_printf (_("Position in the queue: %u"),
                                   xuexin_review_case_get_queue_position (review_case));
          if (seconds >= 0)
            wait = xuexin_format_wait ((guint) MIN (seconds, G_MAXUINT));
          else
            /* Translators: the help desk has decided no case lately to estimate from. */
            wait = g_strdup (_("No estimate yet"));
        }
      /* Translators: submissions of the review case: those made, and those still allowed in the current period. */
      submissions = g_strdup_printf (_("%u made, %u left"), used, left);
      if (left == 0 && xuexin_review_case_get_next_submission_at (review_case) != NULL)
        {
          g_autofree char *when = xuexin_format_time (xuexin_review_case_get_next_submission_at (review_case));

          /* Translators: %s is a date and time. */
          next = g_strdup_printf (_("No submission is left for now. You can submit new photos again from %s."), when);
        }
    }

  set_row (self->submitted_row, submitted);
  set_row (self->queue_row, queue);
  set_row (self->wait_row, wait);
  set_row (self->decided_row, decided);
  set_row (self->submissions_row, submissions);

  gtk_widget_set_visible (GTK_WIDGET (self->rejection_group), rejected);
  gtk_widget_set_visible (self->new_photos_button, rejected);
  if (rejected)
    {
      set_row (self->reason_row,
               xuexin_identity_format_rejection_reason (xuexin_review_case_get_rejection_reason (review_case)));
      set_row (self->note_row, xuexin_review_case_get_rejection_note (review_case));
      set_row (self->next_submission_row, next);
      /* No new submission before the window ends: the button would only be refused. */
      gtk_widget_set_sensitive (self->new_photos_button, next == NULL);
    }

  /* Where the keyboard starts: what to do when there is something to
   * do, else the first fact, from which the rows are read in turn. */
  {
    AdwActionRow *rows[] = { self->submitted_row, self->queue_row, self->wait_row,
                             self->decided_row, self->submissions_row };
    GtkWidget *focus = NULL;

    if (rejected && gtk_widget_is_sensitive (self->new_photos_button))
      focus = self->new_photos_button;
    for (guint i = 0; focus == NULL && i < G_N_ELEMENTS (rows); i++)
      if (gtk_widget_get_visible (GTK_WIDGET (rows[i])))
        focus = GTK_WIDGET (rows[i]);
    xuexin_page_set_focus_widget (XUEXIN_PAGE (self), focus);

    /* The page was shown before the case was read, or the state changed
     * under the user's focus: the focus goes where the page now starts,
     * unless the user is elsewhere (Cancel, Back). */
    if (focus != NULL && g_strcmp0 (self->shown_state, state) != 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
      {
        GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
        GtkWidget *current = root != NULL ? gtk_root_get_focus (root) : NULL;

        if (current == NULL || current == GTK_WIDGET (self) || gtk_widget_is_ancestor (current, GTK_WIDGET (self)))
          xuexin_a11y_grab_focus (focus);
      }
  }

  /* Said once per change, not at every poll. */
  if (self->shown_state != NULL && g_strcmp0 (self->shown_state, state) != 0)
    {
      /* Translators: what a screen reader says when the review's state
       * changes: the state's heading, then its explanation. */
      g_autofree char *message = g_strdup_printf (_("%s. %s"), title, body);

      xuexin_a11y_announce (GTK_WIDGET (self), message);
    }
  g_free (self->shown_state);
  self->shown_state = g_strdup (state);
}

static void
read_verified_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(XuexinIdentityProgressPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->verifying = FALSE;
  if (!xuexin_identity_draft_read_verified_finish (XUEXIN_IDENTITY_DRAFT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        xuexin_page_show_error (XUEXIN_PAGE (self), error);
      return;
    }

  xuexin_page_set_complete (XUEXIN_PAGE (self), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

/* The other accounts the success transaction cancelled are the ones
 * GET /me/identity listed while still pending; the flow opened at the
 * review (from a notification) skipped the chooser that reads them. */
static void
identity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(XuexinIdentityProgressPage) self = user_data;
  g_autoptr(XuexinIdentityState) state = NULL;
  g_autoptr(GError) error = NULL;

  state = xuexin_client_get_identity_finish (XUEXIN_CLIENT (object), result, &error);
  if (state != NULL && xuexin_identity_state_is_pending (state)
      && xuexin_identity_draft_get_state (self->draft) == NULL)
    xuexin_identity_draft_set_state (self->draft, state);
}

static void
case_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(XuexinIdentityProgressPage) self = user_data;
  g_autoptr(XuexinReviewCase) review_case = NULL;
  g_autoptr(GError) error = NULL;

  review_case = xuexin_client_get_review_case_finish (XUEXIN_CLIENT (object), result, &error);
  self->loading = FALSE;
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      xuexin_page_show_error (XUEXIN_PAGE (self), error);
      if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED)
          || xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED))
        {
          xuexin_page_set_error (XUEXIN_PAGE (self),
                                 _("Another account with this ID number was verified first, so this account has been cancelled. Sign in with the account that was verified."),
                                 _("_Sign Out"), "win.sign-out");
          /* Nothing will change any more. */
          return;
        }
      /* A network hiccup: try again at the last advised interval (the
       * in-queue one if none was read), not at once in a loop. */
      if (is_on_screen (self) && self->poll_source == 0)
        {
          guint interval = self->review_case != NULL
                           ? xuexin_review_case_get_poll_interval (self->review_case) : 0;

          self->poll_source = g_timeout_add_seconds (interval > 0 ? interval : RETRY_INTERVAL_SECONDS,
                                                     poll_cb, self);
        }
      return;
    }

  xuexin_page_clear_error (XUEXIN_PAGE (self));
  self->loaded = TRUE;
  g_set_object (&self->review_case, review_case);
  show_case (self);

  if (review_case != NULL
      && g_strcmp0 (xuexin_review_case_get_state (review_case), XUEXIN_REVIEW_CASE_STATE_APPROVED) == 0)
    {
      /* Approved: the account as it is now, for the success page. */
      g_clear_handle_id (&self->poll_source, g_source_remove);
      if (!self->verifying && !xuexin_page_get_complete (XUEXIN_PAGE (self)))
        {
          self->verifying = TRUE;
          xuexin_identity_draft_read_verified_async (self->draft, self->client, self->cancellable,
                                                     read_verified_cb, g_object_ref (self));
        }
      return;
    }

  update_polling (self);
}

/**
 * xuexin_identity_progress_page_refresh:
 *
 * Reads the case now.
 */
void
xuexin_identity_progress_page_refresh (XuexinIdentityProgressPage *self)
{
  g_return_if_fail (XUEXIN_IS_IDENTITY_PROGRESS_PAGE (self));

  if (self->loading)
    return;
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->loading = TRUE;
  xuexin_client_get_review_case_async (self->client, self->cancellable, case_cb, g_object_ref (self));
}

/**
 * xuexin_identity_progress_page_get_case:
 *
 * Returns: (nullable) (transfer none): the case as last read
 */
XuexinReviewCase *
xuexin_identity_progress_page_get_case (XuexinIdentityProgressPage *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PROGRESS_PAGE (self), NULL);

  return self->review_case;
}

/* On screen: mapped, and the window shown and not minimized. A hidden
 * or minimized window keeps its children mapped, so it is watched too. */
static gboolean
is_on_screen (XuexinIdentityProgressPage *self)
{
  return gtk_widget_get_mapped (GTK_WIDGET (self))
         && xuexin_gtk_window_is_on_screen (self->window);
}

gboolean
xuexin_identity_progress_page_is_polling (XuexinIdentityProgressPage *self)
{
  g_return_val_if_fail (XUEXIN_IS_IDENTITY_PROGRESS_PAGE (self), FALSE);

  return self->poll_source != 0 || self->loading;
}

static gboolean
poll_cb (gpointer user_data)
{
  XuexinIdentityProgressPage *self = user_data;

  self->poll_source = 0;
  xuexin_identity_progress_page_refresh (self);
  return G_SOURCE_REMOVE;
}

/* One read at a time, the next one the advised interval after the
 * last answer; none while off screen, or when the service advises none
 * (nothing changes by itself: draft, decided, closed). */
static void
update_polling (XuexinIdentityProgressPage *self)
{
  guint interval;

  if (!is_on_screen (self))
    {
      g_clear_handle_id (&self->poll_source, g_source_remove);
      return;
    }
  if (self->loading || self->poll_source != 0 || self->verifying)
    return;
  if (!self->loaded)
    {
      /* Not read yet (or just back on screen): read it now. */
      xuexin_identity_progress_page_refresh (self);
      return;
    }

  /* No case yet: nothing to wait for either. */
  interval = self->review_case != NULL ? xuexin_review_case_get_poll_interval (self->review_case) : 0;
  if (interval > 0)
    self->poll_source = g_timeout_add_seconds (interval, poll_cb, self);
}

static void
window_changed_cb (XuexinIdentityProgressPage *self)
{
  gboolean was_polling = self->poll_source != 0;

  update_polling (self);
  /* Back on screen after a pause: read at once, not an interval later. */
  if (!was_polling && self->poll_source != 0)
    xuexin_identity_progress_page_refresh (self);
}

static void
unwatch_window (XuexinIdentityProgressPage *self)
{
  if (self->window != NULL)
    g_signal_handlers_disconnect_by_func (self->window, window_changed_cb, self);
  if (self->surface != NULL)
    g_signal_handlers_disconnect_by_func (self->surface, window_changed_cb, self);
  g_clear_weak_pointer (&self->window);
  g_clear_weak_pointer (&self->surface);
}

static void
xuexin_identity_progress_page_map (GtkWidget *widget)
{
  XuexinIdentityProgressPage *self = XUEXIN_IDENTITY_PROGRESS_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (xuexin_identity_progress_page_parent_class)->map (widget);

  unwatch_window (self);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      g_set_weak_pointer (&self->window, GTK_WINDOW (root));
      g_signal_connect_swapped (self->window, "notify::visible", G_CALLBACK (window_changed_cb), self);
      g_set_weak_pointer (&self->surface, gtk_native_get_surface (GTK_NATIVE (root)));
      if (self->surface != NULL)
        g_signal_connect_swapped (self->surface, "notify::state", G_CALLBACK (window_changed_cb), self);
    }

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  if (xuexin_identity_draft_get_state (self->draft) == NULL)
    xuexin_client_get_identity_async (self->client, self->cancellable, identity_cb, g_object_ref (self));

  /* Fresh each time the page comes on screen. */
  self->loaded = FALSE;
  update_polling (self);
}

static void
xuexin_identity_progress_page_unmap (GtkWidget *widget)
{
  XuexinIdentityProgressPage *self = XUEXIN_IDENTITY_PROGRESS_PAGE (widget);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  unwatch_window (self);

  GTK_WIDGET_CLASS (xuexin_identity_progress_page_parent_class)->unmap (widget);
}

static void
xuexin_identity_progress_page_dispose (GObject *object)
{
  XuexinIdentityProgressPage *self = XUEXIN_IDENTITY_PROGRESS_PAGE (object);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  unwatch_window (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_IDENTITY_PROGRESS_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);
  g_clear_object (&self->review_case);
  g_clear_pointer (&self->shown_state, g_free);

  G_OBJECT_CLASS (xuexin_identity_progress_page_parent_class)->dispose (object);
}

static void
xuexin_identity_progress_page_class_init (XuexinIdentityProgressPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_identity_progress_page_dispose;
  widget_class->map = xuexin_identity_progress_page_map;
  widget_class->unmap = xuexin_identity_progress_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/identity/xuexin-identity-progress-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityProgressPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityProgressPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityProgressPage, rejection_group);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityProgressPage, reason_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityProgressPage, note_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityProgressPage, next_submission_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityProgressPage, new_photos_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityProgressPage, submitted_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityProgressPage, queue_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityProgressPage, wait_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityProgressPage, decided_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityProgressPage, submissions_row);
}

static void
xuexin_identity_progress_page_init (XuexinIdentityProgressPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_case (self);
  /* The first state read is shown, not announced as a change. */
  g_clear_pointer (&self->shown_state, g_free);
}
