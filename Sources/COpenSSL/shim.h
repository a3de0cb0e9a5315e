#ifndef PAVED_COPENSSL_SHIM_H
#define PAVED_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/objects.h>
#include <openssl/asn1.h>
#include <string.h>

/* STACK_OF(X509) helpers: the sk_X509_* macros do not import into Swift. */
static inline STACK_OF(X509) *paved_x509_stack_new(void) { return sk_X509_new_null(); }
static inline void paved_x509_stack_free(STACK_OF(X509) *stack) { sk_X509_free(stack); }
static inline int paved_x509_stack_push(STACK_OF(X509) *stack, X509 *cert) { return sk_X509_push(stack, cert); }

/* The certificate's subject alternative names that name an identity (e-mail, URI), each followed
   by a newline, into out (NUL-terminated). Returns the number written, or -1 when they do not fit. */
static inline int paved_x509_identities(X509 *cert, char *out, size_t cap) {
  if (cap == 0) return -1;
  out[0] = 0;
  GENERAL_NAMES *names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
  if (!names) return 0;
  size_t used = 0;
  int count = 0;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
    GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
    ASN1_IA5STRING *text = NULL;
    if (name->type == GEN_EMAIL) text = name->d.rfc822Name;
    else if (name->type == GEN_URI) text = name->d.uniformResourceIdentifier;
    if (!text) continue;
    int length = ASN1_STRING_length(text);
    const unsigned char *data = ASN1_STRING_get0_data(text);
    if (length < 0 || used + (size_t)length + 2 > cap || memchr(data, 0, (size_t)length) || memchr(data, '\n', (size_t)length)) {
      GENERAL_NAMES_free(names);
      return -1;
    }
    memcpy(out + used, data, (size_t)length);
    used += (size_t)length;
    out[used++] = '\n';
    out[used] = 0;
    count++;
  }
  GENERAL_NAMES_free(names);
  return count;
}

/* The Sigstore OIDC issuer a Fulcio certificate records: extension 1.3.6.1.4.1.57264.1.8 (a DER
   UTF8String), else the deprecated 1.3.6.1.4.1.57264.1.1 (raw bytes). Returns its length, 0 when
   absent, -1 when malformed or too long for out (NUL-terminated). */
static inline int paved_x509_oidc_issuer(X509 *cert, char *out, size_t cap) {
  if (cap == 0) return -1;
  out[0] = 0;
  const char *oids[2] = {"1.3.6.1.4.1.57264.1.8", "1.3.6.1.4.1.57264.1.1"};
  for (int k = 0; k < 2; k++) {
    ASN1_OBJECT *object = OBJ_txt2obj(oids[k], 1);
    if (!object) continue;
    int index = X509_get_ext_by_OBJ(cert, object, -1);
    ASN1_OBJECT_free(object);
    if (index < 0) continue;
    ASN1_OCTET_STRING *value = X509_EXTENSION_get_data(X509_get_ext(cert, index));
    const unsigned char *data = ASN1_STRING_get0_data(value);
    long length = ASN1_STRING_length(value);
    if (k == 0) {
      /* DER UTF8String: tag 0x0C, a short or long length, then the text. */
      const unsigned char *p = data;
      long inner = 0;
      int tag = 0, xclass = 0;
      int flags = ASN1_get_object(&p, &inner, &tag, &xclass, length);
      if ((flags & 0x80) || tag != V_ASN1_UTF8STRING || p + inner != data + length) return -1;
      length = inner;
      data = p;
    }
    if (length < 0 || (size_t)length + 1 > cap || memchr(data, 0, (size_t)length)) return -1;
    memcpy(out, data, (size_t)length);
    out[length] = 0;
    return (int)length;
  }
  return 0;
}
#endif
