/* plumb-error.h: the one error domain of Plumbline's core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLUMB_ERROR (plumb_error_quark ())

/* Codes a caller can act on. Each maps to a different thing to tell the
 * person or a different thing to do next. */
typedef enum
{
  PLUMB_ERROR_FAILED,
  PLUMB_ERROR_INVALID_INPUT,   /* something a person typed or chose */
  PLUMB_ERROR_INSECURE_URL,    /* plain http to a host that is not loopback */
  PLUMB_ERROR_NETWORK,         /* host unreachable, connection dropped */
  PLUMB_ERROR_UNAUTHORIZED,    /* 401 that a refresh could not cure */
  PLUMB_ERROR_FORBIDDEN,       /* 403: the account lacks a permission */
  PLUMB_ERROR_NOT_FOUND,       /* 404 */
  PLUMB_ERROR_CONFLICT,        /* 409, or a conflicting change on the server */
  PLUMB_ERROR_VALIDATION,      /* 400/422, usually with per-field messages */
  PLUMB_ERROR_RATE_LIMITED,    /* 429 that outlasted our patience */
  PLUMB_ERROR_SERVER,          /* 5xx */
  PLUMB_ERROR_BAD_RESPONSE,    /* a body or header we could not understand */
  PLUMB_ERROR_NOT_SIGNED_IN,   /* no account, or its tokens are gone */
  PLUMB_ERROR_STATE_MISMATCH,  /* OAuth state did not match */
  PLUMB_ERROR_UNSUPPORTED,     /* a file or request of a kind we refuse */
  PLUMB_ERROR_STORE,           /* the local database failed */
  PLUMB_ERROR_UNCERTAIN,       /* a change was sent but no answer came: check before repeating */
  PLUMB_ERROR_MISSING_COMPANY, /* the call needs a company (Procore-Company-Id) */
  PLUMB_ERROR_EXPIRED,         /* a one-time link or code that expired or was used: ask for a new one */
} PlumbErrorCode;

GQuark       plumb_error_quark             (void);
const char  *plumb_error_code_to_string    (PlumbErrorCode code);

/* Per-field messages from a validation answer, kept on the GError itself:
 * a form shows plumb_error_dup_field_message (error, "email_address") under
 * the email entry. Field names are the API's (user[...] prefixes removed). */
void         plumb_error_add_field_message (GError        *error,
                                            const char    *field,
                                            const char    *message);
char        *plumb_error_dup_field_message (const GError  *error,
                                            const char    *field);
char       **plumb_error_dup_fields        (const GError  *error);
void         plumb_error_set_http_status   (GError        *error,
                                            guint          status);
guint        plumb_error_get_http_status   (const GError  *error);

G_END_DECLS
