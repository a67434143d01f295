/* plumb-iso-codes.h: countries and their subdivisions from iso-codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *code;         /* ISO 3166-1 alpha-2, "US": Procore's country_code */
  char *name;         /* in the person's language */
  char *search;       /* the name and code folded, for matching what is typed */
} PlumbIsoCountry;

typedef struct
{
  char *code;         /* ISO 3166-2, "US-CA" */
  char *short_code;   /* after the dash, "CA": Procore's state_code */
  char *name;         /* in the person's language */
  char *type;         /* "State", "Province", ... in the person's language */
  char *search;
} PlumbIsoSubdivision;

typedef struct _PlumbIsoCodes PlumbIsoCodes;

#define PLUMB_TYPE_ISO_CODES (plumb_iso_codes_get_type ())

GType                      plumb_iso_codes_get_type          (void) G_GNUC_CONST;
PlumbIsoCodes             *plumb_iso_codes_ref               (PlumbIsoCodes  *self);
void                       plumb_iso_codes_unref             (PlumbIsoCodes  *self);

/* Reads the iso-codes JSON files under @prefix (NULL for ISO_CODES_PREFIX),
 * names translated through the "iso_3166-1" and "iso_3166-2" gettext
 * domains, each list sorted by name in the person's language. The blocking
 * form is for threads and the command line. */
PlumbIsoCodes             *plumb_iso_codes_load              (const char     *prefix,
                                                              GError        **error);
void                       plumb_iso_codes_load_async        (const char          *prefix,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
PlumbIsoCodes             *plumb_iso_codes_load_finish       (GAsyncResult   *result,
                                                              GError        **error);

guint                      plumb_iso_codes_get_n_countries   (PlumbIsoCodes  *self);
const PlumbIsoCountry     *plumb_iso_codes_get_country       (PlumbIsoCodes  *self,
                                                              guint           index);
/* The position of @code (any case) in the sorted list, or G_MAXUINT. */
guint                      plumb_iso_codes_find_country      (PlumbIsoCodes  *self,
                                                              const char     *code);

/* The subdivisions of a country, sorted by name; none for most islands. */
guint                      plumb_iso_codes_get_n_subdivisions (PlumbIsoCodes *self,
                                                               const char    *country);
const PlumbIsoSubdivision *plumb_iso_codes_get_subdivision   (PlumbIsoCodes  *self,
                                                              const char     *country,
                                                              guint           index);
/* Takes Procore's form ("CA") or the full one ("US-CA"); G_MAXUINT when
 * the country has no such subdivision. */
guint                      plumb_iso_codes_find_subdivision  (PlumbIsoCodes  *self,
                                                              const char     *country,
                                                              const char     *code);

/* Whether @text (folded) is in the entry's name or is its code. */
gboolean                   plumb_iso_country_matches         (const PlumbIsoCountry     *country,
                                                              const char                *text);
gboolean                   plumb_iso_subdivision_matches     (const PlumbIsoSubdivision *subdivision,
                                                              const char                *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbIsoCodes, plumb_iso_codes_unref)

G_END_DECLS
