/* plumb-window.c: the main window, a sidebar of sections beside their content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-account-page.h"
#include "plumb-certification-page.h"
#include "plumb-directory-page.h"
#include "plumb-profile-page.h"
#include "plumb-sync-status.h"
#include "plumb-ui-part.h"
#include "plumb-welcome-page.h"
#include "plumb-window.h"

struct _PlumbWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GMenuModel           *primary_menu;
  GtkWidget            *welcome_page;
  PlumbWelcomePage     *welcome;
  GtkWidget            *restoring_box;

  /* The signed-in half, built when first needed (ensure_sections) */
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkStack             *content_stack;
  AdwWindowTitle       *content_title;
  GtkWidget            *content_box;
  PlumbSyncStatus      *sync_status;
};

G_DEFINE_FINAL_TYPE (PlumbWindow, plumb_window, ADW_TYPE_APPLICATION_WINDOW)

static void on_account_changed (PlumbWindow *self);
static void on_restoring_changed (PlumbWindow *self);
static void update_title (PlumbWindow *self);
static void sign_out_activated (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data);

static void
show_help_overlay_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  PlumbWindow *self = user_data;
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/plumbline/Plumbline/ui/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self), overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

PlumbWindow *
plumb_window_new (PlumbApplication *application)
{
  PlumbWindow *self;

  g_return_val_if_fail (PLUMB_IS_APPLICATION (application), NULL);

  self = g_object_new (PLUMB_TYPE_WINDOW,
                       "application", application,
                       NULL);

  /* The window's Sign Out asks first when changes are not saved. */
  {
    GAction *app_sign_out = g_action_map_lookup_action (G_ACTION_MAP (application), "sign-out");
    GSimpleAction *sign_out = g_simple_action_new ("sign-out", NULL);

    g_signal_connect (sign_out, "activate", G_CALLBACK (sign_out_activated), self);
    if (app_sign_out != NULL)
      g_object_bind_property (app_sign_out, "enabled", sign_out, "enabled", G_BINDING_SYNC_CREATE);
    g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (sign_out));
    g_object_unref (sign_out);
  }

  /* The shortcuts window is built when first asked for, not with every
   * window: building it would delay the first frame. */
  {
    GSimpleAction *show_help = g_simple_action_new ("show-help-overlay", NULL);

    g_signal_connect (show_help, "activate", G_CALLBACK (show_help_overlay_activated), self);
    g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (show_help));
    g_object_unref (show_help);
  }

  /* The application property is set after construction, so the window
   * follows the account from here. */
  g_signal_connect_object (application, "notify::account", G_CALLBACK (on_account_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::company-id", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::restoring", G_CALLBACK (on_restoring_changed), self, G_CONNECT_SWAPPED);
  if (plumb_application_get_account (application) != NULL)
    on_account_changed (self);
  else if (plumb_application_get_restoring (application))
    on_restoring_changed (self);

  return self;
}

