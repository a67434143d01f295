/* test-sync-page.c: the user list read without a JSON tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-sync-private.h"
#include "sync-test.h"

static PlumbUserPage *
read_text (const char *text)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  return plumb_user_page_read (body, PLUMB_USER_PAGE_COLUMNS);
}

static const PlumbUserRecord *
record_at (PlumbUserPage *page,
           guint          i)
{
  GArray *records = plumb_user_page_get_records (page);

  g_assert_cmpuint (i, <, records->len);
  return &g_array_index (records, PlumbUserRecord, i);
}

static void
test_fields (void)
{
  g_autoptr(PlumbUserPage) page = read_text (
    " [ {\"id\": 42, \"first_name\": \"Ren\\u00e9e\", \"last_name\": \"O\\\"Neil\", \"name\": null,"
    "    \"email_address\": \"renee@example.com\", \"job_title\": \"Site \\/ Safety\\n\","
    "    \"is_active\": false, \"vendor\": {\"id\": 7, \"name\": \"Acme \\ud83d\\ude00\", \"tags\": [1, {\"name\": \"x\"}]},"
    "    \"permission_template\": null, \"avatar\": 12, \"updated_at\": \"2026-01-02T03:04:05Z\","
    "    \"extra\": [true, false, null, -1.5e3, {\"a\": [[]]}], \"business_phone_extension\": 0},"
    "   {\"id\": 9007199254740993, \"permission_template\": {\"name\": \"Standard\"}} ] ");
  const PlumbUserRecord *r;

  g_assert_nonnull (page);
  g_assert_cmpuint (plumb_user_page_get_records (page)->len, ==, 2);
  r = record_at (page, 0);
  g_assert_cmpint (r->id, ==, 42);
  g_assert_false (r->is_active);
  g_assert_cmpstr (r->first_name, ==, "Renée");
  g_assert_cmpstr (r->last_name, ==, "O\"Neil");
  g_assert_null (r->name);
  g_assert_cmpstr (r->job_title, ==, "Site / Safety\n");
  g_assert_cmpstr (r->vendor_name, ==, "Acme \xf0\x9f\x98\x80");
  g_assert_null (r->permission_template_name);
  g_assert_null (r->avatar);
  g_assert_cmpstr (r->updated_at, ==, "2026-01-02T03:04:05Z");
  g_assert_true (r->json[0] == '{' && r->json[r->json_len - 1] == '}');
  {
    /* The kept text is the object itself, valid JSON. */
    g_autofree char *text = g_strndup (r->json, r->json_len);
    g_autoptr(JsonNode) node = json_from_string (text, NULL);

    g_assert_nonnull (node);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "id"), ==, 42);
  }
  r = record_at (page, 1);
  g_assert_cmpint (r->id, ==, G_GINT64_CONSTANT (9007199254740993));
  g_assert_true (r->is_active);
  g_assert_cmpstr (r->permission_template_name, ==, "Standard");

  /* The index a full load keeps: ids, places and the newest time only. */
  {
    const char *text = "[{\"id\": 7, \"updated_at\": \"2026-01-02T03:04:05Z\", \"name\": \"A\", \"is_active\": false},"
                       " {\"updated_at\": \"2026-03-01T00:00:00+01:00\", \"id\": 8}, {\"id\": 9, \"updated_at\": null}]";
    g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
    g_autoptr(PlumbUserPage) index = plumb_user_page_read (body, PLUMB_USER_PAGE_INDEX);
    GArray *records;

    g_assert_nonnull (index);
    records = plumb_user_page_get_records (index);
    g_assert_cmpuint (records->len, ==, 3);
    g_assert_cmpint (g_array_index (records, PlumbUserRecord, 0).id, ==, 7);
    g_assert_false (g_array_index (records, PlumbUserRecord, 0).is_active);
    g_assert_null (g_array_index (records, PlumbUserRecord, 0).name);
    g_assert_true (g_array_index (records, PlumbUserRecord, 1).json == text + 83);
    g_assert_cmpint (g_array_index (records, PlumbUserRecord, 2).id, ==, 9);
    /* An offset other than Z goes through GLib's parser. */
    g_assert_cmpint (plumb_user_page_get_max_updated (index), ==, G_GINT64_CONSTANT (1772319600));
    g_assert_cmpint (plumb_user_page_parse_time ("2026-01-02T03:04:05Z", 20), ==, G_GINT64_CONSTANT (1767323045));
  }

  g_clear_pointer (&page, plumb_user_page_free);
  page = read_text ("[]");
  g_assert_nonnull (page);
  g_assert_cmpuint (plumb_user_page_get_records (page)->len, ==, 0);
}

