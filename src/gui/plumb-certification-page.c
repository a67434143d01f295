/* plumb-certification-page.c: the relinking wizard's frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkStack of steps with a history for Back, a running log of what each
 * step did (times and results, never a password or a reset code) and the
 * summary that support staff paste into a ticket.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-certification-page-private.h"
#include "plumb-window.h"

G_DEFINE_FINAL_TYPE (PlumbCertificationPage, plumb_certification_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_STEP,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GDateTime *time;
  char      *step;
  char      *result;
} LogEntry;

static void
log_entry_free (gpointer data)
{
  LogEntry *entry = data;

  g_date_time_unref (entry->time);
  g_free (entry->step);
  g_free (entry->result);
  g_free (entry);
}

GtkWidget *
plumb_certification_page_new (PlumbApplication *application)
{
  return g_object_new (PLUMB_TYPE_CERTIFICATION_PAGE,
                       "application", application,
                       NULL);
}

const char *
plumb_certification_page_get_step (PlumbCertificationPage *self)
{
  g_return_val_if_fail (PLUMB_IS_CERTIFICATION_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
plumb_certification_page_get_ending (PlumbCertificationPage *self)
{
  g_return_val_if_fail (PLUMB_IS_CERTIFICATION_PAGE (self), NULL);

  return self->ending;
}

int
plumb_certification_page_get_scenario (PlumbCertificationPage *self)
{
  g_return_val_if_fail (PLUMB_IS_CERTIFICATION_PAGE (self), 0);

  return self->scenario;
}

gboolean
plumb_certification_page_get_busy (PlumbCertificationPage *self)
{
  g_return_val_if_fail (PLUMB_IS_CERTIFICATION_PAGE (self), FALSE);

  return self->busy;
}

char *
plumb_certification_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%H:%M:%S");
}

gboolean
plumb_certification_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static const char *
step_title (PlumbCertificationPage *self,
            const char             *step)
{
  GtkWidget *child = gtk_stack_get_child_by_name (self->stack, step);

  return child != NULL ? gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child)) : step;
}

/* "Scenario 2 · Step 3 of 5: Sign In to the Education Portal" */
static void
update_progress (PlumbCertificationPage *self)
{
  static const char *const scenario1[] = { "sign-in", "profile", "proof", NULL };
  static const char *const scenario2[] = { "request-reset", "reset-link", "sign-in", "profile", "proof", NULL };
  const char *const *steps = self->scenario == 1 ? scenario1 : self->scenario == 2 ? scenario2 : NULL;
  const char *step = plumb_certification_page_get_step (self);
  g_autofree char *text = NULL;

  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    if (g_strcmp0 (steps[i], step) == 0)
      {
        /* Translators: scenario number, step number, number of steps, step title */
        text = g_strdup_printf (_("Scenario %d · Step %u of %u: %s"), self->scenario, i + 1,
                                g_strv_length ((char **) steps), step_title (self, step));
        break;
      }
  if (text == NULL)
    text = g_strdup (step_title (self, step));
  gtk_label_set_label (self->progress_label, text);
}

static void
update_actions (PlumbCertificationPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cert.back",
                                 self->busy || self->history->len > 0);
}

