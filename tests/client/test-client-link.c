/* test-client-link.c: the Link header parser, and paging by its rel="next"
 * when an answer has no Total
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "client-test.h"
#include "plumb-api.h"
#include "plumb-error.h"
#include "plumb-link-header.h"
#include "plumb-user.h"
#include "plumb-user-list.h"

static GPtrArray *
parse_ok (const char *value)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *links = plumb_link_header_parse (value, &error);

  g_test_message ("parsing “%s”", value);
  g_assert_no_error (error);
  g_assert_nonnull (links);
  return links;
}

static void
assert_rels (PlumbLink  *link,
             const char *target,
             const char *rels)
{
  g_autofree char *joined = g_strjoinv (" ", link->rels);

  g_assert_cmpstr (link->target, ==, target);
  g_assert_cmpstr (joined, ==, rels);
}

static void
test_parse_procore (void)
{
  g_autoptr(GPtrArray) links =
    parse_ok ("<https://api.procore.com/rest/v1.3/companies/5001/users?per_page=100&page=1>; rel=\"first\", "
              "<https://api.procore.com/rest/v1.3/companies/5001/users?per_page=100&page=2>; rel=\"next\", "
              "<https://api.procore.com/rest/v1.3/companies/5001/users?per_page=100&page=9>; rel=\"last\"");

  g_assert_cmpuint (links->len, ==, 3);
  assert_rels (links->pdata[0], "https://api.procore.com/rest/v1.3/companies/5001/users?per_page=100&page=1", "first");
  g_assert_cmpstr (plumb_link_header_find (links, "next"), ==,
                   "https://api.procore.com/rest/v1.3/companies/5001/users?per_page=100&page=2");
  g_assert_cmpstr (plumb_link_header_find (links, "last"), ==,
                   "https://api.procore.com/rest/v1.3/companies/5001/users?per_page=100&page=9");
  g_assert_null (plumb_link_header_find (links, "prev"));
}

static void
test_parse_forms (void)
{
  g_autoptr(GPtrArray) unquoted = parse_ok ("</p?page=2>; rel=next");
  g_autoptr(GPtrArray) several = parse_ok ("</p?page=9>; rel=\"next   last\"");
  g_autoptr(GPtrArray) upper = parse_ok ("</p?page=2>; REL=\"Next\"");
  g_autoptr(GPtrArray) spaced = parse_ok (" \t</a>  ;  rel = \"next\" ,\t</b>;rel=last ;title=\"x\"  ");
  g_autoptr(GPtrArray) commas = parse_ok ("</users?filters[id]=1,2,3&page=2>; rel=\"next\", </users?page=1>; rel=first");
  g_autoptr(GPtrArray) params = parse_ok ("</a>; title=\"one, two; \\\"three\\\"\"; rel=\"next\"; "
                                          "title*=UTF-8'de'n%c3%a4chstes; anchor=\"#x\"; hreflang=de");
  g_autoptr(GPtrArray) first_rel = parse_ok ("</a>; rel=prev; rel=next");
  g_autoptr(GPtrArray) no_rel = parse_ok ("</a>; title=x; crossorigin");
  g_autoptr(GPtrArray) empty_elements = parse_ok (", ,</a>; rel=next,, ");
  g_autoptr(GPtrArray) empty_target = parse_ok ("<>; rel=next");
  g_autoptr(GPtrArray) empty = parse_ok ("");
  g_autoptr(GPtrArray) only_commas = parse_ok (" , ,");
  g_autoptr(GPtrArray) empty_rel = parse_ok ("</a>; rel=\"\"");
  g_autoptr(GPtrArray) extension = parse_ok ("</a>; rel=\"https://example.com/Rel/Next next\"");

  assert_rels (unquoted->pdata[0], "/p?page=2", "next");
  assert_rels (several->pdata[0], "/p?page=9", "next last");
  g_assert_cmpstr (plumb_link_header_find (several, "last"), ==, "/p?page=9");
  assert_rels (upper->pdata[0], "/p?page=2", "next");
  g_assert_cmpuint (spaced->len, ==, 2);
  assert_rels (spaced->pdata[0], "/a", "next");
  assert_rels (spaced->pdata[1], "/b", "last");
  g_assert_cmpuint (commas->len, ==, 2);
  g_assert_cmpstr (plumb_link_header_find (commas, "next"), ==, "/users?filters[id]=1,2,3&page=2");
  g_assert_cmpuint (params->len, ==, 1);
  assert_rels (params->pdata[0], "/a", "next");
  assert_rels (first_rel->pdata[0], "/a", "prev");
  g_assert_null (plumb_link_header_find (first_rel, "next"));
  assert_rels (no_rel->pdata[0], "/a", "");
  g_assert_cmpuint (empty_elements->len, ==, 1);
  assert_rels (empty_target->pdata[0], "", "next");
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (only_commas->len, ==, 0);
  assert_rels (empty_rel->pdata[0], "/a", "");
  assert_rels (extension->pdata[0], "/a", "https://example.com/rel/next next");
}

static void
test_parse_garbage (void)
{
  static const char *const refused[] = {
    "garbage",
    "/a; rel=next",
    "</a",
    "</a; rel=next",
    "a>; rel=next",
    "</a> rel=next",
    "</a>; rel=",
    "</a>; rel",
    "</a>; =next",
    "</a>;; rel=next",
    "</a>; rel=next;",
    "</a>; rel=next </b>; rel=last",
    "</a b>; rel=next",
    "<</a>>; rel=next",
    "</a\">; rel=next",
    "</a>; rel=\"next",
    "</a>; rel=\"next\\",
    "</a>; rel=\"ne\x01xt\"",
    "</a\x7f>; rel=next",
    "</\xc3\xa4>; rel=next",
    "</a>; r\xc3\xa4l=next",
    "</a>; rel=ne(x)t",
    "</a>; rel=\"next\"x",
    "</a>, garbage",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) links = plumb_link_header_parse (refused[i], &error);

      g_test_message ("refusing “%s”", refused[i]);
      g_assert_null (links);
      g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL) && *error->message != '\0');
    }
}

/* A link whose value is exactly @length bytes long. */
static char *
link_of_length (gsize length)
{
  static const char head[] = "</";
  static const char tail[] = ">; rel=next";
  GString *value = g_string_new (head);
  gsize fill = length - (sizeof head - 1) - (sizeof tail - 1);

  for (gsize i = 0; i < fill; i++)
    g_string_append_c (value, 'a');
  g_string_append (value, tail);
  g_assert_cmpuint (value->len, ==, length);
  return g_string_free (value, FALSE);
}

