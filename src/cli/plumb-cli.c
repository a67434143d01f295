/* plumb-cli.c: option parsing and command dispatch for `plumb`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "plumb-cli.h"
#include "plumb-environment.h"

static int plumb_cli_environments (PlumbCliOptions *options, int argc, char **argv);

/* Keep sorted by name: `plumb --help` lists them in this order. */
static const PlumbCliCommand commands[] = {
  { "companies", N_("List the companies the account belongs to"), plumb_cli_companies },
  { "environments", N_("List the Procore environments and their addresses"), plumb_cli_environments },
  { "invite", N_("Queue invitations (ID… or --all-not-invited)"), plumb_cli_invite },
  { "login", N_("Sign in to Procore"), plumb_cli_login },
  { "logout", N_("Sign out and forget the sign-in"), plumb_cli_logout },
  { "outbox", N_("List the changes not yet on the server; resolve, retry or discard one"), plumb_cli_outbox },
  { "photo", N_("Check a profile photo, or make it square and 300 × 300"), plumb_cli_photo },
  { "profile", N_("Show your profile; “set FIELD=VALUE…” or “photo FILE” to change it"), plumb_cli_profile },
  { "status", N_("Show what the offline store holds and what waits to be sent"), plumb_cli_status },
  { "sync", N_("Send the outbox, then bring the directory up to date"), plumb_cli_sync },
  { "users", N_("List the company’s people from the store"), plumb_cli_users },
  { "whoami", N_("Show who is signed in"), plumb_cli_whoami },
};

void
plumb_cli_error (const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("plumb: %s\n", message);
}

static int
plumb_cli_environments (PlumbCliOptions  *options,
                        int               argc,
                        char            **argv)
{
  if (argc > 1)
    {
      plumb_cli_error (_("environments takes no arguments"));
      return 2;
    }

  if (options->json)
    {
      printf ("[");
      for (guint i = 0; i < PLUMB_N_ENVIRONMENTS; i++)
        {
          const char *api = plumb_environment_get_api_url (i);
          const char *login = plumb_environment_get_login_url (i);

          printf ("%s{\"name\":\"%s\",\"api_url\":%s%s%s,\"login_url\":%s%s%s}",
                  i ? "," : "", plumb_environment_to_nick (i),
                  api ? "\"" : "", api ? api : "null", api ? "\"" : "",
                  login ? "\"" : "", login ? login : "null", login ? "\"" : "");
        }
      printf ("]\n");
      return 0;
    }

  for (guint i = 0; i < PLUMB_N_ENVIRONMENTS; i++)
    {
      const char *api = plumb_environment_get_api_url (i);

      printf ("%-18s %-20s %s\n", plumb_environment_to_nick (i), plumb_environment_get_title (i),
              api ? api : (i == PLUMB_ENVIRONMENT_CUSTOM ? _("(the URL given with --server)") : _("(started on this computer)")));
    }

  return 0;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: plumb [--server ENV|URL] [--company ID] [--json] [--data-dir DIR] COMMAND [ARGS…]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Environments: embedded-sandbox, production, developer-sandbox, monthly-sandbox, federal, or a URL."));
}

static void
plumb_cli_options_clear (PlumbCliOptions *options)
{
  g_clear_pointer (&options->server, g_free);
  g_clear_pointer (&options->data_dir, g_free);
}

/* Global options stand before the command name; a command's own options after
 * it. Returns the index of the command name, or -1 with an error printed. */
static int
parse_global_options (PlumbCliOptions  *options,
                      int               argc,
                      char            **argv)
{
  int i;

  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = NULL;
      const char *eq;
      g_autofree char *name = NULL;

      if (arg[0] != '-')
        return i;

      eq = strchr (arg, '=');
      name = eq ? g_strndup (arg, eq - arg) : g_strdup (arg);

      if (g_str_equal (name, "--json"))
        {
          options->json = TRUE;
          continue;
        }

      if (g_str_equal (name, "--help") || g_str_equal (name, "-h"))
        {
          print_usage (stdout);
          return 0;
        }

      if (g_str_equal (name, "--version"))
        {
          printf ("plumb %s\n", PACKAGE_VERSION);
          return 0;
        }

      if (!g_str_equal (name, "--server") && !g_str_equal (name, "--company") && !g_str_equal (name, "--data-dir"))
        {
          plumb_cli_error (_("unknown option “%s” (see plumb --help)"), arg);
          return -1;
        }

      if (eq != NULL)
        value = eq + 1;
      else if (i + 1 < argc)
        value = argv[++i];
      else
        {
          plumb_cli_error (_("%s needs a value"), name);
          return -1;
        }

      if (g_str_equal (name, "--server"))
        {
          g_free (options->server);
          options->server = g_strdup (value);
        }
      else if (g_str_equal (name, "--data-dir"))
        {
          g_free (options->data_dir);
          options->data_dir = g_strdup (value);
        }
      else
        {
          char *end = NULL;
          gint64 id = g_ascii_strtoll (value, &end, 10);

          if (end == value || *end != '\0' || id <= 0)
            {
              plumb_cli_error (_("--company takes a company number, not “%s”"), value);
              return -1;
            }
          options->company_id = id;
        }
    }

  plumb_cli_error (_("no command given (see plumb --help)"));
  return -1;
}

int
plumb_cli_main (int    argc,
                char **argv)
{
  PlumbCliOptions options = { 0 };
  int cmd_index;
  int status = 2;

  setlocale (LC_ALL, "");
  /* Standard output carries answers (--json); messages of any level go to
   * standard error. */
  g_log_writer_default_set_use_stderr (TRUE);
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  cmd_index = parse_global_options (&options, argc, argv);
  if (cmd_index <= 0)
    {
      plumb_cli_options_clear (&options);
      return cmd_index == 0 ? 0 : 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, argv[cmd_index]))
        {
          status = commands[i].func (&options, argc - cmd_index, argv + cmd_index);
          plumb_cli_options_clear (&options);
          return status;
        }
    }

  plumb_cli_error (_("unknown command “%s” (see plumb --help)"), argv[cmd_index]);
  plumb_cli_options_clear (&options);
  return 2;
}
