/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <string.h>

#include "xuexin-assistant.h"
#include "xuexin-common.h"
#include "xuexin-session-store.h"
#include "xuexin-test-ui.h"
#include "xuexin-window.h"

/* The registration assistant and sign-in, driven through the real widgets
 * against a real service on loopback (its own thread, a temporary SQLite
 * file, SMS codes captured from its memory delivery backend). */

#define EMAIL_REGISTRATIONS_PER_IP 2

static XuexinTestService *service;

/* ----- driving the window ------------------------------------------------ */

static GtkWidget *
open_window (void)
{
  return xuexin_test_open_window (900, 760);
}

static const char *
visible_page_name (GtkWidget *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (xuexin_test_require_child (window, "main_stack")));
}

static GtkWidget *
current_page (GtkWidget *window)
{
  GtkWidget *assistant = xuexin_test_require_child (window, "assistant");

  return GTK_WIDGET (xuexin_assistant_get_current_page (XUEXIN_ASSISTANT (assistant)));
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

  if (g_strcmp0 (visible_page_name (wait->window), "flow") != 0)
    return FALSE;
  page = current_page (wait->window);
  return page != NULL && g_str_equal (G_OBJECT_TYPE_NAME (page), wait->type_name) &&
         !gtk_spinner_get_spinning (GTK_SPINNER (xuexin_test_require_child (wait->window, "spinner")));
}

static GtkWidget *
wait_for_page (GtkWidget  *window,
               const char *type_name)
{
  PageWait wait = { window, type_name };

  xuexin_test_wait_for (page_is_current, &wait, type_name);
  return current_page (window);
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

  return g_strcmp0 (visible_page_name (wait->window), wait->name) == 0;
}

static void
wait_for_stack (GtkWidget  *window,
                const char *name)
{
  StackWait wait = { window, name };

  xuexin_test_wait_for (stack_shows, &wait, name);
}

static void
click_next (GtkWidget *window)
{
  xuexin_test_click (xuexin_test_require_child (window, "next_button"));
}

static const char *
error_text (GtkWidget *window)
{
  GtkWidget *revealer = xuexin_test_require_child (window, "error_revealer");

  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (xuexin_test_require_child (window, "error_label")));
}

static gboolean
page_error_shown (gpointer user_data)
{
  return !gtk_spinner_get_spinning (GTK_SPINNER (xuexin_test_require_child (user_data, "spinner"))) &&
         error_text (user_data) != NULL;
}

static void
fill_phone_page (GtkWidget  *window,
                 const char *phone,
                 gboolean    wrong_code,
                 const char *screenshot)
{
  const char *code;

  GtkWidget *page = wait_for_page (window, "XuexinRegisterPhonePage");

  /* Every step starts on its first field, not on the step indicator. */
  xuexin_test_assert_focus_in (xuexin_test_require_child (page, "phone_row"));
  xuexin_test_service_forget_code (service, phone);
  xuexin_test_set_text (page, "phone_row", phone);
  xuexin_test_click (xuexin_test_require_child (page, "send_code_button"));
  code = xuexin_test_service_wait_for_code (service, phone);
  if (wrong_code)
    code = g_str_equal (code, "000000") ? "111111" : "000000";
  xuexin_test_set_text (page, "code_row", code);
  if (screenshot != NULL)
    {
      /* Not "page just shown": a sent code moves the focus into its field. */
      xuexin_test_expect_focus (xuexin_test_require_child (page, "code_row"));
      xuexin_test_render_png (window, screenshot);
    }
  click_next (window);
}

typedef struct
{
  const char *phone;
  const char *name;
  const char *id_number;
  const char *email;
  gboolean    wrong_code;  /* types a code that is not the one sent */
} Person;

