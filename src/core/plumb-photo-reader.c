/* plumb-photo-reader.c: random access to a picture in memory or in a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plumb-photo-private.h"

void
plumb_photo_reader_init_bytes (PlumbPhotoReader *reader,
                               GBytes           *bytes)
{
  gsize size = 0;

  memset (reader, 0, sizeof *reader);
  reader->data = g_bytes_get_data (bytes, &size);
  reader->size = size;
}

void
plumb_photo_reader_init_stream (PlumbPhotoReader *reader,
                                GInputStream     *stream,
                                guint64           size,
                                GCancellable     *cancellable)
{
  memset (reader, 0, sizeof *reader);
  reader->stream = g_object_ref (stream);
  reader->size = size;
  reader->cancellable = cancellable;
  reader->window = g_malloc (PLUMB_PHOTO_READER_WINDOW);
}

void
plumb_photo_reader_clear (PlumbPhotoReader *reader)
{
  g_clear_object (&reader->stream);
  g_clear_pointer (&reader->window, g_free);
  g_clear_error (&reader->error);
}

/* Returns @len bytes at @offset, valid until the next call, or NULL when
 * they run past the end (or a read failed: see reader->error). */
const guint8 *
plumb_photo_reader_peek (PlumbPhotoReader *reader,
                         guint64           offset,
                         gsize             len)
{
  gsize got = 0;
  gsize want;

  g_assert (len <= PLUMB_PHOTO_READER_WINDOW);

  if (offset > reader->size || len > reader->size - offset)
    return NULL;

  if (reader->stream == NULL)
    return reader->data + offset;

  if (reader->error != NULL)
    return NULL;

  if (offset >= reader->window_offset &&
      offset + len <= reader->window_offset + reader->window_len)
    return reader->window + (offset - reader->window_offset);

  if (!g_seekable_seek (G_SEEKABLE (reader->stream), offset, G_SEEK_SET,
                        reader->cancellable, &reader->error))
    return NULL;

  want = MIN ((guint64) PLUMB_PHOTO_READER_WINDOW, reader->size - offset);
  if (!g_input_stream_read_all (reader->stream, reader->window, want, &got,
                                reader->cancellable, &reader->error))
    return NULL;

  reader->window_offset = offset;
  reader->window_len = got;

  /* The file shrank since its size was read. */
  if (got < len)
    return NULL;

  return reader->window;
}
