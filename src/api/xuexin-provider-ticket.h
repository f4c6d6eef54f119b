/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * XuexinTicketStatus:
 * @XUEXIN_TICKET_STATUS_UNKNOWN: returned only together with an error
 * @XUEXIN_TICKET_STATUS_PENDING: waiting for a scan
 * @XUEXIN_TICKET_STATUS_SCANNED: the QR code was opened on a phone
 * @XUEXIN_TICKET_STATUS_CONFIRMED: bound (bind ticket) or signed in
 *   (sign-in ticket; the session comes with this answer, once)
 * @XUEXIN_TICKET_STATUS_USED: the sign-in session was already handed out
 * @XUEXIN_TICKET_STATUS_EXPIRED: not confirmed in time; start again
 * @XUEXIN_TICKET_STATUS_FAILED: refused; the reason says why
 *
 * Where a WeChat/Alipay bind or QR sign-in ticket stands. New values may
 * only be added at the end.
 */
typedef enum {
  XUEXIN_TICKET_STATUS_UNKNOWN,
  XUEXIN_TICKET_STATUS_PENDING,
  XUEXIN_TICKET_STATUS_SCANNED,
  XUEXIN_TICKET_STATUS_CONFIRMED,
  XUEXIN_TICKET_STATUS_USED,
  XUEXIN_TICKET_STATUS_EXPIRED,
  XUEXIN_TICKET_STATUS_FAILED,
} XuexinTicketStatus;

#define XUEXIN_TYPE_PROVIDER_TICKET (xuexin_provider_ticket_get_type ())

G_DECLARE_FINAL_TYPE (XuexinProviderTicket, xuexin_provider_ticket, XUEXIN, PROVIDER_TICKET, GObject)

XuexinProviderTicket *xuexin_provider_ticket_new_from_json      (JsonObject            *object,
                                                                 GError               **error);
const char           *xuexin_provider_ticket_get_ticket         (XuexinProviderTicket  *self);
const char           *xuexin_provider_ticket_get_provider       (XuexinProviderTicket  *self);
const char           *xuexin_provider_ticket_get_qr_url         (XuexinProviderTicket  *self);
GDateTime            *xuexin_provider_ticket_get_expires_at     (XuexinProviderTicket  *self);
guint                 xuexin_provider_ticket_get_expires_in     (XuexinProviderTicket  *self);
guint                 xuexin_provider_ticket_get_poll_interval  (XuexinProviderTicket  *self);

G_END_DECLS
