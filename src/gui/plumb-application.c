/* plumb-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "plumb-api.h"
#include "plumb-application-private.h"
#include "plumb-company.h"
#include "plumb-demo-sign-in.h"
#include "plumb-error.h"
#include "plumb-preferences-window.h"
#include "plumb-sandbox.h"
#include "plumb-window.h"


G_DEFINE_FINAL_TYPE (PlumbApplication, plumb_application, ADW_TYPE_APPLICATION)

static void skip_restore (PlumbApplication *self);

GParamSpec *plumb_application_properties[N_PROPS];
guint plumb_application_signals[N_SIGNALS];
#define properties plumb_application_properties

PlumbApplication *
plumb_application_new (void)
{
  return g_object_new (PLUMB_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/plumbline/Plumbline",
                       NULL);
}

GSettings *
plumb_application_get_settings (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), NULL);

  return self->settings;
}

PlumbAccount *
plumb_application_get_account (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), NULL);

  return self->account;
}

PlumbEnvironment
plumb_application_get_environment (PlumbApplication *self)
{
  g_autofree char *nick = g_settings_get_string (self->settings, "environment");
  PlumbEnvironment env = PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX;

  plumb_environment_from_nick (nick, &env);

  return env;
}

const char *
plumb_application_get_environment_title (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), NULL);

  return plumb_environment_get_title (plumb_application_get_environment (self));
}

const char *
plumb_application_get_sandbox_url (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), NULL);

  return self->sandbox ? plumb_sandbox_get_url (self->sandbox) : NULL;
}

const char *
plumb_application_get_client_id (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), NULL);

  g_free (self->client_id);
  self->client_id = g_settings_get_string (self->settings, "client-id");

  return self->client_id;
}

GListModel *
plumb_application_get_companies (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), NULL);

  return G_LIST_MODEL (self->companies);
}

gint64
plumb_application_get_company_id (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), 0);

  return self->company_id;
}

const char *
plumb_application_get_company_name (PlumbApplication *self)
{
  guint n;

  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->companies));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlumbCompany) company = g_list_model_get_item (G_LIST_MODEL (self->companies), i);

      if (plumb_company_get_id (company) == self->company_id)
        return plumb_company_get_name (company);
    }

  return NULL;
}

void
plumb_application_set_company_id (PlumbApplication *self,
                                  gint64            company_id)
{
  g_return_if_fail (PLUMB_IS_APPLICATION (self));

  if (self->company_id == company_id)
    return;

  self->company_id = company_id;
  if (self->account != NULL)
    plumb_account_set_company_id (self->account, company_id);
  if (company_id > 0)
    g_settings_set_int64 (self->settings, "last-company", company_id);
  plumb_application_install_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPANY_ID]);
}

/* The company shown is the one chosen last time, if the account still
 * belongs to it, or else the first. */
static void
companies_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PlumbApplication) self = user_data;
  g_autoptr(GListStore) companies = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last = g_settings_get_int64 (self->settings, "last-company");
  gint64 chosen = 0;
  guint n;

  companies = plumb_api_list_companies_finish (PLUMB_SESSION (object), result, &error);
  if (companies == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not list the companies: %s", error->message);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (companies));
  g_list_store_remove_all (self->companies);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlumbCompany) company = g_list_model_get_item (G_LIST_MODEL (companies), i);

      g_list_store_append (self->companies, company);
      if (chosen == 0 || plumb_company_get_id (company) == last)
        chosen = plumb_company_get_id (company);
    }

  plumb_application_set_company_id (self, chosen);
}

static void
load_companies (PlumbApplication *self)
{
  g_cancellable_cancel (self->account_cancellable);
  g_clear_object (&self->account_cancellable);
  g_list_store_remove_all (self->companies);
  plumb_application_set_company_id (self, 0);

  if (self->account == NULL)
    return;

  self->account_cancellable = g_cancellable_new ();
  plumb_api_list_companies_async (plumb_account_get_session (self->account), 0,
                                  self->account_cancellable, companies_cb, g_object_ref (self));
}

