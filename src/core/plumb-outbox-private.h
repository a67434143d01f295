/* plumb-outbox-private.h: what the outbox's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-outbox.h"
#include "plumb-store-private.h"

G_BEGIN_DECLS

/* The input of every outbox job. JSON is turned into text on the caller's
 * thread, so the worker never touches the caller's json-glib objects. */
typedef struct
{
  gint64               op_id;
  PlumbOutboxKind      kind;
  gint64               company_id;
  gint64               user_id;
  char                *payload;
  GBytes              *photo;
  gint64               clock_offset;
  gint64               now;
  gboolean             flag;
  char                *text;
  double               jitter;
  PlumbConflictChoice  choice;
  GStrv                conflicts;   /* field, mine, base, theirs; field, ... */
} OutboxIn;

OutboxIn      *plumb_outbox_in_new      (gint64          op_id);
void           plumb_outbox_in_free     (OutboxIn       *in);

void           plumb_outbox_run_async   (PlumbStore          *store,
                                         PlumbStoreJobFunc    func,
                                         OutboxIn            *in,
                                         gpointer             source_tag,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* Blocking: returns the finished job, or NULL with `error` set. */
PlumbStoreJob *plumb_outbox_run_sync    (PlumbStore          *store,
                                         PlumbStoreJobFunc    func,
                                         OutboxIn            *in,
                                         GCancellable        *cancellable,
                                         GError             **error);

/* For jobs that answer only yes or no (plumb-outbox-states.c). */
gboolean       plumb_outbox_run_boolean    (PlumbStore          *store,
                                            PlumbStoreJobFunc    func,
                                            OutboxIn            *in,
                                            GCancellable        *cancellable,
                                            GError             **error);
gboolean       plumb_outbox_finish_boolean (PlumbStore          *store,
                                            GAsyncResult        *result,
                                            gpointer             source_tag,
                                            GError             **error);

/* Sets the error for an operation not in a state that allows a step.
 * Always returns FALSE. */
gboolean       plumb_outbox_wrong_state    (GError             **error);

char          *plumb_outbox_object_to_text (JsonObject *object);

/* Columns of an operation, in the order plumb_outbox_op_from_row reads. */
#define PLUMB_OUTBOX_OP_COLUMNS \
  "id, kind, company_id, user_id, payload, blob, state, attempts, next_try, queued_at, last_error, created_at"

PlumbOutboxOp *plumb_outbox_op_from_row (PlumbStoreDb   *db,
                                         PlumbStmt      *stmt,
                                         GError        **error);

G_END_DECLS
