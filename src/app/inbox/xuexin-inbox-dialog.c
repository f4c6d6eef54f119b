/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-client-identity.h"
#include "xuexin-common.h"
#include "xuexin-format.h"
#include "xuexin-inbox-dialog.h"

/* The classmate's inbox (途径3, the helper's side): requests of people
 * who re-registered and name this account's owner as a classmate. A
 * pending request is confirmed, after a plain warning, or declined; any
 * refusal is said in words, announced, and the list is loaded again so
 * that it shows the request as it is now. Closing the dialog cancels
 * what is in flight. */
struct _XuexinInboxDialog
{
  AdwWindow     parent_instance;

  XuexinClient *client;
  GCancellable *cancellable;
  GListModel   *requests;
  gboolean      busy;

  GtkSpinner   *inbox_spinner;
  GtkWidget    *inbox_error_box;
  GtkLabel     *inbox_error_label;
  GtkStack     *inbox_stack;
  GtkListBox   *inbox_list;
  GtkWidget    *inbox_close_button;
};

G_DEFINE_FINAL_TYPE (XuexinInboxDialog, xuexin_inbox_dialog, ADW_TYPE_WINDOW)

enum {
  LISTED,
  ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * xuexin_inbox_should_notify:
 * @previous_known: whether a count was seen since signing in
 * @previous_unread: that count
 * @unread: the count just fetched
 *
 * Only a count that goes up is news. The first count after signing in
 * is not: the badge shows it in the window the user is looking at.
 *
 * Returns: whether to send the "A classmate asks for your help" notification
 */
gboolean
xuexin_inbox_should_notify (gboolean previous_known,
                            guint    previous_unread,
                            guint    unread)
{
  return previous_known && unread > previous_unread;
}

static void
xuexin_inbox_dialog_set_error (XuexinInboxDialog *self,
                               const char        *message)
{
  if (message == NULL)
    {
      xuexin_a11y_hide_alert (self->inbox_error_label);
      gtk_widget_set_visible (self->inbox_error_box, FALSE);
      return;
    }

  gtk_widget_set_visible (self->inbox_error_box, TRUE);
  xuexin_a11y_show_alert (self->inbox_error_label, message);
}

static void
xuexin_inbox_dialog_set_busy (XuexinInboxDialog *self,
                              gboolean           busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->inbox_spinner), busy);
  gtk_spinner_set_spinning (self->inbox_spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->inbox_list), !busy);
}

/* A pending request past its expiry by the local clock is shown as
 * expired: the service refuses it anyway. */
static const char *
request_state (XuexinAssistanceRequest *request)
{
  const char *state = xuexin_assistance_request_get_state (request);

  if (g_strcmp0 (state, XUEXIN_ASSISTANCE_STATE_PENDING) == 0 && !xuexin_assistance_request_is_open (request))
    return XUEXIN_ASSISTANCE_STATE_EXPIRED;
  return state;
}

static const char *
state_label (const char *state)
{
  if (g_strcmp0 (state, XUEXIN_ASSISTANCE_STATE_PENDING) == 0)
    return _("Waiting for your answer");
  if (g_strcmp0 (state, XUEXIN_ASSISTANCE_STATE_CONFIRMED) == 0)
    return _("Confirmed by you");
  if (g_strcmp0 (state, XUEXIN_ASSISTANCE_STATE_DECLINED) == 0)
    return _("Declined by you");
  if (g_strcmp0 (state, XUEXIN_ASSISTANCE_STATE_EXPIRED) == 0)
    return _("Expired without an answer");
  if (g_strcmp0 (state, XUEXIN_ASSISTANCE_STATE_CLOSED) == 0)
    /* Translators: the requester verified another way, or another
     * classmate confirmed first. */
    return _("Closed: no answer is needed any more");
  return state;
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
describe_studies (XuexinAssistanceRequest *request)
{
  const char *level = xuexin_assistance_request_get_level (request);

  if (level == NULL)
    /* Translators: school, then the year of enrollment. */
    return g_strdup_printf (_("%s, enrolled %u"),
                            xuexin_assistance_request_get_school (request),
                            xuexin_assistance_request_get_enrollment_year (request));

  /* Translators: school, the year of enrollment, then the level such as 本科. */
  return g_strdup_printf (_("%s, enrolled %u, %s"),
                          xuexin_assistance_request_get_school (request),
                          xuexin_assistance_request_get_enrollment_year (request),
                          xuexin_education_level_get_label (xuexin_education_level_from_string (level)));
}

static GtkWidget *
detail_label (const char *text,
              const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static void answer_clicked_cb (GtkButton *button,
                               gpointer   user_data);

/* Two rows' buttons must not both read "Confirm…": each is named after
 * its requester. Set as the button is mapped, because the app names
 * every labelled button after its label as the first of its tree is
 * mapped (xuexin-a11y-names.c), which comes just before. */
static void
name_button_cb (GtkWidget *button)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_object_get_data (G_OBJECT (button), "accessible-name"), -1);
}

