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
#include "plumb-preferences-window.h"
#include "plumb-screenshot.h"
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

static const struct {
  const char *name;
  ScreenFunc  func;
} screens[] = {
  { "welcome", screen_welcome },
  { "preferences", screen_preferences },
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
  g_application_set_flags (G_APPLICATION (shots.app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (shots.app), NULL, NULL);
  g_application_hold (G_APPLICATION (shots.app));
  g_application_activate (G_APPLICATION (shots.app));
  shots.window = PLUMB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (shots.app)));

  for (guint s = 0; s < G_N_ELEMENTS (screens); s++)
    {
      gboolean wanted = argc == 2;

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
