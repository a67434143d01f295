/* plumb-directory-model.c
 *
 * The whole company is read once into a PlumbUserRows (compact, one string
 * block), and beside it a folded search text per person and one order per
 * sort key, both built in a worker thread. A keystroke then costs one pass
 * over the folded texts in the chosen order, also in a worker; on the main
 * thread, the items a view holds are pointed at their new people (see
 * refresh_slots) and only a change of length is announced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-directory-model.h"
#include "plumb-invitation.h"

typedef struct
{
  gatomicrefcount  ref_count;
  PlumbUserRows   *rows;
  char           **folded;                 /* one per row */
  guint            n_active;               /* the directory lists active people only */
  guint           *orders[PLUMB_N_USER_SORTS]; /* built on demand, under lock */
  GMutex           lock;
} Snapshot;

struct _PlumbDirectoryModel
{
  GObject                parent_instance;

  PlumbStore            *store;
  gint64                 company_id;
  Snapshot              *snapshot;
  GArray                *visible;          /* guint row indexes */
  GHashTable            *pending;          /* gint64 ids with an invitation queued */
  GDateTime             *now;
  char                  *search;
  PlumbInvitationFilter  filter;
  PlumbUserSort          sort;
  gboolean               descending;
  guint                  generation;
  guint                  n_running;
  gboolean               loaded;
  GCancellable          *cancellable;
  GHashTable            *slots;            /* position -> PlumbDirectoryItem a view holds */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlumbDirectoryModel, plumb_directory_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_LOADED,
  PROP_TOTAL,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static Snapshot *
snapshot_ref (Snapshot *snap)
{
  g_atomic_ref_count_inc (&snap->ref_count);
  return snap;
}

static void
snapshot_unref (Snapshot *snap)
{
  if (!g_atomic_ref_count_dec (&snap->ref_count))
    return;

  if (snap->folded != NULL)
    {
      guint n = plumb_user_rows_get_n (snap->rows);

      for (guint i = 0; i < n; i++)
        g_free (snap->folded[i]);
      g_free (snap->folded);
    }
  for (guint i = 0; i < PLUMB_N_USER_SORTS; i++)
    g_free (snap->orders[i]);
  plumb_user_rows_unref (snap->rows);
  g_mutex_clear (&snap->lock);
  g_free (snap);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_unref)

static Snapshot *
snapshot_new (PlumbUserRows *rows)
{
  Snapshot *snap = g_new0 (Snapshot, 1);
  guint n = plumb_user_rows_get_n (rows);

  g_atomic_ref_count_init (&snap->ref_count);
  g_mutex_init (&snap->lock);
  snap->rows = plumb_user_rows_ref (rows);
  snap->folded = g_new0 (char *, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const PlumbUserRow *r = plumb_user_rows_get (rows, i);
      g_autofree char *joined = g_strjoin ("\x1f", r->name ? r->name : "", r->email ? r->email : "",
                                           r->job_title ? r->job_title : "",
                                           r->vendor_name ? r->vendor_name : "", NULL);

      snap->folded[i] = plumb_store_fold (joined);
      if (r->is_active)
        snap->n_active++;
    }

  return snap;
}

static const char *
sort_text (const PlumbUserRow *r,
           PlumbUserSort       sort)
{
  const char *text = NULL;

  switch (sort)
    {
    case PLUMB_USER_SORT_NAME: text = r->name; break;
    case PLUMB_USER_SORT_EMAIL: text = r->email; break;
    case PLUMB_USER_SORT_JOB_TITLE: text = r->job_title; break;
    case PLUMB_USER_SORT_VENDOR: text = r->vendor_name; break;
    case PLUMB_USER_SORT_LAST_LOGIN: text = r->last_login_at; break;
    case PLUMB_USER_SORT_INVITED: text = r->welcome_email_sent_at; break;
    case PLUMB_USER_SORT_UPDATED: text = r->updated_at; break;
    case PLUMB_N_USER_SORTS:
    default: break;
    }

  return text;
}

typedef struct
{
  Snapshot      *snap;
  PlumbUserSort  sort;
  char         **keys;
} SortContext;

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  SortContext *ctx = user_data;
  guint ia = *(const guint *) a;
  guint ib = *(const guint *) b;
  const char *ka = ctx->keys[ia];
  const char *kb = ctx->keys[ib];
  int cmp;

  /* People without a value sort after those with one, whatever the order. */
  if (*ka == '\0' && *kb != '\0')
    return 1;
  if (*kb == '\0' && *ka != '\0')
    return -1;

  cmp = strcmp (ka, kb);
  if (cmp == 0)
    cmp = strcmp (ctx->snap->folded[ia], ctx->snap->folded[ib]);
  if (cmp == 0)
    cmp = ia < ib ? -1 : ia > ib;

