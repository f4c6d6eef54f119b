/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <string.h>

#include "xuexin-assistant.h"
#include "xuexin-client-error.h"
#include "xuexin-flow.h"
#include "xuexin-page.h"
#include "xuexin-test-ui.h"

/* XuexinPage, XuexinAssistant and XuexinFlow on their own, with a page
 * defined here: no service, no strings of the app. */

/* ----- a test page ----------------------------------------------------- */

#define TEST_TYPE_PAGE (test_page_get_type ())

G_DECLARE_FINAL_TYPE (TestPage, test_page, TEST, PAGE, XuexinPage)

struct _TestPage
{
  XuexinPage  parent_instance;

  GtkWidget  *first_entry;
  GtkWidget  *second_entry;

  gboolean    hold_apply;      /* wait for test_page_finish_apply() */
  GError     *fail_with;       /* apply fails with this */
  char       *own_error;       /* set by the page itself before failing */
  GTask      *pending;
  guint       n_applied;
  guint       n_shown;
};

G_DEFINE_FINAL_TYPE (TestPage, test_page, XUEXIN_TYPE_PAGE)

/* A label first, so that "the first field" is the first entry rather
 * than the first child. */
static const char test_page_template[] =
  "<interface>"
  "  <template class='TestPage' parent='XuexinPage'>"
  "    <property name='child'>"
  "      <object class='GtkBox'>"
  "        <property name='orientation'>vertical</property>"
  "        <child><object class='GtkLabel'><property name='label'>A step</property></object></child>"
  "        <child><object class='GtkEntry' id='first_entry'/></child>"
  "        <child><object class='GtkEntry' id='second_entry'/></child>"
  "      </object>"
  "    </property>"
  "  </template>"
  "</interface>";

static void
test_page_return (TestPage *self,
                  GTask    *task)
{
  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->own_error != NULL)
    xuexin_page_set_error (XUEXIN_PAGE (self), self->own_error, "_Fix It", "test.fix");

  if (self->fail_with != NULL)
    g_task_return_error (task, g_error_copy (self->fail_with));
  else
    g_task_return_boolean (task, TRUE);
}

/* No apply_finish: the base's default is what is tested. */
static void
test_page_apply_async (XuexinPage          *page,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  TestPage *self = TEST_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->n_applied++;
  if (self->hold_apply)
    {
      g_assert_null (self->pending);
      self->pending = g_steal_pointer (&task);
      return;
    }

  test_page_return (self, task);
}

static void
test_page_finish_apply (TestPage *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->pending);

  g_assert_nonnull (task);
  test_page_return (self, task);
}

static void
test_page_shown (XuexinPage *page)
{
  TEST_PAGE (page)->n_shown++;
}

static void
test_page_fail_with (TestPage   *self,
                     const char *message)
{
  g_clear_error (&self->fail_with);
  if (message != NULL)
    self->fail_with = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, message);
}

static void
test_page_dispose (GObject *object)
{
  TestPage *self = TEST_PAGE (object);

  g_assert_null (self->pending);
  gtk_widget_dispose_template (GTK_WIDGET (self), TEST_TYPE_PAGE);
  g_clear_error (&self->fail_with);
  g_clear_pointer (&self->own_error, g_free);

  G_OBJECT_CLASS (test_page_parent_class)->dispose (object);
}

static void
test_page_class_init (TestPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);
  g_autoptr(GBytes) template = g_bytes_new_static (test_page_template, strlen (test_page_template));

  object_class->dispose = test_page_dispose;
  page_class->shown = test_page_shown;
  page_class->apply_async = test_page_apply_async;

  gtk_widget_class_set_template (widget_class, template);
  gtk_widget_class_bind_template_child (widget_class, TestPage, first_entry);
  gtk_widget_class_bind_template_child (widget_class, TestPage, second_entry);
}

