/* plumb-account-page.c: who is signed in, where, and their companies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-account-page.h"
#include "plumb-api.h"
#include "plumb-company.h"
#include "plumb-permissions.h"

struct _PlumbAccountPage
{
  GtkWidget         parent_instance;

  PlumbApplication *application;
  GCancellable     *cancellable;

  /* Template widgets */
  GtkWidget        *page;
  AdwActionRow     *person_row;
  AdwAvatar        *avatar;
  AdwActionRow     *server_row;
  GtkListBox       *companies_list;
};

G_DEFINE_FINAL_TYPE (PlumbAccountPage, plumb_account_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_APPLICATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
plumb_account_page_new (PlumbApplication *application)
{
  return g_object_new (PLUMB_TYPE_ACCOUNT_PAGE,
                       "application", application,
                       NULL);
}

static char *
describe_level (PlumbPermissions *permissions)
{
  switch (plumb_permissions_get_directory_level (permissions))
    {
    case PLUMB_ACCESS_ADMIN:
      return g_strdup (_("Directory: Admin"));
    case PLUMB_ACCESS_STANDARD:
      return g_strdup (_("Directory: Standard"));
    case PLUMB_ACCESS_READ_ONLY:
      return g_strdup (_("Directory: Read Only"));
    case PLUMB_ACCESS_NONE:
    default:
      return g_strdup (_("No access to the Directory"));
    }
}

static void
permissions_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AdwActionRow) row = user_data;
  g_autoptr(PlumbPermissions) permissions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *level = NULL;
  g_autofree char *subtitle = NULL;

  permissions = plumb_api_get_permissions_finish (PLUMB_SESSION (object), result, &error);
  if (permissions == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_action_row_set_subtitle (row, error->message);
      return;
    }

  level = describe_level (permissions);
  if (plumb_permissions_can_invite (permissions))
    /* Translators: %s is a permission level such as “Directory: Admin” */
    subtitle = g_strdup_printf (_("%s · may invite people"), level);
  else
    {
      g_autofree char *missing = plumb_permissions_dup_missing_sentence (permissions, FALSE);

      /* Translators: first %s is a level, second why inviting is not allowed */
      subtitle = g_strdup_printf (_("%s · %s"), level, missing ? missing : _("cannot invite people"));
    }
  adw_action_row_set_subtitle (row, subtitle);
}

static GtkWidget *
create_company_row (gpointer item,
                    gpointer user_data)
{
  PlumbAccountPage *self = user_data;
  PlumbCompany *company = item;
  PlumbAccount *account = plumb_application_get_account (self->application);
  GtkWidget *row;
  GtkWidget *check;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), plumb_company_get_name (company));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Reading your permissions…"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "company-id", GINT_TO_POINTER (0));
  g_object_set_data_full (G_OBJECT (row), "company", g_object_ref (company), g_object_unref);

  check = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_visible (check, plumb_company_get_id (company) == plumb_application_get_company_id (self->application));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Current company"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
  g_object_set_data (G_OBJECT (row), "check", check);

  if (account != NULL)
    plumb_api_get_permissions_async (plumb_account_get_session (account), plumb_company_get_id (company),
                                     self->cancellable, permissions_cb, g_object_ref (row));

  return row;
}

static void
update_checks (PlumbAccountPage *self)
{
  gint64 current = plumb_application_get_company_id (self->application);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->companies_list, i)) != NULL; i++)
    {
      PlumbCompany *company = g_object_get_data (G_OBJECT (row), "company");
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");

      gtk_widget_set_visible (check, plumb_company_get_id (company) == current);
    }
}

static void
on_company_activated (PlumbAccountPage *self,
                      GtkListBoxRow    *row)
{
  PlumbCompany *company = g_object_get_data (G_OBJECT (row), "company");

  plumb_application_set_company_id (self->application, plumb_company_get_id (company));
}

static void
update_account (PlumbAccountPage *self)
{
  PlumbAccount *account = plumb_application_get_account (self->application);
  g_autofree char *server = NULL;
  const char *name;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (account == NULL)
    return;

  name = plumb_account_get_user_name (account);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->person_row),
                                 name && *name ? name : plumb_account_get_login (account));
  adw_action_row_set_subtitle (self->person_row, plumb_account_get_login (account));
  adw_avatar_set_text (self->avatar, name);

  /* Translators: an environment name, then its address */
  server = g_strdup_printf (_("%s — %s"), plumb_application_get_environment_title (self->application),
                            plumb_session_get_api_url (plumb_account_get_session (account)));
  adw_action_row_set_subtitle (self->server_row, server);

  /* Rebinding creates the rows again, each asking for its permissions. */
  gtk_list_box_bind_model (self->companies_list, plumb_application_get_companies (self->application),
                           create_company_row, self, NULL);
}

static void
plumb_account_page_constructed (GObject *object)
{
  PlumbAccountPage *self = PLUMB_ACCOUNT_PAGE (object);

  G_OBJECT_CLASS (plumb_account_page_parent_class)->constructed (object);

  g_signal_connect_object (self->application, "notify::account",
                           G_CALLBACK (update_account), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "notify::company-id",
                           G_CALLBACK (update_checks), self, G_CONNECT_SWAPPED);
  update_account (self);
}

static void
plumb_account_page_dispose (GObject *object)
{
  PlumbAccountPage *self = PLUMB_ACCOUNT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLUMB_TYPE_ACCOUNT_PAGE);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (plumb_account_page_parent_class)->dispose (object);
}

static void
plumb_account_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PlumbAccountPage *self = PLUMB_ACCOUNT_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_set_object (&self->application, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_account_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PlumbAccountPage *self = PLUMB_ACCOUNT_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_account_page_class_init (PlumbAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = plumb_account_page_constructed;
  object_class->dispose = plumb_account_page_dispose;
  object_class->get_property = plumb_account_page_get_property;
  object_class->set_property = plumb_account_page_set_property;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         PLUMB_TYPE_APPLICATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plumbline/Plumbline/ui/plumb-account-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlumbAccountPage, page);
  gtk_widget_class_bind_template_child (widget_class, PlumbAccountPage, person_row);
  gtk_widget_class_bind_template_child (widget_class, PlumbAccountPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, PlumbAccountPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, PlumbAccountPage, companies_list);
  gtk_widget_class_bind_template_callback (widget_class, on_company_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
plumb_account_page_init (PlumbAccountPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
