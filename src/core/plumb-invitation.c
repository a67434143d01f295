/* plumb-invitation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-invitation.h"

const guint plumb_invitation_followup_days[PLUMB_INVITATION_N_FOLLOWUPS] = { 3, 7, 14 };

GDateTime *
plumb_parse_timestamp (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;

  return g_date_time_new_from_iso8601 (text, NULL);
}

static GDateTime *
followup_at (GDateTime *sent_at,
             guint      i)
{
  return g_date_time_add_days (sent_at, plumb_invitation_followup_days[i]);
}

/* How many follow-ups have gone out by @now; a person who signed in gets no
 * more, which the caller knows from last_login_at. */
guint
plumb_invitation_count_followups (GDateTime *sent_at,
                                  GDateTime *now)
{
  guint n = 0;

  if (sent_at == NULL || now == NULL)
    return 0;

  for (guint i = 0; i < PLUMB_INVITATION_N_FOLLOWUPS; i++)
    {
      g_autoptr(GDateTime) due = followup_at (sent_at, i);

      if (g_date_time_compare (due, now) <= 0)
        n++;
    }

  return n;
}

GDateTime *
plumb_invitation_next_followup (GDateTime *sent_at,
                                GDateTime *now)
{
  if (sent_at == NULL || now == NULL)
    return NULL;

  for (guint i = 0; i < PLUMB_INVITATION_N_FOLLOWUPS; i++)
    {
      GDateTime *due = followup_at (sent_at, i);

      if (g_date_time_compare (due, now) > 0)
        return due;
      g_date_time_unref (due);
    }

  return NULL;
}

/* "14 March", or "14 March 2025" when not this year. */
static char *
format_day (GDateTime *when,
            GDateTime *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* Translators: a day and month, see strftime(3): "14 March" */
    return g_date_time_format (local, _("%-d %B"));

  /* Translators: a day, month and year, see strftime(3): "14 March 2025" */
  return g_date_time_format (local, _("%-d %B %Y"));
}

static char *
format_ago (GDateTime *when,
            GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (now, when);
  gint64 days = span / G_TIME_SPAN_DAY;

  if (days <= 0)
    return g_strdup (_("today"));
  if (days == 1)
    return g_strdup (_("yesterday"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), (int) days);
}

char *
plumb_invitation_describe (GDateTime *sent_at,
                           GDateTime *last_login_at,
                           GDateTime *now)
{
  g_autofree char *ago = NULL;
  g_autoptr(GDateTime) next = NULL;
  guint sent;

  switch (plumb_invitation_state_derive (sent_at, last_login_at))
    {
    case PLUMB_INVITATION_SIGNED_IN:
      {
        g_autofree char *day = format_day (last_login_at, now);

        /* Translators: %s is a day: "Signed in 5 June" */
        return g_strdup_printf (_("Signed in %s"), day);
      }

    case PLUMB_INVITATION_NEVER_INVITED:
      return g_strdup (_("Not invited"));

    case PLUMB_INVITATION_INVITED:
    default:
      break;
    }

  sent = plumb_invitation_count_followups (sent_at, now);
  next = plumb_invitation_next_followup (sent_at, now);
  ago = format_ago (sent_at, now);

  if (next == NULL)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Invited, %u follow-up sent, not signed in",
                                         "Invited, %u follow-ups sent, not signed in", sent),
                            sent);

  {
    g_autofree char *day = format_day (next, now);

    if (sent == 0)
      /* Translators: “Invited 2 days ago, follow-up on 14 March” */
      return g_strdup_printf (_("Invited %s, follow-up on %s"), ago, day);

    /* Translators: “Invited 4 days ago, 1 follow-up sent, next on 14 March” */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Invited %s, %u follow-up sent, next on %s",
                                         "Invited %s, %u follow-ups sent, next on %s", sent),
                            ago, sent, day);
  }
}

/* Each step of the schedule on a line of its own, for the details pane. */
char *
plumb_invitation_describe_schedule (GDateTime *sent_at,
                                    GDateTime *last_login_at,
                                    GDateTime *now)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *sent_day = NULL;

  if (sent_at == NULL)
    return g_strdup (_("No welcome email has been sent yet."));

  sent_day = format_day (sent_at, now);
  /* Translators: %s is a day */
  g_string_append_printf (text, _("Welcome email sent on %s"), sent_day);

  for (guint i = 0; i < PLUMB_INVITATION_N_FOLLOWUPS; i++)
    {
      g_autoptr(GDateTime) due = followup_at (sent_at, i);
      g_autofree char *day = format_day (due, now);
      guint days = plumb_invitation_followup_days[i];

      g_string_append_c (text, '\n');
      if (last_login_at != NULL && g_date_time_compare (last_login_at, due) <= 0)
        /* Translators: “Follow-up after 7 days (21 March): not needed, signed in” */
        g_string_append_printf (text, _("Follow-up after %u days (%s): not needed, signed in"), days, day);
      else if (g_date_time_compare (due, now) <= 0)
        g_string_append_printf (text, _("Follow-up after %u days (%s): sent"), days, day);
      else
        g_string_append_printf (text, _("Follow-up after %u days (%s): due"), days, day);
    }

  if (last_login_at != NULL)
    {
      g_autofree char *day = format_day (last_login_at, now);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Signed in on %s"), day);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Procore's words: "Invite" for someone never invited, "Re-invite" after. */
const char *
plumb_invitation_button_label (PlumbInvitationState state)
{
  return state == PLUMB_INVITATION_NEVER_INVITED ? _("Invite") : _("Re-invite");
}
