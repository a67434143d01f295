/* plumb-sync-private.h: what the sync engine's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sync round runs in a worker thread as straight-line code: the store is
 * called through its blocking forms, and HTTP calls are started on the
 * engine's main context (where the SoupSession lives) with their answers
 * handed back to the worker's own context, which it iterates while it waits.
 */

#pragma once

#include "plumb-session-private.h"
#include "plumb-store-records.h"
#include "plumb-user-page.h"
#include "plumb-sync-engine.h"

G_BEGIN_DECLS

#define PLUMB_SYNC_PER_PAGE      1000
#define PLUMB_SYNC_PAGES_AHEAD   6

typedef struct
{
  PlumbSession  *session;
  PlumbStore    *store;
  gint64         company_id;
  GMainContext  *main_context;    /* the session's */
  GMainContext  *worker_context;  /* the round's own, iterated while waiting */
  GCancellable  *cancellable;
  gint64         own_user_id;     /* from /me, 0 until known */
  gint64         now_for_queue;   /* the `now` handed to next_runnable */
  guint          reconcile_seconds;

  /* Learnt from answers, read and written on the worker thread only. */
  gint64         clock_offset;    /* the server's Date minus ours, seconds */
  gboolean       clock_known;
  gint64         rate_remaining;  /* -1 unknown */
  gint64         rate_reset;      /* Unix seconds */

  /* Progress reports go to the engine on its main context. */
  void         (*report_progress) (gpointer engine, double progress);
  gpointer       engine;

  guint          pushed;
  guint          refused;
  guint          pulled;
} PlumbSyncRun;

/* One HTTP call started from the worker. */
typedef struct _PlumbSyncHttp PlumbSyncHttp;

PlumbSyncHttp *plumb_sync_http_start    (PlumbSyncRun        *run,
                                         const char          *method,
                                         const char          *path,
                                         gint64               company_id,
                                         GBytes              *body,
                                         const char          *content_type,
                                         PlumbRequestFlags    flags);
/* Waits for the answer; frees @http. */
PlumbResponse *plumb_sync_http_wait     (PlumbSyncRun        *run,
                                         PlumbSyncHttp       *http,
                                         GError             **error);
/* Start, wait, and parse a JSON body (JSON null for an empty one). */
JsonNode      *plumb_sync_http_json     (PlumbSyncRun        *run,
                                         const char          *method,
                                         const char          *path,
                                         gint64               company_id,
                                         JsonNode            *body,
                                         PlumbRequestFlags    flags,
                                         GError             **error);
JsonNode      *plumb_sync_parse         (GBytes              *body,
                                         GError             **error);
/* The server's clock now, as well as known. */
gint64         plumb_sync_server_now    (PlumbSyncRun        *run);
void           plumb_sync_progress      (PlumbSyncRun        *run,
                                         double               progress);

/* Whether a failure may go away by trying again later. */
gboolean       plumb_sync_error_is_transient (const GError   *error);

/* plumb-sync-push.c */
gboolean       plumb_sync_recover       (PlumbSyncRun        *run,
                                         GError             **error);
gboolean       plumb_sync_push          (PlumbSyncRun        *run,
                                         GError             **error);

/* plumb-sync-pull.c */
gboolean       plumb_sync_pull          (PlumbSyncRun        *run,
                                         GError             **error);
gboolean       plumb_sync_store_user    (PlumbSyncRun        *run,
                                         gint64               company_id,
                                         JsonNode            *user,
                                         GError             **error);
char          *plumb_sync_user_path     (gint64               company_id,
                                         gint64               user_id,
                                         const char          *suffix);

G_END_DECLS