static void
test_page_init (TestPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static TestPage *
test_page_new (const char *title)
{
  return g_object_new (TEST_TYPE_PAGE, "title", title, NULL);
}

/* ----- a test flow ----------------------------------------------------- */

#define TEST_TYPE_FLOW (test_flow_get_type ())

G_DECLARE_FINAL_TYPE (TestFlow, test_flow, TEST, FLOW, XuexinFlow)

/* Routes every refusal to its first page, as the register flow routes
 * one to the page of the field it is about. */
struct _TestFlow
{
  XuexinFlow  parent_instance;

  XuexinPage *first_page;
  XuexinPage *refused_page;
  GError     *refused_error;
};

G_DEFINE_FINAL_TYPE (TestFlow, test_flow, XUEXIN_TYPE_FLOW)

static void
test_flow_refused (XuexinFlow   *flow,
                   XuexinPage   *page,
                   const GError *error)
{
  TestFlow *self = TEST_FLOW (flow);
  g_autoptr(GError) moved = g_error_new_literal (error->domain, error->code, "Fix this here.");

  g_assert_null (self->refused_error);
  self->refused_page = page;
  self->refused_error = g_error_copy (error);
  xuexin_flow_show_error_on_page (flow, self->first_page, moved, NULL, NULL);
}

static void
test_flow_finalize (GObject *object)
{
  TestFlow *self = TEST_FLOW (object);

  g_clear_error (&self->refused_error);

  G_OBJECT_CLASS (test_flow_parent_class)->finalize (object);
}

static void
test_flow_class_init (TestFlowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_flow_finalize;
  XUEXIN_FLOW_CLASS (klass)->refused = test_flow_refused;
}

static void
test_flow_init (TestFlow *self)
{
}

/* ----- helpers --------------------------------------------------------- */

static void
count_cb (guint *counter)
{
  (*counter)++;
}

typedef struct
{
  gboolean  done;
  gboolean  success;
  GError   *error;
} ApplyResult;

static void
page_applied_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ApplyResult *apply = user_data;

  apply->success = xuexin_page_apply_finish (XUEXIN_PAGE (object), result, &apply->error);
  apply->done = TRUE;
}

static gboolean
apply_done (gpointer user_data)
{
  return ((ApplyResult *) user_data)->done;
}

typedef struct
{
  XuexinAssistant *assistant;
  XuexinPage      *page;
} ShowsPage;

static gboolean
shows_page (gpointer user_data)
{
  ShowsPage *shows = user_data;

  return xuexin_assistant_get_current_page (shows->assistant) == shows->page;
}

static void
wait_for_page (XuexinAssistant *assistant,
               TestPage        *page)
{
  ShowsPage shows = { assistant, XUEXIN_PAGE (page) };

  xuexin_test_wait_for (shows_page, &shows, "the page to be shown");
}

static gboolean
is_set (gpointer user_data)
{
  return *(guint *) user_data > 0;
}

static gboolean
is_set_twice (gpointer user_data)
{
  return *(guint *) user_data > 1;
}

static gboolean
focus_is_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));


  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
next_is_enabled (XuexinAssistant *assistant)
{
  return gtk_widget_is_sensitive (xuexin_test_require_child (GTK_WIDGET (assistant), "next_button"));
}

/* ----- XuexinPage ------------------------------------------------------ */

static void
test_page_is_abstract_group (void)
{
  TestPage *page = g_object_ref_sink (test_page_new ("One"));

  g_assert_true (G_TYPE_IS_ABSTRACT (XUEXIN_TYPE_PAGE));
  /* Inherited from the base: every page is presented as one group. */
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (page)), ==, GTK_ACCESSIBLE_ROLE_GROUP);

  g_assert_finalize_object (page);
}

