/* test-environment.c: environments and the base URL rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-environment.h"
#include "plumb-error.h"

static void
test_nicks_round_trip (void)
{
  for (guint i = 0; i < PLUMB_N_ENVIRONMENTS; i++)
    {
      PlumbEnvironment env = PLUMB_N_ENVIRONMENTS;

      g_assert_true (plumb_environment_from_nick (plumb_environment_to_nick (i), &env));
      g_assert_cmpint (env, ==, i);
    }

  {
    PlumbEnvironment env = PLUMB_ENVIRONMENT_CUSTOM;

    g_assert_false (plumb_environment_from_nick ("staging", &env));
    g_assert_cmpint (env, ==, PLUMB_ENVIRONMENT_CUSTOM);
  }
}

static void
test_hosts (void)
{
  g_assert_cmpstr (plumb_environment_get_api_url (PLUMB_ENVIRONMENT_PRODUCTION), ==, "https://api.procore.com");
  g_assert_cmpstr (plumb_environment_get_login_url (PLUMB_ENVIRONMENT_PRODUCTION), ==, "https://login.procore.com");
  g_assert_cmpstr (plumb_environment_get_api_url (PLUMB_ENVIRONMENT_DEVELOPER_SANDBOX), ==, "https://sandbox.procore.com");
  g_assert_cmpstr (plumb_environment_get_login_url (PLUMB_ENVIRONMENT_DEVELOPER_SANDBOX), ==, "https://login-sandbox.procore.com");
  g_assert_cmpstr (plumb_environment_get_api_url (PLUMB_ENVIRONMENT_MONTHLY_SANDBOX), ==, "https://api-monthly.procore.com");
  g_assert_cmpstr (plumb_environment_get_login_url (PLUMB_ENVIRONMENT_MONTHLY_SANDBOX), ==, "https://login-sandbox-monthly.procore.com");
  g_assert_cmpstr (plumb_environment_get_api_url (PLUMB_ENVIRONMENT_FEDERAL), ==, "https://api.procoregov.com");
  g_assert_cmpstr (plumb_environment_get_login_url (PLUMB_ENVIRONMENT_FEDERAL), ==, "https://login.procoregov.com");
  g_assert_null (plumb_environment_get_api_url (PLUMB_ENVIRONMENT_CUSTOM));
  g_assert_null (plumb_environment_get_api_url (PLUMB_ENVIRONMENT_EMBEDDED_SANDBOX));
}

static void
test_loopback (void)
{
  g_assert_true (plumb_url_is_loopback ("http://127.0.0.1:8080"));
  g_assert_true (plumb_url_is_loopback ("http://127.9.9.9/"));
  g_assert_true (plumb_url_is_loopback ("http://localhost:1234"));
  g_assert_true (plumb_url_is_loopback ("http://[::1]:99"));
  g_assert_false (plumb_url_is_loopback ("http://10.0.0.1"));
  g_assert_false (plumb_url_is_loopback ("https://api.procore.com"));
  g_assert_false (plumb_url_is_loopback ("http://127.0.0.1.evil.example"));
  g_assert_false (plumb_url_is_loopback ("not a url"));
  g_assert_false (plumb_url_is_loopback (NULL));
}

static void
test_validate (void)
{
  struct {
    const char *in;
    const char *out;
    int code;
  } cases[] = {
    { "https://api.example.com", "https://api.example.com", -1 },
    { "  https://api.example.com/  ", "https://api.example.com", -1 },
    { "HTTPS://api.example.com:8443/base/", "https://api.example.com:8443/base", -1 },
    { "http://127.0.0.1:4000", "http://127.0.0.1:4000", -1 },
    { "http://localhost:4000/", "http://localhost:4000", -1 },
    { "http://api.example.com", NULL, PLUMB_ERROR_INSECURE_URL },
    { "http://192.168.1.10", NULL, PLUMB_ERROR_INSECURE_URL },
    { "ftp://api.example.com", NULL, PLUMB_ERROR_INVALID_INPUT },
    { "api.example.com", NULL, PLUMB_ERROR_INVALID_INPUT },
    { "", NULL, PLUMB_ERROR_INVALID_INPUT },
    { "https://user:pw@api.example.com", NULL, PLUMB_ERROR_INVALID_INPUT },
    { "https://api.example.com/?q=1", NULL, PLUMB_ERROR_INVALID_INPUT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = plumb_validate_base_url (cases[i].in, &error);

      if (cases[i].out != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (out, ==, cases[i].out);
        }
      else
        {
          g_assert_null (out);
          g_assert_error (error, PLUMB_ERROR, cases[i].code);
          g_assert_nonnull (error->message);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/environment/nicks", test_nicks_round_trip);
  g_test_add_func ("/environment/hosts", test_hosts);
  g_test_add_func ("/environment/loopback", test_loopback);
  g_test_add_func ("/environment/validate", test_validate);

  return g_test_run ();
}
