/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "identity/xuexin-handoff-dialog.h"
#include "identity/xuexin-identity-draft.h"
#include "identity/xuexin-identity-photo-page.h"
#include "kiosk/xuexin-kiosk.h"
#include "kiosk/xuexin-kiosk-staff-dialog.h"
#include "qr/xuexin-qr-code.h"
#include "xuexin-api.h"
#include "xuexin-flow.h"
#include "xuexin-test-flow.h"
#include "xuexin-test-photos.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

/* Kiosk mode on a shared help-desk screen, against a real service on
 * loopback: full screen with End and Clear, no "keep me signed in", and
 * the wipe (by the button, after the idle countdown, in the middle of a
 * request and of an upload) leaves no trace of the visitor: no widget
 * of any window and no file of the app's data, cache, config and
 * runtime directories holds what they typed, the server session is
 * revoked and the kiosk is back at the sign-in page. */

static XuexinTestService *service;
static char *photo_dir;
/* The window of the visit under test, until the wipe frees it. */
static gpointer visitor_window;
/* What libsecret said: anything means the kiosk went to the keyring
 * (the test session has none, so every attempt logs its failure). */
static guint keyring_messages;

static void
libsecret_log_cb (const char     *log_domain,
                  GLogLevelFlags  log_level,
                  const char     *message,
                  gpointer        user_data)
{
  g_test_message ("libsecret: %s", message);
  keyring_messages++;
}

static XuexinKiosk *
kiosk (void)
{
  XuexinKiosk *kiosk = xuexin_application_get_kiosk (xuexin_test_ui_get_application ());

  g_assert_nonnull (kiosk);
  return kiosk;
}

/* The kiosk's window, watched from now until the wipe frees it. */
static GtkWidget *
the_window (void)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (xuexin_test_ui_get_application ()));

  for (GList *l = windows; l != NULL; l = l->next)
    if (XUEXIN_IS_WINDOW (l->data) && !gtk_widget_in_destruction (l->data))
      {
        g_set_weak_pointer (&visitor_window, l->data);
        return l->data;
      }
  g_error ("no main window");
}

/* ----- the proof: nothing of the visitor is left ------------------------ */

static void
assert_widget_clean (GtkWidget          *widget,
                     const char * const *secrets)
{
  const char *text = NULL;

  if (GTK_IS_EDITABLE (widget))
    text = gtk_editable_get_text (GTK_EDITABLE (widget));
  else if (GTK_IS_LABEL (widget))
    text = gtk_label_get_label (GTK_LABEL (widget));
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *all = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      all = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      for (guint i = 0; secrets[i] != NULL; i++)
        if (strstr (all, secrets[i]) != NULL)
          g_error ("a %s still holds “%s”", G_OBJECT_TYPE_NAME (widget), secrets[i]);
    }

  for (guint i = 0; text != NULL && secrets[i] != NULL; i++)
    if (strstr (text, secrets[i]) != NULL)
      g_error ("a %s still holds “%s”", G_OBJECT_TYPE_NAME (widget), secrets[i]);
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    for (guint i = 0; secrets[i] != NULL; i++)
      g_assert_null (strstr (gtk_widget_get_tooltip_text (widget), secrets[i]));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_widget_clean (child, secrets);
}

/* Not g_strstr_len(): files hold NUL bytes, and it stops at the first. */
static gboolean
bytes_contain (const char *haystack,
               gsize       length,
               const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (haystack + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

/* Every file, whatever its name: a draft saved anywhere is found. The
 * test service keeps its database under the same temporary home; it is
 * the server (a kiosk's is on another machine), so it is left out. */
static void
assert_directory_clean (const char         *path,
                        const char * const *secrets)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_strcmp0 (path, xuexin_test_service_get_config (service)->data_dir) == 0)
    return;
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          assert_directory_clean (child, secrets);
          continue;
        }
      if (!g_file_test (child, G_FILE_TEST_IS_REGULAR) || !g_file_get_contents (child, &contents, &length, NULL))
        continue;
      for (guint i = 0; secrets[i] != NULL; i++)
        if (bytes_contain (contents, length, secrets[i]))
          g_error ("%s holds “%s”", child, secrets[i]);
      /* No photo either: a JPEG or PNG signature at the start. */
      g_assert_false (length >= 3 && memcmp (contents, "\xff\xd8\xff", 3) == 0);
      g_assert_false (length >= 4 && memcmp (contents, "\x89PNG", 4) == 0);
    }
}

