/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <string.h>

#include "xuexin-assistant.h"
#include "xuexin-test-flow.h"
#include "xuexin-test-ui.h"

/* The main stack's visible page: "sign-in", "account" or "flow". */
const char *
xuexin_test_visible_page_name (GtkWidget *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (window, "main_stack")));
}

typedef struct
{
  GtkWidget  *window;
  const char *name;
} StackWait;

static gboolean
stack_shows (gpointer user_data)
{
  StackWait *wait = user_data;

  return g_strcmp0 (xuexin_test_visible_page_name (wait->window), wait->name) == 0 &&
         !gtk_stack_get_transition_running (GTK_STACK (xuexin_test_require_child (wait->window, "main_stack")));
}

void
xuexin_test_wait_for_stack (GtkWidget  *window,
                            const char *name)
{
  StackWait wait = { window, name };

  xuexin_test_wait_for (stack_shows, &wait, name);
}

/* The assistant's current page, in the flow the window shows. */
GtkWidget *
xuexin_test_current_page (GtkWidget *window)
{
  GtkWidget *assistant = xuexin_test_require_child (window, "assistant");

  return GTK_WIDGET (xuexin_assistant_get_current_page (XUEXIN_ASSISTANT (assistant)));
}

gboolean
xuexin_test_spinning (GtkWidget *window)
{
  return gtk_spinner_get_spinning (GTK_SPINNER (xuexin_test_require_child (window, "spinner")));
}

typedef struct
{
  GtkWidget  *window;
  const char *type_name;
} PageWait;

static gboolean
page_is_current (gpointer user_data)
{
  PageWait *wait = user_data;
  GtkWidget *page;

  if (g_strcmp0 (xuexin_test_visible_page_name (wait->window), "flow") != 0)
    return FALSE;
  page = xuexin_test_current_page (wait->window);
  return page != NULL && g_str_equal (G_OBJECT_TYPE_NAME (page), wait->type_name)
         && !xuexin_test_spinning (wait->window);
}

/* Waits until the page of @type_name is current and not applying. */
GtkWidget *
xuexin_test_wait_for_page (GtkWidget  *window,
                           const char *type_name)
{
  PageWait wait = { window, type_name };

  xuexin_test_wait_for (page_is_current, &wait, type_name);
  return xuexin_test_current_page (window);
}

/* The error the assistant shows at the top of the page, or NULL. */
const char *
xuexin_test_page_error_text (GtkWidget *window)
{
  GtkWidget *revealer = xuexin_test_require_child (window, "error_revealer");

  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (window, "error_label")));
}

static gboolean
page_error_shown (gpointer user_data)
{
  return !xuexin_test_spinning (user_data) && xuexin_test_page_error_text (user_data) != NULL;
}

void
xuexin_test_wait_for_page_error (GtkWidget *window)
{
  xuexin_test_wait_for (page_error_shown, window, "the page's error");
}

void
xuexin_test_click_next (GtkWidget *window)
{
  xuexin_test_click (xuexin_test_require_child (window, "next_button"));
}

static gboolean
transition_over (gpointer user_data)
{
  GtkWidget *main_stack = xuexin_test_require_child (user_data, "main_stack");
  GtkWidget *page_stack = xuexin_test_find_child (user_data, "page_stack");

  return !gtk_stack_get_transition_running (GTK_STACK (main_stack)) &&
         (page_stack == NULL || !gtk_stack_get_transition_running (GTK_STACK (page_stack)));
}

/* Pages slide in: take the picture once the page is in place. */
void
xuexin_test_render_settled (GtkWidget  *window,
                            const char *name)
{
  xuexin_test_wait_for (transition_over, window, "the page transition");
  xuexin_test_render_png (window, name);
}

GtkWidget *
xuexin_test_find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
        return l->data;
    }

  return NULL;
}

static gboolean
toplevel_shown (gpointer user_data)
{
  GtkWidget *window = xuexin_test_find_toplevel ((GType) GPOINTER_TO_SIZE (user_data));

  return window != NULL && gtk_widget_get_mapped (window);
}

static gboolean
toplevel_gone (gpointer user_data)
{
  return xuexin_test_find_toplevel ((GType) GPOINTER_TO_SIZE (user_data)) == NULL;
}

GtkWidget *
xuexin_test_wait_for_toplevel (GType type)
{
  xuexin_test_wait_for (toplevel_shown, GSIZE_TO_POINTER (type), g_type_name (type));
  return xuexin_test_find_toplevel (type);
}

void
xuexin_test_wait_for_toplevel_gone (GType type)
{
  xuexin_test_wait_for (toplevel_gone, GSIZE_TO_POINTER (type), g_type_name (type));
}

/* Signs in through the sign-in page, as a person would. */
/* Signs in on the sign-in page and waits for @page: "account", or
 * "review" (the review console) for a staff account. */
void
xuexin_test_sign_in_window_to (GtkWidget  *window,
                               const char *login_name,
                               const char *password,
                               const char *page)
{
  xuexin_test_set_text (window, "login_name_row", login_name);
  xuexin_test_set_text (window, "password_row", password);
  xuexin_test_click (xuexin_test_require_child (window, "sign_in_button"));
  xuexin_test_wait_for_stack (window, page);
}

void
xuexin_test_sign_in_window (GtkWidget  *window,
                            const char *login_name,
                            const char *password)
{
  xuexin_test_sign_in_window_to (window, login_name, password, "account");
}

void
xuexin_test_sign_out_and_close (GtkWidget *window)
{
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  xuexin_test_wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

/* Whether a mapped label under @root shows @text: what is on screen. */
gboolean
xuexin_test_shows_text (GtkWidget  *root,
                        const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child)
          && strstr (gtk_label_get_label (GTK_LABEL (child)), text) != NULL)
        return TRUE;
      if (xuexin_test_shows_text (child, text))
        return TRUE;
    }
  return FALSE;
}

/* From the signed-in account page of a re-registered account, through
 * the chooser (with @path preselected) and the FAQ's warning (ticked):
 * returns the path's first page, once shown. */
GtkWidget *
xuexin_test_start_identity_path (GtkWidget  *window,
                                 const char *path,
                                 const char *first_page_type)
{
  gtk_widget_activate_action (window, "win.verify-identity", "s", path);
  xuexin_test_wait_for_page (window, "XuexinIdentityChooserPage");
  xuexin_test_wait_for ((XuexinTestCondition) gtk_widget_is_sensitive,
                        xuexin_test_require_child (window, "next_button"), "the chooser");
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, "XuexinIdentityWarningPage");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (xuexin_test_require_child (window, "confirm_check")), TRUE);
  xuexin_test_click_next (window);

  return xuexin_test_wait_for_page (window, first_page_type);
}
