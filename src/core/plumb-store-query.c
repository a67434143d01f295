/* plumb-store-query.c: the directory read in bulk, and searched, filtered,
 * sorted and paged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-store-private.h"

typedef struct
{
  gint64          company_id;
  PlumbUserQuery  query;
  char           *needle;
} QueryIn;

static QueryIn *
query_in_new (gint64 company_id)
{
  QueryIn *in = g_new0 (QueryIn, 1);

  in->company_id = company_id;

  return in;
}

static void
query_in_free (QueryIn *in)
{
  g_free (in->needle);
  g_free (in);
}

static PlumbStoreJob *
query_job (PlumbStoreJobFunc  func,
           QueryIn           *in)
{
  return plumb_store_job_new (func, in, (GDestroyNotify) query_in_free);
}

#define ROW_COLUMNS \
  "SELECT id, company_id, is_active, first_name, last_name, name, email, job_title," \
  " vendor_name, permission_template_name, last_login_at, welcome_email_sent_at," \
  " updated_at, avatar FROM users"

/* ?2 inactive too, ?3 the folded search or NULL, ?4 a PlumbInvitationFilter */
#define QUERY_WHERE \
  " WHERE company_id = ?1" \
  " AND (?2 OR is_active)" \
  " AND (?3 IS NULL OR plumb_match (search_text, ?3))" \
  " AND CASE ?4" \
  "   WHEN 1 THEN welcome_email_sent_at IS NULL AND last_login_at IS NULL" \
  "   WHEN 2 THEN welcome_email_sent_at IS NOT NULL AND last_login_at IS NULL" \
  "   WHEN 3 THEN last_login_at IS NOT NULL" \
  "   ELSE 1 END"

/* People without the value sort last either way; the id breaks ties so that
 * pages never overlap. */
#define SORTED(column, collation) { \
  ROW_COLUMNS QUERY_WHERE " ORDER BY " column " IS NULL, " column collation " ASC, id ASC LIMIT ?5 OFFSET ?6", \
  ROW_COLUMNS QUERY_WHERE " ORDER BY " column " IS NULL, " column collation " DESC, id DESC LIMIT ?5 OFFSET ?6" }

static const char * const query_sql[PLUMB_N_USER_SORTS][2] = {
  [PLUMB_USER_SORT_NAME] = SORTED ("name", " COLLATE NOCASE"),
  [PLUMB_USER_SORT_EMAIL] = SORTED ("email", " COLLATE NOCASE"),
  [PLUMB_USER_SORT_JOB_TITLE] = SORTED ("job_title", " COLLATE NOCASE"),
  [PLUMB_USER_SORT_VENDOR] = SORTED ("vendor_name", " COLLATE NOCASE"),
  [PLUMB_USER_SORT_LAST_LOGIN] = SORTED ("last_login_at", ""),
  [PLUMB_USER_SORT_INVITED] = SORTED ("welcome_email_sent_at", ""),
  [PLUMB_USER_SORT_UPDATED] = SORTED ("updated_at", ""),
};

static const char count_sql[] = "SELECT count(*) FROM users" QUERY_WHERE;

/* Sorted in C afterwards: SQLite's sorter takes several times longer over
 * 100,000 rows without an index on names (see plumb-store-schema.c). */
static const char list_sql[] =
  ROW_COLUMNS " WHERE company_id = ?1";

static gboolean
read_rows (PlumbStoreDb   *db,
           PlumbStmt      *stmt,
           PlumbUserRows  *rows,
           GError        **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlumbUserRow row;

      row.id = sqlite3_column_int64 (stmt, 0);
      row.company_id = sqlite3_column_int64 (stmt, 1);
      row.is_active = sqlite3_column_int (stmt, 2) != 0;
      row.first_name = plumb_stmt_column_text (stmt, 3);
      row.last_name = plumb_stmt_column_text (stmt, 4);
      row.name = plumb_stmt_column_text (stmt, 5);
      row.email = plumb_stmt_column_text (stmt, 6);
      row.job_title = plumb_stmt_column_text (stmt, 7);
      row.vendor_name = plumb_stmt_column_text (stmt, 8);
      row.permission_template_name = plumb_stmt_column_text (stmt, 9);
      row.last_login_at = plumb_stmt_column_text (stmt, 10);
      row.welcome_email_sent_at = plumb_stmt_column_text (stmt, 11);
      row.updated_at = plumb_stmt_column_text (stmt, 12);
      row.avatar = plumb_stmt_column_text (stmt, 13);

      plumb_user_rows_add (rows, &row);
    }

  if (rc != SQLITE_DONE)
    return plumb_store_db_set_error (db, error);

  return TRUE;
}

