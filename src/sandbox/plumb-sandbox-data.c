/* plumb-sandbox-data.c: companies and their people, indexes and JSON forms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-sandbox-private.h"

static void
ref_free (gpointer data)
{
  PlumbSandboxRef *ref = data;

  g_free (ref->name);
  g_free (ref);
}

static void
user_free_cb (gpointer data)
{
  plumb_sandbox_user_free (data);
}

PlumbSandboxCompany *
plumb_sandbox_company_new (gint64      id,
                           const char *name)
{
  PlumbSandboxCompany *company = g_new0 (PlumbSandboxCompany, 1);

  company->id = id;
  company->name = g_strdup (name);
  company->users = g_ptr_array_new_with_free_func (user_free_cb);
  company->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  company->by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  company->vendors = g_ptr_array_new_with_free_func (ref_free);
  company->templates = g_ptr_array_new_with_free_func (ref_free);
  company->company_templates = g_ptr_array_new_with_free_func (ref_free);
  return company;
}

static void
drop_indexes (PlumbSandboxCompany *company)
{
  for (guint s = 0; s < PLUMB_SANDBOX_N_SORTS; s++)
    for (guint a = 0; a < 2; a++)
      g_clear_pointer (&company->sorted[s][a], g_ptr_array_unref);
}

void
plumb_sandbox_company_free (PlumbSandboxCompany *company)
{
  drop_indexes (company);
  g_hash_table_unref (company->by_id);
  g_hash_table_unref (company->by_email);
  g_ptr_array_unref (company->users);
  g_ptr_array_unref (company->vendors);
  g_ptr_array_unref (company->templates);
  g_ptr_array_unref (company->company_templates);
  g_free (company->name);
  g_free (company);
}

static char *
email_key (const char *email)
{
  return g_utf8_casefold (email, -1);
}

void
plumb_sandbox_company_add (PlumbSandboxCompany *company,
                           PlumbSandboxUser    *user)
{
  PlumbSandboxUser *old = g_hash_table_lookup (company->by_id, &user->id);

  user->company_id = company->id;
  if (old != NULL)
    {
      /* A saved record takes the place of the seeded one of the same id. */
      if (old->email_address != NULL)
        {
          g_autofree char *key = email_key (old->email_address);

          if (g_hash_table_lookup (company->by_email, key) == old)
            g_hash_table_remove (company->by_email, key);
        }
      g_hash_table_remove (company->by_id, &old->id);
      user->slot = old->slot;
      company->users->pdata[old->slot] = user;
      plumb_sandbox_user_free (old);
    }
  else
    {
      user->slot = company->users->len;
      g_ptr_array_add (company->users, user);
    }
  g_hash_table_insert (company->by_id, &user->id, user);
  if (user->email_address != NULL)
    g_hash_table_insert (company->by_email, email_key (user->email_address), user);
  if (user->id >= company->next_user_id)
    company->next_user_id = user->id + 1;
  drop_indexes (company);
}

PlumbSandboxUser *
plumb_sandbox_company_find (PlumbSandboxCompany *company,
                            gint64               user_id)
{
  return g_hash_table_lookup (company->by_id, &user_id);
}

PlumbSandboxUser *
plumb_sandbox_company_find_email (PlumbSandboxCompany *company,
                                  const char          *email)
{
  g_autofree char *key = email_key (email);

  return g_hash_table_lookup (company->by_email, key);
}

void
plumb_sandbox_company_reindex_email (PlumbSandboxCompany *company,
                                     PlumbSandboxUser    *user,
                                     const char          *old_email)
{
  if (old_email != NULL)
    {
      g_autofree char *key = email_key (old_email);

      if (g_hash_table_lookup (company->by_email, key) == user)
        g_hash_table_remove (company->by_email, key);
    }
  if (user->email_address != NULL)
    g_hash_table_insert (company->by_email, email_key (user->email_address), user);
}

const PlumbSandboxRef *
plumb_sandbox_find_ref (GPtrArray *refs,
                        gint64     id)
{
  for (guint i = 0; i < refs->len; i++)
    {
      const PlumbSandboxRef *ref = g_ptr_array_index (refs, i);

      if (ref->id == id)
        return ref;
    }
  return NULL;
}

