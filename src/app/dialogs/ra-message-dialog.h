/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Message dialogs that carry a list which may be long (findings, layers to
 * choose, rejected rows): the list scrolls under the body, at most 320 px
 * high. */

/* child in the scrolled area, as the dialog's extra child. */
void ra_message_dialog_set_scrolled_child (AdwMessageDialog *dialog, GtkWidget *child);
/* lines (element-type utf8, nullable) one a line, as selectable text in the
 * scrolled area. */
void ra_message_dialog_add_lines          (AdwMessageDialog *dialog, GPtrArray *lines);

G_END_DECLS
