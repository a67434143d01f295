/* test-sandbox-users.c: the sandbox's company directory, over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-test.h"

#define USERS "/rest/v1.3/companies/5001/users"

typedef struct
{
  TestServer *ts;
  char       *admin;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->ts = test_server_new (NULL, NULL);
  f->admin = test_sign_in (f->ts, ADMIN_EMAIL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_server_free (f->ts);
  g_free (f->admin);
}

static Reply *
get (Fixture    *f,
     const char *token,
     const char *path)
{
  return test_request (f->ts, "GET", path, token, NORTHWIND, NULL, NULL);
}

static Reply *
patch_json (Fixture    *f,
            const char *token,
            gint64      id,
            const char *body)
{
  g_autofree char *path = g_strdup_printf (USERS "/%" G_GINT64_FORMAT, id);

  return test_request (f->ts, "PATCH", path, token, NORTHWIND, "application/json", body);
}

static guint
header_uint (Reply      *reply,
             const char *name)
{
  const char *value = reply_header (reply, name);

  g_assert_nonnull (value);
  return (guint) g_ascii_strtoull (value, NULL, 10);
}

static char *
link_for (Reply      *reply,
          const char *rel)
{
  const char *header = reply_header (reply, "Link");
  g_auto(GStrv) links = NULL;
  g_autofree char *wanted = g_strdup_printf ("rel=\"%s\"", rel);

  g_assert_nonnull (header);
  links = g_strsplit (header, ",", -1);
  for (guint i = 0; links[i] != NULL; i++)
    {
      char *start = strchr (links[i], '<');
      char *end = strchr (links[i], '>');

      if (start != NULL && end != NULL && strstr (end, wanted) != NULL)
        return g_strndup (start + 1, end - start - 1);
    }
  return NULL;
}

/* All active people of Northwind in one page. */
static JsonArray *
all_users (Fixture    *f,
           const char *extra)
{
  g_autofree char *path = g_strdup_printf (USERS "?per_page=2000%s", extra != NULL ? extra : "");
  g_autoptr(Reply) reply = get (f, f->admin, path);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_ref (reply_array (reply));
}

static JsonObject *
user_by_email (Fixture    *f,
               const char *email)
{
  JsonObject *user = test_find_user (f->ts, f->admin, NORTHWIND, email);

  g_assert_nonnull (user);
  return user;
}

/* A generated person who was never invited, whoever the seed made. */
static JsonObject *
some_person (Fixture *f)
{
  g_autoptr(JsonArray) people = all_users (f, NULL);

  for (guint i = 0; i < json_array_get_length (people); i++)
    {
      JsonObject *p = json_array_get_object_element (people, i);

      if (json_object_get_int_member (p, "id") >= 2000000 &&
          json_object_get_null_member (p, "welcome_email_sent_at"))
        return json_object_ref (p);
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Reply) first = get (f, f->admin, USERS "?per_page=50&sort=name");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *next = NULL;
  g_autofree char *last = NULL;
  guint total = header_uint (first, "Total");
  guint pages = 0;

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (total, >=, 220);
  g_assert_cmpuint (total, <=, 270);
  g_assert_cmpuint (header_uint (first, "Per-Page"), ==, 50);
  g_assert_cmpuint (json_array_get_length (reply_array (first)), ==, 50);
  g_assert_null (link_for (first, "prev"));
  last = link_for (first, "last");
  g_assert_true (g_str_has_prefix (last, f->ts->url));
  g_assert_nonnull (strstr (last, "sort=name"));
  g_assert_nonnull (strstr (last, "per_page=50"));

  /* Follow next links to the end: every person once, the last page without next. */
  next = link_for (first, "first");
  while (next != NULL)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", next);
      g_autoptr(Reply) page = NULL;
      g_autofree char *auth = g_strconcat ("Bearer ", f->admin, NULL);
      JsonArray *array;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Procore-Company-Id", NORTHWIND);
      page = test_send (f->ts, msg);
      g_assert_cmpuint (page->status, ==, 200);
      g_assert_cmpuint (header_uint (page, "Total"), ==, total);
      array = reply_array (page);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 *id = g_new (gint64, 1);

          *id = json_object_get_int_member (json_array_get_object_element (array, i), "id");
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);
        }
      pages++;
      g_free (next);
      next = link_for (page, "next");
      if (next == NULL)
        {
          g_autofree char *prev = link_for (page, "prev");

          g_assert_nonnull (prev);
          g_assert_cmpuint (json_array_get_length (array), ==, total - 50 * (pages - 1));
        }
      g_assert_cmpuint (pages, <=, 10);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, total);
  g_assert_cmpuint (pages, ==, (total + 49) / 50);
}

