# web/assets.cmake -- the web application's assets, built into the binary.
# scripts/web-assets.sh compiles the Sass and gathers the scripts and icons
# (running npm ci when node_modules is missing or stale); tools/embed.c, a
# program of ours built here, turns them into web_assets.c in the build
# directory, which oversight_core compiles. Included from CMakeLists.txt
# after oversight_core is defined.
set(WEB_ASSET_DIR ${CMAKE_BINARY_DIR}/web-assets)
file(GLOB WEB_ASSET_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/assets/*)

add_custom_command(
  OUTPUT ${WEB_ASSET_DIR}/stamp ${WEB_ASSET_DIR}/manifest
  COMMAND sh ${CMAKE_SOURCE_DIR}/scripts/web-assets.sh ${WEB_ASSET_DIR}
  DEPENDS ${CMAKE_SOURCE_DIR}/scripts/web-assets.sh ${CMAKE_SOURCE_DIR}/package-lock.json
          ${WEB_ASSET_SOURCES}
  COMMENT "Building the web assets (sass; npm ci when needed)"
  VERBATIM)

# The generator runs on the build machine: no sanitizer or fuzzer flags
# matter to it beyond what every target gets.
add_executable(oversight_embed tools/embed.c)

add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/web_assets.c
  COMMAND oversight_embed ${CMAKE_BINARY_DIR}/web_assets.c ${WEB_ASSET_DIR}/manifest
  DEPENDS oversight_embed ${WEB_ASSET_DIR}/stamp
  COMMENT "Embedding the web assets"
  VERBATIM)

target_sources(oversight_core PRIVATE ${CMAKE_BINARY_DIR}/web_assets.c)
