// RingHash.h - the two position functions of Graphite carbon 1.1's
// consistent hash ring (carbon/hashing.py, carbonHash()), over raw bytes.
// Pure functions: no allocation, no locks, safe from any thread.
#pragma once

#include <cstdint>
#include <string_view>

namespace polymur {
namespace hashroute {

/// Size of an MD5 digest in bytes.
constexpr std::size_t kMd5Size = 16;

/// MD5 of `data` through POCO's MD5Engine (one engine per thread, reused).
void md5Poco(std::string_view data, unsigned char out[kMd5Size]);

/// MD5 of `data` through OpenSSL's EVP interface (one context per thread,
/// the digest fetched once).
void md5OpenSsl(std::string_view data, unsigned char out[kMd5Size]);

/// carbon_ch: int(md5(data).hexdigest()[:4], 16), i.e. the first two digest
/// bytes big-endian. Uses the faster MD5 backend (see bench/ring).
std::uint32_t carbonPosition(std::string_view data);

/// 32-bit FNV-1a (offset basis 0x811c9dc5, prime 0x01000193), as carbon's
/// fnv32a().
std::uint32_t fnv1a32(std::string_view data);

/// fnv1a_ch: the 32-bit FNV-1a folded to 16 bits, (h >> 16) ^ (h & 0xffff).
inline std::uint32_t fnv1aPosition(std::string_view data)
{
    const std::uint32_t h = fnv1a32(data);
    return (h >> 16) ^ (h & 0xffffu);
}

} // namespace hashroute
} // namespace polymur
