#ifndef PAVED_CLIBGIT2_SHIM_H
#define PAVED_CLIBGIT2_SHIM_H
#include <git2.h>

/// `git_libgit2_opts` is variadic, which Swift cannot call: one wrapper per option used.
/// Turns the check that every object read hashes to its id on or off (git itself does not check on read).
static inline int paved_git_set_strict_hash_verification(int enabled) {
  return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}
/// Turns libgit2's object cache (global, for every repository) on or off.
static inline int paved_git_set_caching(int enabled) {
  return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}
#endif
