// Open-file limit; see open_files.hpp.
#include "server/net/open_files.hpp"

#include <sys/resource.h>
#include <cerrno>
#include <cstring>

namespace salotto::net {

OpenFileLimit raise_open_file_limit() {
    OpenFileLimit out;
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        out.error = std::strerror(errno);
        return out;
    }
    out.before = out.now = limit.rlim_cur;
    out.hard = limit.rlim_max;
    if (limit.rlim_cur == limit.rlim_max) return out;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        out.error = std::strerror(errno);
        return out;
    }
    out.now = limit.rlim_cur;
    return out;
}

}  // namespace salotto::net