static void
test_per_page_clamp (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Reply) big = get (f, f->admin, USERS "?per_page=100000");
  g_autoptr(Reply) fallback = get (f, f->admin, USERS);
  g_autoptr(Reply) beyond = get (f, f->admin, USERS "?page=99");

  g_assert_cmpuint (header_uint (big, "Per-Page"), ==, 2000);
  g_assert_cmpuint (header_uint (fallback, "Per-Page"), ==, 100);
  g_assert_cmpuint (json_array_get_length (reply_array (fallback)), ==, 100);
  g_assert_cmpuint (beyond->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (reply_array (beyond)), ==, 0);
}

static gboolean
array_has_name (JsonArray  *array,
                const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (array, i), "name"), name) == 0)
      return TRUE;
  return FALSE;
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Reply) exact = get (f, f->admin, USERS "?filters%5Bsearch%5D=%C5%81ukasiewicz");
  g_autoptr(Reply) folded = get (f, f->admin, USERS "?filters%5Bsearch%5D=zoe%20l");
  g_autoptr(Reply) vendor = get (f, f->admin, USERS "?filters%5Bsearch%5D=cascade%20electric&per_page=2000");
  g_autoptr(Reply) nobody = get (f, f->admin, USERS "?filters%5Bsearch%5D=qqqqzzzz");
  g_autoptr(JsonArray) everyone = all_users (f, NULL);
  guint expected_vendor = 0;
  JsonArray *array;

  g_assert_true (array_has_name (reply_array (exact), "Zoë Łukasiewicz-Ó'Donnell"));
  g_assert_cmpuint (header_uint (exact, "Total"), ==, json_array_get_length (reply_array (exact)));
  g_assert_true (array_has_name (reply_array (folded), "Zoë Łukasiewicz-Ó'Donnell"));
  g_assert_cmpuint (header_uint (nobody, "Total"), ==, 0);

  for (guint i = 0; i < json_array_get_length (everyone); i++)
    {
      JsonObject *v = json_object_get_object_member (json_array_get_object_element (everyone, i), "vendor");

      if (v != NULL && g_strcmp0 (json_object_get_string_member (v, "name"), "Cascade Electric Co.") == 0)
        expected_vendor++;
    }
  array = reply_array (vendor);
  g_assert_cmpuint (expected_vendor, >, 0);
  g_assert_cmpuint (json_array_get_length (array), ==, expected_vendor);
}

