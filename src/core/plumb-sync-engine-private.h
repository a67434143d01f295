/* plumb-sync-engine-private.h: what the engine's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-sync-private.h"

G_BEGIN_DECLS

struct _PlumbSyncEngine
{
  GObject          parent_instance;

  PlumbAccount    *account;
  PlumbStore      *store;
  gint64           company_id;
  GNetworkMonitor *monitor;
  GMainContext    *context;

  gboolean         online;
  gboolean         syncing;
  double           progress;
  gint64           pending_count;
  guint            conflict_count;
  guint            failed_count;
  gint64           last_success;
  char            *last_error;

  guint            poll_seconds;
  guint            reconcile_seconds;
  guint            retry_base_ms;
  gint64           clock_offset;

  GCancellable    *run_cancellable;   /* the running sync's, NULL when idle */
  GPtrArray       *waiters;           /* GTasks the running sync answers */
  GPtrArray       *next_waiters;      /* GTasks for the sync after it */
  gboolean         run_again;

  gboolean         started;
  guint            failures;
  GSource         *timer;
  GCancellable    *reach_cancellable;
  gulong           network_changed_id;
  gulong           signed_in_id;
  GCancellable    *cancellable;       /* the engine's own, cancelled in dispose */
};

/* plumb-sync-engine.c */
void      plumb_sync_engine_start_run         (PlumbSyncEngine *self);
void      plumb_sync_engine_set_online        (PlumbSyncEngine *self,
                                               gboolean         online);
/* Refreshes the counts, then answers @task (if any) with @value. */
void      plumb_sync_engine_refresh_counts    (PlumbSyncEngine *self,
                                               GTask           *task,
                                               gint64           value);

/* plumb-sync-engine-auto.c */
gboolean  plumb_sync_engine_may_run           (PlumbSyncEngine *self);
void      plumb_sync_engine_schedule          (PlumbSyncEngine *self,
                                               guint            delay_ms);
/* A change was queued or resolved: sync soon, in automatic mode. */
void      plumb_sync_engine_changed           (PlumbSyncEngine *self);

G_END_DECLS
