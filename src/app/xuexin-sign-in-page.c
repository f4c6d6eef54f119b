/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "xuexin-a11y.h"
#include "xuexin-client-error.h"
#include "xuexin-format.h"
#include "xuexin-common.h"
#include "xuexin-help.h"
#include "xuexin-sign-in-page.h"

struct _XuexinSignInPage
{
  AdwBin       parent_instance;

  GtkImage    *app_icon;
  GtkBox      *sign_in_error_box;
  GtkLabel    *sign_in_error_label;
  GtkButton   *error_help_button;
  GtkButton   *sign_in_button;
  GtkCheckButton *remember_check;
  AdwEntryRow *login_name_row;
  AdwEntryRow *password_row;

  gboolean     service_available;
  gboolean     busy;

  /* A rate-limit refusal counts down to when signing in works again. */
  char        *blocked_message;
  gint64       blocked_until;
  guint        blocked_source;
  guint        scroll_tick;
};

G_DEFINE_FINAL_TYPE (XuexinSignInPage, xuexin_sign_in_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVICE_AVAILABLE,
  N_PROPS
};

enum {
  SIGN_IN_REQUESTED,
  FLOW_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/**
 * xuexin_login_name_classify:
 * @text: what the user typed
 * @normalized: (out) (optional): the login name as the service expects it
 * @problem: (out) (optional): a translated sentence saying what to fix
 *
 * The service accepts a phone number, an ID number or an email address
 * as the login name. Telling them apart here lets the page say precisely
 * what is wrong before anything is sent.
 */
XuexinLoginNameKind
xuexin_login_name_classify (const char  *text,
                            char       **normalized,
                            const char **problem)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  gboolean all_digits = *trimmed != '\0';

  if (problem != NULL)
    *problem = NULL;

  if (*trimmed == '\0')
    {
      if (problem != NULL)
        *problem = _("Enter the phone number, ID number or email address of your account.");
      return XUEXIN_LOGIN_NAME_INVALID;
    }

  if (strchr (trimmed, '@') != NULL)
    {
      XuexinEmailResult result = xuexin_email_validate (trimmed, normalized);

      if (result == XUEXIN_EMAIL_OK)
        return XUEXIN_LOGIN_NAME_EMAIL;
      if (problem != NULL)
        *problem = xuexin_email_result_to_message (result);
      return XUEXIN_LOGIN_NAME_INVALID;
    }

  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && *p != ' ' && *p != '-' && *p != '+')
        all_digits = FALSE;
    }

  /* Eleven digits (maybe grouped or with +86) are a phone number; an
   * 18-character number is an ID number. */
  if (all_digits && strlen (trimmed) < 18)
    {
      XuexinPhoneResult result = xuexin_phone_validate (trimmed, normalized);

      if (result == XUEXIN_PHONE_OK)
        return XUEXIN_LOGIN_NAME_PHONE;
      if (problem != NULL)
        *problem = xuexin_phone_result_to_message (result);
      return XUEXIN_LOGIN_NAME_INVALID;
    }
  else
    {
      XuexinIdNumberResult result = xuexin_id_number_validate (trimmed, NULL, normalized);

      if (result == XUEXIN_ID_NUMBER_OK)
        return XUEXIN_LOGIN_NAME_ID_NUMBER;
      if (problem != NULL)
        *problem = xuexin_id_number_result_to_message (result);
      return XUEXIN_LOGIN_NAME_INVALID;
    }
}

/* Once laid out, the banner (and the field at fault below it) are
 * scrolled into view: on a short window the user may have scrolled down
 * to the QR rows, and would not see why nothing happened. */
static gboolean
scroll_to_error_cb (GtkWidget     *widget,
                    GdkFrameClock *frame_clock,
                    gpointer       user_data)
{
  XuexinSignInPage *self = XUEXIN_SIGN_IN_PAGE (widget);
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->sign_in_error_box), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content = scroller != NULL ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)) : NULL;
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  graphene_rect_t banner, field;
  double bottom;

  /* In the coordinates of the scrolled content, which the adjustment's are. */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));

  if (content == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->sign_in_error_box)))
    {
      self->scroll_tick = 0;
      return G_SOURCE_REMOVE;
    }

  /* Ticks come before layout: a banner just shown is placed a frame later. */
  if (gtk_widget_get_height (GTK_WIDGET (self->sign_in_error_box)) == 0 ||
      !gtk_widget_compute_bounds (GTK_WIDGET (self->sign_in_error_box), content, &banner))
    return G_SOURCE_CONTINUE;

  self->scroll_tick = 0;

  bottom = banner.origin.y + banner.size.height;
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)) &&
      gtk_widget_compute_bounds (focus, content, &field))
    bottom = MAX (bottom, field.origin.y + field.size.height);

  /* The banner's top wins if both do not fit. */
  gtk_adjustment_clamp_page (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)),
                             MAX (0, banner.origin.y - 6), bottom);
  return G_SOURCE_REMOVE;
}

