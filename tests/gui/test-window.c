/* test-window.c: the main window, its menu, about, shortcuts and saved size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>
#include <string.h>
#include <gtk/gtktestatcontext.h>

#include "plumb-application.h"
#include "plumb-preferences-window.h"
#include "plumb-welcome-page.h"
#include "plumb-window.h"
#include "plumb-test-gui.h"

static PlumbApplication *app;

static gboolean
window_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
toplevel_shown (gpointer data)
{
  GtkWindow *window = plumb_test_find_toplevel (GPOINTER_TO_SIZE (data));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static PlumbWindow *
open_window (void)
{
  PlumbWindow *window = PLUMB_WINDOW (plumb_test_activate (G_APPLICATION (app)));

  plumb_test_wait_until (window_is_mapped, window, 5000, "the main window to map");

  return window;
}

static void
close_all_windows (void)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (windows);

  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    while (g_list_model_get_n_items (toplevels) > 0)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, 0);
        gtk_window_destroy (w);
      }
  }
  plumb_test_flush ();
}

static void
test_window_opens (void)
{
  PlumbWindow *window = open_window ();
  const char *title = gtk_window_get_title (GTK_WINDOW (window));

  g_assert_cmpstr (title, ==, "Plumbline");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  /* One application window, and activating again does not open another. */
  g_application_activate (G_APPLICATION (app));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  close_all_windows ();
}

static GtkMenuButton *
find_primary_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_widget_is_drawable (widget) &&
      gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return GTK_MENU_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_primary_menu_button (child);
      if (found)
        return found;
    }

  return NULL;
}

static void
collect_actions (GMenuModel *model,
                 GPtrArray  *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (section)
        collect_actions (section, actions);
      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_ptr_array_add (actions, g_steal_pointer (&action));
    }
}

static void
test_primary_menu (void)
{
  PlumbWindow *window = open_window ();
  GtkMenuButton *button = find_primary_menu_button (GTK_WIDGET (window));
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);
  /* Sign Out goes through the window, which asks first about unsaved changes. */
  const char *expected[] = { "app.preferences", "win.show-help-overlay", "app.about", "win.sign-out" };

  g_assert_nonnull (button);
  collect_actions (gtk_menu_button_get_menu_model (button), actions);
  g_assert_cmpuint (actions->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (actions, i), ==, expected[i]);

  /* Every item leads somewhere; Sign Out only once someone is signed in. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "sign-out"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "sign-out"));
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), strchr (expected[i], '.') + 1) ||
                     g_str_has_prefix (expected[i], "win."));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (button), expected[i], NULL));
    }

  plumb_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (PLUMB_TYPE_PREFERENCES_WINDOW), 5000, "preferences");
  plumb_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW), 5000, "shortcuts window");
  plumb_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW), 5000, "about window");

  close_all_windows ();
}

/* Ctrl+? opens the shortcuts window, which lists that key itself. */
static void
test_shortcuts_key (void)
{
  PlumbWindow *window = open_window ();
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  GtkShortcut *found = NULL;

  for (guint i = 0; found == NULL && i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; found == NULL && j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_question &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == GDK_CONTROL_MASK &&
              GTK_IS_NAMED_ACTION (action) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win.show-help-overlay") == 0)
            found = g_object_ref (shortcut);
        }
    }
  g_assert_nonnull (found);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (found), 0, GTK_WIDGET (window), NULL));
  g_object_unref (found);
  plumb_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW), 5000, "shortcuts window");

  close_all_windows ();
}

static void
test_about_facts (void)
{
  PlumbWindow *window = open_window ();
  AdwAboutWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  plumb_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW), 5000, "about window");
  about = ADW_ABOUT_WINDOW (plumb_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW));

  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Plumbline");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (about), ==, PACKAGE_WEBSITE);
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==, PACKAGE_ISSUES);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));

  close_all_windows ();
}

