/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "xuexin-a11y-names.h"

/* Accessible names that GTK 4.8 and libadwaita 1.2 get wrong and that no
 * .ui file can reach: the app's own templates name what they can
 * (`<accessibility>`, `accessible-role`), this file fixes the rest once,
 * for every widget the app shows, including the internals of libadwaita
 * widgets, the About window and the Shortcuts window.
 *
 * xuexin_a11y_names_install() hooks GtkWidget::map, so that each widget is
 * looked at when it is first shown, and follows the properties its name
 * depends on (a button's label, a row's subtitle) from then on.  Every fix
 * names the GTK or libadwaita version that makes it unnecessary; when the
 * baseline reaches it, the fix goes. */

static GQuark seen_quark;

/**
 * xuexin_a11y_names_strip_mnemonic:
 * @label: a label with mnemonic underlines, such as "_Next" or "登录(_S)"
 *
 * The text a screen reader should read for @label: underlines removed
 * ("__" stays one "_") and a bracketed mnemonic key, as Chinese labels
 * carry it ("登录(_S)", "更改(_H)…"), dropped entirely, since AT-SPI
 * already reports the key binding.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for %NULL
 */
char *
xuexin_a11y_names_strip_mnemonic (const char *label)
{
  GString *text;

  if (label == NULL)
    return NULL;

  text = g_string_sized_new (strlen (label));
  for (const char *p = label; *p != '\0'; p = g_utf8_next_char (p))
    {
      /* "(_S)" with ASCII or full-width brackets around one ASCII key. */
      if (p[0] == '(' && p[1] == '_' && p[2] != '\0' && (guchar) p[2] < 0x80 && p[3] == ')')
        {
          while (text->len > 0 && text->str[text->len - 1] == ' ')
            g_string_truncate (text, text->len - 1);
          p += 3;
          continue;
        }
      if (g_str_has_prefix (p, "（_") && p[4] != '\0' && (guchar) p[4] < 0x80 &&
          g_str_has_prefix (p + 5, "）"))
        {
          p += 5;
          continue;
        }
      if (*p == '_')
        {
          if (p[1] == '_')
            {
              g_string_append_c (text, '_');
              p++;
            }
          continue;
        }
      g_string_append_unichar (text, g_utf8_get_char (p));
    }

  return g_string_free (text, FALSE);
}

/* The name wins over every relation: GTK 4.8 joins the label property
 * and the names of all labelled-by widgets with spaces, which is how
 * "_Next Next" comes about. */
static void
set_name (GtkWidget  *widget,
          const char *name)
{
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

/* Connects @callback to @signal of @instance once, however often a
 * widget is looked at. */
static void
watch (gpointer    instance,
       const char *signal,
       GCallback   callback,
       gpointer    target)
{
  g_autofree char *key = g_strdup_printf ("xuexin-a11y-watch-%s", signal);

  if (g_object_get_data (G_OBJECT (instance), key) != NULL)
    return;

  g_object_set_data (G_OBJECT (instance), key, GINT_TO_POINTER (1));
  g_signal_connect_object (instance, signal, callback, target, G_CONNECT_SWAPPED);
}

/* Text of a label or row title as shown, without markup or underlines. */
static char *
plain_text (const char *text,
            gboolean    use_markup,
            gboolean    use_underline)
{
  g_autofree char *parsed = NULL;

  if (text == NULL)
    return g_strdup ("");

  if (use_markup && pango_parse_markup (text, -1, 0, NULL, &parsed, NULL, NULL))
    text = parsed;

  if (use_underline)
    return xuexin_a11y_names_strip_mnemonic (text);

  return g_strdup (text);
}

/* ----- buttons ------------------------------------------------------------ */

static void
update_button_name (GtkWidget *button)
{
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));
  GtkLabel *label;
  g_autofree char *name = NULL;

  /* Icon buttons and buttons with other children name themselves in
   * their .ui (or in xuexin_a11y_names_fix_internal_button()). */
  if (!GTK_IS_LABEL (child))
    return;

  label = GTK_LABEL (child);
  watch (label, "notify::label", G_CALLBACK (update_button_name), button);
  watch (label, "notify::use-underline", G_CALLBACK (update_button_name), button);

  name = plain_text (gtk_label_get_label (label),
                     gtk_label_get_use_markup (label),
                     gtk_label_get_use_underline (label));
  if (name[0] == '\0')
    return;

  set_name (button, name);
}

