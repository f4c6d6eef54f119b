/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-a11y-names.h"
#include "xuexin-account-lookup-view.h"
#include "xuexin-case-view.h"
#include "xuexin-on-screen.h"
#include "xuexin-queue-row.h"
#include "xuexin-review-console.h"
#include "xuexin-review-format.h"
#include "xuexin-review-today-view.h"

/* The service advises 15 s for the person waiting on a case; the queue
 * is as fresh for the reviewer, and only while someone looks at it. */
#define RELOAD_SECONDS 15

/* The API ids of the filters' choices, in the order of their drop-downs. */
static const char * const state_ids[] = { "open", "submitted", "in_review", "approved", "rejected" };
static const char * const resubmission_ids[] = { "any", "only", "none" };

struct _XuexinReviewConsole
{
  AdwBin                  parent_instance;

  XuexinClient           *client;
  XuexinReviewQueue      *queue;
  GtkSingleSelection     *selection;
  guint                   reload_id;
  /* Checks the focus again once GTK has moved it off what went. */
  guint                   refocus_id;
  /* The selection follows the case shown without opening it again. */
  gboolean                syncing;
  /* After a decision: open the first free case once the queue is in. */
  gboolean                open_next;
  gint64                  decided_case_id;

  AdwLeaflet             *leaflet;
  GtkLabel               *counts_label;
  GtkLabel               *queue_state_label;
  GtkDropDown            *state_dropdown;
  GtkLabel               *resubmissions_label;
  GtkDropDown            *resubmissions_dropdown;
  GtkEntry               *from_entry;
  GtkEntry               *to_entry;
  GtkMenuButton          *from_calendar_button;
  GtkMenuButton          *to_calendar_button;
  GtkCalendar            *from_calendar;
  GtkCalendar            *to_calendar;
  GtkLabel               *date_error_label;
  GtkWidget              *filters_expander;
  GtkStack               *queue_stack;
  GtkListView            *queue_view;
  GtkLabel               *queue_empty_label;
  GtkLabel               *queue_error_label;
  GtkLabel               *content_title;
  GtkStack               *content_stack;
  AdwStatusPage          *empty_status;
  XuexinCaseView         *case_view;
  XuexinReviewTodayView  *today_view;
  XuexinAccountLookupView *lookup_view;
};

G_DEFINE_FINAL_TYPE (XuexinReviewConsole, xuexin_review_console, ADW_TYPE_BIN)

/* ----- filters --------------------------------------------------------- */

/* Reads one date field: TRUE when it is empty or a real date; @problem
 * says what is wrong otherwise. */
static gboolean
read_date (GtkEntry    *entry,
           GDate       *date,
           const char **problem)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_date_clear (date, 1);
  if (*text == '\0')
    return TRUE;
  if (xuexin_review_parse_date (text, date))
    return TRUE;

  *problem = _("Enter a date as YYYY-MM-DD, for example 2026-12-03.");
  return FALSE;
}

/* Checks both dates; marks the field at fault only when @show (the date
 * is complete, or the reviewer pressed Enter): a half-typed date is no
 * error yet. */
static gboolean
xuexin_review_console_check_dates (XuexinReviewConsole *self,
                                   GtkEntry            *edited,
                                   gboolean             show)
{
  GDate from;
  GDate to;
  const char *problem = NULL;
  GtkEntry *at_fault = NULL;

  if (!read_date (self->from_entry, &from, &problem))
    at_fault = self->from_entry;
  else if (!read_date (self->to_entry, &to, &problem))
    at_fault = self->to_entry;
  else if (g_date_valid (&from) && g_date_valid (&to) && g_date_compare (&from, &to) > 0)
    {
      problem = _("The first day is after the last day.");
      at_fault = edited;
    }

  xuexin_a11y_set_field_error (GTK_WIDGET (self->from_entry), NULL);
  xuexin_a11y_set_field_error (GTK_WIDGET (self->to_entry), NULL);
  if (at_fault == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->date_error_label), FALSE);
      return TRUE;
    }

  if (show)
    {
      /* A plain label, heard through the field it is tied to. */
      gtk_label_set_label (self->date_error_label, problem);
      gtk_widget_set_visible (GTK_WIDGET (self->date_error_label), TRUE);
      xuexin_a11y_set_field_error (GTK_WIDGET (at_fault), GTK_WIDGET (self->date_error_label));
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->date_error_label), FALSE);
  return FALSE;
}

