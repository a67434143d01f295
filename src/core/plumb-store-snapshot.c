/* plumb-store-snapshot.c: a company's directory as the pages the server sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A first sync, and each reconciliation, loads a company's whole directory.
 * Written a row or two per person it cost ten times the download, so a full
 * load keeps each page of the server's list as it came, compressed, with
 * the id and place of every person on it (`user_pages`). The load writes a
 * new generation of pages beside the current one and makes it current in
 * one transaction at the end, which also drops what changed before it (the
 * rows of `users` and `users_gone`): a load that stops halfway leaves the
 * old directory whole, and the next one clears its pages away.
 *
 * Between full loads, deltas and single changes go to `users` as before;
 * a row there shadows the person's entry on a page, and `users_gone` hides
 * people removed since. Someone on two pages of one load (they moved from
 * the active list to the inactive one while it ran) is read from the
 * later page, the way the rows used to be written over: the commit puts
 * that entry in `users`.
 *
 * An entry of `ids` is 16 bytes, little-endian: the id (64 bits), then the
 * offset and the length of the person's object in the page's text (32
 * bits each).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <zstd.h>

#include "plumb-error.h"
#include "plumb-store-private.h"
#include "plumb-user-page.h"

#define ENTRY_SIZE 16

struct _PlumbIdSet
{
  gint64   *keys;
  guint8   *used;
  gsize     mask;
  gsize     n;
};

static inline gsize
id_hash (gint64 id)
{
  return (gsize) (((guint64) id * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 20);
}

PlumbIdSet *
plumb_id_set_new (gsize expected)
{
  PlumbIdSet *set = g_new0 (PlumbIdSet, 1);
  gsize size = 64;

  while (size < expected * 2)
    size *= 2;
  set->keys = g_new (gint64, size);
  set->used = g_new0 (guint8, size);
  set->mask = size - 1;
  return set;
}

void
plumb_id_set_free (PlumbIdSet *set)
{
  if (set == NULL)
    return;
  g_free (set->keys);
  g_free (set->used);
  g_free (set);
}

static void
id_set_grow (PlumbIdSet *set)
{
  gint64 *keys = set->keys;
  guint8 *used = set->used;
  gsize old_size = set->mask + 1;

  set->keys = g_new (gint64, old_size * 2);
  set->used = g_new0 (guint8, old_size * 2);
  set->mask = old_size * 2 - 1;
  set->n = 0;
  for (gsize i = 0; i < old_size; i++)
    if (used[i])
      plumb_id_set_add (set, keys[i]);
  g_free (keys);
  g_free (used);
}

gboolean
plumb_id_set_add (PlumbIdSet *set,
                  gint64      id)
{
  gsize i;

  if ((set->n + 1) * 2 > set->mask + 1)
    id_set_grow (set);
  for (i = id_hash (id) & set->mask; set->used[i]; i = (i + 1) & set->mask)
    if (set->keys[i] == id)
      return FALSE;
  set->used[i] = 1;
  set->keys[i] = id;
  set->n++;
  return TRUE;
}

gboolean
plumb_id_set_contains (PlumbIdSet *set,
                       gint64      id)
{
  if (set == NULL || set->n == 0)
    return FALSE;
  for (gsize i = id_hash (id) & set->mask; set->used[i]; i = (i + 1) & set->mask)
    if (set->keys[i] == id)
      return TRUE;
  return FALSE;
}

gsize
plumb_id_set_size (PlumbIdSet *set)
{
  return set != NULL ? set->n : 0;
}

void
plumb_snapshot_entry_read (const guint8     *entries,
                           guint             index,
                           PlumbSnapshotEntry *entry)
{
  const guint8 *at = entries + (gsize) index * ENTRY_SIZE;
  guint64 id;
  guint32 offset, length;

  memcpy (&id, at, 8);
  memcpy (&offset, at + 8, 4);
  memcpy (&length, at + 12, 4);
  entry->id = (gint64) GUINT64_FROM_LE (id);
  entry->offset = GUINT32_FROM_LE (offset);
  entry->length = GUINT32_FROM_LE (length);
}

static gboolean
damaged (GError **error)
{
  g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                       _("The offline copy of the directory is damaged. Sync again to restore it."));
  return FALSE;
}

gint64
plumb_store_db_snapshot_generation (PlumbStoreDb  *db,
                                    gint64         company_id,
                                    GError       **error)
{
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db, "SELECT generation FROM user_snapshots WHERE company_id = ?1", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, company_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      plumb_store_db_set_error (db, error);
      return -1;
    }
  return 0;
}

gboolean
plumb_store_db_foreach_page (PlumbStoreDb          *db,
                             gint64                 company_id,
                             gint64                 generation,
                             gboolean               with_text,
                             PlumbSnapshotPageFunc  func,
                             gpointer               user_data,
                             GError               **error)
{
  /* The text comes last in a row, so a read of the ids stops before it. */
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            with_text
                            ? "SELECT seq, n, ids, size, text FROM user_pages"
                              " WHERE company_id = ?1 AND generation = ?2 ORDER BY seq"
                            : "SELECT seq, n, ids FROM user_pages"
                              " WHERE company_id = ?1 AND generation = ?2 ORDER BY seq",
                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, company_id);
  sqlite3_bind_int64 (stmt, 2, generation);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlumbSnapshotPage page = { 0 };

      page.seq = sqlite3_column_int64 (stmt, 0);
      page.n = (guint) sqlite3_column_int (stmt, 1);
      page.entries = sqlite3_column_blob (stmt, 2);
      if ((gsize) sqlite3_column_bytes (stmt, 2) != (gsize) page.n * ENTRY_SIZE)
        return damaged (error);
      if (with_text)
        {
          page.size = (gsize) sqlite3_column_int64 (stmt, 3);
          page.packed = sqlite3_column_blob (stmt, 4);
          page.packed_len = (gsize) sqlite3_column_bytes (stmt, 4);
        }
      if (!func (db, &page, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);
  return TRUE;
}

