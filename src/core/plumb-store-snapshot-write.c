/* plumb-store-snapshot-write.c: a full load written as a new snapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See plumb-store-snapshot.c for the design.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plumb-error.h"
#include "plumb-store-snapshot-private.h"

typedef struct
{
  gint64          company_id;
  gint64          generation;
  guint           seq;        /* of the page; the number of pages for a commit */
  PlumbUserPage  *page;
} SnapshotIn;

static void
snapshot_in_free (SnapshotIn *in)
{
  g_clear_pointer (&in->page, plumb_user_page_free);
  g_free (in);
}

static PlumbStoreJob *
snapshot_job (PlumbStoreJobFunc func,
              gint64            company_id,
              gint64            generation,
              guint             seq)
{
  SnapshotIn *in = g_new0 (SnapshotIn, 1);

  in->company_id = company_id;
  in->generation = generation;
  in->seq = seq;
  return plumb_store_job_new (func, in, (GDestroyNotify) snapshot_in_free);
}

/* A number no load has used, its file made empty. What loads that never
 * ended left behind goes first, or a company that keeps losing its network
 * halfway would fill the disk. A load of the same company in another
 * process (the app and `plumb sync`) loses its pages with it, and fails. */
static gboolean
begin_func (PlumbStoreDb   *db,
            PlumbStoreJob  *job,
            GError        **error)
{
  SnapshotIn *in = job->in;
  g_autoptr(PlumbStmt) stmt = NULL;
  gint64 current;
  gint64 generation;
  gint64 largest_file;

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;
  current = plumb_store_db_snapshot_generation (db, in->company_id, error);
  if (current < 0 ||
      !plumb_snapshot_exec_company (db, "DELETE FROM user_pages WHERE company_id = ?1 AND generation <> ?2",
                     in->company_id, current, error) ||
      !plumb_store_db_commit (db, error))
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }
  largest_file = plumb_snapshot_remove_files (db, in->company_id, current);

  stmt = plumb_store_db_prepare (db,
                                 "SELECT max ((SELECT coalesce (max (generation), 0) FROM user_pages),"
                                 "            (SELECT coalesce (max (generation), 0) FROM user_snapshots))",
                                 error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return plumb_store_db_set_error (db, error);
  generation = MAX (sqlite3_column_int64 (stmt, 0), largest_file) + 1;

  /* Another process may have taken the number meanwhile. */
  for (guint tries = 0;; tries++, generation++)
    {
      g_autofree char *path = plumb_snapshot_path (db, in->company_id, generation);
      int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd >= 0)
        {
          close (fd);
          break;
        }
      if (errno != EEXIST || tries >= 100)
        return plumb_snapshot_file_failed (path, errno, error);
    }
  job->out_int = generation;
  return TRUE;
}