  return cmp;
}

/* The ascending order of all rows for @sort, built once per snapshot. */
static const guint *
snapshot_get_order (Snapshot      *snap,
                    PlumbUserSort  sort)
{
  const guint *order;

  g_mutex_lock (&snap->lock);

  if (snap->orders[sort] == NULL)
    {
      guint n = plumb_user_rows_get_n (snap->rows);
      guint *indexes = g_new (guint, MAX (n, 1));
      SortContext ctx = { snap, sort, g_new (char *, MAX (n, 1)) };

      for (guint i = 0; i < n; i++)
        {
          const char *text = sort_text (plumb_user_rows_get (snap->rows, i), sort);

          indexes[i] = i;
          ctx.keys[i] = text ? plumb_store_fold (text) : g_strdup ("");
        }

      g_qsort_with_data (indexes, n, sizeof (guint), compare_rows, &ctx);

      for (guint i = 0; i < n; i++)
        g_free (ctx.keys[i]);
      g_free (ctx.keys);
      snap->orders[sort] = indexes;
    }

  order = snap->orders[sort];
  g_mutex_unlock (&snap->lock);

  return order;
}

static gboolean
row_passes_filter (const PlumbUserRow    *r,
                   PlumbInvitationFilter  filter)
{
  gboolean invited = r->welcome_email_sent_at != NULL && *r->welcome_email_sent_at != '\0';
  gboolean signed_in = r->last_login_at != NULL && *r->last_login_at != '\0';

  switch (filter)
    {
    case PLUMB_INVITATION_FILTER_NOT_INVITED:
      return !invited && !signed_in;
    case PLUMB_INVITATION_FILTER_INVITED:
      return invited && !signed_in;
    case PLUMB_INVITATION_FILTER_SIGNED_IN:
      return signed_in;
    case PLUMB_INVITATION_FILTER_ALL:
    default:
      return TRUE;
    }
}

typedef struct
{
  Snapshot              *snap;
  char                 **words;
  PlumbInvitationFilter  filter;
  PlumbUserSort          sort;
  gboolean               descending;
  guint                  generation;
} NarrowJob;

static void
narrow_job_free (NarrowJob *job)
{
  snapshot_unref (job->snap);
  g_strfreev (job->words);
  g_free (job);
}

