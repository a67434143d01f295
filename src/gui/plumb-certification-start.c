/* plumb-certification-start.c: the wizard's start, finding the scenario
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A learner's answers decide, after a look through Procore shows whether
 * the progress is there already; for support staff, what the portal's
 * records say about the two emails decides, and the page says why.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-certification-page-private.h"
#include "plumb-error.h"

static void
add_plan_row (PlumbCertificationPage *self,
              guint                   number,
              const char             *title,
              const char             *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *label = g_strdup_printf ("%u", number);
  GtkWidget *badge = gtk_label_new (label);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (badge, "dim-label");
  gtk_widget_add_css_class (badge, "numeric");
  gtk_widget_set_size_request (badge, 24, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), badge);
  gtk_list_box_append (self->plan_list, row);
}

static void
show_scenario (PlumbCertificationPage *self,
               int                     scenario,
               const char             *why)
{
  GtkWidget *child;
  g_autofree char *sign_in_step = NULL;
  g_autofree char *profile_step = NULL;

  self->scenario = scenario;
  g_free (self->scenario_reason);
  self->scenario_reason = g_strdup (why);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->plan_list))) != NULL)
    gtk_list_box_remove (self->plan_list, child);

  /* Translators: %s is the email the course progress is under */
  sign_in_step = self->cert_email != NULL ? g_strdup_printf (_("With %s and its password"), self->cert_email)
                                          : g_strdup (_("With the email your progress is under and its password"));
  /* Translators: %s is the Procore sign-in email */
  profile_step = g_strdup_printf (_("Change it to %s on My Profile"), self->procore_email);
  if (scenario == 1)
    {
      gtk_label_set_label (self->scenario_title, _("Scenario 1: Change the Email on the Education Portal"));
      add_plan_row (self, 1, _("Sign in to the education portal"), sign_in_step);
      add_plan_row (self, 2, _("Change the email"), profile_step);
      add_plan_row (self, 3, _("See the registrations through Procore"), _("The proof that the two are linked"));
    }
  else
    {
      gtk_label_set_label (self->scenario_title, _("Scenario 2: Reset the Password, Then Change the Email"));
      add_plan_row (self, 1, _("Ask for a Password Reset email"), _("Sent to the email of the former Procore account"));
      add_plan_row (self, 2, _("Follow the link and set a new password"), _("It need not match the Procore password"));
      add_plan_row (self, 3, _("Sign in to the education portal"), _("With the former email and the new password"));
      add_plan_row (self, 4, _("Change the email"), profile_step);
      add_plan_row (self, 5, _("See the registrations through Procore"), _("The proof that the two are linked"));
    }
  gtk_label_set_label (self->scenario_why, why);
  plumb_certification_log (self, _("Find the scenario"), gtk_label_get_label (self->scenario_title));
  plumb_certification_go (self, "scenario");
}

static void
start_failed (PlumbCertificationPage *self,
              const GError           *error)
{
  plumb_certification_set_busy (self, FALSE, self->start_spinner);
  plumb_certification_show_error (self->start_error, error);
  plumb_certification_log (self, _("Find the scenario"), error->message);
}

static void
learner_checked_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PlumbCertificationPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = plumb_portal_list_registrations_finish (PLUMB_PORTAL (object), result, &error);
  g_autofree char *seen = NULL;

  if (plumb_certification_cancelled (error))
    return;
  if (list == NULL)
    {
      start_failed (self, error);
      return;
    }
  plumb_portal_sign_out (self->portal);
  plumb_certification_set_busy (self, FALSE, self->start_spinner);
  seen = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u registration under %s",
                                       "%u registrations under %s", list->len),
                          list->len, self->procore_email);
  plumb_certification_log (self, _("Check Certification through Procore"), seen);

  if (list->len > 0)
    {
      plumb_certification_show_registrations (self, list, TRUE);
      plumb_certification_go (self, "proof");
      return;
    }

  if (gtk_toggle_button_get_active (self->can_sign_in_yes))
    show_scenario (self, 1,
                   _("You can sign in to the education portal, so your progress is under an email you can "
                     "still reach. Change that email to your Procore sign-in email on My Profile."));
  else if (gtk_toggle_button_get_active (self->changed_yes))
    show_scenario (self, 2,
                   _("Your Procore email changed and you cannot sign in to the education portal. Your progress "
                     "is under the email of your former Procore account: reset its password by email, then "
                     "change the email."));
  else
    show_scenario (self, 2,
                   _("You cannot sign in to the education portal, so the password has to be reset by email "
                     "first, then the email changed."));
}

static void
learner_signed_in_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  PlumbCertificationPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = plumb_portal_procore_sign_in_finish (PLUMB_PORTAL (object), result, &error);

  if (plumb_certification_cancelled (error))
    return;
  if (email == NULL)
    {
      start_failed (self, error);
      return;
    }
  plumb_portal_list_registrations_async (self->portal, self->cancellable, learner_checked_cb, self);
}

