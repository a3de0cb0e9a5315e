/* The file-system floor: create the same files (same paths and sizes) with bare open/write/close,
   on THREADS threads (default 1; file k goes to thread k % THREADS, directories made by whichever
   thread needs them first). Usage: floor LISTFILE OUTDIR [THREADS]
   (LISTFILE: "<size> <relative path>" per line). Not a peer: what the file system alone costs. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char buf[1 << 16];
static long count, *sizes;
static char **paths;
static const char *out;
static int threads = 1;

static void mkdirs(char *path) {
  for (char *p = path + 1; *p; p++) {
    if (*p == '/') { *p = 0; mkdir(path, 0755); *p = '/'; }
  }
}

static void *work(void *arg) {
  long first = (long)arg;
  char full[8192];
  for (long k = first; k < count; k += threads) {
    snprintf(full, sizeof full, "%s/%s", out, paths[k]);
    int fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 && errno == ENOENT) { mkdirs(full); fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0644); }
    if (fd < 0) exit(1);
    if (write(fd, buf, sizes[k] < (long)sizeof buf ? sizes[k] : (long)sizeof buf) < 0) exit(1);
    close(fd);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) return 2;
  if (argc == 4) threads = atoi(argv[3]);
  if (threads < 1 || threads > 64) return 2;
  FILE *list = fopen(argv[1], "r");
  if (!list) return 2;
  out = argv[2];
  memset(buf, 'x', sizeof buf);
  long capacity = 1 << 16;
  sizes = malloc(capacity * sizeof *sizes);
  paths = malloc(capacity * sizeof *paths);
  char rel[4096];
  long size;
  while (fscanf(list, "%ld %4095s", &size, rel) == 2) {
    if (count == capacity) {
      capacity *= 2;
      sizes = realloc(sizes, capacity * sizeof *sizes);
      paths = realloc(paths, capacity * sizeof *paths);
    }
    sizes[count] = size;
    paths[count++] = strdup(rel);
  }
  pthread_t ids[64];
  for (long t = 1; t < threads; t++) pthread_create(&ids[t], NULL, work, (void *)t);
  work((void *)0);
  for (long t = 1; t < threads; t++) pthread_join(ids[t], NULL);
  return 0;
}
