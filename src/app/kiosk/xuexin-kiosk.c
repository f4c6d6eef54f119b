/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <sodium.h>
#include <string.h>

#include "xuexin-a11y.h"
#include "xuexin-application.h"
#include "xuexin-kiosk.h"
#include "xuexin-window.h"

/* Kiosk mode on a shared help-desk screen: watches for input on every
 * window, asks "Still there?" after the idle timeout, and wipes: signs
 * out on the server, destroys every window (and with them every draft,
 * photo, dialog, toast and request in flight), clears the clipboard the
 * app set, forgets the demo messages and starts again at the welcome
 * page in the kiosk's language. One second ticks: the countdown needs
 * them anyway, and it is one cheap check of a timestamp. */
struct _XuexinKiosk
{
  GObject         parent_instance;

  GtkApplication *application;   /* weak: it owns us */
  GSettings      *settings;
  guint           tick_id;
  gint64          last_input;    /* monotonic µs */
  GtkWidget      *idle_dialog;   /* weak */
  gint64          countdown_end; /* monotonic µs, while the dialog is up */
  guint           idle_seconds;  /* 0: the setting */
  guint           countdown_seconds;
  guint           wipe_count;
  gboolean        wiping;

  /* The language the app started in, for kiosk-language = "". */
  char           *start_language; /* LANGUAGE, or NULL when unset */
  char           *start_locale;   /* LC_MESSAGES */

  guint           pin_failures;   /* wrong PINs in a row */
  gint64          pin_locked_until; /* monotonic µs */
  guint           quit_pending;   /* sign-outs the quit waits for */
  guint           quit_timeout_id;
};

G_DEFINE_FINAL_TYPE (XuexinKiosk, xuexin_kiosk, G_TYPE_OBJECT)

#define WATCHED_KEY "xuexin-kiosk-watched"

XuexinKiosk *
xuexin_kiosk_new (GtkApplication *application,
                  GSettings      *settings)
{
  XuexinKiosk *self = g_object_new (XUEXIN_TYPE_KIOSK, NULL);

  self->application = application;
  self->settings = g_object_ref (settings);
  self->start_language = g_strdup (g_getenv ("LANGUAGE"));
  self->start_locale = g_strdup (setlocale (LC_MESSAGES, NULL));

  return self;
}

static guint
idle_timeout (XuexinKiosk *self)
{
  if (self->idle_seconds > 0)
    return self->idle_seconds;
  return g_settings_get_uint (self->settings, "kiosk-idle-timeout");
}

static guint
countdown_seconds (XuexinKiosk *self)
{
  return self->countdown_seconds > 0 ? self->countdown_seconds : XUEXIN_KIOSK_COUNTDOWN_SECONDS;
}

static gboolean
input_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          gpointer                  user_data)
{
  XuexinKiosk *self = user_data;

  GdkEventType type = gdk_event_get_event_type (event);

  /* Presses and movement; releases and crossings follow them anyway. */
  if (type == GDK_KEY_PRESS || type == GDK_BUTTON_PRESS || type == GDK_MOTION_NOTIFY ||
      type == GDK_SCROLL || type == GDK_TOUCH_BEGIN || type == GDK_TOUCH_UPDATE ||
      type == GDK_TOUCHPAD_SWIPE || type == GDK_TOUCHPAD_PINCH)
    self->last_input = g_get_monotonic_time ();

  return GDK_EVENT_PROPAGATE;
}

/* Dialogs are windows of their own and often not the application's:
 * every toplevel is watched, the moment the next tick sees it. */
static void
watch_toplevels (XuexinKiosk *self)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      GtkEventController *controller;

      if (g_object_get_data (l->data, WATCHED_KEY) != NULL)
        continue;
      controller = gtk_event_controller_legacy_new ();
      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      g_signal_connect_object (controller, "event", G_CALLBACK (input_cb), self, 0);
      gtk_widget_add_controller (l->data, controller);
      g_object_set_data (l->data, WATCHED_KEY, GINT_TO_POINTER (TRUE));
    }
}

static void
update_countdown (XuexinKiosk *self,
                  gint64       now)
{
  guint left = (guint) MAX (0, (self->countdown_end - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  g_autofree char *body = NULL;

  body = g_strdup_printf (ngettext ("Everything entered on this computer will be cleared in %u second.",
                                    "Everything entered on this computer will be cleared in %u seconds.",
                                    left),
                          left);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self->idle_dialog), body);
}

