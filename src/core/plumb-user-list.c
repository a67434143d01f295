/* plumb-user-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages are checked and copied in worker threads into a few big blocks of
 * text, which the kernel may back with huge pages: a 100,000-person list is
 * some 90 MB, and mapping it 4 KB at a time costs more than reading it.
 */

#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include "plumb-user-list-private.h"
#include "plumb-user-private.h"

#define HUGE_PAGE        (2 * 1024 * 1024)
#define MAX_BLOCK        (32 * 1024 * 1024)

typedef struct
{
  char  *base;
  gsize  size;
  gsize  used;
  gsize  mapped;    /* 0 when from g_malloc */
} Block;

typedef struct
{
  const char *json;
  gsize       len;
  gint64      id;
} Record;

struct _PlumbUserList
{
  GObject  parent_instance;

  GMutex   lock;      /* the blocks, while pages are read in threads */
  GArray  *blocks;    /* Block */
  gsize    text_size;
  GArray  *records;   /* Record, in the server's order */
};

G_DEFINE_FINAL_TYPE (PlumbUserList, plumb_user_list, G_TYPE_OBJECT)

static void
block_clear (Block *block)
{
  if (block->mapped > 0)
    munmap (block->base, block->mapped);
  else
    g_free (block->base);
}

static void
plumb_user_list_finalize (GObject *object)
{
  PlumbUserList *self = PLUMB_USER_LIST (object);

  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->records, g_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (plumb_user_list_parent_class)->finalize (object);
}

static void
plumb_user_list_class_init (PlumbUserListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plumb_user_list_finalize;
}

static void
plumb_user_list_init (PlumbUserList *self)
{
  g_mutex_init (&self->lock);
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, (GDestroyNotify) block_clear);
  self->records = g_array_new (FALSE, FALSE, sizeof (Record));
}

PlumbUserList *
plumb_user_list_new (void)
{
  return g_object_new (PLUMB_TYPE_USER_LIST, NULL);
}

/* A block of @size bytes aligned to a huge page, or NULL. */
static char *
map_block (gsize size)
{
  gsize span = size + HUGE_PAGE;
  char *start = mmap (NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *aligned;
  gsize head, tail;

  if (start == MAP_FAILED)
    return NULL;
  aligned = (char *) (((guintptr) start + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
  head = (gsize) (aligned - start);
  tail = span - head - size;
  if (head > 0)
    munmap (start, head);
  if (tail > 0)
    munmap (aligned + size, tail);
#ifdef MADV_HUGEPAGE
  madvise (aligned, size, MADV_HUGEPAGE);
#endif
  return aligned;
}

/* Room for @len bytes of text that live as long as the list. */
static char *
take_text (PlumbUserList *self,
           gsize          len)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  Block *last = self->blocks->len > 0 ? &g_array_index (self->blocks, Block, self->blocks->len - 1) : NULL;
  Block block = { 0 };
  char *text;

  if (last != NULL && last->size - last->used >= len)
    {
      text = last->base + last->used;
      last->used += len;
      return text;
    }

  /* Each block as big as all before it, so a small list stays small and a
   * big one takes few blocks. */
  block.size = MAX (len, MIN (self->text_size, (gsize) MAX_BLOCK));
  if (block.size >= HUGE_PAGE / 2)
    {
      block.size = (block.size + HUGE_PAGE - 1) & ~(gsize) (HUGE_PAGE - 1);
      block.base = map_block (block.size);
      block.mapped = block.base != NULL ? block.size : 0;
    }
  if (block.base == NULL)
    block.base = g_malloc (block.size);
  block.used = len;
  self->text_size += block.size;
  g_array_append_val (self->blocks, block);
  return block.base;
}

GArray *
plumb_user_list_read_page (PlumbUserList  *self,
                           const char     *data,
                           gsize           len,
                           GError        **error)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (PlumbUserSpan));
  GArray *records;
  char *text;

  if (!plumb_user_scan_list (data, len, found, error))
    return NULL;

  records = g_array_sized_new (FALSE, FALSE, sizeof (Record), found->len);
  if (found->len == 0)
    return records;

  /* Only the records' own text is kept, not the page's brackets. */
  {
    PlumbUserSpan *first = &g_array_index (found, PlumbUserSpan, 0);
    PlumbUserSpan *last = &g_array_index (found, PlumbUserSpan, found->len - 1);
    gsize start = first->offset;
    gsize span = last->offset + last->len - start;

    text = take_text (self, span);
    memcpy (text, data + start, span);
    for (guint i = 0; i < found->len; i++)
      {
        PlumbUserSpan *at = &g_array_index (found, PlumbUserSpan, i);
        Record record = { text + (at->offset - start), at->len, at->id };

        g_array_append_val (records, record);
      }
  }
  return records;
}

void
plumb_user_list_add_page (PlumbUserList *self,
                          GArray        *records)
{
  g_array_append_vals (self->records, records->data, records->len);
}

guint
plumb_user_list_get_n_users (PlumbUserList *self)
{
  g_return_val_if_fail (PLUMB_IS_USER_LIST (self), 0);

  return self->records->len;
}

/* The "id" of record @index, 0 if it has none: read when the list was,
 * as a Procore record names its id first. */
gint64
plumb_user_list_get_id (PlumbUserList *self,
                        guint          index)
{
  const Record *record;

  g_return_val_if_fail (PLUMB_IS_USER_LIST (self), 0);
  g_return_val_if_fail (index < self->records->len, 0);

  record = &g_array_index (self->records, Record, index);
  if (record->id == 0)
    {
      g_autoptr(PlumbUser) user = plumb_user_list_dup_user (self, index);

      return user != NULL ? plumb_user_get_id (user) : 0;
    }
  return record->id;
}

/* The JSON object of record @index, exactly as sent; not NUL-terminated. */
const char *
plumb_user_list_get_json (PlumbUserList *self,
                          guint          index,
                          gsize         *len)
{
  const Record *record;

  g_return_val_if_fail (PLUMB_IS_USER_LIST (self), NULL);
  g_return_val_if_fail (index < self->records->len, NULL);
  g_return_val_if_fail (len != NULL, NULL);

  record = &g_array_index (self->records, Record, index);
  *len = record->len;
  return record->json;
}

/* A new PlumbUser with the fields of record @index, or NULL if they are
 * not of the types a user's fields have. */
PlumbUser *
plumb_user_list_dup_user (PlumbUserList *self,
                          guint          index)
{
  const Record *record;

  g_return_val_if_fail (PLUMB_IS_USER_LIST (self), NULL);
  g_return_val_if_fail (index < self->records->len, NULL);

  record = &g_array_index (self->records, Record, index);
  return plumb_user_read_record (record->json, record->len);
}
