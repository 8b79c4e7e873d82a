// Base64Test.cpp - strict base64 decoding of Consul values and URL-safe
// encoding of generated keys.
#include "Base64.h"

#include <cppunit/extensions/HelperMacros.h>

using polymur::consul::decodeBase64;
using polymur::consul::encodeBase64Url;

class Base64Test : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(Base64Test);
    CPPUNIT_TEST(testDecodesPaddedValues);
    CPPUNIT_TEST(testDecodesBinary);
    CPPUNIT_TEST(testRejectsBadLength);
    CPPUNIT_TEST(testRejectsBadCharacters);
    CPPUNIT_TEST(testRejectsBadPadding);
    CPPUNIT_TEST(testEncodesUrlSafeUnpadded);
    CPPUNIT_TEST(testRoundTrip);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDecodesPaddedValues()
    {
        std::string out;
        CPPUNIT_ASSERT(decodeBase64("", out));
        CPPUNIT_ASSERT_EQUAL(std::string(), out);
        CPPUNIT_ASSERT(decodeBase64("azE=", out));
        CPPUNIT_ASSERT_EQUAL(std::string("k1"), out);
        CPPUNIT_ASSERT(decodeBase64("dGVzdC1rZXk=", out));
        CPPUNIT_ASSERT_EQUAL(std::string("test-key"), out);
        CPPUNIT_ASSERT(decodeBase64("YQ==", out));
        CPPUNIT_ASSERT_EQUAL(std::string("a"), out);
        CPPUNIT_ASSERT(decodeBase64("YWJj", out));
        CPPUNIT_ASSERT_EQUAL(std::string("abc"), out);
    }

    void testDecodesBinary()
    {
        std::string out;
        CPPUNIT_ASSERT(decodeBase64("AP8+/w==", out));
        CPPUNIT_ASSERT_EQUAL(std::string("\x00\xff\x3e\xff", 4), out);
    }

    void testRejectsBadLength()
    {
        std::string out;
        CPPUNIT_ASSERT(!decodeBase64("azE", out));
        CPPUNIT_ASSERT(!decodeBase64("a", out));
        CPPUNIT_ASSERT(!decodeBase64("YWJjZ", out));
    }

    void testRejectsBadCharacters()
    {
        std::string out;
        CPPUNIT_ASSERT(!decodeBase64("az!=", out));
        CPPUNIT_ASSERT(!decodeBase64("a-_b", out)); // URL alphabet is not Consul's
        CPPUNIT_ASSERT(!decodeBase64("az E", out));
        CPPUNIT_ASSERT(!decodeBase64("azE=\n", out));
        CPPUNIT_ASSERT(!decodeBase64(std::string("az\0=", 4), out));
    }

    void testRejectsBadPadding()
    {
        std::string out;
        CPPUNIT_ASSERT(!decodeBase64("a===", out));
        CPPUNIT_ASSERT(!decodeBase64("====", out));
        CPPUNIT_ASSERT(!decodeBase64("az=E", out));
        CPPUNIT_ASSERT(!decodeBase64("YQ==YWJj", out)); // padding before the end
        CPPUNIT_ASSERT(!decodeBase64("YR==", out));     // non-zero dropped bits
    }

    void testEncodesUrlSafeUnpadded()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(""), encodeBase64Url(""));
        CPPUNIT_ASSERT_EQUAL(std::string("YQ"), encodeBase64Url("a"));
        CPPUNIT_ASSERT_EQUAL(std::string("YWI"), encodeBase64Url("ab"));
        CPPUNIT_ASSERT_EQUAL(std::string("YWJj"), encodeBase64Url("abc"));
        CPPUNIT_ASSERT_EQUAL(std::string("AP8-_w"), encodeBase64Url(std::string("\x00\xff\x3e\xff", 4)));
    }

    void testRoundTrip()
    {
        std::string data;
        for (int i = 0; i < 256; ++i)
            data.push_back(static_cast<char>(i));
        std::string encoded = encodeBase64Url(data);
        for (char& c : encoded)
        {
            if (c == '-')
                c = '+';
            else if (c == '_')
                c = '/';
        }
        while (encoded.size() % 4 != 0)
            encoded.push_back('=');
        std::string out;
        CPPUNIT_ASSERT(decodeBase64(encoded, out));
        CPPUNIT_ASSERT(out == data);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(Base64Test);