static void
test_page_notifications (void)
{
  TestPage *page = g_object_ref_sink (test_page_new ("One"));
  ApplyResult apply = { 0, };
  guint n_complete = 0;
  guint n_applying = 0;
  guint n_error = 0;

  g_signal_connect_swapped (page, "notify::complete", G_CALLBACK (count_cb), &n_complete);
  g_signal_connect_swapped (page, "notify::applying", G_CALLBACK (count_cb), &n_applying);
  g_signal_connect_swapped (page, "notify::error", G_CALLBACK (count_cb), &n_error);

  /* complete notifies on changes only. */
  xuexin_page_set_complete (XUEXIN_PAGE (page), TRUE);
  xuexin_page_set_complete (XUEXIN_PAGE (page), TRUE);
  g_assert_cmpuint (n_complete, ==, 1);
  g_object_set (page, "complete", FALSE, NULL);
  g_assert_cmpuint (n_complete, ==, 2);
  g_assert_false (xuexin_page_get_complete (XUEXIN_PAGE (page)));

  /* applying is TRUE exactly while the page's apply runs. */
  page->hold_apply = TRUE;
  xuexin_page_apply_async (XUEXIN_PAGE (page), NULL, page_applied_cb, &apply);
  g_assert_true (xuexin_page_get_applying (XUEXIN_PAGE (page)));
  g_assert_cmpuint (n_applying, ==, 1);
  g_assert_cmpuint (n_error, ==, 0); /* nothing to clear */
  test_page_finish_apply (page);
  xuexin_test_wait_for (apply_done, &apply, "the apply to finish");
  g_assert_true (apply.success);
  g_assert_no_error (apply.error);
  g_assert_false (xuexin_page_get_applying (XUEXIN_PAGE (page)));
  g_assert_cmpuint (n_applying, ==, 2);

  /* A failure is shown on the page and returned through the default
   * apply_finish. */
  page->hold_apply = FALSE;
  test_page_fail_with (page, "It went wrong.");
  memset (&apply, 0, sizeof apply);
  xuexin_page_apply_async (XUEXIN_PAGE (page), NULL, page_applied_cb, &apply);
  xuexin_test_wait_for (apply_done, &apply, "the apply to fail");
  g_assert_false (apply.success);
  g_assert_error (apply.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&apply.error);
  g_assert_cmpstr (xuexin_page_get_error (XUEXIN_PAGE (page)), ==, "It went wrong.");
  g_assert_cmpuint (n_error, ==, 1);
  g_assert_cmpuint (n_applying, ==, 4);

  /* The same error again is shown again. */
  xuexin_page_set_error (XUEXIN_PAGE (page), "It went wrong.", NULL, NULL);
  g_assert_cmpuint (n_error, ==, 2);
  xuexin_page_clear_error (XUEXIN_PAGE (page));
  g_assert_cmpuint (n_error, ==, 3);
  g_assert_null (xuexin_page_get_error (XUEXIN_PAGE (page)));
  xuexin_page_clear_error (XUEXIN_PAGE (page));
  g_assert_cmpuint (n_error, ==, 3);

  /* A page that explains its failure itself keeps its explanation and
   * its remedy. */
  page->own_error = g_strdup ("Do this instead.");
  memset (&apply, 0, sizeof apply);
  xuexin_page_apply_async (XUEXIN_PAGE (page), NULL, page_applied_cb, &apply);
  xuexin_test_wait_for (apply_done, &apply, "the apply to fail");
  g_assert_error (apply.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&apply.error);
  g_assert_cmpstr (xuexin_page_get_error (XUEXIN_PAGE (page)), ==, "Do this instead.");
  g_assert_cmpstr (xuexin_page_get_error_button (XUEXIN_PAGE (page)), ==, "_Fix It");
  g_assert_cmpstr (xuexin_page_get_error_action (XUEXIN_PAGE (page)), ==, "test.fix");

  /* The next apply starts by clearing it. */
  g_clear_pointer (&page->own_error, g_free);
  test_page_fail_with (page, NULL);
  memset (&apply, 0, sizeof apply);
  n_error = 0;
  xuexin_page_apply_async (XUEXIN_PAGE (page), NULL, page_applied_cb, &apply);
  xuexin_test_wait_for (apply_done, &apply, "the apply to finish");
  g_assert_true (apply.success);
  g_assert_cmpuint (n_error, ==, 1);
  g_assert_null (xuexin_page_get_error (XUEXIN_PAGE (page)));
  g_assert_null (xuexin_page_get_error_button (XUEXIN_PAGE (page)));

  g_assert_finalize_object (page);
}

