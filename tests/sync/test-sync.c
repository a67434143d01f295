/* test-sync.c: the sync engine against the sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-demo-sign-in.h"
#include "plumb-error.h"
#include "sync-test.h"

/* A person of the company other than the demo people and the service
 * account, chosen from the store. */
static gint64
pick_user (PlumbStore            *store,
           PlumbInvitationFilter  invitation,
           guint                  nth)
{
  PlumbUserQuery query = { 0 };
  g_autoptr(PlumbUserRows) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint seen = 0;

  query.invitation = invitation;
  rows = plumb_store_query_users (store, NORTHWIND_ID, &query, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < plumb_user_rows_get_n (rows); i++)
    {
      const PlumbUserRow *row = plumb_user_rows_get (rows, i);

      if (row->id >= 10001 && row->id <= 10099)
        continue;
      if (seen++ == nth)
        return row->id;
    }
  g_assert_not_reached ();
  return 0;
}

static gboolean
active_list_has (PlumbStore *store,
                 gint64      user_id)
{
  PlumbUserQuery query = { 0 };
  g_autoptr(PlumbUserRows) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = plumb_store_query_users (store, NORTHWIND_ID, &query, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < plumb_user_rows_get_n (rows); i++)
    if (plumb_user_rows_get (rows, i)->id == user_id)
      return TRUE;
  return FALSE;
}

static guint
stored_count (PlumbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = plumb_store_list_user_ids (store, NORTHWIND_ID, NULL, &error);

  g_assert_no_error (error);
  return ids->len;
}

/* An edit of one field made over the value stored here. */
static gint64
queue_field_edit (SyncFixture *f,
                  gint64       user_id,
                  const char  *field,
                  const char  *value)
{
  g_autofree char *old = stored_string (f->store, user_id, field);
  g_autofree char *fields = g_strdup_printf ("{\"%s\": \"%s\"}", field, value);
  g_autofree char *base = old != NULL ? g_strdup_printf ("{\"%s\": \"%s\"}", field, old)
                                      : g_strdup_printf ("{\"%s\": null}", field);

  return engine_queue_edit (f->engine, user_id, fields, base);
}

