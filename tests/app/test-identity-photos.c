/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "identity/xuexin-identity-draft.h"
#include "identity/xuexin-identity-photo-page.h"
#include "xuexin-api.h"
#include "xuexin-client-identity.h"
#include "xuexin-flow.h"
#include "xuexin-test-flow.h"
#include "xuexin-test-photos.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

/* Identity path 2 (客服协助验证) in the assistant, against a real service
 * on loopback: each photo step refuses what is not a photo or too
 * small, warns on a blurred one, fits a 5 MB photo under 300 KB without
 * metadata, uploads with progress, survives a cancelled upload and a
 * server that went away without losing the prepared photo, and submits.
 * Photos are drawn by xuexin-test-photos.c and written to files, as a
 * person's camera would leave them. */

#define PASSWORD XUEXIN_TEST_PASSWORD
#define NETWORK_ERROR \
  _("Could not reach the account server. Check your network connection and try again.")

static XuexinTestService *service;
static char *photo_dir;

static GFile *
write_photo (const char *name,
             GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (photo_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* A sharp, bright photo of @width × @height, as a phone takes it. */
static GFile *
good_photo (const char *name,
            int         width,
            int         height,
            int         quality)
{
  g_autoptr(GdkPixbuf) pixbuf = xuexin_test_photo_card (width, height, 0.0, 1.0, 3.0, g_str_hash (name));
  g_autoptr(GBytes) jpeg = xuexin_test_photo_encode (pixbuf, "jpeg", quality);
  g_autoptr(GBytes) with_exif = xuexin_test_photo_add_exif (jpeg, 1);

  return write_photo (name, with_exif);
}

static GtkWidget *
open_photo_steps (int width,
                  int height)
{
  g_autofree char *first_phone = xuexin_test_next_phone ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) first = xuexin_test_service_create_account (service, first_phone, "何佳宁", id_number, NULL, FALSE);
  g_autoptr(XuexinAccount) pending = xuexin_test_service_create_account (service, phone, "何佳宁", id_number, NULL, TRUE);
  GtkWidget *window = xuexin_test_open_window (width, height);

  xuexin_test_sign_in_window (window, phone, PASSWORD);
  xuexin_test_start_identity_path (window, "help_desk", "XuexinIdentityPhotoPage");

  return window;
}

static XuexinIdentityDraft *
flow_draft (GtkWidget *window)
{
  GtkWidget *flow = gtk_widget_get_ancestor (xuexin_test_require_child (window, "assistant"), XUEXIN_TYPE_FLOW);

  return XUEXIN_IDENTITY_DRAFT (xuexin_flow_get_draft (XUEXIN_FLOW (flow)));
}

static const char *
photo_state (GtkWidget *window)
{
  GtkWidget *page = xuexin_test_current_page (window);

  return gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (page, "photo_stack")));
}

static gboolean
photo_settled (gpointer user_data)
{
  return g_strcmp0 (photo_state (user_data), "working") != 0;
}

/* Loads @file on the current photo step, as choosing or dropping it does. */
static void
load_photo (GtkWidget *window,
            GFile     *file)
{
  GtkWidget *page = xuexin_test_current_page (window);

  xuexin_identity_photo_page_load_file (XUEXIN_IDENTITY_PHOTO_PAGE (page), file);
  /* Fitted on a worker thread: the page says so meanwhile. */
  g_assert_cmpstr (photo_state (window), ==, "working");
  xuexin_test_wait_for (photo_settled, window, "the photo check");
}

static const char *
label_of (GtkWidget  *window,
          const char *id)
{
  return gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (xuexin_test_current_page (window), id)));
}

static gboolean
page_shows (GtkWidget  *window,
            const char *id)
{
  return gtk_widget_get_visible (xuexin_test_require_child (xuexin_test_current_page (window), id));
}

static XuexinReviewCase *
get_case (XuexinClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  XuexinReviewCase *review_case;

  xuexin_client_get_review_case_async (client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "GET /me/identity/case");
  review_case = xuexin_client_get_review_case_finish (client, result, &error);
  g_assert_no_error (error);
  return review_case;
}

/* What is not a photo, and what is too small, is refused in words; a
 * blurred photo is only warned about; a 5 MB photo is fitted. */