GBytes *
plumb_store_db_page_text (PlumbStoreDb             *db,
                          const PlumbSnapshotPage  *page,
                          GError                  **error)
{
  return plumb_store_db_decompress (db, page->packed, page->packed_len, page->size, error);
}

/* The whole text of one page, found by its place in the snapshot. */
GBytes *
plumb_store_db_page_text_at (PlumbStoreDb  *db,
                             gint64         company_id,
                             gint64         generation,
                             gint64         seq,
                             GError       **error)
{
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "SELECT size, text FROM user_pages"
                            " WHERE company_id = ?1 AND generation = ?2 AND seq = ?3",
                            error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, company_id);
  sqlite3_bind_int64 (stmt, 2, generation);
  sqlite3_bind_int64 (stmt, 3, seq);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      damaged (error);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      plumb_store_db_set_error (db, error);
      return NULL;
    }
  return plumb_store_db_decompress (db, sqlite3_column_blob (stmt, 1), (gsize) sqlite3_column_bytes (stmt, 1),
                                    (gsize) sqlite3_column_int64 (stmt, 0), error);
}

static gboolean
add_ids (PlumbStoreDb  *db,
         const char    *sql,
         gint64         company_id,
         PlumbIdSet    *set,
         GError       **error)
{
  g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, company_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    plumb_id_set_add (set, sqlite3_column_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);
  return TRUE;
}

PlumbIdSet *
plumb_store_db_shadowed_ids (PlumbStoreDb  *db,
                             gint64         company_id,
                             GError       **error)
{
  PlumbIdSet *set = plumb_id_set_new (64);

  if (!add_ids (db, "SELECT id FROM users WHERE company_id = ?1", company_id, set, error) ||
      !add_ids (db, "SELECT id FROM users_gone WHERE company_id = ?1", company_id, set, error))
    {
      plumb_id_set_free (set);
      return NULL;
    }
  return set;
}

/* Writing a snapshot. */

