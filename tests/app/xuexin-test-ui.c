/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "xuexin-common.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

static XuexinApplication *application;
static XuexinTestService *test_service;
static guint serial;

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
  int width;
  int height;

  /* Let text that was just set reach the screen. */
  xuexin_test_iterate (150);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

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

static gboolean
fatal_log_handler (const char     *log_domain,
                   GLogLevelFlags  log_level,
                   const char     *message,
                   gpointer        user_data)
{
  /* GTK says this when a window with a focused entry is destroyed
   * while no window manager runs (Xvfb); it is not our bug. */
  if (g_strcmp0 (log_domain, "Gtk") == 0 && strstr (message, "did not receive a focus-out event") != NULL)
    return FALSE;

  return TRUE;
}

/* Call after g_test_init(), which installs its own handler. */
void
xuexin_test_ignore_known_warnings (void)
{
  g_test_log_set_fatal_handler (fatal_log_handler, NULL);
}

/* The embedded demo service keeps its database under the user data dir:
 * give every test run a fresh one. Must run before GLib reads it. */
void
xuexin_test_use_temporary_home (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("xuexin-ui-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
}

GtkWidget *
xuexin_test_require_child (GtkWidget  *root,
                           const char *buildable_id)
{
  GtkWidget *child = xuexin_test_find_child (root, buildable_id);

  if (child == NULL)
    g_error ("No widget “%s” below %s", buildable_id, G_OBJECT_TYPE_NAME (root));

  return child;
}

void
xuexin_test_set_text (GtkWidget  *root,
                      const char *buildable_id,
                      const char *text)
{
  GtkWidget *editable = xuexin_test_require_child (root, buildable_id);

  gtk_editable_set_text (GTK_EDITABLE (editable), text);
  xuexin_test_iterate (10);
}

/* Iterates the main loop until @condition holds: requests go to a real
 * server and hashing takes real time, so no fixed sleeps. */
void
xuexin_test_wait_for (XuexinTestCondition  condition,
                      gpointer             user_data,
                      const char          *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (user_data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  xuexin_test_iterate (100);
}

/* Without a window manager (Xvfb) GTK warns when a window whose entry has
 * the focus goes away; take the focus away first. */
void
xuexin_test_close_window (GtkWidget *window)
{
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  xuexin_test_iterate (20);
  gtk_window_destroy (GTK_WINDOW (window));
  xuexin_test_iterate (20);
}

GtkWidget *
xuexin_test_find_label (GtkWidget  *root,
                        const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = xuexin_test_find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The application is NON_UNIQUE: the tests never talk to a running
 * instance, and one may run while they do. */
static void
xuexin_test_ui_init_application (int    *argc,
                                 char ***argv)
{
  g_autoptr(GError) error = NULL;

  xuexin_test_use_temporary_home ();
  setlocale (LC_ALL, "");
  xuexin_application_setup_gettext ();
  g_test_init (argc, argv, NULL);
  xuexin_test_ignore_known_warnings ();

  application = xuexin_application_new ();
  g_application_set_flags (G_APPLICATION (application),
                           g_application_get_flags (G_APPLICATION (application)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
}

/**
 * xuexin_test_ui_init:
 *
 * Sets a UI test program up: a fresh temporary home, the user's locale
 * and translations, GTest, and the application, which connects to its
 * embedded demo service. Call first in main(), then add the tests and
 * return xuexin_test_ui_run().
 */
void
xuexin_test_ui_init (int    *argc,
                     char ***argv)
{
  g_assert_null (application);

  xuexin_test_ui_init_application (argc, argv);
}

/**
 * xuexin_test_ui_init_with_service:
 *
 * Like xuexin_test_ui_init(), with the application pointed at a test
 * service on loopback instead. Its configuration may still be changed
 * until xuexin_test_ui_run() starts it.
 *
 * Returns: (transfer none): the test service, valid until
 *   xuexin_test_ui_run() returns
 */
XuexinTestService *
xuexin_test_ui_init_with_service (int    *argc,
                                  char ***argv)
{
  g_assert_null (application);

  xuexin_test_ui_init_application (argc, argv);
  test_service = xuexin_test_service_new ();

  return test_service;
}

/* Starts the test service if there is one, runs the tests, and takes
 * everything down again. */
int
xuexin_test_ui_run (void)
{
  int status;

  g_assert_nonnull (application);

  if (test_service != NULL)
    {
      xuexin_test_service_start (test_service);
      g_settings_set_string (xuexin_application_get_settings (application), "server-url",
                             xuexin_test_service_get_base_url (test_service));
    }

  status = g_test_run ();

  g_clear_object (&application);
  g_clear_object (&test_service);

  return status;
}

XuexinApplication *
xuexin_test_ui_get_application (void)
{
  g_assert_nonnull (application);

  return application;
}

static gboolean
service_available (gpointer user_data)
{
  GtkWidget *page = xuexin_test_require_child (user_data, "sign_in_page");
  gboolean available = FALSE;

  g_object_get (page, "service-available", &available, NULL);
  return available;
}

/* A new main window on screen; with a test service, once it is connected. */
GtkWidget *
xuexin_test_open_window (int width,
                         int height)
{
  GtkWidget *window = GTK_WIDGET (xuexin_window_new (xuexin_test_ui_get_application ()));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  xuexin_test_wait_until_mapped (window);
  if (test_service != NULL)
    xuexin_test_wait_for (service_available, window, "the service connection");

  return window;
}

/* A number no earlier call returned. */
guint
xuexin_test_next_serial (void)
{
  return ++serial;
}

char *
xuexin_test_next_phone (void)
{
  return g_strdup_printf ("1390000%04u", xuexin_test_next_serial ());
}

/* A valid resident ID number (its check digit right). */
char *
xuexin_test_next_id_number (void)
{
  g_autofree char *first17 = g_strdup_printf ("11010519900101%03u", xuexin_test_next_serial () % 1000);

  return g_strdup_printf ("%s%c", first17, xuexin_id_number_compute_check_digit (first17));
}

char *
xuexin_test_next_email (void)
{
  return g_strdup_printf ("student%u@example.edu.cn", xuexin_test_next_serial ());
}

/* A GAsyncReadyCallback keeping the result in the GAsyncResult * at
 * @user_data, for xuexin_test_wait_for_result(). */
void
xuexin_test_store_result_cb (GObject      *source_object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static gboolean
result_arrived (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

void
xuexin_test_wait_for_result (GAsyncResult **result,
                             const char    *what)
{
  xuexin_test_wait_for (result_arrived, result, what);
}

/* ----- accessibility ---------------------------------------------------- */

/**
 * xuexin_test_has_focus:
 *
 * Returns: whether the keyboard focus of @widget's window is @widget or
 *   inside it (an entry row's text, say)
 */
gboolean
xuexin_test_has_focus (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

void
xuexin_test_assert_focus_in (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (!xuexin_test_has_focus (widget))
    {
      g_autoptr(GString) where = g_string_new (NULL);

      /* The focus and its named ancestors, to see where it went. */
      for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
        if (w == focus || gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)) != NULL)
          g_string_append_printf (where, " %s(%s)", G_OBJECT_TYPE_NAME (w),
                                  gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)) != NULL
                                    ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)) : "-");
      g_error ("The focus is on%s, not in %s (%s)",
               focus != NULL ? where->str : " nothing",
               G_OBJECT_TYPE_NAME (widget),
               gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) != NULL
                 ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : "-");
    }
}

/**
 * xuexin_test_assert_alert:
 * @label: the label an error is shown in
 * @text: the error
 *
 * The error is shown, in a label of the ALERT role (which GTK 4.8's
 * AT-SPI bridge announces as it becomes showing).
 */
void
xuexin_test_assert_alert (GtkWidget  *label,
                          const char *text)
{
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (label)), ==, GTK_ACCESSIBLE_ROLE_ALERT);
  g_assert_true (gtk_widget_is_visible (label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, text);
}

/**
 * xuexin_test_assert_field_error:
 * @message: the widget that shows the error or hint
 *
 * @field is marked: drawn as wrong, invalid for screen readers and tied
 * to @message.
 */
void
xuexin_test_assert_field_error (GtkWidget *field,
                                GtkWidget *message)
{
  g_assert_true (gtk_widget_has_css_class (field, "error"));
  g_assert_true (gtk_test_accessible_has_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE));
  g_assert_true (gtk_widget_is_visible (message));
}

void
xuexin_test_assert_field_ok (GtkWidget *field)
{
  g_assert_false (gtk_widget_has_css_class (field, "error"));
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE));
}
