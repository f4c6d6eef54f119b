/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include "xuexin-service-crypto.h"
#include "xuexin-service-staff.h"

static gboolean
count_live (XsDb       *db,
            XsSqlEntry *sql,
            const char *value,
            gint64     *count)
{
  sqlite3_stmt *stmt = xs_db_prepare_registered (db, sql);

  *count = 0;
  if (stmt == NULL)
    return FALSE;
  xs_stmt_bind_text (stmt, 1, value);
  /* COUNT(*) always has a row. */
  xs_db_select_int64 (stmt, count, NULL);
  return TRUE;
}

static gboolean
staff_failed (XsDb    *db,
              GError **error)
{
  g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DATABASE,
               "Cannot store the staff account: %s", sqlite3_errmsg (xs_db_get_handle (db)));
  xs_db_rollback (db);
  return FALSE;
}

gboolean
xs_staff_add (XsDb                      *db,
              const XuexinServiceConfig *config,
              const char                *role,
              const char                *phone,
              const char                *name,
              const char                *id_number,
              const char                *password,
              gint64                     now,
              char                     **out_password,
              GError                   **error)
{
  g_autofree char *normal_phone = NULL;
  g_autofree char *normal_name = NULL;
  g_autofree char *normal_id = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *password_hash = NULL;
  sqlite3_stmt *stmt;
  gint64 taken = 0;
  gint64 id;

  if (g_strcmp0 (role, XS_ROLE_REVIEWER) != 0 && g_strcmp0 (role, XS_ROLE_ADMIN) != 0)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The role must be “reviewer” or “admin”");
      return FALSE;
    }
  if (xuexin_phone_validate (phone, &normal_phone) != XUEXIN_PHONE_OK)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The phone is not an 11-digit mainland mobile number");
      return FALSE;
    }
  if (xuexin_name_validate (name, &normal_name) != XUEXIN_NAME_OK)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The name is not valid");
      return FALSE;
    }
  if (xuexin_id_number_validate (id_number, NULL, &normal_id) != XUEXIN_ID_NUMBER_OK)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The ID number is not a valid resident ID number");
      return FALSE;
    }

  if (password == NULL)
    {
      /* Printed once by the command; 24 characters from 18 random bytes. */
      generated = xs_random_string (18);
      password = generated;
    }
  else if (xuexin_password_validate (password) != XUEXIN_PASSWORD_OK
           || xuexin_password_is_weak (password))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "The password must have 6 to 30 characters and not be easy to guess");
      return FALSE;
    }

  password_hash = xs_password_hash (config, password);
  if (password_hash == NULL)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "Cannot hash the password");
      return FALSE;
    }

  if (!xs_db_begin (db))
    return staff_failed (db, error);

  if (!count_live (db, XS_SQL ("SELECT COUNT(*) FROM accounts WHERE phone = ?1 AND state != 'cancelled'"),
                   normal_phone, &taken))
    return staff_failed (db, error);
  if (taken > 0)
    {
      xs_db_rollback (db);
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "A live account has this phone");
      return FALSE;
    }
  if (!count_live (db, XS_SQL ("SELECT COUNT(*) FROM accounts WHERE id_number = ?1 "
                   "AND id_type = 'resident_id' AND state != 'cancelled'"),
                   normal_id, &taken))
    return staff_failed (db, error);
  if (taken > 0)
    {
      xs_db_rollback (db);
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_FAILED,
                   "A live account has this ID number");
      return FALSE;
    }

  stmt = xs_db_prepare (db,
    "INSERT INTO accounts (phone, name, id_type, id_number, email, password_hash, state, "
    "created_at, updated_at, role) VALUES (?1, ?2, 'resident_id', ?3, NULL, ?4, 'active', ?5, "
    "?5, ?6)");
  if (stmt == NULL)
    return staff_failed (db, error);
  xs_stmt_bind_text (stmt, 1, normal_phone);
  xs_stmt_bind_text (stmt, 2, normal_name);
  xs_stmt_bind_text (stmt, 3, normal_id);
  xs_stmt_bind_text (stmt, 4, password_hash);
  sqlite3_bind_int64 (stmt, 5, now);
  xs_stmt_bind_text (stmt, 6, role);
  if (!xs_db_step_done (db, stmt))
    return staff_failed (db, error);
  id = sqlite3_last_insert_rowid (xs_db_get_handle (db));
  if (xs_db_insert_audit (db, id, "staff_added", now, NULL, role) < 0
      || !xs_db_commit (db))
    return staff_failed (db, error);

  if (out_password != NULL)
    *out_password = g_steal_pointer (&generated);
  return TRUE;
}

gboolean
xs_request_require_staff (XsRequest *req,
                          gboolean   admin_only)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT role FROM accounts WHERE id = ?1 AND state = 'active'");
  g_autofree char *role = NULL;

  if (stmt == NULL)
    {
      xs_request_internal_error (req, "reading a role");
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    role = g_strdup (xs_stmt_text (stmt, 0));
  sqlite3_reset (stmt);

  if (g_strcmp0 (role, XS_ROLE_ADMIN) == 0
      || (!admin_only && g_strcmp0 (role, XS_ROLE_REVIEWER) == 0))
    return TRUE;

  xs_request_error (req, XUEXIN_ERROR_CODE_FORBIDDEN, NULL);
  return FALSE;
}
