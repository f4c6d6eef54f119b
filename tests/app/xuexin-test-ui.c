/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <unistd.h>

#include "xuexin-assistant.h"
#include "xuexin-common.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

static XuexinApplication *application;
static XuexinTestService *test_service;
static guint serial;

/* What the test knows about the next rendered state, for the a11y gate. */
static GtkWidget *expected_focus;
static char *expected_alert;

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

/* A stack still sliding from one page to the next shows parts of both,
 * and the accessibility tree has the new page where it is not yet. */
static gboolean
no_transition_running (gpointer user_data)
{
  GtkWidget *widget = user_data;

  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!no_transition_running (child))
      return FALSE;

  return TRUE;
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

  xuexin_test_wait_for (no_transition_running, widget, "the page transitions to end");
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

  if (g_strcmp0 (g_getenv ("XUEXIN_TEST_A11Y"), "1") == 0)
    {
      g_autofree char *state = g_strdup_printf ("%s-%.5s", name,
                                                locale != NULL && g_str_has_prefix (locale, "zh") ? locale : "en");

      xuexin_test_check_a11y (widget, state);
    }
}

static gboolean
qr_code_allocated (gpointer user_data)
{
  GtkWidget *widget = user_data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/**
 * xuexin_test_assert_qr_decodes:
 * @qr_code: a shown #XuexinQrCode
 * @expected: the text it must hold
 *
 * Renders @qr_code as it is on screen, on white, to a PNG and reads it
 * back with a real QR decoder (`zbarimg` of zbar-tools): what a phone's
 * camera would read. Skips the test when zbarimg is not installed.
 */
void
xuexin_test_assert_qr_decodes (GtkWidget  *qr_code,
                               const char *expected)
{
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *errors = NULL;
  const GdkRGBA white = { 1, 1, 1, 1 };
  int wait_status;
  int width;
  int height;
  int fd;

  if (zbarimg == NULL)
    {
      g_test_skip ("zbarimg is not installed (apt-get install zbar-tools): the QR code was not decoded");
      return;
    }

  /* Drawn at its size: the stack showing it may still be fading in. */
  xuexin_test_wait_for (qr_code_allocated, qr_code, "the QR code to be laid out");
  width = gtk_widget_get_width (qr_code);
  height = gtk_widget_get_height (qr_code);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* On white, as on the card it is shown on: a decoder reads what is
   * transparent as black. */
  paintable = gtk_widget_paintable_new (qr_code);
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (qr_code)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  fd = g_file_open_tmp ("xuexin-qr-XXXXXX.png", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  {
    const char *argv[] = { zbarimg, "--raw", "-q", path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                  &decoded, &errors, &wait_status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, &error))
    g_test_message ("zbarimg: %s", errors);
  g_assert_no_error (error);
  g_unlink (path);

  /* One symbol, its text on one line. */
  g_assert_nonnull (decoded);
  g_strchomp (decoded);
  g_assert_cmpstr (decoded, ==, expected);
}

/**
 * xuexin_test_expect_focus:
 *
 * Tells the accessibility gate where the keyboard focus belongs in the next
 * rendered state (in @widget or below it), for states that are not "a page
 * was just shown" and not a refusal, where the page's own rule decides.
 */
void
xuexin_test_expect_focus (GtkWidget *widget)
{
  g_set_weak_pointer (&expected_focus, widget);
}

/**
 * xuexin_test_expect_alert:
 *
 * Tells the accessibility gate that the next rendered state shows an error
 * outside an assistant page (a dialog's, the sign-in page's, a toast's):
 * a screen reader must find an alert whose name holds @text.
 */
void
xuexin_test_expect_alert (const char *text)
{
  g_free (expected_alert);
  expected_alert = g_strdup (text);
}

/* The error shown in the label @label_id below @root must be announced. */
void
xuexin_test_expect_alert_of (GtkWidget  *root,
                             const char *label_id)
{
  xuexin_test_expect_alert (gtk_label_get_text (GTK_LABEL (xuexin_test_require_child (root, label_id))));
}

static void
collect_secrets (GtkWidget *widget,
                 GPtrArray *secrets)
{
  const char *text = NULL;

  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_PASSWORD_ENTRY (widget) || ADW_IS_PASSWORD_ENTRY_ROW (widget))
    text = gtk_editable_get_text (GTK_EDITABLE (widget));
  else if (GTK_IS_TEXT (widget) && !gtk_text_get_visibility (GTK_TEXT (widget)))
    text = gtk_editable_get_text (GTK_EDITABLE (widget));
  if (text != NULL && *text != '\0' && !g_ptr_array_find_with_equal_func (secrets, text, g_str_equal, NULL))
    g_ptr_array_add (secrets, g_strdup (text));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_secrets (child, secrets);
}

static XuexinAssistant *
find_mapped_assistant (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (XUEXIN_IS_ASSISTANT (widget))
    return XUEXIN_ASSISTANT (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      XuexinAssistant *found = find_mapped_assistant (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static const char *
widget_label (GtkWidget *widget)
{
  const char *id = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;

  return id != NULL ? id : G_OBJECT_TYPE_NAME (widget);
}

/* The GTK focus widget is @expected or inside it. */
static gboolean
focus_within (GtkWidget *focus,
              GtkWidget *expected)
{
  return focus != NULL && expected != NULL && (focus == expected || gtk_widget_is_ancestor (focus, expected));
}

static void
list_objects (GString    *failures,
              JsonObject *report,
              const char *member,
              const char *what)
{
  JsonArray *array = json_object_get_array_member (report, member);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      g_string_append_printf (failures, "\n    %s: %s “%s”%s%s%s%s", what,
                              json_object_get_string_member (object, "role"),
                              json_object_get_string_member (object, "name"),
                              json_object_has_member (object, "problem") ? " — " : "",
                              json_object_has_member (object, "problem") ? json_object_get_string_member (object, "problem") : "",
                              json_object_has_member (object, "path") && *json_object_get_string_member (object, "path") ? " in " : "",
                              json_object_has_member (object, "path") ? json_object_get_string_member (object, "path") : "");
    }
}

static gboolean
alert_shows (JsonObject *report,
             const char *text)
{
  JsonArray *alerts = json_object_get_array_member (report, "alerts");

  for (guint i = 0; alerts != NULL && i < json_array_get_length (alerts); i++)
    if (strstr (json_array_get_string_element (alerts, i), text) != NULL)
      return TRUE;

  return FALSE;
}

/* Where the AT-SPI focused object is must be where GTK's focus is: the
 * centre of the focus widget lies within the object's extents (both in
 * window coordinates; an entry row's focus is its inner GtkText). */
static gboolean
focus_matches (GtkWidget  *focus,
               GtkWidget  *root,
               JsonObject *focused)
{
  JsonArray *extents = json_object_get_array_member (focused, "extents");
  graphene_rect_t bounds;
  double x, y;

  if (extents == NULL || json_array_get_length (extents) != 4)
    return TRUE;  /* no Component interface: nothing to compare */
  if (!gtk_widget_compute_bounds (focus, root, &bounds))
    return FALSE;

  x = bounds.origin.x + bounds.size.width / 2;
  y = bounds.origin.y + bounds.size.height / 2;
  return x >= json_array_get_int_element (extents, 0) - 2
         && y >= json_array_get_int_element (extents, 1) - 2
         && x <= json_array_get_int_element (extents, 0) + json_array_get_int_element (extents, 2) + 2
         && y <= json_array_get_int_element (extents, 1) + json_array_get_int_element (extents, 3) + 2;
}

/**
 * xuexin_test_check_a11y:
 *
 * The accessibility gate for one rendered state: runs
 * tests/a11y/xuexin-a11y-check.py against this process over the AT-SPI bus
 * (while the main loop keeps answering it) and fails the test, listing the
 * offenders, on unnamed controls and images, readable passwords, a focus
 * that is missing or not where the page declares it, and an error with no
 * alert. The test goes on, so that one run lists every state's failures.
 */
static gboolean
window_is_active (gpointer user_data)
{
  return gtk_window_is_active (GTK_WINDOW (user_data));
}

void
xuexin_test_check_a11y (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) checker = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  const char *script = g_getenv ("XUEXIN_A11Y_CHECKER");
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  XuexinAssistant *assistant = find_mapped_assistant (widget);
  XuexinPage *page = assistant != NULL ? xuexin_assistant_get_current_page (assistant) : NULL;
  const char *page_error = page != NULL ? xuexin_page_get_error (page) : NULL;
  JsonObject *report;
  JsonObject *focused;
  gboolean timed_out = FALSE;
  guint timeout_id;
  graphene_rect_t focus_bounds;
  gboolean entry_row_focus = FALSE;

  /* AT-SPI reports a focused object only in the active window; a window
   * whose dialog just closed is not active again by itself under Xvfb,
   * which has no window manager to give it back. */
  if (GTK_IS_WINDOW (root) && !gtk_window_is_active (GTK_WINDOW (root)))
    {
      gtk_window_present (GTK_WINDOW (root));
      xuexin_test_wait_for (window_is_active, root, "the window to be active again");
    }

  g_assert_nonnull (script);
  g_assert_true (GTK_IS_WINDOW (root));

  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, g_strdup (script));
  g_ptr_array_add (argv, g_strdup_printf ("--pid=%d", (int) getpid ()));
  g_ptr_array_add (argv, g_strdup_printf ("--state=%s", name));
  if (gtk_window_get_title (GTK_WINDOW (root)) != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--window=%s", gtk_window_get_title (GTK_WINDOW (root))));
  if (focus != NULL && gtk_widget_compute_bounds (focus, GTK_WIDGET (root), &focus_bounds))
    g_ptr_array_add (argv, g_strdup_printf ("--focus-point=%d,%d",
                                            (int) (focus_bounds.origin.x + focus_bounds.size.width / 2),
                                            (int) (focus_bounds.origin.y + focus_bounds.size.height / 2)));
  collect_secrets (GTK_WIDGET (root), secrets);
  for (guint i = 0; i < secrets->len; i++)
    g_ptr_array_add (argv, g_strdup_printf ("--secret=%s", (char *) secrets->pdata[i]));
  g_ptr_array_add (argv, NULL);

  /* Never block: the app answers the checker from this main loop. */
  checker = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (checker, NULL, NULL, xuexin_test_store_result_cb, &result);
  /* Blocking iterations: every D-Bus call of the checker wakes the loop,
   * so it is answered at once (polling would add a sleep per call). */
  timeout_id = g_timeout_add_seconds (60, timeout_reached_cb, &timed_out);
  while (result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("a11y %s: the checker did not finish within 60 s", name);
  g_source_remove (timeout_id);
  g_assert_true (g_subprocess_communicate_utf8_finish (checker, result, &output, &errors, &error));
  g_assert_no_error (error);
  if (!json_parser_load_from_data (parser, output, -1, &error))
    g_error ("a11y %s: the checker said “%s” (%s)", name, output, errors);
  report = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (report, "error"))
    g_error ("a11y %s: %s", name, json_object_get_string_member (report, "error"));
  g_test_message ("a11y %s: %" G_GINT64_FORMAT " objects in %.2f s", name,
                  json_object_get_int_member (report, "objects"),
                  json_object_get_double_member (report, "seconds"));

  list_objects (failures, report, "unnamed_controls", "unnamed control");
  list_objects (failures, report, "unnamed_images", "unnamed image");
#if GTK_CHECK_VERSION (4, 14, 0)
  list_objects (failures, report, "password_leaks", "password readable through AT-SPI");
#else
  {
    /* GTK 4.8 exports an entry row's text whatever its visibility: a known
     * limitation (README), listed but not failed on. */
    g_autoptr(GString) leaks = g_string_new (NULL);

    list_objects (leaks, report, "password_leaks", "password readable through AT-SPI (known limitation, GTK < 4.14)");
    if (leaks->len > 0)
      g_test_message ("a11y %s:%s", name, leaks->str);
  }
#endif

  focused = json_object_get_null_member (report, "focused") ? NULL : json_object_get_object_member (report, "focused");
#if !ADW_CHECK_VERSION (1, 3, 0)
  /* libadwaita 1.2 never reports an entry row as focused (its GtkText
   * delegate has the focus and no accessible of its own; libadwaita 1.3
   * with GTK 4.10 forwards the state). Stand in the focusable object
   * under the focus, so its name and place are still checked. */
  if (focused == NULL && focus != NULL && gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW) != NULL
      && json_object_has_member (report, "at_focus_point") && !json_object_get_null_member (report, "at_focus_point"))
    {
      focused = json_object_get_object_member (report, "at_focus_point");
      entry_row_focus = TRUE;
    }
#endif
  if (focus == NULL)
    g_string_append (failures, "\n    nothing has the keyboard focus");
  else if (focused == NULL)
    g_string_append_printf (failures, "\n    focus: GTK focuses %s, AT-SPI reports no focused object", widget_label (focus));
  else
    {
      const char *role = json_object_get_string_member (focused, "role");
      const char *focused_name = json_object_get_string_member (focused, "name");

      if (!json_object_get_boolean_member (focused, "named"))
        g_string_append_printf (failures, "\n    focus: on %s “%s” (%s), which has no name", role, focused_name, widget_label (focus));
      if (!json_object_get_boolean_member (focused, "showing"))
        g_string_append_printf (failures, "\n    focus: on %s “%s” (%s), which is not on screen", role, focused_name, widget_label (focus));
      if (entry_row_focus)
        g_test_message ("a11y %s: focus in entry row %s “%s”, which AT-SPI does not mark focused (libadwaita 1.2)",
                        name, role, focused_name);
      if (!focus_matches (focus, GTK_WIDGET (root), focused))
        g_string_append_printf (failures, "\n    focus: AT-SPI focuses %s “%s”, GTK focuses %s elsewhere", role, focused_name, widget_label (focus));
    }

  if (expected_focus != NULL)
    {
      if (!focus_within (focus, expected_focus))
        g_string_append_printf (failures, "\n    focus: on %s, the test expects it in %s",
                                focus != NULL ? widget_label (focus) : "nothing", widget_label (expected_focus));
    }
  else if (page != NULL)
    {
      GtkWidget *error_widget = page_error != NULL ? xuexin_page_get_error_widget (page) : NULL;
      GtkWidget *page_focus = xuexin_page_get_focus_widget (page);
      GtkWidget *expected = error_widget != NULL ? error_widget : page_focus;

      /* A page that only reports starts on the assistant's Next. */
      if (expected == NULL && xuexin_page_get_focus_on_next (page))
        expected = xuexin_test_require_child (GTK_WIDGET (assistant), "next_button");

      if (expected == NULL)
        g_string_append_printf (failures, "\n    focus: page %s declares no focus widget", G_OBJECT_TYPE_NAME (page));
      else if (!focus_within (focus, expected))
        g_string_append_printf (failures, "\n    focus: on %s, page %s declares %s%s",
                                focus != NULL ? widget_label (focus) : "nothing", G_OBJECT_TYPE_NAME (page),
                                widget_label (expected), error_widget != NULL ? " (the field at fault)" : "");
    }

  if (page_error != NULL && !alert_shows (report, page_error))
    g_string_append_printf (failures, "\n    error “%s” of page %s: no alert with its text", page_error, G_OBJECT_TYPE_NAME (page));
  if (expected_alert != NULL && !alert_shows (report, expected_alert))
    g_string_append_printf (failures, "\n    error “%s”: no alert with its text", expected_alert);

  g_clear_weak_pointer (&expected_focus);
  g_clear_pointer (&expected_alert, g_free);

  if (failures->len > 0)
    {
      guint problems = 0;

      for (const char *c = failures->str; *c != '\0'; c++)
        problems += *c == '\n';
      g_test_message ("a11y %s FAILED:%s", name, failures->str);
      g_test_fail_printf ("accessibility of %s: %u problems, listed above", name, problems);
    }
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
