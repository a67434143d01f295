/* plumb-api.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-api.h"
#include "plumb-error.h"
#include "plumb-user-list-private.h"
#include "plumb-user-private.h"

static void
return_bad_response (GTask *task)
{
  g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("Procore sent an answer of an unexpected kind."));
}

static void
companies_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = plumb_session_call_finish (PLUMB_SESSION (source), result, NULL, &error);
  g_autoptr(GListStore) store = NULL;
  JsonArray *array;

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      return_bad_response (task);
      return;
    }
  array = json_node_get_array (node);
  store = g_list_store_new (PLUMB_TYPE_COMPANY);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(PlumbCompany) company = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      company = plumb_company_new_from_json (json_node_get_object (element));
      if (company != NULL)
        g_list_store_append (store, company);
    }
  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

void
plumb_api_list_companies_async (PlumbSession        *session,
                                gint64               company_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);

  g_task_set_source_tag (task, plumb_api_list_companies_async);
  plumb_session_call_async (session, "GET", "/rest/v1.0/companies", company_id, NULL,
                            PLUMB_REQUEST_DEFAULT, cancellable, companies_cb, task);
}

GListStore *
plumb_api_list_companies_finish (PlumbSession  *session,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
permissions_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = plumb_session_call_finish (PLUMB_SESSION (source), result, NULL, &error);
  gint64 company_id = *(gint64 *) g_task_get_task_data (task);

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      return_bad_response (task);
      return;
    }
  g_task_return_pointer (task, plumb_permissions_new_from_json (company_id, node), g_object_unref);
}

void
plumb_api_get_permissions_async (PlumbSession        *session,
                                 gint64               company_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  g_autofree char *path = g_strdup_printf ("/rest/v1.0/settings/permissions?company_id=%" G_GINT64_FORMAT,
                                           company_id);

  g_task_set_source_tag (task, plumb_api_get_permissions_async);
  g_task_set_task_data (task, g_memdup2 (&company_id, sizeof company_id), g_free);
  plumb_session_call_async (session, "GET", path, company_id, NULL,
                            PLUMB_REQUEST_DEFAULT, cancellable, permissions_cb, task);
}

PlumbPermissions *
plumb_api_get_permissions_finish (PlumbSession  *session,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
read_users (const char  *data,
            gsize        len,
            GPtrArray   *items,
            gpointer     user_data,
            GError     **error)
{
  return plumb_user_read_list (data, len, items, error);
}

static void
users_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *users = plumb_session_fetch_all_finish (PLUMB_SESSION (source), result, &error);

  if (users == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, users, (GDestroyNotify) g_ptr_array_unref);
}

void
plumb_api_list_users_async (PlumbSession        *session,
                            gint64               company_id,
                            gboolean             inactive,
                            const char          *query,
                            guint                per_page,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  g_autofree char *path = g_strdup_printf ("/rest/v1.3/companies/%" G_GINT64_FORMAT "/users%s",
                                           company_id, inactive ? "/inactive" : "");

  g_task_set_source_tag (task, plumb_api_list_users_async);
  plumb_session_fetch_pages_async (session, path, query, company_id,
                                   per_page > 0 ? per_page : PLUMB_USERS_PER_PAGE,
                                   read_users, NULL, NULL, g_object_unref,
                                   cancellable, users_cb, task);
}

GPtrArray *
plumb_api_list_users_finish (PlumbSession  *session,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
read_user_records (const char  *data,
                   gsize        len,
                   GPtrArray   *items,
                   gpointer     user_data,
                   GError     **error)
{
  GArray *records = plumb_user_list_read_page (user_data, data, len, error);

  if (records == NULL)
    return FALSE;
  g_ptr_array_add (items, records);
  return TRUE;
}

static void
user_records_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbUserList *list = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GPtrArray) pages = plumb_session_fetch_all_finish (PLUMB_SESSION (source), result, &error);

  if (pages == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < pages->len; i++)
    plumb_user_list_add_page (list, g_ptr_array_index (pages, i));
  g_task_return_pointer (task, g_object_ref (list), g_object_unref);
}

void
plumb_api_list_user_records_async (PlumbSession        *session,
                                   gint64               company_id,
                                   gboolean             inactive,
                                   const char          *query,
                                   guint                per_page,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  PlumbUserList *list = plumb_user_list_new ();
  g_autofree char *path = g_strdup_printf ("/rest/v1.3/companies/%" G_GINT64_FORMAT "/users%s",
                                           company_id, inactive ? "/inactive" : "");

  g_task_set_source_tag (task, plumb_api_list_user_records_async);
  g_task_set_task_data (task, list, g_object_unref);
  plumb_session_fetch_pages_async (session, path, query, company_id,
                                   per_page > 0 ? per_page : PLUMB_USERS_PER_PAGE,
                                   read_user_records, g_object_ref (list), g_object_unref,
                                   (GDestroyNotify) g_array_unref,
                                   cancellable, user_records_cb, task);
}

PlumbUserList *
plumb_api_list_user_records_finish (PlumbSession  *session,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
user_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = plumb_session_call_finish (PLUMB_SESSION (source), result, NULL, &error);

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      return_bad_response (task);
      return;
    }
  g_task_return_pointer (task, plumb_user_new_from_json (json_node_get_object (node)), g_object_unref);
}

static char *
user_path (gint64      company_id,
           gint64      user_id,
           const char *suffix)
{
  return g_strdup_printf ("/rest/v1.3/companies/%" G_GINT64_FORMAT "/users/%" G_GINT64_FORMAT "%s",
                          company_id, user_id, suffix);
}

void
plumb_api_get_user_async (PlumbSession        *session,
                          gint64               company_id,
                          gint64               user_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  g_autofree char *path = user_path (company_id, user_id, "");

  g_task_set_source_tag (task, plumb_api_get_user_async);
  plumb_session_call_async (session, "GET", path, company_id, NULL,
                            PLUMB_REQUEST_DEFAULT, cancellable, user_cb, task);
}

PlumbUser *
plumb_api_get_user_finish (PlumbSession  *session,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
plumb_api_update_user_async (PlumbSession        *session,
                             gint64               company_id,
                             gint64               user_id,
                             JsonObject          *changes,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  g_autofree char *path = user_path (company_id, user_id, "");
  g_autoptr(JsonNode) body = plumb_session_wrap_body ("user", changes);

  g_task_set_source_tag (task, plumb_api_update_user_async);
  plumb_session_call_async (session, "PATCH", path, company_id, body,
                            PLUMB_REQUEST_DEFAULT, cancellable, user_cb, task);
}

PlumbUser *
plumb_api_update_user_finish (PlumbSession  *session,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
invite_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = plumb_session_call_finish (PLUMB_SESSION (source), result, NULL, &error);

  if (node == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
plumb_api_invite_user_async (PlumbSession        *session,
                             gint64               company_id,
                             gint64               user_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  g_autofree char *path = user_path (company_id, user_id, "/invite");

  g_task_set_source_tag (task, plumb_api_invite_user_async);
  plumb_session_call_async (session, "PATCH", path, company_id, NULL,
                            PLUMB_REQUEST_DEFAULT, cancellable, invite_cb, task);
}

gboolean
plumb_api_invite_user_finish (PlumbSession  *session,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
