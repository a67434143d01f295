/* plumb-sync-push.c: the outbox to the server, in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each operation is marked in flight before its request leaves. When no
 * clear answer comes back (a dropped connection, a 5xx, a garbled body) it
 * stays in flight and the round ends; the next round starts by finding out
 * what happened to it. Edits and photos just go again: setting the same
 * values twice is harmless. An invitation is only sent again when the
 * server's welcome_email_sent_at shows it was not, since each one mails a
 * person.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-error.h"
#include "plumb-permissions.h"
#include "plumb-sync-private.h"

/* welcome_email_sent_at and queued_at are whole seconds, and the clock
 * offset is known to a second at best. */
#define INVITE_CLOCK_MARGIN 1

typedef enum
{
  OUTCOME_DONE,
  OUTCOME_REFUSED,     /* marked failed for good; the next operation may go */
  OUTCOME_STOP,        /* left in flight or pending; the round ends with `error` */
} Outcome;

static JsonObject *
payload_object (PlumbOutboxOp *op,
                const char    *name)
{
  JsonNode *node = op->payload != NULL ? json_object_get_member (op->payload, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* With G_MESSAGES_DEBUG: what the outbox still holds when nothing more can
 * go, and why each waits. */
static void
log_waiting (PlumbSyncRun *run)
{
  g_autoptr(GPtrArray) ops = NULL;

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    return;
  ops = plumb_outbox_list (run->store, FALSE, NULL, NULL);
  g_debug ("sync %p: nothing more to send; %u waiting", (gpointer) run->engine, ops != NULL ? ops->len : 0);
  for (guint i = 0; ops != NULL && i < ops->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (ops, i);

      g_debug ("  operation %" G_GINT64_FORMAT " (kind %d, company %" G_GINT64_FORMAT ", person %" G_GINT64_FORMAT
               "): %s, next try %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")",
               op->id, op->kind, op->company_id, op->user_id, plumb_outbox_state_to_string (op->state),
               op->next_try, run->now_for_queue);
    }
}

/* The sentence kept with an operation the server refused. */
static char *
refusal_text (PlumbSyncRun  *run,
              PlumbOutboxOp *op,
              const GError  *error)
{
  if (g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN))
    {
      g_autoptr(JsonNode) stored = NULL;
      g_autoptr(PlumbPermissions) permissions = NULL;
      JsonObject *fields = payload_object (op, "fields");
      gboolean can_invite = FALSE;
      char *sentence;

      stored = plumb_store_get_permissions (run->store, op->company_id, &can_invite, NULL, NULL);
      if (stored != NULL)
        {
          permissions = plumb_permissions_new_from_json (op->company_id, stored);
          if (op->kind == PLUMB_OUTBOX_INVITE || op->kind == PLUMB_OUTBOX_CREATE_USER ||
              (fields != NULL && json_object_has_member (fields, "email_address")))
            {
              sentence = plumb_permissions_dup_missing_sentence (permissions, op->kind == PLUMB_OUTBOX_EDIT_USER);
              if (sentence != NULL)
                return sentence;
            }
        }
    }
  if (g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_NOT_FOUND))
    return g_strdup (_("This person is no longer in the company’s directory."));
  return g_strdup (error->message);
}

/* Decides what an error means for the operation in flight. */
static Outcome
settle_error (PlumbSyncRun   *run,
              PlumbOutboxOp  *op,
              GError        **error_inout,
              GError        **error)
{
  GError *failure = *error_inout;

  if (g_error_matches (failure, PLUMB_ERROR, PLUMB_ERROR_VALIDATION) ||
      g_error_matches (failure, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN) ||
      g_error_matches (failure, PLUMB_ERROR, PLUMB_ERROR_NOT_FOUND) ||
      g_error_matches (failure, PLUMB_ERROR, PLUMB_ERROR_CONFLICT) ||
      g_error_matches (failure, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT))
    {
      g_autofree char *text = refusal_text (run, op, failure);

      if (!plumb_outbox_mark_failed (run->store, op->id, text, TRUE,
                                     g_get_real_time () / G_USEC_PER_SEC, NULL, error))
        return OUTCOME_STOP;
      run->refused++;
      g_clear_error (error_inout);
      return OUTCOME_REFUSED;
    }

  /* No clear answer, cancelled or signed out: the operation stays in
   * flight, and the next round finds out what became of it. */
  g_propagate_error (error, g_steal_pointer (error_inout));
  return OUTCOME_STOP;
}

