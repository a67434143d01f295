/* test-profile-core.c: the profile fields, the ISO 3166 lists and queueing
 * a profile change in several companies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "plumb-error.h"
#include "plumb-iso-codes.h"
#include "plumb-outbox.h"
#include "plumb-profile.h"
#include "store-test.h"

static PlumbIsoCodes *
load_codes (void)
{
  g_autoptr(GError) error = NULL;
  PlumbIsoCodes *codes = plumb_iso_codes_load (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (codes);
  return codes;
}

static void
test_iso_countries (void)
{
  g_autoptr(PlumbIsoCodes) codes = load_codes ();
  guint us = plumb_iso_codes_find_country (codes, "us");
  const PlumbIsoCountry *country;
  g_autofree char *previous = NULL;

  g_assert_cmpuint (plumb_iso_codes_get_n_countries (codes), >, 240);
  g_assert_cmpuint (us, !=, G_MAXUINT);
  country = plumb_iso_codes_get_country (codes, us);
  g_assert_cmpstr (country->code, ==, "US");
  g_assert_cmpstr (country->name, ==, "United States");
  g_assert_true (plumb_iso_country_matches (country, "states"));
  g_assert_true (plumb_iso_country_matches (country, "US"));
  g_assert_false (plumb_iso_country_matches (country, "canada"));
  g_assert_cmpuint (plumb_iso_codes_find_country (codes, "ZZ"), ==, G_MAXUINT);

  /* Sorted by name, and every code found where it is. */
  for (guint i = 0; i < plumb_iso_codes_get_n_countries (codes); i++)
    {
      const PlumbIsoCountry *c = plumb_iso_codes_get_country (codes, i);

      g_assert_cmpuint (plumb_iso_codes_find_country (codes, c->code), ==, i);
      if (previous != NULL)
        g_assert_cmpint (g_utf8_collate (previous, c->name), <=, 0);
      g_free (previous);
      previous = g_strdup (c->name);
    }

  /* Accents fold: "Côte d'Ivoire" is found as typed on a plain keyboard. */
  country = plumb_iso_codes_get_country (codes, plumb_iso_codes_find_country (codes, "CI"));
  g_assert_true (plumb_iso_country_matches (country, "cote"));
}

static void
test_iso_subdivisions (void)
{
  g_autoptr(PlumbIsoCodes) codes = load_codes ();
  guint ca;
  const PlumbIsoSubdivision *california;

  g_assert_cmpuint (plumb_iso_codes_get_n_subdivisions (codes, "US"), >=, 50);
  ca = plumb_iso_codes_find_subdivision (codes, "US", "CA");
  g_assert_cmpuint (ca, !=, G_MAXUINT);
  g_assert_cmpuint (plumb_iso_codes_find_subdivision (codes, "us", "US-CA"), ==, ca);
  california = plumb_iso_codes_get_subdivision (codes, "US", ca);
  g_assert_cmpstr (california->code, ==, "US-CA");
  g_assert_cmpstr (california->short_code, ==, "CA");
  g_assert_cmpstr (california->name, ==, "California");
  g_assert_cmpstr (california->type, ==, "State");
  g_assert_true (plumb_iso_subdivision_matches (california, "calif"));

  /* Every subdivision's Procore code leads back to it. */
  for (guint i = 0; i < plumb_iso_codes_get_n_countries (codes); i++)
    {
      const char *country = plumb_iso_codes_get_country (codes, i)->code;

      for (guint k = 0; k < plumb_iso_codes_get_n_subdivisions (codes, country); k++)
        {
          const PlumbIsoSubdivision *s = plumb_iso_codes_get_subdivision (codes, country, k);
          g_autofree char *full = g_strdup_printf ("%s-%s", country, s->short_code);

          g_assert_cmpstr (full, ==, s->code);
          g_assert_cmpuint (plumb_iso_codes_find_subdivision (codes, country, s->short_code), ==, k);
        }
    }

  /* A country without subdivisions in ISO 3166-2 has none here either. */
  g_assert_cmpuint (plumb_iso_codes_get_n_subdivisions (codes, "AQ"), ==, 0);
  g_assert_cmpuint (plumb_iso_codes_find_subdivision (codes, "US", "ZZ"), ==, G_MAXUINT);
}