static gboolean
window_gone (gpointer user_data)
{
  return visitor_window == NULL;
}

static gboolean
token_revoked (gpointer user_data)
{
  XuexinClient *client = user_data;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  xuexin_client_get_me_async (client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "GET /me");
  account = xuexin_client_get_me_finish (client, result, &error);
  if (account != NULL)
    return FALSE;
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED));
  return TRUE;
}

static gboolean
wiped_since (gpointer user_data)
{
  return xuexin_kiosk_get_wipe_count (kiosk ()) > GPOINTER_TO_UINT (user_data);
}

/* Waits for the wipe that follows @count wipes, then proves it: the
 * visitor's window (the_window()) is freed, the new one is at the sign-in page of a kiosk, no
 * widget or file holds any of @secrets and, with @token, the server
 * refuses it. */
static GtkWidget *
assert_wiped (guint               count,
              const char * const *secrets,
              const char         *token)
{
  g_autolist(GtkWindow) toplevels = NULL;
  GtkWidget *window;
  const char *dirs[] = {
    g_get_user_data_dir (), g_get_user_cache_dir (), g_get_user_config_dir (), g_get_user_runtime_dir (),
  };

  xuexin_test_wait_for (wiped_since, GUINT_TO_POINTER (count), "the wipe");
  /* Freed, and with it every draft, photo and dialog it held. */
  xuexin_test_wait_for (window_gone, NULL, "the visitor's window to be freed");

  window = the_window ();
  xuexin_test_wait_until_mapped (window);
  xuexin_test_wait_for_stack (window, "sign-in");
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "kiosk_end_button")));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "remember_check")));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (xuexin_test_ui_get_application ()))), ==, 1);

  toplevels = gtk_window_list_toplevels ();
  g_list_foreach (toplevels, (GFunc) g_object_ref, NULL);
  for (GList *l = toplevels; l != NULL; l = l->next)
    assert_widget_clean (l->data, secrets);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    assert_directory_clean (dirs[i], secrets);
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_application_get_demo_messages (xuexin_test_ui_get_application ())), ==, 0);
  /* Signing in and out never went near the keyring. */
  g_assert_cmpuint (keyring_messages, ==, 0);

  if (token != NULL)
    {
      g_autoptr(XuexinClient) client = xuexin_test_service_new_client (service);

      xuexin_client_set_token (client, token);
      xuexin_test_wait_for (token_revoked, client, "DELETE /sessions/current");
    }

  return window;
}

/* ----- the tests ------------------------------------------------------- */

/* How many mapped labels under @root answer to Alt+@keyval. */
static guint
count_mnemonic (GtkWidget *root,
                guint      keyval)
{
  guint n = 0;

  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      gtk_label_get_use_underline (GTK_LABEL (root)) &&
      gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (root))) == keyval)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_mnemonic (child, keyval);
  return n;
}

/* The kiosk's window: full screen, End and Clear, no "keep me signed in". */
static void
test_kiosk_window (void)
{
  GtkWidget *window = xuexin_test_open_window (900, 700);

  g_set_weak_pointer (&visitor_window, window);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "kiosk_end_button")));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "remember_check")));
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (window)));
  g_assert_null (g_action_map_lookup_action (G_ACTION_MAP (xuexin_test_ui_get_application ()), "quit"));
  g_assert_null (g_action_map_lookup_action (G_ACTION_MAP (xuexin_test_ui_get_application ()), "new-window"));
  g_assert_false (adw_header_bar_get_show_end_title_buttons (ADW_HEADER_BAR (xuexin_test_require_child (window, "header_bar"))));
  /* Closing is refused: a kiosk ends a visit only by the wipe. */
  gtk_window_close (GTK_WINDOW (window));
  xuexin_test_iterate (50);
  g_assert_true (gtk_widget_get_visible (window));
  /* Alt+its letter is End and Clear's alone (not Register's too). */
  {
    GtkWidget *end_button = xuexin_test_require_child (window, "kiosk_end_button");
    GtkWidget *label = gtk_button_get_child (GTK_BUTTON (end_button));
    guint keyval = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (label)));

    g_assert_cmpuint (keyval, !=, GDK_KEY_VoidSymbol);
    g_assert_cmpuint (count_mnemonic (window, keyval), ==, 1);
  }
  xuexin_test_render_png (window, "kiosk-sign-in");
}

