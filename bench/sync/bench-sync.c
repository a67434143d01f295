/* bench-sync.c: the sync engine's side of the sync benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-sync full URL COMPANY STORE
 *       signs in to the sandbox at URL (client credentials, memory only) and
 *       runs one sync of COMPANY into a new store at STORE: the first, full
 *       load. Prints "people=N".
 *   bench-sync delta URL COMPANY STORE N
 *       changes N people of COMPANY on the server, then times one sync of the
 *       store a full load made: a delta. Prints "SECONDS people=N".
 *   bench-sync measure PROGRAM ARGS...
 *       runs PROGRAM as a child and prints "WALL_SECONDS MAXRSS_KB STATUS"
 *       from wait4(2), so the engine and curl are measured alike.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "plumb-account.h"
#include "plumb-store.h"
#include "plumb-sync-engine.h"

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static PlumbAccount *
sign_in (const char *url,
         gint64      company_id)
{
  g_autoptr(PlumbAccount) account = plumb_account_new (url, NULL, PLUMB_DEMO_CLIENT_ID, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  plumb_account_set_company_id (account, company_id);
  plumb_account_sign_in_client_credentials_async (account, PLUMB_DEMO_CLIENT_SECRET, NULL,
                                                  store_result, &result);
  wait_for (&result);
  if (!plumb_account_sign_in_client_credentials_finish (account, result, &error))
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return NULL;
    }
  return g_steal_pointer (&account);
}

static gboolean
run_sync (PlumbAccount *account,
          PlumbStore   *store,
          gint64        company_id)
{
  g_autoptr(PlumbSyncEngine) engine = plumb_sync_engine_new (account, store, company_id);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  plumb_sync_engine_sync_now_async (engine, NULL, store_result, &result);
  wait_for (&result);
  if (!plumb_sync_engine_sync_now_finish (engine, result, &error))
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

static guint
count_people (PlumbStore *store,
              gint64      company_id)
{
  g_autoptr(GArray) ids = plumb_store_list_user_ids (store, company_id, NULL, NULL);

  return ids != NULL ? ids->len : 0;
}

static int
full (const char *url,
      gint64      company_id,
      const char *path)
{
  g_autoptr(PlumbAccount) account = sign_in (url, company_id);
  g_autoptr(PlumbStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (account == NULL)
    return 1;
  store = plumb_store_open (path, NULL, &error);
  if (store == NULL)
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return 1;
    }
  if (!run_sync (account, store, company_id))
    return 1;
  printf ("people=%u\n", count_people (store, company_id));
  return 0;
}

/* Changes @n people through the API, as the service account (an Admin). */
static gboolean
change_people (PlumbAccount *account,
               PlumbStore   *store,
               gint64        company_id,
               guint         n)
{
  PlumbSession *session = plumb_account_get_session (account);
  g_autoptr(GArray) ids = plumb_store_list_user_ids (store, company_id, NULL, NULL);
  g_autofree char *title = g_strdup_printf ("Benchmarked %" G_GINT64_FORMAT, g_get_real_time ());
  guint step;

  if (ids == NULL || ids->len < n)
    return FALSE;
  step = ids->len / n;
  for (guint i = 0; i < n; i++)
    {
      gint64 id = g_array_index (ids, gint64, i * step);
      g_autofree char *path = g_strdup_printf ("/rest/v1.3/companies/%" G_GINT64_FORMAT "/users/%" G_GINT64_FORMAT,
                                               company_id, id);
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = NULL;

      json_object_set_string_member (fields, "job_title", title);
      body = plumb_session_wrap_body ("user", fields);
      plumb_session_call_async (session, "PATCH", path, company_id, body, PLUMB_REQUEST_IDEMPOTENT, NULL,
                                store_result, &result);
      wait_for (&result);
      answer = plumb_session_call_finish (session, result, NULL, &error);
      if (answer == NULL)
        {
          g_printerr ("bench-sync: %s\n", error->message);
          return FALSE;
        }
    }
  return TRUE;
}

static int
delta (const char *url,
       gint64      company_id,
       const char *path,
       guint       n)
{
  g_autoptr(PlumbAccount) account = sign_in (url, company_id);
  g_autoptr(PlumbStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;
  double seconds;

  if (account == NULL)
    return 1;
  store = plumb_store_open (path, NULL, &error);
  if (store == NULL)
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return 1;
    }
  if (!change_people (account, store, company_id, n))
    return 1;
  started = g_get_monotonic_time ();
  if (!run_sync (account, store, company_id))
    return 1;
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  printf ("%.4f people=%u\n", seconds, count_people (store, company_id));
  return 0;
}

static int
measure (char **argv)
{
  gint64 started = g_get_monotonic_time ();
  struct rusage usage = { 0 };
  int status = 0;
  pid_t pid = fork ();

  if (pid < 0)
    return 1;
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);

      dup2 (null, STDOUT_FILENO);
      execvp (argv[0], argv);
      _exit (127);
    }
  if (wait4 (pid, &status, 0, &usage) < 0)
    return 1;
  printf ("%.4f %ld %d\n", (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC, usage.ru_maxrss,
          WIFEXITED (status) ? WEXITSTATUS (status) : 128);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 5 && g_str_equal (argv[1], "full"))
    return full (argv[2], g_ascii_strtoll (argv[3], NULL, 10), argv[4]);
  if (argc >= 6 && g_str_equal (argv[1], "delta"))
    return delta (argv[2], g_ascii_strtoll (argv[3], NULL, 10), argv[4], (guint) g_ascii_strtoull (argv[5], NULL, 10));
  if (argc >= 3 && g_str_equal (argv[1], "measure"))
    return measure (argv + 2);
  g_printerr ("usage: bench-sync full URL COMPANY STORE | delta URL COMPANY STORE N | measure PROGRAM ARGS...\n");
  return 2;
}
