#include "app/dns/dns_transaction.h"

namespace vigie::app {

bool DnsTransaction::buffer(BufferId id, uint32_t index, BufferView& out) const {
    if (id != BufferId::DnsQuery || index >= msg_.queries.size()) return false;
    const std::string& name = msg_.queries[index].name.value;
    out.data = reinterpret_cast<const uint8_t*>(name.data());
    out.len = uint32_t(name.size());
    return true;
}

bool DnsTransaction::number(NumberId id, uint64_t& out) const {
    if (id != NumberId::DnsOpcode) return false;
    out = msg_.header.opcode();
    return true;
}

}  // namespace vigie::app
