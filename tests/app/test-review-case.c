/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <string.h>

#include "review/xuexin-case-view.h"
#include "review/xuexin-photo-viewer.h"
#include "review/xuexin-reject-dialog.h"
#include "xuexin-api.h"
#include "xuexin-client-identity.h"
#include "xuexin-client-review.h"
#include "xuexin-test-flow.h"
#include "xuexin-test-photos.h"
#include "xuexin-test-ui.h"

/* The review console's case view in a plain window, signed in as a
 * help-desk reviewer, against the embedded service: opening claims, the
 * three photos come (memory only), approving through the dialog
 * activates the account and cancels the older one, rejecting with a
 * reason reaches the owner, "Other" needs a note, a case someone else
 * holds opens read-only naming them, closing releases the claim and
 * frees the photos, and the claim renews only while the reviewer works.
 * Applicants upload and submit through the client library. */

#define REVIEWER_PASSWORD "Review#2026pass"

static XuexinTestService *service;

typedef struct
{
  XuexinClient  *client;        /* the pending account's */
  XuexinClient  *first_client;  /* the older, active account's */
  gint64         case_id;
} Applicant;

static void
applicant_free (Applicant *applicant)
{
  g_clear_object (&applicant->client);
  g_clear_object (&applicant->first_client);
  g_free (applicant);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Applicant, applicant_free)

/* Someone who registered again (我要重新注册) and submitted the three
 * photos (drawn for @seed: rejected bytes are refused if sent again). */
static Applicant *
applicant_new (const char *name,
               guint       seed)
{
  static const char * const sides[] = { XUEXIN_CASE_SIDE_HANDHELD, XUEXIN_CASE_SIDE_FRONT, XUEXIN_CASE_SIDE_BACK };
  Applicant *applicant = g_new0 (Applicant, 1);
  g_autofree char *first_phone = xuexin_test_next_phone ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinAccount) first = xuexin_test_service_create_account (service, first_phone, name, id_number, NULL, FALSE);
  g_autoptr(XuexinAccount) pending = xuexin_test_service_create_account (service, phone, name, id_number, NULL, TRUE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(XuexinReviewCase) submitted = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (xuexin_account_is_pending (pending));
  applicant->client = xuexin_test_service_sign_in (service, phone, XUEXIN_TEST_PASSWORD, NULL);
  applicant->first_client = xuexin_test_service_sign_in (service, first_phone, XUEXIN_TEST_PASSWORD, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GdkPixbuf) card = xuexin_test_photo_card (800, 600, 0.0, 1.0, 3.0, seed * 3 + i);
      g_autoptr(GBytes) jpeg = xuexin_test_photo_encode (card, "jpeg", 85);
      g_autoptr(XuexinReviewCase) draft = NULL;

      xuexin_client_upload_case_photo_async (applicant->client, sides[i], jpeg, NULL, NULL, NULL, NULL,
                                             xuexin_test_store_result_cb, &result);
      xuexin_test_wait_for_result (&result, "a photo upload");
      draft = xuexin_client_upload_case_photo_finish (applicant->client, result, &error);
      g_assert_no_error (error);
      g_clear_object (&result);
    }

  xuexin_client_submit_review_case_async (applicant->client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "the submission");
  submitted = xuexin_client_submit_review_case_finish (applicant->client, result, &error);
  g_assert_no_error (error);
  applicant->case_id = xuexin_review_case_get_id (submitted);

  return applicant;
}

