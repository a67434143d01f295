/* plumb-cli-sync.c: plumb sync, status and outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "plumb-cli-sync.h"
#include "plumb-error.h"
#include "plumb-outbox.h"

void
plumb_cli_sync_clear (PlumbCliSync *sync)
{
  g_clear_object (&sync->engine);
  g_clear_object (&sync->store);
  g_clear_object (&sync->account);
  g_clear_pointer (&sync->state, plumb_cli_state_free);
}

gboolean
plumb_cli_sync_open (PlumbCliOptions  *options,
                     gboolean          online,
                     PlumbCliSync     *sync,
                     GError          **error)
{
  g_autofree char *path = NULL;

  if (online)
    {
      sync->account = plumb_cli_open_account (options, &sync->state, error);
      if (sync->account == NULL)
        return FALSE;
    }
  else
    {
      sync->state = plumb_cli_state_load (options);
      if (sync->state == NULL)
        {
          g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                               _("Not signed in. Run “plumb login” first."));
          return FALSE;
        }
      sync->account = plumb_account_new (sync->state->api_url, sync->state->login_url,
                                         sync->state->client_id, FALSE);
    }

  sync->company_id = plumb_cli_company_id (options, sync->state);
  if (sync->company_id <= 0)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_MISSING_COMPANY,
                           _("Choose a company with --company ID (“plumb companies” lists them)."));
      return FALSE;
    }
  plumb_account_set_company_id (sync->account, sync->company_id);

  path = plumb_store_build_path (options->data_dir, sync->state->api_url, sync->state->account_key, error);
  if (path == NULL)
    return FALSE;
  sync->store = plumb_store_open (path, NULL, error);
  if (sync->store == NULL)
    return FALSE;
  sync->engine = plumb_sync_engine_new (sync->account, sync->store, sync->company_id);
  return TRUE;
}

gboolean
plumb_cli_sync_run (PlumbCliSync  *sync,
                    GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plumb_sync_engine_sync_now_async (sync->engine, NULL, plumb_cli_store_result, &result);
  plumb_cli_wait (&result);
  return plumb_sync_engine_sync_now_finish (sync->engine, result, error);
}

GPtrArray *
plumb_cli_sync_left (PlumbCliSync  *sync,
                     GError       **error)
{
  return plumb_outbox_list (sync->store, FALSE, NULL, error);
}

JsonObject *
plumb_cli_sync_user (PlumbCliSync  *sync,
                     gint64         user_id,
                     GError       **error)
{
  JsonObject *user = plumb_store_get_user (sync->store, sync->company_id, user_id, NULL, error);

  if (user == NULL && (error == NULL || *error == NULL))
    g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_NOT_FOUND,
                 _("No person with id %" G_GINT64_FORMAT " in the stored directory of company %"
                   G_GINT64_FORMAT ". Run “plumb sync” to bring it up to date."),
                 user_id, sync->company_id);
  return user;
}

const char *
plumb_cli_op_state_words (PlumbOutboxState state)
{
  switch (state)
    {
    case PLUMB_OUTBOX_PENDING:   return _("waiting to be sent");
    case PLUMB_OUTBOX_IN_FLIGHT: return _("sent, answer not yet recorded");
    case PLUMB_OUTBOX_DONE:      return _("done");
    case PLUMB_OUTBOX_FAILED:    return _("refused");
    case PLUMB_OUTBOX_CONFLICT:  return _("in conflict with a change on the server");
    default:                     return _("unknown");
    }
}

const char *
plumb_cli_op_kind_words (PlumbOutboxKind kind)
{
  switch (kind)
    {
    case PLUMB_OUTBOX_EDIT_USER:   return _("edit");
    case PLUMB_OUTBOX_PHOTO:       return _("photo");
    case PLUMB_OUTBOX_INVITE:      return _("invitation");
    case PLUMB_OUTBOX_CREATE_USER: return _("new person");
    default:                       return _("change");
    }
}

char *
plumb_cli_time_text (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = NULL;

  if (unix_seconds <= 0)
    return NULL;
  when = g_date_time_new_from_unix_utc (unix_seconds);
  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
}

JsonNode *
plumb_cli_op_to_json (PlumbCliSync  *sync,
                      PlumbOutboxOp *op)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *queued = plumb_cli_time_text (op->created_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, op->id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, plumb_outbox_kind_to_string (op->kind));
  json_builder_set_member_name (builder, "company_id");
  json_builder_add_int_value (builder, op->company_id);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_int_value (builder, op->user_id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, plumb_outbox_state_to_string (op->state));
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, op->attempts);
  json_builder_set_member_name (builder, "queued_at");
  json_builder_add_string_value (builder, queued);
  json_builder_set_member_name (builder, "last_error");
  if (op->last_error != NULL)
    json_builder_add_string_value (builder, op->last_error);
  else
    json_builder_add_null_value (builder);
  if (op->kind == PLUMB_OUTBOX_EDIT_USER && op->payload != NULL &&
      json_object_has_member (op->payload, "fields"))
    {
      json_builder_set_member_name (builder, "fields");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (op->payload, "fields")));
    }
  if (op->state == PLUMB_OUTBOX_CONFLICT)
    {
      g_autoptr(GPtrArray) conflicts = plumb_outbox_list_conflicts (sync->store, op->id, NULL, NULL);

      json_builder_set_member_name (builder, "conflicts");
      json_builder_begin_array (builder);
      for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
        {
          PlumbConflict *conflict = g_ptr_array_index (conflicts, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "field");
          json_builder_add_string_value (builder, conflict->field);
          json_builder_set_member_name (builder, "mine");
          json_builder_add_value (builder, json_node_copy (conflict->mine));
          json_builder_set_member_name (builder, "base");
          json_builder_add_value (builder, json_node_copy (conflict->base));
          json_builder_set_member_name (builder, "theirs");
          json_builder_add_value (builder, json_node_copy (conflict->theirs));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup_printf ("“%s”", json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static void
print_op (PlumbCliSync  *sync,
          PlumbOutboxOp *op)
{
  printf ("  #%-5" G_GINT64_FORMAT " %-10s person %-10" G_GINT64_FORMAT " %s\n", op->id,
          plumb_cli_op_kind_words (op->kind), op->user_id, plumb_cli_op_state_words (op->state));
  if (op->kind == PLUMB_OUTBOX_EDIT_USER && op->payload != NULL && op->state != PLUMB_OUTBOX_CONFLICT)
    {
      JsonNode *fields = json_object_get_member (op->payload, "fields");

      if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields))
        {
          g_autoptr(GList) names = json_object_get_members (json_node_get_object (fields));

          for (GList *l = names; l != NULL; l = l->next)
            {
              g_autofree char *value = value_text (json_object_get_member (json_node_get_object (fields), l->data));

              printf ("         %s → %s\n", (const char *) l->data, value);
            }
        }
    }
  if (op->state == PLUMB_OUTBOX_CONFLICT)
    {
      g_autoptr(GPtrArray) conflicts = plumb_outbox_list_conflicts (sync->store, op->id, NULL, NULL);

      for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
        {
          PlumbConflict *conflict = g_ptr_array_index (conflicts, i);
          g_autofree char *mine = value_text (conflict->mine);
          g_autofree char *theirs = value_text (conflict->theirs);

          printf (_("         %s: yours %s, the server’s %s\n"), conflict->field, mine, theirs);
        }
      printf (_("         Choose with “plumb outbox resolve %" G_GINT64_FORMAT " FIELD mine|server”.\n"), op->id);
    }
  if (op->last_error != NULL && op->state != PLUMB_OUTBOX_CONFLICT)
    printf ("         %s\n", op->last_error);
}

static void
print_left (PlumbCliSync *sync,
            GPtrArray    *left)
{
  if (left->len == 0)
    return;
  printf (g_dngettext (GETTEXT_PACKAGE, "%u change is not on the server yet:\n",
                       "%u changes are not on the server yet:\n", left->len), left->len);
  for (guint i = 0; i < left->len; i++)
    print_op (sync, g_ptr_array_index (left, i));
}

static guint
stored_people (PlumbCliSync *sync)
{
  g_autoptr(GArray) ids = plumb_store_list_user_ids (sync->store, sync->company_id, NULL, NULL);

  return ids != NULL ? ids->len : 0;
}

int
plumb_cli_sync (PlumbCliOptions  *options,
                int               argc,
                char            **argv)
{
  g_auto(PlumbCliSync) sync = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) sync_error = NULL;
  g_autoptr(GPtrArray) left = NULL;
  gboolean ok;

  if (!plumb_cli_parse_plain (options, argc, argv))
    return 2;
  if (!plumb_cli_sync_open (options, TRUE, &sync, &error))
    return plumb_cli_fail (error);

  ok = plumb_cli_sync_run (&sync, &sync_error);
  plumb_cli_remember (options, sync.state, sync.account);
  left = plumb_cli_sync_left (&sync, &error);
  if (left == NULL)
    return plumb_cli_fail (error);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, ok && left->len == 0);
      json_builder_set_member_name (builder, "pulled");
      json_builder_add_boolean_value (builder, ok);
      json_builder_set_member_name (builder, "error");
      if (sync_error != NULL)
        json_builder_add_string_value (builder, sync_error->message);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "company_id");
      json_builder_add_int_value (builder, sync.company_id);
      json_builder_set_member_name (builder, "people");
      json_builder_add_int_value (builder, stored_people (&sync));
      json_builder_set_member_name (builder, "outbox");
      json_builder_begin_array (builder);
      for (guint i = 0; i < left->len; i++)
        json_builder_add_value (builder, plumb_cli_op_to_json (&sync, g_ptr_array_index (left, i)));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      plumb_cli_print_json (root);
      return ok && left->len == 0 ? 0 : 1;
    }

  if (!ok)
    plumb_cli_error (_("the sync did not finish: %s"), sync_error->message);
  else
    printf (_("Synced company %" G_GINT64_FORMAT ": %u people stored.\n"), sync.company_id, stored_people (&sync));
  print_left (&sync, left);
  if (ok && left->len == 0)
    printf ("%s\n", _("Every change is on the server."));
  return ok && left->len == 0 ? 0 : 1;
}

int
plumb_cli_status (PlumbCliOptions  *options,
                  int               argc,
                  char            **argv)
{
  g_auto(PlumbCliSync) sync = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbSyncState) state = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *full = NULL;
  g_autofree char *reconcile = NULL;
  guint pending = 0, conflicts = 0, failed = 0;

  if (!plumb_cli_parse_plain (options, argc, argv))
    return 2;
  if (!plumb_cli_sync_open (options, FALSE, &sync, &error))
    return plumb_cli_fail (error);
  state = plumb_store_get_sync_state (sync.store, sync.company_id, NULL, &error);
  left = state != NULL ? plumb_cli_sync_left (&sync, &error) : NULL;
  if (left == NULL)
    return plumb_cli_fail (error);
  for (guint i = 0; i < left->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (left, i);

      if (op->state == PLUMB_OUTBOX_CONFLICT)
        conflicts++;
      else if (op->state == PLUMB_OUTBOX_FAILED)
        failed++;
      else
        pending++;
    }
  full = plumb_cli_time_text (state->last_full_sync);
  reconcile = plumb_cli_time_text (state->last_reconcile);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, sync.state->api_url);
      json_builder_set_member_name (builder, "login");
      json_builder_add_string_value (builder, sync.state->login);
      json_builder_set_member_name (builder, "company_id");
      json_builder_add_int_value (builder, sync.company_id);
      json_builder_set_member_name (builder, "store");
      json_builder_add_string_value (builder, plumb_store_get_path (sync.store));
      json_builder_set_member_name (builder, "people");
      json_builder_add_int_value (builder, stored_people (&sync));
      json_builder_set_member_name (builder, "high_water");
      json_builder_add_string_value (builder, state->high_water);
      json_builder_set_member_name (builder, "last_full_sync");
      json_builder_add_string_value (builder, full);
      json_builder_set_member_name (builder, "last_reconcile");
      json_builder_add_string_value (builder, reconcile);
      json_builder_set_member_name (builder, "pending");
      json_builder_add_int_value (builder, pending);
      json_builder_set_member_name (builder, "conflicts");
      json_builder_add_int_value (builder, conflicts);
      json_builder_set_member_name (builder, "failed");
      json_builder_add_int_value (builder, failed);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      plumb_cli_print_json (root);
      return 0;
    }

  printf (_("Server:          %s\n"), sync.state->api_url);
  printf (_("Signed in as:    %s\n"), sync.state->login != NULL ? sync.state->login : sync.state->account_key);
  printf (_("Company:         %" G_GINT64_FORMAT "\n"), sync.company_id);
  printf (_("Store:           %s\n"), plumb_store_get_path (sync.store));
  printf (_("People stored:   %u\n"), stored_people (&sync));
  printf (_("Last full load:  %s\n"), full != NULL ? full : _("never"));
  printf (_("Last reconcile:  %s\n"), reconcile != NULL ? reconcile : _("never"));
  printf (_("Changes since:   %s\n"), state->high_water != NULL ? state->high_water : _("never synced"));
  printf (_("Outbox:          %u waiting, %u in conflict, %u refused\n"), pending, conflicts, failed);
  return 0;
}

static gboolean
parse_op_id (const char *text,
             gint64     *id)
{
  return g_ascii_string_to_signed (text[0] == '#' ? text + 1 : text, 10, 1, G_MAXINT64, id, NULL);
}

static int
outbox_resolve (PlumbCliSync  *sync,
                int            argc,
                char         **argv)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  gboolean mine;

  if (argc != 4 || !parse_op_id (argv[1], &id) ||
      (!g_str_equal (argv[3], "mine") && !g_str_equal (argv[3], "server")))
    {
      plumb_cli_error (_("usage: plumb outbox resolve ID FIELD mine|server"));
      return 2;
    }
  mine = g_str_equal (argv[3], "mine");
  plumb_sync_engine_resolve_conflict_async (sync->engine, id, argv[2], mine, NULL, plumb_cli_store_result, &result);
  plumb_cli_wait (&result);
  if (!plumb_sync_engine_resolve_conflict_finish (sync->engine, result, &error))
    return plumb_cli_fail (error);
  printf (mine ? _("Your value of %s will be sent again over the server’s. Run “plumb sync”.\n")
               : _("The server’s value of %s is kept; your edit of it is dropped.\n"), argv[2]);
  return 0;
}

static int
outbox_change (PlumbCliSync  *sync,
               int            argc,
               char         **argv)
{
  g_autoptr(GError) error = NULL;
  gint64 id;
  gboolean retry = g_str_equal (argv[0], "retry");

  if (argc != 2 || !parse_op_id (argv[1], &id))
    {
      plumb_cli_error (_("usage: plumb outbox %s ID"), argv[0]);
      return 2;
    }
  if (retry ? !plumb_outbox_mark_pending (sync->store, id, NULL, &error)
            : !plumb_outbox_discard (sync->store, id, NULL, &error))
    return plumb_cli_fail (error);
  printf (retry ? _("Change #%" G_GINT64_FORMAT " will be tried again at the next sync.\n")
                : _("Change #%" G_GINT64_FORMAT " was removed from the outbox.\n"), id);
  return 0;
}

int
plumb_cli_outbox (PlumbCliOptions  *options,
                  int               argc,
                  char            **argv)
{
  g_auto(PlumbCliSync) sync = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) left = NULL;

  if (argc > 1 && (g_str_equal (argv[1], "resolve") || g_str_equal (argv[1], "retry") ||
                   g_str_equal (argv[1], "discard")))
    {
      if (!plumb_cli_sync_open (options, FALSE, &sync, &error))
        return plumb_cli_fail (error);
      if (g_str_equal (argv[1], "resolve"))
        return outbox_resolve (&sync, argc - 1, argv + 1);
      return outbox_change (&sync, argc - 1, argv + 1);
    }
  if (!plumb_cli_parse_plain (options, argc, argv))
    return 2;
  if (!plumb_cli_sync_open (options, FALSE, &sync, &error))
    return plumb_cli_fail (error);
  left = plumb_cli_sync_left (&sync, &error);
  if (left == NULL)
    return plumb_cli_fail (error);

  if (options->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < left->len; i++)
        json_array_add_element (array, plumb_cli_op_to_json (&sync, g_ptr_array_index (left, i)));
      json_node_take_array (root, array);
      plumb_cli_print_json (root);
      return 0;
    }
  if (left->len == 0)
    printf ("%s\n", _("The outbox is empty: every change is on the server."));
  print_left (&sync, left);
  return 0;
}
