/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "xuexin-a11y-names.h"
#include "xuexin-application.h"
#include "xuexin-demo-message.h"
#include "xuexin-kiosk.h"
#include "xuexin-service.h"
#include "xuexin-window.h"

struct _XuexinApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *server_url_override;

  /* The embedded demo service, when no server is configured. */
  XuexinService  *service;
  GListStore     *demo_messages;
  XuexinClient   *client;
  GPtrArray      *pending_connects;

  /* A help-desk kiosk: --kiosk or the kiosk-mode setting. */
  gboolean        kiosk_option;
  XuexinKiosk    *kiosk;
  char           *kiosk_demo_dir;  /* the kiosk's throwaway demo service */
};

G_DEFINE_FINAL_TYPE (XuexinApplication, xuexin_application, ADW_TYPE_APPLICATION)

/**
 * xuexin_application_setup_gettext:
 *
 * Binds the text domain. `XUEXIN_LOCALEDIR` lets an uninstalled build
 * (the README's run command, the tests) use the catalogs in its build
 * directory instead of the installed ones.
 */
void
xuexin_application_setup_gettext (void)
{
  const char *localedir = g_getenv ("XUEXIN_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

XuexinApplication *
xuexin_application_new (void)
{
  return g_object_new (XUEXIN_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       /* The Devel build shares resources with the stable one. */
                       "resource-base-path", "/io/github/xuexin/Assistant",
                       NULL);
}

GSettings *
xuexin_application_get_settings (XuexinApplication *self)
{
  g_return_val_if_fail (XUEXIN_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * xuexin_application_get_server_url:
 *
 * Returns: the account server to use, in order of precedence: the
 *   `--server-url` option, the `server-url` setting, the deployer's
 *   build-time default. An empty string means the embedded demo service.
 */
const char *
xuexin_application_get_server_url (XuexinApplication *self)
{
  g_autofree char *from_settings = NULL;

  g_return_val_if_fail (XUEXIN_IS_APPLICATION (self), NULL);

  if (self->server_url_override != NULL)
    return self->server_url_override;

  from_settings = g_settings_get_string (self->settings, "server-url");
  if (*from_settings != '\0')
    {
      self->server_url_override = g_steal_pointer (&from_settings);
      return self->server_url_override;
    }

  return DEFAULT_SERVER_URL;
}

gboolean
xuexin_application_is_demo_mode (XuexinApplication *self)
{
  g_return_val_if_fail (XUEXIN_IS_APPLICATION (self), FALSE);

  return *xuexin_application_get_server_url (self) == '\0';
}

/**
 * xuexin_application_get_demo_messages:
 *
 * Returns: (transfer none): the #XuexinDemoMessage list of SMS and email
 *   messages the embedded service sent, newest first
 */
GListModel *
xuexin_application_get_demo_messages (XuexinApplication *self)
{
  g_return_val_if_fail (XUEXIN_IS_APPLICATION (self), NULL);

  return G_LIST_MODEL (self->demo_messages);
}

/**
 * xuexin_application_forget_demo_messages:
 *
 * Empties the demo messages (the kiosk's wipe: the codes were the
 * visitor's).
 */
void
xuexin_application_forget_demo_messages (XuexinApplication *self)
{
  g_return_if_fail (XUEXIN_IS_APPLICATION (self));

  g_list_store_remove_all (self->demo_messages);
}

/**
 * xuexin_application_forget_server:
 *
 * The staff changed the server setting: the next window connects to
 * the new one (the embedded demo service, once running, stays).
 */
void
xuexin_application_forget_server (XuexinApplication *self)
{
  g_return_if_fail (XUEXIN_IS_APPLICATION (self));

  if (self->service == NULL)
    g_clear_object (&self->client);
}

/**
 * xuexin_application_is_kiosk:
 *
 * Returns: whether this is a shared help-desk screen: the `--kiosk`
 *   option or the `kiosk-mode` setting (a deployer sets it site-wide)
 */
gboolean
xuexin_application_is_kiosk (XuexinApplication *self)
{
  g_return_val_if_fail (XUEXIN_IS_APPLICATION (self), FALSE);

  return self->kiosk_option ||
         (self->settings != NULL && g_settings_get_boolean (self->settings, "kiosk-mode"));
}

/**
 * xuexin_application_get_kiosk:
 *
 * Returns: (transfer none) (nullable): the kiosk's idle watch and wipe,
 *   in kiosk mode
 */
XuexinKiosk *
xuexin_application_get_kiosk (XuexinApplication *self)
{
  g_return_val_if_fail (XUEXIN_IS_APPLICATION (self), NULL);

  if (!xuexin_application_is_kiosk (self))
    return NULL;

  if (self->kiosk == NULL)
    {
      self->kiosk = xuexin_kiosk_new (GTK_APPLICATION (self), self->settings);
      /* Nothing may be quit from the keyboard without staff, and one
       * visitor has one window: the wipe leaves exactly one. */
      g_action_map_remove_action (G_ACTION_MAP (self), "quit");
      g_action_map_remove_action (G_ACTION_MAP (self), "new-window");
      /* Its website, issue and licence links would open a browser. */
      g_action_map_remove_action (G_ACTION_MAP (self), "about");
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                             (const char *[]) { NULL });
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window",
                                             (const char *[]) { NULL });
      xuexin_kiosk_apply_language (self->kiosk);
    }

  return self->kiosk;
}

/* Called by the service in our main context (its delivery context). */
static void
xuexin_application_message_delivered (const XuexinDeliveredMessage *message,
                                      gpointer                      user_data)
{
  XuexinApplication *self = user_data;
  g_autoptr(XuexinDemoMessage) item = NULL;

  item = xuexin_demo_message_new (message->channel, message->recipient, message->purpose,
                                  message->text, message->code, message->sent_at);
  g_list_store_insert (self->demo_messages, 0, item);
}

static void
start_service_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  XuexinService *service = task_data;
  g_autoptr(GError) error = NULL;

  /* Opening and seeding the database is disk work: off the UI thread. */
  if (!xuexin_service_start (service, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
xuexin_application_complete_connects (XuexinApplication *self,
                                      const GError      *error)
{
  g_autoptr(GPtrArray) pending = g_steal_pointer (&self->pending_connects);

  for (guint i = 0; pending != NULL && i < pending->len; i++)
    {
      GTask *task = g_ptr_array_index (pending, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_object_ref (self->client), g_object_unref);
    }
}

static void
start_service_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  XuexinApplication *self = XUEXIN_APPLICATION (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autoptr(GError) shown = NULL;

      g_warning ("Could not start the embedded service: %s", error->message);
      shown = g_error_new (XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_SERVER,
                           _("The local demo service could not start: %s"), error->message);
      g_clear_object (&self->service);
      xuexin_application_complete_connects (self, shown);
      return;
    }

  self->client = xuexin_client_new (xuexin_service_get_base_url (self->service));
  xuexin_application_complete_connects (self, NULL);
}

/**
 * xuexin_application_connect_async:
 *
 * Gets the client of the configured account server, starting the embedded
 * demo service first when none is configured.
 */
void
xuexin_application_connect_async (XuexinApplication   *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XuexinServiceConfig) config = NULL;
  g_autoptr(GTask) start_task = NULL;
  const char *server_url;

  g_return_if_fail (XUEXIN_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, xuexin_application_connect_async);

  if (self->client != NULL)
    {
      g_task_return_pointer (task, g_object_ref (self->client), g_object_unref);
      return;
    }

  if (self->pending_connects != NULL)
    {
      g_ptr_array_add (self->pending_connects, g_steal_pointer (&task));
      return;
    }

  server_url = xuexin_application_get_server_url (self);
  if (*server_url != '\0')
    {
      if (!xuexin_client_check_server_url (server_url, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      self->client = xuexin_client_new (server_url);
      g_task_return_pointer (task, g_object_ref (self->client), g_object_unref);
      return;
    }

  config = xuexin_service_config_new ();
  xuexin_service_config_set_string (&config->listen_address, "127.0.0.1");
  config->port = 0;
  config->demo = TRUE;
  config->delivery = XUEXIN_DELIVERY_MEMORY;
  config->delivery_func = xuexin_application_message_delivered;
  config->delivery_data = self;
  config->delivery_context = g_main_context_default ();
  if (xuexin_application_is_kiosk (self))
    {
      /* A kiosk's demo keeps no visitor's account past the app: a
       * temporary directory, deleted at exit. */
      g_autoptr(GError) tmp_error = NULL;

      self->kiosk_demo_dir = g_dir_make_tmp ("xuexin-kiosk-demo-XXXXXX", &tmp_error);
      if (self->kiosk_demo_dir == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&tmp_error));
          return;
        }
      xuexin_service_config_set_string (&config->data_dir, self->kiosk_demo_dir);
    }
  else
    {
      g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), PACKAGE_NAME, "demo-service", NULL);
      xuexin_service_config_set_string (&config->data_dir, data_dir);
    }

  self->service = xuexin_service_new (config);
  self->pending_connects = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->pending_connects, g_steal_pointer (&task));

  start_task = g_task_new (self, NULL, start_service_cb, NULL);
  g_task_set_source_tag (start_task, xuexin_application_connect_async);
  g_task_set_task_data (start_task, g_object_ref (self->service), g_object_unref);
  g_task_run_in_thread (start_task, start_service_thread);
}

