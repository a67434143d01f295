/* plumb-test-procs.h: the sandbox and `plumb` as separate programs, for
 * the tests that kill and restart them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The programs come from PLUMB_SANDBOX_PROGRAM and PLUMB_CLI_PROGRAM; `plumb`
 * runs with its own data folder against company 5001 of the sandbox.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "plumb-test-dirs.h"

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  char        *state;
  char        *data;
  char        *url;
  guint        port;
  GSubprocess *sandbox;
} PlumbTestProcs;

const char  *plumb_test_program               (const char          *variable);
GSubprocess *plumb_test_launch                (GSubprocessFlags     flags,
                                               const char * const  *argv);
void         plumb_test_procs_init            (PlumbTestProcs      *c,
                                               const char          *template);
void         plumb_test_procs_clear           (PlumbTestProcs      *c);
void         plumb_test_procs_start_sandbox   (PlumbTestProcs      *c);
void         plumb_test_procs_kill_sandbox    (PlumbTestProcs      *c);
GSubprocess *plumb_test_procs_spawn_plumb     (PlumbTestProcs      *c,
                                               const char         **args,
                                               gboolean             capture);
int          plumb_test_procs_run_plumb       (PlumbTestProcs      *c,
                                               char               **output,
                                               const char          *first,
                                               ...) G_GNUC_NULL_TERMINATED;
gboolean     plumb_test_procs_sync_and_kill   (PlumbTestProcs      *c,
                                               guint                delay_ms);
JsonNode    *plumb_test_parse                 (const char          *text);
JsonNode    *plumb_test_http_get              (SoupSession         *session,
                                               const char          *url,
                                               const char          *token);
char        *plumb_test_service_token         (SoupSession         *session,
                                               const char          *url);
void         plumb_test_post_json             (SoupSession         *session,
                                               const char          *url,
                                               const char          *json);

G_END_DECLS