static void
keep_answer (PlumbSyncRun  *run,
             PlumbOutboxOp *op,
             JsonNode      *user)
{
  g_autoptr(GError) error = NULL;

  if (user == NULL || !JSON_NODE_HOLDS_OBJECT (user))
    return;
  if (!plumb_sync_store_user (run, op->company_id, user, &error))
    g_debug ("keeping the answer for operation %" G_GINT64_FORMAT " failed: %s", op->id, error->message);
  if (run->own_user_id != 0 && op->user_id == run->own_user_id && op->company_id == run->company_id)
    plumb_store_put_own_record (run->store, op->company_id, json_node_get_object (user),
                                json_node_get_object (user), NULL, NULL);
}

static JsonNode *
get_user (PlumbSyncRun   *run,
          gint64          company_id,
          gint64          user_id,
          GError        **error)
{
  g_autofree char *path = plumb_sync_user_path (company_id, user_id, NULL);
  JsonNode *node = plumb_sync_http_json (run, "GET", path, company_id, NULL, PLUMB_REQUEST_DEFAULT, error);

  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    {
      json_node_unref (node);
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("Procore sent an answer that could not be read. Try again."));
      return NULL;
    }
  return node;
}

static Outcome
push_edit (PlumbSyncRun   *run,
           PlumbOutboxOp  *op,
           GError        **error)
{
  JsonObject *fields = payload_object (op, "fields");
  JsonObject *base = payload_object (op, "base");
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(JsonNode) server = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) clean = NULL;
  g_autoptr(GError) failure = NULL;

  /* No ETag: the server's record now, against the edit's base, says which
   * fields changed under the edit. */
  server = get_user (run, op->company_id, op->user_id, &failure);
  if (!plumb_outbox_mark_in_flight (run->store, op->id, NULL, error))
    return OUTCOME_STOP;
  if (server == NULL)
    return settle_error (run, op, &failure, error);

  conflicts = plumb_conflicts_detect (fields != NULL ? fields : empty, base != NULL ? base : empty,
                                      json_node_get_object (server), &clean);

  if (clean != NULL && clean->len > 0)
    {
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *path = plumb_sync_user_path (op->company_id, op->user_id, NULL);

      for (guint i = 0; i < clean->len; i++)
        {
          const char *name = g_ptr_array_index (clean, i);

          json_object_set_member (changes, name, json_node_copy (json_object_get_member (fields, name)));
        }
      body = plumb_session_wrap_body ("user", changes);
      /* Setting the same values again does no harm, so the session may
       * repeat it after a dropped connection. */
      answer = plumb_sync_http_json (run, "PATCH", path, op->company_id, body,
                                     PLUMB_REQUEST_IDEMPOTENT, &failure);
      if (answer == NULL)
        return settle_error (run, op, &failure, error);
      keep_answer (run, op, answer);
    }
  else
    keep_answer (run, op, server);

  if (conflicts->len > 0)
    {
      if (!plumb_outbox_mark_conflict (run->store, op->id, conflicts, NULL, error))
        return OUTCOME_STOP;
      return OUTCOME_REFUSED;
    }
  if (!plumb_outbox_mark_done (run->store, op->id, NULL, error))
    return OUTCOME_STOP;
  return OUTCOME_DONE;
}

static Outcome
push_photo (PlumbSyncRun   *run,
            PlumbOutboxOp  *op,
            GError        **error)
{
  const char *content_type = json_object_get_string_member_with_default (op->payload, "content_type", "image/jpeg");
  const char *filename = json_object_get_string_member_with_default (op->payload, "filename", "avatar.jpg");
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(PlumbResponse) response = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *path = plumb_sync_user_path (op->company_id, op->user_id, NULL);
  g_autofree char *type = NULL;
  GHashTable *params = NULL;

  if (op->photo == NULL)
    {
      g_set_error_literal (&failure, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("The photo to upload is missing. Choose it again."));
      if (!plumb_outbox_mark_in_flight (run->store, op->id, NULL, error))
        return OUTCOME_STOP;
      return settle_error (run, op, &failure, error);
    }

  soup_multipart_append_form_file (multipart, "user[avatar]", filename, content_type, op->photo);
  soup_multipart_to_message (multipart, headers, &body);
  {
    const char *base_type = soup_message_headers_get_content_type (headers, &params);

    type = g_strdup_printf ("%s; boundary=\"%s\"", base_type,
                            params != NULL ? (const char *) g_hash_table_lookup (params, "boundary") : "");
    g_clear_pointer (&params, g_hash_table_unref);
  }

  if (!plumb_outbox_mark_in_flight (run->store, op->id, NULL, error))
    return OUTCOME_STOP;
  response = plumb_sync_http_wait (run,
                                   plumb_sync_http_start (run, "PATCH", path, op->company_id, body, type,
                                                          PLUMB_REQUEST_IDEMPOTENT),
                                   &failure);
  if (response == NULL)
    return settle_error (run, op, &failure, error);
  answer = plumb_sync_parse (response->body, NULL);
  keep_answer (run, op, answer);
  if (!plumb_outbox_mark_done (run->store, op->id, NULL, error))
    return OUTCOME_STOP;
  return OUTCOME_DONE;
}

