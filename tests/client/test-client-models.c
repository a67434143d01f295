/* test-client-models.c: users, companies and permissions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "client-test.h"
#include "plumb-api.h"
#include "plumb-error.h"
#include "plumb-user-list-private.h"
#include "plumb-user-private.h"

static const char *sample =
  "{\"id\":8589934599,\"first_name\":\"Ada\",\"last_name\":\"Quinn\",\"name\":\"Ada Quinn\",\"initials\":\"AQ\","
  "\"job_title\":\"Estimator\",\"address\":\"1 Pier Road\",\"city\":\"Tacoma\",\"zip\":\"98402\","
  "\"state_code\":\"WA\",\"country_code\":\"US\",\"email_address\":\"ada@example.com\","
  "\"business_phone\":\"+1 253 555 0100\",\"business_phone_extension\":42,\"mobile_phone\":null,"
  "\"fax_number\":null,\"avatar\":\"https://example.com/a.png\",\"is_active\":true,\"is_employee\":false,"
  "\"employee_id\":\"E-7\",\"created_at\":\"2025-01-02T03:04:05Z\",\"updated_at\":\"2026-02-03T04:05:06Z\","
  "\"last_login_at\":null,\"welcome_email_sent_at\":\"2026-02-01T00:00:00Z\",\"last_activated_at\":null,"
  "\"permission_template\":{\"id\":7100,\"name\":\"Project Manager\"},"
  "\"company_permission_template\":null,\"vendor\":{\"id\":7000,\"name\":\"Northwind Builders\"},"
  "\"role\":\"Employee\"}";

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_user_round_trip (void)
{
  g_autoptr(JsonObject) object = parse_object (sample);
  g_autoptr(PlumbUser) user = plumb_user_new_from_json (object);
  g_autoptr(JsonObject) back = plumb_user_to_json (user);
  g_autoptr(PlumbUser) again = plumb_user_new_from_json (back);
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *vendor = NULL;
  g_autofree char *mobile = NULL;
  gint64 template_id = 0;
  gint64 extension = 0;
  gboolean employee = TRUE;
  g_autoptr(GList) members = json_object_get_members (object);

  g_assert_cmpint (plumb_user_get_id (user), ==, G_GINT64_CONSTANT (8589934599));
  g_assert_cmpstr (plumb_user_get_email_address (user), ==, "ada@example.com");
  g_assert_cmpint (plumb_user_get_business_phone_extension (user), ==, 42);
  g_object_get (user,
                "created-at", &created,
                "vendor-name", &vendor,
                "mobile-phone", &mobile,
                "permission-template-id", &template_id,
                "business-phone-extension", &extension,
                "is-employee", &employee,
                NULL);
  g_assert_cmpint (g_date_time_to_unix (created), ==, 1735787045);
  g_assert_cmpstr (vendor, ==, "Northwind Builders");
  g_assert_null (mobile);
  g_assert_cmpint (template_id, ==, 7100);
  g_assert_cmpint (extension, ==, 42);
  g_assert_false (employee);

  /* Every field of the API's list comes back out, with the same value. */
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *in = json_object_get_member (object, l->data);
      JsonNode *out = json_object_get_member (back, l->data);

      g_assert_nonnull (out);
      g_assert_true (json_node_equal (in, out));
    }
  g_assert_cmpint (plumb_user_get_id (again), ==, plumb_user_get_id (user));
  g_assert_true (g_date_time_equal (plumb_user_get_updated_at (again), plumb_user_get_updated_at (user)));
}

static void
test_invitation_state (void)
{
  g_autoptr(JsonObject) object = parse_object (sample);
  g_autoptr(PlumbUser) user = plumb_user_new_from_json (object);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  PlumbInvitationState state = 0;
  guint notified = 0;

  g_assert_cmpint (plumb_user_get_invitation_state (user), ==, PLUMB_INVITATION_INVITED);
  g_signal_connect_swapped (user, "notify::invitation-state", G_CALLBACK (g_nullify_pointer), &notified);
  notified = 1;

  g_object_set (user, "last-login-at", now, NULL);
  g_assert_cmpint (plumb_user_get_invitation_state (user), ==, PLUMB_INVITATION_SIGNED_IN);
  g_assert_cmpuint (notified, ==, 0);
  g_object_get (user, "invitation-state", &state, NULL);
  g_assert_cmpint (state, ==, PLUMB_INVITATION_SIGNED_IN);

  g_object_set (user, "last-login-at", NULL, "welcome-email-sent-at", NULL, NULL);
  g_assert_cmpint (plumb_user_get_invitation_state (user), ==, PLUMB_INVITATION_NEVER_INVITED);

  g_object_set (user, "business-phone-extension", (gint64) -1, NULL);
  {
    g_autoptr(JsonObject) back = plumb_user_to_json (user);

    g_assert_true (json_node_is_null (json_object_get_member (back, "business_phone_extension")));
    g_assert_true (json_node_is_null (json_object_get_member (back, "welcome_email_sent_at")));
  }
}