static void
test_refused (void)
{
  const char *bad[] = {
    "", "[", "[{\"id\": 1}", "[{\"id\": 1}] x", "{\"id\": 1}", "[1]", "[{}]",
    "[{\"id\": 1.0}]", "[{\"id\": \"1\"}]", "[{\"id\": 01}]", "[{\"id\": -}]",
    "[{\"id\": 1, \"name\": \"a\\ud800\"}]", "[{\"id\": 1, \"name\": \"a\\udc00b\"}]",
    "[{\"id\": 1, \"name\": \"tab\there\"}]", "[{\"id\": 1, \"name\": \"\\x\"}]",
    "[{\"id\": 1, \"name\": \"\\u0000\"}]", "[{\"id\": 1, \"name\": \"\xc3\"}]",
    "[{\"id\": 1, \"is_active\": \"yes\"}]", "[{\"id\": 1,}]", "[{\"id\": 1},]",
    "[{\"id\": 1, \"x\": tru}]", "[{\"id\": 1 \"x\": 2}]", "[{\"id\": 99999999999999999999}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(PlumbUserPage) page = read_text (bad[i]);

      if (page != NULL)
        g_error ("accepted: %s", bad[i]);
    }

  {
    GString *deep = g_string_new ("[{\"id\": 1, \"x\": ");
    g_autoptr(PlumbUserPage) page = NULL;

    for (guint i = 0; i < 100; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 100; i++)
      g_string_append_c (deep, ']');
    g_string_append (deep, "}]");
    page = read_text (deep->str);
    g_assert_null (page);
    g_string_free (deep, TRUE);
  }
}

/* A real page of the sandbox reads the same as through json-glib. */
static void
test_sandbox_page (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  g_autofree char *token = test_service_token (ts);
  g_autoptr(Reply) reply = test_request (ts, "GET", "/rest/v1.3/companies/5001/users?per_page=1000",
                                         token, NORTHWIND, NULL, NULL);
  g_autoptr(PlumbUserPage) page = plumb_user_page_read (reply->body, PLUMB_USER_PAGE_COLUMNS);
  JsonArray *array = reply_array (reply);

  g_assert_nonnull (page);
  g_assert_cmpuint (plumb_user_page_get_records (page)->len, ==, json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *user = json_array_get_object_element (array, i);
      const PlumbUserRecord *r = record_at (page, i);
      JsonObject *vendor = json_object_get_member (user, "vendor") != NULL &&
                           JSON_NODE_HOLDS_OBJECT (json_object_get_member (user, "vendor"))
                           ? json_object_get_object_member (user, "vendor") : NULL;
      g_autofree char *text = g_strndup (r->json, r->json_len);
      g_autoptr(JsonNode) again = json_from_string (text, NULL);

      g_assert_cmpint (r->id, ==, json_object_get_int_member (user, "id"));
      g_assert_cmpint (r->is_active, ==, json_object_get_boolean_member (user, "is_active"));
      g_assert_cmpstr (r->name, ==, json_object_get_string_member_with_default (user, "name", NULL));
      g_assert_cmpstr (r->email_address, ==, json_object_get_string_member_with_default (user, "email_address", NULL));
      g_assert_cmpstr (r->job_title, ==, json_object_get_string_member_with_default (user, "job_title", NULL));
      g_assert_cmpstr (r->updated_at, ==, json_object_get_string_member_with_default (user, "updated_at", NULL));
      g_assert_cmpstr (r->last_login_at, ==, json_object_get_string_member_with_default (user, "last_login_at", NULL));
      g_assert_cmpstr (r->vendor_name, ==, vendor != NULL ? json_object_get_string_member_with_default (vendor, "name", NULL) : NULL);
      g_assert_true (json_object_equal (json_node_get_object (again), user));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/page/fields", test_fields);
  g_test_add_func ("/sync/page/refused", test_refused);
  g_test_add_func ("/sync/page/sandbox", test_sandbox_page);
  return g_test_run ();
}