PlumbSandboxUser *
plumb_sandbox_user_new (void)
{
  PlumbSandboxUser *user = g_new0 (PlumbSandboxUser, 1);

  user->business_phone_extension = -1;
  user->is_active = TRUE;
  return user;
}

static void
drop_caches (PlumbSandboxUser *user)
{
  g_clear_pointer (&user->json, g_free);
  g_clear_pointer (&user->search_key, g_free);
  g_clear_pointer (&user->sort_name, g_free);
  g_clear_pointer (&user->sort_email, g_free);
  g_clear_pointer (&user->sort_title, g_free);
}

void
plumb_sandbox_user_free (PlumbSandboxUser *user)
{
  drop_caches (user);
  g_free (user->first_name);
  g_free (user->last_name);
  g_free (user->initials);
  g_free (user->job_title);
  g_free (user->address);
  g_free (user->city);
  g_free (user->zip);
  g_free (user->state_code);
  g_free (user->country_code);
  g_free (user->email_address);
  g_free (user->business_phone);
  g_free (user->mobile_phone);
  g_free (user->fax_number);
  g_free (user->employee_id);
  g_free (user->role);
  g_clear_pointer (&user->avatar_bytes, g_bytes_unref);
  g_free (user->avatar_type);
  g_free (user);
}

void
plumb_sandbox_user_touch (PlumbSandboxCompany *company,
                          PlumbSandboxUser    *user)
{
  drop_caches (user);
  user->dirty = TRUE;
  if (company != NULL)
    drop_indexes (company);
}

char *
plumb_sandbox_user_name (PlumbSandboxUser *user)
{
  if (user->first_name != NULL && *user->first_name != '\0' &&
      user->last_name != NULL && *user->last_name != '\0')
    return g_strconcat (user->first_name, " ", user->last_name, NULL);
  if (user->last_name != NULL && *user->last_name != '\0')
    return g_strdup (user->last_name);
  return g_strdup (user->first_name != NULL ? user->first_name : "");
}

const char *
plumb_sandbox_access_name (PlumbSandboxAccess access)
{
  switch (access)
    {
    case PLUMB_SANDBOX_ACCESS_ADMIN:
      return "Admin";
    case PLUMB_SANDBOX_ACCESS_STANDARD:
      return "Standard";
    case PLUMB_SANDBOX_ACCESS_READ_ONLY:
      return "Read Only";
    case PLUMB_SANDBOX_ACCESS_NONE:
    default:
      return "None";
    }
}

/* Folded keys compare the same way in every locale, so a seed gives the
 * same order everywhere; "Łukasiewicz" sorts with the Ls. */
static char *
fold_key (const char *text)
{
  static const char *const extra[][2] = {
    { "Þ", "Th" }, { "þ", "th" }, { "Ð", "D" }, { "ð", "d" },
  };
  g_autoptr(GString) plain = g_string_new (text != NULL ? text : "");
  g_autofree char *ascii = NULL;

  /* Letters g_str_to_ascii() leaves as '?' */
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    g_string_replace (plain, extra[i][0], extra[i][1], 0);
  ascii = g_str_to_ascii (plain->str, "C");

  return g_ascii_strdown (ascii, -1);
}

static void
ensure_sort_keys (PlumbSandboxUser *user)
{
  if (user->sort_name != NULL)
    return;
  {
    g_autofree char *last = fold_key (user->last_name);
    g_autofree char *first = fold_key (user->first_name);

    user->sort_name = g_strconcat (last, "\x01", first, NULL);
  }
  user->sort_email = fold_key (user->email_address);
  user->sort_title = fold_key (user->job_title);
}

const char *
plumb_sandbox_user_search_key (PlumbSandboxCompany *company,
                               PlumbSandboxUser    *user)
{
  if (user->search_key == NULL)
    {
      const PlumbSandboxRef *vendor = plumb_sandbox_find_ref (company->vendors, user->vendor_id);
      g_autofree char *name = plumb_sandbox_user_name (user);
      g_autofree char *joined = g_strjoin ("\n",
                                           user->first_name ? user->first_name : "",
                                           user->last_name ? user->last_name : "",
                                           name,
                                           user->email_address ? user->email_address : "",
                                           user->job_title ? user->job_title : "",
                                           vendor != NULL ? vendor->name : "",
                                           NULL);
      g_autofree char *normal = g_utf8_normalize (joined, -1, G_NORMALIZE_ALL);
      g_autofree char *folded = g_utf8_casefold (normal != NULL ? normal : joined, -1);
      g_autofree char *ascii = fold_key (joined);

      /* Both forms, so "zoe" finds "Zoë" and "zoë" finds it too. */
      user->search_key = g_strconcat (folded, "\n", ascii, NULL);
    }
  return user->search_key;
}