/* A registration filled up to its review, then End and Clear. */
static void
test_wipe_registration (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  const char *secrets[] = { phone, id_number, "岑思睿", "Kiosk#Visitor77", "cen.sirui@example.edu.cn", NULL };
  GtkWidget *window = the_window ();
  guint count = xuexin_kiosk_get_wipe_count (kiosk ());
  GtkWidget *page;

  gtk_widget_activate_action (window, "win.register", NULL);
  page = xuexin_test_wait_for_page (window, "XuexinRegisterPhonePage");
  xuexin_test_set_text (page, "phone_row", phone);
  xuexin_test_click (xuexin_test_require_child (page, "send_code_button"));
  xuexin_test_set_text (page, "code_row", xuexin_test_service_wait_for_code (service, phone));
  xuexin_test_click_next (window);
  page = xuexin_test_wait_for_page (window, "XuexinRegisterPasswordPage");
  xuexin_test_set_text (page, "password_row", secrets[3]);
  xuexin_test_set_text (page, "confirmation_row", secrets[3]);
  xuexin_test_click_next (window);
  page = xuexin_test_wait_for_page (window, "XuexinRegisterIdentityPage");
  xuexin_test_set_text (page, "name_row", secrets[2]);
  xuexin_test_set_text (page, "id_number_row", id_number);
  xuexin_test_click_next (window);
  page = xuexin_test_wait_for_page (window, "XuexinRegisterEmailPage");
  xuexin_test_set_text (page, "email_row", secrets[4]);
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, "XuexinRegisterReviewPage");
  g_assert_true (xuexin_test_shows_text (window, secrets[2]));
  g_assert_cmpuint (g_list_model_get_n_items (xuexin_application_get_demo_messages (xuexin_test_ui_get_application ())), ==, 0);

  /* The button, as the visitor presses it. */
  xuexin_test_click (xuexin_test_require_child (window, "kiosk_end_button"));
  window = assert_wiped (count, secrets, NULL);
  xuexin_test_render_png (window, "kiosk-after-wipe");
}

/* Part of the photo has gone out, not all of it. */
static void
fraction_cb (GtkProgressBar *bar,
             GParamSpec     *pspec,
             gboolean       *under_way)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  if (fraction > 0.0 && fraction < 1.0)
    {
      *under_way = TRUE;
      g_signal_handlers_disconnect_by_func (bar, fraction_cb, under_way);
    }
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static gboolean
photo_ready (gpointer user_data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (user_data, "photo_stack"))),
                    "ready") == 0;
}

/* Signed in, a photo of the ID card prepared for path 2, an ID number
 * on the clipboard: End and Clear in the middle of the upload. */
static void
test_wipe_signed_in_mid_upload (void)
{
  g_autofree char *first_phone = xuexin_test_next_phone ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) first = xuexin_test_service_create_account (service, first_phone, "岑嘉禾", id_number, NULL, FALSE);
  g_autoptr(XuexinAccount) pending = xuexin_test_service_create_account (service, phone, "岑嘉禾", id_number, NULL, TRUE);
  g_autoptr(GdkPixbuf) card = xuexin_test_photo_card (2400, 1800, 0.0, 1.0, 3.0, 7);
  g_autoptr(GBytes) jpeg = xuexin_test_photo_encode (card, "jpeg", 95);
  g_autofree char *photo_path = g_build_filename (photo_dir, "handheld.jpg", NULL);
  g_autoptr(GFile) photo = g_file_new_for_path (photo_path);
  g_autofree char *token = NULL;
  const char *secrets[] = { phone, id_number, "岑嘉禾", XUEXIN_TEST_PASSWORD, NULL };
  GtkWidget *window = the_window ();
  guint count = xuexin_kiosk_get_wipe_count (kiosk ());
  GdkClipboard *clipboard;
  GtkWidget *page;
  GtkWidget *bar;
  gboolean under_way = FALSE;

  g_assert_true (g_file_set_contents (photo_path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), NULL));
  xuexin_test_sign_in_window (window, phone, XUEXIN_TEST_PASSWORD);
  token = g_strdup (xuexin_client_get_token (xuexin_window_get_client (XUEXIN_WINDOW (window))));
  g_assert_nonnull (token);

  page = xuexin_test_start_identity_path (window, "help_desk", "XuexinIdentityPhotoPage");
  xuexin_identity_photo_page_load_file (XUEXIN_IDENTITY_PHOTO_PAGE (page), photo);
  xuexin_test_wait_for (photo_ready, page, "the photo check");

  /* What a visitor copies; the wipe clears it as the app set it. */
  clipboard = gtk_widget_get_clipboard (window);
  gdk_clipboard_set_text (clipboard, id_number);
  g_assert_true (gdk_clipboard_is_local (clipboard));

  bar = xuexin_test_require_child (page, "upload_progress");
  g_signal_connect (bar, "notify::fraction", G_CALLBACK (fraction_cb), &under_way);
  xuexin_test_click_next (window);
  xuexin_test_wait_for (is_true, &under_way, "the upload to start");
  gtk_widget_activate_action (window, "win.end-and-clear", NULL);

  window = assert_wiped (count, secrets, token);
  g_assert_null (gdk_clipboard_get_content (gtk_widget_get_clipboard (window)));
  g_assert_true (g_remove (photo_path) == 0);
}

