/* client-test.h: an in-process sandbox and a way to wait for the client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "plumb-account.h"
#include "plumb-user-list.h"
#include "plumb-sandbox.h"

G_BEGIN_DECLS

#define ADMIN_EMAIL  "alex.morgan@northwind.example"
#define SAM_EMAIL    "sam.rivera@northwind.example"
#define JORDAN_EMAIL "jordan.lee@northwind.example"
#define RILEY_EMAIL  "riley.chen@northwind.example"
#define CASEY_EMAIL  "casey.brooks@northwind.example"
#define NORTHWIND    ((gint64) 5001)
#define HARBOR       ((gint64) 5002)

typedef struct
{
  PlumbSandbox *sandbox;
  SoupSession  *control;    /* synchronous, for /_sandbox/ and raw checks */
  char         *url;
} Fixture;

void          fixture_start          (Fixture      *fixture,
                                      guint         users,
                                      guint         token_lifetime);
void          fixture_stop           (Fixture      *fixture);
JsonNode     *fixture_request        (Fixture      *fixture,
                                      const char   *method,
                                      const char   *path,
                                      const char   *token,
                                      gint64        company_id,
                                      const char   *json_body,
                                      guint        *status);
void          fixture_set_faults     (Fixture      *fixture,
                                      const char   *json);
void          fixture_clear_faults   (Fixture      *fixture);
char         *fixture_approve        (Fixture      *fixture,
                                      const char   *authorize_url);
PlumbAccount *fixture_sign_in_service (Fixture     *fixture,
                                       gboolean     use_keyring);
PlumbAccount *fixture_sign_in_person  (Fixture     *fixture,
                                       const char  *email);
char         *fixture_current_token  (PlumbAccount *account);

/* Runs the default main context until *result is set; fails the test after
 * a generous timeout instead of hanging. */
void          wait_for_result        (GAsyncResult **result);
void          store_result           (GObject       *source,
                                      GAsyncResult  *result,
                                      gpointer       user_data);

/* A server on another loopback host (127.0.0.2 is not 127.0.0.1). */
typedef struct
{
  SoupServer *server;
  char       *url;
  guint       hits;
  char       *authorization;   /* what the last request carried */
  char       *location;        /* where to send requests on, or NULL */
} Peer;

void          peer_start             (Peer         *peer,
                                      const char   *host);
void          peer_stop              (Peer         *peer);

/* The company's people, listed as a caller does while faults are on. */
GPtrArray      *fixture_list_users_complete   (PlumbSession *session,
                                               gint64        company_id,
                                               guint         per_page);
PlumbUserList  *fixture_list_records_complete (PlumbSession *session,
                                               gint64        company_id,
                                               guint         per_page);

G_END_DECLS
