# PolymurSdkInstall.cmake - installs the plugin SDK: the public headers, the
# polymur_sdk interface target (as PolymurGateway::sdk) and a relocatable
# CMake package, PolymurGatewayConfig.cmake, whose version is the SDK version
# from core/include/polymur/Version.h (compatible within one major).
include(CMakePackageConfigHelpers)

file(STRINGS "${POLYMUR_SDK_INCLUDE_DIR}/polymur/Version.h" _polymur_sdk_defines
     REGEX "^#define POLYMUR_SDK_VERSION_(MAJOR|MINOR) +[0-9]+")
string(REGEX REPLACE ".*MAJOR +([0-9]+).*" "\\1" POLYMUR_SDK_VERSION_MAJOR "${_polymur_sdk_defines}")
string(REGEX REPLACE ".*MINOR +([0-9]+).*" "\\1" POLYMUR_SDK_VERSION_MINOR "${_polymur_sdk_defines}")
set(POLYMUR_SDK_VERSION "${POLYMUR_SDK_VERSION_MAJOR}.${POLYMUR_SDK_VERSION_MINOR}")
string(REGEX MATCH "^[0-9]+\\.[0-9]+" POLYMUR_POCO_SERIES "${Poco_VERSION}")
set(POLYMUR_CMAKE_PACKAGE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/PolymurGateway")

install(DIRECTORY "${POLYMUR_SDK_INCLUDE_DIR}/polymur" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        FILES_MATCHING PATTERN "*.h")
install(TARGETS polymur_sdk EXPORT PolymurGatewayTargets)
install(EXPORT PolymurGatewayTargets NAMESPACE PolymurGateway:: FILE PolymurGatewayTargets.cmake
        DESTINATION "${POLYMUR_CMAKE_PACKAGE_DIR}")

configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/PolymurGatewayConfig.cmake.in"
  "${CMAKE_BINARY_DIR}/sdk/PolymurGatewayConfig.cmake"
  INSTALL_DESTINATION "${POLYMUR_CMAKE_PACKAGE_DIR}")
write_basic_package_version_file("${CMAKE_BINARY_DIR}/sdk/PolymurGatewayConfigVersion.cmake"
  VERSION "${POLYMUR_SDK_VERSION}" COMPATIBILITY SameMajorVersion)
install(FILES
  "${CMAKE_BINARY_DIR}/sdk/PolymurGatewayConfig.cmake"
  "${CMAKE_BINARY_DIR}/sdk/PolymurGatewayConfigVersion.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/PolymurPlugin.cmake"
  DESTINATION "${POLYMUR_CMAKE_PACKAGE_DIR}")

# The plugin guide and the example plugin, for developers who only have the
# installed prefix.
install(FILES "${PROJECT_SOURCE_DIR}/docs/plugins.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/examples/out-example" DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples"
        FILES_MATCHING PATTERN "*.h" PATTERN "*.cpp" PATTERN "CMakeLists.txt" PATTERN "README.md"
        PATTERN "build*" EXCLUDE)