static void
fill_up_to_review (GtkWidget    *window,
                   const Person *person,
                   gboolean      screenshots)
{
  GtkWidget *page;

  gtk_widget_activate_action (window, "win.register", NULL);
  fill_phone_page (window, person->phone, person->wrong_code, screenshots ? "register-1-phone" : NULL);

  page = wait_for_page (window, "XuexinRegisterPasswordPage");
  xuexin_test_assert_focus_in (xuexin_test_require_child (page, "password_row"));
  xuexin_test_set_text (page, "password_row", "Xuexin#2026pass");
  xuexin_test_set_text (page, "confirmation_row", "Xuexin#2026pass");
  if (screenshots)
    xuexin_test_render_png (window, "register-2-password");
  click_next (window);

  page = wait_for_page (window, "XuexinRegisterIdentityPage");
  xuexin_test_assert_focus_in (xuexin_test_require_child (page, "name_row"));
  xuexin_test_set_text (page, "name_row", person->name);
  xuexin_test_set_text (page, "id_number_row", person->id_number);
  if (screenshots)
    xuexin_test_render_png (window, "register-3-identity");
  click_next (window);

  page = wait_for_page (window, "XuexinRegisterEmailPage");
  xuexin_test_assert_focus_in (xuexin_test_require_child (page, "email_row"));
  xuexin_test_set_text (page, "email_row", person->email != NULL ? person->email : "");
  if (screenshots)
    xuexin_test_render_png (window, "register-4-email");
  click_next (window);

  /* Nothing to type on the review: it starts on its first row. */
  page = wait_for_page (window, "XuexinRegisterReviewPage");
  xuexin_test_assert_focus_in (xuexin_test_require_child (page, "phone_row"));
  if (screenshots)
    xuexin_test_render_png (window, "register-5-review");
}

static void
register_now_and_expect_account (GtkWidget *window)
{
  click_next (window);
  wait_for_stack (window, "account");
}

static gboolean
platforms_listed (gpointer user_data)
{
  GtkWidget *list = xuexin_test_require_child (user_data, "platforms_list");

  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0) != NULL;
}

static gboolean
keyring_message_shown (gpointer user_data)
{
  return xuexin_test_find_label (user_data, xuexin_session_store_get_unavailable_message ()) != NULL;
}

/* ----- tests ------------------------------------------------------------- */

static void
test_register_success (void)
{
  GtkWidget *window = open_window ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  Person person = { phone, "王小明", id_number, NULL };
  GtkWidget *greeting;

  xuexin_test_render_png (window, "sign-in");
  fill_up_to_review (window, &person, TRUE);
  register_now_and_expect_account (window);

  /* The account page starts on its first row, which says whose it is. */
  greeting = xuexin_test_require_child (window, "greeting_label");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (greeting)), "王小明"));
  xuexin_test_assert_focus_in (xuexin_test_require_child (window, "account_name_row"));
  g_assert_false (gtk_widget_get_visible (xuexin_test_require_child (window, "pending_box")));
  xuexin_test_wait_for (platforms_listed, window, "the platforms list");
  xuexin_test_render_png (window, "account");

  /* Signing out returns to the sign-in page; signing in brings the account back. */
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  wait_for_stack (window, "sign-in");
  xuexin_test_assert_focus_in (xuexin_test_require_child (window, "login_name_row"));
  xuexin_test_set_text (window, "login_name_row", phone);
  xuexin_test_set_text (window, "password_row", "Xuexin#2026pass");
  /* Wherever the focus was on the account page before, it starts anew. */
  gtk_widget_grab_focus (xuexin_test_require_child (window, "platforms_list"));
  xuexin_test_click (xuexin_test_require_child (window, "sign_in_button"));
  wait_for_stack (window, "account");
  xuexin_test_assert_focus_in (xuexin_test_require_child (window, "account_name_row"));

  /* No keyring runs in the test session, as on many kiosks: "Keep me
   * signed in" must say it could not, not fail silently. */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (xuexin_test_require_child (window, "remember_check"))));
  xuexin_test_wait_for (keyring_message_shown, window, "the no-keyring message");

  gtk_widget_activate_action (window, "win.sign-out", NULL);
  wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

/* A wrong SMS code is refused when the account is created, on the last
 * page: the flow goes back to the phone step with the focus on the code
 * row (not the phone row), marked and tied to the error, an alert. */
