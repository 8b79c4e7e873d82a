// KeyGenerator.cpp - API keys from OpenSSL RAND_bytes.
#include "KeyGenerator.h"

#include "Base64.h"

#include <Poco/Exception.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <vector>

namespace polymur {
namespace keys {

std::string generateApiKey(std::size_t bytes)
{
    if (bytes < 16)
        throw Poco::InvalidArgumentException("an API key needs at least 128 bits of randomness");
    std::vector<unsigned char> random(bytes);
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
        throw Poco::SystemException("OpenSSL RAND_bytes could not produce random bytes");
    std::string key = consul::encodeBase64Url(
        std::string_view(reinterpret_cast<const char*>(random.data()), random.size()));
    OPENSSL_cleanse(random.data(), random.size());
    return key;
}

} // namespace keys
} // namespace polymur