static void
test_updated_filter_and_sort (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(JsonArray) newest = all_users (f, "&sort=-updated_at");
  g_autoptr(JsonArray) by_email = all_users (f, "&sort=email");
  g_autoptr(JsonArray) by_title = all_users (f, "&sort=job_title");
  g_autoptr(JsonArray) by_name = all_users (f, "&sort=name");
  g_autoptr(JsonArray) by_name_desc = all_users (f, "&sort=-name");
  const char *pivot = json_object_get_string_member (json_array_get_object_element (newest, 20), "updated_at");
  g_autofree char *path = NULL;
  g_autoptr(Reply) filtered = NULL;
  g_autoptr(Reply) bad = NULL;
  guint expected = 0;
  guint n = json_array_get_length (newest);

  for (guint i = 1; i < n; i++)
    {
      const char *a = json_object_get_string_member (json_array_get_object_element (newest, i - 1), "updated_at");
      const char *b = json_object_get_string_member (json_array_get_object_element (newest, i), "updated_at");

      g_assert_cmpstr (a, >=, b);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (by_email, i - 1), "email_address"),
                       <=,
                       json_object_get_string_member (json_array_get_object_element (by_email, i), "email_address"));
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (by_name, i), "id"), ==,
                       json_object_get_int_member (json_array_get_object_element (by_name_desc, n - 1 - i), "id"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (by_title, 0), "job_title"), <=,
                   json_object_get_string_member (json_array_get_object_element (by_title, n - 1), "job_title"));
  /* Name order is by last name; among plain ASCII names it is plain case-blind order. */
  {
    const char *previous = NULL;

    for (guint i = 0; i < n; i++)
      {
        const char *last = json_object_get_string_member (json_array_get_object_element (by_name, i), "last_name");
        gboolean ascii = TRUE;

        for (const char *p = last; *p != '\0'; p++)
          ascii = ascii && (g_ascii_isalpha (*p));
        if (!ascii)
          continue;
        if (previous != NULL)
          g_assert_cmpint (g_ascii_strcasecmp (previous, last), <=, 0);
        previous = last;
      }
  }

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (newest, i), "updated_at"), pivot) >= 0)
      expected++;
  path = g_strdup_printf (USERS "?per_page=2000&filters%%5Bupdated_at%%5D=%s...2999-01-01T00:00:00Z", pivot);
  filtered = get (f, f->admin, path);
  g_assert_cmpuint (filtered->status, ==, 200);
  g_assert_cmpuint (header_uint (filtered, "Total"), ==, expected);
  g_assert_cmpuint (expected, >=, 21);
  g_assert_cmpuint (expected, <, n);

  bad = get (f, f->admin, USERS "?sort=shoe_size");
  g_assert_cmpuint (bad->status, ==, 422);
}