/* A reviewer made as `xuexin-accountd add-staff` makes one, signed in. */
static XuexinClient *
reviewer_new (const char *name)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(GError) error = NULL;

  g_assert_true (xuexin_service_add_staff (xuexin_test_service_get_config (service), "reviewer", phone, name,
                                           id_number, REVIEWER_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  return xuexin_test_service_sign_in (service, phone, REVIEWER_PASSWORD, NULL);
}

static gint64
claim_as (XuexinClient *reviewer,
          gint64        case_id,
          GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(XuexinCaseClaim) claim = NULL;

  xuexin_client_claim_review_case_async (reviewer, case_id, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "a claim");
  claim = xuexin_client_claim_review_case_finish (reviewer, result, error);
  return claim != NULL ? xuexin_case_claim_get_expires_in (claim) : 0;
}

/* ----- the window ----------------------------------------------------- */

typedef struct
{
  GtkWidget      *window;
  /* Where the console keeps the keyboard while no case is open. */
  GtkWidget      *queue_button;
  XuexinCaseView *view;
  XuexinClient   *reviewer;
  guint           decided;
  gint64          decided_case;
  char           *decided_state;
  guint           released;
} Console;

static void
decided_cb (XuexinCaseView *view,
            gint64          case_id,
            const char     *state,
            Console        *console)
{
  console->decided++;
  console->decided_case = case_id;
  g_free (console->decided_state);
  console->decided_state = g_strdup (state);
}

static void
released_cb (XuexinCaseView *view,
             gint64          case_id,
             Console        *console)
{
  console->released++;
}

static Console *
console_new (int width,
             int height)
{
  Console *console = g_new0 (Console, 1);
  GtkWidget *box;

  console->reviewer = reviewer_new ("演示审核员");
  console->window = g_object_new (ADW_TYPE_WINDOW,
                                  "title", "Review console",
                                  "default-width", width,
                                  "default-height", height,
                                  NULL);
  console->view = XUEXIN_CASE_VIEW (xuexin_case_view_new ());
  xuexin_case_view_set_client (console->view, console->reviewer);
  gtk_widget_set_vexpand (GTK_WIDGET (console->view), TRUE);
  console->queue_button = gtk_button_new_with_label ("Queue");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), console->queue_button);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (console->view));
  adw_window_set_content (ADW_WINDOW (console->window), box);
  g_signal_connect (console->view, "decided", G_CALLBACK (decided_cb), console);
  g_signal_connect (console->view, "released", G_CALLBACK (released_cb), console);
  gtk_window_present (GTK_WINDOW (console->window));
  xuexin_test_wait_until_mapped (console->window);
  return console;
}

static void
console_free (Console *console)
{
  g_signal_handlers_disconnect_by_data (console->view, console);
  xuexin_test_close_window (console->window);
  g_clear_object (&console->reviewer);
  g_free (console->decided_state);
  g_free (console);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Console, console_free)

static gboolean
view_claimed (gpointer view)
{
  return xuexin_case_view_is_claimed (view);
}

static gboolean
view_not_claimed (gpointer view)
{
  return !xuexin_case_view_is_claimed (view);
}

static XuexinPhotoViewer *
viewer (Console    *console,
        const char *side)
{
  g_autofree char *id = g_strdup_printf ("%s_viewer", side);

  return XUEXIN_PHOTO_VIEWER (xuexin_test_require_child (GTK_WIDGET (console->view), id));
}

static gboolean
photos_shown (gpointer user_data)
{
  Console *console = user_data;

  return xuexin_photo_viewer_get_texture (viewer (console, "handheld")) != NULL
         && xuexin_photo_viewer_get_texture (viewer (console, "front")) != NULL
         && xuexin_photo_viewer_get_texture (viewer (console, "back")) != NULL;
}

static gboolean
case_loaded (gpointer view)
{
  XuexinStaffCase *staff_case = xuexin_case_view_get_case (view);

  return staff_case != NULL
         && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (view, "stack"))), "case") == 0;
}

/* The layout follows the width an allocation later. */
static gboolean
is_horizontal (gpointer box)
{
  return gtk_orientable_get_orientation (box) == GTK_ORIENTATION_HORIZONTAL;
}

static gboolean
is_vertical (gpointer box)
{
  return gtk_orientable_get_orientation (box) == GTK_ORIENTATION_VERTICAL;
}

