/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GTK 4.8 limits a tooltip's line to as many "average characters" as its
 * text has (gtktooltipwindow.c: max-width-chars = MIN (length, 50)), and
 * measures an average character with Latin glyphs; Chinese glyphs are
 * about twice as wide, so "主菜单" wrapped one character per line
 * (issue 17).  From now on every window's tooltip may take up to 50
 * average characters before it wraps, which is what GTK means for Latin
 * text.  Call once, after gtk_init (the application's startup). */
void ra_tooltips_install (void);

/* What ra_tooltips_install does to a tooltip's label (for tests). */
void ra_tooltips_fix_label (GtkLabel *label);

G_END_DECLS