static gboolean
idle_dialog_shown (gpointer user_data)
{
  return xuexin_kiosk_get_idle_dialog (kiosk ()) != NULL;
}

static const char *
dialog_body (void)
{
  return adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (xuexin_kiosk_get_idle_dialog (kiosk ())));
}

static gboolean
body_changed (gpointer user_data)
{
  return xuexin_kiosk_get_idle_dialog (kiosk ()) != NULL && g_strcmp0 (dialog_body (), user_data) != 0;
}

/* Walking away: "Still There?" after the idle time, Continue keeps
 * everything; the next time the countdown ends in the wipe. */
static void
test_idle_countdown (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  const char *secrets[] = { phone, XUEXIN_TEST_PASSWORD, NULL };
  GtkWidget *window = the_window ();
  guint count = xuexin_kiosk_get_wipe_count (kiosk ());
  g_autofree char *first_body = NULL;
  GtkWidget *dialog;

  xuexin_test_set_text (window, "login_name_row", phone);
  xuexin_test_set_text (window, "password_row", XUEXIN_TEST_PASSWORD);

  xuexin_kiosk_set_timeouts (kiosk (), 1, 3);
  xuexin_test_wait_for (idle_dialog_shown, NULL, "“Still There?”");
  dialog = xuexin_kiosk_get_idle_dialog (kiosk ());
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   xuexin_test_locale_is_chinese () ? "还在使用吗？" : "Still There?");
  first_body = g_strdup (dialog_body ());
  /* The countdown counts. */
  xuexin_test_wait_for (body_changed, first_body, "the countdown");
  xuexin_test_render_png (dialog, "kiosk-still-there");

  /* Continue: the dialog goes, what was typed stays. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  g_assert_null (xuexin_kiosk_get_idle_dialog (kiosk ()));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (xuexin_test_require_child (window, "login_name_row"))), ==, phone);
  g_assert_cmpuint (xuexin_kiosk_get_wipe_count (kiosk ()), ==, count);

  /* No answer this time: the countdown ends in the wipe. */
  xuexin_kiosk_set_timeouts (kiosk (), 1, 1);
  xuexin_test_wait_for (idle_dialog_shown, NULL, "“Still There?” again");
  assert_wiped (count, secrets, NULL);
  g_assert_null (xuexin_kiosk_get_idle_dialog (kiosk ()));
  xuexin_kiosk_set_timeouts (kiosk (), 3600, 30);
}

/* End and Clear while the sign-in is on its way to the server: the
 * window that asked is freed, so its answer lands nowhere, and the new
 * window is signed out. */
static void
test_wipe_mid_sign_in (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, "岑若溪", id_number, NULL, FALSE);
  const char *secrets[] = { phone, XUEXIN_TEST_PASSWORD, NULL };
  GtkWidget *window = the_window ();
  guint count = xuexin_kiosk_get_wipe_count (kiosk ());
  g_autofree char *token = NULL;

  xuexin_test_set_text (window, "login_name_row", phone);
  xuexin_test_set_text (window, "password_row", XUEXIN_TEST_PASSWORD);
  xuexin_test_click (xuexin_test_require_child (window, "sign_in_button"));
  gtk_widget_activate_action (window, "win.end-and-clear", NULL);

  window = assert_wiped (count, secrets, NULL);
  g_assert_null (xuexin_client_get_token (xuexin_window_get_client (XUEXIN_WINDOW (window))));
  /* The next visitor signs in as usual. */
  xuexin_test_sign_in_window (window, phone, XUEXIN_TEST_PASSWORD);
  token = g_strdup (xuexin_client_get_token (xuexin_window_get_client (XUEXIN_WINDOW (window))));
  gtk_widget_activate_action (window, "win.end-and-clear", NULL);
  assert_wiped (count + 1, secrets, token);
}

static gboolean
has_first_row (gpointer user_data)
{
  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (user_data), 0) != NULL;
}

