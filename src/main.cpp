#include "cli/app.h"

int main(int argc, char** argv) { return vigie::cli::main(argc, argv); }
