/* plumb-outbox-states.c: an operation's way through the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-error.h"
#include "plumb-outbox-private.h"

gboolean
plumb_outbox_wrong_state (GError **error)
{
  g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                       _("This change is not waiting for that step; reload the list of changes."));
  return FALSE;
}

/* Runs one UPDATE or DELETE of an operation (?1 its id) in a durable
 * transaction; no row touched means it was not in a state that allows it. */
static gboolean
transition (PlumbStoreDb  *db,
            const char    *sql,
            gint64         op_id,
            GError       **error)
{
  if (!plumb_store_db_begin (db, TRUE, error))
    return FALSE;

  {
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, sql, error);

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, op_id);
    if (!plumb_store_db_step_done (db, stmt, error))
      goto fail;
  }

  if (sqlite3_changes (plumb_store_db_get_handle (db)) != 1)
    {
      plumb_outbox_wrong_state (error);
      goto fail;
    }

  return plumb_store_db_commit (db, error);

fail:
  plumb_store_db_rollback (db);
  return FALSE;
}

static gboolean
in_flight_func (PlumbStoreDb   *db,
                PlumbStoreJob  *job,
                GError        **error)
{
  OutboxIn *in = job->in;

  return transition (db, "UPDATE outbox SET state = 'in-flight' WHERE id = ?1 AND state = 'pending'",
                     in->op_id, error);
}

static gboolean
done_func (PlumbStoreDb   *db,
           PlumbStoreJob  *job,
           GError        **error)
{
  OutboxIn *in = job->in;

  return transition (db,
                     "UPDATE outbox SET state = 'done', last_error = NULL"
                     " WHERE id = ?1 AND state IN ('in-flight', 'pending')",
                     in->op_id, error);
}

static gboolean
pending_func (PlumbStoreDb   *db,
              PlumbStoreJob  *job,
              GError        **error)
{
  OutboxIn *in = job->in;

  /* A person retrying a failed change gives it a fresh set of tries. */
  return transition (db,
                     "UPDATE outbox SET next_try = 0,"
                     "  attempts = CASE state WHEN 'failed' THEN 0 ELSE attempts END,"
                     "  state = 'pending'"
                     " WHERE id = ?1 AND state IN ('in-flight', 'failed')",
                     in->op_id, error);
}

static gboolean
discard_func (PlumbStoreDb   *db,
              PlumbStoreJob  *job,
              GError        **error)
{
  OutboxIn *in = job->in;

  return transition (db, "DELETE FROM outbox WHERE id = ?1 AND state != 'in-flight'",
                     in->op_id, error);
}

static gboolean
failed_func (PlumbStoreDb   *db,
             PlumbStoreJob  *job,
             GError        **error)
{
  OutboxIn *in = job->in;
  guint attempts;
  gboolean give_up;

  if (!plumb_store_db_begin (db, TRUE, error))
    return FALSE;

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db, "SELECT attempts FROM outbox WHERE id = ?1 AND state = 'in-flight'", error);
    int rc;

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, in->op_id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      {
        plumb_outbox_wrong_state (error);
        goto fail;
      }
    if (rc != SQLITE_ROW)
      {
        plumb_store_db_set_error (db, error);
        goto fail;
      }

    attempts = sqlite3_column_int (stmt, 0) + 1;
  }

  give_up = in->flag || attempts >= PLUMB_OUTBOX_MAX_ATTEMPTS;

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db,
                              "UPDATE outbox SET state = ?2, attempts = ?3, next_try = ?4, last_error = ?5"
                              " WHERE id = ?1",
                              error);

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, in->op_id);
    plumb_stmt_bind_text (stmt, 2, plumb_outbox_state_to_string (give_up ? PLUMB_OUTBOX_FAILED
                                                                         : PLUMB_OUTBOX_PENDING));
    sqlite3_bind_int (stmt, 3, attempts);
    sqlite3_bind_int64 (stmt, 4, give_up ? 0 : in->now + plumb_outbox_backoff (attempts, in->jitter));
    plumb_stmt_bind_text (stmt, 5, in->text);
    if (!plumb_store_db_step_done (db, stmt, error))
      goto fail;
  }

  return plumb_store_db_commit (db, error);

fail:
  plumb_store_db_rollback (db);
  return FALSE;
}

static OutboxIn *
op_in (gint64 op_id)
{
  return plumb_outbox_in_new (op_id);
}

gboolean
plumb_outbox_finish_boolean (PlumbStore    *store,
                             GAsyncResult  *result,
                             gpointer       source_tag,
                             GError       **error)
{
  return plumb_store_run_finish (store, result, source_tag, error) != NULL;
}

gboolean
plumb_outbox_run_boolean (PlumbStore         *store,
                          PlumbStoreJobFunc   func,
                          OutboxIn           *in,
                          GCancellable       *cancellable,
                          GError            **error)
{
  g_autoptr(PlumbStoreJob) job = plumb_outbox_run_sync (store, func, in, cancellable, error);

  return job != NULL;
}

void
plumb_outbox_mark_in_flight_async (PlumbStore          *store,
                                   gint64               op_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  plumb_outbox_run_async (store, in_flight_func, op_in (op_id),
                          plumb_outbox_mark_in_flight_async, cancellable, callback, user_data);
}