/**
 * xuexin_a11y_names_fix_button:
 * @button: a #GtkButton whose child is a label: its own label or a
 *   #GtkLabel set as child
 *
 * Names @button after its label as a screen reader should read it, and
 * keeps doing so when the label changes (notify::label, of the button and
 * of its label), so "_Next" becomes "Done" and not "_Next Next".
 *
 * Why: GTK 4.8's gtk_button_set_label() sets the button's accessible
 * label property to the raw text ("_Next"), and with use-underline its
 * label child becomes the button's mnemonic label, which adds a
 * labelled-by relation; gtk_at_context_get_name() joins both ("_Next
 * Next"), and without underline the same happens through the label's
 * own relation ("Resend Code Resend Code").  A #GtkLabel set as child
 * (to let the text wrap) gets no relation at all, so GTK falls back to
 * the type name, "GtkButton".  GTK 4.12 no longer sets the label
 * property in gtk_button_set_label(); there the first two cases are
 * right without this, the third still needs a name.
 */
void
xuexin_a11y_names_fix_button (GtkWidget *button)
{
  g_return_if_fail (GTK_IS_BUTTON (button));

  /* The button's own notify::label comes after GTK has set its property,
   * so this name is always the last one written. */
  watch (button, "notify::label", G_CALLBACK (update_button_name), button);
  watch (button, "notify::use-underline", G_CALLBACK (update_button_name), button);
  watch (button, "notify::child", G_CALLBACK (update_button_name), button);
  update_button_name (button);
}

static void
update_check_button_name (GtkCheckButton *check_button)
{
  const char *label = gtk_check_button_get_label (check_button);
  g_autofree char *name = NULL;

  if (label == NULL || label[0] == '\0')
    return;

  name = plain_text (label, FALSE, gtk_check_button_get_use_underline (check_button));
  set_name (GTK_WIDGET (check_button), name);
}

/**
 * xuexin_a11y_names_fix_check_button:
 * @check_button: a #GtkCheckButton with a label
 *
 * GTK 4.8 names a check button with its raw label, underline included
 * ("_Keep me signed in"); this names it with the text as shown and
 * follows notify::label.  Fixed in GTK 4.10, which names it by its label
 * widget.
 */
void
xuexin_a11y_names_fix_check_button (GtkCheckButton *check_button)
{
  g_return_if_fail (GTK_IS_CHECK_BUTTON (check_button));

  watch (check_button, "notify::label", G_CALLBACK (update_check_button_name), check_button);
  watch (check_button, "notify::use-underline", G_CALLBACK (update_check_button_name), check_button);
  update_check_button_name (check_button);
}

static const char *
name_for_icon (const char *icon_name)
{
  static const struct {
    const char *icon_name;
    const char *name;
  } names[] = {
    { "go-previous-symbolic", N_("Back") },
    { "go-next-symbolic", N_("Forward") },
    { "window-close-symbolic", N_("Close") },
    { "edit-find-symbolic", N_("Search") },
    { "edit-copy-symbolic", N_("Copy") },
    { "edit-clear-symbolic", N_("Clear") },
    { "open-menu-symbolic", N_("Menu") },
  };

  for (guint i = 0; icon_name != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (icon_name, names[i].icon_name))
      return _(names[i].name);

  return NULL;
}

static const char *
button_icon_name (GtkWidget *button)
{
  GtkWidget *child;

  if (GTK_IS_MENU_BUTTON (button))
    return gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (button));

  if (!GTK_IS_BUTTON (button))
    return NULL;

  child = gtk_button_get_child (GTK_BUTTON (button));
  if (GTK_IS_IMAGE (child) && gtk_image_get_storage_type (GTK_IMAGE (child)) == GTK_IMAGE_ICON_NAME)
    return gtk_image_get_icon_name (GTK_IMAGE (child));

  return NULL;
}

/**
 * xuexin_a11y_names_fix_internal_button:
 * @button: an icon-only #GtkButton or #GtkMenuButton built by GTK or
 *   libadwaita (toast, About window, Shortcuts window)
 *
 * Names @button after its tooltip, or after its icon when it has none.
 * GTK 4.8 gives a tooltip to AT-SPI only as the description, so these
 * buttons are named by their type ("GtkButton").  libadwaita 1.4 names
 * its own icon buttons (toast close, About window back button); GTK
 * 4.10 its Shortcuts window's search button.
 */