static void
set_account (PlumbApplication *self,
             PlumbAccount     *account,
             PlumbEnvironment  env)
{
  if (!g_set_object (&self->account, account))
    return;

  g_settings_delay (self->settings);
  if (account != NULL)
    {
      const char *key = plumb_account_get_account_key (account);

      g_settings_set_string (self->settings, "account-key", key ? key : "");
      g_settings_set_string (self->settings, "account-environment", plumb_environment_to_nick (env));
    }
  else
    {
      g_settings_set_string (self->settings, "account-key", "");
      g_settings_set_string (self->settings, "account-environment", "");
    }
  g_settings_apply (self->settings);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "sign-out")),
                               account != NULL);
  load_companies (self);
  if (account != NULL)
    plumb_application_open_store (self);
  else
    plumb_application_close_store (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

/* The embedded sandbox keeps the demo company's changes between runs, so an
 * invitation sent yesterday is still sent today. Starting it reads that file,
 * so it happens in a worker thread. */
static void
start_sandbox_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  PlumbSandbox *sandbox = task_data;
  g_autofree char *state = NULL;
  GError *error = NULL;

  g_object_get (sandbox, "state-file", &state, NULL);
  if (state != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (state);

      g_mkdir_with_parents (dir, 0700);
    }
  if (!plumb_sandbox_start (sandbox, 0, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
plumb_application_set_sandbox_people (PlumbApplication *self,
                                      guint             n)
{
  g_return_if_fail (PLUMB_IS_APPLICATION (self));

  self->sandbox_people = n;
}

static PlumbSandbox *
create_sandbox (guint people)
{
  g_autofree char *state = g_build_filename (g_get_user_data_dir (), "plumbline", "sandbox", "state.json", NULL);
  PlumbSandbox *sandbox;

  sandbox = plumb_sandbox_new ();
  /* A generated company is made again from its seed: it keeps no state. */
  if (people > 0)
    g_object_set (sandbox, "users", people, NULL);
  else
    g_object_set (sandbox, "state-file", state, NULL);

  return sandbox;
}

static void
ensure_sandbox_async (PlumbApplication    *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ensure_sandbox_async);

  if (self->sandbox != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->sandbox = create_sandbox (self->sandbox_people);
  g_task_set_task_data (task, g_object_ref (self->sandbox), g_object_unref);
  g_task_run_in_thread (task, start_sandbox_thread);
}

static gboolean
ensure_sandbox_finish (PlumbApplication  *self,
                       GAsyncResult      *result,
                       GError           **error)
{
  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      g_clear_object (&self->sandbox);
      return FALSE;
    }

  return TRUE;
}

static void
demo_load_user_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbApplication *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!plumb_account_load_user_finish (PLUMB_ACCOUNT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  set_account (self, PLUMB_ACCOUNT (object), PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX);
  g_task_return_boolean (task, TRUE);
}

static void
demo_sign_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!plumb_demo_sign_in_finish (PLUMB_ACCOUNT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  plumb_account_load_user_async (PLUMB_ACCOUNT (object), g_task_get_cancellable (task),
                                 demo_load_user_cb, g_object_ref (task));
}

static void
explore_sandbox_started_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbApplication *self = PLUMB_APPLICATION (object);
  g_autoptr(PlumbAccount) account = NULL;
  GError *error = NULL;
  const char *url;

  if (!ensure_sandbox_finish (self, result, &error))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("The sandbox could not start: %s"), error->message);
      g_clear_error (&error);
      return;
    }

  url = plumb_sandbox_get_url (self->sandbox);
  account = plumb_account_new (url, url, PLUMB_DEMO_CLIENT_ID, FALSE);
  plumb_demo_sign_in_async (account, PLUMB_DEMO_CLIENT_SECRET, g_task_get_task_data (task),
                            g_task_get_cancellable (task), demo_sign_in_cb, g_object_ref (task));
}

