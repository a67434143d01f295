/* bench-client.c: the client's side of the "all users" benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-client fetch URL COMPANY PER_PAGE
 *       signs in to the sandbox at URL (client credentials, memory only),
 *       reads every active user of COMPANY through PlumbSession into a
 *       PlumbUserList (every record checked and kept, the way the sync
 *       engine takes them), walks every record, prints "users=N".
 *   bench-client fetch-objects URL COMPANY PER_PAGE
 *       the same into a GPtrArray of PlumbUser objects.
 *   bench-client measure PROGRAM ARGS...
 *       runs PROGRAM as a child and prints "WALL_SECONDS MAXRSS_KB STATUS"
 *       from wait4(2), so that the client and curl are measured alike.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plumb-account.h"
#include "plumb-api.h"

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

static void
list_users (PlumbSession *session,
            gint64        company_id,
            guint         per_page,
            gboolean      objects,
            GAsyncResult **listed)
{
  if (objects)
    plumb_api_list_users_async (session, company_id, FALSE, NULL, per_page, NULL, store_result, listed);
  else
    plumb_api_list_user_records_async (session, company_id, FALSE, NULL, per_page, NULL, store_result, listed);
  wait_for (listed);
}

/* Every record's id and text, so the list is really there to be used. */
static guint
walk_records (PlumbUserList *list)
{
  guint n = plumb_user_list_get_n_users (list);
  gint64 ids = 0;
  gsize bytes = 0;

  for (guint i = 0; i < n; i++)
    {
      gsize len;

      ids += plumb_user_list_get_id (list, i);
      plumb_user_list_get_json (list, i, &len);
      bytes += len;
    }
  if (g_getenv ("BENCH_CLIENT_PHASES") != NULL)
    g_printerr ("%" G_GINT64_FORMAT " in ids, %" G_GSIZE_FORMAT " bytes of records\n", ids, bytes);
  return ids != 0 && bytes > 0 ? n : 0;
}

static int
fetch (const char *url,
       gint64      company_id,
       guint       per_page,
       gboolean    objects)
{
  g_autoptr(PlumbAccount) account = plumb_account_new (url, NULL, PLUMB_DEMO_CLIENT_ID, FALSE);
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(PlumbUserList) records = NULL;
  PlumbSession *session;
  guint n;
  gint64 started = g_get_monotonic_time ();

  plumb_account_set_company_id (account, company_id);
  plumb_account_sign_in_client_credentials_async (account, PLUMB_DEMO_CLIENT_SECRET, NULL,
                                                  store_result, &signed_in);
  wait_for (&signed_in);
  if (!plumb_account_sign_in_client_credentials_finish (account, signed_in, &error))
    {
      g_printerr ("bench-client: %s\n", error->message);
      return 1;
    }

  if (g_getenv ("BENCH_CLIENT_PHASES") != NULL)
    g_printerr ("signed in after %.3f s\n", (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  session = plumb_account_get_session (account);
  list_users (session, company_id, per_page, objects, &listed);
  if (objects)
    users = plumb_api_list_users_finish (session, listed, &error);
  else
    records = plumb_api_list_user_records_finish (session, listed, &error);
  if (users == NULL && records == NULL)
    {
      g_printerr ("bench-client: %s\n", error->message);
      return 1;
    }
  n = objects ? users->len : walk_records (records);
  if (g_getenv ("BENCH_CLIENT_PHASES") != NULL)
    g_printerr ("listed after %.3f s\n", (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  if (n == 0)
    {
      g_printerr ("bench-client: the list came back empty\n");
      return 1;
    }
  printf ("users=%u\n", n);
  /* An application keeps the list; tearing down 100,000 objects only to
   * exit is not part of fetching them. */
  fflush (stdout);
  _exit (0);
}

static int
measure (char **argv)
{
  struct rusage usage = { 0 };
  gint64 started = g_get_monotonic_time ();
  int status = 0;
  pid_t pid = fork ();

  if (pid < 0)
    {
      perror ("fork");
      return 1;
    }
  if (pid == 0)
    {
      execvp (argv[0], argv);
      perror ("exec");
      _exit (127);
    }
  if (wait4 (pid, &status, 0, &usage) < 0)
    {
      perror ("wait4");
      return 1;
    }
  printf ("%.4f %ld %d\n", (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC,
          usage.ru_maxrss, WIFEXITED (status) ? WEXITSTATUS (status) : 128);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 5 && (g_str_equal (argv[1], "fetch") || g_str_equal (argv[1], "fetch-objects")))
    return fetch (argv[2], g_ascii_strtoll (argv[3], NULL, 10), (guint) g_ascii_strtoull (argv[4], NULL, 10),
                  g_str_equal (argv[1], "fetch-objects"));
  if (argc >= 3 && g_str_equal (argv[1], "measure"))
    return measure (argv + 2);

  g_printerr ("usage: bench-client fetch|fetch-objects URL COMPANY PER_PAGE | measure PROGRAM ARGS...\n");
  return 2;
}
