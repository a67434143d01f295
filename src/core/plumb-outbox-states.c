/* plumb-outbox-states.c: an operation's way through the outbox, and the
 * conflicts it may meet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-error.h"
#include "plumb-outbox-private.h"

static gboolean
wrong_state (GError **error)
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
      wrong_state (error);
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
        wrong_state (error);
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

/* Reads an operation's kind, state and payload inside a transaction. */
static JsonObject *
read_payload (PlumbStoreDb      *db,
              gint64             op_id,
              PlumbOutboxState   expected,
              GError           **error)
{
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db, "SELECT kind, state, payload FROM outbox WHERE id = ?1", error);
  g_autoptr(JsonNode) node = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, op_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      plumb_store_db_set_error (db, error);
      return NULL;
    }

  if (rc == SQLITE_DONE ||
      g_strcmp0 (plumb_stmt_column_text (stmt, 0), plumb_outbox_kind_to_string (PLUMB_OUTBOX_EDIT_USER)) != 0 ||
      g_strcmp0 (plumb_stmt_column_text (stmt, 1), plumb_outbox_state_to_string (expected)) != 0)
    {
      wrong_state (error);
      return NULL;
    }

  node = plumb_store_json_from_text (plumb_stmt_column_text (stmt, 2), error);
  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_state (error);
      return NULL;
    }

  return json_node_dup_object (node);
}

static JsonObject *
payload_part (JsonObject *payload,
              const char *name)
{
  JsonNode *node = json_object_get_member (payload, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *part = json_object_new ();

      json_object_set_object_member (payload, name, part);
      return part;
    }

  return json_node_get_object (node);
}

static gboolean
write_payload (PlumbStoreDb     *db,
               gint64            op_id,
               JsonObject       *payload,
               PlumbOutboxState  state,
               GError          **error)
{
  g_autofree char *text = plumb_outbox_object_to_text (payload);
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "UPDATE outbox SET payload = ?2, state = ?3, next_try = 0 WHERE id = ?1",
                            error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, op_id);
  plumb_stmt_bind_text (stmt, 2, text);
  plumb_stmt_bind_text (stmt, 3, plumb_outbox_state_to_string (state));

  return plumb_store_db_step_done (db, stmt, error);
}

static gboolean
conflict_func (PlumbStoreDb   *db,
               PlumbStoreJob  *job,
               GError        **error)
{
  OutboxIn *in = job->in;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  JsonObject *old_fields;
  JsonObject *old_base;

  if (!plumb_store_db_begin (db, TRUE, error))
    return FALSE;

  payload = read_payload (db, in->op_id, PLUMB_OUTBOX_IN_FLIGHT, error);
  if (payload == NULL)
    goto fail;

  old_fields = payload_part (payload, "fields");
  old_base = payload_part (payload, "base");

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db, "DELETE FROM conflicts WHERE op_id = ?1", error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, in->op_id);
    if (!plumb_store_db_step_done (db, stmt, error))
      goto fail;
  }

  for (guint i = 0; in->conflicts[i] != NULL; i += 4)
    {
      const char *field = in->conflicts[i];
      g_autoptr(PlumbStmt) stmt =
        plumb_store_db_prepare (db,
                                "INSERT INTO conflicts (op_id, field, mine, base, theirs)"
                                " VALUES (?1, ?2, ?3, ?4, ?5)",
                                error);

      if (stmt == NULL)
        goto fail;

      if (!json_object_has_member (old_fields, field))
        {
          wrong_state (error);
          goto fail;
        }

      json_object_set_member (fields, field, json_node_copy (json_object_get_member (old_fields, field)));
      if (json_object_has_member (old_base, field))
        json_object_set_member (base, field, json_node_copy (json_object_get_member (old_base, field)));

      sqlite3_bind_int64 (stmt, 1, in->op_id);
      for (guint k = 0; k < 4; k++)
        plumb_stmt_bind_text (stmt, 2 + k, in->conflicts[i + k]);
      if (!plumb_store_db_step_done (db, stmt, error))
        goto fail;
    }

  /* The fields that went through are no longer part of the change. */
  json_object_set_object_member (payload, "fields", g_steal_pointer (&fields));
  json_object_set_object_member (payload, "base", g_steal_pointer (&base));

  if (!write_payload (db, in->op_id, payload, PLUMB_OUTBOX_CONFLICT, error))
    goto fail;

  return plumb_store_db_commit (db, error);

fail:
  plumb_store_db_rollback (db);
  return FALSE;
}

