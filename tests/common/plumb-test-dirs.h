/* plumb-test-dirs.h: a test process's own folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *plumb_test_isolate_dirs (void);
void  plumb_test_remove_tree  (const char *path);

G_END_DECLS
