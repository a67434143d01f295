/* plumb-sandbox-generate.c: the seeded demo companies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here comes from one GRand seeded with the sandbox seed and the
 * sandbox time the data was generated at, so the same seed gives the same
 * people, and a state file regenerates exactly what it was saved against.
 */

#include "config.h"

#include <string.h>

#include "plumb-sandbox-private.h"

#define DAY (24 * 60 * 60)
#define NORTHWIND_DEMO_SIZE 250
#define HARBOR_SIZE 40
#define NORTHWIND_FIRST_ID ((gint64) 2000001)
/* Past 32 bits, so that clients keep ids in 64 bits. */
#define HARBOR_FIRST_ID ((gint64) 5000000001)

typedef struct
{
  const char        *first_name;
  const char        *last_name;
  const char        *email;
  const char        *job_title;
  PlumbSandboxAccess access;
  gboolean           create_users;
  const char        *description;
} DemoPerson;

static const DemoPerson demo_people[PLUMB_SANDBOX_N_DEMO_PEOPLE] = {
  { "Alex", "Morgan", "alex.morgan@northwind.example", "Operations Director",
    PLUMB_SANDBOX_ACCESS_ADMIN, TRUE, "Admin" },
  { "Sam", "Rivera", "sam.rivera@northwind.example", "Project Manager",
    PLUMB_SANDBOX_ACCESS_STANDARD, TRUE, "Standard + 'Create and Edit Users'" },
  { "Jordan", "Lee", "jordan.lee@northwind.example", "Project Engineer",
    PLUMB_SANDBOX_ACCESS_STANDARD, FALSE, "Standard, without 'Create and Edit Users'" },
  { "Riley", "Chen", "riley.chen@northwind.example", "Estimator",
    PLUMB_SANDBOX_ACCESS_READ_ONLY, FALSE, "Read Only, without 'Create and Edit Users'" },
  { "Casey", "Brooks", "casey.brooks@northwind.example", "Office Manager",
    PLUMB_SANDBOX_ACCESS_READ_ONLY, TRUE, "Read Only + 'Create and Edit Users'" },
};

gboolean
plumb_sandbox_demo_person (guint        index,
                           const char **email,
                           const char **name,
                           const char **description)
{
  static char *names[PLUMB_SANDBOX_N_DEMO_PEOPLE];

  if (index >= PLUMB_SANDBOX_N_DEMO_PEOPLE)
    return FALSE;
  if (g_once_init_enter (&names[index]))
    g_once_init_leave (&names[index], g_strconcat (demo_people[index].first_name, " ",
                                                   demo_people[index].last_name, NULL));
  if (email != NULL)
    *email = demo_people[index].email;
  if (name != NULL)
    *name = names[index];
  if (description != NULL)
    *description = demo_people[index].description;
  return TRUE;
}

static const char *const first_names[] = {
  "James", "Maria", "Robert", "Aisha", "Michael", "Priya", "David", "Mei", "William", "Fatima",
  "Daniel", "Sofia", "Matthew", "Olivia", "Anthony", "Emma", "Mark", "Chloé", "Steven", "Zoë",
  "Paul", "Ingrid", "Andrew", "Lucía", "Joshua", "Amara", "Kevin", "Hannah", "Brian", "Yuki",
  "George", "Renée", "Timothy", "Siobhán", "Ryan", "Noémie", "Jacob", "Björn", "Gary", "Agnieszka",
  "Nicholas", "Keisha", "Eric", "Mónica", "Jonathan", "Ngozi", "Stephen", "Léa", "Larry", "Søren",
  "Justin", "Ana", "Scott", "Thandiwe", "Brandon", "Elif", "Benjamin", "Marisol", "Samuel", "Dagny",
  "Raymond", "Oluwaseun", "Gregory", "Camille", "Frank", "Rosa", "Alexander", "Hye-jin", "Patrick", "José",
  "Jack", "Małgorzata", "Dennis", "Ximena", "Jerry", "Tomás", "Tyler", "Anneliese", "Aaron", "Kwame",
  "Henry", "Ólafur", "Adam", "Guadalupe", "Nathan", "Rajesh", "Zachary", "Wiremu", "Kyle", "Jürgen",
};

