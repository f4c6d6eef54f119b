/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-api-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "api-test.h"

/* ----- harness ------------------------------------------------------------ */

static gint64
fake_clock (gpointer data)
{
  Fixture *f = data;

  return __atomic_load_n (&f->now, __ATOMIC_SEQ_CST);
}

void
advance_clock (Fixture *f,
               gint64   seconds)
{
  __atomic_add_fetch (&f->now, seconds * G_USEC_PER_SEC, __ATOMIC_SEQ_CST);
}

static void
delivered_free (gpointer data)
{
  Delivered *delivered = data;

  g_free (delivered->channel);
  g_free (delivered->recipient);
  g_free (delivered->purpose);
  g_free (delivered->code);
  g_free (delivered);
}

static void
delivered_cb (const XuexinDeliveredMessage *message,
              gpointer                      user_data)
{
  Fixture *f = user_data;
  Delivered *delivered = g_new0 (Delivered, 1);

  /* The memory backend hands messages to our own context. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));

  delivered->channel = g_strdup (message->channel);
  delivered->recipient = g_strdup (message->recipient);
  delivered->purpose = g_strdup (message->purpose);
  delivered->code = g_strdup (message->code);
  g_ptr_array_add (f->messages, delivered);
}

/* The newest code delivered to @recipient for @purpose; asserts there is one. */
const char *
last_code (Fixture    *f,
           const char *recipient,
           const char *purpose)
{
  guint i;

  for (i = f->messages->len; i > 0; i--)
    {
      Delivered *delivered = g_ptr_array_index (f->messages, i - 1);

      if (g_strcmp0 (delivered->recipient, recipient) == 0
          && g_strcmp0 (delivered->purpose, purpose) == 0)
        return delivered->code;
    }

  g_error ("No %s code was delivered to %s", purpose, recipient);
  return NULL;
}

static void
token_notify_cb (Fixture *f)
{
  f->token_notifies++;
}

XuexinClient *
client_new (Fixture    *f,
            const char *base_url)
{
  XuexinClient *client = xuexin_client_new (base_url);

  g_signal_connect_swapped (client, "notify::token", G_CALLBACK (token_notify_cb), f);
  return client;
}

char *
make_id (const char *first17)
{
  g_assert_cmpuint (strlen (first17), ==, 17);

  return g_strdup_printf ("%s%c", first17, xuexin_id_number_compute_check_digit (first17));
}

void
fixture_init (Fixture *f)
{
  f->id = make_id ("11010119900307123");
  f->id_2 = make_id ("32010219950812456");
  f->messages = g_ptr_array_new_with_free_func (delivered_free);
}

void
service_configure (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  fixture_init (f);

  f->tmpdir = g_dir_make_tmp ("xuexin-api-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->now = START_TIME;

  f->config = xuexin_service_config_new ();
  xuexin_service_config_set_string (&f->config->data_dir, f->tmpdir);
  xuexin_service_config_set_string (&f->config->listen_address, "127.0.0.1");
  f->config->port = 0;
  f->config->demo = FALSE;
  f->config->delivery = XUEXIN_DELIVERY_MEMORY;
  f->config->delivery_func = delivered_cb;
  f->config->delivery_data = f;
  f->config->delivery_context = g_main_context_default ();
  f->config->clock_func = fake_clock;
  f->config->clock_data = f;
  /* Cheap hashing: the default (interactive) takes 64 MiB per hash. */
  f->config->pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  f->config->pwhash_memlimit = 8 * 1024 * 1024;
  f->config->hash_threads = 2;
  f->config->db_threads = 2;
}

void
service_start (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->service = xuexin_service_new (f->config);
  xuexin_service_start (f->service, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (xuexin_service_get_base_url (f->service), "http://127.0.0.1:"));

  f->client = client_new (f, xuexin_service_get_base_url (f->service));
}

void
service_set_up (Fixture       *f,
                gconstpointer  data)
{
  service_configure (f);
  service_start (f);
}

void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->last_result);
  g_assert_null (f->result);

  /* Every task has returned and let go of the client. */
  if (f->client != NULL)
    g_assert_finalize_object (f->client);

  if (f->service != NULL)
    {
      xuexin_service_stop (f->service);
      g_assert_finalize_object (f->service);
    }

  if (f->fake != NULL)
    {
      soup_server_disconnect (f->fake);
      g_assert_finalize_object (f->fake);
    }

  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_pointer (&f->config, xuexin_service_config_free);
  if (f->tmpdir != NULL)
    remove_tree (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->fake_body);
  g_free (f->fake_retry_after);
  g_free (f->fake_date);
  g_ptr_array_unref (f->messages);
  g_free (f->id);
  g_free (f->id_2);
}

