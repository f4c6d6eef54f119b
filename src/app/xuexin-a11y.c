/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-a11y"

#include "config.h"

#include <adwaita.h>

#include "xuexin-a11y.h"

/* GTK 4.14 has gtk_accessible_announce(); GTK 4.8 (Debian 12) has no way
 * to speak a sentence. What it has is the ALERT role: Orca reads an alert
 * when it becomes showing. So errors live in labels of that role, and each
 * new error shows its label anew, even when the text is the same as the
 * last one (a second failed attempt must be heard too). */

/**
 * xuexin_a11y_show_alert:
 * @alert: a label whose accessible role is %GTK_ACCESSIBLE_ROLE_ALERT
 * @message: the sentence to show and announce
 */
void
xuexin_a11y_show_alert (GtkLabel   *alert,
                        const char *message)
{
  g_return_if_fail (GTK_IS_LABEL (alert));
  g_return_if_fail (message != NULL);
  g_warn_if_fail (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (alert)) == GTK_ACCESSIBLE_ROLE_ALERT);

  /* Hidden first, so that AT-SPI sees the alert become showing again. */
  gtk_widget_set_visible (GTK_WIDGET (alert), FALSE);
  gtk_label_set_label (alert, message);
  gtk_widget_set_visible (GTK_WIDGET (alert), TRUE);

#if GTK_CHECK_VERSION (4, 14, 0)
  gtk_accessible_announce (GTK_ACCESSIBLE (alert), message,
                           GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_HIGH);
#endif
}

void
xuexin_a11y_hide_alert (GtkLabel *alert)
{
  g_return_if_fail (GTK_IS_LABEL (alert));

  gtk_widget_set_visible (GTK_WIDGET (alert), FALSE);
  gtk_label_set_label (alert, "");
}

/**
 * xuexin_a11y_alert_new:
 *
 * Returns: (transfer floating): a hidden, wrapping label of the ALERT role,
 *   for errors built in code rather than in a `.ui` file
 */
GtkLabel *
xuexin_a11y_alert_new (void)
{
  return g_object_new (GTK_TYPE_LABEL,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                       "visible", FALSE,
                       "wrap", TRUE,
                       "wrap-mode", PANGO_WRAP_WORD_CHAR,
                       "xalign", 0.0f,
                       NULL);
}

/**
 * xuexin_a11y_set_announcer:
 * @toplevel: a window
 * @announcer: an alert label in it, not shown to sighted users
 *
 * Where xuexin_a11y_announce() speaks for widgets of @toplevel.
 */
void
xuexin_a11y_set_announcer (GtkWidget *toplevel,
                           GtkLabel  *announcer)
{
  g_return_if_fail (GTK_IS_WINDOW (toplevel));
  g_return_if_fail (GTK_IS_LABEL (announcer));

  g_object_set_data (G_OBJECT (toplevel), "xuexin-a11y-announcer", announcer);
}

/**
 * xuexin_a11y_announce:
 * @widget: any widget of the window the message is about
 * @message: what a screen reader should say, e.g. a toast's text
 *
 * For messages that are shown elsewhere (toasts) or not at all.
 */
void
xuexin_a11y_announce (GtkWidget  *widget,
                      const char *message)
{
  GtkRoot *root;
  GtkLabel *announcer;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

#if GTK_CHECK_VERSION (4, 14, 0)
  gtk_accessible_announce (GTK_ACCESSIBLE (widget), message,
                           GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
  return;
#endif

  root = gtk_widget_get_root (widget);
  announcer = root != NULL ? g_object_get_data (G_OBJECT (root), "xuexin-a11y-announcer") : NULL;
  if (announcer != NULL)
    xuexin_a11y_show_alert (announcer, message);
  else
    g_debug ("No announcer in the window of a %s", G_OBJECT_TYPE_NAME (widget));
}

/**
 * xuexin_a11y_set_field_error:
 * @field: the field the error is about
 * @message: (nullable): the widget that shows the error, or %NULL when
 *   the field is right again
 *
 * Marks @field invalid and ties it to the error, so that a screen reader
 * tells both when the field gets focus.
 */
void
xuexin_a11y_set_field_error (GtkWidget *field,
                             GtkWidget *message)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (message == NULL || GTK_IS_WIDGET (message));

  if (message != NULL)
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (field),
                                      GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, message,
                                      -1);
      gtk_widget_add_css_class (field, "error");
    }
  else
    {
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE);
      gtk_widget_remove_css_class (field, "error");
    }
}

/**
 * xuexin_a11y_show_field_hint:
 * @hint: the plain label under a form that explains what to fix
 * @message: (nullable): the explanation, or %NULL when all is right
 * @field_at_fault: (nullable): the field @message is about
 * @first_field: the form's fields, ending with %NULL
 *
 * Inline hints change while the user types, so they are plain labels,
 * never alerts: the user hears them through the field, which is marked
 * invalid and tied to the hint (xuexin_a11y_set_field_error()).
 */
void
xuexin_a11y_show_field_hint (GtkLabel   *hint,
                             const char *message,
                             GtkWidget  *field_at_fault,
                             GtkWidget  *first_field,
                             ...)
{
  va_list args;

  g_return_if_fail (GTK_IS_LABEL (hint));

  va_start (args, first_field);
  for (GtkWidget *field = first_field; field != NULL; field = va_arg (args, GtkWidget *))
    if (field != field_at_fault || message == NULL)
      xuexin_a11y_set_field_error (field, NULL);
  va_end (args);

  gtk_label_set_label (hint, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (hint), message != NULL);
  if (message != NULL && field_at_fault != NULL)
    xuexin_a11y_set_field_error (field_at_fault, GTK_WIDGET (hint));
}

/**
 * xuexin_a11y_grab_focus:
 * @widget: a field, button, or a selectable heading label
 *
 * Like gtk_widget_grab_focus(), but a label (a heading made focusable
 * by being selectable, so that a screen reader starts there) is not
 * left with all its text selected.
 *
 * Returns: whether @widget has the focus now
 */
gboolean
xuexin_a11y_grab_focus (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  if (!gtk_widget_grab_focus (widget))
    return FALSE;

  if (GTK_IS_LABEL (widget))
    gtk_label_select_region (GTK_LABEL (widget), 0, 0);
  return TRUE;
}

static gboolean
is_shown_in (GtkWidget *widget,
             GtkWidget *root)
{
  for (; widget != NULL && widget != root; widget = gtk_widget_get_parent (widget))
    if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
      return FALSE;

  return TRUE;
}

/**
 * xuexin_a11y_find_first_field:
 *
 * Returns: (nullable) (transfer none): the first visible, sensitive,
 *   editable widget of @root in the order of its children (which is the
 *   Tab order of the app's pages), or %NULL
 */
GtkWidget *
xuexin_a11y_find_first_field (GtkWidget *root)
{
  GtkWidget *child;

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  if (GTK_IS_EDITABLE (root)
      && gtk_editable_get_editable (GTK_EDITABLE (root))
      && gtk_widget_get_sensitive (root))
    return root;

  for (child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *field;

      if (!is_shown_in (child, root))
        continue;

      field = xuexin_a11y_find_first_field (child);
      if (field != NULL)
        return field;
    }

  return NULL;
}