/* ----- XuexinAssistant ------------------------------------------------- */

/* An assistant with two test pages, shown in a window. */
typedef struct
{
  GtkWidget       *window;
  XuexinAssistant *assistant;
  TestPage        *one;
  TestPage        *two;
} TwoPages;

static void
two_pages_open (TwoPages *fixture)
{
  fixture->assistant = g_object_ref_sink (g_object_new (XUEXIN_TYPE_ASSISTANT, NULL));
  fixture->one = g_object_ref (test_page_new ("One"));
  fixture->two = g_object_ref (test_page_new ("Two"));
  fixture->window = gtk_window_new ();

  xuexin_assistant_add_page (fixture->assistant, XUEXIN_PAGE (fixture->one));
  xuexin_assistant_add_page (fixture->assistant, XUEXIN_PAGE (fixture->two));
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->assistant));
  gtk_window_present (GTK_WINDOW (fixture->window));
  xuexin_test_wait_until_mapped (fixture->window);
}

/* Nothing else keeps the assistant or its pages alive. */
static void
two_pages_close (TwoPages *fixture)
{
  gtk_window_set_child (GTK_WINDOW (fixture->window), NULL);
  xuexin_test_close_window (fixture->window);
  g_assert_finalize_object (fixture->assistant);
  g_assert_finalize_object (fixture->one);
  g_assert_finalize_object (fixture->two);
}

static void
test_assistant_next_needs_complete (void)
{
  TwoPages fixture;
  XuexinAssistant *assistant;
  TestPage *one;
  TestPage *two;
  GtkWidget *back_button;
  guint n_finished = 0;

  two_pages_open (&fixture);
  assistant = fixture.assistant;
  one = fixture.one;
  two = fixture.two;
  back_button = xuexin_test_require_child (GTK_WIDGET (assistant), "back_button");
  g_signal_connect_swapped (assistant, "finished", G_CALLBACK (count_cb), &n_finished);

  g_assert_true (xuexin_assistant_get_current_page (assistant) == XUEXIN_PAGE (one));
  g_assert_false (next_is_enabled (assistant));
  g_assert_false (gtk_widget_is_sensitive (back_button));

  /* Not complete: Next does nothing, even when asked directly. */
  xuexin_assistant_next (assistant);
  xuexin_test_iterate (20);
  g_assert_cmpuint (one->n_applied, ==, 0);

  /* Next follows the page's complete. */
  xuexin_page_set_complete (XUEXIN_PAGE (one), TRUE);
  g_assert_true (next_is_enabled (assistant));
  xuexin_page_set_complete (XUEXIN_PAGE (one), FALSE);
  g_assert_false (next_is_enabled (assistant));
  xuexin_page_set_complete (XUEXIN_PAGE (one), TRUE);

  /* While the page applies, neither Next nor Back. */
  one->hold_apply = TRUE;
  xuexin_test_click (xuexin_test_require_child (GTK_WIDGET (assistant), "next_button"));
  g_assert_cmpuint (one->n_applied, ==, 1);
  g_assert_true (xuexin_page_get_applying (XUEXIN_PAGE (one)));
  g_assert_false (next_is_enabled (assistant));
  test_page_finish_apply (one);
  wait_for_page (assistant, two);

  /* The next page is judged on its own. */
  g_assert_false (next_is_enabled (assistant));
  g_assert_true (gtk_widget_is_sensitive (back_button));
  xuexin_page_set_complete (XUEXIN_PAGE (two), TRUE);
  g_assert_true (next_is_enabled (assistant));

  /* A failure keeps the user on the page. */
  test_page_fail_with (two, "No.");
  xuexin_assistant_next (assistant);
  xuexin_test_wait_for (is_set, &two->n_applied, "the apply");
  g_assert_true (xuexin_assistant_get_current_page (assistant) == XUEXIN_PAGE (two));
  g_assert_cmpstr (xuexin_page_get_error (XUEXIN_PAGE (two)), ==, "No.");
  g_assert_cmpuint (n_finished, ==, 0);

  /* The last page applied ends the assistant. */
  test_page_fail_with (two, NULL);
  xuexin_assistant_next (assistant);
  xuexin_test_wait_for (is_set, &n_finished, "finished");
  g_assert_cmpuint (n_finished, ==, 1);

  two_pages_close (&fixture);
}

