/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include "xuexin-service-crypto.h"
#include "xuexin-service-throttle.h"

/*
 * Both kinds of counter live in sign_in_throttle, one row per key
 * (failures, last_failure_at, locked_until); the key's prefix says which:
 *
 * - sign-in ("account:", "login:", "ip:"): failures are counted per
 *   account (or per unknown login name, hashed, so that known and unknown
 *   names behave the same) and per client IP. From the free_failures-th
 *   failure on, each failure locks for sign_in_wait_step × (failures −
 *   free_failures + 1), at most sign_in_wait_max. Counters are forgotten a
 *   day after the last failure.
 * - windows ("recovery:"): failures counts the attempts of a window that
 *   began at last_failure_at; locked_until is the window's end once it is
 *   full. Maintenance deletes such a row when its window is over.
 *
 * The count is raised before the check it limits and in the same
 * transaction as the test against the limit: the reservation, not the
 * outcome, is what concurrent attempts see.
 */

char *
xs_throttle_account_key (gint64      account_id,
                         const char *login_name)
{
  g_autofree char *hash = NULL;

  if (account_id > 0)
    return g_strdup_printf ("account:%" G_GINT64_FORMAT, account_id);

  hash = xs_secret_hash_hex ("login", login_name);
  return g_strdup_printf ("login:%s", hash);
}

char *
xs_throttle_ip_key (const char *client_ip)
{
  return g_strdup_printf ("ip:%s", client_ip);
}

typedef struct {
  gint64 failures;
  gint64 last_failure_at;
  gint64 locked_until;
} ThrottleRow;

static gboolean
load_row (XsRequest   *req,
          const char  *key,
          ThrottleRow *row)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT failures, last_failure_at, locked_until FROM sign_in_throttle WHERE key = ?1");

  *row = (ThrottleRow) { 0, };
  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      row->failures = sqlite3_column_int64 (stmt, 0);
      row->last_failure_at = sqlite3_column_int64 (stmt, 1);
      row->locked_until = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
store_row (XsRequest         *req,
           const char        *key,
           const ThrottleRow *row)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "INSERT INTO sign_in_throttle (key, failures, last_failure_at, locked_until) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET "
    "failures = excluded.failures, last_failure_at = excluded.last_failure_at, "
    "locked_until = excluded.locked_until");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, row->failures);
  sqlite3_bind_int64 (stmt, 3, row->last_failure_at);
  sqlite3_bind_int64 (stmt, 4, row->locked_until);
  return xs_db_step_done (req->db, stmt);
}

gboolean
xs_throttle_clear (XsRequest  *req,
                   const char *key)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db, "DELETE FROM sign_in_throttle WHERE key = ?1");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, key);
  return xs_db_step_done (req->db, stmt);
}

/* A key with nothing counted and no lock is as good as none. */
static gboolean
forget_if_empty (XsRequest  *req,
                 const char *key)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "DELETE FROM sign_in_throttle WHERE key = ?1 AND failures = 0 AND locked_until <= ?2");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, req->now);
  return xs_db_step_done (req->db, stmt);
}

/* ----- sign-in failures --------------------------------------------------- */

typedef struct {
  XsThrottleSlot *slots;
  guint           n_slots;
} Reservation;

static gboolean
reserve_failure (XsRequest *req,
                 gpointer   data)
{
  const XuexinServiceConfig *config = req->config;
  Reservation *reservation = data;
  g_autofree ThrottleRow *rows = g_new0 (ThrottleRow, reservation->n_slots);
  gint64 locked_until = 0;
  guint i;

  for (i = 0; i < reservation->n_slots; i++)
    {
      if (!load_row (req, reservation->slots[i].key, &rows[i]))
        return FALSE;
      if (rows[i].locked_until > req->now)
        locked_until = MAX (locked_until, rows[i].locked_until);
    }

  /* A locked key is refused before anything is counted or checked. */
  if (locked_until > 0)
    {
      xs_request_error_retry (req, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL,
                              locked_until - req->now);
      return FALSE;
    }

  for (i = 0; i < reservation->n_slots; i++)
    {
      XsThrottleSlot *slot = &reservation->slots[i];
      ThrottleRow *row = &rows[i];

      if (row->last_failure_at <= req->now - XS_DAY)
        row->failures = 0;
      row->failures++;
      row->last_failure_at = req->now;
      row->locked_until = 0;
      if (slot->free_failures > 0 && row->failures >= slot->free_failures)
        {
          gint64 wait = (gint64) config->sign_in_wait_step
                        * (row->failures - slot->free_failures + 1);

          wait = MIN (wait, (gint64) config->sign_in_wait_max);
          row->locked_until = req->now + wait * XS_USEC_PER_SEC;
        }
      slot->lock = row->locked_until;

      if (!store_row (req, slot->key, row))
        return FALSE;
    }

  return TRUE;
}