/* The error is an alert (announced as it appears, see xuexin-a11y.c),
 * tied to the field at fault, which gets the focus. */
static void
xuexin_sign_in_page_set_error (XuexinSignInPage *self,
                               const char       *message,
                               AdwEntryRow      *row)
{
  xuexin_a11y_set_field_error (GTK_WIDGET (self->login_name_row), NULL);
  xuexin_a11y_set_field_error (GTK_WIDGET (self->password_row), NULL);

  if (message == NULL)
    {
      xuexin_a11y_hide_alert (self->sign_in_error_label);
      gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error_box), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->error_help_button), FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error_box), TRUE);
  xuexin_a11y_show_alert (self->sign_in_error_label, message);

  if (row != NULL)
    {
      xuexin_a11y_set_field_error (GTK_WIDGET (row), GTK_WIDGET (self->sign_in_error_label));
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }

  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_error_cb, NULL, NULL);
}

/* The login name or the password, as the service names it in a refusal. */
static AdwEntryRow *
xuexin_sign_in_page_get_row_at_fault (XuexinSignInPage *self,
                                      const GError     *error)
{
  const char *field = xuexin_client_error_get_field (error);

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_INVALID_CREDENTIALS))
    return self->password_row;
  if (g_strcmp0 (field, "login_name") == 0)
    return self->login_name_row;
  if (g_strcmp0 (field, "password") == 0)
    return self->password_row;
  return NULL;
}

