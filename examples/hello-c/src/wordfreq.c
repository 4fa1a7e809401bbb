/* wordfreq: counts words on stdin and prints the most frequent ones. */
#include "wordfreq.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static unsigned long hash(const char *s) {
  unsigned long h = 5381;
  while (*s) h = h * 33 + (unsigned char)*s++;
  return h;
}

void table_init(struct table *t) { memset(t, 0, sizeof *t); }

int table_add(struct table *t, const char *word) {
  unsigned long slot = hash(word) % TABLE_SIZE;
  for (unsigned long probe = 0; probe < TABLE_SIZE; probe++) {
    struct entry *e = &t->entries[(slot + probe) % TABLE_SIZE];
    if (e->count == 0) {
      strncpy(e->word, word, MAX_WORD - 1);
      e->count = 1;
      t->distinct++;
      return 0;
    }
    if (strcmp(e->word, word) == 0) {
      e->count++;
      return 0;
    }
  }
  return -1; /* full */
}

int table_count_text(struct table *t, const char *text) {
  char word[MAX_WORD];
  size_t len = 0;
  for (const char *p = text;; p++) {
    if (*p && (isalnum((unsigned char)*p) || *p == '\'')) {
      if (len < MAX_WORD - 1) word[len++] = (char)tolower((unsigned char)*p);
    } else {
      if (len > 0) {
        word[len] = '\0';
        if (table_add(t, word) != 0) return -1;
        len = 0;
      }
      if (!*p) return 0;
    }
  }
}

static int by_count(const void *a, const void *b) {
  const struct entry *x = a, *y = b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->word, y->word);
}

size_t table_top(struct table *t, struct entry *out, size_t n) {
  size_t used = 0;
  for (size_t i = 0; i < TABLE_SIZE; i++) {
    if (t->entries[i].count) out[used++] = t->entries[i];
  }
  qsort(out, used, sizeof *out, by_count);
  return used < n ? used : n;
}