gboolean
xs_throttle_reserve_failure (XsRequest      *req,
                             XsThrottleSlot *slots,
                             guint           n_slots)
{
  Reservation reservation = { slots, n_slots };

  return xs_request_run_transaction (req, reserve_failure, &reservation,
                                     "reserving a sign-in attempt");
}

gboolean
xs_throttle_release (XsRequest            *req,
                     const XsThrottleSlot *slot)
{
  /* The key was not locked when the slot was reserved (or it would have
   * been refused), so a lock equal to the slot's is the slot's own. */
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "UPDATE sign_in_throttle SET failures = MAX (failures - 1, 0), "
    "locked_until = CASE WHEN ?2 > 0 AND locked_until = ?2 THEN 0 ELSE locked_until END "
    "WHERE key = ?1");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, slot->key);
  sqlite3_bind_int64 (stmt, 2, slot->lock);
  return xs_db_step_done (req->db, stmt) && forget_if_empty (req, slot->key);
}

/* ----- windows ------------------------------------------------------------ */

typedef struct {
  const char *key;
  guint       limit;
  gint64      window;
} Window;

static gboolean
reserve_window (XsRequest *req,
                gpointer   data)
{
  Window *window = data;
  ThrottleRow row;

  if (!load_row (req, window->key, &row))
    return FALSE;

  if (row.failures == 0 || row.last_failure_at <= req->now - window->window)
    row = (ThrottleRow) { .failures = 0, .last_failure_at = req->now };

  if (row.failures >= window->limit)
    {
      xs_request_error_retry (req, XUEXIN_ERROR_CODE_RATE_LIMITED, NULL,
                              row.last_failure_at + window->window - req->now);
      return FALSE;
    }

  row.failures++;
  row.locked_until = row.failures >= window->limit ? row.last_failure_at + window->window : 0;
  return store_row (req, window->key, &row);
}

gboolean
xs_throttle_reserve_window (XsRequest  *req,
                            const char *key,
                            guint       limit,
                            gint64      window)
{
  Window data = { key, limit, window };

  return xs_request_run_transaction (req, reserve_window, &data, "reserving an attempt");
}

static gboolean
release_window (XsRequest *req,
                gpointer   data)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "UPDATE sign_in_throttle SET failures = MAX (failures - 1, 0), locked_until = 0 "
    "WHERE key = ?1");

  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, data);
  return xs_db_step_done (req->db, stmt) && forget_if_empty (req, data);
}

gboolean
xs_throttle_release_window (XsRequest  *req,
                            const char *key)
{
  return xs_request_run_transaction (req, release_window, (gpointer) key,
                                     "releasing an attempt");
}

/* ----- recovery ----------------------------------------------------------- */

static char *
recovery_key (XsRequest *req)
{
  return g_strdup_printf ("recovery:%s", req->client_ip);
}

gboolean
xs_throttle_reserve_recovery (XsRequest *req)
{
  g_autofree char *key = recovery_key (req);

  /* 0 turns the limit off. */
  if (req->config->recovery_failures_per_ip == 0)
    return TRUE;

  return xs_throttle_reserve_window (req, key, req->config->recovery_failures_per_ip, XS_DAY);
}

gboolean
xs_throttle_release_recovery (XsRequest *req)
{
  g_autofree char *key = recovery_key (req);

  if (req->config->recovery_failures_per_ip == 0)
    return TRUE;

  return xs_throttle_release_window (req, key);
}