void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_null (f->result);
  f->result = g_object_ref (result);
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until the pending call has answered. The result
 * stays valid until the next call. */
GAsyncResult *
await_result (Fixture *f)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_clear_object (&f->last_result);

  timeout_id = g_timeout_add_seconds (30, timeout_cb, &timed_out);
  while (f->result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);

  /* Deliveries of the memory backend were queued before the reply. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  f->last_result = g_steal_pointer (&f->result);
  return f->last_result;
}

void
assert_api_error (const GError    *error,
                  XuexinErrorCode  code,
                  const char      *field)
{
  g_assert_error (error, XUEXIN_API_ERROR, code);
  g_assert_true (xuexin_client_error_is_api (error, code));
  g_assert_cmpstr (xuexin_client_error_get_field (error), ==, field);
  /* The message is the client's own translated sentence. */
  g_assert_cmpstr (error->message, ==, xuexin_error_code_get_message (code));
}

/* ----- a fake server for answers the service never gives ----------------- */

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  f->fake_requests++;

  if (f->fake_hang)
    {
      /* Answered later, or never (the client gives up first). */
      g_assert_null (f->fake_paused);
      f->fake_paused = g_object_ref (message);
      soup_server_message_pause (message);
      return;
    }

  soup_server_message_set_status (message, f->fake_status, NULL);
  if (f->fake_retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", f->fake_retry_after);
  if (f->fake_date != NULL && *f->fake_date == '\0')
    soup_message_headers_remove (headers, "Date");
  else if (f->fake_date != NULL)
    soup_message_headers_replace (headers, "Date", f->fake_date);
  if (f->fake_body != NULL)
    soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                      f->fake_body, strlen (f->fake_body));
}

void
fake_set_up (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *url = NULL;

  fixture_init (f);

  f->fake = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->fake, NULL, fake_handler, f, NULL);
  soup_server_listen_local (f->fake, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->fake);
  g_assert_nonnull (uris);
  url = g_strdup_printf ("http://127.0.0.1:%d/api/v1", g_uri_get_port (uris->data));
  f->client = client_new (f, url);
}

void
fake_answer (Fixture    *f,
             guint       status,
             const char *body)
{
  g_free (f->fake_body);
  f->fake_body = g_strdup (body);
  f->fake_status = status;
}

/* ----- models against hostile JSON ---------------------------------------- */

JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

void
assert_parsers_hostile (const ParserCase *cases,
                        guint             n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      const ParserCase *c = &cases[i];
      g_autoptr(JsonObject) valid = parse_object (c->valid);
      g_autoptr(GObject) object = NULL;
      g_autoptr(GError) error = NULL;

      /* The valid one parses, so that the refusals below are of the
       * hostile parts and not of the test's own JSON. */
      object = c->new_from_json (valid, &error);
      g_assert_no_error (error);
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (object, c->get_type ()));

      for (guint j = 0; c->hostile[j] != NULL; j++)
        {
          g_autoptr(JsonObject) hostile = parse_object (c->hostile[j]);
          g_autoptr(GObject) refused = NULL;
          g_autoptr(GError) refusal = NULL;

          g_test_message ("%s: %s", c->name, c->hostile[j]);
          refused = c->new_from_json (hostile, &refusal);
          g_assert_null (refused);
          g_assert_error (refusal, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
        }
    }
}

