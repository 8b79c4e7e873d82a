// KvDecoder.cpp - Consul KV JSON decoding with Poco::JSON.
#include "KvDecoder.h"

#include "Base64.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <string>

namespace polymur {
namespace consul {

POCO_IMPLEMENT_EXCEPTION(KvDecodeException, Poco::DataFormatException, "Bad Consul KV answer")

namespace {

std::string where(std::size_t index)
{
    return "element " + std::to_string(index);
}

std::uint64_t readIndex(const Poco::Dynamic::Var& v, std::size_t index)
{
    if (v.isEmpty())
        return 0;
    if (!v.isInteger() || v.isBoolean())
        throw KvDecodeException(where(index) + ": ModifyIndex is not an integer");
    if (v.isSigned() && v.convert<Poco::Int64>() < 0)
        throw KvDecodeException(where(index) + ": ModifyIndex is negative");
    return v.convert<Poco::UInt64>();
}

} // namespace

std::vector<KvEntry> decodeKvList(const std::string& body)
{
    Poco::Dynamic::Var root;
    try
    {
        Poco::JSON::Parser parser;
        root = parser.parse(body);
    }
    catch (const Poco::Exception&)
    {
        // The parser's message may quote the input; it can hold key values.
        throw KvDecodeException("not valid JSON (" + std::to_string(body.size()) + " bytes)");
    }
    if (root.type() != typeid(Poco::JSON::Array::Ptr))
        throw KvDecodeException("expected a JSON array of KV entries");
    const Poco::JSON::Array::Ptr array = root.extract<Poco::JSON::Array::Ptr>();

    std::vector<KvEntry> entries;
    entries.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i)
    {
        const Poco::JSON::Object::Ptr object = array->getObject(static_cast<unsigned>(i));
        if (!object)
            throw KvDecodeException(where(i) + " is not an object");
        KvEntry entry;

        const Poco::Dynamic::Var key = object->get("Key");
        if (key.isEmpty() || !key.isString())
            throw KvDecodeException(where(i) + ": Key is missing or not a string");
        entry.key = key.extract<std::string>();
        if (entry.key.empty())
            throw KvDecodeException(where(i) + ": Key is empty");

        const Poco::Dynamic::Var value = object->get("Value");
        if (!value.isEmpty())
        {
            if (!value.isString())
                throw KvDecodeException(where(i) + " (" + entry.key + "): Value is not a string");
            if (!decodeBase64(value.extract<std::string>(), entry.value))
                throw KvDecodeException(where(i) + " (" + entry.key + "): Value is not valid base64");
            entry.hasValue = true;
        }
        entry.modifyIndex = readIndex(object->get("ModifyIndex"), i);
        entries.push_back(std::move(entry));
    }
    return entries;
}

} // namespace consul
} // namespace polymur