typedef struct
{
  gint64          company_id;
  gint64          generation;
  guint           seq;
  PlumbUserPage  *page;
  guint           n;
  guint8         *entries;
  const char     *packed;       /* in the compressing thread's buffer */
  gsize           packed_len;
} SnapshotIn;

static void
snapshot_in_free (SnapshotIn *in)
{
  g_clear_pointer (&in->page, plumb_user_page_free);
  g_free (in->entries);
  g_free (in);
}

static PlumbStoreJob *
snapshot_job (PlumbStoreJobFunc  func,
              gint64             company_id,
              gint64             generation)
{
  SnapshotIn *in = g_new0 (SnapshotIn, 1);

  in->company_id = company_id;
  in->generation = generation;
  return plumb_store_job_new (func, in, (GDestroyNotify) snapshot_in_free);
}

/* ?1 the company, ?2 (if the statement has it) a generation. */
static gboolean
exec_company (PlumbStoreDb  *db,
              const char    *sql,
              gint64         company_id,
              gint64         generation,
              GError       **error)
{
  g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, company_id);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, generation);
  return plumb_store_db_step_done (db, stmt, error);
}

/* A number no other load has used: two loads of one company at once (the
 * app and `plumb sync`) write apart, and the one that ends second finds
 * its pages gone and fails. */
static gboolean
begin_func (PlumbStoreDb   *db,
            PlumbStoreJob  *job,
            GError        **error)
{
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "SELECT max ((SELECT coalesce (max (generation), 0) FROM user_pages),"
                            "            (SELECT coalesce (max (generation), 0) FROM user_snapshots))",
                            error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return plumb_store_db_set_error (db, error);
  job->out_int = sqlite3_column_int64 (stmt, 0) + 1;
  return TRUE;
}

gint64
plumb_store_begin_user_snapshot (PlumbStore    *self,
                                 gint64         company_id,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(PlumbStoreJob) job = snapshot_job (begin_func, company_id, 0);

  g_return_val_if_fail (PLUMB_IS_STORE (self), 0);

  if (!plumb_store_run_sync (self, job, cancellable, error))
    return 0;
  return job->out_int;
}

/* Pages are compressed in GTask's threads, beside the store's own, which
 * only writes them: a load's reading, compressing and writing use every
 * core. Each thread keeps its compressor and its buffer. */
typedef struct
{
  ZSTD_CCtx *context;
  char      *buffer;
  gsize      size;
} Compressor;

static void
compressor_free (gpointer data)
{
  Compressor *c = data;

  ZSTD_freeCCtx (c->context);
  g_free (c->buffer);
  g_free (c);
}

static GPrivate compressor_key = G_PRIVATE_INIT (compressor_free);

/* The fastest level but one: pages of people shrink about eightfold. */
#define COMPRESSION_LEVEL 1

/* The compressed text, in the thread's buffer until its next call. */
static const char *
compress_text (const char  *text,
               gsize        len,
               gsize       *packed_len,
               GError     **error)
{
  Compressor *c = g_private_get (&compressor_key);
  gsize bound = ZSTD_compressBound (len);
  size_t written;

  if (c == NULL)
    {
      c = g_new0 (Compressor, 1);
      c->context = ZSTD_createCCtx ();
      ZSTD_CCtx_setParameter (c->context, ZSTD_c_compressionLevel, COMPRESSION_LEVEL);
      g_private_set (&compressor_key, c);
    }
  if (c->size < bound)
    {
      g_free (c->buffer);
      c->size = MAX (bound, 2 * c->size);
      c->buffer = g_malloc (c->size);
    }
  written = ZSTD_compress2 (c->context, c->buffer, c->size, text, len);
  if (ZSTD_isError (written))
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                   _("The offline copy could not be saved: %s."), ZSTD_getErrorName (written));
      return NULL;
    }
  *packed_len = written;
  return c->buffer;
}