static gboolean
is_shown (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* Opened and claimed, the three photos in their viewers, the first
 * viewer with the keyboard focus. */
static void
open_claimed (Console *console,
              gint64   case_id)
{
  xuexin_case_view_open (console->view, case_id);
  g_assert_cmpint (xuexin_case_view_get_case_id (console->view), ==, case_id);
  xuexin_test_wait_for (view_claimed, console->view, "the claim");
  xuexin_test_wait_for (photos_shown, console, "the three photos");
  g_assert_cmpint (xuexin_staff_case_get_id (xuexin_case_view_get_case (console->view)), ==, case_id);
  xuexin_test_assert_focus_in (GTK_WIDGET (viewer (console, "handheld")));
  xuexin_test_expect_focus (GTK_WIDGET (viewer (console, "handheld")));
  g_assert_true (gtk_widget_is_sensitive (xuexin_test_require_child (GTK_WIDGET (console->view), "approve_button")));
  g_assert_true (gtk_widget_is_sensitive (xuexin_test_require_child (GTK_WIDGET (console->view), "reject_button")));
}

static const char *
row_subtitle (Console    *console,
              const char *id)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (xuexin_test_require_child (GTK_WIDGET (console->view), id)));
}

typedef struct
{
  GtkWidget  *window;
  GdkTexture *textures[3];  /* weak */
} Photos;

static gboolean
textures_gone (gpointer user_data)
{
  Photos *photos = user_data;

  for (guint i = 0; i < G_N_ELEMENTS (photos->textures); i++)
    if (photos->textures[i] != NULL)
      {
        /* The last frame holds them until the next one is drawn. */
        gtk_widget_queue_draw (photos->window);
        return FALSE;
      }
  return TRUE;
}

static gboolean
was_decided (gpointer console)
{
  return ((Console *) console)->decided > 0;
}

static gboolean
was_released (gpointer console)
{
  return ((Console *) console)->released > 0;
}

/* ----- tests ------------------------------------------------------------ */

/* Opened, claimed, photos side by side; approved through the dialog: the
 * applicant's account is active, the older one cancelled. */
static void
test_approve (void)
{
  g_autoptr(Applicant) applicant = applicant_new ("张晓明", 1);
  g_autoptr(Console) console = console_new (1200, 1000);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *photos = xuexin_test_require_child (GTK_WIDGET (console->view), "photos_box");
  GtkWidget *dialog;
  const char *body;

  open_claimed (console, applicant->case_id);
  /* Side by side when wide. */
  xuexin_test_wait_for (is_horizontal, photos, "the photos side by side");
  g_assert_cmpuint (xuexin_test_service_count_requests (service, "GET", "/review/cases/*/photos/*"), >=, 3);
  g_assert_cmpstr (row_subtitle (console, "case_name_row"), ==, "张晓明");
  g_assert_nonnull (strstr (row_subtitle (console, "case_id_number_row"), "*"));
  /* The registry has no record of the test's ID numbers. */
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (GTK_WIDGET (console->view), "registry_warning_image")));
  g_assert_cmpuint (xuexin_staff_case_get_other_accounts (xuexin_case_view_get_case (console->view)), ==, 1);
  xuexin_test_render_png (console->window, "review-case-claimed-wide");

  gtk_widget_activate_action (GTK_WIDGET (console->view), "case.approve", NULL);
  dialog = xuexin_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "张晓明"));
  if (!xuexin_test_locale_is_chinese ())
    g_assert_nonnull (strstr (body, "1 other account"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  xuexin_test_render_png (dialog, "review-case-approve-dialog");
  /* Closing (Escape) decides nothing. */
  gtk_window_close (GTK_WINDOW (dialog));
  xuexin_test_wait_for_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (xuexin_case_view_is_claimed (console->view));

  gtk_widget_activate_action (GTK_WIDGET (console->view), "case.approve", NULL);
  dialog = xuexin_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  /* As its button does it (libadwaita 1.2's response() leaves it open). */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "approve");
  gtk_window_destroy (GTK_WINDOW (dialog));
  xuexin_test_wait_for (was_decided, console, "the approval");
  g_assert_cmpuint (console->decided, ==, 1);
  g_assert_cmpint (console->decided_case, ==, applicant->case_id);
  g_assert_cmpstr (console->decided_state, ==, "approved");
  g_assert_false (xuexin_case_view_is_claimed (console->view));
  g_assert_cmpint (xuexin_case_view_get_case_id (console->view), ==, 0);

  /* Through the API: the applicant is active, the older account gone. */
  xuexin_client_get_me_async (applicant->client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "the applicant's account");
  account = xuexin_client_get_me_finish (applicant->client, result, &error);
  g_assert_no_error (error);
  g_assert_true (xuexin_account_is_active (account));
  g_clear_object (&result);
  g_clear_object (&account);
  xuexin_client_get_me_async (applicant->first_client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "the older account");
  account = xuexin_client_get_me_finish (applicant->first_client, result, &error);
  g_assert_null (account);
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED)
                 || xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED));
}

