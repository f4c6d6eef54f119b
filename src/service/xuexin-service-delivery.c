/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "xuexin-service-delivery.h"
#include "xuexin-service-json.h"

/*
 * Delivery of SMS and email codes. Runs on a worker thread, after the code
 * has been stored and before the HTTP reply. The diagnostic log only ever
 * names the masked recipient; the message text (with the code) goes to the
 * delivery channel alone.
 */

typedef struct {
  XuexinDeliveryFunc func;
  gpointer           data;
  char              *channel;
  char              *recipient;
  char              *purpose;
  char              *text;
  char              *code;
  gint64             sent_at;
} MemoryDelivery;

static void
memory_delivery_free (gpointer data)
{
  MemoryDelivery *delivery = data;

  g_free (delivery->channel);
  g_free (delivery->recipient);
  g_free (delivery->purpose);
  g_free (delivery->text);
  g_free (delivery->code);
  g_free (delivery);
}

static gboolean
memory_delivery_cb (gpointer data)
{
  MemoryDelivery *delivery = data;
  XuexinDeliveredMessage message = {
    .channel = delivery->channel,
    .recipient = delivery->recipient,
    .purpose = delivery->purpose,
    .text = delivery->text,
    .code = delivery->code,
    .sent_at = delivery->sent_at,
  };

  delivery->func (&message, delivery->data);
  return G_SOURCE_REMOVE;
}

static char *
message_to_json (const char *channel,
                 const char *recipient,
                 const char *purpose,
                 const char *text,
                 const char *code,
                 gint64      now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sent_at = xs_format_time (now);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, channel);
  json_builder_set_member_name (builder, "recipient");
  json_builder_add_string_value (builder, recipient);
  json_builder_set_member_name (builder, "purpose");
  json_builder_add_string_value (builder, purpose);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  /* Notices (an account cancelled) carry no code. */
  json_builder_set_member_name (builder, "code");
  if (code != NULL)
    json_builder_add_string_value (builder, code);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "sent_at");
  json_builder_add_string_value (builder, sent_at);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static char *
get_outbox_path (const XuexinServiceConfig *config)
{
  if (config->outbox_file != NULL)
    return g_strdup (config->outbox_file);
  if (config->data_dir != NULL)
    return g_build_filename (config->data_dir, "outbox.jsonl", NULL);
  return g_build_filename (g_get_user_data_dir (), "xuexin-accountd", "outbox.jsonl", NULL);
}

static gboolean
append_to_outbox (const XuexinServiceConfig  *config,
                  const char                 *line,
                  GError                    **error)
{
  static GMutex outbox_lock;
  g_autofree char *path = get_outbox_path (config);
  g_autofree char *data = g_strconcat (line, "\n", NULL);
  gsize length = strlen (data);
  gsize written = 0;
  gboolean ok = TRUE;
  int fd;

  g_mutex_lock (&outbox_lock);

  fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DELIVERY,
                   "Cannot open the outbox %s: %s", path, g_strerror (saved_errno));
      g_mutex_unlock (&outbox_lock);
      return FALSE;
    }

  while (written < length)
    {
      gssize n = write (fd, data + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = errno;
          g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DELIVERY,
                       "Cannot write to the outbox %s: %s", path, g_strerror (saved_errno));
          ok = FALSE;
          break;
        }
      written += (gsize) n;
    }

  g_close (fd, NULL);
  g_mutex_unlock (&outbox_lock);

  return ok;
}

static gboolean
post_to_webhook (const XuexinServiceConfig  *config,
                 const char                 *json,
                 GError                    **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) response = NULL;
  guint status;

  /* A session of our own on this worker thread: the synchronous API then
   * needs no main context of ours. */
  session = soup_session_new_with_options ("timeout", MAX (config->webhook_timeout, 1),
                                           "user-agent", "xuexin-accountd/" PACKAGE_VERSION,
                                           NULL);
  message = soup_message_new (SOUP_METHOD_POST, config->webhook_url);
  if (message == NULL)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DELIVERY,
                   "The webhook URL is not valid");
      return FALSE;
    }

  body = g_bytes_new (json, strlen (json));
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  response = soup_session_send_and_read (session, message, NULL, error);
  if (response == NULL)
    {
      g_prefix_error (error, "Webhook delivery failed: ");
      return FALSE;
    }

  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DELIVERY,
                   "The webhook answered HTTP %u", status);
      return FALSE;
    }

  return TRUE;
}

gboolean
xs_delivery_send (const XuexinServiceConfig  *config,
                  const char                 *channel,
                  const char                 *recipient,
                  const char                 *purpose,
                  const char                 *text,
                  const char                 *code,
                  gint64                      now,
                  GError                    **error)
{
  g_autofree char *json = NULL;
  MemoryDelivery *delivery;

  switch (config->delivery)
    {
    case XUEXIN_DELIVERY_LOG:
      /* This is the delivery channel of development setups, not the log:
       * standard output, clearly marked. */
      g_print ("[delivery] %s to %s (%s): %s\n", channel, recipient, purpose, text);
      return TRUE;

    case XUEXIN_DELIVERY_OUTBOX:
      json = message_to_json (channel, recipient, purpose, text, code, now);
      return append_to_outbox (config, json, error);

    case XUEXIN_DELIVERY_HTTP:
      json = message_to_json (channel, recipient, purpose, text, code, now);
      return post_to_webhook (config, json, error);

    case XUEXIN_DELIVERY_MEMORY:
      delivery = g_new0 (MemoryDelivery, 1);
      delivery->func = config->delivery_func;
      delivery->data = config->delivery_data;
      delivery->channel = g_strdup (channel);
      delivery->recipient = g_strdup (recipient);
      delivery->purpose = g_strdup (purpose);
      delivery->text = g_strdup (text);
      delivery->code = g_strdup (code);
      delivery->sent_at = now;
      g_main_context_invoke_full (config->delivery_context, G_PRIORITY_DEFAULT,
                                  memory_delivery_cb, delivery, memory_delivery_free);
      return TRUE;

    default:
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DELIVERY,
                   "Unknown delivery backend");
      return FALSE;
    }
}
