#ifndef PAVED_CLIBGIT2_SHIM_H
#define PAVED_CLIBGIT2_SHIM_H
#include <git2.h>
#endif
