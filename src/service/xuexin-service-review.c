/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xuexin-service-accounts.h"
#include "xuexin-service-crypto.h"
#include "xuexin-service-identity.h"
#include "xuexin-service-review.h"
#include "xuexin-service-review-private.h"
#include "xuexin-service-staff.h"
#include "xuexin-service-throttle.h"

/*
 * Review cases (FAQ 5, path 2). A pending account uploads three photos
 * into its case (draft), submits it (submitted); a reviewer claims it
 * (in_review: a submitted case with a live claim, 15 minutes) and
 * decides (approved: the success transaction; rejected: with a reason,
 * and the case may be resubmitted with new photos). When the account
 * stops being pending by any other path, a trigger closes the case.
 *
 * Photos are read only by their owner while in the draft, and by
 * reviewers holding the claim; every view and decision is audited under
 * the reviewer's id. Photo rows name files of the photo store; a
 * photo's retention starts at its submission's decision.
 */

#define DEMO_REVIEWER_PHONE    "19900009999"
#define DEMO_REVIEWER_NAME     "演示审核员"
#define DEMO_REVIEWER_PASSWORD "Review#2024pass"
/* Fictional, valid, and no demo record's. */
#define DEMO_REVIEWER_ID_NUMBER "110101198001019998"

/* [limits] review-submissions-window, in µs. */
#define SUBMISSIONS_WINDOW(req) \
  ((gint64) (req)->config->review_submissions_window * XS_USEC_PER_SEC)
#define LIST_DEFAULT 50
#define LIST_MAX 100
#define NOTE_MAX 500
/* The estimated wait: the mean review time of the last decisions of
 * this many days. */
#define WAIT_SAMPLE 50
#define WAIT_WINDOW (14 * XS_DAY)
/* "poll_interval": how long (seconds) the owner's app should wait
 * between reads of its case, `review-poll-interval` (15 s) while
 * submitted. A submitted case waits for a reviewer to claim it, which
 * takes minutes at best, so 15 s keeps the queue position fresh without
 * a read per second per waiting person; once claimed a decision can come
 * any moment (a claim lasts 15 minutes), so two thirds of it (10 s)
 * shows it promptly. In the other states nothing changes without the
 * owner acting (draft) or nothing changes any more (decided, closed):
 * null, do not poll. */

static const char * const sides[] = { "handheld", "front", "back" };

static const struct {
  const char *code;
  const char *text;
} reasons[] = {
  { "blurry", "模糊不清" },
  { "obscured", "信息被遮挡" },
  { "not_holder", "非本人手持" },
  { "mismatch", "证件与注册信息不符" },
  { "edited", "翻拍或经过编辑" },
  { "other", "其他" },
};

static gboolean
side_is_valid (const char *side)
{
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    if (g_strcmp0 (side, sides[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
xs_review_side_is_valid (const char *side)
{
  return side_is_valid (side);
}

static const char *
reason_text (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_strcmp0 (code, reasons[i].code) == 0)
      return reasons[i].text;
  return NULL;
}

/* ----- cases ------------------------------------------------------------- */

typedef struct {
  gint64  id;
  gint64  account_id;
  char   *state;
  gint64  submissions;
  gint64  created_at;
  gint64  updated_at;
  gint64  submitted_at;
  gint64  claimed_by;
  gint64  claim_expires_at;
  gint64  decided_at;
  char   *reason;
  char   *note;
} Case;

static void
case_clear (Case *c)
{
  g_clear_pointer (&c->state, g_free);
  g_clear_pointer (&c->reason, g_free);
  g_clear_pointer (&c->note, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Case, case_clear)

#define CASE_COLUMNS \
  "id, account_id, state, submissions, created_at, updated_at, submitted_at, " \
  "claimed_by, claim_expires_at, decided_at, reason, note "
#define CASE_N_COLUMNS 12
/* After CASE_COLUMNS in a SELECT from review_cases: the name of the
 * account in claimed_by (live claim or not; the caller checks). */
#define CLAIM_HOLDER_NAME \
  "(SELECT name FROM accounts WHERE accounts.id = review_cases.claimed_by) "

static void
case_read (sqlite3_stmt *stmt,
           Case         *c)
{
  c->id = sqlite3_column_int64 (stmt, 0);
  c->account_id = sqlite3_column_int64 (stmt, 1);
  c->state = g_strdup (xs_stmt_text (stmt, 2));
  c->submissions = sqlite3_column_int64 (stmt, 3);
  c->created_at = sqlite3_column_int64 (stmt, 4);
  c->updated_at = sqlite3_column_int64 (stmt, 5);
  c->submitted_at = sqlite3_column_int64 (stmt, 6);
  c->claimed_by = sqlite3_column_type (stmt, 7) == SQLITE_NULL ? -1
                                                               : sqlite3_column_int64 (stmt, 7);
  c->claim_expires_at = sqlite3_column_int64 (stmt, 8);
  c->decided_at = sqlite3_column_int64 (stmt, 9);
  c->reason = g_strdup (xs_stmt_text (stmt, 10));
  c->note = g_strdup (xs_stmt_text (stmt, 11));
}

/* 1 found, 0 none, -1 database error. */
static int
load_case (XsDb   *db,
           gboolean by_account,
           gint64  id,
           Case   *c)
{
  sqlite3_stmt *stmt = by_account
    ? xs_db_prepare (db, "SELECT " CASE_COLUMNS "FROM review_cases WHERE account_id = ?1")
    : xs_db_prepare (db, "SELECT " CASE_COLUMNS "FROM review_cases WHERE id = ?1");
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    case_read (stmt, c);
  sqlite3_reset (stmt);

  return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static gboolean
case_is_claimed (const Case *c,
                 gint64      now)
{
  return c->claimed_by >= 0 && c->claim_expires_at > now;
}

/* The state the API shows: a submitted case with a live claim is in
 * review. */
static const char *
case_state (const Case *c,
            gint64      now)
{
  if (g_strcmp0 (c->state, "submitted") == 0 && case_is_claimed (c, now))
    return "in_review";
  return c->state;
}

static gboolean
case_is_queued (const Case *c)
{
  return g_strcmp0 (c->state, "submitted") == 0;
}

static gboolean
parse_id (const char *text,
          gint64     *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

static gboolean
audit (XsRequest  *req,
       gint64      account_id,
       const char *event,
       const char *detail)
{
  return xs_db_insert_audit (req->db, account_id, event, req->now, req->client_ip, detail) > 0;
}

/* ----- the owner's view -------------------------------------------------- */

static char *
submit_key (gint64 account_id)
{
  return g_strdup_printf ("review-submit:%" G_GINT64_FORMAT, account_id);
}

guint
xs_review_submissions_left (XsRequest *req,
                            gint64    *out_wait)
{
  g_autofree char *key = submit_key (req->account_id);

  *out_wait = 0;
  return xs_throttle_window_remaining (req, key, req->config->review_submissions_limit,
                                       SUBMISSIONS_WINDOW (req), out_wait);
}

/* The queued cases submitted before @c: its place is one more. */
static gint64
queue_position (XsRequest  *req,
                const Case *c)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*) FROM review_cases WHERE state = 'submitted' AND submitted_at < ?1");
  gint64 before = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, c->submitted_at);
  if (!xs_db_select_int64 (stmt, &before, NULL))
    return -1;

  return before + 1;
}

/* The mean time from submission to decision of recent decisions (µs),
 * or 0 when there were none. */
static gint64
recent_review_time (XsRequest *req)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT decided_at - submitted_at FROM review_submissions "
    "WHERE decided_at >= ?1 AND decision != 'closed' ORDER BY decided_at DESC LIMIT ?2");
  gint64 total = 0;
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, req->now - WAIT_WINDOW);
  sqlite3_bind_int (stmt, 2, WAIT_SAMPLE);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      total += MAX (sqlite3_column_int64 (stmt, 0), 0);
      n++;
    }
  sqlite3_reset (stmt);

  return n > 0 ? total / n : 0;
}

static gboolean
add_photo_list (XsRequest   *req,
                JsonBuilder *builder,
                gint64       case_id,
                gint64       submission)
{
  sqlite3_stmt *stmt = submission > 0
    ? xs_db_prepare (req->db,
                     "SELECT side, mime_type, width, height, size, uploaded_at FROM review_photos "
                     "WHERE case_id = ?1 AND submission = ?2 ORDER BY side")
    : xs_db_prepare (req->db,
                     "SELECT side, mime_type, width, height, size, uploaded_at FROM review_photos "
                     "WHERE case_id = ?1 AND submission IS NULL ORDER BY side");
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (submission > 0)
    sqlite3_bind_int64 (stmt, 2, submission);

  json_builder_set_member_name (builder, "photos");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      xs_builder_add_string (builder, "side", xs_stmt_text (stmt, 0));
      xs_builder_add_string (builder, "mime_type", xs_stmt_text (stmt, 1));
      xs_builder_add_int (builder, "width", sqlite3_column_int64 (stmt, 2));
      xs_builder_add_int (builder, "height", sqlite3_column_int64 (stmt, 3));
      xs_builder_add_int (builder, "size", sqlite3_column_int64 (stmt, 4));
      xs_builder_add_time (builder, "uploaded_at", sqlite3_column_int64 (stmt, 5));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE;
}

