/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-a11y.h"
#include "xuexin-account-page.h"
#include "xuexin-common.h"
#include "xuexin-email-dialog.h"
#include "xuexin-help.h"
#include "xuexin-open-link.h"
#include "xuexin-phone-dialog.h"
#include "xuexin-provider-bind-dialog.h"

/* 账号管理: who the account belongs to, its state, how it is secured
 * (phone, security email, WeChat and Alipay), the student records of its
 * ID number, and the platforms that share it.
 *
 * A pending_identity account may do none of it (the service answers
 * identity_verification_required), so the security group is shown but
 * off, with the reason, and the records wait for verification. */
struct _XuexinAccountPage
{
  AdwBin               parent_instance;

  XuexinClient        *client;
  XuexinAccount       *account;
  gboolean             demo_mode;
  GCancellable        *cancellable;         /* everything loaded for this account */
  GCancellable        *unbind_cancellable;
  gboolean             providers_loaded;
  gboolean             wechat_bound;
  gboolean             alipay_bound;
  guint                unblock_source;      /* when the binding block ends */

  GtkLabel            *greeting_label;
  GtkBox              *pending_box;
  GtkWidget           *review_progress_button;
  AdwActionRow        *account_name_row;
  AdwActionRow        *account_id_row;
  AdwPreferencesGroup *account_security_group;
  AdwActionRow        *account_phone_row;
  AdwActionRow        *account_email_row;
  GtkButton           *account_email_button;
  AdwActionRow        *account_wechat_row;
  GtkWidget           *account_wechat_bind_button;
  GtkWidget           *account_wechat_unbind_button;
  AdwActionRow        *account_alipay_row;
  GtkWidget           *account_alipay_bind_button;
  GtkWidget           *account_alipay_unbind_button;
  AdwActionRow        *account_bind_blocked_row;
  GtkLabel            *account_security_error_label;
  GtkStack            *account_records_stack;
  GtkSpinner          *account_records_spinner;
  GtkListBox          *account_records_list;
  GtkLabel            *account_records_error_label;
  AdwPreferencesGroup *platforms_group;
  GtkListBox          *platforms_list;
};

G_DEFINE_FINAL_TYPE (XuexinAccountPage, xuexin_account_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DEMO_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Whole sentences per provider, so translators see the name in context. */
typedef struct {
  const char *id;
  const char *unbind_heading;
  const char *unbind_body;
  const char *bound_toast;
  const char *unbound_toast;
} ProviderTexts;

static const ProviderTexts provider_texts[] = {
  {
    XUEXIN_PROVIDER_WECHAT,
    N_("Unbind WeChat?"),
    N_("You will no longer be able to sign in by scanning with WeChat. You can bind it again later."),
    N_("WeChat is bound. You can now sign in by scanning with WeChat."),
    N_("WeChat is unbound"),
  },
  {
    XUEXIN_PROVIDER_ALIPAY,
    N_("Unbind Alipay?"),
    N_("You will no longer be able to sign in by scanning with Alipay. You can bind it again later."),
    N_("Alipay is bound. You can now sign in by scanning with Alipay."),
    N_("Alipay is unbound"),
  },
};

static const ProviderTexts *
lookup_provider_texts (const char *provider)
{
  for (guint i = 0; i < G_N_ELEMENTS (provider_texts); i++)
    {
      if (g_strcmp0 (provider_texts[i].id, provider) == 0)
        return &provider_texts[i];
    }

  return NULL;
}

static void xuexin_account_page_load_providers (XuexinAccountPage *self);
static void xuexin_account_page_update_security (XuexinAccountPage *self);

static void
xuexin_account_page_toast (XuexinAccountPage *self,
                           const char        *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    {
      /* libadwaita 1.2 does not announce toasts. */
      xuexin_a11y_announce (GTK_WIDGET (self), message);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
    }
}

static gboolean
xuexin_account_page_is_active (XuexinAccountPage *self)
{
  return self->account != NULL && xuexin_account_is_active (self->account);
}

static void
xuexin_account_page_set_security_error (XuexinAccountPage *self,
                                        const char        *message)
{
  gtk_label_set_label (self->account_security_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->account_security_error_label), message != NULL);
}

