# The web assets embedded into vigie_web: Chart.js from the npm registry (installed by
# scripts/install-web.sh, pinned and checked against scripts/web-assets.sha256) and
# Vigie's own script and style sheet from src/web/assets. Sets VIGIE_WEB_ASSETS_CPP.
set(VIGIE_WEB_DIR "" CACHE PATH "Directory holding chart.umd.js (default: the one scripts/install-web.sh fills)")
if(VIGIE_WEB_DIR)
  set(web_dir "${VIGIE_WEB_DIR}")
elseif(DEFINED ENV{VIGIE_WEB_DIR})
  set(web_dir "$ENV{VIGIE_WEB_DIR}")
elseif(DEFINED ENV{XDG_CACHE_HOME})
  set(web_dir "$ENV{XDG_CACHE_HOME}/vigie/web")
else()
  set(web_dir "$ENV{HOME}/.cache/vigie/web")
endif()
set(chartjs "${web_dir}/chart.umd.js")
if(NOT EXISTS "${chartjs}")
  message(FATAL_ERROR "Chart.js not found at ${chartjs}: run `make deps` (scripts/install-web.sh fetches it), "
                      "or point -DVIGIE_WEB_DIR at a directory holding chart.umd.js")
endif()
file(STRINGS "${CMAKE_SOURCE_DIR}/scripts/web-assets.sha256" pin REGEX "chart\\.umd\\.js$")
string(REGEX MATCH "^[0-9a-f]+" pinned "${pin}")
file(SHA256 "${chartjs}" actual)
if(NOT actual STREQUAL pinned)
  message(FATAL_ERROR "${chartjs}: SHA-256 ${actual} is not the pinned ${pinned} "
                      "(scripts/web-assets.sha256): run `make deps` to fetch the pinned version")
endif()

set(web_src "${CMAKE_SOURCE_DIR}/src/web/assets")
set(VIGIE_WEB_ASSETS_CPP "${CMAKE_BINARY_DIR}/generated/web_assets.cpp")
# "|" separates the pairs: a ";" would split the argument in add_custom_command.
set(assets "chart_js=${chartjs}|app_js=${web_src}/app.js|style_css=${web_src}/style.css")
add_custom_command(
  OUTPUT "${VIGIE_WEB_ASSETS_CPP}"
  COMMAND ${CMAKE_COMMAND} "-DOUT=${VIGIE_WEB_ASSETS_CPP}" "-DASSETS=${assets}"
          -P "${CMAKE_SOURCE_DIR}/cmake/embed_assets.cmake"
  DEPENDS "${chartjs}" "${web_src}/app.js" "${web_src}/style.css" "${CMAKE_SOURCE_DIR}/cmake/embed_assets.cmake"
  COMMENT "Embedding web assets (Chart.js, app.js, style.css)"
  VERBATIM)
