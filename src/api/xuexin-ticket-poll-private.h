/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "xuexin-client-private.h"

G_BEGIN_DECLS

/*
 * Where a QR ticket stands, as its poll answered: the bind and QR
 * sign-in tickets (xuexin-client-providers.c) and the identity app
 * verification of path 1 (xuexin-client-app-verification.c) share the
 * parsing, each with its own names of the states.
 */

typedef struct
{
  const char         *name;
  XuexinTicketStatus  status;
} XuexinTicketStateName;

typedef struct
{
  XuexinTicketStatus  status;
  char               *reason;              /* FAILED: why */
  char               *message;             /* FAILED: the service's sentence, or NULL */
  gint                remaining_attempts;  /* FAILED: attempts left today, or -1 */
  XuexinAccount      *account;             /* the QR sign-in's session */
} XuexinTicketPoll;

void              xuexin_ticket_poll_free  (gpointer                     data);

/* Reads the state from @member of @reply by @names (ended by a NULL
 * name), and for a failed ticket its reason, message and
 * remaining_attempts. */
XuexinTicketPoll *xuexin_ticket_poll_parse (JsonObject                  *reply,
                                            const char                  *member,
                                            const XuexinTicketStateName *names,
                                            GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XuexinTicketPoll, xuexin_ticket_poll_free)

G_END_DECLS
