/* plumb-cli-users.c: plumb users and plumb invite, from the offline store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "plumb-cli-sync.h"
#include "plumb-error.h"
#include "plumb-permissions.h"

static const char *
status_nick (const PlumbUserRow *row)
{
  if (row->last_login_at != NULL)
    return "signed-in";
  if (row->welcome_email_sent_at != NULL)
    return "invited";
  return "not-invited";
}

static const char *
status_words (const PlumbUserRow *row)
{
  if (row->last_login_at != NULL)
    return _("signed in");
  if (row->welcome_email_sent_at != NULL)
    return _("invited");
  return _("not invited");
}

static gboolean
parse_status (const char            *text,
              PlumbInvitationFilter *filter)
{
  if (g_str_equal (text, "not-invited"))
    *filter = PLUMB_INVITATION_FILTER_NOT_INVITED;
  else if (g_str_equal (text, "invited"))
    *filter = PLUMB_INVITATION_FILTER_INVITED;
  else if (g_str_equal (text, "signed-in"))
    *filter = PLUMB_INVITATION_FILTER_SIGNED_IN;
  else if (g_str_equal (text, "all"))
    *filter = PLUMB_INVITATION_FILTER_ALL;
  else
    return FALSE;
  return TRUE;
}

/* RFC 4180: quote a field when it holds a comma, a quote or a line break. */
static void
print_csv_field (const char *text,
                 gboolean    last)
{
  if (text == NULL)
    text = "";
  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      putchar ('"');
      for (const char *c = text; *c != '\0'; c++)
        {
          if (*c == '"')
            putchar ('"');
          putchar (*c);
        }
      putchar ('"');
    }
  else
    fputs (text, stdout);
  putchar (last ? '\n' : ',');
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static gboolean
ensure_synced (PlumbCliSync  *sync,
               GError       **error)
{
  g_autoptr(PlumbSyncState) state = plumb_store_get_sync_state (sync->store, sync->company_id, NULL, error);

  if (state == NULL)
    return FALSE;
  if (state->last_full_sync == 0)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                   _("Nothing is stored for company %" G_GINT64_FORMAT " yet. Run “plumb sync” first."),
                   sync->company_id);
      return FALSE;
    }
  return TRUE;
}

int
plumb_cli_users (PlumbCliOptions  *options,
                 int               argc,
                 char            **argv)
{
  g_autofree char *search = NULL;
  g_autofree char *status = NULL;
  gboolean json = FALSE;
  gboolean csv = FALSE;
  GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only people whose name, email, job title or company has these words"), N_("TEXT") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, N_("not-invited, invited, signed-in or all (the default)"), N_("STATUS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(PlumbCliSync) sync = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbUserRows) rows = NULL;
  PlumbUserQuery query = { 0 };
  guint n;

  g_option_context_set_summary (context, _("List the company’s people as last synced (see “plumb sync”)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return plumb_cli_fail (error);
  if (argc > 1)
    {
      plumb_cli_error (_("users: unexpected “%s” (see plumb users --help)"), argv[1]);
      return 2;
    }
  json = json || options->json;
  if (json && csv)
    {
      plumb_cli_error (_("users: choose --json or --csv, not both"));
      return 2;
    }
  if (status != NULL && !parse_status (status, &query.invitation))
    {
      plumb_cli_error (_("users: --status takes not-invited, invited, signed-in or all"));
      return 2;
    }

  if (!plumb_cli_sync_open (options, FALSE, &sync, &error) || !ensure_synced (&sync, &error))
    return plumb_cli_fail (error);
  query.search = search;
  query.sort = PLUMB_USER_SORT_NAME;
  rows = plumb_store_query_users (sync.store, sync.company_id, &query, NULL, &error);
  if (rows == NULL)
    return plumb_cli_fail (error);
  n = plumb_user_rows_get_n (rows);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          const PlumbUserRow *row = plumb_user_rows_get (rows, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, row->id);
          add_string (builder, "name", row->name);
          add_string (builder, "email_address", row->email);
          add_string (builder, "job_title", row->job_title);
          add_string (builder, "vendor", row->vendor_name);
          add_string (builder, "status", status_nick (row));
          add_string (builder, "welcome_email_sent_at", row->welcome_email_sent_at);
          add_string (builder, "last_login_at", row->last_login_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      plumb_cli_print_json (root);
      return 0;
    }
  if (csv)
    {
      printf ("id,name,email_address,job_title,vendor,status,welcome_email_sent_at,last_login_at\n");
      for (guint i = 0; i < n; i++)
        {
          const PlumbUserRow *row = plumb_user_rows_get (rows, i);
          char id[32];

          g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, row->id);
          print_csv_field (id, FALSE);
          print_csv_field (row->name, FALSE);
          print_csv_field (row->email, FALSE);
          print_csv_field (row->job_title, FALSE);
          print_csv_field (row->vendor_name, FALSE);
          print_csv_field (status_nick (row), FALSE);
          print_csv_field (row->welcome_email_sent_at, FALSE);
          print_csv_field (row->last_login_at, TRUE);
        }
      return 0;
    }
  for (guint i = 0; i < n; i++)
    {
      const PlumbUserRow *row = plumb_user_rows_get (rows, i);

      printf ("%-12" G_GINT64_FORMAT " %-28s %-40s %s\n", row->id, row->name != NULL ? row->name : "",
              row->email != NULL ? row->email : "", status_words (row));
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "%u person\n", "%u people\n", n), n);
  return 0;
}

