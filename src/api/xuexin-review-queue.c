/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-client"

#include "config.h"

#include <string.h>

#include "xuexin-client-review.h"
#include "xuexin-review-queue.h"

/**
 * XuexinReviewQueue:
 *
 * The review queue as a GListModel of #XuexinQueueCase that pages from
 * GET /review/cases (see xuexin-review-queue.h for the contract). Pages
 * are kept in a hash table by index and made only when one of their rows
 * is asked for, so a queue of 100 000 cases costs the pages looked at,
 * not 100 000 rows.
 */

#define PAGE_SIZE XUEXIN_REVIEW_QUEUE_PAGE_SIZE

typedef struct {
  /* NULL until the row is asked for or the page arrives. */
  XuexinQueueCase *rows[PAGE_SIZE];
  gboolean         requested;
  gboolean         loaded;
} Page;

struct _XuexinReviewQueue
{
  GObject            parent_instance;

  XuexinClient      *client;
  char              *state;
  char              *submitted_from;
  char              *submitted_to;
  char              *resubmissions;

  guint              n_items;
  GHashTable        *pages;        /* page index → Page */
  /* Cancelled by a reload and by dispose: answers of an older generation
   * never reach the rows. */
  GCancellable      *cancellable;
  gboolean           loading;
  GError            *error;
  XuexinQueueCounts  counts;
};

static void xuexin_review_queue_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (XuexinReviewQueue, xuexin_review_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      xuexin_review_queue_list_model_init))

G_DEFINE_BOXED_TYPE (XuexinQueueCounts, xuexin_queue_counts, xuexin_queue_counts_copy, g_free)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_ERROR,
  PROP_COUNTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

XuexinQueueCounts *
xuexin_queue_counts_copy (const XuexinQueueCounts *counts)
{
  return g_memdup2 (counts, sizeof *counts);
}

static void
page_free (gpointer data)
{
  Page *page = data;

  for (guint i = 0; i < PAGE_SIZE; i++)
    g_clear_object (&page->rows[i]);
  g_free (page);
}

static GHashTable *
pages_new (void)
{
  return g_hash_table_new_full (NULL, NULL, NULL, page_free);
}

/* One page request: the queue is not referenced, so that dropping it
 * cancels the request instead of waiting for it. */
typedef struct {
  XuexinReviewQueue *self;
  guint              index;
  gboolean           reload;
} PageRequest;

static void page_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
request_page (XuexinReviewQueue *self,
              guint              index,
              gboolean           reload)
{
  XuexinQueueFilter filter = {
    .state = self->state,
    .submitted_from = self->submitted_from,
    .submitted_to = self->submitted_to,
    .resubmissions = self->resubmissions,
  };
  PageRequest *request = g_new0 (PageRequest, 1);

  request->self = self;
  request->index = index;
  request->reload = reload;
  xuexin_client_list_review_cases_async (self->client, &filter, index * PAGE_SIZE, PAGE_SIZE,
                                         self->cancellable, page_cb, request);
}

static void
set_error (XuexinReviewQueue *self,
           GError            *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_counts (XuexinReviewQueue       *self,
            const XuexinQueueCounts *counts)
{
  if (memcmp (&self->counts, counts, sizeof *counts) == 0)
    return;

  self->counts = *counts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTS]);
}