static void
test_parse_limits (void)
{
  g_autofree char *longest = link_of_length (PLUMB_LINK_HEADER_MAX_LENGTH);
  g_autofree char *too_long = link_of_length (PLUMB_LINK_HEADER_MAX_LENGTH + 1);
  g_autofree char *huge = link_of_length (4 * 1024 * 1024);
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GPtrArray) links = parse_ok (longest);
  g_autoptr(GPtrArray) most = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *refused;

  g_assert_cmpuint (links->len, ==, 1);
  g_assert_cmpuint (strlen (((PlumbLink *) links->pdata[0])->target), ==, PLUMB_LINK_HEADER_MAX_LENGTH - 12);

  refused = plumb_link_header_parse (too_long, &error);
  g_assert_null (refused);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  refused = plumb_link_header_parse (huge, &error);
  g_assert_null (refused);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  for (guint i = 0; i < PLUMB_LINK_HEADER_MAX_LINKS; i++)
    g_string_append_printf (many, "%s</p?page=%u>; rel=next", i > 0 ? ", " : "", i);
  most = parse_ok (many->str);
  g_assert_cmpuint (most->len, ==, PLUMB_LINK_HEADER_MAX_LINKS);
  g_string_append (many, ", </one-more>");
  refused = plumb_link_header_parse (many->str, &error);
  g_assert_null (refused);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
}

