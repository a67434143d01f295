/* fuzz-user-page.c: a page of the user list as the sync and the store read it
 *
 * The page reader (plumb-user-page.c) walks untrusted text by hand, in two
 * modes. Both must survive anything and agree on what they take; a page
 * they take is JSON to json-glib too, an array of as many objects, and
 * each person's span reads alone as the same object, whose columns are
 * what json-glib finds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-user-page.h"

#include "../fuzz-json.h"

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
name_of (JsonObject *object,
         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return string_member (json_node_get_object (node), "name");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new_static (data, size);
  g_autoptr(PlumbUserPage) index = plumb_user_page_read (body, PLUMB_USER_PAGE_INDEX);
  g_autoptr(PlumbUserPage) columns = plumb_user_page_read (body, PLUMB_USER_PAGE_COLUMNS);
  g_autoptr(JsonNode) root = NULL;
  GArray *a, *b;
  JsonArray *array;

  g_assert_true ((index == NULL) == (columns == NULL));
  if (index == NULL)
    return 0;

  root = fuzz_parse_json (data, size);
  a = plumb_user_page_get_records (index);
  b = plumb_user_page_get_records (columns);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (a->len, ==, json_array_get_length (array));
  g_assert_cmpuint (a->len, ==, b->len);
  g_assert_cmpint (plumb_user_page_get_max_updated (index), ==, plumb_user_page_get_max_updated (columns));

  for (guint i = 0; i < a->len; i++)
    {
      const PlumbUserRecord *ri = &g_array_index (a, PlumbUserRecord, i);
      const PlumbUserRecord *rc = &g_array_index (b, PlumbUserRecord, i);
      JsonObject *object = json_array_get_object_element (array, i);
      g_autofree char *alone = g_strndup (ri->json, ri->json_len);
      g_autoptr(JsonNode) again = json_from_string (alone, NULL);
      JsonNode *active = json_object_get_member (object, "is_active");

      g_assert_cmpint (ri->id, ==, rc->id);
      g_assert_true (ri->json == rc->json && ri->json_len == rc->json_len);
      g_assert_cmpint (ri->is_active, ==, rc->is_active);
      g_assert_nonnull (again);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (again));
      g_assert_true (json_object_equal (json_node_get_object (again), object));

      g_assert_cmpint (json_object_get_int_member (object, "id"), ==, rc->id);
      if (active != NULL && JSON_NODE_HOLDS_VALUE (active))
        g_assert_cmpint (rc->is_active, ==, json_node_get_boolean (active));
      g_assert_cmpstr (rc->first_name, ==, string_member (object, "first_name"));
      g_assert_cmpstr (rc->last_name, ==, string_member (object, "last_name"));
      g_assert_cmpstr (rc->name, ==, string_member (object, "name"));
      g_assert_cmpstr (rc->email_address, ==, string_member (object, "email_address"));
      g_assert_cmpstr (rc->job_title, ==, string_member (object, "job_title"));
      g_assert_cmpstr (rc->last_login_at, ==, string_member (object, "last_login_at"));
      g_assert_cmpstr (rc->welcome_email_sent_at, ==, string_member (object, "welcome_email_sent_at"));
      g_assert_cmpstr (rc->updated_at, ==, string_member (object, "updated_at"));
      g_assert_cmpstr (rc->avatar, ==, string_member (object, "avatar"));
      g_assert_cmpstr (rc->vendor_name, ==, name_of (object, "vendor"));
      g_assert_cmpstr (rc->permission_template_name, ==, name_of (object, "permission_template"));
    }
  return 0;
}
