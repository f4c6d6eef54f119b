/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "identity/xuexin-identity-progress-page.h"
#include "xuexin-a11y.h"
#include "xuexin-format.h"
#include "xuexin-review-format.h"
#include "xuexin-review-today-view.h"

/* A reviewer is accountable for what they decided: the console shows
 * their own day, as the service recorded it. One page of 100 is as many
 * decisions as a person makes in a day. */
#define TODAY_LIMIT 100

struct _XuexinReviewTodayView
{
  AdwBin        parent_instance;

  XuexinClient *client;
  GCancellable *cancellable;
  GListModel   *decisions;

  GtkSpinner   *today_spinner;
  GtkLabel     *today_summary;
  GtkLabel     *today_error_label;
  GtkListBox   *today_list;
};

G_DEFINE_FINAL_TYPE (XuexinReviewTodayView, xuexin_review_today_view, ADW_TYPE_BIN)

static GtkWidget *
create_decision_row (gpointer item,
                     gpointer user_data)
{
  XuexinReviewDecision *decision = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state = gtk_label_new (NULL);
  gboolean approved = g_strcmp0 (xuexin_review_decision_get_decision (decision), "approved") == 0;
  g_autofree char *time = xuexin_format_time (xuexin_review_decision_get_decided_at (decision));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *submission = xuexin_review_format_submission (xuexin_review_decision_get_submission (decision));

  /* Translators: a decision of today: the case number and the applicant's name. */
  title = g_strdup_printf (_("Case %lld · %s"), (long long) xuexin_review_decision_get_case_id (decision),
                           xuexin_review_decision_get_account_name (decision));
  if (approved)
    /* Translators: time of the decision, masked ID number, which submission. */
    subtitle = g_strdup_printf (_("%s · %s · %s"), time,
                                xuexin_review_decision_get_id_number_masked (decision), submission);
  else
    {
      const char *note = xuexin_review_decision_get_note (decision);
      const char *reason = xuexin_identity_format_rejection_reason (xuexin_review_decision_get_reason (decision));

      if (note != NULL && *note != '\0')
        /* Translators: time, masked ID number, submission, reason and the reviewer's note. */
        subtitle = g_strdup_printf (_("%s · %s · %s\n%s: %s"), time,
                                    xuexin_review_decision_get_id_number_masked (decision), submission,
                                    reason, note);
      else
        subtitle = g_strdup_printf (_("%s · %s · %s\n%s"), time,
                                    xuexin_review_decision_get_id_number_masked (decision), submission, reason);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_label_set_label (GTK_LABEL (state), xuexin_review_format_case_state (xuexin_review_decision_get_decision (decision)));
  gtk_widget_add_css_class (state, approved ? "success" : "error");
  gtk_widget_add_css_class (state, "heading");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), state);

  return row;
}

static void
xuexin_review_today_view_set_decisions (XuexinReviewTodayView *self,
                                        GListModel            *decisions,
                                        guint                  total)
{
  g_autofree char *summary = NULL;

  g_set_object (&self->decisions, decisions);
  gtk_list_box_bind_model (self->today_list, decisions, create_decision_row, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->today_list), decisions != NULL && total > 0);
  if (decisions == NULL)
    summary = g_strdup ("");
  else if (total == 0)
    summary = g_strdup (_("You have not decided any case today."));
  else
    /* Translators: the reviewer's own decisions since midnight (China time). */
    summary = g_strdup_printf (ngettext ("You decided %u case today.", "You decided %u cases today.", total), total);
  gtk_label_set_label (self->today_summary, summary);
}

static void
list_decisions_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  XuexinReviewTodayView *self = user_data;
  g_autoptr(GListModel) decisions = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  decisions = xuexin_client_list_my_decisions_finish (XUEXIN_CLIENT (object), result, &total, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->today_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->today_spinner), FALSE);
  if (decisions == NULL)
    {
      xuexin_a11y_show_alert (self->today_error_label, error->message);
      return;
    }

  xuexin_a11y_hide_alert (self->today_error_label);
  xuexin_review_today_view_set_decisions (self, decisions, total);
}

void
xuexin_review_today_view_reload (XuexinReviewTodayView *self)
{
  g_return_if_fail (XUEXIN_IS_REVIEW_TODAY_VIEW (self));

  if (self->client == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->today_spinner), TRUE);
  gtk_spinner_start (self->today_spinner);
  /* The view holds no reference: dispose cancels the call first. */
  xuexin_client_list_my_decisions_async (self->client, NULL, 0, TODAY_LIMIT, self->cancellable,
                                         list_decisions_cb, self);
}

void
xuexin_review_today_view_set_client (XuexinReviewTodayView *self,
                                     XuexinClient          *client)
{
  g_return_if_fail (XUEXIN_IS_REVIEW_TODAY_VIEW (self));

  g_set_object (&self->client, client);
}

GListModel *
xuexin_review_today_view_get_decisions (XuexinReviewTodayView *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_TODAY_VIEW (self), NULL);

  return self->decisions;
}

void
xuexin_review_today_view_clear (XuexinReviewTodayView *self)
{
  g_return_if_fail (XUEXIN_IS_REVIEW_TODAY_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->today_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->today_spinner), FALSE);
  xuexin_a11y_hide_alert (self->today_error_label);
  xuexin_review_today_view_set_decisions (self, NULL, 0);
}

static void
xuexin_review_today_view_dispose (GObject *object)
{
  XuexinReviewTodayView *self = XUEXIN_REVIEW_TODAY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_REVIEW_TODAY_VIEW);
  g_clear_object (&self->decisions);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (xuexin_review_today_view_parent_class)->dispose (object);
}

static void
xuexin_review_today_view_class_init (XuexinReviewTodayViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_review_today_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/xuexin/Assistant/review/xuexin-review-today-view.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewTodayView, today_spinner);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewTodayView, today_summary);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewTodayView, today_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinReviewTodayView, today_list);
}

static void
xuexin_review_today_view_init (XuexinReviewTodayView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
