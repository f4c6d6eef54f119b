/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-api.h"

G_BEGIN_DECLS

/**
 * XuexinTicketDialogState:
 * @XUEXIN_TICKET_DIALOG_STATE_IDLE: nothing asked yet, or closed
 * @XUEXIN_TICKET_DIALOG_STATE_STARTING: asking the service for a ticket
 * @XUEXIN_TICKET_DIALOG_STATE_WAITING: the code is shown, the ticket polled
 * @XUEXIN_TICKET_DIALOG_STATE_ENDED: the ticket is over or was refused
 * @XUEXIN_TICKET_DIALOG_STATE_ERROR: no answer from the service
 * @XUEXIN_TICKET_DIALOG_STATE_DONE: the phone confirmed
 *
 * Where a QR ticket dialog stands.
 */
typedef enum {
  XUEXIN_TICKET_DIALOG_STATE_IDLE,
  XUEXIN_TICKET_DIALOG_STATE_STARTING,
  XUEXIN_TICKET_DIALOG_STATE_WAITING,
  XUEXIN_TICKET_DIALOG_STATE_ENDED,
  XUEXIN_TICKET_DIALOG_STATE_ERROR,
  XUEXIN_TICKET_DIALOG_STATE_DONE,
} XuexinTicketDialogState;

/**
 * XuexinTicketOffer:
 * @XUEXIN_TICKET_OFFER_NONE: no button
 * @XUEXIN_TICKET_OFFER_REFRESH: Refresh, over the faded code
 * @XUEXIN_TICKET_OFFER_RETRY: Try Again
 * @XUEXIN_TICKET_OFFER_ACTION: the subclass's own buttons (children of
 *   type "action" in its template; children of type "extra" are always
 *   shown, at the bottom)
 *
 * The buttons that lead on from where the dialog stands.
 */
typedef enum {
  XUEXIN_TICKET_OFFER_NONE    = 0,
  XUEXIN_TICKET_OFFER_REFRESH = 1 << 0,
  XUEXIN_TICKET_OFFER_RETRY   = 1 << 1,
  XUEXIN_TICKET_OFFER_ACTION  = 1 << 2,
} XuexinTicketOffer;

/**
 * XuexinTicketTexts:
 * @provider: the provider's id, "wechat" or "alipay"
 * @title: the window title
 * @heading: the heading above the code ("Scan with WeChat")
 * @pending: the status while nobody has scanned
 * @code_label: the code's name for screen readers
 *
 * A provider's sentences, whole so that translators see the name in
 * context; marked with N_() and translated when shown.
 */
typedef struct {
  const char *provider;
  const char *title;
  const char *heading;
  const char *pending;
  const char *code_label;
} XuexinTicketTexts;

#define XUEXIN_TYPE_TICKET_DIALOG_STATE (xuexin_ticket_dialog_state_get_type ())
GType xuexin_ticket_dialog_state_get_type (void) G_GNUC_CONST;

#define XUEXIN_TYPE_TICKET_DIALOG (xuexin_ticket_dialog_get_type ())

G_DECLARE_DERIVABLE_TYPE (XuexinTicketDialog, xuexin_ticket_dialog, XUEXIN, TICKET_DIALOG, AdwWindow)

struct _XuexinTicketDialogClass
{
  AdwWindowClass parent_class;

  /*< private >*/
  const XuexinTicketTexts *texts;
  guint                    n_texts;
  gsize                    texts_size;
  const char              *scanned_text;

  /*< public >*/

  /* Set in class_init. With stays_open_when_confirmed the dialog does
   * not close when the phone confirms: the code gives way to a check
   * mark, confirmed() says so, and the subclass's action buttons lead on.
   * demo_link_text (marked with N_(), or NULL for the base's) names the
   * demo link to the simulated page. */
  gboolean                 stays_open_when_confirmed;
  const char              *demo_link_text;

  /* The client's calls for this kind of ticket. */
  void                  (*start_async)    (XuexinClient          *client,
                                           const char            *provider,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
  XuexinProviderTicket *(*start_finish)   (XuexinClient          *client,
                                           GAsyncResult          *result,
                                           GError               **error);
  void                  (*poll_async)     (XuexinClient          *client,
                                           XuexinProviderTicket  *ticket,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
  XuexinTicketStatus    (*poll_finish)    (XuexinTicketDialog    *self,
                                           GAsyncResult          *result,
                                           char                 **reason,
                                           char                 **message,
                                           GError               **error);

  /* The outcomes. start_refused() returns TRUE when it showed the
   * refusal itself; otherwise the dialog offers Try Again. ended() is
   * for used and failed tickets. */
  gboolean              (*start_refused)  (XuexinTicketDialog    *self,
                                           const GError          *error);
  void                  (*confirmed)      (XuexinTicketDialog    *self);
  void                  (*ended)          (XuexinTicketDialog    *self,
                                           XuexinTicketStatus     status,
                                           const char            *reason,
                                           const char            *message);
  char                 *(*describe_error) (XuexinTicketDialog    *self,
                                           const GError          *error);
};

XuexinClient            *xuexin_ticket_dialog_get_client     (XuexinTicketDialog *self);
const char              *xuexin_ticket_dialog_get_provider   (XuexinTicketDialog *self);
XuexinTicketDialogState  xuexin_ticket_dialog_get_state      (XuexinTicketDialog *self);
gboolean                 xuexin_ticket_dialog_get_demo_mode  (XuexinTicketDialog *self);
void                     xuexin_ticket_dialog_set_demo_mode  (XuexinTicketDialog *self,
                                                              gboolean            demo_mode);

/* For subclasses. */
void                     xuexin_ticket_dialog_class_set_texts (XuexinTicketDialogClass *klass,
                                                               const XuexinTicketTexts *texts,
                                                               guint                    n_texts,
                                                               gsize                    texts_size,
                                                               const char              *scanned_text);
gpointer                 xuexin_ticket_dialog_new            (GType               type,
                                                              GtkWindow          *parent,
                                                              XuexinClient       *client,
                                                              const char         *provider,
                                                              gboolean            demo_mode);
const XuexinTicketTexts *xuexin_ticket_dialog_get_texts      (XuexinTicketDialog *self);
void                     xuexin_ticket_dialog_set_status     (XuexinTicketDialog *self,
                                                              const char         *status,
                                                              gboolean            success);
void                     xuexin_ticket_dialog_end            (XuexinTicketDialog *self,
                                                              const char         *status,
                                                              const char         *message,
                                                              XuexinTicketOffer   offers);
void                     xuexin_ticket_dialog_end_without_code (XuexinTicketDialog *self,
                                                                const char         *icon_name,
                                                                const char         *message,
                                                                XuexinTicketOffer   offers);

G_END_DECLS
