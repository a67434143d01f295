/* plumb-link-header.h: the HTTP Link header (RFC 8288), read strictly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longer values are refused unread: Procore's are a few hundred bytes. */
#define PLUMB_LINK_HEADER_MAX_LENGTH 16384
#define PLUMB_LINK_HEADER_MAX_LINKS  64

typedef struct
{
  char  *target;  /* the URI reference between < and >, as written */
  char **rels;    /* its relation types, in lower case; never NULL */
} PlumbLink;

void        plumb_link_free            (PlumbLink   *link);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbLink, plumb_link_free)

/* Every link of @value, in order, as PlumbLink*; an empty array for an empty
 * value. NULL with PLUMB_ERROR_BAD_RESPONSE for anything that is not a Link
 * header by the grammar, or longer than the limits above. */
GPtrArray  *plumb_link_header_parse    (const char  *value,
                                        GError     **error);

/* The target of the first link with relation type @rel, or NULL. */
const char *plumb_link_header_find     (GPtrArray   *links,
                                        const char  *rel);

/* The absolute URL of @value's rel="next" link, resolved against the URL
 * its answer came from; NULL without an error when there is none. A next
 * page on another scheme, host or port than @api_url, or naming a user, is
 * refused (PLUMB_ERROR_BAD_RESPONSE): it would be sent the credentials. */
char       *plumb_link_header_next_url (const char  *value,
                                        const char  *request_url,
                                        const char  *api_url,
                                        GError     **error);

/* The pages of one list followed by their rel="next" links, one after the
 * other: a link back to a page already asked for is refused (the list would
 * never end), and so is a list longer than PLUMB_LINK_TRAIL_MAX_PAGES, ten
 * million people at a hundred a page. */
#define PLUMB_LINK_TRAIL_MAX_PAGES 100000

typedef struct _PlumbLinkTrail PlumbLinkTrail;

PlumbLinkTrail *plumb_link_trail_new   (void);
void            plumb_link_trail_free  (PlumbLinkTrail *trail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbLinkTrail, plumb_link_trail_free)

/* A page asked for, absolute @url. */
void            plumb_link_trail_add   (PlumbLinkTrail *trail,
                                        const char     *url);
/* The page after the one that came from @request_url with the Link header
 * @value (NULL if it had none), found as plumb_link_header_next_url() does,
 * and added to the trail; NULL without an error at the end of the list. */
char           *plumb_link_trail_next  (PlumbLinkTrail *trail,
                                        const char     *value,
                                        const char     *request_url,
                                        const char     *api_url,
                                        GError        **error);

G_END_DECLS