static void
test_error_shapes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Reply) no_header = test_request (f->ts, "GET", USERS, f->admin, NULL, NULL, NULL);
  g_autoptr(Reply) no_token = test_request (f->ts, "GET", USERS, NULL, NORTHWIND, NULL, NULL);
  g_autoptr(Reply) bad_token = test_request (f->ts, "GET", USERS, "garbage", NORTHWIND, NULL, NULL);
  g_autoptr(Reply) other_company_user = NULL;
  g_autoptr(Reply) unknown = get (f, f->admin, USERS "/999999999");
  g_autoptr(Reply) foreign = test_request (f->ts, "GET", "/rest/v1.3/companies/9999/users", f->admin,
                                           "9999", NULL, NULL);
  g_autoptr(Reply) harbor = test_request (f->ts, "GET", "/rest/v1.3/companies/5002/users?per_page=2000",
                                          f->admin, HARBOR, NULL, NULL);
  JsonObject *error;
  gint64 harbor_only = 0;
  JsonArray *harbor_people;

  g_assert_cmpuint (no_header->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (reply_object (no_header), "errors"), ==,
                   "Missing Procore-Company-Id header!");
  g_assert_cmpuint (no_token->status, ==, 401);
  error = json_object_get_object_member (reply_object (no_token), "error");
  g_assert_nonnull (json_object_get_string_member (error, "code"));
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  g_assert_cmpuint (bad_token->status, ==, 401);
  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_nonnull (json_object_get_object_member (reply_object (unknown), "error"));
  g_assert_cmpuint (foreign->status, ==, 404);

  /* A Harbor person is not found through Northwind; Harbor ids pass 32 bits. */
  harbor_people = reply_array (harbor);
  for (guint i = 0; i < json_array_get_length (harbor_people); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (harbor_people, i), "id");

      if (id > G_MAXUINT32)
        harbor_only = id;
    }
  g_assert_cmpint (harbor_only, >, G_MAXUINT32);
  {
    g_autofree char *path = g_strdup_printf (USERS "/%" G_GINT64_FORMAT, harbor_only);

    other_company_user = get (f, f->admin, path);
  }
  g_assert_cmpuint (other_company_user->status, ==, 404);
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *jordan = test_sign_in (f->ts, JORDAN_EMAIL, NULL);
  g_autofree char *riley = test_sign_in (f->ts, RILEY_EMAIL, NULL);
  g_autofree char *sam = test_sign_in (f->ts, SAM_EMAIL, NULL);
  g_autofree char *casey = test_sign_in (f->ts, CASEY_EMAIL, NULL);
  g_autoptr(JsonObject) target = some_person (f);
  g_autoptr(JsonObject) jordan_record = user_by_email (f, JORDAN_EMAIL);
  gint64 id = json_object_get_int_member (target, "id");
  g_autofree char *invite = g_strdup_printf (USERS "/%" G_GINT64_FORMAT "/invite", id);
  const struct { const char *token; guint invite; guint edit; guint email; } cases[] = {
    { jordan, 403, 403, 403 },
    { riley, 403, 403, 403 },
    { sam, 202, 200, 403 },
    { casey, 202, 200, 403 },
    { f->admin, 202, 200, 200 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) inv = test_request (f->ts, "PATCH", invite, cases[i].token, NORTHWIND, NULL, NULL);
      g_autoptr(Reply) edit = patch_json (f, cases[i].token, id, "{\"user\":{\"job_title\":\"Estimator\"}}");
      g_autofree char *email_body = g_strdup_printf ("{\"user\":{\"email_address\":\"renamed%u@northwind.example\"}}", i);
      g_autoptr(Reply) email = patch_json (f, cases[i].token, id, email_body);

      g_assert_cmpuint (inv->status, ==, cases[i].invite);
      g_assert_cmpuint (edit->status, ==, cases[i].edit);
      g_assert_cmpuint (email->status, ==, cases[i].email);
      if (inv->status == 403)
        g_assert_nonnull (json_object_get_object_member (reply_object (inv), "error"));
    }

  /* Anyone edits their own record, but not its email. */
  {
    gint64 own = json_object_get_int_member (jordan_record, "id");
    g_autoptr(Reply) mine = patch_json (f, jordan, own, "{\"user\":{\"job_title\":\"Lead Engineer\"}}");
    g_autoptr(Reply) my_email = patch_json (f, jordan, own, "{\"user\":{\"email_address\":\"j@northwind.example\"}}");
    g_autoptr(Reply) me = test_request (f->ts, "GET", "/rest/v1.3/companies/5001/me", jordan, NORTHWIND, NULL, NULL);

    g_assert_cmpuint (mine->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (reply_object (mine), "job_title"), ==, "Lead Engineer");
    g_assert_cmpuint (my_email->status, ==, 403);
    g_assert_cmpuint (me->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (reply_object (me), "job_title"), ==, "Lead Engineer");
    g_assert_true (json_object_has_member (reply_object (me), "welcome_email_sent_at"));
  }

  /* The permissions endpoint says the same. */
  {
    g_autoptr(Reply) perms = test_request (f->ts, "GET", "/rest/v1.0/settings/permissions?company_id=5001",
                                           casey, NORTHWIND, NULL, NULL);
    JsonObject *tool = json_array_get_object_element (json_object_get_array_member (reply_object (perms), "tools"), 0);
    JsonArray *actions = json_object_get_array_member (tool, "permitted_actions");

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (tool, "user_access_level"), "name"),
                     ==, "Read Only");
    g_assert_cmpuint (json_array_get_length (actions), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (actions, 0), "action_name"), ==,
                     "Create and Edit Users (Based on Assignable Permissions Templates)");
  }
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) target = some_person (f);
  gint64 id = json_object_get_int_member (target, "id");
  const struct { const char *body; const char *field; const char *message; } bad[] = {
    { "{\"user\":{\"initials\":\"ABCD\"}}", "initials", "is too long (maximum is 3 characters)" },
    { "{\"user\":{\"email_address\":\"not an email\"}}", "email_address", "is invalid" },
    { "{\"user\":{\"country_code\":\"XX\"}}", "country_code", "is not included in the list" },
    { "{\"user\":{\"country_code\":\"US\",\"state_code\":\"ZZ\"}}", "state_code", "is not included in the list" },
    { "{\"user\":{\"country_code\":\"CA\",\"state_code\":\"TX\"}}", "state_code", "is not included in the list" },
    { "{\"user\":{\"business_phone_extension\":\"abc\"}}", "business_phone_extension", "is not a number" },
    { "{\"user\":{\"business_phone_extension\":1.5}}", "business_phone_extension", "is not a number" },
  };
  g_autoptr(Reply) good = NULL;
  g_autoptr(Reply) full_form = NULL;
  g_autoptr(Reply) missing = NULL;
  JsonObject *o;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Reply) reply = patch_json (f, f->admin, id, bad[i].body);
      JsonArray *messages;

      g_assert_cmpuint (reply->status, ==, 422);
      messages = json_object_get_array_member (json_object_get_object_member (reply_object (reply), "errors"),
                                               bad[i].field);
      g_assert_nonnull (messages);
      g_assert_cmpstr (json_array_get_string_element (messages, 0), ==, bad[i].message);
    }

  good = patch_json (f, f->admin, id, "{\"user\":{\"initials\":\"TQA\",\"country_code\":\"ca\","
                                      "\"state_code\":\"ON\",\"business_phone_extension\":42}}");
  g_assert_cmpuint (good->status, ==, 200);
  o = reply_object (good);
  g_assert_cmpstr (json_object_get_string_member (o, "initials"), ==, "TQA");
  g_assert_cmpstr (json_object_get_string_member (o, "country_code"), ==, "CA");
  g_assert_cmpstr (json_object_get_string_member (o, "state_code"), ==, "ON");
  g_assert_cmpint (json_object_get_int_member (o, "business_phone_extension"), ==, 42);

  full_form = patch_json (f, f->admin, id, "{\"user\":{\"country_code\":\"US\",\"state_code\":\"US-NY\"}}");
  g_assert_cmpuint (full_form->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (reply_object (full_form), "state_code"), ==, "NY");

  /* What the PATCH answered is what GET reads back. */
  {
    g_autofree char *path = g_strdup_printf (USERS "/%" G_GINT64_FORMAT, id);
    g_autoptr(Reply) read_back = get (f, f->admin, path);

    g_assert_cmpuint (read_back->status, ==, 200);
    g_assert_cmpstr (read_back->text, ==, full_form->text);
  }

  missing = patch_json (f, f->admin, id, "{\"job_title\":\"no wrapper\"}");
  g_assert_cmpuint (missing->status, ==, 400);
  g_assert_nonnull (json_object_get_string_member (reply_object (missing), "message"));
  g_assert_nonnull (json_object_get_string_member (reply_object (missing), "error"));
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Reply) before = get (f, f->admin, USERS "?per_page=1");
  g_autoptr(Reply) created = test_request (f->ts, "POST", USERS, f->admin, NORTHWIND, NULL,
                                           "{\"user\":{\"first_name\":\"Nia\",\"last_name\":\"Okoro\","
                                           "\"email_address\":\"nia.okoro@northwind.example\","
                                           "\"country_code\":\"GB\"}}");
  g_autoptr(Reply) again = test_request (f->ts, "POST", USERS, f->admin, NORTHWIND, NULL,
                                         "{\"user\":{\"last_name\":\"Okoro\","
                                         "\"email_address\":\"NIA.OKORO@northwind.example\"}}");
  g_autoptr(Reply) blank = test_request (f->ts, "POST", USERS, f->admin, NORTHWIND, NULL,
                                         "{\"user\":{\"first_name\":\"Nobody\"}}");
  g_autoptr(Reply) after = get (f, f->admin, USERS "?per_page=1");
  g_autofree char *jordan = test_sign_in (f->ts, JORDAN_EMAIL, NULL);
  g_autoptr(Reply) forbidden = test_request (f->ts, "POST", USERS, jordan, NORTHWIND, NULL,
                                             "{\"user\":{\"last_name\":\"X\",\"email_address\":\"x@northwind.example\"}}");
  JsonObject *o;

  g_assert_cmpuint (created->status, ==, 201);
  o = reply_object (created);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Nia Okoro");
  g_assert_true (json_object_get_boolean_member (o, "is_active"));
  g_assert_true (json_object_get_null_member (o, "welcome_email_sent_at"));
  g_assert_cmpuint (again->status, ==, 409);
  g_assert_cmpuint (blank->status, ==, 422);
  g_assert_nonnull (json_object_get_array_member (json_object_get_object_member (reply_object (blank), "errors"),
                                                  "email_address"));
  g_assert_cmpuint (header_uint (after, "Total"), ==, header_uint (before, "Total") + 1);
  g_assert_cmpuint (forbidden->status, ==, 403);
}

