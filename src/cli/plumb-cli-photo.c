/* plumb-cli-photo.c: `plumb photo check` and `plumb photo normalize`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "plumb-cli.h"
#include "plumb-photo.h"

/* Exit statuses of `plumb photo check`, worst last. */
enum
{
  CHECK_ACCEPTED = 0,
  CHECK_NEEDS_CROP = 1,
  CHECK_REFUSED = 2,
};

static void
print_photo_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage: plumb photo check FILE… [--json]"));
  fprintf (stream, "%s\n\n", _("       plumb photo normalize IN OUT [--format png|jpeg] [--crop X,Y,SIZE] [--json]"));
  fprintf (stream, "%s\n", _("check: judges each picture without decoding it. Exit status 0: used as it is; 1: will be cropped or scaled; 2: refused (the worst of all the files)."));
  fprintf (stream, "%s\n", _("normalize: writes the picture as Plumbline would upload it: a square, at most 300 × 300, with no metadata. The square is the centred one unless --crop gives it, in the picture as shown. OUT is a JPEG when it ends in .jpg or .jpeg, else a PNG."));
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static const char *
verdict_words (PlumbPhotoVerdict verdict)
{
  switch (verdict)
    {
    case PLUMB_PHOTO_ACCEPTED:   return _("accepted");
    case PLUMB_PHOTO_NEEDS_CROP: return _("accepted, to be cropped or scaled");
    case PLUMB_PHOTO_REFUSED:    return _("refused");
    default:                     return _("refused");
    }
}

static int
check_one (const char *path,
           gboolean    json)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(PlumbPhotoJudgement) judgement = NULL;
  g_autoptr(GError) error = NULL;

  judgement = plumb_photo_judge_file (file, NULL, &error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, path);
      if (judgement != NULL)
        {
          json_builder_set_member_name (builder, "format");
          json_builder_add_string_value (builder, judgement->format);
          json_builder_set_member_name (builder, "description");
          json_builder_add_string_value (builder, judgement->description);
          json_builder_set_member_name (builder, "width");
          json_builder_add_int_value (builder, judgement->width);
          json_builder_set_member_name (builder, "height");
          json_builder_add_int_value (builder, judgement->height);
          json_builder_set_member_name (builder, "orientation");
          json_builder_add_int_value (builder, judgement->orientation);
          json_builder_set_member_name (builder, "frames");
          json_builder_add_int_value (builder, judgement->n_frames);
          json_builder_set_member_name (builder, "verdict");
          json_builder_add_string_value (builder, plumb_photo_verdict_to_string (judgement->verdict));
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, judgement->reason);
        }
      else
        {
          json_builder_set_member_name (builder, "format");
          json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "verdict");
          json_builder_add_string_value (builder, plumb_photo_verdict_to_string (PLUMB_PHOTO_REFUSED));
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, error->message);
        }
      json_builder_end_object (builder);
      print_json (builder);
    }
  else if (judgement != NULL)
    {
      if (judgement->width > 0)
        printf ("%s: %s (%s, %u × %u). %s\n", path, verdict_words (judgement->verdict),
                judgement->description, judgement->width, judgement->height, judgement->reason);
      else
        printf ("%s: %s (%s). %s\n", path, verdict_words (judgement->verdict),
                judgement->description, judgement->reason);
    }
  else
    {
      plumb_cli_error ("%s: %s", path, error->message);
    }

  if (judgement == NULL)
    return CHECK_REFUSED;

  switch (judgement->verdict)
    {
    case PLUMB_PHOTO_ACCEPTED:   return CHECK_ACCEPTED;
    case PLUMB_PHOTO_NEEDS_CROP: return CHECK_NEEDS_CROP;
    case PLUMB_PHOTO_REFUSED:    return CHECK_REFUSED;
    default:                     return CHECK_REFUSED;
    }
}

static int
photo_check (PlumbCliOptions  *options,
             GPtrArray        *files)
{
  int worst = CHECK_ACCEPTED;

  if (files->len == 0)
    {
      plumb_cli_error (_("photo check needs at least one file (see plumb photo --help)"));
      return 2;
    }

  for (guint i = 0; i < files->len; i++)
    {
      int status = check_one (g_ptr_array_index (files, i), options->json);

      worst = MAX (worst, status);
    }

  return worst;
}

static gboolean
parse_crop (const char     *text,
            PlumbPhotoCrop *crop)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint64 values[3];

  if (g_strv_length (parts) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    if (!g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXINT32, &values[i], NULL))
      return FALSE;

  crop->x = values[0];
  crop->y = values[1];
  crop->size = values[2];

  return crop->size > 0;
}

