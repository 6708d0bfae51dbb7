/* A small SVG writer (rectangles, lines, polylines, text) and the report's two
 * pictures: a heatmap and a log-scale convergence curve. No dependencies. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "io_util.h"

int svg_begin(svg_doc *d, FILE *f, double width, double height) {
  d->f = f;
  d->width = width;
  d->height = height;
  fprintf(f,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
          "viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n",
          width, height, width, height);
  svg_rect(d, 0, 0, width, height, "#ffffff", NULL);
  return 1;
}

void svg_end(svg_doc *d) { fputs("</svg>\n", d->f); }

void svg_rect(svg_doc *d, double x, double y, double w, double h, const char *fill,
              const char *stroke) {
  fprintf(d->f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"", x, y, w,
          h, fill ? fill : "none");
  if (stroke) fprintf(d->f, " stroke=\"%s\"", stroke);
  fputs("/>\n", d->f);
}

void svg_line(svg_doc *d, double x1, double y1, double x2, double y2, const char *stroke,
              double width, const char *dash) {
  fprintf(d->f, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" stroke-width=\"%.2f\"",
          x1, y1, x2, y2, stroke, width);
  if (dash) fprintf(d->f, " stroke-dasharray=\"%s\"", dash);
  fputs("/>\n", d->f);
}

static void escaped(FILE *f, const char *s) {
  for (; *s; ++s) {
    switch (*s) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    default: fputc(*s, f);
    }
  }
}

void svg_text(svg_doc *d, double x, double y, double size, const char *anchor, double rotate,
              const char *fill, const char *text) {
  fprintf(d->f, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.1f\" text-anchor=\"%s\" fill=\"%s\"", x,
          y, size, anchor ? anchor : "start", fill ? fill : "#222222");
  if (rotate != 0) fprintf(d->f, " transform=\"rotate(%.1f %.2f %.2f)\"", rotate, x, y);
  fputc('>', d->f);
  escaped(d->f, text);
  fputs("</text>\n", d->f);
}

void svg_polyline(svg_doc *d, const double *xs, const double *ys, int64_t n, const char *stroke,
                  double width, const char *dash) {
  int open = 0;
  for (int64_t i = 0; i < n; ++i) {
    int ok = isfinite(xs[i]) && isfinite(ys[i]);
    if (ok && !open) {
      fprintf(d->f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.2f\"%s%s%s points=\"",
              stroke, width, dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
      open = 1;
    }
    if (ok) fprintf(d->f, "%.2f,%.2f ", xs[i], ys[i]);
    if ((!ok || i == n - 1) && open) {
      fputs("\"/>\n", d->f);
      open = 0;
    }
  }
}

void svg_scale_colour(double v, char out[8]) {
  /* viridis at five stops, linearly interpolated */
  static const double stops[5][3] = {
      {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  if (!(v >= 0)) v = 0;
  if (v > 1) v = 1;
  double pos = v * 4;
  int i = (int)pos;
  if (i > 3) i = 3;
  double t = pos - i;
  int rgb[3];
  for (int c = 0; c < 3; ++c)
    rgb[c] = (int)lround(stops[i][c] + t * (stops[i + 1][c] - stops[i][c]));
  snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}


/* ---- heatmap ------------------------------------------------------------- */
flp_rc svg_write_heatmap(const char *path, const svg_heatmap *h, flp_error *err) {
  flp_text_out out;
  flp_rc rc = flp_text_out_open(&out, path, err);
  if (rc != FLP_OK) return rc;
  FILE *f = out.f;
  const double cw = fmax(3, fmin(28, 900.0 / (h->cols > 0 ? h->cols : 1)));
  const double ch = fmax(2, fmin(18, 640.0 / (h->rows > 0 ? h->rows : 1)));
  const int named = h->row_names && h->rows <= 48;
  const double left = named ? 130 : 70, top = 50, legend = 90;
  const double W = left + cw * h->cols + legend + 20, H = top + ch * h->rows + 60;
  svg_doc d;
  svg_begin(&d, f, W, H);
  svg_text(&d, left, 28, 16, "start", 0, NULL, h->title);
  char colour[8], label[64];
  for (int32_t i = 0; i < h->rows; ++i)
    for (int32_t j = 0; j < h->cols; ++j) {
      double v = h->values[(size_t)i * (size_t)h->cols + (size_t)j];
      if (isnan(v)) snprintf(colour, sizeof colour, "#cccccc");
      else svg_scale_colour(v, colour);
      svg_rect(&d, left + j * cw, top + i * ch, cw + 0.2, ch + 0.2, colour, NULL);
    }
  svg_rect(&d, left, top, cw * h->cols, ch * h->rows, NULL, "#444444");
  /* axes */
  int32_t step = h->cols > 24 ? (h->cols + 11) / 12 : (h->cols > 12 ? 2 : 1);
  for (int32_t j = 0; j < h->cols; j += step) {
    snprintf(label, sizeof label, "%d", (int)j);
    svg_text(&d, left + (j + 0.5) * cw, top + ch * h->rows + 16, 10, "middle", 0, NULL, label);
  }
  svg_text(&d, left + cw * h->cols / 2, top + ch * h->rows + 36, 12, "middle", 0, NULL,
           h->col_label);
  if (named) {
    for (int32_t i = 0; i < h->rows; ++i)
      svg_text(&d, left - 6, top + (i + 0.5) * ch + 3.5, fmin(10, ch), "end", 0, NULL,
               h->row_names[i]);
  } else {
    int32_t rstep = h->rows > 10 ? (h->rows + 9) / 10 : 1;
    for (int32_t i = 0; i < h->rows; i += rstep) {
      snprintf(label, sizeof label, "%d", (int)i);
      svg_text(&d, left - 6, top + (i + 0.5) * ch + 3.5, 10, "end", 0, NULL, label);
    }
  }
  svg_text(&d, 16, top + ch * h->rows / 2, 12, "middle", -90, NULL, h->row_label);
  /* colour legend */
  const double lx = left + cw * h->cols + 30, lh = fmin(200, ch * h->rows);
  for (int i = 0; i < 50; ++i) {
    svg_scale_colour(1 - i / 49.0, colour);
    svg_rect(&d, lx, top + i * lh / 50, 16, lh / 50 + 0.3, colour, NULL);
  }
  svg_rect(&d, lx, top, 16, lh, NULL, "#444444");
  svg_text(&d, lx + 22, top + 8, 10, "start", 0, NULL, "100%");
  svg_text(&d, lx + 22, top + lh / 2 + 4, 10, "start", 0, NULL, "50%");
  svg_text(&d, lx + 22, top + lh, 10, "start", 0, NULL, "0%");
  svg_end(&d);
  return flp_text_out_commit(&out, err);
}

/* ---- log-scale curve ----------------------------------------------------- */
flp_rc svg_write_log_curve(const char *path, const svg_curve *c, flp_error *err) {
  flp_text_out out;
  flp_rc rc = flp_text_out_open(&out, path, err);
  if (rc != FLP_OK) return rc;
  FILE *f = out.f;
  const double left = 80, top = 50, pw = 720, ph = 400, W = left + pw + 220, H = top + ph + 70;
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  for (int64_t i = 0; i < c->n; ++i) {
    xmin = fmin(xmin, c->xs[i]);
    xmax = fmax(xmax, c->xs[i]);
    for (int s = 0; s < c->num_series; ++s) {
      double v = c->series[s].ys[i];
      if (v > 0 && isfinite(v)) {
        ymin = fmin(ymin, v);
        ymax = fmax(ymax, v);
      }
    }
  }
  if (c->reference > 0) {
    ymin = fmin(ymin, c->reference);
    ymax = fmax(ymax, c->reference);
  }
  if (!isfinite(xmin)) xmin = 0, xmax = 1;
  if (xmax <= xmin) xmax = xmin + 1;
  if (!isfinite(ymin)) ymin = 1e-8, ymax = 1;
  double lo = floor(log10(ymin)), hi = ceil(log10(ymax));
  if (hi <= lo) hi = lo + 1;
  svg_doc d;
  svg_begin(&d, f, W, H);
  svg_text(&d, left, 28, 16, "start", 0, NULL, c->title);
  char label[64];
  /* grid and y ticks at powers of ten */
  int ystep = (int)ceil((hi - lo) / 12);
  if (ystep < 1) ystep = 1;
  for (double e = lo; e <= hi + 1e-9; e += ystep) {
    double y = top + ph * (1 - (e - lo) / (hi - lo));
    svg_line(&d, left, y, left + pw, y, "#e4e4e4", 1, NULL);
    snprintf(label, sizeof label, "1e%+03d", (int)e);
    svg_text(&d, left - 6, y + 4, 10, "end", 0, NULL, label);
  }
  for (int i = 0; i <= 8; ++i) {
    double xv = xmin + (xmax - xmin) * i / 8, x = left + pw * i / 8.0;
    svg_line(&d, x, top + ph, x, top + ph + 4, "#444444", 1, NULL);
    snprintf(label, sizeof label, "%.0f", xv);
    svg_text(&d, x, top + ph + 18, 10, "middle", 0, NULL, label);
  }
  svg_rect(&d, left, top, pw, ph, NULL, "#444444");
  svg_text(&d, left + pw / 2, top + ph + 40, 12, "middle", 0, NULL, c->x_label);
  svg_text(&d, 20, top + ph / 2, 12, "middle", -90, NULL, c->y_label);
  double *px = malloc(((size_t)c->n + 1) * sizeof *px), *py = malloc(((size_t)c->n + 1) * sizeof *py);
  if (px && py) {
    for (int64_t i = 0; i < c->n; ++i) px[i] = left + pw * (c->xs[i] - xmin) / (xmax - xmin);
    for (int s = 0; s < c->num_series; ++s) {
      for (int64_t i = 0; i < c->n; ++i) {
        double v = c->series[s].ys[i];
        py[i] = v > 0 && isfinite(v) ? top + ph * (1 - (log10(v) - lo) / (hi - lo)) : NAN;
      }
      svg_polyline(&d, px, py, c->n, c->series[s].colour, 1.8, NULL);
      double ly = top + 14 + 20 * s;
      svg_line(&d, left + pw + 14, ly - 4, left + pw + 40, ly - 4, c->series[s].colour, 2.5, NULL);
      svg_text(&d, left + pw + 46, ly, 11, "start", 0, NULL, c->series[s].label);
    }
  }
  free(px);
  free(py);
  if (c->reference > 0) {
    double y = top + ph * (1 - (log10(c->reference) - lo) / (hi - lo));
    svg_line(&d, left, y, left + pw, y, "#777777", 1.2, "6,4");
    double ly = top + 14 + 20 * c->num_series;
    svg_line(&d, left + pw + 14, ly - 4, left + pw + 40, ly - 4, "#777777", 1.2, "6,4");
    snprintf(label, sizeof label, "tolerance %.0e", c->reference);
    svg_text(&d, left + pw + 46, ly, 11, "start", 0, NULL, label);
  }
  svg_end(&d);
  return flp_text_out_commit(&out, err);
}
