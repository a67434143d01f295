/* main.c: the `plumb` program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-cli.h"

int
main (int    argc,
      char **argv)
{
  return plumb_cli_main (argc, argv);
}
