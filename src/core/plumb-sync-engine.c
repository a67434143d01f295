/* plumb-sync-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine lives on one main context. A sync runs as a GTask in a worker
 * thread (see plumb-sync-private.h); one runs at a time, and a request that
 * arrives during a run is answered by the next one, so that a change
 * queued while a sync runs is never mistaken for having been pushed.
 * Automatic mode is in plumb-sync-engine-auto.c, queueing changes in
 * plumb-sync-engine-queue.c.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-error.h"
#include "plumb-sync-engine-private.h"

#define DEFAULT_POLL_SECONDS       300
#define DEFAULT_RECONCILE_SECONDS  (6 * 3600)
#define DEFAULT_RETRY_BASE_MS      2000
#define MAX_BACKOFF_MS             (15 * 60 * 1000)
/* Rounds of one sync when failures look passing (network, 5xx, 429). */
#define MAX_ROUNDS                 5


G_DEFINE_FINAL_TYPE (PlumbSyncEngine, plumb_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_STORE,
  PROP_COMPANY_ID,
  PROP_NETWORK_MONITOR,
  PROP_ONLINE,
  PROP_SYNCING,
  PROP_PROGRESS,
  PROP_PENDING_COUNT,
  PROP_CONFLICT_COUNT,
  PROP_FAILED_COUNT,
  PROP_LAST_SUCCESS,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh_counts   (PlumbSyncEngine *self);

static void
set_boolean (PlumbSyncEngine *self,
             gboolean        *field,
             gboolean         value,
             guint            prop)
{
  if (*field == !!value)
    return;
  *field = !!value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_progress (PlumbSyncEngine *self,
              double           progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_last_error (PlumbSyncEngine *self,
                const char      *text)
{
  if (g_strcmp0 (self->last_error, text) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
plumb_sync_engine_dispose (GObject *object)
{
  PlumbSyncEngine *self = PLUMB_SYNC_ENGINE (object);

  plumb_sync_engine_stop (self);
  g_cancellable_cancel (self->cancellable);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->monitor);
  g_clear_object (&self->account);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (plumb_sync_engine_parent_class)->dispose (object);
}

static void
plumb_sync_engine_finalize (GObject *object)
{
  PlumbSyncEngine *self = PLUMB_SYNC_ENGINE (object);

  g_free (self->last_error);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->next_waiters, g_ptr_array_unref);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (plumb_sync_engine_parent_class)->finalize (object);
}

static void
plumb_sync_engine_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlumbSyncEngine *self = PLUMB_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_COMPANY_ID:
      g_value_set_int64 (value, self->company_id);
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_PENDING_COUNT:
      g_value_set_int64 (value, self->pending_count);
      break;
    case PROP_CONFLICT_COUNT:
      g_value_set_uint (value, self->conflict_count);
      break;
    case PROP_FAILED_COUNT:
      g_value_set_uint (value, self->failed_count);
      break;
    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_sync_engine_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PlumbSyncEngine *self = PLUMB_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_COMPANY_ID:
      self->company_id = g_value_get_int64 (value);
      break;
    case PROP_NETWORK_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_sync_engine_constructed (GObject *object)
{
  PlumbSyncEngine *self = PLUMB_SYNC_ENGINE (object);

  G_OBJECT_CLASS (plumb_sync_engine_parent_class)->constructed (object);

  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->online = g_network_monitor_get_network_available (self->monitor);
  refresh_counts (self);
}

static void
plumb_sync_engine_class_init (PlumbSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = plumb_sync_engine_dispose;
  object_class->finalize = plumb_sync_engine_finalize;
  object_class->get_property = plumb_sync_engine_get_property;
  object_class->set_property = plumb_sync_engine_set_property;
  object_class->constructed = plumb_sync_engine_constructed;

  properties[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, PLUMB_TYPE_ACCOUNT, co);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, PLUMB_TYPE_STORE, co);
  properties[PROP_COMPANY_ID] = g_param_spec_int64 ("company-id", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_NETWORK_MONITOR] = g_param_spec_object ("network-monitor", NULL, NULL,
                                                          G_TYPE_NETWORK_MONITOR, co);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, ro);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_PENDING_COUNT] = g_param_spec_int64 ("pending-count", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CONFLICT_COUNT] = g_param_spec_uint ("conflict-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_FAILED_COUNT] = g_param_spec_uint ("failed-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_LAST_SUCCESS] = g_param_spec_int64 ("last-success", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plumb_sync_engine_init (PlumbSyncEngine *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->poll_seconds = DEFAULT_POLL_SECONDS;
  self->reconcile_seconds = DEFAULT_RECONCILE_SECONDS;
  self->retry_base_ms = DEFAULT_RETRY_BASE_MS;
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->next_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

PlumbSyncEngine *
plumb_sync_engine_new (PlumbAccount *account,
                       PlumbStore   *store,
                       gint64        company_id)
{
  return plumb_sync_engine_new_with_monitor (account, store, company_id, NULL);
}

PlumbSyncEngine *
plumb_sync_engine_new_with_monitor (PlumbAccount    *account,
                                    PlumbStore      *store,
                                    gint64           company_id,
                                    GNetworkMonitor *monitor)
{
  g_return_val_if_fail (PLUMB_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (PLUMB_IS_STORE (store), NULL);
  g_return_val_if_fail (company_id > 0, NULL);

  return g_object_new (PLUMB_TYPE_SYNC_ENGINE,
                       "account", account,
                       "store", store,
                       "company-id", company_id,
                       "network-monitor", monitor,
                       NULL);
}

gboolean
plumb_sync_engine_get_online (PlumbSyncEngine *self)
{
  g_return_val_if_fail (PLUMB_IS_SYNC_ENGINE (self), FALSE);
  return self->online;
}

gboolean
plumb_sync_engine_get_syncing (PlumbSyncEngine *self)
{
  g_return_val_if_fail (PLUMB_IS_SYNC_ENGINE (self), FALSE);
  return self->syncing;
}

double
plumb_sync_engine_get_progress (PlumbSyncEngine *self)
{
  g_return_val_if_fail (PLUMB_IS_SYNC_ENGINE (self), 0.0);
  return self->progress;
}

gint64
plumb_sync_engine_get_pending_count (PlumbSyncEngine *self)
{
  g_return_val_if_fail (PLUMB_IS_SYNC_ENGINE (self), 0);
  return self->pending_count;
}

guint
plumb_sync_engine_get_conflict_count (PlumbSyncEngine *self)
{
  g_return_val_if_fail (PLUMB_IS_SYNC_ENGINE (self), 0);
  return self->conflict_count;
}

guint
plumb_sync_engine_get_failed_count (PlumbSyncEngine *self)
{
  g_return_val_if_fail (PLUMB_IS_SYNC_ENGINE (self), 0);
  return self->failed_count;
}

gint64
plumb_sync_engine_get_last_success (PlumbSyncEngine *self)
{
  g_return_val_if_fail (PLUMB_IS_SYNC_ENGINE (self), 0);
  return self->last_success;
}

const char *
plumb_sync_engine_get_last_error (PlumbSyncEngine *self)
{
  g_return_val_if_fail (PLUMB_IS_SYNC_ENGINE (self), NULL);
  return self->last_error;
}

gint64
plumb_sync_engine_get_clock_offset (PlumbSyncEngine *self)
{
  g_return_val_if_fail (PLUMB_IS_SYNC_ENGINE (self), 0);
  return self->clock_offset;
}

void
plumb_sync_engine_set_clock_offset (PlumbSyncEngine *self,
                                    gint64           offset)
{
  g_return_if_fail (PLUMB_IS_SYNC_ENGINE (self));
  self->clock_offset = offset;
}

gint64
plumb_sync_engine_get_company_id (PlumbSyncEngine *self)
{
  g_return_val_if_fail (PLUMB_IS_SYNC_ENGINE (self), 0);
  return self->company_id;
}

void
plumb_sync_engine_set_timing (PlumbSyncEngine *self,
                              guint            poll_seconds,
                              guint            reconcile_seconds,
                              guint            retry_base_ms)
{
  g_return_if_fail (PLUMB_IS_SYNC_ENGINE (self));

  self->poll_seconds = MAX (poll_seconds, 1);
  self->reconcile_seconds = reconcile_seconds;
  self->retry_base_ms = MAX (retry_base_ms, 1);
}

/* Counts */

/* Answers a queued change's task once the counts include it. */
typedef struct
{
  PlumbSyncEngine *engine;
  GTask           *task;
  gint64           value;
} CountsJob;

static void
counts_job_finish (CountsJob *job)
{
  if (job->task != NULL)
    {
      g_task_return_int (job->task, job->value);
      g_object_unref (job->task);
    }
  g_object_unref (job->engine);
  g_free (job);
}

static void apply_counts (PlumbSyncEngine *self,
                          GPtrArray       *ops);

static void
counts_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CountsJob *job = user_data;
  g_autoptr(GPtrArray) ops = plumb_outbox_list_finish (PLUMB_STORE (source), result, NULL);

  if (ops != NULL)
    apply_counts (job->engine, ops);
  counts_job_finish (job);
}

static void
apply_counts (PlumbSyncEngine *self,
              GPtrArray       *ops)
{
  gint64 pending = 0;
  guint conflicts = 0;
  guint failed = 0;

  for (guint i = 0; i < ops->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (ops, i);

      if (op->state == PLUMB_OUTBOX_PENDING || op->state == PLUMB_OUTBOX_IN_FLIGHT)
        pending++;
      else if (op->state == PLUMB_OUTBOX_CONFLICT)
        conflicts++;
      else if (op->state == PLUMB_OUTBOX_FAILED)
        failed++;
    }
  if (self->pending_count != pending)
    {
      self->pending_count = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
    }
  if (self->conflict_count != conflicts)
    {
      self->conflict_count = conflicts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICT_COUNT]);
    }
  if (self->failed_count != failed)
    {
      self->failed_count = failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_COUNT]);
    }
}