static void
idle_response_cb (XuexinKiosk *self)
{
  /* Continue (or Escape): the visitor is there. The dialog closes
   * itself; from now on it is not ours to count down. */
  self->last_input = g_get_monotonic_time ();
  g_clear_weak_pointer (&self->idle_dialog);
}

static void
show_idle_dialog (XuexinKiosk *self,
                  gint64       now)
{
  GtkWindow *parent = gtk_application_get_active_window (self->application);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, _("Still There?"), NULL);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "continue", _("_Continue"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "continue",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  g_signal_connect_object (dialog, "response", G_CALLBACK (idle_response_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->idle_dialog, dialog);
  self->countdown_end = now + (gint64) countdown_seconds (self) * G_USEC_PER_SEC;
  update_countdown (self, now);
  gtk_window_present (GTK_WINDOW (dialog));
  /* A screen reader user hears it even if the focus does not move. */
  xuexin_a11y_announce (GTK_WIDGET (dialog), _("Still there? Press Continue to keep what you entered."));
}

static gboolean
tick_cb (gpointer user_data)
{
  XuexinKiosk *self = user_data;
  gint64 now = g_get_monotonic_time ();

  watch_toplevels (self);

  if (self->idle_dialog != NULL)
    {
      if (now >= self->countdown_end)
        xuexin_kiosk_wipe (self);
      else
        update_countdown (self, now);
    }
  else if (now - self->last_input >= (gint64) idle_timeout (self) * G_USEC_PER_SEC)
    show_idle_dialog (self, now);

  return G_SOURCE_CONTINUE;
}

/**
 * xuexin_kiosk_start:
 *
 * Starts watching for input; idempotent.
 */
void
xuexin_kiosk_start (XuexinKiosk *self)
{
  g_return_if_fail (XUEXIN_IS_KIOSK (self));

  self->last_input = g_get_monotonic_time ();
  watch_toplevels (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

void
xuexin_kiosk_set_timeouts (XuexinKiosk *self,
                           guint        idle_seconds,
                           guint        countdown_seconds)
{
  g_return_if_fail (XUEXIN_IS_KIOSK (self));

  self->idle_seconds = idle_seconds;
  self->countdown_seconds = countdown_seconds;
  self->last_input = g_get_monotonic_time ();
}

/**
 * xuexin_kiosk_get_idle_dialog:
 *
 * Returns: (transfer none) (nullable): the "Still there?" dialog, while shown
 */
GtkWidget *
xuexin_kiosk_get_idle_dialog (XuexinKiosk *self)
{
  g_return_val_if_fail (XUEXIN_IS_KIOSK (self), NULL);

  return self->idle_dialog;
}

guint
xuexin_kiosk_get_wipe_count (XuexinKiosk *self)
{
  g_return_val_if_fail (XUEXIN_IS_KIOSK (self), 0);

  return self->wipe_count;
}

/**
 * xuexin_kiosk_apply_language:
 *
 * Switches the interface to the `kiosk-language` setting (empty: the
 * language the app started in). Windows built afterwards use it; the wipe builds new ones.
 */
void
xuexin_kiosk_apply_language (XuexinKiosk *self)
{
  g_autofree char *language = NULL;
  g_autofree char *locale = NULL;

  g_return_if_fail (XUEXIN_IS_KIOSK (self));

  language = g_settings_get_string (self->settings, "kiosk-language");
  if (*language == '\0')
    {
      /* Back to the system's, after staff chose one and changed their mind. */
      if (self->start_language != NULL)
        g_setenv ("LANGUAGE", self->start_language, TRUE);
      else
        g_unsetenv ("LANGUAGE");
      setlocale (LC_MESSAGES, self->start_locale != NULL ? self->start_locale : "");
      return;
    }

  g_setenv ("LANGUAGE", language, TRUE);
  /* gettext ignores LANGUAGE under the C locale. */
  locale = g_strconcat (language, ".UTF-8", NULL);
  if (setlocale (LC_MESSAGES, locale) == NULL)
    setlocale (LC_MESSAGES, "");
}

/* The clipboard the app set (a copied code or name); another program's
 * content is not ours to clear. */
static void
clear_clipboard (GdkClipboard *clipboard)
{
  if (clipboard != NULL && gdk_clipboard_is_local (clipboard))
    gdk_clipboard_set_content (clipboard, NULL);
}

/**
 * xuexin_kiosk_wipe:
 *
 * Ends the visitor's session and leaves nothing of theirs: see the
 * comment at the top.
 */
void
xuexin_kiosk_wipe (XuexinKiosk *self)
{
  g_autoptr(GList) toplevels = NULL;
  GdkDisplay *display = gdk_display_get_default ();
  XuexinWindow *fresh;

  g_return_if_fail (XUEXIN_IS_KIOSK (self));

  if (self->wiping)
    return;
  self->wiping = TRUE;

  toplevels = gtk_window_list_toplevels ();
  g_list_foreach (toplevels, (GFunc) g_object_ref, NULL);

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (XUEXIN_IS_WINDOW (l->data))
      xuexin_window_end_session (l->data);

  if (display != NULL)
    {
      clear_clipboard (gdk_display_get_clipboard (display));
      clear_clipboard (gdk_display_get_primary_clipboard (display));
    }
  xuexin_application_forget_demo_messages (XUEXIN_APPLICATION (self->application));
  xuexin_kiosk_apply_language (self);

  /* The new window first: with none left the application would quit. */
  fresh = xuexin_window_new_signed_out (XUEXIN_APPLICATION (self->application));
  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free_full (g_steal_pointer (&toplevels), g_object_unref);

  gtk_window_present (GTK_WINDOW (fresh));
  self->last_input = g_get_monotonic_time ();
  self->wipe_count++;
  self->wiping = FALSE;
}

/* ----- the staff unlock ------------------------------------------------ */

/**
 * xuexin_kiosk_pin_is_acceptable:
 *
 * Returns: whether @pin may be a staff PIN: 6 to 32 digits
 */
gboolean
xuexin_kiosk_pin_is_acceptable (const char *pin)
{
  gsize length = pin != NULL ? strlen (pin) : 0;

  if (length < XUEXIN_KIOSK_PIN_MIN_LENGTH || length > XUEXIN_KIOSK_PIN_MAX_LENGTH)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

/**
 * xuexin_kiosk_hash_pin:
 *
 * Returns: (transfer full) (nullable): the Argon2id hash of @pin for the
 *   `kiosk-unlock-pin-hash` setting, or %NULL when out of memory
 */
char *
xuexin_kiosk_hash_pin (const char *pin)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (pin != NULL, NULL);

  if (sodium_init () < 0)
    return NULL;
  /* Interactive limits: the unlock waits for it, once. */
  if (crypto_pwhash_str (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return NULL;
  return g_strdup (hash);
}

gboolean
xuexin_kiosk_has_pin (XuexinKiosk *self)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (XUEXIN_IS_KIOSK (self), FALSE);

  hash = g_settings_get_string (self->settings, "kiosk-unlock-pin-hash");
  return *hash != '\0';
}

guint
xuexin_kiosk_get_pin_wait (XuexinKiosk *self)
{
  gint64 left;

  g_return_val_if_fail (XUEXIN_IS_KIOSK (self), 0);

  left = self->pin_locked_until - g_get_monotonic_time ();
  return left > 0 ? (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}

typedef struct
{
  char *pin;
  char *hash;
} PinCheck;

static void
pin_check_free (PinCheck *check)
{
  if (check->pin != NULL)
    sodium_memzero (check->pin, strlen (check->pin));
  g_free (check->pin);
  g_free (check->hash);
  g_free (check);
}

/* Argon2id takes a good part of a second on purpose: not on the UI thread. */
static void
verify_pin_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PinCheck *check = task_data;

  g_task_return_boolean (task, sodium_init () >= 0 &&
                               crypto_pwhash_str_verify (check->hash, check->pin, strlen (check->pin)) == 0);
}

/**
 * xuexin_kiosk_verify_pin_async:
 *
 * Checks @pin against the setting's hash on a worker thread. After
 * %XUEXIN_KIOSK_PIN_MAX_FAILURES wrong PINs in a row the unlock waits
 * %XUEXIN_KIOSK_PIN_LOCKOUT_SECONDS: finish then fails with
 * %G_IO_ERROR_BUSY without a check.
 */
void
xuexin_kiosk_verify_pin_async (XuexinKiosk         *self,
                               const char          *pin,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PinCheck *check;

  g_return_if_fail (XUEXIN_IS_KIOSK (self));
  g_return_if_fail (pin != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_kiosk_verify_pin_async);

  if (xuexin_kiosk_get_pin_wait (self) > 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "Too many wrong PINs");
      return;
    }

  check = g_new0 (PinCheck, 1);
  check->pin = g_strdup (pin);
  check->hash = g_settings_get_string (self->settings, "kiosk-unlock-pin-hash");
  g_task_set_task_data (task, check, (GDestroyNotify) pin_check_free);
  if (*check->hash == '\0')
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  g_task_run_in_thread (task, verify_pin_thread);
}

/**
 * xuexin_kiosk_verify_pin_finish:
 *
 * Returns: %TRUE for the right PIN; %FALSE for a wrong one (counted), or
 *   with @error while the unlock waits
 */
gboolean
xuexin_kiosk_verify_pin_finish (XuexinKiosk   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean right;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  right = g_task_propagate_boolean (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (right)
    self->pin_failures = 0;
  else if (++self->pin_failures >= XUEXIN_KIOSK_PIN_MAX_FAILURES)
    {
      self->pin_failures = 0;
      self->pin_locked_until = g_get_monotonic_time () + XUEXIN_KIOSK_PIN_LOCKOUT_SECONDS * G_USEC_PER_SEC;
    }
  return right;
}

/* ----- quitting --------------------------------------------------------- */

static void
quit_now (XuexinKiosk *self)
{
  g_clear_handle_id (&self->quit_timeout_id, g_source_remove);
  g_application_quit (G_APPLICATION (self->application));
}

static gboolean
quit_timeout_cb (gpointer user_data)
{
  XuexinKiosk *self = user_data;

  self->quit_timeout_id = 0;
  g_debug ("Quitting without waiting for %u sign-outs", self->quit_pending);
  quit_now (self);
  return G_SOURCE_REMOVE;
}

static void
quit_sign_out_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(XuexinKiosk) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!xuexin_client_sign_out_finish (XUEXIN_CLIENT (object), result, &error))
    g_debug ("Signing out before quitting failed: %s", error->message);
  if (--self->quit_pending == 0 && self->quit_timeout_id != 0)
    quit_now (self);
}

/**
 * xuexin_kiosk_quit:
 *
 * The staff's Quit: every window's session ends on the server first
 * (waiting at most 5 s for an unreachable one), so that nothing stays
 * signed in behind the closed app.
 */
void
xuexin_kiosk_quit (XuexinKiosk *self)
{
  g_autoptr(GList) windows = NULL;

  g_return_if_fail (XUEXIN_IS_KIOSK (self));

  if (self->quit_timeout_id != 0)
    return;
  g_clear_handle_id (&self->tick_id, g_source_remove);

  windows = g_list_copy (gtk_application_get_windows (self->application));
  for (GList *l = windows; l != NULL; l = l->next)
    {
      XuexinClient *client = XUEXIN_IS_WINDOW (l->data) ? xuexin_window_get_client (l->data) : NULL;

      if (client == NULL || xuexin_client_get_token (client) == NULL)
        continue;
      self->quit_pending++;
      xuexin_client_sign_out_async (client, NULL, quit_sign_out_cb, g_object_ref (self));
    }

  if (self->quit_pending == 0)
    {
      quit_now (self);
      return;
    }
  self->quit_timeout_id = g_timeout_add_seconds (5, quit_timeout_cb, self);
}

static void
xuexin_kiosk_dispose (GObject *object)
{
  XuexinKiosk *self = XUEXIN_KIOSK (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->quit_timeout_id, g_source_remove);
  g_clear_weak_pointer (&self->idle_dialog);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (xuexin_kiosk_parent_class)->dispose (object);
}

static void
xuexin_kiosk_finalize (GObject *object)
{
  XuexinKiosk *self = XUEXIN_KIOSK (object);

  g_free (self->start_language);
  g_free (self->start_locale);

  G_OBJECT_CLASS (xuexin_kiosk_parent_class)->finalize (object);
}

static void
xuexin_kiosk_class_init (XuexinKioskClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = xuexin_kiosk_dispose;
  G_OBJECT_CLASS (klass)->finalize = xuexin_kiosk_finalize;
}

static void
xuexin_kiosk_init (XuexinKiosk *self)
{
}