/* Rejected with a reason and a note, through the dialog, at 360 px:
 * "Other" without a note is refused inline and nothing typed is lost;
 * the owner reads the reason. */
static void
test_reject (void)
{
  g_autoptr(Applicant) applicant = applicant_new ("李静", 2);
  g_autoptr(Console) console = console_new (360, 900);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(XuexinReviewCase) review_case = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *photos = xuexin_test_require_child (GTK_WIDGET (console->view), "photos_box");
  GtkWidget *dialog;
  GtkWidget *note_row;
  GtkWidget *error_label;
  guint decisions = xuexin_test_service_count_requests (service, "POST", "/review/cases/*/decision");
  const char *required = g_dgettext (GETTEXT_PACKAGE, "Write a note saying what is wrong with the photos: it is required when the reason is Other.");

  open_claimed (console, applicant->case_id);
  /* Stacked when narrow. */
  xuexin_test_wait_for (is_vertical, photos, "the photos stacked");
  xuexin_test_render_png (console->window, "review-case-claimed-narrow");

  gtk_widget_activate_action (GTK_WIDGET (console->view), "case.reject", NULL);
  dialog = xuexin_test_wait_for_toplevel (XUEXIN_TYPE_REJECT_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (console->window));
  note_row = xuexin_test_require_child (dialog, "note_row");
  error_label = xuexin_test_require_child (dialog, "error_label");
  /* Nothing to send before a reason is chosen. */
  g_assert_false (gtk_widget_is_sensitive (xuexin_test_require_child (dialog, "reject_button")));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (xuexin_test_require_child (dialog, "other_check")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (note_row), "   ");
  xuexin_test_click (xuexin_test_require_child (dialog, "reject_button"));
  xuexin_test_assert_alert (error_label, required);
  xuexin_test_assert_field_error (note_row, error_label);
  g_assert_true (gtk_widget_get_mapped (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note_row)), ==, "   ");
  g_assert_cmpstr (xuexin_reject_dialog_get_reason (XUEXIN_REJECT_DIALOG (dialog)), ==, XUEXIN_REJECT_REASON_OTHER);
  /* Refused in the dialog: nothing was sent. */
  g_assert_cmpuint (xuexin_test_service_count_requests (service, "POST", "/review/cases/*/decision"), ==, decisions);
  xuexin_test_expect_alert (required);
  xuexin_test_render_png (dialog, "review-case-reject-note-required");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (xuexin_test_require_child (dialog, "blurry_check")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (note_row), "请在光线充足处重新拍摄");
  xuexin_test_assert_field_ok (note_row);
  xuexin_test_click (xuexin_test_require_child (dialog, "reject_button"));
  xuexin_test_wait_for (was_decided, console, "the rejection");
  xuexin_test_wait_for_toplevel_gone (XUEXIN_TYPE_REJECT_DIALOG);
  g_assert_cmpstr (console->decided_state, ==, "rejected");

  /* The owner's GET /me/identity/case. */
  xuexin_client_get_review_case_async (applicant->client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "the owner's case");
  review_case = xuexin_client_get_review_case_finish (applicant->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xuexin_review_case_get_state (review_case), ==, XUEXIN_REVIEW_CASE_STATE_REJECTED);
  g_assert_cmpstr (xuexin_review_case_get_rejection_reason (review_case), ==, XUEXIN_REJECT_REASON_BLURRY);
  g_assert_cmpstr (xuexin_review_case_get_rejection_note (review_case), ==, "请在光线充足处重新拍摄");
}

