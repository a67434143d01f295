/* plumb-preferences-window.c: the Procore environment and other choices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-environment.h"
#include "plumb-error.h"
#include "plumb-preferences-window.h"

struct _PlumbPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwComboRow          *environment_row;
  AdwEntryRow          *custom_url_row;
  GtkLabel             *custom_url_error;
};

G_DEFINE_FINAL_TYPE (PlumbPreferencesWindow, plumb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

PlumbPreferencesWindow *
plumb_preferences_window_new (GSettings *settings)
{
  return g_object_new (PLUMB_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}

static void
show_url_error (PlumbPreferencesWindow *self,
                const char             *message)
{
  gtk_label_set_label (self->custom_url_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->custom_url_error), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->custom_url_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->custom_url_row), "error");
}

static char *
describe_environment (PlumbEnvironment env)
{
  switch (env)
    {
    case PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX:
      return g_strdup (_("A demo company served by Plumbline itself, on this computer"));
    case PLUMB_ENVIRONMENT_CUSTOM:
      return g_strdup (_("A server at an address you give"));
    case PLUMB_ENVIRONMENT_PRODUCTION:
    case PLUMB_ENVIRONMENT_DEVELOPER_SANDBOX:
    case PLUMB_ENVIRONMENT_MONTHLY_SANDBOX:
    case PLUMB_ENVIRONMENT_FEDERAL:
    case PLUMB_N_ENVIRONMENTS:
    default:
      return g_strdup (plumb_environment_get_api_url (env));
    }
}

/* The environment only becomes "custom" once there is a valid address for it,
 * so a half-typed URL never leaves the app pointing nowhere. */
static gboolean
apply_custom_url (PlumbPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = plumb_validate_base_url (gtk_editable_get_text (GTK_EDITABLE (self->custom_url_row)), &error);
  if (url == NULL)
    {
      show_url_error (self, error->message);
      return FALSE;
    }

  show_url_error (self, NULL);
  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "custom-url", url);
  g_settings_set_string (self->settings, "environment",
                         plumb_environment_to_nick (PLUMB_ENVIRONMENT_CUSTOM));
  g_settings_apply (self->settings);

  if (g_strcmp0 (url, gtk_editable_get_text (GTK_EDITABLE (self->custom_url_row))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->custom_url_row), url);

  return TRUE;
}

static void
on_custom_url_apply (PlumbPreferencesWindow *self)
{
  if (apply_custom_url (self))
    {
      AdwToast *toast = adw_toast_new (_("Server address saved"));

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
    }
}

static void
on_environment_selected (PlumbPreferencesWindow *self)
{
  PlumbEnvironment env = adw_combo_row_get_selected (self->environment_row);
  g_autofree char *subtitle = NULL;

  if (env >= PLUMB_N_ENVIRONMENTS)
    return;

  subtitle = describe_environment (env);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->environment_row), subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_url_row), env == PLUMB_ENVIRONMENT_CUSTOM);

  if (env == PLUMB_ENVIRONMENT_CUSTOM)
    {
      const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->custom_url_row));

      if (*typed != '\0')
        apply_custom_url (self);
      else
        show_url_error (self, _("Enter the server’s address, then press Enter"));
      return;
    }

  show_url_error (self, NULL);
  g_settings_set_string (self->settings, "environment", plumb_environment_to_nick (env));
}

static GListModel *
create_environment_model (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < PLUMB_N_ENVIRONMENTS; i++)
    gtk_string_list_append (list, plumb_environment_get_title (i));

  return G_LIST_MODEL (list);
}

static void
plumb_preferences_window_constructed (GObject *object)
{
  PlumbPreferencesWindow *self = PLUMB_PREFERENCES_WINDOW (object);
  g_autoptr(GListModel) model = NULL;
  g_autofree char *nick = NULL;
  g_autofree char *custom_url = NULL;
  PlumbEnvironment env = PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX;

  G_OBJECT_CLASS (plumb_preferences_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  nick = g_settings_get_string (self->settings, "environment");
  custom_url = g_settings_get_string (self->settings, "custom-url");
  plumb_environment_from_nick (nick, &env);

  gtk_editable_set_text (GTK_EDITABLE (self->custom_url_row), custom_url);

  model = create_environment_model ();
  adw_combo_row_set_model (self->environment_row, model);
  adw_combo_row_set_selected (self->environment_row, env);
  on_environment_selected (self);

  g_signal_connect_object (self->environment_row, "notify::selected",
                           G_CALLBACK (on_environment_selected), self, G_CONNECT_SWAPPED);
}

static void
plumb_preferences_window_dispose (GObject *object)
{
  PlumbPreferencesWindow *self = PLUMB_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLUMB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (plumb_preferences_window_parent_class)->dispose (object);
}

static void
plumb_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  PlumbPreferencesWindow *self = PLUMB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_preferences_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  PlumbPreferencesWindow *self = PLUMB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_preferences_window_class_init (PlumbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = plumb_preferences_window_constructed;
  object_class->dispose = plumb_preferences_window_dispose;
  object_class->get_property = plumb_preferences_window_get_property;
  object_class->set_property = plumb_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plumbline/Plumbline/ui/plumb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlumbPreferencesWindow, environment_row);
  gtk_widget_class_bind_template_child (widget_class, PlumbPreferencesWindow, custom_url_row);
  gtk_widget_class_bind_template_child (widget_class, PlumbPreferencesWindow, custom_url_error);
  gtk_widget_class_bind_template_callback (widget_class, on_custom_url_apply);
}

static void
plumb_preferences_window_init (PlumbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
