// The process's open-file limit (RLIMIT_NOFILE). Every connection is a file
// descriptor, and many systems start processes with a soft limit of 1,024 although
// the hard limit allows far more; the server raises the soft limit to the hard one
// at start, as nginx's worker_rlimit_nofile or Mumble's start-up do.
#pragma once

#include <cstdint>
#include <string>

namespace salotto::net {

struct OpenFileLimit {
    std::uint64_t before = 0;  // soft limit found at start
    std::uint64_t now = 0;     // soft limit after raising it (RLIM_INFINITY: UINT64_MAX)
    std::uint64_t hard = 0;
    std::string error;  // why it could not be read or raised; empty when fine
};

// Raises the soft limit to the hard limit and reports both.
OpenFileLimit raise_open_file_limit();

}  // namespace salotto::net