/* ----- steps shared by the tests (each asserts success) ------------------- */

char *
send_register_code (Fixture    *f,
                    const char *phone)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  xuexin_client_send_register_code_async (f->client, phone, NULL, result_cb, f);
  ok = xuexin_client_send_register_code_finish (f->client, await_result (f), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  return g_strdup (last_code (f, phone, "register"));
}

XuexinAccount *
try_register (Fixture     *f,
              const char  *phone,
              const char  *code,
              const char  *id_number,
              const char  *email,
              gboolean     reregister,
              GError     **error)
{
  XuexinRegistrationRequest request = {
    .phone = phone,
    .sms_code = code,
    .password = PASSWORD,
    .password_confirmation = PASSWORD,
    .name = NAME,
    .id_type = XUEXIN_ID_TYPE_RESIDENT_ID,
    .id_number = id_number,
    .email = email,
    .reregister = reregister,
  };

  xuexin_client_register_async (f->client, &request, NULL, result_cb, f);
  return xuexin_client_register_finish (f->client, await_result (f), error);
}

XuexinAccount *
register_account (Fixture    *f,
                  const char *phone,
                  const char *id_number,
                  const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = send_register_code (f, phone);
  XuexinAccount *account;

  account = try_register (f, phone, code, id_number, email, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (XUEXIN_IS_ACCOUNT (account));

  /* Past the resend interval, so that the next code to this phone (for
   * another purpose) is not refused. */
  advance_clock (f, 61);

  return account;
}

XuexinAccount *
try_sign_in (Fixture       *f,
             XuexinClient  *client,
             const char    *login_name,
             const char    *password,
             GError       **error)
{
  xuexin_client_sign_in_async (client, login_name, password, NULL, result_cb, f);
  return xuexin_client_sign_in_finish (client, await_result (f), error);
}

XuexinAccount *
sign_in (Fixture    *f,
         const char *login_name,
         const char *password)
{
  g_autoptr(GError) error = NULL;
  XuexinAccount *account;

  account = try_sign_in (f, f->client, login_name, password, &error);
  g_assert_no_error (error);
  g_assert_true (XUEXIN_IS_ACCOUNT (account));
  g_assert_nonnull (xuexin_client_get_token (f->client));

  return account;
}

XuexinAccount *
get_me (Fixture       *f,
        XuexinClient  *client,
        GError       **error)
{
  xuexin_client_get_me_async (client, NULL, result_cb, f);
  return xuexin_client_get_me_finish (client, await_result (f), error);
}

gboolean
sign_out (Fixture  *f,
          GError  **error)
{
  xuexin_client_sign_out_async (f->client, NULL, result_cb, f);
  return xuexin_client_sign_out_finish (f->client, await_result (f), error);
}

/* Registers @phone (name @name, ID @id_number) and signs @client in. */
XuexinAccount *
register_person (Fixture      *f,
                 XuexinClient *client,
                 const char   *phone,
                 const char   *name,
                 const char   *id_number,
                 gboolean      reregister)
{
  g_autofree char *code = send_register_code (f, phone);
  g_autoptr(XuexinAccount) registered = NULL;
  g_autoptr(GError) error = NULL;
  XuexinAccount *account;
  XuexinRegistrationRequest request = {
    .phone = phone,
    .sms_code = code,
    .password = PASSWORD,
    .password_confirmation = PASSWORD,
    .name = name,
    .id_type = XUEXIN_ID_TYPE_RESIDENT_ID,
    .id_number = id_number,
    .reregister = reregister,
  };

  xuexin_client_register_async (client, &request, NULL, result_cb, f);
  registered = xuexin_client_register_finish (client, await_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (XUEXIN_IS_ACCOUNT (registered));

  account = try_sign_in (f, client, phone, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (XUEXIN_IS_ACCOUNT (account));
  g_assert_cmpstr (xuexin_account_get_state (account), ==,
                   reregister ? "pending_identity" : "active");

  return account;
}
