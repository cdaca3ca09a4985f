#include "cli/stats_format.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "store/stats_json.h"

namespace vigie::cli {

namespace {

std::string text(const store::StatsCell& c) { return c.is_int ? std::to_string(c.i) : c.s; }

// Display width in code points, so names like "Türkiye" align.
size_t width(const std::string& s) {
    return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

std::string format_table(const store::StatsTable& t) {
    std::vector<size_t> w(t.columns.size());
    for (size_t c = 0; c < t.columns.size(); ++c) w[c] = width(t.columns[c]);
    for (const auto& r : t.rows)
        for (size_t c = 0; c < r.size(); ++c) w[c] = std::max(w[c], width(text(r[c])));
    std::string out;
    auto line = [&](const std::vector<std::string>& cells, const std::vector<bool>& right) {
        for (size_t c = 0; c < cells.size(); ++c) {
            const std::string pad(w[c] - width(cells[c]), ' ');
            if (c) out += "  ";
            out += right[c] ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : "");
        }
        out += '\n';
    };
    std::vector<bool> right(t.columns.size(), false);
    if (!t.rows.empty())
        for (size_t c = 0; c < t.columns.size(); ++c) right[c] = t.rows[0][c].is_int;
    line(t.columns, right);
    uint64_t total = 0;
    for (const auto& r : t.rows) {
        std::vector<std::string> cells;
        for (const auto& c : r) cells.push_back(text(c));
        line(cells, right);
        total += static_cast<uint64_t>(r.back().i);
    }
    out += "(" + std::to_string(t.rows.size()) + " rows, " + std::to_string(total) + " alerts)\n";
    return out;
}

std::string format_csv(const store::StatsTable& t) {
    std::string out;
    for (size_t c = 0; c < t.columns.size(); ++c) out += (c ? "," : "") + csv_field(t.columns[c]);
    out += "\r\n";
    for (const auto& r : t.rows) {
        for (size_t c = 0; c < r.size(); ++c) out += (c ? "," : "") + csv_field(text(r[c]));
        out += "\r\n";
    }
    return out;
}

std::string format_json(const store::StatsTable& t) {
    return store::stats_rows_json(t).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace vigie::cli
