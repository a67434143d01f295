/* plumb-sync-engine-auto.c: when the engine syncs by itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While started, the engine syncs when the network monitor can reach the
 * API host and the account is signed in: at once, then every poll
 * interval, sooner after a change is queued, later (with jitter) after a
 * failure. Going offline stops the sync it started itself.
 */

#include "config.h"

#include "plumb-sync-engine-private.h"

static void evaluate_online (PlumbSyncEngine *self);

gboolean
plumb_sync_engine_may_run (PlumbSyncEngine *self)
{
  return self->started && self->online && plumb_account_get_signed_in (self->account);
}

static gboolean
timer_cb (gpointer data)
{
  PlumbSyncEngine *self = data;

  g_clear_pointer (&self->timer, g_source_unref);
  if (!plumb_sync_engine_may_run (self))
    return G_SOURCE_REMOVE;
  if (self->run_cancellable != NULL)
    self->run_again = TRUE;
  else
    plumb_sync_engine_start_run (self);
  return G_SOURCE_REMOVE;
}

void
plumb_sync_engine_schedule (PlumbSyncEngine *self,
                            guint            delay_ms)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (!plumb_sync_engine_may_run (self))
    return;
  g_debug ("next sync in %u ms", delay_ms);
  self->timer = g_timeout_source_new (delay_ms);
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_attach (self->timer, self->context);
}

static void
reach_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  PlumbSyncEngine *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean reachable = g_network_monitor_can_reach_finish (G_NETWORK_MONITOR (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  plumb_sync_engine_set_online (self, reachable);
  if (reachable)
    {
      self->failures = 0;
      plumb_sync_engine_schedule (self, 0);
    }
}

static void
go_offline (PlumbSyncEngine *self)
{
  plumb_sync_engine_set_online (self, FALSE);
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  /* Only the engine's own syncs stop; one a person asked for runs on and
   * fails by itself if the network really is gone. */
  if (self->run_cancellable != NULL && self->waiters->len == 0)
    g_cancellable_cancel (self->run_cancellable);
}

static void
evaluate_online (PlumbSyncEngine *self)
{
  g_autoptr(GSocketConnectable) host = NULL;
  const char *api_url = plumb_session_get_api_url (plumb_account_get_session (self->account));

  if (self->reach_cancellable != NULL)
    {
      g_cancellable_cancel (self->reach_cancellable);
      g_clear_object (&self->reach_cancellable);
    }
  if (!g_network_monitor_get_network_available (self->monitor))
    {
      go_offline (self);
      return;
    }
  host = g_network_address_parse_uri (api_url, 443, NULL);
  if (host == NULL)
    {
      plumb_sync_engine_set_online (self, TRUE);
      plumb_sync_engine_schedule (self, 0);
      return;
    }
  self->reach_cancellable = g_cancellable_new ();
  g_network_monitor_can_reach_async (self->monitor, host, self->reach_cancellable, reach_cb, self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    PlumbSyncEngine *self)
{
  evaluate_online (self);
}

static void
signed_in_cb (PlumbAccount    *account,
              GParamSpec      *pspec,
              PlumbSyncEngine *self)
{
  if (plumb_account_get_signed_in (account))
    plumb_sync_engine_schedule (self, 0);
  else if (self->run_cancellable != NULL && self->waiters->len == 0)
    g_cancellable_cancel (self->run_cancellable);
}

void
plumb_sync_engine_start (PlumbSyncEngine *self)
{
  g_return_if_fail (PLUMB_IS_SYNC_ENGINE (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->failures = 0;
  self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                               G_CALLBACK (network_changed_cb), self);
  self->signed_in_id = g_signal_connect (self->account, "notify::signed-in",
                                         G_CALLBACK (signed_in_cb), self);
  evaluate_online (self);
}

void
plumb_sync_engine_stop (PlumbSyncEngine *self)
{
  g_return_if_fail (PLUMB_IS_SYNC_ENGINE (self));

  if (!self->started)
    return;
  self->started = FALSE;
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_signal_handler (&self->signed_in_id, self->account);
  if (self->reach_cancellable != NULL)
    {
      g_cancellable_cancel (self->reach_cancellable);
      g_clear_object (&self->reach_cancellable);
    }
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->run_cancellable != NULL && self->waiters->len == 0)
    g_cancellable_cancel (self->run_cancellable);
}


void
plumb_sync_engine_changed (PlumbSyncEngine *self)
{
  if (!plumb_sync_engine_may_run (self))
    return;
  if (self->run_cancellable != NULL)
    self->run_again = TRUE;
  else
    plumb_sync_engine_schedule (self, 0);
}