/* Signs in to the embedded sandbox as one of its demo people. */
void
plumb_application_explore_sandbox_as_async (PlumbApplication    *self,
                                            const char          *login,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLUMB_IS_APPLICATION (self));
  g_return_if_fail (login != NULL);

  /* A sign-in asked for now wins over the last run's, restored after the
   * first frame. */
  skip_restore (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_application_explore_sandbox_async);
  g_task_set_task_data (task, g_strdup (login), g_free);

  ensure_sandbox_async (self, cancellable, explore_sandbox_started_cb, g_steal_pointer (&task));
}

void
plumb_application_explore_sandbox_async (PlumbApplication    *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  plumb_application_explore_sandbox_as_async (self, PLUMB_DEMO_ADMIN_LOGIN, cancellable, callback, user_data);
}

gboolean
plumb_application_explore_sandbox_finish (PlumbApplication  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char *client_id;
  char *client_secret;
} BeginData;

static void
begin_data_free (BeginData *data)
{
  g_free (data->client_id);
  if (data->client_secret != NULL)
    memset (data->client_secret, 0, strlen (data->client_secret));
  g_free (data->client_secret);
  g_free (data);
}

static void
begin_sign_in_with_urls (GTask      *task,
                         const char *api_url,
                         const char *login_url)
{
  PlumbApplication *self = g_task_get_source_object (task);
  BeginData *data = g_task_get_task_data (task);
  g_autoptr(PlumbAccount) account = NULL;
  GError *error = NULL;
  char *url;

  /* The embedded sandbox's tokens live in memory; real ones in the keyring. */
  account = plumb_account_new (api_url, login_url, data->client_id, !plumb_url_is_loopback (api_url));
  url = plumb_account_begin_authorization (account, data->client_secret, NULL, &error);
  if (url == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_settings_set_string (self->settings, "client-id", data->client_id);
  g_set_object (&self->pending_account, account);
  g_task_return_pointer (task, url, g_free);
}

static void
begin_sandbox_started_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbApplication *self = PLUMB_APPLICATION (object);
  GError *error = NULL;

  if (!ensure_sandbox_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  begin_sign_in_with_urls (task, plumb_sandbox_get_url (self->sandbox), plumb_sandbox_get_url (self->sandbox));
}

void
plumb_application_begin_sign_in_async (PlumbApplication    *self,
                                       const char          *client_id,
                                       const char          *client_secret,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *custom = NULL;
  g_autoptr(GError) error = NULL;
  PlumbEnvironment env;
  BeginData *data;

  g_return_if_fail (PLUMB_IS_APPLICATION (self));

  skip_restore (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_application_begin_sign_in_async);

  data = g_new0 (BeginData, 1);
  data->client_id = g_strstrip (g_strdup (client_id ? client_id : ""));
  data->client_secret = g_strstrip (g_strdup (client_secret ? client_secret : ""));
  g_task_set_task_data (task, data, (GDestroyNotify) begin_data_free);

  if (*data->client_id == '\0' || *data->client_secret == '\0')
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                               _("Enter both the client ID and the client secret of your Procore app"));
      return;
    }

  env = plumb_application_get_environment (self);
  switch (env)
    {
    case PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX:
      ensure_sandbox_async (self, cancellable, begin_sandbox_started_cb, g_steal_pointer (&task));
      return;

    case PLUMB_ENVIRONMENT_CUSTOM:
      custom = g_settings_get_string (self->settings, "custom-url");
      {
        g_autofree char *url = plumb_validate_base_url (custom, &error);

        if (url == NULL)
          {
            g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                                     _("The custom server address in Preferences is not usable: %s"),
                                     error->message);
            return;
          }
        begin_sign_in_with_urls (task, url, url);
      }
      return;

    case PLUMB_ENVIRONMENT_PRODUCTION:
    case PLUMB_ENVIRONMENT_DEVELOPER_SANDBOX:
    case PLUMB_ENVIRONMENT_MONTHLY_SANDBOX:
    case PLUMB_ENVIRONMENT_FEDERAL:
    case PLUMB_N_ENVIRONMENTS:
    default:
      begin_sign_in_with_urls (task, plumb_environment_get_api_url (env), plumb_environment_get_login_url (env));
      return;
    }
}

