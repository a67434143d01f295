/* fuzz-photo-replay.c: runs the photo fuzz target once on each file named,
 * so that the seed corpus is checked by every compiler, not only clang's
 * libFuzzer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <stdint.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
main (int    argc,
      char **argv)
{
  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (argv[i], &contents, &len, &error))
        g_error ("%s", error->message);
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
      g_print ("ok %d %s\n", i, argv[i]);
    }
  g_print ("1..%d\n", argc - 1);

  return 0;
}