static void
test_full_then_delta (SyncFixture   *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbSyncState) first = NULL;
  g_autoptr(PlumbSyncState) second = NULL;
  g_autofree char *title = NULL;
  g_autoptr(JsonObject) own = NULL;
  g_autoptr(JsonObject) own_base = NULL;
  gboolean can_invite = FALSE;
  g_autoptr(JsonNode) permissions = NULL;
  gint64 id;
  guint count;

  g_assert_true (engine_sync (f->engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (plumb_sync_engine_get_last_success (f->engine), >, 0);
  g_assert_null (plumb_sync_engine_get_last_error (f->engine));
  g_assert_cmpfloat (plumb_sync_engine_get_progress (f->engine), ==, 1.0);

  count = stored_count (f->store);
  g_assert_cmpuint (count, >, 200);
  first = plumb_store_get_sync_state (f->store, NORTHWIND_ID, NULL, &error);
  g_assert_nonnull (first->high_water);
  g_assert_cmpint (first->last_full_sync, >, 0);

  g_assert_true (plumb_store_get_own_record (f->store, NORTHWIND_ID, &own, &own_base, NULL, &error));
  g_assert_nonnull (own);
  g_assert_cmpint (json_object_get_int_member (own, "id"), ==, 10099);
  permissions = plumb_store_get_permissions (f->store, NORTHWIND_ID, &can_invite, NULL, &error);
  g_assert_nonnull (permissions);
  g_assert_true (can_invite);

  /* Someone edits a person on the server; the next sync is a delta and
   * picks it up. */
  id = pick_user (f->store, PLUMB_INVITATION_FILTER_ALL, 3);
  server_patch_user (f, id, "{\"job_title\": \"Changed on the server\"}");
  g_assert_true (engine_sync (f->engine, &error));
  title = stored_string (f->store, id, "job_title");
  g_assert_cmpstr (title, ==, "Changed on the server");

  second = plumb_store_get_sync_state (f->store, NORTHWIND_ID, NULL, &error);
  g_assert_cmpint (second->last_full_sync, ==, first->last_full_sync);
  g_assert_cmpuint (stored_count (f->store), ==, count);
}

static void
test_deactivated (SyncFixture   *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *active = NULL;
  gint64 id;

  g_assert_true (engine_sync (f->engine, &error));
  id = pick_user (f->store, PLUMB_INVITATION_FILTER_ALL, 7);
  g_assert_true (active_list_has (f->store, id));

  server_patch_user (f, id, "{\"is_active\": false}");
  g_assert_true (engine_sync (f->engine, &error));
  g_assert_no_error (error);
  g_assert_false (active_list_has (f->store, id));
}

static void
test_vanished (SyncFixture   *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ghost = json_from_string ("[{\"id\": 777777, \"name\": \"Ghost Person\", \"is_active\": true,"
                                                "  \"updated_at\": \"2020-01-01T00:00:00Z\"}]", NULL);
  guint count;

  g_assert_true (engine_sync (f->engine, &error));
  count = stored_count (f->store);
  g_assert_true (plumb_store_upsert_users (f->store, NORTHWIND_ID, json_node_get_array (ghost), NULL, &error));
  g_assert_true (active_list_has (f->store, 777777));

  /* A delta cannot see someone the server no longer has ... */
  g_assert_true (engine_sync (f->engine, &error));
  g_assert_true (active_list_has (f->store, 777777));

  /* ... a reconciliation does. */
  plumb_sync_engine_set_timing (f->engine, 3600, 0, 20);
  g_assert_true (engine_sync (f->engine, &error));
  g_assert_no_error (error);
  g_assert_false (active_list_has (f->store, 777777));
  g_assert_cmpuint (stored_count (f->store), ==, count);
}

static PlumbOutboxOp *
find_op (PlumbStore *store,
         gint64      op_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = plumb_outbox_list (store, TRUE, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < ops->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (ops, i);

      if (op->id == op_id)
        return plumb_outbox_op_copy (op);
    }
  return NULL;
}

static void
test_conflict (SyncFixture   *f,
               gconstpointer  data)
{
  gboolean keep_mine = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(PlumbOutboxOp) op = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *base = NULL;
  gint64 id, op_id;

  g_assert_true (engine_sync (f->engine, &error));
  id = pick_user (f->store, PLUMB_INVITATION_FILTER_ALL, 11);
  before = server_user (f, id);

  /* Offline, the job title and the city are edited here ... */
  fields = g_strdup ("{\"job_title\": \"Mine\", \"city\": \"Mytown\"}");
  base = g_strdup_printf ("{\"job_title\": \"%s\", \"city\": \"%s\"}",
                          json_object_get_string_member_with_default (before, "job_title", ""),
                          json_object_get_string_member_with_default (before, "city", ""));
  op_id = engine_queue_edit (f->engine, id, fields, base);
  g_assert_cmpint (plumb_sync_engine_get_pending_count (f->engine), ==, 1);

  /* ... while someone changes the job title on the server. */
  server_patch_user (f, id, "{\"job_title\": \"Theirs\"}");

  g_assert_true (engine_sync (f->engine, &error));
  g_assert_no_error (error);
  after = server_user (f, id);
  g_assert_cmpstr (json_object_get_string_member (after, "city"), ==, "Mytown");
  g_assert_cmpstr (json_object_get_string_member (after, "job_title"), ==, "Theirs");
  g_assert_cmpuint (plumb_sync_engine_get_conflict_count (f->engine), ==, 1);
  g_assert_cmpint (plumb_sync_engine_get_pending_count (f->engine), ==, 0);

  op = find_op (f->store, op_id);
  g_assert_cmpint (op->state, ==, PLUMB_OUTBOX_CONFLICT);
  conflicts = plumb_outbox_list_conflicts (f->store, op_id, NULL, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((PlumbConflict *) g_ptr_array_index (conflicts, 0))->field, ==, "job_title");

  /* Nothing is resolved silently: another sync leaves it waiting. */
  g_assert_true (engine_sync (f->engine, &error));
  g_clear_pointer (&after, json_object_unref);
  after = server_user (f, id);
  g_assert_cmpstr (json_object_get_string_member (after, "job_title"), ==, "Theirs");
  g_assert_cmpuint (plumb_sync_engine_get_conflict_count (f->engine), ==, 1);

  g_assert_true (engine_resolve (f->engine, op_id, "job_title", keep_mine));
  g_assert_true (engine_sync (f->engine, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, json_object_unref);
  after = server_user (f, id);
  g_assert_cmpstr (json_object_get_string_member (after, "job_title"), ==, keep_mine ? "Mine" : "Theirs");
  g_assert_cmpuint (plumb_sync_engine_get_conflict_count (f->engine), ==, 0);
  g_assert_cmpint (plumb_sync_engine_get_pending_count (f->engine), ==, 0);
  g_clear_pointer (&op, plumb_outbox_op_free);
  op = find_op (f->store, op_id);
  g_assert_true (op == NULL || op->state == PLUMB_OUTBOX_DONE);
  {
    g_autofree char *stored = stored_string (f->store, id, "job_title");

    g_assert_cmpstr (stored, ==, keep_mine ? "Mine" : "Theirs");
  }
}

typedef struct
{
  SyncFixture *f;
  gint64       user_id;
  const char  *field;
  const char  *value;
} ServerHas;

static gboolean
server_has (gpointer data)
{
  ServerHas *check = data;
  g_autoptr(JsonObject) user = server_user (check->f, check->user_id);

  return g_strcmp0 (json_object_get_string_member_with_default (user, check->field, NULL), check->value) == 0;
}

static gboolean
engine_idle_and_empty (gpointer data)
{
  PlumbSyncEngine *engine = data;

  return !plumb_sync_engine_get_syncing (engine) && plumb_sync_engine_get_pending_count (engine) == 0 &&
         plumb_sync_engine_get_last_success (engine) > 0;
}

static gboolean
engine_offline (gpointer data)
{
  return !plumb_sync_engine_get_online (data) && !plumb_sync_engine_get_syncing (data);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_offline_and_back (SyncFixture   *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ServerHas check = { f, 0, "job_title", "Edited offline" };
  guint syncs = 0;
  gint64 id;

  g_assert_true (engine_sync (f->engine, &error));
  id = pick_user (f->store, PLUMB_INVITATION_FILTER_ALL, 5);
  check.user_id = id;

  plumb_sync_engine_set_timing (f->engine, 1, 3600, 20);
  plumb_test_monitor_set_online (f->monitor, FALSE);
  plumb_sync_engine_start (f->engine);
  wait_until (engine_offline, f->engine);

  g_signal_connect (f->engine, "notify::syncing", G_CALLBACK (count_notify), &syncs);
  queue_field_edit (f, id, "job_title", "Edited offline");
  g_assert_cmpint (plumb_sync_engine_get_pending_count (f->engine), ==, 1);
  /* Offline, nothing is tried: iterate a while and see no sync start. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (syncs, ==, 0);
  g_assert_false (server_has (&check));

  /* Back online, the engine resumes by itself. */
  plumb_test_monitor_set_online (f->monitor, TRUE);
  wait_until (server_has, &check);
  wait_until (engine_idle_and_empty, f->engine);
  g_assert_true (plumb_sync_engine_get_online (f->engine));
  g_assert_cmpuint (syncs, >, 0);
  plumb_sync_engine_stop (f->engine);
}

static gboolean
engine_failed (gpointer data)
{
  return !plumb_sync_engine_get_syncing (data) && plumb_sync_engine_get_last_error (data) != NULL;
}

static void
test_server_down_and_back (SyncFixture   *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ServerHas check = { f, 0, "job_title", "Edited while the server was down" };
  guint port = plumb_sandbox_get_port (f->ts->sandbox);
  gint64 id;

  g_assert_true (engine_sync (f->engine, &error));
  id = pick_user (f->store, PLUMB_INVITATION_FILTER_ALL, 9);
  check.user_id = id;

  plumb_sandbox_stop (f->ts->sandbox);
  queue_field_edit (f, id, "job_title", "Edited while the server was down");
  g_assert_false (engine_sync (f->engine, &error));
  g_assert_true (g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_NETWORK) ||
                 g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_UNCERTAIN));
  g_clear_error (&error);
  g_assert_nonnull (plumb_sync_engine_get_last_error (f->engine));
  g_assert_cmpint (plumb_sync_engine_get_pending_count (f->engine), ==, 1);

  /* In automatic mode the failures are retried with backoff ... */
  plumb_sync_engine_set_timing (f->engine, 3600, 3600, 50);
  plumb_sync_engine_start (f->engine);
  wait_until (engine_failed, f->engine);

  /* ... until the server is back, on the same port, with the same data. */
  g_clear_object (&f->ts->sandbox);
  f->ts->sandbox = g_object_new (PLUMB_TYPE_SANDBOX, "state-file", f->state_file, NULL);
  g_assert_true (plumb_sandbox_start (f->ts->sandbox, port, &error));
  g_assert_no_error (error);
  wait_until (server_has, &check);
  wait_until (engine_idle_and_empty, f->engine);
  g_assert_null (plumb_sync_engine_get_last_error (f->engine));
  plumb_sync_engine_stop (f->engine);
}

/* An invitation the crash left in flight, and whether the server had sent
 * it: either way the person ends with exactly one welcome email. */
static void
test_invite_in_flight (SyncFixture   *f,
                       gconstpointer  data)
{
  gboolean server_sent_it = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(PlumbOutboxOp) op = NULL;
  const char *email;
  gint64 id, op_id;

  g_assert_true (engine_sync (f->engine, &error));
  id = pick_user (f->store, PLUMB_INVITATION_FILTER_NOT_INVITED, 2);
  user = server_user (f, id);
  email = json_object_get_string_member (user, "email_address");
  g_assert_cmpuint (server_count_mail (f, email, "welcome"), ==, 0);

  op_id = engine_queue_invite (f->engine, id, &error);
  g_assert_no_error (error);
  g_assert_true (plumb_outbox_mark_in_flight (f->store, op_id, NULL, &error));
  if (server_sent_it)
    {
      g_autofree char *path = g_strdup_printf ("/rest/v1.3/companies/5001/users/%" G_GINT64_FORMAT "/invite", id);
      g_autoptr(Reply) reply = test_request (f->ts, "PATCH", path, f->admin, NORTHWIND, NULL, NULL);

      g_assert_cmpuint (reply->status, ==, 202);
    }

  g_assert_true (engine_sync (f->engine, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (server_count_mail (f, email, "welcome"), ==, 1);
  op = find_op (f->store, op_id);
  g_assert_true (op == NULL || op->state == PLUMB_OUTBOX_DONE);
  g_assert_cmpint (plumb_sync_engine_get_pending_count (f->engine), ==, 0);
  {
    g_autofree char *sent = stored_string (f->store, id, "welcome_email_sent_at");

    g_assert_nonnull (sent);
  }
}

static void
test_refused_edit (SyncFixture   *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbOutboxOp) op = NULL;
  gint64 id, bad, good;

  g_assert_true (engine_sync (f->engine, &error));
  id = pick_user (f->store, PLUMB_INVITATION_FILTER_ALL, 13);
  bad = queue_field_edit (f, id, "country_code", "XX");
  good = queue_field_edit (f, pick_user (f->store, PLUMB_INVITATION_FILTER_ALL, 14), "city", "After a refusal");

  /* The refusal stays for the person to see; the next change still goes. */
  g_assert_true (engine_sync (f->engine, &error));
  g_assert_no_error (error);
  op = find_op (f->store, bad);
  g_assert_cmpint (op->state, ==, PLUMB_OUTBOX_FAILED);
  g_assert_nonnull (op->last_error);
  g_assert_cmpuint (plumb_sync_engine_get_failed_count (f->engine), ==, 1);
  g_clear_pointer (&op, plumb_outbox_op_free);
  op = find_op (f->store, good);
  g_assert_true (op == NULL || op->state == PLUMB_OUTBOX_DONE);
}

static void
set_faults (SyncFixture *f,
            const char  *json)
{
  g_autoptr(Reply) reply = test_request (f->ts, "POST", "/_sandbox/faults", NULL, NULL, NULL, json);

  g_assert_cmpuint (reply->status, ==, 200);
}

/* Syncs until one succeeds with nothing left to send. */
static void
sync_through (PlumbSyncEngine *engine)
{
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GError) error = NULL;

      if (engine_sync (engine, &error) && plumb_sync_engine_get_pending_count (engine) == 0)
        return;
      if (error != NULL)
        g_test_message ("sync %u under faults: %s", i, error->message);
    }
  g_assert_not_reached ();
}