static int
compare_ids (const PlumbSandboxUser *a,
             const PlumbSandboxUser *b)
{
  return (a->id > b->id) - (a->id < b->id);
}

static int
compare_id_cb (gconstpointer pa,
               gconstpointer pb)
{
  return compare_ids (*(PlumbSandboxUser **) pa, *(PlumbSandboxUser **) pb);
}

static int
compare_name_cb (gconstpointer pa,
                 gconstpointer pb)
{
  PlumbSandboxUser *a = *(PlumbSandboxUser **) pa;
  PlumbSandboxUser *b = *(PlumbSandboxUser **) pb;
  int r = strcmp (a->sort_name, b->sort_name);

  return r != 0 ? r : compare_ids (a, b);
}

static int
compare_email_cb (gconstpointer pa,
                  gconstpointer pb)
{
  PlumbSandboxUser *a = *(PlumbSandboxUser **) pa;
  PlumbSandboxUser *b = *(PlumbSandboxUser **) pb;
  int r = strcmp (a->sort_email, b->sort_email);

  return r != 0 ? r : compare_ids (a, b);
}

static int
compare_title_cb (gconstpointer pa,
                  gconstpointer pb)
{
  PlumbSandboxUser *a = *(PlumbSandboxUser **) pa;
  PlumbSandboxUser *b = *(PlumbSandboxUser **) pb;
  int r = strcmp (a->sort_title, b->sort_title);

  return r != 0 ? r : compare_name_cb (pa, pb);
}

static int
compare_updated_cb (gconstpointer pa,
                    gconstpointer pb)
{
  PlumbSandboxUser *a = *(PlumbSandboxUser **) pa;
  PlumbSandboxUser *b = *(PlumbSandboxUser **) pb;
  int r = (a->updated_at > b->updated_at) - (a->updated_at < b->updated_at);

  return r != 0 ? r : compare_ids (a, b);
}

static int
compare_created_cb (gconstpointer pa,
                    gconstpointer pb)
{
  PlumbSandboxUser *a = *(PlumbSandboxUser **) pa;
  PlumbSandboxUser *b = *(PlumbSandboxUser **) pb;
  int r = (a->created_at > b->created_at) - (a->created_at < b->created_at);

  return r != 0 ? r : compare_ids (a, b);
}

/* The active (or inactive) people of a company in ascending @sort order.
 * Built once and kept until something in the company changes, so a page
 * costs only its own length. */
