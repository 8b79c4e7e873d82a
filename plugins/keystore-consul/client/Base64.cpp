// Base64.cpp - strict base64 decoding and URL-safe encoding.
#include "Base64.h"

#include <array>
#include <cstdint>

namespace polymur {
namespace consul {

namespace {

constexpr int kInvalid = -1;

std::array<int, 256> makeDecodeTable()
{
    std::array<int, 256> table{};
    table.fill(kInvalid);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(alphabet[i])] = i;
    return table;
}

} // namespace

bool decodeBase64(std::string_view in, std::string& out)
{
    static const std::array<int, 256> table = makeDecodeTable();
    out.clear();
    if (in.size() % 4 != 0)
        return false;
    out.reserve(in.size() / 4 * 3);
    for (std::size_t i = 0; i < in.size(); i += 4)
    {
        const bool last = i + 4 == in.size();
        int v[4];
        int padding = 0;
        for (int j = 0; j < 4; ++j)
        {
            const unsigned char c = static_cast<unsigned char>(in[i + j]);
            if (c == '=' && last && j >= 2)
            {
                v[j] = 0;
                ++padding;
                continue;
            }
            if (padding > 0)
                return false; // data after '='
            v[j] = table[c];
            if (v[j] == kInvalid)
                return false;
        }
        const std::uint32_t n = (static_cast<std::uint32_t>(v[0]) << 18) | (static_cast<std::uint32_t>(v[1]) << 12)
            | (static_cast<std::uint32_t>(v[2]) << 6) | static_cast<std::uint32_t>(v[3]);
        // Canonical form: the bits dropped by the padding must be zero.
        if ((padding == 1 && (n & 0xFF) != 0) || (padding == 2 && (n & 0xFFFF) != 0))
            return false;
        out.push_back(static_cast<char>((n >> 16) & 0xFF));
        if (padding < 2)
            out.push_back(static_cast<char>((n >> 8) & 0xFF));
        if (padding < 1)
            out.push_back(static_cast<char>(n & 0xFF));
    }
    return true;
}

std::string encodeBase64Url(std::string_view data)
{
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((data.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= data.size(); i += 3)
    {
        const std::uint32_t n = (static_cast<std::uint32_t>(static_cast<unsigned char>(data[i])) << 16)
            | (static_cast<std::uint32_t>(static_cast<unsigned char>(data[i + 1])) << 8)
            | static_cast<std::uint32_t>(static_cast<unsigned char>(data[i + 2]));
        out.push_back(alphabet[(n >> 18) & 63]);
        out.push_back(alphabet[(n >> 12) & 63]);
        out.push_back(alphabet[(n >> 6) & 63]);
        out.push_back(alphabet[n & 63]);
    }
    const std::size_t rest = data.size() - i;
    if (rest > 0)
    {
        std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(data[i])) << 16;
        if (rest == 2)
            n |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[i + 1])) << 8;
        out.push_back(alphabet[(n >> 18) & 63]);
        out.push_back(alphabet[(n >> 12) & 63]);
        if (rest == 2)
            out.push_back(alphabet[(n >> 6) & 63]);
    }
    return out;
}

} // namespace consul
} // namespace polymur