static void
test_assistant_focus_first_field (void)
{
  TwoPages fixture;
  XuexinAssistant *assistant;
  TestPage *one;
  TestPage *two;

  two_pages_open (&fixture);
  assistant = fixture.assistant;
  one = fixture.one;
  two = fixture.two;
  g_assert_cmpuint (one->n_shown, ==, 1);

  /* Typing in the second field, then moving on: the next page starts
   * on its first field, not where the focus happened to be. */
  gtk_widget_grab_focus (one->second_entry);
  xuexin_page_set_complete (XUEXIN_PAGE (one), TRUE);
  xuexin_assistant_next (assistant);
  wait_for_page (assistant, two);
  g_assert_cmpuint (two->n_shown, ==, 1);
  g_assert_true (focus_is_in (two->first_entry));

  /* Back again: every page starts where it declares, also one seen
   * before (GtkStack would put the focus back where the user left it,
   * which a screen reader user cannot predict). */
  xuexin_assistant_previous (assistant);
  wait_for_page (assistant, one);
  g_assert_cmpuint (one->n_shown, ==, 2);
  g_assert_true (focus_is_in (one->first_entry));
  xuexin_page_set_focus_widget (XUEXIN_PAGE (one), one->second_entry);
  xuexin_assistant_go_to_page (assistant, XUEXIN_PAGE (two));
  wait_for_page (assistant, two);
  xuexin_assistant_previous (assistant);
  wait_for_page (assistant, one);
  g_assert_true (focus_is_in (one->second_entry));
  xuexin_page_set_focus_widget (XUEXIN_PAGE (one), NULL);
  xuexin_assistant_go_to_page (assistant, XUEXIN_PAGE (two));
  wait_for_page (assistant, two);
  g_assert_true (focus_is_in (two->first_entry));

  /* With the focus outside the pages (on Next, after a click), the page
   * shown starts on its first field too. */
  xuexin_assistant_previous (assistant);
  wait_for_page (assistant, one);
  gtk_widget_grab_focus (xuexin_test_require_child (GTK_WIDGET (assistant), "next_button"));
  g_assert_true (focus_is_in (xuexin_test_require_child (GTK_WIDGET (assistant), "next_button")));
  xuexin_assistant_next (assistant);
  wait_for_page (assistant, two);
  g_assert_true (focus_is_in (two->first_entry));

  two_pages_close (&fixture);
}

static void
count_visible_cb (GtkWidget  *label,
                  GParamSpec *pspec,
                  guint      *n_shown)
{
  if (gtk_widget_get_visible (label))
    (*n_shown)++;
}

