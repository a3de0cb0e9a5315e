#ifndef PAVED_CSUPPORT_H
#define PAVED_CSUPPORT_H

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (ENOSYS/EINVAL where unsupported).
int paved_rename_exchange(const char *a, const char *b);

#endif
