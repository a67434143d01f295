/* plumb-cli-companies.c: plumb companies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "plumb-api.h"
#include "plumb-cli-account.h"

int
plumb_cli_companies (PlumbCliOptions  *options,
                     int               argc,
                     char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbCliState) state = NULL;
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListStore) companies = NULL;
  guint n;

  if (!plumb_cli_parse_plain (options, argc, argv))
    return 2;

  account = plumb_cli_open_account (options, &state, &error);
  if (account == NULL)
    return plumb_cli_fail (error);

  plumb_api_list_companies_async (plumb_account_get_session (account), plumb_cli_company_id (options, state),
                                  NULL, plumb_cli_store_result, &result);
  plumb_cli_wait (&result);
  companies = plumb_api_list_companies_finish (plumb_account_get_session (account), result, &error);
  plumb_cli_remember (options, state, account);
  if (companies == NULL)
    return plumb_cli_fail (error);

  n = g_list_model_get_n_items (G_LIST_MODEL (companies));
  if (options->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PlumbCompany) company = g_list_model_get_item (G_LIST_MODEL (companies), i);

          json_array_add_object_element (array, plumb_company_to_json (company));
        }
      json_node_take_array (node, array);
      plumb_cli_print_json (node);
      return 0;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlumbCompany) company = g_list_model_get_item (G_LIST_MODEL (companies), i);

      printf ("%-12" G_GINT64_FORMAT " %s%s\n", plumb_company_get_id (company), plumb_company_get_name (company),
              plumb_company_get_is_active (company) ? "" : _(" (inactive)"));
    }
  return 0;
}