static void
assert_same_store (PlumbStore *a,
                   PlumbStore *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids_a = plumb_store_list_user_ids (a, NORTHWIND_ID, NULL, &error);
  g_autoptr(GArray) ids_b = plumb_store_list_user_ids (b, NORTHWIND_ID, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ids_a->len, ==, ids_b->len);
  for (guint i = 0; i < ids_a->len; i++)
    {
      gint64 id = g_array_index (ids_a, gint64, i);
      g_autoptr(JsonObject) user_a = plumb_store_get_user (a, NORTHWIND_ID, id, NULL, &error);
      g_autoptr(JsonObject) user_b = plumb_store_get_user (b, NORTHWIND_ID, id, NULL, &error);

      g_assert_cmpint (id, ==, g_array_index (ids_b, gint64, i));
      g_assert_nonnull (user_a);
      g_assert_nonnull (user_b);
      if (!json_object_equal (user_a, user_b))
        {
          g_autoptr(JsonNode) node_a = json_node_init_object (json_node_alloc (), user_a);
          g_autoptr(JsonNode) node_b = json_node_init_object (json_node_alloc (), user_b);
          g_autofree char *text_a = json_to_string (node_a, FALSE);
          g_autofree char *text_b = json_to_string (node_b, FALSE);

          g_assert_cmpstr (text_a, ==, text_b);
        }
    }
}

