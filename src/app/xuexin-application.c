/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-application.h"
#include "xuexin-window.h"

struct _XuexinApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *server_url_override;
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

static int
xuexin_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
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
xuexin_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", xuexin_application_about_action },
  { "quit", xuexin_application_quit_action },
};

static void
xuexin_application_startup (GApplication *app)
{
  XuexinApplication *self = XUEXIN_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (xuexin_application_parent_class)->startup (app);

  g_set_application_name (_("Xuexin Assistant"));
  gtk_window_set_default_icon_name (APPLICATION_ID);

  self->settings = g_settings_new (BASE_APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_accels);
}

static void
xuexin_application_finalize (GObject *object)
{
  XuexinApplication *self = XUEXIN_APPLICATION (object);

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
  app_class->command_line = xuexin_application_command_line;
  app_class->handle_local_options = xuexin_application_handle_local_options;
}

static void
xuexin_application_init (XuexinApplication *self)
{
  static const GOptionEntry entries[] = {
    { "server-url", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Use the account server at URL instead of the configured one"), N_("URL") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("With no server configured, the app runs a local demo service."));
}
