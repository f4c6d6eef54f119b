/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-school-chooser.h"

/* The school field of paths 3 and 4: an entry row, and below it the
 * registry's school names that contain what was typed (GET /schools),
 * as a list a keyboard user reaches with Down or Tab. A list in the
 * page rather than a popover: GTK 4.8's popovers take the focus from
 * the entry, and a screen reader reads an inline list like any other.
 * Any name may be typed; the suggestions only spare the typing. */

/* Asks once the typing pauses, not for every character. */
#define SEARCH_DELAY_MS 250

struct _XuexinSchoolChooser
{
  GtkWidget     parent_instance;

  XuexinClient *client;
  GCancellable *cancellable;
  guint         search_source;
  /* Set while the text is being set from a picked suggestion. */
  gboolean      picking;

  AdwEntryRow  *school_row;
  GtkRevealer  *suggestions_revealer;
  GtkListBox   *suggestions_list;
};

G_DEFINE_FINAL_TYPE (XuexinSchoolChooser, xuexin_school_chooser, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
xuexin_school_chooser_set_client (XuexinSchoolChooser *self,
                                  XuexinClient        *client)
{
  g_return_if_fail (XUEXIN_IS_SCHOOL_CHOOSER (self));

  g_set_object (&self->client, client);
}

const char *
xuexin_school_chooser_get_text (XuexinSchoolChooser *self)
{
  g_return_val_if_fail (XUEXIN_IS_SCHOOL_CHOOSER (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->school_row));
}

void
xuexin_school_chooser_set_text (XuexinSchoolChooser *self,
                                const char          *text)
{
  g_return_if_fail (XUEXIN_IS_SCHOOL_CHOOSER (self));

  self->picking = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->school_row), text != NULL ? text : "");
  self->picking = FALSE;
}

/**
 * xuexin_school_chooser_get_entry:
 *
 * Returns: (transfer none): the entry row, for focus and error marks
 */
GtkWidget *
xuexin_school_chooser_get_entry (XuexinSchoolChooser *self)
{
  g_return_val_if_fail (XUEXIN_IS_SCHOOL_CHOOSER (self), NULL);

  return GTK_WIDGET (self->school_row);
}

static void
clear_suggestions (XuexinSchoolChooser *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_list))) != NULL)
    gtk_list_box_remove (self->suggestions_list, child);
  gtk_revealer_set_reveal_child (self->suggestions_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_revealer), FALSE);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(XuexinSchoolChooser) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) schools = NULL;
  const char *text;

  schools = xuexin_client_search_schools_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->suggestions_list == NULL)
    return;

  clear_suggestions (self);
  /* No suggestions is no error: any name can be typed. */
  if (schools == NULL)
    {
      g_debug ("No school suggestions: %s", error->message);
      return;
    }

  text = xuexin_school_chooser_get_text (self);
  /* Nothing to offer when what is typed is already the one name. */
  if (schools[0] == NULL || (schools[1] == NULL && g_str_equal (schools[0], g_strstrip ((char *) text))))
    return;

  for (guint i = 0; schools[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), schools[i]);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->suggestions_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->suggestions_revealer, TRUE);
}

static gboolean
search_timeout_cb (gpointer user_data)
{
  XuexinSchoolChooser *self = user_data;
  g_autofree char *query = g_strstrip (g_strdup (xuexin_school_chooser_get_text (self)));

  self->search_source = 0;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->client == NULL || *query == '\0' || g_utf8_strlen (query, -1) > 50)
    {
      clear_suggestions (self);
      return G_SOURCE_REMOVE;
    }

  self->cancellable = g_cancellable_new ();
  xuexin_client_search_schools_async (self->client, query, self->cancellable,
                                      search_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
text_changed_cb (XuexinSchoolChooser *self)
{
  g_clear_handle_id (&self->search_source, g_source_remove);
  if (self->picking)
    clear_suggestions (self);
  else
    self->search_source = g_timeout_add (SEARCH_DELAY_MS, search_timeout_cb, self);

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
suggestion_activated_cb (XuexinSchoolChooser *self,
                         GtkListBoxRow       *row)
{
  g_autofree char *name = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

  xuexin_school_chooser_set_text (self, name);
  /* On to the next field, as if the name had been typed and Tab pressed. */
  gtk_widget_grab_focus (GTK_WIDGET (self->school_row));
  gtk_editable_set_position (GTK_EDITABLE (self->school_row), -1);
}

static gboolean
entry_key_pressed_cb (XuexinSchoolChooser   *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  GtkListBoxRow *first;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;

  first = gtk_list_box_get_row_at_index (self->suggestions_list, 0);
  if (first == NULL || !gtk_revealer_get_reveal_child (self->suggestions_revealer))
    return FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (first));
  return TRUE;
}

static void
xuexin_school_chooser_dispose (GObject *object)
{
  XuexinSchoolChooser *self = XUEXIN_SCHOOL_CHOOSER (object);

  g_clear_handle_id (&self->search_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_SCHOOL_CHOOSER);
  /* A plain GtkWidget owns its children: GTK 4.8's dispose_template
   * leaves the ones without an id in place. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (xuexin_school_chooser_parent_class)->dispose (object);
}

static void
xuexin_school_chooser_class_init (XuexinSchoolChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_school_chooser_dispose;

  /**
   * XuexinSchoolChooser::changed:
   *
   * The school's text changed, typed or picked.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/identity/xuexin-school-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinSchoolChooser, school_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinSchoolChooser, suggestions_revealer);
  gtk_widget_class_bind_template_child (widget_class, XuexinSchoolChooser, suggestions_list);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggestion_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_key_pressed_cb);
}

static void
xuexin_school_chooser_init (XuexinSchoolChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
}
