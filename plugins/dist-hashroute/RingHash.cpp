// RingHash.cpp - MD5 (POCO and OpenSSL backends) and FNV-1a for the ring.
// The per-thread MD5 state is created on a thread's first use, so a lookup
// allocates nothing afterwards.
#include "RingHash.h"

#include <Poco/MD5Engine.h>

#include <openssl/evp.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace polymur {
namespace hashroute {

namespace {

/// The MD5 implementation fetched once per process.
const EVP_MD* openSslMd5()
{
    static const EVP_MD* md = [] {
        const EVP_MD* fetched = EVP_MD_fetch(nullptr, "MD5", nullptr);
        if (!fetched)
            throw std::runtime_error("OpenSSL has no MD5 implementation available");
        return fetched;
    }();
    return md;
}

struct EvpContextDeleter
{
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

} // namespace

void md5Poco(std::string_view data, unsigned char out[kMd5Size])
{
    thread_local Poco::MD5Engine engine;
    engine.update(data.data(), data.size());
    const Poco::DigestEngine::Digest& digest = engine.digest(); // resets the engine
    std::memcpy(out, digest.data(), kMd5Size);
}

void md5OpenSsl(std::string_view data, unsigned char out[kMd5Size])
{
    thread_local std::unique_ptr<EVP_MD_CTX, EvpContextDeleter> ctx(EVP_MD_CTX_new());
    unsigned int size = 0;
    if (!ctx || EVP_DigestInit_ex2(ctx.get(), openSslMd5(), nullptr) != 1
        || EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1
        || EVP_DigestFinal_ex(ctx.get(), out, &size) != 1 || size != kMd5Size)
        throw std::runtime_error("OpenSSL MD5 failed");
}

std::uint32_t carbonPosition(std::string_view data)
{
    unsigned char digest[kMd5Size];
    md5Poco(data, digest);
    return (std::uint32_t(digest[0]) << 8) | digest[1];
}

std::uint32_t fnv1a32(std::string_view data)
{
    std::uint32_t h = 0x811c9dc5u;
    for (const char c : data)
    {
        h ^= static_cast<unsigned char>(c);
        h *= 0x01000193u;
    }
    return h;
}

} // namespace hashroute
} // namespace polymur