static const char *const last_names[] = {
  "Smith", "García", "Johnson", "Nguyen", "Williams", "Patel", "Brown", "Kim", "Jones", "Müller",
  "Miller", "Rodríguez", "Davis", "O'Brien", "Wilson", "Hernández", "Anderson", "Kowalski", "Taylor", "Dubois",
  "Thomas", "Okafor", "Moore", "Schmidt", "Jackson", "Tanaka", "Martin", "Fernández", "Lee", "Andersson",
  "Thompson", "Ó Súilleabháin", "White", "Novak", "Harris", "Rossi", "Clark", "Haddad", "Lewis", "Yilmaz",
  "Robinson", "Van der Merwe", "Walker", "Sørensen", "Young", "Wiśniewski", "Allen", "Mbeki", "King", "Lefèvre",
  "Wright", "Castillo", "Scott", "Bianchi", "Green", "Dvořák", "Baker", "MacLeod", "Adams", "Petrov",
  "Nelson", "Gómez", "Hill", "Ramírez", "Campbell", "Nakamura", "Mitchell", "Jansen", "Roberts", "Svensson",
  "Carter", "Ibrahim", "Phillips", "Fitzgerald-Hughes", "Evans", "Papadopoulos", "Turner", "Da Silva", "Torres", "Weiß",
};

static const char *const job_titles[] = {
  "Project Manager", "Superintendent", "Project Engineer", "Estimator", "Foreman",
  "Safety Manager", "Site Engineer", "Electrician", "Plumber", "Carpenter",
  "Architect", "Office Manager", "Accountant", "Scheduler", "BIM Coordinator",
  "Quality Control Manager", "Field Engineer", "Assistant Project Manager",
  "Preconstruction Manager", "Laborer", "Crane Operator", "Welder", "HVAC Technician",
  "Drywall Installer", "Concrete Finisher", "Document Controller",
  "Senior Mechanical, Electrical and Plumbing Coordination Manager",
};

typedef struct
{
  const char *name;
  const char *domain;
} Firm;

static const Firm northwind_vendors[] = {
  { "Cascade Electric Co.", "cascade-electric.example" },
  { "Blue Ridge Plumbing & Heating", "blueridge-plumbing.example" },
  { "Summit Steel Erectors", "summitsteel.example" },
  { "Pacific Concrete Works", "pacificconcrete.example" },
  { "Maple Leaf Drywall Ltd.", "mapleleaf-drywall.example" },
  { "Thames Glazing Ltd", "thamesglazing.example" },
  { "Southern Cross Roofing Pty Ltd", "southerncross-roofing.example" },
  { "Rheinbau Haustechnik GmbH", "rheinbau.example" },
  { "Constructora del Bajío S.A. de C.V.", "constructora-bajio.example" },
  { "Evergreen Landscaping", "evergreen-landscape.example" },
  { "Ironclad Fire Protection", "ironclad-fire.example" },
  { "Keystone Masonry & Restoration Specialists of the Greater Metropolitan Area", "keystone-masonry.example" },
};

static const Firm harbor_vendors[] = {
  { "Tidewater Dredging", "tidewater.example" },
  { "Anchor Rebar Supply", "anchor-rebar.example" },
  { "Bayside Surveying", "bayside-survey.example" },
  { "Lighthouse Traffic Control", "lighthouse-traffic.example" },
};

static const char *const project_templates[] = {
  "Project Manager", "Superintendent", "Subcontractor", "Architect/Engineer", "Owner",
  "Read Only Observer",
};

static const char *const company_templates[] = {
  "Company Administrator", "Company Standard", "Company Read Only",
};