static void
test_assistant_error_follows_field (void)
{
  TwoPages fixture;
  XuexinAssistant *assistant;
  TestPage *one;
  GtkWidget *error_label;
  GtkWidget *steps;
  guint n_alerts = 0;

  two_pages_open (&fixture);
  assistant = fixture.assistant;
  one = fixture.one;
  error_label = xuexin_test_require_child (GTK_WIDGET (assistant), "error_label");
  g_signal_connect (error_label, "notify::visible", G_CALLBACK (count_visible_cb), &n_alerts);

  /* The step indicator is no tab stop, and its chevrons are decoration. */
  g_assert_false (gtk_widget_get_focusable (xuexin_test_require_child (GTK_WIDGET (assistant), "steps_scroller")));
  steps = xuexin_test_require_child (GTK_WIDGET (assistant), "steps_box");
  for (GtkWidget *child = gtk_widget_get_first_child (steps); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_IMAGE (child))
      g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (child)), ==, GTK_ACCESSIBLE_ROLE_PRESENTATION);

  /* The page starts on its first field, not on the step indicator. */
  g_assert_true (focus_is_in (one->first_entry));
  g_assert_true (xuexin_page_get_focus_widget (XUEXIN_PAGE (one)) == one->first_entry);

  /* The service refuses the field the page has under that name: the
   * error is an alert, the field is marked and gets the focus. */
  xuexin_page_add_field (XUEXIN_PAGE (one), "phone", one->second_entry);
  g_clear_error (&one->fail_with);
  one->fail_with = xuexin_client_error_new_api (XUEXIN_ERROR_CODE_INVALID_PHONE, "phone", 0);
  xuexin_page_set_complete (XUEXIN_PAGE (one), TRUE);
  xuexin_assistant_next (assistant);
  xuexin_test_wait_for (is_set, &one->n_applied, "the apply");
  xuexin_test_wait_for (is_set, &n_alerts, "the alert");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (error_label)), ==, GTK_ACCESSIBLE_ROLE_ALERT);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==, xuexin_page_get_error (XUEXIN_PAGE (one)));
  g_assert_true (xuexin_page_get_error_widget (XUEXIN_PAGE (one)) == one->second_entry);
  g_assert_true (focus_is_in (one->second_entry));
  g_assert_true (gtk_widget_has_css_class (one->second_entry, "error"));

  /* The same refusal again is announced again. */
  gtk_widget_grab_focus (one->first_entry);
  xuexin_assistant_next (assistant);
  xuexin_test_wait_for (is_set_twice, &n_alerts, "the second alert");
  g_assert_true (focus_is_in (one->second_entry));

  /* Put right, the field is no longer marked and the alert is gone. */
  g_clear_error (&one->fail_with);
  xuexin_assistant_next (assistant);
  wait_for_page (assistant, fixture.two);
  g_assert_false (gtk_widget_has_css_class (one->second_entry, "error"));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (focus_is_in (fixture.two->first_entry));

  two_pages_close (&fixture);
}