/* The rule for inviting, against what the sandbox says about the five demo
 * people (HACKING.md). */
static void
test_permissions (void)
{
  static const struct
  {
    const char       *email;
    PlumbAccessLevel  level;
    gboolean          can_invite;
    gboolean          can_change_email;
  } people[] = {
    { ADMIN_EMAIL, PLUMB_ACCESS_ADMIN, TRUE, TRUE },
    { SAM_EMAIL, PLUMB_ACCESS_STANDARD, TRUE, FALSE },
    { JORDAN_EMAIL, PLUMB_ACCESS_STANDARD, FALSE, FALSE },
    { RILEY_EMAIL, PLUMB_ACCESS_READ_ONLY, FALSE, FALSE },
    { CASEY_EMAIL, PLUMB_ACCESS_READ_ONLY, TRUE, FALSE },
  };
  Fixture f = { 0 };

  fixture_start (&f, 0, 0);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(PlumbAccount) account = fixture_sign_in_person (&f, people[i].email);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PlumbPermissions) permissions = NULL;
      g_autofree char *sentence = NULL;
      g_autofree char *email_sentence = NULL;

      plumb_api_get_permissions_async (plumb_account_get_session (account), NORTHWIND, NULL, store_result, &result);
      wait_for_result (&result);
      permissions = plumb_api_get_permissions_finish (plumb_account_get_session (account), result, &error);
      g_assert_no_error (error);
      g_assert_cmpint (plumb_permissions_get_directory_level (permissions), ==, people[i].level);
      g_assert_cmpint (plumb_permissions_can_invite (permissions), ==, people[i].can_invite);
      g_assert_cmpint (plumb_permissions_can_change_email (permissions), ==, people[i].can_change_email);

      sentence = plumb_permissions_dup_missing_sentence (permissions, FALSE);
      email_sentence = plumb_permissions_dup_missing_sentence (permissions, TRUE);
      if (people[i].can_invite)
        g_assert_null (sentence);
      else
        g_assert_nonnull (strstr (sentence, "Create and Edit Users (Based on Assignable Permissions Templates)"));
      if (people[i].can_change_email)
        g_assert_null (email_sentence);
      else
        g_assert_nonnull (strstr (email_sentence, "Admin"));
    }
  fixture_stop (&f);
}

static void
test_permissions_shapes (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PlumbPermissions) none = NULL;
  g_autoptr(PlumbPermissions) other_tool = NULL;

  none = plumb_permissions_new_from_json (1, NULL);
  g_assert_false (plumb_permissions_can_invite (none));

  /* The granular action on another tool does not count. */
  g_assert_true (json_parser_load_from_data (parser,
    "{\"tools\":[{\"name\":\"Documents\",\"user_access_level\":{\"name\":\"Standard\"},"
    "\"permitted_actions\":[{\"action_name\":\"Create and Edit Users (Based on Assignable Permissions Templates)\"}]},"
    "{\"name\":\"Directory\",\"user_access_level\":{\"name\":\"Standard\"},\"permitted_actions\":[]}]}", -1, NULL));
  other_tool = plumb_permissions_new_from_json (1, json_parser_get_root (parser));
  g_assert_cmpint (plumb_permissions_get_directory_level (other_tool), ==, PLUMB_ACCESS_STANDARD);
  g_assert_false (plumb_permissions_can_invite (other_tool));
}

/* The fast list reader agrees with the json-glib path, and refuses what is
 * not JSON. */