typedef struct
{
  const char *country;
  const char *city;
  const char *state;   /* Procore's form: the part after the dash */
  const char *zip;     /* each # becomes a digit */
  const char *phone;
  guint       weight;
} Place;

static const Place places[] = {
  { "US", "Seattle", "WA", "981##", "+1 206 555 ####", 12 },
  { "US", "Portland", "OR", "972##", "+1 503 555 ####", 8 },
  { "US", "San Francisco", "CA", "941##", "+1 415 555 ####", 8 },
  { "US", "Austin", "TX", "787##", "+1 512 555 ####", 7 },
  { "US", "Denver", "CO", "802##", "+1 303 555 ####", 6 },
  { "US", "Chicago", "IL", "606##", "+1 312 555 ####", 6 },
  { "US", "Boston", "MA", "021##", "+1 617 555 ####", 5 },
  { "US", "Atlanta", "GA", "303##", "+1 404 555 ####", 5 },
  { "CA", "Toronto", "ON", "M5V #A#", "+1 416 555 ####", 5 },
  { "CA", "Vancouver", "BC", "V6B #K#", "+1 604 555 ####", 4 },
  { "CA", "Montréal", "QC", "H2X #Y#", "+1 514 555 ####", 3 },
  { "GB", "London", NULL, "EC1A #BB", "+44 20 7946 ####", 6 },
  { "GB", "Manchester", NULL, "M# 4BT", "+44 161 496 ####", 4 },
  { "AU", "Sydney", "NSW", "20##", "+61 2 5550 ####", 4 },
  { "AU", "Melbourne", "VIC", "30##", "+61 3 5550 ####", 4 },
  { "DE", "München", "BY", "803##", "+49 89 555 ####", 4 },
  { "DE", "Berlin", "BE", "101##", "+49 30 555 ####", 4 },
  { "MX", "Guadalajara", "JAL", "441##", "+52 33 5555 ####", 3 },
  { "MX", "Monterrey", "NLE", "640##", "+52 81 5555 ####", 3 },
  { "MX", "Ciudad de México", "CMX", "063##", "+52 55 5555 ####", 3 },
};

typedef struct
{
  const char *country;
  const char *names[4];
} Streets;

static const Streets streets[] = {
  { "US", { "Harbor Avenue", "Maple Street", "Industrial Parkway", "Cedar Lane" } },
  { "CA", { "King Street West", "Rue Saint-Denis", "Granville Street", "Jasper Avenue" } },
  { "GB", { "High Street", "Station Road", "Deansgate", "Old Street" } },
  { "AU", { "George Street", "Collins Street", "Pitt Street", "Bourke Street" } },
  { "DE", { "Hauptstraße", "Bahnhofstraße", "Leopoldstraße", "Friedrichstraße" } },
  { "MX", { "Calle Hidalgo", "Avenida Juárez", "Avenida Reforma", "Calle Morelos" } },
};

static const char *
pick_street (const char *country,
             GRand      *rand)
{
  guint r = (guint) g_rand_int_range (rand, 0, 4);

  for (guint i = 0; i < G_N_ELEMENTS (streets); i++)
    if (strcmp (streets[i].country, country) == 0)
      return streets[i].names[r];
  return streets[0].names[r];
}

/* The states the app must show, repeated down the list so every one
 * exists even in a small company. */
typedef enum
{
  STAGE_NEVER_INVITED,
  STAGE_INVITED_1_DAY,
  STAGE_INVITED_4_DAYS,
  STAGE_INVITED_8_DAYS,
  STAGE_INVITED_15_DAYS,
  STAGE_SIGNED_IN,
  STAGE_INACTIVE,
} Stage;