/* ----- platforms -------------------------------------------------------- */

static GtkWidget *
create_platform_row (gpointer item,
                     gpointer user_data)
{
  XuexinPlatform *platform = item;
  GtkWidget *row = adw_action_row_new ();
  /* The row's description says where it leads; the icon is decoration. */
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", "adw-external-link-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), xuexin_platform_get_name (platform));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), xuexin_platform_get_description (platform));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, xuexin_platform_get_url (platform));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  g_object_set_data_full (G_OBJECT (row), "url", g_strdup (xuexin_platform_get_url (platform)), g_free);

  return row;
}

static void
platform_activated_cb (XuexinAccountPage *self,
                       GtkListBoxRow     *row)
{
  const char *url = g_object_get_data (G_OBJECT (row), "url");

  if (url != NULL)
    xuexin_open_link (GTK_WIDGET (self), url, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

static void
get_platforms_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(XuexinAccountPage) self = user_data;
  g_autoptr(GListModel) platforms = NULL;
  g_autoptr(GError) error = NULL;

  platforms = xuexin_client_get_platforms_finish (XUEXIN_CLIENT (object), result, &error);
  if (platforms == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_group_set_description (self->platforms_group, error->message);
      return;
    }

  gtk_list_box_bind_model (self->platforms_list, platforms, create_platform_row, NULL, NULL);
}

/* ----- student records (学籍, 学历) ------------------------------------ */

static const char *
enrollment_status_label (const char *status)
{
  if (g_strcmp0 (status, "enrolled") == 0)
    /* Translators: status of a student status record (在籍) */
    return _("Enrolled");
  if (g_strcmp0 (status, "suspended") == 0)
    /* Translators: status of a student status record (休学) */
    return _("Suspended");
  if (g_strcmp0 (status, "withdrawn") == 0)
    /* Translators: status of a student status record (退学) */
    return _("Withdrawn");
  if (g_strcmp0 (status, "graduated") == 0)
    /* Translators: status of a student status record (毕业) */
    return _("Graduated");

  return status;
}

/* School and student or certificate number are data, not markup. */
static GtkWidget *
create_record_row (const char *school,
                   const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), school);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static GtkWidget *
create_enrollment_row (XuexinEnrollmentRecord *record)
{
  g_autofree char *subtitle = NULL;

  /* Translators: the first %s is a level such as “Bachelor's degree programme”,
   * the second a status such as “Graduated”; then the student number and
   * the year of enrollment. */
  subtitle = g_strdup_printf (_("Student status · %s · %s\nStudent number %s, enrolled in %d"),
                              xuexin_education_level_get_label (xuexin_record_get_education_level (XUEXIN_RECORD (record))),
                              enrollment_status_label (xuexin_enrollment_record_get_status (record)),
                              xuexin_enrollment_record_get_student_number (record),
                              xuexin_enrollment_record_get_enrollment_year (record));

  return create_record_row (xuexin_record_get_school (XUEXIN_RECORD (record)), subtitle);
}

static GtkWidget *
create_degree_row (XuexinDegreeRecord *record)
{
  g_autofree char *subtitle = NULL;

  /* Translators: %s is a level such as “Master's degree programme”; then
   * the certificate number and the year of graduation. */
  subtitle = g_strdup_printf (_("Degree certificate · %s\nCertificate number %s, graduated in %d"),
                              xuexin_education_level_get_label (xuexin_record_get_education_level (XUEXIN_RECORD (record))),
                              xuexin_degree_record_get_certificate_number (record),
                              xuexin_degree_record_get_graduation_year (record));

  return create_record_row (xuexin_record_get_school (XUEXIN_RECORD (record)), subtitle);
}

