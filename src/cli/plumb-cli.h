/* plumb-cli.h: the command line face of Plumbline's core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Options common to every command, parsed before the command name. */
typedef struct
{
  char     *server;     /* --server ENV|URL: an environment nick or a base URL */
  gint64    company_id; /* --company ID, 0 when not given */
  gboolean  json;       /* --json */
  char     *data_dir;   /* --data-dir DIR: a store other than the default */
} PlumbCliOptions;

/* A command gets its own arguments (argv[0] is the command name) and returns
 * the process exit status. It prints errors with plumb_cli_error(). */
typedef int (*PlumbCliCommandFunc) (PlumbCliOptions  *options,
                                    int               argc,
                                    char            **argv);

typedef struct
{
  const char          *name;
  const char          *summary;
  PlumbCliCommandFunc  func;
} PlumbCliCommand;

int   plumb_cli_main  (int          argc,
                       char       **argv);
void  plumb_cli_error (const char  *format,
                       ...) G_GNUC_PRINTF (1, 2);

/* One prototype per command; each lives in its own plumb-cli-*.c file. */
int   plumb_cli_companies (PlumbCliOptions  *options,
                           int               argc,
                           char            **argv);
int   plumb_cli_login     (PlumbCliOptions  *options,
                           int               argc,
                           char            **argv);
int   plumb_cli_logout    (PlumbCliOptions  *options,
                           int               argc,
                           char            **argv);
int   plumb_cli_whoami    (PlumbCliOptions  *options,
                           int               argc,
                           char            **argv);
int   plumb_cli_photo (PlumbCliOptions  *options,
                       int               argc,
                       char            **argv);
int   plumb_cli_sync      (PlumbCliOptions  *options,
                           int               argc,
                           char            **argv);
int   plumb_cli_status    (PlumbCliOptions  *options,
                           int               argc,
                           char            **argv);
int   plumb_cli_outbox    (PlumbCliOptions  *options,
                           int               argc,
                           char            **argv);
int   plumb_cli_users     (PlumbCliOptions  *options,
                           int               argc,
                           char            **argv);
int   plumb_cli_invite    (PlumbCliOptions  *options,
                           int               argc,
                           char            **argv);
int   plumb_cli_profile   (PlumbCliOptions  *options,
                           int               argc,
                           char            **argv);

G_END_DECLS