XuexinClient *
xuexin_application_connect_finish (XuexinApplication  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (XUEXIN_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static int
xuexin_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  /* For the deployer's override or dconf file: the PIN on standard
   * input (not in argv, where `ps` shows it), the hash on standard
   * output. */
  if (g_variant_dict_contains (options, "hash-kiosk-pin"))
    {
      char line[128] = { 0 };
      g_autofree char *hash = NULL;

      if (fgets (line, sizeof line, stdin) == NULL)
        line[0] = '\0';
      g_strchomp (line);
      if (!xuexin_kiosk_pin_is_acceptable (line))
        {
          g_printerr ("%s\n", _("A staff PIN is 6 to 32 digits: type one on standard input."));
          return 1;
        }
      hash = xuexin_kiosk_hash_pin (line);
      memset (line, 0, sizeof line);
      if (hash == NULL)
        return 1;
      g_print ("%s\n", hash);
      return 0;
    }

  return -1;
}

static int
xuexin_application_command_line (GApplication            *app,
                                 GApplicationCommandLine *command_line)
{
  XuexinApplication *self = XUEXIN_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *server_url = NULL;

  if (g_variant_dict_lookup (options, "server-url", "&s", &server_url))
    {
      g_free (self->server_url_override);
      self->server_url_override = g_strdup (server_url);
    }
  /* The empty URL is the embedded demo service (see get_server_url). */
  if (g_variant_dict_contains (options, "demo"))
    {
      g_free (self->server_url_override);
      self->server_url_override = g_strdup ("");
    }
  if (g_variant_dict_contains (options, "kiosk"))
    self->kiosk_option = TRUE;

  /* A kiosk serves real visitors: the demo service only when asked. */
  if (xuexin_application_is_kiosk (self) &&
      *xuexin_application_get_server_url (self) == '\0' &&
      !g_variant_dict_contains (options, "demo"))
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("Kiosk mode needs an account server: set one with "
                                             "--server-url or the server-url setting, or add --demo "
                                             "to run the local demo service."));
      return 1;
    }

  g_application_activate (app);

  return 0;
}