static gboolean
list_conflicts_func (PlumbStoreDb   *db,
                     PlumbStoreJob  *job,
                     GError        **error)
{
  OutboxIn *in = job->in;
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "SELECT field, mine, base, theirs FROM conflicts WHERE op_id = ?1 ORDER BY field",
                            error);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) plumb_conflict_free);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, in->op_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) mine = plumb_store_json_from_text (plumb_stmt_column_text (stmt, 1), error);
      g_autoptr(JsonNode) base = mine != NULL ? plumb_store_json_from_text (plumb_stmt_column_text (stmt, 2), error) : NULL;
      g_autoptr(JsonNode) theirs = base != NULL ? plumb_store_json_from_text (plumb_stmt_column_text (stmt, 3), error) : NULL;

      if (theirs == NULL)
        return FALSE;

      g_ptr_array_add (conflicts, plumb_conflict_new (plumb_stmt_column_text (stmt, 0), mine, base, theirs));
    }

  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);

  job->out = g_steal_pointer (&conflicts);
  job->out_free = (GDestroyNotify) g_ptr_array_unref;

  return TRUE;
}

static gboolean
resolve_func (PlumbStoreDb   *db,
              PlumbStoreJob  *job,
              GError        **error)
{
  OutboxIn *in = job->in;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(JsonNode) theirs = NULL;
  JsonObject *fields;
  JsonObject *base;
  gint64 left;

  if (!plumb_store_db_begin (db, TRUE, error))
    return FALSE;

  payload = read_payload (db, in->op_id, PLUMB_OUTBOX_CONFLICT, error);
  if (payload == NULL)
    goto fail;

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db, "SELECT theirs FROM conflicts WHERE op_id = ?1 AND field = ?2", error);
    int rc;

    if (stmt == NULL)
      goto fail;

    sqlite3_bind_int64 (stmt, 1, in->op_id);
    plumb_stmt_bind_text (stmt, 2, in->text);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      {
        wrong_state (error);
        goto fail;
      }
    if (rc != SQLITE_ROW)
      {
        plumb_store_db_set_error (db, error);
        goto fail;
      }

    theirs = plumb_store_json_from_text (plumb_stmt_column_text (stmt, 0), error);
    if (theirs == NULL)
      goto fail;
  }

  fields = payload_part (payload, "fields");
  base = payload_part (payload, "base");

  switch (in->choice)
    {
    case PLUMB_CONFLICT_KEEP_MINE:
      /* The edit now knowingly replaces the server's value. */
      json_object_set_member (base, in->text, g_steal_pointer (&theirs));
      break;

    case PLUMB_CONFLICT_TAKE_SERVER:
      if (json_object_has_member (fields, in->text))
        json_object_remove_member (fields, in->text);
      if (json_object_has_member (base, in->text))
        json_object_remove_member (base, in->text);
      break;

    default:
      wrong_state (error);
      goto fail;
    }

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db, "DELETE FROM conflicts WHERE op_id = ?1 AND field = ?2", error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, in->op_id);
    plumb_stmt_bind_text (stmt, 2, in->text);
    if (!plumb_store_db_step_done (db, stmt, error))
      goto fail;
  }

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db, "SELECT count(*) FROM conflicts WHERE op_id = ?1", error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, in->op_id);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        plumb_store_db_set_error (db, error);
        goto fail;
      }
    left = sqlite3_column_int64 (stmt, 0);
  }

  if (!write_payload (db, in->op_id, payload,
                      left > 0 ? PLUMB_OUTBOX_CONFLICT
                               : json_object_get_size (fields) > 0 ? PLUMB_OUTBOX_PENDING
                                                                   : PLUMB_OUTBOX_DONE,
                      error))
    goto fail;

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

static gboolean
finish_boolean (PlumbStore    *store,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  return plumb_store_run_finish (store, result, source_tag, error) != NULL;
}

static gboolean
run_boolean (PlumbStore         *store,
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
  return finish_boolean (store, result, plumb_outbox_mark_in_flight_async, error);
}

gboolean
plumb_outbox_mark_in_flight (PlumbStore    *store,
                             gint64         op_id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  return run_boolean (store, in_flight_func, op_in (op_id), cancellable, error);
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
  return finish_boolean (store, result, plumb_outbox_mark_done_async, error);
}

gboolean
plumb_outbox_mark_done (PlumbStore    *store,
                        gint64         op_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return run_boolean (store, done_func, op_in (op_id), cancellable, error);
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
  return finish_boolean (store, result, plumb_outbox_mark_failed_async, error);
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
  return run_boolean (store, failed_func, failed_in (op_id, error_text, permanent, now), cancellable, error);
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
  return finish_boolean (store, result, plumb_outbox_mark_pending_async, error);
}

