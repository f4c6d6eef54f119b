/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-assistant.h"

/* A multi-page flow, as gnome-initial-setup's GisAssistant: pages in a
 * stack, *Next* enabled by the page's `complete`, a spinner while the page
 * applies, and the page's error shown at its top. */
struct _XuexinAssistant
{
  AdwBin        parent_instance;

  GPtrArray    *pages;
  GCancellable *cancellable;

  GtkScrolledWindow *steps_scroller;
  GtkBox       *steps_box;
  GtkWidget    *current_step;
  guint         scroll_tick;
  GtkRevealer  *error_revealer;
  GtkLabel     *error_label;
  GtkButton    *error_button;
  GtkStack     *page_stack;
  GtkButton    *next_button;
  GtkSpinner   *spinner;

  /* The field marked invalid, tied to the error label. */
  GtkWidget    *invalid_field;
};

G_DEFINE_FINAL_TYPE (XuexinAssistant, xuexin_assistant, ADW_TYPE_BIN)

enum {
  FINISHED,
  CANCELLED,
  PAGE_REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

XuexinPage *
xuexin_assistant_get_current_page (XuexinAssistant *self)
{
  GtkWidget *child;

  g_return_val_if_fail (XUEXIN_IS_ASSISTANT (self), NULL);

  /* Pages still notify while the assistant is being disposed. */
  if (self->page_stack == NULL)
    return NULL;

  child = gtk_stack_get_visible_child (self->page_stack);
  return child != NULL ? XUEXIN_PAGE (child) : NULL;
}

static guint
xuexin_assistant_get_current_index (XuexinAssistant *self)
{
  guint index = 0;

  g_ptr_array_find (self->pages, xuexin_assistant_get_current_page (self), &index);
  return index;
}

/* On a narrow window the steps do not all fit: keep the current one in
 * view, once it has been allocated. */
static gboolean
scroll_to_current_step_cb (GtkWidget     *widget,
                           GdkFrameClock *frame_clock,
                           gpointer       user_data)
{
  XuexinAssistant *self = XUEXIN_ASSISTANT (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->steps_scroller);
  graphene_rect_t bounds;

  if (self->current_step == NULL
      || !gtk_widget_compute_bounds (self->current_step, GTK_WIDGET (self->steps_box), &bounds))
    {
      self->scroll_tick = 0;
      return G_SOURCE_REMOVE;
    }

  /* New step labels have no size until the next layout. */
  if (bounds.size.width <= 0)
    return G_SOURCE_CONTINUE;

  gtk_adjustment_clamp_page (adjustment, bounds.origin.x - 12, bounds.origin.x + bounds.size.width + 12);
  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
xuexin_assistant_update_steps (XuexinAssistant *self)
{
  guint current = xuexin_assistant_get_current_index (self);
  GtkWidget *child;

  self->current_step = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box))) != NULL)
    gtk_box_remove (self->steps_box, child);

  for (guint i = 0; i < self->pages->len; i++)
    {
      XuexinPage *page = g_ptr_array_index (self->pages, i);
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (i > 0)
        {
          /* Decoration: the list already says which step follows which. */
          GtkWidget *separator = g_object_new (GTK_TYPE_IMAGE,
                                               "icon-name", "go-next-symbolic",
                                               "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                               NULL);

          gtk_widget_add_css_class (separator, "dim-label");
          gtk_box_append (self->steps_box, separator);
        }

      /* Translators: a step of an assistant: its number and its name. */
      text = g_strdup_printf (_("%u %s"), i + 1, xuexin_page_get_title (page) ? xuexin_page_get_title (page) : "");
      label = gtk_label_new (text);
      gtk_widget_add_css_class (label, "assistant-step");
      if (i < current)
        gtk_widget_add_css_class (label, "done");
      else if (i == current)
        {
          self->current_step = label;
          gtk_widget_add_css_class (label, "current");
          gtk_accessible_update_state (GTK_ACCESSIBLE (label),
                                       GTK_ACCESSIBLE_STATE_SELECTED, TRUE, -1);
        }
      else
        gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->steps_box, label);
    }

  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_current_step_cb, NULL, NULL);
}