static void
xuexin_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (xuexin_window_new (XUEXIN_APPLICATION (app)));

  gtk_window_present (window);
}

static void
xuexin_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  XuexinApplication *self = user_data;
  static const char *developers[] = { "Xuexin Assistant contributors", NULL };
  GtkWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-icon", APPLICATION_ID,
                        "application-name", _("Xuexin Assistant"),
                        "developer-name", _("Xuexin Assistant contributors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Register, sign in, recover and verify your student records account, "
                                      "with guidance for every problem on the way."),
                        "website", "https://github.com/xuexin/xuexin-assistant",
                        "issue-url", "https://github.com/xuexin/xuexin-assistant/issues",
                        "developers", developers,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 Xuexin Assistant contributors",
                        NULL);
  gtk_window_present (about);
}

static void
xuexin_application_new_window_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (xuexin_window_new_signed_out (XUEXIN_APPLICATION (user_data))));
}

static void
xuexin_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* The notifications' default actions (GNotification reaches only app.*
 * actions): the main window forward, then @window_action in it. Not the
 * About window, should it be the active one. */
static void
xuexin_application_present_with (GtkApplication *application,
                                 const char     *window_action)
{
  GtkWindow *window = gtk_application_get_active_window (application);

  if (!XUEXIN_IS_WINDOW (window))
    {
      window = NULL;
      for (GList *l = gtk_application_get_windows (application); l != NULL && window == NULL; l = l->next)
        if (XUEXIN_IS_WINDOW (l->data))
          window = l->data;
    }
  if (window == NULL)
    return;

  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), window_action, NULL);
}

