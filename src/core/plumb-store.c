/* plumb-store.c: the offline store, its worker thread and its connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the store is built, and why:
 *
 * - One SQLite database per account and environment, at
 *   $XDG_DATA_HOME/plumbline/<environment>/<account>/store.sqlite3 where
 *   <environment> is the nick of a known Procore environment, "embedded-sandbox"
 *   for any loopback server (its port changes from run to run) or the host
 *   name (and port) of a custom server. A --data-dir replaces
 *   $XDG_DATA_HOME/plumbline; the directory snapshots' files lie beside it
 *   (store.sqlite3-users-<company>-<generation>). Nothing secret is ever
 *   written here: tokens and passwords live in libsecret.
 *
 * - One connection, opened and used only by the store's own worker thread.
 *   Callers hand it jobs through a queue; the _async forms return through
 *   GTask in the caller's main context, the blocking forms wait on a
 *   condition variable. Jobs run one at a time in the order they were
 *   queued, so an outbox operation queued before another is committed
 *   before it.
 *
 * - WAL journal. Cached server data commits with synchronous=NORMAL (it
 *   survives a crash of the program, and can be fetched again after a power
 *   cut); the outbox commits with synchronous=FULL, so an operation is on
 *   disk before the caller hears "saved".
 *
 * - A company's directory is the pages of its last full load, kept as the
 *   server sent them in a file beside the database with their index here
 *   (plumb-store-snapshot.c), and over them the people changed since,
 *   kept twice over: `users` holds the columns the directory lists, sorts,
 *   searches and filters on, `user_json` the whole object the API gave.
 *   Writing 100,000 people a row or two each cost ten times their
 *   download; the pages cost little more than the download itself. Readers
 *   merge the two: a row of `users` shadows the person's entry on a page,
 *   and `users_gone` hides those removed since. `users` has no index but
 *   its key (company, id): indexes on names or emails doubled the time of
 *   a bulk upsert, while a sort or a search over 100,000 people takes a
 *   tenth of a second. `search_text` is name, email, job title and vendor
 *   folded to lower case without accents (plumb-store-search.c); a search
 *   matches when every word appears there.
 *
 * - The outbox (plumb-outbox*.c) lives in the same database. Its row id is
 *   the order; changes to one person go out one after the other, and an
 *   edit that meets a conflict keeps only the conflicting fields (the rest
 *   went through) until the person chooses, field by field.
 *
 * - Every statement is prepared once and kept (the SQL text is a constant;
 *   values are always bound). Every write is one transaction.
 *
 * - The schema has a version (PRAGMA user_version) and a migration step per
 *   version in plumb-store-schema.c. A new database runs every step from 0,
 *   so a migrated database and a new one end with the same schema.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "plumb-environment.h"
#include "plumb-error.h"
#include "plumb-store-private.h"

struct _PlumbStoreDb
{
  char       *path;
  sqlite3    *handle;
  GHashTable *statements;
  int         synchronous;   /* the PRAGMA synchronous now in force, -1 unknown */
};

struct _PlumbStore
{
  GObject      parent_instance;

  char        *path;
  GThread     *thread;
  GAsyncQueue *queue;
};

G_DEFINE_FINAL_TYPE (PlumbStore, plumb_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Tells the worker thread to close the database and end. */
static PlumbStoreJob quit_job;

static void
plumb_store_db_free (PlumbStoreDb *db)
{
  g_clear_pointer (&db->statements, g_hash_table_unref);
  if (db->handle != NULL)
    sqlite3_close (db->handle);
  g_free (db->path);
  g_free (db);
}

static gboolean
open_func (PlumbStoreDb   *db,
           PlumbStoreJob  *job,
           GError        **error)
{
  g_autofree char *dir = g_path_get_dirname (db->path);
  sqlite3 *handle = NULL;
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                   _("Could not create the folder “%s” for the offline copy: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (db->path, &handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                   _("Could not open the offline copy “%s”: %s"),
                   db->path, handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
      sqlite3_close (handle);
      return FALSE;
    }

  sqlite3_busy_timeout (handle, 5000);
  sqlite3_extended_result_codes (handle, 1);
  plumb_store_register_functions (handle);

  if (sqlite3_exec (handle,
                    "PRAGMA journal_mode = WAL;"
                    "PRAGMA synchronous = NORMAL;"
                    "PRAGMA foreign_keys = ON;"
                    "PRAGMA temp_store = MEMORY;"
                    /* A directory of 100,000 people is about 40 MB with its
                     * indexes: a cache of that order keeps bulk upserts and
                     * searches out of read(2). */
                    "PRAGMA cache_size = -32768;"
                    "PRAGMA mmap_size = 268435456;",
                    NULL, NULL, NULL) != SQLITE_OK ||
      !plumb_store_schema_migrate (handle, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                     _("Could not open the offline copy “%s”: %s"),
                     db->path, sqlite3_errmsg (handle));
      sqlite3_close (handle);
      return FALSE;
    }

  db->handle = handle;
  db->synchronous = 1;

  return TRUE;
}

static void
run_job (PlumbStoreDb   *db,
         PlumbStoreJob  *job,
         GError        **error,
         gboolean       *ok)
{
  if (db->handle == NULL && job->func != open_func)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                           _("The offline copy is not open."));
      *ok = FALSE;
      return;
    }

  *ok = job->func (db, job, error);
}

