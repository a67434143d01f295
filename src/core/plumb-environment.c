/* plumb-environment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "plumb-environment.h"
#include "plumb-error.h"

typedef struct
{
  const char *nick;
  const char *title;
  const char *login_url;
  const char *api_url;
} EnvironmentInfo;

/* Hosts from Procore's developer documentation (shared/PROCORE-API.md). The
 * embedded sandbox and a custom URL get their address at run time. */
static const EnvironmentInfo environments[PLUMB_N_ENVIRONMENTS] = {
  [PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX] = { "embedded-sandbox", N_("Embedded Sandbox"), NULL, NULL },
  [PLUMB_ENVIRONMENT_PRODUCTION] = { "production", N_("Production"),
                                     "https://login.procore.com", "https://api.procore.com" },
  [PLUMB_ENVIRONMENT_DEVELOPER_SANDBOX] = { "developer-sandbox", N_("Developer Sandbox"),
                                            "https://login-sandbox.procore.com", "https://sandbox.procore.com" },
  [PLUMB_ENVIRONMENT_MONTHLY_SANDBOX] = { "monthly-sandbox", N_("Monthly Sandbox"),
                                          "https://login-sandbox-monthly.procore.com", "https://api-monthly.procore.com" },
  [PLUMB_ENVIRONMENT_FEDERAL] = { "federal", N_("US Federal Zone"),
                                  "https://login.procoregov.com", "https://api.procoregov.com" },
  [PLUMB_ENVIRONMENT_CUSTOM] = { "custom", N_("Custom URL"), NULL, NULL },
};

const char *
plumb_environment_to_nick (PlumbEnvironment env)
{
  g_return_val_if_fail (env < PLUMB_N_ENVIRONMENTS, NULL);

  return environments[env].nick;
}

gboolean
plumb_environment_from_nick (const char       *nick,
                             PlumbEnvironment *env)
{
  g_return_val_if_fail (env != NULL, FALSE);

  if (nick == NULL)
    return FALSE;

  for (guint i = 0; i < PLUMB_N_ENVIRONMENTS; i++)
    {
      if (g_str_equal (nick, environments[i].nick))
        {
          *env = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
plumb_environment_get_title (PlumbEnvironment env)
{
  g_return_val_if_fail (env < PLUMB_N_ENVIRONMENTS, NULL);

  return g_dgettext (GETTEXT_PACKAGE, environments[env].title);
}

const char *
plumb_environment_get_login_url (PlumbEnvironment env)
{
  g_return_val_if_fail (env < PLUMB_N_ENVIRONMENTS, NULL);

  return environments[env].login_url;
}

const char *
plumb_environment_get_api_url (PlumbEnvironment env)
{
  g_return_val_if_fail (env < PLUMB_N_ENVIRONMENTS, NULL);

  return environments[env].api_url;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
plumb_url_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  return host_is_loopback (g_uri_get_host (uri));
}

/* Returns the URL in its normal form (no trailing slash, no query), or NULL
 * with a sentence a person can act on. */
char *
plumb_validate_base_url (const char  *url,
                         GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *stripped = NULL;
  const char *scheme;
  const char *host;
  const char *path;
  gsize path_len;

  stripped = g_strstrip (g_strdup (url ? url : ""));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("Enter the address of the Procore server, such as https://api.example.com"));
      return NULL;
    }

  uri = g_uri_parse (stripped, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("This is not a web address. It should look like https://api.example.com"));
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                   _("Addresses starting with “%s:” are not supported. Use https://"), scheme);
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host))
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_INSECURE_URL,
                   _("“%s” must be reached over https://. Plain http:// is only allowed on this computer (localhost)"),
                   host);
      return NULL;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("Enter only the server’s address, without a user name, “?” or “#” part"));
      return NULL;
    }

  path = g_uri_get_path (uri);
  path_len = strlen (path);
  while (path_len > 0 && path[path_len - 1] == '/')
    path_len--;

  {
    g_autofree char *lower_scheme = g_ascii_strdown (scheme, -1);
    g_autofree char *clean_path = g_strndup (path, path_len);
    g_autoptr(GUri) normal = g_uri_build (G_URI_FLAGS_NONE, lower_scheme, NULL, host,
                                          g_uri_get_port (uri), clean_path, NULL, NULL);

    return g_uri_to_string (normal);
  }
}
