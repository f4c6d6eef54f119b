/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "xuexin-service.h"

G_BEGIN_DECLS

/* Times in the database are µs since the epoch. */
#define XS_USEC_PER_SEC G_GINT64_CONSTANT (1000000)
#define XS_DAY (24 * 3600 * XS_USEC_PER_SEC)

/* One SQLite connection with its cache of prepared statements. */
typedef struct _XsDb XsDb;

XsDb         *xs_db_open          (const char  *path,
                                   GError     **error);
void          xs_db_close         (XsDb        *db);
gboolean      xs_db_migrate       (XsDb        *db,
                                   GError     **error);
int           xs_db_get_schema_version (XsDb   *db);
sqlite3      *xs_db_get_handle    (XsDb        *db);
/* Returns a cached, reset statement for a string literal. */
sqlite3_stmt *xs_db_prepare       (XsDb        *db,
                                   const char  *sql);
gboolean      xs_db_begin         (XsDb        *db);
gboolean      xs_db_commit        (XsDb        *db);
void          xs_db_rollback      (XsDb        *db);
void          xs_db_reset_all     (XsDb        *db);
gboolean      xs_db_exec          (XsDb        *db,
                                   const char  *sql);
/* Runs a prepared statement to completion; TRUE on SQLITE_DONE. */
gboolean      xs_db_step_done     (XsDb         *db,
                                   sqlite3_stmt *stmt);
/* Steps a prepared, bound query once and reads its first columns as
 * integers into the gint64 pointers that follow, up to NULL; they keep
 * their values when there is no row. Returns whether there was a row. */
gboolean      xs_db_select_int64  (sqlite3_stmt *stmt,
                                   ...) G_GNUC_NULL_TERMINATED;
void          xs_db_log_error     (XsDb        *db,
                                   const char  *what);
const char   *xs_stmt_text        (sqlite3_stmt *stmt,
                                   int           column);
void          xs_stmt_bind_text   (sqlite3_stmt *stmt,
                                   int           index,
                                   const char   *text);
gint64        xs_db_purge         (XsDb                      *db,
                                   const XuexinServiceConfig *config,
                                   gint64                     now);
gint64        xs_db_insert_audit  (XsDb        *db,
                                   gint64       account_id,
                                   const char  *event,
                                   gint64       now,
                                   const char  *client_ip,
                                   const char  *detail);

G_END_DECLS