static GBytes *
tiny_png (void)
{
  static const guint8 png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
  };

  return g_bytes_new_static (png, sizeof png);
}

static Reply *
patch_multipart (Fixture    *f,
                 gint64      id,
                 GBytes     *file,
                 const char *job_title)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autofree char *uri = g_strdup_printf ("%s" USERS "/%" G_GINT64_FORMAT, f->ts->url, id);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *auth = g_strconcat ("Bearer ", f->admin, NULL);

  soup_multipart_append_form_string (multipart, "user[job_title]", job_title);
  soup_multipart_append_form_file (multipart, "user[avatar]", "me.png", "image/png", file);
  msg = soup_message_new_from_multipart (uri, multipart);
  soup_message_set_method (msg, "PATCH");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Procore-Company-Id", NORTHWIND);
  return test_send (f->ts, msg);
}

static void
test_avatar_upload (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) target = some_person (f);
  gint64 id = json_object_get_int_member (target, "id");
  g_autoptr(GBytes) png = tiny_png ();
  g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);
  g_autoptr(Reply) reply = patch_multipart (f, id, png, "Site Engineer");
  g_autoptr(Reply) refused = patch_multipart (f, id, text, "Site Engineer");
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(Reply) image = NULL;
  const char *avatar;

  g_assert_cmpuint (reply->status, ==, 200);
  avatar = json_object_get_string_member (reply_object (reply), "avatar");
  g_assert_true (g_str_has_prefix (avatar, f->ts->url));
  g_assert_cmpstr (json_object_get_string_member (reply_object (reply), "job_title"), ==, "Site Engineer");
  g_assert_cmpstr (json_object_get_string_member (reply_object (reply), "updated_at"), !=,
                   json_object_get_string_member (target, "updated_at"));

  msg = soup_message_new ("GET", avatar);
  image = test_send (f->ts, msg);
  g_assert_cmpuint (image->status, ==, 200);
  g_assert_cmpstr (reply_header (image, "Content-Type"), ==, "image/png");
  g_assert_true (g_bytes_equal (image->body, png));

  g_assert_cmpuint (refused->status, ==, 422);
  g_assert_nonnull (json_object_get_array_member (json_object_get_object_member (reply_object (refused), "errors"),
                                                  "avatar"));

  /* A null avatar removes the photo, and its address stops answering. */
  {
    g_autoptr(Reply) removed = patch_json (f, f->admin, id, "{\"user\":{\"avatar\":null}}");
    g_autoptr(SoupMessage) again = soup_message_new ("GET", avatar);
    g_autoptr(Reply) gone = NULL;

    g_assert_cmpuint (removed->status, ==, 200);
    g_assert_true (json_object_get_null_member (reply_object (removed), "avatar"));
    gone = test_send (f->ts, again);
    g_assert_cmpuint (gone->status, ==, 404);
  }
}