static GtkWidget *
find_widget_of_type (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A platform's link opens no browser on a kiosk: a QR code of it, with
 * the address in text, for the visitor's phone; the wipe closes it. */
static void
test_link_as_qr_code (void)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, "岑明远", id_number, NULL, FALSE);
  const char *secrets[] = { phone, "岑明远", NULL };
  GtkWidget *window = the_window ();
  guint count = xuexin_kiosk_get_wipe_count (kiosk ());
  GtkWidget *list = xuexin_test_require_child (window, "platforms_list");
  GtkListBoxRow *row;
  const char *url;
  GtkWidget *dialog;
  GtkWidget *qr_code;

  xuexin_test_sign_in_window (window, phone, XUEXIN_TEST_PASSWORD);
  xuexin_test_wait_for (has_first_row, list, "the platforms");
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  url = g_object_get_data (G_OBJECT (row), "url");
  g_assert_true (g_str_has_prefix (url, "https://"));
  g_signal_emit_by_name (list, "row-activated", row);

  dialog = xuexin_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  xuexin_test_wait_until_mapped (dialog);
  qr_code = find_widget_of_type (dialog, XUEXIN_TYPE_QR_CODE);
  g_assert_nonnull (qr_code);
  g_assert_cmpstr (xuexin_qr_code_get_text (XUEXIN_QR_CODE (qr_code)), ==, url);
  xuexin_test_assert_qr_decodes (qr_code, url);
  g_assert_nonnull (xuexin_test_find_label (dialog, url));
  xuexin_test_render_png (dialog, "kiosk-link-qr");

  gtk_widget_activate_action (window, "win.end-and-clear", NULL);
  assert_wiped (count, secrets, NULL);
  xuexin_test_wait_for_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG);
}

static gboolean
all_photos_in_draft (gpointer user_data)
{
  XuexinIdentityDraft *draft = user_data;

  return xuexin_identity_draft_get_photo_uploaded (draft, XUEXIN_CASE_SIDE_HANDHELD) &&
         xuexin_identity_draft_get_photo_uploaded (draft, XUEXIN_CASE_SIDE_FRONT) &&
         xuexin_identity_draft_get_photo_uploaded (draft, XUEXIN_CASE_SIDE_BACK);
}

/* The hand-off page answers 410 once the link is ended. */
static gboolean
link_gone (gpointer user_data)
{
  return xuexin_test_service_phone_open (service, user_data) == 410;
}

static gboolean
qr_code_shown (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data) && xuexin_qr_code_get_text (user_data) != NULL;
}

/* Path 2 on a kiosk: no file chooser; the phone (here, its requests
 * over HTTP) uploads the three photos through the hand-off link; each
 * shows up on the kiosk, the visitor submits there, and the wipe ends
 * the link. */