static gboolean
unref_task (gpointer data)
{
  g_object_unref (data);

  return G_SOURCE_REMOVE;
}

/* The job's input (JSON from json-glib, whose reference counts are not
 * atomic) must be freed on the caller's thread, so the worker's reference
 * to the task goes back there instead of ending here. */
static void
release_task (GTask *task)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, unref_task, task, NULL);
  g_source_set_static_name (source, "[plumb-store] release task");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static gpointer
worker_main (gpointer data)
{
  gpointer *pair = data;
  PlumbStoreDb *db = pair[0];
  GAsyncQueue *queue = pair[1];

  g_free (pair);

  for (;;)
    {
      PlumbStoreJob *job = g_async_queue_pop (queue);

      if (job == &quit_job)
        break;

      if (job->task != NULL)
        {
          GTask *task = job->task;
          GError *error = NULL;
          gboolean ok;

          if (g_task_return_error_if_cancelled (task))
            {
              release_task (task);
              continue;
            }

          run_job (db, job, &error, &ok);
          if (ok)
            g_task_return_boolean (task, TRUE);
          else
            g_task_return_error (task, error);

          release_task (task);
        }
      else
        {
          gboolean ok;

          run_job (db, job, &job->error, &ok);

          g_mutex_lock (&job->mutex);
          job->ok = ok;
          job->done = TRUE;
          g_cond_signal (&job->cond);
          g_mutex_unlock (&job->mutex);
        }
    }

  plumb_store_db_free (db);
  g_async_queue_unref (queue);

  return NULL;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
plumb_store_constructed (GObject *object)
{
  PlumbStore *self = PLUMB_STORE (object);
  PlumbStoreDb *db;
  gpointer *pair;

  G_OBJECT_CLASS (plumb_store_parent_class)->constructed (object);

  db = g_new0 (PlumbStoreDb, 1);
  db->path = g_strdup (self->path);
  db->synchronous = -1;
  db->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);

  self->queue = g_async_queue_new ();

  pair = g_new (gpointer, 2);
  pair[0] = db;
  pair[1] = g_async_queue_ref (self->queue);

  self->thread = g_thread_new ("plumb-store", worker_main, pair);
}

static void
plumb_store_finalize (GObject *object)
{
  PlumbStore *self = PLUMB_STORE (object);

  g_async_queue_push (self->queue, &quit_job);

  /* The last reference can only go on the worker thread if a job held it;
   * the thread then ends by itself after that job. */
  if (g_thread_self () != self->thread)
    g_thread_join (self->thread);
  else
    g_thread_unref (self->thread);

  g_async_queue_unref (self->queue);
  g_free (self->path);

  G_OBJECT_CLASS (plumb_store_parent_class)->finalize (object);
}

static void
plumb_store_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PlumbStore *self = PLUMB_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_store_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PlumbStore *self = PLUMB_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_store_class_init (PlumbStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = plumb_store_constructed;
  object_class->finalize = plumb_store_finalize;
  object_class->get_property = plumb_store_get_property;
  object_class->set_property = plumb_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plumb_store_init (PlumbStore *self)
{
}

const char *
plumb_store_get_path (PlumbStore *self)
{
  g_return_val_if_fail (PLUMB_IS_STORE (self), NULL);

  return self->path;
}

PlumbStoreJob *
plumb_store_job_new (PlumbStoreJobFunc func,
                     gpointer          in,
                     GDestroyNotify    in_free)
{
  PlumbStoreJob *job = g_new0 (PlumbStoreJob, 1);

  job->func = func;
  job->in = in;
  job->in_free = in_free;
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);

  return job;
}

