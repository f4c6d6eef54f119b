/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-on-screen.h"
#include "xuexin-review-watcher.h"

/* Follows a pending account's review case (path 2) in the background,
 * whatever page the window shows, so that a decision made hours after
 * the submission reaches the person: "decided" is emitted when a case
 * that was waiting (submitted or in review) comes back approved or
 * rejected. The window turns that into a notification. */

/* While the window is hidden or minimized nobody reads the page, and a
 * review takes hours: a read every 5 minutes finds the decision soon
 * enough for a notification, at a 20th of the service's advised pace. */
#define HIDDEN_INTERVAL_SECONDS (5 * 60)
/* When the service advises no interval for a waiting case (an older
 * service): its in-queue value. */
#define FALLBACK_INTERVAL_SECONDS 15

struct _XuexinReviewWatcher
{
  GObject           parent_instance;

  XuexinClient     *client;
  GtkWindow        *window;
  GdkSurface       *surface;
  GCancellable     *cancellable;
  XuexinReviewCase *review_case;
  guint             poll_source;
  guint             next_interval;
  gboolean          running;
  gboolean          loading;
};

G_DEFINE_FINAL_TYPE (XuexinReviewWatcher, xuexin_review_watcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule (XuexinReviewWatcher *self);
static void read_case (XuexinReviewWatcher *self);

static gboolean
window_is_shown (XuexinReviewWatcher *self)
{
  return xuexin_gtk_window_is_on_screen (self->window);
}

static gboolean
state_is (XuexinReviewCase *review_case,
          const char       *state)
{
  return review_case != NULL && g_strcmp0 (xuexin_review_case_get_state (review_case), state) == 0;
}

static gboolean
is_waiting (XuexinReviewCase *review_case)
{
  return review_case != NULL && xuexin_review_case_is_queued (review_case);
}

static void
case_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(XuexinReviewWatcher) self = user_data;
  g_autoptr(XuexinReviewCase) review_case = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_waiting;

  review_case = xuexin_client_get_review_case_finish (XUEXIN_CLIENT (object), result, &error);
  self->loading = FALSE;
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Reading the review case failed: %s", error->message);
      /* Signed out or cancelled: the window stops us. Otherwise a
       * network hiccup: keep the pace. */
      if (!xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED))
        schedule (self);
      return;
    }
  if (!self->running)
    return;

  was_waiting = is_waiting (self->review_case);
  g_set_object (&self->review_case, review_case);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);

  if (was_waiting
      && (state_is (review_case, XUEXIN_REVIEW_CASE_STATE_APPROVED)
          || state_is (review_case, XUEXIN_REVIEW_CASE_STATE_REJECTED)))
    g_signal_emit (self, signals[DECIDED], 0, review_case);

  schedule (self);
}

static void
read_case (XuexinReviewWatcher *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->next_interval = 0;
  if (self->loading)
    return;
  self->loading = TRUE;
  xuexin_client_get_review_case_async (self->client, self->cancellable, case_cb, g_object_ref (self));
}

static gboolean
poll_cb (gpointer user_data)
{
  XuexinReviewWatcher *self = user_data;

  self->poll_source = 0;
  read_case (self);
  return G_SOURCE_REMOVE;
}

/* The next read: only while the case waits for a decision (a draft
 * changes only by the person's own hand, in the flow; a decided or
 * closed case no more). */
static void
schedule (XuexinReviewWatcher *self)
{
  guint interval;

  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->next_interval = 0;
  if (!self->running || !is_waiting (self->review_case))
    return;

  if (window_is_shown (self))
    {
      interval = xuexin_review_case_get_poll_interval (self->review_case);
      if (interval == 0)
        interval = FALLBACK_INTERVAL_SECONDS;
    }
  else
    interval = HIDDEN_INTERVAL_SECONDS;

  self->next_interval = interval;
  self->poll_source = g_timeout_add_seconds (interval, poll_cb, self);
}

static void
window_changed_cb (XuexinReviewWatcher *self)
{
  gboolean shown = window_is_shown (self);

  if (!self->running || self->loading)
    return;
  /* Shown again after a long pause: read at once. */
  if (shown && self->next_interval == HIDDEN_INTERVAL_SECONDS)
    read_case (self);
  else if (!shown && self->poll_source != 0 && self->next_interval != HIDDEN_INTERVAL_SECONDS)
    schedule (self);
}

