/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A SQLite VFS for tests that wraps the default one and fails writes or
 * syncs once armed: operation number N (counted from the arming) returns
 * SQLITE_IOERR_WRITE or SQLITE_IOERR_FSYNC, as a failing disk would;
 * @persistent, every one after it fails too (a full disk), until
 * disarmed. A service uses it with
 * config->database_vfs = SERVICE_FAULT_VFS. Counters are process-wide.
 */
#define SERVICE_FAULT_VFS "xuexin-fault"

typedef enum {
  SERVICE_FAULT_WRITE = 1 << 0,
  SERVICE_FAULT_SYNC  = 1 << 1,
} ServiceFaultOps;

void     service_fault_vfs_register (void);
/* Starts counting @ops from zero; @fail_at 0 only counts. */
void     service_fault_vfs_arm      (ServiceFaultOps ops,
                                     guint           fail_at,
                                     gboolean        persistent);
/* Stops failing; returns the operations counted since arming. */
guint    service_fault_vfs_disarm   (void);
guint    service_fault_vfs_get_count (void);
guint    service_fault_vfs_get_failures (void);

G_END_DECLS