static void
test_invite (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonObject) target = some_person (f);
  gint64 id = json_object_get_int_member (target, "id");
  g_autofree char *path = g_strdup_printf (USERS "/%" G_GINT64_FORMAT "/invite", id);
  g_autoptr(Reply) clock = test_request (f->ts, "GET", "/_sandbox/clock", NULL, NULL, NULL, NULL);
  g_autoptr(Reply) invited = test_request (f->ts, "PATCH", path, f->admin, NORTHWIND, NULL, NULL);
  g_autofree char *upper = g_ascii_strup (json_object_get_string_member (target, "email_address"), -1);
  g_autofree char *escaped = g_uri_escape_string (upper, NULL, FALSE);
  g_autofree char *mail_path = g_strconcat ("/_sandbox/mailbox?to=", escaped, NULL);
  g_autoptr(Reply) mailbox = test_request (f->ts, "GET", mail_path, NULL, NULL, NULL, NULL);
  g_autoptr(JsonObject) after = user_by_email (f, json_object_get_string_member (target, "email_address"));
  JsonArray *mails;
  JsonObject *mail;
  const char *now = json_object_get_string_member (reply_object (clock), "now");

  g_assert_cmpuint (invited->status, ==, 202);
  g_assert_cmpstr (json_object_get_string_member (after, "welcome_email_sent_at"), >=, now);
  g_assert_cmpstr (json_object_get_string_member (after, "updated_at"), >=, now);
  g_assert_cmpstr (json_object_get_string_member (after, "updated_at"), >,
                   json_object_get_string_member (target, "updated_at"));

  mails = reply_array (mailbox);
  g_assert_cmpuint (json_array_get_length (mails), ==, 1);
  mail = json_array_get_object_element (mails, 0);
  g_assert_cmpstr (json_object_get_string_member (mail, "subject"), ==, "Welcome to Procore");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (mail, "from"), "@procoretech.com"));
  g_assert_cmpstr (json_object_get_string_member (mail, "to"), ==,
                   json_object_get_string_member (target, "email_address"));
  g_assert_cmpstr (json_object_get_string_member (mail, "kind"), ==, "welcome");
  g_assert_cmpint (json_object_get_int_member (mail, "user_id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (mail, "company_id"), ==, 5001);
  g_assert_cmpstr (json_object_get_string_member (mail, "sent_at"), ==,
                   json_object_get_string_member (after, "welcome_email_sent_at"));
}

static void
test_inactive (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Reply) inactive = get (f, f->admin, USERS "/inactive?per_page=2000");
  g_autoptr(Reply) before = get (f, f->admin, USERS "?per_page=1");
  JsonArray *people = reply_array (inactive);
  gint64 id;
  g_autofree char *path = NULL;
  g_autoptr(Reply) reactivated = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(Reply) deactivated = NULL;
  g_autoptr(Reply) after = NULL;

  g_assert_cmpuint (json_array_get_length (people), >, 3);
  for (guint i = 0; i < json_array_get_length (people); i++)
    g_assert_false (json_object_get_boolean_member (json_array_get_object_element (people, i), "is_active"));

  id = json_object_get_int_member (json_array_get_object_element (people, 0), "id");
  path = g_strdup_printf (USERS "/inactive/%" G_GINT64_FORMAT, id);
  reactivated = test_request (f->ts, "PATCH", path, f->admin, NORTHWIND, NULL, NULL);
  g_assert_cmpuint (reactivated->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (reply_object (reactivated), "is_active"));
  again = test_request (f->ts, "PATCH", path, f->admin, NORTHWIND, NULL, NULL);
  g_assert_cmpuint (again->status, ==, 404);
  after = get (f, f->admin, USERS "?per_page=1");
  g_assert_cmpuint (header_uint (after, "Total"), ==, header_uint (before, "Total") + 1);

  deactivated = patch_json (f, f->admin, id, "{\"user\":{\"is_active\":false}}");
  g_assert_cmpuint (deactivated->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (reply_object (deactivated), "is_active"));
}

