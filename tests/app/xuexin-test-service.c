/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-test"

#include "config.h"

#include <glib/gstdio.h>

#include <libsoup/soup.h>
#include <sodium.h>
#include <string.h>

#include "xuexin-test-service.h"
#include "xuexin-test-ui.h"

/* The account service the UI tests talk to: a real XuexinService on
 * loopback with its SQLite file in the test's temporary home, a clock the
 * test moves on instead of waiting, the codes it sends captured from its
 * memory delivery backend, and a simulated phone that scans and answers
 * its QR codes over HTTP. */

struct _XuexinTestService
{
  GObject              parent_instance;

  XuexinServiceConfig *config;
  XuexinService       *service;
  GPtrArray           *stopped;       /* XuexinService, for their request counts */
  char                *base_url;
  GHashTable          *codes;         /* recipient → last code */
  SoupSession         *phone_session;
  int                  clock_offset;  /* seconds, atomic: service threads read it */
};

G_DEFINE_FINAL_TYPE (XuexinTestService, xuexin_test_service, G_TYPE_OBJECT)

static gint64
service_clock (gpointer user_data)
{
  XuexinTestService *self = user_data;

  return g_get_real_time () + (gint64) g_atomic_int_get (&self->clock_offset) * G_USEC_PER_SEC;
}

/* Called in the default main context, the delivery context. */
static void
delivered_cb (const XuexinDeliveredMessage *message,
              gpointer                      user_data)
{
  XuexinTestService *self = user_data;

  g_hash_table_replace (self->codes, g_strdup (message->recipient), g_strdup (message->code));
}

static void
xuexin_test_service_finalize (GObject *object)
{
  XuexinTestService *self = XUEXIN_TEST_SERVICE (object);

  xuexin_test_service_stop (self);
  g_clear_pointer (&self->stopped, g_ptr_array_unref);
  g_clear_object (&self->phone_session);
  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->config, xuexin_service_config_free);

  G_OBJECT_CLASS (xuexin_test_service_parent_class)->finalize (object);
}

static void
xuexin_test_service_class_init (XuexinTestServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xuexin_test_service_finalize;
}

static void
xuexin_test_service_init (XuexinTestService *self)
{
  g_autofree char *data_dir = g_build_filename (g_getenv ("XDG_DATA_HOME"), "server", NULL);

  g_assert_cmpint (sodium_init (), >=, 0);

  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->stopped = g_ptr_array_new_with_free_func (g_object_unref);
  self->phone_session = soup_session_new_with_options ("user-agent", "simulated-phone/1.0 ", NULL);

  self->config = xuexin_service_config_new ();
  self->config->port = 0;
  xuexin_service_config_set_string (&self->config->data_dir, data_dir);
  self->config->delivery = XUEXIN_DELIVERY_MEMORY;
  self->config->delivery_func = delivered_cb;
  self->config->delivery_data = self;
  self->config->delivery_context = g_main_context_default ();
  self->config->clock_func = service_clock;
  self->config->clock_data = self;
  /* The progress page's live updates, at test speed. */
  self->config->review_poll_interval = 2;
  self->config->pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  self->config->pwhash_memlimit = 8 * 1024 * 1024;
  /* Every test shares the loopback IP: don't let the per-IP limits of
   * one test decide another's. */
  self->config->code_daily_limit_per_ip = 1000;
  self->config->sign_in_ip_free_failures = 1000;
}

/**
 * xuexin_test_service_new:
 *
 * Creates the service with the test defaults (cheap password hashing,
 * per-IP limits out of the way, the test's clock and delivery). Change
 * xuexin_test_service_get_config() before the first start.
 *
 * Must be called after xuexin_test_use_temporary_home().
 */
XuexinTestService *
xuexin_test_service_new (void)
{
  return g_object_new (XUEXIN_TYPE_TEST_SERVICE, NULL);
}

XuexinServiceConfig *
xuexin_test_service_get_config (XuexinTestService *self)
{
  g_return_val_if_fail (XUEXIN_IS_TEST_SERVICE (self), NULL);

  return self->config;
}

void
xuexin_test_service_start (XuexinTestService *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (XUEXIN_IS_TEST_SERVICE (self));
  g_return_if_fail (self->service == NULL);

  self->service = xuexin_service_new (self->config);
  g_assert_true (xuexin_service_start (self->service, &error));
  g_assert_no_error (error);

  /* Restarts reuse the port, as a real server's address stays the same. */
  self->config->port = xuexin_service_get_port (self->service);
  if (self->base_url == NULL)
    self->base_url = g_strdup (xuexin_service_get_base_url (self->service));
  g_assert_cmpstr (self->base_url, ==, xuexin_service_get_base_url (self->service));
}

