/* plumb-environment.h: the Procore environments Plumbline can talk to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The order is the order shown in Preferences. The nicks are the values of the
 * "environment" key in GSettings. */
typedef enum
{
  PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX,
  PLUMB_ENVIRONMENT_PRODUCTION,
  PLUMB_ENVIRONMENT_DEVELOPER_SANDBOX,
  PLUMB_ENVIRONMENT_MONTHLY_SANDBOX,
  PLUMB_ENVIRONMENT_FEDERAL,
  PLUMB_ENVIRONMENT_CUSTOM,
  PLUMB_N_ENVIRONMENTS
} PlumbEnvironment;

const char       *plumb_environment_to_nick       (PlumbEnvironment env);
gboolean          plumb_environment_from_nick     (const char       *nick,
                                                   PlumbEnvironment *env);
const char       *plumb_environment_get_title     (PlumbEnvironment env);
const char       *plumb_environment_get_login_url (PlumbEnvironment env);
const char       *plumb_environment_get_api_url   (PlumbEnvironment env);

gboolean          plumb_url_is_loopback           (const char      *url);
char             *plumb_validate_base_url         (const char      *url,
                                                   GError         **error);

G_END_DECLS