static void
test_photos_from_phone (void)
{
  g_autofree char *first_phone = xuexin_test_next_phone ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) first = xuexin_test_service_create_account (service, first_phone, "岑思远", id_number, NULL, FALSE);
  g_autoptr(XuexinAccount) pending = xuexin_test_service_create_account (service, phone, "岑思远", id_number, NULL, TRUE);
  static const char *sides[] = { XUEXIN_CASE_SIDE_HANDHELD, XUEXIN_CASE_SIDE_FRONT, XUEXIN_CASE_SIDE_BACK };
  const char *secrets[] = { phone, id_number, "岑思远", NULL };
  GtkWidget *window = the_window ();
  guint count = xuexin_kiosk_get_wipe_count (kiosk ());
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  XuexinIdentityDraft *draft;
  GtkWidget *page;
  GtkWidget *dialog;
  GtkWidget *qr_code;

  xuexin_test_sign_in_window (window, phone, XUEXIN_TEST_PASSWORD);
  token = g_strdup (xuexin_client_get_token (xuexin_window_get_client (XUEXIN_WINDOW (window))));
  page = xuexin_test_start_identity_path (window, "help_desk", "XuexinIdentityPhotoPage");
  /* The visitor's files are not on this computer. */
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (page, "choose_photo_button")));
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (page, "phone_button")));
  xuexin_test_render_settled (window, "kiosk-identity-photo");

  xuexin_test_click (xuexin_test_require_child (page, "phone_button"));
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_HANDOFF_DIALOG);
  qr_code = xuexin_test_require_child (dialog, "qr_code");
  xuexin_test_wait_for (qr_code_shown, qr_code, "the hand-off code");
  url = g_strdup (xuexin_qr_code_get_text (XUEXIN_QR_CODE (qr_code)));
  g_assert_true (g_str_has_prefix (url, xuexin_test_service_get_base_url (service)) ||
                 strstr (url, "/handoff/") != NULL);
  xuexin_test_assert_qr_decodes (qr_code, url);
  g_assert_nonnull (xuexin_test_find_label (dialog, url));
  xuexin_test_render_png (dialog, "kiosk-handoff-waiting");

  /* The phone's page uploads each photo. */
  draft = XUEXIN_IDENTITY_DRAFT (xuexin_flow_get_draft (XUEXIN_FLOW (gtk_widget_get_ancestor (page, XUEXIN_TYPE_FLOW))));
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GdkPixbuf) card = xuexin_test_photo_card (1200, 800, 0.0, 1.0, 3.0, 11 + i);
      g_autoptr(GBytes) jpeg = xuexin_test_photo_encode (card, "jpeg", 80);
      g_autofree char *photo_url = g_strdup_printf ("%s/photos/%s", url, sides[i]);

      g_assert_cmpuint (g_bytes_get_size (jpeg), <=, 307200);
      g_assert_cmpuint (xuexin_test_service_phone_put (service, photo_url, jpeg), ==, 200);
    }
  xuexin_test_wait_for (all_photos_in_draft, draft, "the three photos on the kiosk");
  g_assert_true (gtk_widget_has_css_class (xuexin_test_require_child (dialog, "done_button"), "suggested-action"));
  xuexin_test_render_png (dialog, "kiosk-handoff-done");
  /* All three arrived: the link is ended. */
  xuexin_test_wait_for (link_gone, url, "the link to end");

  xuexin_test_click (xuexin_test_require_child (dialog, "done_button"));
  xuexin_test_wait_for_toplevel_gone (XUEXIN_TYPE_HANDOFF_DIALOG);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (page, "photo_stack"))), ==, "ready");
  xuexin_test_render_settled (window, "kiosk-identity-photo-received");

  /* Another go with the phone, and the visitor walks away: the wipe
   * ends that link too (the sign-out). */
  g_clear_pointer (&url, g_free);
  xuexin_test_click (xuexin_test_require_child (page, "phone_another_button"));
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_HANDOFF_DIALOG);
  qr_code = xuexin_test_require_child (dialog, "qr_code");
  xuexin_test_wait_for (qr_code_shown, qr_code, "the second hand-off code");
  url = g_strdup (xuexin_qr_code_get_text (XUEXIN_QR_CODE (qr_code)));
  g_assert_cmpuint (xuexin_test_service_phone_open (service, url), ==, 200);
  gtk_widget_activate_action (window, "win.end-and-clear", NULL);
  assert_wiped (count, secrets, token);
  xuexin_test_wait_for (link_gone, url, "the wipe to end the link");
}

static gboolean
stack_at (gpointer user_data)
{
  GtkWidget *dialog = user_data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (dialog, "staff_stack"))),
                    "settings") == 0;
}

static gboolean
label_shown (gpointer user_data)
{
  return gtk_widget_get_visible (user_data) && *gtk_label_get_label (user_data) != '\0';
}

static gboolean
button_sensitive (gpointer user_data)
{
  return gtk_widget_get_sensitive (user_data);
}

/* Types @pin and unlocks; waits for the check. */
static void
try_pin (GtkWidget  *dialog,
         const char *pin)
{
  GtkWidget *button = xuexin_test_require_child (dialog, "unlock_button");

  xuexin_test_set_text (dialog, "pin_row", pin);
  gtk_widget_activate_action (dialog, "staff.unlock", NULL);
  xuexin_test_wait_for (button_sensitive, button, "the PIN check");
}

static gboolean
verify_result (XuexinKiosk *k,
               const char  *pin)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean right;

  xuexin_kiosk_verify_pin_async (k, pin, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "the PIN check");
  right = xuexin_kiosk_verify_pin_finish (k, result, &error);
  g_assert_no_error (error);
  return right;
}

/* The staff unlock: nothing without a PIN set; a wrong PIN is refused
 * and announced; the right one opens the settings, which change the
 * settings (a bad server refused); the PIN can be changed; five wrong
 * PINs wait a minute; Quit signs the visitor out first. */