static void
add_reason (JsonBuilder *builder,
            const Case  *c)
{
  json_builder_set_member_name (builder, "rejection");
  if (g_strcmp0 (c->state, "rejected") != 0 || c->reason == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  xs_builder_add_string (builder, "reason", c->reason);
  xs_builder_add_string (builder, "reason_text", reason_text (c->reason));
  xs_builder_add_string (builder, "note", c->note);
  json_builder_end_object (builder);
}

/* The case as its owner sees it, as the next value of @builder. */
static gboolean
add_owner_case (XsRequest   *req,
                JsonBuilder *builder,
                const Case  *c)
{
  g_autofree char *key = submit_key (c->account_id);
  gint64 wait = 0;
  guint left;
  gboolean queued = case_is_queued (c);
  const char *state = case_state (c, req->now);

  left = xs_throttle_window_remaining (req, key, req->config->review_submissions_limit,
                                       SUBMISSIONS_WINDOW (req), &wait);

  json_builder_begin_object (builder);
  xs_builder_add_int (builder, "id", c->id);
  xs_builder_add_string (builder, "state", state);
  xs_builder_add_int (builder, "submissions", c->submissions);
  xs_builder_add_int (builder, "submissions_left", left);
  xs_builder_add_time (builder, "next_submission_at", left == 0 ? req->now + wait : 0);
  xs_builder_add_time (builder, "created_at", c->created_at);
  xs_builder_add_time (builder, "updated_at", c->updated_at);
  xs_builder_add_time (builder, "submitted_at", c->submitted_at);
  xs_builder_add_time (builder, "decided_at", c->decided_at);
  json_builder_set_member_name (builder, "queue_position");
  if (queued)
    {
      gint64 position = queue_position (req, c);

      if (position < 0)
        return FALSE;
      json_builder_add_int_value (builder, position);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "estimated_wait");
  if (queued)
    {
      gint64 mean = recent_review_time (req);

      /* Unknown without recent decisions; never below zero. */
      if (mean > 0)
        json_builder_add_int_value (builder,
                                    MAX (mean - (req->now - c->submitted_at), 0)
                                    / XS_USEC_PER_SEC);
      else
        json_builder_add_null_value (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "poll_interval");
  if (g_strcmp0 (state, "in_review") == 0)
    json_builder_add_int_value (builder, MAX (1, req->config->review_poll_interval * 2 / 3));
  else if (g_strcmp0 (state, "submitted") == 0)
    json_builder_add_int_value (builder, req->config->review_poll_interval);
  else
    json_builder_add_null_value (builder);
  add_reason (builder, c);
  /* The draft's photos; once submitted, those of the last submission. */
  if (!add_photo_list (req, builder, c->id,
                       g_strcmp0 (c->state, "draft") == 0 ? 0 : c->submissions))
    return FALSE;
  json_builder_end_object (builder);

  return TRUE;
}

gboolean
xs_review_add_case_summary (XsRequest   *req,
                            JsonBuilder *builder)
{
  g_auto(Case) c = { 0, };
  int found = load_case (req->db, TRUE, req->account_id, &c);

  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      json_builder_add_null_value (builder);
      return TRUE;
    }
  return add_owner_case (req, builder, &c);
}

static void
reply_owner_case (XsRequest *req,
                  guint      status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "case");
  if (!xs_review_add_case_summary (req, builder))
    {
      xs_request_internal_error (req, "reading a review case");
      return;
    }
  json_builder_end_object (builder);
  xs_request_reply_json (req, status, builder);
}

void
xs_handle_case_get (XsRequest *req)
{
  reply_owner_case (req, SOUP_STATUS_OK);
}

/* Only a pending account has something to prove. */
static gboolean
require_pending (XsRequest *req)
{
  if (g_strcmp0 (req->account_state, XS_STATE_PENDING_IDENTITY) != 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_ALREADY_VERIFIED, NULL);
      return FALSE;
    }
  return TRUE;
}

/* The refusal for a case in @c's state, or FALSE when photos may change. */
static gboolean
refuse_unless_editable (XsRequest  *req,
                        const Case *c)
{
  if (g_strcmp0 (c->state, "submitted") == 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_CASE_OPEN, NULL);
      return TRUE;
    }
  if (g_strcmp0 (c->state, "approved") == 0 || g_strcmp0 (c->state, "closed") == 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_ALREADY_VERIFIED, NULL);
      return TRUE;
    }
  return FALSE;
}

gboolean
xs_review_check_editable (XsRequest *req,
                          gint64     account_id)
{
  g_auto(Case) c = { 0, };
  int found = load_case (req->db, TRUE, account_id, &c);

  if (found < 0)
    {
      xs_request_internal_error (req, "reading a review case");
      return FALSE;
    }

  return found == 0 || !refuse_unless_editable (req, &c);
}

gboolean
xs_review_add_draft_photos (XsRequest   *req,
                            JsonBuilder *builder,
                            gint64       account_id)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT p.side, p.uploaded_at FROM review_cases c JOIN review_photos p "
    "ON p.case_id = c.id AND p.submission IS NULL WHERE c.account_id = ?1 ORDER BY p.side");
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);

  json_builder_set_member_name (builder, "photos");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      xs_builder_add_string (builder, "side", xs_stmt_text (stmt, 0));
      xs_builder_add_time (builder, "uploaded_at", sqlite3_column_int64 (stmt, 1));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE;
}

static gboolean
hash_was_rejected (XsRequest  *req,
                   const char *hash,
                   gboolean   *out)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db, "SELECT 1 FROM rejected_photos WHERE hash = ?1");
  int rc;

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, hash);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  *out = rc == SQLITE_ROW;

  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

typedef struct {
  gint64       account_id;
  const char  *side;
  const char  *name;
  const char  *hash;
  XsPhotoInfo  info;
  gsize        size;
  XsTransactionFunc still_allowed;
  gpointer     still_allowed_data;
  char        *replaced;   /* out: the name of the photo this one replaces */
} Upload;

static gboolean
store_upload (XsRequest *req,
              gpointer   data)
{
  Upload *upload = data;
  g_auto(Case) c = { 0, };
  sqlite3_stmt *stmt;
  int found;

  /* The caller's authority may have ended while the photo was decoded. */
  if (upload->still_allowed != NULL && !upload->still_allowed (req, upload->still_allowed_data))
    return FALSE;

  stmt = xs_db_prepare (req->db,
    "INSERT OR IGNORE INTO review_cases (account_id, state, created_at, updated_at) "
    "VALUES (?1, 'draft', ?2, ?2)");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, upload->account_id);
  sqlite3_bind_int64 (stmt, 2, req->now);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;

  /* Read again under the write lock: a submit may have come first. */
  found = load_case (req->db, TRUE, upload->account_id, &c);
  if (found <= 0)
    return FALSE;
  if (refuse_unless_editable (req, &c))
    return FALSE;

  stmt = xs_db_prepare (req->db,
    "SELECT name FROM review_photos WHERE case_id = ?1 AND submission IS NULL AND side = ?2");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c.id);
  xs_stmt_bind_text (stmt, 2, upload->side);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    upload->replaced = g_strdup (xs_stmt_text (stmt, 0));
  sqlite3_reset (stmt);

  stmt = xs_db_prepare (req->db,
    "DELETE FROM review_photos WHERE case_id = ?1 AND submission IS NULL AND side = ?2");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c.id);
  xs_stmt_bind_text (stmt, 2, upload->side);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;

  stmt = xs_db_prepare (req->db,
    "INSERT INTO review_photos (case_id, submission, side, name, upload_hash, mime_type, "
    "width, height, size, uploaded_at) VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c.id);
  xs_stmt_bind_text (stmt, 2, upload->side);
  xs_stmt_bind_text (stmt, 3, upload->name);
  xs_stmt_bind_text (stmt, 4, upload->hash);
  xs_stmt_bind_text (stmt, 5, upload->info.mime_type);
  sqlite3_bind_int64 (stmt, 6, upload->info.width);
  sqlite3_bind_int64 (stmt, 7, upload->info.height);
  sqlite3_bind_int64 (stmt, 8, (gint64) upload->size);
  sqlite3_bind_int64 (stmt, 9, req->now);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;

  /* A rejected case takes new photos as a new draft; the rejected
   * submission keeps its photos until their retention ends. */
  stmt = xs_db_prepare (req->db,
    "UPDATE review_cases SET state = 'draft', updated_at = ?2, reason = NULL, note = NULL, "
    "decided_at = NULL WHERE id = ?1");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c.id);
  sqlite3_bind_int64 (stmt, 2, req->now);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;

  return audit (req, upload->account_id, "review_photo_uploaded", upload->side);
}

/* The core of an upload into @account_id's draft, shared by the owner's
 * route and the phone hand-off's (whose caller vouches for @account_id).
 * Runs on the hashing pool (the routes' XS_ROUTE_HASHING): decoding and
 * re-encoding take tens of milliseconds, and no transaction is open
 * while they run. On failure the request has its answer. */