void
plumb_sync_engine_refresh_counts (PlumbSyncEngine *self,
                                  GTask           *task,
                                  gint64           value)
{
  CountsJob *job = g_new0 (CountsJob, 1);

  job->engine = g_object_ref (self);
  job->task = task;
  job->value = value;
  plumb_outbox_list_async (self->store, FALSE, NULL, counts_cb, job);
}

static void
refresh_counts (PlumbSyncEngine *self)
{
  plumb_sync_engine_refresh_counts (self, NULL, 0);
}

/**
 * plumb_sync_engine_outbox_changed:
 *
 * Tells the engine that something else wrote to its outbox (the profile
 * page queues through the store, for all companies at once): the counts
 * are read again, so the header says what waits.
 */
void
plumb_sync_engine_outbox_changed (PlumbSyncEngine *self)
{
  g_return_if_fail (PLUMB_IS_SYNC_ENGINE (self));

  refresh_counts (self);
}

/* The worker */

typedef struct
{
  PlumbSyncEngine *engine;
  double           progress;
} ProgressReport;

static gboolean
progress_cb (gpointer data)
{
  ProgressReport *report = data;

  if (report->engine->syncing)
    set_progress (report->engine, report->progress);
  return G_SOURCE_REMOVE;
}

static void
progress_report_free (gpointer data)
{
  ProgressReport *report = data;

  g_object_unref (report->engine);
  g_free (report);
}

