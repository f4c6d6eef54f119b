/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A notification server for the UI tests: GNotification's freedesktop
 * backend talks to whoever owns org.freedesktop.Notifications on the
 * session bus (dbus-run-session), here the test program itself, which
 * keeps the last notification and clicks it as a person would. */

void                 xuexin_test_notifications_start    (void);
/* Notify and CloseNotification calls so far. */
guint                xuexin_test_notifications_sent     (void);
guint                xuexin_test_notifications_closed   (void);
/* The last notification's words and actions (NULL before the first). */
const char          *xuexin_test_notifications_summary  (void);
const char          *xuexin_test_notifications_body     (void);
const char * const  *xuexin_test_notifications_actions  (void);
/* Waits for a notification after the @sent_before-th. */
void                 xuexin_test_notifications_wait_sent   (guint sent_before);
void                 xuexin_test_notifications_wait_closed (guint closed_before);
/* The user clicks @action ("default": the notification itself). */
void                 xuexin_test_notifications_click    (const char *action);

G_END_DECLS