static void
narrow_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  NarrowJob *job = task_data;
  guint n = plumb_user_rows_get_n (job->snap->rows);
  const guint *order = snapshot_get_order (job->snap, job->sort);
  GArray *visible = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  for (guint k = 0; k < n; k++)
    {
      guint i = order[job->descending ? n - 1 - k : k];
      const char *folded = job->snap->folded[i];
      gboolean match = TRUE;

      if ((k & 0x3fff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;

      for (guint w = 0; job->words[w] != NULL && match; w++)
        match = strstr (folded, job->words[w]) != NULL;

      if (match && plumb_user_rows_get (job->snap->rows, i)->is_active &&
          row_passes_filter (plumb_user_rows_get (job->snap->rows, i), job->filter))
        g_array_append_val (visible, i);
    }

  g_task_return_pointer (task, visible, (GDestroyNotify) g_array_unref);
}

static void
set_running (PlumbDirectoryModel *self,
             int                  delta)
{
  gboolean was = self->n_running > 0;

  self->n_running += delta;
  if (was != (self->n_running > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Points every item a view holds at whoever now stands at its position, then
 * tells the view only how the length changed. Rows keep their widgets and
 * update in place: a keystroke costs a few label changes, not new rows. */
static void
refresh_slots (PlumbDirectoryModel *self,
               guint                old_len)
{
  guint new_len = self->visible->len;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint position = GPOINTER_TO_UINT (key);
      guint index;
      gint64 id;

      if (position >= new_len)
        {
          g_hash_table_iter_remove (&iter);
          continue;
        }

      index = g_array_index (self->visible, guint, position);
      id = plumb_user_rows_get (self->snapshot->rows, index)->id;
      plumb_directory_item_set_row (value, self->snapshot->rows, index, self->now,
                                    g_hash_table_contains (self->pending, &id));
    }

  if (old_len > new_len)
    g_list_model_items_changed (G_LIST_MODEL (self), new_len, old_len - new_len, 0);
  else if (new_len > old_len)
    g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, new_len - old_len);
}

static void
narrow_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PlumbDirectoryModel *self = PLUMB_DIRECTORY_MODEL (object);
  NarrowJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GArray) visible = g_task_propagate_pointer (G_TASK (result), NULL);
  guint removed;

  set_running (self, -1);

  /* A newer search or a newer snapshot made this one stale. */
  if (visible == NULL || job->generation != self->generation || job->snap != self->snapshot)
    return;

  removed = self->visible->len;
  g_array_unref (self->visible);
  self->visible = g_steal_pointer (&visible);
  refresh_slots (self, removed);

  if (removed != self->visible->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
narrow (PlumbDirectoryModel *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *folded = NULL;
  NarrowJob *job;

  if (self->snapshot == NULL)
    return;

  job = g_new0 (NarrowJob, 1);
  job->snap = snapshot_ref (self->snapshot);
  folded = plumb_store_fold (self->search ? self->search : "");
  job->words = g_strsplit_set (g_strstrip (folded), " \t", -1);
  /* Empty words from runs of spaces match everything; drop them. */
  {
    guint out = 0;

    for (guint i = 0; job->words[i] != NULL; i++)
      {
        if (*job->words[i] == '\0')
          g_free (job->words[i]);
        else
          job->words[out++] = job->words[i];
      }
    job->words[out] = NULL;
  }
  job->filter = self->filter;
  job->sort = self->sort;
  job->descending = self->descending;
  job->generation = ++self->generation;

  task = g_task_new (self, self->cancellable, narrow_cb, NULL);
  g_task_set_source_tag (task, narrow);
  g_task_set_task_data (task, job, (GDestroyNotify) narrow_job_free);
  set_running (self, +1);
  g_task_run_in_thread (task, narrow_thread);
}

static void
snapshot_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PlumbDirectoryModel *self = source_object;
  g_autoptr(PlumbUserRows) rows = NULL;
  GError *error = NULL;

  rows = plumb_store_list_users (self->store, self->company_id, cancellable, &error);
  if (rows == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, snapshot_new (rows), (GDestroyNotify) snapshot_unref);
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PlumbDirectoryModel *self = PLUMB_DIRECTORY_MODEL (object);
  g_autoptr(GError) error = NULL;
  Snapshot *snap;

  set_running (self, -1);

  snap = g_task_propagate_pointer (G_TASK (result), &error);
  if (snap == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the directory from the store: %s", error->message);
      return;
    }

  g_clear_pointer (&self->snapshot, snapshot_unref);
  self->snapshot = snap;
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  narrow (self);
}

/* Reads the company from the store again, e.g. after a sync. */
void
plumb_directory_model_reload (PlumbDirectoryModel *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLUMB_IS_DIRECTORY_MODEL (self));

  task = g_task_new (self, self->cancellable, reload_cb, NULL);
  g_task_set_source_tag (task, plumb_directory_model_reload);
  set_running (self, +1);
  g_task_run_in_thread (task, snapshot_thread);
}

PlumbDirectoryModel *
plumb_directory_model_new (PlumbStore *store,
                           gint64      company_id)
{
  PlumbDirectoryModel *self;

  g_return_val_if_fail (PLUMB_IS_STORE (store), NULL);

  self = g_object_new (PLUMB_TYPE_DIRECTORY_MODEL, NULL);
  self->store = g_object_ref (store);
  self->company_id = company_id;

  return self;
}

void
plumb_directory_model_set_search (PlumbDirectoryModel *self,
                                  const char          *search)
{
  g_return_if_fail (PLUMB_IS_DIRECTORY_MODEL (self));

  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  narrow (self);
}

const char *
plumb_directory_model_get_search (PlumbDirectoryModel *self)
{
  g_return_val_if_fail (PLUMB_IS_DIRECTORY_MODEL (self), NULL);

  return self->search;
}

void
plumb_directory_model_set_filter (PlumbDirectoryModel   *self,
                                  PlumbInvitationFilter  filter)
{
  g_return_if_fail (PLUMB_IS_DIRECTORY_MODEL (self));

  if (self->filter == filter)
    return;

  self->filter = filter;
  narrow (self);
}

PlumbInvitationFilter
plumb_directory_model_get_filter (PlumbDirectoryModel *self)
{
  g_return_val_if_fail (PLUMB_IS_DIRECTORY_MODEL (self), PLUMB_INVITATION_FILTER_ALL);

  return self->filter;
}

void
plumb_directory_model_set_sort (PlumbDirectoryModel *self,
                                PlumbUserSort        sort,
                                gboolean             descending)
{
  g_return_if_fail (PLUMB_IS_DIRECTORY_MODEL (self));
  g_return_if_fail (sort < PLUMB_N_USER_SORTS);

  if (self->sort == sort && self->descending == !!descending)
    return;

  self->sort = sort;
  self->descending = !!descending;
  narrow (self);
}