/* Everyone: the company's snapshot and the rows written since. */
static PlumbUserRows *
all_rows (PlumbStoreDb  *db,
          gint64         company_id,
          GError       **error)
{
  g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, list_sql, error);
  g_autoptr(PlumbUserRows) rows = plumb_user_rows_new ();
  gint64 generation;

  if (stmt == NULL)
    return NULL;
  generation = plumb_store_db_snapshot_generation (db, company_id, error);
  if (generation < 0 ||
      (generation > 0 && !plumb_store_db_add_snapshot_rows (db, company_id, generation, rows, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, company_id);
  if (!read_rows (db, stmt, rows, error))
    return NULL;
  return g_steal_pointer (&rows);
}

static gboolean
list_users_func (PlumbStoreDb   *db,
                 PlumbStoreJob  *job,
                 GError        **error)
{
  QueryIn *in = job->in;
  g_autoptr(PlumbUserRows) rows = all_rows (db, in->company_id, error);

  if (rows == NULL)
    return FALSE;

  plumb_user_rows_sort_by_name (rows);
  job->out = g_steal_pointer (&rows);
  job->out_free = (GDestroyNotify) plumb_user_rows_unref;

  return TRUE;
}

void
plumb_store_list_users_async (PlumbStore          *self,
                              gint64               company_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  plumb_store_run_async (self, query_job (list_users_func, query_in_new (company_id)),
                         plumb_store_list_users_async, cancellable, callback, user_data);
}

PlumbUserRows *
plumb_store_list_users_finish (PlumbStore    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (self, result, plumb_store_list_users_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

PlumbUserRows *
plumb_store_list_users (PlumbStore    *self,
                        gint64         company_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(PlumbStoreJob) job = query_job (list_users_func, query_in_new (company_id));

  if (!plumb_store_run_sync (self, job, cancellable, error))
    return NULL;

  return g_steal_pointer (&job->out);
}

/* The queries above, in C: the same filters, the same order (SQLite's
 * NOCASE folds ASCII letters only; people without the value come last
 * either way; the id breaks ties) and the same page. */
static const char *
sort_value (const PlumbUserRow *row,
            PlumbUserSort       sort)
{
  switch (sort)
    {
    case PLUMB_USER_SORT_EMAIL: return row->email;
    case PLUMB_USER_SORT_JOB_TITLE: return row->job_title;
    case PLUMB_USER_SORT_VENDOR: return row->vendor_name;
    case PLUMB_USER_SORT_LAST_LOGIN: return row->last_login_at;
    case PLUMB_USER_SORT_INVITED: return row->welcome_email_sent_at;
    case PLUMB_USER_SORT_UPDATED: return row->updated_at;
    case PLUMB_USER_SORT_NAME: case PLUMB_N_USER_SORTS: default: return row->name;
    }
}

static int
nocase_compare (const char *a,
                const char *b)
{
  for (;; a++, b++)
    {
      guchar ca = (guchar) *a;
      guchar cb = (guchar) *b;

      if (ca >= 'A' && ca <= 'Z')
        ca += 'a' - 'A';
      if (cb >= 'A' && cb <= 'Z')
        cb += 'a' - 'A';
      if (ca != cb || ca == '\0')
        return ca - cb;
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const PlumbUserQuery *query = user_data;
  const PlumbUserRow *ra = *(const PlumbUserRow * const *) a;
  const PlumbUserRow *rb = *(const PlumbUserRow * const *) b;
  const char *va = sort_value (ra, query->sort);
  const char *vb = sort_value (rb, query->sort);
  int result;

  if ((va == NULL) != (vb == NULL))
    return va == NULL ? 1 : -1;
  result = 0;
  if (va != NULL)
    result = query->sort <= PLUMB_USER_SORT_VENDOR ? nocase_compare (va, vb) : strcmp (va, vb);
  if (result == 0)
    result = ra->id < rb->id ? -1 : ra->id > rb->id;
  return query->descending ? -result : result;
}

static gboolean
row_matches (const PlumbUserRow   *row,
             const PlumbUserQuery *query,
             const char           *needle)
{
  if (!query->include_inactive && !row->is_active)
    return FALSE;
  switch (query->invitation)
    {
    case PLUMB_INVITATION_FILTER_NOT_INVITED:
      if (row->welcome_email_sent_at != NULL || row->last_login_at != NULL)
        return FALSE;
      break;
    case PLUMB_INVITATION_FILTER_INVITED:
      if (row->welcome_email_sent_at == NULL || row->last_login_at != NULL)
        return FALSE;
      break;
    case PLUMB_INVITATION_FILTER_SIGNED_IN:
      if (row->last_login_at == NULL)
        return FALSE;
      break;
    case PLUMB_INVITATION_FILTER_ALL:
    default:
      break;
    }
  if (needle != NULL)
    {
      g_autofree char *text = plumb_store_search_text (row->name, row->email, row->job_title, row->vendor_name);

      return plumb_store_search_matches (text, needle);
    }
  return TRUE;
}

static PlumbUserRows *
query_rows (PlumbUserRows        *all,
            const PlumbUserQuery *query,
            const char           *needle)
{
  guint n = plumb_user_rows_get_n (all);
  g_autoptr(GPtrArray) found = g_ptr_array_sized_new (n);
  PlumbUserRows *rows = plumb_user_rows_new ();
  guint end;

  for (guint i = 0; i < n; i++)
    {
      const PlumbUserRow *row = plumb_user_rows_get (all, i);

      if (row_matches (row, query, needle))
        g_ptr_array_add (found, (gpointer) row);
    }
  g_qsort_with_data (found->pdata, (gint) found->len, sizeof (gpointer), compare_rows, (gpointer) query);

  end = query->limit > 0 ? MIN (found->len, query->offset + query->limit) : found->len;
  for (guint i = query->offset; i < end; i++)
    plumb_user_rows_add (rows, g_ptr_array_index (found, i));
  plumb_user_rows_set_total (rows, found->len);
  return rows;
}

static void
bind_query (PlumbStmt *stmt,
            QueryIn   *in)
{
  sqlite3_bind_int64 (stmt, 1, in->company_id);
  sqlite3_bind_int (stmt, 2, in->query.include_inactive ? 1 : 0);
  plumb_stmt_bind_static (stmt, 3, in->needle);
  sqlite3_bind_int (stmt, 4, in->query.invitation);
}

static gboolean
query_users_func (PlumbStoreDb   *db,
                  PlumbStoreJob  *job,
                  GError        **error)
{
  QueryIn *in = job->in;
  const char *sql = query_sql[in->query.sort][in->query.descending ? 1 : 0];
  g_autoptr(PlumbUserRows) rows = NULL;
  gint64 generation = plumb_store_db_snapshot_generation (db, in->company_id, error);
  guint total;

  if (generation < 0)
    return FALSE;
  /* A snapshot is not in SQL's reach: the same query, in C. */
  if (generation > 0)
    {
      g_autoptr(PlumbUserRows) all = all_rows (db, in->company_id, error);

      if (all == NULL)
        return FALSE;
      job->out = query_rows (all, &in->query, in->needle);
      job->out_free = (GDestroyNotify) plumb_user_rows_unref;
      return TRUE;
    }

  rows = plumb_user_rows_new ();

  {
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, sql, error);

    if (stmt == NULL)
      return FALSE;

    bind_query (stmt, in);
    sqlite3_bind_int64 (stmt, 5, in->query.limit > 0 ? (gint64) in->query.limit : -1);
    sqlite3_bind_int64 (stmt, 6, in->query.offset);
    if (!read_rows (db, stmt, rows, error))
      return FALSE;
  }

  {
    g_autoptr(PlumbStmt) stmt = plumb_store_db_prepare (db, count_sql, error);

    if (stmt == NULL)
      return FALSE;

    bind_query (stmt, in);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      return plumb_store_db_set_error (db, error);
    total = sqlite3_column_int (stmt, 0);
  }

  plumb_user_rows_set_total (rows, total);
  job->out = g_steal_pointer (&rows);
  job->out_free = (GDestroyNotify) plumb_user_rows_unref;

  return TRUE;
}

static PlumbStoreJob *
query_query_job (gint64                company_id,
                 const PlumbUserQuery *query)
{
  QueryIn *in = query_in_new (company_id);

  in->query = *query;
  in->query.search = NULL;
  if (in->query.sort >= PLUMB_N_USER_SORTS)
    in->query.sort = PLUMB_USER_SORT_NAME;

  if (query->search != NULL)
    {
      g_autofree char *folded = plumb_store_fold (query->search);

      /* Words are separated by single spaces; a search of only blanks finds everyone. */
      g_strdelimit (folded, "\t\n\r\f\v", ' ');
      g_strstrip (folded);
      if (*folded != '\0')
        in->needle = g_steal_pointer (&folded);
    }

  return query_job (query_users_func, in);
}

void
plumb_store_query_users_async (PlumbStore           *self,
                               gint64                company_id,
                               const PlumbUserQuery *query,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_return_if_fail (query != NULL);

  plumb_store_run_async (self, query_query_job (company_id, query),
                         plumb_store_query_users_async, cancellable, callback, user_data);
}

PlumbUserRows *
plumb_store_query_users_finish (PlumbStore    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  PlumbStoreJob *job = plumb_store_run_finish (self, result, plumb_store_query_users_async, error);

  return job != NULL ? g_steal_pointer (&job->out) : NULL;
}

PlumbUserRows *
plumb_store_query_users (PlumbStore            *self,
                         gint64                 company_id,
                         const PlumbUserQuery  *query,
                         GCancellable          *cancellable,
                         GError               **error)
{
  g_autoptr(PlumbStoreJob) job = NULL;

  g_return_val_if_fail (query != NULL, NULL);

  job = query_query_job (company_id, query);
  if (!plumb_store_run_sync (self, job, cancellable, error))
    return NULL;

  return g_steal_pointer (&job->out);
}
