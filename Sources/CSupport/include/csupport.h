#ifndef PAVED_CSUPPORT_H
#define PAVED_CSUPPORT_H

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (ENOSYS/EINVAL where unsupported).
int paved_rename_exchange(const char *a, const char *b);

/// Flushes every written file of the filesystem holding `path` to stable storage (Linux syncfs:
/// one call instead of an fsync per file; elsewhere sync). Returns 0, or -1 with errno set.
int paved_sync_filesystem(const char *path);

/// fsync of a directory, so a rename inside it survives a power loss. Returns 0, or -1 with errno set.
int paved_fsync_directory(const char *path);

/// Makes glibc return freed memory to the system once `bytes` are free at the top of the heap
/// (instead of its adaptive threshold); no-op elsewhere.
void paved_set_trim_threshold(int bytes);

/// The git commit the binary was built from (`paved --version`), or "unknown".
const char *paved_build_commit(void);

#endif