static void
test_register_wrong_code (void)
{
  GtkWidget *window = open_window ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  Person person = { phone, "赵敏", id_number, NULL, TRUE };
  GtkWidget *page;
  GtkWidget *code_row;
  GtkWidget *error_label;

  fill_up_to_review (window, &person, FALSE);
  click_next (window);
  page = wait_for_page (window, "XuexinRegisterPhonePage");
  xuexin_test_wait_for (page_error_shown, window, "the refusal of the code");

  code_row = xuexin_test_require_child (page, "code_row");
  error_label = xuexin_test_require_child (window, "error_label");
  xuexin_test_assert_alert (error_label, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_SMS_CODE_INVALID));
  g_assert_true (xuexin_page_get_error_widget (XUEXIN_PAGE (page)) == code_row);
  xuexin_test_assert_focus_in (code_row);
  xuexin_test_assert_field_error (code_row, error_label);
  xuexin_test_assert_field_ok (xuexin_test_require_child (page, "phone_row"));
  xuexin_test_render_png (window, "register-wrong-code");

  gtk_widget_activate_action (window, "assistant.cancel", NULL);
  xuexin_test_close_window (window);
}

static void
test_register_phone_taken (void)
{
  GtkWidget *window = open_window ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autofree char *other_id = xuexin_test_next_id_number ();
  Person person = { phone, "李华", id_number, NULL };
  GtkWidget *page;
  GtkWidget *error_button;

  fill_up_to_review (window, &person, FALSE);
  register_now_and_expect_account (window);
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  wait_for_stack (window, "sign-in");

  /* The same phone again: refused when the code is requested, with the
   * FAQ's remedy one click away. */
  gtk_widget_activate_action (window, "win.register", NULL);
  page = wait_for_page (window, "XuexinRegisterPhonePage");
  xuexin_test_set_text (page, "phone_row", phone);
  xuexin_test_click (xuexin_test_require_child (page, "send_code_button"));
  xuexin_test_wait_for (page_error_shown, window, "the refusal");
  g_assert_nonnull (error_text (window));
  g_assert_cmpstr (error_text (window), ==, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_PHONE_TAKEN));
  error_button = xuexin_test_require_child (window, "error_button");
  g_assert_true (gtk_widget_get_visible (error_button));
  g_assert_true (gtk_widget_has_css_class (xuexin_test_require_child (page, "phone_row"), "error"));
  /* Nothing typed is lost. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (xuexin_test_require_child (page, "phone_row"))), ==, phone);
  xuexin_test_render_png (window, "register-phone-taken");
  (void) other_id;

  gtk_widget_activate_action (window, "assistant.cancel", NULL);
  xuexin_test_close_window (window);
}

static void
test_register_id_number_taken (void)
{
  GtkWidget *window = open_window ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *second_phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  Person person = { phone, "张伟", id_number, NULL };
  Person again = { second_phone, "张伟", id_number, NULL };
  GtkWidget *page;

  fill_up_to_review (window, &person, FALSE);
  register_now_and_expect_account (window);
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  wait_for_stack (window, "sign-in");

  /* Same ID number, another phone: the identity page explains and offers
   * 我要重新注册. */
  fill_up_to_review (window, &again, FALSE);
  click_next (window);
  page = wait_for_page (window, "XuexinRegisterIdentityPage");
  g_assert_cmpstr (error_text (window), ==, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_ID_NUMBER_TAKEN));
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (page, "reregister_group")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (xuexin_test_require_child (page, "id_number_row"))), ==, id_number);
  xuexin_test_render_png (window, "register-id-number-taken");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (xuexin_test_require_child (page, "reregister_check")), TRUE);
  click_next (window);
  wait_for_page (window, "XuexinRegisterEmailPage");
  click_next (window);
  page = wait_for_page (window, "XuexinRegisterReviewPage");
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (page, "reregister_label")));
  xuexin_test_render_png (window, "register-reregister-review");

  /* The new account exists but must verify its identity first. */
  register_now_and_expect_account (window);
  g_assert_true (gtk_widget_get_visible (xuexin_test_require_child (window, "pending_box")));
  xuexin_test_render_png (window, "account-pending");

  gtk_widget_activate_action (window, "win.sign-out", NULL);
  wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

static void
test_register_email_used (void)
{
  GtkWidget *window = open_window ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *second_phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autofree char *second_id = xuexin_test_next_id_number ();
  g_autofree char *email = xuexin_test_next_email ();
  Person person = { phone, "陈静", id_number, email };
  Person other = { second_phone, "刘洋", second_id, email };
  GtkWidget *page;

  fill_up_to_review (window, &person, FALSE);
  register_now_and_expect_account (window);
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  wait_for_stack (window, "sign-in");

  fill_up_to_review (window, &other, FALSE);
  click_next (window);
  page = wait_for_page (window, "XuexinRegisterEmailPage");
  g_assert_cmpstr (error_text (window), ==, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_EMAIL_USED));
  g_assert_true (gtk_widget_has_css_class (xuexin_test_require_child (page, "email_row"), "error"));
  xuexin_test_render_png (window, "register-email-used");

  /* "Continue Without Email" clears the address and moves on. */
  xuexin_test_click (xuexin_test_require_child (window, "error_button"));
  wait_for_page (window, "XuexinRegisterReviewPage");
  register_now_and_expect_account (window);

  gtk_widget_activate_action (window, "win.sign-out", NULL);
  wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

