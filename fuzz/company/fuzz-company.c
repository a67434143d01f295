/* fuzz-company.c: the companies list (GET /rest/v1.0/companies)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-company.h"

#include "../fuzz-json.h"

static void
read_company (JsonNode *node)
{
  g_autoptr(PlumbCompany) company = NULL;
  g_autoptr(PlumbCompany) again = NULL;
  g_autoptr(JsonObject) object = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  company = plumb_company_new_from_json (json_node_get_object (node));
  if (company == NULL)
    return;

  /* What the store writes must read back as the same company. */
  object = plumb_company_to_json (company);
  again = plumb_company_new_from_json (object);
  g_assert_nonnull (again);
  g_assert_cmpint (plumb_company_get_id (again), ==, plumb_company_get_id (company));
  g_assert_cmpstr (plumb_company_get_name (again), ==, plumb_company_get_name (company));
  g_assert_true (plumb_company_get_is_active (again) == plumb_company_get_is_active (company));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_parse_json (data, size);

  if (root == NULL)
    return 0;
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        read_company (json_array_get_element (array, i));
    }
  else
    read_company (root);
  return 0;
}