gboolean
plumb_outbox_mark_pending (PlumbStore    *store,
                           gint64         op_id,
                           GCancellable  *cancellable,
                           GError       **error)
{
  return run_boolean (store, pending_func, op_in (op_id), cancellable, error);
}

static char *
node_text (JsonNode *node)
{
  g_autoptr(JsonNode) null_node = NULL;

  if (node == NULL)
    node = null_node = json_node_new (JSON_NODE_NULL);

  return json_to_string (node, FALSE);
}

static OutboxIn *
conflict_in (gint64     op_id,
             GPtrArray *conflicts)
{
  OutboxIn *in = plumb_outbox_in_new (op_id);
  GPtrArray *texts = g_ptr_array_new ();

  for (guint i = 0; i < conflicts->len; i++)
    {
      PlumbConflict *conflict = g_ptr_array_index (conflicts, i);

      g_ptr_array_add (texts, g_strdup (conflict->field));
      g_ptr_array_add (texts, node_text (conflict->mine));
      g_ptr_array_add (texts, node_text (conflict->base));
      g_ptr_array_add (texts, node_text (conflict->theirs));
    }
  g_ptr_array_add (texts, NULL);

  in->conflicts = (GStrv) g_ptr_array_free (texts, FALSE);

  return in;
}

void
plumb_outbox_mark_conflict_async (PlumbStore          *store,
                                  gint64               op_id,
                                  GPtrArray           *conflicts,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (conflicts != NULL && conflicts->len > 0);

  plumb_outbox_run_async (store, conflict_func, conflict_in (op_id, conflicts),
                          plumb_outbox_mark_conflict_async, cancellable, callback, user_data);
}

gboolean
plumb_outbox_mark_conflict_finish (PlumbStore    *store,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_boolean (store, result, plumb_outbox_mark_conflict_async, error);
}

gboolean
plumb_outbox_mark_conflict (PlumbStore    *store,
                            gint64         op_id,
                            GPtrArray     *conflicts,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_return_val_if_fail (conflicts != NULL && conflicts->len > 0, FALSE);

  return run_boolean (store, conflict_func, conflict_in (op_id, conflicts), cancellable, error);
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
  return finish_boolean (store, result, plumb_outbox_discard_async, error);
}

gboolean
plumb_outbox_discard (PlumbStore    *store,
                      gint64         op_id,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return run_boolean (store, discard_func, op_in (op_id), cancellable, error);
}

void
plumb_outbox_list_conflicts_async (PlumbStore          *store,
                                   gint64               op_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  plumb_outbox_run_async (store, list_conflicts_func, op_in (op_id),
                          plumb_outbox_list_conflicts_async, cancellable, callback, user_data);
}

GPtrArray *
plumb_outbox_list_conflicts_finish (PlumbStore    *store,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (store, result, plumb_outbox_list_conflicts_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

GPtrArray *
plumb_outbox_list_conflicts (PlumbStore    *store,
                             gint64         op_id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(PlumbStoreJob) job = plumb_outbox_run_sync (store, list_conflicts_func, op_in (op_id),
                                                        cancellable, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

static OutboxIn *
resolve_in (gint64               op_id,
            const char          *field,
            PlumbConflictChoice  choice)
{
  OutboxIn *in = plumb_outbox_in_new (op_id);

  in->text = g_strdup (field);
  in->choice = choice;

  return in;
}

void
plumb_outbox_resolve_conflict_async (PlumbStore          *store,
                                     gint64               op_id,
                                     const char          *field,
                                     PlumbConflictChoice  choice,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (field != NULL);

  plumb_outbox_run_async (store, resolve_func, resolve_in (op_id, field, choice),
                          plumb_outbox_resolve_conflict_async, cancellable, callback, user_data);
}

gboolean
plumb_outbox_resolve_conflict_finish (PlumbStore    *store,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_boolean (store, result, plumb_outbox_resolve_conflict_async, error);
}

gboolean
plumb_outbox_resolve_conflict (PlumbStore           *store,
                               gint64                op_id,
                               const char           *field,
                               PlumbConflictChoice   choice,
                               GCancellable         *cancellable,
                               GError              **error)
{
  g_return_val_if_fail (field != NULL, FALSE);

  return run_boolean (store, resolve_func, resolve_in (op_id, field, choice), cancellable, error);
}