gboolean
xs_review_put_photo (XsRequest         *req,
                     gint64             account_id,
                     const char        *side,
                     XsTransactionFunc  still_allowed,
                     gpointer           still_allowed_data,
                     XsReviewPhoto     *out_photo)
{
  g_autoptr(GBytes) clean = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  Upload upload = { 0, };
  gboolean rejected = FALSE;

  g_assert (side_is_valid (side));

  if (!xs_review_check_editable (req, account_id))
    return FALSE;

  if (req->body == NULL || g_bytes_get_size (req->body) == 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_PHOTO_INVALID, NULL);
      return FALSE;
    }

  /* The exact bytes of a rejected photo, before spending a decode. */
  hash = xs_photo_rejected_hash (xs_photo_store_get_key (req->photos), req->body);
  if (!hash_was_rejected (req, hash, &rejected))
    {
      xs_request_internal_error (req, "checking rejected photos");
      return FALSE;
    }
  if (rejected)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_PHOTO_REJECTED, NULL);
      return FALSE;
    }

  clean = xs_photo_check (req->body, NULL, &upload.info, &error);
  if (clean == NULL)
    {
      const char *code = error->domain == XS_PHOTO_ERROR
                         ? xs_photo_error_to_api_code ((XsPhotoError) error->code)
                         : "photo_invalid";

      g_debug ("Photo refused: %s", error->message);
      if (g_str_equal (code, "internal_error"))
        xs_request_internal_error (req, "checking a photo");
      else
        xs_request_error (req, xuexin_error_code_from_string (code), NULL);
      return FALSE;
    }

  name = xs_photo_store_put (req->photos, clean, &error);
  if (name == NULL)
    {
      g_warning ("Cannot store a photo: %s", error->message);
      xs_request_internal_error (req, "storing a photo");
      return FALSE;
    }

  upload.account_id = account_id;
  upload.still_allowed = still_allowed;
  upload.still_allowed_data = still_allowed_data;
  upload.side = side;
  upload.name = name;
  upload.hash = hash;
  upload.size = g_bytes_get_size (clean);
  if (!xs_request_run_transaction (req, store_upload, &upload, "storing a photo"))
    {
      g_autoptr(GError) local_error = NULL;

      /* Nothing names the file: it goes at once. */
      if (!xs_photo_store_delete (req->photos, name, "unused", &local_error))
        g_warning ("Cannot delete an unused photo: %s", local_error->message);
      g_free (upload.replaced);
      return FALSE;
    }

  if (upload.replaced != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!xs_photo_store_delete (req->photos, upload.replaced, "replaced", &local_error))
        g_warning ("Cannot delete a replaced photo: %s", local_error->message);
      g_free (upload.replaced);
    }

  if (out_photo != NULL)
    {
      out_photo->side = side;
      out_photo->mime_type = upload.info.mime_type;
      out_photo->width = upload.info.width;
      out_photo->height = upload.info.height;
      out_photo->size = upload.size;
      out_photo->uploaded_at = req->now;
    }

  return TRUE;
}

void
xs_handle_case_photo_put (XsRequest *req)
{
  const char *side = req->segments[4];

  if (!side_is_valid (side))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }
  if (!require_pending (req))
    return;

  if (xs_review_put_photo (req, req->account_id, side, NULL, NULL, NULL))
    reply_owner_case (req, SOUP_STATUS_OK);
}

static void
reply_photo (XsRequest  *req,
             const char *name,
             const char *mime_type)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = xs_photo_store_get (req->photos, name, &error);

  if (bytes == NULL)
    {
      g_warning ("Cannot read a stored photo: %s", error->message);
      xs_request_internal_error (req, "reading a photo");
      return;
    }

  req->response_bytes = bytes;
  req->content_type = g_str_equal (mime_type, "image/png") ? "image/png" : "image/jpeg";
  req->status = SOUP_STATUS_OK;
}

/* The owner reads back the photos of the draft, never a submitted one. */
void
xs_handle_case_photo_get (XsRequest *req)
{
  const char *side = req->segments[4];
  g_auto(Case) c = { 0, };
  g_autofree char *name = NULL;
  g_autofree char *mime_type = NULL;
  sqlite3_stmt *stmt;
  int found;

  if (!side_is_valid (side))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  found = load_case (req->db, TRUE, req->account_id, &c);
  if (found < 0)
    {
      xs_request_internal_error (req, "reading a review case");
      return;
    }
  if (found == 0 || g_strcmp0 (c.state, "draft") != 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  stmt = xs_db_prepare (req->db,
    "SELECT name, mime_type FROM review_photos "
    "WHERE case_id = ?1 AND submission IS NULL AND side = ?2");
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "reading a photo");
      return;
    }
  sqlite3_bind_int64 (stmt, 1, c.id);
  xs_stmt_bind_text (stmt, 2, side);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      name = g_strdup (xs_stmt_text (stmt, 0));
      mime_type = g_strdup (xs_stmt_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  if (name == NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  reply_photo (req, name, mime_type);
}

static gint64
count_draft_photos (XsRequest *req,
                    gint64     case_id)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*) FROM review_photos WHERE case_id = ?1 AND submission IS NULL");
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, case_id);
  xs_db_select_int64 (stmt, &n, NULL);
  return n;
}

static gboolean
submit_transaction (XsRequest *req,
                    gpointer   data)
{
  g_auto(Case) c = { 0, };
  gint64 number;
  sqlite3_stmt *stmt;

  if (load_case (req->db, TRUE, req->account_id, &c) <= 0)
    return FALSE;
  if (refuse_unless_editable (req, &c))
    return FALSE;
  if (g_strcmp0 (c.state, "draft") != 0 || count_draft_photos (req, c.id) != G_N_ELEMENTS (sides))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_CASE_INCOMPLETE, NULL);
      return FALSE;
    }

  number = c.submissions + 1;
  stmt = xs_db_prepare (req->db,
    "UPDATE review_cases SET state = 'submitted', submissions = ?2, submitted_at = ?3, "
    "updated_at = ?3, claimed_by = NULL, claim_expires_at = NULL, decided_at = NULL, "
    "decided_by = NULL, reason = NULL, note = NULL WHERE id = ?1");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c.id);
  sqlite3_bind_int64 (stmt, 2, number);
  sqlite3_bind_int64 (stmt, 3, req->now);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;

  stmt = xs_db_prepare (req->db,
    "UPDATE review_photos SET submission = ?2 WHERE case_id = ?1 AND submission IS NULL");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c.id);
  sqlite3_bind_int64 (stmt, 2, number);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;

  stmt = xs_db_prepare (req->db,
    "INSERT INTO review_submissions (case_id, number, submitted_at) VALUES (?1, ?2, ?3)");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c.id);
  sqlite3_bind_int64 (stmt, 2, number);
  sqlite3_bind_int64 (stmt, 3, req->now);
  if (!xs_db_step_done (req->db, stmt))
    return FALSE;

  {
    g_autofree char *detail = g_strdup_printf ("case %" G_GINT64_FORMAT " submission %"
                                               G_GINT64_FORMAT, c.id, number);
    return audit (req, req->account_id, "review_submitted", detail);
  }
}

void
xs_handle_case_submit (XsRequest *req)
{
  g_auto(Case) c = { 0, };
  g_autofree char *key = submit_key (req->account_id);
  int found;

  if (!require_pending (req))
    return;

  /* The refusals that cost nothing come before the count. */
  found = load_case (req->db, TRUE, req->account_id, &c);
  if (found < 0)
    {
      xs_request_internal_error (req, "reading a review case");
      return;
    }
  if (found == 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_CASE_INCOMPLETE, NULL);
      return;
    }
  if (refuse_unless_editable (req, &c))
    return;

  /* Count first (xuexin-service-throttle.h): concurrent submits cannot
   * both see the fifth place free. A submit that fails gives it back. */
  if (!xs_throttle_reserve_window (req, key, req->config->review_submissions_limit,
                                   SUBMISSIONS_WINDOW (req)))
    return;

  if (!xs_request_run_transaction (req, submit_transaction, NULL, "submitting a review case"))
    {
      if (!xs_throttle_release_window (req, key))
        g_warning ("Cannot give back a review submission");
      return;
    }

  reply_owner_case (req, SOUP_STATUS_OK);
}

/* ----- the reviewer's side ----------------------------------------------- */

/* A date "YYYY-MM-DD" in China's time (UTC+8) as µs since the epoch at
 * its start; FALSE if malformed. */
static gboolean
parse_date (const char *text,
            gint64     *out)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;
  char tail;

  if (text == NULL || strlen (text) != 10
      || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  dt = g_date_time_new (tz, y, m, d, 0, 0, 0);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt) * XS_USEC_PER_SEC;
  return TRUE;
}

/* The start of @now's day in China's time (UTC+8), µs since the epoch. */
static gint64
china_day_start (gint64 now)
{
  const gint64 offset = 8 * 3600 * XS_USEC_PER_SEC;
  gint64 local = now + offset;

  return local - local % XS_DAY - offset;
}

/* The open cases (the triggers' counter) and those with a live claim. */
static gboolean
count_open (XsRequest *req,
            gint64    *out_queued,
            gint64    *out_claimed)
{
  sqlite3_stmt *stmt;

  /* Kept by triggers (schema version 6): a COUNT(*) read the whole queue. */
  stmt = xs_db_prepare (req->db, "SELECT open FROM review_queue_count WHERE id = 1");
  if (stmt == NULL || !xs_db_select_int64 (stmt, out_queued, NULL))
    return FALSE;
  /* By the claims index (few rows): without it SQLite walks the queue
   * index and reads every open case's row, 25 ms per listing at 100 000
   * open cases (tests/bench/identity-bench.py). */
  stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*) FROM review_cases INDEXED BY review_cases_claims "
    "WHERE claim_expires_at > ?1 AND state = 'submitted'");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, req->now);
  return xs_db_select_int64 (stmt, out_claimed, NULL);
}