static GtkWidget *
create_record_row_cb (gpointer item,
                      gpointer user_data)
{
  if (XUEXIN_IS_ENROLLMENT_RECORD (item))
    return create_enrollment_row (item);

  return create_degree_row (item);
}

static void
get_records_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(XuexinAccountPage) self = user_data;
  g_autoptr(GListModel) enrollments = NULL;
  g_autoptr(GListModel) degrees = NULL;
  g_autoptr(GListStore) records = NULL;
  g_autoptr(GError) error = NULL;

  if (!xuexin_client_get_records_finish (XUEXIN_CLIENT (object), result, &enrollments, &degrees, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      gtk_spinner_set_spinning (self->account_records_spinner, FALSE);
      if (xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_IDENTITY_VERIFICATION_REQUIRED))
        gtk_stack_set_visible_child_name (self->account_records_stack, "pending");
      else
        {
          gtk_label_set_label (self->account_records_error_label, error->message);
          gtk_stack_set_visible_child_name (self->account_records_stack, "error");
        }
      return;
    }

  gtk_spinner_set_spinning (self->account_records_spinner, FALSE);

  /* Student status first, then degrees, each in the service's order. */
  records = g_list_store_new (G_TYPE_OBJECT);
  for (guint i = 0; i < g_list_model_get_n_items (enrollments); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (enrollments, i);
      g_list_store_append (records, item);
    }
  for (guint i = 0; i < g_list_model_get_n_items (degrees); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (degrees, i);
      g_list_store_append (records, item);
    }

  gtk_list_box_bind_model (self->account_records_list, G_LIST_MODEL (records),
                           create_record_row_cb, NULL, NULL);
  gtk_stack_set_visible_child_name (self->account_records_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (records)) > 0 ? "list" : "empty");
}

static void
xuexin_account_page_load_records (XuexinAccountPage *self)
{
  gtk_list_box_bind_model (self->account_records_list, NULL, NULL, NULL, NULL);

  if (!xuexin_account_page_is_active (self))
    {
      gtk_spinner_set_spinning (self->account_records_spinner, FALSE);
      gtk_stack_set_visible_child_name (self->account_records_stack, "pending");
      return;
    }

  gtk_spinner_set_spinning (self->account_records_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->account_records_stack, "loading");
  xuexin_client_get_records_async (self->client, self->cancellable, get_records_cb, g_object_ref (self));
}

static void
xuexin_account_page_reload_records_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  xuexin_account_page_load_records (XUEXIN_ACCOUNT_PAGE (widget));
}

/* ----- security: phone and email --------------------------------------- */

static void
xuexin_account_page_update_contacts (XuexinAccountPage *self)
{
  g_autofree char *phone = NULL;
  const char *email;
  gboolean has_email;

  phone = xuexin_phone_mask (xuexin_account_get_phone (self->account));
  adw_action_row_set_subtitle (self->account_phone_row, phone);

  email = xuexin_account_get_email (self->account);
  has_email = email != NULL && *email != '\0';
  adw_action_row_set_subtitle (self->account_email_row, has_email ? email : _("Not bound yet"));
  gtk_button_set_label (self->account_email_button, has_email ? _("_Change…") : _("Bin_d…"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->account_email_button),
                               has_email ? _("Change the security email") : _("Bind a security email"));
}

/* The dialogs answer with the account as the service now has it. */
static void
account_changed_cb (XuexinAccountPage *self,
                    XuexinAccount     *account,
                    GtkWidget         *dialog)
{
  g_set_object (&self->account, account);
  xuexin_account_page_update_contacts (self);
}

static void
email_changed_cb (XuexinAccountPage *self,
                  XuexinAccount     *account,
                  GtkWidget         *dialog)
{
  account_changed_cb (self, account, dialog);
  xuexin_account_page_toast (self, _("The security email is bound"));
}