static void
test_next_url (void)
{
  const char *api = "https://api.procore.com";
  const char *request = "https://api.procore.com/rest/v1.3/companies/5001/users?page=1&per_page=100";
  static const struct { const char *value; const char *next; } taken[] = {
    { "<https://api.procore.com/rest/v1.3/companies/5001/users?page=2>; rel=\"next\"",
      "https://api.procore.com/rest/v1.3/companies/5001/users?page=2" },
    { "</rest/v1.3/companies/5001/users?page=2>; rel=next",
      "https://api.procore.com/rest/v1.3/companies/5001/users?page=2" },
    { "<?page=3&per_page=100>; rel=\"next last\"",
      "https://api.procore.com/rest/v1.3/companies/5001/users?page=3&per_page=100" },
    { "<https://API.Procore.com:443/rest/v1.3/x?page=2#top>; rel=next",
      "https://API.Procore.com:443/rest/v1.3/x?page=2" },
    { "</first>; rel=first, </second>; rel=\"prev next\"",
      "https://api.procore.com/second" },
  };
  static const char *const other_hosts[] = {
    "<https://evil.example/rest/v1.3/companies/5001/users?page=2>; rel=next",
    "<//evil.example/rest/v1.3/companies/5001/users?page=2>; rel=next",
    "<http://api.procore.com/rest/v1.3/companies/5001/users?page=2>; rel=next",
    "<https://api.procore.com:8443/rest/v1.3/companies/5001/users?page=2>; rel=next",
    "<https://api.procore.com:0/rest/v1.3/companies/5001/users?page=2>; rel=next",
    "<https://api.procore.com.evil.example/rest/v1.3/users?page=2>; rel=next",
    "<https://api.procore.com@evil.example/rest/v1.3/users?page=2>; rel=next",
    "<https://someone@api.procore.com/rest/v1.3/users?page=2>; rel=next",
    "<file:///etc/passwd>; rel=next",
    "<mailto:someone@api.procore.com>; rel=next",
  };
  static const char *const none[] = {
    "",
    "</first>; rel=first, </last>; rel=\"last\"",
    "</a>; rel=\"nextpage\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *next = plumb_link_header_next_url (taken[i].value, request, api, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (next, ==, taken[i].next);
    }

  for (guint i = 0; i < G_N_ELEMENTS (other_hosts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *next = plumb_link_header_next_url (other_hosts[i], request, api, &error);

      g_test_message ("refusing %s", other_hosts[i]);
      g_assert_null (next);
      g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
      g_assert_nonnull (strstr (error->message, "another address"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (none); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *next = plumb_link_header_next_url (none[i], request, api, &error);

      g_assert_no_error (error);
      g_assert_null (next);
    }

  /* A header that does not parse is an error, not "no next page". */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *next = plumb_link_header_next_url ("<garbage", request, api, &error);

    g_assert_null (next);
    g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
  }
}

typedef struct
{
  guint pages;
  guint unknown_counts;
} PageCount;

static void
page_loaded_cb (PlumbSession *session,
                const char   *path,
                guint         page,
                guint         n_pages,
                gpointer      data)
{
  PageCount *count = data;

  count->pages++;
  if (n_pages == 0)
    count->unknown_counts++;
}

static GPtrArray *
list_users (PlumbSession  *session,
            guint          per_page,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plumb_api_list_users_async (session, NORTHWIND, FALSE, NULL, per_page, NULL, store_result, &result);
  wait_for_result (&result);
  return plumb_api_list_users_finish (session, result, error);
}

static void
assert_same_people (GPtrArray *a,
                    GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (plumb_user_get_id (g_ptr_array_index (a, i)), ==,
                     plumb_user_get_id (g_ptr_array_index (b, i)));
}

/* The sandbox leaves out Total: every page still comes, one after the
 * other by rel="next", each asked for once. */
static void
test_paging_without_total (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) by_total = NULL;
  g_autoptr(GPtrArray) by_links = NULL;
  g_autoptr(GPtrArray) with_faults = NULL;
  g_autoptr(PlumbUserList) records = NULL;
  PageCount count = { 0 };
  PlumbSession *session;
  guint64 sent;
  guint n_pages;
  gulong handler;

  fixture_start (&f, 230, 0);
  account = fixture_sign_in_service (&f, FALSE);
  session = plumb_account_get_session (account);

  by_total = list_users (session, 25, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_total->len, >, 230);
  n_pages = (by_total->len + 24) / 25;

  fixture_set_faults (&f, "{\"omit_total\":true}");
  handler = g_signal_connect (session, "page-loaded", G_CALLBACK (page_loaded_cb), &count);
  sent = plumb_session_get_requests_sent (session);
  by_links = list_users (session, 25, &error);
  g_assert_no_error (error);
  g_signal_handler_disconnect (session, handler);
  assert_same_people (by_total, by_links);
  g_assert_cmpuint (plumb_session_get_requests_sent (session) - sent, ==, n_pages);
  /* Without a Total, how many pages there are is not known in advance. */
  g_assert_cmpuint (count.pages, ==, n_pages);
  g_assert_cmpuint (count.unknown_counts, ==, n_pages);

  /* The records reader pages the same way. */
  plumb_api_list_user_records_async (session, NORTHWIND, FALSE, NULL, 40, NULL, store_result, &result);
  wait_for_result (&result);
  records = plumb_api_list_user_records_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plumb_user_list_get_n_users (records), ==, by_total->len);
  for (guint i = 0; i < by_total->len; i++)
    g_assert_cmpint (plumb_user_list_get_id (records, i), ==,
                     plumb_user_get_id (g_ptr_array_index (by_total, i)));

  /* Garbled bodies and dropped connections: a page asked for again is the
   * same page, and its next link is followed once. A listing that ends in
   * an error is asked for again, and the one that completes has everyone
   * once. */
  fixture_set_faults (&f, "{\"omit_total\":true,\"error_rate\":0.2,\"drop_rate\":0.2,"
                          "\"malformed_rate\":0.2,\"seed\":11}");
  with_faults = fixture_list_users_complete (session, NORTHWIND, 25);
  assert_same_people (by_total, with_faults);

  fixture_clear_faults (&f);
  fixture_stop (&f);
}

