/* fuzz-reset-link.c: a pasted password-reset link or code
 *
 * A link is only ever taken from the portal's own site: whatever the text,
 * a token comes back only if the text names no host or the portal's host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-error.h"
#include "plumb-portal.h"

#include "../fuzz-json.h"

#define PORTAL_HOST "learn.example.com"

/* The portal every input is read against, made at the first. */
static PlumbPortal *
get_portal (void)
{
  static PlumbPortal *portal;

  if (portal == NULL)
    {
      g_autoptr(GError) error = NULL;

      portal = plumb_portal_new ("https://" PORTAL_HOST "/certification", &error);
      g_assert_no_error (error);
    }
  return portal;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  /* What a person pastes is text. */
  if (!g_utf8_validate (text, -1, NULL))
    return 0;

  token = plumb_portal_parse_reset_link (get_portal (), text, &error);
  g_assert_true ((token == NULL) != (error == NULL));
  if (token == NULL)
    {
      g_assert_true (error->domain == PLUMB_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  g_assert_cmpstr (token, !=, "");
  if (strstr (text, "://") != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));
      g_autoptr(GUri) uri = g_uri_parse (stripped, G_URI_FLAGS_NONE, NULL);

      /* Read the lenient way too: a host is the portal's or there is none. */
      if (uri != NULL && g_uri_get_host (uri) != NULL)
        {
          g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri), -1);

          g_assert_cmpstr (host, ==, PORTAL_HOST);
        }
    }
  return 0;
}