static Outcome
push_invite (PlumbSyncRun   *run,
             PlumbOutboxOp  *op,
             GError        **error)
{
  g_autofree char *path = plumb_sync_user_path (op->company_id, op->user_id, "/invite");
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) failure = NULL;

  if (!plumb_outbox_mark_in_flight (run->store, op->id, NULL, error))
    return OUTCOME_STOP;
  /* Never repeated by the session: a lost answer leaves it in flight. */
  answer = plumb_sync_http_json (run, "PATCH", path, op->company_id, NULL, PLUMB_REQUEST_ONCE, &failure);
  if (answer == NULL)
    return settle_error (run, op, &failure, error);
  keep_answer (run, op, answer);
  if (!plumb_outbox_mark_done (run->store, op->id, NULL, error))
    return OUTCOME_STOP;
  return OUTCOME_DONE;
}

static Outcome
push_create (PlumbSyncRun   *run,
             PlumbOutboxOp  *op,
             GError        **error)
{
  JsonObject *user = payload_object (op, "user");
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(JsonNode) body = plumb_session_wrap_body ("user", user != NULL ? user : empty);
  g_autofree char *path = g_strdup_printf ("/rest/v1.3/companies/%" G_GINT64_FORMAT "/users", op->company_id);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) failure = NULL;

  if (!plumb_outbox_mark_in_flight (run->store, op->id, NULL, error))
    return OUTCOME_STOP;
  answer = plumb_sync_http_json (run, "POST", path, op->company_id, body, PLUMB_REQUEST_ONCE, &failure);
  if (answer == NULL)
    return settle_error (run, op, &failure, error);
  keep_answer (run, op, answer);

  /* "Add and invite": the invitation needs the id the server gave, so it is
   * queued now, durably, and goes out later in this same push. */
  if (op->payload != NULL && json_object_has_member (op->payload, "invite") &&
      json_object_get_boolean_member (op->payload, "invite") &&
      JSON_NODE_HOLDS_OBJECT (answer) && json_object_has_member (json_node_get_object (answer), "id"))
    {
      gint64 new_id = json_object_get_int_member (json_node_get_object (answer), "id");
      g_autoptr(JsonObject) invite = json_object_new ();

      if (plumb_outbox_enqueue (run->store, PLUMB_OUTBOX_INVITE, op->company_id, new_id, invite, NULL,
                                run->clock_offset, NULL, error) <= 0)
        return OUTCOME_STOP;
    }

  if (!plumb_outbox_mark_done (run->store, op->id, NULL, error))
    return OUTCOME_STOP;
  return OUTCOME_DONE;
}

gboolean
plumb_sync_push (PlumbSyncRun  *run,
                 GError       **error)
{
  for (;;)
    {
      g_autoptr(PlumbOutboxOp) op = NULL;
      Outcome outcome;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      op = plumb_outbox_next_runnable (run->store, run->now_for_queue, NULL, error);
      if (op == NULL)
        {
          log_waiting (run);
          return error == NULL || *error == NULL;
        }

      switch (op->kind)
        {
        case PLUMB_OUTBOX_EDIT_USER:
          outcome = push_edit (run, op, error);
          break;
        case PLUMB_OUTBOX_PHOTO:
          outcome = push_photo (run, op, error);
          break;
        case PLUMB_OUTBOX_INVITE:
          outcome = push_invite (run, op, error);
          break;
        case PLUMB_OUTBOX_CREATE_USER:
        default:
          outcome = push_create (run, op, error);
          break;
        }
      g_debug ("outbox operation %" G_GINT64_FORMAT " (kind %d, person %" G_GINT64_FORMAT "): %s",
               op->id, op->kind, op->user_id,
               outcome == OUTCOME_DONE ? "done" : outcome == OUTCOME_REFUSED ? "refused" : "stopped the round");
      if (outcome == OUTCOME_STOP)
        return FALSE;
      if (outcome == OUTCOME_DONE)
        run->pushed++;
    }
}