static gboolean
xuexin_review_console_filter_is_default (XuexinReviewConsole *self)
{
  return gtk_drop_down_get_selected (self->state_dropdown) == 0
         && gtk_drop_down_get_selected (self->resubmissions_dropdown) == 0
         && *gtk_editable_get_text (GTK_EDITABLE (self->from_entry)) == '\0'
         && *gtk_editable_get_text (GTK_EDITABLE (self->to_entry)) == '\0';
}

static void
xuexin_review_console_apply_filters (XuexinReviewConsole *self)
{
  guint state = gtk_drop_down_get_selected (self->state_dropdown);
  guint resubmissions = gtk_drop_down_get_selected (self->resubmissions_dropdown);
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
  XuexinQueueFilter filter = {
    .state = state < G_N_ELEMENTS (state_ids) ? state_ids[state] : NULL,
    .submitted_from = *from != '\0' ? from : NULL,
    .submitted_to = *to != '\0' ? to : NULL,
    .resubmissions = resubmissions < G_N_ELEMENTS (resubmission_ids) ? resubmission_ids[resubmissions] : NULL,
  };

  if (self->queue != NULL)
    xuexin_review_queue_set_filter (self->queue, &filter);
}

static void
filters_changed_cb (XuexinReviewConsole *self)
{
  if (xuexin_review_console_check_dates (self, NULL, FALSE))
    xuexin_review_console_apply_filters (self);
}

static void
date_changed_cb (XuexinReviewConsole *self,
                 GtkEntry            *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (xuexin_review_console_check_dates (self, entry, strlen (text) >= 10))
    xuexin_review_console_apply_filters (self);
}

static void
date_activate_cb (XuexinReviewConsole *self,
                  GtkEntry            *entry)
{
  xuexin_review_console_check_dates (self, entry, TRUE);
}

static void
set_date_from_calendar (GtkCalendar   *calendar,
                        GtkEntry      *entry,
                        GtkMenuButton *button)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_menu_button_popdown (button);
}

static void
from_day_selected_cb (XuexinReviewConsole *self)
{
  set_date_from_calendar (self->from_calendar, self->from_entry, self->from_calendar_button);
}

static void
to_day_selected_cb (XuexinReviewConsole *self)
{
  set_date_from_calendar (self->to_calendar, self->to_entry, self->to_calendar_button);
}

/* ----- the content pane ------------------------------------------------ */

static void
xuexin_review_console_show_content (XuexinReviewConsole *self,
                                    const char          *name,
                                    const char          *title)
{
  gtk_stack_set_visible_child_name (self->content_stack, name);
  gtk_label_set_label (self->content_title, title);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
xuexin_review_console_update_empty (XuexinReviewConsole *self)
{
  guint n = self->queue != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->queue)) : 0;

  if (n == 0 && xuexin_review_console_filter_is_default (self))
    {
      adw_status_page_set_icon_name (self->empty_status, "checkbox-checked-symbolic");
      adw_status_page_set_title (self->empty_status, _("No cases are waiting"));
      adw_status_page_set_description (self->empty_status, _("New cases appear in the queue by themselves."));
      gtk_label_set_label (self->queue_empty_label, _("No cases are waiting"));
    }
  else if (n == 0)
    {
      adw_status_page_set_icon_name (self->empty_status, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_status, _("No cases match the filters"));
      adw_status_page_set_description (self->empty_status, _("Change the filters to see other cases."));
      gtk_label_set_label (self->queue_empty_label, _("No cases match the filters"));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_status, "document-open-symbolic");
      adw_status_page_set_title (self->empty_status, _("No case is open"));
      adw_status_page_set_description (self->empty_status, _("Choose a case in the queue, or press j to open the next one."));
    }
  gtk_stack_set_visible_child_name (self->queue_stack, n > 0 ? "list" : "empty");
}

/* The focus was on something that just went (the case closed, the list
 * emptied): it goes to the queue, or to its filters when the queue is
 * empty, never nowhere. */
static void xuexin_review_console_check_focus (XuexinReviewConsole *self,
                                               gboolean             was_inside);

/* A widget that goes hidden a little later (the case view's Release
 * button, a row the list rebuilds) sends the focus to the window's first
 * control, the header's menu: taken back to the queue on the next idle. */