void
plumb_store_job_free (PlumbStoreJob *job)
{
  if (job == NULL)
    return;

  if (job->in_free != NULL && job->in != NULL)
    job->in_free (job->in);
  if (job->out_free != NULL && job->out != NULL)
    job->out_free (job->out);
  g_clear_error (&job->error);
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_free (job);
}

void
plumb_store_run_async (PlumbStore          *self,
                       PlumbStoreJob       *job,
                       gpointer             source_tag,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PLUMB_IS_STORE (self));
  g_return_if_fail (job != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* A write that went through must be reported as done even if the caller
   * cancelled meanwhile; cancelling only stops jobs not yet started. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) plumb_store_job_free);
  job->task = task;

  g_async_queue_push (self->queue, job);
}

PlumbStoreJob *
plumb_store_run_finish (PlumbStore    *self,
                        GAsyncResult  *result,
                        gpointer       source_tag,
                        GError       **error)
{
  g_return_val_if_fail (PLUMB_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  return g_task_get_task_data (G_TASK (result));
}

gboolean
plumb_store_run_sync (PlumbStore     *self,
                      PlumbStoreJob  *job,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_return_val_if_fail (PLUMB_IS_STORE (self), FALSE);
  g_return_val_if_fail (job != NULL && job->task == NULL, FALSE);
  g_return_val_if_fail (g_thread_self () != self->thread, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  g_async_queue_push (self->queue, job);

  g_mutex_lock (&job->mutex);
  while (!job->done)
    g_cond_wait (&job->cond, &job->mutex);
  g_mutex_unlock (&job->mutex);

  if (!job->ok)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      return FALSE;
    }

  return TRUE;
}

void
plumb_store_open_async (const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(PlumbStore) self = NULL;

  g_return_if_fail (path != NULL);

  self = g_object_new (PLUMB_TYPE_STORE, "path", path, NULL);
  plumb_store_run_async (self, plumb_store_job_new (open_func, NULL, NULL),
                         plumb_store_open_async, cancellable, callback, user_data);
}

PlumbStore *
plumb_store_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  PlumbStore *self;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  self = g_task_get_source_object (G_TASK (result));
  if (plumb_store_run_finish (self, result, plumb_store_open_async, error) == NULL)
    return NULL;

  return g_object_ref (self);
}

PlumbStore *
plumb_store_open (const char    *path,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(PlumbStore) self = NULL;
  g_autoptr(PlumbStoreJob) job = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (PLUMB_TYPE_STORE, "path", path, NULL);
  job = plumb_store_job_new (open_func, NULL, NULL);
  if (!plumb_store_run_sync (self, job, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

sqlite3 *
plumb_store_db_get_handle (PlumbStoreDb *db)
{
  return db->handle;
}

const char *
plumb_store_db_get_path (PlumbStoreDb *db)
{
  return db->path;
}

gboolean
plumb_store_db_set_error (PlumbStoreDb  *db,
                          GError       **error)
{
  int code = sqlite3_extended_errcode (db->handle);

  if ((code & 0xff) == SQLITE_FULL)
    g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                 _("The disk is full, so the offline copy could not be saved. Free some space and try again."));
  else
    g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                 _("The offline copy could not be read or saved: %s."),
                 sqlite3_errmsg (db->handle));

  return FALSE;
}

PlumbStmt *
plumb_store_db_prepare (PlumbStoreDb  *db,
                        const char    *sql,
                        GError       **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->statements, sql);

  if (stmt != NULL)
    return stmt;

  if (sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      plumb_store_db_set_error (db, error);
      return NULL;
    }

  g_hash_table_insert (db->statements, (gpointer) sql, stmt);

  return stmt;
}

void
plumb_stmt_release (PlumbStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

gboolean
plumb_store_db_step_done (PlumbStoreDb  *db,
                          PlumbStmt     *stmt,
                          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return plumb_store_db_set_error (db, error);

  return TRUE;
}

static gboolean
exec_prepared (PlumbStoreDb  *db,
               const char    *sql,
               GError       **error)
{
  g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, sql, error);

  return stmt != NULL && plumb_store_db_step_done (db, stmt, error);
}