/* Registered and signed in, or stopped on a page with an error. */
static gboolean
registered_or_refused (gpointer user_data)
{
  GtkWidget *window = user_data;

  if (g_strcmp0 (visible_page_name (window), "account") == 0)
    return TRUE;

  return g_strcmp0 (visible_page_name (window), "flow") == 0 &&
         !gtk_spinner_get_spinning (GTK_SPINNER (xuexin_test_require_child (window, "spinner"))) &&
         error_text (window) != NULL;
}

static void
test_register_email_ip_restricted (void)
{
  GtkWidget *window = open_window ();
  gboolean restricted = FALSE;

  /* Registrations with an email from this client IP until the service's
   * daily limit refuses one. */
  for (guint attempt = 0; attempt <= EMAIL_REGISTRATIONS_PER_IP && !restricted; attempt++)
    {
      g_autofree char *phone = xuexin_test_next_phone ();
      g_autofree char *id_number = xuexin_test_next_id_number ();
      g_autofree char *email = xuexin_test_next_email ();
      Person person = { phone, "赵敏", id_number, email };

      fill_up_to_review (window, &person, FALSE);
      click_next (window);
      xuexin_test_wait_for (registered_or_refused, window, "the registration answer");
      if (g_strcmp0 (visible_page_name (window), "flow") == 0)
        {
          restricted = TRUE;
          g_assert_cmpstr (G_OBJECT_TYPE_NAME (current_page (window)), ==, "XuexinRegisterEmailPage");
          g_assert_cmpstr (error_text (window), ==, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_EMAIL_IP_RESTRICTED));
          xuexin_test_render_png (window, "register-email-ip-restricted");

          /* The FAQ's remedy: register without email, bind one later. */
          xuexin_test_click (xuexin_test_require_child (window, "error_button"));
          wait_for_page (window, "XuexinRegisterReviewPage");
          register_now_and_expect_account (window);
        }
      else
        {
          wait_for_stack (window, "account");
          g_assert_cmpuint (attempt, <, EMAIL_REGISTRATIONS_PER_IP);
        }

      gtk_widget_activate_action (window, "win.sign-out", NULL);
      wait_for_stack (window, "sign-in");
    }

  g_assert_true (restricted);
  xuexin_test_close_window (window);
}

static void
test_register_network_failure (void)
{
  GtkWidget *window = open_window ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  Person person = { phone, "孙丽", id_number, NULL };
  GtkWidget *error_button;
  GtkWidget *assistant;

  fill_up_to_review (window, &person, FALSE);

  /* The server goes away just as the user presses 立即注册. */
  xuexin_test_service_stop (service);
  click_next (window);
  xuexin_test_wait_for (page_error_shown, window, "the network error");

  g_assert_cmpstr (G_OBJECT_TYPE_NAME (current_page (window)), ==, "XuexinRegisterReviewPage");
  g_assert_nonnull (error_text (window));
  error_button = xuexin_test_require_child (window, "error_button");
  g_assert_true (gtk_widget_get_visible (error_button));
  xuexin_test_render_png (window, "register-network-failure");

  /* Nothing typed is lost: every page still holds its input. */
  assistant = xuexin_test_require_child (window, "assistant");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (xuexin_test_require_child (assistant, "phone_row"))), ==, phone);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (xuexin_test_require_child (assistant, "id_number_row"))), ==, id_number);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (xuexin_test_require_child (assistant, "password_row"))), ==, "Xuexin#2026pass");

  /* The server is back: Try Again succeeds. */
  xuexin_test_service_start (service);
  xuexin_test_click (error_button);
  wait_for_stack (window, "account");

  gtk_widget_activate_action (window, "win.sign-out", NULL);
  wait_for_stack (window, "sign-in");
  xuexin_test_close_window (window);
}

