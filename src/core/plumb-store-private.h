/* plumb-store-private.h: what the store's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "plumb-store.h"
#include "plumb-store-records.h"

G_BEGIN_DECLS

/* The schema version this code writes. Every version below it has a step in
 * plumb-store-schema.c that brings a database one version further. */
#define PLUMB_STORE_SCHEMA_VERSION 4

/* The connection and its prepared statements. It lives on the worker thread
 * and only jobs running there ever see it. */
typedef struct _PlumbStoreDb PlumbStoreDb;

typedef struct _PlumbStoreJob PlumbStoreJob;

typedef gboolean (*PlumbStoreJobFunc) (PlumbStoreDb   *db,
                                       PlumbStoreJob  *job,
                                       GError        **error);

/* One unit of work for the worker thread. A job function reads `in` and
 * leaves its answer in `out` (freed with `out_free` unless stolen) or
 * `out_int`. */
struct _PlumbStoreJob
{
  PlumbStoreJobFunc  func;
  gpointer           in;
  GDestroyNotify     in_free;
  gpointer           out;
  GDestroyNotify     out_free;
  gint64             out_int;
  gint64             out_int2;

  /* Filled by the store. */
  GTask             *task;
  GMutex             mutex;
  GCond              cond;
  gboolean           done;
  gboolean           ok;
  GError            *error;
};

PlumbStoreJob *plumb_store_job_new    (PlumbStoreJobFunc  func,
                                       gpointer           in,
                                       GDestroyNotify     in_free);
void           plumb_store_job_free   (PlumbStoreJob     *job);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbStoreJob, plumb_store_job_free)

/* Runs `job` on the worker thread. The async form takes the job; the sync
 * form blocks the calling thread (never the UI thread) and leaves the job
 * to the caller. run_finish returns the job, owned by the result. */
void           plumb_store_run_async  (PlumbStore          *self,
                                       PlumbStoreJob       *job,
                                       gpointer             source_tag,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
PlumbStoreJob *plumb_store_run_finish (PlumbStore          *self,
                                       GAsyncResult        *result,
                                       gpointer             source_tag,
                                       GError             **error);
gboolean       plumb_store_run_sync   (PlumbStore          *self,
                                       PlumbStoreJob       *job,
                                       GCancellable        *cancellable,
                                       GError             **error);

/* A prepared statement borrowed from the cache; releasing it resets it so
 * that no read transaction stays open behind the caller's back. */
typedef sqlite3_stmt PlumbStmt;

PlumbStmt     *plumb_store_db_prepare     (PlumbStoreDb  *db,
                                           const char    *sql,
                                           GError       **error);
void           plumb_stmt_release         (PlumbStmt     *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbStmt, plumb_stmt_release)

sqlite3       *plumb_store_db_get_handle  (PlumbStoreDb  *db);
const char    *plumb_store_db_get_path    (PlumbStoreDb  *db);

/* Transactions. `durable` asks SQLite to fsync the commit (the outbox);
 * cached server data, which can be fetched again, commits without it. */
gboolean       plumb_store_db_begin       (PlumbStoreDb  *db,
                                           gboolean       durable,
                                           GError       **error);
gboolean       plumb_store_db_commit      (PlumbStoreDb  *db,
                                           GError       **error);
void           plumb_store_db_rollback    (PlumbStoreDb  *db);

/* Sets `error` from the connection's last failure. Always returns FALSE. */
gboolean       plumb_store_db_set_error   (PlumbStoreDb  *db,
                                           GError       **error);

/* Steps a statement that returns no rows. */
gboolean       plumb_store_db_step_done   (PlumbStoreDb  *db,
                                           PlumbStmt     *stmt,
                                           GError       **error);

/* Binding helpers: NULL binds SQL NULL. The static form keeps a pointer
 * to text that must outlive the statement's next reset. */
void           plumb_stmt_bind_text       (PlumbStmt     *stmt,
                                           int            index,
                                           const char    *text);
void           plumb_stmt_bind_static     (PlumbStmt     *stmt,
                                           int            index,
                                           const char    *text);
const char    *plumb_stmt_column_text     (PlumbStmt     *stmt,
                                           int            column);

/* Schema (plumb-store-schema.c). */
gboolean       plumb_store_schema_migrate (sqlite3       *handle,
                                           GError       **error);
void           plumb_store_register_functions (sqlite3   *handle);

/* Search (plumb-store-search.c): the folded text a user is found by, and
 * whether every word of a folded needle appears in it. */
char          *plumb_store_search_text    (const char    *name,
                                           const char    *email,
                                           const char    *job_title,
                                           const char    *vendor_name);
gboolean       plumb_store_search_matches (const char    *haystack,
                                           const char    *needle);

/* Writes one person to `users` (plumb-store-records.c). */
gboolean       plumb_store_db_upsert_record (PlumbStoreDb           *db,
                                             gint64                  company_id,
                                             const PlumbUserRecord  *record,
                                             GError                **error);

/* Snapshots of a company's directory (plumb-store-snapshot.c): the pages
 * of its last full load, shadowed by the rows of `users` and `users_gone`.
 * The generation in force, 0 for none (everyone is in `users`), -1 on
 * failure. */
gint64         plumb_store_db_snapshot_generation (PlumbStoreDb   *db,
                                                   gint64          company_id,
                                                   GError        **error);
/* The people of the snapshot that nothing shadows, as rows or ids. */
gboolean       plumb_store_db_add_snapshot_rows   (PlumbStoreDb   *db,
                                                   gint64          company_id,
                                                   gint64          generation,
                                                   PlumbUserRows  *rows,
                                                   GError        **error);
gboolean       plumb_store_db_add_snapshot_ids    (PlumbStoreDb   *db,
                                                   gint64          company_id,
                                                   gint64          generation,
                                                   GArray         *ids,
                                                   GError        **error);
/* The text of one person's object on the snapshot; NULL (and no error)
 * when they are not there or were removed since. */
char          *plumb_store_db_snapshot_user_json  (PlumbStoreDb   *db,
                                                   gint64          company_id,
                                                   gint64          generation,
                                                   gint64          user_id,
                                                   GError        **error);
/* 1 if the company has people in `users_gone`, 0 if not, -1 on failure. */
int            plumb_store_db_has_hidden          (PlumbStoreDb   *db,
                                                   gint64          company_id,
                                                   GError        **error);
gboolean       plumb_store_db_hide                (PlumbStoreDb   *db,
                                                   gint64          company_id,
                                                   gint64          user_id,
                                                   GError        **error);
gboolean       plumb_store_db_unhide              (PlumbStoreDb   *db,
                                                   gint64          company_id,
                                                   gint64          user_id,
                                                   GError        **error);

/* JSON text helpers shared by the store's files (plumb-store-json.c). */
void           plumb_store_json_append    (GString       *out,
                                           JsonNode      *node);
char          *plumb_store_json_to_text   (JsonNode      *node);
JsonNode      *plumb_store_json_from_text (const char    *text,
                                           GError       **error);

G_END_DECLS
