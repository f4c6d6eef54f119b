/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-common.h"
#include "xuexin-format.h"
#include "xuexin-identity-requests-page.h"

/* Path 3, after sending: the requests sent in the last 30 days with
 * their state and expiry, kept up to date while the page is on screen.
 * When a classmate confirms, the account is verified and the flow goes
 * on to the success page by itself. */

/* A classmate asked in person confirms within moments; GET /me/identity
 * is one indexed read, so a few seconds costs the service little. */
#define POLL_INTERVAL_SECONDS 5

struct _XuexinIdentityRequestsPage
{
  XuexinPage           parent_instance;

  XuexinClient        *client;
  XuexinIdentityDraft *draft;
  GCancellable        *cancellable;
  guint                poll_source;

  AdwPreferencesGroup *requests_group;
  GtkLabel            *requests_status_label;
  GtkButton           *another_request_button;
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (XuexinIdentityRequestsPage, xuexin_identity_requests_page, XUEXIN_TYPE_PAGE)

XuexinPage *
xuexin_identity_requests_page_new (XuexinClient        *client,
                                   XuexinIdentityDraft *draft)
{
  XuexinIdentityRequestsPage *self = g_object_new (XUEXIN_TYPE_IDENTITY_REQUESTS_PAGE, NULL);

  self->client = g_object_ref (client);
  self->draft = g_object_ref (draft);

  return XUEXIN_PAGE (self);
}

static char *
describe_request (XuexinAssistanceRequest *request)
{
  const char *level = xuexin_assistance_request_get_level (request);
  const char *state = xuexin_assistance_request_get_state (request);
  g_autofree char *when = NULL;
  g_autofree char *shared = NULL;

  /* Translators: "<school>, <enrollment year>", e.g. "海川大学, 2016". */
  shared = g_strdup_printf (_("%s, %u"), xuexin_assistance_request_get_school (request),
                            xuexin_assistance_request_get_enrollment_year (request));
  if (level != NULL)
    {
      g_autofree char *with_level = NULL;

      /* Translators: "<school, year>, <level>". */
      with_level = g_strdup_printf (_("%s, %s"), shared,
                                    xuexin_education_level_get_label (xuexin_education_level_from_string (level)));
      g_free (shared);
      shared = g_steal_pointer (&with_level);
    }

  if (xuexin_assistance_request_is_open (request))
    {
      g_autofree char *expires = xuexin_format_time (xuexin_assistance_request_get_expires_at (request));

      /* Translators: %s is a date and time. */
      when = g_strdup_printf (_("Waiting for an answer until %s"), expires);
    }
  else if (g_strcmp0 (state, XUEXIN_ASSISTANCE_STATE_PENDING) == 0)
    when = g_strdup (xuexin_format_assistance_state (XUEXIN_ASSISTANCE_STATE_EXPIRED));
  else
    when = g_strdup (xuexin_format_assistance_state (state));

  return g_strdup_printf ("%s\n%s", shared, when);
}

static void
show_requests (XuexinIdentityRequestsPage *self,
               XuexinIdentityState        *state)
{
  GListModel *requests = xuexin_identity_state_get_assistance_requests (state);
  guint open = 0;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->requests_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < g_list_model_get_n_items (requests); i++)
    {
      g_autoptr(XuexinAssistanceRequest) request = g_list_model_get_item (requests, i);
      g_autofree char *subtitle = describe_request (request);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), xuexin_assistance_request_get_classmate_name (request));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (self->requests_group, row);
      g_ptr_array_add (self->rows, row);
      open += xuexin_assistance_request_is_open (request);
    }

  gtk_label_set_label (self->requests_status_label,
                       open > 0 ? _("Ask your classmate to sign in to their own account and open the inbox at the top right of the account page. This page moves on by itself once they confirm.")
                                : _("No request is waiting for an answer. Send one to a classmate, or choose another way."));
}

