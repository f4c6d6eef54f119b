/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "xuexin-help.h"

typedef struct
{
  const char *topic;
  const char *title;
  const char *body;
} XuexinHelpTopic;

static const XuexinHelpTopic help_topics[] = {
  { "one-account",
    N_("What Can the Account Do?"),
    N_("One account signs in to every platform of the student records network: the student records "
       "archive (学信档案), graduate admissions (研招网), military service registration (征兵网), "
       "graduate employment and more. If you registered on any of them before, sign in with that "
       "account instead of registering again.") },
  { "phone-taken",
    N_("Phone Number Already Registered"),
    N_("The phone number was used to register an account before. Use Find Username to check "
       "whether the account is yours, or register with another phone number.") },
  { "id-number-taken",
    N_("ID Number Already Registered"),
    N_("Someone, probably you, registered an account with this ID number before. First use Find "
       "Username to check it. If you never registered, or can no longer reset the password, tick "
       "“I want to register again” when registering. The new account must then prove your identity "
       "in one of four ways; when it succeeds, the other accounts with this ID number are cancelled. "
       "Your student status and degree records are not lost: they belong to the ID number.") },
  { "rate-limited",
    N_("“Too Many Operations, Operation Blocked”"),
    N_("Too many attempts were made, so the operation is blocked for a while. Two things help: "
       "recover your username and password, then sign in with them; or recover them and bind "
       "WeChat or Alipay again two hours later, after which scanning works again.") },
  { "email-ip-restricted",
    N_("Email Address Restricted for Your Network"),
    N_("Too many registrations with an email address came from your network. Register without "
       "an email address; after signing in, bind an address that has never been used on the "
       "site in account management.") },
  { "email-used",
    N_("Email Address Already Used"),
    N_("A security email address can be used for one registration only. Use another address, "
       "or leave it empty and bind one later.") },
};

gboolean
xuexin_help_get_topic (const char  *topic,
                       const char **title,
                       const char **body)
{
  g_return_val_if_fail (topic != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (help_topics); i++)
    {
      if (g_str_equal (help_topics[i].topic, topic))
        {
          if (title != NULL)
            *title = _(help_topics[i].title);
          if (body != NULL)
            *body = _(help_topics[i].body);
          return TRUE;
        }
    }

  return FALSE;
}

void
xuexin_help_show_topic (GtkWidget  *parent,
                        const char *topic)
{
  const char *title = NULL;
  const char *body = NULL;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (parent));

  if (!xuexin_help_get_topic (topic, &title, &body))
    {
      g_warning ("Unknown help topic “%s”", topic);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (parent)), title, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