static void
test_window_size_remembered (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.plumbline.Plumbline");
  PlumbWindow *window;
  int width, height;

  window = open_window ();
  gtk_window_set_default_size (GTK_WINDOW (window), 870, 610);
  plumb_test_flush ();
  gtk_window_close (GTK_WINDOW (window));
  plumb_test_flush ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 870);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = open_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 870);
  g_assert_cmpint (height, ==, 610);

  /* A maximized window keeps the size to restore to. */
  g_settings_set_boolean (settings, "window-maximized", TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  plumb_test_flush ();
  window = open_window ();
  g_assert_true (gtk_window_is_maximized (GTK_WINDOW (window)) ||
                 g_settings_get_boolean (settings, "window-maximized"));
  gtk_window_close (GTK_WINDOW (window));
  plumb_test_flush ();
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 870);

  g_settings_reset (settings, "window-maximized");
  close_all_windows ();
}

/* Every button a person can reach shows or tells its purpose: a label, or an
 * accessible name (icon-only buttons), so screen readers and UI tests find it. */
static void
check_buttons_named (GtkWidget *widget,
                     guint     *n_checked)
{
  if ((GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget)) && gtk_widget_get_visible (widget))
    {
      gboolean has_label = FALSE;

      if (GTK_IS_BUTTON (widget))
        has_label = gtk_button_get_label (GTK_BUTTON (widget)) != NULL && !gtk_button_get_icon_name (GTK_BUTTON (widget));
      else
        has_label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) != NULL;

      if (!has_label &&
          !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) &&
          !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
        {
          /* Title-bar buttons belong to GTK and carry their own names. */
          if (!gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS))
            g_error ("A %s with icon %s has no accessible name", G_OBJECT_TYPE_NAME (widget),
                     GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget)) : "?");
        }
      (*n_checked)++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    check_buttons_named (child, n_checked);
}

static void
test_accessible_names (void)
{
  PlumbWindow *window = open_window ();
  guint n_checked = 0;

  check_buttons_named (GTK_WIDGET (window), &n_checked);
  g_assert_cmpuint (n_checked, >, 0);

  close_all_windows ();
}

static void
test_sections (void)
{
  PlumbWindow *window = open_window ();
  GtkWidget *first = gtk_label_new ("first");
  GtkWidget *second = gtk_label_new ("second");

  g_assert_null (plumb_window_get_section (window));
  plumb_window_add_section (window, "one", "One", "view-list-symbolic", first);
  plumb_window_add_section (window, "two", "Two", "avatar-default-symbolic", second);
  plumb_window_show_section (window, "two");
  g_assert_cmpstr (plumb_window_get_section (window), ==, "two");
  g_assert_true (gtk_widget_get_mapped (second) || !gtk_widget_get_mapped (first));
  plumb_window_show_section (window, "no-such-section");
  g_assert_cmpstr (plumb_window_get_section (window), ==, "two");

  close_all_windows ();
}

/* A second application, as a new run would start, after a run that saved
 * the sign-in of @environment (and @key). */
static PlumbApplication *
start_after_saved_sign_in (const char *environment,
                           const char *key)
{
  static guint n_started;
  PlumbApplication *next = plumb_application_new ();
  GSettings *settings = plumb_application_get_settings (next);
  g_autofree char *id = g_strdup_printf ("io.github.plumbline.Plumbline.NextRun%u", ++n_started);

  /* Its own name and object paths on the bus, beside the first one's. */
  g_application_set_application_id (G_APPLICATION (next), id);
  g_application_set_flags (G_APPLICATION (next), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (next), NULL, NULL));
  g_settings_set_string (settings, "account-environment", environment);
  g_settings_set_string (settings, "account-key", key);

  return next;
}

static void
forget_saved_sign_in (PlumbApplication *next)
{
  GSettings *settings = plumb_application_get_settings (next);

  g_settings_set_string (settings, "account-environment", "");
  g_settings_set_string (settings, "account-key", "");
}

static gboolean
has_account (gpointer data)
{
  return plumb_application_get_account (data) != NULL;
}

static gboolean
not_restoring (gpointer data)
{
  return !plumb_application_get_restoring (data);
}