/* Keyboard users land where the step wants typing. */
static void
focus_step (PlumbCertificationPage *self)
{
  const char *step = plumb_certification_page_get_step (self);
  GtkWidget *target = NULL;

  /* The stack changes page while the template is built and torn down too,
   * when the rows are not (or no longer) there. */
  if (self->sign_in_email_row == NULL || self->sign_in_password_row == NULL ||
      gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  if (g_strcmp0 (step, "sign-in") == 0)
    target = *gtk_editable_get_text (self->sign_in_email_row) == '\0' ? GTK_WIDGET (self->sign_in_email_row)
                                                                       : GTK_WIDGET (self->sign_in_password_row);
  else if (g_strcmp0 (step, "request-reset") == 0)
    target = GTK_WIDGET (self->reset_email_row);
  else if (g_strcmp0 (step, "reset-link") == 0)
    target = GTK_WIDGET (self->reset_link_row);
  if (target != NULL && gtk_widget_get_mapped (target))
    gtk_widget_grab_focus (target);
}

static void
on_step_changed (PlumbCertificationPage *self)
{
  focus_step (self);
  update_progress (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

void
plumb_certification_go (PlumbCertificationPage *self,
                        const char             *step)
{
  const char *current = plumb_certification_page_get_step (self);

  if (g_strcmp0 (current, step) != 0)
    g_ptr_array_add (self->history, g_strdup (current));
  gtk_stack_set_visible_child_name (self->stack, step);
  update_actions (self);
}

void
plumb_certification_set_busy (PlumbCertificationPage *self,
                              gboolean                busy,
                              GtkWidget              *spinner)
{
  /* One call at a time: every step waits for its answer. */
  static const char *const calls[] = { "cert.find-scenario", "cert.begin", "cert.sign-in", "cert.update-email",
                                       "cert.request-reset", "cert.set-password", "cert.new-link", "cert.proof",
                                       "cert.show-mailbox" };

  self->busy = busy;
  if (spinner != NULL)
    {
      gtk_widget_set_visible (spinner, busy);
      gtk_spinner_set_spinning (GTK_SPINNER (spinner), busy);
    }
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), calls[i], !busy);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
plumb_certification_show_error (GtkLabel     *label,
                                const GError *error)
{
  gtk_label_set_label (label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

void
plumb_certification_clear_error (GtkLabel *label)
{
  gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
  gtk_label_set_label (label, "");
}

void
plumb_certification_log (PlumbCertificationPage *self,
                         const char             *step,
                         const char             *result)
{
  LogEntry *entry = g_new0 (LogEntry, 1);
  g_autofree char *time = NULL;
  g_autofree char *line = NULL;
  GtkWidget *label;

  entry->time = g_date_time_new_now_utc ();
  entry->step = g_strdup (step);
  entry->result = g_strdup (result);
  g_ptr_array_add (self->log, entry);

  time = plumb_certification_format_time (entry->time);
  /* Translators: a line of the step log: time, step, what happened */
  line = g_strdup_printf (_("%s  %s — %s"), time, step, result);
  label = gtk_label_new (line);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 3);
  gtk_widget_set_margin_bottom (label, 3);
  gtk_widget_add_css_class (label, "caption");
  gtk_list_box_append (self->log_list, label);
}

void
plumb_certification_add_fact (PlumbCertificationPage *self,
                              const char             *label,
                              const char             *value)
{
  GtkWidget *row = adw_action_row_new ();

  g_ptr_array_add (self->facts, g_strdup_printf ("%s: %s", label, value));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_list_box_append (self->facts_list, row);
}

void
plumb_certification_set_ending (PlumbCertificationPage *self,
                                const char             *ending)
{
  g_free (self->ending);
  self->ending = g_strdup (ending);
}

static const char *
ending_sentence (const char *ending)
{
  if (ending == NULL)
    return _("Not finished");
  if (g_str_equal (ending, "relinked"))
    return _("Relinked: the course progress shows under the Procore sign-in email");
  if (g_str_equal (ending, "in-sync"))
    return _("Already in sync: the progress already shows under the Procore sign-in email");
  if (g_str_equal (ending, "still-empty"))
    return _("The email was changed, but Registrations through Procore are still empty");
  if (g_str_equal (ending, "wrong-portal"))
    return _("Wrong portal: the profile signs in through Procore (“Authorized via: Procore”)");
  if (g_str_equal (ending, "email-taken"))
    return _("Email taken: another Certification profile uses the Procore sign-in email");
  if (g_str_equal (ending, "no-inbox"))
    return _("No former inbox: the reset email cannot be received");
  return ending;
}

char *
plumb_certification_page_dup_summary (PlumbCertificationPage *self)
{
  PlumbAccount *account;
  GString *text;

  g_return_val_if_fail (PLUMB_IS_CERTIFICATION_PAGE (self), NULL);

  account = plumb_application_get_account (self->application);
  text = g_string_new (_("Procore Certification relinking (Plumbline)"));
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Run by: %s (%s)\n"),
                          account != NULL ? plumb_account_get_login (account) : "—",
                          self->support ? _("support staff, for someone else") : _("the learner"));
  g_string_append_printf (text, _("Procore sign-in email: %s\n"), self->procore_email ? self->procore_email : "—");
  g_string_append_printf (text, _("Certification email (personal or former): %s\n"),
                          self->cert_email ? self->cert_email : "—");
  if (self->scenario != 0)
    g_string_append_printf (text, _("Scenario: %d — %s\n"), self->scenario,
                            self->scenario_reason ? self->scenario_reason : "");
  g_string_append_printf (text, _("Result: %s\n"), ending_sentence (self->ending));
  for (guint i = 0; i < self->facts->len; i++)
    g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (self->facts, i));
  g_string_append (text, _("Steps (UTC):"));
  g_string_append_c (text, '\n');
  for (guint i = 0; i < self->log->len; i++)
    {
      LogEntry *entry = g_ptr_array_index (self->log, i);
      g_autofree char *time = g_date_time_format (entry->time, "%Y-%m-%d %H:%M:%S");

      g_string_append_printf (text, "  %s  %s — %s\n", time, entry->step, entry->result);
    }
  return g_string_free (text, FALSE);
}

static void
copy_summary (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  PlumbCertificationPage *self = PLUMB_CERTIFICATION_PAGE (widget);
  g_autofree char *summary = plumb_certification_page_dup_summary (self);
  GtkWidget *window = gtk_widget_get_ancestor (widget, PLUMB_TYPE_WINDOW);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), summary);
  if (window != NULL)
    plumb_window_add_toast (PLUMB_WINDOW (window), adw_toast_new (_("Summary copied")));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