static void
test_staff_unlock (void)
{
  GSettings *settings = xuexin_application_get_settings (xuexin_test_ui_get_application ());
  g_autofree char *hash = xuexin_kiosk_hash_pin ("246810");
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) account = xuexin_test_service_create_account (service, phone, "岑文博", id_number, NULL, FALSE);
  GtkWidget *window = the_window ();
  g_autofree char *token = NULL;
  g_autofree char *server = NULL;
  GtkWidget *dialog;
  GtkWidget *error_label;

  /* No PIN: no way in. */
  g_assert_false (xuexin_kiosk_has_pin (kiosk ()));
  gtk_widget_activate_action (window, "win.kiosk-staff", NULL);
  xuexin_test_iterate (20);
  g_assert_null (xuexin_test_find_toplevel (XUEXIN_TYPE_KIOSK_STAFF_DIALOG));
  g_assert_false (xuexin_kiosk_pin_is_acceptable ("12345"));
  g_assert_false (xuexin_kiosk_pin_is_acceptable ("12345a"));
  g_assert_true (xuexin_kiosk_pin_is_acceptable ("246810"));

  g_settings_set_string (settings, "kiosk-unlock-pin-hash", hash);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  gtk_widget_activate_action (window, "win.kiosk-staff", NULL);
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_KIOSK_STAFF_DIALOG);
  xuexin_test_wait_until_mapped (dialog);
  xuexin_test_assert_focus_in (xuexin_test_require_child (dialog, "pin_row"));

  try_pin (dialog, "135791");
  error_label = xuexin_test_require_child (dialog, "unlock_error_label");
  xuexin_test_wait_for (label_shown, error_label, "the wrong PIN's error");
  xuexin_test_assert_alert (error_label, xuexin_test_locale_is_chinese () ? "PIN 不正确，请重新输入。"
                                                                          : "That PIN is not right. Type it again.");
  g_assert_false (stack_at (dialog));
  xuexin_test_render_png (dialog, "kiosk-staff-wrong-pin");

  try_pin (dialog, "246810");
  xuexin_test_wait_for (stack_at, dialog, "the staff settings");
  xuexin_test_render_png (dialog, "kiosk-staff-settings");

  /* A server that is not https (nor loopback) is refused. */
  server = g_settings_get_string (settings, "server-url");
  xuexin_test_set_text (dialog, "server_row", "http://accounts.example.edu.cn/");
  g_signal_emit_by_name (xuexin_test_require_child (dialog, "server_row"), "apply");
  g_assert_cmpstr (g_settings_get_string (settings, "server-url"), ==, server);
  g_assert_true (label_shown (xuexin_test_require_child (dialog, "settings_status_label")));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (xuexin_test_require_child (dialog, "idle_spin")), 300);
  g_assert_cmpuint (g_settings_get_uint (settings, "kiosk-idle-timeout"), ==, 300);
  adw_combo_row_set_selected (ADW_COMBO_ROW (xuexin_test_require_child (dialog, "language_row")), 2);
  g_assert_cmpstr (g_settings_get_string (settings, "kiosk-language"), ==, "zh_TW");
  adw_combo_row_set_selected (ADW_COMBO_ROW (xuexin_test_require_child (dialog, "language_row")), 0);
  g_assert_cmpstr (g_settings_get_string (settings, "kiosk-language"), ==, "");

  xuexin_test_set_text (dialog, "new_pin_row", "1234");
  g_signal_emit_by_name (xuexin_test_require_child (dialog, "new_pin_row"), "apply");
  g_assert_cmpstr (g_settings_get_string (settings, "kiosk-unlock-pin-hash"), ==, hash);
  xuexin_test_set_text (dialog, "new_pin_row", "13572468");
  g_signal_emit_by_name (xuexin_test_require_child (dialog, "new_pin_row"), "apply");
  g_assert_cmpstr (g_settings_get_string (settings, "kiosk-unlock-pin-hash"), !=, hash);
  g_assert_true (verify_result (kiosk (), "13572468"));
  g_assert_false (verify_result (kiosk (), "246810"));
  xuexin_test_close_window (dialog);

  /* Five wrong PINs in a row: the unlock waits, even for the right one. */
  gtk_widget_activate_action (window, "win.kiosk-staff", NULL);
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_KIOSK_STAFF_DIALOG);
  xuexin_test_wait_until_mapped (dialog);
  for (guint i = 0; i < XUEXIN_KIOSK_PIN_MAX_FAILURES - 1; i++)
    try_pin (dialog, "000000");
  g_assert_cmpuint (xuexin_kiosk_get_pin_wait (kiosk ()), >, 0);
  try_pin (dialog, "13572468");
  g_assert_false (stack_at (dialog));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (dialog, "unlock_error_label"))),
                            xuexin_test_locale_is_chinese () ? "错误次数过多" : "Too many wrong PINs"));
  xuexin_test_close_window (dialog);

  /* Quit signs the visitor out on the server first. */
  xuexin_test_sign_in_window (window, phone, XUEXIN_TEST_PASSWORD);
  token = g_strdup (xuexin_client_get_token (xuexin_window_get_client (XUEXIN_WINDOW (window))));
  xuexin_kiosk_quit (kiosk ());
  {
    g_autoptr(XuexinClient) client = xuexin_test_service_new_client (service);

    xuexin_client_set_token (client, token);
    xuexin_test_wait_for (token_revoked, client, "the quit's sign-out");
  }
  g_settings_reset (settings, "kiosk-unlock-pin-hash");
  g_settings_reset (settings, "kiosk-idle-timeout");
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  xuexin_test_wait_for_stack (window, "sign-in");
}

