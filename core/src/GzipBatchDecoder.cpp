// GzipBatchDecoder.cpp - multi-member gzip inflate with an output bound.
#include "GzipBatchDecoder.h"

#include <Poco/Exception.h>

#ifdef POLYMUR_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include <algorithm>
#include <cstring>
#include <limits>

namespace polymur {

namespace {
constexpr int kGzipWindowBits = 16 + MAX_WBITS; // gzip wrapper only
/// A trailer claiming more than this ratio is not trusted for allocation
/// (text batches inflate ~5-15x); such bodies take the streaming path.
constexpr std::size_t kMaxTrustedRatio = 64;
} // namespace

GzipBatchDecoder::GzipBatchDecoder()
{
    std::memset(&_stream, 0, sizeof(_stream));
    if (inflateInit2(&_stream, kGzipWindowBits) != Z_OK)
        throw Poco::RuntimeException("zlib inflateInit2 failed");
}

GzipBatchDecoder::~GzipBatchDecoder()
{
    inflateEnd(&_stream);
#ifdef POLYMUR_HAVE_LIBDEFLATE
    if (_whole)
        libdeflate_free_decompressor(static_cast<libdeflate_decompressor*>(_whole));
#endif
}

DecodeStatus GzipBatchDecoder::decode(const char* data, std::size_t size, std::string& out, std::size_t maxOutput,
                                      BudgetLease* lease)
{
    // A recycled buffer brings its memory along: charge what it holds.
    std::size_t charged = out.capacity();
    if (lease && !lease->take(charged))
        return DecodeStatus::NoBudget;
    bool noBudget = false;
    if (decodeWhole(data, size, out, maxOutput, lease, charged, noBudget))
        return DecodeStatus::Ok;
    if (noBudget)
        return DecodeStatus::NoBudget;
    return decodeStreaming(data, size, out, maxOutput, lease, charged);
}

bool GzipBatchDecoder::grow(std::string& out, std::size_t to, BudgetLease* lease, std::size_t& charged)
{
    if (to <= out.capacity())
    {
        out.resize(to);
        return true;
    }
    // libstdc++ allocates at least twice the old capacity; old and new
    // buffers both exist during the copy, the old one is given back after.
    const std::size_t allocation = std::max(to, 2 * out.capacity());
    if (lease && !lease->take(allocation))
        return false;
    out.resize(to);
    if (lease)
    {
        const std::size_t actual = std::min(allocation, out.capacity());
        lease->give(charged + (allocation - actual));
        charged = actual;
    }
    return true;
}

bool GzipBatchDecoder::decodeWhole(const char* data, std::size_t size, std::string& out, std::size_t maxOutput,
                                   BudgetLease* lease, std::size_t& charged, bool& noBudget)
{
#ifdef POLYMUR_HAVE_LIBDEFLATE
    if (size < 18) // gzip header + trailer
        return false;
    // ISIZE: the member's inflated size mod 2^32, in its last four bytes.
    const auto* trailer = reinterpret_cast<const unsigned char*>(data + size - 4);
    const std::size_t announced = static_cast<std::size_t>(trailer[0]) | static_cast<std::size_t>(trailer[1]) << 8 |
                                  static_cast<std::size_t>(trailer[2]) << 16 |
                                  static_cast<std::size_t>(trailer[3]) << 24;
    if (announced > maxOutput || announced > size * kMaxTrustedRatio)
        return false;
    if (!_whole)
    {
        _whole = libdeflate_alloc_decompressor();
        if (!_whole)
            return false;
    }
    if (!grow(out, announced, lease, charged))
    {
        noBudget = true;
        return false;
    }
    std::size_t consumed = 0;
    std::size_t produced = 0;
    const libdeflate_result rc = libdeflate_gzip_decompress_ex(static_cast<libdeflate_decompressor*>(_whole), data,
                                                               size, out.empty() ? nullptr : &out[0], out.size(),
                                                               &consumed, &produced);
    // Anything but one member filling exactly the announced size: stream it.
    if (rc != LIBDEFLATE_SUCCESS || consumed != size || produced != announced)
        return false;
    return true;
#else
    (void)data;
    (void)size;
    (void)out;
    (void)maxOutput;
    (void)lease;
    (void)charged;
    (void)noBudget;
    return false;
#endif
}

DecodeStatus GzipBatchDecoder::decodeStreaming(const char* data, std::size_t size, std::string& out,
                                               std::size_t maxOutput, BudgetLease* lease, std::size_t& charged)
{
    out.clear();
    if (size == 0)
        return DecodeStatus::Malformed;
    if (size > std::numeric_limits<uInt>::max())
        return DecodeStatus::TooLarge;
    inflateReset(&_stream);
    _stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    _stream.avail_in = static_cast<uInt>(size);
    // A first guess of the inflated size; Graphite text compresses ~5-10x.
    std::size_t produced = 0;
    if (!grow(out, std::min(maxOutput + 1, std::max<std::size_t>(size * 8, 64 * 1024)), lease, charged))
        return DecodeStatus::NoBudget;
    for (;;)
    {
        if (produced == out.size())
        {
            if (out.size() > maxOutput)
                return DecodeStatus::TooLarge;
            if (!grow(out, std::min(maxOutput + 1, out.size() * 2), lease, charged))
            {
                out.resize(produced);
                return DecodeStatus::NoBudget;
            }
        }
        _stream.next_out = reinterpret_cast<Bytef*>(&out[produced]);
        _stream.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - produced, 1u << 30));
        const uInt before = _stream.avail_out;
        const int rc = inflate(&_stream, Z_NO_FLUSH);
        produced += before - _stream.avail_out;
        if (produced > maxOutput)
        {
            out.resize(produced);
            return DecodeStatus::TooLarge;
        }
        if (rc == Z_STREAM_END)
        {
            if (_stream.avail_in == 0)
                break;
            // Another gzip member follows.
            inflateReset(&_stream);
            continue;
        }
        if (rc == Z_BUF_ERROR && _stream.avail_in == 0)
        {
            out.resize(produced);
            return DecodeStatus::Malformed; // truncated stream
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR)
        {
            out.resize(produced);
            return DecodeStatus::Malformed;
        }
        if (rc == Z_OK && _stream.avail_in == 0 && _stream.avail_out != 0)
        {
            out.resize(produced);
            return DecodeStatus::Malformed; // input ended inside a member
        }
    }
    out.resize(produced);
    return DecodeStatus::Ok;
}

} // namespace polymur
