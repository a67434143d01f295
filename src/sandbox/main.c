/* main.c: plumbline-sandbox, the embedded Procore sandbox as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "plumb-sandbox.h"
#include "plumb-sandbox-private.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  int port = 0;
  int users = 0;
  gint64 seed = 1;
  g_autofree char *state_file = NULL;
  int rate_limit = 0;
  int token_lifetime = 5400;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Port to listen on (0 picks a free one)"), N_("PORT") },
    { "users", 'u', 0, G_OPTION_ARG_INT, &users, N_("Generate Northwind Builders with N active people (and N/50 inactive ones) instead of the demo company"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the generated data"), N_("SEED") },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_file, N_("Keep the data in this file across restarts"), N_("FILE") },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit, N_("Requests allowed per 10 seconds (0 = no limit)"), N_("N") },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &token_lifetime, N_("Lifetime of access tokens"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Serves a Procore-compatible API with demo data on 127.0.0.1."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || users < 0 || seed < 0 || rate_limit < 0 || token_lifetime < 1)
    {
      g_printerr ("%s\n", _("The port must be between 0 and 65535, counts and the seed zero or more, "
                             "and the token lifetime at least one second."));
      return 2;
    }

  sandbox = plumb_sandbox_new ();
  g_object_set (sandbox,
                "users", (guint) users,
                "seed", (guint64) seed,
                "state-file", state_file,
                "rate-limit", (guint) rate_limit,
                "token-lifetime", (guint) token_lifetime,
                NULL);
  if (!plumb_sandbox_start (sandbox, (guint) port, &error))
    {
      g_printerr (_("Could not start the sandbox: %s\n"), error->message);
      return 1;
    }

  /* Scripts wait for this exact line, so it is not translated. */
  printf ("Listening on %s\n", plumb_sandbox_get_url (sandbox));
  printf (_("OAuth application: client id %s, client secret %s\n"),
          PLUMB_SANDBOX_DEMO_CLIENT_ID, PLUMB_SANDBOX_DEMO_CLIENT_SECRET);
  printf (_("Sign in at %s/oauth/authorize as one of:\n"), plumb_sandbox_get_url (sandbox));
  for (guint i = 0; i < PLUMB_SANDBOX_N_DEMO_PEOPLE; i++)
    {
      const char *email, *name, *description;

      plumb_sandbox_demo_person (i, &email, &name, &description);
      printf ("  %-34s %-14s %s\n", email, name, description);
    }
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  plumb_sandbox_stop (sandbox);
  return 0;
}
