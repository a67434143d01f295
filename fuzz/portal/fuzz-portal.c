/* fuzz-portal.c: the certification portal's answers, good and bad
 *
 * The first byte picks the call an answer belongs to, the next two the
 * status (folded into 100..599); the rest is the body. The body goes to the
 * error reader of that call and, as JSON, to the readers of a profile, a
 * list of registrations and a mail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-error.h"
#include "plumb-portal-private.h"

#include "../fuzz-json.h"

static void
read_object (JsonObject *object)
{
  PlumbPortalProfile *profile = plumb_portal_profile_from_json (object);
  PlumbPortalRegistration *registration = plumb_portal_registration_from_json (object);
  PlumbPortalMail *mail = plumb_portal_mail_from_json (object);

  if (profile != NULL)
    g_assert_nonnull (profile->email);
  if (registration != NULL)
    {
      g_assert_nonnull (registration->course);
      g_assert_cmpuint (registration->progress, <=, 100);
    }
  plumb_portal_profile_free (profile);
  plumb_portal_registration_free (registration);
  plumb_portal_mail_free (mail);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) registrations = NULL;
  PlumbPortalOp op;
  guint status;

  if (size < 3)
    return 0;
  op = (PlumbPortalOp) (data[0] % (PLUMB_PORTAL_OP_SANDBOX_MAIL + 1));
  status = 100 + ((data[1] << 8) | data[2]) % 500;
  body = g_bytes_new_static (data + 3, size - 3);

  error = plumb_portal_error_from_response (op, status, body, "learner@example.com");
  g_assert_nonnull (error);
  g_assert_true (error->domain == PLUMB_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (error->message, !=, "");

  root = fuzz_parse_json (data + 3, size - 3);
  if (root == NULL)
    return 0;
  if (JSON_NODE_HOLDS_OBJECT (root))
    read_object (json_node_get_object (root));
  registrations = plumb_portal_registrations_from_json (root);
  if (registrations != NULL)
    for (guint i = 0; i < registrations->len; i++)
      g_assert_nonnull (g_ptr_array_index (registrations, i));
  return 0;
}