static void
phone_changed_cb (XuexinAccountPage *self,
                  XuexinAccount     *account,
                  GtkWidget         *dialog)
{
  account_changed_cb (self, account, dialog);
  xuexin_account_page_toast (self, _("The mobile phone number is changed. Use the new number to sign in."));
}

static void
xuexin_account_page_change_email_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  XuexinAccountPage *self = XUEXIN_ACCOUNT_PAGE (widget);
  XuexinEmailDialog *dialog;

  if (!xuexin_account_page_is_active (self))
    return;

  dialog = xuexin_email_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->client, self->account);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (email_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
xuexin_account_page_change_phone_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  XuexinAccountPage *self = XUEXIN_ACCOUNT_PAGE (widget);
  XuexinPhoneDialog *dialog;

  if (!xuexin_account_page_is_active (self))
    return;

  dialog = xuexin_phone_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->client, self->account);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (phone_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ----- security: WeChat and Alipay ------------------------------------- */

/* The end of the FAQ 7 block, or 0 when binding is allowed. */
static gint64
xuexin_account_page_get_blocked_until (XuexinAccountPage *self)
{
  GDateTime *until;
  gint64 seconds;

  if (self->account == NULL)
    return 0;

  until = xuexin_account_get_provider_bind_blocked_until (self->account);
  if (until == NULL)
    return 0;

  seconds = g_date_time_to_unix (until);
  return seconds > g_get_real_time () / G_USEC_PER_SEC ? seconds : 0;
}

static gboolean
unblock_cb (gpointer user_data)
{
  XuexinAccountPage *self = user_data;

  self->unblock_source = 0;
  xuexin_account_page_update_security (self);
  return G_SOURCE_REMOVE;
}

static void
xuexin_account_page_update_block (XuexinAccountPage *self)
{
  gint64 blocked_until = xuexin_account_page_get_blocked_until (self);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_clear_handle_id (&self->unblock_source, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->account_bind_blocked_row),
                          blocked_until > 0 && xuexin_account_page_is_active (self));

  if (blocked_until > 0)
    {
      g_autoptr(GDateTime) until = g_date_time_new_from_unix_local (blocked_until);
      g_autoptr(GDateTime) today = g_date_time_new_now_local ();
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;

      if (g_date_time_get_day_of_year (until) == g_date_time_get_day_of_year (today) &&
          g_date_time_get_year (until) == g_date_time_get_year (today))
        when = g_date_time_format (until, "%H:%M");
      else
        when = g_date_time_format (until, "%Y-%m-%d %H:%M");

      /* Translators: %s is a time such as “16:05” (FAQ 7). */
      subtitle = g_strdup_printf (_("After too many sign-in attempts, WeChat and Alipay cannot be bound for 2 hours. You can bind them again after %s. Meanwhile, sign in with your username and password."),
                                  when);
      adw_action_row_set_subtitle (self->account_bind_blocked_row, subtitle);

      /* The rows come back on by themselves once the block is over. */
      self->unblock_source = g_timeout_add_seconds ((guint) MIN (blocked_until - now + 1, G_MAXUINT / 2),
                                                    unblock_cb, self);
    }
}