/* A case another reviewer holds: read-only, saying who, no photos and
 * no decisions. Their claim released, the case can be taken. */
static void
test_read_only (void)
{
  g_autoptr(Applicant) applicant = applicant_new ("王芳", 3);
  g_autoptr(Console) console = console_new (1200, 900);
  g_autoptr(XuexinClient) other = reviewer_new ("王审核");
  g_autoptr(GError) error = NULL;
  GtkWidget *view;
  guint photos_before = xuexin_test_service_count_requests (service, "GET", "/review/cases/*/photos/*");
  const char *holder;

  view = GTK_WIDGET (console->view);
  g_assert_cmpint (claim_as (other, applicant->case_id, &error), >, 0);
  g_assert_no_error (error);

  xuexin_case_view_open (console->view, applicant->case_id);
  xuexin_test_wait_for (case_loaded, view, "the case");
  xuexin_test_wait_for (is_shown, xuexin_test_require_child (view, "holder_label"), "the holder");
  holder = gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (view, "holder_label")));
  g_assert_nonnull (strstr (holder, "王审核"));
  g_assert_nonnull (strstr (holder, ":"));
  g_assert_false (xuexin_case_view_is_claimed (console->view));
  g_assert_false (gtk_widget_get_mapped (xuexin_test_require_child (view, "photos_box")));
  g_assert_false (gtk_widget_get_mapped (xuexin_test_require_child (view, "decision_box")));
  g_assert_false (gtk_widget_is_sensitive (xuexin_test_require_child (view, "approve_button")));
  /* Photos need the claim: none was asked for. */
  g_assert_cmpuint (xuexin_test_service_count_requests (service, "GET", "/review/cases/*/photos/*"), ==, photos_before);
  xuexin_test_assert_focus_in (xuexin_test_require_child (view, "case_name_row"));
  xuexin_test_expect_focus (xuexin_test_require_child (view, "case_name_row"));
  xuexin_test_render_png (console->window, "review-case-read-only");

  /* Escape does nothing without a claim. */
  gtk_widget_activate_action (view, "case.release", NULL);
  g_assert_cmpuint (console->released, ==, 0);
  g_assert_cmpint (xuexin_case_view_get_case_id (console->view), ==, applicant->case_id);
  xuexin_case_view_close (console->view);
}

/* close() releases the claim (a second reviewer can take the case) and
 * every texture goes; Escape (case.release) says "released". */
static void
test_close_releases (void)
{
  g_autoptr(Applicant) applicant = applicant_new ("赵磊", 4);
  g_autoptr(Applicant) second = applicant_new ("钱敏", 5);
  g_autoptr(Console) console = console_new (1000, 900);
  g_autoptr(XuexinClient) other = reviewer_new ("王审核");
  g_autoptr(GError) error = NULL;
  Photos photos = { console->window, { NULL, } };
  const char *sides[] = { "handheld", "front", "back" };
  guint releases = xuexin_test_service_count_requests (service, "DELETE", "/review/cases/*/claim");

  open_claimed (console, applicant->case_id);
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    g_set_weak_pointer (&photos.textures[i], xuexin_photo_viewer_get_texture (viewer (console, sides[i])));
  /* The other reviewer cannot have it meanwhile. */
  g_assert_cmpint (claim_as (other, applicant->case_id, &error), ==, 0);
  g_assert_true (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_CASE_CLAIMED));
  g_clear_error (&error);

  xuexin_case_view_close (console->view);
  g_assert_false (xuexin_case_view_is_claimed (console->view));
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    g_assert_null (xuexin_photo_viewer_get_texture (viewer (console, sides[i])));
  /* Freed once the last frame that drew them is gone. */
  xuexin_test_wait_for (textures_gone, &photos, "the textures to be finalized");
  /* Nothing in the empty view takes the keyboard: the console keeps it. */
  gtk_widget_grab_focus (console->queue_button);
  xuexin_test_expect_focus (console->queue_button);
  xuexin_test_render_png (console->window, "review-case-empty");

  g_assert_cmpuint (xuexin_test_service_count_requests (service, "DELETE", "/review/cases/*/claim"), ==, releases + 1);
  g_assert_cmpint (claim_as (other, applicant->case_id, &error), >, 0);
  g_assert_no_error (error);

  /* Escape lets the case go and tells the console. */
  open_claimed (console, second->case_id);
  gtk_widget_activate_action (GTK_WIDGET (console->view), "case.release", NULL);
  xuexin_test_wait_for (was_released, console, "the release");
  g_assert_cmpuint (console->released, ==, 1);
  g_assert_cmpint (claim_as (other, second->case_id, &error), >, 0);
  g_assert_no_error (error);
}

