# PolymurPlugin.cmake - polymur_add_plugin(): build one gateway plugin as a
# shared library with the right name, visibility, output folder and install
# rule. Used in-tree and, installed, by third-party plugins.
#
#   polymur_add_plugin(out-example SOURCES Example.cpp [LIBRARIES ...])
# produces polymur-out-example.so in the gateway's plugin folder.
if(NOT DEFINED POLYMUR_PLUGIN_SUBDIR)
  include(GNUInstallDirs)
  set(POLYMUR_PLUGIN_SUBDIR "${CMAKE_INSTALL_LIBDIR}/polymur-gateway/plugins")
endif()

function(polymur_add_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  set(target "polymur-${name}")
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "polymur-${name}"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(DEFINED POLYMUR_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${POLYMUR_PLUGIN_OUTPUT_DIR}")
  endif()
  target_link_libraries(${target} PRIVATE PolymurGateway::sdk ${ARG_LIBRARIES})
  install(TARGETS ${target} LIBRARY DESTINATION "${POLYMUR_PLUGIN_SUBDIR}")
endfunction()
