/* plumb-invite-batch.h: inviting one or many people through the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plumb-sync-engine.h"

G_BEGIN_DECLS

typedef enum
{
  PLUMB_INVITE_SENT,      /* the server accepted it: the welcome email went out */
  PLUMB_INVITE_QUEUED,    /* on disk, goes out at the next sync */
  PLUMB_INVITE_FAILED,    /* refused: see message */
} PlumbInviteResult;

typedef struct
{
  gint64             user_id;
  char              *name;
  char              *email;
  PlumbInviteResult  result;
  char              *message;   /* why it failed or waits, a sentence; NULL when sent */
} PlumbInviteOutcome;

void     plumb_invite_outcome_free (PlumbInviteOutcome *outcome);

/* Called on the caller's main context after each person is queued and once
 * more when the sync is done: @done of @total. */
typedef void (*PlumbInviteProgress) (guint    done,
                                     guint    total,
                                     gpointer user_data);

/* Queues an invitation for each id (each on disk before the next), then
 * syncs once if the engine is online, and reports per person. */
void       plumb_invite_batch_async  (PlumbSyncEngine     *engine,
                                      PlumbStore          *store,
                                      const gint64        *ids,
                                      guint                n_ids,
                                      PlumbInviteProgress  progress,
                                      gpointer             progress_data,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
GPtrArray *plumb_invite_batch_finish (PlumbSyncEngine     *engine,
                                      GAsyncResult        *result,
                                      GError             **error);

char      *plumb_invite_outcomes_summary    (GPtrArray *outcomes);
gboolean   plumb_invite_outcomes_any_failed (GPtrArray *outcomes);

G_END_DECLS