static void
test_photos_checks (void)
{
  GtkWidget *window = open_photo_steps (900, 1000);
  g_autoptr(GFile) text = NULL;
  g_autoptr(GFile) small = good_photo ("small.jpg", 500, 300, 90);
  g_autoptr(GFile) big = good_photo ("big.jpg", 4000, 3000, 97);
  g_autoptr(GdkPixbuf) blurred = xuexin_test_photo_card (1600, 1200, 6.0, 1.0, 3.0, 7);
  g_autoptr(GBytes) blurred_jpeg = xuexin_test_photo_encode (blurred, "jpeg", 90);
  g_autoptr(GFile) blurred_file = write_photo ("blurred.jpg", blurred_jpeg);
  g_autoptr(GBytes) notes = g_bytes_new_static ("shopping list\n", 14);
  g_autoptr(GFileInfo) info = NULL;
  XuexinFittedPhoto *fitted;
  GBytes *sent;
  g_autoptr(GdkPixbuf) decoded = NULL;

  g_assert_false (gtk_widget_is_sensitive (xuexin_test_require_child (window, "next_button")));
  xuexin_test_expect_focus (xuexin_test_require_child (xuexin_test_current_page (window), "choose_photo_button"));
  /* On a desktop the phone is offered next to the file chooser. */
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (xuexin_test_current_page (window), "phone_button")));
  /* Our drawing of a good photo is there (an SVG from the resources). */
  g_assert_nonnull (gtk_picture_get_paintable (GTK_PICTURE (xuexin_test_require_child (xuexin_test_current_page (window),
                                                                                      "example_picture"))));
  xuexin_test_render_settled (window, "identity-photo-empty");

  text = write_photo ("notes.jpg", notes);
  load_photo (window, text);
  g_assert_nonnull (xuexin_test_page_error_text (window));
  g_assert_cmpstr (photo_state (window), ==, "empty");
  g_assert_false (gtk_widget_is_sensitive (xuexin_test_require_child (window, "next_button")));
  xuexin_test_render_settled (window, "identity-photo-not-an-image");

  load_photo (window, small);
  g_assert_nonnull (strstr (xuexin_test_page_error_text (window), "500"));
  g_assert_cmpstr (photo_state (window), ==, "empty");

  /* Blurred: a warning, not a refusal. */
  load_photo (window, blurred_file);
  g_assert_null (xuexin_test_page_error_text (window));
  g_assert_cmpstr (photo_state (window), ==, "ready");
  g_assert_true (page_shows (window, "photo_warning_label"));
  g_assert_true (gtk_widget_is_sensitive (xuexin_test_require_child (window, "next_button")));
  xuexin_test_render_settled (window, "identity-photo-blurred");

  /* 12 MP at quality 97: about 5 MB, fitted under 300 KB, no EXIF. */
  info = g_file_query_info (big, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_assert_cmpint (g_file_info_get_size (info), >, 3 * 1000 * 1000);
  load_photo (window, big);
  g_assert_cmpstr (photo_state (window), ==, "ready");
  g_assert_false (page_shows (window, "photo_warning_label"));
  g_assert_nonnull (strstr (label_of (window, "size_label"), "kB"));
  fitted = xuexin_identity_draft_get_photo (flow_draft (window), XUEXIN_CASE_SIDE_HANDHELD);
  sent = xuexin_fitted_photo_get_bytes (fitted);
  g_assert_cmpuint (g_bytes_get_size (sent), <=, 307200);
  g_assert_false (xuexin_test_photo_has_app1 (sent));
  decoded = xuexin_test_photo_decode (sent);
  g_assert_nonnull (decoded);
  g_assert_cmpint (MAX (gdk_pixbuf_get_width (decoded), gdk_pixbuf_get_height (decoded)), <=, 1600);
  xuexin_test_render_settled (window, "identity-photo-fitted");

  xuexin_test_click (xuexin_test_require_child (window, "cancel_button"));
  xuexin_test_wait_for_stack (window, "account");
  xuexin_test_sign_out_and_close (window);
}

typedef struct
{
  GtkWidget *window;
  GtkWidget *page;
} PageLeft;

/* The upload is done and the assistant moved on from @page. */
static gboolean
page_left (gpointer user_data)
{
  PageLeft *wait = user_data;

  return !xuexin_test_spinning (wait->window) && xuexin_test_current_page (wait->window) != wait->page;
}

