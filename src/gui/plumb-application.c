/* plumb-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-application.h"
#include "plumb-preferences-window.h"
#include "plumb-window.h"

struct _PlumbApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (PlumbApplication, plumb_application, ADW_TYPE_APPLICATION)

PlumbApplication *
plumb_application_new (void)
{
  return g_object_new (PLUMB_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/plumbline/Plumbline",
                       NULL);
}

GSettings *
plumb_application_get_settings (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), NULL);

  return self->settings;
}

static void
plumb_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (plumb_window_new (PLUMB_APPLICATION (app)));

  gtk_window_present (window);
}

static void
plumb_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  PlumbApplication *self = user_data;
  static const char *developers[] = { "The Plumbline developers", NULL };
  GtkWindow *window;
  GtkWidget *about;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "modal", TRUE,
                        "application-name", _("Plumbline"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Plumbline developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", PACKAGE_WEBSITE,
                        "issue-url", PACKAGE_ISSUES,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Plumbline developers",
                        "comments", _("Your company directory, profile and certifications from Procore, on the desktop and offline"),
                        "translator-credits", _("translator-credits"),
                        NULL);

  gtk_window_present (GTK_WINDOW (about));
}

static void
plumb_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  PlumbApplication *self = user_data;
  GtkWindow *window;
  PlumbPreferencesWindow *prefs;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  prefs = plumb_preferences_window_new (self->settings);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), window);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
plumb_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  PlumbApplication *self = user_data;
  GList *windows;

  /* Closing each window lets it save its state first. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "about", plumb_application_about_action },
  { "preferences", plumb_application_preferences_action },
  { "quit", plumb_application_quit_action },
};

static void
plumb_application_startup (GApplication *app)
{
  PlumbApplication *self = PLUMB_APPLICATION (app);

  G_APPLICATION_CLASS (plumb_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", (const char *[]) { "<Control>w", NULL });
}

static void
plumb_application_dispose (GObject *object)
{
  PlumbApplication *self = PLUMB_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (plumb_application_parent_class)->dispose (object);
}

static void
plumb_application_class_init (PlumbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = plumb_application_dispose;

  app_class->activate = plumb_application_activate;
  app_class->startup = plumb_application_startup;
}

static void
plumb_application_init (PlumbApplication *self)
{
  self->settings = g_settings_new ("io.github.plumbline.Plumbline");
}
