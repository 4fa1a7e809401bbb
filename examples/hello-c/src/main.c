#include "wordfreq.h"

#include <stdio.h>
#include <stdlib.h>

static struct table table;
static struct entry top[TABLE_SIZE];

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)atoi(argv[1]) : 10;
  char line[4096];
  table_init(&table);
  while (fgets(line, sizeof line, stdin)) {
    if (table_count_text(&table, line) != 0) {
      fprintf(stderr, "wordfreq: too many distinct words\n");
      return 1;
    }
  }
  size_t shown = table_top(&table, top, n);
  for (size_t i = 0; i < shown; i++) printf("%7u %s\n", top[i].count, top[i].word);
  return 0;
}
