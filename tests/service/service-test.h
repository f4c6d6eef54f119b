/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "xuexin-common.h"
#include "xuexin-service.h"

G_BEGIN_DECLS

/*
 * The service runs in-process on an ephemeral loopback port with a SQLite
 * file in a temporary directory; tests talk to it over real HTTP with a
 * SoupSession. Time comes from a fake clock the test moves forward, and
 * SMS/email codes arrive through the memory backend in the test's own
 * GMainContext.
 */
typedef struct {
  char                *tmpdir;
  XuexinServiceConfig *config;
  XuexinService       *service;
  GMainContext        *context;
  SoupSession         *session;
  gint64               now;          /* µs; read by service threads */
  GPtrArray           *messages;     /* ServiceTestMessage */
  char                *client_ip;    /* sent as X-Forwarded-For */
} ServiceTest;

typedef struct {
  char *channel;
  char *recipient;
  char *purpose;
  char *text;
  char *code;
} ServiceTestMessage;

typedef void (*ServiceTestConfigure) (XuexinServiceConfig *config);

ServiceTest *service_test_new          (ServiceTestConfigure  configure);
void         service_test_free         (ServiceTest          *t);
void         service_test_restart      (ServiceTest          *t);
void         service_test_advance      (ServiceTest          *t,
                                        gint64                seconds);
void         service_test_set_client_ip (ServiceTest         *t,
                                        const char           *ip);
/* Sends a request; @body is JSON text or NULL. Returns the parsed reply
 * (NULL for an empty body) and sets *status. */
JsonNode    *service_test_request      (ServiceTest          *t,
                                        const char           *method,
                                        const char           *path,
                                        const char           *token,
                                        const char           *body,
                                        guint                *status);
JsonNode    *service_test_request_raw  (ServiceTest          *t,
                                        const char           *method,
                                        const char           *path,
                                        const char           *token,
                                        GBytes               *body,
                                        guint                *status,
                                        SoupMessageHeaders  **out_headers);
/* Appends the exchange to the contract log when XUEXIN_CONTRACT_LOG is
 * set (for the test files' own senders of HTML pages and images). */
void         service_test_record       (SoupMessage          *msg,
                                        GBytes               *response);
/* The newest code delivered to @recipient, or NULL. */
const char  *service_test_last_code    (ServiceTest          *t,
                                        const char           *recipient);
guint        service_test_count_messages (ServiceTest        *t,
                                        const char           *recipient);
/* Requests a register code and returns it (asserts success). */
char        *service_test_register_code (ServiceTest         *t,
                                        const char           *phone);
/* Registers and returns the reply's account object (asserts 201). */
JsonObject  *service_test_register     (ServiceTest          *t,
                                        const char           *phone,
                                        const char           *name,
                                        const char           *id_number,
                                        const char           *email,
                                        gboolean              reregister);
char        *service_test_sign_in      (ServiceTest          *t,
                                        const char           *login_name,
                                        const char           *password);
/* A valid resident ID number from 17 digits. */
char        *service_test_make_id      (const char           *first17);
/* A smooth 800×600 JPEG whose bytes depend on @seed; @noise_rows rows of
 * noise make it larger. */
GBytes      *service_test_make_photo   (guint                 seed,
                                        int                   noise_rows);
char        *service_test_add_staff    (ServiceTest          *t,
                                        const char           *phone,
                                        const char           *role,
                                        const char           *password);
gint64       service_test_query_int    (ServiceTest          *t,
                                        const char           *sql);
gint64       service_test_count_live   (ServiceTest          *t,
                                        const char           *id_number);
void         service_test_use_long_sessions (XuexinServiceConfig *config);
void         service_test_exec_sql     (ServiceTest          *t,
                                        const char           *sql);

void         service_test_assert_error (JsonNode             *reply,
                                        guint                 status,
                                        guint                 expected_status,
                                        const char           *code,
                                        const char           *field);

#define SERVICE_TEST_PASSWORD "Xuexin#2024pass"
#define SERVICE_TEST_NAME     "张晓明"

/* g_test_init() plus a log writer that can swallow the warnings a test
 * provokes on purpose (g_test_expect_message() does not see structured
 * logging, and the warnings come from the service's threads). */
gboolean     service_test_tls_in_subprocess (void);
void         service_test_init         (int                  *argc,
                                        char               ***argv);
void         service_test_expect_warnings (gboolean           expect);
guint        service_test_get_swallowed_warnings (void);

/* A SoupServer on 127.0.0.1 with one handler, answering from its own
 * thread (the service calls it synchronously from a worker while the
 * test thread waits for the service). */
typedef struct _ServiceTestServer ServiceTestServer;

ServiceTestServer *service_test_server_new     (const char         *path,
                                                SoupServerCallback  callback,
                                                gpointer            user_data);
const char        *service_test_server_get_url (ServiceTestServer  *server);
void               service_test_server_free    (ServiceTestServer  *server);

const char  *service_test_get_string   (JsonNode             *node,
                                        const char           *path);
gint64       service_test_get_int      (JsonNode             *node,
                                        const char           *path);

void          service_test_remove_tree (const char *path);

G_END_DECLS