static gboolean
refocus_cb (gpointer data)
{
  XuexinReviewConsole *self = data;

  self->refocus_id = 0;
  xuexin_review_console_check_focus (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
xuexin_review_console_keep_focus (XuexinReviewConsole *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean inside = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));

  xuexin_review_console_check_focus (self, FALSE);
  if (inside && self->refocus_id == 0)
    self->refocus_id = g_idle_add (refocus_cb, self);
}

static void
xuexin_review_console_check_focus (XuexinReviewConsole *self,
                                   gboolean             was_inside)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  /* It was in the console and went out of it by itself. */
  if (was_inside && (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self))))
    focus = NULL;
  /* GTK moves a focus whose widget went to the next one it finds: the
   * empty state's scroller, or the queue's once its rows are rebuilt. */
  if (focus != NULL && gtk_widget_get_mapped (focus)
      && !(gtk_widget_is_ancestor (focus, GTK_WIDGET (self->case_view))
           && xuexin_case_view_get_case_id (self->case_view) == 0)
      && focus != GTK_WIDGET (self->empty_status) && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->empty_status))
      && !(gtk_widget_is_ancestor (focus, GTK_WIDGET (self->queue_stack))
           && focus != GTK_WIDGET (self->queue_view)
           && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->queue_view))))
    return;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->queue_stack), "list") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->queue_view));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->filters_expander));
}

static void
xuexin_review_console_show_empty (XuexinReviewConsole *self)
{
  xuexin_review_console_update_empty (self);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  gtk_label_set_label (self->content_title, "");
  xuexin_review_console_keep_focus (self);
}

/* ----- the queue ------------------------------------------------------- */

static void
xuexin_review_console_sync_selection (XuexinReviewConsole *self)
{
  gint64 case_id = xuexin_case_view_get_case_id (self->case_view);
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->selection == NULL)
    return;
  if (case_id != 0 && g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "case") == 0)
    position = xuexin_review_queue_find (self->queue, case_id);

  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->syncing = FALSE;
}

static void
xuexin_review_console_open_case (XuexinReviewConsole *self,
                                 gint64               case_id)
{
  g_autofree char *title = NULL;

  if (xuexin_case_view_get_case_id (self->case_view) != case_id)
    xuexin_case_view_open (self->case_view, case_id);
  title = g_strdup_printf (_("Case %lld"), (long long) case_id);
  xuexin_review_console_show_content (self, "case", title);
}

/* A case nobody else is at: the one a reviewer moves on to. */
static gboolean
is_free (XuexinQueueCase *queue_case,
         gint64           skip_id)
{
  return xuexin_queue_case_is_loaded (queue_case)
         && xuexin_queue_case_get_id (queue_case) != skip_id
         && (xuexin_queue_case_get_claimed_by_me (queue_case)
             || xuexin_queue_case_get_claimed_by_name (queue_case) == NULL);
}

static void
xuexin_review_console_open_first_free (XuexinReviewConsole *self)
{
  guint n = MIN (g_list_model_get_n_items (G_LIST_MODEL (self->queue)), XUEXIN_REVIEW_QUEUE_PAGE_SIZE);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XuexinQueueCase) queue_case = g_list_model_get_item (G_LIST_MODEL (self->queue), i);

      if (is_free (queue_case, self->decided_case_id))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }

  /* Nothing left for this reviewer: the queue says why. */
  xuexin_case_view_close (self->case_view);
  xuexin_review_console_show_empty (self);
  xuexin_review_console_sync_selection (self);
}

static void
selected_cb (XuexinReviewConsole *self)
{
  XuexinQueueCase *queue_case;

  if (self->syncing)
    return;

  /* A reload unselects for a moment; the case stays open meanwhile. */
  queue_case = gtk_single_selection_get_selected_item (self->selection);
  if (queue_case == NULL || !xuexin_queue_case_is_loaded (queue_case))
    return;

  xuexin_review_console_open_case (self, xuexin_queue_case_get_id (queue_case));
}

