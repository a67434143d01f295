/* test-outbox-crash.c: operations the outbox said were saved survive the
 * program being killed in the middle of a stream of enqueues
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test runs itself as a child that enqueues in a loop and reports each
 * id on stdout once enqueue has answered. The parent kills it with SIGKILL
 * after a while, then opens the store and checks every reported operation.
 */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "plumb-outbox.h"
#include "store-test.h"

#define CHILD_FLAG "--enqueue-child"
#define COMPANY 5001
#define KILL_AFTER 60

static GBytes *
photo_for (guint seq)
{
  gsize size = 512 + (seq * 977) % 20000;
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) ((seq * 31 + i * 17) & 0xff);

  return g_bytes_new_take (data, size);
}

static int
child_main (const char *dir)
{
  g_autoptr(PlumbStore) store = store_test_open (dir);

  for (guint seq = 0; ; seq++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) payload = json_object_new ();
      g_autoptr(GBytes) photo = photo_for (seq);
      g_autofree char *line = NULL;
      gint64 id;

      json_object_set_int_member (payload, "seq", seq);
      json_object_set_string_member (payload, "filename", "photo.jpg");

      id = plumb_outbox_enqueue (store, PLUMB_OUTBOX_PHOTO, COMPANY, 1000 + seq, payload, photo, 0, NULL, &error);
      if (id <= 0)
        {
          g_printerr ("enqueue failed: %s\n", error != NULL ? error->message : "?");
          return 1;
        }

      /* One write(2) per line, shorter than PIPE_BUF: never half a line. */
      line = g_strdup_printf ("%u %" G_GINT64_FORMAT "\n", seq, id);
      if (write (STDOUT_FILENO, line, strlen (line)) != (ssize_t) strlen (line))
        return 1;
    }
}

static char *self_path;

static void
test_killed_mid_batch (void)
{
  g_autofree char *dir = store_test_mkdtemp ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GArray) reported = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(PlumbStore) store = NULL;
  char *line;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_path, CHILD_FLAG, dir, NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, &error)) != NULL)
    {
      guint seq;
      gint64 id;

      g_assert_cmpint (sscanf (line, "%u %" G_GINT64_FORMAT, &seq, &id), ==, 2);
      g_assert_cmpuint (seq, ==, reported->len);
      g_array_append_val (reported, id);
      g_free (line);

      /* Kill it while it is busy enqueueing; the lines already in the pipe
       * still count as answers it gave. */
      if (reported->len == KILL_AFTER)
        g_subprocess_force_exit (child);
    }
  g_assert_no_error (error);

  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
  g_assert_cmpuint (reported->len, >=, KILL_AFTER);

  store = store_test_open (dir);
  ops = plumb_outbox_list (store, TRUE, NULL, &error);
  g_assert_no_error (error);

  /* Every answered enqueue is there, in order, intact. At most one more,
   * committed before the child could write its line, may follow. */
  g_test_message ("%u enqueues answered before the kill, %u stored", reported->len, ops->len);
  g_assert_cmpuint (ops->len, >=, reported->len);
  g_assert_cmpuint (ops->len, <=, reported->len + 1);

  for (guint seq = 0; seq < ops->len; seq++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (ops, seq);
      g_autoptr(GBytes) photo = photo_for (seq);

      if (seq < reported->len)
        g_assert_cmpint (op->id, ==, g_array_index (reported, gint64, seq));
      g_assert_cmpint (op->kind, ==, PLUMB_OUTBOX_PHOTO);
      g_assert_cmpint (op->state, ==, PLUMB_OUTBOX_PENDING);
      g_assert_cmpint (op->user_id, ==, 1000 + seq);
      g_assert_cmpint (json_object_get_int_member (op->payload, "seq"), ==, seq);
      g_assert_nonnull (op->photo);
      g_assert_true (g_bytes_equal (op->photo, photo));
    }

  g_clear_object (&store);

  /* And SQLite finds the file sound. */
  {
    g_autofree char *path = g_build_filename (dir, "store.sqlite3", NULL);
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  store_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], CHILD_FLAG))
    return child_main (argv[2]);

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/crash/killed-mid-batch", test_killed_mid_batch);

  return g_test_run ();
}
