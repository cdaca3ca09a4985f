// JsonLine: builds one JSON object as text in a reused buffer.
// EVE is written at the rate of alerts and transactions, so records are composed
// straight into a string whose capacity is kept across records: no DOM, no
// allocation once warmed up. Keys are trusted literals; values are escaped.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace vigie::output {

class JsonLine {
public:
    void begin() {
        buf_.clear();
        buf_.push_back('{');
        first_ = true;
    }
    // Ends the top-level object and appends '\n'.
    const std::string& end() {
        buf_.push_back('}');
        buf_.push_back('\n');
        return buf_;
    }

    void key(std::string_view k) {
        sep();
        buf_.push_back('"');
        buf_.append(k);
        buf_.append("\":");
    }
    void str(std::string_view k, std::string_view v) {
        key(k);
        append_string(v);
    }
    void num(std::string_view k, int64_t v) {
        key(k);
        append_int(v);
    }
    void unum(std::string_view k, uint64_t v) {
        key(k);
        append_uint(v);
    }
    void boolean(std::string_view k, bool v) {
        key(k);
        buf_.append(v ? "true" : "false");
    }
    void open_object(std::string_view k) {
        key(k);
        buf_.push_back('{');
        first_ = true;
    }
    void close_object() {
        buf_.push_back('}');
        first_ = false;
    }
    void open_array(std::string_view k) {
        key(k);
        buf_.push_back('[');
        first_ = true;
    }
    void close_array() {
        buf_.push_back(']');
        first_ = false;
    }
    // Array elements.
    void elem_str(std::string_view v) {
        sep();
        append_string(v);
    }
    void elem_uint(uint64_t v) {
        sep();
        append_uint(v);
    }
    void raw(std::string_view k, std::string_view json) {  // pre-rendered JSON value
        key(k);
        buf_.append(json);
    }

    void append_string(std::string_view v);
    void append_int(int64_t v);
    void append_uint(uint64_t v);
    const std::string& text() const { return buf_; }

private:
    void sep() {
        if (!first_) buf_.push_back(',');
        first_ = false;
    }
    std::string buf_;
    bool first_ = true;
};

// Base64 (RFC 4648, with padding), as Suricata writes `payload` and `packet`.
void append_base64(std::string& out, const uint8_t* data, size_t len);
// Suricata's payload_printable: printable ASCII kept, everything else as '.'.
void append_printable(std::string& out, const uint8_t* data, size_t len);

}  // namespace vigie::output