static void
set_loading (XuexinReviewQueue *self,
             gboolean           loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Puts the cases of an answer into @page: placeholders handed out are
 * filled in (and notify), the other rows are the answer's own objects. */
static void
page_fill (Page      *page,
           GPtrArray *cases)
{
  for (guint i = 0; i < MIN (cases->len, PAGE_SIZE); i++)
    {
      XuexinQueueCase *from = g_ptr_array_index (cases, i);

      if (page->rows[i] != NULL)
        xuexin_queue_case_update (page->rows[i], from);
      else
        page->rows[i] = g_object_ref (from);
    }
  page->loaded = TRUE;
  page->requested = FALSE;
}

/* The queue grew or shrank since the last page (cases submitted or
 * decided meanwhile): the rows at the end follow; the next reload puts
 * everything in order. */
static void
resize (XuexinReviewQueue *self,
        guint              n_items)
{
  guint old = self->n_items;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  if (n_items == old)
    return;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint first = GPOINTER_TO_UINT (key) * PAGE_SIZE;
      Page *page = value;

      if (first >= n_items)
        g_hash_table_iter_remove (&iter);
      else
        for (guint i = n_items - first; i < PAGE_SIZE; i++)
          g_clear_object (&page->rows[i]);
    }

  self->n_items = n_items;
  if (n_items > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n_items - old);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), n_items, old - n_items, 0);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autofree PageRequest *request = user_data;
  XuexinReviewQueue *self = request->self;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  XuexinQueueCounts counts = { 0, };
  guint total = 0;
  guint n_items;
  Page *page;

  cases = xuexin_client_list_review_cases_finish (XUEXIN_CLIENT (object), result, &total, &counts, &error);
  /* A reload or dispose cancelled it: self may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_object_freeze_notify (G_OBJECT (self));

  if (cases == NULL)
    {
      page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (request->index));
      /* Asking for one of its rows again tries again. */
      if (page != NULL && !request->reload)
        page->requested = FALSE;
      if (request->reload)
        set_loading (self, FALSE);
      set_error (self, g_steal_pointer (&error));
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  /* Never fewer rows than the answer holds, whatever its total says. */
  n_items = MAX (total, request->index * PAGE_SIZE + MIN (cases->len, PAGE_SIZE));

  if (request->reload)
    {
      guint old = self->n_items;

      g_hash_table_remove_all (self->pages);
      page = g_new0 (Page, 1);
      page_fill (page, cases);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (0), page);
      self->n_items = n_items;
      set_loading (self, FALSE);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n_items);
    }
  else
    {
      page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (request->index));
      if (page == NULL)
        {
          page = g_new0 (Page, 1);
          g_hash_table_insert (self->pages, GUINT_TO_POINTER (request->index), page);
        }
      page_fill (page, cases);
      resize (self, n_items);
    }

  set_error (self, NULL);
  set_counts (self, &counts);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * xuexin_review_queue_new:
 * @client: a client signed in as staff
 *
 * Returns: (transfer full): the open queue, loading its first page
 */
XuexinReviewQueue *
xuexin_review_queue_new (XuexinClient *client)
{
  XuexinReviewQueue *self;

  g_return_val_if_fail (XUEXIN_IS_CLIENT (client), NULL);

  self = g_object_new (XUEXIN_TYPE_REVIEW_QUEUE, NULL);
  self->client = g_object_ref (client);
  xuexin_review_queue_reload (self);

  return self;
}

/**
 * xuexin_review_queue_set_filter:
 * @filter: (nullable): copied; %NULL for the open queue
 */
void
xuexin_review_queue_set_filter (XuexinReviewQueue       *self,
                                const XuexinQueueFilter *filter)
{
  g_return_if_fail (XUEXIN_IS_REVIEW_QUEUE (self));

  g_free (self->state);
  g_free (self->submitted_from);
  g_free (self->submitted_to);
  g_free (self->resubmissions);
  self->state = filter != NULL ? g_strdup (filter->state) : NULL;
  self->submitted_from = filter != NULL ? g_strdup (filter->submitted_from) : NULL;
  self->submitted_to = filter != NULL ? g_strdup (filter->submitted_to) : NULL;
  self->resubmissions = filter != NULL ? g_strdup (filter->resubmissions) : NULL;

  xuexin_review_queue_reload (self);
}

/* The rows stay as they are until the first page arrives; the pages on
 * the way are cancelled (they would mix two versions of the queue). */
void
xuexin_review_queue_reload (XuexinReviewQueue *self)
{
  GHashTableIter iter;
  Page *page;

  g_return_if_fail (XUEXIN_IS_REVIEW_QUEUE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
    page->requested = FALSE;

  set_loading (self, TRUE);
  request_page (self, 0, TRUE);
}

gboolean
xuexin_review_queue_is_loading (XuexinReviewQueue *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_QUEUE (self), FALSE);

  return self->loading;
}

