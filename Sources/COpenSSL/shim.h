#ifndef PAVED_COPENSSL_SHIM_H
#define PAVED_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>

/* STACK_OF(X509) helpers: the sk_X509_* macros do not import into Swift. */
static inline STACK_OF(X509) *paved_x509_stack_new(void) { return sk_X509_new_null(); }
static inline void paved_x509_stack_free(STACK_OF(X509) *stack) { sk_X509_free(stack); }
static inline int paved_x509_stack_push(STACK_OF(X509) *stack, X509 *cert) { return sk_X509_push(stack, cert); }
#endif