static gboolean
strings_equal_except_times (JsonObject *a,
                            JsonObject *b)
{
  g_autoptr(GList) members = json_object_get_members (a);

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *va = NULL;
      g_autofree char *vb = NULL;

      if (g_str_has_suffix (l->data, "_at") || strcmp (l->data, "avatar") == 0)
        continue;
      va = json_to_string (json_object_get_member (a, l->data), FALSE);
      vb = json_to_string (json_object_get_member (b, l->data), FALSE);
      if (g_strcmp0 (va, vb) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
test_demo_company (void)
{
  g_autoptr(TestServer) one = test_server_new ("seed", (guint64) 7, NULL);
  g_autoptr(TestServer) two = test_server_new ("seed", (guint64) 7, NULL);
  g_autoptr(TestServer) three = test_server_new ("seed", (guint64) 8, NULL);
  g_autofree char *t1 = test_sign_in (one, ADMIN_EMAIL, NULL);
  g_autofree char *t2 = test_sign_in (two, ADMIN_EMAIL, NULL);
  g_autofree char *t3 = test_sign_in (three, ADMIN_EMAIL, NULL);
  g_autoptr(Reply) a = test_request (one, "GET", USERS "?per_page=2000", t1, NORTHWIND, NULL, NULL);
  g_autoptr(Reply) b = test_request (two, "GET", USERS "?per_page=2000", t2, NORTHWIND, NULL, NULL);
  g_autoptr(Reply) c = test_request (three, "GET", USERS "?per_page=2000", t3, NORTHWIND, NULL, NULL);
  g_autoptr(Reply) harbor = test_request (one, "GET", "/rest/v1.3/companies/5002/users", t1, HARBOR, NULL, NULL);
  g_autoptr(GHashTable) countries = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *people = reply_array (a);
  guint never = 0, waiting = 0, signed_in = 0, photo = 0, no_photo = 0, same = 0;

  g_assert_cmpuint (json_array_get_length (people), ==, json_array_get_length (reply_array (b)));
  for (guint i = 0; i < json_array_get_length (people); i++)
    {
      JsonObject *p = json_array_get_object_element (people, i);

      g_assert_true (strings_equal_except_times (p, json_array_get_object_element (reply_array (b), i)));
      if (i < json_array_get_length (reply_array (c)) &&
          strings_equal_except_times (p, json_array_get_object_element (reply_array (c), i)))
        same++;
      if (json_object_get_null_member (p, "welcome_email_sent_at"))
        never++;
      else if (json_object_get_null_member (p, "last_login_at"))
        waiting++;
      else
        signed_in++;
      if (json_object_get_null_member (p, "avatar"))
        no_photo++;
      else
        photo++;
      if (!json_object_get_null_member (p, "country_code"))
        g_hash_table_add (countries, (gpointer) json_object_get_string_member (p, "country_code"));
    }
  /* Another seed, other people (the demo people and service account aside). */
  g_assert_cmpuint (same, <, 10);
  g_assert_cmpuint (never, >, 10);
  g_assert_cmpuint (waiting, >, 10);
  g_assert_cmpuint (signed_in, >, 100);
  g_assert_cmpuint (photo, >, 50);
  g_assert_cmpuint (no_photo, >, 50);
  g_assert_true (g_hash_table_contains (countries, "US"));
  g_assert_true (g_hash_table_contains (countries, "CA"));
  g_assert_true (g_hash_table_contains (countries, "GB"));
  g_assert_true (g_hash_table_contains (countries, "AU"));
  g_assert_true (g_hash_table_contains (countries, "DE"));
  g_assert_true (g_hash_table_contains (countries, "MX"));
  g_assert_true (array_has_name (people, "Zoë Łukasiewicz-Ó'Donnell"));
  g_assert_cmpuint (header_uint (harbor, "Total"), >=, 40);
  g_assert_cmpuint (header_uint (harbor, "Total"), <=, 50);
}

static void
test_generated_avatar (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonArray) people = all_users (f, NULL);
  const char *avatar = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(Reply) image = NULL;
  gsize len;
  const guint8 *bytes;

  for (guint i = 0; avatar == NULL && i < json_array_get_length (people); i++)
    if (!json_object_get_null_member (json_array_get_object_element (people, i), "avatar"))
      avatar = json_object_get_string_member (json_array_get_object_element (people, i), "avatar");
  g_assert_nonnull (avatar);
  msg = soup_message_new ("GET", avatar);
  image = test_send (f->ts, msg);
  g_assert_cmpuint (image->status, ==, 200);
  bytes = g_bytes_get_data (image->body, &len);
  g_assert_cmpuint (len, >, 100);
  g_assert_cmpmem (bytes, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (bytes + 12, 4, "IHDR", 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/sandbox/users/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("paging", test_paging);
  ADD ("per-page-clamp", test_per_page_clamp);
  ADD ("search", test_search);
  ADD ("updated-filter-and-sort", test_updated_filter_and_sort);
  ADD ("error-shapes", test_error_shapes);
  ADD ("permissions", test_permissions);
  ADD ("validation", test_validation);
  ADD ("create", test_create);
  ADD ("avatar-upload", test_avatar_upload);
  ADD ("generated-avatar", test_generated_avatar);
  ADD ("invite", test_invite);
  ADD ("inactive", test_inactive);
#undef ADD
  g_test_add_func ("/sandbox/users/demo-company", test_demo_company);

  return g_test_run ();
}