static gboolean
output_for_name (const char       *path,
                 const char       *format,
                 PlumbPhotoOutput *output)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (format == NULL)
    {
      *output = g_str_has_suffix (lower, ".jpg") || g_str_has_suffix (lower, ".jpeg")
                ? PLUMB_PHOTO_OUTPUT_JPEG : PLUMB_PHOTO_OUTPUT_PNG;
      return TRUE;
    }

  if (g_ascii_strcasecmp (format, "png") == 0)
    *output = PLUMB_PHOTO_OUTPUT_PNG;
  else if (g_ascii_strcasecmp (format, "jpeg") == 0 || g_ascii_strcasecmp (format, "jpg") == 0)
    *output = PLUMB_PHOTO_OUTPUT_JPEG;
  else
    return FALSE;

  return TRUE;
}

static int
photo_normalize (PlumbCliOptions      *options,
                 GPtrArray            *files,
                 const char           *format,
                 const PlumbPhotoCrop *crop)
{
  g_autoptr(GFile) in = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PlumbPhotoJudgement) result = NULL;
  g_autoptr(GError) error = NULL;
  PlumbPhotoOutput output;
  const char *in_path, *out_path;

  if (files->len != 2)
    {
      plumb_cli_error (_("photo normalize takes an input and an output file (see plumb photo --help)"));
      return 2;
    }
  in_path = g_ptr_array_index (files, 0);
  out_path = g_ptr_array_index (files, 1);

  if (!output_for_name (out_path, format, &output))
    {
      plumb_cli_error (_("--format takes png or jpeg, not “%s”"), format);
      return 2;
    }

  in = g_file_new_for_commandline_arg (in_path);
  out = g_file_new_for_commandline_arg (out_path);

  bytes = plumb_photo_normalize_file (in, crop, output, NULL, &error);
  if (bytes == NULL)
    {
      plumb_cli_error ("%s: %s", in_path, error->message);
      return 2;
    }

  if (!g_file_replace_contents (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
    {
      plumb_cli_error ("%s: %s", out_path, error->message);
      return 1;
    }

  result = plumb_photo_judge_bytes (bytes);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "input");
      json_builder_add_string_value (builder, in_path);
      json_builder_set_member_name (builder, "output");
      json_builder_add_string_value (builder, out_path);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, result->format);
      json_builder_set_member_name (builder, "width");
      json_builder_add_int_value (builder, result->width);
      json_builder_set_member_name (builder, "height");
      json_builder_add_int_value (builder, result->height);
      json_builder_set_member_name (builder, "bytes");
      json_builder_add_int_value (builder, g_bytes_get_size (bytes));
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_autofree char *size = g_format_size (g_bytes_get_size (bytes));

      printf (_("Wrote %s: %s, %u × %u, %s.\n"), out_path, result->description,
              result->width, result->height, size);
    }

  return 0;
}

int
plumb_cli_photo (PlumbCliOptions  *options,
                 int               argc,
                 char            **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  const char *subcommand;
  const char *format = NULL;
  PlumbCliOptions local = *options;
  PlumbPhotoCrop crop;
  gboolean have_crop = FALSE;
  gboolean only_files = FALSE;

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_photo_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }

  subcommand = argv[1];
  if (!g_str_equal (subcommand, "check") && !g_str_equal (subcommand, "normalize"))
    {
      plumb_cli_error (_("unknown photo command “%s” (see plumb photo --help)"), subcommand);
      return 2;
    }

  for (int i = 2; i < argc; i++)
    {
      const char *arg = argv[i];

      if (only_files || arg[0] != '-' || g_str_equal (arg, "-"))
        {
          g_ptr_array_add (files, (gpointer) arg);
          continue;
        }

      if (g_str_equal (arg, "--"))
        only_files = TRUE;
      else if (g_str_equal (arg, "--json"))
        local.json = TRUE;
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_photo_usage (stdout);
          return 0;
        }
      else if (g_str_equal (subcommand, "normalize") && g_str_equal (arg, "--format") && i + 1 < argc)
        format = argv[++i];
      else if (g_str_equal (subcommand, "normalize") && g_str_has_prefix (arg, "--format="))
        format = arg + strlen ("--format=");
      else if (g_str_equal (subcommand, "normalize") &&
               (g_str_equal (arg, "--crop") || g_str_has_prefix (arg, "--crop=")))
        {
          const char *value = arg[strlen ("--crop")] == '=' ? arg + strlen ("--crop=") : (i + 1 < argc ? argv[++i] : "");

          if (!parse_crop (value, &crop))
            {
              plumb_cli_error (_("--crop takes X,Y,SIZE in pixels, not “%s”"), value);
              return 2;
            }
          have_crop = TRUE;
        }
      else
        {
          plumb_cli_error (_("unknown option “%s” (see plumb photo --help)"), arg);
          return 2;
        }
    }

  if (g_str_equal (subcommand, "check"))
    return photo_check (&local, files);

  return photo_normalize (&local, files, format, have_crop ? &crop : NULL);
}