static void
xuexin_account_page_update_provider_row (XuexinAccountPage *self,
                                         AdwActionRow      *row,
                                         GtkWidget         *bind_button,
                                         GtkWidget         *unbind_button,
                                         gboolean           bound,
                                         GDateTime         *bound_at)
{
  GtkRoot *root;
  GtkWidget *focus;
  gboolean move_focus;

  if (!self->providers_loaded)
    {
      adw_action_row_set_subtitle (row, xuexin_account_page_is_active (self) ? _("Checking…") : _("Not bound"));
      gtk_widget_set_visible (bind_button, !xuexin_account_page_is_active (self));
      gtk_widget_set_visible (unbind_button, FALSE);
      return;
    }

  if (bound && bound_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (bound_at);
      g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");
      /* Translators: %s is a date such as 2026-03-01. */
      g_autofree char *subtitle = g_strdup_printf (_("Bound on %s"), date);

      adw_action_row_set_subtitle (row, subtitle);
    }
  else
    adw_action_row_set_subtitle (row, bound ? _("Bound") : _("Not bound"));

  root = gtk_widget_get_root (bind_button);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  move_focus = (bound && focus == bind_button) || (!bound && focus == unbind_button);

  gtk_widget_set_visible (bind_button, !bound);
  gtk_widget_set_visible (unbind_button, bound);

  /* The button the user pressed goes away (Bind after binding): its
   * counterpart in the same row takes the focus, rather than GTK moving
   * it somewhere else without telling AT-SPI. */
  if (move_focus)
    gtk_widget_grab_focus (bound ? unbind_button : bind_button);
}