void
plumb_sync_progress (PlumbSyncRun *run,
                     double        progress)
{
  ProgressReport *report = g_new0 (ProgressReport, 1);

  report->engine = g_object_ref (run->engine);
  report->progress = CLAMP (progress, 0.0, 1.0);
  g_main_context_invoke_full (run->main_context, G_PRIORITY_DEFAULT, progress_cb, report,
                              progress_report_free);
}

static void
sync_run_free (PlumbSyncRun *run)
{
  g_clear_object (&run->session);
  g_clear_object (&run->store);
  g_clear_pointer (&run->main_context, g_main_context_unref);
  g_clear_pointer (&run->worker_context, g_main_context_unref);
  g_clear_object (&run->cancellable);
  g_clear_object ((PlumbSyncEngine **) &run->engine);
  g_free (run);
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
pause_worker (PlumbSyncRun *run,
              guint         delay_ms)
{
  gboolean woken = FALSE;
  GSource *source = g_timeout_source_new (delay_ms);

  g_source_set_callback (source, set_flag_cb, &woken, NULL);
  g_source_attach (source, run->worker_context);
  while (!woken && !g_cancellable_is_cancelled (run->cancellable))
    g_main_context_iteration (run->worker_context, TRUE);
  g_source_destroy (source);
  g_source_unref (source);
}

static gboolean
run_round (PlumbSyncRun  *run,
           GError       **error)
{
  g_autoptr(JsonObject) own = NULL;
  g_autoptr(JsonObject) own_base = NULL;

  if (plumb_store_get_own_record (run->store, run->company_id, &own, &own_base, run->cancellable, NULL) &&
      own != NULL)
    run->own_user_id = json_object_get_int_member_with_default (own, "id", 0);

  plumb_sync_progress (run, 0.0);
  if (!plumb_sync_recover (run, error))
    return FALSE;
  if (!plumb_sync_push (run, error))
    return FALSE;
  plumb_sync_progress (run, 0.1);
  return plumb_sync_pull (run, error);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PlumbSyncRun *run = task_data;
  PlumbSyncEngine *engine = run->engine;
  g_autoptr(GError) error = NULL;
  guint delay = engine->retry_base_ms;

  g_main_context_push_thread_default (run->worker_context);
  for (guint round = 1;; round++)
    {
      g_clear_error (&error);
      if (run_round (run, &error))
        break;
      /* The session already retried an unreachable host; another round
       * would only make a person wait longer for the same answer. */
      if (!plumb_sync_error_is_transient (error) || g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_NETWORK) ||
          round >= MAX_ROUNDS ||
          g_cancellable_is_cancelled (run->cancellable))
        break;
      g_debug ("sync round %u failed (%s); again in %u ms", round, error->message, delay);
      pause_worker (run, delay / 2 + g_random_int_range (0, (gint32) delay / 2 + 1));
      delay = MIN (delay * 2, 30000);
    }
  /* Let what the store still has to answer on this context arrive. */
  while (g_main_context_iteration (run->worker_context, FALSE))
    ;
  g_main_context_pop_thread_default (run->worker_context);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
complete_waiters (GPtrArray    *waiters,
                  const GError *error)
{
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_ptr_array_set_size (waiters, 0);
}

static guint
backoff_delay (PlumbSyncEngine *self)
{
  guint64 ceiling = (guint64) self->retry_base_ms << MIN (self->failures, 16);

  ceiling = MIN (ceiling, MAX_BACKOFF_MS);
  /* Half fixed, half random, so clients that failed together spread out. */
  return (guint) (ceiling / 2 + (guint64) g_random_int_range (0, (gint32) (ceiling / 2) + 1));
}

/* The run's end, once the counts say what is left. */
static void
run_counted_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) ops = plumb_outbox_list_finish (PLUMB_STORE (source), result, NULL);
  g_autoptr(GError) error = NULL;
  gboolean cancelled;

  g_task_propagate_boolean (task, &error);
  cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (ops != NULL)
    apply_counts (self, ops);

  g_clear_object (&self->run_cancellable);
  complete_waiters (self->waiters, error);
  set_progress (self, error == NULL ? 1.0 : self->progress);

  if (self->next_waiters->len > 0 || self->run_again)
    {
      GPtrArray *swap = self->waiters;

      self->waiters = self->next_waiters;
      self->next_waiters = swap;
      self->run_again = FALSE;
      plumb_sync_engine_start_run (self);
      return;
    }

  set_boolean (self, &self->syncing, FALSE, PROP_SYNCING);
  if (self->started && !cancelled)
    plumb_sync_engine_schedule (self, error == NULL ? self->poll_seconds * 1000 : backoff_delay (self));
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PlumbSyncEngine *self = PLUMB_SYNC_ENGINE (source);
  PlumbSyncRun *run = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GTask *outcome;

  g_task_propagate_boolean (G_TASK (result), &error);
  g_debug ("sync %p of company %" G_GINT64_FORMAT " ended: %s", (gpointer) self, self->company_id,
           error != NULL ? error->message : "done");

  if (run->clock_known)
    self->clock_offset = run->clock_offset;

  if (error == NULL)
    {
      self->failures = 0;
      self->last_success = g_get_real_time () / G_USEC_PER_SEC;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS]);
      set_last_error (self, NULL);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->failures++;
      set_last_error (self, error->message);
    }
  else if (!self->online)
    set_last_error (self, _("Offline. Changes are kept and will be sent when the connection is back."));

  /* Carries the outcome to run_counted_cb. */
  outcome = g_task_new (self, NULL, NULL, NULL);
  if (error != NULL)
    g_task_return_error (outcome, g_steal_pointer (&error));
  else
    g_task_return_boolean (outcome, TRUE);
  plumb_outbox_list_async (self->store, FALSE, NULL, run_counted_cb, outcome);
}

