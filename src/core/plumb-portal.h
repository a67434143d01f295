/* plumb-portal.h: the Procore Certification portal, as a learner and as support
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plumb-account.h"

G_BEGIN_DECLS

/* The real portal's address for the interface of PROCORE-API.md part 2 is
 * not public; this is the one guess, kept here only. */
#define PLUMB_PORTAL_DEFAULT_URL "https://education.procore.com/certification"

/* The embedded sandbox's admin key (HACKING.md): it opens only the sandbox. */
#define PLUMB_PORTAL_DEMO_ADMIN_KEY "plumbline-demo-portal-key"

#define PLUMB_TYPE_PORTAL (plumb_portal_get_type ())

G_DECLARE_FINAL_TYPE (PlumbPortal, plumb_portal, PLUMB, PORTAL, GObject)

/* A learner's profile. The admin facts are filled by the admin lookup only. */
typedef struct
{
  gint64     id;
  char      *email;
  char      *first_name;
  char      *last_name;
  gboolean   via_procore;          /* "Authorized via: Procore": the portal reached through Procore */
  gboolean   email_editable;       /* the pencil next to the email */
  gboolean   has_password;
  gboolean   locked;
  GDateTime *last_sign_in_at;      /* NULL = never */
  GDateTime *last_procore_sign_in_at;
  guint      n_registrations;
  guint      n_completed;
} PlumbPortalProfile;

typedef struct
{
  char      *course_id;
  char      *course;
  guint      completed_lessons;
  guint      total_lessons;
  guint      progress;             /* percent */
  GDateTime *completed_at;         /* NULL = not completed */
  char      *certificate_code;     /* NULL = no certificate */
  GDateTime *certificate_issued_at;
  GDateTime *certificate_expires_at;
} PlumbPortalRegistration;

/* A password-reset email found in the embedded sandbox's mailbox. */
typedef struct
{
  char      *to;
  char      *subject;
  char      *body;
  char      *link;
  GDateTime *sent_at;
} PlumbPortalMail;

void                plumb_portal_profile_free        (PlumbPortalProfile      *profile);
void                plumb_portal_registration_free   (PlumbPortalRegistration *registration);
void                plumb_portal_mail_free           (PlumbPortalMail         *mail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbPortalProfile, plumb_portal_profile_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbPortalRegistration, plumb_portal_registration_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbPortalMail, plumb_portal_mail_free)

/* @url is the interface's base ("https://host/certification"); plain http
 * only on this computer. */
PlumbPortal        *plumb_portal_new                 (const char          *url,
                                                      GError             **error);
const char         *plumb_portal_get_url             (PlumbPortal         *self);
/* Held in memory only, never written anywhere. */
void                plumb_portal_set_admin_key       (PlumbPortal         *self,
                                                      const char          *key);
gboolean            plumb_portal_has_admin_key       (PlumbPortal         *self);
gboolean            plumb_portal_get_signed_in       (PlumbPortal         *self);
/* Forgets the session (the portal lets it run out by itself). */
void                plumb_portal_sign_out            (PlumbPortal         *self);

/* The token of a password-reset link pasted whole or as its code. Refuses a
 * link to any other site than the portal's. */
char               *plumb_portal_parse_reset_link    (PlumbPortal         *self,
                                                      const char          *pasted,
                                                      GError             **error);

void                plumb_portal_sign_in_async       (PlumbPortal         *self,
                                                      const char          *email,
                                                      const char          *password,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
PlumbPortalProfile *plumb_portal_sign_in_finish      (PlumbPortal         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

void                plumb_portal_request_reset_async (PlumbPortal         *self,
                                                      const char          *email,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            plumb_portal_request_reset_finish (PlumbPortal        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Gives the email of the account whose password was set. */
void                plumb_portal_complete_reset_async (PlumbPortal        *self,
                                                      const char          *token,
                                                      const char          *password,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
char               *plumb_portal_complete_reset_finish (PlumbPortal       *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

void                plumb_portal_get_profile_async   (PlumbPortal         *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
PlumbPortalProfile *plumb_portal_get_profile_finish  (PlumbPortal         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

void                plumb_portal_update_email_async  (PlumbPortal         *self,
                                                      const char          *email,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
PlumbPortalProfile *plumb_portal_update_email_finish (PlumbPortal         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Signs in with the Procore identity of @account; gives the Procore sign-in
 * email the portal saw. */
void                plumb_portal_procore_sign_in_async  (PlumbPortal      *self,
                                                         PlumbAccount     *account,
                                                         GCancellable     *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer          user_data);
char               *plumb_portal_procore_sign_in_finish (PlumbPortal      *self,
                                                         GAsyncResult     *result,
                                                         GError          **error);

/* The registrations of the signed-in learner: a GPtrArray of
 * PlumbPortalRegistration*. */
void                plumb_portal_list_registrations_async  (PlumbPortal   *self,
                                                            GCancellable  *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer       user_data);
GPtrArray          *plumb_portal_list_registrations_finish (PlumbPortal   *self,
                                                            GAsyncResult  *result,
                                                            GError       **error);

/* Support staff, with the admin key: a learner by email, and the
 * registrations that email holds (empty when no profile has it). */
void                plumb_portal_admin_find_async    (PlumbPortal         *self,
                                                      const char          *email,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
PlumbPortalProfile *plumb_portal_admin_find_finish   (PlumbPortal         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void                plumb_portal_admin_registrations_async  (PlumbPortal  *self,
                                                             const char   *email,
                                                             GCancellable *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer      user_data);
GPtrArray          *plumb_portal_admin_registrations_finish (PlumbPortal  *self,
                                                             GAsyncResult *result,
                                                             GError      **error);

/* The embedded sandbox only: the password-reset emails sent to @to, newest
 * last (a GPtrArray of PlumbPortalMail*). */
void                plumb_portal_sandbox_mail_async  (PlumbPortal         *self,
                                                      const char          *to,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray          *plumb_portal_sandbox_mail_finish (PlumbPortal         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