static gboolean
sign_in_error_shown (gpointer user_data)
{
  return gtk_widget_get_visible (xuexin_test_require_child (user_data, "sign_in_error_box"));
}

typedef struct
{
  GtkLabel *label;
  char     *before;
} LabelWait;

static gboolean
label_changed (gpointer user_data)
{
  LabelWait *wait = user_data;

  return g_strcmp0 (gtk_label_get_label (wait->label), wait->before) != 0;
}

static void
test_sign_in_refusals (void)
{
  GtkWidget *window = open_window ();
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  Person person = { phone, "周杰", id_number, NULL };
  GtkWidget *label;
  gboolean locked = FALSE;

  fill_up_to_review (window, &person, FALSE);
  register_now_and_expect_account (window);
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  wait_for_stack (window, "sign-in");

  label = xuexin_test_require_child (window, "sign_in_error_label");
  for (guint attempt = 0; attempt < 10 && !locked; attempt++)
    {
      xuexin_test_set_text (window, "login_name_row", phone);
      xuexin_test_set_text (window, "password_row", "wrong-password-1");
      xuexin_test_click (xuexin_test_require_child (window, "sign_in_button"));
      xuexin_test_wait_for (sign_in_error_shown, window, "the sign-in error");

      if (gtk_widget_get_visible (xuexin_test_require_child (window, "error_help_button")))
        locked = TRUE;
      else
        {
          xuexin_test_assert_alert (label, xuexin_error_code_get_message (XUEXIN_ERROR_CODE_INVALID_CREDENTIALS));
          /* The service never says which is wrong; the password is
           * what to type again: it has the focus and the error. */
          xuexin_test_assert_focus_in (xuexin_test_require_child (window, "password_row"));
          xuexin_test_assert_field_error (xuexin_test_require_child (window, "password_row"), label);
          xuexin_test_assert_field_ok (xuexin_test_require_child (window, "login_name_row"));
          /* The login name stays; the wrong password is selected to be replaced. */
          g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (xuexin_test_require_child (window, "login_name_row"))), ==, phone);
          if (attempt == 0)
            {
              xuexin_test_expect_alert_of (window, "sign_in_error_label");
              xuexin_test_render_png (window, "sign-in-invalid-credentials");
            }
        }
    }

  /* 操作过于频繁: the wait counts down, the remedies are one click away,
   * and the button stays off until the wait is over. */
  g_assert_true (locked);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)),
                                   xuexin_error_code_get_message (XUEXIN_ERROR_CODE_RATE_LIMITED)));
  g_assert_false (gtk_widget_get_sensitive (xuexin_test_require_child (window, "sign_in_button")));
  {
    LabelWait wait = { GTK_LABEL (label), g_strdup (gtk_label_get_label (GTK_LABEL (label))) };

    xuexin_test_wait_for (label_changed, &wait, "the wait to count down");
    g_assert_cmpstr (wait.before, !=, gtk_label_get_label (GTK_LABEL (label)));
    g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)),
                                     xuexin_error_code_get_message (XUEXIN_ERROR_CODE_RATE_LIMITED)));
    g_free (wait.before);
  }
  /* The countdown goes on; the sentence before it is what must be said. */
  xuexin_test_expect_alert (xuexin_error_code_get_message (XUEXIN_ERROR_CODE_RATE_LIMITED));
  xuexin_test_render_png (window, "sign-in-rate-limited");

  xuexin_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  service = xuexin_test_ui_init_with_service (&argc, &argv);
  xuexin_test_service_get_config (service)->email_registrations_per_ip = EMAIL_REGISTRATIONS_PER_IP;

  g_test_add_func ("/app/register/success", test_register_success);
  g_test_add_func ("/app/register/wrong-code", test_register_wrong_code);
  g_test_add_func ("/app/register/phone-taken", test_register_phone_taken);
  g_test_add_func ("/app/register/id-number-taken", test_register_id_number_taken);
  g_test_add_func ("/app/register/email-used", test_register_email_used);
  g_test_add_func ("/app/register/email-ip-restricted", test_register_email_ip_restricted);
  g_test_add_func ("/app/register/network-failure", test_register_network_failure);
  g_test_add_func ("/app/sign-in/refusals", test_sign_in_refusals);

  return xuexin_test_ui_run ();
}