static void
test_assistant_cancel (void)
{
  XuexinAssistant *assistant = g_object_ref_sink (g_object_new (XUEXIN_TYPE_ASSISTANT, NULL));
  TestPage *one = g_object_ref (test_page_new ("One"));
  guint n_cancelled = 0;
  guint n_refused = 0;

  g_signal_connect_swapped (assistant, "cancelled", G_CALLBACK (count_cb), &n_cancelled);
  g_signal_connect_swapped (assistant, "page-refused", G_CALLBACK (count_cb), &n_refused);
  xuexin_assistant_add_page (assistant, XUEXIN_PAGE (one));
  xuexin_page_set_complete (XUEXIN_PAGE (one), TRUE);

  /* While the page applies, Cancel stops that and stays. */
  one->hold_apply = TRUE;
  xuexin_assistant_next (assistant);
  g_assert_true (xuexin_page_get_applying (XUEXIN_PAGE (one)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.cancel", NULL));
  test_page_finish_apply (one);
  xuexin_test_iterate (20);
  g_assert_false (xuexin_page_get_applying (XUEXIN_PAGE (one)));
  g_assert_null (xuexin_page_get_error (XUEXIN_PAGE (one)));
  g_assert_cmpuint (n_cancelled, ==, 0);
  g_assert_cmpuint (n_refused, ==, 0);

  /* Otherwise it leaves. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.cancel", NULL));
  g_assert_cmpuint (n_cancelled, ==, 1);

  g_assert_finalize_object (assistant);
  g_assert_finalize_object (one);
}

/* ----- XuexinFlow ------------------------------------------------------ */

static void
test_flow_base (void)
{
  g_autoptr(XuexinClient) client = xuexin_client_new ("http://127.0.0.1:9");
  g_autoptr(GObject) draft = g_object_new (G_TYPE_OBJECT, NULL);
  TestFlow *flow = g_object_ref_sink (g_object_new (TEST_TYPE_FLOW, "client", client, "draft", draft, NULL));
  XuexinAssistant *assistant = xuexin_flow_get_assistant (XUEXIN_FLOW (flow));
  TestPage *one = test_page_new ("One");
  TestPage *two = test_page_new ("Two");
  guint n_finished = 0;
  guint n_cancelled = 0;

  g_assert_true (G_TYPE_IS_ABSTRACT (XUEXIN_TYPE_FLOW));
  g_assert_true (xuexin_flow_get_client (XUEXIN_FLOW (flow)) == client);
  g_assert_true (xuexin_flow_get_draft (XUEXIN_FLOW (flow)) == draft);
  g_assert_true (adw_bin_get_child (ADW_BIN (flow)) == GTK_WIDGET (assistant));

  g_object_add_weak_pointer (G_OBJECT (assistant), (gpointer *) &assistant);
  g_object_add_weak_pointer (G_OBJECT (one), (gpointer *) &one);
  g_object_add_weak_pointer (G_OBJECT (two), (gpointer *) &two);
  g_signal_connect_swapped (flow, "finished", G_CALLBACK (count_cb), &n_finished);
  g_signal_connect_swapped (flow, "cancelled", G_CALLBACK (count_cb), &n_cancelled);

  flow->first_page = XUEXIN_PAGE (one);
  xuexin_flow_add_page (XUEXIN_FLOW (flow), XUEXIN_PAGE (one));
  xuexin_flow_add_page (XUEXIN_FLOW (flow), XUEXIN_PAGE (two));
  xuexin_page_set_complete (XUEXIN_PAGE (one), TRUE);
  xuexin_page_set_complete (XUEXIN_PAGE (two), TRUE);

  xuexin_assistant_next (assistant);
  wait_for_page (assistant, two);

  /* A refusal reaches the hook, which moves it to another page. */
  test_page_fail_with (two, "Refused.");
  xuexin_assistant_next (assistant);
  wait_for_page (assistant, one);
  g_assert_true (flow->refused_page == XUEXIN_PAGE (two));
  g_assert_error (flow->refused_error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (flow->refused_error->message, ==, "Refused.");
  g_assert_cmpstr (xuexin_page_get_error (XUEXIN_PAGE (one)), ==, "Fix this here.");
  g_assert_cmpuint (n_finished, ==, 0);

  /* The assistant's outcome is the flow's. */
  test_page_fail_with (two, NULL);
  xuexin_assistant_next (assistant);
  wait_for_page (assistant, two);
  xuexin_assistant_next (assistant);
  xuexin_test_wait_for (is_set, &n_finished, "finished");
  g_assert_cmpuint (n_finished, ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.cancel", NULL));
  g_assert_cmpuint (n_cancelled, ==, 1);

  /* Disposing once takes the assistant and its pages along and lets go
   * of the client and the draft. */
  g_assert_finalize_object (flow);
  g_assert_null (assistant);
  g_assert_null (one);
  g_assert_null (two);
  g_assert_finalize_object (g_steal_pointer (&draft));
  g_assert_finalize_object (g_steal_pointer (&client));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  xuexin_test_ignore_known_warnings ();

  g_test_add_func ("/app/page/abstract-group", test_page_is_abstract_group);
  g_test_add_func ("/app/page/notifications", test_page_notifications);
  g_test_add_func ("/app/assistant/next-needs-complete", test_assistant_next_needs_complete);
  g_test_add_func ("/app/assistant/focus-first-field", test_assistant_focus_first_field);
  g_test_add_func ("/app/assistant/error-follows-field", test_assistant_error_follows_field);
  g_test_add_func ("/app/assistant/cancel", test_assistant_cancel);
  g_test_add_func ("/app/flow/base", test_flow_base);

  return g_test_run ();
}