static gboolean
count_queue (XsRequest   *req,
             JsonBuilder *builder,
             gint64       queued,
             gint64       claimed)
{
  sqlite3_stmt *stmt;
  gint64 decided = 0;
  gint64 decided_by_me = 0;

  /* Today's decisions of every reviewer (a closed submission was no
   * one's decision): the rows of one day, by the decision time index. */
  stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*), COALESCE(SUM(decided_by = ?2), 0) FROM review_submissions "
    "INDEXED BY review_submissions_decided "
    "WHERE decided_at >= ?1 AND decision IN ('approved', 'rejected')");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, china_day_start (req->now));
  sqlite3_bind_int64 (stmt, 2, req->account_id);
  if (!xs_db_select_int64 (stmt, &decided, &decided_by_me, NULL))
    return FALSE;

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  xs_builder_add_int (builder, "open", queued);
  xs_builder_add_int (builder, "submitted", queued - claimed);
  xs_builder_add_int (builder, "in_review", claimed);
  xs_builder_add_int (builder, "decided_today", decided);
  xs_builder_add_int (builder, "decided_today_by_me", decided_by_me);
  json_builder_end_object (builder);

  return TRUE;
}

/* The "limit" (1–100, default 50) and "offset" query parameters. */
static gboolean
get_paging (XsRequest *req,
            guint64   *out_limit,
            guint64   *out_offset)
{
  const char *limit_text = xs_request_get_query (req, "limit");
  const char *offset_text = xs_request_get_query (req, "offset");

  *out_limit = LIST_DEFAULT;
  *out_offset = 0;
  if (limit_text != NULL
      && !g_ascii_string_to_unsigned (limit_text, 10, 1, LIST_MAX, out_limit, NULL))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "limit");
      return FALSE;
    }
  if (offset_text != NULL
      && !g_ascii_string_to_unsigned (offset_text, 10, 0, G_MAXINT32, out_offset, NULL))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "offset");
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  const char *stored_state;
  int         claim_filter;     /* 1: claimed only, -1: unclaimed only */
  gint64      from;
  gint64      to;
  gint64      min_submissions;
  gint64      max_submissions;
} QueueFilter;

/* Binds ?1 state, ?2–?3 the submission times, ?4–?5 the numbers. */
static void
bind_filter (sqlite3_stmt      *stmt,
             const QueueFilter *f)
{
  xs_stmt_bind_text (stmt, 1, f->stored_state);
  sqlite3_bind_int64 (stmt, 2, f->from);
  sqlite3_bind_int64 (stmt, 3, f->to);
  sqlite3_bind_int64 (stmt, 4, f->min_submissions);
  sqlite3_bind_int64 (stmt, 5, f->max_submissions);
}

/* The cases matching @f ("total"). The open queue unfiltered is the
 * counter; otherwise the filters index is counted alone (covering), and
 * the claimed among them come from the claims index (few rows). */
static gboolean
count_matching (XsRequest         *req,
                const QueueFilter *f,
                gint64             queued,
                gint64            *out_total)
{
  sqlite3_stmt *stmt;
  gint64 all = 0;
  gint64 claimed = 0;

  if (g_str_equal (f->stored_state, "submitted") && f->from == 0 && f->to == G_MAXINT64
      && f->min_submissions == 1 && f->max_submissions == G_MAXINT64)
    all = queued;
  else
    {
      stmt = xs_db_prepare (req->db,
        "SELECT COUNT(*) FROM review_cases INDEXED BY review_cases_filters "
        "WHERE state = ?1 AND submitted_at >= ?2 AND submitted_at < ?3 "
        "AND submissions >= ?4 AND submissions <= ?5");
      if (stmt == NULL)
        return FALSE;
      bind_filter (stmt, f);
      if (!xs_db_select_int64 (stmt, &all, NULL))
        return FALSE;
    }

  if (f->claim_filter != 0)
    {
      stmt = xs_db_prepare (req->db,
        "SELECT COUNT(*) FROM review_cases INDEXED BY review_cases_claims "
        "WHERE claim_expires_at > ?6 AND claimed_by IS NOT NULL "
        "AND state = ?1 AND submitted_at >= ?2 AND submitted_at < ?3 "
        "AND submissions >= ?4 AND submissions <= ?5");
      if (stmt == NULL)
        return FALSE;
      bind_filter (stmt, f);
      sqlite3_bind_int64 (stmt, 6, req->now);
      if (!xs_db_select_int64 (stmt, &claimed, NULL))
        return FALSE;
    }

  *out_total = f->claim_filter == 0 ? all : f->claim_filter == 1 ? claimed : all - claimed;
  return TRUE;
}

/* GET /review/cases?state=&submitted_from=&submitted_to=&resubmissions=&limit=&offset=
 * Oldest submission first. */
void
xs_handle_review_list (XsRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *state = xs_request_get_query (req, "state");
  const char *from_text = xs_request_get_query (req, "submitted_from");
  const char *to_text = xs_request_get_query (req, "submitted_to");
  const char *resubmissions = xs_request_get_query (req, "resubmissions");
  const char *stored_state;
  int claim_filter = 0;        /* 1: claimed only, -1: unclaimed only */
  gint64 min_submissions = 1;
  gint64 max_submissions = G_MAXINT64;
  gint64 from = 0;
  gint64 to = G_MAXINT64;
  guint64 limit = 0;
  guint64 offset = 0;
  QueueFilter filter;
  gint64 queued = 0;
  gint64 claimed_total = 0;
  gint64 total = 0;
  sqlite3_stmt *stmt;
  int rc;

  if (state == NULL || g_str_equal (state, "open"))
    stored_state = "submitted";
  else if (g_str_equal (state, "submitted"))
    stored_state = "submitted", claim_filter = -1;
  else if (g_str_equal (state, "in_review"))
    stored_state = "submitted", claim_filter = 1;
  else if (g_str_equal (state, "approved") || g_str_equal (state, "rejected"))
    stored_state = state;
  else
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "state");
      return;
    }

  if (from_text != NULL && !parse_date (from_text, &from))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "submitted_from");
      return;
    }
  if (to_text != NULL)
    {
      if (!parse_date (to_text, &to))
        {
          xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "submitted_to");
          return;
        }
      to += XS_DAY; /* the whole day */
    }

  if (resubmissions == NULL || g_str_equal (resubmissions, "any"))
    ;
  else if (g_str_equal (resubmissions, "only"))
    min_submissions = 2;
  else if (g_str_equal (resubmissions, "none"))
    max_submissions = 1;
  else
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "resubmissions");
      return;
    }

  if (!get_paging (req, &limit, &offset))
    return;

  filter = (QueueFilter) { stored_state, claim_filter, from, to, min_submissions,
                           max_submissions };

  /* Walks the (state, submitted_at) index in order: the first page of a
   * long queue reads only that page's rows. The claimed cases are few
   * (one per reviewer at most) and found by the claims index: walking the
   * queue for them read every open case (25 ms with 100 000 open,
   * tests/bench/identity-bench.py). */
  if (claim_filter == 1)
    stmt = xs_db_prepare (req->db,
      "SELECT " CASE_COLUMNS ", " CLAIM_HOLDER_NAME "FROM review_cases "
      "INDEXED BY review_cases_claims WHERE claim_expires_at > ?7 AND claimed_by IS NOT NULL AND ?6 = 1 "
      "AND state = ?1 AND submitted_at >= ?2 AND submitted_at < ?3 "
      "AND submissions >= ?4 AND submissions <= ?5 "
      "ORDER BY submitted_at, id LIMIT ?8 OFFSET ?9");
  else
    stmt = xs_db_prepare (req->db,
      "SELECT " CASE_COLUMNS ", " CLAIM_HOLDER_NAME "FROM review_cases "
      "INDEXED BY review_cases_queue "
      "WHERE state = ?1 AND submitted_at >= ?2 AND submitted_at < ?3 "
      "AND submissions >= ?4 AND submissions <= ?5 "
      "AND (?6 = 0 OR (?6 = 1) = (claimed_by IS NOT NULL AND claim_expires_at > ?7)) "
      "ORDER BY submitted_at, id LIMIT ?8 OFFSET ?9");
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "listing review cases");
      return;
    }
  bind_filter (stmt, &filter);
  sqlite3_bind_int (stmt, 6, claim_filter);
  sqlite3_bind_int64 (stmt, 7, req->now);
  sqlite3_bind_int64 (stmt, 8, (gint64) limit);
  sqlite3_bind_int64 (stmt, 9, (gint64) offset);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(Case) c = { 0, };
      gboolean claimed;

      case_read (stmt, &c);
      claimed = case_is_claimed (&c, req->now);
      json_builder_begin_object (builder);
      xs_builder_add_int (builder, "id", c.id);
      xs_builder_add_string (builder, "state", case_state (&c, req->now));
      xs_builder_add_int (builder, "submissions", c.submissions);
      xs_builder_add_time (builder, "submitted_at", c.submitted_at);
      xs_builder_add_time (builder, "decided_at", c.decided_at);
      xs_builder_add_boolean (builder, "claimed_by_me",
                              claimed && c.claimed_by == req->account_id);
      xs_builder_add_time (builder, "claim_expires_at", claimed ? c.claim_expires_at : 0);
      xs_builder_add_string (builder, "claimed_by_name",
                             claimed ? xs_stmt_text (stmt, CASE_N_COLUMNS) : NULL);
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  if (rc != SQLITE_DONE
      || !count_open (req, &queued, &claimed_total)
      || !count_matching (req, &filter, queued, &total))
    {
      xs_request_internal_error (req, "listing review cases");
      return;
    }
  xs_builder_add_int (builder, "total", total);
  if (!count_queue (req, builder, queued, claimed_total))
    {
      xs_request_internal_error (req, "listing review cases");
      return;
    }
  json_builder_end_object (builder);

  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