restart (PlumbCertificationPage *self)
{
  PlumbAccount *account = plumb_application_get_account (self->application);
  const char *sandbox_url = plumb_application_get_sandbox_url (self->application);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* The portal of the world the account lives in: the embedded sandbox
   * serves its own, anything else means the real one. */
  self->sandbox = account != NULL && sandbox_url != NULL &&
                  g_strcmp0 (plumb_session_get_api_url (plumb_account_get_session (account)), sandbox_url) == 0;
  url = self->sandbox ? g_strconcat (sandbox_url, "/certification", NULL) : g_strdup (PLUMB_PORTAL_DEFAULT_URL);
  g_clear_object (&self->portal);
  self->portal = plumb_portal_new (url, &error);
  if (self->portal == NULL)
    g_warning ("No Certification portal at %s: %s", url, error->message);

  g_ptr_array_set_size (self->history, 0);
  g_ptr_array_set_size (self->log, 0);
  g_ptr_array_set_size (self->facts, 0);
  self->scenario = 0;
  self->n_registrations = 0;
  g_clear_pointer (&self->procore_email, g_free);
  g_clear_pointer (&self->cert_email, g_free);
  g_clear_pointer (&self->ending, g_free);
  g_clear_pointer (&self->ending_page_kind, g_free);
  g_clear_pointer (&self->proof_page_kind, g_free);
  g_clear_pointer (&self->scenario_reason, g_free);
  g_clear_pointer (&self->reset_sent_at, g_date_time_unref);
  clear_list (self->log_list);
  clear_list (self->facts_list);
  clear_list (self->registrations_list);
  clear_list (self->mailbox_list);

  {
    GtkEditable *editables[] = { self->sign_in_email_row, self->sign_in_password_row, self->reset_email_row,
                                 self->reset_link_row, self->new_password_row, self->confirm_password_row,
                                 self->support_procore_row, self->support_cert_row };
    GtkLabel *errors[] = { self->start_error, self->sign_in_error, self->profile_error,
                           self->request_error, self->reset_error, self->proof_error };

    for (guint i = 0; i < G_N_ELEMENTS (editables); i++)
      gtk_editable_set_text (editables[i], "");
    for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
      plumb_certification_clear_error (errors[i]);
  }
  gtk_editable_set_text (self->support_key_row, self->sandbox ? PLUMB_PORTAL_DEMO_ADMIN_KEY : "");
  gtk_widget_set_visible (self->mailbox_group, self->sandbox);
  gtk_widget_set_visible (GTK_WIDGET (self->mailbox_list), FALSE);

  if (account != NULL)
    {
      g_autofree char *me = g_strdup_printf (_("Signed in to Procore as %s"), plumb_account_get_login (account));

      adw_action_row_set_subtitle (self->mode_me_row, me);
    }

  plumb_certification_set_busy (self, FALSE, NULL);
  gtk_widget_set_visible (self->start_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "start");
  update_actions (self);
  update_progress (self);
}