static void
iso_loaded_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PlumbIsoCodes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = plumb_iso_codes_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_iso_async_and_missing (void)
{
  PlumbIsoCodes *codes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = store_test_mkdtemp ();
  PlumbIsoCodes *none;

  plumb_iso_codes_load_async (NULL, NULL, iso_loaded_cb, &codes);
  while (codes == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (plumb_iso_codes_get_n_countries (codes), >, 240);
  plumb_iso_codes_unref (codes);

  none = plumb_iso_codes_load (dir, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  store_test_rmdir (dir);
}

/* A gettext catalogue of @n sorted pairs, written by hand: the test needs
 * no tools, only the format (magic, counts, two tables, the strings). */
static void
write_mo (const char        *path,
          const char *const *pairs,
          guint              n)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GString) strings = g_string_new (NULL);
  guint32 header[7] = { 0x950412de, 0, n, 28, 28 + 8 * n, 0, 0 };
  guint32 base = 28 + 16 * n;
  g_autofree guint32 *tables = g_new0 (guint32, 4 * n);

  for (guint t = 0; t < 2; t++)
    for (guint i = 0; i < n; i++)
      {
        const char *text = pairs[2 * i + t];

        tables[2 * (t * n + i)] = strlen (text);
        tables[2 * (t * n + i) + 1] = base + strings->len;
        g_string_append_len (strings, text, strlen (text) + 1);
      }
  g_byte_array_append (out, (const guint8 *) header, sizeof header);
  g_byte_array_append (out, (const guint8 *) tables, 16 * n);
  g_byte_array_append (out, (const guint8 *) strings->str, strings->len);
  g_assert_true (g_file_set_contents (path, (const char *) out->data, out->len, NULL));
}

