/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-fuzz"

/*
 * What a hostile or broken server can send the client library: the body
 * of an answer is parsed as the client parses it (json-glib), then
 *  - every model's _new_from_json() takes the answer, and every object
 *    member of it (the answers wrap their model in a member: "account",
 *    "case", …), and every array member becomes a list of each model
 *    through xuexin_json_get_list(), as the list endpoints do;
 *  - the error mapping, xuexin_client_error_from_response(), takes it
 *    with the status and Retry-After header that the first bytes pick.
 * Each must give a model or a GError, never a crash or a critical.
 */

#include "config.h"

#include "fuzz-common.h"
#include "xuexin-client-error-private.h"
#include "xuexin-json-private.h"
#include "xuexin-json-text.h"
#include "xuexin-account.h"
#include "xuexin-affected-entry.h"
#include "xuexin-assistance-request.h"
#include "xuexin-case-claim.h"
#include "xuexin-case-photo.h"
#include "xuexin-case-submission.h"
#include "xuexin-degree-record.h"
#include "xuexin-enrollment-record.h"
#include "xuexin-identity-path.h"
#include "xuexin-identity-state.h"
#include "xuexin-lookup-account.h"
#include "xuexin-other-account.h"
#include "xuexin-photo-handoff.h"
#include "xuexin-platform.h"
#include "xuexin-provider-ticket.h"
#include "xuexin-provider.h"
#include "xuexin-queue-case.h"
#include "xuexin-review-case.h"
#include "xuexin-review-decision.h"
#include "xuexin-staff-case.h"
#include "xuexin-verification-event.h"

typedef struct {
  XuexinJsonObjectFunc  new_from_json;
  GType               (*get_type) (void);
} Model;

#define MODEL(name) { (XuexinJsonObjectFunc) xuexin_##name##_new_from_json, xuexin_##name##_get_type }

static const Model models[] = {
  MODEL (account),
  MODEL (affected_entry),
  MODEL (assistance_request),
  MODEL (case_claim),
  MODEL (case_photo),
  MODEL (case_submission),
  MODEL (degree_record),
  MODEL (enrollment_record),
  MODEL (identity_path),
  MODEL (identity_state),
  MODEL (lookup_account),
  MODEL (other_account),
  MODEL (photo_handoff),
  MODEL (platform),
  MODEL (provider_ticket),
  MODEL (provider),
  MODEL (queue_case),
  MODEL (review_case),
  MODEL (review_decision),
  MODEL (staff_case),
  MODEL (verification_event),
};

static const char * const retry_after_values[] = {
  NULL, "0", "1", "30", "86400", "-5", "abc", "99999999999999999999",
  "Wed, 21 Oct 2015 07:28:00 GMT", "",
};

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_logging ();
  return 0;
}

static void
parse_models (JsonObject *object)
{
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GObject) model = models[i].new_from_json (object, &error);

      /* Exactly one of a model or an error. */
      g_assert_true ((model != NULL) != (error != NULL));
      if (model != NULL)
        g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (model, models[i].get_type ()));
      else
        g_assert_error (error, XUEXIN_CLIENT_ERROR, XUEXIN_CLIENT_ERROR_PROTOCOL);
    }
}

static void
parse_lists (JsonObject *object,
             const char *member)
{
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) list = xuexin_json_get_list (object, member, models[i].get_type (),
                                                         models[i].new_from_json, &error);

      g_assert_true ((list != NULL) != (error != NULL));
      if (list != NULL)
        g_assert_true (g_list_model_get_item_type (list) == models[i].get_type ());
    }
}

static void
map_error (guint       status,
           const char *retry_after,
           JsonNode   *root)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GError) error = NULL;

  if (retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", retry_after);
  error = xuexin_client_error_from_response (status, headers, root);
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  (void) xuexin_client_error_get_field (error);
  (void) xuexin_client_error_get_retry_after (error);
  (void) xuexin_client_error_get_remaining_attempts (error);
  (void) xuexin_client_error_get_claimed_by_name (error);
  (void) xuexin_client_error_is_retryable (error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root = NULL;
  guint status = 500;
  const char *retry_after = NULL;

  /* Two bytes: the status (100–599) and the Retry-After header. */
  if (size >= 2)
    {
      status = 100 + data[0] * 500 / 256;
      retry_after = retry_after_values[data[1] % G_N_ELEMENTS (retry_after_values)];
      data += 2;
      size -= 2;
    }

  /* As the client's parse_body() does (xuexin-client.c). */
  if (size > 0 && xuexin_json_text_is_one_value ((const char *) data, (gssize) size)
      && json_parser_load_from_data (parser, (const char *) data, size, NULL))
    root = json_parser_get_root (parser);

  map_error (status, retry_after, root);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      g_autoptr(GList) members = json_object_get_members (object);

      parse_models (object);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (object, l->data);

          if (JSON_NODE_HOLDS_OBJECT (node))
            parse_models (json_node_get_object (node));
          else if (JSON_NODE_HOLDS_ARRAY (node))
            parse_lists (object, l->data);
        }
    }

  return 0;
}