GPtrArray *
plumb_sandbox_company_sorted (PlumbSandboxCompany *company,
                              PlumbSandboxSort     sort,
                              gboolean             active)
{
  GPtrArray **slot = &company->sorted[sort][active ? 1 : 0];
  GCompareFunc compare = compare_id_cb;

  if (*slot != NULL)
    return *slot;

  *slot = g_ptr_array_sized_new (company->users->len);
  for (guint i = 0; i < company->users->len; i++)
    {
      PlumbSandboxUser *user = g_ptr_array_index (company->users, i);

      if (!user->is_active != !active)
        continue;
      ensure_sort_keys (user);
      g_ptr_array_add (*slot, user);
    }

  switch (sort)
    {
    case PLUMB_SANDBOX_SORT_NAME:
      compare = compare_name_cb;
      break;
    case PLUMB_SANDBOX_SORT_EMAIL:
      compare = compare_email_cb;
      break;
    case PLUMB_SANDBOX_SORT_JOB_TITLE:
      compare = compare_title_cb;
      break;
    case PLUMB_SANDBOX_SORT_UPDATED_AT:
      compare = compare_updated_cb;
      break;
    case PLUMB_SANDBOX_SORT_CREATED_AT:
      compare = compare_created_cb;
      break;
    case PLUMB_SANDBOX_SORT_ID:
    case PLUMB_SANDBOX_N_SORTS:
    default:
      break;
    }
  g_ptr_array_sort (*slot, compare);
  return *slot;
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_time (JsonBuilder *b,
          const char  *name,
          gint64       value)
{
  g_autofree char *text = value != 0 ? plumb_sandbox_format_time (value) : NULL;

  add_string (b, name, text);
}

static void
add_ref (JsonBuilder           *b,
         const char            *name,
         const PlumbSandboxRef *ref)
{
  json_builder_set_member_name (b, name);
  if (ref == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, ref->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, ref->name);
  json_builder_end_object (b);
}

static char *
user_initials (PlumbSandboxUser *user)
{
  GString *text;

  if (user->initials != NULL)
    return g_strdup (user->initials);
  text = g_string_new (NULL);
  if (user->first_name != NULL && *user->first_name != '\0')
    g_string_append_unichar (text, g_unichar_toupper (g_utf8_get_char (user->first_name)));
  if (user->last_name != NULL && *user->last_name != '\0')
    g_string_append_unichar (text, g_unichar_toupper (g_utf8_get_char (user->last_name)));
  return g_string_free (text, FALSE);
}

/* The API form of a person, as v1.3 lists it; cached until the person
 * changes. */
const char *
plumb_sandbox_user_json (PlumbSandboxState   *state,
                         PlumbSandboxCompany *company,
                         PlumbSandboxUser    *user)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *name = NULL;
  g_autofree char *initials = NULL;
  g_autofree char *avatar = NULL;

  if (user->json != NULL)
    return user->json;

  b = json_builder_new ();
  name = plumb_sandbox_user_name (user);
  initials = user_initials (user);
  if (user->avatar_kind != PLUMB_SANDBOX_AVATAR_NONE)
    avatar = g_strdup_printf ("%s/storage/avatars/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%u.%s",
                              state->base_url != NULL ? state->base_url : "",
                              company->id, user->id, user->avatar_rev,
                              user->avatar_kind == PLUMB_SANDBOX_AVATAR_UPLOADED &&
                              g_strcmp0 (user->avatar_type, "image/jpeg") == 0 ? "jpg" : "png");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, user->id);
  add_string (b, "first_name", user->first_name);
  add_string (b, "last_name", user->last_name);
  add_string (b, "name", name);
  add_string (b, "initials", initials);
  add_string (b, "job_title", user->job_title);
  add_string (b, "address", user->address);
  add_string (b, "city", user->city);
  add_string (b, "zip", user->zip);
  add_string (b, "state_code", user->state_code);
  add_string (b, "country_code", user->country_code);
  add_string (b, "email_address", user->email_address);
  add_string (b, "business_phone", user->business_phone);
  json_builder_set_member_name (b, "business_phone_extension");
  if (user->business_phone_extension >= 0)
    json_builder_add_int_value (b, user->business_phone_extension);
  else
    json_builder_add_null_value (b);
  add_string (b, "mobile_phone", user->mobile_phone);
  add_string (b, "fax_number", user->fax_number);
  add_string (b, "avatar", avatar);
  json_builder_set_member_name (b, "is_active");
  json_builder_add_boolean_value (b, user->is_active);
  json_builder_set_member_name (b, "is_employee");
  json_builder_add_boolean_value (b, user->is_employee);
  add_string (b, "employee_id", user->employee_id);
  add_time (b, "created_at", user->created_at);
  add_time (b, "updated_at", user->updated_at);
  add_time (b, "last_login_at", user->last_login_at);
  add_time (b, "welcome_email_sent_at", user->welcome_email_sent_at);
  add_time (b, "last_activated_at", user->last_activated_at);
  add_ref (b, "permission_template",
           plumb_sandbox_find_ref (company->templates, user->permission_template_id));
  add_ref (b, "company_permission_template",
           plumb_sandbox_find_ref (company->company_templates, user->company_permission_template_id));
  add_ref (b, "vendor", plumb_sandbox_find_ref (company->vendors, user->vendor_id));
  add_string (b, "role", user->role);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  user->json = json_to_string (root, FALSE);
  return user->json;
}

