/* plumb-sync-engine-queue.c: changes into the outbox, and the person's
 * choices on conflicts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-error.h"
#include "plumb-permissions.h"
#include "plumb-sync-engine-private.h"

static void
queued_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbSyncEngine *self = g_task_get_source_object (task);
  GError *error = NULL;
  gint64 id = plumb_outbox_enqueue_finish (PLUMB_STORE (source), result, &error);

  if (id == 0)
    {
      g_task_return_error (task, error);
      return;
    }
  plumb_sync_engine_changed (self);
  plumb_sync_engine_refresh_counts (self, g_steal_pointer (&task), id);
}

static void
enqueue (PlumbSyncEngine     *self,
         PlumbOutboxKind      kind,
         gint64               user_id,
         JsonObject          *payload,
         GBytes              *photo,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, enqueue);
  plumb_outbox_enqueue_async (self->store, kind, self->company_id, user_id, payload, photo,
                              self->clock_offset, cancellable, queued_cb, task);
}

typedef struct
{
  gint64 user_id;
} InviteData;

static void
invite_permissions_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) stored = NULL;
  gboolean can_invite = FALSE;

  stored = plumb_store_get_permissions_finish (PLUMB_STORE (source), result, &can_invite, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (stored != NULL && !can_invite)
    {
      g_autoptr(PlumbPermissions) permissions = plumb_permissions_new_from_json (self->company_id, stored);
      g_autofree char *sentence = plumb_permissions_dup_missing_sentence (permissions, FALSE);

      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN, "%s",
                               sentence != NULL ? sentence
                                                : _("This account may not invite people to this company."));
      return;
    }

  g_task_return_int (task, 0);
}

static void
forward_id_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gint64 id = g_task_propagate_int (G_TASK (result), &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, id);
}

static void
invite_check_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbSyncEngine *self = g_task_get_source_object (task);
  InviteData *data = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonObject) payload = NULL;
  GCancellable *cancellable;

  g_task_propagate_int (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  payload = json_object_new ();
  /* Read before the task is handed on: argument order is unspecified. */
  cancellable = g_task_get_cancellable (task);
  enqueue (self, PLUMB_OUTBOX_INVITE, data->user_id, payload, NULL, cancellable,
           forward_id_cb, g_steal_pointer (&task));
}

void
plumb_sync_engine_queue_invite_async (PlumbSyncEngine     *self,
                                      gint64               user_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  GTask *check;
  InviteData *data;

  g_return_if_fail (PLUMB_IS_SYNC_ENGINE (self));
  g_return_if_fail (user_id > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, enqueue);
  data = g_new0 (InviteData, 1);
  data->user_id = user_id;
  g_task_set_task_data (task, data, g_free);

  check = g_task_new (self, cancellable, invite_check_cb, task);
  g_task_set_task_data (check, g_memdup2 (data, sizeof *data), g_free);
  plumb_store_get_permissions_async (self->store, self->company_id, cancellable,
                                     invite_permissions_cb, check);
}

void
plumb_sync_engine_queue_edit_async (PlumbSyncEngine     *self,
                                    gint64               user_id,
                                    JsonObject          *fields,
                                    JsonObject          *base,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) payload = NULL;

  g_return_if_fail (PLUMB_IS_SYNC_ENGINE (self));
  g_return_if_fail (fields != NULL && base != NULL);

  payload = plumb_outbox_edit_payload_new (fields, base);
  enqueue (self, PLUMB_OUTBOX_EDIT_USER, user_id, payload, NULL, cancellable, callback, user_data);
}

void
plumb_sync_engine_queue_photo_async (PlumbSyncEngine     *self,
                                     gint64               user_id,
                                     GBytes              *photo,
                                     const char          *content_type,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonObject) payload = json_object_new ();

  g_return_if_fail (PLUMB_IS_SYNC_ENGINE (self));
  g_return_if_fail (photo != NULL && content_type != NULL);

  json_object_set_string_member (payload, "content_type", content_type);
  json_object_set_string_member (payload, "filename",
                                 g_str_equal (content_type, "image/png") ? "avatar.png" : "avatar.jpg");
  enqueue (self, PLUMB_OUTBOX_PHOTO, user_id, payload, photo, cancellable, callback, user_data);
}

gint64
plumb_sync_engine_queue_finish (PlumbSyncEngine  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  gint64 id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  /* 0, not GTask's -1, on error: ids start at 1. */
  id = g_task_propagate_int (G_TASK (result), error);
  return MAX (id, 0);
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbSyncEngine *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!plumb_outbox_resolve_conflict_finish (PLUMB_STORE (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  plumb_sync_engine_changed (self);
  plumb_sync_engine_refresh_counts (self, g_steal_pointer (&task), TRUE);
}

void
plumb_sync_engine_resolve_conflict_async (PlumbSyncEngine     *self,
                                          gint64               op_id,
                                          const char          *field,
                                          gboolean             keep_mine,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PLUMB_IS_SYNC_ENGINE (self));
  g_return_if_fail (field != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_sync_engine_resolve_conflict_async);
  plumb_outbox_resolve_conflict_async (self->store, op_id, field,
                                       keep_mine ? PLUMB_CONFLICT_KEEP_MINE : PLUMB_CONFLICT_TAKE_SERVER,
                                       cancellable, resolved_cb, task);
}

gboolean
plumb_sync_engine_resolve_conflict_finish (PlumbSyncEngine  *self,
                                           GAsyncResult     *result,
                                           GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_int (G_TASK (result), error) != 0;
}
