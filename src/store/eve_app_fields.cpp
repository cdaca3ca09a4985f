#include "store/eve_app_fields.h"

#include <nlohmann/json.hpp>

namespace vigie::store {

namespace {

using nlohmann::json;

const json* object(const json& o, const char* k) {
    auto it = o.find(k);
    return it != o.end() && it->is_object() ? &*it : nullptr;
}

std::optional<std::string> text(const json* o, const char* k) {
    if (!o) return std::nullopt;
    auto it = o->find(k);
    if (it == o->end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return std::nullopt;
    return it->get<std::string>();
}

// The first element of an array member that has `k` as text.
std::optional<std::string> first_in_array(const json* o, const char* array, const char* k) {
    if (!o) return std::nullopt;
    auto it = o->find(array);
    if (it == o->end() || !it->is_array()) return std::nullopt;
    for (const auto& e : *it)
        if (e.is_object())
            if (auto v = text(&e, k)) return v;
    return std::nullopt;
}

}  // namespace

void read_app_fields(const json& record, AlertRow& r) {
    if (const json* http = object(record, "http")) {
        r.http_hostname = text(http, "hostname");
        r.http_url = text(http, "url");
        r.http_user_agent = text(http, "http_user_agent");
    }
    if (const json* tls = object(record, "tls")) {
        r.tls_sni = text(tls, "sni");
        r.ja3 = text(object(*tls, "ja3"), "hash");
        r.ja4 = text(tls, "ja4");
    }
    if (const json* dns = object(record, "dns")) {
        r.dns_rrname = text(dns, "rrname");
        if (!r.dns_rrname) r.dns_rrname = first_in_array(dns, "query", "rrname");
        if (!r.dns_rrname) r.dns_rrname = first_in_array(dns, "queries", "rrname");
    }
    r.file_sha256 = first_in_array(&record, "files", "sha256");
    if (!r.file_sha256) r.file_sha256 = text(object(record, "fileinfo"), "sha256");
}

}  // namespace vigie::store
