// SshTransaction: the two identification banners of an SSH connection
// ("SSH-protoversion-softwareversion comments", RFC 4253 §4.2), as Suricata keeps
// them: one transaction per flow, complete when both sides have switched to
// encryption (SSH_MSG_NEWKEYS) or the flow ends.
#pragma once
#include <string>

#include "app/transaction.h"

namespace vigie::app {

struct SshBanner {
    bool seen = false;
    std::string proto_version;     // "2.0"
    std::string software_version;  // "OpenSSH_8.9p1" (up to the first space)
    std::string comments;          // after the space, if any
};

class SshTransaction final : public Transaction {
public:
    AppProto proto() const override { return AppProto::Ssh; }
    // ssh.proto / ssh.software: the client's banner without a direction.
    bool buffer(BufferId id, uint32_t index, BufferView& out) const override {
        return buffer_dir(id, true, index, out);
    }
    bool buffer_dir(BufferId id, bool to_server, uint32_t index, BufferView& out) const override {
        const SshBanner& b = to_server ? client : server;
        if (index != 0 || !b.seen) return false;
        const std::string* s = id == BufferId::SshProto      ? &b.proto_version
                               : id == BufferId::SshSoftware ? &b.software_version
                                                             : nullptr;
        if (!s) return false;
        out.data = reinterpret_cast<const uint8_t*>(s->data());
        out.len = uint32_t(s->size());
        return true;
    }

    SshBanner client, server;
};

}  // namespace vigie::app