void
plumb_directory_model_set_now (PlumbDirectoryModel *self,
                               GDateTime           *now)
{
  g_return_if_fail (PLUMB_IS_DIRECTORY_MODEL (self));
  g_return_if_fail (now != NULL);

  if (self->now != NULL && g_date_time_equal (self->now, now))
    return;

  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = g_date_time_ref (now);
  /* Every "invited N days ago" may have changed. */
  if (self->snapshot != NULL)
    refresh_slots (self, self->visible->len);
}

void
plumb_directory_model_set_pending_invites (PlumbDirectoryModel *self,
                                           const gint64        *ids,
                                           guint                n_ids)
{
  g_return_if_fail (PLUMB_IS_DIRECTORY_MODEL (self));

  g_hash_table_remove_all (self->pending);
  for (guint i = 0; i < n_ids; i++)
    g_hash_table_add (self->pending, g_memdup2 (&ids[i], sizeof (gint64)));

  if (self->snapshot != NULL)
    refresh_slots (self, self->visible->len);
}

gboolean
plumb_directory_model_get_loading (PlumbDirectoryModel *self)
{
  g_return_val_if_fail (PLUMB_IS_DIRECTORY_MODEL (self), FALSE);

  return self->n_running > 0;
}

gboolean
plumb_directory_model_get_loaded (PlumbDirectoryModel *self)
{
  g_return_val_if_fail (PLUMB_IS_DIRECTORY_MODEL (self), FALSE);

  return self->loaded;
}

guint
plumb_directory_model_get_total (PlumbDirectoryModel *self)
{
  g_return_val_if_fail (PLUMB_IS_DIRECTORY_MODEL (self), 0);

  return self->snapshot ? self->snapshot->n_active : 0;
}

guint
plumb_directory_model_find (PlumbDirectoryModel *self,
                            gint64               id)
{
  g_return_val_if_fail (PLUMB_IS_DIRECTORY_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->visible->len; i++)
    {
      guint index = g_array_index (self->visible, guint, i);

      if (plumb_user_rows_get (self->snapshot->rows, index)->id == id)
        return i;
    }

  return G_MAXUINT;
}

static GType
plumb_directory_model_get_item_type (GListModel *model)
{
  return PLUMB_TYPE_DIRECTORY_ITEM;
}

static guint
plumb_directory_model_get_n_items (GListModel *model)
{
  return PLUMB_DIRECTORY_MODEL (model)->visible->len;
}

static gpointer
plumb_directory_model_get_item (GListModel *model,
                                guint       position)
{
  PlumbDirectoryModel *self = PLUMB_DIRECTORY_MODEL (model);
  PlumbDirectoryItem *item;
  guint index;
  gint64 id;

  if (position >= self->visible->len)
    return NULL;

  index = g_array_index (self->visible, guint, position);

  id = plumb_user_rows_get (self->snapshot->rows, index)->id;

  /* One item per position: when a search changes who stands there, the item
   * is pointed at the new person and the row's widgets are updated in place
   * instead of being built again. */
  item = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
  if (item == NULL)
    {
      item = plumb_directory_item_new (self->snapshot->rows, index, self->now,
                                       g_hash_table_contains (self->pending, &id));
      g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), item);
    }
  else
    plumb_directory_item_set_row (item, self->snapshot->rows, index, self->now,
                                  g_hash_table_contains (self->pending, &id));

  return g_object_ref (item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = plumb_directory_model_get_item_type;
  iface->get_n_items = plumb_directory_model_get_n_items;
  iface->get_item = plumb_directory_model_get_item;
}

static void
plumb_directory_model_dispose (GObject *object)
{
  PlumbDirectoryModel *self = PLUMB_DIRECTORY_MODEL (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (plumb_directory_model_parent_class)->dispose (object);
}

static void
plumb_directory_model_finalize (GObject *object)
{
  PlumbDirectoryModel *self = PLUMB_DIRECTORY_MODEL (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->snapshot, snapshot_unref);
  g_clear_pointer (&self->visible, g_array_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->slots, g_hash_table_unref);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (plumb_directory_model_parent_class)->finalize (object);
}

static void
plumb_directory_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PlumbDirectoryModel *self = PLUMB_DIRECTORY_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, plumb_directory_model_get_loading (self));
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_TOTAL:
      g_value_set_uint (value, plumb_directory_model_get_total (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->visible->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_directory_model_class_init (PlumbDirectoryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = plumb_directory_model_dispose;
  object_class->finalize = plumb_directory_model_finalize;
  object_class->get_property = plumb_directory_model_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  properties[PROP_TOTAL] = g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plumb_directory_model_init (PlumbDirectoryModel *self)
{
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint));
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->slots = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->now = g_date_time_new_now_utc ();
  self->filter = PLUMB_INVITATION_FILTER_ALL;
  self->sort = PLUMB_USER_SORT_NAME;
}