char *
plumb_application_begin_sign_in_finish (PlumbApplication  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
finish_load_user_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbApplication *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!plumb_account_load_user_finish (PLUMB_ACCOUNT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->pending_account == PLUMB_ACCOUNT (object))
    g_clear_object (&self->pending_account);
  set_account (self, PLUMB_ACCOUNT (object), plumb_application_get_environment (self));
  g_task_return_boolean (task, TRUE);
}

static void
finish_authorization_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!plumb_account_finish_authorization_finish (PLUMB_ACCOUNT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  plumb_account_load_user_async (PLUMB_ACCOUNT (object), g_task_get_cancellable (task),
                                 finish_load_user_cb, g_object_ref (task));
}

void
plumb_application_finish_sign_in_async (PlumbApplication    *self,
                                        const char          *pasted,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLUMB_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_application_finish_sign_in_async);

  if (self->pending_account == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                               _("Open Procore’s sign-in page first, then paste the code it shows"));
      return;
    }

  plumb_account_finish_authorization_async (self->pending_account, pasted, cancellable,
                                            finish_authorization_cb, g_steal_pointer (&task));
}

gboolean
plumb_application_finish_sign_in_finish (PlumbApplication  *self,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* From the first window until the last run's sign-in is back, or could not
 * be: meanwhile the window shows that, not the welcome page. */
static void
set_restoring (PlumbApplication *self,
               gboolean          restoring,
               const char       *error)
{
  if (error != NULL)
    {
      g_free (self->restore_error);
      self->restore_error = g_strdup (error);
    }
  if (self->restoring == restoring)
    return;
  self->restoring = restoring;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESTORING]);
}

gboolean
plumb_application_get_restoring (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), FALSE);

  return self->restoring;
}

/* Why the last run's sign-in could not be restored, or NULL */
const char *
plumb_application_get_restore_error (PlumbApplication *self)
{
  g_return_val_if_fail (PLUMB_IS_APPLICATION (self), NULL);

  return self->restore_error;
}

static void
restore_explore_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PlumbApplication *self = PLUMB_APPLICATION (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!plumb_application_explore_sandbox_finish (self, result, &error))
    {
      g_warning ("Could not reopen the embedded sandbox: %s", error->message);
      /* Translators: %s says why */
      message = g_strdup_printf (_("The embedded sandbox could not be opened again: %s"), error->message);
    }
  set_restoring (self, FALSE, message);
}

static void
restore_load_user_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PlumbApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *nick = g_settings_get_string (self->settings, "account-environment");
  PlumbEnvironment env = PLUMB_ENVIRONMENT_PRODUCTION;

  /* Offline, the account is still ours: the store shows what it has. */
  if (!plumb_account_load_user_finish (PLUMB_ACCOUNT (object), result, &error) &&
      !g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_NETWORK))
    {
      g_autofree char *message = NULL;

      g_message ("The saved sign-in is no longer valid: %s", error->message);
      /* Translators: %s says why */
      message = g_strdup_printf (_("Sign in again: Procore no longer accepts the saved sign-in (%s)"), error->message);
      set_restoring (self, FALSE, message);
      return;
    }

  plumb_environment_from_nick (nick, &env);
  set_account (self, PLUMB_ACCOUNT (object), env);
  set_restoring (self, FALSE, NULL);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PlumbApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!plumb_account_restore_finish (PLUMB_ACCOUNT (object), result, &error))
    {
      g_autofree char *message = NULL;

      g_message ("No saved sign-in to restore: %s", error->message);
      /* Translators: %s says why */
      message = g_strdup_printf (_("Sign in again: the saved sign-in could not be read from the keyring (%s)"),
                                 error->message);
      set_restoring (self, FALSE, message);
      return;
    }

  plumb_account_load_user_async (PLUMB_ACCOUNT (object), NULL, restore_load_user_cb, g_object_ref (self));
}

