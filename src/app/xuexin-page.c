/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-client-error.h"
#include "xuexin-format.h"
#include "xuexin-page.h"

typedef struct
{
  char     *title;
  char     *next_label;
  char     *error;
  char     *error_button;
  char     *error_action;
  GtkWidget *focus_widget;
  GtkWidget *error_widget;
  GHashTable *fields;
  guint     error_serial;
  guint     complete : 1;
  guint     focus_on_next : 1;
  guint     applying : 1;
} XuexinPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (XuexinPage, xuexin_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_APPLYING,
  PROP_NEXT_LABEL,
  PROP_ERROR,
  PROP_FOCUS_WIDGET,
  PROP_ERROR_WIDGET,
  PROP_FOCUS_ON_NEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void xuexin_page_show_error_message (XuexinPage   *self,
                                            const GError *error);

/* g_set_str() is GLib 2.76; Debian 12 has 2.74. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

const char *
xuexin_page_get_title (XuexinPage *self)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_PAGE (self), NULL);

  return priv->title;
}

void
xuexin_page_set_title (XuexinPage *self,
                       const char *title)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_PAGE (self));

  if (set_string (&priv->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
xuexin_page_get_complete (XuexinPage *self)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_PAGE (self), FALSE);

  return priv->complete;
}

void
xuexin_page_set_complete (XuexinPage *self,
                          gboolean    complete)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_PAGE (self));

  complete = !!complete;
  if (priv->complete == complete)
    return;

  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

gboolean
xuexin_page_get_applying (XuexinPage *self)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_PAGE (self), FALSE);

  return priv->applying;
}

static void
xuexin_page_set_applying (XuexinPage *self,
                          gboolean    applying)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  if (priv->applying == !!applying)
    return;

  priv->applying = !!applying;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLYING]);
}

/**
 * xuexin_page_get_next_label:
 *
 * Returns: (nullable): what *Next* says on this page (e.g. "_Register
 *   Now"), or %NULL for the assistant's default
 */
const char *
xuexin_page_get_next_label (XuexinPage *self)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_PAGE (self), NULL);

  return priv->next_label;
}

void
xuexin_page_set_next_label (XuexinPage *self,
                            const char *next_label)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_PAGE (self));

  if (set_string (&priv->next_label, next_label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_LABEL]);
}

const char *
xuexin_page_get_error (XuexinPage *self)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_PAGE (self), NULL);

  return priv->error;
}

const char *
xuexin_page_get_error_button (XuexinPage *self)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_PAGE (self), NULL);

  return priv->error_button;
}

const char *
xuexin_page_get_error_action (XuexinPage *self)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_PAGE (self), NULL);

  return priv->error_action;
}

/**
 * xuexin_page_set_error:
 * @message: (nullable): a sentence that says what happened and what to do
 * @button_label: (nullable): a button that does it, e.g. "Find _Username"
 * @action_name: (nullable): the action the button activates, resolved
 *   from the page
 *
 * The assistant shows the error at the top of the page.
 */
void
xuexin_page_set_error (XuexinPage *self,
                       const char *message,
                       const char *button_label,
                       const char *action_name)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);
  g_autofree char *old_error = NULL;

  g_return_if_fail (XUEXIN_IS_PAGE (self));

  priv->error_serial++;
  set_string (&priv->error_button, message != NULL ? button_label : NULL);
  set_string (&priv->error_action, message != NULL ? action_name : NULL);
  /* @message may be the page's own error (a page adding its button). */
  old_error = g_steal_pointer (&priv->error);
  priv->error = g_strdup (message);
  xuexin_page_set_error_widget (self, NULL);

  /* Always notify: the same message again (a second failed attempt)
   * must still be shown, and announced, again. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/**
 * xuexin_page_get_focus_widget:
 *
 * Returns: (nullable) (transfer none): the widget that gets the keyboard
 *   focus when the page is shown: the one the page set, or else its first
 *   editable field, or %NULL for the first widget that takes focus
 */
GtkWidget *
xuexin_page_get_focus_widget (XuexinPage *self)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_PAGE (self), NULL);

  if (priv->focus_widget != NULL && gtk_widget_get_visible (priv->focus_widget))
    return priv->focus_widget;

  return xuexin_a11y_find_first_field (GTK_WIDGET (self));
}

/**
 * xuexin_page_set_focus_widget:
 * @widget: (nullable): a widget of the page, e.g. the code field of a
 *   step whose first field is already filled, or the heading of a page
 *   that only reports
 */
void
xuexin_page_set_focus_widget (XuexinPage *self,
                              GtkWidget  *widget)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_PAGE (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  if (g_set_weak_pointer (&priv->focus_widget, widget))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUS_WIDGET]);
}

gboolean
xuexin_page_get_focus_on_next (XuexinPage *self)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_PAGE (self), FALSE);

  return priv->focus_on_next;
}

