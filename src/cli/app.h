// Command-line entry: parses arguments and dispatches to subcommands.
#pragma once

namespace vigie::cli {
int main(int argc, char** argv);
}
