/* plumb-sandbox-private.h: the server state shared by the sandbox's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is touched from the server thread only: the route
 * handlers, the modules' hooks and the timers all run in the server's own
 * GMainContext, so none of it needs a lock.
 *
 * Adding a part to the server (the certification portal, say) takes one
 * PlumbSandboxModule in its own file and one line in the module table of
 * plumb-sandbox-server.c: its setup hook registers routes with
 * plumb_sandbox_state_add_route() and keeps its data with
 * plumb_sandbox_state_set_module_data(); reset, save, load and clock_moved
 * keep it in step with POST /_sandbox/reset, the state file and the clock.
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "plumb-sandbox.h"

G_BEGIN_DECLS

#define PLUMB_SANDBOX_DEMO_CLIENT_ID      "plumbline-demo"
#define PLUMB_SANDBOX_DEMO_CLIENT_SECRET  "plumbline-demo-secret"
#define PLUMB_SANDBOX_NORTHWIND_ID        ((gint64) 5001)
#define PLUMB_SANDBOX_HARBOR_ID           ((gint64) 5002)
#define PLUMB_SANDBOX_SERVICE_ACCOUNT_ID  ((gint64) 10099)
#define PLUMB_SANDBOX_N_DEMO_PEOPLE       5
#define PLUMB_SANDBOX_CODE_LIFETIME       (10 * 60)
#define PLUMB_SANDBOX_MAIL_FROM           "no-reply@procoretech.com"

/* Procore's names for the Directory tool and its granular permission; they
 * are not confirmed by public documentation, so they live here only. */
#define PLUMB_SANDBOX_TOOL_DIRECTORY      "Directory"
#define PLUMB_SANDBOX_ACTION_CREATE_USERS "Create and Edit Users (Based on Assignable Permissions Templates)"

typedef struct _PlumbSandboxState PlumbSandboxState;

typedef enum
{
  PLUMB_SANDBOX_ACCESS_NONE,
  PLUMB_SANDBOX_ACCESS_READ_ONLY,
  PLUMB_SANDBOX_ACCESS_STANDARD,
  PLUMB_SANDBOX_ACCESS_ADMIN,
} PlumbSandboxAccess;

typedef enum
{
  PLUMB_SANDBOX_AVATAR_NONE,
  PLUMB_SANDBOX_AVATAR_GENERATED,
  PLUMB_SANDBOX_AVATAR_UPLOADED,
} PlumbSandboxAvatarKind;

typedef enum
{
  PLUMB_SANDBOX_SORT_ID,
  PLUMB_SANDBOX_SORT_NAME,
  PLUMB_SANDBOX_SORT_EMAIL,
  PLUMB_SANDBOX_SORT_JOB_TITLE,
  PLUMB_SANDBOX_SORT_UPDATED_AT,
  PLUMB_SANDBOX_SORT_CREATED_AT,
  PLUMB_SANDBOX_N_SORTS,
} PlumbSandboxSort;

typedef struct
{
  gint64  id;
  char   *name;
} PlumbSandboxRef;

/* One person's record in one company's directory. Ids are shared across
 * companies for the same person (the demo people, the service account). */
typedef struct
{
  gint64  id;
  gint64  company_id;
  char   *first_name;
  char   *last_name;
  char   *initials;
  char   *job_title;
  char   *address;
  char   *city;
  char   *zip;
  char   *state_code;
  char   *country_code;
  char   *email_address;
  char   *business_phone;
  gint64  business_phone_extension;     /* -1 = null */
  char   *mobile_phone;
  char   *fax_number;
  char   *employee_id;
  char   *role;
  gboolean is_active;
  gboolean is_employee;
  gint64  created_at;                   /* Unix seconds, 0 = null */
  gint64  updated_at;
  gint64  last_login_at;
  gint64  welcome_email_sent_at;
  gint64  last_activated_at;
  gint64  permission_template_id;       /* 0 = null */
  gint64  company_permission_template_id;
  gint64  vendor_id;
  PlumbSandboxAccess directory_access;
  gboolean can_create_users;
  guint   followups_sent;               /* one bit per follow-up stage */
  PlumbSandboxAvatarKind avatar_kind;
  guint   avatar_rev;
  GBytes *avatar_bytes;                 /* uploaded ones only */
  char   *avatar_type;
  gboolean dirty;                       /* differs from the seeded record */
  guint   slot;                         /* index in its company's users array */

  /* Caches, dropped by plumb_sandbox_user_touch() */
  char   *json;
  char   *search_key;
  char   *sort_name;
  char   *sort_email;
  char   *sort_title;
} PlumbSandboxUser;