gboolean
plumb_store_db_begin (PlumbStoreDb  *db,
                      gboolean       durable,
                      GError       **error)
{
  int wanted = durable ? 2 : 1;

  /* PRAGMA synchronous cannot change inside a transaction. */
  if (db->synchronous != wanted)
    {
      const char *sql = durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";

      if (!exec_prepared (db, sql, error))
        return FALSE;
      db->synchronous = wanted;
    }

  return exec_prepared (db, "BEGIN IMMEDIATE", error);
}

gboolean
plumb_store_db_commit (PlumbStoreDb  *db,
                       GError       **error)
{
  if (!exec_prepared (db, "COMMIT", error))
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}

void
plumb_store_db_rollback (PlumbStoreDb *db)
{
  if (!sqlite3_get_autocommit (db->handle))
    exec_prepared (db, "ROLLBACK", NULL);
}

void
plumb_stmt_bind_static (PlumbStmt  *stmt,
                        int         index,
                        const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

void
plumb_stmt_bind_text (PlumbStmt  *stmt,
                      int         index,
                      const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

const char *
plumb_stmt_column_text (PlumbStmt *stmt,
                        int        column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gboolean
path_part_is_safe (const char *part)
{
  return part != NULL && *part != '\0' && !g_str_equal (part, ".") && !g_str_equal (part, "..");
}

/* Keeps the characters a folder name can safely hold everywhere. */
static char *
path_part (const char *text)
{
  GString *part = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      char c = *p;

      if (g_ascii_isalnum (c) || c == '.' || c == '-' || c == '_' || c == '@' || c == '+')
        g_string_append_c (part, g_ascii_tolower (c));
      else
        g_string_append_c (part, '_');
    }

  return g_string_free (part, FALSE);
}

char *
plumb_store_build_path (const char  *data_dir,
                        const char  *base_url,
                        const char  *account_id,
                        GError     **error)
{
  g_autofree char *normal = NULL;
  g_autofree char *environment = NULL;
  g_autofree char *account = NULL;
  g_autofree char *root = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  normal = plumb_validate_base_url (base_url, error);
  if (normal == NULL)
    return NULL;

  for (guint i = 0; i < PLUMB_N_ENVIRONMENTS && environment == NULL; i++)
    {
      const char *api_url = plumb_environment_get_api_url (i);

      if (api_url != NULL && g_ascii_strcasecmp (api_url, normal) == 0)
        environment = g_strdup (plumb_environment_to_nick (i));
    }

  if (environment == NULL && plumb_url_is_loopback (normal))
    environment = g_strdup (plumb_environment_to_nick (PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX));

  if (environment == NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (normal, G_URI_FLAGS_NONE, NULL);
      g_autofree char *host = NULL;

      if (g_uri_get_port (uri) > 0)
        host = g_strdup_printf ("%s-%d", g_uri_get_host (uri), g_uri_get_port (uri));
      else
        host = g_strdup (g_uri_get_host (uri));

      environment = path_part (host);
    }

  account = path_part (account_id != NULL ? account_id : "");
  if (!path_part_is_safe (account) || !path_part_is_safe (environment))
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("The account has no usable name for its offline copy."));
      return NULL;
    }

  if (data_dir != NULL)
    root = g_strdup (data_dir);
  else
    root = g_build_filename (g_get_user_data_dir (), "plumbline", NULL);

  return g_build_filename (root, environment, account, "store.sqlite3", NULL);
}

G_DEFINE_BOXED_TYPE (PlumbSyncState, plumb_sync_state, plumb_sync_state_copy, plumb_sync_state_free)

PlumbSyncState *
plumb_sync_state_copy (const PlumbSyncState *state)
{
  PlumbSyncState *copy;

  g_return_val_if_fail (state != NULL, NULL);

  copy = g_new0 (PlumbSyncState, 1);
  copy->high_water = g_strdup (state->high_water);
  copy->last_full_sync = state->last_full_sync;
  copy->last_reconcile = state->last_reconcile;

  return copy;
}

void
plumb_sync_state_free (PlumbSyncState *state)
{
  if (state == NULL)
    return;

  g_free (state->high_water);
  g_free (state);
}
