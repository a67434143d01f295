/* plumb-outbox-conflict.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-outbox-conflict.h"

G_DEFINE_BOXED_TYPE (PlumbConflict, plumb_conflict, plumb_conflict_copy, plumb_conflict_free)

static JsonNode *
value_or_null (JsonNode *node)
{
  return node != NULL ? json_node_copy (node) : json_node_new (JSON_NODE_NULL);
}

PlumbConflict *
plumb_conflict_new (const char *field,
                    JsonNode   *mine,
                    JsonNode   *base,
                    JsonNode   *theirs)
{
  PlumbConflict *conflict;

  g_return_val_if_fail (field != NULL, NULL);

  conflict = g_new0 (PlumbConflict, 1);
  conflict->field = g_strdup (field);
  conflict->mine = value_or_null (mine);
  conflict->base = value_or_null (base);
  conflict->theirs = value_or_null (theirs);

  return conflict;
}

PlumbConflict *
plumb_conflict_copy (const PlumbConflict *conflict)
{
  g_return_val_if_fail (conflict != NULL, NULL);

  return plumb_conflict_new (conflict->field, conflict->mine, conflict->base, conflict->theirs);
}

void
plumb_conflict_free (PlumbConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->field);
  g_clear_pointer (&conflict->mine, json_node_unref);
  g_clear_pointer (&conflict->base, json_node_unref);
  g_clear_pointer (&conflict->theirs, json_node_unref);
  g_free (conflict);
}

static gboolean
is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

gboolean
plumb_json_values_equal (JsonNode *a,
                         JsonNode *b)
{
  if (is_null (a) || is_null (b))
    return is_null (a) && is_null (b);

  return json_node_equal (a, b);
}

GPtrArray *
plumb_conflicts_detect (JsonObject  *edits,
                        JsonObject  *base,
                        JsonObject  *server,
                        GPtrArray  **clean)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) plumb_conflict_free);
  g_autoptr(GPtrArray) through = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) fields = NULL;

  g_return_val_if_fail (edits != NULL, NULL);
  g_return_val_if_fail (server != NULL, NULL);

  fields = json_object_get_members (edits);

  for (const GList *l = fields; l != NULL; l = l->next)
    {
      const char *field = l->data;
      JsonNode *mine = json_object_get_member (edits, field);
      JsonNode *was = base != NULL ? json_object_get_member (base, field) : NULL;
      JsonNode *theirs = json_object_get_member (server, field);

      /* The server moved away from the base, and not to my value: someone
       * else changed this field meanwhile. */
      if (!plumb_json_values_equal (theirs, was) && !plumb_json_values_equal (theirs, mine))
        g_ptr_array_add (conflicts, plumb_conflict_new (field, mine, was, theirs));
      else
        g_ptr_array_add (through, g_strdup (field));
    }

  if (clean != NULL)
    *clean = g_steal_pointer (&through);

  return g_steal_pointer (&conflicts);
}
