/* test-outbox-rules.c: the outbox's pure rules: invitations after a crash,
 * backoff, and conflict detection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-outbox.h"
#include "store-test.h"

/* 2026-03-01T12:00:00Z */
#define QUEUED 1772366400

static void
test_invitation_rule (void)
{
  /* Never invited, or invited before this click: not sent. */
  g_assert_false (plumb_outbox_invitation_was_sent (QUEUED, NULL));
  g_assert_false (plumb_outbox_invitation_was_sent (QUEUED, ""));
  g_assert_false (plumb_outbox_invitation_was_sent (QUEUED, "2026-03-01T11:59:59Z"));
  g_assert_false (plumb_outbox_invitation_was_sent (QUEUED, "2025-12-24T08:00:00Z"));

  /* Handled in the second it was queued, or after: sent. */
  g_assert_true (plumb_outbox_invitation_was_sent (QUEUED, "2026-03-01T12:00:00Z"));
  g_assert_true (plumb_outbox_invitation_was_sent (QUEUED, "2026-03-01T12:00:01Z"));
  g_assert_true (plumb_outbox_invitation_was_sent (QUEUED, "2026-03-02T09:30:00Z"));

  /* Other offsets say the same instant. */
  g_assert_true (plumb_outbox_invitation_was_sent (QUEUED, "2026-03-01T13:00:00+01:00"));
  g_assert_false (plumb_outbox_invitation_was_sent (QUEUED, "2026-03-01T12:59:59+01:00"));

  /* Text that is no time cannot prove anything was sent. */
  g_assert_false (plumb_outbox_invitation_was_sent (QUEUED, "yesterday"));
}

static void
test_backoff (void)
{
  guint previous_max = 0;

  g_assert_cmpuint (plumb_outbox_backoff (1, 0.0), ==, 15);
  g_assert_cmpuint (plumb_outbox_backoff (1, 0.999999), <=, 30);
  g_assert_cmpuint (plumb_outbox_backoff (2, 0.0), ==, 30);
  g_assert_cmpuint (plumb_outbox_backoff (3, 0.0), ==, 60);
  g_assert_cmpuint (plumb_outbox_backoff (0, 0.0), ==, 15);

  for (guint attempts = 1; attempts < 40; attempts++)
    {
      guint low = plumb_outbox_backoff (attempts, 0.0);
      guint high = plumb_outbox_backoff (attempts, 0.999999);
      guint mid = plumb_outbox_backoff (attempts, 0.5);

      g_assert_cmpuint (low, <=, mid);
      g_assert_cmpuint (mid, <=, high);
      g_assert_cmpuint (high, <=, 3600);
      g_assert_cmpuint (low, >=, 15);
      g_assert_cmpuint (high, >=, previous_max);
      previous_max = high;
    }

  /* The cap is reached and held. */
  g_assert_cmpuint (plumb_outbox_backoff (30, 0.0), ==, 1800);
  g_assert_cmpuint (plumb_outbox_backoff (1000, 1.0), ==, 3600);
}

static gboolean
has_field (GPtrArray  *names,
           const char *field)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), field))
      return TRUE;

  return FALSE;
}

static void
test_detect_conflicts (void)
{
  g_autoptr(JsonObject) edits =
    store_test_object ("{\"job_title\": \"Foreman\", \"mobile_phone\": \"555-0101\","
                       " \"city\": \"Tacoma\", \"zip\": \"98402\", \"business_phone_extension\": 12,"
                       " \"fax_number\": null}");
  g_autoptr(JsonObject) base =
    store_test_object ("{\"job_title\": \"Laborer\", \"mobile_phone\": null,"
                       " \"city\": \"Seattle\", \"zip\": \"98101\", \"business_phone_extension\": 10,"
                       " \"fax_number\": \"555-0199\"}");
  /* job_title: the server moved to a third value: conflict.
   * mobile_phone: unchanged on the server: goes through.
   * city: the server already has my value: goes through.
   * zip: the server moved to a third value: conflict.
   * business_phone_extension: an integer that moved: conflict.
   * fax_number: I cleared it, the server still has the base: goes through. */
  g_autoptr(JsonObject) server =
    store_test_object ("{\"id\": 7, \"job_title\": \"Superintendent\", \"mobile_phone\": null,"
                       " \"city\": \"Tacoma\", \"zip\": \"98499\", \"business_phone_extension\": 11,"
                       " \"fax_number\": \"555-0199\", \"updated_at\": \"2026-03-02T00:00:00Z\"}");
  g_autoptr(GPtrArray) clean = NULL;
  g_autoptr(GPtrArray) conflicts = plumb_conflicts_detect (edits, base, server, &clean);

  g_assert_cmpuint (conflicts->len, ==, 3);
  g_assert_cmpuint (clean->len, ==, 3);
  g_assert_true (has_field (clean, "mobile_phone"));
  g_assert_true (has_field (clean, "city"));
  g_assert_true (has_field (clean, "fax_number"));

  for (guint i = 0; i < conflicts->len; i++)
    {
      PlumbConflict *conflict = g_ptr_array_index (conflicts, i);

      g_assert_true (json_node_equal (conflict->mine, json_object_get_member (edits, conflict->field)));
      g_assert_true (json_node_equal (conflict->base, json_object_get_member (base, conflict->field)));
      g_assert_true (json_node_equal (conflict->theirs, json_object_get_member (server, conflict->field)));
      g_assert_false (has_field (clean, conflict->field));
    }

  g_assert_cmpstr (((PlumbConflict *) g_ptr_array_index (conflicts, 0))->field, ==, "job_title");
  g_assert_cmpstr (((PlumbConflict *) g_ptr_array_index (conflicts, 1))->field, ==, "zip");
  g_assert_cmpstr (((PlumbConflict *) g_ptr_array_index (conflicts, 2))->field, ==, "business_phone_extension");
}