static void
xuexin_account_page_update_security (XuexinAccountPage *self)
{
  gboolean active = xuexin_account_page_is_active (self);

  /* The service refuses all of it for pending accounts: say why here
   * rather than after a click. The rows go off; the reason stays
   * readable above them. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_phone_row), active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_email_row), active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_wechat_row), active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_alipay_row), active);
  adw_preferences_group_set_description (self->account_security_group,
                                         active ? _("Your phone number and security email are also login names and receive the codes for recovering the account. With WeChat or Alipay bound, you can sign in by scanning.")
                                                : _("Security settings can be changed once this account has passed identity verification in one of the ways above."));

  xuexin_account_page_update_block (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.change-phone", active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.change-email", active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.bind-provider",
                                 active && self->providers_loaded &&
                                 xuexin_account_page_get_blocked_until (self) == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.unbind-provider",
                                 active && self->providers_loaded);
}

static void
get_providers_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(XuexinAccountPage) self = user_data;
  g_autoptr(GListModel) providers = NULL;
  g_autoptr(GError) error = NULL;
  GDateTime *wechat_bound_at = NULL;
  GDateTime *alipay_bound_at = NULL;

  providers = xuexin_client_get_providers_finish (XUEXIN_CLIENT (object), result, &error);
  if (providers == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      adw_action_row_set_subtitle (self->account_wechat_row, _("Unknown"));
      adw_action_row_set_subtitle (self->account_alipay_row, _("Unknown"));
      xuexin_account_page_set_security_error (self, error->message);
      return;
    }

  xuexin_account_page_set_security_error (self, NULL);
  self->providers_loaded = TRUE;
  self->wechat_bound = FALSE;
  self->alipay_bound = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(XuexinProvider) provider = g_list_model_get_item (providers, i);
      const char *id = xuexin_provider_get_provider (provider);

      if (g_strcmp0 (id, XUEXIN_PROVIDER_WECHAT) == 0)
        {
          self->wechat_bound = xuexin_provider_get_bound (provider);
          wechat_bound_at = xuexin_provider_get_bound_at (provider);
        }
      else if (g_strcmp0 (id, XUEXIN_PROVIDER_ALIPAY) == 0)
        {
          self->alipay_bound = xuexin_provider_get_bound (provider);
          alipay_bound_at = xuexin_provider_get_bound_at (provider);
        }
    }

  xuexin_account_page_update_provider_row (self, self->account_wechat_row,
                                           self->account_wechat_bind_button, self->account_wechat_unbind_button,
                                           self->wechat_bound, wechat_bound_at);
  xuexin_account_page_update_provider_row (self, self->account_alipay_row,
                                           self->account_alipay_bind_button, self->account_alipay_unbind_button,
                                           self->alipay_bound, alipay_bound_at);
  xuexin_account_page_update_security (self);
}

static void
xuexin_account_page_load_providers (XuexinAccountPage *self)
{
  if (!xuexin_account_page_is_active (self))
    return;

  xuexin_client_get_providers_async (self->client, self->cancellable, get_providers_cb, g_object_ref (self));
}

static void
provider_bound_cb (XuexinAccountPage        *self,
                   XuexinProviderBindDialog *dialog)
{
  const ProviderTexts *texts = lookup_provider_texts (xuexin_ticket_dialog_get_provider (XUEXIN_TICKET_DIALOG (dialog)));

  if (texts != NULL)
    xuexin_account_page_toast (self, _(texts->bound_toast));
  xuexin_account_page_load_providers (self);
}

static void
refresh_me_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(XuexinAccountPage) self = user_data;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = xuexin_client_get_me_finish (XUEXIN_CLIENT (object), result, &error);
  if (account == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not refresh the account: %s", error->message);
      return;
    }

  g_set_object (&self->account, account);
  xuexin_account_page_update_contacts (self);
  xuexin_account_page_update_security (self);
}

/* The service refused to start binding because of the FAQ 7 block: the
 * account says until when. */
static void
provider_bind_blocked_cb (XuexinAccountPage        *self,
                          XuexinProviderBindDialog *dialog)
{
  xuexin_client_get_me_async (self->client, self->cancellable, refresh_me_cb, g_object_ref (self));
}

static void
xuexin_account_page_bind_provider_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  XuexinAccountPage *self = XUEXIN_ACCOUNT_PAGE (widget);
  const char *provider = g_variant_get_string (parameter, NULL);
  XuexinProviderBindDialog *dialog;

  if (!xuexin_account_page_is_active (self) || lookup_provider_texts (provider) == NULL)
    return;

  dialog = xuexin_provider_bind_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->client, provider,
                                            self->demo_mode);
  g_signal_connect_object (dialog, "bound", G_CALLBACK (provider_bound_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "bind-blocked", G_CALLBACK (provider_bind_blocked_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  XuexinAccountPage   *self;
  const ProviderTexts *texts;
} UnbindData;

static void
unbind_data_free (UnbindData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UnbindData, unbind_data_free)

static void
unbind_data_closure_notify (gpointer  data,
                            GClosure *closure)
{
  unbind_data_free (data);
}

static void
unbind_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(UnbindData) data = user_data;
  XuexinAccountPage *self = data->self;
  g_autoptr(GError) error = NULL;

  if (!xuexin_client_unbind_provider_finish (XUEXIN_CLIENT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Not bound any more (unbound elsewhere): the list below says so. */
      if (!xuexin_client_error_is_api (error, XUEXIN_ERROR_CODE_NOT_FOUND))
        xuexin_account_page_set_security_error (self, error->message);
    }
  else
    xuexin_account_page_toast (self, _(data->texts->unbound_toast));

  xuexin_account_page_load_providers (self);
}

static void
unbind_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  UnbindData *data = user_data;
  XuexinAccountPage *self = data->self;
  UnbindData *call_data;

  if (g_strcmp0 (response, "unbind") != 0 || self->client == NULL)
    return;

  xuexin_account_page_set_security_error (self, NULL);
  g_cancellable_cancel (self->unbind_cancellable);
  g_clear_object (&self->unbind_cancellable);
  self->unbind_cancellable = g_cancellable_new ();

  call_data = g_new0 (UnbindData, 1);
  call_data->self = g_object_ref (self);
  call_data->texts = data->texts;
  xuexin_client_unbind_provider_async (self->client, data->texts->id, self->unbind_cancellable,
                                       unbind_cb, call_data);
}

static void
xuexin_account_page_unbind_provider_action (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *parameter)
{
  XuexinAccountPage *self = XUEXIN_ACCOUNT_PAGE (widget);
  const ProviderTexts *texts = lookup_provider_texts (g_variant_get_string (parameter, NULL));
  GtkWidget *dialog;
  UnbindData *data;

  if (!xuexin_account_page_is_active (self) || texts == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _(texts->unbind_heading), _(texts->unbind_body));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "unbind", _("_Unbind"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "unbind",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (UnbindData, 1);
  data->self = g_object_ref (self);
  data->texts = texts;
  g_signal_connect_data (dialog, "response", G_CALLBACK (unbind_response_cb),
                         data, unbind_data_closure_notify, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
xuexin_account_page_show_help_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  xuexin_help_show_topic (widget, g_variant_get_string (parameter, NULL));
}

/* ----- the help-desk review (path 2) ------------------------------------ */

/* Submitted photos can be followed (证件重复-客服审核); a draft is
 * continued through the way to verify instead. */
static void
review_case_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(XuexinAccountPage) self = user_data;
  g_autoptr(XuexinReviewCase) review_case = NULL;
  g_autoptr(GError) error = NULL;

  review_case = xuexin_client_get_review_case_finish (XUEXIN_CLIENT (object), result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Reading the review case failed: %s", error->message);
      return;
    }

  gtk_widget_set_visible (self->review_progress_button,
                          review_case != NULL
                          && g_strcmp0 (xuexin_review_case_get_state (review_case),
                                        XUEXIN_REVIEW_CASE_STATE_DRAFT) != 0);
}

/* ----- public API ------------------------------------------------------- */

XuexinAccount *
xuexin_account_page_get_account (XuexinAccountPage *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT_PAGE (self), NULL);

  return self->account;
}

void
xuexin_account_page_set_account (XuexinAccountPage *self,
                                 XuexinClient      *client,
                                 XuexinAccount     *account)
{
  g_autofree char *greeting = NULL;

  g_return_if_fail (XUEXIN_IS_ACCOUNT_PAGE (self));
  g_return_if_fail (XUEXIN_IS_CLIENT (client));
  g_return_if_fail (XUEXIN_IS_ACCOUNT (account));

  g_set_object (&self->client, client);
  g_set_object (&self->account, account);

  /* Whatever was loading belongs to the previous account. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_cancellable_cancel (self->unbind_cancellable);
  g_clear_object (&self->unbind_cancellable);

  /* Translators: %s is the account holder's name. */
  greeting = g_strdup_printf (_("Hello, %s"), xuexin_account_get_name (account));
  gtk_label_set_label (self->greeting_label, greeting);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_box), xuexin_account_is_pending (account));
  gtk_widget_set_visible (self->review_progress_button, FALSE);
  if (xuexin_account_is_pending (account))
    xuexin_client_get_review_case_async (client, self->cancellable, review_case_cb, g_object_ref (self));

  adw_action_row_set_subtitle (self->account_name_row, xuexin_account_get_name (account));
  adw_action_row_set_subtitle (self->account_id_row, xuexin_account_get_id_number_masked (account));
  xuexin_account_page_update_contacts (self);

  self->providers_loaded = FALSE;
  self->wechat_bound = FALSE;
  self->alipay_bound = FALSE;
  xuexin_account_page_set_security_error (self, NULL);
  xuexin_account_page_update_provider_row (self, self->account_wechat_row, self->account_wechat_bind_button,
                                           self->account_wechat_unbind_button, FALSE, NULL);
  xuexin_account_page_update_provider_row (self, self->account_alipay_row, self->account_alipay_bind_button,
                                           self->account_alipay_unbind_button, FALSE, NULL);
  xuexin_account_page_update_security (self);

  xuexin_account_page_load_providers (self);
  xuexin_account_page_load_records (self);
  xuexin_client_get_platforms_async (client, self->cancellable, get_platforms_cb, g_object_ref (self));
}

