/* plumb-outbox.h: the durable, ordered queue of changes made here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "plumb-outbox-conflict.h"
#include "plumb-store.h"

G_BEGIN_DECLS

/* The payload of each kind (a JSON object):
 *   edit-user:   {"fields": {field: my value, ...}, "base": {field: the server's value the edit started from, ...}}
 *   photo:       {"content_type": "image/jpeg", "filename": "..."} and the bytes
 *   invite:      {} (any members are kept for the sender)
 *   create-user: {"user": {the new user's fields}} */
typedef enum
{
  PLUMB_OUTBOX_EDIT_USER,
  PLUMB_OUTBOX_PHOTO,
  PLUMB_OUTBOX_INVITE,
  PLUMB_OUTBOX_CREATE_USER,
} PlumbOutboxKind;

typedef enum
{
  PLUMB_OUTBOX_PENDING,     /* waits for its turn and its next_try */
  PLUMB_OUTBOX_IN_FLIGHT,   /* sent; the answer has not been recorded */
  PLUMB_OUTBOX_DONE,
  PLUMB_OUTBOX_FAILED,      /* gave up; waits for the person to retry or discard */
  PLUMB_OUTBOX_CONFLICT,    /* waits for the person's choice per field */
} PlumbOutboxState;

/* After this many failed tries an operation stops retrying by itself. */
#define PLUMB_OUTBOX_MAX_ATTEMPTS 8

typedef struct
{
  gint64            id;          /* its place in the queue */
  PlumbOutboxKind   kind;
  gint64            company_id;
  gint64            user_id;     /* 0 for create-user */
  JsonObject       *payload;
  GBytes           *photo;       /* photo only */
  PlumbOutboxState  state;
  guint             attempts;
  gint64            next_try;    /* Unix seconds */
  gint64            queued_at;   /* Unix seconds on the server's clock, as well as known */
  gint64            created_at;  /* Unix seconds on this computer's clock */
  char             *last_error;  /* a sentence, or NULL */
} PlumbOutboxOp;

#define PLUMB_TYPE_OUTBOX_OP (plumb_outbox_op_get_type ())

GType          plumb_outbox_op_get_type (void) G_GNUC_CONST;
PlumbOutboxOp *plumb_outbox_op_copy     (const PlumbOutboxOp *op);
void           plumb_outbox_op_free     (PlumbOutboxOp       *op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbOutboxOp, plumb_outbox_op_free)

const char    *plumb_outbox_kind_to_string   (PlumbOutboxKind   kind);
gboolean       plumb_outbox_kind_from_string (const char       *text,
                                              PlumbOutboxKind  *kind);
const char    *plumb_outbox_state_to_string  (PlumbOutboxState  state);
gboolean       plumb_outbox_state_from_string (const char      *text,
                                               PlumbOutboxState *state);

/* The payload of an edit: `fields` (field -> my value) and `base` (field ->
 * the value I saw when I made the edit). */
JsonObject    *plumb_outbox_edit_payload_new (JsonObject       *fields,
                                              JsonObject       *base);

/* Seconds to wait after the `attempts`-th failure: 30 s doubling to an hour
 * at most, of which the last half is spread by `jitter` in [0, 1). */
guint          plumb_outbox_backoff          (guint             attempts,
                                              double            jitter);

/* After a crash with an invitation in flight: the server's
 * welcome_email_sent_at at or after the moment the invitation was queued
 * means it was sent, and sending it again would mail the person twice. */
gboolean       plumb_outbox_invitation_was_sent (gint64         queued_at,
                                                 const char    *welcome_email_sent_at);

/* Every function below comes as _async/_finish and as a blocking form (not
 * for the UI thread); see plumb-store.h. Times are Unix seconds passed in,
 * so that the sync engine and the tests choose the clock. */

/* Returns the new operation's id once it is committed to disk, 0 on error.
 * `clock_offset` is the server's clock minus this computer's, in seconds,
 * when known (0 otherwise); it places queued_at on the server's clock. */