static GtkWidget *
create_sidebar_row (gpointer item,
                    gpointer user_data)
{
  GtkStackPage *page = item;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *icon;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  icon = gtk_image_new ();
  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  g_object_bind_property (page, "icon-name", icon, "icon-name", G_BINDING_SYNC_CREATE);
  g_object_bind_property (page, "title", label, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_bind_property (page, "title", row, "tooltip-text", G_BINDING_SYNC_CREATE);
  g_object_set_data_full (G_OBJECT (row), "section-name",
                          g_strdup (gtk_stack_page_get_name (page)), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_stack_page_get_title (page),
                                  -1);

  return row;
}

static void on_sidebar_row_activated (PlumbWindow   *self,
                                      GtkListBoxRow *row);
static void on_back_clicked          (PlumbWindow   *self);

/* The sidebar, the section shown and their header bars: built at the first
 * sign-in rather than with the window, as a window that opens on the
 * welcome page would only delay its first frame building them. */
static void
ensure_sections (PlumbWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GtkSelectionModel) pages = NULL;
  GtkApplication *app;

  if (self->leaflet != NULL)
    return;

  builder = plumb_ui_part_builder_new (G_OBJECT (self),
                                       "on_sidebar_row_activated", G_CALLBACK (on_sidebar_row_activated),
                                       "on_back_clicked", G_CALLBACK (on_back_clicked),
                                       NULL);
  gtk_builder_expose_object (builder, "primary_menu", G_OBJECT (self->primary_menu));
  gtk_builder_add_from_resource (builder, "/io/github/plumbline/Plumbline/ui/plumb-window-sections.ui", NULL);

  self->leaflet = ADW_LEAFLET (gtk_builder_get_object (builder, "leaflet"));
  self->sidebar_list = GTK_LIST_BOX (gtk_builder_get_object (builder, "sidebar_list"));
  self->content_stack = GTK_STACK (gtk_builder_get_object (builder, "content_stack"));
  self->content_title = ADW_WINDOW_TITLE (gtk_builder_get_object (builder, "content_title"));
  self->content_box = GTK_WIDGET (gtk_builder_get_object (builder, "content_box"));
  self->sync_status = PLUMB_SYNC_STATUS (gtk_builder_get_object (builder, "sync_status"));
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->leaflet), "sections");

  pages = gtk_stack_get_pages (self->content_stack);
  gtk_list_box_bind_model (self->sidebar_list, G_LIST_MODEL (pages), create_sidebar_row, NULL, NULL);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (PLUMB_IS_APPLICATION (app))
    plumb_sync_status_set_application (self->sync_status, PLUMB_APPLICATION (app));
  update_title (self);
}

/* The section shown, or NULL before there are any */
static GtkWidget *
visible_section (PlumbWindow *self)
{
  return self->content_stack != NULL ? gtk_stack_get_visible_child (self->content_stack) : NULL;
}

static void
update_content_title (PlumbWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->content_stack);
  const char *title = NULL;

  if (child != NULL)
    title = gtk_stack_page_get_title (gtk_stack_get_page (self->content_stack, child));

  adw_window_title_set_title (self->content_title, title ? title : "");
}

/* Leaving a section with changes not yet saved */

typedef void (*LeaveFunc) (PlumbWindow *self,
                           const char  *data);

typedef struct
{
  PlumbWindow *window;
  GtkWidget   *page;
  LeaveFunc    then;
  char        *data;
  gboolean     answered;
} Leave;

static void
leave_free (gpointer data,
            GClosure *closure)
{
  Leave *leave = data;

  g_object_unref (leave->window);
  g_object_unref (leave->page);
  g_free (leave->data);
  g_free (leave);
}

static gboolean
has_unsaved_changes (GtkWidget *page)
{
  gboolean unsaved = FALSE;

  if (page != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (page), "has-unsaved-changes") != NULL)
    g_object_get (page, "has-unsaved-changes", &unsaved, NULL);
  return unsaved;
}

static void
select_row_of (PlumbWindow *self,
               const char  *name)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar_list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "section-name"), name) == 0)
      {
        gtk_list_box_select_row (self->sidebar_list, row);
        return;
      }
}

static void
leave_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   Leave            *leave)
{
  /* A dialog may answer again as it closes; only the first answer counts. */
  if (leave->answered)
    return;
  leave->answered = TRUE;
  if (g_strcmp0 (response, "discard") == 0)
    {
      gtk_widget_activate_action (leave->page, "profile.discard", NULL);
      leave->then (leave->window, leave->data);
    }
  else
    select_row_of (leave->window, plumb_window_get_section (leave->window));
}

/* Runs @then at once, or after the person agrees to discard the changes
 * of the section shown. */
