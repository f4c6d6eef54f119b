/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include "xuexin-test-notifications.h"
#include "xuexin-test-ui.h"

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

static struct
{
  GDBusConnection *connection;
  gboolean         owned;
  guint            sent;
  guint            closed;
  guint            last_id;
  char            *summary;
  char            *body;
  GStrv            actions;
} server;

static void
method_cb (GDBusConnection       *connection,
           const char            *sender,
           const char            *object_path,
           const char            *interface_name,
           const char            *method_name,
           GVariant              *parameters,
           GDBusMethodInvocation *invocation,
           gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      g_clear_pointer (&server.summary, g_free);
      g_clear_pointer (&server.body, g_free);
      g_clear_pointer (&server.actions, g_strfreev);
      g_variant_get_child (parameters, 3, "s", &server.summary);
      g_variant_get_child (parameters, 4, "s", &server.body);
      g_variant_get_child (parameters, 5, "^as", &server.actions);
      server.last_id = ++server.sent;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", server.last_id));
    }
  else if (g_str_equal (method_name, "CloseNotification"))
    {
      server.closed++;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *capabilities[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", capabilities));
    }
  else
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "xuexin", "1", "1.2"));
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  server.owned = TRUE;
}

static gboolean
owned (gpointer user_data)
{
  return server.owned;
}

void
xuexin_test_notifications_start (void)
{
  static const GDBusInterfaceVTable vtable = { method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (server.connection != NULL)
    return;

  server.connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (server.connection, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (server.connection, "org.freedesktop.Notifications",
                                G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb, NULL, NULL, NULL);
  xuexin_test_wait_for (owned, NULL, "org.freedesktop.Notifications");
}

guint
xuexin_test_notifications_sent (void)
{
  return server.sent;
}

guint
xuexin_test_notifications_closed (void)
{
  return server.closed;
}

const char *
xuexin_test_notifications_summary (void)
{
  return server.summary;
}

const char *
xuexin_test_notifications_body (void)
{
  return server.body;
}

const char * const *
xuexin_test_notifications_actions (void)
{
  return (const char * const *) server.actions;
}

static gboolean
sent_since (gpointer user_data)
{
  return server.sent > GPOINTER_TO_UINT (user_data);
}

static gboolean
closed_since (gpointer user_data)
{
  return server.closed > GPOINTER_TO_UINT (user_data);
}

void
xuexin_test_notifications_wait_sent (guint sent_before)
{
  xuexin_test_wait_for (sent_since, GUINT_TO_POINTER (sent_before), "a notification");
}

void
xuexin_test_notifications_wait_closed (guint closed_before)
{
  xuexin_test_wait_for (closed_since, GUINT_TO_POINTER (closed_before), "a notification withdrawn");
}

void
xuexin_test_notifications_click (const char *action)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (server.connection);
  g_dbus_connection_emit_signal (server.connection, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", server.last_id, action), &error);
  g_assert_no_error (error);
}
