#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "csupport.h"

int paved_rename_exchange(const char *a, const char *b) {
#if defined(__linux__) && defined(RENAME_EXCHANGE)
  return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
  errno = ENOSYS;
  return -1;
#endif
}

int paved_sync_filesystem(const char *path) {
#if defined(__linux__)
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc = syncfs(fd);
  int saved = errno;
  close(fd);
  errno = saved;
  return rc;
#else
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  close(fd);
  sync();
  return 0;
#endif
}

int paved_fsync_directory(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc = fsync(fd);
  int saved = errno;
  close(fd);
  errno = saved;
  return rc;
}

#ifndef PAVED_COMMIT
#define PAVED_COMMIT "unknown"
#endif

const char *paved_build_commit(void) { return PAVED_COMMIT; }

#if defined(__GLIBC__)
#include <malloc.h>
void paved_set_trim_threshold(int bytes) { mallopt(M_TRIM_THRESHOLD, bytes); }
#else
void paved_set_trim_threshold(int bytes) { (void)bytes; }
#endif