static void
leave_then (PlumbWindow *self,
            LeaveFunc    then,
            const char  *data)
{
  GtkWidget *page = visible_section (self);
  GtkWidget *dialog;
  Leave *leave;
  const char *title;
  g_autofree char *body = NULL;

  if (!has_unsaved_changes (page))
    {
      then (self, data);
      return;
    }

  title = gtk_stack_page_get_title (gtk_stack_get_page (self->content_stack, page));
  /* Translators: %s is a section of the window, “My Profile” */
  body = g_strdup_printf (_("Your changes in %s are not saved yet. Click Update to keep them."), title);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");

  leave = g_new0 (Leave, 1);
  leave->window = g_object_ref (self);
  leave->page = g_object_ref (page);
  leave->then = then;
  leave->data = g_strdup (data);
  g_signal_connect_data (dialog, "response", G_CALLBACK (leave_response_cb), leave, leave_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
go_to_section (PlumbWindow *self,
               const char  *name)
{
  plumb_window_show_section (self, name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_sidebar_row_activated (PlumbWindow   *self,
                          GtkListBoxRow *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "section-name");

  if (g_strcmp0 (name, plumb_window_get_section (self)) == 0)
    {
      go_to_section (self, name);
      return;
    }
  leave_then (self, go_to_section, name);
}

static void
close_now (PlumbWindow *self,
           const char  *data)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
sign_out_now (PlumbWindow *self,
              const char  *data)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "sign-out", NULL);
}

static void
sign_out_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  leave_then (PLUMB_WINDOW (user_data), sign_out_now, NULL);
}

static void
on_back_clicked (PlumbWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

void
plumb_window_add_section (PlumbWindow *self,
                          const char  *name,
                          const char  *title,
                          const char  *icon_name,
                          GtkWidget   *page)
{
  GtkStackPage *stack_page;

  g_return_if_fail (PLUMB_IS_WINDOW (self));
  g_return_if_fail (name != NULL && title != NULL);
  g_return_if_fail (GTK_IS_WIDGET (page));

  ensure_sections (self);
  stack_page = gtk_stack_add_titled (self->content_stack, page, name, title);
  gtk_stack_page_set_icon_name (stack_page, icon_name);

  /* The welcome page stays until there is something to show beside it. */
  gtk_stack_set_visible_child_name (self->main_stack, "sections");
  update_content_title (self);
}

void
plumb_window_show_section (PlumbWindow *self,
                           const char  *name)
{
  GtkWidget *child;
  GtkListBoxRow *row;

  g_return_if_fail (PLUMB_IS_WINDOW (self));

  if (self->content_stack == NULL)
    return;
  child = gtk_stack_get_child_by_name (self->content_stack, name);
  if (child == NULL)
    return;

  gtk_stack_set_visible_child (self->content_stack, child);
  update_content_title (self);
  /* Folded, the section itself is what the person asked to see. */
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar_list, i)) != NULL; i++)
    {
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "section-name"), name) == 0)
        {
          gtk_list_box_select_row (self->sidebar_list, row);
          break;
        }
    }
}

const char *
plumb_window_get_section (PlumbWindow *self)
{
  g_return_val_if_fail (PLUMB_IS_WINDOW (self), NULL);

  if (self->content_stack == NULL)
    return NULL;
  return gtk_stack_get_visible_child_name (self->content_stack);
}

