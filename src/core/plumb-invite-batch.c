/* plumb-invite-batch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-error.h"
#include "plumb-invite-batch.h"

typedef struct
{
  PlumbStore          *store;
  gint64               company_id;
  GArray              *ids;
  GArray              *op_ids;     /* 0 where queueing failed */
  GPtrArray           *outcomes;
  guint                next;
  PlumbInviteProgress  progress;
  gpointer             progress_data;
} Batch;

static void
batch_free (Batch *batch)
{
  g_clear_object (&batch->store);
  g_array_unref (batch->ids);
  g_array_unref (batch->op_ids);
  g_ptr_array_unref (batch->outcomes);
  g_free (batch);
}

void
plumb_invite_outcome_free (PlumbInviteOutcome *outcome)
{
  g_free (outcome->name);
  g_free (outcome->email);
  g_free (outcome->message);
  g_free (outcome);
}

static void queue_next (GTask *task);

static char *member_string (JsonObject *object, const char *member);

/* Reads back, in a worker thread, what each queued invitation became and the
 * name and address of each person (the address the welcome email went to). */
static void
read_outcomes_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Batch *batch = task_data;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < batch->outcomes->len; i++)
    {
      PlumbInviteOutcome *outcome = g_ptr_array_index (batch->outcomes, i);
      g_autoptr(JsonObject) record = plumb_store_get_user (batch->store, batch->company_id, outcome->user_id, cancellable, NULL);

      g_free (outcome->name);
      g_free (outcome->email);
      outcome->name = member_string (record, "name");
      outcome->email = member_string (record, "email_address");
    }

  ops = plumb_outbox_list (batch->store, TRUE, cancellable, &error);

  for (guint i = 0; i < batch->outcomes->len; i++)
    {
      PlumbInviteOutcome *outcome = g_ptr_array_index (batch->outcomes, i);
      gint64 op_id = g_array_index (batch->op_ids, gint64, i);

      if (op_id == 0 || ops == NULL)
        continue;

      for (guint k = 0; k < ops->len; k++)
        {
          PlumbOutboxOp *op = g_ptr_array_index (ops, k);

          if (op->id != op_id)
            continue;
          g_debug ("outbox operation %" G_GINT64_FORMAT " of the batch is %s", op_id,
                   plumb_outbox_state_to_string (op->state));

          switch (op->state)
            {
            case PLUMB_OUTBOX_DONE:
              outcome->result = PLUMB_INVITE_SENT;
              g_clear_pointer (&outcome->message, g_free);
              break;
            case PLUMB_OUTBOX_FAILED:
            case PLUMB_OUTBOX_CONFLICT:
              outcome->result = PLUMB_INVITE_FAILED;
              g_free (outcome->message);
              outcome->message = g_strdup (op->last_error ? op->last_error : _("The server refused the invitation."));
              break;
            case PLUMB_OUTBOX_PENDING:
            case PLUMB_OUTBOX_IN_FLIGHT:
            default:
              outcome->result = PLUMB_INVITE_QUEUED;
              g_free (outcome->message);
              outcome->message = g_strdup (op->last_error ? op->last_error
                                                          : _("It goes out at the next sync."));
              break;
            }
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
outcomes_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Batch *batch = g_task_get_task_data (task);

  if (batch->progress)
    batch->progress (batch->ids->len, batch->ids->len, batch->progress_data);

  g_task_return_pointer (task, g_ptr_array_ref (batch->outcomes), (GDestroyNotify) g_ptr_array_unref);
}

static void
finish_with_outcomes (GTask *task)
{
  Batch *batch = g_task_get_task_data (task);
  g_autoptr(GTask) reader = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                                        outcomes_read_cb, g_object_ref (task));

  g_task_set_task_data (reader, batch, NULL);
  g_task_run_in_thread (reader, read_outcomes_thread);
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* A failed sync leaves the invitations queued; the outcomes say so. */
  plumb_sync_engine_sync_now_finish (PLUMB_SYNC_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  finish_with_outcomes (task);
}

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Batch *batch = g_task_get_task_data (task);
  PlumbInviteOutcome *outcome = g_ptr_array_index (batch->outcomes, batch->next);
  g_autoptr(GError) error = NULL;
  gint64 op_id;

  op_id = plumb_sync_engine_queue_finish (PLUMB_SYNC_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (op_id <= 0)
    {
      outcome->result = PLUMB_INVITE_FAILED;
      outcome->message = g_strdup (error ? error->message : _("The invitation could not be saved."));
      op_id = 0;
    }
  g_array_append_val (batch->op_ids, op_id);
  g_debug ("invitation of person %" G_GINT64_FORMAT " queued as outbox operation %" G_GINT64_FORMAT,
           outcome->user_id, op_id);

  batch->next++;
  if (batch->progress)
    batch->progress (batch->next, batch->ids->len + 1, batch->progress_data);

  queue_next (task);
}

static void
queue_next (GTask *task)
{
  Batch *batch = g_task_get_task_data (task);
  PlumbSyncEngine *engine = g_task_get_source_object (task);

  if (batch->next < batch->ids->len)
    {
      plumb_sync_engine_queue_invite_async (engine, g_array_index (batch->ids, gint64, batch->next),
                                            g_task_get_cancellable (task), queued_cb, g_object_ref (task));
      return;
    }

  if (plumb_sync_engine_get_online (engine))
    plumb_sync_engine_sync_now_async (engine, g_task_get_cancellable (task), sync_cb, g_object_ref (task));
  else
    finish_with_outcomes (task);
}

static char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

void
plumb_invite_batch_async (PlumbSyncEngine     *engine,
                          PlumbStore          *store,
                          const gint64        *ids,
                          guint                n_ids,
                          PlumbInviteProgress  progress,
                          gpointer             progress_data,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Batch *batch;

  g_return_if_fail (PLUMB_IS_SYNC_ENGINE (engine));
  g_return_if_fail (PLUMB_IS_STORE (store));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_invite_batch_async);

  batch = g_new0 (Batch, 1);
  batch->store = g_object_ref (store);
  batch->company_id = plumb_sync_engine_get_company_id (engine);
  batch->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  batch->op_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  batch->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) plumb_invite_outcome_free);
  batch->progress = progress;
  batch->progress_data = progress_data;
  g_array_append_vals (batch->ids, ids, n_ids);

  for (guint i = 0; i < n_ids; i++)
    {
      PlumbInviteOutcome *outcome = g_new0 (PlumbInviteOutcome, 1);

      outcome->user_id = ids[i];
      outcome->result = PLUMB_INVITE_QUEUED;
      g_ptr_array_add (batch->outcomes, outcome);
    }

  g_task_set_task_data (task, batch, (GDestroyNotify) batch_free);
  queue_next (g_steal_pointer (&task));
}

