/* plumb-certification-steps.c: the wizard's steps and endings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A step goes on only when the portal said yes; otherwise it stays and
 * explains. The Procore sign-in email always comes from the signed-in
 * Procore account (or, for support staff, from what they typed), never
 * from a field the learner edits on the way.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-certification-page-private.h"
#include "plumb-error.h"

char *
plumb_certification_dup_text (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

gboolean
plumb_certification_looks_like_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && strchr (at, '.') != NULL && strchr (text, ' ') == NULL;
}

char *
plumb_certification_format_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  /* Translators: a date as in “18 March 2026”; see g_date_time_format() */
  return g_date_time_format (local, _("%-d %B %Y"));
}

static GtkWidget *
registration_row (PlumbPortalRegistration *r)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;
  g_autofree char *percent = g_strdup_printf (_("%u %%"), r->progress);
  GtkWidget *level = gtk_level_bar_new_for_interval (0, 100);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *label = gtk_label_new (percent);

  if (r->completed_at != NULL)
    {
      g_autofree char *done = plumb_certification_format_date (r->completed_at);

      if (r->certificate_code != NULL && r->certificate_expires_at != NULL)
        {
          g_autofree char *until = plumb_certification_format_date (r->certificate_expires_at);

          /* Translators: completion date, certificate code, expiry date */
          subtitle = g_strdup_printf (_("Completed %s · Certificate %s, valid until %s"), done,
                                      r->certificate_code, until);
        }
      else if (r->certificate_code != NULL)
        subtitle = g_strdup_printf (_("Completed %s · Certificate %s"), done, r->certificate_code);
      else
        subtitle = g_strdup_printf (_("Completed %s"), done);
    }
  else if (r->completed_lessons == 0)
    subtitle = g_strdup_printf (_("Not started · %u lessons"), r->total_lessons);
  else
    /* Translators: lessons done, lessons in the course */
    subtitle = g_strdup_printf (_("In progress · %u of %u lessons"), r->completed_lessons, r->total_lessons);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->course);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_level_bar_set_value (GTK_LEVEL_BAR (level), r->progress);
  gtk_widget_set_size_request (level, 64, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (level), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Progress"), -1);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), level);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  if (r->certificate_code != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("application-certificate-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Certificate"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  return row;
}

void
plumb_certification_show_registrations (PlumbCertificationPage *self,
                    GPtrArray              *list,
                    gboolean                in_sync)
{
  GtkWidget *child;
  g_autofree char *text = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->registrations_list))) != NULL)
    gtk_list_box_remove (self->registrations_list, child);
  for (guint i = 0; i < list->len; i++)
    gtk_list_box_append (self->registrations_list, registration_row (g_ptr_array_index (list, i)));
  self->n_registrations = list->len;
  gtk_widget_set_visible (self->proof_group, list->len > 0);

  if (list->len > 0)
    {
      gtk_label_set_label (self->proof_title, in_sync ? _("Already in Sync") : _("Your Progress Shows in Procore"));
      if (self->support)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Procore Certification’s records for %s list %u course on My "
                                             "Profile › Registrations: the learner sees it when signing in "
                                             "through Procore. Nothing more to do.",
                                             "Procore Certification’s records for %s list %u courses on My "
                                             "Profile › Registrations: the learner sees them when signing in "
                                             "through Procore. Nothing more to do.", list->len),
                                self->procore_email, list->len);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Signed in to Procore Certification through Procore as %s, My "
                                             "Profile › Registrations lists %u course. Nothing more to do.",
                                             "Signed in to Procore Certification through Procore as %s, My "
                                             "Profile › Registrations lists %u courses. Nothing more to do.",
                                             list->len),
                                self->procore_email, list->len);
      plumb_certification_set_ending (self, in_sync ? "in-sync" : "relinked");
      g_free (self->proof_page_kind);
      self->proof_page_kind = g_strdup (self->ending);
    }
  else
    {
      gtk_label_set_label (self->proof_title, _("Nothing Shows Yet"));
      text = g_strdup_printf (_("Through Procore as %s, My Profile › Registrations is still empty. Check that "
                                "the email on the Certification profile is exactly %s, with no typing mistake. "
                                "Then sign in to Procore Certification through Procore once more. If the "
                                "courses still do not show, contact Procore Certification support (the "
                                "Support link on education.procore.com) and paste the summary (Copy Summary, "
                                "below)."),
                              self->procore_email, self->procore_email);
      plumb_certification_set_ending (self, "still-empty");
      g_free (self->proof_page_kind);
      self->proof_page_kind = g_strdup (self->ending);
    }
  gtk_label_set_label (self->proof_text, text);
}

