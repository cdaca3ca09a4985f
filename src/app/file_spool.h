// FileSpool: where a file's bytes go while it streams, when a later stage may want
// to keep the file (filestore). The app layer only writes; the stage that made the
// spool (output's FileStore) decides once the transaction is logged whether the file
// is kept, so a filestore rule that matches after the body ended still stores all of
// it. Destroying a spool that was not kept discards what it holds.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

namespace vigie::app {

class FileSpool {
public:
    virtual ~FileSpool() = default;
    virtual void write(const uint8_t* data, size_t len) = 0;
};

class FileSpoolFactory {
public:
    virtual ~FileSpoolFactory() = default;
    // A spool for a new file; null when none can be had (a bound reached): the file
    // is then tracked and hashed but cannot be stored. Called from worker threads.
    virtual std::unique_ptr<FileSpool> open_spool() = 0;
};

}  // namespace vigie::app
