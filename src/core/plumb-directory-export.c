/* plumb-directory-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-directory-export.h"
#include "plumb-directory-item.h"

/* RFC 4180: quote a field holding a comma, quote or line break, doubling
 * quotes. A leading =, +, - or @ is prefixed with ' so that a spreadsheet
 * never runs a name as a formula. */
char *
plumb_directory_csv_field (const char *text)
{
  GString *out;
  gboolean quote;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_new (NULL);
  if (*text == '=' || *text == '+' || *text == '-' || *text == '@')
    g_string_append_c (out, '\'');
  g_string_append (out, text);

  quote = strpbrk (out->str, ",\"\r\n") != NULL;
  if (quote)
    {
      g_autofree char *inner = g_string_free (out, FALSE);
      GString *quoted = g_string_new ("\"");

      for (const char *p = inner; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (quoted, '"');
          g_string_append_c (quoted, *p);
        }
      g_string_append_c (quoted, '"');
      return g_string_free (quoted, FALSE);
    }

  return g_string_free (out, FALSE);
}

char *
plumb_directory_to_csv (GListModel *model,
                        guint      *n_rows)
{
  GString *csv = g_string_new (NULL);
  guint n = g_list_model_get_n_items (model);
  const char *header[] = {
    N_("Name"), N_("Email"), N_("Job Title"), N_("Company"), N_("Permissions"),
    N_("Last Sign-In"), N_("Invitation"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    {
      g_autofree char *field = plumb_directory_csv_field (_(header[i]));

      g_string_append_printf (csv, "%s%s", i ? "," : "", field);
    }
  g_string_append (csv, "\r\n");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlumbDirectoryItem) item = g_list_model_get_item (model, i);
      g_autofree char *last_login = plumb_directory_item_dup_last_login (item);
      g_autofree char *invitation = plumb_directory_item_dup_invitation_text (item);
      const char *values[] = {
        plumb_directory_item_get_name (item),
        plumb_directory_item_get_email (item),
        plumb_directory_item_get_job_title (item),
        plumb_directory_item_get_vendor (item),
        plumb_directory_item_get_permission_template (item),
        last_login,
        invitation,
      };

      for (guint k = 0; k < G_N_ELEMENTS (values); k++)
        {
          g_autofree char *field = plumb_directory_csv_field (values[k]);

          g_string_append_printf (csv, "%s%s", k ? "," : "", field);
        }
      g_string_append (csv, "\r\n");
    }

  if (n_rows != NULL)
    *n_rows = n;

  return g_string_free (csv, FALSE);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GFile *file = source_object;
  const char *csv = task_data;
  GError *error = NULL;

  /* Replacing writes a temporary file first: a failed export never leaves
   * half a file where a good one was. */
  if (!g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not write %s: %s"), name, error->message);
      g_error_free (error);
      return;
    }

  g_task_return_int (task, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "n-rows")));
}

void
plumb_directory_export_csv_async (GListModel          *model,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint n_rows = 0;
  char *csv;

  g_return_if_fail (G_IS_LIST_MODEL (model));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_directory_export_csv_async);
  csv = plumb_directory_to_csv (model, &n_rows);
  g_task_set_task_data (task, csv, g_free);
  g_object_set_data (G_OBJECT (task), "n-rows", GUINT_TO_POINTER (n_rows));
  g_task_run_in_thread (task, write_thread);
}

guint
plumb_directory_export_csv_finish (GAsyncResult  *result,
                                   GError       **error)
{
  gssize n = g_task_propagate_int (G_TASK (result), error);

  return n < 0 ? 0 : (guint) n;
}
