/* The file-system floor: create the same files (same paths and sizes) with bare open/write/close.
   Usage: floor LISTFILE OUTDIR  (LISTFILE: "<size> <relative path>" per line). Not a peer. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void mkdirs(char *path) {
  for (char *p = path + 1; *p; p++) {
    if (*p == '/') { *p = 0; mkdir(path, 0755); *p = '/'; }
  }
}

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  FILE *list = fopen(argv[1], "r");
  if (!list) return 2;
  static char buf[1 << 16];
  memset(buf, 'x', sizeof buf);
  char rel[4096], full[8192];
  long size;
  while (fscanf(list, "%ld %4095s", &size, rel) == 2) {
    snprintf(full, sizeof full, "%s/%s", argv[2], rel);
    int fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 && errno == ENOENT) { mkdirs(full); fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0644); }
    if (fd < 0) return 1;
    if (write(fd, buf, size < (long)sizeof buf ? size : (long)sizeof buf) < 0) return 1;
    close(fd);
  }
  return 0;
}