gint64
plumb_store_begin_user_snapshot (PlumbStore    *self,
                                 gint64         company_id,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(PlumbStoreJob) job = snapshot_job (begin_func, company_id, 0, 0);

  g_return_val_if_fail (PLUMB_IS_STORE (self), 0);

  if (!plumb_store_run_sync (self, job, cancellable, error))
    return 0;
  return job->out_int;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* The page goes to the end of the file, then its place into the database. */
static gboolean
add_page_func (PlumbStoreDb   *db,
               PlumbStoreJob  *job,
               GError        **error)
{
  SnapshotIn *in = job->in;
  GArray *records = plumb_user_page_get_records (in->page);
  gsize size = 0;
  const char *text = g_bytes_get_data (plumb_user_page_get_body (in->page), &size);
  g_autofree char *path = plumb_snapshot_path (db, in->company_id, in->generation);
  g_autofree guint8 *entries = g_malloc ((gsize) MAX (records->len, 1) * PLUMB_SNAPSHOT_ENTRY_SIZE);
  g_autoptr(PlumbStmt) stmt = NULL;
  off_t offset;
  int fd;

  if (size > G_MAXUINT32)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("Procore sent a page of the directory too large to keep."));
      return FALSE;
    }
  for (guint i = 0; i < records->len; i++)
    {
      const PlumbUserRecord *r = &g_array_index (records, PlumbUserRecord, i);
      guint64 id = GUINT64_TO_LE ((guint64) r->id);
      guint32 at_offset = GUINT32_TO_LE ((guint32) (r->json - text));
      guint32 length = GUINT32_TO_LE ((guint32) r->json_len);
      guint8 *at = entries + (gsize) i * PLUMB_SNAPSHOT_ENTRY_SIZE;

      memcpy (at, &id, 8);
      memcpy (at + 8, &at_offset, 4);
      memcpy (at + 12, &length, 4);
    }

  fd = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0)
    return plumb_snapshot_file_failed (path, errno, error);
  offset = lseek (fd, 0, SEEK_END);
  if (offset < 0 || !write_all (fd, text, size))
    {
      int saved_errno = errno;

      close (fd);
      return plumb_snapshot_file_failed (path, saved_errno, error);
    }
  close (fd);

  stmt = plumb_store_db_prepare (db,
                                 "INSERT INTO user_pages (company_id, generation, seq, n, ids, offset, size)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                 error);
  if (stmt == NULL || !plumb_store_db_begin (db, FALSE, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, in->company_id);
  sqlite3_bind_int64 (stmt, 2, in->generation);
  sqlite3_bind_int64 (stmt, 3, in->seq);
  sqlite3_bind_int64 (stmt, 4, records->len);
  sqlite3_bind_blob (stmt, 5, entries, (int) (records->len * PLUMB_SNAPSHOT_ENTRY_SIZE), SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, (gint64) offset);
  sqlite3_bind_int64 (stmt, 7, (gint64) size);
  if (!plumb_store_db_step_done (db, stmt, error))
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }
  return plumb_store_db_commit (db, error);
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
  PlumbStoreJob *job;

  g_return_if_fail (PLUMB_IS_STORE (self));
  g_return_if_fail (page != NULL);

  job = snapshot_job (add_page_func, company_id, generation, seq);
  ((SnapshotIn *) job->in)->page = page;
  plumb_store_run_async (self, job, plumb_store_add_user_page_async, cancellable, callback, user_data);
}

gboolean
plumb_store_add_user_page_finish (PlumbStore    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return plumb_store_run_finish (self, result, plumb_store_add_user_page_async, error) != NULL;
}

/* What a commit finds in the pages of its generation. */
typedef struct
{
  gint64       company_id;
  guint        n_pages;
  gint64       size;        /* the pages end to end */
  gboolean     in_order;
  PlumbIdSet       *seen;
  PlumbIdSet       *repeated;
  GHashTable  *latest;      /* gint64 id -> Latest, for the repeated */
  GBytes      *file;
} Check;

/* Where someone on two pages of one load was seen last. */
typedef struct
{
  gint64  id;
  gint64  seq;
  guint   index;
} Latest;

static gboolean
check_page_cb (PlumbStoreDb             *db,
               const PlumbSnapshotPage  *page,
               gpointer                  user_data,
               GError                  **error)
{
  Check *c = user_data;

  if (page->offset != c->size)
    c->in_order = FALSE;
  c->size += page->size;
  c->n_pages++;
  for (guint i = 0; i < page->n; i++)
    {
      PlumbSnapshotEntry e;

      plumb_snapshot_entry_read (page->entries, i, &e);
      if (!plumb_id_set_add (c->seen, e.id))
        plumb_id_set_add (c->repeated, e.id);
    }
  return TRUE;
}

static gboolean
find_latest_cb (PlumbStoreDb             *db,
                const PlumbSnapshotPage  *page,
                gpointer                  user_data,
                GError                  **error)
{
  Check *c = user_data;

  for (guint i = 0; i < page->n; i++)
    {
      PlumbSnapshotEntry e;
      Latest *latest;

      plumb_snapshot_entry_read (page->entries, i, &e);
      if (!plumb_id_set_contains (c->repeated, e.id))
        continue;
      latest = g_hash_table_lookup (c->latest, &e.id);
      if (latest == NULL)
        {
          latest = g_new0 (Latest, 1);
          latest->id = e.id;
          g_hash_table_insert (c->latest, &latest->id, latest);
        }
      latest->seq = page->seq;
      latest->index = i;
    }
  return TRUE;
}

