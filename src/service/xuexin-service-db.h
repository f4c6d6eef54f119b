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
/* @vfs names a registered SQLite VFS, or NULL for the default. */
XsDb         *xs_db_open_vfs      (const char  *path,
                                   const char  *vfs,
                                   GError     **error);
void          xs_db_close         (XsDb        *db);
gboolean      xs_db_migrate       (XsDb        *db,
                                   GError     **error);
int           xs_db_get_schema_version (XsDb   *db);
sqlite3      *xs_db_get_handle    (XsDb        *db);
/*
 * Every SQL statement the service prepares is a string literal registered
 * at its call site in the "xs_sql" linker section, so
 * tests/service/test-service-query-plans.c can run EXPLAIN QUERY PLAN on
 * all of them, also those no test happens to run, without parsing C:
 * XS_SQL ("…") is such a registered literal (`"" text ""` does not
 * compile for anything but a literal), xs_db_prepare (db, "…") prepares
 * one, and xs_db_prepare_registered() refuses SQL that is not registered.
 * Only this module runs other SQL: its fixed PRAGMAs and the schema
 * migrations (the test checks that no other file calls SQLite's prepare
 * or exec functions).
 */
typedef const char *const XsSqlEntry;

#define XS_SQL(text) \
  (__extension__ ({ \
    static XsSqlEntry xs_sql_entry_ \
      __attribute__ ((section ("xs_sql"), used, aligned (sizeof (void *)))) = "" text ""; \
    &xs_sql_entry_; \
  }))

/* Returns a cached, reset statement for a string literal. */
#define xs_db_prepare(db, text) xs_db_prepare_registered ((db), XS_SQL (text))

sqlite3_stmt *xs_db_prepare_registered (XsDb       *db,
                                        XsSqlEntry *sql);
/* Every registered statement of the program, in no particular order
 * (one entry per call site). */
XsSqlEntry   *xs_db_get_registered_sql (gsize      *n_entries);
/* Migrates to schema version @version (for upgrade tests); -1 for the
 * newest. */
gboolean      xs_db_migrate_to    (XsDb        *db,
                                   int          version,
                                   GError     **error);
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