static void
profile_step (PlumbCertificationPage *self,
              PlumbPortalProfile     *profile)
{
  g_free (self->cert_email);
  self->cert_email = g_strdup (profile->email);
  adw_action_row_set_subtitle (self->profile_current_row, profile->email);
  adw_action_row_set_subtitle (self->profile_target_row, self->procore_email);
  plumb_certification_clear_error (self->profile_error);
  plumb_certification_go (self, "profile");
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PlumbCertificationPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbPortalProfile) profile = plumb_portal_sign_in_finish (PLUMB_PORTAL (object), result, &error);
  g_autofree char *done = NULL;

  if (plumb_certification_cancelled (error))
    return;
  plumb_certification_set_busy (self, FALSE, self->sign_in_spinner);
  if (profile == NULL)
    {
      plumb_certification_log (self, _("Sign in to the education portal"), error->message);
      if (g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN))
        {
          plumb_certification_show_ending (self, "wrong-portal", error);
          return;
        }
      plumb_certification_show_error (self->sign_in_error, error);
      return;
    }

  /* The password has done its work; keep no copy around. */
  gtk_editable_set_text (self->sign_in_password_row, "");
  /* Translators: %s is an email */
  done = g_strdup_printf (_("signed in as %s"), profile->email);
  plumb_certification_log (self, _("Sign in to the education portal"), done);
  if (profile->via_procore || !profile->email_editable)
    {
      plumb_certification_show_ending (self, "wrong-portal", NULL);
      return;
    }
  if (g_ascii_strcasecmp (profile->email, self->procore_email) == 0)
    {
      /* Nothing to change: the proof tells whether anything is there. */
      g_free (self->cert_email);
      self->cert_email = g_strdup (profile->email);
      plumb_certification_log (self, _("Change the email"), _("already the Procore sign-in email"));
      plumb_certification_go (self, "proof");
      plumb_certification_proof (self);
      return;
    }
  profile_step (self, profile);
}

void
plumb_certification_sign_in (PlumbCertificationPage *self)
{
  g_autofree char *email = plumb_certification_dup_text (self->sign_in_email_row);
  const char *password = gtk_editable_get_text (self->sign_in_password_row);

  plumb_certification_clear_error (self->sign_in_error);
  if (!plumb_certification_looks_like_email (email) || *password == '\0')
    {
      g_autoptr(GError) error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                                                     _("Type the email and the password of the education portal."));

      plumb_certification_show_error (self->sign_in_error, error);
      return;
    }
  plumb_certification_set_busy (self, TRUE, self->sign_in_spinner);
  plumb_portal_sign_in_async (self->portal, email, password, self->cancellable, signed_in_cb, self);
}