static gboolean
shadow_latest_cb (PlumbStoreDb             *db,
                  const PlumbSnapshotPage  *page,
                  gpointer                  user_data,
                  GError                  **error)
{
  Check *c = user_data;
  g_autoptr(PlumbUserPage) read = NULL;
  GArray *records;
  gboolean wanted = FALSE;

  for (guint i = 0; i < page->n && !wanted; i++)
    {
      PlumbSnapshotEntry e;
      Latest *latest;

      plumb_snapshot_entry_read (page->entries, i, &e);
      latest = g_hash_table_lookup (c->latest, &e.id);
      wanted = latest != NULL && latest->seq == page->seq && latest->index == i;
    }
  if (!wanted)
    return TRUE;

  read = plumb_snapshot_read_page (c->file, page, PLUMB_USER_PAGE_COLUMNS);
  if (read == NULL)
    return plumb_snapshot_damaged (error);
  records = plumb_user_page_get_records (read);
  for (guint i = 0; i < page->n; i++)
    {
      const PlumbUserRecord *r = &g_array_index (records, PlumbUserRecord, i);
      Latest *latest = g_hash_table_lookup (c->latest, &r->id);

      if (latest != NULL && latest->seq == page->seq && latest->index == i &&
          !plumb_store_db_upsert_record (db, c->company_id, r, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
commit_pages (PlumbStoreDb  *db,
              SnapshotIn    *in,
              Check         *c,
              GError       **error)
{
  g_autofree char *path = plumb_snapshot_path (db, in->company_id, in->generation);
  GStatBuf st;

  if (!plumb_snapshot_foreach_page (db, in->company_id, in->generation, check_page_cb, c, error))
    return FALSE;
  if (g_stat (path, &st) != 0)
    return plumb_snapshot_file_failed (path, errno, error);
  if (c->n_pages != in->seq || !c->in_order || (gint64) st.st_size != c->size)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_STORE,
                           _("The directory was being loaded twice at once. Sync again."));
      return FALSE;
    }

  if (!plumb_snapshot_exec_company (db, "DELETE FROM users WHERE company_id = ?1", in->company_id, 0, error) ||
      !plumb_snapshot_exec_company (db, "DELETE FROM users_gone WHERE company_id = ?1", in->company_id, 0, error))
    return FALSE;

  if (plumb_id_set_size (c->repeated) > 0)
    {
      g_autoptr(GMappedFile) file = NULL;
      gboolean missing;

      file = plumb_snapshot_map_file (db, in->company_id, in->generation, &missing, error);
      if (file == NULL)
        return missing ? plumb_snapshot_damaged (error) : FALSE;
      c->file = g_mapped_file_get_bytes (file);
      c->latest = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
      if (!plumb_snapshot_foreach_page (db, in->company_id, in->generation, find_latest_cb, c, error) ||
          !plumb_snapshot_foreach_page (db, in->company_id, in->generation, shadow_latest_cb, c, error))
        return FALSE;
    }

  {
    g_autoptr(PlumbStmt) stmt =
      plumb_store_db_prepare (db,
                              "INSERT OR REPLACE INTO user_snapshots (company_id, generation, size)"
                              " VALUES (?1, ?2, ?3)",
                              error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, in->company_id);
    sqlite3_bind_int64 (stmt, 2, in->generation);
    sqlite3_bind_int64 (stmt, 3, c->size);
    if (!plumb_store_db_step_done (db, stmt, error))
      return FALSE;
  }
  return plumb_snapshot_exec_company (db, "DELETE FROM user_pages WHERE company_id = ?1 AND generation <> ?2",
                       in->company_id, in->generation, error);
}

static gboolean
commit_func (PlumbStoreDb   *db,
             PlumbStoreJob  *job,
             GError        **error)
{
  SnapshotIn *in = job->in;
  Check c = { in->company_id, 0, 0, TRUE, NULL, NULL, NULL, NULL };
  gboolean ok;

  if (!plumb_store_db_begin (db, FALSE, error))
    return FALSE;
  c.seen = plumb_id_set_new (100000);
  c.repeated = plumb_id_set_new (16);
  ok = commit_pages (db, in, &c, error);
  plumb_id_set_free (c.seen);
  plumb_id_set_free (c.repeated);
  g_clear_pointer (&c.latest, g_hash_table_unref);
  g_clear_pointer (&c.file, g_bytes_unref);
  if (!ok)
    {
      plumb_store_db_rollback (db);
      return FALSE;
    }
  if (!plumb_store_db_commit (db, error))
    return FALSE;
  plumb_snapshot_remove_files (db, in->company_id, in->generation);
  return TRUE;
}

gboolean
plumb_store_commit_user_snapshot (PlumbStore    *self,
                                  gint64         company_id,
                                  gint64         generation,
                                  guint          n_pages,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(PlumbStoreJob) job = snapshot_job (commit_func, company_id, generation, n_pages);

  g_return_val_if_fail (PLUMB_IS_STORE (self), FALSE);

  return plumb_store_run_sync (self, job, cancellable, error);
}
