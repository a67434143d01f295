/* plumbline-screenshots.c: renders each main screen of Plumbline to PNG
 * files, in the light and the dark style, wide and narrow.
 *
 * Usage: plumbline-screenshots OUTPUT-DIR [SCREEN...]
 * Runs under build-aux/test-env.sh (a virtual display) like the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "plumb-application.h"
#include "plumb-directory-page.h"
#include "plumb-preferences-window.h"
#include "plumb-screenshot.h"
#include "plumb-welcome-page.h"
#include "plumb-window.h"

typedef struct
{
  PlumbApplication *app;
  PlumbWindow      *window;
} Shots;

/* Each screen puts the app in some state and returns the window to draw. */
typedef GtkWidget *(*ScreenFunc) (Shots *shots);

static GtkWidget *
screen_welcome (Shots *shots)
{
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_preferences (Shots *shots)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.plumbline.Plumbline");
  PlumbPreferencesWindow *prefs = plumb_preferences_window_new (settings);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (shots->window));
  gtk_window_present (GTK_WINDOW (prefs));

  return GTK_WIDGET (prefs);
}

static gpointer
window_child (Shots      *shots,
              const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (shots->window), PLUMB_TYPE_WINDOW, name);
}

static gpointer
welcome_child (Shots      *shots,
               const char *name)
{
  return gtk_widget_get_template_child (window_child (shots, "welcome"), PLUMB_TYPE_WELCOME_PAGE, name);
}

static gboolean
done (gpointer data)
{
  return *(gboolean *) data;
}

static void
wait_for (gboolean (*condition) (Shots *), Shots *shots)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!condition (shots) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_signed_in (Shots *shots)
{
  return plumb_application_get_account (shots->app) != NULL &&
         plumb_application_get_company_id (shots->app) != 0;
}

static gboolean
is_signed_out (Shots *shots)
{
  return plumb_application_get_account (shots->app) == NULL;
}

static void
sign_out (Shots *shots)
{
  if (plumb_application_get_account (shots->app) != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (shots->app), "sign-out", NULL);
  wait_for (is_signed_out, shots);
}

static GtkWidget *
screen_sign_in_credentials (Shots *shots)
{
  sign_out (shots);
  gtk_widget_activate_action (window_child (shots, "welcome"), "welcome.sign-in", NULL);
  gtk_editable_set_text (welcome_child (shots, "client_id_row"), "3f1c0d9e-plumbline-desktop");
  gtk_editable_set_text (welcome_child (shots, "client_secret_row"), "not-a-real-secret");

  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_sign_in_code (Shots *shots)
{
  GtkWidget *welcome = window_child (shots, "welcome");

  sign_out (shots);
  g_settings_set_string (plumb_application_get_settings (shots->app), "environment", "embedded-sandbox");
  gtk_widget_activate_action (welcome, "welcome.sign-in", NULL);
  gtk_editable_set_text (welcome_child (shots, "client_id_row"), "plumbline-demo");
  gtk_editable_set_text (welcome_child (shots, "client_secret_row"), "plumbline-demo-secret");
  gtk_widget_activate_action (welcome, "welcome.open-browser", NULL);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_strcmp0 (plumb_welcome_page_get_step (PLUMB_WELCOME_PAGE (welcome)), "code") != 0 &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  gtk_editable_set_text (welcome_child (shots, "code_row"), "Xq7-mistyped");

  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_sign_in_error (Shots *shots)
{
  GtkWidget *welcome = window_child (shots, "welcome");
  GtkWidget *error_label;

  screen_sign_in_code (shots);
  error_label = welcome_child (shots, "code_error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_widget_activate_action (welcome, "welcome.finish", NULL);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (!gtk_widget_get_visible (error_label) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }

  return GTK_WIDGET (shots->window);
}

static void
explored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!plumb_application_explore_sandbox_finish (PLUMB_APPLICATION (object), result, &error))
    g_printerr ("The sandbox did not open: %s\n", error->message);
  *(gboolean *) user_data = TRUE;
}

static GtkWidget *
screen_account (Shots *shots)
{
  if (!is_signed_in (shots))
    {
      gboolean finished = FALSE;

      plumb_application_explore_sandbox_async (shots->app, NULL, explored_cb, &finished);
      while (!done (&finished))
        g_main_context_iteration (NULL, TRUE);
      wait_for (is_signed_in, shots);
    }
  plumb_window_show_section (shots->window, "account");

  return GTK_WIDGET (shots->window);
}

static gboolean
directory_ready (Shots *shots)
{
  GtkWidget *page = gtk_stack_get_child_by_name (window_child (shots, "content_stack"), "directory");

  return page != NULL && g_strcmp0 (plumb_directory_page_get_state (PLUMB_DIRECTORY_PAGE (page)), "list") == 0;
}

static GtkWidget *
screen_directory (Shots *shots)
{
  screen_account (shots);
  plumb_window_show_section (shots->window, "directory");
  wait_for (directory_ready, shots);

  return GTK_WIDGET (shots->window);
}

static const struct {
  const char *name;
  ScreenFunc  func;
} screens[] = {
  { "welcome", screen_welcome },
  { "preferences", screen_preferences },
  { "sign-in-credentials", screen_sign_in_credentials },
  { "sign-in-code", screen_sign_in_code },
  { "sign-in-error", screen_sign_in_error },
  { "account", screen_account },
  { "directory", screen_directory },
  { "directory-100k", screen_directory },
};

static const struct {
  const char *name;
  int         width;
  int         height;
} sizes[] = {
  { "wide", 1100, 720 },
  { "narrow", 400, 720 },
};

static void
close_extra_windows (Shots *shots)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (window != GTK_WINDOW (shots->window))
        gtk_window_destroy (window);
    }
}

