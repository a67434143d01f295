/* plumb-application-sync.c: the signed-in account's store and sync engine
 *
 * The store is opened when someone signs in; the sync engine runs for the
 * company shown and is replaced when another company is chosen. Pages read
 * the store and queue their changes through the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-application-private.h"
#include "plumb-error.h"
#include "plumb-invite-batch.h"
#include "plumb-outbox.h"

#define properties plumb_application_properties

void
plumb_application_set_network_monitor (PlumbApplication *self,
                                       GNetworkMonitor  *monitor)
{
  g_return_if_fail (PLUMB_IS_APPLICATION (self));

  if (g_set_object (&self->network_monitor, monitor))
    plumb_application_install_sync (self);
}

PlumbStore *
plumb_application_get_store (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), NULL);

  return self->store;
}

PlumbSyncEngine *
plumb_application_get_sync_engine (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), NULL);

  return self->engine;
}

PlumbPermissions *
plumb_application_get_permissions (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), NULL);

  return self->permissions;
}

gboolean
plumb_application_get_online (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), FALSE);

  return self->engine == NULL || plumb_sync_engine_get_online (self->engine);
}

GDateTime *
plumb_application_dup_server_now (PlumbApplication *self)
{
  gint64 offset = self->engine ? plumb_sync_engine_get_clock_offset (self->engine) : 0;

  return g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC + offset);
}

const gint64 *
plumb_application_get_pending_invites (PlumbApplication *self)
{
  return (const gint64 *) self->pending_invites->data;
}

guint
plumb_application_get_n_pending_invites (PlumbApplication *self)
{
  return self->pending_invites->len;
}

/* "Offline. The people shown are as of 14:05 today." */
char *
plumb_application_dup_last_sync_text (PlumbApplication *self)
{
  gint64 last = self->engine ? plumb_sync_engine_get_last_success (self->engine) : 0;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = NULL;

  if (last <= 0)
    return g_strdup (_("Offline. Nothing has been fetched from Procore yet; changes are kept here and sent when the connection is back."));

  when = g_date_time_new_from_unix_local (last);
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    /* Translators: a time of day, see strftime(3) */
    stamp = g_date_time_format (when, _("%H:%M today"));
  else
    /* Translators: a date and time, see strftime(3) */
    stamp = g_date_time_format (when, _("%-d %B at %H:%M"));

  /* Translators: %s is when the last sync was, e.g. “14:05 today” */
  return g_strdup_printf (_("Offline. You are seeing the directory as it was at %s; invitations wait here and go out when the connection is back."), stamp);
}

static void
pending_list_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlumbApplication) self = user_data;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;

  ops = plumb_outbox_list_finish (PLUMB_STORE (object), result, &error);
  if (ops == NULL)
    return;

  g_array_set_size (self->pending_invites, 0);
  for (guint i = 0; i < ops->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (ops, i);

      if (op->kind == PLUMB_OUTBOX_INVITE && op->company_id == self->company_id &&
          (op->state == PLUMB_OUTBOX_PENDING || op->state == PLUMB_OUTBOX_IN_FLIGHT))
        g_array_append_val (self->pending_invites, op->user_id);
    }

  g_signal_emit (self, plumb_application_signals[DIRECTORY_CHANGED], 0);
}

static void
permissions_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PlumbApplication) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gboolean can_invite = FALSE;

  node = plumb_store_get_permissions_finish (PLUMB_STORE (object), result, &can_invite, &error);
  if (node == NULL)
    return;

  g_clear_object (&self->permissions);
  self->permissions = plumb_permissions_new_from_json (self->company_id, node);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERMISSIONS]);
}

/* After each sync: what may be done, what waits, and what the store has. */
static void
refresh_from_store (PlumbApplication *self)
{
  if (self->store == NULL || self->company_id == 0)
    return;

  plumb_store_get_permissions_async (self->store, self->company_id, self->store_cancellable,
                                     permissions_cb, g_object_ref (self));
  plumb_outbox_list_async (self->store, FALSE, self->store_cancellable,
                           pending_list_cb, g_object_ref (self));
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlumbApplication *self = user_data;

  self->refresh_idle = 0;
  refresh_from_store (self);

  return G_SOURCE_REMOVE;
}

/* A sync ends with several notifications at once (its success, and the
 * pending count once per change pushed); they make one refresh, so the pages
 * read the company once and not once per notification. */
static void
schedule_refresh (PlumbApplication *self)
{
  /* Default priority: at idle priority an animation that redraws every
   * frame (a spinner) would hold it back for as long as it runs. */
  if (self->refresh_idle == 0)
    self->refresh_idle = g_idle_add_full (G_PRIORITY_DEFAULT, refresh_idle_cb, self, NULL);
}

