/* report_text.h */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_text.h"

void flp_report_line(report_out *o, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (o->fn) o->fn(o->user, buf);
  size_t n = strlen(buf);
  if (o->len + n + 2 > o->cap) {
    size_t cap = (o->cap ? o->cap * 2 : 4096) + n;
    char *t = realloc(o->text, cap);
    if (!t) {
      o->nomem = 1;
      return;
    }
    o->text = t;
    o->cap = cap;
  }
  memcpy(o->text + o->len, buf, n);
  o->len += n;
  o->text[o->len++] = '\n';
  o->text[o->len] = '\0';
}