/* The name of a reviewer (or any account), or NULL. */
static char *
account_name (XsRequest *req,
              gint64     id)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db, "SELECT name FROM accounts WHERE id = ?1");
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup (xs_stmt_text (stmt, 0));
  sqlite3_reset (stmt);

  return name;
}

/* 409 case_claimed, naming the holder of @c's live claim if any. */
static void
refuse_claimed (XsRequest  *req,
                const Case *c)
{
  g_autofree char *holder = case_is_claimed (c, req->now) ? account_name (req, c->claimed_by)
                                                          : NULL;

  xs_request_error_claimed (req, holder, c->claim_expires_at);
}

/* The case of the path's third segment as any staff member may read it
 * (not a draft), or with @open_only a submitted one; answers and returns
 * FALSE otherwise. */
static gboolean
load_staff_case (XsRequest *req,
                 gboolean   open_only,
                 Case      *c)
{
  gint64 id;
  int found;

  if (!parse_id (req->segments[2], &id))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return FALSE;
    }
  found = load_case (req->db, FALSE, id, c);
  if (found < 0)
    {
      xs_request_internal_error (req, "reading a review case");
      return FALSE;
    }
  if (found == 0 || g_strcmp0 (c->state, "draft") == 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return FALSE;
    }
  if (open_only && !case_is_queued (c))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_REQUEST_CLOSED, NULL);
      return FALSE;
    }
  return TRUE;
}

/* An open case held by the caller's live claim. */
static gboolean
load_claimed_case (XsRequest *req,
                   Case      *c)
{
  if (!load_staff_case (req, TRUE, c))
    return FALSE;
  if (!case_is_claimed (c, req->now) || c->claimed_by != req->account_id)
    {
      refuse_claimed (req, c);
      return FALSE;
    }
  return TRUE;
}

static void
reply_claim (XsRequest *req,
             gint64     id,
             gint64     expires_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "claim");
  json_builder_begin_object (builder);
  xs_builder_add_int (builder, "case_id", id);
  xs_builder_add_int (builder, "reviewer_id", req->account_id);
  xs_builder_add_time (builder, "expires_at", expires_at);
  xs_builder_add_int (builder, "expires_in", req->config->review_claim_ttl);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

/* Claims the case, or renews the caller's claim. One UPDATE decides:
 * of two reviewers claiming at once, exactly one changes the row. */
void
xs_handle_review_claim (XsRequest *req)
{
  g_auto(Case) c = { 0, };
  gint64 expires_at = req->now + (gint64) req->config->review_claim_ttl * XS_USEC_PER_SEC;
  sqlite3_stmt *stmt;
  gint64 id;
  int changes;

  if (!parse_id (req->segments[2], &id))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  stmt = xs_db_prepare (req->db,
    "UPDATE review_cases SET claimed_by = ?2, claim_expires_at = ?4, updated_at = ?3 "
    "WHERE id = ?1 AND state = 'submitted' "
    "AND (claimed_by IS NULL OR claim_expires_at <= ?3 OR claimed_by = ?2)");
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "claiming a review case");
      return;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, req->account_id);
  sqlite3_bind_int64 (stmt, 3, req->now);
  sqlite3_bind_int64 (stmt, 4, expires_at);
  if (!xs_db_step_done (req->db, stmt))
    {
      xs_request_internal_error (req, "claiming a review case");
      return;
    }
  changes = sqlite3_changes (xs_db_get_handle (req->db));

  if (changes == 1)
    {
      g_autofree char *detail = g_strdup_printf ("case %" G_GINT64_FORMAT, id);

      audit (req, req->account_id, "review_claimed", detail);
      reply_claim (req, id, expires_at);
      return;
    }

  /* Why not: read after the fact, for the answer only. */
  switch (load_case (req->db, FALSE, id, &c))
    {
    case 1:
      if (g_strcmp0 (c.state, "draft") == 0)
        xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      else if (!case_is_queued (&c))
        xs_request_error (req, XUEXIN_ERROR_CODE_REQUEST_CLOSED, NULL);
      else
        refuse_claimed (req, &c);
      break;
    case 0:
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      break;
    default:
      xs_request_internal_error (req, "claiming a review case");
      break;
    }
}

void
xs_handle_review_release (XsRequest *req)
{
  g_auto(Case) c = { 0, };
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  if (!load_claimed_case (req, &c))
    return;

  stmt = xs_db_prepare (req->db,
    "UPDATE review_cases SET claimed_by = NULL, claim_expires_at = NULL, updated_at = ?3 "
    "WHERE id = ?1 AND claimed_by = ?2 AND claim_expires_at > ?3");
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "releasing a review case");
      return;
    }
  sqlite3_bind_int64 (stmt, 1, c.id);
  sqlite3_bind_int64 (stmt, 2, req->account_id);
  sqlite3_bind_int64 (stmt, 3, req->now);
  if (!xs_db_step_done (req->db, stmt))
    {
      xs_request_internal_error (req, "releasing a review case");
      return;
    }
  if (sqlite3_changes (xs_db_get_handle (req->db)) != 1)
    {
      xs_request_error_claimed (req, NULL, 0);
      return;
    }

  detail = g_strdup_printf ("case %" G_GINT64_FORMAT, c.id);
  audit (req, req->account_id, "review_released", detail);
  xs_request_reply_empty (req, SOUP_STATUS_NO_CONTENT);
}

static gboolean
add_registry_names (XsRequest   *req,
                    JsonBuilder *builder,
                    const char  *id_number)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT name FROM enrollment_records WHERE id_number = ?1 "
    "UNION SELECT name FROM degree_records WHERE id_number = ?1");
  int rc;

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, id_number);
  json_builder_set_member_name (builder, "registry_names");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_builder_add_string_value (builder, xs_stmt_text (stmt, 0));
  json_builder_end_array (builder);
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE;
}

static gboolean
add_history (XsRequest   *req,
             JsonBuilder *builder,
             gint64       case_id)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT number, submitted_at, decided_at, decided_by, decision, reason, note, "
    "(SELECT name FROM accounts WHERE accounts.id = review_submissions.decided_by) "
    "FROM review_submissions WHERE case_id = ?1 ORDER BY number");
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  json_builder_set_member_name (builder, "submissions");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      xs_builder_add_int (builder, "number", sqlite3_column_int64 (stmt, 0));
      xs_builder_add_time (builder, "submitted_at", sqlite3_column_int64 (stmt, 1));
      xs_builder_add_time (builder, "decided_at", sqlite3_column_int64 (stmt, 2));
      json_builder_set_member_name (builder, "decided_by");
      if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
      xs_builder_add_string (builder, "decided_by_name", xs_stmt_text (stmt, 7));
      xs_builder_add_string (builder, "decision", xs_stmt_text (stmt, 4));
      xs_builder_add_string (builder, "reason", xs_stmt_text (stmt, 5));
      xs_builder_add_string (builder, "reason_text", reason_text (xs_stmt_text (stmt, 5)));
      xs_builder_add_string (builder, "note", xs_stmt_text (stmt, 6));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE;
}

/* How many other live accounts of the ID number an approval of
 * @account's case would cancel now. */
static gboolean
count_other_accounts (XsRequest     *req,
                      const Account *account,
                      gint64        *out)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*) FROM accounts WHERE id_number = ?1 AND id_type = ?2 "
    "AND state != 'cancelled' AND id != ?3");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, account->id_number);
  xs_stmt_bind_text (stmt, 2, account->id_type);
  sqlite3_bind_int64 (stmt, 3, account->id);
  return xs_db_select_int64 (stmt, out, NULL);
}

/* Any staff member may read a case, decided ones too; without the
 * caller's claim it is read-only (photos, release and decision need the
 * claim). */
