/* plumb-ui-part.c: parts of a widget built from a UI file of their own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A part that a window may never show (the steps of signing in, the
 * signed-in half of the main window) is built when first needed rather than
 * with the widget's template, so that it does not delay the first frame.
 */

#include "config.h"

#include "plumb-ui-part.h"

/* A builder for such a part of @owner: its signal handlers are the
 * name-and-callback pairs given, NULL-terminated, and a handler declared
 * swapped="yes" without an object receives @owner first, as in the
 * owner's template. */
GtkBuilder *
plumb_ui_part_builder_new (GObject    *owner,
                           const char *first_handler_name,
                           ...)
{
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  GtkBuilder *builder = gtk_builder_new ();
  const char *name = first_handler_name;
  va_list args;

  va_start (args, first_handler_name);
  while (name != NULL)
    {
      gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), name, va_arg (args, GCallback));
      name = va_arg (args, const char *);
    }
  va_end (args);

  gtk_builder_set_scope (builder, scope);
  gtk_builder_set_current_object (builder, owner);

  return builder;
}