/* The demo sandbox signs in again by itself; a real account comes back from
 * the keyring, if the last run saved one for a known environment. */
static gboolean
has_saved_sign_in (PlumbApplication *self,
                   PlumbEnvironment *env_out)
{
  g_autofree char *nick = g_settings_get_string (self->settings, "account-environment");
  g_autofree char *key = g_settings_get_string (self->settings, "account-key");
  PlumbEnvironment env;

  if (self->start_on_sandbox || g_strcmp0 (nick, "embedded-sandbox") == 0)
    env = PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX;
  else if (*key == '\0' || !plumb_environment_from_nick (nick, &env) || env == PLUMB_ENVIRONMENT_CUSTOM)
    return FALSE;

  if (env_out != NULL)
    *env_out = env;
  return TRUE;
}

/* A sign-in asked for before the last run's was restored replaces it. */
static void
skip_restore (PlumbApplication *self)
{
  if (self->restored)
    return;
  self->restored = TRUE;
  set_restoring (self, FALSE, NULL);
}

/* Picks up where the last run left off. */
static void
restore_account (PlumbApplication *self)
{
  g_autofree char *key = g_settings_get_string (self->settings, "account-key");
  g_autofree char *client_id = g_settings_get_string (self->settings, "client-id");
  g_autoptr(PlumbAccount) account = NULL;
  PlumbEnvironment env;

  if (self->restored)
    return;
  self->restored = TRUE;

  if (!has_saved_sign_in (self, &env))
    {
      set_restoring (self, FALSE, NULL);
      return;
    }

  if (env == PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX)
    {
      plumb_application_explore_sandbox_async (self, NULL, restore_explore_cb, NULL);
      return;
    }

  account = plumb_account_new (plumb_environment_get_api_url (env), plumb_environment_get_login_url (env),
                               client_id, TRUE);
  plumb_account_restore_async (account, key, NULL, restore_cb, g_object_ref (self));
}

static void
restore_after_paint_cb (GdkFrameClock *clock,
                        gpointer       user_data)
{
  PlumbApplication *self = user_data;

  g_signal_handlers_disconnect_by_func (clock, restore_after_paint_cb, self);
  g_clear_handle_id (&self->restore_timeout_id, g_source_remove);
  restore_account (self);
}

static gboolean
restore_timeout_cb (gpointer user_data)
{
  PlumbApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  self->restore_timeout_id = 0;
  if (window != NULL && gtk_widget_get_frame_clock (GTK_WIDGET (window)) != NULL)
    g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (GTK_WIDGET (window)),
                                          restore_after_paint_cb, self);
  restore_account (self);
  return G_SOURCE_REMOVE;
}

/* Restoring the account starts work (the embedded sandbox generating its
 * company, the keyring, the store) that would compete with the window for the
 * processor; the window draws first. A window that is never drawn (hidden,
 * or no compositor frames) still gets its account after a moment. */
static void
restore_account_after_first_frame (PlumbApplication *self,
                                   GtkWindow        *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  if (self->restored || self->restore_timeout_id != 0)
    return;
  if (clock == NULL)
    {
      restore_account (self);
      return;
    }
  g_signal_connect (clock, "after-paint", G_CALLBACK (restore_after_paint_cb), self);
  self->restore_timeout_id = g_timeout_add (500, restore_timeout_cb, self);
}

/* PLUMB_REPORT_FIRST_FRAME=1 (benchmarks): print the monotonic time of the
 * first frame painted, "first_frame_us N", and quit. */
static void
first_frame_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  PlumbApplication *self = user_data;

  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  g_print ("first_frame_us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_application_quit (G_APPLICATION (self));
}

