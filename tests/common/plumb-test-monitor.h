/* plumb-test-monitor.h: a network monitor the test switches on and off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLUMB_TYPE_TEST_MONITOR (plumb_test_monitor_get_type ())

G_DECLARE_FINAL_TYPE (PlumbTestMonitor, plumb_test_monitor, PLUMB, TEST_MONITOR, GObject)

PlumbTestMonitor *plumb_test_monitor_new        (gboolean          online);
void              plumb_test_monitor_set_online (PlumbTestMonitor *self,
                                                 gboolean          online);

G_END_DECLS