static gboolean
insert_page_func (PlumbStoreDb   *db,
                  PlumbStoreJob  *job,
                  GError        **error)
{
  SnapshotIn *in = job->in;
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db,
                            "INSERT INTO user_pages (company_id, generation, seq, n, ids, size, text)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            error);

  if (stmt == NULL || !plumb_store_db_begin (db, FALSE, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, in->company_id);
  sqlite3_bind_int64 (stmt, 2, in->generation);
  sqlite3_bind_int64 (stmt, 3, in->seq);
  sqlite3_bind_int64 (stmt, 4, in->n);
  sqlite3_bind_blob (stmt, 5, in->entries, (int) (in->n * ENTRY_SIZE), SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, (gint64) g_bytes_get_size (plumb_user_page_get_body (in->page)));
  sqlite3_bind_blob (stmt, 7, in->packed, (int) in->packed_len, SQLITE_STATIC);
  if (!plumb_store_db_step_done (db, stmt, error))
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }
  return plumb_store_db_commit (db, error);
}

static void
add_page_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SnapshotIn *in = task_data;
  GArray *records = plumb_user_page_get_records (in->page);
  gsize size = 0;
  const char *text = g_bytes_get_data (plumb_user_page_get_body (in->page), &size);
  g_autoptr(PlumbStoreJob) job = NULL;
  GError *error = NULL;

  /* As the store's own jobs: cancelling stops only what has not begun. */
  if (g_task_return_error_if_cancelled (task))
    return;
  if (size > G_MAXUINT32)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                               _("Procore sent a page of the directory too large to keep."));
      return;
    }

  in->n = records->len;
  in->entries = g_malloc ((gsize) MAX (records->len, 1) * ENTRY_SIZE);
  for (guint i = 0; i < records->len; i++)
    {
      const PlumbUserRecord *r = &g_array_index (records, PlumbUserRecord, i);
      guint64 id = GUINT64_TO_LE ((guint64) r->id);
      guint32 offset = GUINT32_TO_LE ((guint32) (r->json - text));
      guint32 length = GUINT32_TO_LE ((guint32) r->json_len);
      guint8 *at = in->entries + (gsize) i * ENTRY_SIZE;

      memcpy (at, &id, 8);
      memcpy (at + 8, &offset, 4);
      memcpy (at + 12, &length, 4);
    }
  in->packed = compress_text (text, size, &in->packed_len, &error);
  if (in->packed == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job = plumb_store_job_new (insert_page_func, in, NULL);
  if (!plumb_store_run_sync (PLUMB_STORE (source_object), job, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
plumb_store_add_user_page_async (PlumbStore          *self,
                                 gint64               company_id,
                                 gint64               generation,
                                 guint                seq,
                                 PlumbUserPage       *page,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SnapshotIn *in;

  g_return_if_fail (PLUMB_IS_STORE (self));
  g_return_if_fail (page != NULL);

  in = g_new0 (SnapshotIn, 1);
  in->company_id = company_id;
  in->generation = generation;
  in->seq = seq;
  in->page = page;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_store_add_user_page_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, in, (GDestroyNotify) snapshot_in_free);
  g_task_run_in_thread (task, add_page_thread);
}

gboolean
plumb_store_add_user_page_finish (PlumbStore    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Someone on two pages of one load: where they were seen last. */
typedef struct
{
  gint64  id;
  gint64  seq;
  guint   index;
} Latest;

typedef struct
{
  gint64      company_id;
  PlumbIdSet *seen;
  PlumbIdSet *repeated;
  GHashTable *latest;    /* gint64 id -> Latest */
  PlumbIdSet *pages;     /* the seqs of the pages with a latest entry */
  guint       n_pages;
} Dedup;

static gboolean
find_repeated_cb (PlumbStoreDb             *db,
                  const PlumbSnapshotPage  *page,
                  gpointer                  user_data,
                  GError                  **error)
{
  Dedup *d = user_data;

  d->n_pages++;
  for (guint i = 0; i < page->n; i++)
    {
      PlumbSnapshotEntry e;

      plumb_snapshot_entry_read (page->entries, i, &e);
      if (!plumb_id_set_add (d->seen, e.id))
        plumb_id_set_add (d->repeated, e.id);
    }
  return TRUE;
}

static gboolean
find_latest_cb (PlumbStoreDb             *db,
                const PlumbSnapshotPage  *page,
                gpointer                  user_data,
                GError                  **error)
{
  Dedup *d = user_data;

  for (guint i = 0; i < page->n; i++)
    {
      PlumbSnapshotEntry e;
      Latest *latest;

      plumb_snapshot_entry_read (page->entries, i, &e);
      if (!plumb_id_set_contains (d->repeated, e.id))
        continue;
      latest = g_hash_table_lookup (d->latest, &e.id);
      if (latest == NULL)
        {
          latest = g_new0 (Latest, 1);
          latest->id = e.id;
          g_hash_table_insert (d->latest, &latest->id, latest);
        }
      latest->seq = page->seq;
      latest->index = i;
      plumb_id_set_add (d->pages, page->seq);
    }
  return TRUE;
}

static gboolean
shadow_latest_cb (PlumbStoreDb             *db,
                  const PlumbSnapshotPage  *page,
                  gpointer                  user_data,
                  GError                  **error)
{
  Dedup *d = user_data;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(PlumbUserPage) read = NULL;
  GArray *records;

  if (!plumb_id_set_contains (d->pages, page->seq))
    return TRUE;
  text = plumb_store_db_page_text (db, page, error);
  if (text == NULL)
    return FALSE;
  read = plumb_user_page_read (text, PLUMB_USER_PAGE_COLUMNS);
  if (read == NULL || plumb_user_page_get_records (read)->len != page->n)
    return damaged (error);
  records = plumb_user_page_get_records (read);
  for (guint i = 0; i < page->n; i++)
    {
      const PlumbUserRecord *r = &g_array_index (records, PlumbUserRecord, i);
      Latest *latest = g_hash_table_lookup (d->latest, &r->id);

      if (latest != NULL && latest->seq == page->seq && latest->index == i &&
          !plumb_store_db_upsert_record (db, d->company_id, r, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
commit_func (PlumbStoreDb   *db,
             PlumbStoreJob  *job,
             GError        **error)
{
  SnapshotIn *in = job->in;
  Dedup d = { in->company_id, NULL, NULL, NULL, NULL, 0 };
  gboolean ok;

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;

  d.seen = plumb_id_set_new (100000);
  d.repeated = plumb_id_set_new (16);
  ok = plumb_store_db_foreach_page (db, in->company_id, in->generation, FALSE, find_repeated_cb, &d, error);
  if (ok && d.n_pages != in->seq)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                           _("The directory was being loaded twice at once. Sync again."));
      ok = FALSE;
    }
  ok = ok &&
       exec_company (db, "DELETE FROM users WHERE company_id = ?1", in->company_id, 0, error) &&
       exec_company (db, "DELETE FROM users_gone WHERE company_id = ?1", in->company_id, 0, error);
  if (ok && plumb_id_set_size (d.repeated) > 0)
    {
      d.latest = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
      d.pages = plumb_id_set_new (16);
      ok = plumb_store_db_foreach_page (db, in->company_id, in->generation, FALSE, find_latest_cb, &d, error) &&
           plumb_store_db_foreach_page (db, in->company_id, in->generation, TRUE, shadow_latest_cb, &d, error);
    }
  ok = ok &&
       exec_company (db, "INSERT OR REPLACE INTO user_snapshots (company_id, generation) VALUES (?1, ?2)",
                     in->company_id, in->generation, error) &&
       exec_company (db, "DELETE FROM user_pages WHERE company_id = ?1 AND generation <> ?2",
                     in->company_id, in->generation, error);

  plumb_id_set_free (d.seen);
  plumb_id_set_free (d.repeated);
  plumb_id_set_free (d.pages);
  g_clear_pointer (&d.latest, g_hash_table_unref);
  if (!ok)
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }
  return plumb_store_db_commit (db, error);
}

gboolean
plumb_store_commit_user_snapshot (PlumbStore    *self,
                                  gint64         company_id,
                                  gint64         generation,
                                  guint          n_pages,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(PlumbStoreJob) job = snapshot_job (commit_func, company_id, generation);

  g_return_val_if_fail (PLUMB_IS_STORE (self), FALSE);

  ((SnapshotIn *) job->in)->seq = n_pages;
  return plumb_store_run_sync (self, job, cancellable, error);
}

/* People removed since the last full load. */

int
plumb_store_db_has_hidden (PlumbStoreDb  *db,
                           gint64         company_id,
                           GError       **error)
{
  g_autoptr(PlumbStmt) stmt =
    plumb_store_db_prepare (db, "SELECT EXISTS (SELECT 1 FROM users_gone WHERE company_id = ?1)", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, company_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      plumb_store_db_set_error (db, error);
      return -1;
    }
  return sqlite3_column_int (stmt, 0) != 0;
}

static gboolean
exec_person (PlumbStoreDb  *db,
             const char    *sql,
             gint64         company_id,
             gint64         user_id,
             GError       **error)
{
  g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, company_id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  return plumb_store_db_step_done (db, stmt, error);
}

gboolean
plumb_store_db_unhide (PlumbStoreDb  *db,
                       gint64         company_id,
                       gint64         user_id,
                       GError       **error)
{
  return exec_person (db, "DELETE FROM users_gone WHERE company_id = ?1 AND id = ?2", company_id, user_id, error);
}

gboolean
plumb_store_db_hide (PlumbStoreDb  *db,
                     gint64         company_id,
                     gint64         user_id,
                     GError       **error)
{
  return exec_person (db, "INSERT OR IGNORE INTO users_gone (company_id, id) VALUES (?1, ?2)",
                      company_id, user_id, error);
}

/* Reading a snapshot. */

typedef struct
{
  gint64          company_id;
  PlumbIdSet     *shadowed;
  PlumbUserRows  *rows;
  GArray         *ids;
  gint64          wanted;
  gint64          found_seq;
  PlumbSnapshotEntry found;
} ReadIn;

static gboolean
add_rows_cb (PlumbStoreDb             *db,
             const PlumbSnapshotPage  *page,
             gpointer                  user_data,
             GError                  **error)
{
  ReadIn *in = user_data;
  g_autoptr(GBytes) text = plumb_store_db_page_text (db, page, error);
  g_autoptr(PlumbUserPage) read = NULL;
  g_autoptr(GString) joined = NULL;
  GArray *records;

  if (text == NULL)
    return FALSE;
  read = plumb_user_page_read (text, PLUMB_USER_PAGE_COLUMNS);
  if (read == NULL)
    return damaged (error);
  records = plumb_user_page_get_records (read);
  for (guint i = 0; i < records->len; i++)
    {
      const PlumbUserRecord *r = &g_array_index (records, PlumbUserRecord, i);
      PlumbUserRow row;

      if (plumb_id_set_contains (in->shadowed, r->id))
        continue;
      row.id = r->id;
      row.company_id = in->company_id;
      row.is_active = r->is_active;
      row.first_name = r->first_name;
      row.last_name = r->last_name;
      row.name = r->name;
      /* As the rows of `users` are written. */
      if (row.name == NULL && (r->first_name != NULL || r->last_name != NULL))
        {
          if (joined == NULL)
            joined = g_string_new (NULL);
          g_string_printf (joined, "%s %s", r->first_name ? r->first_name : "", r->last_name ? r->last_name : "");
          row.name = g_strstrip (joined->str);
        }
      row.email = r->email_address;
      row.job_title = r->job_title;
      row.vendor_name = r->vendor_name;
      row.permission_template_name = r->permission_template_name;
      row.last_login_at = r->last_login_at;
      row.welcome_email_sent_at = r->welcome_email_sent_at;
      row.updated_at = r->updated_at;
      row.avatar = r->avatar;
      plumb_user_rows_add (in->rows, &row);
    }
  return TRUE;
}

gboolean
plumb_store_db_add_snapshot_rows (PlumbStoreDb   *db,
                                  gint64          company_id,
                                  gint64          generation,
                                  PlumbUserRows  *rows,
                                  GError        **error)
{
  ReadIn in = { company_id, NULL, rows, NULL, 0, 0, { 0 } };
  gboolean ok;

  in.shadowed = plumb_store_db_shadowed_ids (db, company_id, error);
  if (in.shadowed == NULL)
    return FALSE;
  ok = plumb_store_db_foreach_page (db, company_id, generation, TRUE, add_rows_cb, &in, error);
  plumb_id_set_free (in.shadowed);
  return ok;
}

static gboolean
add_ids_cb (PlumbStoreDb             *db,
            const PlumbSnapshotPage  *page,
            gpointer                  user_data,
            GError                  **error)
{
  ReadIn *in = user_data;

  for (guint i = 0; i < page->n; i++)
    {
      PlumbSnapshotEntry e;

      plumb_snapshot_entry_read (page->entries, i, &e);
      if (!plumb_id_set_contains (in->shadowed, e.id))
        g_array_append_val (in->ids, e.id);
    }
  return TRUE;
}

gboolean
plumb_store_db_add_snapshot_ids (PlumbStoreDb  *db,
                                 gint64         company_id,
                                 gint64         generation,
                                 GArray        *ids,
                                 GError       **error)
{
  ReadIn in = { company_id, NULL, NULL, ids, 0, 0, { 0 } };
  gboolean ok;

  in.shadowed = plumb_store_db_shadowed_ids (db, company_id, error);
  if (in.shadowed == NULL)
    return FALSE;
  ok = plumb_store_db_foreach_page (db, company_id, generation, FALSE, add_ids_cb, &in, error);
  plumb_id_set_free (in.shadowed);
  return ok;
}

static gboolean
find_cb (PlumbStoreDb             *db,
         const PlumbSnapshotPage  *page,
         gpointer                  user_data,
         GError                  **error)
{
  ReadIn *in = user_data;

  for (guint i = 0; i < page->n; i++)
    {
      PlumbSnapshotEntry e;

      plumb_snapshot_entry_read (page->entries, i, &e);
      if (e.id == in->wanted)
        {
          in->found = e;
          in->found_seq = page->seq;
        }
    }
  return TRUE;
}

char *
plumb_store_db_snapshot_user_json (PlumbStoreDb  *db,
                                   gint64         company_id,
                                   gint64         generation,
                                   gint64         user_id,
                                   GError       **error)
{
  ReadIn in = { company_id, NULL, NULL, NULL, user_id, -1, { 0 } };
  g_autoptr(GBytes) text = NULL;
  gsize size = 0;
  const char *data;
  g_autoptr(PlumbStmt) gone =
    plumb_store_db_prepare (db, "SELECT 1 FROM users_gone WHERE company_id = ?1 AND id = ?2", error);
  int rc;

  if (gone == NULL)
    return NULL;
  sqlite3_bind_int64 (gone, 1, company_id);
  sqlite3_bind_int64 (gone, 2, user_id);
  rc = sqlite3_step (gone);
  if (rc == SQLITE_ROW)
    return NULL;
  if (rc != SQLITE_DONE)
    {
      plumb_store_db_set_error (db, error);
      return NULL;
    }
  if (!plumb_store_db_foreach_page (db, company_id, generation, FALSE, find_cb, &in, error) || in.found_seq < 0)
    return NULL;
  text = plumb_store_db_page_text_at (db, company_id, generation, in.found_seq, error);
  if (text == NULL)
    return NULL;
  data = g_bytes_get_data (text, &size);
  if ((gsize) in.found.offset + in.found.length > size)
    {
      damaged (error);
      return NULL;
    }
  return g_strndup (data + in.found.offset, in.found.length);
}