static void
xuexin_assistant_update (XuexinAssistant *self)
{
  XuexinPage *page = xuexin_assistant_get_current_page (self);
  guint index = xuexin_assistant_get_current_index (self);
  gboolean applying = page != NULL && xuexin_page_get_applying (page);
  gboolean complete = page != NULL && xuexin_page_get_complete (page);
  const char *next_label = page != NULL ? xuexin_page_get_next_label (page) : NULL;
  const char *error = page != NULL ? xuexin_page_get_error (page) : NULL;
  const char *error_button = page != NULL ? xuexin_page_get_error_button (page) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.next", complete && !applying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.back", index > 0 && !applying);

  if (next_label == NULL)
    next_label = index + 1 < self->pages->len ? _("_Next") : _("_Done");
  gtk_button_set_label (self->next_button, next_label);

  /* Always in the layout, so the buttons don't jump when it spins. */
  gtk_spinner_set_spinning (self->spinner, applying);

  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_button), error_button != NULL);
  if (error_button != NULL)
    gtk_button_set_label (self->error_button, error_button);

  xuexin_assistant_update_steps (self);
}

static void
error_button_clicked_cb (XuexinAssistant *self)
{
  XuexinPage *page = xuexin_assistant_get_current_page (self);
  const char *action = page != NULL ? xuexin_page_get_error_action (page) : NULL;

  /* Resolved from the page, so pages can offer their own remedies and
   * the window's and the assistant's actions alike. */
  if (action != NULL)
    gtk_widget_activate_action (GTK_WIDGET (page), action, NULL);
}

/* The field at fault is marked invalid and described by the error, so
 * that a screen reader says both when it reaches the field. */
static void
xuexin_assistant_mark_invalid (XuexinAssistant *self,
                               GtkWidget       *field)
{
  if (self->invalid_field == field)
    return;

  if (self->invalid_field != NULL)
    xuexin_a11y_set_field_error (self->invalid_field, NULL);
  g_set_weak_pointer (&self->invalid_field, field);
  if (field != NULL)
    xuexin_a11y_set_field_error (field, GTK_WIDGET (self->error_label));
}

static void
xuexin_assistant_show_page_error (XuexinAssistant *self,
                                  XuexinPage      *page)
{
  const char *error = xuexin_page_get_error (page);

  if (error != NULL)
    xuexin_a11y_show_alert (self->error_label, error);
  else
    xuexin_a11y_hide_alert (self->error_label);
  xuexin_assistant_mark_invalid (self, xuexin_page_get_error_widget (page));
}

/* Where a keyboard user continues on @page: the field at fault after a
 * refusal, else the field the page names (by default its first). */
static void
xuexin_assistant_focus_page (XuexinAssistant *self,
                             XuexinPage      *page)
{
  GtkWidget *target = xuexin_page_get_error_widget (page);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (page));

  if (root == NULL)
    return;

  if (target == NULL && xuexin_page_get_focus_on_next (page)
      && gtk_widget_is_sensitive (GTK_WIDGET (self->next_button)))
    target = GTK_WIDGET (self->next_button);
  if (target == NULL)
    target = xuexin_page_get_focus_widget (page);

  /* GtkStack has already moved the focus into the page if it was in
   * the page left, so a Tab from there could skip the first widget. */
  if (target != NULL && xuexin_a11y_grab_focus (target))
    return;

  gtk_root_set_focus (root, NULL);
  gtk_widget_child_focus (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD);
}

static void
visible_child_changed_cb (XuexinAssistant *self)
{
  XuexinPage *page = xuexin_assistant_get_current_page (self);

  xuexin_assistant_update (self);
  if (page == NULL)
    return;

  xuexin_page_shown (page);
  /* A flow that sent the user back here to correct something says so
   * again, on the page where it can be corrected. */
  xuexin_assistant_show_page_error (self, page);
  xuexin_assistant_focus_page (self, page);
}

