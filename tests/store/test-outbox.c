/* test-outbox.c: the outbox's order, durability, states, backoff and
 * conflicts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-error.h"
#include "plumb-outbox.h"
#include "store-test.h"

#define COMPANY 5001
#define NOW 1772366400

static gint64
enqueue_edit (PlumbStore *store,
              gint64      user_id,
              const char *fields,
              const char *base)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) f = store_test_object (fields);
  g_autoptr(JsonObject) b = store_test_object (base);
  g_autoptr(JsonObject) payload = plumb_outbox_edit_payload_new (f, b);
  gint64 id = plumb_outbox_enqueue (store, PLUMB_OUTBOX_EDIT_USER, COMPANY, user_id, payload, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static gint64
enqueue_simple (PlumbStore      *store,
                PlumbOutboxKind  kind,
                gint64           user_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) payload = NULL;
  gint64 id;

  if (kind == PLUMB_OUTBOX_CREATE_USER)
    payload = store_test_object ("{\"user\": {\"first_name\": \"Dana\", \"email_address\": \"dana@example.com\"}}");
  else
    payload = json_object_new ();

  id = plumb_outbox_enqueue (store, kind, COMPANY, user_id, payload, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static PlumbOutboxOp *
find_op (PlumbStore *store,
         gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = plumb_outbox_list (store, TRUE, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < ops->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (ops, i);

      if (op->id == id)
        return plumb_outbox_op_copy (op);
    }

  return NULL;
}

static PlumbOutboxState
state_of (PlumbStore *store,
          gint64      id)
{
  g_autoptr(PlumbOutboxOp) op = find_op (store, id);

  g_assert_nonnull (op);

  return op->state;
}

static void
test_order_and_reopen (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GBytes) photo = NULL;
  guint8 bytes[3000];
  gint64 ids[4];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) (i * 7 + 3);
  photo = g_bytes_new (bytes, sizeof bytes);

  ids[0] = enqueue_edit (store, 11, "{\"job_title\": \"Foreman\"}", "{\"job_title\": \"Laborer\"}");
  ids[1] = enqueue_simple (store, PLUMB_OUTBOX_INVITE, 12);
  {
    g_autoptr(JsonObject) payload = store_test_object ("{\"content_type\": \"image/png\", \"filename\": \"me.png\"}");

    ids[2] = plumb_outbox_enqueue (store, PLUMB_OUTBOX_PHOTO, COMPANY, 11, payload, photo, 42, NULL, &error);
    g_assert_no_error (error);
  }
  ids[3] = enqueue_simple (store, PLUMB_OUTBOX_CREATE_USER, 0);

  g_assert_cmpint (ids[0], <, ids[1]);
  g_assert_cmpint (ids[1], <, ids[2]);
  g_assert_cmpint (ids[2], <, ids[3]);

  /* Close, and open the same file again. */
  g_clear_object (&store);
  store = store_test_open (dir);

  ops = plumb_outbox_list (store, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 4);

  for (guint i = 0; i < 4; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (ops, i);

      g_assert_cmpint (op->id, ==, ids[i]);
      g_assert_cmpint (op->state, ==, PLUMB_OUTBOX_PENDING);
      g_assert_cmpint (op->company_id, ==, COMPANY);
      g_assert_cmpuint (op->attempts, ==, 0);
      g_assert_null (op->last_error);
      g_assert_cmpint (op->created_at, >, 0);
    }

  {
    PlumbOutboxOp *edit = g_ptr_array_index (ops, 0);
    PlumbOutboxOp *invite = g_ptr_array_index (ops, 1);
    PlumbOutboxOp *photo_op = g_ptr_array_index (ops, 2);
    PlumbOutboxOp *create = g_ptr_array_index (ops, 3);
    JsonObject *fields = json_object_get_object_member (edit->payload, "fields");
    JsonObject *base = json_object_get_object_member (edit->payload, "base");

    g_assert_cmpint (edit->kind, ==, PLUMB_OUTBOX_EDIT_USER);
    g_assert_cmpint (edit->user_id, ==, 11);
    g_assert_cmpstr (json_object_get_string_member (fields, "job_title"), ==, "Foreman");
    g_assert_cmpstr (json_object_get_string_member (base, "job_title"), ==, "Laborer");
    g_assert_null (edit->photo);
    g_assert_cmpint (edit->queued_at, ==, edit->created_at);

    g_assert_cmpint (invite->kind, ==, PLUMB_OUTBOX_INVITE);
    g_assert_cmpint (invite->user_id, ==, 12);

    g_assert_cmpint (photo_op->kind, ==, PLUMB_OUTBOX_PHOTO);
    g_assert_nonnull (photo_op->photo);
    g_assert_true (g_bytes_equal (photo_op->photo, photo));
    g_assert_cmpstr (json_object_get_string_member (photo_op->payload, "filename"), ==, "me.png");
    /* queued_at is on the server's clock, 42 s ahead of ours. */
    g_assert_cmpint (photo_op->queued_at, ==, photo_op->created_at + 42);

    g_assert_cmpint (create->kind, ==, PLUMB_OUTBOX_CREATE_USER);
    g_assert_cmpint (create->user_id, ==, 0);

    /* A copy is a copy: changing it leaves the original alone. */
    {
      g_autoptr(PlumbOutboxOp) copy = plumb_outbox_op_copy (edit);
      JsonObject *copied_fields = json_object_get_object_member (copy->payload, "fields");

      json_object_set_string_member (copied_fields, "job_title", "Changed");
      g_assert_cmpstr (json_object_get_string_member (fields, "job_title"), ==, "Foreman");
      g_assert_cmpint (copy->id, ==, edit->id);
    }
  }

  g_assert_cmpint (plumb_outbox_count_pending (store, NULL, &error), ==, 4);
  g_assert_no_error (error);

  g_clear_object (&store);
  store_test_rmdir (dir);
}

