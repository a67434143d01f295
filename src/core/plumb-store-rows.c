/* plumb-store-rows.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "plumb-store-rows.h"

struct _PlumbUserRows
{
  gatomicrefcount  ref_count;
  GArray          *rows;
  GStringChunk    *strings;
  guint            total;
};

G_DEFINE_BOXED_TYPE (PlumbUserRows, plumb_user_rows, plumb_user_rows_ref, plumb_user_rows_unref)

PlumbUserRows *
plumb_user_rows_new (void)
{
  PlumbUserRows *rows = g_new0 (PlumbUserRows, 1);

  g_atomic_ref_count_init (&rows->ref_count);
  rows->rows = g_array_new (FALSE, FALSE, sizeof (PlumbUserRow));
  rows->strings = g_string_chunk_new (64 * 1024);

  return rows;
}

PlumbUserRows *
plumb_user_rows_ref (PlumbUserRows *rows)
{
  g_return_val_if_fail (rows != NULL, NULL);

  g_atomic_ref_count_inc (&rows->ref_count);

  return rows;
}

void
plumb_user_rows_unref (PlumbUserRows *rows)
{
  g_return_if_fail (rows != NULL);

  if (g_atomic_ref_count_dec (&rows->ref_count))
    {
      g_array_unref (rows->rows);
      g_string_chunk_free (rows->strings);
      g_free (rows);
    }
}

guint
plumb_user_rows_get_n (PlumbUserRows *rows)
{
  g_return_val_if_fail (rows != NULL, 0);

  return rows->rows->len;
}

const PlumbUserRow *
plumb_user_rows_get (PlumbUserRows *rows,
                     guint          index)
{
  g_return_val_if_fail (rows != NULL, NULL);
  g_return_val_if_fail (index < rows->rows->len, NULL);

  return &g_array_index (rows->rows, PlumbUserRow, index);
}

guint
plumb_user_rows_get_total (PlumbUserRows *rows)
{
  g_return_val_if_fail (rows != NULL, 0);

  return rows->total;
}

void
plumb_user_rows_set_total (PlumbUserRows *rows,
                           guint          total)
{
  g_return_if_fail (rows != NULL);

  rows->total = total;
}

static const char *
keep (GStringChunk *chunk,
      const char   *text)
{
  return text != NULL ? g_string_chunk_insert (chunk, text) : NULL;
}

/* Values that repeat across thousands of people share one copy. */
static const char *
keep_shared (GStringChunk *chunk,
             const char   *text)
{
  return text != NULL ? g_string_chunk_insert_const (chunk, text) : NULL;
}

void
plumb_user_rows_add (PlumbUserRows      *rows,
                     const PlumbUserRow *row)
{
  PlumbUserRow copy;

  g_return_if_fail (rows != NULL);
  g_return_if_fail (row != NULL);

  copy.id = row->id;
  copy.company_id = row->company_id;
  copy.is_active = row->is_active;
  copy.first_name = keep (rows->strings, row->first_name);
  copy.last_name = keep (rows->strings, row->last_name);
  copy.name = keep (rows->strings, row->name);
  copy.email = keep (rows->strings, row->email);
  copy.job_title = keep_shared (rows->strings, row->job_title);
  copy.vendor_name = keep_shared (rows->strings, row->vendor_name);
  copy.permission_template_name = keep_shared (rows->strings, row->permission_template_name);
  copy.last_login_at = keep (rows->strings, row->last_login_at);
  copy.welcome_email_sent_at = keep (rows->strings, row->welcome_email_sent_at);
  copy.updated_at = keep (rows->strings, row->updated_at);
  copy.avatar = keep (rows->strings, row->avatar);

  g_array_append_val (rows->rows, copy);
  rows->total = rows->rows->len;
}

/* Inline: this runs some two million times to sort 100,000 names. */
static inline guchar
ascii_lower (guchar c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* SQLite's NOCASE: ASCII letters folded, every other byte compared as is. */
static int
nocase_compare (const char *a,
                const char *b)
{
  while (*a != '\0' && *b != '\0')
    {
      guchar ca = ascii_lower ((guchar) *a);
      guchar cb = ascii_lower ((guchar) *b);

      if (ca != cb)
        return ca - cb;
      a++;
      b++;
    }

  return (guchar) *a - (guchar) *b;
}

/* Sorting 100,000 rows by comparing their names through pointers spends
 * its time waiting for memory. Each entry carries the first eight folded
 * bytes of its name, packed so that comparing the numbers compares the
 * bytes; only equal prefixes look at the names themselves. */
typedef struct
{
  guint64             prefix;
  const PlumbUserRow *row;
} SortEntry;

static guint64
name_prefix (const char *name)
{
  guint64 prefix = 0;
  guint i;

  for (i = 0; i < 8 && name[i] != '\0'; i++)
    prefix = (prefix << 8) | ascii_lower ((guchar) name[i]);
  for (; i < 8; i++)
    prefix <<= 8;

  return prefix;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const SortEntry *ea = a;
  const SortEntry *eb = b;
  const PlumbUserRow *ra = ea->row;
  const PlumbUserRow *rb = eb->row;
  int result = 0;

  if ((ra->name == NULL) != (rb->name == NULL))
    return ra->name == NULL ? 1 : -1;

  if (ea->prefix != eb->prefix)
    return ea->prefix < eb->prefix ? -1 : 1;

  if (ra->name != NULL)
    result = nocase_compare (ra->name, rb->name);
  if (result == 0)
    result = ra->id < rb->id ? -1 : ra->id > rb->id;

  return result;
}

void
plumb_user_rows_sort_by_name (PlumbUserRows *rows)
{
  g_autofree SortEntry *entries = NULL;
  GArray *sorted;
  guint n;

  g_return_if_fail (rows != NULL);

  n = rows->rows->len;
  entries = g_new (SortEntry, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const PlumbUserRow *row = &g_array_index (rows->rows, PlumbUserRow, i);

      entries[i].row = row;
      entries[i].prefix = row->name != NULL ? name_prefix (row->name) : 0;
    }

  qsort (entries, n, sizeof (SortEntry), compare_entries);

  sorted = g_array_sized_new (FALSE, FALSE, sizeof (PlumbUserRow), n);
  for (guint i = 0; i < n; i++)
    g_array_append_vals (sorted, entries[i].row, 1);

  g_array_unref (rows->rows);
  rows->rows = sorted;
}