static void
queue_loading_cb (XuexinReviewConsole *self)
{
  const GError *error;

  if (xuexin_review_queue_is_loading (self->queue))
    return;

  error = xuexin_review_queue_get_error (self->queue);
  if (error == NULL)
    xuexin_a11y_hide_alert (self->queue_error_label);
  /* Said once, not at every reload that fails the same way. */
  else if (!gtk_widget_get_visible (GTK_WIDGET (self->queue_error_label))
           || g_strcmp0 (gtk_label_get_label (self->queue_error_label), error->message) != 0)
    xuexin_a11y_show_alert (self->queue_error_label, error->message);

  xuexin_review_console_update_empty (self);
  xuexin_review_console_sync_selection (self);
  if (self->open_next)
    {
      self->open_next = FALSE;
      xuexin_review_console_open_first_free (self);
    }
}

static void
queue_items_changed_cb (XuexinReviewConsole *self)
{
  xuexin_review_console_update_empty (self);
  xuexin_review_console_sync_selection (self);
  xuexin_review_console_keep_focus (self);
}

static void
queue_counts_cb (XuexinReviewConsole *self)
{
  XuexinQueueCounts counts = { 0, };
  g_autofree char *text = NULL;

  xuexin_review_queue_get_counts (self->queue, &counts);
  text = xuexin_review_format_counts (&counts);
  gtk_label_set_label (self->counts_label, text);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_list_item_set_child (item, xuexin_queue_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  xuexin_queue_row_set_case (XUEXIN_QUEUE_ROW (gtk_list_item_get_child (item)),
                             gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  xuexin_queue_row_set_case (XUEXIN_QUEUE_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
xuexin_review_console_reload (XuexinReviewConsole *self)
{
  if (self->queue != NULL && !xuexin_review_queue_is_loading (self->queue))
    xuexin_review_queue_reload (self->queue);
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  XuexinReviewConsole *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root) && xuexin_gtk_window_is_on_screen (GTK_WINDOW (root)))
    xuexin_review_console_reload (self);
  return G_SOURCE_CONTINUE;
}

static void
xuexin_review_console_update_polling (XuexinReviewConsole *self)
{
  gboolean wanted = self->queue != NULL && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (!wanted)
    g_clear_handle_id (&self->reload_id, g_source_remove);
  else if (self->reload_id == 0)
    self->reload_id = g_timeout_add_seconds (RELOAD_SECONDS, reload_timeout_cb, self);
}

/* ----- the case view's signals ---------------------------------------- */

static void
case_decided_cb (XuexinReviewConsole *self,
                 gint64               case_id,
                 const char          *state,
                 XuexinCaseView      *case_view)
{
  /* The next case opens once the queue says which ones are free. */
  self->open_next = TRUE;
  self->decided_case_id = case_id;
  /* Whatever page is on the way may predate the decision: ask again. */
  if (self->queue != NULL)
    xuexin_review_queue_reload (self->queue);
  xuexin_review_today_view_reload (self->today_view);
}

static void
case_released_cb (XuexinReviewConsole *self,
                  gint64               case_id,
                  XuexinCaseView      *case_view)
{
  /* Released by Escape: the case is gone. A claim lost keeps the case
   * on screen read-only, saying why; and by the time the service answers
   * the reviewer may have opened another one. */
  if (xuexin_case_view_get_case_id (self->case_view) == 0
      && g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "case") == 0)
    xuexin_review_console_show_empty (self);
  xuexin_review_console_sync_selection (self);
  xuexin_review_console_reload (self);
}

/* ----- actions and keys ------------------------------------------------ */

static void
xuexin_review_console_move (XuexinReviewConsole *self,
                            int                  delta)
{
  guint n;
  guint position;
  guint next;

  if (self->queue == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  if (n == 0)
    return;

  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      /* Nothing open: the first case nobody else is at, as the queue is
       * now (another reviewer may have taken one since the last load). */
      self->open_next = TRUE;
      self->decided_case_id = 0;
      xuexin_review_queue_reload (self->queue);
      return;
    }
  if (delta > 0)
    next = MIN (position + 1, n - 1);
  else
    next = position > 0 ? position - 1 : 0;

  gtk_widget_activate_action (GTK_WIDGET (self->queue_view), "list.scroll-to-item", "u", next);
  if (next == position)
    {
      xuexin_a11y_announce (GTK_WIDGET (self), delta > 0 ? _("This is the last case in the queue.")
                                                         : _("This is the first case in the queue."));
      return;
    }
  gtk_single_selection_set_selected (self->selection, next);
}

static void
next_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  xuexin_review_console_move (XUEXIN_REVIEW_CONSOLE (widget), 1);
}

