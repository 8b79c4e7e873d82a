# PolymurPlugin.cmake - polymur_add_plugin(): build one gateway plugin as a
# shared library with the right name, visibility, RPATH, output folder and
# install rule. Used in-tree and, installed with the SDK, by third-party
# plugins (find_package(PolymurGateway) includes it).
#
#   polymur_add_plugin(out-example SOURCES Example.cpp [LIBRARIES ...])
# builds polymur-out-example.so; `cmake --install` puts it into
# <CMAKE_INSTALL_PREFIX>/<POLYMUR_PLUGIN_SUBDIR> (lib/polymur-gateway/plugins),
# the folder a gateway installed under the same prefix loads plugins from.
# The folder name also names the plugin's INI section: [out-example].
if(NOT DEFINED POLYMUR_PLUGIN_SUBDIR)
  include(GNUInstallDirs)
  set(POLYMUR_PLUGIN_SUBDIR "${CMAKE_INSTALL_LIBDIR}/polymur-gateway/plugins")
endif()

function(polymur_add_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "polymur_add_plugin(${name}): no SOURCES given")
  endif()
  set(target "polymur-${name}")
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "polymur-${name}"
    # Only the SDK's C entry points and the POCO manifest are exported.
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    # Installed: find private libraries shipped next to the plugin, and
    # dependencies (e.g. POCO) from non-system folders it was linked against.
    INSTALL_RPATH "$ORIGIN"
    INSTALL_RPATH_USE_LINK_PATH ON)
  # Every symbol must resolve at link time: the gateway loads plugins lazily,
  # and a missing function would otherwise only fail when first called.
  # Not with sanitizers: clang leaves their runtime to the executable.
  get_property(link_options DIRECTORY PROPERTY LINK_OPTIONS)
  if(NOT "${CMAKE_CXX_FLAGS} ${CMAKE_MODULE_LINKER_FLAGS} ${link_options}" MATCHES "-fsanitize")
    target_link_options(${target} PRIVATE "LINKER:--no-undefined")
  endif()
  if(DEFINED POLYMUR_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${POLYMUR_PLUGIN_OUTPUT_DIR}")
  endif()
  target_link_libraries(${target} PRIVATE PolymurGateway::sdk ${ARG_LIBRARIES})
  install(TARGETS ${target} LIBRARY DESTINATION "${POLYMUR_PLUGIN_SUBDIR}")
endfunction()
