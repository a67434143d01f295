/* plumb-test-dirs.c: a test process's own folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Window tests run side by side under one build-aux/test-env.sh, which
 * gives them all the same XDG folders. The app keeps its offline copy in
 * $XDG_DATA_HOME/plumbline/embedded-sandbox/<person>/ whatever port a
 * sandbox has, and the embedded sandbox keeps its company there too: two
 * tests signed in as the same demo person shared one outbox, and each
 * process's sync sent the other's changes to its own sandbox.
 * (gtk_test_init() does not pass G_TEST_OPTION_ISOLATE_DIRS on to GLib.)
 */

#include "config.h"

#include <glib/gstdio.h>

#include "plumb-test-dirs.h"

/* Points this process's XDG data, config, cache and state folders into a
 * new temporary folder, which it returns for plumb_test_remove_tree(). Call
 * it first in main(), before anything asks GLib for those folders. */
char *
plumb_test_isolate_dirs (void)
{
  static const char *const vars[][2] = {
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
  };
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("plumb-test-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *dir = g_build_filename (root, vars[i][1], NULL);

      g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
      g_setenv (vars[i][0], dir, TRUE);
    }

  return root;
}

void
plumb_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        plumb_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