void
plumb_sync_engine_start_run (PlumbSyncEngine *self)
{
  g_autoptr(GTask) task = NULL;
  PlumbSyncRun *run = g_new0 (PlumbSyncRun, 1);
  gboolean explicit = self->waiters->len > 0;

  self->run_cancellable = g_cancellable_new ();

  run->engine = g_object_ref (self);
  run->session = g_object_ref (plumb_account_get_session (self->account));
  run->store = g_object_ref (self->store);
  run->company_id = self->company_id;
  run->main_context = g_main_context_ref (self->context);
  run->worker_context = g_main_context_new ();
  run->cancellable = g_object_ref (self->run_cancellable);
  run->reconcile_seconds = self->reconcile_seconds;
  run->clock_offset = self->clock_offset;
  run->rate_remaining = -1;
  /* A person who asks for a sync wants every change tried now, whatever
   * backoff an earlier failure set; the automatic syncs respect it. */
  run->now_for_queue = explicit ? G_MAXINT64 / 2 : g_get_real_time () / G_USEC_PER_SEC;

  g_debug ("sync %p of company %" G_GINT64_FORMAT " starts (%s)", (gpointer) self, self->company_id,
           explicit ? "asked for" : "automatic");
  set_boolean (self, &self->syncing, TRUE, PROP_SYNCING);
  set_progress (self, 0.0);

  task = g_task_new (self, run->cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, plumb_sync_engine_start_run);
  g_task_set_task_data (task, run, (GDestroyNotify) sync_run_free);
  /* The round checks cancellation itself and answers with what it did. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_in_thread);
}

static void
waiter_cancelled_cb (GCancellable    *cancellable,
                     PlumbSyncEngine *self)
{
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

void
plumb_sync_engine_sync_now_async (PlumbSyncEngine     *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PLUMB_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_sync_engine_sync_now_async);
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (waiter_cancelled_cb), self, 0);

  if (self->run_cancellable != NULL)
    {
      g_ptr_array_add (self->next_waiters, task);
      return;
    }
  g_ptr_array_add (self->waiters, task);
  plumb_sync_engine_start_run (self);
}

gboolean
plumb_sync_engine_sync_now_finish (PlumbSyncEngine  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
plumb_sync_engine_set_online (PlumbSyncEngine *self,
                              gboolean         online)
{
  set_boolean (self, &self->online, online, PROP_ONLINE);
}