static void
plumb_application_activate (GApplication *app)
{
  PlumbApplication *self = PLUMB_APPLICATION (app);
  GtkWindow *window;
  gboolean report = FALSE;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      if (!self->restored && has_saved_sign_in (self, NULL))
        set_restoring (self, TRUE, NULL);
      window = GTK_WINDOW (plumb_window_new (self));
      report = g_strcmp0 (g_getenv ("PLUMB_REPORT_FIRST_FRAME"), "1") == 0;
    }

  gtk_window_present (window);
  if (report)
    g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                      G_CALLBACK (first_frame_cb), self);
  restore_account_after_first_frame (self, window);
}

static int
plumb_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  PlumbApplication *self = PLUMB_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("plumbline %s\n", PACKAGE_VERSION);
      return 0;
    }

  self->start_on_sandbox = g_variant_dict_contains (options, "sandbox");
  {
    gint32 people = 0;

    if (g_variant_dict_lookup (options, "sandbox-people", "i", &people) && people > 0)
      {
        self->sandbox_people = people;
        self->start_on_sandbox = TRUE;
      }
  }

  return G_APPLICATION_CLASS (plumb_application_parent_class)->handle_local_options (app, options);
}

static void
plumb_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  PlumbApplication *self = user_data;
  static const char *developers[] = { "The Plumbline developers", NULL };
  GtkWindow *window;
  GtkWidget *about;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "modal", TRUE,
                        "application-name", _("Plumbline"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Plumbline developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", PACKAGE_WEBSITE,
                        "issue-url", PACKAGE_ISSUES,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Plumbline developers",
                        "comments", _("Your company directory, profile and certifications from Procore, on the desktop and offline"),
                        "translator-credits", _("translator-credits"),
                        NULL);

  gtk_window_present (GTK_WINDOW (about));
}

static void
plumb_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  PlumbApplication *self = user_data;
  GtkWindow *window;
  PlumbPreferencesWindow *prefs;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  prefs = plumb_preferences_window_new (self->settings);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), window);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PlumbApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Revoking needs the network; forgetting the tokens here does not, and
   * happens either way. */
  if (!plumb_account_sign_out_finish (PLUMB_ACCOUNT (object), result, &error))
    g_message ("The server was not told of the sign-out: %s", error->message);
}

static void
plumb_application_sign_out_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  PlumbApplication *self = user_data;
  g_autoptr(PlumbAccount) account = NULL;

  if (self->account == NULL)
    return;

  account = g_object_ref (self->account);
  set_account (self, NULL, PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX);
  plumb_account_sign_out_async (account, NULL, sign_out_cb, g_object_ref (self));
}

static void
plumb_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  PlumbApplication *self = user_data;
  GList *windows;

  /* Closing each window lets it save its state first. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "about", plumb_application_about_action },
  { "preferences", plumb_application_preferences_action },
  { "sign-out", plumb_application_sign_out_action },
  { "sync-now", plumb_application_sync_now_action },
  { "quit", plumb_application_quit_action },
};

/* The display's icon theme is read in a worker while libadwaita parses its
 * stylesheet, the longest step of starting. Left alone, the window's first
 * icon reads it on the main thread: GTK begins an early read in a thread when
 * the theme is created, but libadwaita then adds the resource path of its
 * icons, and adding a path discards what was read. libadwaita sets
 * GtkSettings:gtk-theme-name after adding that path and before loading its
 * stylesheet, so a read started then is the last one. GTK's early read runs
 * the same way in a worker; the icon theme locks itself for each lookup.
 * bench/app measures the difference (about 20 ms before the first frame on
 * the machine this was written on). */
static void
read_icon_theme_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  gtk_icon_theme_has_icon (task_data, "open-menu-symbolic");
  g_task_return_boolean (task, TRUE);
}

static void
read_icon_theme (PlumbApplication *self)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GTask) task = NULL;

  if (self->icon_theme_read || display == NULL)
    return;
  self->icon_theme_read = TRUE;
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, g_object_ref (gtk_icon_theme_get_for_display (display)), g_object_unref);
  g_task_run_in_thread (task, read_icon_theme_thread);
}