static void
test_iso_translated (void)
{
  static const char *const countries[] = {
    "", "Content-Type: text/plain; charset=UTF-8\n",
    "Germany", "Allemagne",
  };
  static const char *const subdivisions[] = {
    "", "Content-Type: text/plain; charset=UTF-8\n",
    "Bayern", "Bavière",
    "State", "Land",
  };
  g_autofree char *prefix = store_test_mkdtemp ();
  g_autofree char *json = g_build_filename (prefix, "share", "iso-codes", "json", NULL);
  g_autofree char *messages = g_build_filename (prefix, "share", "locale", "fr", "LC_MESSAGES", NULL);
  g_autofree char *mo1 = g_build_filename (messages, "iso_3166-1.mo", NULL);
  g_autofree char *mo2 = g_build_filename (messages, "iso_3166-2.mo", NULL);
  g_autoptr(PlumbIsoCodes) codes = NULL;
  g_autoptr(GError) error = NULL;
  const PlumbIsoCountry *germany;
  const PlumbIsoSubdivision *bavaria;

  g_assert_cmpint (g_mkdir_with_parents (json, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("iso_3166-%u.json", i);
      g_autofree char *target = g_build_filename (ISO_CODES_PREFIX, "share", "iso-codes", "json", name, NULL);
      g_autofree char *link = g_build_filename (json, name, NULL);

      g_assert_cmpint (symlink (target, link), ==, 0);
    }
  write_mo (mo1, countries, 2);
  write_mo (mo2, subdivisions, 3);

  g_setenv ("LANGUAGE", "fr", TRUE);
  codes = plumb_iso_codes_load (prefix, &error);
  g_unsetenv ("LANGUAGE");
  g_assert_no_error (error);

  germany = plumb_iso_codes_get_country (codes, plumb_iso_codes_find_country (codes, "DE"));
  g_assert_cmpstr (germany->name, ==, "Allemagne");
  g_assert_true (plumb_iso_country_matches (germany, "allem"));
  /* Sorted by the translated name: among the A's now. */
  g_assert_cmpuint (plumb_iso_codes_find_country (codes, "DE"), <, plumb_iso_codes_find_country (codes, "AD"));
  bavaria = plumb_iso_codes_get_subdivision (codes, "DE", plumb_iso_codes_find_subdivision (codes, "DE", "BY"));
  g_assert_cmpstr (bavaria->name, ==, "Bavière");
  /* Types are translated too: California is a "State", here "Land". */
  g_assert_cmpstr (plumb_iso_codes_get_subdivision (codes, "US",
                                                    plumb_iso_codes_find_subdivision (codes, "US", "CA"))->type,
                   ==, "Land");
  g_assert_true (plumb_iso_subdivision_matches (bavaria, "baviere"));
  g_assert_cmpstr (bavaria->short_code, ==, "BY");

  g_clear_pointer (&codes, plumb_iso_codes_unref);
  store_test_rmdir (prefix);
}

typedef struct
{
  PlumbProfileField field;
  const char       *text;
  gboolean          valid;
} FieldCase;

static void
test_field_validation (void)
{
  static const FieldCase cases[] = {
    { PLUMB_PROFILE_FIRST_NAME, "", TRUE },
    { PLUMB_PROFILE_LAST_NAME, "", FALSE },
    { PLUMB_PROFILE_LAST_NAME, "   ", FALSE },
    { PLUMB_PROFILE_LAST_NAME, "Morgan", TRUE },
    { PLUMB_PROFILE_INITIALS, "AM", TRUE },
    { PLUMB_PROFILE_INITIALS, "ÅÉÎ", TRUE },
    { PLUMB_PROFILE_INITIALS, "ABCD", FALSE },
    { PLUMB_PROFILE_EMAIL, "alex@example.com", TRUE },
    { PLUMB_PROFILE_EMAIL, "", FALSE },
    { PLUMB_PROFILE_EMAIL, "alex example.com", FALSE },
    { PLUMB_PROFILE_EMAIL, "alex@example", FALSE },
    { PLUMB_PROFILE_BUSINESS_PHONE, "", TRUE },
    { PLUMB_PROFILE_BUSINESS_PHONE, "+1 (415) 555-0100", TRUE },
    { PLUMB_PROFILE_BUSINESS_PHONE, "555-01", FALSE },
    { PLUMB_PROFILE_BUSINESS_PHONE, "415 555 O100", FALSE },
    { PLUMB_PROFILE_EXTENSION, "", TRUE },
    { PLUMB_PROFILE_EXTENSION, "204", TRUE },
    { PLUMB_PROFILE_EXTENSION, "20a", FALSE },
    { PLUMB_PROFILE_EXTENSION, "-4", FALSE },
    { PLUMB_PROFILE_EXTENSION, "1234567890", FALSE },
    { PLUMB_PROFILE_JOB_TITLE, "", TRUE },
    { PLUMB_PROFILE_ZIP, "94107", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean valid = plumb_profile_check_field (cases[i].field, cases[i].text, &error);

      g_test_message ("%s “%s”", plumb_profile_field_api_name (cases[i].field), cases[i].text);
      g_assert_cmpint (valid, ==, cases[i].valid);
      if (!valid)
        {
          g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
          g_assert_cmpuint (strlen (error->message), >, 10);
        }
    }
}

static void
test_field_values (void)
{
  g_autoptr(JsonObject) record = store_test_object ("{\"id\": 7, \"first_name\": \"Alex\", \"zip\": null,"
                                                   " \"business_phone_extension\": 204, \"state_code\": \"CA\"}");
  g_autoptr(JsonNode) ext = NULL;
  g_autoptr(JsonNode) empty = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = plumb_profile_field_text (PLUMB_PROFILE_FIRST_NAME, record);
  g_autofree char *zip = plumb_profile_field_text (PLUMB_PROFILE_ZIP, record);
  g_autofree char *ext_text = plumb_profile_field_text (PLUMB_PROFILE_EXTENSION, record);
  PlumbProfileField field;

  g_assert_cmpstr (first, ==, "Alex");
  g_assert_cmpstr (zip, ==, "");
  g_assert_cmpstr (ext_text, ==, "204");

  /* Procore stores the extension as a number. */
  ext = plumb_profile_field_value (PLUMB_PROFILE_EXTENSION, " 0042 ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_value_type (ext), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (ext), ==, 42);
  empty = plumb_profile_field_value (PLUMB_PROFILE_JOB_TITLE, "  ", &error);
  g_assert_true (JSON_NODE_HOLDS_NULL (empty));
  state = plumb_profile_field_value (PLUMB_PROFILE_STATE, "ca", &error);
  g_assert_cmpstr (json_node_get_string (state), ==, "CA");
  g_assert_null (plumb_profile_field_value (PLUMB_PROFILE_EXTENSION, "4b", &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);

  g_assert_true (plumb_profile_field_from_name ("zip", &field));
  g_assert_cmpint (field, ==, PLUMB_PROFILE_ZIP);
  g_assert_cmpstr (plumb_profile_field_label (field), ==, "Post Code");
  g_assert_false (plumb_profile_field_from_name ("avatar", &field));
}

static PlumbOutboxOp *
edit_op (gint64            id,
         gint64            company_id,
         gint64            user_id,
         PlumbOutboxState  state,
         const char       *fields)
{
  PlumbOutboxOp *op = g_new0 (PlumbOutboxOp, 1);
  g_autoptr(JsonObject) f = store_test_object (fields);
  g_autoptr(JsonObject) base = json_object_new ();

  op->id = id;
  op->kind = PLUMB_OUTBOX_EDIT_USER;
  op->company_id = company_id;
  op->user_id = user_id;
  op->state = state;
  op->payload = plumb_outbox_edit_payload_new (f, base);
  return op;
}

static void
test_overlay_and_refusal (void)
{
  g_autoptr(JsonObject) record = store_test_object ("{\"id\": 7, \"job_title\": \"PM\", \"city\": \"Oakland\"}");
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) plumb_outbox_op_free);
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(GHashTable) by_field = NULL;
  g_autoptr(JsonObject) two = store_test_object ("{\"email_address\": \"x@y.z\", \"job_title\": \"A\"}");
  g_autoptr(JsonObject) one = store_test_object ("{\"city\": \"Reno\"}");

  g_ptr_array_add (ops, edit_op (1, 5001, 7, PLUMB_OUTBOX_PENDING, "{\"job_title\": \"Lead\"}"));
  g_ptr_array_add (ops, edit_op (2, 5002, 7, PLUMB_OUTBOX_PENDING, "{\"city\": \"Elsewhere\"}"));
  g_ptr_array_add (ops, edit_op (3, 5001, 8, PLUMB_OUTBOX_PENDING, "{\"city\": \"Someone else's\"}"));
  g_ptr_array_add (ops, edit_op (4, 5001, 7, PLUMB_OUTBOX_FAILED, "{\"city\": \"Refused\"}"));
  g_ptr_array_add (ops, edit_op (5, 5001, 7, PLUMB_OUTBOX_DONE, "{\"city\": \"Old\"}"));

  shown = plumb_profile_overlay (record, ops, 5001, FALSE);
  g_assert_cmpstr (json_object_get_string_member (shown, "job_title"), ==, "Lead");
  g_assert_cmpstr (json_object_get_string_member (shown, "city"), ==, "Oakland");
  refused = plumb_profile_overlay (record, ops, 5001, TRUE);
  g_assert_cmpstr (json_object_get_string_member (refused, "city"), ==, "Refused");
  /* The record itself is left alone. */
  g_assert_cmpstr (json_object_get_string_member (record, "job_title"), ==, "PM");

  by_field = plumb_profile_refusal_by_field (two, "email address has already been taken; job title is too long");
  g_assert_cmpstr (g_hash_table_lookup (by_field, "email_address"), ==, "Has already been taken");
  g_assert_cmpstr (g_hash_table_lookup (by_field, "job_title"), ==, "Is too long");
  g_clear_pointer (&by_field, g_hash_table_unref);
  by_field = plumb_profile_refusal_by_field (one, "You may not change this.");
  g_assert_cmpstr (g_hash_table_lookup (by_field, "city"), ==, "You may not change this.");
}

static void
test_queue_several_companies (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(PlumbStore) store = store_test_open_new (&dir);
  g_autoptr(JsonObject) north = store_test_object ("{\"id\": 7, \"job_title\": \"PM\", \"city\": \"Oakland\"}");
  g_autoptr(JsonObject) harbor = store_test_object ("{\"id\": 9, \"job_title\": \"Site lead\", \"city\": \"Oakland\"}");
  g_autoptr(JsonObject) fields = store_test_object ("{\"job_title\": \"Director\"}");
  g_autoptr(JsonObject) base = store_test_object ("{\"job_title\": \"PM\"}");
  g_autoptr(GBytes) photo = g_bytes_new_static ("\x89PNG\r\n\x1a\n", 8);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 companies[] = { 5001, 5002, 5003 };
  PlumbProfileQueued *queued;
  PlumbOutboxOp *op;
  JsonObject *payload_base;
  gint64 stale;

  g_assert_true (plumb_store_put_own_record (store, 5001, north, north, NULL, &error));
  g_assert_true (plumb_store_put_own_record (store, 5002, harbor, harbor, NULL, &error));
  /* A refused edit in Harbor is replaced by the new one. */
  stale = plumb_outbox_enqueue (store, PLUMB_OUTBOX_EDIT_USER, 5002, 9,
                                plumb_outbox_edit_payload_new (fields, base), NULL, 0, NULL, &error);
  g_assert_true (plumb_outbox_mark_in_flight (store, stale, NULL, &error));
  g_assert_true (plumb_outbox_mark_failed (store, stale, "job title is too long", TRUE, 0, NULL, &error));

  results = plumb_profile_queue (store, companies, G_N_ELEMENTS (companies), fields, base, photo,
                                 "image/png", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);

  queued = g_ptr_array_index (results, 0);
  g_assert_cmpint (queued->user_id, ==, 7);
  g_assert_cmpuint (queued->op_ids->len, ==, 2);
  g_assert_null (queued->error);
  queued = g_ptr_array_index (results, 1);
  g_assert_cmpint (queued->user_id, ==, 9);
  g_assert_cmpuint (queued->op_ids->len, ==, 2);
  /* Never synced: nothing is known of the person there. */
  queued = g_ptr_array_index (results, 2);
  g_assert_cmpint (queued->user_id, ==, 0);
  g_assert_cmpuint (queued->op_ids->len, ==, 0);
  g_assert_nonnull (queued->error);

  ops = plumb_outbox_list (store, FALSE, NULL, &error);
  g_assert_cmpuint (ops->len, ==, 4);
  for (guint i = 0; i < ops->len; i++)
    g_assert_cmpint (((PlumbOutboxOp *) g_ptr_array_index (ops, i))->id, !=, stale);

  /* Harbor's base is Harbor's own value, so a difference there surfaces as a conflict. */
  op = g_ptr_array_index (ops, 2);
  g_assert_cmpint (op->company_id, ==, 5002);
  g_assert_cmpint (op->kind, ==, PLUMB_OUTBOX_EDIT_USER);
  payload_base = json_object_get_object_member (op->payload, "base");
  g_assert_cmpstr (json_object_get_string_member (payload_base, "job_title"), ==, "Site lead");
  op = g_ptr_array_index (ops, 3);
  g_assert_cmpint (op->kind, ==, PLUMB_OUTBOX_PHOTO);
  g_assert_cmpint (op->user_id, ==, 9);
  g_assert_cmpuint (g_bytes_get_size (op->photo), ==, 8);

  g_clear_object (&store);
  store_test_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/profile/iso/countries", test_iso_countries);
  g_test_add_func ("/profile/iso/subdivisions", test_iso_subdivisions);
  g_test_add_func ("/profile/iso/async-and-missing", test_iso_async_and_missing);
  g_test_add_func ("/profile/iso/translated", test_iso_translated);
  g_test_add_func ("/profile/fields/validation", test_field_validation);
  g_test_add_func ("/profile/fields/values", test_field_values);
  g_test_add_func ("/profile/overlay-and-refusal", test_overlay_and_refusal);
  g_test_add_func ("/profile/queue/several-companies", test_queue_several_companies);

  return g_test_run ();
}