/* The server goes away, as when it is restarted or the network fails. */
void
xuexin_test_service_stop (XuexinTestService *self)
{
  g_return_if_fail (XUEXIN_IS_TEST_SERVICE (self));

  if (self->service == NULL)
    return;

  xuexin_service_stop (self->service);
  g_ptr_array_add (self->stopped, g_steal_pointer (&self->service));
}

gboolean
xuexin_test_service_is_running (XuexinTestService *self)
{
  g_return_val_if_fail (XUEXIN_IS_TEST_SERVICE (self), FALSE);

  return self->service != NULL;
}

/* The same before and after a restart; set once the service first ran. */
const char *
xuexin_test_service_get_base_url (XuexinTestService *self)
{
  g_return_val_if_fail (XUEXIN_IS_TEST_SERVICE (self), NULL);
  g_return_val_if_fail (self->base_url != NULL, NULL);

  return self->base_url;
}

/**
 * xuexin_test_service_count_requests:
 * @route: a route pattern exactly as in the routes table of
 *   src/service/xuexin-service.c, e.g. "/providers/" "*" "/sign-in-tickets/" "*"
 *
 * Returns: how many requests for the route reached the service since it
 *   first started, restarts included
 */
guint
xuexin_test_service_count_requests (XuexinTestService *self,
                                    const char        *method,
                                    const char        *route)
{
  guint count = 0;

  g_return_val_if_fail (XUEXIN_IS_TEST_SERVICE (self), 0);

  if (self->service != NULL)
    count += xuexin_service_count_requests (self->service, method, route);
  for (guint i = 0; i < self->stopped->len; i++)
    count += xuexin_service_count_requests (g_ptr_array_index (self->stopped, i), method, route);

  return count;
}

/* Moves the service's clock on, so that expiry and waits need no sleeping. */
void
xuexin_test_service_skip_seconds (XuexinTestService *self,
                                  guint              seconds)
{
  g_return_if_fail (XUEXIN_IS_TEST_SERVICE (self));

  g_atomic_int_add (&self->clock_offset, (int) seconds);
}

/**
 * xuexin_test_service_get_codes:
 *
 * Returns: (transfer none): recipient → the last code sent there; remove
 *   a recipient to wait for its next code
 */
GHashTable *
xuexin_test_service_get_codes (XuexinTestService *self)
{
  g_return_val_if_fail (XUEXIN_IS_TEST_SERVICE (self), NULL);

  return self->codes;
}

/* Forgets the last code sent to @recipient, to wait for the next one. */
void
xuexin_test_service_forget_code (XuexinTestService *self,
                                 const char        *recipient)
{
  g_return_if_fail (XUEXIN_IS_TEST_SERVICE (self));

  g_hash_table_remove (self->codes, recipient);
}

gboolean
xuexin_test_service_has_code (XuexinTestService *self,
                              const char        *recipient)
{
  g_return_val_if_fail (XUEXIN_IS_TEST_SERVICE (self), FALSE);

  return g_hash_table_contains (self->codes, recipient);
}

typedef struct
{
  XuexinTestService *self;
  const char        *recipient;
} CodeWait;

static gboolean
code_arrived (gpointer user_data)
{
  CodeWait *wait = user_data;

  return xuexin_test_service_has_code (wait->self, wait->recipient);
}

/* Returns: the code sent to @recipient, once one was. */
const char *
xuexin_test_service_wait_for_code (XuexinTestService *self,
                                   const char        *recipient)
{
  CodeWait wait = { self, recipient };

  g_return_val_if_fail (XUEXIN_IS_TEST_SERVICE (self), NULL);

  xuexin_test_wait_for (code_arrived, &wait, "the verification code");
  return g_hash_table_lookup (self->codes, recipient);
}

XuexinClient *
xuexin_test_service_new_client (XuexinTestService *self)
{
  g_return_val_if_fail (XUEXIN_IS_TEST_SERVICE (self), NULL);

  return xuexin_client_new (xuexin_test_service_get_base_url (self));
}

/* Adds registry rows (the CSV of a records import, docs/api.md
 * "Records registry import") as the deployer's import would. */
void
xuexin_test_service_import_records (XuexinTestService *self,
                                    const char        *csv,
                                    guint             *out_enrollments,
                                    guint             *out_degrees)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "records-import.csv", NULL);
  guint enrollments = 0;
  guint degrees = 0;

  g_return_if_fail (XUEXIN_IS_TEST_SERVICE (self));

  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  g_assert_no_error (error);
  g_assert_true (xuexin_service_import_records (xuexin_test_service_get_config (self), path,
                                                &enrollments, &degrees, &error));
  g_assert_no_error (error);
  g_unlink (path);

  if (out_enrollments != NULL)
    *out_enrollments = enrollments;
  if (out_degrees != NULL)
    *out_degrees = degrees;
}