/**
 * xuexin_review_queue_get_error:
 *
 * Returns: (nullable) (transfer none): why the last page asked for did
 *   not arrive
 */
const GError *
xuexin_review_queue_get_error (XuexinReviewQueue *self)
{
  g_return_val_if_fail (XUEXIN_IS_REVIEW_QUEUE (self), NULL);

  return self->error;
}

void
xuexin_review_queue_get_counts (XuexinReviewQueue *self,
                                XuexinQueueCounts *counts)
{
  g_return_if_fail (XUEXIN_IS_REVIEW_QUEUE (self));
  g_return_if_fail (counts != NULL);

  *counts = self->counts;
}

/* Only the loaded rows are searched: a case on a page never looked at
 * is not found (the console opens cases from rows it shows). */
guint
xuexin_review_queue_find (XuexinReviewQueue *self,
                          gint64             case_id)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  guint found = G_MAXUINT;

  g_return_val_if_fail (XUEXIN_IS_REVIEW_QUEUE (self), G_MAXUINT);

  if (case_id <= 0)
    return G_MAXUINT;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Page *page = value;

      for (guint i = 0; i < PAGE_SIZE; i++)
        if (page->rows[i] != NULL && xuexin_queue_case_get_id (page->rows[i]) == case_id)
          found = MIN (found, GPOINTER_TO_UINT (key) * PAGE_SIZE + i);
    }

  return found;
}

/* ----- GListModel --------------------------------------------------------- */

static GType
xuexin_review_queue_get_item_type (GListModel *model)
{
  return XUEXIN_TYPE_QUEUE_CASE;
}

static guint
xuexin_review_queue_get_n_items (GListModel *model)
{
  return XUEXIN_REVIEW_QUEUE (model)->n_items;
}

static gpointer
xuexin_review_queue_get_item (GListModel *model,
                              guint       position)
{
  XuexinReviewQueue *self = XUEXIN_REVIEW_QUEUE (model);
  guint index = position / PAGE_SIZE;
  guint slot = position % PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    {
      page = g_new0 (Page, 1);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
    }

  if (page->rows[slot] == NULL)
    page->rows[slot] = xuexin_queue_case_new_placeholder ();

  /* During a reload every row is replaced by its answer: asking for a
   * page of the old queue would only be thrown away. */
  if (!page->loaded && !page->requested && !self->loading)
    {
      page->requested = TRUE;
      request_page (self, index, FALSE);
    }

  return g_object_ref (page->rows[slot]);
}

static void
xuexin_review_queue_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = xuexin_review_queue_get_item_type;
  iface->get_n_items = xuexin_review_queue_get_n_items;
  iface->get_item = xuexin_review_queue_get_item;
}

/* ----- GObject ------------------------------------------------------------ */

static void
xuexin_review_queue_dispose (GObject *object)
{
  XuexinReviewQueue *self = XUEXIN_REVIEW_QUEUE (object);

  /* The requests on the way see the cancellation and leave self alone. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (xuexin_review_queue_parent_class)->dispose (object);
}

static void
xuexin_review_queue_finalize (GObject *object)
{
  XuexinReviewQueue *self = XUEXIN_REVIEW_QUEUE (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->submitted_from, g_free);
  g_clear_pointer (&self->submitted_to, g_free);
  g_clear_pointer (&self->resubmissions, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (xuexin_review_queue_parent_class)->finalize (object);
}

static void
xuexin_review_queue_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  XuexinReviewQueue *self = XUEXIN_REVIEW_QUEUE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_COUNTS:
      g_value_set_boxed (value, &self->counts);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xuexin_review_queue_class_init (XuexinReviewQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = xuexin_review_queue_dispose;
  object_class->finalize = xuexin_review_queue_finalize;
  object_class->get_property = xuexin_review_queue_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);
  properties[PROP_COUNTS] = g_param_spec_boxed ("counts", NULL, NULL, XUEXIN_TYPE_QUEUE_COUNTS, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
xuexin_review_queue_init (XuexinReviewQueue *self)
{
  self->pages = pages_new ();
  self->cancellable = g_cancellable_new ();
}