static void
go_back (GtkWidget  *widget,
         const char *action,
         GVariant   *param)
{
  PlumbCertificationPage *self = PLUMB_CERTIFICATION_PAGE (widget);
  g_autofree char *previous = NULL;

  if (self->busy)
    {
      GtkWidget *spinners[] = { self->start_spinner, self->sign_in_spinner, self->profile_spinner,
                                self->request_spinner, self->reset_spinner, self->proof_spinner };

      /* Back during a call stops waiting for it. */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();

      for (guint i = 0; i < G_N_ELEMENTS (spinners); i++)
        gtk_widget_set_visible (spinners[i], FALSE);
      plumb_certification_set_busy (self, FALSE, NULL);
      return;
    }
  if (self->history->len == 0)
    return;

  previous = g_ptr_array_steal_index (self->history, self->history->len - 1);
  /* Back to an ending is back to how it ended; away from one, not ended. */
  if (g_strcmp0 (previous, "ending") == 0)
    plumb_certification_set_ending (self, self->ending_page_kind);
  else if (g_strcmp0 (previous, "proof") == 0)
    plumb_certification_set_ending (self, self->proof_page_kind);
  else
    plumb_certification_set_ending (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, previous);
  update_actions (self);
}

static void
on_mode_toggled (PlumbCertificationPage *self)
{
  self->support = gtk_check_button_get_active (self->mode_support);
  gtk_widget_set_visible (self->questions_group, !self->support);
  gtk_widget_set_visible (self->support_group, self->support);
  gtk_button_set_label (GTK_BUTTON (self->find_button), self->support ? _("_Look Up") : _("_Find My Scenario"));
  plumb_certification_clear_error (self->start_error);
}

static void
on_answer_toggled (PlumbCertificationPage *self)
{
  plumb_certification_clear_error (self->start_error);
}

static void
on_sign_in_activated (PlumbCertificationPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "cert.sign-in", NULL);
}

static void
on_find_activated (PlumbCertificationPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "cert.find-scenario", NULL);
}

static void
on_request_reset_activated (PlumbCertificationPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "cert.request-reset", NULL);
}

static void
on_set_password_activated (PlumbCertificationPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "cert.set-password", NULL);
}

static void
step_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  PlumbCertificationPage *self = PLUMB_CERTIFICATION_PAGE (widget);

  if (self->portal == NULL)
    return;
  if (g_str_equal (action, "cert.find-scenario"))
    plumb_certification_find_scenario (self);
  else if (g_str_equal (action, "cert.begin"))
    plumb_certification_begin (self);
  else if (g_str_equal (action, "cert.sign-in"))
    plumb_certification_sign_in (self);
  else if (g_str_equal (action, "cert.cant-sign-in"))
    plumb_certification_cant_sign_in (self);
  else if (g_str_equal (action, "cert.update-email"))
    plumb_certification_update_email (self);
  else if (g_str_equal (action, "cert.request-reset") || g_str_equal (action, "cert.new-link"))
    plumb_certification_request_reset (self);
  else if (g_str_equal (action, "cert.show-mailbox"))
    plumb_certification_show_mailbox (self);
  else if (g_str_equal (action, "cert.set-password"))
    plumb_certification_set_password (self);
  else if (g_str_equal (action, "cert.no-inbox"))
    plumb_certification_no_inbox (self);
  else if (g_str_equal (action, "cert.proof"))
    plumb_certification_proof (self);
  else if (g_str_equal (action, "cert.other-email"))
    {
      plumb_certification_set_ending (self, NULL);
      gtk_editable_set_text (self->sign_in_password_row, "");
      plumb_certification_go (self, "sign-in");
    }
}

static void
use_link (GtkWidget  *widget,
          const char *action,
          GVariant   *param)
{
  PlumbCertificationPage *self = PLUMB_CERTIFICATION_PAGE (widget);

  gtk_editable_set_text (self->reset_link_row, g_variant_get_string (param, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
}

static void
restart_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  restart (PLUMB_CERTIFICATION_PAGE (widget));
}

static void
plumb_certification_page_constructed (GObject *object)
{
  PlumbCertificationPage *self = PLUMB_CERTIFICATION_PAGE (object);

  G_OBJECT_CLASS (plumb_certification_page_parent_class)->constructed (object);

  g_signal_connect_object (self->application, "notify::account", G_CALLBACK (restart), self, G_CONNECT_SWAPPED);
  restart (self);
}

static void
plumb_certification_page_dispose (GObject *object)
{
  PlumbCertificationPage *self = PLUMB_CERTIFICATION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLUMB_TYPE_CERTIFICATION_PAGE);
  g_clear_object (&self->portal);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (plumb_certification_page_parent_class)->dispose (object);
}