gboolean
xuexin_account_page_get_demo_mode (XuexinAccountPage *self)
{
  g_return_val_if_fail (XUEXIN_IS_ACCOUNT_PAGE (self), FALSE);

  return self->demo_mode;
}

/**
 * xuexin_account_page_set_demo_mode:
 * @demo_mode: whether the client talks to the local demo service
 *
 * The binding dialogs the page opens offer the simulated phone page in
 * demo mode.
 */
void
xuexin_account_page_set_demo_mode (XuexinAccountPage *self,
                                   gboolean           demo_mode)
{
  g_return_if_fail (XUEXIN_IS_ACCOUNT_PAGE (self));

  demo_mode = !!demo_mode;
  if (self->demo_mode == demo_mode)
    return;

  self->demo_mode = demo_mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_MODE]);
}

/* ----- GObject ---------------------------------------------------------- */

static void
xuexin_account_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  XuexinAccountPage *self = XUEXIN_ACCOUNT_PAGE (object);

  switch (prop_id)
    {
    case PROP_DEMO_MODE:
      g_value_set_boolean (value, self->demo_mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_account_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  XuexinAccountPage *self = XUEXIN_ACCOUNT_PAGE (object);

  switch (prop_id)
    {
    case PROP_DEMO_MODE:
      xuexin_account_page_set_demo_mode (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_account_page_dispose (GObject *object)
{
  XuexinAccountPage *self = XUEXIN_ACCOUNT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->unbind_cancellable);
  g_clear_object (&self->unbind_cancellable);
  g_clear_handle_id (&self->unblock_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), XUEXIN_TYPE_ACCOUNT_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (xuexin_account_page_parent_class)->dispose (object);
}

static void
xuexin_account_page_class_init (XuexinAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xuexin_account_page_dispose;
  object_class->get_property = xuexin_account_page_get_property;
  object_class->set_property = xuexin_account_page_set_property;

  properties[PROP_DEMO_MODE] =
    g_param_spec_boolean ("demo-mode", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xuexin/Assistant/account/xuexin-account-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, greeting_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, pending_box);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, review_progress_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_name_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_id_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_security_group);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_phone_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_email_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_email_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_wechat_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_wechat_bind_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_wechat_unbind_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_alipay_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_alipay_bind_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_alipay_unbind_button);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_bind_blocked_row);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_security_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_records_stack);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_records_spinner);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_records_list);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, account_records_error_label);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, platforms_group);
  gtk_widget_class_bind_template_child (widget_class, XuexinAccountPage, platforms_list);
  gtk_widget_class_bind_template_callback (widget_class, platform_activated_cb);

  gtk_widget_class_install_action (widget_class, "account.change-phone", NULL,
                                   xuexin_account_page_change_phone_action);
  gtk_widget_class_install_action (widget_class, "account.change-email", NULL,
                                   xuexin_account_page_change_email_action);
  gtk_widget_class_install_action (widget_class, "account.bind-provider", "s",
                                   xuexin_account_page_bind_provider_action);
  gtk_widget_class_install_action (widget_class, "account.unbind-provider", "s",
                                   xuexin_account_page_unbind_provider_action);
  gtk_widget_class_install_action (widget_class, "account.reload-records", NULL,
                                   xuexin_account_page_reload_records_action);
  gtk_widget_class_install_action (widget_class, "account.show-help", "s",
                                   xuexin_account_page_show_help_action);
}

/**
 * xuexin_account_page_focus_start:
 *
 * Puts the focus on the page's first control (after signing in or
 * registering): the first row, which says whose account it is ("Full
 * name: 李明"), or for a pending account the first way to verify. Not
 * the greeting heading: GTK 4.8 does not report a focused label to
 * AT-SPI, so a screen reader would say nothing.
 */
void
xuexin_account_page_focus_start (XuexinAccountPage *self)
{
  GtkRoot *root;

  g_return_if_fail (XUEXIN_IS_ACCOUNT_PAGE (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root == NULL)
    return;

  /* From nothing, so that the first control is the one that gets it. */
  gtk_root_set_focus (root, NULL);
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static void
xuexin_account_page_init (XuexinAccountPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.change-phone", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.change-email", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.bind-provider", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.unbind-provider", FALSE);
}
