/* test-preferences.c: the environment choice persists, bad addresses are refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#include "plumb-environment.h"
#include "plumb-preferences-window.h"
#include "plumb-test-gui.h"

typedef struct
{
  char      *dir;
  char      *keyfile;
  GSettings *settings;
} Fixture;

static GSettings *
open_settings (const char *keyfile)
{
  g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (keyfile, "/", NULL);

  return g_settings_new_with_backend ("io.github.plumbline.Plumbline", backend);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("plumb-prefs-XXXXXX", &error);
  g_assert_no_error (error);
  f->keyfile = g_build_filename (f->dir, "settings.ini", NULL);
  f->settings = open_settings (f->keyfile);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->settings);
  g_unlink (f->keyfile);
  g_rmdir (f->dir);
  g_free (f->keyfile);
  g_free (f->dir);
}

static PlumbPreferencesWindow *
open_prefs (GSettings *settings)
{
  PlumbPreferencesWindow *prefs = plumb_preferences_window_new (settings);

  gtk_window_present (GTK_WINDOW (prefs));
  plumb_test_flush ();

  return prefs;
}

static gpointer
child (PlumbPreferencesWindow *prefs,
       const char             *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (prefs), PLUMB_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);

  return object;
}

/* A second, independent reader of the same file: what a restarted app sees. */
static char *
read_back (Fixture    *f,
           const char *key)
{
  g_autoptr(GSettings) again = NULL;

  g_settings_sync ();
  again = open_settings (f->keyfile);

  return g_settings_get_string (again, key);
}

static void
test_environment_persists (Fixture       *f,
                           gconstpointer  data)
{
  PlumbPreferencesWindow *prefs = open_prefs (f->settings);
  AdwComboRow *row = child (prefs, "environment_row");
  g_autofree char *stored = NULL;

  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, PLUMB_N_ENVIRONMENTS);

  adw_combo_row_set_selected (row, PLUMB_ENVIRONMENT_FEDERAL);
  stored = read_back (f, "environment");
  g_assert_cmpstr (stored, ==, "federal");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "https://api.procoregov.com");
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* Opened again, it shows what was chosen. */
  prefs = open_prefs (f->settings);
  row = child (prefs, "environment_row");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, PLUMB_ENVIRONMENT_FEDERAL);
  g_assert_false (gtk_widget_get_visible (child (prefs, "custom_url_row")));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_custom_url_rejects_plain_http (Fixture       *f,
                                    gconstpointer  data)
{
  PlumbPreferencesWindow *prefs = open_prefs (f->settings);
  AdwComboRow *row = child (prefs, "environment_row");
  GtkEditable *url_row = child (prefs, "custom_url_row");
  GtkLabel *error_label = child (prefs, "custom_url_error");
  g_autofree char *env = NULL;
  g_autofree char *url = NULL;

  adw_combo_row_set_selected (row, PLUMB_ENVIRONMENT_PRODUCTION);
  adw_combo_row_set_selected (row, PLUMB_ENVIRONMENT_CUSTOM);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (url_row)));

  gtk_editable_set_text (url_row, "http://procore.example.com");
  g_signal_emit_by_name (url_row, "apply");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_label (error_label), "https://"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (url_row), "error"));
  /* What was typed stays, and nothing was stored. */
  g_assert_cmpstr (gtk_editable_get_text (url_row), ==, "http://procore.example.com");
  env = read_back (f, "environment");
  url = read_back (f, "custom-url");
  g_assert_cmpstr (env, ==, "production");
  g_assert_cmpstr (url, ==, "");

  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_custom_url_accepted (Fixture       *f,
                          gconstpointer  data)
{
  PlumbPreferencesWindow *prefs = open_prefs (f->settings);
  AdwComboRow *row = child (prefs, "environment_row");
  GtkEditable *url_row = child (prefs, "custom_url_row");
  GtkLabel *error_label = child (prefs, "custom_url_error");
  g_autofree char *env = NULL;
  g_autofree char *url = NULL;
  g_autofree char *loopback = NULL;

  adw_combo_row_set_selected (row, PLUMB_ENVIRONMENT_CUSTOM);
  gtk_editable_set_text (url_row, " https://procore.example.com/ ");
  g_signal_emit_by_name (url_row, "apply");

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  env = read_back (f, "environment");
  url = read_back (f, "custom-url");
  g_assert_cmpstr (env, ==, "custom");
  g_assert_cmpstr (url, ==, "https://procore.example.com");
  g_assert_cmpstr (gtk_editable_get_text (url_row), ==, "https://procore.example.com");

  /* Plain http is fine on this computer. */
  gtk_editable_set_text (url_row, "http://127.0.0.1:8123");
  g_signal_emit_by_name (url_row, "apply");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  loopback = read_back (f, "custom-url");
  g_assert_cmpstr (loopback, ==, "http://127.0.0.1:8123");

  gtk_window_destroy (GTK_WINDOW (prefs));

  prefs = open_prefs (f->settings);
  g_assert_cmpuint (adw_combo_row_get_selected (child (prefs, "environment_row")), ==, PLUMB_ENVIRONMENT_CUSTOM);
  g_assert_cmpstr (gtk_editable_get_text (child (prefs, "custom_url_row")), ==, "http://127.0.0.1:8123");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/preferences/environment-persists", Fixture, NULL,
              fixture_setup, test_environment_persists, fixture_teardown);
  g_test_add ("/preferences/custom-url-rejects-plain-http", Fixture, NULL,
              fixture_setup, test_custom_url_rejects_plain_http, fixture_teardown);
  g_test_add ("/preferences/custom-url-accepted", Fixture, NULL,
              fixture_setup, test_custom_url_accepted, fixture_teardown);

  return g_test_run ();
}