static void
previous_case_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  xuexin_review_console_move (XUEXIN_REVIEW_CONSOLE (widget), -1);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  xuexin_review_console_reload (XUEXIN_REVIEW_CONSOLE (widget));
}

static void
show_today_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  XuexinReviewConsole *self = XUEXIN_REVIEW_CONSOLE (widget);

  xuexin_review_today_view_reload (self->today_view);
  xuexin_review_console_show_content (self, "today", C_("review console", "Today"));
  xuexin_review_console_sync_selection (self);
}

static void
show_lookup_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  XuexinReviewConsole *self = XUEXIN_REVIEW_CONSOLE (widget);

  xuexin_review_console_show_content (self, "lookup", _("Look Up an Account"));
  xuexin_review_console_sync_selection (self);
  xuexin_account_lookup_view_focus_entry (self->lookup_view);
}

static void
show_queue_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  XuexinReviewConsole *self = XUEXIN_REVIEW_CONSOLE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
  gtk_widget_grab_focus (GTK_WIDGET (self->queue_view));
}

/* The one-letter keys are for a reviewer looking at photos, never for
 * someone typing a note, a date or a number. */
static gboolean
focus_is_text (XuexinReviewConsole *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus));
}

static gboolean
console_key_cb (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  XuexinReviewConsole *self = XUEXIN_REVIEW_CONSOLE (widget);
  const char *action = g_variant_get_string (args, NULL);

  if (!gtk_widget_get_mapped (widget) || self->queue == NULL || focus_is_text (self))
    return FALSE;

  if (g_str_has_prefix (action, "case."))
    {
      /* Only on the case in front of the reviewer. */
      gboolean done;

      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "case") != 0)
        return FALSE;
      /* Releasing hides the button the focus may be on; GTK would then
       * give the focus to the header's menu. */
      xuexin_review_console_keep_focus (self);
      done = gtk_widget_activate_action (GTK_WIDGET (self->case_view), action, NULL);
      xuexin_review_console_check_focus (self, TRUE);
      return done;
    }
  return gtk_widget_activate_action (widget, action, NULL);
}