/* An account made as the registration assistant makes it, with the
 * client library; its password is %XUEXIN_TEST_PASSWORD. */
XuexinAccount *
xuexin_test_service_create_account (XuexinTestService *self,
                                    const char        *phone,
                                    const char        *name,
                                    const char        *id_number,
                                    const char        *email,
                                    gboolean           reregister)
{
  g_autoptr(XuexinClient) client = xuexin_test_service_new_client (self);
  g_autoptr(GAsyncResult) sent = NULL;
  g_autoptr(GAsyncResult) registered = NULL;
  g_autoptr(GError) error = NULL;
  XuexinRegistrationRequest request = { 0, };
  XuexinAccount *account;

  xuexin_test_service_forget_code (self, phone);
  xuexin_client_send_register_code_async (client, phone, NULL, xuexin_test_store_result_cb, &sent);
  xuexin_test_wait_for_result (&sent, "the registration code request");
  g_assert_true (xuexin_client_send_register_code_finish (client, sent, NULL, NULL, &error));
  g_assert_no_error (error);

  request.phone = phone;
  request.sms_code = xuexin_test_service_wait_for_code (self, phone);
  request.password = XUEXIN_TEST_PASSWORD;
  request.password_confirmation = XUEXIN_TEST_PASSWORD;
  request.name = name;
  request.id_number = id_number;
  request.email = email;
  request.reregister = reregister;
  xuexin_client_register_async (client, &request, NULL, xuexin_test_store_result_cb, &registered);
  xuexin_test_wait_for_result (&registered, "the registration");
  account = xuexin_client_register_finish (client, registered, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);

  return account;
}

/**
 * xuexin_test_service_sign_in:
 * @out_account: (out) (optional): the account signed in to
 *
 * Returns: (transfer full): a client signed in as @login_name, as on
 *   another device
 */
XuexinClient *
xuexin_test_service_sign_in (XuexinTestService  *self,
                             const char         *login_name,
                             const char         *password,
                             XuexinAccount     **out_account)
{
  XuexinClient *client = xuexin_test_service_new_client (self);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(XuexinAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  xuexin_client_sign_in_async (client, login_name, password, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "signing in");
  account = xuexin_client_sign_in_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_nonnull (xuexin_client_get_token (client));

  if (out_account != NULL)
    *out_account = g_steal_pointer (&account);
  return client;
}

/**
 * xuexin_test_service_sync:
 * @client: the client whose requests are to be counted, e.g. the window's
 *
 * Waits until one more request of @client has had its answer, so that
 * whatever @client sent before has reached the service: after this,
 * xuexin_test_service_count_requests() can tell that nothing was sent.
 */
void
xuexin_test_service_sync (XuexinTestService *self,
                          XuexinClient      *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) platforms = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (XUEXIN_IS_TEST_SERVICE (self));
  g_return_if_fail (XUEXIN_IS_CLIENT (client));

  xuexin_client_get_platforms_async (client, NULL, xuexin_test_store_result_cb, &result);
  xuexin_test_wait_for_result (&result, "the service to answer");
  platforms = xuexin_client_get_platforms_finish (client, result, &error);
  g_assert_no_error (error);
}

/* ----- the simulated phone ----------------------------------------------- */

