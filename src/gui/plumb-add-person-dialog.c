/* plumb-add-person-dialog.c: a new person for the company directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-add-person-dialog.h"
#include "plumb-profile-rules.h"

struct _PlumbAddPersonDialog
{
  AdwMessageDialog  parent_instance;

  PlumbApplication *application;
  GCancellable     *cancellable;

  AdwEntryRow      *first_name_row;
  AdwEntryRow      *last_name_row;
  AdwEntryRow      *email_row;
  AdwEntryRow      *job_title_row;
  GtkLabel         *error_label;
};

G_DEFINE_FINAL_TYPE (PlumbAddPersonDialog, plumb_add_person_dialog, ADW_TYPE_MESSAGE_DIALOG)

GtkWindow *
plumb_add_person_dialog_new (PlumbApplication *application)
{
  PlumbAddPersonDialog *self = g_object_new (PLUMB_TYPE_ADD_PERSON_DIALOG, NULL);

  self->application = g_object_ref (application);

  return GTK_WINDOW (self);
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* What was typed, without spaces around it. */
static void
set_stripped (JsonObject  *fields,
              const char  *name,
              AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (text_of (row)));

  json_object_set_string_member (fields, name, text);
}

static void
on_changed (PlumbAddPersonDialog *self)
{
  g_autoptr(GError) error = NULL;
  gboolean email_ok;
  gboolean ready;

  email_ok = *text_of (self->email_row) == '\0' || plumb_profile_check_email (text_of (self->email_row), &error);
  if (email_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->email_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->email_row), "error");

  gtk_label_set_label (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);

  {
    g_autofree char *last_name = g_strstrip (g_strdup (text_of (self->last_name_row)));

    ready = *last_name != '\0' && *text_of (self->email_row) != '\0' && email_ok;
  }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", ready);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add-invite", ready);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PlumbAddPersonDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!plumb_application_add_person_finish (PLUMB_APPLICATION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* What was typed stays, to be corrected. */
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_window_present (GTK_WINDOW (self));
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
plumb_add_person_dialog_response (AdwMessageDialog *dialog,
                                  const char       *response)
{
  PlumbAddPersonDialog *self = PLUMB_ADD_PERSON_DIALOG (dialog);
  g_autoptr(JsonObject) fields = NULL;
  gboolean invite;

  if (!g_str_equal (response, "add") && !g_str_equal (response, "add-invite"))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  invite = g_str_equal (response, "add-invite");
  fields = json_object_new ();
  set_stripped (fields, "first_name", self->first_name_row);
  set_stripped (fields, "last_name", self->last_name_row);
  set_stripped (fields, "email_address", self->email_row);
  if (*text_of (self->job_title_row) != '\0')
    set_stripped (fields, "job_title", self->job_title_row);

  /* The dialog stays until the person is saved, so a refusal can be shown
   * beside what was typed. */
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  plumb_application_add_person_async (self->application, fields, invite, self->cancellable,
                                      added_cb, g_object_ref (self));
}

static void
plumb_add_person_dialog_dispose (GObject *object)
{
  PlumbAddPersonDialog *self = PLUMB_ADD_PERSON_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (plumb_add_person_dialog_parent_class)->dispose (object);
}

static void
plumb_add_person_dialog_class_init (PlumbAddPersonDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = plumb_add_person_dialog_dispose;
  dialog_class->response = plumb_add_person_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plumbline/Plumbline/ui/plumb-add-person-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PlumbAddPersonDialog, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, PlumbAddPersonDialog, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, PlumbAddPersonDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, PlumbAddPersonDialog, job_title_row);
  gtk_widget_class_bind_template_child (widget_class, PlumbAddPersonDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
}

static void
plumb_add_person_dialog_init (PlumbAddPersonDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
