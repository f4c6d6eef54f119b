/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "xuexin-api.h"
#include "xuexin-common.h"
#include "xuexin-service.h"

G_BEGIN_DECLS

/*
 * The harness of the client library's tests (test-api-*.c): the real
 * account service in-process on an ephemeral loopback port (its own
 * thread, SQLite in a temporary directory, cheap password hashing, a fake
 * clock, codes captured by the memory delivery backend), and the steps
 * the tests share. The client and the delivery callback run in this
 * thread's default GMainContext.
 */

/* 2025-03-01 08:00:00 UTC */
#define START_TIME (G_GINT64_CONSTANT (1740816000) * G_USEC_PER_SEC)

#define PASSWORD     "Xuexin#2024pass"
#define NEW_PASSWORD "Another#2025pass"
#define NAME         "张晓明"
#define PHONE        "13812345678"
#define PHONE_2      "13987654321"
#define PHONE_3      "13700001111"
#define EMAIL        "zhang@example.com"

typedef struct {
  char *channel;
  char *recipient;
  char *purpose;
  char *code;
} Delivered;

typedef struct {
  /* The real service */
  char                *tmpdir;
  XuexinServiceConfig *config;
  XuexinService       *service;
  gint64               now;            /* µs, read by service threads */
  GPtrArray           *messages;       /* Delivered */

  /* The fake server */
  SoupServer          *fake;
  guint                fake_status;
  char                *fake_body;
  char                *fake_retry_after;
  char                *fake_date;      /* NULL: the server's own; "": none */
  gboolean             fake_hang;
  SoupServerMessage   *fake_paused;
  guint                fake_requests;

  XuexinClient        *client;
  GAsyncResult        *result;
  GAsyncResult        *last_result;
  guint                token_notifies;

  char                *id;             /* a valid resident ID number */
  char                *id_2;
} Fixture;

/* ----- harness ----- */

void           advance_clock      (Fixture         *f,
                                   gint64           seconds);
void           fixture_init       (Fixture         *f);
/* The real service on loopback and f->client on it. */
void           service_set_up     (Fixture         *f,
                                   gconstpointer    data);
/* The same in two steps, for tests that fill the database first. */
void           service_configure  (Fixture         *f);
void           service_start      (Fixture         *f);
void           remove_tree        (const char      *path);
void           fixture_tear_down  (Fixture         *f,
                                   gconstpointer    data);
/* The newest code delivered to @recipient for @purpose; asserts there is one. */
const char    *last_code          (Fixture         *f,
                                   const char      *recipient,
                                   const char      *purpose);
XuexinClient  *client_new         (Fixture         *f,
                                   const char      *base_url);
/* A valid resident ID number from 17 digits. */
char          *make_id            (const char      *first17);
/* The GAsyncReadyCallback of every call: keeps the result in f->result. */
void           result_cb          (GObject         *object,
                                   GAsyncResult    *result,
                                   gpointer         user_data);
/* Runs the main context until the pending call has answered. The result
 * stays valid until the next call. */
GAsyncResult  *await_result       (Fixture         *f);
void           assert_api_error   (const GError    *error,
                                   XuexinErrorCode  code,
                                   const char      *field);

/* ----- a fake server for answers the service never gives ----- */

/* f->client on a SoupServer answering every request with f->fake_status
 * and f->fake_body (see fake_answer()). */
void           fake_set_up        (Fixture         *f,
                                   gconstpointer    data);
void           fake_answer        (Fixture         *f,
                                   guint            status,
                                   const char      *body);

/* ----- models against hostile JSON ----- */

typedef gpointer (*NewFromJson) (JsonObject *object, GError **error);

typedef struct {
  const char  *name;
  NewFromJson  new_from_json;
  GType      (*get_type) (void);
  const char  *valid;
  const char  *hostile[24];
} ParserCase;

JsonObject    *parse_object       (const char      *text);
/* Each case's valid JSON makes a model; each of its hostile ones is
 * refused with XUEXIN_CLIENT_ERROR_PROTOCOL (and no critical, which
 * g_test_init() makes fatal). */
void           assert_parsers_hostile (const ParserCase *cases,
                                       guint             n_cases);

/* ----- steps shared by the tests (each asserts success) ----- */

char          *send_register_code (Fixture         *f,
                                   const char      *phone);
XuexinAccount *try_register       (Fixture         *f,
                                   const char      *phone,
                                   const char      *code,
                                   const char      *id_number,
                                   const char      *email,
                                   gboolean         reregister,
                                   GError         **error);
XuexinAccount *register_account   (Fixture         *f,
                                   const char      *phone,
                                   const char      *id_number,
                                   const char      *email);
XuexinAccount *try_sign_in        (Fixture         *f,
                                   XuexinClient    *client,
                                   const char      *login_name,
                                   const char      *password,
                                   GError         **error);
XuexinAccount *sign_in            (Fixture         *f,
                                   const char      *login_name,
                                   const char      *password);
XuexinAccount *get_me             (Fixture         *f,
                                   XuexinClient    *client,
                                   GError         **error);
gboolean       sign_out           (Fixture         *f,
                                   GError         **error);
/* Registers @phone (name @name, ID @id_number, as a re-registration when
 * @reregister) and signs @client in. */
XuexinAccount *register_person    (Fixture         *f,
                                   XuexinClient    *client,
                                   const char      *phone,
                                   const char      *name,
                                   const char      *id_number,
                                   gboolean         reregister);

G_END_DECLS
