/* plumb-sync-engine.h: keeps a company's offline copy and the server in step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "plumb-account.h"
#include "plumb-outbox.h"
#include "plumb-store.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_SYNC_ENGINE (plumb_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (PlumbSyncEngine, plumb_sync_engine, PLUMB, SYNC_ENGINE, GObject)

/* Properties, all read-only and notified on the engine's main context:
 *   "online"        gboolean: the network monitor can reach the API host
 *   "syncing"       gboolean: a sync is running
 *   "progress"      double 0..1 of the running sync
 *   "pending-count" gint64: changes not yet on the server
 *   "conflict-count" guint: changes waiting for the person's choice
 *   "failed-count"  guint: changes the server refused, waiting for the person
 *   "last-success"  gint64: Unix seconds of the last complete sync, 0 never
 *   "last-error"    string: a sentence, NULL after a success
 * Construct-only: "account", "store", "company-id", "network-monitor"
 * (NULL for the default one). */
PlumbSyncEngine *plumb_sync_engine_new                   (PlumbAccount        *account,
                                                          PlumbStore          *store,
                                                          gint64               company_id);
PlumbSyncEngine *plumb_sync_engine_new_with_monitor      (PlumbAccount        *account,
                                                          PlumbStore          *store,
                                                          gint64               company_id,
                                                          GNetworkMonitor     *monitor);

gboolean         plumb_sync_engine_get_online            (PlumbSyncEngine     *self);
gboolean         plumb_sync_engine_get_syncing           (PlumbSyncEngine     *self);
double           plumb_sync_engine_get_progress          (PlumbSyncEngine     *self);
gint64           plumb_sync_engine_get_pending_count     (PlumbSyncEngine     *self);
guint            plumb_sync_engine_get_conflict_count    (PlumbSyncEngine     *self);
guint            plumb_sync_engine_get_failed_count      (PlumbSyncEngine     *self);
gint64           plumb_sync_engine_get_last_success      (PlumbSyncEngine     *self);
const char      *plumb_sync_engine_get_last_error        (PlumbSyncEngine     *self);
gint64           plumb_sync_engine_get_company_id        (PlumbSyncEngine     *self);
/* Seconds the server's clock is ahead of this computer's, from the Date
 * headers of its answers; "invited 3 days ago" is judged by the server. */
gint64           plumb_sync_engine_get_clock_offset      (PlumbSyncEngine     *self);
/* What an earlier engine learned of the same server, for the changes queued
 * before this one's first answer. */
void             plumb_sync_engine_set_clock_offset      (PlumbSyncEngine     *self,
                                                          gint64               offset);

/* Timing: the pause between automatic syncs, the interval between full
 * reconciliations (both seconds) and the first retry delay after a failure
 * (milliseconds, doubling with jitter). Tests shorten them. */
void             plumb_sync_engine_set_timing            (PlumbSyncEngine     *self,
                                                          guint                poll_seconds,
                                                          guint                reconcile_seconds,
                                                          guint                retry_base_ms);

/* One sync now: recover what a crash left in flight, push the outbox in
 * order, then pull (the whole directory the first time and at each
 * reconciliation, the people changed since the last one otherwise).
 * Transient failures are retried a few times. Succeeds when the pull did;
 * changes the server refused stay in the outbox (see the counts). */
void             plumb_sync_engine_sync_now_async        (PlumbSyncEngine     *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean         plumb_sync_engine_sync_now_finish       (PlumbSyncEngine     *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Automatic mode: syncs when the API host is reachable and the account is
 * signed in, again every poll interval and after each queued change, backs
 * off with jitter after failures and pauses while offline. */
void             plumb_sync_engine_outbox_changed        (PlumbSyncEngine     *self);
void             plumb_sync_engine_start                 (PlumbSyncEngine     *self);
void             plumb_sync_engine_stop                  (PlumbSyncEngine     *self);

/* Each returns the new operation's id once it is on disk (0 on error). An invitation is
 * refused with PLUMB_ERROR_FORBIDDEN, and the sentence naming the missing
 * permission, when the stored permissions say the account may not invite. */
void             plumb_sync_engine_queue_invite_async    (PlumbSyncEngine     *self,
                                                          gint64               user_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* @fields: API field -> new value; @base: the same fields' values as the
 * person saw them when editing. */
void             plumb_sync_engine_queue_edit_async      (PlumbSyncEngine     *self,
                                                          gint64               user_id,
                                                          JsonObject          *fields,
                                                          JsonObject          *base,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* @photo: a normalized picture (plumb_photo_normalize_*). */
void             plumb_sync_engine_queue_photo_async     (PlumbSyncEngine     *self,
                                                          gint64               user_id,
                                                          GBytes              *photo,
                                                          const char          *content_type,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gint64           plumb_sync_engine_queue_finish          (PlumbSyncEngine     *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void             plumb_sync_engine_resolve_conflict_async  (PlumbSyncEngine     *self,
                                                            gint64               op_id,
                                                            const char          *field,
                                                            gboolean             keep_mine,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean         plumb_sync_engine_resolve_conflict_finish (PlumbSyncEngine     *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