void
xs_handle_review_detail (XsRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(Case) c = { 0, };
  g_auto(Account) account = { 0, };
  g_autofree char *masked = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *holder = NULL;
  gint64 others = 0;
  gboolean claimed;
  gboolean mine;

  if (!load_staff_case (req, FALSE, &c))
    return;
  if (!xs_account_load_by_id (req->db, c.account_id, &account)
      || !count_other_accounts (req, &account, &others))
    {
      xs_request_internal_error (req, "loading an account");
      return;
    }
  masked = xuexin_id_number_mask (account.id_number);
  /* Only a submitted case can be claimed (a decision ends the claim). */
  claimed = case_is_queued (&c) && case_is_claimed (&c, req->now);
  mine = claimed && c.claimed_by == req->account_id;
  if (claimed)
    holder = account_name (req, c.claimed_by);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "case");
  json_builder_begin_object (builder);
  xs_builder_add_int (builder, "id", c.id);
  xs_builder_add_string (builder, "state", case_state (&c, req->now));
  /* "submissions" is their list (add_history()). */
  xs_builder_add_int (builder, "submission_count", c.submissions);
  xs_builder_add_time (builder, "submitted_at", c.submitted_at);
  xs_builder_add_time (builder, "claim_expires_at", claimed ? c.claim_expires_at : 0);
  json_builder_set_member_name (builder, "account");
  json_builder_begin_object (builder);
  xs_builder_add_int (builder, "id", account.id);
  xs_builder_add_string (builder, "name", account.name);
  xs_builder_add_string (builder, "id_type", account.id_type);
  xs_builder_add_string (builder, "id_number_masked", masked);
  xs_builder_add_time (builder, "registered_at", account.created_at);
  xs_builder_add_string (builder, "state", account.state);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "claim");
  if (claimed)
    {
      json_builder_begin_object (builder);
      xs_builder_add_int (builder, "reviewer_id", c.claimed_by);
      xs_builder_add_string (builder, "reviewer_name", holder);
      xs_builder_add_boolean (builder, "mine", mine);
      xs_builder_add_time (builder, "expires_at", c.claim_expires_at);
      /* Whole seconds left, rounded down: a client renewing by it is early. */
      xs_builder_add_int (builder, "expires_in",
                          (c.claim_expires_at - req->now) / XS_USEC_PER_SEC);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  xs_builder_add_int (builder, "other_accounts", others);
  if (!add_registry_names (req, builder, account.id_number)
      || !add_photo_list (req, builder, c.id, c.submissions)
      || !add_history (req, builder, c.id))
    {
      xs_request_internal_error (req, "reading a review case");
      return;
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  detail = g_strdup_printf ("case %" G_GINT64_FORMAT " account %" G_GINT64_FORMAT "%s",
                            c.id, c.account_id, mine ? "" : " read-only");
  if (!audit (req, req->account_id, "review_case_viewed", detail))
    {
      xs_request_internal_error (req, "auditing a case view");
      return;
    }
  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

/* A photo of the submission under review; the view is audited before
 * the photo is sent, so that no unaudited view can happen. */
void
xs_handle_review_photo (XsRequest *req)
{
  const char *side = req->segments[4];
  g_auto(Case) c = { 0, };
  g_autofree char *name = NULL;
  g_autofree char *mime_type = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  if (!side_is_valid (side))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }
  if (!load_claimed_case (req, &c))
    return;

  stmt = xs_db_prepare (req->db,
    "SELECT name, mime_type FROM review_photos WHERE case_id = ?1 AND submission = ?2 "
    "AND side = ?3");
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "reading a photo");
      return;
    }
  sqlite3_bind_int64 (stmt, 1, c.id);
  sqlite3_bind_int64 (stmt, 2, c.submissions);
  xs_stmt_bind_text (stmt, 3, side);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      name = g_strdup (xs_stmt_text (stmt, 0));
      mime_type = g_strdup (xs_stmt_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (name == NULL)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }

  detail = g_strdup_printf ("case %" G_GINT64_FORMAT " account %" G_GINT64_FORMAT " side %s",
                            c.id, c.account_id, side);
  if (!audit (req, req->account_id, "review_photo_viewed", detail))
    {
      xs_request_internal_error (req, "auditing a photo view");
      return;
    }
  reply_photo (req, name, mime_type);
}

typedef struct {
  gint64      case_id;
  gboolean    approve;
  const char *reason;
  const char *note;
  GPtrArray  *notify;
  GError     *error;
} Decision;

static gboolean
run_case_statement (XsRequest  *req,
                    XsSqlEntry *sql,
                    gint64      case_id,
                    gint64      number,
                    Decision   *d)
{
  sqlite3_stmt *stmt = xs_db_prepare_registered (req->db, sql);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, number);
  sqlite3_bind_int64 (stmt, 3, req->now);
  if (sqlite3_bind_parameter_count (stmt) >= 4)
    {
      xs_stmt_bind_text (stmt, 4, d->approve ? "approved" : "rejected");
      xs_stmt_bind_text (stmt, 5, d->reason);
      xs_stmt_bind_text (stmt, 6, d->note);
      sqlite3_bind_int64 (stmt, 7, req->account_id);
    }
  return xs_db_step_done (req->db, stmt);
}

static gboolean
decide_transaction (XsRequest *req,
                    gpointer   data)
{
  Decision *d = data;
  g_auto(Case) c = { 0, };
  g_autofree char *detail = NULL;

  /* Again under the write lock: the claim may have lapsed, or the
   * account been verified by another path (the case is closed then). */
  if (!load_claimed_case (req, &c))
    return FALSE;

  if (!run_case_statement (req,
                           XS_SQL ("UPDATE review_cases SET state = ?4, reason = ?5, note = ?6, "
                           "decided_at = ?3, decided_by = ?7, updated_at = ?3, "
                           "claimed_by = NULL, claim_expires_at = NULL WHERE id = ?1 AND ?2 > 0"),
                           c.id, c.submissions, d)
      || !run_case_statement (req,
                              XS_SQL ("UPDATE review_submissions SET decision = ?4, reason = ?5, "
                              "note = ?6, decided_at = ?3, decided_by = ?7 "
                              "WHERE case_id = ?1 AND number = ?2"),
                              c.id, c.submissions, d)
      /* Retention starts now. */
      || !run_case_statement (req,
                              XS_SQL ("UPDATE review_photos SET decided_at = ?3 "
                              "WHERE case_id = ?1 AND submission = ?2"),
                              c.id, c.submissions, d))
    return FALSE;

  if (!d->approve
      && !run_case_statement (req,
                              XS_SQL ("INSERT OR IGNORE INTO rejected_photos (hash, rejected_at) "
                              "SELECT upload_hash, ?3 FROM review_photos "
                              "WHERE case_id = ?1 AND submission = ?2"),
                              c.id, c.submissions, d))
    return FALSE;

  detail = g_strdup_printf ("case %" G_GINT64_FORMAT " account %" G_GINT64_FORMAT
                            " submission %" G_GINT64_FORMAT " %s%s%s",
                            c.id, c.account_id, c.submissions,
                            d->approve ? "approved" : "rejected",
                            d->reason != NULL ? " " : "", d->reason != NULL ? d->reason : "");
  if (!audit (req, req->account_id, "review_decided", detail)
      || !audit (req, c.account_id, "review_case_decided", detail))
    return FALSE;

  /* The case is approved before the account changes state, so that the
   * trigger that closes open cases leaves it alone. */
  if (d->approve
      && !xs_identity_complete_locked (req, c.account_id, XS_IDENTITY_PATH_HELP_DESK,
                                       d->notify, &d->error))
    {
      /* Answered here: the transaction's runner would make any failure
       * without an answer an internal error. */
      xs_identity_reply_error (req, d->error);
      return FALSE;
    }

  return TRUE;
}

void
xs_handle_review_decide (XsRequest *req)
{
  g_autoptr(GPtrArray) notify = g_ptr_array_new_with_free_func (g_free);
  Decision d = { 0, };
  const char *decision = NULL;

  if (!xs_request_get_required_string (req, "decision", &decision)
      || !xs_request_get_string (req, "reason", &d.reason)
      || !xs_request_get_string (req, "note", &d.note))
    return;

  if (g_str_equal (decision, "approve"))
    {
      d.approve = TRUE;
      d.reason = NULL;
    }
  else if (g_str_equal (decision, "reject"))
    {
      if (reason_text (d.reason) == NULL)
        {
          xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "reason");
          return;
        }
      if (g_str_equal (d.reason, "other") && (d.note == NULL || *g_strstrip ((char *) d.note) == '\0'))
        {
          xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "note");
          return;
        }
    }
  else
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "decision");
      return;
    }
  if (d.note != NULL && g_utf8_strlen (d.note, -1) > NOTE_MAX)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "note");
      return;
    }
  if (d.note != NULL && *d.note == '\0')
    d.note = NULL;

  d.notify = notify;
  if (!xs_request_run_transaction (req, decide_transaction, &d, "deciding a review case"))
    {
      g_clear_error (&d.error);
      return;
    }

  xs_identity_notify_cancelled (req, notify);

  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_auto(Case) c = { 0, };

    if (!parse_id (req->segments[2], &d.case_id)
        || load_case (req->db, FALSE, d.case_id, &c) != 1)
      {
        xs_request_internal_error (req, "reading a review case");
        return;
      }
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "case");
    json_builder_begin_object (builder);
    xs_builder_add_int (builder, "id", c.id);
    xs_builder_add_string (builder, "state", c.state);
    xs_builder_add_int (builder, "submissions", c.submissions);
    xs_builder_add_time (builder, "decided_at", c.decided_at);
    xs_builder_add_int (builder, "decided_by", req->account_id);
    xs_builder_add_string (builder, "reason", c.reason);
    xs_builder_add_string (builder, "reason_text", reason_text (c.reason));
    xs_builder_add_string (builder, "note", c.note);
    json_builder_end_object (builder);
    json_builder_end_object (builder);
    xs_request_reply_json (req, SOUP_STATUS_OK, builder);
  }
}

/* ----- the reviewer's own decisions ---------------------------------------- */

/* GET /review/decisions?date=&limit=&offset= — the caller's decisions of
 * one day (China time), newest first. */
