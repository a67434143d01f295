/* plumb-sandbox-portal-private.h: the certification portal's data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The learning portal keeps learners apart from Procore's people: a learner
 * is found by email, and progress follows the learner, so it shows under a
 * Procore account only when the emails match. Everything here lives on the
 * server thread, like the rest of the sandbox.
 */

#pragma once

#include "plumb-sandbox-private.h"

G_BEGIN_DECLS

#define PLUMB_SANDBOX_PORTAL_MODULE            "certification"
#define PLUMB_SANDBOX_PORTAL_ADMIN_KEY         "plumbline-demo-portal-key"
#define PLUMB_SANDBOX_PORTAL_DEMO_PASSWORD     "certify-demo"
#define PLUMB_SANDBOX_PORTAL_RESET_LIFETIME    (60 * 60)
#define PLUMB_SANDBOX_PORTAL_SESSION_LIFETIME  (30 * 60)
#define PLUMB_SANDBOX_PORTAL_MAX_ATTEMPTS      5
#define PLUMB_SANDBOX_PORTAL_LOCK_SECONDS      (15 * 60)
#define PLUMB_SANDBOX_PORTAL_MIN_PASSWORD      8
#define PLUMB_SANDBOX_PORTAL_MAIL_FROM         "no-reply@education.procore.example"

typedef struct
{
  char   *course_id;
  char   *course;
  guint   completed_lessons;
  guint   total_lessons;
  gint64  enrolled_at;
  gint64  completed_at;          /* 0 = not completed */
  char   *certificate_code;      /* NULL = no certificate */
  gint64  certificate_issued_at;
  gint64  certificate_expires_at;
} PlumbSandboxRegistration;

typedef struct
{
  gint64     id;
  char      *email;
  char      *first_name;
  char      *last_name;
  char      *password_salt;      /* NULL: the profile has no password (Procore sign-in) */
  char      *password_hash;
  gboolean   via_procore;        /* "Authorized via: Procore", learn.procore.com */
  gboolean   inbox_gone;         /* mail to this address bounces */
  guint      failed_attempts;
  gint64     locked_until;
  gint64     created_at;
  gint64     last_sign_in_at;
  gint64     last_procore_sign_in_at;
  GPtrArray *registrations;      /* PlumbSandboxRegistration*, owned */
} PlumbSandboxLearner;

typedef struct
{
  char   *hash;
  gint64  learner_id;
  gint64  expires_at;
  gboolean used;
} PlumbSandboxResetToken;

typedef struct
{
  char   *hash;
  gint64  learner_id;            /* 0 for a Procore sign-in session */
  char   *procore_email;         /* the Procore login, for a Procore sign-in session */
  gint64  expires_at;
} PlumbSandboxPortalSession;

typedef struct
{
  GPtrArray  *learners;          /* PlumbSandboxLearner*, owned */
  GHashTable *reset_tokens;      /* hash -> PlumbSandboxResetToken*, owned */
  GHashTable *sessions;          /* hash -> PlumbSandboxPortalSession*, owned; never saved */
  gint64      next_learner_id;
} PlumbSandboxPortal;

/* plumb-sandbox-portal-data.c */
PlumbSandboxPortal  *plumb_sandbox_portal_new                (void);
void                 plumb_sandbox_portal_free               (PlumbSandboxPortal  *portal);
void                 plumb_sandbox_portal_seed               (PlumbSandboxPortal  *portal,
                                                              gint64               now);
PlumbSandboxLearner *plumb_sandbox_portal_find_email         (PlumbSandboxPortal  *portal,
                                                              const char          *email);
PlumbSandboxLearner *plumb_sandbox_portal_find_id            (PlumbSandboxPortal  *portal,
                                                              gint64               id);
void                 plumb_sandbox_portal_set_password       (PlumbSandboxLearner *learner,
                                                              const char          *password);
gboolean             plumb_sandbox_portal_check_password     (PlumbSandboxLearner *learner,
                                                              const char          *password);
JsonNode            *plumb_sandbox_portal_save               (PlumbSandboxPortal  *portal);
void                 plumb_sandbox_portal_load               (PlumbSandboxPortal  *portal,
                                                              JsonObject          *object);
JsonNode            *plumb_sandbox_portal_profile_json       (PlumbSandboxLearner *learner);
JsonNode            *plumb_sandbox_portal_registrations_json (PlumbSandboxLearner *learner);

G_END_DECLS