static void
watch_surface (XuexinReviewWatcher *self)
{
  GdkSurface *surface = self->window != NULL ? gtk_native_get_surface (GTK_NATIVE (self->window)) : NULL;

  if (surface == self->surface)
    return;
  if (self->surface != NULL)
    g_signal_handlers_disconnect_by_func (self->surface, window_changed_cb, self);
  g_set_weak_pointer (&self->surface, surface);
  if (surface != NULL)
    g_signal_connect_swapped (surface, "notify::state", G_CALLBACK (window_changed_cb), self);
}

/* The surface comes and goes with the window's realization. */
static void
window_visible_cb (XuexinReviewWatcher *self)
{
  watch_surface (self);
  window_changed_cb (self);
}

XuexinReviewWatcher *
xuexin_review_watcher_new (XuexinClient *client,
                           GtkWindow    *window)
{
  XuexinReviewWatcher *self;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);
  g_return_val_if_fail (window == NULL || GTK_IS_WINDOW (window), NULL);

  self = g_object_new (XUEXIN_TYPE_REVIEW_WATCHER, NULL);
  self->client = g_object_ref (client);
  if (window != NULL)
    {
      g_set_weak_pointer (&self->window, window);
      g_signal_connect_swapped (window, "notify::visible", G_CALLBACK (window_visible_cb), self);
      g_signal_connect_swapped (window, "realize", G_CALLBACK (watch_surface), self);
      watch_surface (self);
    }

  return self;
}

/**
 * xuexin_review_watcher_start:
 *
 * Reads the case now, and follows it while it waits for a decision.
 * Calling it again reads again (the person may have just submitted).
 */
void
xuexin_review_watcher_start (XuexinReviewWatcher *self)
{
  g_return_if_fail (XUEXIN_IS_REVIEW_WATCHER (self));

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  read_case (self);
}

void
xuexin_review_watcher_stop (XuexinReviewWatcher *self)
{
  g_return_if_fail (XUEXIN_IS_REVIEW_WATCHER (self));

  self->running = FALSE;
  self->loading = FALSE;
  self->next_interval = 0;
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->review_case != NULL)
    {
      g_clear_object (&self->review_case);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
    }
}

gboolean
xuexin_review_watcher_is_running (XuexinReviewWatcher *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_WATCHER (self), FALSE);

  return self->running;
}

/**
 * xuexin_review_watcher_get_case:
 *
 * Returns: (nullable) (transfer none): the case as last read
 */
XuexinReviewCase *
xuexin_review_watcher_get_case (XuexinReviewWatcher *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_WATCHER (self), NULL);

  return self->review_case;
}

gboolean
xuexin_review_watcher_has_case (XuexinReviewWatcher *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_WATCHER (self), FALSE);

  return self->review_case != NULL
         && !state_is (self->review_case, XUEXIN_REVIEW_CASE_STATE_DRAFT);
}

guint
xuexin_review_watcher_get_next_interval (XuexinReviewWatcher *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_WATCHER (self), 0);

  return self->next_interval;
}

static void
xuexin_review_watcher_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  XuexinReviewWatcher *self = XUEXIN_REVIEW_WATCHER (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_object (value, self->review_case);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_review_watcher_dispose (GObject *object)
{
  XuexinReviewWatcher *self = XUEXIN_REVIEW_WATCHER (object);

  self->running = FALSE;
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->window != NULL)
    g_signal_handlers_disconnect_by_data (self->window, self);
  if (self->surface != NULL)
    g_signal_handlers_disconnect_by_data (self->surface, self);
  g_clear_weak_pointer (&self->window);
  g_clear_weak_pointer (&self->surface);
  g_clear_object (&self->review_case);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (xuexin_review_watcher_parent_class)->dispose (object);
}

static void
xuexin_review_watcher_class_init (XuexinReviewWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xuexin_review_watcher_dispose;
  object_class->get_property = xuexin_review_watcher_get_property;

  /* Notified at every read, so that the window's entry follows it. */
  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL, XUEXIN_TYPE_REVIEW_CASE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * XuexinReviewWatcher::decided:
   * @review_case: the case, now approved or rejected
   *
   * A case that waited for a decision got one.
   */
  signals[DECIDED] =
    g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, XUEXIN_TYPE_REVIEW_CASE);
}

static void
xuexin_review_watcher_init (XuexinReviewWatcher *self)
{
}