void           plumb_outbox_enqueue_async  (PlumbStore          *store,
                                            PlumbOutboxKind      kind,
                                            gint64               company_id,
                                            gint64               user_id,
                                            JsonObject          *payload,
                                            GBytes              *photo,
                                            gint64               clock_offset,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gint64         plumb_outbox_enqueue_finish (PlumbStore          *store,
                                            GAsyncResult        *result,
                                            GError             **error);
gint64         plumb_outbox_enqueue        (PlumbStore          *store,
                                            PlumbOutboxKind      kind,
                                            gint64               company_id,
                                            gint64               user_id,
                                            JsonObject          *payload,
                                            GBytes              *photo,
                                            gint64               clock_offset,
                                            GCancellable        *cancellable,
                                            GError             **error);

/* The operations in queue order, as PlumbOutboxOp; done ones only if asked. */
void           plumb_outbox_list_async  (PlumbStore          *store,
                                         gboolean             include_done,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray     *plumb_outbox_list_finish (PlumbStore          *store,
                                         GAsyncResult        *result,
                                         GError             **error);
GPtrArray     *plumb_outbox_list        (PlumbStore          *store,
                                         gboolean             include_done,
                                         GCancellable        *cancellable,
                                         GError             **error);

/* The first pending operation due at `now` that no earlier, unfinished
 * operation on the same person holds back; NULL, without error, if none. */
void           plumb_outbox_next_runnable_async  (PlumbStore          *store,
                                                  gint64               now,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
PlumbOutboxOp *plumb_outbox_next_runnable_finish (PlumbStore          *store,
                                                  GAsyncResult        *result,
                                                  GError             **error);
PlumbOutboxOp *plumb_outbox_next_runnable        (PlumbStore          *store,
                                                  gint64               now,
                                                  GCancellable        *cancellable,
                                                  GError             **error);

/* Operations left in flight, in order: after a crash each must be checked
 * against the server, then marked done or pending. */
void           plumb_outbox_recover_in_flight_async  (PlumbStore          *store,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray     *plumb_outbox_recover_in_flight_finish (PlumbStore          *store,
                                                      GAsyncResult        *result,
                                                      GError             **error);
GPtrArray     *plumb_outbox_recover_in_flight        (PlumbStore          *store,
                                                      GCancellable        *cancellable,
                                                      GError             **error);

/* Pending and in-flight operations: the changes not yet on the server.
 * -1 on error. */
void           plumb_outbox_count_pending_async  (PlumbStore          *store,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gint64         plumb_outbox_count_pending_finish (PlumbStore          *store,
                                                  GAsyncResult        *result,
                                                  GError             **error);
gint64         plumb_outbox_count_pending        (PlumbStore          *store,
                                                  GCancellable        *cancellable,
                                                  GError             **error);

/* Removes done operations created before `before` (Unix seconds, this
 * computer's clock); returns how many, -1 on error. */
void           plumb_outbox_prune_done_async  (PlumbStore          *store,
                                               gint64               before,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gint64         plumb_outbox_prune_done_finish (PlumbStore          *store,
                                               GAsyncResult        *result,
                                               GError             **error);
gint64         plumb_outbox_prune_done        (PlumbStore          *store,
                                               gint64               before,
                                               GCancellable        *cancellable,
                                               GError             **error);

/* State changes. Each fails with PLUMB_ERROR_INVALID_INPUT when the
 * operation is not in a state it may leave that way:
 *   in_flight: pending -> in-flight
 *   done:      in-flight or pending -> done
 *   failed:    in-flight -> pending with a later next_try, or failed when
 *              `permanent` or after PLUMB_OUTBOX_MAX_ATTEMPTS
 *   pending:   in-flight (found not applied after a crash) or failed (the
 *              person retries) -> pending, due at once
 *   conflict:  in-flight -> conflict; the fields not in `conflicts` went
 *              through, and the operation keeps only the conflicting ones
 *   discard:   anything but in-flight -> removed */
void           plumb_outbox_mark_in_flight_async  (PlumbStore          *store,
                                                   gint64               op_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       plumb_outbox_mark_in_flight_finish (PlumbStore          *store,
                                                   GAsyncResult        *result,
                                                   GError             **error);
gboolean       plumb_outbox_mark_in_flight        (PlumbStore          *store,
                                                   gint64               op_id,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

void           plumb_outbox_mark_done_async  (PlumbStore          *store,
                                              gint64               op_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       plumb_outbox_mark_done_finish (PlumbStore          *store,
                                              GAsyncResult        *result,
                                              GError             **error);
gboolean       plumb_outbox_mark_done        (PlumbStore          *store,
                                              gint64               op_id,
                                              GCancellable        *cancellable,
                                              GError             **error);

void           plumb_outbox_mark_failed_async  (PlumbStore          *store,
                                                gint64               op_id,
                                                const char          *error_text,
                                                gboolean             permanent,
                                                gint64               now,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       plumb_outbox_mark_failed_finish (PlumbStore          *store,
                                                GAsyncResult        *result,
                                                GError             **error);
gboolean       plumb_outbox_mark_failed        (PlumbStore          *store,
                                                gint64               op_id,
                                                const char          *error_text,
                                                gboolean             permanent,
                                                gint64               now,
                                                GCancellable        *cancellable,
                                                GError             **error);

void           plumb_outbox_mark_pending_async  (PlumbStore          *store,
                                                 gint64               op_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       plumb_outbox_mark_pending_finish (PlumbStore          *store,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gboolean       plumb_outbox_mark_pending        (PlumbStore          *store,
                                                 gint64               op_id,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

void           plumb_outbox_mark_conflict_async  (PlumbStore          *store,
                                                  gint64               op_id,
                                                  GPtrArray           *conflicts,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean       plumb_outbox_mark_conflict_finish (PlumbStore          *store,
                                                  GAsyncResult        *result,
                                                  GError             **error);
gboolean       plumb_outbox_mark_conflict        (PlumbStore          *store,
                                                  gint64               op_id,
                                                  GPtrArray           *conflicts,
                                                  GCancellable        *cancellable,
                                                  GError             **error);

void           plumb_outbox_discard_async  (PlumbStore          *store,
                                            gint64               op_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean       plumb_outbox_discard_finish (PlumbStore          *store,
                                            GAsyncResult        *result,
                                            GError             **error);
gboolean       plumb_outbox_discard        (PlumbStore          *store,
                                            gint64               op_id,
                                            GCancellable        *cancellable,
                                            GError             **error);

/* The conflicts an operation waits on, as PlumbConflict, by field name. */
void           plumb_outbox_list_conflicts_async  (PlumbStore          *store,
                                                   gint64               op_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray     *plumb_outbox_list_conflicts_finish (PlumbStore          *store,
                                                   GAsyncResult        *result,
                                                   GError             **error);
GPtrArray     *plumb_outbox_list_conflicts        (PlumbStore          *store,
                                                   gint64               op_id,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

/* The person's choice for one field. Keep mine: the edit's base becomes the
 * server's value, so the edit goes out again over it. Take the server's:
 * the field leaves the edit. Once no conflict is left the operation is
 * pending again, or done if no field is left. */
void           plumb_outbox_resolve_conflict_async  (PlumbStore          *store,
                                                     gint64               op_id,
                                                     const char          *field,
                                                     PlumbConflictChoice  choice,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean       plumb_outbox_resolve_conflict_finish (PlumbStore          *store,
                                                     GAsyncResult        *result,
                                                     GError             **error);
gboolean       plumb_outbox_resolve_conflict        (PlumbStore          *store,
                                                     gint64               op_id,
                                                     const char          *field,
                                                     PlumbConflictChoice  choice,
                                                     GCancellable        *cancellable,
                                                     GError             **error);

G_END_DECLS