static const char *
heading (GtkWidget *window)
{
  return gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (window, "heading_label")));
}

/* Each visitor starts in kiosk-language; empty is the language the app
 * started in. */
static void
test_visitor_language (void)
{
  GSettings *settings = xuexin_application_get_settings (xuexin_test_ui_get_application ());
  GtkWidget *window = the_window ();
  g_autofree char *before = g_strdup (heading (window));
  guint count = xuexin_kiosk_get_wipe_count (kiosk ());
  const char *nothing[] = { NULL };

  g_settings_set_string (settings, "kiosk-language", "zh_TW");
  gtk_widget_activate_action (window, "win.end-and-clear", NULL);
  window = assert_wiped (count, nothing, NULL);
  g_assert_cmpstr (heading (window), ==, "登入學信網帳號");
  xuexin_test_render_png (window, "kiosk-sign-in-zh_TW");

  g_settings_set_string (settings, "kiosk-language", "");
  gtk_widget_activate_action (window, "win.end-and-clear", NULL);
  window = assert_wiped (count + 1, nothing, NULL);
  g_assert_cmpstr (heading (window), ==, before);
}

/* Hidden and shown again (a screen saver, a session switch): a new
 * person may be in front of it. */
static void
test_wipe_when_shown_again (void)
{
  GtkWidget *window = the_window ();
  guint count = xuexin_kiosk_get_wipe_count (kiosk ());
  g_autofree char *phone = xuexin_test_next_phone ();
  const char *secrets[] = { phone, NULL };

  xuexin_test_set_text (window, "login_name_row", phone);
  gtk_widget_set_visible (window, FALSE);
  xuexin_test_iterate (20);
  g_assert_cmpuint (xuexin_kiosk_get_wipe_count (kiosk ()), ==, count);
  gtk_widget_set_visible (window, TRUE);
  assert_wiped (count, secrets, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime_dir = g_dir_make_tmp ("xuexin-kiosk-runtime-XXXXXX", &error);
  int status;

  g_assert_no_error (error);
  g_log_set_handler ("libsecret", G_LOG_LEVEL_MASK, libsecret_log_cb, NULL);
  /* The app's runtime files, if any, where the proof reads them. */
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  service = xuexin_test_ui_init_with_service (&argc, &argv);
  photo_dir = g_dir_make_tmp ("xuexin-kiosk-photos-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/app/kiosk/window", test_kiosk_window);
  g_test_add_func ("/app/kiosk/wipe-registration", test_wipe_registration);
  g_test_add_func ("/app/kiosk/wipe-signed-in-mid-upload", test_wipe_signed_in_mid_upload);
  g_test_add_func ("/app/kiosk/idle-countdown", test_idle_countdown);
  g_test_add_func ("/app/kiosk/wipe-mid-sign-in", test_wipe_mid_sign_in);
  g_test_add_func ("/app/kiosk/link-as-qr-code", test_link_as_qr_code);
  g_test_add_func ("/app/kiosk/photos-from-phone", test_photos_from_phone);
  g_test_add_func ("/app/kiosk/staff-unlock", test_staff_unlock);
  g_test_add_func ("/app/kiosk/visitor-language", test_visitor_language);
  g_test_add_func ("/app/kiosk/wipe-when-shown-again", test_wipe_when_shown_again);

  /* The deployer's setting, before the first window. */
  g_settings_set_boolean (xuexin_application_get_settings (xuexin_test_ui_get_application ()), "kiosk-mode", TRUE);
  status = xuexin_test_ui_run ();

  g_rmdir (photo_dir);
  g_free (photo_dir);
  return status;
}