void
plumb_certification_cant_sign_in (PlumbCertificationPage *self)
{
  /* An email that signs in through Procore has no password to reset. */
  gboolean wrong_portal = g_strcmp0 (self->ending, "wrong-portal") == 0;
  g_autofree char *email = wrong_portal ? g_strdup ("") : plumb_certification_dup_text (self->sign_in_email_row);

  self->scenario = 2;
  g_free (self->scenario_reason);
  self->scenario_reason = g_strdup (_("The learner cannot sign in to the education portal: the password is "
                                      "reset by email first."));
  plumb_certification_log (self, _("Sign in to the education portal"), _("cannot sign in: scenario 2"));
  plumb_certification_set_ending (self, NULL);
  if (*email != '\0')
    gtk_editable_set_text (self->reset_email_row, email);
  else if (self->cert_email != NULL && !wrong_portal)
    gtk_editable_set_text (self->reset_email_row, self->cert_email);
  else
    gtk_editable_set_text (self->reset_email_row, "");
  plumb_certification_go (self, "request-reset");
}

static void
updated_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PlumbCertificationPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbPortalProfile) profile = plumb_portal_update_email_finish (PLUMB_PORTAL (object), result, &error);
  g_autofree char *done = NULL;

  if (plumb_certification_cancelled (error))
    return;
  plumb_certification_set_busy (self, FALSE, self->profile_spinner);
  if (profile == NULL)
    {
      plumb_certification_log (self, _("Change the email"), error->message);
      if (g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_CONFLICT))
        plumb_certification_show_ending (self, "email-taken", error);
      else if (g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN))
        plumb_certification_show_ending (self, "wrong-portal", error);
      else
        plumb_certification_show_error (self->profile_error, error);
      return;
    }
  /* Translators: first %s the old email, second the new one */
  done = g_strdup_printf (_("changed from %s to %s"), self->cert_email, profile->email);
  plumb_certification_log (self, _("Change the email"), done);
  adw_action_row_set_subtitle (self->profile_current_row, profile->email);
  plumb_certification_go (self, "proof");
  plumb_certification_proof (self);
}

void
plumb_certification_update_email (PlumbCertificationPage *self)
{
  plumb_certification_clear_error (self->profile_error);
  plumb_certification_set_busy (self, TRUE, self->profile_spinner);
  plumb_portal_update_email_async (self->portal, self->procore_email, self->cancellable, updated_cb, self);
}

static void
reset_requested_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PlumbCertificationPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *time = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *done = NULL;
  gboolean on_link_step = g_strcmp0 (plumb_certification_page_get_step (self), "reset-link") == 0;

  if (!plumb_portal_request_reset_finish (PLUMB_PORTAL (object), result, &error))
    {
      if (plumb_certification_cancelled (error))
        return;
      plumb_certification_set_busy (self, FALSE, on_link_step ? self->reset_spinner : self->request_spinner);
      plumb_certification_log (self, _("Ask for a Password Reset email"), error->message);
      if (g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN))
        plumb_certification_show_ending (self, "wrong-portal", error);
      else
        plumb_certification_show_error (on_link_step ? self->reset_error : self->request_error, error);
      return;
    }

  plumb_certification_set_busy (self, FALSE, on_link_step ? self->reset_spinner : self->request_spinner);
  g_clear_pointer (&self->reset_sent_at, g_date_time_unref);
  self->reset_sent_at = g_date_time_new_now_utc ();
  time = plumb_certification_format_time (self->reset_sent_at);
  /* Translators: %s is an email */
  done = g_strdup_printf (_("sent to %s"), self->cert_email);
  plumb_certification_log (self, _("Ask for a Password Reset email"), done);
  /* Translators: first %s is an email, second a time of day */
  hint = g_strdup_printf (_("A Password Reset email went to %s at %s. Open it, copy the link in it (or the code "
                            "at its end) and paste it here. The link works once, within an hour."),
                          self->cert_email, time);
  gtk_label_set_label (self->reset_hint, hint);
  gtk_editable_set_text (self->reset_link_row, "");
  gtk_widget_set_visible (self->new_link_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->mailbox_list), FALSE);
  plumb_certification_clear_error (self->reset_error);
  plumb_certification_go (self, "reset-link");
}