void
xs_handle_review_decisions (XsRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *date = xs_request_get_query (req, "date");
  gint64 start = china_day_start (req->now);
  gint64 total = 0;
  guint64 limit;
  guint64 offset;
  sqlite3_stmt *stmt;
  int rc;

  if (date != NULL && !parse_date (date, &start))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "date");
      return;
    }
  if (!get_paging (req, &limit, &offset))
    return;

  stmt = xs_db_prepare (req->db,
    "SELECT s.case_id, s.decision, s.reason, s.note, s.decided_at, s.number, a.name, "
    "a.id_number FROM review_submissions s INDEXED BY review_submissions_reviewer "
    "JOIN review_cases c ON c.id = s.case_id JOIN accounts a ON a.id = c.account_id "
    "WHERE s.decided_by = ?1 AND s.decided_at >= ?2 AND s.decided_at < ?3 "
    "ORDER BY s.decided_at DESC, s.case_id DESC LIMIT ?4 OFFSET ?5");
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "listing decisions");
      return;
    }
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, start + XS_DAY);
  sqlite3_bind_int64 (stmt, 4, (gint64) limit);
  sqlite3_bind_int64 (stmt, 5, (gint64) offset);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "decisions");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *masked = xuexin_id_number_mask (xs_stmt_text (stmt, 7));

      json_builder_begin_object (builder);
      xs_builder_add_int (builder, "case_id", sqlite3_column_int64 (stmt, 0));
      xs_builder_add_string (builder, "decision", xs_stmt_text (stmt, 1));
      xs_builder_add_string (builder, "reason", xs_stmt_text (stmt, 2));
      xs_builder_add_string (builder, "reason_text", reason_text (xs_stmt_text (stmt, 2)));
      xs_builder_add_string (builder, "note", xs_stmt_text (stmt, 3));
      xs_builder_add_time (builder, "decided_at", sqlite3_column_int64 (stmt, 4));
      xs_builder_add_int (builder, "submission", sqlite3_column_int64 (stmt, 5));
      xs_builder_add_string (builder, "account_name", xs_stmt_text (stmt, 6));
      xs_builder_add_string (builder, "id_number_masked", masked);
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  if (rc != SQLITE_DONE)
    {
      xs_request_internal_error (req, "listing decisions");
      return;
    }

  /* The reviewer index alone (covering). */
  stmt = xs_db_prepare (req->db,
    "SELECT COUNT(*) FROM review_submissions INDEXED BY review_submissions_reviewer "
    "WHERE decided_by = ?1 AND decided_at >= ?2 AND decided_at < ?3");
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "counting decisions");
      return;
    }
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, start + XS_DAY);
  if (!xs_db_select_int64 (stmt, &total, NULL))
    {
      xs_request_internal_error (req, "counting decisions");
      return;
    }
  xs_builder_add_int (builder, "total", total);
  json_builder_end_object (builder);

  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

/* ----- looking an account up ------------------------------------------------ */

#define LOOKUP_MAX 20
#define HISTORY_MAX 100

/* One entry of a looked-up account's verification history. */
typedef struct {
  gint64      at;
  int         rank;     /* orders events of the same instant: cause before effect */
  guint       seq;
  const char *event;
  const char *path;     /* static, or NULL */
  char       *detail;
} HistoryEvent;

static void
history_event_clear (gpointer data)
{
  HistoryEvent *e = data;

  g_free (e->detail);
}

static void
history_add (GArray     *history,
             gint64      at,
             int         rank,
             const char *event,
             const char *path,
             const char *detail)
{
  HistoryEvent e = { at, rank, history->len, event, path, g_strdup (detail) };

  g_array_append_val (history, e);
}

static int
history_event_compare (gconstpointer a,
                       gconstpointer b)
{
  const HistoryEvent *x = a;
  const HistoryEvent *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  if (x->rank != y->rank)
    return x->rank - y->rank;
  return (int) x->seq - (int) y->seq;
}

/* A path id among the known ones, as a static string. */
static const char *
known_path (const char *text)
{
  static const char * const paths[] = {
    XS_IDENTITY_PATH_APP, XS_IDENTITY_PATH_HELP_DESK, XS_IDENTITY_PATH_CLASSMATE,
    XS_IDENTITY_PATH_RECORDS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    if (g_strcmp0 (text, paths[i]) == 0)
      return paths[i];
  return NULL;
}

/* The audit rows of the account's own verification steps. */
static gboolean
history_from_audit (XsRequest *req,
                    gint64     account_id,
                    GArray    *history)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT at, event, detail FROM audit_log WHERE account_id = ?1 "
    "AND event IN ('register', 'staff_added', 'identity_records_failed', "
    "'identity_records_locked', 'identity_app_started', 'identity_app_failed', "
    "'identity_verified', 'identity_cancelled') ORDER BY at DESC, id DESC LIMIT ?2");
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int (stmt, 2, HISTORY_MAX);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 at = sqlite3_column_int64 (stmt, 0);
      const char *event = xs_stmt_text (stmt, 1);
      const char *detail = xs_stmt_text (stmt, 2);

      if (g_str_equal (event, "register"))
        history_add (history, at, 0,
                     g_strcmp0 (detail, "reregister") == 0 ? "reregistered" : "registered",
                     NULL, NULL);
      else if (g_str_equal (event, "staff_added"))
        history_add (history, at, 0, "registered", NULL, detail);
      else if (g_str_equal (event, "identity_records_failed"))
        history_add (history, at, 2, "records_failed", XS_IDENTITY_PATH_RECORDS, detail);
      else if (g_str_equal (event, "identity_records_locked"))
        history_add (history, at, 3, "records_locked", XS_IDENTITY_PATH_RECORDS, NULL);
      else if (g_str_equal (event, "identity_app_started"))
        history_add (history, at, 1, "app_verification_started", XS_IDENTITY_PATH_APP, detail);
      else if (g_str_equal (event, "identity_app_failed"))
        history_add (history, at, 2, "app_verification_failed", XS_IDENTITY_PATH_APP, detail);
      else if (g_str_equal (event, "identity_verified"))
        history_add (history, at, 4, "verified", known_path (detail), NULL);
      else if (g_str_equal (event, "identity_cancelled"))
        {
          /* "verified account N (path)": the path of the verification
           * that cancelled this account. */
          const char *open = detail != NULL ? strrchr (detail, '(') : NULL;
          g_autofree char *path = open != NULL ? g_strndup (open + 1, strcspn (open + 1, ")"))
                                               : NULL;

          history_add (history, at, 5, "cancelled", known_path (path), NULL);
        }
    }
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE;
}

/* The account's requests for a classmate's help (path 3); a decision is
 * audited under the classmate, so it is read from the request. */
static gboolean
history_from_assistance (XsRequest *req,
                         gint64     account_id,
                         GArray    *history)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT created_at, state, decided_at FROM assistance_requests WHERE requester_id = ?1 "
    "ORDER BY created_at DESC LIMIT ?2");
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int (stmt, 2, HISTORY_MAX);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *state = xs_stmt_text (stmt, 1);

      history_add (history, sqlite3_column_int64 (stmt, 0), 1, "assistance_requested",
                   XS_IDENTITY_PATH_CLASSMATE, NULL);
      if (g_strcmp0 (state, "confirmed") == 0 || g_strcmp0 (state, "declined") == 0)
        history_add (history, sqlite3_column_int64 (stmt, 2), 2,
                     g_str_equal (state, "confirmed") ? "assistance_confirmed"
                                                      : "assistance_declined",
                     XS_IDENTITY_PATH_CLASSMATE, NULL);
    }
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE;
}

/* The submissions of the account's review case (path 2) and their
 * decisions; a submission closed by another path was no decision. */
static gboolean
history_from_review (XsRequest *req,
                     gint64     case_id,
                     GArray    *history)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT submitted_at, decision, decided_at, reason FROM review_submissions "
    "WHERE case_id = ?1 ORDER BY number DESC LIMIT ?2");
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, HISTORY_MAX);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *decision = xs_stmt_text (stmt, 1);
      gint64 decided_at = sqlite3_column_int64 (stmt, 2);

      history_add (history, sqlite3_column_int64 (stmt, 0), 1, "review_submitted",
                   XS_IDENTITY_PATH_HELP_DESK, NULL);
      if (g_strcmp0 (decision, "approved") == 0)
        history_add (history, decided_at, 3, "review_approved", XS_IDENTITY_PATH_HELP_DESK,
                     NULL);
      else if (g_strcmp0 (decision, "rejected") == 0)
        history_add (history, decided_at, 2, "review_rejected", XS_IDENTITY_PATH_HELP_DESK,
                     xs_stmt_text (stmt, 3));
    }
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE;
}

typedef struct {
  gint64  id;
  char   *name;
  char   *phone;
  char   *id_type;
  char   *id_number;
  char   *state;
  char   *role;
  gint64  created_at;
  char   *verified_path;
  gint64  verified_at;
  gint64  cancelled_at;
} LookupRow;

static void
lookup_row_clear (gpointer data)
{
  LookupRow *row = data;

  g_free (row->name);
  g_free (row->phone);
  g_free (row->id_type);
  g_free (row->id_number);
  g_free (row->state);
  g_free (row->role);
  g_free (row->verified_path);
}

