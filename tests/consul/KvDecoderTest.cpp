// KvDecoderTest.cpp - decoding Consul KV answers, well-formed and malformed
// (missing fields, null values, bad base64, non-array, garbage).
#include "KvDecoder.h"

#include <cppunit/extensions/HelperMacros.h>

using polymur::consul::decodeKvList;
using polymur::consul::KvDecodeException;
using polymur::consul::KvEntry;

class KvDecoderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(KvDecoderTest);
    CPPUNIT_TEST(testDecodesConsulAnswer);
    CPPUNIT_TEST(testEmptyArray);
    CPPUNIT_TEST(testNullAndMissingValue);
    CPPUNIT_TEST(testMissingModifyIndex);
    CPPUNIT_TEST(testRejectsMissingKey);
    CPPUNIT_TEST(testRejectsNonStringKey);
    CPPUNIT_TEST(testRejectsBadBase64);
    CPPUNIT_TEST(testRejectsNonStringValue);
    CPPUNIT_TEST(testRejectsBadModifyIndex);
    CPPUNIT_TEST(testRejectsNonArray);
    CPPUNIT_TEST(testRejectsNonObjectElement);
    CPPUNIT_TEST(testRejectsGarbage);
    CPPUNIT_TEST(testErrorsNeverQuoteValues);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDecodesConsulAnswer()
    {
        // As consul 1.8.7 answers GET /v1/kv/polymur/gateway/keys/?recurse.
        const std::string body = R"([
    {
        "LockIndex": 0,
        "Key": "polymur/gateway/keys/alice",
        "Flags": 0,
        "Value": "azE=",
        "CreateIndex": 13,
        "ModifyIndex": 13
    },
    {
        "LockIndex": 0,
        "Key": "polymur/gateway/keys/bob",
        "Flags": 0,
        "Value": "dGVzdC1rZXk=",
        "CreateIndex": 14,
        "ModifyIndex": 18446744073709551615
    }
])";
        const std::vector<KvEntry> entries = decodeKvList(body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("polymur/gateway/keys/alice"), entries[0].key);
        CPPUNIT_ASSERT_EQUAL(std::string("k1"), entries[0].value);
        CPPUNIT_ASSERT(entries[0].hasValue);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(13), entries[0].modifyIndex);
        CPPUNIT_ASSERT_EQUAL(std::string("test-key"), entries[1].value);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(18446744073709551615ULL), entries[1].modifyIndex);
    }

    void testEmptyArray()
    {
        CPPUNIT_ASSERT(decodeKvList("[]").empty());
        CPPUNIT_ASSERT(decodeKvList("  [ ]\n").empty());
    }

    void testNullAndMissingValue()
    {
        const std::vector<KvEntry> entries = decodeKvList(
            R"([{"Key":"p/","Value":null,"ModifyIndex":5},{"Key":"p/x","ModifyIndex":6},{"Key":"p/e","Value":""}])");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), entries.size());
        CPPUNIT_ASSERT(!entries[0].hasValue);
        CPPUNIT_ASSERT(entries[0].value.empty());
        CPPUNIT_ASSERT(!entries[1].hasValue);
        CPPUNIT_ASSERT(entries[2].hasValue); // "" decodes to an empty value
        CPPUNIT_ASSERT(entries[2].value.empty());
    }

    void testMissingModifyIndex()
    {
        const std::vector<KvEntry> entries = decodeKvList(R"([{"Key":"p/a","Value":"YQ=="}])");
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), entries.at(0).modifyIndex);
        CPPUNIT_ASSERT_EQUAL(std::string("a"), entries.at(0).value);
    }

    void testRejectsMissingKey()
    {
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Value":"YQ==","ModifyIndex":1}])"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"key":"p/a","Value":"YQ=="}])"), KvDecodeException);
        // One bad element rejects the whole answer.
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"p/a","Value":"YQ=="},{"Value":"YQ=="}])"), KvDecodeException);
    }

    void testRejectsNonStringKey()
    {
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":17,"Value":"YQ=="}])"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":null,"Value":"YQ=="}])"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"","Value":"YQ=="}])"), KvDecodeException);
    }

    void testRejectsBadBase64()
    {
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"p/a","Value":"not base64!"}])"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"p/a","Value":"YQ"}])"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"p/a","Value":"Y-_="}])"), KvDecodeException);
    }

    void testRejectsNonStringValue()
    {
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"p/a","Value":42}])"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"p/a","Value":["YQ=="]}])"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"p/a","Value":true}])"), KvDecodeException);
    }

    void testRejectsBadModifyIndex()
    {
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"p/a","Value":"YQ==","ModifyIndex":"7"}])"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"p/a","Value":"YQ==","ModifyIndex":-1}])"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"p/a","Value":"YQ==","ModifyIndex":1.5}])"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"p/a","Value":"YQ==","ModifyIndex":true}])"), KvDecodeException);
    }

    void testRejectsNonArray()
    {
        CPPUNIT_ASSERT_THROW(decodeKvList(R"({"Key":"p/a","Value":"YQ=="})"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList("\"p/a\""), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList("42"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList("null"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList("true"), KvDecodeException);
    }

    void testRejectsNonObjectElement()
    {
        CPPUNIT_ASSERT_THROW(decodeKvList(R"(["p/a"])"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([null])"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([[{"Key":"p/a"}]])"), KvDecodeException);
    }

    void testRejectsGarbage()
    {
        CPPUNIT_ASSERT_THROW(decodeKvList(""), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList("<html>502 Bad Gateway</html>"), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList(R"([{"Key":"p/a","Value":"YQ=="})"), KvDecodeException); // truncated
        CPPUNIT_ASSERT_THROW(decodeKvList(std::string("[\0\xff\xfe]", 5)), KvDecodeException);
        CPPUNIT_ASSERT_THROW(decodeKvList("[] trailing"), KvDecodeException);
    }

    void testErrorsNeverQuoteValues()
    {
        // A value that is almost base64 and a body that is not JSON: the
        // messages must not contain them (they may be API keys).
        const std::string secret = "c2VjcmV0LWtleQ=";
        try
        {
            decodeKvList(R"([{"Key":"p/a","Value":")" + secret + "\"}]");
            CPPUNIT_FAIL("bad base64 accepted");
        }
        catch (const KvDecodeException& e)
        {
            CPPUNIT_ASSERT(e.displayText().find(secret) == std::string::npos);
            CPPUNIT_ASSERT(e.displayText().find("p/a") != std::string::npos);
        }
        try
        {
            decodeKvList("secret-key-material");
            CPPUNIT_FAIL("garbage accepted");
        }
        catch (const KvDecodeException& e)
        {
            CPPUNIT_ASSERT(e.displayText().find("secret") == std::string::npos);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(KvDecoderTest);