static void
set_button_name (GtkWidget  *button,
                 const char *name)
{
  g_object_set_data_full (G_OBJECT (button), "accessible-name", g_strdup (name), g_free);
  name_button_cb (button);
  g_signal_connect (button, "map", G_CALLBACK (name_button_cb), NULL);
}

/* One request: who, what they claim, when, and the answer buttons while
 * it is open. Built in code like the window's demo messages: one row
 * per item of the model. */
static GtkWidget *
create_request_row (gpointer item,
                    gpointer user_data)
{
  XuexinInboxDialog *self = user_data;
  XuexinAssistanceRequest *request = item;
  const char *name = xuexin_assistance_request_get_requester_name (request);
  const char *state = request_state (request);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *id_text = NULL;
  g_autofree char *studies = NULL;
  g_autofree char *received = format_time (xuexin_assistance_request_get_created_at (request));
  g_autofree char *expires = format_time (xuexin_assistance_request_get_expires_at (request));
  GDateTime *decided_at = xuexin_assistance_request_get_decided_at (request);
  g_autofree char *times = NULL;
  g_autofree char *row_name = NULL;
  GtkWidget *state_widget;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (row, "inbox-request-row");
  g_object_set_data_full (G_OBJECT (row), "request", g_object_ref (request), g_object_unref);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_box_append (GTK_BOX (box), detail_label (name, "heading"));
  /* Translators: %s is an ID number with most digits hidden. */
  id_text = g_strdup_printf (_("ID number %s"), xuexin_assistance_request_get_requester_id_number_masked (request));
  gtk_box_append (GTK_BOX (box), detail_label (id_text, NULL));
  studies = describe_studies (request);
  gtk_box_append (GTK_BOX (box), detail_label (studies, NULL));
  if (decided_at != NULL && g_strcmp0 (state, XUEXIN_ASSISTANCE_STATE_CLOSED) == 0)
    {
      g_autofree char *decided = format_time (decided_at);

      /* Translators: two dates with times. */
      times = g_strdup_printf (_("Received %s · closed %s"), received, decided);
    }
  else if (decided_at != NULL)
    {
      g_autofree char *decided = format_time (decided_at);

      /* Translators: two dates with times. */
      times = g_strdup_printf (_("Received %s · answered %s"), received, decided);
    }
  else
    /* Translators: two dates with times. */
    times = g_strdup_printf (_("Received %s · expires %s"), received, expires);
  gtk_box_append (GTK_BOX (box), detail_label (times, "dim-label"));
  state_widget = detail_label (state_label (state), "caption-heading");
  gtk_widget_set_name (state_widget, "inbox-request-state");
  if (g_strcmp0 (state, XUEXIN_ASSISTANCE_STATE_CONFIRMED) == 0)
    gtk_widget_add_css_class (state_widget, "success");
  else if (g_strcmp0 (state, XUEXIN_ASSISTANCE_STATE_PENDING) == 0)
    gtk_widget_add_css_class (state_widget, "accent");
  gtk_box_append (GTK_BOX (box), state_widget);

  if (g_strcmp0 (state, XUEXIN_ASSISTANCE_STATE_PENDING) == 0)
    {
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *confirm = gtk_button_new_with_mnemonic (_("_Confirm…"));
      GtkWidget *decline = gtk_button_new_with_mnemonic (_("_Decline"));
      g_autofree char *confirm_name = NULL;
      g_autofree char *decline_name = NULL;

      gtk_widget_set_margin_top (buttons, 6);
      gtk_widget_set_halign (buttons, GTK_ALIGN_END);
      gtk_widget_add_css_class (confirm, "suggested-action");
      gtk_widget_set_name (confirm, "inbox-confirm-button");
      gtk_widget_set_name (decline, "inbox-decline-button");
      /* Translators: %s is the requester's name. */
      confirm_name = g_strdup_printf (_("Confirm %s’s request…"), name);
      /* Translators: %s is the requester's name. */
      decline_name = g_strdup_printf (_("Decline %s’s request"), name);
      set_button_name (confirm, confirm_name);
      set_button_name (decline, decline_name);
      g_object_set_data (G_OBJECT (confirm), "confirm", GINT_TO_POINTER (TRUE));
      g_signal_connect (confirm, "clicked", G_CALLBACK (answer_clicked_cb), self);
      g_signal_connect (decline, "clicked", G_CALLBACK (answer_clicked_cb), self);
      gtk_box_append (GTK_BOX (buttons), decline);
      gtk_box_append (GTK_BOX (buttons), confirm);
      gtk_box_append (GTK_BOX (box), buttons);
    }

  /* Translators: a request in the inbox as a screen reader names it:
   * the requester, then the state. */
  row_name = g_strdup_printf (_("%s, %s"), name, state_label (state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, row_name, -1);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Keyboard users land on the first question to answer, else on the
 * list, else (nothing to answer) on Close. */
static void
xuexin_inbox_dialog_focus_start (XuexinInboxDialog *self)
{
  GtkWidget *confirm = find_named (GTK_WIDGET (self->inbox_list), "inbox-confirm-button");
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->inbox_list, 0);

  if (first == NULL)
    gtk_widget_grab_focus (self->inbox_close_button);
  else if (confirm != NULL)
    gtk_widget_grab_focus (confirm);
  else if (first != NULL)
    {
      gtk_list_box_row_set_activatable (first, FALSE);
      gtk_widget_set_focusable (GTK_WIDGET (first), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (first));
    }
}

static void
get_inbox_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(XuexinInboxDialog) self = user_data;
  g_autoptr(GListModel) requests = NULL;
  g_autoptr(GError) error = NULL;
  guint unread = 0;

  requests = xuexin_client_get_inbox_finish (XUEXIN_CLIENT (object), result, &unread, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  xuexin_inbox_dialog_set_busy (self, FALSE);
  if (requests == NULL)
    {
      xuexin_inbox_dialog_set_error (self, error->message);
      if (self->requests == NULL)
        gtk_stack_set_visible_child_name (self->inbox_stack, "empty");
      return;
    }

  g_set_object (&self->requests, requests);
  gtk_list_box_bind_model (self->inbox_list, requests, create_request_row, self, NULL);
  gtk_stack_set_visible_child_name (self->inbox_stack,
                                    g_list_model_get_n_items (requests) > 0 ? "list" : "empty");
  xuexin_inbox_dialog_focus_start (self);
  g_signal_emit (self, signals[LISTED], 0);
}

/**
 * xuexin_inbox_dialog_reload:
 *
 * Loads the requests again (which marks them read).
 */
void
xuexin_inbox_dialog_reload (XuexinInboxDialog *self)
{
  g_return_if_fail (XUEXIN_IS_INBOX_DIALOG (self));

  xuexin_inbox_dialog_set_busy (self, TRUE);
  xuexin_client_get_inbox_async (self->client, self->cancellable, get_inbox_cb, g_object_ref (self));
}

/* One sentence per refusal, saying what to do now. */
static char *
answer_error_message (const GError *error)
{
  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_REQUEST_EXPIRED))
    return g_strdup (_("This request has expired: requests are open for 7 days. Nothing was changed. If your classmate still needs your help, they can send a new request."));
  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_REQUEST_CLOSED))
    return g_strdup (_("This request was already answered or closed, so there is nothing left to do. The list now shows it as it is."));
  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
    return g_strdup (_("This request is no longer in your inbox. The list has been loaded again."));
  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    {
      guint seconds = MAX (1, xuexin_client_error_get_retry_after (error));
      g_autoptr(GDateTime) now = NULL;
      g_autoptr(GDateTime) then = NULL;
      g_autofree char *date = NULL;

      if (seconds <= 24 * 3600)
        {
          g_autofree char *wait = xuexin_format_wait (seconds);

          /* Translators: %s is a waiting time such as "45 s" or "3 h 10 min". */
          return g_strdup_printf (_("You have confirmed 3 classmates in the last 365 days, the most allowed. You can confirm again in %s; until then the request stays open, or you can decline it."),
                                  wait);
        }

      /* A wait of months reads better as the day it ends. */
      now = g_date_time_new_now_local ();
      then = g_date_time_add_seconds (now, seconds);
      date = g_date_time_format (then, "%Y-%m-%d");
      /* Translators: %s is a date such as 2027-03-01. */
      return g_strdup_printf (_("You have confirmed 3 classmates in the last 365 days, the most allowed. You can confirm again from %s; until then the request stays open, or you can decline it."),
                              date);
    }
  return g_strdup (error->message);
}