static gboolean
add_lookup_account (XsRequest       *req,
                    JsonBuilder     *builder,
                    const LookupRow *row)
{
  g_autoptr(GArray) history = g_array_new (FALSE, TRUE, sizeof (HistoryEvent));
  g_autofree char *phone_masked = xs_mask_phone (row->phone);
  g_autofree char *id_masked = xuexin_id_number_mask (row->id_number);
  g_auto(Case) c = { 0, };
  int found;
  guint first;

  g_array_set_clear_func (history, history_event_clear);
  found = load_case (req->db, TRUE, row->id, &c);
  if (found < 0
      || !history_from_audit (req, row->id, history)
      || !history_from_assistance (req, row->id, history)
      || (found > 0 && !history_from_review (req, c.id, history)))
    return FALSE;
  g_array_sort (history, history_event_compare);
  /* The newest entries, oldest first. */
  first = history->len > HISTORY_MAX ? history->len - HISTORY_MAX : 0;

  json_builder_begin_object (builder);
  xs_builder_add_int (builder, "id", row->id);
  xs_builder_add_string (builder, "name", row->name);
  xs_builder_add_string (builder, "phone_masked", phone_masked);
  xs_builder_add_string (builder, "id_type", row->id_type);
  xs_builder_add_string (builder, "id_number_masked", id_masked);
  xs_builder_add_string (builder, "state", row->state);
  xs_builder_add_string (builder, "role", row->role);
  xs_builder_add_time (builder, "created_at", row->created_at);
  xs_builder_add_string (builder, "verified_path", row->verified_path);
  xs_builder_add_time (builder, "verified_at", row->verified_at);
  xs_builder_add_time (builder, "cancelled_at", row->cancelled_at);
  json_builder_set_member_name (builder, "review_case");
  if (found > 0)
    {
      json_builder_begin_object (builder);
      xs_builder_add_int (builder, "id", c.id);
      xs_builder_add_string (builder, "state", case_state (&c, req->now));
      xs_builder_add_int (builder, "submissions", c.submissions);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  for (guint i = first; i < history->len; i++)
    {
      const HistoryEvent *e = &g_array_index (history, HistoryEvent, i);

      json_builder_begin_object (builder);
      xs_builder_add_time (builder, "at", e->at);
      xs_builder_add_string (builder, "event", e->event);
      xs_builder_add_string (builder, "path", e->path);
      xs_builder_add_string (builder, "detail", e->detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return TRUE;
}

/* GET /review/accounts?phone= | ?id_number= — read-only; audited with the
 * kind of query and the masked value only. */
void
xs_handle_review_accounts (XsRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (LookupRow));
  const char *phone_text = xs_request_get_query (req, "phone");
  const char *id_text = xs_request_get_query (req, "id_number");
  g_autofree char *value = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (rows, lookup_row_clear);
  if ((phone_text == NULL) == (id_text == NULL))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "phone");
      return;
    }
  if (phone_text != NULL)
    {
      if (xuexin_phone_validate (phone_text, &value) != XUEXIN_PHONE_OK)
        {
          xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "phone");
          return;
        }
      masked = xs_mask_phone (value);
      stmt = xs_db_prepare (req->db,
        "SELECT id, name, phone, id_type, id_number, state, role, created_at, verified_path, "
        "verified_at, cancelled_at FROM accounts WHERE phone = ?1 "
        "ORDER BY created_at DESC, id DESC LIMIT ?2");
    }
  else
    {
      value = xs_id_number_normalize (id_text, req->now);
      if (value == NULL)
        {
          xs_request_error (req, XUEXIN_ERROR_CODE_INVALID_FIELD, "id_number");
          return;
        }
      masked = xuexin_id_number_mask (value);
      stmt = xs_db_prepare (req->db,
        "SELECT id, name, phone, id_type, id_number, state, role, created_at, verified_path, "
        "verified_at, cancelled_at FROM accounts WHERE id_number = ?1 "
        "ORDER BY created_at DESC, id DESC LIMIT ?2");
    }
  if (stmt == NULL)
    {
      xs_request_internal_error (req, "looking accounts up");
      return;
    }
  xs_stmt_bind_text (stmt, 1, value);
  sqlite3_bind_int (stmt, 2, LOOKUP_MAX);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LookupRow row = {
        sqlite3_column_int64 (stmt, 0),
        g_strdup (xs_stmt_text (stmt, 1)),
        g_strdup (xs_stmt_text (stmt, 2)),
        g_strdup (xs_stmt_text (stmt, 3)),
        g_strdup (xs_stmt_text (stmt, 4)),
        g_strdup (xs_stmt_text (stmt, 5)),
        g_strdup (xs_stmt_text (stmt, 6)),
        sqlite3_column_int64 (stmt, 7),
        g_strdup (xs_stmt_text (stmt, 8)),
        sqlite3_column_int64 (stmt, 9),
        sqlite3_column_int64 (stmt, 10),
      };

      g_array_append_val (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      xs_request_internal_error (req, "looking accounts up");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    if (!add_lookup_account (req, builder, &g_array_index (rows, LookupRow, i)))
      {
        xs_request_internal_error (req, "reading an account's history");
        return;
      }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  detail = g_strdup_printf ("%s %s: %u accounts", phone_text != NULL ? "phone" : "id_number",
                            masked, rows->len);
  if (!audit (req, req->account_id, "review_account_lookup", detail))
    {
      xs_request_internal_error (req, "auditing an account lookup");
      return;
    }
  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

/* ----- retention ----------------------------------------------------------- */

void
xs_review_photo_deleted_cb (const char *name,
                            const char *reason,
                            gpointer    user_data)
{
  /* The audit row names the case and side (xs_review_purge_photos()); the
   * log names only the reason, never the file. */
  g_debug ("An ID photo was deleted (%s)", reason);
}

typedef struct {
  gint64  id;
  gint64  case_id;
  gint64  account_id;
  char   *name;
  char   *side;
} ExpiredPhoto;

static void
expired_photo_free (gpointer data)
{
  ExpiredPhoto *p = data;

  g_free (p->name);
  g_free (p->side);
  g_free (p);
}

gint64
xs_review_purge_photos (XsDb                      *db,
                        XsPhotoStore              *store,
                        const XuexinServiceConfig *config,
                        gint64                     now)
{
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func (expired_photo_free);
  gint64 retention = (gint64) config->photo_retention_days * XS_DAY;
  sqlite3_stmt *stmt;
  gint64 deleted = 0;
  guint i;

  if (store == NULL)
    return 0;

  stmt = xs_db_prepare (db,
    "SELECT p.id, p.case_id, c.account_id, p.name, p.side FROM review_photos p "
    "JOIN review_cases c ON c.id = p.case_id "
    "WHERE p.decided_at IS NOT NULL AND p.decided_at <= ?1 LIMIT 1000");
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, now - retention);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ExpiredPhoto *p = g_new0 (ExpiredPhoto, 1);

      p->id = sqlite3_column_int64 (stmt, 0);
      p->case_id = sqlite3_column_int64 (stmt, 1);
      p->account_id = sqlite3_column_int64 (stmt, 2);
      p->name = g_strdup (xs_stmt_text (stmt, 3));
      p->side = g_strdup (xs_stmt_text (stmt, 4));
      g_ptr_array_add (expired, p);
    }
  sqlite3_reset (stmt);

  if (expired->len == 0)
    return 0;

  /* Files first: a run interrupted after an unlink is repeated, and a
   * name already gone counts as deleted. */
  if (!xs_db_begin (db))
    return -1;
  for (i = 0; i < expired->len; i++)
    {
      ExpiredPhoto *p = g_ptr_array_index (expired, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *detail = NULL;

      if (!xs_photo_store_delete (store, p->name, "retention", &error))
        {
          g_warning ("Cannot delete an ID photo past its retention: %s", error->message);
          continue;
        }

      stmt = xs_db_prepare (db, "DELETE FROM review_photos WHERE id = ?1");
      if (stmt == NULL)
        break;
      sqlite3_bind_int64 (stmt, 1, p->id);
      if (!xs_db_step_done (db, stmt))
        break;
      detail = g_strdup_printf ("case %" G_GINT64_FORMAT " side %s retention %u days",
                                p->case_id, p->side, config->photo_retention_days);
      if (xs_db_insert_audit (db, p->account_id, "review_photo_deleted", now, NULL, detail) < 0)
        break;
      deleted++;
    }
  if (i < expired->len || !xs_db_commit (db))
    {
      xs_db_rollback (db);
      return -1;
    }

  return deleted;
}

/* ----- the demo reviewer ------------------------------------------------------ */

gboolean
xs_review_seed_demo (XsDb                      *db,
                     const XuexinServiceConfig *config,
                     gint64                     now,
                     GError                   **error)
{
  sqlite3_stmt *stmt = xs_db_prepare (db,
    "SELECT COUNT(*) FROM accounts WHERE phone = ?1 AND state != 'cancelled'");
  gint64 existing = 0;

  if (stmt == NULL)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DATABASE,
                   "Cannot seed the demo reviewer");
      return FALSE;
    }
  xs_stmt_bind_text (stmt, 1, DEMO_REVIEWER_PHONE);
  xs_db_select_int64 (stmt, &existing, NULL);
  if (existing > 0)
    return TRUE;

  return xs_staff_add (db, config, XS_ROLE_REVIEWER, DEMO_REVIEWER_PHONE, DEMO_REVIEWER_NAME,
                       DEMO_REVIEWER_ID_NUMBER, DEMO_REVIEWER_PASSWORD, now, NULL, error);
}

char *
xs_review_demo_text (void)
{
  return g_strdup_printf ("Demo reviewer (help desk, /review/…): %s / %s (%s)\n",
                          DEMO_REVIEWER_PHONE, DEMO_REVIEWER_PASSWORD, DEMO_REVIEWER_NAME);
}
