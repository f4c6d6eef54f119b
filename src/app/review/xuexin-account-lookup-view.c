/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-account-lookup-view.h"
#include "xuexin-common.h"
#include "xuexin-form-checks.h"
#include "xuexin-format.h"
#include "xuexin-review-format.h"

struct _XuexinAccountLookupView
{
  AdwBin        parent_instance;

  XuexinClient *client;
  GCancellable *cancellable;
  GListModel   *accounts;

  AdwEntryRow  *lookup_row;
  GtkButton    *lookup_button;
  GtkLabel     *lookup_error_label;
  GtkLabel     *lookup_summary;
  GtkSpinner   *lookup_spinner;
  GtkListBox   *lookup_results;
};

G_DEFINE_FINAL_TYPE (XuexinAccountLookupView, xuexin_account_lookup_view, ADW_TYPE_BIN)

/* Which of the two queries @text is, with the value to send; or the
 * sentence saying what to fix. A phone is 11 digits starting with 1,
 * anything else is taken for an ID number (a resident ID when it could
 * be one, else another document's number). */
static gboolean
parse_query (const char  *text,
             char       **phone,
             char       **id_number,
             const char **problem)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  gboolean digits = *trimmed != '\0';
  gsize length = strlen (trimmed);
  XuexinPhoneResult phone_result;
  XuexinIdNumberResult id_result;

  *phone = NULL;
  *id_number = NULL;
  *problem = NULL;

  if (length == 0)
    {
      *problem = _("Enter a phone number or an ID number.");
      return FALSE;
    }

  for (const char *p = trimmed; *p != '\0'; p++)
    digits = digits && g_ascii_isdigit (*p);

  phone_result = xuexin_phone_validate (trimmed, phone);
  if (phone_result == XUEXIN_PHONE_OK)
    return TRUE;
  if (digits && length <= 11)
    {
      *problem = xuexin_phone_result_to_message (phone_result);
      return FALSE;
    }

  id_result = xuexin_id_number_validate (trimmed, NULL, id_number);
  if (id_result == XUEXIN_ID_NUMBER_OK)
    return TRUE;
  /* 18 characters of digits and a final X: a mistyped resident ID. */
  if (length == 18 && (digits || g_ascii_toupper (trimmed[17]) == 'X'))
    {
      *problem = xuexin_id_number_result_to_message (id_result);
      return FALSE;
    }

  *problem = xuexin_check_other_id_number (trimmed);
  if (*problem != NULL)
    return FALSE;
  *id_number = xuexin_normalize_id_number (trimmed, XUEXIN_ID_KIND_OTHER);
  return TRUE;
}

static void
xuexin_account_lookup_view_show_error (XuexinAccountLookupView *self,
                                       const char              *message)
{
  if (message == NULL)
    {
      xuexin_a11y_hide_alert (self->lookup_error_label);
      xuexin_a11y_set_field_error (GTK_WIDGET (self->lookup_row), NULL);
      return;
    }

  xuexin_a11y_show_alert (self->lookup_error_label, message);
  xuexin_a11y_set_field_error (GTK_WIDGET (self->lookup_row), GTK_WIDGET (self->lookup_error_label));
}

static char *
format_account_subtitle (XuexinLookupAccount *account)
{
  const char *state = xuexin_lookup_account_get_state (account);
  const char *path = xuexin_review_format_path (xuexin_lookup_account_get_verified_path (account));
  g_autofree char *created = xuexin_format_time (xuexin_lookup_account_get_created_at (account));
  g_autofree char *how = NULL;
  g_autofree char *review = NULL;

  if (path != NULL)
    {
      g_autofree char *at = xuexin_format_time (xuexin_lookup_account_get_verified_at (account));

      /* Translators: how and when the account's identity was verified. */
      how = g_strdup_printf (_("verified by %s on %s"), path, at);
    }
  else if (xuexin_lookup_account_get_cancelled_at (account) != NULL)
    {
      g_autofree char *at = xuexin_format_time (xuexin_lookup_account_get_cancelled_at (account));

      /* Translators: when the account was cancelled. */
      how = g_strdup_printf (_("cancelled on %s"), at);
    }
  if (xuexin_lookup_account_get_review_case_id (account) != 0)
    /* Translators: the account's help-desk review case and its state. */
    review = g_strdup_printf (_("review case %lld: %s"),
                              (long long) xuexin_lookup_account_get_review_case_id (account),
                              xuexin_review_format_case_state (xuexin_lookup_account_get_review_case_state (account)));

  /* Translators: ID number, state, registration date, then how it was verified and the review case. */
  return g_strdup_printf (_("%s · %s · registered %s%s%s%s%s"),
                          xuexin_lookup_account_get_id_number_masked (account),
                          xuexin_review_format_account_state (state), created,
                          how != NULL ? " · " : "", how != NULL ? how : "",
                          review != NULL ? " · " : "", review != NULL ? review : "");
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  XuexinLookupAccount *account = item;
  GListModel *history = xuexin_lookup_account_get_history (account);
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = format_account_subtitle (account);
  guint n_events = history != NULL ? g_list_model_get_n_items (history) : 0;

  /* Translators: a looked-up account: the holder's name and the masked phone. */
  title = g_strdup_printf (_("%s · %s"), xuexin_lookup_account_get_name (account),
                           xuexin_lookup_account_get_phone_masked (account));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  /* The history is short (at most 100 events) and is read, not scrolled. */
  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(XuexinVerificationEvent) event = g_list_model_get_item (history, i);
      GtkWidget *event_row = adw_action_row_new ();
      g_autofree char *text = xuexin_review_format_event (event);
      g_autofree char *at = xuexin_format_time (xuexin_verification_event_get_at (event));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (event_row), text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (event_row), at);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), event_row);
    }
  if (n_events == 0)
    {
      GtkWidget *event_row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (event_row), _("No history recorded"));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), event_row);
    }

  return row;
}