static void
plumb_certification_page_finalize (GObject *object)
{
  PlumbCertificationPage *self = PLUMB_CERTIFICATION_PAGE (object);

  g_ptr_array_unref (self->history);
  g_ptr_array_unref (self->log);
  g_ptr_array_unref (self->facts);
  g_free (self->procore_email);
  g_free (self->cert_email);
  g_free (self->ending);
  g_free (self->ending_page_kind);
  g_free (self->proof_page_kind);
  g_free (self->scenario_reason);
  g_clear_pointer (&self->reset_sent_at, g_date_time_unref);

  G_OBJECT_CLASS (plumb_certification_page_parent_class)->finalize (object);
}

static void
plumb_certification_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  PlumbCertificationPage *self = PLUMB_CERTIFICATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    case PROP_STEP:
      g_value_set_string (value, plumb_certification_page_get_step (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_certification_page_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  PlumbCertificationPage *self = PLUMB_CERTIFICATION_PAGE (object);

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
plumb_certification_page_class_init (PlumbCertificationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *const steps[] = {
    "cert.find-scenario", "cert.begin", "cert.sign-in", "cert.cant-sign-in", "cert.update-email",
    "cert.request-reset", "cert.new-link", "cert.show-mailbox", "cert.set-password", "cert.no-inbox",
    "cert.proof", "cert.other-email",
  };

  object_class->constructed = plumb_certification_page_constructed;
  object_class->dispose = plumb_certification_page_dispose;
  object_class->finalize = plumb_certification_page_finalize;
  object_class->get_property = plumb_certification_page_get_property;
  object_class->set_property = plumb_certification_page_set_property;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL, PLUMB_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_string ("step", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/ui/plumb-certification-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, PlumbCertificationPage, name)
  CHILD (outer);
  CHILD (stack);
  CHILD (mode_me);
  CHILD (mode_support);
  CHILD (mode_me_row);
  CHILD (questions_group);
  CHILD (can_sign_in_yes);
  CHILD (can_sign_in_no);
  CHILD (changed_yes);
  CHILD (changed_no);
  CHILD (support_group);
  CHILD (support_procore_row);
  CHILD (support_cert_row);
  CHILD (support_key_row);
  CHILD (start_error);
  CHILD (start_spinner);
  CHILD (find_button);
  CHILD (scenario_title);
  CHILD (scenario_why);
  CHILD (plan_list);
  CHILD (sign_in_hint);
  CHILD (sign_in_email_row);
  CHILD (sign_in_password_row);
  CHILD (sign_in_error);
  CHILD (sign_in_spinner);
  CHILD (profile_current_row);
  CHILD (profile_target_row);
  CHILD (profile_error);
  CHILD (profile_spinner);
  CHILD (reset_email_row);
  CHILD (request_error);
  CHILD (request_spinner);
  CHILD (reset_hint);
  CHILD (reset_link_row);
  CHILD (new_password_row);
  CHILD (confirm_password_row);
  CHILD (mailbox_group);
  CHILD (mailbox_list);
  CHILD (reset_error);
  CHILD (reset_spinner);
  CHILD (new_link_button);
  CHILD (proof_title);
  CHILD (proof_text);
  CHILD (proof_spinner);
  CHILD (proof_group);
  CHILD (registrations_list);
  CHILD (proof_error);
  CHILD (ending_icon);
  CHILD (ending_title);
  CHILD (ending_text);
  CHILD (facts_group);
  CHILD (facts_list);
  CHILD (ending_other_button);
  CHILD (ending_reset_button);
  CHILD (ending_copy_button);
  CHILD (log_list);
  CHILD (log_toggle);
  CHILD (back_button);
  CHILD (progress_label);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, on_step_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_answer_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_request_reset_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_find_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_set_password_activated);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    gtk_widget_class_install_action (widget_class, steps[i], NULL, step_action);
  gtk_widget_class_install_action (widget_class, "cert.use-link", "s", use_link);
  gtk_widget_class_install_action (widget_class, "cert.back", NULL, go_back);
  gtk_widget_class_install_action (widget_class, "cert.restart", NULL, restart_action);
  gtk_widget_class_install_action (widget_class, "cert.copy-summary", NULL, copy_summary);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "cert.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
plumb_certification_page_init (PlumbCertificationPage *self)
{
  self->history = g_ptr_array_new_with_free_func (g_free);
  self->log = g_ptr_array_new_with_free_func (log_entry_free);
  self->facts = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}