/* A classmate's request: the inbox (win.show-inbox checks it may be shown). */
static void
xuexin_application_show_inbox_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  xuexin_application_present_with (GTK_APPLICATION (user_data), "win.show-inbox");
}

/* The help desk's decision: the review's progress page. */
static void
xuexin_application_show_review_progress_action (GSimpleAction *action,
                                                GVariant      *parameter,
                                                gpointer       user_data)
{
  xuexin_application_present_with (GTK_APPLICATION (user_data), "win.show-review-progress");
}

static const GActionEntry app_actions[] = {
  { "about", xuexin_application_about_action },
  { "show-inbox", xuexin_application_show_inbox_action },
  { "show-review-progress", xuexin_application_show_review_progress_action },
  { "new-window", xuexin_application_new_window_action },
  { "quit", xuexin_application_quit_action },
};

static gboolean
terminate_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
xuexin_application_startup (GApplication *app)
{
  XuexinApplication *self = XUEXIN_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };
  static const char *demo_messages_accels[] = { "<Control>m", NULL };
  static const char *inbox_accels[] = { "<Control>i", NULL };

  G_APPLICATION_CLASS (xuexin_application_parent_class)->startup (app);

  /* Before the first window: names GTK 4.8 gets wrong, for every widget. */
  xuexin_a11y_names_install ();

  g_set_application_name (_("Xuexin Assistant"));
  gtk_window_set_default_icon_name (APPLICATION_ID);

  self->settings = g_settings_new (BASE_APPLICATION_ID);
  /* A kiosk session (cage, GNOME Kiosk, systemd) ends the app with
   * SIGTERM: quit cleanly, so the demo directory goes with it. */
  g_unix_signal_add (SIGTERM, terminate_cb, self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window", new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-demo-messages", demo_messages_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-inbox", inbox_accels);
}

/* The kiosk's demo directory holds only the service's own files. */
static void
delete_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        delete_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
xuexin_application_shutdown (GApplication *app)
{
  XuexinApplication *self = XUEXIN_APPLICATION (app);

  if (self->service != NULL)
    xuexin_service_stop (self->service);
  /* Windows keep the application alive past the main loop, so the
   * kiosk's demo directory goes here rather than in finalize. */
  if (self->kiosk_demo_dir != NULL)
    {
      delete_tree (self->kiosk_demo_dir);
      g_clear_pointer (&self->kiosk_demo_dir, g_free);
    }

  G_APPLICATION_CLASS (xuexin_application_parent_class)->shutdown (app);
}

static void
xuexin_application_finalize (GObject *object)
{
  XuexinApplication *self = XUEXIN_APPLICATION (object);

  if (self->service != NULL)
    xuexin_service_stop (self->service);
  g_clear_object (&self->client);
  g_clear_object (&self->service);
  g_clear_object (&self->demo_messages);
  g_clear_object (&self->kiosk);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_url_override, g_free);

  G_OBJECT_CLASS (xuexin_application_parent_class)->finalize (object);
}

static void
xuexin_application_class_init (XuexinApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = xuexin_application_finalize;

  app_class->activate = xuexin_application_activate;
  app_class->startup = xuexin_application_startup;
  app_class->shutdown = xuexin_application_shutdown;
  app_class->command_line = xuexin_application_command_line;
  app_class->handle_local_options = xuexin_application_handle_local_options;
}

static void
xuexin_application_init (XuexinApplication *self)
{
  static const GOptionEntry entries[] = {
    { "server-url", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Use the account server at URL instead of the configured one"), N_("URL") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Use the local demo service, whatever server is configured"), NULL },
    { "kiosk", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Run as a shared help-desk kiosk: full screen, wiped after every visitor"), NULL },
    { "hash-kiosk-pin", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Read a kiosk staff PIN on standard input and print its hash for the kiosk-unlock-pin-hash setting"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  self->demo_messages = g_list_store_new (XUEXIN_TYPE_DEMO_MESSAGE);

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("With no server configured, the app runs a local demo service."));
}