typedef struct
{
  gint64      id;
  char       *name;
  GPtrArray  *users;              /* PlumbSandboxUser*, owned */
  GHashTable *by_id;              /* gint64* -> PlumbSandboxUser* */
  GHashTable *by_email;           /* casefolded email -> PlumbSandboxUser* */
  GPtrArray  *vendors;            /* PlumbSandboxRef*, owned */
  GPtrArray  *templates;
  GPtrArray  *company_templates;
  gint64      next_user_id;
  /* [sort][is_active] ascending indexes, built on demand, dropped on change */
  GPtrArray  *sorted[PLUMB_SANDBOX_N_SORTS][2];
} PlumbSandboxCompany;

typedef struct
{
  gint64  id;
  char   *from;
  char   *to;
  char   *subject;
  char   *body;
  char   *kind;
  gint64  sent_at;
  gint64  user_id;
  gint64  company_id;
} PlumbSandboxMail;

/* A token is kept only as the SHA-256 of its text, so neither memory dumps
 * nor the state file hold a usable token. */
typedef struct
{
  char    *access_hash;
  char    *refresh_hash;         /* NULL for client credentials */
  gint64   user_id;
  char    *client_id;
  gint64   created_at;
  gint64   expires_at;
  gboolean service;
} PlumbSandboxToken;

typedef struct
{
  PlumbSandboxState *state;
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;
  GHashTable        *query;      /* never NULL */
  GBytes            *body;       /* never NULL */
} PlumbSandboxRequest;

typedef struct
{
  GBytes *bytes;
  char   *content_type;
  char   *filename;
} PlumbSandboxUpload;

typedef void (*PlumbSandboxRouteFunc) (PlumbSandboxRequest *req,
                                       gpointer             user_data);

typedef enum
{
  PLUMB_SANDBOX_ROUTE_PLAIN        = 0,
  PLUMB_SANDBOX_ROUTE_RATE_LIMITED = 1 << 0,
  PLUMB_SANDBOX_ROUTE_FAULTS       = 1 << 1,
} PlumbSandboxRouteFlags;

typedef struct
{
  const char *name;
  void      (*setup)       (PlumbSandboxState *state);
  void      (*reset)       (PlumbSandboxState *state);
  JsonNode *(*save)        (PlumbSandboxState *state);
  void      (*load)        (PlumbSandboxState *state,
                            JsonNode          *node);
  void      (*clock_moved) (PlumbSandboxState *state);
} PlumbSandboxModule;

struct _PlumbSandboxState
{
  GMainContext *context;
  SoupServer   *server;
  char         *base_url;

  guint         n_users;
  guint64       seed;
  char         *state_file;
  guint         rate_limit;
  guint         token_lifetime;

  gint64        clock_offset;
  gint64        generated_at;    /* the sandbox time the seeded data is relative to */
  GPtrArray    *companies;       /* PlumbSandboxCompany*, owned */
  GHashTable   *tokens;          /* access hash -> PlumbSandboxToken*, owned */
  GHashTable   *refresh_tokens;  /* refresh hash -> PlumbSandboxToken* */
  GHashTable   *codes;           /* code hash -> JsonObject* */
  GPtrArray    *mailbox;         /* PlumbSandboxMail*, owned */
  gint64        next_mail_id;
  GHashTable   *pending_followups; /* PlumbSandboxUser* set */

  /* Fault injection (never persisted) */
  double        error_rate;
  double        unavailable_rate;
  double        drop_rate;
  double        malformed_rate;
  guint         latency_ms;
  guint         burst_429;
  gboolean      omit_total;      /* lists without Total: clients follow Link */
  gboolean      link_loop;       /* the last page's next link leads to page 1 */
  char         *next_link_base;  /* next links to this other server, or NULL */
  GRand        *fault_rand;

  /* Rate limit window, in real seconds */
  gint64        window_start;
  guint         window_count;

  gboolean      needs_save;
  GPtrArray    *delayed;         /* GSource* of answers held back by latency */
  GArray       *routes;
  GHashTable   *module_data;
};

/* plumb-sandbox-server.c */
PlumbSandboxState *plumb_sandbox_state_new       (guint               n_users,
                                                  guint64             seed,
                                                  const char         *state_file,
                                                  guint               rate_limit,
                                                  guint               token_lifetime,
                                                  GError            **error);
void          plumb_sandbox_state_free           (PlumbSandboxState  *state);
gboolean      plumb_sandbox_state_listen         (PlumbSandboxState  *state,
                                                  guint               port,
                                                  GError            **error);