static void
answer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(XuexinInboxDialog) self = user_data;
  g_autoptr(XuexinAssistanceRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  request = xuexin_client_answer_assistance_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  xuexin_inbox_dialog_set_busy (self, FALSE);
  if (request == NULL)
    {
      g_autofree char *message = answer_error_message (error);

      xuexin_inbox_dialog_set_error (self, message);
    }
  else
    {
      g_autofree char *message = NULL;

      if (g_strcmp0 (xuexin_assistance_request_get_state (request), XUEXIN_ASSISTANCE_STATE_CONFIRMED) == 0)
        /* Translators: %s is the requester's name. */
        message = g_strdup_printf (_("You confirmed %s. Their account is now verified."),
                                   xuexin_assistance_request_get_requester_name (request));
      else
        /* Translators: %s is the requester's name. */
        message = g_strdup_printf (_("You declined %s’s request."),
                                   xuexin_assistance_request_get_requester_name (request));
      xuexin_a11y_announce (GTK_WIDGET (self), message);
      g_signal_emit (self, signals[ANSWERED], 0, request);
    }

  xuexin_inbox_dialog_reload (self);
}

static void
xuexin_inbox_dialog_answer (XuexinInboxDialog       *self,
                            XuexinAssistanceRequest *request,
                            gboolean                 confirm)
{
  if (self->busy)
    return;

  xuexin_inbox_dialog_set_error (self, NULL);
  xuexin_inbox_dialog_set_busy (self, TRUE);
  xuexin_client_answer_assistance_async (self->client, xuexin_assistance_request_get_id (request), confirm,
                                         self->cancellable, answer_cb, g_object_ref (self));
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  XuexinInboxDialog *self = XUEXIN_INBOX_DIALOG (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  XuexinAssistanceRequest *request = g_object_get_data (G_OBJECT (dialog), "request");

  /* The keyboard focus back to the inbox (on the button it left from)
   * where no window manager hands it back to the parent window: a
   * session with no window manager, or Xvfb in the keyboard walk. */
  gtk_window_present (GTK_WINDOW (self));

  if (g_str_equal (response, "confirm"))
    xuexin_inbox_dialog_answer (self, request, TRUE);
}

/* Confirming cancels other people's accounts: it is asked once more,
 * in words that say so, with Cancel as the default. */
static void
xuexin_inbox_dialog_ask_confirm (XuexinInboxDialog       *self,
                                 XuexinAssistanceRequest *request)
{
  const char *name = xuexin_assistance_request_get_requester_name (request);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: %s is the requester's name. */
  heading = g_strdup_printf (_("Confirm %s?"), name);
  /* Translators: the name, the school, then the year of enrollment. */
  body = g_strdup_printf (_("Confirming tells the account service that %s studied with you at %s from %u. "
                            "Their account is then verified and every other account registered with their ID number is cancelled. "
                            "Confirm only if you know this person."),
                          name, xuexin_assistance_request_get_school (request),
                          xuexin_assistance_request_get_enrollment_year (request));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("C_onfirm"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "request", g_object_ref (request), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
answer_clicked_cb (GtkButton *button,
                   gpointer   user_data)
{
  XuexinInboxDialog *self = user_data;
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  XuexinAssistanceRequest *request = g_object_get_data (G_OBJECT (row), "request");

  if (g_object_get_data (G_OBJECT (button), "confirm") != NULL)
    xuexin_inbox_dialog_ask_confirm (self, request);
  else
    xuexin_inbox_dialog_answer (self, request, FALSE);
}

/**
 * xuexin_inbox_dialog_new:
 * @parent: the main window
 * @client: the signed-in client of an active account
 *
 * A modal dialog listing the requests of the inbox; it loads them at
 * once (which marks them read) and emits #XuexinInboxDialog::listed.
 */
XuexinInboxDialog *
xuexin_inbox_dialog_new (GtkWindow    *parent,
                         XuexinClient *client)
{
  XuexinInboxDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);

  self = g_object_new (XUEXIN_TYPE_INBOX_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->client = g_object_ref (client);
  xuexin_inbox_dialog_reload (self);

  return self;
}

static void
xuexin_inbox_dialog_dispose (GObject *object)
{
  XuexinInboxDialog *self = XUEXIN_INBOX_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_INBOX_DIALOG);
  g_clear_object (&self->requests);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (xuexin_inbox_dialog_parent_class)->dispose (object);
}

static void
xuexin_inbox_dialog_class_init (XuexinInboxDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_inbox_dialog_dispose;

  /**
   * XuexinInboxDialog::listed:
   *
   * The requests were loaded, and so are read now.
   */
  signals[LISTED] =
    g_signal_new ("listed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * XuexinInboxDialog::answered:
   * @request: the request as the service answered it
   */
  signals[ANSWERED] =
    g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, XUEXIN_TYPE_ASSISTANCE_REQUEST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/inbox/xuexin-inbox-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinInboxDialog, inbox_spinner);
  gtk_widget_class_bind_template_child (widget_class, XuexinInboxDialog, inbox_error_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinInboxDialog, inbox_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinInboxDialog, inbox_stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinInboxDialog, inbox_list);
  gtk_widget_class_bind_template_child (widget_class, XuexinInboxDialog, inbox_close_button);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xuexin_inbox_dialog_init (XuexinInboxDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The answers are said here: the window's announcer is in another window. */
  xuexin_a11y_add_announcer (ADW_WINDOW (self));
}
