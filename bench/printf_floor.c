/* The formatting floor: produce the same number of bytes per file as the rendered tree, as YAML-like
   lines formatted by printf (a key, a number, a name), to /dev/null through stdio. What producing
   the output's bytes alone costs in C, with no model, no checks and no files.
   Usage: printf_floor LISTFILE   (LISTFILE: "<size> <relative path>" per line). */
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  FILE *list = fopen(argv[1], "r");
  FILE *sink = fopen("/dev/null", "w");
  if (!list || !sink) return 2;
  static char stdio_buffer[1 << 16];
  setvbuf(sink, stdio_buffer, _IOFBF, sizeof stdio_buffer);
  char rel[4096];
  long size, total = 0, k = 0;
  while (fscanf(list, "%ld %4095s", &size, rel) == 2) {
    long written = 0;
    char line[256];
    while (written < size) {
      int n = snprintf(line, sizeof line, "    %s-%ld: \"%ld\"\n", "requests.cpu", k, written);
      if (n > size - written) n = (int)(size - written);  /* exactly the file's size */
      if (fprintf(sink, "%.*s", n, line) < 0) return 1;
      written += n;
    }
    total += written;
    k++;
  }
  fclose(sink);
  fprintf(stderr, "%ld bytes\n", total);
  return 0;
}