#define SAVE_STRING(field) \
  if (user->field != NULL) json_object_set_string_member (o, #field, user->field)
#define SAVE_INT(field) json_object_set_int_member (o, #field, user->field)
#define LOAD_STRING(field) \
  user->field = json_object_has_member (o, #field) \
    ? g_strdup (json_object_get_string_member (o, #field)) : NULL
#define LOAD_INT(field, fallback) \
  user->field = json_object_get_int_member_with_default (o, #field, fallback)

/* The full record, for the state file. */
JsonNode *
plumb_sandbox_user_save (PlumbSandboxUser *user)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  SAVE_INT (id);
  SAVE_STRING (first_name);
  SAVE_STRING (last_name);
  SAVE_STRING (initials);
  SAVE_STRING (job_title);
  SAVE_STRING (address);
  SAVE_STRING (city);
  SAVE_STRING (zip);
  SAVE_STRING (state_code);
  SAVE_STRING (country_code);
  SAVE_STRING (email_address);
  SAVE_STRING (business_phone);
  SAVE_INT (business_phone_extension);
  SAVE_STRING (mobile_phone);
  SAVE_STRING (fax_number);
  SAVE_STRING (employee_id);
  SAVE_STRING (role);
  json_object_set_boolean_member (o, "is_active", user->is_active);
  json_object_set_boolean_member (o, "is_employee", user->is_employee);
  SAVE_INT (created_at);
  SAVE_INT (updated_at);
  SAVE_INT (last_login_at);
  SAVE_INT (welcome_email_sent_at);
  SAVE_INT (last_activated_at);
  SAVE_INT (permission_template_id);
  SAVE_INT (company_permission_template_id);
  SAVE_INT (vendor_id);
  SAVE_INT (directory_access);
  json_object_set_boolean_member (o, "can_create_users", user->can_create_users);
  SAVE_INT (followups_sent);
  SAVE_INT (avatar_kind);
  SAVE_INT (avatar_rev);
  SAVE_STRING (avatar_type);
  if (user->avatar_bytes != NULL)
    {
      gsize len;
      const guchar *data = g_bytes_get_data (user->avatar_bytes, &len);
      g_autofree char *encoded = g_base64_encode (data, len);

      json_object_set_string_member (o, "avatar_data", encoded);
    }
  json_node_take_object (node, o);
  return node;
}

PlumbSandboxUser *
plumb_sandbox_user_load (JsonObject *o)
{
  PlumbSandboxUser *user = plumb_sandbox_user_new ();

  LOAD_INT (id, 0);
  LOAD_STRING (first_name);
  LOAD_STRING (last_name);
  LOAD_STRING (initials);
  LOAD_STRING (job_title);
  LOAD_STRING (address);
  LOAD_STRING (city);
  LOAD_STRING (zip);
  LOAD_STRING (state_code);
  LOAD_STRING (country_code);
  LOAD_STRING (email_address);
  LOAD_STRING (business_phone);
  LOAD_INT (business_phone_extension, -1);
  LOAD_STRING (mobile_phone);
  LOAD_STRING (fax_number);
  LOAD_STRING (employee_id);
  LOAD_STRING (role);
  user->is_active = json_object_get_boolean_member_with_default (o, "is_active", TRUE);
  user->is_employee = json_object_get_boolean_member_with_default (o, "is_employee", FALSE);
  LOAD_INT (created_at, 0);
  LOAD_INT (updated_at, 0);
  LOAD_INT (last_login_at, 0);
  LOAD_INT (welcome_email_sent_at, 0);
  LOAD_INT (last_activated_at, 0);
  LOAD_INT (permission_template_id, 0);
  LOAD_INT (company_permission_template_id, 0);
  LOAD_INT (vendor_id, 0);
  LOAD_INT (directory_access, PLUMB_SANDBOX_ACCESS_NONE);
  user->can_create_users = json_object_get_boolean_member_with_default (o, "can_create_users", FALSE);
  LOAD_INT (followups_sent, 0);
  LOAD_INT (avatar_kind, PLUMB_SANDBOX_AVATAR_NONE);
  LOAD_INT (avatar_rev, 0);
  LOAD_STRING (avatar_type);
  if (json_object_has_member (o, "avatar_data"))
    {
      gsize len = 0;
      guchar *data = g_base64_decode (json_object_get_string_member (o, "avatar_data"), &len);

      user->avatar_bytes = g_bytes_new_take (data, len);
    }
  user->dirty = TRUE;
  return user;
}