/* Support staff: what the two emails hold decides the scenario. */
static void support_found_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
support_holder_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PlumbCertificationPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbPortalProfile) holder = plumb_portal_admin_find_finish (PLUMB_PORTAL (object), result, &error);
  PlumbPortalProfile *learner = g_object_get_data (G_OBJECT (self), "support-learner");
  g_autofree char *why = NULL;

  if (plumb_certification_cancelled (error))
    return;
  if (holder == NULL && !g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_NOT_FOUND))
    {
      start_failed (self, error);
      return;
    }
  plumb_certification_set_busy (self, FALSE, self->start_spinner);

  if (holder != NULL && holder->id != learner->id)
    {
      plumb_certification_log (self, _("Look up the Procore sign-in email"),
                               _("another Certification profile already uses it"));
      plumb_certification_show_ending (self, "email-taken", NULL);
      return;
    }
  plumb_certification_log (self, _("Look up the Procore sign-in email"), _("no other profile uses it"));

  if (learner->last_procore_sign_in_at != NULL || learner->locked)
    {
      g_autofree char *when = learner->last_procore_sign_in_at != NULL
                              ? plumb_certification_format_date (learner->last_procore_sign_in_at) : NULL;

      why = when != NULL
            ? g_strdup_printf (_("The profile of %s was last reached through Procore sign-in on %s, so that "
                                 "was their Procore email then; it has changed since. Reset the password by "
                                 "email, then change the email."), self->cert_email, when)
            : g_strdup_printf (_("Sign-in to %s is paused after wrong passwords. Reset the password by email, "
                                 "then change the email."), self->cert_email);
      show_scenario (self, 2, why);
    }
  else
    {
      why = g_strdup_printf (_("The profile of %s has never been reached through Procore sign-in, so it is a "
                               "personal email the learner signs in to the education portal with. Change it "
                               "on My Profile."), self->cert_email);
      show_scenario (self, 1, why);
    }
}

static void
support_found_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PlumbCertificationPage *self = user_data;
  g_autoptr(GError) error = NULL;
  PlumbPortalProfile *learner = plumb_portal_admin_find_finish (PLUMB_PORTAL (object), result, &error);
  g_autofree char *found = NULL;

  if (plumb_certification_cancelled (error))
    return;
  if (learner == NULL)
    {
      start_failed (self, error);
      return;
    }
  g_object_set_data_full (G_OBJECT (self), "support-learner", learner, (GDestroyNotify) plumb_portal_profile_free);
  found = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "profile found, %u registration, %u completed",
                                        "profile found, %u registrations, %u completed", learner->n_registrations),
                           learner->n_registrations, learner->n_completed);
  plumb_certification_log (self, _("Look up the Certification email"), found);

  if (learner->via_procore)
    {
      plumb_certification_set_busy (self, FALSE, self->start_spinner);
      plumb_certification_show_ending (self, "wrong-portal", NULL);
      return;
    }
  plumb_portal_admin_find_async (self->portal, self->procore_email, self->cancellable, support_holder_cb, self);
}

static void
support_synced_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PlumbCertificationPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = plumb_portal_admin_registrations_finish (PLUMB_PORTAL (object), result, &error);
  g_autofree char *seen = NULL;

  if (plumb_certification_cancelled (error))
    return;
  if (list == NULL)
    {
      start_failed (self, error);
      return;
    }
  seen = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u registration under %s",
                                       "%u registrations under %s", list->len),
                          list->len, self->procore_email);
  plumb_certification_log (self, _("Look up the registrations of the Procore email"), seen);
  if (list->len > 0)
    {
      plumb_certification_set_busy (self, FALSE, self->start_spinner);
      plumb_certification_show_registrations (self, list, TRUE);
      plumb_certification_go (self, "proof");
      return;
    }
  plumb_portal_admin_find_async (self->portal, self->cert_email, self->cancellable, support_found_cb, self);
}

void
plumb_certification_find_scenario (PlumbCertificationPage *self)
{
  PlumbAccount *account = plumb_application_get_account (self->application);

  plumb_certification_clear_error (self->start_error);
  g_clear_pointer (&self->procore_email, g_free);
  g_clear_pointer (&self->cert_email, g_free);
  if (account == NULL)
    return;

  if (!self->support)
    {
      if (!gtk_toggle_button_get_active (self->can_sign_in_yes) &&
          !gtk_toggle_button_get_active (self->can_sign_in_no))
        {
          g_autoptr(GError) error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                                                         _("Answer the first question: it decides the scenario."));

          plumb_certification_show_error (self->start_error, error);
          return;
        }
      self->procore_email = g_strdup (plumb_account_get_login (account));
      plumb_certification_set_busy (self, TRUE, self->start_spinner);
      plumb_portal_procore_sign_in_async (self->portal, account, self->cancellable, learner_signed_in_cb, self);
      return;
    }

  self->procore_email = plumb_certification_dup_text (self->support_procore_row);
  self->cert_email = plumb_certification_dup_text (self->support_cert_row);
  if (!plumb_certification_looks_like_email (self->procore_email) || !plumb_certification_looks_like_email (self->cert_email))
    {
      g_autoptr(GError) error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                                                     _("Type both of the learner’s emails."));

      plumb_certification_show_error (self->start_error, error);
      return;
    }
  if (g_ascii_strcasecmp (self->procore_email, self->cert_email) == 0)
    {
      g_autoptr(GError) error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                                                     _("The two emails are the same. If the progress still does not "
                                                       "show, ask for the email the learner used for Certification "
                                                       "before, such as a personal or a former work email."));

      plumb_certification_show_error (self->start_error, error);
      return;
    }
  plumb_portal_set_admin_key (self->portal, gtk_editable_get_text (self->support_key_row));
  plumb_certification_set_busy (self, TRUE, self->start_spinner);
  plumb_portal_admin_registrations_async (self->portal, self->procore_email, self->cancellable,
                                          support_synced_cb, self);
}

void
plumb_certification_begin (PlumbCertificationPage *self)
{
  if (self->scenario == 1)
    {
      gtk_label_set_label (self->sign_in_hint,
                           _("Sign in with the email and password of the education portal, where the course "
                             "progress is."));
      gtk_editable_set_text (self->sign_in_email_row, self->cert_email != NULL ? self->cert_email : "");
      plumb_certification_go (self, "sign-in");
      return;
    }
  gtk_editable_set_text (self->reset_email_row, self->cert_email != NULL ? self->cert_email : "");
  plumb_certification_go (self, "request-reset");
}
