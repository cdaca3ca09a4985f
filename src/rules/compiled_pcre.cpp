#include "rules/compiled_pcre.h"

namespace vigie::rules {

CompiledPcre::~CompiledPcre() {
    if (code) pcre2_code_free(code);
}

}  // namespace vigie::rules
