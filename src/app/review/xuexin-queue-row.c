/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-format.h"
#include "xuexin-queue-row.h"
#include "xuexin-review-format.h"

/* A row says what a reviewer picks a case by: its number, how long it
 * has waited, whether it is a resubmission and whether someone else is
 * at it. The applicant is never named in the queue (docs/api.md). */
struct _XuexinQueueRow
{
  GtkWidget        parent_instance;

  XuexinQueueCase *queue_case;
  gulong           loaded_id;

  GtkWidget       *row_box;
  GtkLabel        *title_label;
  GtkLabel        *submission_label;
  GtkLabel        *waiting_label;
  GtkLabel        *claim_label;
};

G_DEFINE_FINAL_TYPE (XuexinQueueRow, xuexin_queue_row, GTK_TYPE_WIDGET)

GtkWidget *
xuexin_queue_row_new (void)
{
  return g_object_new (XUEXIN_TYPE_QUEUE_ROW, NULL);
}

static void
xuexin_queue_row_update (XuexinQueueRow *self)
{
  XuexinQueueCase *queue_case = self->queue_case;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *title = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *submission = NULL;
  g_autofree char *claim = NULL;
  g_autofree char *name = NULL;
  const char *holder;
  guint submissions;

  if (queue_case == NULL || !xuexin_queue_case_is_loaded (queue_case))
    {
      /* Its page is on the way: the row keeps its height meanwhile. */
      gtk_label_set_label (self->title_label, _("Loading…"));
      gtk_label_set_label (self->waiting_label, " ");
      gtk_widget_set_visible (GTK_WIDGET (self->submission_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->claim_label), FALSE);
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading…"), -1);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "dim-label");
  /* Translators: a review case in the queue, by its number. */
  title = g_strdup_printf (_("Case %lld"), (long long) xuexin_queue_case_get_id (queue_case));
  gtk_label_set_label (self->title_label, title);

  if (xuexin_queue_case_get_decided_at (queue_case) != NULL)
    {
      g_autofree char *time = xuexin_format_time (xuexin_queue_case_get_decided_at (queue_case));

      /* Translators: %s is the state (Approved / Rejected), then a time. */
      waiting = g_strdup_printf (_("%s %s"), xuexin_review_format_case_state (xuexin_queue_case_get_state (queue_case)),
                                 time);
    }
  else
    waiting = xuexin_review_format_waiting (xuexin_queue_case_get_submitted_at (queue_case), now);
  gtk_label_set_label (self->waiting_label, waiting);

  submissions = xuexin_queue_case_get_submissions (queue_case);
  if (submissions > 1)
    submission = xuexin_review_format_submission (submissions);
  gtk_label_set_label (self->submission_label, submission != NULL ? submission : "");
  gtk_widget_set_visible (GTK_WIDGET (self->submission_label), submission != NULL);

  holder = xuexin_queue_case_get_claimed_by_name (queue_case);
  if (xuexin_queue_case_get_claimed_by_me (queue_case))
    claim = g_strdup (_("being reviewed by you"));
  else if (holder != NULL)
    /* Translators: %s is the name of the reviewer holding the case. */
    claim = g_strdup_printf (_("being reviewed by %s"), holder);
  gtk_label_set_label (self->claim_label, claim != NULL ? claim : "");
  gtk_widget_set_visible (GTK_WIDGET (self->claim_label), claim != NULL);

  name = g_strjoin (", ", title, waiting,
                    submission != NULL ? submission : claim,
                    submission != NULL ? claim : NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

void
xuexin_queue_row_set_case (XuexinQueueRow  *self,
                           XuexinQueueCase *queue_case)
{
  g_return_if_fail (XUEXIN_IS_QUEUE_ROW (self));

  if (self->queue_case != NULL)
    g_clear_signal_handler (&self->loaded_id, self->queue_case);
  g_set_object (&self->queue_case, queue_case);
  /* A placeholder is filled in where it stands when its page arrives. */
  if (queue_case != NULL)
    self->loaded_id = g_signal_connect_object (queue_case, "notify::loaded",
                                               G_CALLBACK (xuexin_queue_row_update), self,
                                               G_CONNECT_SWAPPED);
  xuexin_queue_row_update (self);
}

static void
xuexin_queue_row_dispose (GObject *object)
{
  XuexinQueueRow *self = XUEXIN_QUEUE_ROW (object);

  xuexin_queue_row_set_case (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_QUEUE_ROW);

  G_OBJECT_CLASS (xuexin_queue_row_parent_class)->dispose (object);
}

static void
xuexin_queue_row_class_init (XuexinQueueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_queue_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/xuexin/Assistant/review/xuexin-queue-row.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinQueueRow, row_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinQueueRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinQueueRow, submission_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinQueueRow, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinQueueRow, claim_label);
}

static void
xuexin_queue_row_init (XuexinQueueRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
