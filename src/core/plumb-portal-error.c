/* plumb-portal-error.c: the portal's refusals, in a learner's words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The portal answers {"error": code, "message": text}; its own text is
 * written for developers, so each code gets a sentence here that says what
 * happened and what to do next, in the words of Procore's help page.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-error.h"
#include "plumb-json.h"
#include "plumb-portal-private.h"

static JsonObject *
parse_object (GBytes     *body,
              JsonParser *parser)
{
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  JsonNode *root;

  if (data == NULL || len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

static GError *
managed_error (PlumbPortalOp  op,
               const char    *email)
{
  if (op == PLUMB_PORTAL_OP_UPDATE_EMAIL || op == PLUMB_PORTAL_OP_PROFILE)
    return g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN,
                                _("This profile is managed by Procore sign-in (“Authorized via: Procore”), so its "
                                  "email cannot be changed. It is the portal you reach through Procore, not the "
                                  "education portal. Sign in to the education portal with the email your course "
                                  "progress is under."));
  return g_error_new (PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN,
                      _("“%s” belongs to a profile that signs in through Procore (“Authorized via: Procore”). "
                        "That is the portal you reach through Procore, not the education portal: it has no "
                        "password and no pencil to change the email. Sign in with the email your course "
                        "progress is under instead."),
                      email != NULL ? email : "");
}

GError *
plumb_portal_error_from_response (PlumbPortalOp  op,
                                  guint          status,
                                  GBytes        *body,
                                  const char    *email)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o = parse_object (body, parser);
  const char *code = plumb_json_string (o, "error") != NULL ? plumb_json_string (o, "error") : "";
  const char *who = email != NULL ? email : "";
  GError *error;

  if (g_str_equal (code, "unknown_email"))
    error = g_error_new (PLUMB_ERROR, PLUMB_ERROR_NOT_FOUND,
                         _("No Procore Certification account uses “%s”. Check the spelling, or try another "
                           "email you may have used for Certification."), who);
  else if (g_str_equal (code, "wrong_password"))
    {
      gint64 left = plumb_json_int (o, "attempts_left", 0);

      error = g_error_new (PLUMB_ERROR, PLUMB_ERROR_UNAUTHORIZED,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "That password is not right for “%s”. Check it and try again: "
                                        "%d more wrong try pauses sign-in for 15 minutes. If you do not "
                                        "remember it, reset it by email instead.",
                                        "That password is not right for “%s”. Check it and try again: "
                                        "%d more wrong tries pause sign-in for 15 minutes. If you do not "
                                        "remember it, reset it by email instead.",
                                        (gulong) left),
                           who, (int) left);
    }
  else if (g_str_equal (code, "locked"))
    {
      gint64 minutes = (plumb_json_int (o, "retry_after", 900) + 59) / 60;

      error = g_error_new (PLUMB_ERROR, PLUMB_ERROR_RATE_LIMITED,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "Too many wrong passwords: the education portal has paused sign-in "
                                        "for “%s” for %d minute. Reset the password by email instead, or "
                                        "wait and try again.",
                                        "Too many wrong passwords: the education portal has paused sign-in "
                                        "for “%s” for %d minutes. Reset the password by email instead, or "
                                        "wait and try again.",
                                        (gulong) minutes),
                           who, (int) minutes);
    }
  else if (g_str_equal (code, "managed_by_procore"))
    error = managed_error (op, email);
  else if (g_str_equal (code, "invalid_token"))
    error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                                 _("The portal does not know this reset link. Copy the whole link from the "
                                   "newest Password Reset email, or ask for a new one."));
  else if (g_str_equal (code, "expired_token"))
    error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_EXPIRED,
                                 _("This reset link has expired: a link works for one hour after it is sent. "
                                   "Ask for a new one and use it right away."));
  else if (g_str_equal (code, "used_token"))
    error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_EXPIRED,
                                 _("This reset link was already used: each link works once. Ask for a new one, "
                                   "or sign in with the password you set with it."));
  else if (g_str_equal (code, "weak_password"))
    {
      error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_VALIDATION,
                                   _("Choose a password of at least 8 characters."));
      plumb_error_add_field_message (error, "password", error->message);
    }
  else if (g_str_equal (code, "invalid_email"))
    {
      error = g_error_new (PLUMB_ERROR, PLUMB_ERROR_VALIDATION,
                           _("“%s” is not an email address the portal accepts."), who);
      plumb_error_add_field_message (error, "email", error->message);
    }
  else if (g_str_equal (code, "email_taken"))
    error = g_error_new (PLUMB_ERROR, PLUMB_ERROR_CONFLICT,
                         _("Another Certification profile already uses “%s”, so this profile cannot take it. "
                           "Only Certification support can merge the two: send them the summary."), who);
  else if (g_str_equal (code, "invalid_session"))
    error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                                 _("The sign-in to Procore Certification has run out. Go back and sign in again."));
  else if (g_str_equal (code, "no_profile"))
    error = g_error_new (PLUMB_ERROR, PLUMB_ERROR_NOT_FOUND,
                         _("No Certification profile uses “%s” yet."), who);
  else if (g_str_equal (code, "invalid_procore_token"))
    error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                                 _("Procore Certification did not accept your Procore sign-in. Sign out of "
                                   "Plumbline, sign in again, and retry."));
  else if (g_str_equal (code, "no_procore_person"))
    error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN,
                                 _("This Procore sign-in belongs to a service account, not a person, so it cannot "
                                   "open Procore Certification. Sign in to Plumbline as the learner."));
  else if (g_str_equal (code, "invalid_key"))
    error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_UNAUTHORIZED,
                                 _("The Certification admin key is not right. Check it with your Certification "
                                   "administrator."));
  else if (status >= 500)
    error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_SERVER,
                                 _("Procore Certification had a problem on its side. Try again in a few minutes."));
  else
    error = g_error_new (PLUMB_ERROR, PLUMB_ERROR_FAILED,
                         _("Procore Certification refused the request (HTTP %u). Try again, or contact "
                           "Certification support."), status);

  plumb_error_set_http_status (error, status);
  return error;
}

GError *
plumb_portal_error_from_transport (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  return g_error_new (PLUMB_ERROR, PLUMB_ERROR_NETWORK,
                      _("Procore Certification cannot be reached. Check the internet connection and try "
                        "again (%s)."), error->message);
}

GError *
plumb_portal_error_bad_response (void)
{
  return g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                              _("Procore Certification sent an answer that could not be read. Try again."));
}
