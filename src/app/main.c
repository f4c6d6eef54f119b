/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "xuexin-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(XuexinApplication) app = NULL;

  setlocale (LC_ALL, "");
  xuexin_application_setup_gettext ();

  app = xuexin_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