static char *
qr_url_state (const char *qr_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (qr_url, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_autoptr(GHashTable) query = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (g_uri_get_query (uri));
  query = soup_form_decode (g_uri_get_query (uri));
  g_assert_true (g_hash_table_contains (query, "state"));

  return g_strdup (g_hash_table_lookup (query, "state"));
}

/* The password of the reviewers xuexin_test_service_add_reviewer() makes. */
#define REVIEWER_PASSWORD "Review#2026pass"

/**
 * xuexin_test_service_add_reviewer:
 *
 * A help-desk reviewer made as `xuexin-accountd add-staff` makes one,
 * signed in.
 *
 * Returns: (transfer full): their bearer token
 */
char *
xuexin_test_service_add_reviewer (XuexinTestService *self)
{
  g_autofree char *phone = xuexin_test_next_phone ();
  g_autofree char *id_number = xuexin_test_next_id_number ();
  g_autoptr(XuexinClient) client = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (XUEXIN_IS_TEST_SERVICE (self), NULL);

  g_assert_true (xuexin_service_add_staff (self->config, "reviewer", phone, "审核员", id_number,
                                           REVIEWER_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  client = xuexin_test_service_sign_in (self, phone, REVIEWER_PASSWORD, NULL);
  return g_strdup (xuexin_client_get_token (client));
}

/**
 * xuexin_test_service_review_post:
 * @what: "claim" or "decision"
 * @body: the JSON body
 *
 * POST /review/cases/{id}/@what as the reviewer of @token, as the
 * review console would.
 *
 * Returns: the HTTP status
 */
guint
xuexin_test_service_review_post (XuexinTestService *self,
                                 const char        *token,
                                 gint64             case_id,
                                 const char        *what,
                                 const char        *body)
{
  g_autofree char *url = g_strdup_printf ("%s/review/cases/%" G_GINT64_FORMAT "/%s",
                                          self->base_url, case_id, what);
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (XUEXIN_IS_TEST_SERVICE (self), 0);

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  soup_message_set_request_body_from_bytes (message, "application/json", request_body);
  reply = soup_session_send_and_read (self->phone_session, message, NULL, &error);
  g_assert_no_error (error);

  return soup_message_get_status (message);
}

/* Returns: the HTTP status of the simulated provider's page at @qr_url. */
guint
xuexin_test_service_phone_open (XuexinTestService *self,
                                const char        *qr_url)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", qr_url);
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (XUEXIN_IS_TEST_SERVICE (self), 0);

  page = soup_session_send_and_read (self->phone_session, message, NULL, &error);
  g_assert_no_error (error);

  return soup_message_get_status (message);
}

/* Opening the QR URL is what scanning does. */
void
xuexin_test_service_phone_scan (XuexinTestService *self,
                                const char        *qr_url)
{
  g_assert_cmpuint (xuexin_test_service_phone_open (self, qr_url), ==, SOUP_STATUS_OK);
}

/**
 * xuexin_test_service_phone_answer:
 * @action: "confirm" (as @subject) or "cancel"
 *
 * Posts the simulated provider page's form, as the person on the phone
 * does after scanning.
 */
void
xuexin_test_service_phone_answer (XuexinTestService *self,
                                  const char        *qr_url,
                                  const char        *subject,
                                  const char        *action)
{
  g_autofree char *state = qr_url_state (qr_url);
  g_autofree char *page_url = g_strndup (qr_url, strcspn (qr_url, "?"));
  char *form = soup_form_encode ("state", state, "subject", subject, "action", action, NULL);
  g_autoptr(SoupMessage) message = soup_message_new_from_encoded_form ("POST", page_url, form);
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (XUEXIN_IS_TEST_SERVICE (self));

  page = soup_session_send_and_read (self->phone_session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}

/**
 * xuexin_test_service_app_answer:
 * @qr_url: an app verification ticket's QR URL (identity path 1)
 * @passed: 通过 (%TRUE) or 不通过
 *
 * Presses a button of the simulated mobile app's page, as the person
 * does after scanning (xuexin_test_service_phone_scan() on @qr_url).
 */
void
xuexin_test_service_app_answer (XuexinTestService *self,
                                const char        *qr_url,
                                gboolean           passed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (qr_url, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *page_url = g_strndup (qr_url, strcspn (qr_url, "?"));
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) page = NULL;
  char *form;

  g_return_if_fail (XUEXIN_IS_TEST_SERVICE (self));

  g_assert_no_error (error);
  g_assert_nonnull (g_uri_get_query (uri));
  query = soup_form_decode (g_uri_get_query (uri));
  g_assert_true (g_hash_table_contains (query, "order"));

  form = soup_form_encode ("order", g_hash_table_lookup (query, "order"),
                           "result", passed ? "passed" : "failed", NULL);
  message = soup_message_new_from_encoded_form ("POST", page_url, form);
  page = soup_session_send_and_read (self->phone_session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}

/**
 * xuexin_test_service_phone_put:
 * @url: e.g. a photo hand-off's URL and "/photos/front"
 *
 * PUT @body to @url as the phone's browser would, without a bearer
 * token (the hand-off link is the capability).
 *
 * Returns: the HTTP status
 */
guint
xuexin_test_service_phone_put (XuexinTestService *self,
                               const char        *url,
                               GBytes            *body)
{
  g_autoptr(SoupMessage) message = soup_message_new ("PUT", url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (XUEXIN_IS_TEST_SERVICE (self), 0);

  soup_message_set_request_body_from_bytes (message, "image/jpeg", body);
  reply = soup_session_send_and_read (self->phone_session, message, NULL, &error);
  g_assert_no_error (error);

  return soup_message_get_status (message);
}