void
plumb_certification_request_reset (PlumbCertificationPage *self)
{
  gboolean on_link_step = g_strcmp0 (plumb_certification_page_get_step (self), "reset-link") == 0;
  g_autofree char *email = on_link_step ? g_strdup (self->cert_email) : plumb_certification_dup_text (self->reset_email_row);

  plumb_certification_clear_error (self->request_error);
  plumb_certification_clear_error (self->reset_error);
  if (email == NULL || !plumb_certification_looks_like_email (email))
    {
      g_autoptr(GError) error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                                                     _("Type the email of the former Procore account."));

      plumb_certification_show_error (self->request_error, error);
      return;
    }
  g_free (self->cert_email);
  self->cert_email = g_steal_pointer (&email);
  plumb_certification_set_busy (self, TRUE, on_link_step ? self->reset_spinner : self->request_spinner);
  plumb_portal_request_reset_async (self->portal, self->cert_email, self->cancellable, reset_requested_cb, self);
}

static void
mailbox_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PlumbCertificationPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mail = plumb_portal_sandbox_mail_finish (PLUMB_PORTAL (object), result, &error);
  GtkWidget *child;

  if (plumb_certification_cancelled (error))
    return;
  plumb_certification_set_busy (self, FALSE, self->reset_spinner);
  if (mail == NULL)
    {
      plumb_certification_show_error (self->reset_error, error);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->mailbox_list))) != NULL)
    gtk_list_box_remove (self->mailbox_list, child);
  for (guint i = mail->len; i > 0; i--)
    {
      PlumbPortalMail *m = g_ptr_array_index (mail, i - 1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Use This Link"));
      g_autofree char *when = m->sent_at != NULL ? plumb_certification_format_time (m->sent_at) : g_strdup ("");
      /* Translators: the recipient, then the time it was sent */
      g_autofree char *subtitle = g_strdup_printf (_("To %s · %s"), m->to, when);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), m->subject);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (button, m->link != NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "cert.use-link");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", m->link != NULL ? m->link : "");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->mailbox_list, row);
    }
  if (mail->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      /* Translators: %s is an email */
      g_autofree char *none = g_strdup_printf (_("No Password Reset email reached %s"), self->cert_email);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), none);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Mail to an inbox that no longer exists bounces and never arrives."));
      gtk_list_box_append (self->mailbox_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->mailbox_list), TRUE);
}

void
plumb_certification_show_mailbox (PlumbCertificationPage *self)
{
  if (self->cert_email == NULL)
    return;
  plumb_certification_set_busy (self, TRUE, self->reset_spinner);
  plumb_portal_sandbox_mail_async (self->portal, self->cert_email, self->cancellable, mailbox_cb, self);
}

static void
password_set_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PlumbCertificationPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = plumb_portal_complete_reset_finish (PLUMB_PORTAL (object), result, &error);
  g_autofree char *done = NULL;

  if (plumb_certification_cancelled (error))
    return;
  plumb_certification_set_busy (self, FALSE, self->reset_spinner);
  if (email == NULL)
    {
      plumb_certification_log (self, _("Set a new password"), error->message);
      plumb_certification_show_error (self->reset_error, error);
      gtk_widget_set_visible (self->new_link_button,
                              g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_EXPIRED) ||
                              g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT));
      return;
    }

  /* Translators: %s is an email */
  done = g_strdup_printf (_("new password set for %s"), email);
  plumb_certification_log (self, _("Set a new password"), done);
  g_free (self->cert_email);
  self->cert_email = g_steal_pointer (&email);
  gtk_label_set_label (self->sign_in_hint,
                       _("The new password is set. Sign in with the email of the former Procore account and the "
                         "new password."));
  gtk_editable_set_text (self->sign_in_email_row, self->cert_email);
  gtk_editable_set_text (self->sign_in_password_row, gtk_editable_get_text (self->new_password_row));
  gtk_editable_set_text (self->new_password_row, "");
  gtk_editable_set_text (self->confirm_password_row, "");
  plumb_certification_clear_error (self->sign_in_error);
  plumb_certification_go (self, "sign-in");
}

