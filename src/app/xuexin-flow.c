/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include "xuexin-client-error.h"
#include "xuexin-flow.h"

/* The part every flow (register, find username, reset password) shares:
 * the assistant in a bin, the client and draft the pages were made with,
 * and the assistant's outcome passed on as the flow's own. */
typedef struct
{
  XuexinClient    *client;
  GObject         *draft;

  XuexinAssistant *assistant;
} XuexinFlowPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (XuexinFlow, xuexin_flow, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_DRAFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FINISHED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * xuexin_flow_get_client:
 *
 * Returns: (transfer none): the client the pages talk through
 */
XuexinClient *
xuexin_flow_get_client (XuexinFlow *self)
{
  XuexinFlowPrivate *priv = xuexin_flow_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_FLOW (self), NULL);

  return priv->client;
}

/**
 * xuexin_flow_get_draft:
 *
 * Returns: (transfer none): the state the pages share, of the
 *   subclass's draft type
 */
GObject *
xuexin_flow_get_draft (XuexinFlow *self)
{
  XuexinFlowPrivate *priv = xuexin_flow_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_FLOW (self), NULL);

  return priv->draft;
}

/**
 * xuexin_flow_get_assistant:
 *
 * Returns: (transfer none): the assistant holding the pages
 */
XuexinAssistant *
xuexin_flow_get_assistant (XuexinFlow *self)
{
  XuexinFlowPrivate *priv = xuexin_flow_get_instance_private (self);

  g_return_val_if_fail (XUEXIN_IS_FLOW (self), NULL);

  return priv->assistant;
}

void
xuexin_flow_add_page (XuexinFlow *self,
                      XuexinPage *page)
{
  XuexinFlowPrivate *priv = xuexin_flow_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_FLOW (self));
  g_return_if_fail (XUEXIN_IS_PAGE (page));

  xuexin_assistant_add_page (priv->assistant, page);
}

/**
 * xuexin_flow_show_error_on_page:
 *
 * Takes the user back to @page and shows the error at its top, as
 * xuexin_page_set_error() does; for #XuexinFlowClass.refused.
 */
void
xuexin_flow_show_error_on_page (XuexinFlow   *self,
                                XuexinPage   *page,
                                const GError *error,
                                const char   *button_label,
                                const char   *action_name)
{
  XuexinFlowPrivate *priv = xuexin_flow_get_instance_private (self);

  g_return_if_fail (XUEXIN_IS_FLOW (self));
  g_return_if_fail (XUEXIN_IS_PAGE (page));
  g_return_if_fail (error != NULL);

  /* The error first: arriving on the page, the assistant announces it
   * and puts the focus on the field it names (xuexin_page_add_field()),
   * once, instead of on the page's first field and then again. */
  xuexin_page_set_error_for_field (page, xuexin_client_error_get_field (error),
                                   error->message, button_label, action_name);
  xuexin_assistant_go_to_page (priv->assistant, page);
}

static void
assistant_finished_cb (XuexinFlow *self)
{
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
assistant_cancelled_cb (XuexinFlow *self)
{
  g_signal_emit (self, signals[CANCELLED], 0);
}

static void
assistant_page_refused_cb (XuexinFlow   *self,
                           XuexinPage   *page,
                           const GError *error)
{
  if (XUEXIN_FLOW_GET_CLASS (self)->refused != NULL)
    XUEXIN_FLOW_GET_CLASS (self)->refused (self, page, error);
}

static void
xuexin_flow_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  XuexinFlow *self = XUEXIN_FLOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, xuexin_flow_get_client (self));
      break;

    case PROP_DRAFT:
      g_value_set_object (value, xuexin_flow_get_draft (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_flow_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  XuexinFlow *self = XUEXIN_FLOW (object);
  XuexinFlowPrivate *priv = xuexin_flow_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      priv->client = g_value_dup_object (value);
      break;

    case PROP_DRAFT:
      priv->draft = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_flow_dispose (GObject *object)
{
  XuexinFlow *self = XUEXIN_FLOW (object);
  XuexinFlowPrivate *priv = xuexin_flow_get_instance_private (self);

  /* The assistant is both AdwBin's child and the template's only child:
   * the bin drops it once, GtkWidget's dispose then drops the template's
   * reference. Not gtk_widget_dispose_template(): GTK 4.8 looks the
   * template up on the instance's class, and subclasses have none. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&priv->client);
  g_clear_object (&priv->draft);

  G_OBJECT_CLASS (xuexin_flow_parent_class)->dispose (object);
}

static void
xuexin_flow_class_init (XuexinFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_flow_dispose;
  object_class->get_property = xuexin_flow_get_property;
  object_class->set_property = xuexin_flow_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, XUEXIN_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, G_TYPE_OBJECT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * XuexinFlow::finished:
   *
   * The last page applied; the subclass's getters tell the outcome.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * XuexinFlow::cancelled:
   *
   * The user chose to leave the flow.
   */
  signals[CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (XUEXIN_TYPE_ASSISTANT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/xuexin-flow.ui");
  gtk_widget_class_bind_template_child_private (widget_class, XuexinFlow, assistant);
  gtk_widget_class_bind_template_callback (widget_class, assistant_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, assistant_cancelled_cb);
  gtk_widget_class_bind_template_callback (widget_class, assistant_page_refused_cb);
}

static void
xuexin_flow_init (XuexinFlow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