void          plumb_sandbox_state_add_route      (PlumbSandboxState  *state,
                                                  const char         *prefix,
                                                  PlumbSandboxRouteFlags flags,
                                                  PlumbSandboxRouteFunc func,
                                                  gpointer            user_data);
void          plumb_sandbox_state_set_module_data (PlumbSandboxState *state,
                                                  const char         *module,
                                                  gpointer            data,
                                                  GDestroyNotify      destroy);
gpointer      plumb_sandbox_state_get_module_data (PlumbSandboxState *state,
                                                  const char         *module);
void          plumb_sandbox_state_changed        (PlumbSandboxState  *state);
void          plumb_sandbox_state_reset          (PlumbSandboxState  *state);
gint64        plumb_sandbox_state_now            (PlumbSandboxState  *state);
void          plumb_sandbox_state_advance_clock  (PlumbSandboxState  *state,
                                                  gint64              seconds);
PlumbSandboxCompany *plumb_sandbox_state_find_company (PlumbSandboxState *state,
                                                  gint64              company_id);

/* plumb-sandbox-http.c: times, requests, answers.
 *
 * Which error shape goes where, as on Procore:
 *   {"errors":{"field":["msg"]}}      422 validation (plumb_sandbox_respond_field_errors)
 *   {"errors":"Missing Procore-Company-Id header!"}  400 on the company header
 *   {"error":{"code":..,"message":..}} 401/403/404/409/500 on /rest/ (plumb_sandbox_respond_error)
 *   {"message":..,"error":..}          429 rate limits, 503 overload, unknown paths and methods, a
 *                                      missing "user" body, and the /_sandbox/ paths
 *                                      (plumb_sandbox_respond_message)
 *   {"error":..,"error_description":..} the OAuth endpoints, as RFC 6749 says */
char         *plumb_sandbox_format_time          (gint64              unix_seconds);
gboolean      plumb_sandbox_parse_time           (const char         *text,
                                                  gint64             *unix_seconds);
void          plumb_sandbox_respond_json         (SoupServerMessage  *msg,
                                                  guint               status,
                                                  JsonNode           *node);
void          plumb_sandbox_respond_text         (SoupServerMessage  *msg,
                                                  guint               status,
                                                  const char         *content_type,
                                                  const char         *text,
                                                  gssize              length);
void          plumb_sandbox_respond_error        (SoupServerMessage  *msg,
                                                  guint               status,
                                                  const char         *code,
                                                  const char         *message);
void          plumb_sandbox_respond_message      (SoupServerMessage  *msg,
                                                  guint               status,
                                                  const char         *message,
                                                  const char         *error);
void          plumb_sandbox_respond_field_errors (SoupServerMessage  *msg,
                                                  JsonObject         *errors);
void          plumb_sandbox_respond_oauth_error  (SoupServerMessage  *msg,
                                                  guint               status,
                                                  const char         *error,
                                                  const char         *description);
JsonNode     *plumb_sandbox_request_json         (PlumbSandboxRequest *req);
GHashTable   *plumb_sandbox_request_form         (PlumbSandboxRequest *req,
                                                  GHashTable        **uploads);
const char   *plumb_sandbox_request_header       (PlumbSandboxRequest *req,
                                                  const char         *name);
void          plumb_sandbox_upload_free          (PlumbSandboxUpload *upload);

/* The parts of the server, in the order their routes are set up */
extern const PlumbSandboxModule *const plumb_sandbox_modules[];
extern const guint plumb_sandbox_n_modules;

/* plumb-sandbox-world.c: mailbox, clock, faults, reset, avatars */
extern const PlumbSandboxModule plumb_sandbox_world_module;
void          plumb_sandbox_mailbox_append       (PlumbSandboxState  *state,
                                                  const char         *from,
                                                  const char         *to,
                                                  const char         *subject,
                                                  const char         *body,
                                                  const char         *kind,
                                                  gint64              user_id,
                                                  gint64              company_id,
                                                  gint64              sent_at);
void          plumb_sandbox_mail_free            (PlumbSandboxMail   *mail);
JsonNode     *plumb_sandbox_mail_to_json         (PlumbSandboxMail   *mail);
PlumbSandboxMail *plumb_sandbox_mail_from_json   (JsonObject         *object);
void          plumb_sandbox_send_welcome         (PlumbSandboxState  *state,
                                                  PlumbSandboxCompany *company,
                                                  PlumbSandboxUser   *user);
void          plumb_sandbox_track_followups      (PlumbSandboxState  *state,
                                                  PlumbSandboxUser   *user);