static void
test_list_reader (void)
{
  g_autofree char *list = g_strdup_printf ("[ %s ,\n {\"id\":\"12\",\"first_name\":\"Zo\\u00eb \\ud83d\\ude00\","
                                           "\"last_name\":\"O\\\"Neil\\\\\",\"extra\":[1,{\"a\":[true,null]},-2.5e3],\"job_title\":\"Chef de chantier \u00e0 \u0141\u00f3d\u017a\","
                                           "\"vendor\":{\"name\":null,\"id\":3},\"is_active\":false}]", sample);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = parse_object (sample);
  g_autoptr(PlumbUser) expected = plumb_user_new_from_json (object);
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;
  g_autoptr(JsonNode) node_a = NULL;
  g_autoptr(JsonNode) node_b = NULL;
  g_autofree char *vendor = NULL;
  gint64 vendor_id = 0;
  const char *const bad[] = {
    "", "[", "[{}", "[{\"id\":1}]x", "[{\"id\":01}]", "[{\"name\":\"a\x01\"}]",
    "[{\"name\":\"\xff\"}]", "[{\"name\":\"\\ud800\"}]", "[{\"id\" 1}]", "[{\"id\":tru}]",
    "{\"id\":1}", "[{\"name\":\"half", "[{\"name\":\"abcdefghijk\x01lmnop\"}]",
    "[{\"name\":\"abcdefghijk\xc3\"}]",
  };

  g_assert_true (plumb_user_read_list (list, strlen (list), users, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 2);

  a = plumb_user_to_json (g_ptr_array_index (users, 0));
  b = plumb_user_to_json (expected);
  node_a = json_node_init_object (json_node_alloc (), a);
  node_b = json_node_init_object (json_node_alloc (), b);
  g_assert_true (json_node_equal (node_a, node_b));

  g_assert_cmpint (plumb_user_get_id (g_ptr_array_index (users, 1)), ==, 12);
  g_assert_cmpstr (plumb_user_get_first_name (g_ptr_array_index (users, 1)), ==, "Zo\u00eb \U0001F600");
  g_assert_cmpstr (plumb_user_get_last_name (g_ptr_array_index (users, 1)), ==, "O\"Neil\\");
  g_assert_cmpstr (plumb_user_get_name (g_ptr_array_index (users, 1)), ==, "Zo\u00eb \U0001F600 O\"Neil\\");
  g_assert_false (plumb_user_get_is_active (g_ptr_array_index (users, 1)));
  g_assert_cmpstr (plumb_user_get_job_title (g_ptr_array_index (users, 1)), ==, "Chef de chantier \u00e0 \u0141\u00f3d\u017a");
  g_object_get (g_ptr_array_index (users, 1), "vendor-id", &vendor_id, "vendor-name", &vendor, NULL);
  g_assert_cmpint (vendor_id, ==, 3);
  g_assert_null (vendor);

  /* Strings read from a page can be replaced like any other. */
  g_object_set (g_ptr_array_index (users, 1), "first-name", "Zoe", "job-title", NULL, "vendor-name", "V", NULL);
  g_assert_cmpstr (plumb_user_get_first_name (g_ptr_array_index (users, 1)), ==, "Zoe");
  g_assert_cmpstr (plumb_user_get_last_name (g_ptr_array_index (users, 1)), ==, "O\"Neil\\");
  g_assert_null (plumb_user_get_job_title (g_ptr_array_index (users, 1)));
  g_assert_cmpint (g_date_time_to_unix (plumb_user_get_updated_at (g_ptr_array_index (users, 0))), ==, 1770091506);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) bad_error = NULL;

      g_assert_false (plumb_user_read_list (bad[i], strlen (bad[i]), none, &bad_error));
      g_assert_error (bad_error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
      g_assert_cmpuint (none->len, ==, 0);
    }
}

static void
assert_same_user (PlumbUser *a,
                  PlumbUser *b)
{
  g_autoptr(JsonObject) object_a = plumb_user_to_json (a);
  g_autoptr(JsonObject) object_b = plumb_user_to_json (b);
  g_autoptr(JsonNode) node_a = json_node_init_object (json_node_alloc (), object_a);
  g_autoptr(JsonNode) node_b = json_node_init_object (json_node_alloc (), object_b);

  g_assert_true (json_node_equal (node_a, node_b));
}

/* The record scanner finds the same records the reader reads, refuses what
 * the reader refuses, and a PlumbUserList gives back each record whole. */