static void
test_incomplete_is_refused (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(JsonObject) no_fields = NULL;

  g_assert_cmpint (plumb_outbox_enqueue (store, PLUMB_OUTBOX_EDIT_USER, COMPANY, 11, empty, NULL, 0, NULL, &error), ==, 0);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  no_fields = store_test_object ("{\"fields\": {}, \"base\": {}}");
  g_assert_cmpint (plumb_outbox_enqueue (store, PLUMB_OUTBOX_EDIT_USER, COMPANY, 11, no_fields, NULL, 0, NULL, &error), ==, 0);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_cmpint (plumb_outbox_enqueue (store, PLUMB_OUTBOX_PHOTO, COMPANY, 11, empty, NULL, 0, NULL, &error), ==, 0);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_cmpint (plumb_outbox_enqueue (store, PLUMB_OUTBOX_INVITE, COMPANY, 0, empty, NULL, 0, NULL, &error), ==, 0);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_cmpint (plumb_outbox_enqueue (store, PLUMB_OUTBOX_CREATE_USER, COMPANY, 0, empty, NULL, 0, NULL, &error), ==, 0);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  ops = plumb_outbox_list (store, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 0);

  g_clear_object (&store);
  store_test_rmdir (dir);
}

static void
test_transitions (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  gint64 id = enqueue_simple (store, PLUMB_OUTBOX_INVITE, 12);
  g_autoptr(PlumbOutboxOp) next = NULL;

  /* Only a pending operation can go in flight, only once. */
  g_assert_false (plumb_outbox_mark_done (store, id + 100, NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (plumb_outbox_mark_failed (store, id, "No network", FALSE, NOW, NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (plumb_outbox_mark_in_flight (store, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (store, id), ==, PLUMB_OUTBOX_IN_FLIGHT);
  g_assert_false (plumb_outbox_mark_in_flight (store, id, NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* In flight counts as not yet on the server, and cannot be discarded. */
  g_assert_cmpint (plumb_outbox_count_pending (store, NULL, NULL), ==, 1);
  g_assert_false (plumb_outbox_discard (store, id, NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  next = plumb_outbox_next_runnable (store, NOW, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (next);

  g_assert_true (plumb_outbox_mark_done (store, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (store, id), ==, PLUMB_OUTBOX_DONE);
  g_assert_cmpint (plumb_outbox_count_pending (store, NULL, NULL), ==, 0);

  /* Done is final. */
  g_assert_false (plumb_outbox_mark_in_flight (store, id, NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (plumb_outbox_mark_pending (store, id, NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* The list leaves done operations out unless asked. */
  {
    g_autoptr(GPtrArray) open_ops = plumb_outbox_list (store, FALSE, NULL, NULL);
    g_autoptr(GPtrArray) all_ops = plumb_outbox_list (store, TRUE, NULL, NULL);

    g_assert_cmpuint (open_ops->len, ==, 0);
    g_assert_cmpuint (all_ops->len, ==, 1);
  }

  /* Pruning keeps recent done operations and anything not done. */
  {
    gint64 waiting = enqueue_simple (store, PLUMB_OUTBOX_INVITE, 13);
    g_autoptr(PlumbOutboxOp) done_op = find_op (store, id);

    g_assert_cmpint (plumb_outbox_prune_done (store, done_op->created_at, NULL, &error), ==, 0);
    g_assert_no_error (error);
    g_clear_pointer (&done_op, plumb_outbox_op_free);
    done_op = find_op (store, id);
    g_assert_nonnull (done_op);
    g_assert_cmpint (plumb_outbox_prune_done (store, G_MAXINT64, NULL, &error), ==, 1);
    g_assert_no_error (error);
    g_assert_null (find_op (store, id));
    g_assert_cmpint (state_of (store, waiting), ==, PLUMB_OUTBOX_PENDING);

    id = waiting;
  }

  g_assert_true (plumb_outbox_discard (store, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (find_op (store, id));

  g_clear_object (&store);
  store_test_rmdir (dir);
}

static void
test_next_runnable_order (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  gint64 a1 = enqueue_edit (store, 21, "{\"city\": \"A\"}", "{\"city\": null}");
  gint64 b1 = enqueue_simple (store, PLUMB_OUTBOX_INVITE, 22);
  gint64 a2 = enqueue_simple (store, PLUMB_OUTBOX_INVITE, 21);
  gint64 c1 = enqueue_simple (store, PLUMB_OUTBOX_CREATE_USER, 0);
  gint64 c2 = enqueue_simple (store, PLUMB_OUTBOX_CREATE_USER, 0);
  PlumbOutboxOp *op;

  op = plumb_outbox_next_runnable (store, NOW, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (op->id, ==, a1);
  plumb_outbox_op_free (op);

  /* a1 fails and waits: b1 may go, a2 (same person) may not. */
  g_assert_true (plumb_outbox_mark_in_flight (store, a1, NULL, NULL));
  g_assert_true (plumb_outbox_mark_failed (store, a1, "The server did not answer.", FALSE, NOW, NULL, &error));
  g_assert_no_error (error);

  op = plumb_outbox_next_runnable (store, NOW, NULL, &error);
  g_assert_cmpint (op->id, ==, b1);
  plumb_outbox_op_free (op);
  g_assert_true (plumb_outbox_mark_in_flight (store, b1, NULL, NULL));
  g_assert_true (plumb_outbox_mark_done (store, b1, NULL, NULL));

  /* New people are independent of each other. */
  op = plumb_outbox_next_runnable (store, NOW, NULL, &error);
  g_assert_cmpint (op->id, ==, c1);
  plumb_outbox_op_free (op);
  g_assert_true (plumb_outbox_mark_in_flight (store, c1, NULL, NULL));
  op = plumb_outbox_next_runnable (store, NOW, NULL, &error);
  g_assert_cmpint (op->id, ==, c2);
  plumb_outbox_op_free (op);
  g_assert_true (plumb_outbox_mark_in_flight (store, c2, NULL, NULL));

  op = plumb_outbox_next_runnable (store, NOW, NULL, &error);
  g_assert_null (op);

  /* Once a1's time comes it goes first, then a2. */
  op = plumb_outbox_next_runnable (store, NOW + 3600, NULL, &error);
  g_assert_cmpint (op->id, ==, a1);
  plumb_outbox_op_free (op);
  g_assert_true (plumb_outbox_mark_in_flight (store, a1, NULL, NULL));
  g_assert_true (plumb_outbox_mark_done (store, a1, NULL, NULL));

  op = plumb_outbox_next_runnable (store, NOW, NULL, &error);
  g_assert_cmpint (op->id, ==, a2);
  plumb_outbox_op_free (op);

  g_clear_object (&store);
  store_test_rmdir (dir);
}

static void
test_failures_and_backoff (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  gint64 id = enqueue_simple (store, PLUMB_OUTBOX_INVITE, 31);
  gint64 permanent = enqueue_simple (store, PLUMB_OUTBOX_INVITE, 32);
  gint64 now = NOW;

  for (guint attempt = 1; attempt < PLUMB_OUTBOX_MAX_ATTEMPTS; attempt++)
    {
      g_autoptr(PlumbOutboxOp) op = NULL;
      g_autoptr(PlumbOutboxOp) early = NULL;
      g_autofree char *message = g_strdup_printf ("Try %u: the server is busy.", attempt);

      g_assert_true (plumb_outbox_mark_in_flight (store, id, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (plumb_outbox_mark_failed (store, id, message, FALSE, now, NULL, &error));
      g_assert_no_error (error);

      op = find_op (store, id);
      g_assert_cmpint (op->state, ==, PLUMB_OUTBOX_PENDING);
      g_assert_cmpuint (op->attempts, ==, attempt);
      g_assert_cmpstr (op->last_error, ==, message);
      g_assert_cmpint (op->next_try, >=, now + plumb_outbox_backoff (attempt, 0.0));
      g_assert_cmpint (op->next_try, <=, now + plumb_outbox_backoff (attempt, 1.0));

      /* Not due before its time. */
      early = plumb_outbox_next_runnable (store, op->next_try - 1, NULL, &error);
      g_assert_true (early == NULL || early->id != id);
      now = op->next_try;
    }

  /* The last allowed try fails: the operation gives up and waits for the person. */
  g_assert_true (plumb_outbox_mark_in_flight (store, id, NULL, &error));
  g_assert_true (plumb_outbox_mark_failed (store, id, "The server is still busy.", FALSE, now, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PlumbOutboxOp) op = find_op (store, id);

    g_assert_cmpint (op->state, ==, PLUMB_OUTBOX_FAILED);
    g_assert_cmpuint (op->attempts, ==, PLUMB_OUTBOX_MAX_ATTEMPTS);
    g_assert_cmpstr (op->last_error, ==, "The server is still busy.");
  }

  /* A permanent failure gives up at once. */
  g_assert_true (plumb_outbox_mark_in_flight (store, permanent, NULL, NULL));
  g_assert_true (plumb_outbox_mark_failed (store, permanent, "This person’s email address is not valid.", TRUE, now, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (store, permanent), ==, PLUMB_OUTBOX_FAILED);
  g_assert_cmpint (plumb_outbox_count_pending (store, NULL, NULL), ==, 0);

  /* The person retries: fresh tries, due at once. */
  g_assert_true (plumb_outbox_mark_pending (store, id, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PlumbOutboxOp) op = find_op (store, id);
    g_autoptr(PlumbOutboxOp) next = plumb_outbox_next_runnable (store, NOW, NULL, NULL);

    g_assert_cmpint (op->state, ==, PLUMB_OUTBOX_PENDING);
    g_assert_cmpuint (op->attempts, ==, 0);
    g_assert_nonnull (next);
    g_assert_cmpint (next->id, ==, id);
  }

  g_clear_object (&store);
  store_test_rmdir (dir);
}

static void
test_recover_in_flight (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) left = NULL;
  gint64 invite = enqueue_simple (store, PLUMB_OUTBOX_INVITE, 41);
  gint64 edit = enqueue_edit (store, 42, "{\"city\": \"Tacoma\"}", "{\"city\": \"Seattle\"}");
  gint64 waiting = enqueue_simple (store, PLUMB_OUTBOX_INVITE, 43);

  g_assert_true (plumb_outbox_mark_in_flight (store, invite, NULL, NULL));
  g_assert_true (plumb_outbox_mark_in_flight (store, edit, NULL, NULL));

  /* The program ends with both in flight. */
  g_clear_object (&store);
  store = store_test_open (dir);

  left = plumb_outbox_recover_in_flight (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 2);
  g_assert_cmpint (((PlumbOutboxOp *) g_ptr_array_index (left, 0))->id, ==, invite);
  g_assert_cmpint (((PlumbOutboxOp *) g_ptr_array_index (left, 1))->id, ==, edit);

  /* The server shows the welcome email went out after the click: done, not sent again. */
  {
    PlumbOutboxOp *op = g_ptr_array_index (left, 0);
    g_autoptr(GDateTime) later = g_date_time_new_from_unix_utc (op->queued_at + 2);
    g_autofree char *sent_at = g_date_time_format_iso8601 (later);

    g_assert_true (plumb_outbox_invitation_was_sent (op->queued_at, sent_at));
    g_assert_true (plumb_outbox_mark_done (store, op->id, NULL, &error));
    g_assert_no_error (error);
  }

  /* The edit had not arrived: it goes back in the queue, ahead of later ones. */
  g_assert_true (plumb_outbox_mark_pending (store, edit, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PlumbOutboxOp) next = plumb_outbox_next_runnable (store, NOW, NULL, &error);
    g_autoptr(GPtrArray) none = plumb_outbox_recover_in_flight (store, NULL, &error);

    g_assert_cmpint (next->id, ==, edit);
    g_assert_cmpuint (none->len, ==, 0);
  }
  g_assert_cmpint (state_of (store, waiting), ==, PLUMB_OUTBOX_PENDING);

  g_clear_object (&store);
  store_test_rmdir (dir);
}

static GPtrArray *
detect (PlumbOutboxOp *op,
        JsonObject    *server,
        GPtrArray    **clean)
{
  return plumb_conflicts_detect (json_object_get_object_member (op->payload, "fields"),
                                 json_object_get_object_member (op->payload, "base"),
                                 server, clean);
}

static void
test_conflict_keep_mine (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) server =
    store_test_object ("{\"id\": 51, \"job_title\": \"Superintendent\", \"mobile_phone\": null, \"city\": \"Seattle\"}");
  gint64 id = enqueue_edit (store, 51,
                            "{\"job_title\": \"Foreman\", \"mobile_phone\": \"555-0101\", \"city\": \"Tacoma\"}",
                            "{\"job_title\": \"Laborer\", \"mobile_phone\": null, \"city\": \"Seattle\"}");
  g_autoptr(PlumbOutboxOp) op = plumb_outbox_next_runnable (store, NOW, NULL, NULL);
  g_autoptr(GPtrArray) clean = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  g_assert_cmpint (op->id, ==, id);
  g_assert_true (plumb_outbox_mark_in_flight (store, id, NULL, NULL));

  conflicts = detect (op, server, &clean);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpuint (clean->len, ==, 2);

  /* The clean fields went through; the conflict waits for the person. */
  g_assert_true (plumb_outbox_mark_conflict (store, id, conflicts, NULL, &error));
  g_assert_no_error (error);

  g_clear_object (&store);
  store = store_test_open (dir);

  g_clear_pointer (&op, plumb_outbox_op_free);
  op = find_op (store, id);
  g_assert_cmpint (op->state, ==, PLUMB_OUTBOX_CONFLICT);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (op->payload, "fields")), ==, 1);
  g_assert_true (json_object_has_member (json_object_get_object_member (op->payload, "fields"), "job_title"));
  g_assert_cmpint (plumb_outbox_count_pending (store, NULL, NULL), ==, 0);

  /* Never resolved by the queue itself. */
  {
    g_autoptr(PlumbOutboxOp) next = plumb_outbox_next_runnable (store, NOW + 100000, NULL, NULL);

    g_assert_null (next);
  }
  g_assert_false (plumb_outbox_mark_in_flight (store, id, NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  stored = plumb_outbox_list_conflicts (store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  {
    PlumbConflict *c = g_ptr_array_index (stored, 0);

    g_assert_cmpstr (c->field, ==, "job_title");
    g_assert_cmpstr (json_node_get_string (c->mine), ==, "Foreman");
    g_assert_cmpstr (json_node_get_string (c->base), ==, "Laborer");
    g_assert_cmpstr (json_node_get_string (c->theirs), ==, "Superintendent");
  }

  /* No conflict on that field: refused. */
  g_assert_false (plumb_outbox_resolve_conflict (store, id, "city", PLUMB_CONFLICT_KEEP_MINE, NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (plumb_outbox_resolve_conflict (store, id, "job_title", PLUMB_CONFLICT_KEEP_MINE, NULL, &error));
  g_assert_no_error (error);

  g_clear_pointer (&op, plumb_outbox_op_free);
  op = plumb_outbox_next_runnable (store, NOW, NULL, &error);
  g_assert_nonnull (op);
  g_assert_cmpint (op->id, ==, id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (op->payload, "fields"), "job_title"), ==, "Foreman");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (op->payload, "base"), "job_title"), ==, "Superintendent");

  /* Against the same server it now goes through. */
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  g_clear_pointer (&clean, g_ptr_array_unref);
  conflicts = detect (op, server, &clean);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_assert_cmpuint (clean->len, ==, 1);

  g_clear_pointer (&stored, g_ptr_array_unref);
  stored = plumb_outbox_list_conflicts (store, id, NULL, &error);
  g_assert_cmpuint (stored->len, ==, 0);

  g_clear_object (&store);
  store_test_rmdir (dir);
}

static void
test_conflict_take_server (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) server =
    store_test_object ("{\"id\": 61, \"job_title\": \"Superintendent\", \"zip\": \"98499\", \"city\": \"Seattle\"}");
  gint64 id = enqueue_edit (store, 61,
                            "{\"job_title\": \"Foreman\", \"zip\": \"98402\", \"city\": \"Tacoma\"}",
                            "{\"job_title\": \"Laborer\", \"zip\": \"98101\", \"city\": \"Seattle\"}");
  gint64 later = enqueue_simple (store, PLUMB_OUTBOX_INVITE, 61);
  g_autoptr(PlumbOutboxOp) op = plumb_outbox_next_runnable (store, NOW, NULL, NULL);
  g_autoptr(GPtrArray) conflicts = NULL;

  g_assert_true (plumb_outbox_mark_in_flight (store, id, NULL, NULL));
  conflicts = detect (op, server, NULL);
  g_assert_cmpuint (conflicts->len, ==, 2);
  g_assert_true (plumb_outbox_mark_conflict (store, id, conflicts, NULL, &error));
  g_assert_no_error (error);

  /* The conflict holds back later changes to the same person. */
  {
    g_autoptr(PlumbOutboxOp) next = plumb_outbox_next_runnable (store, NOW, NULL, NULL);

    g_assert_null (next);
  }

  /* One field settled: the operation still waits on the other. */
  g_assert_true (plumb_outbox_resolve_conflict (store, id, "zip", PLUMB_CONFLICT_TAKE_SERVER, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (store, id), ==, PLUMB_OUTBOX_CONFLICT);
  {
    g_autoptr(PlumbOutboxOp) now_op = find_op (store, id);
    JsonObject *fields = json_object_get_object_member (now_op->payload, "fields");

    g_assert_false (json_object_has_member (fields, "zip"));
    g_assert_true (json_object_has_member (fields, "job_title"));
  }

  /* Taking the server's value for the last field leaves nothing to send. */
  g_assert_true (plumb_outbox_resolve_conflict (store, id, "job_title", PLUMB_CONFLICT_TAKE_SERVER, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (store, id), ==, PLUMB_OUTBOX_DONE);

  {
    g_autoptr(PlumbOutboxOp) next = plumb_outbox_next_runnable (store, NOW, NULL, NULL);

    g_assert_nonnull (next);
    g_assert_cmpint (next->id, ==, later);
  }

  g_clear_object (&store);
  store_test_rmdir (dir);
}

static void
test_conflict_mixed_choices (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) server = store_test_object ("{\"id\": 71, \"job_title\": \"Clerk\", \"zip\": \"1\"}");
  gint64 id = enqueue_edit (store, 71, "{\"job_title\": \"Foreman\", \"zip\": \"2\"}",
                            "{\"job_title\": \"Laborer\", \"zip\": \"3\"}");
  g_autoptr(PlumbOutboxOp) op = plumb_outbox_next_runnable (store, NOW, NULL, NULL);
  g_autoptr(GPtrArray) conflicts = detect (op, server, NULL);
  g_autoptr(PlumbOutboxOp) after = NULL;

  g_assert_true (plumb_outbox_mark_in_flight (store, id, NULL, NULL));
  g_assert_true (plumb_outbox_mark_conflict (store, id, conflicts, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (plumb_outbox_resolve_conflict (store, id, "job_title", PLUMB_CONFLICT_KEEP_MINE, NULL, &error));
  g_assert_cmpint (state_of (store, id), ==, PLUMB_OUTBOX_CONFLICT);
  g_assert_true (plumb_outbox_resolve_conflict (store, id, "zip", PLUMB_CONFLICT_TAKE_SERVER, NULL, &error));
  g_assert_no_error (error);

  after = find_op (store, id);
  g_assert_cmpint (after->state, ==, PLUMB_OUTBOX_PENDING);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (after->payload, "fields")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after->payload, "base"), "job_title"), ==, "Clerk");

  /* A resolved field cannot be resolved twice. */
  g_assert_false (plumb_outbox_resolve_conflict (store, id, "job_title", PLUMB_CONFLICT_TAKE_SERVER, NULL, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);

  g_clear_object (&store);
  store_test_rmdir (dir);
}

typedef struct
{
  GArray   *ids;
  guint     expected;
  gboolean  done;
} AsyncEnqueue;

static void
on_enqueued (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncEnqueue *state = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = plumb_outbox_enqueue_finish (PLUMB_STORE (object), result, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_array_append_val (state->ids, id);
  state->done = state->ids->len == state->expected;
}

static void
on_enqueue_refused (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (plumb_outbox_enqueue_finish (PLUMB_STORE (object), result, &error), ==, 0);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  *done = TRUE;
}

static void
on_counted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gint64 *count = user_data;
  g_autoptr(GError) error = NULL;

  *count = plumb_outbox_count_pending_finish (PLUMB_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  AsyncEnqueue state = { g_array_new (FALSE, FALSE, sizeof (gint64)), 20, FALSE };
  gboolean refused = FALSE;
  gint64 count = -2;
  g_autoptr(GPtrArray) ops = NULL;

  for (guint i = 0; i < state.expected; i++)
    {
      g_autoptr(JsonObject) payload = json_object_new ();

      json_object_set_int_member (payload, "seq", i);
      plumb_outbox_enqueue_async (store, PLUMB_OUTBOX_INVITE, COMPANY, 100 + i, payload, NULL, 0,
                                  NULL, on_enqueued, &state);
    }

  {
    g_autoptr(JsonObject) empty = json_object_new ();

    plumb_outbox_enqueue_async (store, PLUMB_OUTBOX_PHOTO, COMPANY, 1, empty, NULL, 0,
                                NULL, on_enqueue_refused, &refused);
  }

  store_test_wait (&state.done);
  store_test_wait (&refused);

  /* Answers come back in the order of the calls, with ascending ids. */
  for (guint i = 1; i < state.ids->len; i++)
    g_assert_cmpint (g_array_index (state.ids, gint64, i - 1), <, g_array_index (state.ids, gint64, i));

  plumb_outbox_count_pending_async (store, NULL, on_counted, &count);
  while (count == -2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (count, ==, 20);

  ops = plumb_outbox_list (store, FALSE, NULL, NULL);
  for (guint i = 0; i < ops->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (ops, i);

      g_assert_cmpint (json_object_get_int_member (op->payload, "seq"), ==, i);
      g_assert_cmpint (op->id, ==, g_array_index (state.ids, gint64, i));
    }

  g_array_unref (state.ids);
  g_clear_object (&store);
  store_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/order-and-reopen", test_order_and_reopen);
  g_test_add_func ("/outbox/incomplete-is-refused", test_incomplete_is_refused);
  g_test_add_func ("/outbox/transitions", test_transitions);
  g_test_add_func ("/outbox/next-runnable-order", test_next_runnable_order);
  g_test_add_func ("/outbox/failures-and-backoff", test_failures_and_backoff);
  g_test_add_func ("/outbox/recover-in-flight", test_recover_in_flight);
  g_test_add_func ("/outbox/conflict/keep-mine", test_conflict_keep_mine);
  g_test_add_func ("/outbox/conflict/take-server", test_conflict_take_server);
  g_test_add_func ("/outbox/conflict/mixed", test_conflict_mixed_choices);
  g_test_add_func ("/outbox/async", test_async);

  return g_test_run ();
}