static void
wait_for_upload (GtkWidget  *window,
                 GtkWidget  *page,
                 const char *what)
{
  PageLeft wait = { window, page };

  xuexin_test_wait_for (page_left, &wait, what);
  g_assert_true (xuexin_identity_draft_get_photo_uploaded (flow_draft (window),
                                                           xuexin_identity_photo_page_get_side (XUEXIN_IDENTITY_PHOTO_PAGE (page))));
}

/* Cancels the upload once part of it has gone out. */
static void
fraction_cb (GtkProgressBar *bar,
             GParamSpec     *pspec,
             GtkWidget      *window)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  if (fraction > 0.0 && fraction < 1.0)
    {
      g_signal_handlers_disconnect_by_func (bar, fraction_cb, window);
      gtk_widget_activate_action (xuexin_test_require_child (window, "cancel_button"), "assistant.cancel", NULL);
    }
}

/* Three photos uploaded with progress and submitted; on the way, an
 * upload cancelled halfway and one that met a stopped server keep their
 * photo and succeed on Try Again. The help desk (the test, through the
 * reviewer API) rejects, new photos go in, and it approves. */
static void
test_photos_upload (void)
{
  GtkWidget *window = open_photo_steps (900, 1000);
  static const char *sides[] = { XUEXIN_CASE_SIDE_HANDHELD, XUEXIN_CASE_SIDE_FRONT, XUEXIN_CASE_SIDE_BACK };
  g_autoptr(XuexinClient) client = NULL;
  g_autoptr(XuexinReviewCase) review_case = NULL;
  g_autofree char *reviewer = NULL;
  gint64 case_id;
  GtkWidget *page;
  GtkWidget *bar;

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.jpg", sides[i]);
      g_autoptr(GFile) file = good_photo (name, 2400, 1800, 95);
      GtkWidget *step = xuexin_test_current_page (window);

      load_photo (window, file);
      g_assert_cmpstr (photo_state (window), ==, "ready");
      g_assert_cmpstr (xuexin_identity_photo_page_get_side (XUEXIN_IDENTITY_PHOTO_PAGE (xuexin_test_current_page (window))), ==, sides[i]);

      if (i == 0)
        {
          /* Cancelled halfway: nothing lost, and the service has no photo of that side. */
          bar = xuexin_test_require_child (xuexin_test_current_page (window), "upload_progress");
          g_signal_connect (bar, "notify::fraction", G_CALLBACK (fraction_cb), window);
          xuexin_test_click_next (window);
          xuexin_test_wait_for ((XuexinTestCondition) gtk_widget_is_sensitive,
                                xuexin_test_require_child (window, "next_button"), "the cancelled upload");
          g_assert_true (XUEXIN_IS_IDENTITY_PHOTO_PAGE (xuexin_test_current_page (window)));
          g_assert_cmpstr (photo_state (window), ==, "ready");
          g_assert_false (xuexin_identity_draft_get_photo_uploaded (flow_draft (window), sides[i]));
          xuexin_test_render_settled (window, "identity-photo-cancelled");
        }

      if (i == 1)
        {
          /* The server goes away: the error offers Try Again, the photo stays. */
          xuexin_test_service_stop (service);
          xuexin_test_click_next (window);
          xuexin_test_wait_for_page_error (window);
          g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "error_button")));
          g_assert_cmpstr (photo_state (window), ==, "ready");
          xuexin_test_render_settled (window, "identity-photo-network-error");
          xuexin_test_service_start (service);
          xuexin_test_click (xuexin_test_require_child (window, "error_button"));
          wait_for_upload (window, step, "the upload after Try Again");
          continue;
        }

      xuexin_test_click_next (window);
      wait_for_upload (window, step, "the upload");
    }

  xuexin_test_wait_for_page (window, "XuexinIdentitySubmitPage");
  xuexin_test_render_settled (window, "identity-photos-submit");

  /* The service has the three photos, each ≤ 300 KB. */
  client = xuexin_test_service_new_client (service);
  xuexin_client_set_token (client, xuexin_client_get_token (xuexin_window_get_client (XUEXIN_WINDOW (window))));
  review_case = get_case (client);
  g_assert_nonnull (review_case);
  g_assert_cmpstr (xuexin_review_case_get_state (review_case), ==, "draft");
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      XuexinCasePhoto *photo = xuexin_review_case_get_photo (review_case, sides[i]);

      g_assert_nonnull (photo);
      g_assert_cmpuint (xuexin_case_photo_get_size (photo), <=, 307200);
    }

  /* Submitted: on to the review's progress, first in the queue. */
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, "XuexinIdentityProgressPage");
  g_clear_object (&review_case);
  review_case = get_case (client);
  g_assert_cmpstr (xuexin_review_case_get_state (review_case), ==, "submitted");
  /* Once submitted the photos leave the app's memory. */
  g_assert_null (xuexin_identity_draft_get_photo (flow_draft (window), XUEXIN_CASE_SIDE_FRONT));

  /* The help desk rejects: the page says why and offers new photos,
   * which go through the photo steps afresh; then it approves. */
  reviewer = xuexin_test_service_add_reviewer (service);
  case_id = xuexin_review_case_get_id (review_case);
  g_assert_cmpuint (xuexin_test_service_review_post (service, reviewer, case_id, "claim", "{}"), ==, 200);
  g_assert_cmpuint (xuexin_test_service_review_post (service, reviewer, case_id, "decision",
                                                     "{\"decision\": \"reject\", \"reason\": \"blurry\"}"), ==, 200);
  page = xuexin_test_current_page (window);
  xuexin_test_wait_for ((XuexinTestCondition) gtk_widget_get_visible,
                        xuexin_test_require_child (page, "new_photos_button"), "the rejection");
  xuexin_test_render_settled (window, "identity-photos-rejected");
  xuexin_test_click (xuexin_test_require_child (page, "new_photos_button"));
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-again.jpg", sides[i]);
      g_autoptr(GFile) file = good_photo (name, 2000, 1500, 95);

      page = xuexin_test_wait_for_page (window, "XuexinIdentityPhotoPage");
      g_assert_cmpstr (xuexin_identity_photo_page_get_side (XUEXIN_IDENTITY_PHOTO_PAGE (page)), ==, sides[i]);
      /* Afresh: not the photos of the rejected submission. */
      g_assert_cmpstr (photo_state (window), ==, "empty");
      load_photo (window, file);
      xuexin_test_click_next (window);
      wait_for_upload (window, page, "the new upload");
    }
  xuexin_test_wait_for_page (window, "XuexinIdentitySubmitPage");
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page (window, "XuexinIdentityProgressPage");
  g_assert_cmpuint (xuexin_test_service_review_post (service, reviewer, case_id, "claim", "{}"), ==, 200);
  g_assert_cmpuint (xuexin_test_service_review_post (service, reviewer, case_id, "decision",
                                                     "{\"decision\": \"approve\"}"), ==, 200);
  page = xuexin_test_wait_for_page (window, "XuexinIdentitySuccessPage");
  g_assert_true (xuexin_test_shows_text (page, xuexin_test_locale_is_chinese () ? "1" : "1 other account"));
  xuexin_test_click_next (window);
  xuexin_test_wait_for_stack (window, "account");
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "pending_box")));
  xuexin_test_sign_out_and_close (window);
}

