/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "xuexin-assistant.h"
#include "xuexin-client.h"

G_BEGIN_DECLS

#define XUEXIN_TYPE_FLOW (xuexin_flow_get_type ())

G_DECLARE_DERIVABLE_TYPE (XuexinFlow, xuexin_flow, XUEXIN, FLOW, AdwBin)

/**
 * XuexinFlowClass:
 * @refused: a page's apply failed (the service refused, or the network
 *   failed); the page already shows the error, a flow may move it to the
 *   page of the field it is about
 *
 * A flow the window shows in place of the sign-in page: an assistant, the
 * client its pages talk through and the draft they share. Subclasses add
 * their pages in their constructor and expose the outcome through getters
 * the window reads on #XuexinFlow::finished.
 */
struct _XuexinFlowClass
{
  AdwBinClass parent_class;

  void (*refused) (XuexinFlow   *self,
                   XuexinPage   *page,
                   const GError *error);

  gpointer padding[8];
};

XuexinClient    *xuexin_flow_get_client         (XuexinFlow *self);
GObject         *xuexin_flow_get_draft          (XuexinFlow *self);
XuexinAssistant *xuexin_flow_get_assistant      (XuexinFlow *self);
void             xuexin_flow_add_page           (XuexinFlow *self,
                                                 XuexinPage *page);
void             xuexin_flow_show_error_on_page (XuexinFlow   *self,
                                                 XuexinPage   *page,
                                                 const GError *error,
                                                 const char   *button_label,
                                                 const char   *action_name);

G_END_DECLS
