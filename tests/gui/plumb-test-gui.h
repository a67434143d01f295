/* plumb-test-gui.h: helpers shared by the window tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plumb-test-dirs.h"

G_BEGIN_DECLS

/* The start of every window test's main(): its own XDG folders (returned,
 * for plumb_test_remove_tree() at the end), then GTK and libadwaita. */
static inline char *
plumb_test_gui_init (int    *argc,
                     char ***argv)
{
  char *dirs = plumb_test_isolate_dirs ();

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  return dirs;
}

/* Iterates the default main context until @condition returns TRUE, failing
 * the test after @timeout_ms. Never sleeps. */
typedef gboolean (*PlumbTestCondition) (gpointer data);

static inline gboolean
plumb_test_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Under AddressSanitizer or Valgrind everything takes several times as
 * long: their test setups set PLUMB_TEST_TIMEOUT_SCALE. */
static inline guint
plumb_test_timeout_scale (void)
{
  const char *scale = g_getenv ("PLUMB_TEST_TIMEOUT_SCALE");
  guint64 value = 1;

  if (scale != NULL && !g_ascii_string_to_unsigned (scale, 10, 1, 100, &value, NULL))
    value = 1;
  return (guint) value;
}

static inline void
plumb_test_wait_until (PlumbTestCondition  condition,
                       gpointer            data,
                       guint               timeout_ms,
                       const char         *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000 * plumb_test_timeout_scale ();
  /* Wakes the loop now and then so the deadline is noticed. */
  guint wake_id = g_timeout_add (10, plumb_test_wake, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake_id);
}

/* Runs the main context until nothing is pending, e.g. after a resize. */
static inline void
plumb_test_flush (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Finds the first visible toplevel of @type, or NULL. */
static inline GtkWindow *
plumb_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

/* Activates @app, as launching it again would, and returns its window. */
static inline GtkWindow *
plumb_test_activate (GApplication *app)
{
  GtkWindow *window;

  g_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);

  return window;
}

/* The widget given @id in a UI file, anywhere under @root: a template child
 * or part of the main window's signed-in half, built at the first sign-in.
 * NULL if there is none (yet). */
static inline gpointer
plumb_test_find_by_id (GtkWidget  *root,
                       const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      gpointer found = plumb_test_find_by_id (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

G_END_DECLS
