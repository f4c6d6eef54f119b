/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "xuexin-test-ui.h"

/* Template children get their id as buildable id, so tests can find the
 * real widgets without the classes exporting them. */
GtkWidget *
xuexin_test_find_child (GtkWidget  *root,
                        const char *buildable_id)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (root));

  if (g_strcmp0 (id, buildable_id) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = xuexin_test_find_child (child, buildable_id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
timeout_reached_cb (gpointer user_data)
{
  gboolean *reached = user_data;

  *reached = TRUE;
  return G_SOURCE_REMOVE;
}

void
xuexin_test_iterate (guint milliseconds)
{
  gboolean reached = FALSE;

  g_timeout_add (milliseconds, timeout_reached_cb, &reached);
  while (!reached)
    g_main_context_iteration (NULL, TRUE);
}

/* What a mouse click does, without GtkButton's delayed keyboard activation. */
void
xuexin_test_click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  xuexin_test_iterate (20);
}

void
xuexin_test_wait_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  /* Let layout, fonts and icons settle before anything is measured. */
  xuexin_test_iterate (300);
}

/**
 * xuexin_test_render_png:
 *
 * Renders @widget the way it is on screen into `<builddir>/screenshots/NAME-LOCALE.png`,
 * so that every page can be reviewed after a test run.
 */
void
xuexin_test_render_png (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  const char *locale = setlocale (LC_MESSAGES, NULL);
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  directory = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                "screenshots", NULL);
  g_assert_no_errno (g_mkdir_with_parents (directory, 0755));
  file_name = g_strdup_printf ("%s-%.5s.png", name,
                               locale != NULL && g_str_has_prefix (locale, "zh") ? locale : "en");
  path = g_build_filename (directory, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Rendered %s", path);
}

gboolean
xuexin_test_locale_is_chinese (void)
{
  const char *locale = setlocale (LC_MESSAGES, NULL);

  return locale != NULL && g_str_has_prefix (locale, "zh_CN");
}