/* The server goes away mid-submit and mid-poll (issue 14): the page
 * says so and offers Try Again, the prepared photos stay, and Try Again
 * submits; on the review's progress page a failed poll says so, keeps
 * the case, and once the server is back the decision arrives. */
static void
test_photos_server_gone (void)
{
  GtkWidget *window = open_photo_steps (900, 1000);
  static const char *sides[] = { XUEXIN_CASE_SIDE_HANDHELD, XUEXIN_CASE_SIDE_FRONT, XUEXIN_CASE_SIDE_BACK };
  g_autoptr(XuexinClient) client = NULL;
  g_autoptr(XuexinReviewCase) review_case = NULL;
  g_autofree char *reviewer = NULL;
  const char *message;
  GtkWidget *page;

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *name = g_strdup_printf ("gone-%s.jpg", sides[i]);
      g_autoptr(GFile) file = good_photo (name, 1600, 1200, 90);
      GtkWidget *step = xuexin_test_current_page (window);

      load_photo (window, file);
      xuexin_test_click_next (window);
      wait_for_upload (window, step, "the upload");
    }
  page = xuexin_test_wait_for_page (window, "XuexinIdentitySubmitPage");
  client = xuexin_test_service_new_client (service);
  xuexin_client_set_token (client, xuexin_client_get_token (xuexin_window_get_client (XUEXIN_WINDOW (window))));

  /* Mid-submit. */
  xuexin_test_service_stop (service);
  xuexin_test_click_next (window);
  xuexin_test_wait_for_page_error (window);
  /* Said in words (the very sentence: a page that re-set its own error
   * showed freed memory here). */
  message = xuexin_test_page_error_text (window);
  g_assert_cmpstr (message, ==, NETWORK_ERROR);
  g_assert_true (xuexin_test_current_page (window) == page);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "error_button")));
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_assert_nonnull (xuexin_identity_draft_get_photo (flow_draft (window), sides[i]));
      g_assert_true (xuexin_identity_draft_get_photo_uploaded (flow_draft (window), sides[i]));
    }
  xuexin_test_service_start (service);
  review_case = get_case (client);
  g_assert_cmpstr (xuexin_review_case_get_state (review_case), ==, "draft");
  g_clear_object (&review_case);
  xuexin_test_click (xuexin_test_require_child (window, "error_button"));
  page = xuexin_test_wait_for_page (window, "XuexinIdentityProgressPage");
  review_case = get_case (client);
  g_assert_cmpstr (xuexin_review_case_get_state (review_case), ==, "submitted");

  /* Mid-poll: the next poll (2 s in the test service) meets no server. */
  xuexin_test_service_stop (service);
  xuexin_test_wait_for_page_error (window);
  g_assert_true (xuexin_test_current_page (window) == page);
  message = xuexin_test_page_error_text (window);
  g_assert_cmpstr (message, ==, NETWORK_ERROR);
  xuexin_test_render_settled (window, "identity-progress-network-error");

  /* Back, and decided meanwhile: Try Again (or the next poll) shows it. */
  xuexin_test_service_start (service);
  reviewer = xuexin_test_service_add_reviewer (service);
  g_assert_cmpuint (xuexin_test_service_review_post (service, reviewer,
                                                     xuexin_review_case_get_id (review_case),
                                                     "claim", "{}"), ==, 200);
  g_assert_cmpuint (xuexin_test_service_review_post (service, reviewer,
                                                     xuexin_review_case_get_id (review_case),
                                                     "decision", "{\"decision\": \"approve\"}"), ==, 200);
  if (gtk_widget_get_visible (xuexin_test_require_child (window, "error_button")))
    xuexin_test_click (xuexin_test_require_child (window, "error_button"));
  xuexin_test_wait_for_page (window, "XuexinIdentitySuccessPage");
  xuexin_test_click_next (window);
  xuexin_test_wait_for_stack (window, "account");
  xuexin_test_sign_out_and_close (window);
}