void
plumb_certification_set_password (PlumbCertificationPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *password = gtk_editable_get_text (self->new_password_row);

  plumb_certification_clear_error (self->reset_error);
  token = plumb_portal_parse_reset_link (self->portal, gtk_editable_get_text (self->reset_link_row), &error);
  if (token == NULL)
    {
      plumb_certification_show_error (self->reset_error, error);
      return;
    }
  if (g_utf8_strlen (password, -1) < 8)
    error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                                 _("Choose a password of at least 8 characters."));
  else if (g_strcmp0 (password, gtk_editable_get_text (self->confirm_password_row)) != 0)
    error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                                 _("The two passwords differ. Type the same new password twice."));
  if (error != NULL)
    {
      plumb_certification_show_error (self->reset_error, error);
      return;
    }
  plumb_certification_set_busy (self, TRUE, self->reset_spinner);
  plumb_portal_complete_reset_async (self->portal, token, password, self->cancellable, password_set_cb, self);
  memset (token, 0, strlen (token));
}

void
plumb_certification_no_inbox (PlumbCertificationPage *self)
{
  plumb_certification_log (self, _("Follow the link in the email"), _("the former inbox cannot be opened"));
  plumb_certification_show_ending (self, "no-inbox", NULL);
}

static void
proof_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PlumbCertificationPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *seen = NULL;

  list = self->support ? plumb_portal_admin_registrations_finish (PLUMB_PORTAL (object), result, &error)
                       : plumb_portal_list_registrations_finish (PLUMB_PORTAL (object), result, &error);
  if (plumb_certification_cancelled (error))
    return;
  plumb_certification_set_busy (self, FALSE, self->proof_spinner);
  if (list == NULL)
    {
      plumb_certification_log (self, _("See the registrations through Procore"), error->message);
      plumb_certification_show_error (self->proof_error, error);
      return;
    }
  seen = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u registration under %s",
                                       "%u registrations under %s", list->len),
                          list->len, self->procore_email);
  plumb_certification_log (self, _("See the registrations through Procore"), seen);
  plumb_certification_show_registrations (self, list, FALSE);
}

static void
proof_signed_in_cb (GObject      *object,
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
      plumb_certification_set_busy (self, FALSE, self->proof_spinner);
      plumb_certification_log (self, _("Sign in to Certification through Procore"), error->message);
      plumb_certification_show_error (self->proof_error, error);
      return;
    }
  plumb_portal_list_registrations_async (self->portal, self->cancellable, proof_listed_cb, self);
}

void
plumb_certification_proof (PlumbCertificationPage *self)
{
  PlumbAccount *account = plumb_application_get_account (self->application);

  plumb_certification_clear_error (self->proof_error);
  plumb_certification_set_ending (self, NULL);
  gtk_label_set_label (self->proof_title, _("Checking Through Procore…"));
  gtk_label_set_label (self->proof_text,
                       self->support
                       ? _("Looking up the registrations of the Procore sign-in email, as Procore Certification "
                           "shows them on My Profile › Registrations.")
                       : _("Signing in to Procore Certification through Procore, as the Procore web application "
                           "does, and opening My Profile › Registrations."));
  gtk_widget_set_visible (self->proof_group, FALSE);
  plumb_certification_set_busy (self, TRUE, self->proof_spinner);
  if (self->support)
    plumb_portal_admin_registrations_async (self->portal, self->procore_email, self->cancellable,
                                            proof_listed_cb, self);
  else if (account != NULL)
    plumb_portal_procore_sign_in_async (self->portal, account, self->cancellable, proof_signed_in_cb, self);
}

static char *
dup_time_text (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");
}