static void
xuexin_sign_in_page_update_actions (XuexinSignInPage *self)
{
  const char *login_name = gtk_editable_get_text (GTK_EDITABLE (self->login_name_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.submit",
                                 self->service_available && !self->busy && self->blocked_source == 0 &&
                                 *login_name != '\0' && *password != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.register", self->service_available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.find-username", self->service_available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.reset-password", self->service_available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.qr", self->service_available);
}

static gboolean
blocked_tick_cb (gpointer user_data)
{
  XuexinSignInPage *self = user_data;
  gint64 remaining = self->blocked_until - g_get_monotonic_time ();
  g_autofree char *wait = NULL;
  g_autofree char *message = NULL;

  if (remaining <= 0)
    {
      self->blocked_source = 0;
      g_clear_pointer (&self->blocked_message, g_free);
      xuexin_sign_in_page_set_error (self, NULL, NULL);
      xuexin_sign_in_page_update_actions (self);
      return G_SOURCE_REMOVE;
    }

  wait = xuexin_format_wait ((guint) ((remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  /* Translators: the first %s is the rate-limit sentence, the second a waiting time counting down. */
  message = g_strdup_printf (_("%s You can sign in with your password again in %s."), self->blocked_message, wait);
  gtk_label_set_label (self->sign_in_error_label, message);
  return G_SOURCE_CONTINUE;
}

static void
xuexin_sign_in_page_stop_countdown (XuexinSignInPage *self)
{
  g_clear_handle_id (&self->blocked_source, g_source_remove);
  g_clear_pointer (&self->blocked_message, g_free);
}

/**
 * xuexin_sign_in_page_show_error:
 *
 * Shows why signing in failed. Nothing typed is cleared except a wrong
 * password, which is selected so the next attempt replaces it.
 */
void
xuexin_sign_in_page_show_error (XuexinSignInPage *self,
                                const GError     *error)
{
  g_return_if_fail (XUEXIN_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (error != NULL);

  xuexin_sign_in_page_stop_countdown (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_RATE_LIMITED))
    {
      guint retry_after = xuexin_client_error_get_retry_after (error);

      xuexin_sign_in_page_set_error (self, error->message, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->error_help_button), TRUE);
      if (retry_after > 0)
        {
          self->blocked_message = g_strdup (error->message);
          self->blocked_until = g_get_monotonic_time () + (gint64) retry_after * G_USEC_PER_SEC;
          self->blocked_source = g_timeout_add_seconds (1, blocked_tick_cb, self);
          blocked_tick_cb (self);
        }
    }
  else
    {
      AdwEntryRow *row = xuexin_sign_in_page_get_row_at_fault (self, error);

      xuexin_sign_in_page_set_error (self, error->message, row);
      if (row == self->password_row)
        gtk_editable_select_region (GTK_EDITABLE (self->password_row), 0, -1);
    }

  xuexin_sign_in_page_update_actions (self);
}

void
xuexin_sign_in_page_set_busy (XuexinSignInPage *self,
                              gboolean          busy)
{
  g_return_if_fail (XUEXIN_IS_SIGN_IN_PAGE (self));

  /* Only the button goes insensitive: making the focused entry
   * insensitive would take the focus from under the user's fingers. */
  self->busy = !!busy;
  xuexin_sign_in_page_update_actions (self);
}

/**
 * xuexin_sign_in_page_reset:
 *
 * After signing out: the password is forgotten, the login name kept
 * (on a shared kiosk the window clears it instead).
 */
void
xuexin_sign_in_page_reset (XuexinSignInPage *self)
{
  g_return_if_fail (XUEXIN_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  xuexin_sign_in_page_set_error (self, NULL, NULL);
  xuexin_sign_in_page_set_busy (self, FALSE);
}

/**
 * xuexin_sign_in_page_set_login_name:
 * @login_name: a login name that Find Username found, or whose password
 *   was just reset
 *
 * Fills in the login name and moves the focus to the password. A wait
 * after too many attempts is dropped: a password reset lifts the block
 * (FAQ 7), and the service says so again where one still holds.
 */
void
xuexin_sign_in_page_set_login_name (XuexinSignInPage *self,
                                    const char       *login_name)
{
  g_return_if_fail (XUEXIN_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (login_name != NULL);

  xuexin_sign_in_page_stop_countdown (self);
  xuexin_sign_in_page_set_error (self, NULL, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->login_name_row), login_name);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  xuexin_sign_in_page_update_actions (self);
}

static void
login_name_changed_cb (XuexinSignInPage *self)
{
  /* Typing again means the user is fixing it: don't nag meanwhile. */
  if (gtk_widget_has_css_class (GTK_WIDGET (self->login_name_row), "error") && self->blocked_source == 0)
    xuexin_sign_in_page_set_error (self, NULL, NULL);
  xuexin_sign_in_page_update_actions (self);
}

static void
password_changed_cb (XuexinSignInPage *self)
{
  if (gtk_widget_has_css_class (GTK_WIDGET (self->password_row), "error") && self->blocked_source == 0)
    xuexin_sign_in_page_set_error (self, NULL, NULL);
  xuexin_sign_in_page_update_actions (self);
}

static void
login_name_activated_cb (XuexinSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
password_activated_cb (XuexinSignInPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.submit", NULL);
}

static void
xuexin_sign_in_page_submit_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  XuexinSignInPage *self = XUEXIN_SIGN_IN_PAGE (widget);
  g_autofree char *login_name = NULL;
  const char *problem = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (xuexin_login_name_classify (gtk_editable_get_text (GTK_EDITABLE (self->login_name_row)),
                                  &login_name, &problem) == XUEXIN_LOGIN_NAME_INVALID)
    {
      xuexin_sign_in_page_set_error (self, problem, self->login_name_row);
      return;
    }

  if (*password == '\0')
    {
      xuexin_sign_in_page_set_error (self, _("Enter your password."), self->password_row);
      return;
    }

  xuexin_sign_in_page_set_error (self, NULL, NULL);
  g_signal_emit (self, signals[SIGN_IN_REQUESTED], 0, login_name, password);
}

static void
xuexin_sign_in_page_flow_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  const char *flow = action_name + strlen ("sign-in.");

  if (parameter != NULL)
    {
      g_autofree char *qr_flow = g_strdup_printf ("qr-%s", g_variant_get_string (parameter, NULL));
      g_signal_emit (widget, signals[FLOW_REQUESTED], 0, qr_flow);
      return;
    }

  g_signal_emit (widget, signals[FLOW_REQUESTED], 0, flow);
}

static void
xuexin_sign_in_page_help_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  xuexin_help_show_topic (widget, g_variant_get_string (parameter, NULL));
}

static void
xuexin_sign_in_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  XuexinSignInPage *self = XUEXIN_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE_AVAILABLE:
      g_value_set_boolean (value, self->service_available);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_sign_in_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  XuexinSignInPage *self = XUEXIN_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE_AVAILABLE:
      if (self->service_available != g_value_get_boolean (value))
        {
          self->service_available = g_value_get_boolean (value);
          xuexin_sign_in_page_update_actions (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_sign_in_page_dispose (GObject *object)
{
  XuexinSignInPage *self = XUEXIN_SIGN_IN_PAGE (object);

  xuexin_sign_in_page_stop_countdown (self);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;

  gtk_widget_dispose_template (GTK_WIDGET (object), XUEXIN_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (xuexin_sign_in_page_parent_class)->dispose (object);
}

static void
xuexin_sign_in_page_class_init (XuexinSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_sign_in_page_dispose;
  object_class->get_property = xuexin_sign_in_page_get_property;
  object_class->set_property = xuexin_sign_in_page_set_property;

  /**
   * XuexinSignInPage:service-available:
   *
   * Whether an account service is connected; the flows that need one
   * stay disabled until it is.
   */
  properties[PROP_SERVICE_AVAILABLE] =
    g_param_spec_boolean ("service-available", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * XuexinSignInPage::sign-in-requested:
   * @login_name: the normalised phone number, ID number or email
   * @password: the password
   */
  signals[SIGN_IN_REQUESTED] =
    g_signal_new ("sign-in-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * XuexinSignInPage::flow-requested:
   * @flow: "register", "find-username", "reset-password", "qr-wechat" or "qr-alipay"
   */
  signals[FLOW_REQUESTED] =
    g_signal_new ("flow-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/xuexin-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinSignInPage, app_icon);
  gtk_widget_class_bind_template_child (widget_class, XuexinSignInPage, sign_in_error_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinSignInPage, sign_in_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinSignInPage, error_help_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinSignInPage, remember_check);
  gtk_widget_class_bind_template_child (widget_class, XuexinSignInPage, login_name_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinSignInPage, password_row);
  gtk_widget_class_bind_template_callback (widget_class, login_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_name_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.submit", NULL, xuexin_sign_in_page_submit_action);
  gtk_widget_class_install_action (widget_class, "sign-in.register", NULL, xuexin_sign_in_page_flow_action);
  gtk_widget_class_install_action (widget_class, "sign-in.find-username", NULL, xuexin_sign_in_page_flow_action);
  gtk_widget_class_install_action (widget_class, "sign-in.reset-password", NULL, xuexin_sign_in_page_flow_action);
  gtk_widget_class_install_action (widget_class, "sign-in.qr", "s", xuexin_sign_in_page_flow_action);
  gtk_widget_class_install_action (widget_class, "sign-in.help", "s", xuexin_sign_in_page_help_action);
}

/**
 * xuexin_sign_in_page_focus_login_name:
 *
 * Where a user starts on the sign-in page: the first window, after
 * signing out, after leaving a flow.
 */
void
xuexin_sign_in_page_focus_login_name (XuexinSignInPage *self)
{
  g_return_if_fail (XUEXIN_IS_SIGN_IN_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->login_name_row));
}

void
xuexin_sign_in_page_focus_password (XuexinSignInPage *self)
{
  g_return_if_fail (XUEXIN_IS_SIGN_IN_PAGE (self));

  /* Without a login name there is nothing to type a password for yet. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->login_name_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->login_name_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

/**
 * xuexin_sign_in_page_get_remember_check:
 *
 * Returns: (transfer none): the "Keep me signed in" check button, which
 *   the window binds to the remember-me setting and hides on kiosks
 */
GtkWidget *
xuexin_sign_in_page_get_remember_check (XuexinSignInPage *self)
{
  g_return_val_if_fail (XUEXIN_IS_SIGN_IN_PAGE (self), NULL);

  return GTK_WIDGET (self->remember_check);
}

static void
xuexin_sign_in_page_init (XuexinSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The development build has its own, striped icon. */
  gtk_image_set_from_icon_name (self->app_icon, APPLICATION_ID);
  xuexin_sign_in_page_update_actions (self);
}
