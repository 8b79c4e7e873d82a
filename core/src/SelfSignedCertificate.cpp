// SelfSignedCertificate.cpp - certificate generation with OpenSSL.
#include "SelfSignedCertificate.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Net/DNS.h>
#include <Poco/Path.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <sys/stat.h>

namespace polymur {

namespace {

template <class T, void (*Free)(T*)>
struct Deleter
{
    void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;

void check(bool ok, const char* what)
{
    if (!ok)
        throw Poco::RuntimeException(std::string("self-signed certificate: ") + what + " failed");
}

void addExtension(X509* cert, int nid, const std::string& value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    check(ext != nullptr, "extension");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

void writeFile(const std::string& path, mode_t mode, bool isKey, EVP_PKEY* key, X509* cert)
{
    Poco::File(Poco::Path(path).parent()).createDirectories();
    FILE* f = std::fopen(path.c_str(), "w");
    if (!f)
        throw Poco::FileAccessDeniedException("cannot write " + path);
    ::chmod(path.c_str(), mode);
    const int ok = isKey ? PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) : PEM_write_X509(f, cert);
    std::fclose(f);
    check(ok == 1, "PEM write");
}

} // namespace

bool ensureSelfSignedCertificate(const std::string& certPath, const std::string& keyPath)
{
    if (Poco::File(certPath).exists() && Poco::File(keyPath).exists())
        return false;

    KeyPtr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "key generation");
    CertPtr cert(X509_new());
    check(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    check(RAND_bytes(serial, sizeof(serial)) == 1, "RAND_bytes");
    serial[0] &= 0x7f;
    BIGNUM* bn = BN_bin2bn(serial, sizeof(serial), nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 60L * 60 * 24 * 825);
    X509_set_pubkey(cert.get(), key.get());

    std::string host = "localhost";
    try
    {
        host = Poco::Net::DNS::hostName();
    }
    catch (...)
    {
    }
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("polymur-gateway"), -1,
                               -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(host.c_str()), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), name);

    std::string san = "DNS:localhost,IP:127.0.0.1,IP:::1";
    if (host != "localhost")
        san += ",DNS:" + host;
    addExtension(cert.get(), NID_subject_alt_name, san);
    addExtension(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
    addExtension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign");
    addExtension(cert.get(), NID_ext_key_usage, "serverAuth");
    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "signing");

    writeFile(keyPath, 0600, true, key.get(), nullptr);
    writeFile(certPath, 0644, false, nullptr, cert.get());
    return true;
}

} // namespace polymur