static gint64
queue_one (PlumbCliSync  *sync,
           gint64         user_id,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plumb_sync_engine_queue_invite_async (sync->engine, user_id, NULL, plumb_cli_store_result, &result);
  plumb_cli_wait (&result);
  return plumb_sync_engine_queue_finish (sync->engine, result, error);
}

int
plumb_cli_invite (PlumbCliOptions  *options,
                  int               argc,
                  char            **argv)
{
  gboolean all_not_invited = FALSE;
  GOptionEntry entries[] = {
    { "all-not-invited", 0, 0, G_OPTION_ARG_NONE, &all_not_invited,
      N_("Invite every active person who was never invited"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("[ID…]"));
  g_auto(PlumbCliSync) sync = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonNode) permissions = NULL;
  gboolean can_invite = FALSE;
  guint queued = 0;

  g_option_context_set_summary (context, _("Queue “Welcome to Procore” invitations in the outbox; "
                                           "“plumb sync” sends them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return plumb_cli_fail (error);
  if ((argc > 1) == all_not_invited)
    {
      plumb_cli_error (_("invite: give the ids of the people to invite, or --all-not-invited"));
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      gint64 id;

      if (!g_ascii_string_to_signed (argv[i], 10, 1, G_MAXINT64, &id, NULL))
        {
          plumb_cli_error (_("invite: “%s” is not a person’s id"), argv[i]);
          return 2;
        }
      g_array_append_val (ids, id);
    }

  if (!plumb_cli_sync_open (options, FALSE, &sync, &error) || !ensure_synced (&sync, &error))
    return plumb_cli_fail (error);

  /* The permission rule, before anything is queued. */
  permissions = plumb_store_get_permissions (sync.store, sync.company_id, &can_invite, NULL, &error);
  if (error != NULL)
    return plumb_cli_fail (error);
  if (permissions != NULL && !can_invite)
    {
      g_autoptr(PlumbPermissions) parsed = plumb_permissions_new_from_json (sync.company_id, permissions);
      g_autofree char *sentence = plumb_permissions_dup_missing_sentence (parsed, FALSE);

      plumb_cli_error ("%s", sentence != NULL ? sentence : _("This account may not invite people to this company."));
      return 1;
    }

  if (all_not_invited)
    {
      PlumbUserQuery query = { 0 };
      g_autoptr(PlumbUserRows) rows = NULL;

      query.invitation = PLUMB_INVITATION_FILTER_NOT_INVITED;
      rows = plumb_store_query_users (sync.store, sync.company_id, &query, NULL, &error);
      if (rows == NULL)
        return plumb_cli_fail (error);
      for (guint i = 0; i < plumb_user_rows_get_n (rows); i++)
        g_array_append_val (ids, plumb_user_rows_get (rows, i)->id);
    }
  else
    {
      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(JsonObject) user = plumb_cli_sync_user (&sync, g_array_index (ids, gint64, i), &error);

          if (user == NULL)
            return plumb_cli_fail (error);
          if (!json_object_get_boolean_member_with_default (user, "is_active", TRUE))
            {
              plumb_cli_error (_("%s is inactive: reactivate the person in Procore before inviting."),
                               json_object_get_string_member_with_default (user, "name", argv[i + 1]));
              return 1;
            }
        }
    }

  for (guint i = 0; i < ids->len; i++)
    {
      if (queue_one (&sync, g_array_index (ids, gint64, i), &error) == 0)
        {
          plumb_cli_error ("%s", error->message);
          break;
        }
      queued++;
    }

  if (queued == 0 && error == NULL)
    printf ("%s\n", _("Everyone is already invited: nothing was queued."));
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "Queued %u invitation. Run “plumb sync” to send it.\n",
                         "Queued %u invitations. Run “plumb sync” to send them.\n", queued), queued);
  return error == NULL ? 0 : 1;
}
