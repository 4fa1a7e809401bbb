#ifndef WORDFREQ_H
#define WORDFREQ_H
#include <stddef.h>

#define TABLE_SIZE 4096
#define MAX_WORD 64

struct entry {
  char word[MAX_WORD];
  unsigned count;
};

struct table {
  struct entry entries[TABLE_SIZE];
  size_t distinct;
};

void table_init(struct table *t);
int table_add(struct table *t, const char *word);
int table_count_text(struct table *t, const char *text);
size_t table_top(struct table *t, struct entry *out, size_t n);
#endif