static GtkWidget *
window_child (PlumbWindow *window,
              const char  *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PLUMB_TYPE_WINDOW, name));
}

/* A new run of the app is a process of its own: the saved settings it
 * starts from are not touched by the apps of the tests before it. */
static void
run_in_own_process (GTestFunc body)
{
  if (g_test_subprocess ())
    {
      body ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A returning person does not see the welcome page, which offers to sign in,
 * while the last run's sign-in comes back: the window says it is signing in
 * from its first frame, then shows the sections. */
static void
returning_sign_in (void)
{
  g_autoptr(PlumbApplication) next = start_after_saved_sign_in ("embedded-sandbox", "");
  PlumbWindow *window = PLUMB_WINDOW (plumb_test_activate (G_APPLICATION (next)));
  GtkWidget *welcome = window_child (window, "welcome");
  GtkWidget *restoring = window_child (window, "restoring_box");

  g_assert_true (plumb_application_get_restoring (next));
  g_assert_null (plumb_application_get_account (next));
  g_assert_false (gtk_widget_get_visible (welcome));
  g_assert_true (gtk_widget_get_visible (restoring));
  plumb_test_wait_until (window_is_mapped, window, 5000, "the main window to map");
  g_assert_false (gtk_widget_get_mapped (welcome));
  g_assert_true (gtk_widget_get_mapped (restoring));

  plumb_test_wait_until (has_account, next, 60000, "the sandbox sign-in to come back");
  plumb_test_wait_until (not_restoring, next, 5000, "the restore to end");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (window_child (window, "main_stack"))), ==, "sections");

  forget_saved_sign_in (next);
  gtk_window_destroy (GTK_WINDOW (window));
  plumb_test_flush ();
}

static void
test_returning_sign_in (void)
{
  run_in_own_process (returning_sign_in);
}

/* A saved sign-in the keyring no longer has: the welcome page comes back
 * and says why, rather than appearing as if nobody had signed in. */
static void
restore_failure_explained (void)
{
  g_autoptr(PlumbApplication) next = start_after_saved_sign_in ("production", "no-such-sign-in");
  PlumbWindow *window = PLUMB_WINDOW (plumb_test_activate (G_APPLICATION (next)));
  GtkWidget *welcome = window_child (window, "welcome");
  GtkLabel *error;

  g_assert_true (plumb_application_get_restoring (next));
  g_assert_false (gtk_widget_get_visible (welcome));
  plumb_test_wait_until (not_restoring, next, 30000, "the restore to end");

  g_assert_null (plumb_application_get_account (next));
  g_assert_true (gtk_widget_get_visible (welcome));
  g_assert_false (gtk_widget_get_visible (window_child (window, "restoring_box")));
  error = GTK_LABEL (gtk_widget_get_template_child (welcome, PLUMB_TYPE_WELCOME_PAGE, "start_error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_nonnull (strstr (gtk_label_get_label (error), "Sign in again"));
  g_assert_cmpstr (gtk_label_get_label (error), ==, plumb_application_get_restore_error (next));

  forget_saved_sign_in (next);
  gtk_window_destroy (GTK_WINDOW (window));
  plumb_test_flush ();
}

static void
test_restore_failure_explained (void)
{
  run_in_own_process (restore_failure_explained);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dirs = NULL;
  int status;

  dirs = plumb_test_gui_init (&argc, &argv);

  app = plumb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/window/opens", test_window_opens);
  g_test_add_func ("/window/primary-menu", test_primary_menu);
  g_test_add_func ("/window/shortcuts-key", test_shortcuts_key);
  g_test_add_func ("/window/about", test_about_facts);
  g_test_add_func ("/window/size-remembered", test_window_size_remembered);
  g_test_add_func ("/window/accessible-names", test_accessible_names);
  g_test_add_func ("/window/sections", test_sections);
  g_test_add_func ("/window/returning-sign-in", test_returning_sign_in);
  g_test_add_func ("/window/restore-failure-explained", test_restore_failure_explained);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);

  plumb_test_remove_tree (dirs);
  return status;
}
