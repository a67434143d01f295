/* sandbox-test.h: a plain HTTP client for the sandbox tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests talk to the sandbox the way any client would, with a bare
 * SoupSession. The server answers from its own thread, so the synchronous
 * calls here simply wait for it.
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "plumb-sandbox.h"

G_BEGIN_DECLS

#define DEMO_CLIENT_ID "plumbline-demo"
#define DEMO_CLIENT_SECRET "plumbline-demo-secret"
#define OOB "urn:ietf:wg:oauth:2.0:oob"
#define ADMIN_EMAIL "alex.morgan@northwind.example"
#define SAM_EMAIL "sam.rivera@northwind.example"
#define JORDAN_EMAIL "jordan.lee@northwind.example"
#define RILEY_EMAIL "riley.chen@northwind.example"
#define CASEY_EMAIL "casey.brooks@northwind.example"
#define NORTHWIND "5001"
#define HARBOR "5002"

typedef struct
{
  PlumbSandbox *sandbox;
  SoupSession  *session;
  char         *url;
} TestServer;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  char               *text;
  JsonNode           *json;     /* NULL when the body is not JSON */
  GError             *error;    /* transport errors */
} Reply;

TestServer *test_server_new      (const char *first_property,
                                  ...) G_GNUC_NULL_TERMINATED;
void        test_server_free     (TestServer *ts);
Reply      *test_request         (TestServer *ts,
                                  const char *method,
                                  const char *path,
                                  const char *token,
                                  const char *company,
                                  const char *content_type,
                                  const char *body);
Reply      *test_send            (TestServer  *ts,
                                  SoupMessage *msg);
void        reply_free           (Reply      *reply);
const char *reply_header         (Reply      *reply,
                                  const char *name);
JsonObject *reply_object         (Reply      *reply);
JsonArray  *reply_array          (Reply      *reply);
char       *test_authorize_code  (TestServer *ts,
                                  const char *email);
char       *test_sign_in         (TestServer *ts,
                                  const char *email,
                                  char      **refresh_token);
char       *test_service_token   (TestServer *ts);
Reply      *test_token_call      (TestServer *ts,
                                  const char *form);
JsonObject *test_find_user       (TestServer *ts,
                                  const char *token,
                                  const char *company,
                                  const char *email);
void        test_advance_days    (TestServer *ts,
                                  int         days);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)

G_END_DECLS