void
xuexin_a11y_names_fix_internal_button (GtkWidget *button)
{
  const char *icon_name = button_icon_name (button);
  const char *name = gtk_widget_get_tooltip_text (button);

  if (icon_name == NULL)
    return;

  if (name == NULL || name[0] == '\0')
    name = name_for_icon (icon_name);
  if (name != NULL)
    set_name (button, name);
}

/* ----- rows --------------------------------------------------------------- */

static void
update_row_name (AdwActionRow *row)
{
  AdwPreferencesRow *preferences_row = ADW_PREFERENCES_ROW (row);
  gboolean use_markup = adw_preferences_row_get_use_markup (preferences_row);
  g_autofree char *title = plain_text (adw_preferences_row_get_title (preferences_row),
                                       use_markup,
                                       adw_preferences_row_get_use_underline (preferences_row));
  g_autofree char *subtitle = plain_text (adw_action_row_get_subtitle (row), use_markup, FALSE);

  if (gtk_widget_has_css_class (GTK_WIDGET (row), "property"))
    {
      g_autofree char *name = NULL;

      if (subtitle[0] == '\0')
        name = g_strdup (title);
      else
        /* Translators: what a screen reader reads for a row that shows a
         * value under its title, e.g. "Full name: Li Ming". */
        name = g_strdup_printf (_("%s: %s"), title, subtitle);

      if (name[0] != '\0')
        set_name (GTK_WIDGET (row), name);
    }
  else if (subtitle[0] != '\0')
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                      -1);
    }
}

/**
 * xuexin_a11y_names_fix_row:
 * @row: an #AdwActionRow
 *
 * libadwaita 1.2 names an action row by its title only and exposes its
 * subtitle nowhere in the row's own name or description, so "Full name"
 * is read without the name.  Rows styled "property" (the title labels a
 * value, the subtitle is the value) get both in their name, "Full name:
 * 李明"; other rows get the subtitle as their description (a demo
 * message's text, a platform's description).  Follows notify::title and
 * notify::subtitle.  libadwaita 1.3 describes rows by their subtitle;
 * the "property" rows keep wanting their value in the name.
 */
void
xuexin_a11y_names_fix_row (AdwActionRow *row)
{
  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  /* A combo row's value is its selected item, which it exposes itself. */
  if (ADW_IS_COMBO_ROW (row))
    return;

  watch (row, "notify::title", G_CALLBACK (update_row_name), row);
  watch (row, "notify::subtitle", G_CALLBACK (update_row_name), row);
  watch (row, "notify::use-markup", G_CALLBACK (update_row_name), row);
  update_row_name (row);
}

/* An expander row is a list row of its own around a header: GTK 4.8 gives
 * the outer row no name, so it reads as an empty list item. */
static void
update_expander_row_name (AdwExpanderRow *row)
{
  AdwPreferencesRow *preferences_row = ADW_PREFERENCES_ROW (row);
  g_autofree char *title = plain_text (adw_preferences_row_get_title (preferences_row),
                                       adw_preferences_row_get_use_markup (preferences_row),
                                       adw_preferences_row_get_use_underline (preferences_row));
  g_autofree char *subtitle = plain_text (adw_expander_row_get_subtitle (row),
                                          adw_preferences_row_get_use_markup (preferences_row), FALSE);

  if (title[0] != '\0')
    set_name (GTK_WIDGET (row), title);
  if (subtitle[0] != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                    -1);
}

static void
fix_expander_row (AdwExpanderRow *row)
{
  watch (row, "notify::title", G_CALLBACK (update_expander_row_name), row);
  watch (row, "notify::subtitle", G_CALLBACK (update_expander_row_name), row);
  update_expander_row_name (row);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;

      found = find_descendant (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void update_reveal_button_name (GtkWidget *button);

static void
fix_entry_row_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *icon_name = button_icon_name (child);

      if (icon_name != NULL && g_str_has_prefix (icon_name, "view-"))
        {
          GtkWidget *image = gtk_button_get_child (GTK_BUTTON (child));

          watch (image, "notify::icon-name", G_CALLBACK (update_reveal_button_name), child);
          update_reveal_button_name (child);
        }
      else if (icon_name != NULL)
        xuexin_a11y_names_fix_internal_button (child);
      else
        fix_entry_row_buttons (child);
    }
}

