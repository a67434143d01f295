/* fuzz-photo.c: the photo judge, and the normalizer on what it accepts
 *
 * The judge parses headers by hand from untrusted files; the normalizer
 * must never hand gdk-pixbuf anything the judge refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "plumb-photo.h"

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A critical from gdk-pixbuf means the judge let through something the
 * decoder cannot take: a finding, not noise. */
static GLogWriterOutput
fatal_critical_writer (GLogLevelFlags   level,
                       const GLogField *fields,
                       gsize            n_fields,
                       gpointer         user_data)
{
  g_log_writer_default (level, fields, n_fields, user_data);
  /* abort(), not GLib's fatal mask (SIGTRAP), so libFuzzer keeps the input. */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    abort ();
  return G_LOG_WRITER_HANDLED;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (fatal_critical_writer, NULL, NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(PlumbPhotoJudgement) judgement = plumb_photo_judge_bytes (bytes);

  g_assert_nonnull (judgement->reason);

  /* Decoding is gdk-pixbuf's; keep it small so the fuzzer stays quick. */
  if (judgement->verdict != PLUMB_PHOTO_REFUSED &&
      (guint64) judgement->width * judgement->height <= 1024 * 1024)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) result = plumb_photo_normalize_bytes (bytes, NULL, PLUMB_PHOTO_OUTPUT_PNG, NULL, &error);

      g_assert_true ((result == NULL) != (error == NULL));
    }

  return 0;
}
