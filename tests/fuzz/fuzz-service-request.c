/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-fuzz"

/*
 * The service's request decoding: a body goes through the real
 * xs_request_parse_body() (UTF-8 check, escaped NULs, json-glib, object
 * root) and then through every member getter and field validator the
 * handlers call (xs_request_get_phone/name/email/id/new_password and the
 * plain getters for each member name any endpoint reads), on a request
 * made as the service makes it but without a connection. The handlers
 * themselves need the database and the session of a running service;
 * this drives everything they do with the body before touching either.
 * Every failure must answer with an error body; every success must not.
 */

#include "config.h"

#include "fuzz-common.h"
#include "xuexin-service-private.h"
#include "xuexin-service-accounts.h"

static const XsRoute fuzz_route = { "POST", "/fuzz", NULL, 0, 0 };

/* Every member name a handler reads with the generic getters. */
static const char * const string_members[] = {
  "sms_code", "password", "login_name", "id_number", "reason", "purpose",
  "password_confirmation", "note", "name", "level", "kind", "id_type",
  "email", "decision", "code", "classmate_name", "phone", "school",
  "enrollment_year", "graduation_year", "student_number",
  "certificate_number", "provider", "side",
};
static const char * const boolean_members[] = { "reregister", "bind", "remember" };

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_logging ();
  return 0;
}

static XsRequest *
request_new (const uint8_t *data,
             size_t         size)
{
  XsRequest *req = g_new0 (XsRequest, 1);

  req->route = &fuzz_route;
  req->method = g_strdup ("POST");
  req->path = g_strdup ("/fuzz");
  req->body = g_bytes_new (data, size);
  req->now = G_GINT64_CONSTANT (1740816000) * XS_USEC_PER_SEC;  /* 2025-03-01 */
  req->account_id = -1;
  return req;
}

static void
request_free (XsRequest *req)
{
  g_clear_pointer (&req->json, json_node_unref);
  g_bytes_unref (req->body);
  g_free (req->method);
  g_free (req->path);
  g_free (req->response_body);
  g_free (req);
}

/* A getter's outcome agrees with the reply it set. */
static void
check_outcome (XsRequest *req,
               gboolean   ok)
{
  if (ok)
    g_assert_false (xs_request_has_reply (req));
  else
    {
      g_assert_true (xs_request_has_reply (req));
      g_assert_nonnull (req->response_body);
      g_assert_true (req->status >= 400 && req->status < 500);
    }
  xs_request_reply_empty (req, 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  XsRequest *req = request_new (data, size);
  gboolean ok;

  ok = xs_request_parse_body (req);
  check_outcome (req, ok);
  if (!ok)
    {
      g_assert_null (req->json);
      request_free (req);
      return 0;
    }
  g_assert_true (JSON_NODE_HOLDS_OBJECT (req->json));

  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    {
      const char *value = NULL;

      ok = xs_request_get_string (req, string_members[i], &value);
      check_outcome (req, ok);
      if (ok && value != NULL)
        {
          /* What passed holds no control character and is UTF-8. */
          g_assert_true (g_utf8_validate (value, -1, NULL));
          for (const char *p = value; *p != '\0'; p++)
            g_assert_true ((guchar) *p >= 0x20 && *p != 0x7f);
        }
      check_outcome (req, xs_request_get_required_string (req, string_members[i], &value));
    }
  for (guint i = 0; i < G_N_ELEMENTS (boolean_members); i++)
    {
      gboolean value;

      check_outcome (req, xs_request_get_boolean (req, boolean_members[i], &value));
    }

  {
    g_autofree char *phone = NULL;
    g_autofree char *name = NULL;
    g_autofree char *email = NULL;
    g_autofree char *optional_email = NULL;
    g_autofree char *id_number = NULL;
    g_autofree char *normalized = NULL;
    const char *id_type = NULL;
    const char *password = NULL;
    const char *text = NULL;

    check_outcome (req, xs_request_get_phone (req, "phone", &phone));
    check_outcome (req, xs_request_get_name (req, &name));
    check_outcome (req, xs_request_get_email (req, FALSE, &email));
    check_outcome (req, xs_request_get_email (req, TRUE, &optional_email));
    check_outcome (req, xs_request_get_id (req, &id_type, &id_number));
    check_outcome (req, xs_request_get_new_password (req, &password));
    if (xs_request_get_string (req, "id_number", &text) && text != NULL)
      normalized = xs_id_number_normalize (text, req->now);
    xs_request_reply_empty (req, 0);
  }

  request_free (req);
  return 0;
}