static void
xuexin_account_lookup_view_set_accounts (XuexinAccountLookupView *self,
                                         GListModel              *accounts)
{
  guint n = accounts != NULL ? g_list_model_get_n_items (accounts) : 0;
  g_autofree char *summary = NULL;

  g_set_object (&self->accounts, accounts);
  gtk_list_box_bind_model (self->lookup_results, accounts, create_account_row, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->lookup_results), n > 0);
  if (accounts == NULL)
    summary = g_strdup ("");
  else if (n == 0)
    summary = g_strdup (_("No account has this phone number or ID number."));
  else
    summary = g_strdup_printf (ngettext ("%u account found", "%u accounts found", n), n);
  gtk_label_set_label (self->lookup_summary, summary);
}

static void
xuexin_account_lookup_view_set_busy (XuexinAccountLookupView *self,
                                     gboolean                 busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->lookup_spinner), busy);
  if (busy)
    gtk_spinner_start (self->lookup_spinner);
  else
    gtk_spinner_stop (self->lookup_spinner);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  XuexinAccountLookupView *self = user_data;
  g_autoptr(GListModel) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = xuexin_client_lookup_accounts_finish (XUEXIN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  xuexin_account_lookup_view_set_busy (self, FALSE);
  if (accounts == NULL)
    {
      xuexin_account_lookup_view_show_error (self, error->message);
      return;
    }

  xuexin_account_lookup_view_set_accounts (self, accounts);
  xuexin_a11y_announce (GTK_WIDGET (self), gtk_label_get_label (self->lookup_summary));
}

static void
lookup_activated_cb (XuexinAccountLookupView *self)
{
  g_autofree char *phone = NULL;
  g_autofree char *id_number = NULL;
  const char *problem = NULL;

  if (self->client == NULL)
    return;

  if (!parse_query (gtk_editable_get_text (GTK_EDITABLE (self->lookup_row)), &phone, &id_number, &problem))
    {
      xuexin_account_lookup_view_show_error (self, problem);
      return;
    }

  xuexin_account_lookup_view_show_error (self, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  xuexin_account_lookup_view_set_busy (self, TRUE);
  /* No reference: dispose cancels the call first. */
  xuexin_client_lookup_accounts_async (self->client, phone, id_number, self->cancellable, lookup_cb, self);
}

/* An error stays until the query is right, not a keystroke longer. */
static void
lookup_changed_cb (XuexinAccountLookupView *self)
{
  g_autofree char *phone = NULL;
  g_autofree char *id_number = NULL;
  const char *problem = NULL;

  if (gtk_widget_get_visible (GTK_WIDGET (self->lookup_error_label))
      && parse_query (gtk_editable_get_text (GTK_EDITABLE (self->lookup_row)), &phone, &id_number, &problem))
    xuexin_account_lookup_view_show_error (self, NULL);
}

void
xuexin_account_lookup_view_set_client (XuexinAccountLookupView *self,
                                       XuexinClient            *client)
{
  g_return_if_fail (XUEXIN_IS_ACCOUNT_LOOKUP_VIEW (self));

  g_set_object (&self->client, client);
}

GListModel *
xuexin_account_lookup_view_get_accounts (XuexinAccountLookupView *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT_LOOKUP_VIEW (self), NULL);

  return self->accounts;
}

void
xuexin_account_lookup_view_focus_entry (XuexinAccountLookupView *self)
{
  g_return_if_fail (XUEXIN_IS_ACCOUNT_LOOKUP_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->lookup_row));
}

void
xuexin_account_lookup_view_clear (XuexinAccountLookupView *self)
{
  g_return_if_fail (XUEXIN_IS_ACCOUNT_LOOKUP_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  xuexin_account_lookup_view_set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->lookup_row), "");
  xuexin_account_lookup_view_show_error (self, NULL);
  xuexin_account_lookup_view_set_accounts (self, NULL);
}

static void
xuexin_account_lookup_view_dispose (GObject *object)
{
  XuexinAccountLookupView *self = XUEXIN_ACCOUNT_LOOKUP_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_ACCOUNT_LOOKUP_VIEW);
  g_clear_object (&self->accounts);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (xuexin_account_lookup_view_parent_class)->dispose (object);
}

static void
xuexin_account_lookup_view_class_init (XuexinAccountLookupViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_account_lookup_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/xuexin/Assistant/review/xuexin-account-lookup-view.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountLookupView, lookup_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountLookupView, lookup_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountLookupView, lookup_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountLookupView, lookup_summary);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountLookupView, lookup_spinner);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountLookupView, lookup_results);
  gtk_widget_class_bind_template_callback (widget_class, lookup_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lookup_changed_cb);
}

static void
xuexin_account_lookup_view_init (XuexinAccountLookupView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