/* The first page shown before the assistant was on screen gets the focus
 * when it arrives there, unless the user is already inside. */
static void
xuexin_assistant_map (GtkWidget *widget)
{
  XuexinAssistant *self = XUEXIN_ASSISTANT (widget);
  XuexinPage *page = xuexin_assistant_get_current_page (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  GTK_WIDGET_CLASS (xuexin_assistant_parent_class)->map (widget);

  if (page != NULL && (focus == NULL || !gtk_widget_is_ancestor (focus, widget)))
    xuexin_assistant_focus_page (self, page);
}

static void
page_error_cb (XuexinAssistant *self,
               GParamSpec      *pspec,
               XuexinPage      *page)
{
  GtkRoot *root;
  GtkWidget *focus;

  if (self->page_stack == NULL || page != xuexin_assistant_get_current_page (self))
    return;

  xuexin_assistant_show_page_error (self, page);
  if (xuexin_page_get_error (page) == NULL)
    return;

  /* The focus follows the error to its field; without one, a focus lost
   * with the Next button that went insensitive while the page applied
   * returns to the page. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (xuexin_page_get_error_widget (page) != NULL
      || focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    xuexin_assistant_focus_page (self, page);
}

/* The error was shown (and announced) with its notify::error; this only
 * moves the mark and the focus to the field it turned out to be about. */
static void
page_error_widget_cb (XuexinAssistant *self,
                      GParamSpec      *pspec,
                      XuexinPage      *page)
{
  if (self->page_stack == NULL || page != xuexin_assistant_get_current_page (self))
    return;

  xuexin_assistant_mark_invalid (self, xuexin_page_get_error_widget (page));
  if (xuexin_page_get_error_widget (page) != NULL)
    xuexin_assistant_focus_page (self, page);
}

static void
page_notify_cb (XuexinAssistant *self)
{
  if (self->page_stack != NULL)
    xuexin_assistant_update (self);
}

void
xuexin_assistant_add_page (XuexinAssistant *self,
                           XuexinPage      *page)
{
  g_return_if_fail (XUEXIN_IS_ASSISTANT (self));
  g_return_if_fail (XUEXIN_IS_PAGE (page));

  g_ptr_array_add (self->pages, page);
  gtk_stack_add_child (self->page_stack, GTK_WIDGET (page));

  g_signal_connect_object (page, "notify", G_CALLBACK (page_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::error", G_CALLBACK (page_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::error-widget", G_CALLBACK (page_error_widget_cb), self, G_CONNECT_SWAPPED);
  xuexin_assistant_update (self);
}

/**
 * xuexin_assistant_remove_pages_after:
 *
 * Drops every page that follows @page, for flows whose later steps
 * depend on a choice made on @page (the identity paths).
 */
void
xuexin_assistant_remove_pages_after (XuexinAssistant *self,
                                     XuexinPage      *page)
{
  guint index = 0;

  g_return_if_fail (XUEXIN_IS_ASSISTANT (self));
  g_return_if_fail (XUEXIN_IS_PAGE (page));

  if (!g_ptr_array_find (self->pages, page, &index))
    g_return_if_reached ();

  while (self->pages->len > index + 1)
    {
      XuexinPage *last = g_ptr_array_steal_index (self->pages, self->pages->len - 1);

      g_signal_handlers_disconnect_by_data (last, self);
      gtk_stack_remove (self->page_stack, GTK_WIDGET (last));
    }

  xuexin_assistant_update (self);
}

void
xuexin_assistant_go_to_page (XuexinAssistant *self,
                             XuexinPage      *page)
{
  g_return_if_fail (XUEXIN_IS_ASSISTANT (self));
  g_return_if_fail (XUEXIN_IS_PAGE (page));

  gtk_stack_set_visible_child (self->page_stack, GTK_WIDGET (page));
}

static void
xuexin_assistant_apply_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(XuexinAssistant) self = user_data;
  XuexinPage *page = XUEXIN_PAGE (object);
  g_autoptr(GError) error = NULL;
  guint index = 0;

  /* The page shows its own error; the user stays on it unless the flow
   * moves the error to the page it is about. */
  if (!xuexin_page_apply_finish (page, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[PAGE_REFUSED], 0, page, error);
      return;
    }

  g_ptr_array_find (self->pages, page, &index);
  if (index + 1 < self->pages->len)
    gtk_stack_set_visible_child (self->page_stack, g_ptr_array_index (self->pages, index + 1));
  else
    g_signal_emit (self, signals[FINISHED], 0);
}

void
xuexin_assistant_next (XuexinAssistant *self)
{
  XuexinPage *page;

  g_return_if_fail (XUEXIN_IS_ASSISTANT (self));

  page = xuexin_assistant_get_current_page (self);
  if (page == NULL || !xuexin_page_get_complete (page) || xuexin_page_get_applying (page))
    return;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  xuexin_page_apply_async (page, self->cancellable, xuexin_assistant_apply_cb, g_object_ref (self));
}

void
xuexin_assistant_previous (XuexinAssistant *self)
{
  guint index;

  g_return_if_fail (XUEXIN_IS_ASSISTANT (self));

  index = xuexin_assistant_get_current_index (self);
  if (index > 0)
    gtk_stack_set_visible_child (self->page_stack, g_ptr_array_index (self->pages, index - 1));
}

static void
xuexin_assistant_next_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  xuexin_assistant_next (XUEXIN_ASSISTANT (widget));
}

static void
xuexin_assistant_back_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  xuexin_assistant_previous (XUEXIN_ASSISTANT (widget));
}