GPtrArray *
plumb_invite_batch_finish (PlumbSyncEngine  *engine,
                           GAsyncResult     *result,
                           GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
plumb_invite_outcomes_any_failed (GPtrArray *outcomes)
{
  for (guint i = 0; i < outcomes->len; i++)
    if (((PlumbInviteOutcome *) g_ptr_array_index (outcomes, i))->result == PLUMB_INVITE_FAILED)
      return TRUE;

  return FALSE;
}

/* Procore's confirmation names the person and the address the welcome
 * email went to; for many people, the counts and who failed and why. */
char *
plumb_invite_outcomes_summary (GPtrArray *outcomes)
{
  guint sent = 0, queued = 0, failed = 0;
  g_autoptr(GString) text = g_string_new (NULL);

  if (outcomes->len == 1)
    {
      PlumbInviteOutcome *o = g_ptr_array_index (outcomes, 0);
      const char *name = o->name ? o->name : _("this person");

      switch (o->result)
        {
        case PLUMB_INVITE_SENT:
          /* Translators: “A welcome email was sent to Sam Rivera at sam@example.com.” */
          return g_strdup_printf (_("A welcome email was sent to %s at %s."), name, o->email ? o->email : "");
        case PLUMB_INVITE_QUEUED:
          /* Translators: first a name, then why it waits */
          return g_strdup_printf (_("The invitation to %s is waiting to be sent. %s"), name, o->message ? o->message : "");
        case PLUMB_INVITE_FAILED:
        default:
          /* Translators: first a name, then the reason */
          return g_strdup_printf (_("%s was not invited. %s"), name, o->message ? o->message : "");
        }
    }

  for (guint i = 0; i < outcomes->len; i++)
    {
      PlumbInviteOutcome *o = g_ptr_array_index (outcomes, i);

      if (o->result == PLUMB_INVITE_SENT)
        sent++;
      else if (o->result == PLUMB_INVITE_QUEUED)
        queued++;
      else
        failed++;
    }

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u welcome email sent", "%u welcome emails sent", sent), sent);
  if (queued > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u waiting to be sent", ", %u waiting to be sent", queued), queued);
  if (failed > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u not invited:", ", %u not invited:", failed), failed);
  else
    g_string_append_c (text, '.');

  for (guint i = 0, shown = 0; i < outcomes->len && shown < 5; i++)
    {
      PlumbInviteOutcome *o = g_ptr_array_index (outcomes, i);

      if (o->result != PLUMB_INVITE_FAILED)
        continue;
      g_string_append_printf (text, "\n• %s: %s", o->name ? o->name : "?", o->message ? o->message : "");
      shown++;
    }
  if (failed > 5)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "\n• and %u more", "\n• and %u more", failed - 5), failed - 5);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