static void
read_verified_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(XuexinIdentityRequestsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!xuexin_identity_draft_read_verified_finish (XUEXIN_IDENTITY_DRAFT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        xuexin_page_show_error (XUEXIN_PAGE (self), error);
      return;
    }

  xuexin_page_set_complete (XUEXIN_PAGE (self), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
identity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(XuexinIdentityRequestsPage) self = user_data;
  g_autoptr(XuexinIdentityState) state = NULL;
  g_autoptr(GError) error = NULL;

  state = xuexin_client_get_identity_finish (XUEXIN_CLIENT (object), result, &error);
  if (state == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* A classmate's confirmation cancels nothing of ours, but another
       * account of the ID verifying first does; the flow says so. */
      xuexin_page_show_error (XUEXIN_PAGE (self), error);
      if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_UNAUTHORIZED)
          || xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_ACCOUNT_CANCELLED))
        xuexin_page_set_error (XUEXIN_PAGE (self),
                               _("Another account with this ID number was verified first, so this account has been cancelled. Sign in with the account that was verified."),
                               _("_Sign Out"), "win.sign-out");
      return;
    }

  xuexin_page_clear_error (XUEXIN_PAGE (self));
  if (xuexin_identity_state_is_pending (state))
    {
      xuexin_identity_draft_set_state (self->draft, state);
      show_requests (self, state);
      return;
    }

  /* Confirmed: the account as it is now, for the account page. */
  g_clear_handle_id (&self->poll_source, g_source_remove);
  xuexin_identity_draft_read_verified_async (self->draft, self->client, self->cancellable,
                                             read_verified_cb, g_object_ref (self));
}

void
xuexin_identity_requests_page_refresh (XuexinIdentityRequestsPage *self)
{
  g_return_if_fail (XUEXIN_IS_IDENTITY_REQUESTS_PAGE (self));

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  xuexin_client_get_identity_async (self->client, self->cancellable, identity_cb, g_object_ref (self));
}

static gboolean
poll_cb (gpointer user_data)
{
  xuexin_identity_requests_page_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

static void
xuexin_identity_requests_page_shown (XuexinPage *page)
{
  XuexinIdentityRequestsPage *self = XUEXIN_IDENTITY_REQUESTS_PAGE (page);
  XuexinIdentityState *state = xuexin_identity_draft_get_state (self->draft);

  if (state != NULL)
    {
      show_requests (self, state);
    }
  xuexin_identity_requests_page_refresh (self);
}

/* Polls only while the page is on screen: not behind another page, not
 * while the window is hidden. */
static void
xuexin_identity_requests_page_map (GtkWidget *widget)
{
  XuexinIdentityRequestsPage *self = XUEXIN_IDENTITY_REQUESTS_PAGE (widget);

  GTK_WIDGET_CLASS (xuexin_identity_requests_page_parent_class)->map (widget);

  if (self->poll_source == 0)
    self->poll_source = g_timeout_add_seconds (POLL_INTERVAL_SECONDS, poll_cb, self);
}

static void
xuexin_identity_requests_page_unmap (GtkWidget *widget)
{
  XuexinIdentityRequestsPage *self = XUEXIN_IDENTITY_REQUESTS_PAGE (widget);

  g_clear_handle_id (&self->poll_source, g_source_remove);

  GTK_WIDGET_CLASS (xuexin_identity_requests_page_parent_class)->unmap (widget);
}

static void
another_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "assistant.back", NULL);
}

static void
xuexin_identity_requests_page_dispose (GObject *object)
{
  XuexinIdentityRequestsPage *self = XUEXIN_IDENTITY_REQUESTS_PAGE (object);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_IDENTITY_REQUESTS_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->draft);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (xuexin_identity_requests_page_parent_class)->dispose (object);
}

static void
xuexin_identity_requests_page_class_init (XuexinIdentityRequestsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  XuexinPageClass *page_class = XUEXIN_PAGE_CLASS (klass);

  object_class->dispose = xuexin_identity_requests_page_dispose;
  widget_class->map = xuexin_identity_requests_page_map;
  widget_class->unmap = xuexin_identity_requests_page_unmap;
  page_class->shown = xuexin_identity_requests_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/identity/xuexin-identity-requests-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityRequestsPage, requests_group);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityRequestsPage, requests_status_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinIdentityRequestsPage, another_request_button);

  gtk_widget_class_install_action (widget_class, "identity-requests.another", NULL, another_action);
}

static void
xuexin_identity_requests_page_init (XuexinIdentityRequestsPage *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Nothing to fill in while waiting: the one thing to do here. */
  xuexin_page_set_focus_widget (XUEXIN_PAGE (self), GTK_WIDGET (self->another_request_button));
}
