/* fuzz-user.c: a page of the user list, read by both readers
 *
 * The fast reader walks untrusted text by hand; json-glib and
 * plumb_user_new_from_json() read the same page through a tree. Both must
 * survive anything, and when the fast reader takes a page, the tree must
 * take it too and see the same people. The record scanner takes every
 * page the fast reader takes and finds the same records, each of which
 * reads alone into the same person; it takes only JSON arrays of objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-user-private.h"

#include "../fuzz-json.h"

static char *
user_text (PlumbUser *user)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, plumb_user_to_json (user));
  (void) plumb_user_get_name (user);
  (void) plumb_user_get_email_address (user);
  (void) plumb_user_get_invitation_state (user);
  return json_to_string (node, FALSE);
}

static void
read_tree (JsonNode  *root,
           GPtrArray *users)
{
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        g_ptr_array_add (users, plumb_user_new_from_json (json_node_get_object (element)));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) fast = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) tree = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (PlumbUserSpan));
  g_autoptr(JsonNode) root = fuzz_parse_json (data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *canonical = NULL;
  gboolean fast_ok;
  gboolean scan_ok;

  fast_ok = plumb_user_read_list ((const char *) data, size, fast, &error);
  g_assert_true (fast_ok == (error == NULL));
  scan_ok = plumb_user_scan_list ((const char *) data, size, records, NULL);
  read_tree (root, tree);

  if (scan_ok)
    {
      g_assert_nonnull (root);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
      g_assert_cmpuint (records->len, ==, json_array_get_length (json_node_get_array (root)));
      g_assert_cmpuint (records->len, ==, tree->len);
    }
  else
    g_assert_cmpuint (records->len, ==, 0);

  if (!fast_ok)
    return 0;
  g_assert_true (scan_ok);
  g_assert_cmpuint (records->len, ==, fast->len);
  for (guint i = 0; i < records->len; i++)
    {
      PlumbUserSpan *record = &g_array_index (records, PlumbUserSpan, i);
      g_autoptr(PlumbUser) alone = plumb_user_read_record ((const char *) data + record->offset, record->len);
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      g_assert_nonnull (alone);
      a = user_text (alone);
      b = user_text (g_ptr_array_index (fast, i));
      g_assert_cmpstr (a, ==, b);
      if (record->id != 0)
        g_assert_cmpint (record->id, ==, plumb_user_get_id (alone));
    }
  /* The fast reader takes exactly JSON, which json-glib takes too. */
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  g_assert_cmpuint (fast->len, ==, tree->len);

  /* JSON leaves repeated member names open; compare the two readers on the
   * page as json-glib understood it, where each name comes once. */
  canonical = json_to_string (root, FALSE);
  if (!plumb_user_read_list (canonical, strlen (canonical), again, NULL))
    return 0;
  g_assert_cmpuint (again->len, ==, tree->len);
  for (guint i = 0; i < again->len; i++)
    {
      g_autofree char *a = user_text (g_ptr_array_index (again, i));
      g_autofree char *b = user_text (g_ptr_array_index (tree, i));

      g_assert_cmpstr (a, ==, b);
    }
  return 0;
}
