/* store-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "plumb-user-page.h"
#include "plumb-test-dirs.h"
#include "store-test.h"

char *
store_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("plumb-store-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);

  return dir;
}

void
store_test_rmdir (const char *path)
{
  if (path != NULL)
    plumb_test_remove_tree (path);
}

PlumbStore *
store_test_open (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "store.sqlite3", NULL);
  PlumbStore *store = plumb_store_open (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (PLUMB_IS_STORE (store));

  return store;
}

PlumbStore *
store_test_open_new (char **dir)
{
  *dir = store_test_mkdtemp ();

  return store_test_open (*dir);
}

JsonObject *
store_test_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return json_node_dup_object (node);
}

JsonArray *
store_test_array (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));

  return json_node_dup_array (node);
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

void
store_test_wait (gboolean *flag)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, on_timeout, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (id);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} PageWrite;

static void
page_written (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PageWrite *write = user_data;

  write->ok = plumb_store_add_user_page_finish (PLUMB_STORE (source), result, &write->error);
  write->done = TRUE;
}

gboolean
store_test_load_snapshot (PlumbStore         *store,
                          gint64              company_id,
                          const char * const *pages,
                          GError            **error)
{
  gint64 generation = plumb_store_begin_user_snapshot (store, company_id, NULL, error);
  guint n = 0;

  if (generation == 0)
    return FALSE;
  for (; pages[n] != NULL; n++)
    {
      g_autoptr(GBytes) body = g_bytes_new (pages[n], strlen (pages[n]));
      PlumbUserPage *page = plumb_user_page_read (body, PLUMB_USER_PAGE_INDEX);
      PageWrite write = { FALSE, FALSE, NULL };

      g_assert_nonnull (page);
      plumb_store_add_user_page_async (store, company_id, generation, n, page, NULL, page_written, &write);
      store_test_wait (&write.done);
      if (!write.ok)
        {
          g_propagate_error (error, write.error);
          return FALSE;
        }
    }
  return plumb_store_commit_user_snapshot (store, company_id, generation, n, NULL, error);
}
