#include "wordfreq.h"

#include <stdio.h>
#include <string.h>

static struct table t;
static struct entry out[TABLE_SIZE];
static int failures;

#define CHECK(cond)                                              \
  do {                                                           \
    if (!(cond)) {                                               \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                \
    }                                                            \
  } while (0)

int main(void) {
  table_init(&t);
  CHECK(table_count_text(&t, "The cat and the hat. THE end") == 0);
  size_t n = table_top(&t, out, 2);
  CHECK(n == 2);
  CHECK(strcmp(out[0].word, "the") == 0 && out[0].count == 3);
  CHECK(strcmp(out[1].word, "and") == 0 && out[1].count == 1);
  CHECK(t.distinct == 5);
  printf(failures ? "FAIL\n" : "ok: wordfreq tests passed\n");
  return failures ? 1 : 0;
}