static void
test_user_list (void)
{
  g_autofree char *list = g_strdup_printf ("[ %s ,\n {\"id\":\"12\",\"first_name\":\"Zo\\u00eb\","
                                           "\"extra\":[1,{\"a\":[true,null,\"]}\"]}],\"last_name\":\"}{\"},{}]", sample);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (PlumbUserSpan));
  g_autoptr(PlumbUserList) user_list = plumb_user_list_new ();
  g_autoptr(GString) big = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  const char *const bad[] = {
    "", "[", "[{}", "[{\"id\":1}]x", "[{\"id\":01}]", "[{\"name\":\"a\x01\"}]",
    "[{\"name\":\"\xff\"}]", "[{\"name\":\"\\ud800\"}]", "[{\"id\" 1}]", "[{\"id\":tru}]",
    "{\"id\":1}", "[{\"name\":\"half", "[{\"name\":\"abcdefghijk\x01lmnop\"}]",
    "[{\"name\":\"abcdefghijk\xc3\"}]", "[1]", "[{\"id\":1},]", "[{\"id\":}]", "[{\"id\":1,}]",
  };
  const guint n_big = 3000;
  guint n_pages = 0;

  g_assert_true (plumb_user_read_list (list, strlen (list), users, &error));
  g_assert_true (plumb_user_scan_list (list, strlen (list), records, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpint (g_array_index (records, PlumbUserSpan, 0).id, ==, G_GINT64_CONSTANT (8589934599));
  g_assert_cmpint (g_array_index (records, PlumbUserSpan, 2).id, ==, 0);
  for (guint i = 0; i < records->len; i++)
    {
      PlumbUserSpan *record = &g_array_index (records, PlumbUserSpan, i);
      g_autoptr(PlumbUser) user = plumb_user_read_record (list + record->offset, record->len);

      g_assert_cmpint (list[record->offset], ==, '{');
      g_assert_cmpint (list[record->offset + record->len - 1], ==, '}');
      g_assert_nonnull (user);
      assert_same_user (user, g_ptr_array_index (users, i));
    }
  g_assert_null (plumb_user_read_record ("{\"id\":1} {", 10));
  g_assert_null (plumb_user_read_record ("[]", 2));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (PlumbUserSpan));
      g_autoptr(GError) bad_error = NULL;

      g_assert_false (plumb_user_scan_list (bad[i], strlen (bad[i]), none, &bad_error));
      g_assert_error (bad_error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
      g_assert_cmpuint (none->len, ==, 0);
      g_assert_null (plumb_user_list_read_page (user_list, bad[i], strlen (bad[i]), NULL));
    }

  /* Small pages, then pages big enough for blocks of their own. */
  for (guint i = 0; i < n_big; i++)
    g_string_append_printf (big, "%s{\"id\":%u,\"first_name\":\"P%u\",\"job_title\":\"%0300u\"}",
                            i > 0 ? "," : "", i + 1, i + 1, i);
  g_string_append_c (big, ']');
  for (guint page = 0; page < 8; page++)
    {
      const char *text = page < 2 ? list : big->str;
      g_autoptr(GArray) found = plumb_user_list_read_page (user_list, text, strlen (text), &error);

      g_assert_no_error (error);
      plumb_user_list_add_page (user_list, found);
      n_pages++;
    }
  g_assert_cmpuint (plumb_user_list_get_n_users (user_list), ==, 2 * 3 + 6 * n_big);
  for (guint i = 0; i < plumb_user_list_get_n_users (user_list); i++)
    {
      g_autoptr(PlumbUser) user = plumb_user_list_dup_user (user_list, i);
      gsize len = 0;
      const char *json = plumb_user_list_get_json (user_list, i, &len);

      g_assert_nonnull (user);
      g_assert_cmpint (json[0], ==, '{');
      g_assert_cmpint (json[len - 1], ==, '}');
      if (i < 6)
        {
          assert_same_user (user, g_ptr_array_index (users, i % 3));
          g_assert_cmpint (plumb_user_list_get_id (user_list, i), ==, plumb_user_get_id (user));
        }
      else
        {
          guint expected = (i - 6) % n_big + 1;
          g_autofree char *first = g_strdup_printf ("P%u", expected);

          g_assert_cmpint (plumb_user_list_get_id (user_list, i), ==, expected);
          g_assert_cmpint (plumb_user_get_id (user), ==, expected);
          g_assert_cmpstr (plumb_user_get_first_name (user), ==, first);
          g_assert_cmpuint (strlen (plumb_user_get_job_title (user)), ==, 300);
        }
    }
  /* "12" is a quoted id: not known from the scan, read from the record. */
  g_assert_cmpint (plumb_user_list_get_id (user_list, 1), ==, 12);
  g_assert_cmpuint (n_pages, ==, 8);
}

static void
test_company (void)
{
  g_autoptr(JsonObject) object = parse_object ("{\"id\":5001,\"name\":\"Northwind Builders\",\"is_active\":true}");
  g_autoptr(PlumbCompany) company = plumb_company_new_from_json (object);
  g_autoptr(JsonObject) back = plumb_company_to_json (company);
  g_autofree char *name = NULL;

  g_object_get (company, "name", &name, NULL);
  g_assert_cmpstr (name, ==, "Northwind Builders");
  g_assert_cmpint (json_object_get_int_member (back, "id"), ==, 5001);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/models/user-round-trip", test_user_round_trip);
  g_test_add_func ("/client/models/invitation-state", test_invitation_state);
  g_test_add_func ("/client/models/permissions", test_permissions);
  g_test_add_func ("/client/models/permissions-shapes", test_permissions_shapes);
  g_test_add_func ("/client/models/list-reader", test_list_reader);
  g_test_add_func ("/client/models/user-list", test_user_list);
  g_test_add_func ("/client/models/company", test_company);

  return g_test_run ();
}