/* Input in the view, as a reviewer working on it gives it. */
static void
work_in (XuexinCaseView *view)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_plus, 0, 0, &handled);
    }
}

static guint
count_claims (void)
{
  return xuexin_test_service_count_requests (service, "POST", "/review/cases/*/claim");
}

static guint claims_before;

static gboolean
renewed (gpointer user_data)
{
  return count_claims () > claims_before;
}

static void
restart_with_claim_ttl (guint seconds)
{
  xuexin_test_service_stop (service);
  xuexin_test_service_get_config (service)->review_claim_ttl = seconds;
  xuexin_test_service_start (service);
}

/* With a 12 s claim: untouched, it lapses and the view says so,
 * read-only; touched, it is renewed once less than a third is left. */
static void
test_claim_renewal (void)
{
  g_autoptr(Applicant) applicant = applicant_new ("孙悦", 6);
  g_autoptr(Console) console = console_new (1000, 900);
  GtkWidget *view = GTK_WIDGET (console->view);
  gint64 started;

  restart_with_claim_ttl (12);

  open_claimed (console, applicant->case_id);
  if (!xuexin_test_locale_is_chinese ())
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (view, "claim_label"))),
                              "1 more minute"));
  /* The pointer may rest over the window: it is not work. */
  claims_before = count_claims ();
  started = g_get_monotonic_time ();
  xuexin_test_wait_for (view_not_claimed, view, "the claim to lapse");
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_claims (), ==, claims_before);
  g_assert_cmpuint (console->released, ==, 1);
  g_assert_true (gtk_widget_get_mapped (xuexin_test_require_child (view, "case_error_label")));
  g_assert_false (gtk_widget_get_mapped (xuexin_test_require_child (view, "photos_box")));
  /* The photo with the focus went: the facts have it now. */
  xuexin_test_assert_focus_in (xuexin_test_require_child (view, "case_name_row"));
  xuexin_test_expect_focus (xuexin_test_require_child (view, "case_name_row"));
  xuexin_test_expect_alert (g_dgettext (GETTEXT_PACKAGE, "Your claim on this case ended because it was not renewed in time. Open the case again to claim it, or take the next one."));
  xuexin_test_render_png (console->window, "review-case-claim-lapsed");

  /* Opened again and worked on: renewed before it ends. */
  open_claimed (console, applicant->case_id);
  claims_before = count_claims ();
  work_in (console->view);
  xuexin_test_wait_for (renewed, NULL, "the renewal");
  g_assert_true (xuexin_case_view_is_claimed (console->view));
  xuexin_case_view_close (console->view);

  restart_with_claim_ttl (15 * 60);
}

int
main (int   argc,
      char *argv[])
{
  service = xuexin_test_ui_init_with_service (&argc, &argv);

  g_test_add_func ("/app/review-case/approve", test_approve);
  g_test_add_func ("/app/review-case/reject", test_reject);
  g_test_add_func ("/app/review-case/read-only", test_read_only);
  g_test_add_func ("/app/review-case/close-releases", test_close_releases);
  g_test_add_func ("/app/review-case/claim-renewal", test_claim_renewal);

  return xuexin_test_ui_run ();
}
