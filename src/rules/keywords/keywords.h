// Parse functions of all keywords, implemented in keywords/<group>.cpp and listed in
// registry.cpp. Signature: see KeywordParseFn in keyword_spec.h.
#pragma once
#include "rules/keywords/keyword_spec.h"
#include "rules/rule_builder.h"

namespace vigie::rules::kwfn {

#define VIGIE_KW(fn) Result<void> fn(RuleBuilder& b, const KeywordSpec& spec, std::string_view arg)

// meta.cpp
VIGIE_KW(msg); VIGIE_KW(sid); VIGIE_KW(rev); VIGIE_KW(gid); VIGIE_KW(classtype); VIGIE_KW(priority);
VIGIE_KW(reference); VIGIE_KW(metadata); VIGIE_KW(target); VIGIE_KW(prefilter); VIGIE_KW(noalert);
// content.cpp
VIGIE_KW(content); VIGIE_KW(nocase); VIGIE_KW(rawbytes); VIGIE_KW(depth); VIGIE_KW(offset); VIGIE_KW(distance);
VIGIE_KW(within); VIGIE_KW(startswith); VIGIE_KW(endswith); VIGIE_KW(fast_pattern);
// pcre.cpp
VIGIE_KW(pcre);
// byte_ops.cpp
VIGIE_KW(byte_test); VIGIE_KW(byte_jump); VIGIE_KW(byte_extract); VIGIE_KW(byte_math);
// payload_misc.cpp
VIGIE_KW(isdataat); VIGIE_KW(bsize);
// header_checks.cpp
VIGIE_KW(dsize); VIGIE_KW(ttl); VIGIE_KW(tos); VIGIE_KW(ip_proto); VIGIE_KW(ip_id); VIGIE_KW(fragbits);
VIGIE_KW(fragoffset); VIGIE_KW(itype); VIGIE_KW(icode); VIGIE_KW(icmp_id); VIGIE_KW(icmp_seq); VIGIE_KW(tcp_flags);
VIGIE_KW(tcp_seq); VIGIE_KW(tcp_ack); VIGIE_KW(tcp_window); VIGIE_KW(ipopts); VIGIE_KW(sameip);
// flow.cpp
VIGIE_KW(flow); VIGIE_KW(flowbits); VIGIE_KW(flowint); VIGIE_KW(stream_size);
// thresholds.cpp
VIGIE_KW(threshold); VIGIE_KW(detection_filter); VIGIE_KW(tag);
// app_layer.cpp
VIGIE_KW(sticky_buffer); VIGIE_KW(pkt_data); VIGIE_KW(legacy_modifier); VIGIE_KW(transform); VIGIE_KW(app_check);
VIGIE_KW(app_layer_protocol); VIGIE_KW(unsupported); VIGIE_KW(absent); VIGIE_KW(uricontent);

#undef VIGIE_KW

}  // namespace vigie::rules::kwfn

namespace vigie::rules {
// content.cpp: checks that need the whole rule (modifier combinations, lengths).
Result<void> finish_contents(RuleBuilder& b);
}  // namespace vigie::rules