/* A create-user in flight went through if the email is now listed. */
static gboolean
created_user_exists (PlumbSyncRun   *run,
                     PlumbOutboxOp  *op,
                     gboolean       *exists,
                     gint64         *new_id,
                     GError        **error)
{
  JsonObject *user = payload_object (op, "user");
  const char *email = user != NULL ? json_object_get_string_member_with_default (user, "email_address", NULL) : NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) list = NULL;

  *exists = FALSE;
  if (email == NULL)
    return TRUE;
  escaped = g_uri_escape_string (email, NULL, FALSE);
  path = g_strdup_printf ("/rest/v1.3/companies/%" G_GINT64_FORMAT "/users?filters%%5Bsearch%%5D=%s",
                          op->company_id, escaped);
  list = plumb_sync_http_json (run, "GET", path, op->company_id, NULL, PLUMB_REQUEST_DEFAULT, error);
  if (list == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (list))
    {
      JsonArray *array = json_node_get_array (list);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element) &&
              g_ascii_strcasecmp (email, json_object_get_string_member_with_default (
                                    json_node_get_object (element), "email_address", "")) == 0)
            {
              plumb_sync_store_user (run, op->company_id, element, NULL);
              *exists = TRUE;
              *new_id = json_object_get_int_member_with_default (json_node_get_object (element), "id", 0);
            }
        }
    }
  return TRUE;
}

/* "Add and invite" whose creation went through before a crash: the
 * invitation is queued unless it was before the crash. */
static gboolean
queue_follow_up_invite (PlumbSyncRun   *run,
                        PlumbOutboxOp  *op,
                        gint64          new_id,
                        GError        **error)
{
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(JsonObject) invite = NULL;

  if (op->payload == NULL || !json_object_get_boolean_member_with_default (op->payload, "invite", FALSE))
    return TRUE;
  ops = plumb_outbox_list (run->store, TRUE, NULL, error);
  if (ops == NULL)
    return FALSE;
  for (guint i = 0; i < ops->len; i++)
    {
      PlumbOutboxOp *other = g_ptr_array_index (ops, i);

      if (other->kind == PLUMB_OUTBOX_INVITE && other->user_id == new_id && other->company_id == op->company_id)
        return TRUE;
    }
  invite = json_object_new ();
  return plumb_outbox_enqueue (run->store, PLUMB_OUTBOX_INVITE, op->company_id, new_id, invite, NULL,
                               run->clock_offset, NULL, error) > 0;
}

gboolean
plumb_sync_recover (PlumbSyncRun  *run,
                    GError       **error)
{
  g_autoptr(GPtrArray) ops = plumb_outbox_recover_in_flight (run->store, NULL, error);

  if (ops == NULL)
    return FALSE;

  for (guint i = 0; i < ops->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (ops, i);
      gboolean applied = FALSE;

      if (op->kind == PLUMB_OUTBOX_INVITE)
        {
          g_autoptr(GError) failure = NULL;
          g_autoptr(JsonNode) user = get_user (run, op->company_id, op->user_id, &failure);

          if (user == NULL)
            {
              if (!plumb_sync_error_is_transient (failure) &&
                  !g_error_matches (failure, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN) &&
                  !g_error_matches (failure, PLUMB_ERROR, PLUMB_ERROR_UNAUTHORIZED) &&
                  !g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                {
                  /* Gone or forbidden: it cannot be sent any more. */
                  if (settle_error (run, op, &failure, error) == OUTCOME_STOP)
                    return FALSE;
                  continue;
                }
              g_propagate_error (error, g_steal_pointer (&failure));
              return FALSE;
            }
          applied = plumb_outbox_invitation_was_sent (
            op->queued_at - INVITE_CLOCK_MARGIN,
            json_object_get_string_member_with_default (json_node_get_object (user), "welcome_email_sent_at", NULL));
          if (applied)
            keep_answer (run, op, user);
          g_debug ("invitation %" G_GINT64_FORMAT " in flight was %s", op->id, applied ? "sent" : "not sent");
        }
      else if (op->kind == PLUMB_OUTBOX_CREATE_USER)
        {
          gint64 new_id = 0;

          if (!created_user_exists (run, op, &applied, &new_id, error))
            return FALSE;
          if (applied && new_id > 0 && !queue_follow_up_invite (run, op, new_id, error))
            return FALSE;
        }

      if (applied ? !plumb_outbox_mark_done (run->store, op->id, NULL, error)
                  : !plumb_outbox_mark_pending (run->store, op->id, NULL, error))
        return FALSE;
      if (applied)
        run->pushed++;
    }
  return TRUE;
}
