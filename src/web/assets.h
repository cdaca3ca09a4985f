// The files the pages need, compiled into the binary (cmake/embed_assets.cmake
// generates the definitions at build time): the report and the dashboard work
// offline. Chart.js is MIT-licensed (docs/dashboard.md).
#pragma once
#include <string_view>

namespace vigie::web {

std::string_view chart_js();   // Chart.js UMD bundle, pinned (scripts/web-assets.sha256)
std::string_view app_js();     // src/web/assets/app.js: draws the figures, report or dashboard
std::string_view style_css();  // src/web/assets/style.css

}  // namespace vigie::web