static void
update_reveal_button_name (GtkWidget *button)
{
  GtkWidget *image = gtk_button_get_child (GTK_BUTTON (button));
  const char *icon_name = GTK_IS_IMAGE (image) ? gtk_image_get_icon_name (GTK_IMAGE (image)) : NULL;

  /* The row swaps the icon (and the tooltip) when the text is shown. */
  if (g_strcmp0 (icon_name, "view-conceal-symbolic") == 0)
    set_name (button, _("Hide Password"));
  else
    set_name (button, _("Show Password"));
}

/**
 * xuexin_a11y_names_fix_entry_row:
 * @row: an #AdwEntryRow or #AdwPasswordEntryRow
 *
 * Names the buttons inside @row.  The eye button of an
 * #AdwPasswordEntryRow becomes "Show Password" or "Hide Password":
 * libadwaita 1.2 gives it only the tooltip "Show Text", so GTK 4.8
 * names it after its image ("GtkImage").  The apply button is named by
 * its tooltip.  libadwaita 1.4 names both itself.  (The row's pencil icon
 * is hidden by the map hook, see hide_decoration().)
 */
void
xuexin_a11y_names_fix_entry_row (AdwEntryRow *row)
{
  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  fix_entry_row_buttons (GTK_WIDGET (row));
}

/* ----- list items (combo rows) ----------------------------------------- */

static GtkLabel *
first_label (GtkWidget *widget)
{
  return GTK_LABEL (find_descendant (widget, GTK_TYPE_LABEL));
}

static void
update_list_item_name (GtkWidget *item)
{
  GtkLabel *label = first_label (item);

  if (label != NULL && gtk_label_get_text (label)[0] != '\0')
    set_name (item, gtk_label_get_text (label));
}

/* GTK 4.8 gives a list view's item widget no name, and GtkListItem has
 * no accessible properties before GTK 4.12 (accessible-label); the item
 * is named after the label its factory made, and renamed when the item
 * is rebound to another row of the model. */
static void
fix_list_item (GtkWidget *item)
{
  GtkLabel *label = first_label (item);

  if (label == NULL)
    return;

  watch (label, "notify::label", G_CALLBACK (update_list_item_name), item);
  update_list_item_name (item);
}

/**
 * xuexin_a11y_names_fix_combo_row:
 * @row: an #AdwComboRow
 *
 * Names the items of @row's list (the popover's and the one showing the
 * selected item) after their label.  Items are created lazily when the
 * popover first opens; the map hook names those as they appear, this
 * names the ones that exist now.
 */
void
xuexin_a11y_names_fix_combo_row (AdwComboRow *row)
{
  GtkWidget *list_view;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  list_view = find_descendant (GTK_WIDGET (row), GTK_TYPE_LIST_VIEW);
  if (list_view == NULL)
    return;

  for (GtkWidget *item = gtk_widget_get_first_child (list_view);
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    fix_list_item (item);
}

/* ----- the hook ----------------------------------------------------------- */

static GType
type_from_name (const char *name)
{
  /* Private types, registered only once GTK or libadwaita made one. */
  return g_type_from_name (name);
}

static gboolean
has_ancestor_named (GtkWidget  *widget,
                    const char *type_name)
{
  GType type = type_from_name (type_name);

  return type != 0 && gtk_widget_get_ancestor (widget, type) != NULL;
}

/* Images inside libadwaita's entry and combo rows (the pencil, the
 * drop-down arrow, the selected item's check mark) and the decoration of
 * the About and Shortcuts windows are not content.  Their role cannot be
 * changed after construction, so they are hidden from the tree instead.
 * Images inside buttons are the button's business. */
static void
hide_image (GtkWidget *image)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (image),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);
}

static gboolean
hide_image_idle_cb (gpointer user_data)
{
  hide_image (user_data);
  return G_SOURCE_REMOVE;
}

/* notify::visible comes before gtk_widget_show() resets the state. */
static void
hide_image_later (GtkWidget *image)
{
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, hide_image_idle_cb,
                   g_object_ref (image), g_object_unref);
}

