/* plumb-welcome-page.c: the first-run page and the steps of signing in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-application.h"
#include "plumb-environment.h"
#include "plumb-error.h"
#include "plumb-ui-part.h"
#include "plumb-welcome-page.h"

struct _PlumbWelcomePage
{
  GtkWidget            parent_instance;

  GCancellable        *cancellable;
  GCancellable        *launch_cancellable;  /* the browser being opened */
  char                *authorize_url;
  gboolean             busy;

  /* Template widgets */
  GtkStack            *stack;
  GtkLabel            *environment_label;
  GtkSpinner          *start_spinner;
  GtkLabel            *start_error;

  /* The sign-in steps, built when first asked for (ensure_steps) */
  AdwEntryRow         *client_id_row;
  AdwPasswordEntryRow *client_secret_row;
  GtkLabel            *credentials_error;
  AdwEntryRow         *code_row;
  GtkLabel            *code_error;
  GtkSpinner          *code_spinner;
};

G_DEFINE_FINAL_TYPE (PlumbWelcomePage, plumb_welcome_page, GTK_TYPE_WIDGET)

static void on_credentials_changed   (PlumbWelcomePage *self);
static void on_credentials_activated (PlumbWelcomePage *self);
static void on_code_changed          (PlumbWelcomePage *self);
static void on_code_activated        (PlumbWelcomePage *self);

/* The steps of signing in to Procore are built when first asked for: most
 * starts never show them, and building them (and drawing their pictures,
 * which themes make from SVG) would delay the window's first frame. */
static void
ensure_steps (PlumbWelcomePage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->client_id_row != NULL)
    return;

  builder = plumb_ui_part_builder_new (G_OBJECT (self),
                                       "on_credentials_changed", G_CALLBACK (on_credentials_changed),
                                       "on_credentials_activated", G_CALLBACK (on_credentials_activated),
                                       "on_code_changed", G_CALLBACK (on_code_changed),
                                       "on_code_activated", G_CALLBACK (on_code_activated),
                                       NULL);
  gtk_builder_add_from_resource (builder, "/io/github/plumbline/Plumbline/ui/plumb-welcome-steps.ui", NULL);

  self->client_id_row = ADW_ENTRY_ROW (gtk_builder_get_object (builder, "client_id_row"));
  self->client_secret_row = ADW_PASSWORD_ENTRY_ROW (gtk_builder_get_object (builder, "client_secret_row"));
  self->credentials_error = GTK_LABEL (gtk_builder_get_object (builder, "credentials_error"));
  self->code_row = ADW_ENTRY_ROW (gtk_builder_get_object (builder, "code_row"));
  self->code_error = GTK_LABEL (gtk_builder_get_object (builder, "code_error"));
  self->code_spinner = GTK_SPINNER (gtk_builder_get_object (builder, "code_spinner"));
  gtk_stack_add_named (self->stack, GTK_WIDGET (gtk_builder_get_object (builder, "credentials_page")), "credentials");
  gtk_stack_add_named (self->stack, GTK_WIDGET (gtk_builder_get_object (builder, "code_page")), "code");
}

/* The text of a step's entry, or "" before the steps are built */
static const char *
step_text (gpointer row)
{
  return row != NULL ? gtk_editable_get_text (GTK_EDITABLE (row)) : "";
}

static PlumbApplication *
get_application (PlumbWelcomePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!GTK_IS_WINDOW (root))
    return NULL;

  return PLUMB_APPLICATION (gtk_window_get_application (GTK_WINDOW (root)));
}

static void
show_message (GtkLabel   *label,
              const char *message)
{
  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
update_actions (PlumbWelcomePage *self)
{
  const char *client_id = step_text (self->client_id_row);
  const char *secret = step_text (self->client_secret_row);
  const char *code = step_text (self->code_row);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.explore-sandbox", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.sign-in", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.back", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.open-browser",
                                 !self->busy && *client_id != '\0' && *secret != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.finish", !self->busy && *code != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->start_spinner), self->busy);
  if (self->code_spinner != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->code_spinner), self->busy);
}

static void
set_busy (PlumbWelcomePage *self,
          gboolean          busy)
{
  self->busy = busy;
  update_actions (self);
}