static void
xuexin_assistant_cancel_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  XuexinAssistant *self = XUEXIN_ASSISTANT (widget);
  XuexinPage *page = xuexin_assistant_get_current_page (self);

  /* While a page applies, Cancel stops that; otherwise it leaves. */
  if (page != NULL && xuexin_page_get_applying (page))
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }

  g_signal_emit (self, signals[CANCELLED], 0);
}

static void
xuexin_assistant_dispose (GObject *object)
{
  XuexinAssistant *self = XUEXIN_ASSISTANT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;
  self->current_step = NULL;
  g_clear_weak_pointer (&self->invalid_field);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_ASSISTANT);

  G_OBJECT_CLASS (xuexin_assistant_parent_class)->dispose (object);
}

static void
xuexin_assistant_finalize (GObject *object)
{
  XuexinAssistant *self = XUEXIN_ASSISTANT (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);

  G_OBJECT_CLASS (xuexin_assistant_parent_class)->finalize (object);
}

static void
xuexin_assistant_class_init (XuexinAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_assistant_dispose;
  object_class->finalize = xuexin_assistant_finalize;
  widget_class->map = xuexin_assistant_map;

  /**
   * XuexinAssistant::finished:
   *
   * The last page applied successfully.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * XuexinAssistant::cancelled:
   *
   * The user chose to leave the flow.
   */
  signals[CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * XuexinAssistant::page-refused:
   * @page: the page whose apply failed, already showing the error
   * @error: why the service refused, or a network failure
   */
  signals[PAGE_REFUSED] =
    g_signal_new ("page-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, XUEXIN_TYPE_PAGE, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/xuexin-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinAssistant, steps_scroller);
  gtk_widget_class_bind_template_child (widget_class, XuexinAssistant, steps_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinAssistant, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, XuexinAssistant, error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinAssistant, error_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinAssistant, page_stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinAssistant, spinner);
  gtk_widget_class_bind_template_callback (widget_class, error_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, visible_child_changed_cb);

  gtk_widget_class_install_action (widget_class, "assistant.next", NULL, xuexin_assistant_next_action);
  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, xuexin_assistant_back_action);
  gtk_widget_class_install_action (widget_class, "assistant.cancel", NULL, xuexin_assistant_cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "assistant.cancel", NULL);
}

static void
xuexin_assistant_init (XuexinAssistant *self)
{
  self->pages = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  xuexin_assistant_update (self);
}