static const Stage stage_cycle[] = {
  STAGE_SIGNED_IN, STAGE_NEVER_INVITED, STAGE_SIGNED_IN, STAGE_INVITED_1_DAY,
  STAGE_SIGNED_IN, STAGE_INVITED_4_DAYS, STAGE_SIGNED_IN, STAGE_NEVER_INVITED,
  STAGE_SIGNED_IN, STAGE_INVITED_8_DAYS, STAGE_SIGNED_IN, STAGE_INACTIVE,
  STAGE_SIGNED_IN, STAGE_INVITED_15_DAYS, STAGE_SIGNED_IN, STAGE_NEVER_INVITED,
  STAGE_SIGNED_IN, STAGE_SIGNED_IN, STAGE_INVITED_4_DAYS, STAGE_SIGNED_IN,
};

/* Hand-written people at the top of the demo company: long names and names
 * far from ASCII, the cases a list row and an avatar must survive. */
static const char *const special_people[][2] = {
  { "Zoë", "Łukasiewicz-Ó'Donnell" },
  { "Maximiliana Alexandrina", "Featherstonehaugh-Worthington-Montgomery" },
  { "Nguyễn Thị", "Minh Khai" },
  { "José María", "Fernández de la Fuente y Villanueva" },
  { "Björn", "Ødegård" },
  { "Siobhán", "Ní Bhriain" },
  { "Ólafur", "Þórðarson" },
  { "Chloé", "Lefèvre-Dubois" },
  { "Wolfgang Amadeus", "Schönberger-Großmann" },
  { "Ngāio", "Te Whakarongotai" },
  { "Li", "Na" },
  { "Dũng", "Phạm" },
};

static guint
pick (GRand *rand,
      guint  n)
{
  return (guint) g_rand_int_range (rand, 0, (gint32) n);
}

static char *
fill_digits (const char *pattern,
             GRand      *rand)
{
  char *text = g_strdup (pattern);

  for (char *p = text; *p != '\0'; p++)
    if (*p == '#')
      *p = (char) ('0' + pick (rand, 10));
  return text;
}

static const Place *
pick_place (GRand *rand)
{
  guint total = 0;
  guint r;

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    total += places[i].weight;
  r = pick (rand, total);
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      if (r < places[i].weight)
        return &places[i];
      r -= places[i].weight;
    }
  return &places[0];
}

