// EVE `ssh` object: {"client": {proto_version, software_version}, "server": {...}},
// a side only when its banner was seen, as Suricata writes it.
#pragma once
#include "app/ssh/ssh_transaction.h"
#include "output/json_line.h"

namespace vigie::output {

// Appends "ssh":{...} to `j`.
void write_ssh_object(JsonLine& j, const app::SshTransaction& tx);

}  // namespace vigie::output