int
main (int    argc,
      char **argv)
{
  Shots shots = { 0 };
  AdwStyleManager *style;
  const char *outdir;
  int status = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s OUTPUT-DIR [SCREEN...]\n", argv[0]);
      return 2;
    }
  outdir = argv[1];
  g_mkdir_with_parents (outdir, 0755);

  gtk_init ();
  adw_init ();
  style = adw_style_manager_get_default ();

  shots.app = plumb_application_new ();
  /* The 100,000-person company is its own run: the sandbox starts once. */
  if (argc == 3 && g_str_equal (argv[2], "directory-100k"))
    plumb_application_set_sandbox_people (shots.app, 100000);
  g_application_set_flags (G_APPLICATION (shots.app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (shots.app), NULL, NULL);
  g_application_hold (G_APPLICATION (shots.app));
  g_application_activate (G_APPLICATION (shots.app));
  shots.window = PLUMB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (shots.app)));

  for (guint s = 0; s < G_N_ELEMENTS (screens); s++)
    {
      gboolean wanted = argc == 2 && !g_str_equal (screens[s].name, "directory-100k");

      for (int a = 2; a < argc; a++)
        wanted |= g_str_equal (argv[a], screens[s].name);
      if (!wanted)
        continue;

      for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
        for (int dark = 0; dark <= 1; dark++)
          {
            g_autoptr(GError) error = NULL;
            g_autofree char *file = NULL;
            g_autofree char *path = NULL;
            GtkWidget *target;

            adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
            gtk_window_set_default_size (GTK_WINDOW (shots.window), sizes[z].width, sizes[z].height);
            plumb_screenshot_wait_for_frames (GTK_WIDGET (shots.window), 3);

            target = screens[s].func (&shots);
            plumb_screenshot_wait_for_frames (target, 20);

            file = g_strdup_printf ("%s-%s-%s.png", screens[s].name, sizes[z].name, dark ? "dark" : "light");
            path = g_build_filename (outdir, file, NULL);
            if (!plumb_screenshot_save (target, path, &error))
              {
                g_printerr ("%s: %s\n", file, error->message);
                status = 1;
              }
            else
              g_print ("%s\n", path);

            close_extra_windows (&shots);
          }
    }

  gtk_window_destroy (GTK_WINDOW (shots.window));
  g_application_release (G_APPLICATION (shots.app));
  g_clear_object (&shots.app);

  return status;
}