void
plumb_certification_show_ending (PlumbCertificationPage *self,
                                 const char             *ending,
                                 const GError           *error)
{
  PlumbAccount *account = plumb_application_get_account (self->application);
  GtkWidget *child;
  g_autofree char *text = NULL;

  plumb_certification_set_ending (self, ending);
  g_free (self->ending_page_kind);
  self->ending_page_kind = g_strdup (ending);
  g_ptr_array_set_size (self->facts, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts_list))) != NULL)
    gtk_list_box_remove (self->facts_list, child);

  gtk_widget_set_visible (self->ending_other_button, g_str_equal (ending, "wrong-portal"));
  gtk_widget_set_visible (self->ending_reset_button, g_str_equal (ending, "wrong-portal"));
  gtk_widget_set_visible (self->ending_copy_button, !g_str_equal (ending, "wrong-portal"));

  if (g_str_equal (ending, "wrong-portal"))
    {
      gtk_image_set_from_icon_name (self->ending_icon, "dialog-information-symbolic");
      gtk_label_set_label (self->ending_title, _("This Is the Other Portal"));
      text = g_strdup_printf (_("%s\n\nThe course progress is on the education portal (education.procore.com), "
                                "under a personal email or the email of a former Procore account. If you cannot "
                                "sign in with it, reset its password."),
                              error != NULL ? error->message
                                            : _("This Certification profile signs in through Procore (“Authorized "
                                                "via: Procore”): it is the portal reached through Procore sign-in, "
                                                "where there is no pencil next to the email."));
      gtk_widget_set_visible (self->facts_group, FALSE);
    }
  else if (g_str_equal (ending, "email-taken"))
    {
      gtk_image_set_from_icon_name (self->ending_icon, "dialog-warning-symbolic");
      gtk_label_set_label (self->ending_title, _("Another Profile Has This Email"));
      text = g_strdup_printf (_("Another Procore Certification profile already uses %s, the email you sign in "
                                "to Procore with, so the profile with your course progress cannot take it. "
                                "Nothing was changed. Only Procore Certification support can merge the two "
                                "profiles: contact them (the Support link on education.procore.com) and paste "
                                "the summary below."), self->procore_email);
      plumb_certification_add_fact (self, _("Procore sign-in email"), self->procore_email);
      plumb_certification_add_fact (self, _("Profile with the course progress"),
                                    self->cert_email != NULL ? self->cert_email : "—");
      plumb_certification_add_fact (self, _("What is needed"),
                                    _("Merge the two profiles, keeping the progress, under the Procore sign-in email"));
      gtk_widget_set_visible (self->facts_group, TRUE);
    }
  else
    {
      g_autofree char *sent = self->reset_sent_at != NULL ? dup_time_text (self->reset_sent_at) : NULL;

      gtk_image_set_from_icon_name (self->ending_icon, "mail-mark-important-symbolic");
      gtk_label_set_label (self->ending_title, _("The Former Inbox Is Gone"));
      text = g_strdup_printf (_("The Password Reset email can only go to %s, and that inbox can no longer be "
                                "opened, so the steps of the help page cannot be done. Procore Certification "
                                "support can change the email of the profile for you once they know who you "
                                "are: contact them (the Support link on education.procore.com) and paste the "
                                "facts below."), self->cert_email != NULL ? self->cert_email : "");
      plumb_certification_add_fact (self, _("Procore sign-in email"), self->procore_email);
      plumb_certification_add_fact (self, _("Former email, whose inbox is gone"),
                                    self->cert_email != NULL ? self->cert_email : "—");
      if (account != NULL && !self->support)
        plumb_certification_add_fact (self, _("Confirmed by"),
                                      _("Signed in to Procore as the learner in Plumbline"));
      if (sent != NULL)
        plumb_certification_add_fact (self, _("Password Reset requested"), sent);
      plumb_certification_add_fact (self, _("What is needed"),
                                    _("Change the email of the Certification profile to the Procore sign-in email"));
      gtk_widget_set_visible (self->facts_group, TRUE);
    }
  gtk_label_set_label (self->ending_text, text);
  plumb_certification_go (self, "ending");
}