/* Pages whose next link leads back to the first: an error, not a hang,
 * and not the same people twice. */
static void
test_paging_loop (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  PlumbSession *session;
  guint64 sent;

  fixture_start (&f, 60, 0);
  account = fixture_sign_in_service (&f, FALSE);
  session = plumb_account_get_session (account);

  fixture_set_faults (&f, "{\"omit_total\":true,\"link_loop\":true}");
  sent = plumb_session_get_requests_sent (session);
  users = list_users (session, 20, &error);
  g_assert_null (users);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "already read"));
  /* Around once more at most: page 1 is first asked for in another form. */
  g_assert_cmpuint (plumb_session_get_requests_sent (session) - sent, <=, 2 * ((60 + 19) / 20 + 1));

  fixture_clear_faults (&f);
  fixture_stop (&f);
}

/* The next page on another host (127.0.0.2 is not 127.0.0.1): it is never
 * asked for, so the token never goes there. With a Total, Link is not
 * read at all. */
static void
test_paging_other_host (void)
{
  Fixture f = { 0 };
  Peer peer = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) by_total = NULL;
  g_autofree char *faults = NULL;
  PlumbSession *session;

  peer_start (&peer, "127.0.0.2");

  fixture_start (&f, 60, 0);
  account = fixture_sign_in_service (&f, FALSE);
  session = plumb_account_get_session (account);

  faults = g_strdup_printf ("{\"next_link_base\":\"%s\"}", peer.url);
  fixture_set_faults (&f, faults);
  by_total = list_users (session, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_total->len, >, 60);

  g_free (faults);
  faults = g_strdup_printf ("{\"omit_total\":true,\"next_link_base\":\"%s\"}", peer.url);
  fixture_set_faults (&f, faults);
  users = list_users (session, 20, &error);
  g_assert_null (users);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "127.0.0.2"));
  g_assert_cmpuint (peer.hits, ==, 0);

  fixture_clear_faults (&f);
  fixture_stop (&f);
  peer_stop (&peer);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/link/parse/procore", test_parse_procore);
  g_test_add_func ("/link/parse/forms", test_parse_forms);
  g_test_add_func ("/link/parse/garbage", test_parse_garbage);
  g_test_add_func ("/link/parse/limits", test_parse_limits);
  g_test_add_func ("/link/next-url", test_next_url);
  g_test_add_func ("/link/paging/without-total", test_paging_without_total);
  g_test_add_func ("/link/paging/loop", test_paging_loop);
  g_test_add_func ("/link/paging/other-host", test_paging_other_host);

  return g_test_run ();
}