static void
theme_name_set_cb (GtkSettings      *settings,
                   GParamSpec       *pspec,
                   PlumbApplication *self)
{
  g_signal_handlers_disconnect_by_func (settings, theme_name_set_cb, self);
  read_icon_theme (self);
}

static void
plumb_application_startup (GApplication *app)
{
  PlumbApplication *self = PLUMB_APPLICATION (app);

  gtk_init ();
  g_signal_connect (gtk_settings_get_default (), "notify::gtk-theme-name", G_CALLBACK (theme_name_set_cb), self);
  G_APPLICATION_CLASS (plumb_application_parent_class)->startup (app);
  /* Without libadwaita's theme (GTK_THEME set), read it now. */
  g_signal_handlers_disconnect_by_func (gtk_settings_get_default (), theme_name_set_cb, self);
  read_icon_theme (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "sign-out")), FALSE);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", (const char *[]) { "<Control>w", NULL });
}

static void
plumb_application_shutdown (GApplication *app)
{
  PlumbApplication *self = PLUMB_APPLICATION (app);

  if (self->sandbox != NULL)
    plumb_sandbox_stop (self->sandbox);

  G_APPLICATION_CLASS (plumb_application_parent_class)->shutdown (app);
}

static void
plumb_application_dispose (GObject *object)
{
  PlumbApplication *self = PLUMB_APPLICATION (object);

  g_clear_handle_id (&self->restore_timeout_id, g_source_remove);
  g_cancellable_cancel (self->account_cancellable);
  g_clear_object (&self->account_cancellable);
  plumb_application_close_store (self);
  g_clear_pointer (&self->pending_invites, g_array_unref);
  g_clear_pointer (&self->clock_offsets, g_hash_table_unref);
  g_clear_object (&self->account);
  g_clear_object (&self->pending_account);
  g_clear_object (&self->companies);
  if (self->sandbox != NULL)
    plumb_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->settings);
  g_clear_object (&self->network_monitor);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->restore_error, g_free);

  G_OBJECT_CLASS (plumb_application_parent_class)->dispose (object);
}

static void
plumb_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlumbApplication *self = PLUMB_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_COMPANY_ID:
      g_value_set_int64 (value, self->company_id);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_PERMISSIONS:
      g_value_set_object (value, self->permissions);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, plumb_application_get_online (self));
      break;

    case PROP_SYNC_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_RESTORING:
      g_value_set_boolean (value, self->restoring);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_application_class_init (PlumbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = plumb_application_dispose;
  object_class->get_property = plumb_application_get_property;

  app_class->activate = plumb_application_activate;
  app_class->startup = plumb_application_startup;
  app_class->shutdown = plumb_application_shutdown;
  app_class->handle_local_options = plumb_application_handle_local_options;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         PLUMB_TYPE_ACCOUNT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COMPANY_ID] =
    g_param_spec_int64 ("company-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PLUMB_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PERMISSIONS] =
    g_param_spec_object ("permissions", NULL, NULL, PLUMB_TYPE_PERMISSIONS,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SYNC_ENGINE] =
    g_param_spec_object ("sync-engine", NULL, NULL, PLUMB_TYPE_SYNC_ENGINE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RESTORING] =
    g_param_spec_boolean ("restoring", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After each sync that changed what the store holds for the company. */
  plumb_application_signals[DIRECTORY_CHANGED] =
    g_signal_new ("directory-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
plumb_application_init (PlumbApplication *self)
{
  static const GOptionEntry options[] = {
    { "sandbox", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start on the embedded sandbox, signed in as its demo admin"), NULL },
    { "sandbox-people", 0, 0, G_OPTION_ARG_INT, NULL,
      N_("Like --sandbox, with a generated company of N people"), N_("N") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->settings = g_settings_new ("io.github.plumbline.Plumbline");
  self->companies = g_list_store_new (PLUMB_TYPE_COMPANY);
  self->pending_invites = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->clock_offsets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}