void          plumb_sandbox_send_due_followups   (PlumbSandboxState  *state);
void          plumb_sandbox_sign_in              (PlumbSandboxState  *state,
                                                  gint64              user_id);

/* plumb-sandbox-oauth.c */
extern const PlumbSandboxModule plumb_sandbox_oauth_module;
PlumbSandboxToken *plumb_sandbox_token_lookup    (PlumbSandboxState  *state,
                                                  const char         *access_token);
PlumbSandboxToken *plumb_sandbox_request_token   (PlumbSandboxRequest *req);
PlumbSandboxUser  *plumb_sandbox_state_find_person (PlumbSandboxState *state,
                                                  const char         *email);
void          plumb_sandbox_token_free           (PlumbSandboxToken  *token);
char         *plumb_sandbox_random_secret        (void);
gboolean      plumb_sandbox_client_known         (const char         *client_id);

/* plumb-sandbox-authorize.c */
void          plumb_sandbox_authorize_setup      (PlumbSandboxState  *state);
char         *plumb_sandbox_hash_secret          (const char         *secret);

/* plumb-sandbox-rest.c, -rest-users.c and -rest-edit.c */
extern const PlumbSandboxModule plumb_sandbox_rest_module;
void          plumb_sandbox_rest_users           (PlumbSandboxRequest *req,
                                                  PlumbSandboxCompany *company,
                                                  PlumbSandboxUser   *caller,
                                                  char              **parts,
                                                  guint               n_parts);

/* plumb-sandbox-portal.c and -portal-data.c: the certification portal */
extern const PlumbSandboxModule plumb_sandbox_portal_module;

/* plumb-sandbox-data.c and plumb-sandbox-generate.c: the people */
void          plumb_sandbox_generate             (PlumbSandboxState  *state);
PlumbSandboxCompany *plumb_sandbox_company_new   (gint64              id,
                                                  const char         *name);
void          plumb_sandbox_company_free         (PlumbSandboxCompany *company);
void          plumb_sandbox_company_add          (PlumbSandboxCompany *company,
                                                  PlumbSandboxUser   *user);
PlumbSandboxUser *plumb_sandbox_company_find     (PlumbSandboxCompany *company,
                                                  gint64              user_id);
PlumbSandboxUser *plumb_sandbox_company_find_email (PlumbSandboxCompany *company,
                                                  const char         *email);
void          plumb_sandbox_company_reindex_email (PlumbSandboxCompany *company,
                                                  PlumbSandboxUser   *user,
                                                  const char         *old_email);
GPtrArray    *plumb_sandbox_company_sorted       (PlumbSandboxCompany *company,
                                                  PlumbSandboxSort    sort,
                                                  gboolean            active);
const PlumbSandboxRef *plumb_sandbox_find_ref    (GPtrArray          *refs,
                                                  gint64              id);
PlumbSandboxUser *plumb_sandbox_user_new         (void);
void          plumb_sandbox_user_free            (PlumbSandboxUser   *user);
void          plumb_sandbox_user_touch           (PlumbSandboxCompany *company,
                                                  PlumbSandboxUser   *user);
const char   *plumb_sandbox_user_json            (PlumbSandboxState  *state,
                                                  PlumbSandboxCompany *company,
                                                  PlumbSandboxUser   *user);
char         *plumb_sandbox_user_name            (PlumbSandboxUser   *user);
const char   *plumb_sandbox_user_search_key      (PlumbSandboxCompany *company,
                                                  PlumbSandboxUser   *user);
JsonNode     *plumb_sandbox_user_save            (PlumbSandboxUser   *user);
PlumbSandboxUser *plumb_sandbox_user_load        (JsonObject         *object);
const char   *plumb_sandbox_access_name          (PlumbSandboxAccess  access);
gboolean      plumb_sandbox_demo_person          (guint               index,
                                                  const char        **email,
                                                  const char        **name,
                                                  const char        **description);

/* plumb-sandbox-png.c */
GBytes       *plumb_sandbox_png_avatar           (guint32             seed,
                                                  guint               size);

/* plumb-sandbox-iso.c */
gboolean      plumb_sandbox_iso_country_valid    (const char         *alpha2);
gboolean      plumb_sandbox_iso_subdivision_valid (const char        *alpha2,
                                                  const char         *code);

/* plumb-sandbox-store.c */
gboolean      plumb_sandbox_store_load           (PlumbSandboxState  *state,
                                                  GError            **error);
gboolean      plumb_sandbox_store_save           (PlumbSandboxState  *state,
                                                  GError            **error);

G_END_DECLS