/**
 * xuexin_page_set_focus_on_next:
 * @focus_on_next: whether the page starts on the assistant's *Next*
 *
 * For a page that only reports an outcome and whose one action is
 * *Next* (e.g. "_Sign In" after a password reset): the user starts on
 * that action rather than on whatever the page shows first.
 */
void
xuexin_page_set_focus_on_next (XuexinPage *self,
                               gboolean    focus_on_next)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_PAGE (self));

  if (priv->focus_on_next == !!focus_on_next)
    return;

  priv->focus_on_next = !!focus_on_next;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUS_ON_NEXT]);
}

/**
 * xuexin_page_add_field:
 * @field: the name the service gives the field in its errors
 *   (`"phone"`, `"sms_code"`; see docs/api.md)
 * @widget: the page's widget for it
 *
 * When the service refuses the field, xuexin_page_show_error() makes
 * @widget the error widget: the assistant marks it invalid, ties the
 * error to it and moves the focus there.
 */
void
xuexin_page_add_field (XuexinPage *self,
                       const char *field,
                       GtkWidget  *widget)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_PAGE (self));
  g_return_if_fail (field != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));

  g_hash_table_insert (priv->fields, g_strdup (field), g_object_ref (widget));
}

/**
 * xuexin_page_get_error_widget:
 *
 * Returns: (nullable) (transfer none): the field the current error is
 *   about, if the error names one the page has
 */
GtkWidget *
xuexin_page_get_error_widget (XuexinPage *self)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_PAGE (self), NULL);

  return priv->error != NULL ? priv->error_widget : NULL;
}

/**
 * xuexin_page_set_error_widget:
 * @widget: (nullable): the field the error just set is about
 *
 * For errors the page sets itself; the next error clears it.
 */
void
xuexin_page_set_error_widget (XuexinPage *self,
                              GtkWidget  *widget)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_PAGE (self));

  if (g_set_weak_pointer (&priv->error_widget, widget))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_WIDGET]);
}

void
xuexin_page_clear_error (XuexinPage *self)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_PAGE (self));

  if (priv->error != NULL)
    xuexin_page_set_error (self, NULL, NULL, NULL);
}

/**
 * xuexin_page_show_error:
 *
 * Shows a client error with the generic remedy: *Try Again* where
 * repeating may help.
 */
void
xuexin_page_show_error (XuexinPage   *self,
                        const GError *error)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);
  const char *field;

  g_return_if_fail (XUEXIN_IS_PAGE (self));
  g_return_if_fail (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* One announcement: the assistant hears the error and its field together. */
  g_object_freeze_notify (G_OBJECT (self));
  xuexin_page_show_error_message (self, error);
  field = xuexin_client_error_get_field (error);
  if (field != NULL)
    xuexin_page_set_error_widget (self, g_hash_table_lookup (priv->fields, field));
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * xuexin_page_set_error_for_field:
 * @field: (nullable): the service's name of the field at fault (the
 *   error's `field`), as given to xuexin_page_add_field()
 *
 * xuexin_page_set_error() for an error about @field, e.g. a refusal that
 * a flow moved here from the page that sent the request: the assistant
 * marks the page's widget for @field and moves the focus there.
 */
void
xuexin_page_set_error_for_field (XuexinPage *self,
                                 const char *field,
                                 const char *message,
                                 const char *button_label,
                                 const char *action_name)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_PAGE (self));

  g_object_freeze_notify (G_OBJECT (self));
  xuexin_page_set_error (self, message, button_label, action_name);
  if (field != NULL && message != NULL)
    xuexin_page_set_error_widget (self, g_hash_table_lookup (priv->fields, field));
  g_object_thaw_notify (G_OBJECT (self));
}

static void
xuexin_page_show_error_message (XuexinPage   *self,
                                const GError *error)
{
  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED) &&
      xuexin_client_error_get_retry_after (error) > 0)
    {
      g_autofree char *wait = xuexin_format_wait (xuexin_client_error_get_retry_after (error));
      g_autofree char *message = NULL;

      /* Translators: the first %s is the error sentence, the second a waiting time. */
      message = g_strdup_printf (_("%s Try again in %s."), error->message, wait);
      xuexin_page_set_error (self, message, NULL, NULL);
      return;
    }

  if (xuexin_client_error_is_retryable (error))
    xuexin_page_set_error (self, error->message, _("_Try Again"), "assistant.next");
  else
    xuexin_page_set_error (self, error->message, NULL, NULL);
}

void
xuexin_page_shown (XuexinPage *self)
{
  g_return_if_fail (XUEXIN_IS_PAGE (self));

  if (XUEXIN_PAGE_GET_CLASS (self)->shown != NULL)
    XUEXIN_PAGE_GET_CLASS (self)->shown (self);
}