void
plumb_window_add_toast (PlumbWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (PLUMB_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
save_window_state (PlumbWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  /* A maximized window's size says nothing about the size to restore to. */
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
plumb_window_close_request (GtkWindow *window)
{
  PlumbWindow *self = PLUMB_WINDOW (window);

  if (has_unsaved_changes (visible_section (self)))
    {
      leave_then (self, close_now, NULL);
      return TRUE;
    }
  save_window_state (self);

  return GTK_WINDOW_CLASS (plumb_window_parent_class)->close_request (window);
}

static void
update_title (PlumbWindow *self)
{
  PlumbApplication *app = PLUMB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  PlumbAccount *account = app ? plumb_application_get_account (app) : NULL;
  const char *company = app ? plumb_application_get_company_name (app) : NULL;
  g_autofree char *subtitle = NULL;

  if (account != NULL)
    {
      const char *name = plumb_account_get_user_name (account);

      if (name == NULL || *name == '\0')
        name = plumb_account_get_login (account);
      /* Translators: who is signed in, then where: “Alex Morgan · Northwind Builders” */
      subtitle = g_strdup_printf (_("%s · %s"), name,
                                  company ? company : plumb_application_get_environment_title (app));
    }

  if (self->content_title != NULL)
    adw_window_title_set_subtitle (self->content_title, subtitle ? subtitle : "");
}

/* Until the last run's sign-in is back, the window says so rather than
 * offering to sign in; if it cannot come back, the welcome page says why. */
static void
on_restoring_changed (PlumbWindow *self)
{
  PlumbApplication *app = PLUMB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  gboolean restoring = plumb_application_get_restoring (app);

  if (plumb_application_get_account (app) != NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->welcome), !restoring);
  gtk_widget_set_visible (self->restoring_box, restoring);
  if (!restoring)
    {
      plumb_welcome_page_reset (self->welcome);
      plumb_welcome_page_show_error (self->welcome, plumb_application_get_restore_error (app));
    }
}

static void
on_account_changed (PlumbWindow *self)
{
  PlumbApplication *app = PLUMB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (plumb_application_get_account (app) == NULL)
    {
      plumb_welcome_page_reset (self->welcome);
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      on_restoring_changed (self);
      update_title (self);
      return;
    }

  ensure_sections (self);
  if (gtk_stack_get_child_by_name (self->content_stack, "directory") == NULL)
    plumb_window_add_section (self, "directory", _("Directory"), "system-users-symbolic",
                              plumb_directory_page_new (app));
  if (gtk_stack_get_child_by_name (self->content_stack, "profile") == NULL)
    plumb_window_add_section (self, "profile", _("My Profile"), "user-info-symbolic",
                              plumb_profile_page_new (app));
  if (gtk_stack_get_child_by_name (self->content_stack, "certification") == NULL)
    plumb_window_add_section (self, "certification", _("Certification"), "application-certificate-symbolic",
                              plumb_certification_page_new (app));
  /* The account comes last: it is about the app, not the work. */
  if (gtk_stack_get_child_by_name (self->content_stack, "account") == NULL)
    plumb_window_add_section (self, "account", _("Account"), "avatar-default-symbolic",
                              plumb_account_page_new (app));

  gtk_stack_set_visible_child_name (self->main_stack, "sections");
  if (plumb_window_get_section (self) == NULL)
    plumb_window_show_section (self, "directory");
  update_title (self);
}

static void
plumb_window_constructed (GObject *object)
{
  PlumbWindow *self = PLUMB_WINDOW (object);

  G_OBJECT_CLASS (plumb_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

}

static void
plumb_window_dispose (GObject *object)
{
  PlumbWindow *self = PLUMB_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLUMB_TYPE_WINDOW);
  /* The signed-in half went with the main stack it was added to. */
  self->leaflet = NULL;
  self->sidebar_list = NULL;
  self->content_stack = NULL;
  self->content_title = NULL;
  self->content_box = NULL;
  self->sync_status = NULL;
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (plumb_window_parent_class)->dispose (object);
}

static void
plumb_window_class_init (PlumbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = plumb_window_constructed;
  object_class->dispose = plumb_window_dispose;

  window_class->close_request = plumb_window_close_request;

  /* A key binding, not an application accelerator: those are looked up in
   * the keymap when set, at start. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK, "win.show-help-overlay", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plumbline/Plumbline/ui/plumb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlumbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlumbWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PlumbWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, PlumbWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, PlumbWindow, welcome);
  gtk_widget_class_bind_template_child (widget_class, PlumbWindow, restoring_box);

  g_type_ensure (PLUMB_TYPE_WELCOME_PAGE);
  g_type_ensure (PLUMB_TYPE_SYNC_STATUS);
}

static void
plumb_window_init (PlumbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.plumbline.Plumbline");
}