static void
test_detect_missing_values (void)
{
  g_autoptr(JsonObject) edits = store_test_object ("{\"job_title\": \"Foreman\", \"city\": \"Tacoma\"}");
  /* No base recorded for city: the server's value is a change from null. */
  g_autoptr(JsonObject) base = store_test_object ("{\"job_title\": null}");
  g_autoptr(JsonObject) server_absent = store_test_object ("{\"id\": 1}");
  g_autoptr(JsonObject) server_set = store_test_object ("{\"id\": 1, \"job_title\": \"Clerk\", \"city\": \"Olympia\"}");
  g_autoptr(GPtrArray) clean = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  /* A server without the members has null for both, as the base says. */
  conflicts = plumb_conflicts_detect (edits, base, server_absent, &clean);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_assert_cmpuint (clean->len, ==, 2);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  g_clear_pointer (&clean, g_ptr_array_unref);

  conflicts = plumb_conflicts_detect (edits, base, server_set, &clean);
  g_assert_cmpuint (conflicts->len, ==, 2);
  g_assert_cmpuint (clean->len, ==, 0);
  g_assert_true (JSON_NODE_HOLDS_NULL (((PlumbConflict *) g_ptr_array_index (conflicts, 1))->base));
  g_clear_pointer (&conflicts, g_ptr_array_unref);

  /* Without a base at all, the same. */
  conflicts = plumb_conflicts_detect (edits, NULL, server_set, NULL);
  g_assert_cmpuint (conflicts->len, ==, 2);
}

static void
test_values_equal (void)
{
  g_autoptr(JsonNode) null_node = json_node_new (JSON_NODE_NULL);
  g_autoptr(JsonNode) a = json_from_string ("\"x\"", NULL);
  g_autoptr(JsonNode) b = json_from_string ("\"x\"", NULL);
  g_autoptr(JsonNode) c = json_from_string ("\"y\"", NULL);
  g_autoptr(JsonNode) obj1 = json_from_string ("{\"id\": 1, \"name\": \"A\"}", NULL);
  g_autoptr(JsonNode) obj2 = json_from_string ("{\"name\": \"A\", \"id\": 1}", NULL);

  g_assert_true (plumb_json_values_equal (NULL, NULL));
  g_assert_true (plumb_json_values_equal (NULL, null_node));
  g_assert_false (plumb_json_values_equal (NULL, a));
  g_assert_true (plumb_json_values_equal (a, b));
  g_assert_false (plumb_json_values_equal (a, c));
  g_assert_true (plumb_json_values_equal (obj1, obj2));
}

static void
test_names (void)
{
  for (guint k = PLUMB_OUTBOX_EDIT_USER; k <= PLUMB_OUTBOX_CREATE_USER; k++)
    {
      PlumbOutboxKind kind = 99;

      g_assert_true (plumb_outbox_kind_from_string (plumb_outbox_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
    }

  for (guint s = PLUMB_OUTBOX_PENDING; s <= PLUMB_OUTBOX_CONFLICT; s++)
    {
      PlumbOutboxState state = 99;

      g_assert_true (plumb_outbox_state_from_string (plumb_outbox_state_to_string (s), &state));
      g_assert_cmpint (state, ==, s);
    }

  {
    PlumbOutboxKind kind;

    g_assert_false (plumb_outbox_kind_from_string ("delete-user", &kind));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/rules/invitation", test_invitation_rule);
  g_test_add_func ("/outbox/rules/backoff", test_backoff);
  g_test_add_func ("/outbox/rules/conflicts", test_detect_conflicts);
  g_test_add_func ("/outbox/rules/conflicts-missing", test_detect_missing_values);
  g_test_add_func ("/outbox/rules/values-equal", test_values_equal);
  g_test_add_func ("/outbox/rules/names", test_names);

  return g_test_run ();
}
