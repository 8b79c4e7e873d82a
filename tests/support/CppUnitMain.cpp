// CppUnitMain.cpp - shared main() of every CppUnit test executable: runs all
// suites registered with CPPUNIT_TEST_SUITE_REGISTRATION, or the one named
// on the command line, and exits non-zero on any failure.
#include <cppunit/CompilerOutputter.h>
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <cppunit/ui/text/TestRunner.h>

#include <iostream>

int main(int argc, char** argv)
{
    CppUnit::TextUi::TestRunner runner;
    runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
    runner.setOutputter(new CppUnit::CompilerOutputter(&runner.result(), std::cerr));
    const std::string only = argc > 1 ? argv[1] : "";
    const bool ok = runner.run(only, false, true, false);
    return ok ? 0 : 1;
}