gboolean
plumb_outbox_mark_in_flight_finish (PlumbStore    *store,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return plumb_outbox_finish_boolean (store, result, plumb_outbox_mark_in_flight_async, error);
}

gboolean
plumb_outbox_mark_in_flight (PlumbStore    *store,
                             gint64         op_id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  return plumb_outbox_run_boolean (store, in_flight_func, op_in (op_id), cancellable, error);
}

void
plumb_outbox_mark_done_async (PlumbStore          *store,
                              gint64               op_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  plumb_outbox_run_async (store, done_func, op_in (op_id),
                          plumb_outbox_mark_done_async, cancellable, callback, user_data);
}

gboolean
plumb_outbox_mark_done_finish (PlumbStore    *store,
                               GAsyncResult  *result,
                               GError       **error)
{
  return plumb_outbox_finish_boolean (store, result, plumb_outbox_mark_done_async, error);
}

gboolean
plumb_outbox_mark_done (PlumbStore    *store,
                        gint64         op_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return plumb_outbox_run_boolean (store, done_func, op_in (op_id), cancellable, error);
}

static OutboxIn *
failed_in (gint64      op_id,
           const char *error_text,
           gboolean    permanent,
           gint64      now)
{
  OutboxIn *in = plumb_outbox_in_new (op_id);

  in->text = g_strdup (error_text);
  in->flag = permanent;
  in->now = now;
  /* Spreads the retries of many clients; nothing secret depends on it. */
  in->jitter = g_random_double ();

  return in;
}

void
plumb_outbox_mark_failed_async (PlumbStore          *store,
                                gint64               op_id,
                                const char          *error_text,
                                gboolean             permanent,
                                gint64               now,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  plumb_outbox_run_async (store, failed_func, failed_in (op_id, error_text, permanent, now),
                          plumb_outbox_mark_failed_async, cancellable, callback, user_data);
}

gboolean
plumb_outbox_mark_failed_finish (PlumbStore    *store,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return plumb_outbox_finish_boolean (store, result, plumb_outbox_mark_failed_async, error);
}

gboolean
plumb_outbox_mark_failed (PlumbStore    *store,
                          gint64         op_id,
                          const char    *error_text,
                          gboolean       permanent,
                          gint64         now,
                          GCancellable  *cancellable,
                          GError       **error)
{
  return plumb_outbox_run_boolean (store, failed_func, failed_in (op_id, error_text, permanent, now), cancellable, error);
}

void
plumb_outbox_mark_pending_async (PlumbStore          *store,
                                 gint64               op_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  plumb_outbox_run_async (store, pending_func, op_in (op_id),
                          plumb_outbox_mark_pending_async, cancellable, callback, user_data);
}

gboolean
plumb_outbox_mark_pending_finish (PlumbStore    *store,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return plumb_outbox_finish_boolean (store, result, plumb_outbox_mark_pending_async, error);
}

gboolean
plumb_outbox_mark_pending (PlumbStore    *store,
                           gint64         op_id,
                           GCancellable  *cancellable,
                           GError       **error)
{
  return plumb_outbox_run_boolean (store, pending_func, op_in (op_id), cancellable, error);
}

void
plumb_outbox_discard_async (PlumbStore          *store,
                            gint64               op_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  plumb_outbox_run_async (store, discard_func, op_in (op_id),
                          plumb_outbox_discard_async, cancellable, callback, user_data);
}

gboolean
plumb_outbox_discard_finish (PlumbStore    *store,
                             GAsyncResult  *result,
                             GError       **error)
{
  return plumb_outbox_finish_boolean (store, result, plumb_outbox_discard_async, error);
}

gboolean
plumb_outbox_discard (PlumbStore    *store,
                      gint64         op_id,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return plumb_outbox_run_boolean (store, discard_func, op_in (op_id), cancellable, error);
}

static gboolean
prune_done_func (PlumbStoreDb   *db,
                 PlumbStoreJob  *job,
                 GError        **error)
{
  OutboxIn *in = job->in;

  if (!plumb_store_db_begin (db, TRUE, error))
    return FALSE;

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db, "DELETE FROM outbox WHERE state = 'done' AND created_at < ?1", error);

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, in->now);
    if (!plumb_store_db_step_done (db, stmt, error))
      goto fail;
  }

  job->out_int = sqlite3_changes (plumb_store_db_get_handle (db));

  return plumb_store_db_commit (db, error);

fail:
  plumb_store_db_rollback (db);
  return FALSE;
}

static OutboxIn *
prune_in (gint64 before)
{
  OutboxIn *in = plumb_outbox_in_new (0);

  in->now = before;

  return in;
}

void
plumb_outbox_prune_done_async (PlumbStore          *store,
                               gint64               before,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  plumb_outbox_run_async (store, prune_done_func, prune_in (before),
                          plumb_outbox_prune_done_async, cancellable, callback, user_data);
}

gint64
plumb_outbox_prune_done_finish (PlumbStore    *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (store, result, plumb_outbox_prune_done_async, error);

  return job != NULL ? job->out_int : -1;
}

gint64
plumb_outbox_prune_done (PlumbStore    *store,
                         gint64         before,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(PlumbStoreJob) job = plumb_outbox_run_sync (store, prune_done_func, prune_in (before),
                                                        cancellable, error);

  return job != NULL ? job->out_int : -1;
}