static char *
email_local_part (const char *first,
                  const char *last)
{
  g_autofree char *joined = g_strconcat (first, ".", last, NULL);
  g_autofree char *ascii = g_str_to_ascii (joined, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (*p == '.' || *p == '-')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
add_refs (GPtrArray         *refs,
          gint64             first_id,
          const char *const *names,
          guint              n)
{
  for (guint i = 0; i < n; i++)
    {
      PlumbSandboxRef *ref = g_new0 (PlumbSandboxRef, 1);

      ref->id = first_id + i;
      ref->name = g_strdup (names[i]);
      g_ptr_array_add (refs, ref);
    }
}

static PlumbSandboxCompany *
company_skeleton (gint64      id,
                  const char *name,
                  const Firm *firms,
                  guint       n_firms,
                  gint64      first_ref_id)
{
  PlumbSandboxCompany *company = plumb_sandbox_company_new (id, name);
  const char *own[] = { name };

  add_refs (company->vendors, first_ref_id, own, 1);
  for (guint i = 0; i < n_firms; i++)
    add_refs (company->vendors, first_ref_id + 1 + i, &firms[i].name, 1);
  add_refs (company->templates, first_ref_id + 100, project_templates,
            G_N_ELEMENTS (project_templates));
  add_refs (company->company_templates, first_ref_id + 200, company_templates,
            G_N_ELEMENTS (company_templates));
  return company;
}

static void
apply_stage (PlumbSandboxUser *user,
             Stage             stage,
             gint64            now,
             GRand            *rand)
{
  gint64 invited;

  user->created_at = now - (gint64) (30 + pick (rand, 1400)) * DAY - pick (rand, DAY);
  user->last_activated_at = user->created_at;

  switch (stage)
    {
    case STAGE_NEVER_INVITED:
      break;
    case STAGE_INVITED_1_DAY:
      user->welcome_email_sent_at = now - DAY - pick (rand, 6 * 3600);
      break;
    case STAGE_INVITED_4_DAYS:
      user->welcome_email_sent_at = now - 4 * DAY - pick (rand, 6 * 3600);
      user->followups_sent = 1;
      break;
    case STAGE_INVITED_8_DAYS:
      user->welcome_email_sent_at = now - 8 * DAY - pick (rand, 6 * 3600);
      user->followups_sent = 3;
      break;
    case STAGE_INVITED_15_DAYS:
      user->welcome_email_sent_at = now - (15 + pick (rand, 60)) * DAY - pick (rand, DAY);
      user->followups_sent = 7;
      break;
    case STAGE_SIGNED_IN:
    case STAGE_INACTIVE:
    default:
      invited = user->created_at + pick (rand, 3 * DAY);
      user->welcome_email_sent_at = invited;
      user->last_login_at = MIN (now - 3600, invited + pick (rand, 2 * DAY)
                                 + (gint64) pick (rand, (guint) ((now - invited) / 2)));
      user->followups_sent = 7;
      if (stage == STAGE_INACTIVE)
        user->is_active = FALSE;
      break;
    }

  if (user->welcome_email_sent_at != 0 && user->welcome_email_sent_at < user->created_at)
    user->created_at = user->welcome_email_sent_at - DAY;
  user->last_activated_at = user->created_at;
  user->updated_at = MAX (user->created_at, MAX (user->welcome_email_sent_at, user->last_login_at))
                     + pick (rand, 3600);
  if (user->updated_at > now)
    user->updated_at = now;
}

static PlumbSandboxUser *
generated_person (PlumbSandboxCompany *company,
                  GRand               *rand,
                  gint64               id,
                  const char          *first,
                  const char          *last,
                  const Firm          *firms,
                  guint                n_firms,
                  const char          *own_domain,
                  Stage                stage,
                  gint64               now,
                  GHashTable          *emails)
{
  PlumbSandboxUser *user = plumb_sandbox_user_new ();
  const Place *place = pick_place (rand);
  g_autofree char *local = email_local_part (first, last);
  g_autofree char *email = NULL;
  const char *domain;
  guint firm = 0;

  user->id = id;
  user->first_name = g_strdup (first);
  user->last_name = g_strdup (last);
  user->job_title = g_strdup (job_titles[pick (rand, G_N_ELEMENTS (job_titles))]);
  user->is_employee = pick (rand, 10) < 4;
  if (user->is_employee)
    {
      user->vendor_id = ((PlumbSandboxRef *) g_ptr_array_index (company->vendors, 0))->id;
      domain = own_domain;
      user->employee_id = g_strdup_printf ("E-%05u", pick (rand, 100000));
      user->role = g_strdup ("Employee");
    }
  else
    {
      firm = pick (rand, n_firms);
      user->vendor_id = ((PlumbSandboxRef *) g_ptr_array_index (company->vendors, firm + 1))->id;
      domain = firms[firm].domain;
      user->role = g_strdup ("Subcontractor");
    }

  /* Two people of the same name get numbered addresses, as mail servers do. */
  email = g_strdup_printf ("%s@%s", local, domain);
  for (guint n = 2; g_hash_table_contains (emails, email); n++)
    {
      g_free (email);
      email = g_strdup_printf ("%s%u@%s", local, n, domain);
    }
  g_hash_table_add (emails, g_strdup (email));
  user->email_address = g_steal_pointer (&email);

  user->address = g_strdup_printf ("%u %s", 1 + pick (rand, 2400), pick_street (place->country, rand));
  user->city = g_strdup (place->city);
  user->state_code = g_strdup (place->state);
  user->country_code = g_strdup (place->country);
  user->zip = fill_digits (place->zip, rand);
  user->business_phone = fill_digits (place->phone, rand);
  if (pick (rand, 10) < 3)
    user->business_phone_extension = 100 + pick (rand, 900);
  if (pick (rand, 10) < 7)
    user->mobile_phone = fill_digits (place->phone, rand);
  if (pick (rand, 10) == 0)
    user->fax_number = fill_digits (place->phone, rand);
  if (pick (rand, 2) == 0)
    user->avatar_kind = PLUMB_SANDBOX_AVATAR_GENERATED;

  user->permission_template_id = user->is_employee
    ? ((PlumbSandboxRef *) g_ptr_array_index (company->templates, pick (rand, 2)))->id
    : ((PlumbSandboxRef *) g_ptr_array_index (company->templates, 2))->id;
  user->company_permission_template_id =
    ((PlumbSandboxRef *) g_ptr_array_index (company->company_templates, 1 + pick (rand, 2)))->id;
  user->directory_access = pick (rand, 10) < 3 ? PLUMB_SANDBOX_ACCESS_READ_ONLY
                                               : PLUMB_SANDBOX_ACCESS_NONE;

  apply_stage (user, stage, now, rand);
  return user;
}

static void
add_demo_people (PlumbSandboxCompany *company,
                 gint64               now,
                 const char          *domain_city,
                 GHashTable          *emails)
{
  for (guint i = 0; i < PLUMB_SANDBOX_N_DEMO_PEOPLE; i++)
    {
      const DemoPerson *p = &demo_people[i];
      PlumbSandboxUser *user = plumb_sandbox_user_new ();

      user->id = 10001 + i;
      user->first_name = g_strdup (p->first_name);
      user->last_name = g_strdup (p->last_name);
      user->email_address = g_strdup (p->email);
      user->job_title = g_strdup (p->job_title);
      user->address = g_strdup_printf ("%u Harbor Avenue", 100 + 10 * i);
      user->city = g_strdup (domain_city);
      user->state_code = g_strdup ("WA");
      user->country_code = g_strdup ("US");
      user->zip = g_strdup ("98101");
      user->business_phone = g_strdup_printf ("+1 206 555 01%02u", 10 + i);
      user->is_employee = TRUE;
      user->employee_id = g_strdup_printf ("E-%05u", 10 + i);
      user->role = g_strdup ("Employee");
      user->vendor_id = ((PlumbSandboxRef *) g_ptr_array_index (company->vendors, 0))->id;
      user->permission_template_id = ((PlumbSandboxRef *) g_ptr_array_index (company->templates, 0))->id;
      user->company_permission_template_id =
        ((PlumbSandboxRef *) g_ptr_array_index (company->company_templates,
                                                p->access == PLUMB_SANDBOX_ACCESS_ADMIN ? 0
                                                : p->access == PLUMB_SANDBOX_ACCESS_STANDARD ? 1 : 2))->id;
      user->directory_access = p->access;
      user->can_create_users = p->create_users;
      user->avatar_kind = i % 2 == 0 ? PLUMB_SANDBOX_AVATAR_GENERATED : PLUMB_SANDBOX_AVATAR_NONE;
      user->created_at = now - (400 + 20 * i) * DAY;
      user->last_activated_at = user->created_at;
      user->welcome_email_sent_at = user->created_at + 3600;
      user->last_login_at = now - (i + 1) * DAY;
      user->followups_sent = 7;
      user->updated_at = user->last_login_at;
      g_hash_table_add (emails, g_strdup (p->email));
      plumb_sandbox_company_add (company, user);
    }

  {
    PlumbSandboxUser *user = plumb_sandbox_user_new ();

    user->id = PLUMB_SANDBOX_SERVICE_ACCOUNT_ID;
    user->first_name = g_strdup ("Plumbline Demo");
    user->last_name = g_strdup ("Service Account");
    user->email_address = g_strdup ("plumbline-demo@service-accounts.procore.example");
    user->job_title = g_strdup ("Service Account");
    user->role = g_strdup ("Service Account");
    user->company_permission_template_id =
      ((PlumbSandboxRef *) g_ptr_array_index (company->company_templates, 0))->id;
    user->directory_access = PLUMB_SANDBOX_ACCESS_ADMIN;
    user->can_create_users = TRUE;
    user->created_at = now - 500 * DAY;
    user->last_activated_at = user->created_at;
    user->updated_at = user->created_at;
    g_hash_table_add (emails, g_strdup (user->email_address));
    plumb_sandbox_company_add (company, user);
  }
}

static void
fill_company (PlumbSandboxCompany *company,
              GRand               *rand,
              gint64               first_id,
              guint                n_active,
              guint                n_inactive,
              gboolean             with_specials,
              const Firm          *firms,
              guint                n_firms,
              const char          *domain,
              gint64               now,
              GHashTable          *emails)
{
  guint n = 0;
  guint special = with_specials ? G_N_ELEMENTS (special_people) : 0;
  guint total = n_active + n_inactive;

  for (guint i = 0; i < total; i++)
    {
      const char *first;
      const char *last;
      Stage stage;

      if (i >= n_active)
        {
          stage = STAGE_INACTIVE;
        }
      else
        {
          stage = stage_cycle[i % G_N_ELEMENTS (stage_cycle)];
          /* With a count of inactive people of its own, the cycle makes
           * active people only. */
          if (n_inactive > 0 && stage == STAGE_INACTIVE)
            stage = STAGE_NEVER_INVITED;
        }

      if (n < special)
        {
          first = special_people[n][0];
          last = special_people[n][1];
          n++;
        }
      else
        {
          first = first_names[pick (rand, G_N_ELEMENTS (first_names))];
          last = last_names[pick (rand, G_N_ELEMENTS (last_names))];
        }
      plumb_sandbox_company_add (company,
                                 generated_person (company, rand, first_id + i, first, last,
                                                   firms, n_firms, domain, stage, now, emails));
    }
}

void
plumb_sandbox_generate (PlumbSandboxState *state)
{
  gint64 now = state->generated_at;
  guint32 seed_words[2] = { (guint32) state->seed, (guint32) (state->seed >> 32) };
  g_autoptr(GRand) rand = g_rand_new_with_seed_array (seed_words, 2);
  g_autoptr(GHashTable) emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  PlumbSandboxCompany *northwind;
  PlumbSandboxCompany *harbor;

  northwind = company_skeleton (PLUMB_SANDBOX_NORTHWIND_ID, "Northwind Builders",
                                northwind_vendors, G_N_ELEMENTS (northwind_vendors), 7000);
  add_demo_people (northwind, now, "Seattle", emails);
  if (state->n_users == 0)
    fill_company (northwind, rand, NORTHWIND_FIRST_ID, NORTHWIND_DEMO_SIZE, 0, TRUE,
                  northwind_vendors, G_N_ELEMENTS (northwind_vendors),
                  "northwind.example", now, emails);
  else
    fill_company (northwind, rand, NORTHWIND_FIRST_ID, state->n_users, state->n_users / 50, FALSE,
                  northwind_vendors, G_N_ELEMENTS (northwind_vendors),
                  "northwind.example", now, emails);
  g_ptr_array_add (state->companies, northwind);

  g_hash_table_remove_all (emails);
  harbor = company_skeleton (PLUMB_SANDBOX_HARBOR_ID, "Harbor Civil Works",
                             harbor_vendors, G_N_ELEMENTS (harbor_vendors), 9000);
  add_demo_people (harbor, now, "Tacoma", emails);
  fill_company (harbor, rand, HARBOR_FIRST_ID, HARBOR_SIZE, 0, FALSE,
                harbor_vendors, G_N_ELEMENTS (harbor_vendors), "harborcivil.example", now, emails);
  g_ptr_array_add (state->companies, harbor);

  for (guint c = 0; c < state->companies->len; c++)
    {
      PlumbSandboxCompany *company = g_ptr_array_index (state->companies, c);

      for (guint i = 0; i < company->users->len; i++)
        plumb_sandbox_track_followups (state, g_ptr_array_index (company->users, i));
    }
}