static void
xuexin_page_apply_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  XuexinPage *self = XUEXIN_PAGE (object);
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  guint serial_before = GPOINTER_TO_UINT (g_task_get_task_data (task));

  xuexin_page_set_applying (self, FALSE);

  if (!XUEXIN_PAGE_GET_CLASS (self)->apply_finish (self, result, &error))
    {
      /* A page that explained the failure itself, with its own remedy,
       * keeps its explanation. */
      if (priv->error_serial == serial_before || priv->error == NULL)
        xuexin_page_show_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * xuexin_page_apply_async:
 *
 * Runs the page's apply, marking it applying meanwhile. Errors are shown
 * on the page before they are returned.
 */
void
xuexin_page_apply_async (XuexinPage          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (XUEXIN_IS_PAGE (self));
  g_return_if_fail (!xuexin_page_get_applying (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_page_apply_async);

  xuexin_page_clear_error (self);

  if (XUEXIN_PAGE_GET_CLASS (self)->apply_async == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_task_set_task_data (task, GUINT_TO_POINTER (priv->error_serial), NULL);
  xuexin_page_set_applying (self, TRUE);
  XUEXIN_PAGE_GET_CLASS (self)->apply_async (self, cancellable,
                                             xuexin_page_apply_cb,
                                             g_steal_pointer (&task));
}

gboolean
xuexin_page_apply_finish (XuexinPage    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (XUEXIN_IS_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Most pages end their apply with g_task_return_boolean() on a task of
 * their own: they need no apply_finish of their own. */
static gboolean
xuexin_page_real_apply_finish (XuexinPage    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
xuexin_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  XuexinPage *self = XUEXIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, xuexin_page_get_title (self));
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, xuexin_page_get_complete (self));
      break;

    case PROP_APPLYING:
      g_value_set_boolean (value, xuexin_page_get_applying (self));
      break;

    case PROP_NEXT_LABEL:
      g_value_set_string (value, xuexin_page_get_next_label (self));
      break;

    case PROP_ERROR:
      g_value_set_string (value, xuexin_page_get_error (self));
      break;

    case PROP_FOCUS_WIDGET:
      g_value_set_object (value, xuexin_page_get_focus_widget (self));
      break;

    case PROP_ERROR_WIDGET:
      g_value_set_object (value, xuexin_page_get_error_widget (self));
      break;

    case PROP_FOCUS_ON_NEXT:
      g_value_set_boolean (value, xuexin_page_get_focus_on_next (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_page_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  XuexinPage *self = XUEXIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      xuexin_page_set_title (self, g_value_get_string (value));
      break;

    case PROP_COMPLETE:
      xuexin_page_set_complete (self, g_value_get_boolean (value));
      break;

    case PROP_NEXT_LABEL:
      xuexin_page_set_next_label (self, g_value_get_string (value));
      break;

    case PROP_FOCUS_WIDGET:
      xuexin_page_set_focus_widget (self, g_value_get_object (value));
      break;

    case PROP_FOCUS_ON_NEXT:
      xuexin_page_set_focus_on_next (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_page_dispose (GObject *object)
{
  XuexinPage *self = XUEXIN_PAGE (object);
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_hash_table_remove_all (priv->fields);
  g_clear_weak_pointer (&priv->focus_widget);
  g_clear_weak_pointer (&priv->error_widget);

  G_OBJECT_CLASS (xuexin_page_parent_class)->dispose (object);
}

static void
xuexin_page_finalize (GObject *object)
{
  XuexinPage *self = XUEXIN_PAGE (object);
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  g_clear_pointer (&priv->fields, g_hash_table_unref);
  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->next_label, g_free);
  g_clear_pointer (&priv->error, g_free);
  g_clear_pointer (&priv->error_button, g_free);
  g_clear_pointer (&priv->error_action, g_free);

  G_OBJECT_CLASS (xuexin_page_parent_class)->finalize (object);
}

static void
xuexin_page_class_init (XuexinPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_page_dispose;
  object_class->finalize = xuexin_page_finalize;
  object_class->get_property = xuexin_page_get_property;
  object_class->set_property = xuexin_page_set_property;

  klass->apply_finish = xuexin_page_real_apply_finish;

  /* As GisPage: screen readers present the page's fields as one group. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  /* Named in the assistant's step indicator. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Whether *Next* may be pressed. */
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_APPLYING] =
    g_param_spec_boolean ("applying", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NEXT_LABEL] =
    g_param_spec_string ("next-label", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Where the focus goes when the page is shown; set in `.ui` files
   * as `<property name="focus-widget">code_row</property>`. */
  properties[PROP_FOCUS_WIDGET] =
    g_param_spec_object ("focus-widget", NULL, NULL, GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR_WIDGET] =
    g_param_spec_object ("error-widget", NULL, NULL, GTK_TYPE_WIDGET,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FOCUS_ON_NEXT] =
    g_param_spec_boolean ("focus-on-next", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_page_init (XuexinPage *self)
{
  XuexinPagePrivate *priv = xuexin_page_get_instance_private (self);

  priv->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}