static void
update_environment_label (PlumbWelcomePage *self)
{
  PlumbApplication *app = get_application (self);
  g_autofree char *text = NULL;

  if (app == NULL)
    return;

  /* Translators: %s is a Procore environment such as “Production” */
  text = g_strdup_printf (_("Signs in to %s. Choose another environment in Preferences."),
                          plumb_application_get_environment_title (app));
  gtk_label_set_label (self->environment_label, text);
}

void
plumb_welcome_page_reset (PlumbWelcomePage *self)
{
  g_return_if_fail (PLUMB_IS_WELCOME_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_cancellable_cancel (self->launch_cancellable);

  g_clear_pointer (&self->authorize_url, g_free);
  show_message (self->start_error, NULL);
  if (self->client_id_row != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
      show_message (self->credentials_error, NULL);
      show_message (self->code_error, NULL);
    }
  gtk_stack_set_visible_child_name (self->stack, "start");
  set_busy (self, FALSE);
  update_environment_label (self);
}

/* Shows @message under the first step's buttons, or hides it if NULL. */
void
plumb_welcome_page_show_error (PlumbWelcomePage *self,
                               const char       *message)
{
  g_return_if_fail (PLUMB_IS_WELCOME_PAGE (self));

  show_message (self->start_error, message);
}

/* The address Procore's sign-in page was opened at, to open it again or
 * copy it when no browser could be started. */
const char *
plumb_welcome_page_get_authorize_url (PlumbWelcomePage *self)
{
  g_return_val_if_fail (PLUMB_IS_WELCOME_PAGE (self), NULL);

  return self->authorize_url;
}

/* "start", "credentials" or "code" */
const char *
plumb_welcome_page_get_step (PlumbWelcomePage *self)
{
  g_return_val_if_fail (PLUMB_IS_WELCOME_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void
explore_sandbox_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PlumbWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!plumb_application_explore_sandbox_finish (PLUMB_APPLICATION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_message (self->start_error, error->message);
    }

  set_busy (self, FALSE);
}

static void
explore_sandbox_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlumbWelcomePage *self = PLUMB_WELCOME_PAGE (widget);
  PlumbApplication *app = get_application (self);

  show_message (self->start_error, NULL);
  set_busy (self, TRUE);
  plumb_application_explore_sandbox_async (app, self->cancellable, explore_sandbox_cb, g_object_ref (self));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlumbWelcomePage *self = PLUMB_WELCOME_PAGE (widget);
  PlumbApplication *app = get_application (self);

  ensure_steps (self);
  show_message (self->start_error, NULL);
  show_message (self->credentials_error, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), plumb_application_get_client_id (app));
  gtk_stack_set_visible_child_name (self->stack, "credentials");
  gtk_widget_grab_focus (GTK_WIDGET (self->client_id_row));
  update_actions (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlumbWelcomePage *self = PLUMB_WELCOME_PAGE (widget);
  const char *visible = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (visible, "code") == 0)
    gtk_stack_set_visible_child_name (self->stack, "credentials");
  else
    gtk_stack_set_visible_child_name (self->stack, "start");
}

static void
launch_uri_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PlumbWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message =
        /* Translators: %s is a web address */
        g_strdup_printf (_("No browser could be opened. Open this address yourself: %s"), self->authorize_url);

      show_message (self->code_error, message);
      gtk_label_set_selectable (self->code_error, TRUE);
    }
}

static void
open_in_browser (PlumbWelcomePage *self)
{
  g_cancellable_cancel (self->launch_cancellable);
  g_clear_object (&self->launch_cancellable);
  self->launch_cancellable = g_cancellable_new ();
  gtk_show_uri_full (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->authorize_url,
                     GDK_CURRENT_TIME, self->launch_cancellable, launch_uri_cb, g_object_ref (self));
}

static void
begin_sign_in_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PlumbWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = plumb_application_begin_sign_in_finish (PLUMB_APPLICATION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (url == NULL)
    {
      show_message (self->credentials_error, error->message);
      gtk_stack_set_visible_child_name (self->stack, "credentials");
      return;
    }

  g_free (self->authorize_url);
  self->authorize_url = g_steal_pointer (&url);

  show_message (self->credentials_error, NULL);
  show_message (self->code_error, NULL);
  gtk_label_set_selectable (self->code_error, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "code");
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
  update_actions (self);
  open_in_browser (self);
}

