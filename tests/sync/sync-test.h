/* sync-test.h: a sandbox, a signed-in account, a store and an engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-account.h"
#include "plumb-outbox.h"
#include "plumb-store.h"
#include "plumb-sync-engine.h"
#include "plumb-test-monitor.h"
#include "sandbox-test.h"

G_BEGIN_DECLS


typedef struct
{
  TestServer      *ts;
  char            *dir;
  char            *state_file;
  PlumbAccount    *account;
  PlumbStore      *store;
  PlumbTestMonitor *monitor;
  PlumbSyncEngine *engine;
  char            *admin;        /* a directory Admin's token, to change things "on the server" */
} SyncFixture;

void        sync_fixture_set_up     (SyncFixture   *f,
                                     gconstpointer  data);
void        sync_fixture_tear_down  (SyncFixture   *f,
                                     gconstpointer  data);

/* Iterates the main context until @done returns TRUE; fails the test after
 * a generous timeout. */
void        wait_until              (gboolean     (*done) (gpointer data),
                                     gpointer       data);
gboolean    engine_sync             (PlumbSyncEngine *engine,
                                     GError         **error);
gint64      engine_queue_edit       (PlumbSyncEngine *engine,
                                     gint64           user_id,
                                     const char      *fields_json,
                                     const char      *base_json);
gint64      engine_queue_invite     (PlumbSyncEngine *engine,
                                     gint64           user_id,
                                     GError         **error);
gboolean    engine_resolve          (PlumbSyncEngine *engine,
                                     gint64           op_id,
                                     const char      *field,
                                     gboolean         keep_mine);
PlumbStore *store_open_in           (const char      *dir,
                                     const char      *name);

/* Server side, as the Admin. */
JsonObject *server_user             (SyncFixture  *f,
                                     gint64        user_id);
void        server_patch_user       (SyncFixture  *f,
                                     gint64        user_id,
                                     const char   *user_json);
guint       server_count_mail       (SyncFixture  *f,
                                     const char   *email,
                                     const char   *kind);
/* A stored record's field as a string, NULL when missing or null. */
char       *stored_string           (PlumbStore   *store,
                                     gint64        user_id,
                                     const char   *field);

#define NORTHWIND_ID 5001

G_END_DECLS