static PlumbSyncEngine *
second_engine (SyncFixture *f,
               PlumbStore  *store)
{
  PlumbSyncEngine *engine = plumb_sync_engine_new_with_monitor (f->account, store, NORTHWIND_ID,
                                                                G_NETWORK_MONITOR (f->monitor));

  plumb_sync_engine_set_timing (engine, 3600, 3600, 20);
  return engine;
}

/* Errors, 503s, dropped connections, garbled bodies, 429 bursts and
 * latency: the result is the same as without them. */
static void
test_faults (SyncFixture   *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbStore) fresh = store_open_in (f->dir, "fresh.sqlite3");
  g_autoptr(PlumbStore) clean = store_open_in (f->dir, "clean.sqlite3");
  g_autoptr(PlumbSyncEngine) fresh_engine = second_engine (f, fresh);
  g_autoptr(PlumbSyncEngine) clean_engine = second_engine (f, clean);
  g_autoptr(GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  PlumbSession *session = plumb_account_get_session (f->account);
  guint64 before, faulty_load, clean_load;
  gint64 edited[6];

  g_assert_true (engine_sync (f->engine, &error));
  for (guint i = 0; i < G_N_ELEMENTS (edited); i++)
    {
      g_autofree char *city = g_strdup_printf ("Faultville %u", i);

      edited[i] = pick_user (f->store, PLUMB_INVITATION_FILTER_ALL, 20 + i);
      queue_field_edit (f, edited[i], "city", city);
    }
  for (guint i = 0; i < 8; i++)
    {
      gint64 id = pick_user (f->store, PLUMB_INVITATION_FILTER_NOT_INVITED, i);
      g_autoptr(JsonObject) user = server_user (f, id);

      g_ptr_array_add (emails, g_strdup (json_object_get_string_member (user, "email_address")));
      g_assert_cmpint (engine_queue_invite (f->engine, id, &error), >, 0);
    }
  server_patch_user (f, pick_user (f->store, PLUMB_INVITATION_FILTER_ALL, 30), "{\"is_active\": false}");
  server_patch_user (f, pick_user (f->store, PLUMB_INVITATION_FILTER_ALL, 31), "{\"job_title\": \"Changed meanwhile\"}");

  set_faults (f, "{\"error_rate\": 0.2, \"drop_rate\": 0.15, \"malformed_rate\": 0.15, "
                 "\"unavailable_rate\": 0.05, \"latency_ms\": 3, \"burst_429\": 2, \"seed\": 7}");
  sync_through (f->engine);   /* the changes, then a delta */
  before = plumb_session_get_requests_sent (session);
  sync_through (fresh_engine); /* a whole first load */
  faulty_load = plumb_session_get_requests_sent (session) - before;
  set_faults (f, "{\"error_rate\": 0, \"drop_rate\": 0, \"malformed_rate\": 0, "
                 "\"unavailable_rate\": 0, \"latency_ms\": 0, \"burst_429\": 0}");
  before = plumb_session_get_requests_sent (session);
  sync_through (clean_engine);
  clean_load = plumb_session_get_requests_sent (session) - before;
  /* The faults did strike: the same load took more requests. */
  g_test_message ("a first load took %" G_GUINT64_FORMAT " requests under faults, %" G_GUINT64_FORMAT " without",
                  faulty_load, clean_load);
  g_assert_cmpuint (faulty_load, >, clean_load);

  assert_same_store (f->store, clean);
  assert_same_store (fresh, clean);
  for (guint i = 0; i < G_N_ELEMENTS (edited); i++)
    {
      g_autoptr(JsonObject) user = server_user (f, edited[i]);
      g_autofree char *city = g_strdup_printf ("Faultville %u", i);

      g_assert_cmpstr (json_object_get_string_member (user, "city"), ==, city);
    }
  for (guint i = 0; i < emails->len; i++)
    g_assert_cmpuint (server_count_mail (f, g_ptr_array_index (emails, i), "welcome"), ==, 1);
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* @email, one of the demo people, signed in to Northwind at @url. */
static PlumbAccount *
demo_account (const char *url,
              const char *email)
{
  PlumbAccount *account = plumb_account_new (url, url, PLUMB_DEMO_CLIENT_ID, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  plumb_account_set_company_id (account, NORTHWIND_ID);
  plumb_demo_sign_in_async (account, PLUMB_DEMO_CLIENT_SECRET, email, NULL, signed_in_cb, &result);
  wait_until (result_arrived, &result);
  g_assert_true (plumb_demo_sign_in_finish (account, result, &error));
  g_assert_no_error (error);

  return account;
}

/* Jordan is Standard in the Directory without 'Create and Edit Users': an
 * invitation is refused before it reaches the outbox, with the sentence
 * naming the permission. */
static void
test_invite_refused (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(PlumbAccount) jordan = demo_account (f->ts->url, JORDAN_EMAIL);
  g_autoptr(PlumbStore) store = store_open_in (f->dir, "jordan.sqlite3");
  g_autoptr(PlumbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  gint64 id;

  engine = plumb_sync_engine_new_with_monitor (jordan, store, NORTHWIND_ID, G_NETWORK_MONITOR (f->monitor));
  g_assert_true (engine_sync (engine, &error));
  g_assert_no_error (error);
  id = pick_user (store, PLUMB_INVITATION_FILTER_NOT_INVITED, 0);

  g_assert_cmpint (engine_queue_invite (engine, id, &error), ==, 0);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "Create and Edit Users"));
  ops = plumb_outbox_list (store, TRUE, NULL, NULL);
  g_assert_cmpuint (ops->len, ==, 0);
}

/* A server that leaves out Total: the pages are followed by their Link
 * headers, and a reconciliation read that way removes no one (read short,
 * it would remove everyone past the first page). */
static void
test_linked_pages (SyncFixture   *f,
                   gconstpointer  data)
{
  TestServer *big = test_server_new ("users", 2300, NULL);
  g_autoptr(PlumbAccount) account = demo_account (big->url, ADMIN_EMAIL);
  g_autoptr(PlumbStore) by_total = store_open_in (f->dir, "by-total.sqlite3");
  g_autoptr(PlumbStore) by_links = store_open_in (f->dir, "by-links.sqlite3");
  g_autoptr(PlumbSyncEngine) total_engine = NULL;
  g_autoptr(PlumbSyncEngine) links_engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) reply = NULL;
  guint count;

  total_engine = plumb_sync_engine_new_with_monitor (account, by_total, NORTHWIND_ID, G_NETWORK_MONITOR (f->monitor));
  links_engine = plumb_sync_engine_new_with_monitor (account, by_links, NORTHWIND_ID, G_NETWORK_MONITOR (f->monitor));
  plumb_sync_engine_set_timing (total_engine, 3600, 3600, 20);
  plumb_sync_engine_set_timing (links_engine, 3600, 3600, 20);

  g_assert_true (engine_sync (total_engine, &error));
  g_assert_no_error (error);
  count = stored_count (by_total);
  g_assert_cmpuint (count, >, 2 * 1000);

  reply = test_request (big, "POST", "/_sandbox/faults", NULL, NULL, NULL, "{\"omit_total\": true}");
  g_assert_cmpuint (reply->status, ==, 200);

  g_assert_true (engine_sync (links_engine, &error));
  g_assert_no_error (error);
  assert_same_store (by_total, by_links);

  plumb_sync_engine_set_timing (total_engine, 3600, 0, 20);
  g_assert_true (engine_sync (total_engine, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored_count (by_total), ==, count);

  g_clear_object (&total_engine);
  g_clear_object (&links_engine);
  g_clear_object (&account);
  test_server_free (big);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, data, func) \
  g_test_add ("/sync/" name, SyncFixture, data, sync_fixture_set_up, func, sync_fixture_tear_down)

  ADD ("full-then-delta", NULL, test_full_then_delta);
  ADD ("deactivated", NULL, test_deactivated);
  ADD ("vanished", NULL, test_vanished);
  ADD ("conflict/keep-mine", GINT_TO_POINTER (TRUE), test_conflict);
  ADD ("conflict/take-server", GINT_TO_POINTER (FALSE), test_conflict);
  ADD ("offline-and-back", NULL, test_offline_and_back);
  ADD ("server-down-and-back", NULL, test_server_down_and_back);
  ADD ("invite-in-flight/sent", GINT_TO_POINTER (TRUE), test_invite_in_flight);
  ADD ("invite-in-flight/not-sent", GINT_TO_POINTER (FALSE), test_invite_in_flight);
  ADD ("refused-edit", NULL, test_refused_edit);
  ADD ("faults", NULL, test_faults);
  ADD ("invite-refused", NULL, test_invite_refused);
  ADD ("linked-pages", NULL, test_linked_pages);

  return g_test_run ();
}