/* At 360 px the photo step still fits: example above requirements. */
static void
test_photos_narrow (void)
{
  GtkWidget *window = open_photo_steps (360, 900);
  g_autoptr(GFile) file = good_photo ("narrow.jpg", 1600, 1200, 90);

  xuexin_test_render_settled (window, "identity-photo-narrow");
  load_photo (window, file);
  g_assert_cmpint (gtk_widget_get_width (xuexin_test_current_page (window)), <=, 360);
  xuexin_test_render_settled (window, "identity-photo-narrow-ready");

  xuexin_test_click (xuexin_test_require_child (window, "cancel_button"));
  xuexin_test_wait_for_stack (window, "account");
  xuexin_test_sign_out_and_close (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  service = xuexin_test_ui_init_with_service (&argc, &argv);
  g_settings_set_boolean (xuexin_application_get_settings (xuexin_test_ui_get_application ()),
                          "remember-me", FALSE);
  photo_dir = g_dir_make_tmp ("xuexin-photos-XXXXXX", NULL);

  g_test_add_func ("/app/identity-photos/checks", test_photos_checks);
  g_test_add_func ("/app/identity-photos/upload", test_photos_upload);
  g_test_add_func ("/app/identity-photos/server-gone", test_photos_server_gone);
  g_test_add_func ("/app/identity-photos/narrow", test_photos_narrow);

  status = xuexin_test_ui_run ();
  g_free (photo_dir);
  return status;
}