static void
open_browser_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlumbWelcomePage *self = PLUMB_WELCOME_PAGE (widget);

  ensure_steps (self);
  /* Asked again from the code step: the same address, in the browser again. */
  if (self->authorize_url != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "code") == 0)
    {
      open_in_browser (self);
      return;
    }

  set_busy (self, TRUE);
  plumb_application_begin_sign_in_async (get_application (self),
                                         gtk_editable_get_text (GTK_EDITABLE (self->client_id_row)),
                                         gtk_editable_get_text (GTK_EDITABLE (self->client_secret_row)),
                                         self->cancellable, begin_sign_in_cb, g_object_ref (self));
}

static void
finish_sign_in_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlumbWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!plumb_application_finish_sign_in_finish (PLUMB_APPLICATION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The code is kept: it may have been mistyped by one letter. */
      if (g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_UNAUTHORIZED) ||
          g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN) ||
          g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_VALIDATION))
        show_message (self->code_error,
                      _("Procore did not accept this code. Check that you pasted all of it; a code works once and for ten minutes, so if it is older, open the sign-in page again for a new one."));
      else
        show_message (self->code_error, error->message);
      /* Each sign-in page is good for one try; the next needs a fresh one. */
      g_clear_pointer (&self->authorize_url, g_free);
      gtk_widget_add_css_class (GTK_WIDGET (self->code_row), "error");
    }

  set_busy (self, FALSE);
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlumbWelcomePage *self = PLUMB_WELCOME_PAGE (widget);
  PlumbApplication *app = get_application (self);

  ensure_steps (self);
  /* A code in hand, the browser did its part: news of its opening, come
   * late, must not take the place of what Procore says of the code. */
  g_cancellable_cancel (self->launch_cancellable);
  show_message (self->code_error, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->code_row), "error");
  set_busy (self, TRUE);
  plumb_application_finish_sign_in_async (app, gtk_editable_get_text (GTK_EDITABLE (self->code_row)),
                                          self->cancellable, finish_sign_in_cb, g_object_ref (self));
}

static void
on_credentials_changed (PlumbWelcomePage *self)
{
  show_message (self->credentials_error, NULL);
  update_actions (self);
}

static void
on_credentials_activated (PlumbWelcomePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "welcome.open-browser", NULL);
}

static void
on_code_changed (PlumbWelcomePage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->code_row), "error");
  update_actions (self);
}

static void
on_code_activated (PlumbWelcomePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "welcome.finish", NULL);
}

static void
plumb_welcome_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (plumb_welcome_page_parent_class)->root (widget);

  update_environment_label (PLUMB_WELCOME_PAGE (widget));
}

static void
plumb_welcome_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (plumb_welcome_page_parent_class)->map (widget);

  update_environment_label (PLUMB_WELCOME_PAGE (widget));
}

static void
plumb_welcome_page_dispose (GObject *object)
{
  PlumbWelcomePage *self = PLUMB_WELCOME_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->launch_cancellable);
  g_clear_object (&self->launch_cancellable);
  g_clear_pointer (&self->authorize_url, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLUMB_TYPE_WELCOME_PAGE);
  /* The steps went with the stack they were added to. */
  self->client_id_row = NULL;
  self->client_secret_row = NULL;
  self->credentials_error = NULL;
  self->code_row = NULL;
  self->code_error = NULL;
  self->code_spinner = NULL;

  G_OBJECT_CLASS (plumb_welcome_page_parent_class)->dispose (object);
}

static void
plumb_welcome_page_class_init (PlumbWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plumb_welcome_page_dispose;

  widget_class->root = plumb_welcome_page_root;
  widget_class->map = plumb_welcome_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plumbline/Plumbline/ui/plumb-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlumbWelcomePage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlumbWelcomePage, environment_label);
  gtk_widget_class_bind_template_child (widget_class, PlumbWelcomePage, start_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlumbWelcomePage, start_error);

  gtk_widget_class_install_action (widget_class, "welcome.explore-sandbox", NULL, explore_sandbox_action);
  gtk_widget_class_install_action (widget_class, "welcome.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "welcome.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "welcome.open-browser", NULL, open_browser_action);
  gtk_widget_class_install_action (widget_class, "welcome.finish", NULL, finish_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
plumb_welcome_page_init (PlumbWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->launch_cancellable = g_cancellable_new ();
  update_actions (self);
}