static void
on_online_changed (PlumbApplication *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

/* Stops the engine, keeping what it learned of its server's clock for the
 * next engine on that server. */
static void
drop_engine (PlumbApplication *self)
{
  g_autoptr(PlumbAccount) account = NULL;
  gint64 *offset;

  if (self->engine == NULL)
    return;

  g_debug ("sync %p dropped", (gpointer) self->engine);
  g_object_get (self->engine, "account", &account, NULL);
  offset = g_new (gint64, 1);
  *offset = plumb_sync_engine_get_clock_offset (self->engine);
  g_hash_table_insert (self->clock_offsets,
                       g_strdup (plumb_session_get_api_url (plumb_account_get_session (account))), offset);
  plumb_sync_engine_stop (self->engine);
  g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
}

void
plumb_application_install_sync (PlumbApplication *self)
{
  drop_engine (self);
  g_clear_object (&self->permissions);
  g_array_set_size (self->pending_invites, 0);

  if (self->store != NULL && self->account != NULL && self->company_id != 0)
    {
      const gint64 *offset = g_hash_table_lookup (self->clock_offsets,
                                                  plumb_session_get_api_url (plumb_account_get_session (self->account)));

      self->engine = plumb_sync_engine_new_with_monitor (self->account, self->store, self->company_id,
                                                         self->network_monitor);
      if (offset != NULL)
        plumb_sync_engine_set_clock_offset (self->engine, *offset);
      g_signal_connect_object (self->engine, "notify::online", G_CALLBACK (on_online_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->engine, "notify::last-success", G_CALLBACK (schedule_refresh), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->engine, "notify::pending-count", G_CALLBACK (schedule_refresh), self, G_CONNECT_SWAPPED);
      g_debug ("sync %p installed for company %" G_GINT64_FORMAT, (gpointer) self->engine, self->company_id);
      plumb_sync_engine_start (self->engine);
      refresh_from_store (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_ENGINE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERMISSIONS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlumbApplication) self = user_data;
  g_autoptr(PlumbStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = plumb_store_open_finish (result, &error);
  if (store == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The offline copy could not be opened: %s", error->message);
      return;
    }

  g_set_object (&self->store, store);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  plumb_application_install_sync (self);
}

/* One database per account and environment. */
void
plumb_application_open_store (PlumbApplication *self)
{
  g_autofree char *account_id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  plumb_application_close_store (self);
  self->store_cancellable = g_cancellable_new ();

  account_id = g_strdup_printf ("%" G_GINT64_FORMAT, plumb_account_get_user_id (self->account));
  path = plumb_store_build_path (NULL, plumb_session_get_api_url (plumb_account_get_session (self->account)),
                                 account_id, &error);
  if (path == NULL)
    {
      g_warning ("No place for the offline copy: %s", error->message);
      return;
    }

  g_debug ("offline copy: %s", path);
  plumb_store_open_async (path, self->store_cancellable, store_opened_cb, g_object_ref (self));
}

void
plumb_application_close_store (PlumbApplication *self)
{
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  g_cancellable_cancel (self->store_cancellable);
  g_clear_object (&self->store_cancellable);

  drop_engine (self);
  g_clear_object (&self->permissions);
  if (self->store != NULL)
    {
      g_clear_object (&self->store);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
    }
}

static void
sync_now_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The engine keeps the sentence in its last-error for the header. */
  plumb_sync_engine_sync_now_finish (PLUMB_SYNC_ENGINE (object), result, &error);
}

void
plumb_application_sync_now_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  PlumbApplication *self = user_data;

  if (self->engine != NULL)
    plumb_sync_engine_sync_now_async (self->engine, NULL, sync_now_cb, NULL);
}

typedef struct
{
  PlumbApplication    *self;
  PlumbInviteProgress  progress;
  gpointer             progress_data;
} InviteRun;

static void
invite_batch_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *outcomes;

  outcomes = plumb_invite_batch_finish (PLUMB_SYNC_ENGINE (object), result, &error);
  if (outcomes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, outcomes, (GDestroyNotify) g_ptr_array_unref);
}

void
plumb_application_invite_async (PlumbApplication    *self,
                                const gint64        *ids,
                                guint                n_ids,
                                PlumbInviteProgress  progress,
                                gpointer             progress_data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLUMB_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_application_invite_async);

  if (self->engine == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                               _("Sign in and choose a company before inviting people"));
      return;
    }

  plumb_invite_batch_async (self->engine, self->store, ids, n_ids, progress, progress_data,
                            cancellable, invite_batch_cb, g_steal_pointer (&task));
}

GPtrArray *
plumb_application_invite_finish (PlumbApplication  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_person_synced_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* Offline, the person waits in the outbox: that is still "added here". */
  plumb_sync_engine_sync_now_finish (PLUMB_SYNC_ENGINE (object), result, &error);
  g_task_return_boolean (task, TRUE);
}

static void
add_person_queued_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbApplication *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (plumb_outbox_enqueue_finish (PLUMB_STORE (object), result, &error) <= 0)
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->engine != NULL && plumb_sync_engine_get_online (self->engine))
    plumb_sync_engine_sync_now_async (self->engine, g_task_get_cancellable (task),
                                      add_person_synced_cb, g_object_ref (task));
  else
    g_task_return_boolean (task, TRUE);
}

void
plumb_application_add_person_async (PlumbApplication    *self,
                                    JsonObject          *fields,
                                    gboolean             invite,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) payload = NULL;

  g_return_if_fail (PLUMB_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_application_add_person_async);

  if (self->store == NULL || self->company_id == 0)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                               _("Sign in and choose a company before adding people"));
      return;
    }

  if (self->permissions != NULL && !plumb_permissions_can_invite (self->permissions))
    {
      g_autofree char *reason = plumb_permissions_dup_missing_sentence (self->permissions, FALSE);

      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN, "%s", reason);
      return;
    }

  payload = json_object_new ();
  json_object_set_object_member (payload, "user", json_object_ref (fields));
  json_object_set_boolean_member (payload, "invite", invite);

  plumb_outbox_enqueue_async (self->store, PLUMB_OUTBOX_CREATE_USER, self->company_id, 0, payload, NULL,
                              self->engine ? plumb_sync_engine_get_clock_offset (self->engine) : 0,
                              cancellable, add_person_queued_cb, g_steal_pointer (&task));
}

gboolean
plumb_application_add_person_finish (PlumbApplication  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