static void
hide_decoration (GtkWidget *image)
{
  GtkWidget *button = gtk_widget_get_ancestor (image, GTK_TYPE_BUTTON);
  GtkWidget *container = NULL;

  if (gtk_widget_get_ancestor (image, ADW_TYPE_ENTRY_ROW) != NULL)
    container = gtk_widget_get_ancestor (image, ADW_TYPE_ENTRY_ROW);
  else if (gtk_widget_get_ancestor (image, ADW_TYPE_COMBO_ROW) != NULL)
    container = gtk_widget_get_ancestor (image, ADW_TYPE_COMBO_ROW);
  /* Its arrow: the row's expanded state says it. */
  else if (gtk_widget_get_ancestor (image, ADW_TYPE_EXPANDER_ROW) != NULL)
    container = gtk_widget_get_ancestor (image, ADW_TYPE_EXPANDER_ROW);
  else if (gtk_widget_get_ancestor (image, ADW_TYPE_ABOUT_WINDOW) != NULL)
    container = gtk_widget_get_ancestor (image, ADW_TYPE_ABOUT_WINDOW);
  else if (gtk_widget_get_ancestor (image, GTK_TYPE_SHORTCUTS_WINDOW) != NULL)
    container = gtk_widget_get_ancestor (image, GTK_TYPE_SHORTCUTS_WINDOW);

  if (container == NULL)
    return;

  /* A button between the image and the container owns it. */
  if (button != NULL && gtk_widget_is_ancestor (button, container))
    return;

  /* GTK 4.8 resets the hidden state whenever the widget is shown again,
   * as an entry row does with its pencil after editing. */
  watch (image, "notify::visible", G_CALLBACK (hide_image_later), image);
  watch (image, "map", G_CALLBACK (hide_image), image);
  hide_image (image);
}

static gboolean
in_foreign_window (GtkWidget *widget)
{
  return gtk_widget_get_ancestor (widget, ADW_TYPE_ABOUT_WINDOW) != NULL ||
         gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_WINDOW) != NULL ||
         has_ancestor_named (widget, "AdwToastWidget");
}

static void
fix_widget (GtkWidget *widget)
{
  if (g_object_get_qdata (G_OBJECT (widget), seen_quark) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (widget), seen_quark, GINT_TO_POINTER (1));

  if (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget))
    {
      if (in_foreign_window (widget))
        xuexin_a11y_names_fix_internal_button (widget);
      if (GTK_IS_BUTTON (widget))
        xuexin_a11y_names_fix_button (widget);
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    xuexin_a11y_names_fix_check_button (GTK_CHECK_BUTTON (widget));
  else if (ADW_IS_COMBO_ROW (widget))
    xuexin_a11y_names_fix_combo_row (ADW_COMBO_ROW (widget));
  else if (ADW_IS_ACTION_ROW (widget))
    xuexin_a11y_names_fix_row (ADW_ACTION_ROW (widget));
  else if (ADW_IS_ENTRY_ROW (widget))
    xuexin_a11y_names_fix_entry_row (ADW_ENTRY_ROW (widget));
  else if (ADW_IS_EXPANDER_ROW (widget))
    fix_expander_row (ADW_EXPANDER_ROW (widget));
  else if (GTK_IS_IMAGE (widget))
    hide_decoration (widget);
  else if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget"))
    fix_list_item (widget);
}

static void
fix_tree (GtkWidget *widget)
{
  fix_widget (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fix_tree (child);
}

static gboolean
widget_mapped_cb (GSignalInvocationHint *hint,
                  guint                  n_values,
                  const GValue          *values,
                  gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  /* Map runs from the top down: the first widget of a new subtree to map
   * fixes all of it, shown or not yet (a stack's other pages, a row's
   * pencil that is hidden while the row has focus), and its children's
   * own map then finds them done. */
  if (g_object_get_qdata (G_OBJECT (widget), seen_quark) == NULL)
    fix_tree (widget);

  return TRUE;
}

/**
 * xuexin_a11y_names_install:
 *
 * Fixes the accessible names of every widget of the process from now on,
 * as each is first mapped (see the functions above for what and why).
 * Called once, from the application's startup; calling it again does
 * nothing.
 */
void
xuexin_a11y_names_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      seen_quark = g_quark_from_static_string ("xuexin-a11y-names-seen");
      /* The signal exists once the class does, which may be later. */
      g_type_class_ref (GTK_TYPE_WIDGET);
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  widget_mapped_cb, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
