/* sync-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "sync-test.h"

#define WAIT_TIMEOUT_SECONDS 60


static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
wait_until (gboolean (*done) (gpointer data),
            gpointer   data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS, timed_out_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  wait_until (have_result, slot);
  return *slot;
}

gboolean
engine_sync (PlumbSyncEngine  *engine,
             GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plumb_sync_engine_sync_now_async (engine, NULL, store_result, &result);
  return plumb_sync_engine_sync_now_finish (engine, wait_result (&result), error);
}

static JsonObject *
object_from_text (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_dup_object (node);
}

gint64
engine_queue_edit (PlumbSyncEngine *engine,
                   gint64           user_id,
                   const char      *fields_json,
                   const char      *base_json)
{
  g_autoptr(JsonObject) fields = object_from_text (fields_json);
  g_autoptr(JsonObject) base = object_from_text (base_json);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  plumb_sync_engine_queue_edit_async (engine, user_id, fields, base, NULL, store_result, &result);
  id = plumb_sync_engine_queue_finish (engine, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

gint64
engine_queue_invite (PlumbSyncEngine  *engine,
                     gint64            user_id,
                     GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plumb_sync_engine_queue_invite_async (engine, user_id, NULL, store_result, &result);
  return plumb_sync_engine_queue_finish (engine, wait_result (&result), error);
}

gboolean
engine_resolve (PlumbSyncEngine *engine,
                gint64           op_id,
                const char      *field,
                gboolean         keep_mine)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  plumb_sync_engine_resolve_conflict_async (engine, op_id, field, keep_mine, NULL, store_result, &result);
  ok = plumb_sync_engine_resolve_conflict_finish (engine, wait_result (&result), &error);
  g_assert_no_error (error);
  return ok;
}

PlumbStore *
store_open_in (const char *dir,
               const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  PlumbStore *store = plumb_store_open (path, NULL, &error);

  g_assert_no_error (error);
  return store;
}

void
sync_fixture_set_up (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  f->dir = g_dir_make_tmp ("plumb-sync-XXXXXX", &error);
  g_assert_no_error (error);
  f->state_file = g_build_filename (f->dir, "sandbox.state", NULL);
  f->ts = test_server_new ("state-file", f->state_file, NULL);
  f->admin = test_sign_in (f->ts, ADMIN_EMAIL, NULL);

  f->account = plumb_account_new (f->ts->url, f->ts->url, PLUMB_DEMO_CLIENT_ID, FALSE);
  plumb_account_set_company_id (f->account, NORTHWIND_ID);
  plumb_session_set_retry_delay (plumb_account_get_session (f->account), 5);
  plumb_account_sign_in_client_credentials_async (f->account, PLUMB_DEMO_CLIENT_SECRET, NULL,
                                                  store_result, &result);
  g_assert_true (plumb_account_sign_in_client_credentials_finish (f->account, wait_result (&result), &error));
  g_assert_no_error (error);

  f->store = store_open_in (f->dir, "store.sqlite3");
  f->monitor = plumb_test_monitor_new (TRUE);
  f->engine = plumb_sync_engine_new_with_monitor (f->account, f->store, NORTHWIND_ID,
                                                  G_NETWORK_MONITOR (f->monitor));
  plumb_sync_engine_set_timing (f->engine, 3600, 3600, 20);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
sync_fixture_tear_down (SyncFixture   *f,
                        gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->store);
  g_clear_object (&f->monitor);
  g_clear_object (&f->account);
  g_clear_pointer (&f->ts, test_server_free);
  /* Let what the engine and the store left on the main context finish. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->state_file);
  g_free (f->admin);
}

JsonObject *
server_user (SyncFixture *f,
             gint64       user_id)
{
  g_autofree char *path = g_strdup_printf ("/rest/v1.3/companies/5001/users/%" G_GINT64_FORMAT, user_id);
  g_autoptr(Reply) reply = test_request (f->ts, "GET", path, f->admin, NORTHWIND, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_ref (reply_object (reply));
}

void
server_patch_user (SyncFixture *f,
                   gint64       user_id,
                   const char  *user_json)
{
  g_autofree char *path = g_strdup_printf ("/rest/v1.3/companies/5001/users/%" G_GINT64_FORMAT, user_id);
  g_autofree char *body = g_strdup_printf ("{\"user\": %s}", user_json);
  g_autoptr(Reply) reply = test_request (f->ts, "PATCH", path, f->admin, NORTHWIND, "application/json", body);

  g_assert_cmpuint (reply->status, ==, 200);
}

guint
server_count_mail (SyncFixture *f,
                   const char  *email,
                   const char  *kind)
{
  g_autofree char *escaped = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/_sandbox/mailbox?to=%s&kind=%s", escaped, kind);
  g_autoptr(Reply) reply = test_request (f->ts, "GET", path, NULL, NULL, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_get_length (reply_array (reply));
}

char *
stored_string (PlumbStore *store,
               gint64      user_id,
               const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = plumb_store_get_user (store, NORTHWIND_ID, user_id, NULL, &error);

  g_assert_no_error (error);
  if (user == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (user, field, NULL));
}
