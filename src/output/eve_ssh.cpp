#include "output/eve_ssh.h"

namespace vigie::output {

namespace {

void write_side(JsonLine& j, const char* key, const app::SshBanner& b) {
    if (!b.seen || b.proto_version.empty()) return;
    j.open_object(key);
    j.str("proto_version", b.proto_version);
    if (!b.software_version.empty()) j.str("software_version", b.software_version);
    j.close_object();
}

}  // namespace

void write_ssh_object(JsonLine& j, const app::SshTransaction& tx) {
    j.open_object("ssh");
    write_side(j, "client", tx.client);
    write_side(j, "server", tx.server);
    j.close_object();
}

}  // namespace vigie::output