static void
xuexin_review_console_add_keys (XuexinReviewConsole *self)
{
  static const struct
  {
    guint       keyval;
    const char *action;
  } keys[] = {
    { GDK_KEY_a, "case.approve" },
    { GDK_KEY_r, "case.reject" },
    { GDK_KEY_Escape, "case.release" },
    { GDK_KEY_j, "console.next-case" },
    { GDK_KEY_k, "console.previous-case" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Anywhere in the window while the console shows, the header bar too. */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, 0),
                                                gtk_callback_action_new (console_key_cb, NULL, NULL));

      /* The callback learns from its arguments which key it was. */
      gtk_shortcut_set_arguments (shortcut, g_variant_new_string (keys[i].action));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* ----- public ---------------------------------------------------------- */

static void
xuexin_review_console_reset_filters (XuexinReviewConsole *self)
{
  gtk_drop_down_set_selected (self->state_dropdown, 0);
  gtk_drop_down_set_selected (self->resubmissions_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  xuexin_review_console_check_dates (self, NULL, FALSE);
}

void
xuexin_review_console_start (XuexinReviewConsole *self,
                             XuexinClient        *client)
{
  g_return_if_fail (XUEXIN_IS_REVIEW_CONSOLE (self));
  g_return_if_fail (XUEXIN_IS_CLIENT (client));

  xuexin_review_console_stop (self);

  self->client = g_object_ref (client);
  xuexin_case_view_set_client (self->case_view, client);
  xuexin_review_today_view_set_client (self->today_view, client);
  xuexin_account_lookup_view_set_client (self->lookup_view, client);

  self->queue = xuexin_review_queue_new (client);
  g_signal_connect_object (self->queue, "notify::loading", G_CALLBACK (queue_loading_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "notify::counts", G_CALLBACK (queue_counts_cb), self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->queue)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (queue_items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_list_view_set_model (self->queue_view, GTK_SELECTION_MODEL (self->selection));

  queue_counts_cb (self);
  xuexin_review_console_apply_filters (self);
  xuexin_review_console_show_empty (self);
  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
  xuexin_review_console_update_polling (self);
}

void
xuexin_review_console_stop (XuexinReviewConsole *self)
{
  g_return_if_fail (XUEXIN_IS_REVIEW_CONSOLE (self));

  if (self->queue == NULL)
    return;

  xuexin_case_view_close (self->case_view);
  xuexin_review_today_view_clear (self->today_view);
  xuexin_account_lookup_view_clear (self->lookup_view);
  gtk_list_view_set_model (self->queue_view, NULL);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  g_clear_object (&self->client);
  self->open_next = FALSE;
  self->decided_case_id = 0;
  xuexin_review_console_update_polling (self);
  xuexin_review_console_reset_filters (self);
  gtk_label_set_label (self->counts_label, "");
  xuexin_review_console_show_empty (self);
}

XuexinReviewQueue *
xuexin_review_console_get_queue (XuexinReviewConsole *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_CONSOLE (self), NULL);

  return self->queue;
}

void
xuexin_review_console_focus_start (XuexinReviewConsole *self)
{
  g_return_if_fail (XUEXIN_IS_REVIEW_CONSOLE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->queue_view));
}

static void
folded_cb (XuexinReviewConsole *self)
{
  /* Unfolded, both panes show: nothing to go back to. */
  if (!adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
xuexin_review_console_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (xuexin_review_console_parent_class)->map (widget);
  xuexin_review_console_update_polling (XUEXIN_REVIEW_CONSOLE (widget));
}

static void
xuexin_review_console_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (xuexin_review_console_parent_class)->unmap (widget);
  xuexin_review_console_update_polling (XUEXIN_REVIEW_CONSOLE (widget));
}

static void
xuexin_review_console_dispose (GObject *object)
{
  XuexinReviewConsole *self = XUEXIN_REVIEW_CONSOLE (object);

  if (self->case_view != NULL)
    xuexin_review_console_stop (self);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->refocus_id, g_source_remove);
  /* The bin's child is a template child: GTK 4.8 unparents it in
   * dispose_template() behind AdwBin's back, which then unparents it
   * again. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_REVIEW_CONSOLE);

  G_OBJECT_CLASS (xuexin_review_console_parent_class)->dispose (object);
}

static void
xuexin_review_console_class_init (XuexinReviewConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_review_console_dispose;
  widget_class->map = xuexin_review_console_map;
  widget_class->unmap = xuexin_review_console_unmap;

  g_type_ensure (XUEXIN_TYPE_CASE_VIEW);
  g_type_ensure (XUEXIN_TYPE_REVIEW_TODAY_VIEW);
  g_type_ensure (XUEXIN_TYPE_ACCOUNT_LOOKUP_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/xuexin/Assistant/review/xuexin-review-console.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, leaflet);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, counts_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, queue_state_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, resubmissions_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, resubmissions_dropdown);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, from_entry);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, to_entry);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, from_calendar_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, to_calendar_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, date_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, filters_expander);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, queue_stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, queue_view);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, queue_empty_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, queue_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, content_title);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, content_stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, empty_status);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, case_view);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, today_view);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewConsole, lookup_view);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, from_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, to_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_decided_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_released_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_cb);

  gtk_widget_class_install_action (widget_class, "console.next-case", NULL, next_case_action);
  gtk_widget_class_install_action (widget_class, "console.previous-case", NULL, previous_case_action);
  gtk_widget_class_install_action (widget_class, "console.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "console.show-today", NULL, show_today_action);
  gtk_widget_class_install_action (widget_class, "console.show-lookup", NULL, show_lookup_action);
  gtk_widget_class_install_action (widget_class, "console.show-queue", NULL, show_queue_action);
}

/* GTK 4.8 leaves a drop-down's own button unnamed ("GtkToggleButton"):
 * it takes the name of the field it opens. */
static void
name_drop_down_button (GtkDropDown *drop_down,
                       GtkLabel    *label)
{
  g_autofree char *name = xuexin_a11y_names_strip_mnemonic (gtk_label_get_label (label));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (drop_down));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
xuexin_review_console_init (XuexinReviewConsole *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->queue_view, factory);
  xuexin_review_console_add_keys (self);
  name_drop_down_button (self->state_dropdown, self->queue_state_label);
  name_drop_down_button (self->resubmissions_dropdown, self->resubmissions_label);
  xuexin_review_console_show_empty (self);
}
